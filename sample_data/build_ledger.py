"""Build the service-ledger samples for `fuzong evaluate` (deterministic: same workbook every run).

    .venv/bin/python sample_data/build_ledger.py            # writes 服务台账_2026.xlsx and 考核结果_2025.xlsx
    .venv/bin/python sample_data/build_ledger.py --out DIR  # writes into DIR

服务台账_2026.xlsx — two county sheets (鹿城区, 瑞安市) of Wenzhou-style ledger rows for 2026, each under a
merged title row and a 填报单位 row, with a 注 row after the data. Every ledger column is filled, so the same
file works with any policy (`--policy liaocheng` grades it on 第七条's six minimums). Planted problems:
  鹿城区 黄志明   服务天数 85 < 90（温州方案 六(四)）: 不合格 although the score is 95.4
  鹿城区 郑雅婷   解决技术难题数 “若干” is not a number: counts 0, needs review (K01)
  鹿城区 周海峰   技术攻关项目数 −1: counts 0, needs review (K02)
  鹿城区 吴丽娜   企业评价得分 105 above 100: counts 0, needs review (K03) → score 28.4, 不合格
  鹿城区 徐建国   服务天数 60: 不合格
  瑞安市 杨帆     服务天数 89, one day short of 90: 不合格
  瑞安市 陈立群   the same ID as 鹿城区 陈立群 (a second enterprise): both rows K05, subsidy counted once
  瑞安市 叶青     聘期开始 2025-06-01 but absent from 考核结果_2025: unknown to the history (K31, review)
  瑞安市 何伟     score 55 < 60: 不合格
  瑞安市 孙立     企业生活补助 800 元/月 (flagged under --policy liaocheng, 第十一条2)

考核结果_2025.xlsx — the output of `fuzong evaluate` on the 2025 ledger built here (in a temporary folder),
`--policy wenzhou --year 2025 --as-of 2026-01-15`, for `--history` demos: 陈立群, 林晓燕, 李明辉 and 潘晓东 are
in the top ten in 2025 and again in 2026 → listed for D-class recognition (温州方案 五(一)).
"""

from __future__ import annotations

import argparse
import datetime as dt
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

HERE = Path(__file__).resolve().parent
FIXED_TIME = dt.datetime(2027, 1, 10, 9, 0, 0)
THIN = Side(style="thin", color="000000")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEAD_FILL = PatternFill("solid", fgColor="D9E1F2")

HEADERS = [
    "序号",
    "姓名",
    "身份证号",
    "工作单位",
    "企业名称",
    "统一社会信用代码",
    "县（市、区）",
    "年度",
    "聘期开始",
    "服务天数",
    "技术服务次数",
    "新技术新工艺新产品数",
    "知识产权申请数",
    "培训宣讲次数",
    "培养人才数",
    "技术攻关项目数",
    "解决技术难题数",
    "企业评价得分",
    "总结报告已提交",
    "企业生活补助（元/月）",
]
COUNTY_CODE = {"鹿城区": "330302", "瑞安市": "330381"}

# name: (birth yyyymmdd, 2-digit sequence + sex digit, unit) — one ID per person, reused across years
PEOPLE = {
    "陈立群": ("19810312", "121", "温州大学"),
    "林晓燕": ("19860705", "242", "温州医科大学"),
    "王建华": ("19790921", "133", "温州职业技术学院"),
    "黄志明": ("19850214", "151", "中国科学院大学温州研究院"),
    "郑雅婷": ("19900118", "262", "温州大学"),
    "周海峰": ("19830630", "171", "温州理工学院"),
    "吴丽娜": ("19871103", "284", "温州医科大学"),
    "徐建国": ("19760408", "195", "浙江工贸职业技术学院"),
    "潘晓东": ("19840827", "113", "温州大学"),
    "金秀芳": ("19890215", "226", "温州医科大学"),
    "李明辉": ("19820509", "137", "温州大学"),
    "张慧敏": ("19910322", "248", "温州理工学院"),
    "杨帆": ("19880614", "159", "温州职业技术学院"),
    "蔡文博": ("19860119", "171", "中国科学院大学温州研究院"),
    "叶青": ("19920726", "282", "温州医科大学"),
    "孙立": ("19801010", "193", "浙江工贸职业技术学院"),
    "朱红梅": ("19850506", "204", "温州大学"),
    "何伟": ("19770830", "115", "温州理工学院"),
    "赵磊": ("19800101", "137", "温州大学"),
    "钱文": ("19780202", "159", "温州理工学院"),
}
NO_ID = {"郑雅婷", "孙立"}  # IDs not filled in: matched by 姓名 + 工作单位

