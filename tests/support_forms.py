"""Builders of messy county forms (merged and hidden sheets, two kinds in one book, the policy matrix of
hand-derived expert and need rows) shared by the reader, eligibility, policy and validate tests."""

from __future__ import annotations

import sys

import openpyxl
import pytest

from fuzong_cli.read.values import id_check_char, uscc_check_char

USCC = "91330381MA2L0E1X4" + uscc_check_char("91330381MA2L0E1X4")


ID1 = "33030219850312123" + id_check_char("33030219850312123")


FUZONG = [sys.executable, "-m", "fuzong_cli"]


def _book(path, rows, merges=(), hidden=()):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "需求"
    for r, row in enumerate(rows, 1):
        for c, value in enumerate(row, 1):
            if value is not None:
                ws.cell(r, c, value)
    for rng in merges:
        ws.merge_cells(rng)
    for name, sheet_rows in hidden:
        extra = wb.create_sheet(name)
        for row in sheet_rows:
            extra.append(row)
        extra.sheet_state = "hidden"
    wb.save(path)
    return path


def _two_kind_book(path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "企业需求"
    ws.append(["企业名称", "统一社会信用代码", "意向专家"])
    ws.append(["甲公司", USCC, "何伟"])
    experts = wb.create_sheet("专家意向")
    experts.append(["姓名", "身份证号", "职称", "工作单位"])
    experts.append(["何伟", ID1, "教授", "温州大学"])
    contacts = wb.create_sheet("联系人名单")  # looks a little like an expert form, but has no 职称
    contacts.append(["姓名", "工作单位", "联系电话"])
    contacts.append(["王芳", "瑞安市科技局", "13800000000"])
    wb.save(path)
    return path


# Rows derived by hand from the clauses (as of 2026-03-01); expected (conclusion, rule codes other than 提示).
_EXPERT_ROWS = {  # 姓名: (出生, 学历, 职称, 单位类型, 参加工作, 代表性成果, 核心知识产权, 近三年不良记录)
    "A": ("19850312", "硕士", "讲师", "高校", "2010.07", "", "否", "否"),  # 40, master, lecturer
    "B": ("19740101", "本科", "副教授", "高校", "2000-07", "专利3项", "否", "否"),  # 52, associate prof
    "C": ("19900101", "博士", "助理研究员", "高校", "2025-01", "论文", "否", "否"),  # 1 year at work
    "D": ("19800101", "博士", "副研究员", "新型研发机构", "2005-01", "成果", "否", "否"),  # 46
    "E": ("19800201", "博士", "教授", "高校", "2005-01", "成果", "否", "是"),  # bad record, 46
    "G": ("19800401", "本科", "讲师", "高校", "2005-01", "成果", "是", "否"),  # core IP, 45
}


_EXPECTED_EXPERTS = {
    "generic": {
        "A": ("通过", set()),
        "B": ("通过", set()),
        "C": ("通过", set()),
        "D": ("待复核", {"E06"}),
        "E": ("通过", set()),
        "G": ("待复核", {"E01"}),
    },
    "wenzhou": {
        "A": ("通过", set()),
        "B": ("通过", set()),
        "C": ("不通过", {"E05"}),
        "D": ("待复核", {"E06"}),
        "E": ("通过", set()),
        "G": ("待复核", {"E01"}),
    },
    "xinxiang": {
        "A": ("通过", set()),
        "B": ("不通过", {"E03"}),
        "C": ("通过", set()),
        "D": ("待复核", {"E06"}),
        "E": ("不通过", {"E07"}),
        "G": ("待复核", {"E01"}),
    },
    "liaocheng": {
        "A": ("不通过", {"E01"}),
        "B": ("通过", set()),
        "C": ("不通过", {"E05"}),
        "D": ("不通过", {"E06"}),
        "E": ("不通过", {"E07"}),
        "G": ("不通过", {"E01"}),
    },
    "hubei": {
        "A": ("不通过", {"E01"}),
        "B": ("不通过", {"E03"}),
        "C": ("不通过", {"E01"}),
        "D": ("不通过", {"E03", "E06"}),
        "E": ("不通过", {"E03", "E07"}),
        "G": ("不通过", {"E01"}),
    },
}


_NEED_ROWS = {  # 企业名称: (信用代码前17位, 成立日期, 规模, 资质, 纳税信用, 失信, 研发占比)
    "N1": ("91330302MA2L0E1X4", "2015-01-01", "小", "高新技术企业", "A", "否", "5"),
    "N2": ("91410702MA2L0E1X4", "2015-01-01", "小", "", "A", "否", "5"),
    "N3": ("91371502MA2L0E1X4", "2025-06-01", "小", "高新技术企业", "A", "否", "5"),
    "N4": ("91420102MA2L0E1X4", "2015-01-01", "大", "高新技术企业", "A", "否", "5"),
    "N5": ("91330302MA2L0E1X5", "2015-01-01", "小", "高新技术企业", "C", "否", "5"),
    "N7": ("91371502MA2L0E1X5", "2015-01-01", "小", "高新技术企业", "A", "否", "2"),
}


_EXPECTED_NEEDS = {
    "generic": {n: ("通过", set()) for n in _NEED_ROWS},
    "wenzhou": {
        "N1": ("通过", set()),
        "N2": ("不通过", {"Q01"}),
        "N3": ("不通过", {"Q01"}),
        "N4": ("不通过", {"Q01"}),
        "N5": ("不通过", {"Q06"}),
        "N7": ("不通过", {"Q01"}),
    },
    "xinxiang": {
        "N1": ("不通过", {"Q01"}),
        "N2": ("不通过", {"Q03"}),
        "N3": ("不通过", {"Q01"}),
        "N4": ("不通过", {"Q01"}),
        "N5": ("不通过", {"Q01", "Q06"}),
        "N7": ("不通过", {"Q01"}),
    },
    "liaocheng": {
        "N1": ("不通过", {"Q01"}),
        "N2": ("不通过", {"Q01"}),
        "N3": ("不通过", {"Q04"}),
        "N4": ("不通过", {"Q01"}),
        "N5": ("不通过", {"Q01", "Q06"}),
        "N7": ("待复核", {"Q05"}),
    },
    "hubei": {
        "N1": ("不通过", {"Q01"}),
        "N2": ("不通过", {"Q01"}),
        "N3": ("不通过", {"Q01"}),
        "N4": ("不通过", {"Q02"}),
        "N5": ("不通过", {"Q01"}),
        "N7": ("不通过", {"Q01"}),
    },
}


@pytest.fixture(scope="module")
def policy_matrix_forms(tmp_path_factory):
    folder = tmp_path_factory.mktemp("matrix")
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(
        ["姓名", "身份证号", "学历", "职称", "工作单位", "单位类型", "参加工作时间"]
        + ["代表性成果", "核心知识产权", "近三年不良记录"]
    )
    for i, (name, (birth, degree, title, unit_type, start, results, ip, bad)) in enumerate(
        _EXPERT_ROWS.items()
    ):
        first17 = f"330302{birth}{i:02d}1"
        ws.append(
            [name, first17 + id_check_char(first17), degree, title, "温州大学", unit_type, start]
            + [results, ip, bad]
        )
    wb.save(folder / "专家.xlsx")
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(
        ["企业名称", "统一社会信用代码", "成立日期", "企业规模", "企业资质", "纳税信用等级"]
        + ["近三年失信记录", "研发投入占比"]
    )
    for name, (code17, founded, size, quals, tax, dishonest, rd) in _NEED_ROWS.items():
        ws.append([name, code17 + uscc_check_char(code17), founded, size, quals, tax, dishonest, rd])
    wb.save(folder / "需求.xlsx")
    return folder


def _rewrite_sheet(src, dst, change):
    import zipfile

    with zipfile.ZipFile(src) as z, zipfile.ZipFile(dst, "w") as out:
        for name in z.namelist():
            data = z.read(name)
            if name == "xl/worksheets/sheet1.xml":
                data = change(data.decode("utf-8")).encode("utf-8")
            out.writestr(name, data)
    return dst
