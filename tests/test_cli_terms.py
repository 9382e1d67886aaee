"""fuzong terms driven through the real command; outputs read back with openpyxl."""

from __future__ import annotations

import datetime as dt
import json

import openpyxl
from conftest import assert_clean_error, marker_of, read_sheet, run_cli
from support_rules import _book

HEADERS = ["姓名", "工作单位", "企业名称", "县（市、区）", "年度", "聘期开始", "总结报告已提交"]


def ledger(path, rows, headers=HEADERS):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "服务台账"
    ws.append(["科技副总服务台账"])
    ws.append(headers)
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def test_xinxiang_summary_report_due_2027_02_01(tmp_path):
    src = ledger(
        tmp_path / "台账.xlsx",
        [["张三", "新乡学院", "新乡甲公司", "红旗区", 2026, dt.date(2025, 3, 1), "否"]],
    )
    out = tmp_path / "out.xlsx"
    result = run_cli("terms", src, "--policy", "xinxiang", "--as-of", "2027-01-15", "-o", out)
    assert result.code == 0, result.stderr
    assert "总结报告" in result.stdout and "2027-02-01" in result.stdout and "张三" in result.stdout
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["聘期台账", "待办", "说明"]
    ws = wb["聘期台账"]
    (row,) = read_sheet(ws, header_row=3)
    assert row["聘期开始"].date() == dt.date(2025, 3, 1)
    assert row["聘期结束"].date() == dt.date(2027, 3, 1)
    assert row["下一事项"] == "总结报告" and row["截止日期"].date() == dt.date(2027, 2, 1)
    assert row["剩余天数"] == 17 and row["状态"] == "即将到期" and row["已服务年数"] == 1
    assert row["依据"] == "新乡计划 六(四)"
    status = ws.cell(row=4, column=[c.value for c in ws[3]].index("状态") + 1)
    assert status.fill.fgColor.rgb.endswith("FFEB9C")
    todo = read_sheet(wb["待办"], header_row=2)
    assert [(t["事项"], t["截止日期"].date()) for t in todo] == [
        ("总结报告", dt.date(2027, 2, 1)),
        ("期满考核", dt.date(2027, 3, 1)),
    ]
    info = dict(wb["说明"].iter_rows(min_row=2, values_only=True))
    assert info["参照日期"] == "2027-01-15" and "三(一)3" in info["聘期"]


def test_overdue_and_bad_rows_exit_1(tmp_path):
    rows = [
        ["李四", "河南师大", "乙公司", "卫滨区", 2026, "2024年6月", "否"],
        ["王五", "新乡学院", "丙公司", "牧野区", 2026, "不详", None],
        ["赵六", "新乡学院", "丁公司", "获嘉县", 2026, dt.date(2027, 3, 1), None],
    ]
    src = ledger(tmp_path / "台账.xlsx", rows)
    out = tmp_path / "out.xlsx"
    result = run_cli("terms", src, "--policy", "xinxiang", "--as-of", "2027-01-15", "-o", out)
    assert result.code == 1, result.stderr
    assert "已逾期" in result.stdout and "李四" in result.stdout
    ws = openpyxl.load_workbook(out)["聘期台账"]
    got = {r["姓名"]: r for r in read_sheet(ws, header_row=3)}
    # 2024-06-01 + 2 years = 2026-06-01; report due a month before, not submitted
    assert got["李四"]["截止日期"].date() == dt.date(2026, 5, 1) and got["李四"]["状态"] == "已逾期"
    assert got["王五"]["聘期开始"] == "不详" and "[T01]" in got["王五"]["问题说明"]
    assert "[T03]" in got["赵六"]["问题说明"]
    headers = [c.value for c in ws[3]]
    overdue = ws.cell(row=4, column=headers.index("状态") + 1)
    assert overdue.fill.fgColor.rgb.endswith("FFC7CE") and overdue.comment is not None
    bad_date = ws.cell(row=5, column=headers.index("聘期开始") + 1)
    assert bad_date.comment is not None and "T01" in bad_date.comment.text


def test_json_summary(tmp_path):
    src = ledger(
        tmp_path / "台账.xlsx", [["张三", "新乡学院", "甲公司", "红旗区", 2026, dt.date(2025, 7, 20), None]]
    )
    result = run_cli(
        "terms", src, "--policy", "hubei", "--as-of", "2027-07-01", "--json", "-o", tmp_path / "o.xlsx"
    )
    payload = json.loads(result.stdout)
    assert payload["command"] == "terms" and payload["counts"]["people"] == 1
    assert payload["outputs"] == [str(tmp_path / "o.xlsx")] and payload["as_of"] == "2027-07-01"
    assert payload["details"]["within"] == 30 and payload["counts"]["即将到期"] == 1
    assert [(d["duty"], d["due"]) for d in payload["details"]["due"]] == [
        ("总结报告", "2027-07-20"),
        ("专项经费审计", "2027-07-20"),
    ]


