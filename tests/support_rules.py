"""Conflict-of-interest sets, need builders and finding helpers for the matching, quota, terms and
eligibility tests of clause-by-clause policy rules."""

from __future__ import annotations

import shutil

import openpyxl
from conftest import SAMPLE, read_sheet, run_cli

SET = SAMPLE / "matching"


ARGS = ("--as-of", "2026-11-24")


def _pairs(path):
    return read_sheet(openpyxl.load_workbook(path)["配对结果"], header_row=3)


def _set_cell(path, match_col, match_value, col, value, header_row=1):
    """Write ``value`` into column ``col`` of the row whose ``match_col`` is ``match_value``."""
    wb = openpyxl.load_workbook(path)
    ws = wb.worksheets[0] if "配对结果" not in wb.sheetnames else wb["配对结果"]
    header = [c.value for c in ws[header_row]]
    ci, cj = header.index(match_col) + 1, header.index(col) + 1
    hits = [r for r in range(header_row + 1, ws.max_row + 1) if ws.cell(r, ci).value == match_value]
    assert hits, match_value
    ws.cell(hits[0], cj).value = value
    wb.save(path)


def _conflict_set(tmp_path):
    """The tuning half of the matching set; the enterprise of the first 智能匹配 pair then gets that pair's
    expert as a 股东 (the expert has founded / invested in it)."""
    needs = shutil.copy(SET / "调优_企业需求表.xlsx", tmp_path / "needs.xlsx")
    experts = shutil.copy(SET / "调优_专家意向表.xlsx", tmp_path / "experts.xlsx")
    first = tmp_path / "first.xlsx"
    result = run_cli("match", needs, experts, "--policy", "wenzhou", *ARGS, "-o", first)
    assert result.code == 0, result.stderr
    pair = next(p for p in _pairs(first) if p["匹配方式"] == "智能匹配")
    _set_cell(needs, "企业名称", pair["企业名称"], "股东", f"{pair['专家姓名']}、温州某投资有限公司")
    return needs, experts, first, (pair["企业名称"], pair["专家姓名"])


def _book(path, headers, rows):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(headers)
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path


def _check(policy, *records):
    from test_eligibility import run as check

    check(policy, *records)
    return records


def _hint(record, code):
    return [f for f in record.findings if f.rule_code == code]


def _xx_need(**values):
    import datetime as dt

    from test_eligibility import need, uscc

    base = dict(统一社会信用代码=uscc("410702"), 成立日期=dt.date(2015, 1, 1), 企业资质=["高新技术企业"])
    base.update(values)
    return need(**base)