# enterprise: (county, 9-character organisation code)
ENTERPRISES = {
    "温州瓯江智能装备有限公司": ("鹿城区", "MA2AN1K31"),
    "温州鹿城新材料科技有限公司": ("鹿城区", "MA2AP3L45"),
    "温州江滨生物医药有限公司": ("鹿城区", "MA2AQ5M62"),
    "温州五马电气有限公司": ("鹿城区", "MA2AR7N88"),
    "温州南塘鞋业有限公司": ("鹿城区", "MA2AT9P14"),
    "温州双屿汽配有限公司": ("鹿城区", "MA2AU2Q27"),
    "温州藤桥食品有限公司": ("鹿城区", "MA2AW4R39"),
    "温州仰义阀门有限公司": ("鹿城区", "MA2AX6T51"),
    "温州滨江光电有限公司": ("鹿城区", "MA2AY8U73"),
    "温州蒲鞋市服饰有限公司": ("鹿城区", "MA2B01W96"),
    "温州黎明精密制造有限公司": ("鹿城区", "MA2B13X08"),
    "瑞安市汽摩配件有限公司": ("瑞安市", "MA2CA1K32"),
    "瑞安市塘下机械有限公司": ("瑞安市", "MA2CB3L46"),
    "瑞安市飞云新能源有限公司": ("瑞安市", "MA2CC5M63"),
    "瑞安市安阳包装有限公司": ("瑞安市", "MA2CD7N89"),
    "瑞安市莘塍电子有限公司": ("瑞安市", "MA2CE9P15"),
    "瑞安市仙降鞋材有限公司": ("瑞安市", "MA2CF2Q28"),
    "瑞安市马屿医疗器械有限公司": ("瑞安市", "MA2CG4R31"),
    "瑞安市陶山农业科技有限公司": ("瑞安市", "MA2CH6T52"),
    "瑞安市东山化工有限公司": ("瑞安市", "MA2CJ8U74"),
    "瑞安市锦湖纺织有限公司": ("瑞安市", "MA2CK1W97"),
}

# (name, enterprise, 聘期开始, 服务天数, 技术服务次数, 新技术…, 知识产权, 培训, 培养, 攻关, 难题, 企业评价, 报告, 生活补助)
LEDGER_2026: list[tuple[Any, ...]] = [
    ("陈立群", "温州瓯江智能装备有限公司", dt.date(2025, 3, 1), 120, 18, 2, 3, 5, 16, 3, 4, 95, "否", 1500),
    ("林晓燕", "温州江滨生物医药有限公司", dt.date(2025, 3, 1), 100, 15, 2, 2, 4, 12, 2, 3, 92, "否", 1200),
    ("王建华", "温州五马电气有限公司", dt.date(2025, 3, 1), 95, 12, 1, 1, 3, 10, 2, 2, 88, "否", 1000),
    ("黄志明", "温州鹿城新材料科技有限公司", dt.date(2025, 3, 1), 85, 14, 2, 2, 4, 11, 3, 3, 96, "否", 1500),
    ("郑雅婷", "温州南塘鞋业有限公司", dt.date(2025, 3, 1), 110, 11, 1, 1, 3, 10, 2, "若干", 90, "否", 1000),
    ("周海峰", "温州双屿汽配有限公司", dt.date(2025, 3, 1), 130, 13, 1, 1, 3, 12, -1, 2, 85, "否", 1200),
    ("吴丽娜", "温州藤桥食品有限公司", dt.date(2025, 3, 1), 92, 10, 1, 0, 3, 10, 1, 1, 105, "否", 1000),
    ("徐建国", "温州仰义阀门有限公司", dt.date(2025, 3, 1), 60, 8, 1, 1, 2, 6, 1, 1, 80, "否", 1000),
    ("潘晓东", "温州滨江光电有限公司", dt.date(2025, 3, 1), 100, 16, 2, 1, 4, 15, 3, 3, 90, "否", 2000),
    ("金秀芳", "温州蒲鞋市服饰有限公司", dt.date(2026, 3, 1), 98, 12, 1, 2, 3, 10, 2, 2, 86, "否", 1000),
    ("李明辉", "瑞安市汽摩配件有限公司", dt.date(2025, 3, 1), 140, 20, 3, 2, 6, 20, 3, 3, 97, "否", 2000),
    ("张慧敏", "瑞安市塘下机械有限公司", dt.date(2025, 3, 1), 90, 12, 1, 1, 3, 10, 2, 3, 90, "否", 1000),
    ("杨帆", "瑞安市飞云新能源有限公司", dt.date(2025, 3, 1), 89, 11, 1, 1, 3, 10, 2, 2, 88, "否", 1000),
    ("陈立群", "瑞安市安阳包装有限公司", dt.date(2026, 3, 1), 95, 10, 1, 1, 3, 10, 1, 1, 80, "否", 1000),
    ("蔡文博", "瑞安市莘塍电子有限公司", dt.date(2025, 3, 1), 105, 15, 2, 2, 4, 12, 3, 2, 93, "否", 1500),
    ("叶青", "瑞安市仙降鞋材有限公司", dt.date(2025, 6, 1), 100, 12, 1, 1, 3, 10, 1, 2, 82, "否", 1000),
    ("孙立", "瑞安市马屿医疗器械有限公司", dt.date(2026, 3, 1), 120, 12, 1, 1, 3, 10, 2, 2, 89, "否", 800),
    ("朱红梅", "瑞安市陶山农业科技有限公司", dt.date(2026, 3, 1), 96, 14, 2, 2, 4, 12, 2, 3, 94, "否", 1200),
    ("何伟", "瑞安市东山化工有限公司", dt.date(2025, 3, 1), 110, 10, 1, 0, 3, 10, 0, 1, 75, "否", 1000),
    ("赵磊", "温州黎明精密制造有限公司", dt.date(2024, 3, 1), 100, 12, 1, 1, 3, 10, 2, 2, 88, "是", 1000),
]

