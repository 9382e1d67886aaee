"""fuzong quota through the real command: the table by hand (largest remainder, 湖北方案 四(二))."""

from __future__ import annotations

import json

import openpyxl
from conftest import assert_clean_error, marker_of, read_sheet, run_cli
from support_rules import _book


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
    rows = {r["县（市、区）"]: r for r in read_sheet(out, "名额分配", header_row=2)}
    assert (
        rows["鹿城区"]["分配名额"] == 5
        and rows["瑞安市"]["分配名额"] == 3
        and rows["乐清市"]["分配名额"] == 2
    )
    assert rows["合计"]["分配名额"] == 10
    assert "说明" in openpyxl.load_workbook(out).sheetnames


def test_quota_json_and_cap(tmp_path):
    src = need_form(tmp_path / "needs.xlsx", ["鹿城区", "鹿城区", "瑞安市", ""])
    result = run_cli("quota", src, "--total", "9", "-o", tmp_path / "q.xlsx", "--json")
    assert result.code == 0, result.stderr
    payload = json.loads(result.stdout)
    assert payload["details"]["places"] == {"鹿城区": 2, "瑞安市": 1}
    assert payload["counts"]["unallocated"] == 6
    assert "未填县" in result.stderr


def test_quota_bad_input(tmp_path):
    src = need_form(tmp_path / "needs.xlsx", ["鹿城区"])
    assert_clean_error(run_cli("quota", src, "--total", "-1", "-o", tmp_path / "q.xlsx"), "--total")
    empty = need_form(tmp_path / "empty.xlsx", [])
    assert_clean_error(run_cli("quota", empty, "--total", "3", "-o", tmp_path / "q2.xlsx"), "没有读到")


def test_hubei_quota_counts_needs_not_enterprises(tmp_path):
    # 湖北方案 四(二)：“各地选派企业‘科技副总’名额，原则上按照当地征集需求数量占全省征集需求总量的比例分配。”
    # 武汉市: one enterprise with 3 different needs; 黄石市: 2 enterprises with 1 need each → needs 3 / 2 (5).
    # --total 3: exact 3×3/5 = 1.8 and 3×2/5 = 1.2 → 1 / 1, the last place to the larger remainder (武汉 .8)
    # → 武汉市 2, 黄石市 1. (Counting enterprises, 1 / 2, would give 武汉 1, 黄石 2 — audit H10.)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["县（市、区）", "企业名称", "统一社会信用代码", "需求名称", "需求描述"])
    ws.append(["武汉市", "武汉甲公司", "", "电池热管理", "改进散热"])
    ws.append(["武汉市", "武汉甲公司", "", "电机控制", "降低能耗"])
    ws.append(["武汉市", "武汉甲公司", "", "视觉检测", "缺陷识别"])
    ws.append(["武汉市", "武汉甲公司", "", "视觉检测", "缺陷识别"])  # the same need typed twice: counts once
    ws.append(["黄石市", "黄石乙公司", "", "铸造工艺", "减少气孔"])
    ws.append(["黄石市", "黄石丙公司", "", "涂层", "耐腐蚀"])
    src = tmp_path / "needs.xlsx"
    wb.save(src)
    out = tmp_path / "q.xlsx"
    result = run_cli("quota", src, "--total", "3", "--policy", "hubei", "-o", out, "--json")
    assert result.code == 0, result.stderr
    payload = json.loads(result.stdout)
    assert payload["details"]["places"] == {"武汉市": 2, "黄石市": 1}
    assert payload["details"]["needs"] == {"武汉市": 3, "黄石市": 2}
    table = read_sheet(out, "名额分配", header_row=2)
    assert list(table[0])[1] == "需求数"
    rows = {r["县（市、区）"]: r for r in table}
    assert (
        rows["武汉市"]["需求数"] == 3 and rows["武汉市"]["分配名额"] == 2 and rows["黄石市"]["分配名额"] == 1
    )
    notes = " ".join(f"{r['项目']} {r['内容']}" for r in read_sheet(out, "说明", header_row=1))
    assert "每条需求算一个" in notes
    basis = {r["项目"]: r["内容"] for r in read_sheet(out, "说明", header_row=1)}["分配依据"]
    assert basis.startswith("湖北方案 四(二)") and "默认值" not in basis  # hubei.toml quota_source
    marker = marker_of(out)
    assert marker["command"] == "quota" and marker["policy"] == "hubei" and marker["data_sheets"] == []
    assert (
        payload["command"] == "quota" and payload["outputs"] == [str(out)] and payload["counts"]["total"] == 3
    )


