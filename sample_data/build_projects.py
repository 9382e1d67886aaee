"""Build the Liaocheng samples for `fuzong projects` and `fuzong terms` (deterministic: same output every run).

    .venv/bin/python sample_data/build_projects.py            # writes into sample_data/
    .venv/bin/python sample_data/build_projects.py --out DIR  # writes into DIR

协同创新项目预算表.xlsx — eight invented projects under 聊城办法 第二十条 and a 合计 row. Expected verdicts with
`fuzong projects 协同创新项目预算表.xlsx --ledger 聘期台账示例.xlsx --history 聘期台账示例.xlsx --policy liaocheng
--as-of 2026-10-15` (answer key, worked out by hand from the clauses):

  row 4  新型阻燃复合材料中试        通过    60 % enterprise, 高校 and 财政 both contribute
  row 5  玉米秸秆生物饲料            不通过  P03: enterprise 490,000 of 1,000,000 = 49 % < 50 %
  row 6  高精度轴承智能检测线        不通过  P04: support (财政资金, 第四条) 1,000,001 > 1,000,000
  row 7  农机关键部件轻量化          不通过  P02: parts 1,100,000 ≠ total 1,200,000
  row 8  功能性益生菌发酵工艺        不通过  P06: lead 郑磊 graded 不合格 for 2025, barred until 2027-12-31 (第十七条)
  row 9  再生纤维高值化利用          待复核  P08: lead 吴建国's term (from 2023-07-01) ended 2025-07-01
  row 10 智能温室环境控制系统        待复核  P07: lead 马晓东 is in neither the ledger nor the history
  row 11 设施蔬菜水肥一体化          通过    exactly 50 % enterprise (450,000 of 900,000)

聘期台账示例.xlsx — sheet 服务台账 (seven Liaocheng 科技副总 with 聘期开始) and sheet 考核结果 (earlier grades, read
by --history). The 考核结果 sheet has no 企业名称 column and the ledger sheet no 等次 column, so each reader
takes only its own sheet.
"""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

HERE = Path(__file__).resolve().parent
FIXED_TIME = dt.datetime(2026, 10, 15, 9, 0, 0)
THIN = Side(style="thin", color="000000")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEAD_FILL = PatternFill("solid", fgColor="D9E1F2")

BUDGET_HEADERS = [
    "序号",
    "项目名称",
    "牵头科技副总",
    "实施企业",
    "企业出资（元）",
    "高校出资（元）",
    "财政资金（元）",
    "项目总额（元）",
]
PROJECTS = [
    ("新型阻燃复合材料中试", "刘明远", "聊城华信新材料有限公司", 600000, 200000, 200000, 1000000),
    ("玉米秸秆生物饲料", "陈雅琴", "聊城金穗农业科技有限公司", 490000, 210000, 300000, 1000000),
    ("高精度轴承智能检测线", "周婧", "临清恒泰轴承有限公司", 1500000, 100000, 1000001, 2600001),
    ("农机关键部件轻量化", "孙浩然", "阳谷凯达机械制造有限公司", 800000, 150000, 150000, 1200000),
    ("功能性益生菌发酵工艺", "郑磊", "高唐宏达生物科技有限公司", 500000, 200000, 300000, 1000000),
    ("再生纤维高值化利用", "吴建国", "冠县鑫源纺织有限公司", 700000, 150000, 150000, 1000000),
    ("智能温室环境控制系统", "马晓东", "莘县丰禾设施农业有限公司", 600000, 100000, 100000, 800000),
    ("设施蔬菜水肥一体化", "王芳", "莘县绿源蔬菜有限公司", 450000, 150000, 300000, 900000),
]
LEDGER_HEADERS = ["姓名", "工作单位", "企业名称", "县（市、区）", "年度", "聘期开始", "总结报告已提交"]
LEDGER = [
    ("刘明远", "聊城大学", "聊城华信新材料有限公司", "东昌府区", 2026, dt.date(2025, 7, 15), "否"),
    ("陈雅琴", "山东农业大学", "聊城金穗农业科技有限公司", "茌平区", 2026, dt.date(2025, 7, 15), "否"),
    ("孙浩然", "聊城大学", "阳谷凯达机械制造有限公司", "阳谷县", 2026, dt.date(2024, 11, 1), "否"),
    ("周婧", "山东师范大学", "临清恒泰轴承有限公司", "临清市", 2026, dt.date(2025, 11, 1), "否"),
    ("吴建国", "齐鲁工业大学", "冠县鑫源纺织有限公司", "冠县", 2025, dt.date(2023, 7, 1), "是"),
    ("郑磊", "聊城大学", "高唐宏达生物科技有限公司", "高唐县", 2026, dt.date(2025, 1, 1), "否"),
    ("王芳", "山东农业大学", "莘县绿源蔬菜有限公司", "莘县", 2026, dt.date(2026, 3, 1), "否"),
]
HISTORY_HEADERS = ["姓名", "工作单位", "县（市、区）", "年度", "等次"]
HISTORY = [
    ("孙浩然", "聊城大学", "阳谷县", 2025, "优秀"),
    ("郑磊", "聊城大学", "高唐县", 2025, "不合格"),
    ("吴建国", "齐鲁工业大学", "冠县", 2024, "合格"),
]