LEDGER_2025: list[tuple[Any, ...]] = [
    ("陈立群", "温州瓯江智能装备有限公司", dt.date(2025, 3, 1), 110, 16, 2, 2, 4, 14, 3, 3, 94, "否", 1500),
    ("林晓燕", "温州江滨生物医药有限公司", dt.date(2025, 3, 1), 100, 14, 2, 2, 4, 12, 3, 2, 90, "否", 1200),
    ("王建华", "温州五马电气有限公司", dt.date(2025, 3, 1), 92, 10, 1, 1, 3, 10, 1, 1, 80, "否", 1000),
    ("黄志明", "温州鹿城新材料科技有限公司", dt.date(2025, 3, 1), 100, 12, 1, 1, 3, 10, 2, 2, 90, "否", 1500),
    ("郑雅婷", "温州南塘鞋业有限公司", dt.date(2025, 3, 1), 100, 10, 1, 1, 3, 10, 2, 1, 87, "否", 1000),
    ("周海峰", "温州双屿汽配有限公司", dt.date(2025, 3, 1), 98, 12, 1, 1, 3, 10, 2, 2, 88, "否", 1200),
    ("吴丽娜", "温州藤桥食品有限公司", dt.date(2025, 3, 1), 93, 10, 1, 1, 3, 10, 1, 1, 82, "否", 1000),
    ("徐建国", "温州仰义阀门有限公司", dt.date(2025, 3, 1), 95, 10, 1, 1, 3, 10, 1, 1, 80, "否", 1000),
    ("潘晓东", "温州滨江光电有限公司", dt.date(2025, 3, 1), 100, 14, 2, 2, 4, 12, 2, 2, 88, "否", 2000),
    ("赵磊", "温州黎明精密制造有限公司", dt.date(2024, 3, 1), 100, 14, 2, 2, 4, 12, 2, 2, 92, "否", 1000),
    ("李明辉", "瑞安市汽摩配件有限公司", dt.date(2025, 3, 1), 120, 18, 2, 1, 5, 16, 3, 3, 95, "否", 2000),
    ("张慧敏", "瑞安市塘下机械有限公司", dt.date(2025, 3, 1), 91, 10, 1, 1, 3, 10, 1, 1, 78, "否", 1000),
    ("杨帆", "瑞安市飞云新能源有限公司", dt.date(2025, 3, 1), 100, 10, 1, 1, 3, 10, 1, 1, 84, "否", 1000),
    ("蔡文博", "瑞安市莘塍电子有限公司", dt.date(2025, 3, 1), 90, 10, 1, 0, 3, 10, 1, 1, 80, "否", 1500),
    ("何伟", "瑞安市东山化工有限公司", dt.date(2025, 3, 1), 80, 10, 1, 1, 3, 10, 1, 1, 80, "否", 1000),
    ("钱文", "瑞安市锦湖纺织有限公司", dt.date(2024, 3, 1), 70, 8, 0, 0, 2, 5, 1, 0, 70, "是", 1000),
]