def test_within_option_and_pairs_input_with_excluded_row(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "配对结果"
    ws.append(["序号", "企业名称", "专家姓名", "工作单位", "聘期开始", "排除"])
    ws.append([1, "甲公司", "张三", "温州大学", dt.date(2025, 9, 1), "否"])
    ws.append([2, "乙公司", "李四", "温州大学", dt.date(2025, 9, 1), "是"])
    src = tmp_path / "配对结果.xlsx"
    wb.save(src)
    out = tmp_path / "o.xlsx"
    result = run_cli(
        "terms", src, "--policy", "wenzhou", "--as-of", "2027-06-01", "--within", "120", "-o", out
    )
    assert result.code == 0, result.stderr
    rows = read_sheet(out, "聘期台账", header_row=3)
    assert [r["姓名"] for r in rows] == ["张三"]
    assert rows[0]["下一事项"] == "期满评价" and rows[0]["状态"] == "即将到期"


def test_unusable_inputs_exit_2(tmp_path):
    no_start = ledger(
        tmp_path / "无聘期.xlsx", [["张三", "新乡学院", "甲公司"]], headers=["姓名", "工作单位", "企业名称"]
    )
    assert_clean_error(run_cli("terms", no_start, "-o", tmp_path / "o.xlsx"), "聘期开始")
    good = ledger(
        tmp_path / "台账.xlsx", [["张三", "新乡学院", "甲公司", "红旗区", 2026, dt.date(2025, 3, 1), None]]
    )
    out = tmp_path / "exists.xlsx"
    out.write_bytes(b"x")
    assert_clean_error(run_cli("terms", good, "-o", out), "已存在")
    assert_clean_error(run_cli("terms", good, "--within", "-3", "-o", tmp_path / "n.xlsx"), "--within")
    assert_clean_error(run_cli("terms", tmp_path / "none.xlsx"), "找不到")


def test_help_is_chinese():
    result = run_cli("terms", "--help")
    assert result.code == 0 and "聘期" in result.stdout and "--within" in result.stdout


def test_marker_names_the_ledger_sheet_and_the_output_reads_back(tmp_path):
    """聘期台账 is the data sheet: given back to terms, it is read as a ledger (待办 and 说明 are not)."""
    src = ledger(
        tmp_path / "台账.xlsx", [["张三", "新乡学院", "甲公司", "红旗区", 2026, dt.date(2025, 3, 1), None]]
    )
    out = tmp_path / "聘期.xlsx"
    assert run_cli("terms", src, "--policy", "xinxiang", "--as-of", "2026-06-01", "-o", out).code == 0
    mark = marker_of(out)
    assert (mark["command"], mark["policy"], mark["data_sheets"]) == ("terms", "xinxiang", ["聘期台账"])
    again = tmp_path / "again.xlsx"
    result = run_cli("terms", out, "--policy", "xinxiang", "--as-of", "2026-06-01", "-o", again, "--json")
    assert result.code == 0, result.stderr
    assert json.loads(result.stdout)["counts"]["people"] == 1
    (row,) = read_sheet(again, "聘期台账", header_row=3)
    assert row["姓名"] == "张三" and row["聘期结束"].date() == dt.date(2027, 3, 1)


def test_liaocheng_failed_assessment_revokes_the_appointment_in_terms(tmp_path):
    # 聊城办法 第十七条：“对评定为不合格的，撤销其‘科技副总’选派资格，取消其承担‘科技副总’协同创新项目的资格”.
    # An evaluate result with 等次 不合格 and a ban date (the biennial 考核) → 已撤销, no 年度述职 listed any more;
    # 不合格 typed without a ban date → 待复核, duties still listed; 合格 → as before.
    headers = ["姓名", "企业名称", "年度", "聘期开始", "等次", "禁止申报截止"]
    ledger = _book(
        tmp_path / "考核结果.xlsx",
        headers,
        [
            ["撤销甲", "聊城甲公司", 2026, "2025-03-01", "不合格", "2028-12-31"],
            ["待核乙", "聊城乙公司", 2026, "2025-03-01", "不合格", None],
            ["合格丙", "聊城丙公司", 2026, "2025-03-01", "合格", None],
        ],
    )
    out = tmp_path / "terms.xlsx"
    result = run_cli("terms", ledger, "--policy", "liaocheng", "--as-of", "2026-12-15", "-o", out)
    assert result.code in (0, 1), result.stderr
    wb = openpyxl.load_workbook(out)
    rows = {r["姓名"]: r for r in read_sheet(wb["聘期台账"], header_row=3)}
    assert rows["撤销甲"]["状态"] == "已撤销" and rows["撤销甲"]["下一事项"] in (None, "")
    assert "撤销其“科技副总”选派资格" in rows["撤销甲"]["问题说明"]
    assert rows["待核乙"]["状态"] != "已撤销" and "请核实" in rows["待核乙"]["问题说明"]
    assert rows["合格丙"]["状态"] != "已撤销"
    todo_names = {r["姓名"] for r in read_sheet(wb["待办"], header_row=2)}
    assert "撤销甲" not in todo_names and {"待核乙", "合格丙"} <= todo_names
    # Wenzhou has no revocation: the same rows keep their duties
    out2 = tmp_path / "terms_wz.xlsx"
    result = run_cli("terms", ledger, "--policy", "wenzhou", "--as-of", "2026-12-15", "-o", out2)
    rows = {r["姓名"]: r for r in read_sheet(openpyxl.load_workbook(out2)["聘期台账"], header_row=3)}
    assert rows["撤销甲"]["状态"] != "已撤销"