def test_quota_elsewhere_counts_enterprises_and_says_so(tmp_path):
    # Wenzhou's text gives no rule on what is counted: one enterprise (credit code, else name) counts once,
    # the column says 需求企业数 and 说明 labels it 默认值（政策未规定）. 鹿城区 1 enterprise × 3 rows, 瑞安市 2 × 1,
    # --total 3: 3×1/3 = 1, 3×2/3 = 2 → 鹿城区 1, 瑞安市 2.
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["县（市、区）", "企业名称", "统一社会信用代码", "需求名称"])
    for title in ("甲", "乙", "丙"):
        ws.append(["鹿城区", "鹿城甲公司", "", title])
    ws.append(["瑞安市", "瑞安乙公司", "", "丁"])
    ws.append(["瑞安市", "瑞安丙公司", "", "戊"])
    src = tmp_path / "needs.xlsx"
    wb.save(src)
    out = tmp_path / "q.xlsx"
    result = run_cli("quota", src, "--total", "3", "--policy", "wenzhou", "-o", out)
    assert result.code == 0, result.stderr
    assert "需求企业数" in result.stdout
    rows = {r["县（市、区）"]: r for r in read_sheet(out, "名额分配", header_row=2)}
    assert (
        rows["鹿城区"]["需求企业数"] == 1
        and rows["鹿城区"]["分配名额"] == 1
        and rows["瑞安市"]["分配名额"] == 2
    )
    notes = " ".join(f"{r['项目']} {r['内容']}" for r in read_sheet(out, "说明", header_row=1))
    assert "默认值（政策未规定）" in notes
    # Wenzhou states no way of sharing places: the method is a labelled default, not another city's clause
    basis = {r["项目"]: r["内容"] for r in read_sheet(out, "说明", header_row=1)}["分配依据"]
    assert basis.startswith("默认值（政策未规定）：本政策未规定名额分配办法")


def test_quota_default_totals(tmp_path):
    # 湖北方案 一：“从 2020 年起连续 5 年，每年选派 200 名左右科技副总” → quota without --total shares 200;
    # 新乡计划 二(二)：“自2025年起三年内选聘300名左右” → no yearly number: 100 a year, labelled 默认值（政策未规定）;
    # 温州 gives no total → --total is required (clean error, exit 2)
    needs = _book(
        tmp_path / "需求.xlsx",
        ["县（市、区）", "企业名称", "统一社会信用代码", "需求名称"],
        [["武汉市", f"武汉{k}公司", None, "需求"] for k in range(300)]
        + [["黄石市", "黄石甲公司", None, "需求"]],
    )
    out = tmp_path / "hb.xlsx"
    result = run_cli("quota", needs, "--policy", "hubei", "--as-of", "2024-06-01", "-o", out)
    assert result.code == 0, result.stderr
    assert "200" in result.stderr and "湖北方案 一" in result.stderr
    rows = {r["县（市、区）"]: r for r in read_sheet(openpyxl.load_workbook(out)["名额分配"], header_row=2)}
    # 300 : 1 of 200 → 武汉 199.34 → 199, 黄石 0.66 → 1 (largest remainder)
    assert rows["武汉市"]["分配名额"] == 199 and rows["黄石市"]["分配名额"] == 1
    notes = {r[0]: r[1] for r in openpyxl.load_workbook(out)["说明"].iter_rows(min_row=2, values_only=True)}
    assert "200" in notes["名额总数"] and "默认值" not in notes["名额总数"]
    xx_needs = _book(
        tmp_path / "新乡需求.xlsx",
        ["县（市、区）", "企业名称", "统一社会信用代码", "需求名称"],
        [["红旗区", f"新乡{k}公司", None, "需求"] for k in range(3)]
        + [["卫滨区", "新乡卫滨公司", None, "需求"]],
    )
    out2 = tmp_path / "xx.xlsx"
    result = run_cli("quota", xx_needs, "--policy", "xinxiang", "--as-of", "2025-06-01", "-o", out2)
    assert result.code == 0, result.stderr
    notes = {r[0]: r[1] for r in openpyxl.load_workbook(out2)["说明"].iter_rows(min_row=2, values_only=True)}
    assert "100" in notes["名额总数"] and "默认值（政策未规定）" in notes["名额总数"]
    assert "新乡计划 二(二)" in notes["名额总数"]
    rows = {r["县（市、区）"]: r for r in read_sheet(openpyxl.load_workbook(out2)["名额分配"], header_row=2)}
    # 3 : 1 of 100, but no county gets more places than its needs (湖北方案 四(二)'s method): 3 and 1
    assert rows["红旗区"]["分配名额"] == 3 and rows["卫滨区"]["分配名额"] == 1
    result = run_cli("quota", needs, "--policy", "wenzhou", "-o", tmp_path / "wz.xlsx")
    assert result.code == 2 and "--total" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "wz.xlsx").exists()