def id_number(name: str) -> str:
    from fuzong_cli.read.values import id_check_char

    birth, seq, unit = PEOPLE[name]
    county = "330302" if unit != "浙江工贸职业技术学院" else "330381"
    first17 = county + birth + seq
    return first17 + id_check_char(first17)


def credit_code(enterprise: str) -> str:
    from fuzong_cli.read.values import uscc_check_char

    county, org = ENTERPRISES[enterprise]
    first17 = "91" + COUNTY_CODE[county] + org
    return first17 + uscc_check_char(first17)


def _fixed(wb: Workbook) -> None:
    wb.properties.creator = "fuzong sample_data"
    wb.properties.created = FIXED_TIME
    wb.properties.modified = FIXED_TIME


def _sheet(wb: Workbook, county: str, year: int, rows: list[tuple[Any, ...]]) -> None:
    ws = wb.create_sheet(county)
    ws.cell(row=1, column=1, value=f"{county}科技副总服务台账（{year}年度）").font = Font(bold=True, size=14)
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(HEADERS))
    ws.cell(row=1, column=1).alignment = Alignment(horizontal="center")
    ws.cell(row=2, column=1, value=f"填报单位：{county}科技局　　填报日期：{year + 1}年1月10日")
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=len(HEADERS))
    for j, name in enumerate(HEADERS, start=1):
        cell = ws.cell(row=3, column=j, value=name)
        cell.font = Font(bold=True)
        cell.fill = HEAD_FILL
        cell.border = BOX
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    r = 3
    for i, row in enumerate(rows, start=1):
        r = 3 + i
        name, enterprise, start, *numbers = row
        values = [
            i,
            name,
            "" if name in NO_ID else id_number(name),
            PEOPLE[name][2],
            enterprise,
            credit_code(enterprise),
            county,
            year,
            start,
            *numbers,
        ]
        for j, value in enumerate(values, start=1):
            cell = ws.cell(row=r, column=j, value=value if value != "" else None)
            cell.border = BOX
            if HEADERS[j - 1] in ("身份证号", "统一社会信用代码"):
                cell.number_format = "@"
            elif isinstance(value, dt.date):
                cell.number_format = "yyyy-mm-dd"
    ws.cell(row=r + 2, column=1, value="注：服务天数以企业考勤和服务记录为准；企业评价得分为百分制。")
    widths = {
        "姓名": 8,
        "身份证号": 21,
        "工作单位": 22,
        "企业名称": 28,
        "统一社会信用代码": 21,
        "聘期开始": 12,
    }
    from openpyxl.utils import get_column_letter

    for j, name in enumerate(HEADERS, start=1):
        ws.column_dimensions[get_column_letter(j)].width = widths.get(name, 10)
    ws.freeze_panes = "C4"


def build_ledger(path: Path, year: int, rows: list[tuple[Any, ...]]) -> Path:
    wb = Workbook()
    wb.remove(wb.active)
    for county in COUNTY_CODE:
        _sheet(wb, county, year, [r for r in rows if ENTERPRISES[r[1]][0] == county])
    _fixed(wb)
    wb.save(path)
    return path


def build_history(out: Path) -> Path:
    """考核结果_2025.xlsx: run `fuzong evaluate` on the 2025 ledger (exit 1 is expected: some rows fail)."""
    target = out / "考核结果_2025.xlsx"
    with tempfile.TemporaryDirectory() as tmp:
        ledger = build_ledger(Path(tmp) / "服务台账_2025.xlsx", 2025, LEDGER_2025)
        args = [
            sys.executable,
            "-m",
            "fuzong_cli",
            "evaluate",
            str(ledger),
            "--policy",
            "wenzhou",
            "--year",
            "2025",
            "--as-of",
            "2026-01-15",
            "-o",
            str(target),
            "--force",
            "--quiet",
        ]
        done = subprocess.run(args, capture_output=True, text=True, check=False)
        if done.returncode not in (0, 1):
            raise SystemExit(f"fuzong evaluate failed ({done.returncode}): {done.stderr}")
    return target


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=HERE)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    print(build_ledger(args.out / "服务台账_2026.xlsx", 2026, LEDGER_2026))
    print(build_history(args.out))


if __name__ == "__main__":
    main()
