"""A Wenzhou need form with one 近三年失信记录 wording per row, and its Q06 findings, for the validate tests."""

from __future__ import annotations

import openpyxl
from test_reader import valid_uscc


def _needs(path, values, county="鹿城区", name="温州示例{k}科技有限公司", code="91330302MA2A1B{k:03d}"):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(
        [
            "县（市、区）",
            "企业名称",
            "统一社会信用代码",
            "成立日期",
            "企业规模",
            "纳税信用等级",
            "近三年失信记录",
        ]
    )
    for k, value in enumerate(values):
        ws.append([county, name.format(k=k), valid_uscc(code.format(k=k)), "2015-01-01", "小", "A", value])
    wb.save(path)
    return path


def _q06(out):
    ws = openpyxl.load_workbook(out)["校验结果"]
    headers = [c.value for c in ws[1]]
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    problems = [str(r[headers.index("问题说明")] or "") for r in rows]
    return [r[headers.index("校验结论")] for r in rows], problems
