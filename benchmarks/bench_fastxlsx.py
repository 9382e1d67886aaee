"""fastxlsx vs openpyxl write_only on the same table (standalone; `make bench` runs it through benchmarks/run.py).

    .venv/bin/python benchmarks/bench_fastxlsx.py [--rows 100000] [--variants]

The table: ROWS rows x 22 columns shaped like fuzong's 校验结果 sheet (source file/sheet/row, names, 18-digit
IDs and phones as text, dates, numbers, long text, conclusion), one header row, and one yellow commented cell per
row (100,000 comments for 100,000 rows). Each writer runs in its own fresh interpreter that builds the table and
writes it; the time is the writer alone (table building excluded), the peak RSS is that child's ru_maxrss
(os.wait4). `--variants` also times inline strings and other compression levels.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "benchmarks" / "_work"
GOAL_S = 3.0  # the writer's share of the issue-2 budget for 100k rows

HEADERS = [
    "来源文件",
    "来源工作表",
    "来源行号",
    "姓名",
    "性别",
    "身份证号",
    "出生日期",
    "最高学历",
    "最高学位",
    "职称",
    "工作单位",
    "单位类型",
    "参加工作时间",
    "研究方向",
    "代表性成果",
    "联系电话",
    "服务年限",
    "核心知识产权",
    "近三年不良记录",
    "校验结论",
    "问题说明",
    "优先支持",
]
TEXT = ["姓名", "身份证号", "联系电话", "工作单位", "研究方向", "代表性成果", "最高学历", "职称"]


def table(rows: int) -> list[list]:
    rnd = random.Random(7)
    surn, given = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗郑", "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平"
    units = ["温州大学", "温州医科大学", "温州理工学院", "浙江工贸职业技术学院", "温州市工业科学研究院"]
    fields = ["低压电器、智能断路器", "泵阀水力设计、CFD", "鞋材改性、高分子发泡材料", "眼视光学、近视防控"]
    out = []
    for i in range(rows):
        birth = dt.date(1960 + rnd.randrange(40), 1 + rnd.randrange(12), 1 + rnd.randrange(28))
        out.append(
            [
                "experts_100000.xlsx",
                "Sheet1",
                i + 3,
                rnd.choice(surn) + rnd.choice(given) + rnd.choice(given),
                rnd.choice("男女"),
                f"3303{rnd.randrange(10**13, 10**14)}",
                birth,
                "博士研究生",
                "博士",
                rnd.choice(["教授", "副教授", "讲师"]),
                rnd.choice(units),
                "高校",
                f"{2000 + rnd.randrange(20)}-07",
                rnd.choice(fields),
                f"发明专利{rnd.randrange(1, 9)}项，主持项目{rnd.randrange(1, 5)}项"
                + ("=SUM(A1)" if i % 997 == 0 else ""),
                f"13{rnd.randrange(10**8, 10**9)}",
                rnd.randrange(1, 30),
                rnd.choice(["是", "否"]),
                "否",
                rnd.choice(["通过", "待复核", "不通过"]),
                "[E03] 出生日期与身份证号不一致" if i % 3 else "",
                "",
            ]
        )
    return out


def write_fast(rows: list[list], path: Path, shared: bool, level: int) -> None:
    from fuzong_cli.write.fastxlsx import Book, save_atomic

    book = Book(shared_strings=shared, compresslevel=level)
    sheet = book.add_table("校验结果", HEADERS, rows, text_columns=TEXT)
    for r in range(2, len(rows) + 2):
        sheet.mark(r, 7, "待复核", "[E03] 出生日期与身份证号不一致（温州方案 二(一)3）")
    save_atomic(book, path)


def write_openpyxl(rows: list[list], path: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.comments import Comment
    from openpyxl.styles import Font, PatternFill

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("校验结果")
    ws.freeze_panes = "A2"
    yellow = PatternFill("solid", start_color="FFEB9C", end_color="FFEB9C")
    bold = Font(bold=True)
    header = []
    for h in HEADERS:
        c = WriteOnlyCell(ws, h)
        c.font = bold
        header.append(c)
    ws.append(header)
    text_cols = {HEADERS.index(h) for h in TEXT}
    for row in rows:
        cells = []
        for j, v in enumerate(row):
            c = WriteOnlyCell(ws, v if v != "" else None)
            if j in text_cols:
                c.number_format = "@"
            elif isinstance(v, dt.date):
                c.number_format = "yyyy-mm-dd"
            if j == 6:
                c.fill = yellow
                c.comment = Comment("[E03] 出生日期与身份证号不一致（温州方案 二(一)3）", "fuzong")
            cells.append(c)
        ws.append(cells)
    wb.save(path)


def child(args: argparse.Namespace) -> None:
    sys.path.insert(0, str(ROOT))
    rows = table(args.rows)
    start = time.perf_counter()
    if args.child == "openpyxl":
        write_openpyxl(rows, Path(args.out))
    else:
        write_fast(rows, Path(args.out), shared=args.child != "inline", level=args.level)
    print(f"{time.perf_counter() - start:.3f}")


def run_child(mode: str, rows: int, level: int) -> tuple[float, float, int]:
    out = WORK / f"fastxlsx_{mode}_{level}.xlsx"
    cmd = [
        sys.executable,
        __file__,
        "--child",
        mode,
        "--rows",
        str(rows),
        "--level",
        str(level),
        "--out",
        str(out),
    ]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    text = proc.stdout.read()
    if hasattr(os, "wait4"):
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        rss = usage.ru_maxrss / 1024
    else:  # pragma: no cover
        proc.wait()
        rss = float("nan")
    if proc.returncode:
        raise SystemExit(f"{mode} failed")
    return float(text.strip().splitlines()[-1]), rss, out.stat().st_size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--variants", action="store_true")
    parser.add_argument("--child")
    parser.add_argument("--level", type=int, default=1)
    parser.add_argument("--out")
    args = parser.parse_args()
    if args.child:
        child(args)
        return
    WORK.mkdir(parents=True, exist_ok=True)
    print(f"table: {args.rows:,} rows x {len(HEADERS)} columns, {args.rows:,} yellow commented cells")
    runs = [("fast", 1)]
    if args.variants:
        runs += [("inline", 1), ("fast", 3), ("fast", 6)]
    runs.append(("openpyxl", 1))
    results = {}
    for mode, level in runs:
        seconds, rss, size = run_child(mode, args.rows, level)
        results[(mode, level)] = seconds
        label = (
            "openpyxl write_only"
            if mode == "openpyxl"
            else f"fastxlsx {'shared strings' if mode == 'fast' else 'inline strings'} level {level}"
        )
        print(f"  {label:<40} {seconds:7.2f} s   peak RSS {rss:7.0f} MB   {size / 1e6:6.1f} MB")
    fast, naive = results[("fast", 1)], results[("openpyxl", 1)]
    scaled_goal = GOAL_S * args.rows / 100_000
    verdict = "met" if fast <= scaled_goal else "MISSED"
    print(
        f"fastxlsx / openpyxl write_only = {fast:.2f} / {naive:.2f} s = {fast / naive:.2f}x "
        f"(goal: writer <= {scaled_goal:.1f} s: {verdict})"
    )


if __name__ == "__main__":
    main()
