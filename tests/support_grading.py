"""Ledger records and per-city figures (Wenzhou, Xinxiang, Liaocheng) for the grading and money tests."""

from __future__ import annotations

import copy

import openpyxl

from fuzong_cli.records import Record

_row = iter(range(2, 10_000))


def ledger(**values) -> Record:
    raw = {k: ("" if v is None else str(v)) for k, v in values.items()}
    for k, v in list(values.items()):
        if isinstance(v, str) and k not in ("姓名", "工作单位", "企业名称", "县（市、区）", "身份证号"):
            values[k] = None  # the reader keeps a non-number as text in raw only
    values.setdefault("年度", 2025)
    return Record("ledger", values, raw, "台账.xlsx", "Sheet1", next(_row))


def term_rows(base: dict, figures: dict[int, dict]) -> list[Record]:
    """One ledger row per 年度 of the same person."""
    out = []
    for year, fig in figures.items():
        out.append(ledger(**copy.deepcopy(base), **{"年度": year, **fig}))
    return out


WZ = {"技术攻关项目数": 3, "解决技术难题数": 3, "知识产权申请数": 2, "企业评价得分": 90}


XX = {"解决技术难题数": 4, "技术攻关项目数": 3, "新技术新工艺新产品数": 2, "企业评价得分": 90}


LC_YEAR = {
    "技术服务次数": 10,
    "新技术新工艺新产品数": 1,
    "知识产权申请数": 1,
    "培训宣讲次数": 3,
    "培养人才数": 10,
}


def _ledger_book(path, rows):
    headers = ["姓名", "身份证号", "工作单位", "企业名称", "年度", "聘期开始", "服务天数", "技术服务次数"]
    headers += ["新技术新工艺新产品数", "知识产权申请数", "培训宣讲次数", "培养人才数", "企业评价得分"]
    wb = openpyxl.Workbook()
    wb.active.append(headers)
    for r in rows:
        wb.active.append([r.get(h) for h in headers])
    wb.save(path)
    return path
