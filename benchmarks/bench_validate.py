"""Issue-2 benchmarks for `fuzong validate` (standalone; `make bench` runs it through benchmarks/run.py).

    .venv/bin/python benchmarks/bench_validate.py [--rows 100000] [--regenerate]

Generates into benchmarks/_work/ (git-ignored, reused between runs):
  experts_100000.xlsx  an expert form (title row + header row, 18 columns) written with openpyxl write_only,
                       about 4% of rows meant to fail or need review;
  needs_300.xlsx       a county need form (title, 填报单位 row, header row).
Then measures, in one run:
  (a) `fuzong validate` end to end on the big form vs. the naive pipeline (pandas.read_excel with openpyxl,
      then DataFrame.to_excel with openpyxl, in its own interpreter) as a ratio, and the peak RSS of the
      fuzong process (os.wait4 rusage of that child; "n/a" where the OS has no wait4);
  (b) the 300-row form validated, wall time including start-up (median of 3);
  (c) `fuzong --help` wall time (median of 5).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "benchmarks" / "_work"
AS_OF = "2026-11-24"
GEN_VERSION = "1"  # bump when the generated forms change, so cached files are rebuilt

sys.path.insert(0, str(ROOT / "sample_data"))
from build_samples import Maker, wrong_check  # shared check-digit code

GOALS = {"ratio": 0.35, "rss_mb": 1024.0, "small_s": 2.0, "help_s": 0.5}

NAIVE = """
import sys
import pandas as pd
df = pd.read_excel(sys.argv[1], engine="openpyxl", header=1, dtype=str)
df.to_excel(sys.argv[2], engine="openpyxl", index=False)
"""

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余叶程苏吕魏丁沈任姚卢金"
)
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建国志远海燕晓东文博立新雅琴晨雨鹏"
REGIONS = ["330302", "330303", "330304", "330381", "330382", "330324", "330326", "330106", "420106", "370102"]
UNITS = [
    ("温州大学", "高校"),
    ("温州医科大学", "高校"),
    ("温州理工学院", "高校"),
    ("浙江工贸职业技术学院", "职业院校"),
    ("温州职业技术学院", "职业院校"),
    ("温州市工业科学研究院", "科研院所"),
    ("浙江大学温州研究院", "新型研发机构"),
    ("中国科学院大学温州研究院", "新型研发机构"),
]
PROFILES = [  # (学历, 学位, 职称)
    ("博士研究生", "博士", "教授"),
    ("博士研究生", "博士", "副教授"),
    ("博士研究生", "博士", "讲师"),
    ("硕士研究生", "硕士", "讲师"),
    ("硕士研究生", "硕士", "高级工程师"),
    ("博士研究生", "博士", "研究员"),
    ("博士研究生", "博士", "副研究员"),
    ("博士研究生", "博士", "助理研究员"),
    ("大学本科", "学士", "副教授"),
    ("博士研究生", "博士", "主任医师"),
    ("硕士研究生", "硕士", "副主任医师"),
]
FIELDS = [
    "低压电器、智能断路器、电力电子",
    "泵阀水力设计、流体机械、CFD",
    "鞋材改性、高分子发泡材料",
    "眼视光学、近视防控、镜片设计",
    "汽车零部件轻量化、制动系统",
    "软件工程、工业互联网、MES",
    "生物可降解材料、包装新材料",
    "药物制剂、中药提取纯化",
    "机器视觉、缺陷检测、人工智能",
    "汽车电子、嵌入式系统",
    "皮革化学、无铬鞣制",
    "医疗器械、康复工程",
]
HEADERS = [
    "序号",
    "姓名",
    "性别",
    "身份证号",
    "出生年月",
    "最高学历",
    "最高学位",
    "专业技术职称",
    "派出单位",
    "单位性质",
    "参加工作时间",
    "研究方向",
    "主要成果",
    "发明专利数",
    "是否拥有核心知识产权",
    "近三年不良记录",
    "意向企业",
    "手机",
]


def _expert_rows(n: int):
    mk = Maker(seed=7)
    rng = random.Random(11)
    for i in range(1, n + 1):
        male = rng.random() < 0.6
        birth = dt.date(rng.randint(1962, 1996), rng.randint(1, 12), rng.randint(1, 28))
        edu, degree, title = rng.choice(PROFILES)
        unit, unit_type = rng.choice(UNITS)
        kind = rng.random()
        id_value: object = mk.id_number(rng.choice(REGIONS), birth, male, digits_only=kind < 0.005)
        born = f"{birth:%Y.%m}"
        if kind < 0.005:
            id_value = float(id_value)  # stored as a number: last digits lost
        elif kind < 0.015:
            id_value = wrong_check(str(id_value))
        elif kind < 0.025:
            born = f"{birth:%y.%m}"  # two-digit year
        elif kind < 0.045:
            edu, degree, title = "大学本科", "学士", "讲师"
        work_year = min(birth.year + rng.randint(22, 30), 2025)
        yield [
            i,
            rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.randint(1, 2))),
            "男" if male else "女",
            id_value,
            born,
            edu,
            degree,
            title,
            unit,
            unit_type,
            f"{work_year}.{rng.randint(1, 12):02d}",
            rng.choice(FIELDS),
            "成果转化1项，授权发明专利若干",
            f"{rng.randint(0, 15)}项",
            rng.choice(("是", "否", "否")),
            "否",
            "",
            mk.phone(),
        ]


def make_expert_form(path: Path, n: int) -> None:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("专家意向表")
    ws.append(["科技副总专家意向汇总表（基准测试）"])
    ws.append(HEADERS)
    for row in _expert_rows(n):
        ws.append(row)
    tmp = path.with_suffix(".tmp.xlsx")
    wb.save(tmp)
    tmp.replace(path)


def make_need_form(path: Path, n: int) -> None:
    from openpyxl import Workbook

    mk = Maker(seed=13)
    rng = random.Random(17)
    counties = [
        ("鹿城区", "330302"),
        ("龙湾区", "330303"),
        ("瓯海区", "330304"),
        ("瑞安市", "330381"),
        ("乐清市", "330382"),
        ("永嘉县", "330324"),
        ("平阳县", "330326"),
    ]
    needs = [
        ("鞋革", "轻量耐磨鞋底材料", "高分子材料"),
        ("泵阀", "离心泵水力模型优化", "流体机械"),
        ("电气", "智能断路器故障电弧检测", "电气工程"),
        ("眼视光", "离焦近视防控镜片", "光学工程"),
        ("汽摩配", "制动卡钳轻量化", "机械工程"),
        ("软件", "工业互联网平台", "软件工程"),
        ("新材料", "可降解包装膜", "材料科学"),
        ("生物医药", "中药提取纯化", "药学"),
    ]
    wb = Workbook()
    ws = wb.active
    ws.title = "企业需求表"
    ws.append(["温州市科技副总企业需求汇总表（基准测试）"])
    ws.append(["填报单位：市科技局    填报日期：2026年10月15日"])
    ws.append(
        [
            "序号",
            "县（市、区）",
            "企业名称*",
            "统一社会\n信用代码*",
            "成立日期",
            "企业规模",
            "企业类型",
            "行业领域",
            "技术难题",
            "技术需求",
            "专业要求",
            "意向人选",
            "纳税信用等级",
            "是否失信",
            "主要股东",
            "联系人",
            "联系电话",
        ]
    )
    for i in range(1, n + 1):
        county, division = rng.choice(counties)
        industry, title, major = rng.choice(needs)
        code = mk.uscc(division)
        kind = rng.random()
        if kind < 0.03:
            code = wrong_check(code)
        elif kind < 0.05:
            code = mk.uscc("330106")
        ws.append(
            [
                i,
                county,
                f"温州{county[:2]}{industry}科技有限公司{i:03d}",
                code,
                dt.date(rng.randint(2000, 2024), rng.randint(1, 12), rng.randint(1, 28)),
                rng.choice("中小微"),
                rng.choice(("高新技术企业、科技型中小企业", "科技型中小企业", "")),
                industry,
                title,
                f"{title}相关技术攻关，需要{major}方向专家",
                major,
                "",
                rng.choice("AAB" if kind > 0.07 else "D"),
                "是" if 0.05 <= kind < 0.06 else "否",
                "某某控股有限公司",
                "张三",
                mk.phone(),
            ]
        )
        ws.cell(ws.max_row, 4).number_format = "@"
    wb.save(path)


def fuzong_cmd() -> list[str]:
    exe = Path(sys.executable).parent / ("fuzong.exe" if os.name == "nt" else "fuzong")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "fuzong_cli"]


def run_measured(cmd: list[str], log: Path) -> tuple[float, int, float | None]:
    """Wall seconds, exit code, peak RSS in MB of exactly this child (None where the OS cannot tell)."""
    with open(log, "wb") as out:
        started = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, cwd=WORK)
        if hasattr(os, "wait4"):
            _pid, status, usage = os.wait4(proc.pid, 0)
            elapsed = time.perf_counter() - started
            proc.returncode = os.waitstatus_to_exitcode(status)
            scale = (
                1 / (1024 * 1024) if sys.platform == "darwin" else 1 / 1024
            )  # bytes on macOS, KiB elsewhere
            return elapsed, proc.returncode, usage.ru_maxrss * scale
        code = proc.wait()
        return time.perf_counter() - started, code, None


def tail(path: Path, lines: int = 5) -> str:
    return "\n".join(path.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])


def count_rows(path: Path, sheet: str) -> int | None:
    try:
        from python_calamine import CalamineWorkbook

        return len(
            CalamineWorkbook.from_path(str(path)).get_sheet_by_name(sheet).to_python(skip_empty_area=False)
        )
    except Exception:  # noqa: BLE001 - a sanity figure only
        return None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000, help="rows in the big expert form")
    parser.add_argument("--regenerate", action="store_true", help="rebuild the generated forms")
    parser.add_argument("--skip-naive", action="store_true", help="do not run the naive pipeline")
    args = parser.parse_args()
    WORK.mkdir(parents=True, exist_ok=True)

    big = WORK / f"experts_{args.rows}.xlsx"
    small = WORK / "needs_300.xlsx"
    stamp = WORK / f"generated_{args.rows}.v{GEN_VERSION}"
    if args.regenerate or not (big.exists() and small.exists() and stamp.exists()):
        t = time.perf_counter()
        make_expert_form(big, args.rows)
        make_need_form(small, 300)
        stamp.write_text("ok", encoding="utf-8")
        print(
            f"generated {big.name} ({big.stat().st_size / 1e6:.1f} MB) and {small.name} "
            f"in {time.perf_counter() - t:.1f} s",
            flush=True,
        )

    fz = fuzong_cmd()
    results: list[tuple[str, str, str, str]] = []

    # (a) big form: fuzong vs naive
    out_big = WORK / "out_big.xlsx"
    out_big.unlink(missing_ok=True)
    print(f"fuzong validate on {args.rows:,} rows …", flush=True)
    fz_s, fz_code, fz_rss = run_measured(
        [*fz, "validate", str(big), "--policy", "wenzhou", "--as-of", AS_OF, "-o", str(out_big)],
        WORK / "fuzong_big.log",
    )
    if fz_code not in (0, 1):
        print(f"fuzong validate exited {fz_code}:\n{tail(WORK / 'fuzong_big.log')}")
    else:
        rows = count_rows(out_big, "校验结果")
        print(
            f"  {fz_s:.1f} s, exit {fz_code}, peak RSS {fz_rss or 0:.0f} MB, 校验结果 rows read back: {rows}"
        )
    naive_s = None
    if not args.skip_naive:
        out_naive = WORK / "out_naive.xlsx"
        print("naive pipeline (pandas.read_excel + to_excel, openpyxl) …", flush=True)
        naive_s, naive_code, naive_rss = run_measured(
            [sys.executable, "-c", NAIVE, str(big), str(out_naive)], WORK / "naive.log"
        )
        if naive_code != 0:
            print(f"naive pipeline exited {naive_code}:\n{tail(WORK / 'naive.log')}")
            naive_s = None
        else:
            print(f"  {naive_s:.1f} s, peak RSS {naive_rss or 0:.0f} MB")
    ok_big = fz_code in (0, 1)
    if ok_big and naive_s:
        ratio = fz_s / naive_s
        results.append(
            (
                f"validate {args.rows:,} rows / naive",
                f"{fz_s:.1f} s / {naive_s:.1f} s = {ratio:.2f}×",
                f"≤ {GOALS['ratio']}×",
                verdict(ratio <= GOALS["ratio"]),
            )
        )
    else:
        results.append(
            (f"validate {args.rows:,} rows / naive", "n/a", f"≤ {GOALS['ratio']}×", "not measured")
        )
    results.append(
        (
            "peak RSS of fuzong",
            f"{fz_rss:.0f} MB" if ok_big and fz_rss else "n/a",
            f"≤ {GOALS['rss_mb']:.0f} MB",
            verdict(fz_rss <= GOALS["rss_mb"]) if ok_big and fz_rss else "—",
        )
    )

    # (b) 300-row form, wall including start-up
    times, code = [], None
    for k in range(3):
        out_small = WORK / "out_small.xlsx"
        out_small.unlink(missing_ok=True)
        s, code, _ = run_measured(
            [*fz, "validate", str(small), "--policy", "wenzhou", "--as-of", AS_OF, "-o", str(out_small)],
            WORK / "fuzong_small.log",
        )
        if code not in (0, 1):
            print(f"fuzong validate (300 rows) exited {code}:\n{tail(WORK / 'fuzong_small.log')}")
            break
        times.append(s)
    if times:
        med = statistics.median(times)
        results.append(
            (
                "validate 300-row form (wall)",
                f"{med:.2f} s",
                f"≤ {GOALS['small_s']} s",
                verdict(med <= GOALS["small_s"]),
            )
        )
    else:
        results.append(("validate 300-row form (wall)", "n/a", f"≤ {GOALS['small_s']} s", "not measured"))

    # (c) fuzong --help
    helps = []
    for _ in range(5):
        s, code, _ = run_measured([*fz, "--help"], WORK / "help.log")
        helps.append(s)
    med = statistics.median(helps)
    results.append(
        (
            "fuzong --help (median of 5)",
            f"{med:.2f} s",
            f"≤ {GOALS['help_s']} s",
            verdict(med <= GOALS["help_s"] and code == 0),
        )
    )

    print()
    widths = [max(len(r[i]) for r in results + [("measure", "result", "goal", "")]) for i in range(4)]
    print("  ".join(h.ljust(w) for h, w in zip(("measure", "result", "goal", ""), widths)))
    for row in results:
        print("  ".join(c.ljust(w) for c, w in zip(row, widths)))
    return 0


def verdict(ok: bool) -> str:
    return "met" if ok else "MISSED"


if __name__ == "__main__":
    sys.exit(main())
