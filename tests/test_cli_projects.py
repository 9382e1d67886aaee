"""fuzong projects driven through the real command on the Liaocheng samples; outputs read back with openpyxl."""

from __future__ import annotations

import json
import shutil

import openpyxl
from conftest import SAMPLE, assert_clean_error, marker_of, read_sheet, run_cli

BUDGETS = SAMPLE / "协同创新项目预算表.xlsx"
LEDGER = SAMPLE / "聘期台账示例.xlsx"

# the answer key of sample_data/build_projects.py, from 聊城办法 第二条、第十七条、第二十条
EXPECTED = {
    4: ("通过", None),
    5: ("不通过", "P03"),
    6: ("不通过", "P04"),
    7: ("不通过", "P02"),
    8: ("不通过", "P06"),
    9: ("待复核", "P08"),
    10: ("待复核", "P07"),
    11: ("通过", None),
}


def run_sample(tmp_path, *extra):
    src = tmp_path / "预算表.xlsx"
    shutil.copy(BUDGETS, src)
    out = tmp_path / "out.xlsx"
    result = run_cli(
        "projects",
        src,
        "--ledger",
        LEDGER,
        "--history",
        LEDGER,
        "--policy",
        "liaocheng",
        "--as-of",
        "2026-10-15",
        "-o",
        out,
        *extra,
    )
    return src, out, result


def test_sample_verdicts_match_the_answer_key(tmp_path):
    _, out, result = run_sample(tmp_path)
    before = BUDGETS.read_bytes()
    assert result.code == 1, result.stderr
    assert "共 8 个项目：通过 2，待复核 2，不通过 4" in result.stdout
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["校验结果", "问题清单", "汇总", "说明"]
    headers = [c.value for c in wb["校验结果"][1]]
    rows = read_sheet(wb["校验结果"], header_row=1)
    got = {r["来源行号"]: (r["校验结论"], (r["问题说明"] or "")[1:4] or None) for r in rows}
    assert got == EXPECTED
    # the 49 % enterprise cell is red with the clause in its comment
    cell = wb["校验结果"].cell(row=3, column=headers.index("企业出资") + 1)
    assert cell.fill.fgColor.rgb.endswith("FFC7CE") and "第二十条" in cell.comment.text
    # the support column carries the 1,000,001
    support = wb["校验结果"].cell(row=4, column=headers.index("支持资金") + 1)
    assert support.value == "1,000,001" and support.comment is not None
    problems = list(wb["问题清单"].iter_rows(min_row=2, values_only=True))
    assert {p[3] for p in problems} == {"P02", "P03", "P04", "P06", "P07", "P08"}
    assert any(p[3] == "P06" and p[6] == "聊城办法 第十七条" for p in problems)
    summary = {r[0]: r for r in wb["汇总"].iter_rows(min_row=3, values_only=True) if r[0]}
    assert summary["项目总额"][1] == 9_500_001 and summary["项目总额"][2] == "玖佰伍拾万零壹元整"
    assert summary["财政资金"][2] == "贰佰伍拾万零壹元整"
    assert summary["项目总额"][4] == 1_900_000  # the two passing projects
    assert summary["不通过"][1] == 4 and summary["合计"][1] == 8
    info = list(wb["说明"].iter_rows(min_row=2, values_only=True))
    assert any("第12行" in str(v) and "合计" in str(v) for _, v in info)  # the 合计 row is skipped and said
    assert BUDGETS.read_bytes() == before
    marker = marker_of(out)
    assert marker["command"] == "projects" and marker["policy"] == "liaocheng"
    assert marker["data_sheets"] == ["校验结果"]


def test_json_and_without_rosters(tmp_path):
    src = tmp_path / "预算表.xlsx"
    shutil.copy(BUDGETS, src)
    result = run_cli(
        "projects", src, "--policy", "liaocheng", "--as-of", "2026-10-15", "--json", "-o", tmp_path / "o.xlsx"
    )
    assert result.code == 1
    payload = json.loads(result.stdout)
    counts, details = payload["counts"], payload["details"]
    assert counts["projects"] == 8 and counts["不通过"] == 3 and counts["通过"] == 5
    assert details["totals"]["项目总额"] == 9_500_001 and len(details["failing"]) == 3
    assert payload["command"] == "projects" and payload["exit_code"] == 1 and payload["outputs"]
    assert "未给出 --ledger 或 --history" in result.stderr


