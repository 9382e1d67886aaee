"""fuzong quota through the real command: the table by hand (largest remainder, 湖北方案 四(二))."""

from __future__ import annotations

import json

import openpyxl
from conftest import assert_clean_error, run_cli


def need_form(path, counties):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["县（市、区）", "企业名称", "统一社会信用代码", "需求名称"])
    for k, county in enumerate(counties):
        ws.append([county, f"企业{k}", "", "需求"])
    wb.save(path)
    return path


def test_quota_table_by_hand(tmp_path):
    # needs 7 / 5 / 3, 10 places: 4.667 / 3.333 / 2.0 → 4 / 3 / 2 and the last place to 鹿城区 (.667)
    src = need_form(tmp_path / "needs.xlsx", ["鹿城区"] * 7 + ["瑞安市"] * 5 + ["乐清市"] * 3)
    out = tmp_path / "q.xlsx"
    result = run_cli("quota", src, "--total", "10", "--policy", "wenzhou", "-o", out)
    assert result.code == 0, result.stderr
    assert "鹿城区" in result.stdout and "合计" in result.stdout
    ws = openpyxl.load_workbook(out)["名额分配"]
    rows = {r[0]: r for r in ws.iter_rows(min_row=3, values_only=True) if r[0]}
    assert rows["鹿城区"][3] == 5 and rows["瑞安市"][3] == 3 and rows["乐清市"][3] == 2
    assert rows["合计"][3] == 10
    assert "说明" in openpyxl.load_workbook(out).sheetnames


def test_quota_json_and_cap(tmp_path):
    src = need_form(tmp_path / "needs.xlsx", ["鹿城区", "鹿城区", "瑞安市", ""])
    result = run_cli("quota", src, "--total", "9", "-o", tmp_path / "q.xlsx", "--json")
    assert result.code == 0, result.stderr
    payload = json.loads(result.stdout)
    assert payload["places"] == {"鹿城区": 2, "瑞安市": 1}
    assert payload["unallocated"] == 6
    assert "未填县" in result.stderr


def test_quota_bad_input(tmp_path):
    src = need_form(tmp_path / "needs.xlsx", ["鹿城区"])
    assert_clean_error(run_cli("quota", src, "--total", "-1", "-o", tmp_path / "q.xlsx"), "--total")
    empty = need_form(tmp_path / "empty.xlsx", [])
    assert_clean_error(run_cli("quota", empty, "--total", "3", "-o", tmp_path / "q2.xlsx"), "没有读到")