def _fixed(wb: Workbook) -> None:
    wb.properties.creator = "fuzong sample_data"
    wb.properties.created = FIXED_TIME
    wb.properties.modified = FIXED_TIME


def _table(
    ws: Any, first_row: int, headers: list[str], rows: list[tuple], money_from: int | None = None
) -> None:
    for j, h in enumerate(headers, start=1):
        c = ws.cell(row=first_row, column=j, value=h)
        c.font = Font(bold=True)
        c.fill = HEAD_FILL
        c.border = BOX
        c.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        ws.column_dimensions[c.column_letter].width = 16 if j > 1 else 8
    for i, row in enumerate(rows, start=first_row + 1):
        for j, v in enumerate(row, start=1):
            c = ws.cell(row=i, column=j, value=v)
            c.border = BOX
            if isinstance(v, dt.date):
                c.number_format = "yyyy-mm-dd"
            elif money_from and j >= money_from and isinstance(v, int):
                c.number_format = "#,##0"


def build_budgets(out: Path) -> Path:
    wb = Workbook()
    _fixed(wb)
    ws = wb.active
    ws.title = "预算表"
    ws["A1"] = "聊城市“科技副总”协同创新项目预算汇总表（2026年）"
    ws["A1"].font = Font(bold=True, size=14)
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(BUDGET_HEADERS))
    ws["A2"] = "填报单位：聊城市科学技术局　　金额单位：元"
    rows = [(n, *p) for n, p in enumerate(PROJECTS, start=1)]
    totals = tuple(sum(p[k] for p in PROJECTS) for k in range(3, 7))
    rows.append(("合计", "", "", "", *totals))
    _table(ws, 3, BUDGET_HEADERS, rows, money_from=5)
    ws.cell(row=4 + len(rows), column=1, value="注：支持资金为市财政资金（聊城办法 第四条、第二十条），项目资金由高校、财政和企业三方按比例承担。")
    path = out / "协同创新项目预算表.xlsx"
    wb.save(path)
    return path


def build_ledger(out: Path) -> Path:
    wb = Workbook()
    _fixed(wb)
    ws = wb.active
    ws.title = "服务台账"
    ws["A1"] = "聊城市“科技副总”服务台账"
    ws["A1"].font = Font(bold=True, size=14)
    _table(ws, 2, LEDGER_HEADERS, LEDGER)
    hs = wb.create_sheet("考核结果")
    hs["A1"] = "往年绩效考核结果"
    hs["A1"].font = Font(bold=True, size=14)
    _table(hs, 2, HISTORY_HEADERS, HISTORY)
    path = out / "聘期台账示例.xlsx"
    wb.save(path)
    return path


def main() -> None:
    parser = argparse.ArgumentParser(
        description="Build the Liaocheng project and term samples (deterministic)."
    )
    parser.add_argument("--out", type=Path, default=HERE, help="output folder (default: sample_data/)")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    print(build_budgets(args.out))
    print(build_ledger(args.out))


if __name__ == "__main__":
    main()