def test_wan_yuan_sheet(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(
        [
            "项目名称",
            "牵头人",
            "实施企业",
            "企业出资（万元）",
            "高校出资（万元）",
            "财政资金（万元）",
            "项目总额（万元）",
        ]
    )
    ws.append(["甲项目", "刘明远", "聊城华信新材料有限公司", 60, 20, 20, 100])
    # 第四条: the support is the city's fund (财政资金); 第二十条 cap 100 万: 100.0001 万元 = 1,000,001 元 fails
    ws.append(["乙项目", "陈雅琴", "聊城金穗农业科技有限公司", 160, 20, 100.0001, 280.0001])
    src = tmp_path / "万元.xlsx"
    wb.save(src)
    out = tmp_path / "o.xlsx"
    result = run_cli("projects", src, "--policy", "liaocheng", "--as-of", "2026-10-15", "-o", out)
    assert result.code == 1, result.stderr
    rows = read_sheet(out, "校验结果", header_row=1)
    assert [r["校验结论"] for r in rows] == ["通过", "不通过"]
    assert rows[0]["企业出资"] == "60万元" and rows[0]["支持资金"] == "200,000"
    assert "1,000,001元" in rows[1]["问题说明"]


def test_policy_without_projects_exits_2(tmp_path):
    result = run_cli("projects", BUDGETS, "--policy", "wenzhou", "-o", tmp_path / "o.xlsx")
    assert_clean_error(
        result, "当前政策（温州", "没有协同创新项目的规定，请用 --policy liaocheng 或自定义政策"
    )
    assert not (tmp_path / "o.xlsx").exists()


def test_unusable_inputs_exit_2(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["项目名称", "牵头科技副总", "企业出资", "财政资金"])
    ws.append(["甲项目", "刘明远", 600000, 400000])
    src = tmp_path / "无总额.xlsx"
    wb.save(src)
    assert_clean_error(
        run_cli("projects", src, "--policy", "liaocheng", "-o", tmp_path / "o.xlsx"), "项目总额"
    )
    assert_clean_error(
        run_cli("projects", BUDGETS, "--policy", "liaocheng", "--history", tmp_path / "none.xlsx"), "找不到"
    )


def test_help_is_chinese():
    result = run_cli("projects", "--help")
    assert result.code == 0 and "协同创新项目" in result.stdout and "--history" in result.stdout


def test_a_share_just_under_half_never_reads_as_half(tmp_path):
    """聊城办法 第二十条 企业 ≥ 50 %: 500,000 of 1,000,000 passes; 500,000 of 1,000,001 (49.99995 %) fails
    and says 49.99 %, not "50.00%，低于 50%"."""
    wb = openpyxl.Workbook()
    wb.active.append(["项目名称", "牵头科技副总", "企业名称", "企业出资", "高校出资", "财政资金", "项目总额"])
    wb.active.append(["甲项目", "甲", "一厂", 500000, 250000, 250000, 1000000])
    wb.active.append(["乙项目", "乙", "二厂", 500000, 250001, 250000, 1000001])
    wb.save(tmp_path / "预算.xlsx")
    out = tmp_path / "o.xlsx"
    assert run_cli("projects", tmp_path / "预算.xlsx", "--policy", "liaocheng", "-o", out).code == 1
    by = {r["项目名称"]: r for r in read_sheet(out, "校验结果", 1)}
    assert by["甲项目"]["校验结论"] == "通过" and by["甲项目"]["企业出资占比"] == "50.00%"
    assert by["乙项目"]["校验结论"] == "不通过" and by["乙项目"]["企业出资占比"] == "49.99%"
    assert "49.99%" in by["乙项目"]["问题说明"] and "50.00%" not in by["乙项目"]["问题说明"]


def test_a_budget_typed_in_wan_under_a_yuan_header_needs_review(tmp_path):
    """财政资金 150 meaning 150 万元 under a plain header would pass the 100 万元 cap (聊城办法 第二十条)
    silently; a total under [projects].yuan_check_below (default 10,000 元) asks whether it is in 万元."""
    wb = openpyxl.Workbook()
    wb.active.append(["项目名称", "牵头科技副总", "企业名称", "企业出资", "高校出资", "财政资金", "项目总额"])
    wb.active.append(["甲项目", "甲", "一厂", 200, 0, 150, 350])
    wb.active.append(["乙项目", "乙", "二厂", 600000, 200000, 200000, 1000000])
    wb.save(tmp_path / "预算.xlsx")
    out = tmp_path / "o.xlsx"
    assert run_cli("projects", tmp_path / "预算.xlsx", "--policy", "liaocheng", "-o", out).code == 1
    by = {r["项目名称"]: r for r in read_sheet(out, "校验结果", 1)}
    assert by["甲项目"]["校验结论"] == "待复核" and "[P11]" in by["甲项目"]["问题说明"]
    assert by["乙项目"]["校验结论"] == "通过"
