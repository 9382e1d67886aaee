"""Liaocheng ledger workbooks (minimum figures, a row builder) for the evaluate, terms and projects tests."""

from __future__ import annotations

import datetime as dt

import openpyxl

# 聊城办法 第七条 minimums exactly: 30 天, 10 次, 1 项, 1 项, 3 次, 10 人. With the default rubric
# 30×0.25 + 10×0.75 + 1×5 + 1×5 + 3×2 + 10×0.5 = 36, plus 企业评价得分 90 × 0.3 = 27 → 63 ≥ 60: 合格.
LC_MIN = {
    "服务天数": 30,
    "技术服务次数": 10,
    "新技术新工艺新产品数": 1,
    "知识产权申请数": 1,
    "培训宣讲次数": 3,
    "培养人才数": 10,
    "企业评价得分": 90,
}


HEADERS = ["姓名", "工作单位", "企业名称", "县（市、区）", "年度", "聘期开始", *LC_MIN]


def ledger_file(path, rows):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["服务台账"])
    ws.append(HEADERS)
    for row in rows:
        ws.append([row.get(h) for h in HEADERS])
    wb.save(path)
    return path


def row(name, year=2025, start=dt.date(2024, 1, 1), **over):
    # a term starting 2024-01-01 has its two-yearly 绩效考核 (第十七条) in 2025
    values = {"姓名": name, "工作单位": "聊城大学", "企业名称": f"{name}公司", "县（市、区）": "东昌府区"}
    values.update({"年度": year, "聘期开始": start, **LC_MIN, **over})
    return values
