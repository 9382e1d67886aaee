"""A small matching set (needs, experts, credit codes, ID numbers) and template builders for the match,
quota, publicity and agreements tests."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest
from conftest import run_cli
from stdnum.cn import ric, uscc

ARGS = ("--policy", "wenzhou", "--as-of", "2026-11-24")


NEED_HEADERS = ["县（市、区）", "企业名称", "统一社会信用代码", "所属行业", "需求名称", "需求描述", "所需专业", "意向专家"]  # fmt: skip


EXPERT_HEADERS = [
    "姓名", "性别", "身份证号", "出生年月", "学历", "学位", "职称", "工作单位", "参加工作时间", "研究方向",
]  # fmt: skip


def credit_code(k: int) -> str:
    body = f"91330302{k:09d}"
    return body + uscc.calc_check_digit(body)


def id_number(k: int) -> str:
    body = f"33030219800101{k:03d}"
    return body + ric.calc_check_digit(body + "0")


def book(path, headers, rows):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(headers)
    for row in rows:
        ws.append(row)
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            cell.number_format = "@"
    wb.save(path)
    return path


@pytest.fixture
def small_set(tmp_path):
    """Three eligible enterprises and three eligible experts with clear fields (Wenzhou policy)."""
    needs = book(
        tmp_path / "needs.xlsx",
        NEED_HEADERS,
        [
            [
                "鹿城区",
                "温州甲阀门有限公司",
                credit_code(1),
                "通用设备",
                "阀门密封",
                "阀门泄漏",
                "流体机械",
                "",
            ],
            [
                "鹿城区",
                "温州乙电气有限公司",
                credit_code(2),
                "电气机械",
                "低压电器开关柜",
                "开关柜温升",
                "电气",
                "",
            ],
            ["鹿城区", "温州丙鞋业有限公司", credit_code(3), "皮革制品", "制鞋工艺", "鞋底", "鞋材", ""],
        ],
    )
    experts = book(
        tmp_path / "experts.xlsx",
        EXPERT_HEADERS,
        [
            ["陈明", "男", id_number(1), "1980-01", "研究生", "博士", "教授", "温州大学机电学院", "2005-07", "阀门、流体机械、密封"],
            ["王五", "男", id_number(2), "1980-01", "研究生", "博士", "教授", "温州大学电气学院", "2005-07", "低压电器、开关柜"],
            ["张伟", "男", id_number(3), "1980-01", "研究生", "博士", "教授", "温州大学化材学院", "2005-07", "鞋材、制鞋工艺"],
        ],
    )  # fmt: skip
    return tmp_path, needs, experts


def header_row(ws):
    for r in range(1, 6):
        if ws.cell(r, 1).value == "序号":
            return r
    raise AssertionError("no header")


D = dt.date


def _template(path, *lines):
    import docx

    d = docx.Document()
    for line in lines:
        d.add_paragraph(line)
    d.save(path)
    return path


def _first_round(small_set):
    d, needs, experts = small_set
    first = d / "第一轮.xlsx"
    assert run_cli("match", needs, experts, *ARGS, "-o", first).code == 0
    wb = openpyxl.load_workbook(first)
    ws = wb["配对结果"]
    col = {c.value: c.column for c in ws[3]}
    return d, needs, experts, wb, ws, col
