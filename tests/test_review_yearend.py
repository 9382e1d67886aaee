"""Review of evaluate / terms / projects: regressions for defects found by trying the commands as a new user.

Every expected number is worked out by hand from the clauses (see the comments).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
from conftest import assert_clean_error, run_cli

from fuzong_cli.decide import grading as G
from fuzong_cli.policy import load_policy
from fuzong_cli.read.forms import read_records

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


def sheet(path, name, header_row):
    ws = openpyxl.load_workbook(path)[name]
    headers = [c.value for c in ws[header_row]]
    return [dict(zip(headers, r)) for r in ws.iter_rows(min_row=header_row + 1, values_only=True) if any(r)]


def test_a_typo_in_an_indicator_never_bars_anyone(tmp_path):
    """101 / -5 / 优 as 企业评价得分 count 0 → 36 < 60; corrected they could give 36 + 30 = 66 (合格).

    Before: 不合格 with a ban to 2027-12-31 in 名单 and in 考核结果 (read back by every --history).
    """
    src = ledger_file(
        tmp_path / "台账.xlsx",
        [
            row("甲", 企业评价得分=101),
            row("乙", 企业评价得分=-5),
            row("丙", 企业评价得分="优"),
            # 29 days fails 第七条1 whatever the enterprise score: the grade is decided, the ban stands
            row("丁", 服务天数=29, 企业评价得分="优"),
            # 第十七条 grades the two years: 丁's 2024 is in the ledger too, 29 + 29 = 58 < 30 × 24/12 = 60
            row("丁", year=2024, 服务天数=29, 企业评价得分=90),
        ],
    )
    out = tmp_path / "o.xlsx"
    assert run_cli("evaluate", src, "--policy", "liaocheng", "-o", out).code == 1
    by = {r["姓名"]: r for r in sheet(out, "考核结果", 3)}
    for name in "甲乙丙":
        assert by[name]["等次"] == "不合格" and by[name]["考核得分"] == 36
        assert by[name]["禁止申报截止"] is None
        assert "[K15]" in by[name]["问题说明"] and "合格" in by[name]["等次说明"]
        assert by[name]["校验结论"] == "待复核" or by[name]["校验结论"] == "不通过"
    assert by["丙"]["企业评价得分"] == "优" and by["甲"]["企业评价得分"] == 101
    assert by["丁"]["禁止申报截止"] == dt.datetime(2027, 12, 31) and "[K15]" not in (
        by["丁"]["问题说明"] or ""
    )
    lists = {r["姓名"]: r for r in sheet(out, "名单", 2) if r["类别"] == "不合格"}
    assert lists["甲"]["截止日期"] is None and "暂定" in lists["甲"]["说明"]
    assert lists["丁"]["截止日期"] == dt.datetime(2027, 12, 31)
    from fuzong_cli.read.history import read_history

    history = read_history([out], load_policy("liaocheng")).records  # how validate/evaluate/projects read it
    rules = G.HistoryRules.from_policy(load_policy("liaocheng"))
    ends = {h.get("姓名"): G.history_ban_end(h, rules) for h in history}
    assert ends == {"甲": None, "乙": None, "丙": None, "丁": dt.date(2027, 12, 31)}


def test_months_under_service_days_are_not_read_as_days(tmp_path):
    """温州方案 六(四) ≥ 3 months = 90 days; “3个月” under 服务天数 used to count as 3 days (→ 不合格)."""
    wz = [
        "姓名",
        "企业名称",
        "年度",
        "服务天数",
        "技术攻关项目数",
        "解决技术难题数",
        "知识产权申请数",
        "企业评价得分",
    ]
    wb = openpyxl.Workbook()
    wb.active.append(wz)
    wb.active.append(["甲", "一厂", 2025, "3个月", 3, 3, 2, 90])
    wb.save(tmp_path / "台账.xlsx")
    out = tmp_path / "o.xlsx"
    assert run_cli("evaluate", tmp_path / "台账.xlsx", "--policy", "wenzhou", "-o", out).code == 1
    (got,) = sheet(out, "考核结果", 3)
    assert got["服务天数"] == "3个月"  # shown as typed, not as 3
    # converted with the policy's 30 days a month (the same conversion as 六(四)'s 90) and flagged (K18)
    assert "[K18]" in got["问题说明"] and "折算为90天" in got["问题说明"]
    # 90 × 0.2 = 18 + 15 + 15 + 10 + 36 = 94 → 优秀, for review
    assert got["考核得分"] == 94 and got["等次"] == "优秀" and got["校验结论"] == "待复核"


def test_a_non_assessment_year_fail_is_not_banned_by_history(tmp_path):
    """聊城办法 第十七条: only the two-yearly 绩效考核 bans. A 2025-01-01 term is assessed in 2026, not 2025.

    evaluate writes no 禁止申报截止 for its 2025 不合格; reading that output back must not infer 2025 + 2.
    """
    src = ledger_file(tmp_path / "台账.xlsx", [row("甲", start=dt.date(2025, 1, 1), 服务天数=29)])
    first = tmp_path / "考核结果_2025.xlsx"
    assert run_cli("evaluate", src, "--policy", "liaocheng", "-o", first).code == 1
    (got,) = sheet(first, "考核结果", 3)
    assert got["等次"] == "不合格" and got["禁止申报截止"] is None
    rules = G.HistoryRules.from_policy(load_policy("liaocheng"))
    from fuzong_cli.read.history import read_history

    (past,) = read_history([first], load_policy("liaocheng")).records  # as validate/evaluate/projects read it
    assert G.history_ban_end(past, rules) is None
    # the same output read under another policy carries no "evaluate decided" meaning: that policy's ban applies
    (other,) = read_records([first], "history").records
    assert G.history_ban_end(other, rules) == dt.date(2027, 12, 31)
    nxt = ledger_file(tmp_path / "台账2026.xlsx", [row("甲", year=2026, start=dt.date(2025, 1, 1))])
    out = tmp_path / "o.xlsx"
    run_cli("evaluate", nxt, "--policy", "liaocheng", "--history", first, "-o", out)
    (again,) = sheet(out, "考核结果", 3)
    assert "[K30]" not in (again["问题说明"] or "")
    # a hand-made history sheet (no 等次说明 column) still falls back to 年度 + 2 → 2027-12-31
    wb = openpyxl.Workbook()
    wb.active.append(["姓名", "年度", "等次", "禁止申报截止"])
    wb.active.append(["乙", 2025, "不合格", None])
    wb.save(tmp_path / "手工.xlsx")
    (hand,) = read_records([tmp_path / "手工.xlsx"], "history").records
    assert G.history_ban_end(hand, rules) == dt.date(2027, 12, 31)


def test_a_person_twice_is_listed_once(tmp_path):
    """新乡: 50 days ≥ 45, score 15 + 20 + 15 + 10 + 36 = 96 → 优秀 and 续聘; twice in the ledger → once in 名单."""
    xx = ["姓名", "企业名称", "年度", "聘期开始", "服务天数", "解决技术难题数", "技术攻关项目数"]
    xx += ["新技术新工艺新产品数", "企业评价得分", "总结报告已提交"]
    wb = openpyxl.Workbook()
    wb.active.append(xx)
    for name in ("甲", "甲", "乙"):
        wb.active.append([name, "一厂", 2025, dt.date(2025, 3, 1), 75, 4, 3, 2, 90, "是"])
    wb.save(tmp_path / "台账.xlsx")
    out = tmp_path / "o.xlsx"
    assert run_cli("evaluate", tmp_path / "台账.xlsx", "--policy", "xinxiang", "-o", out).code == 1
    lists = [(r["类别"], r["姓名"]) for r in sheet(out, "名单", 2)]
    # 新乡计划 六(四): renewal follows the end-of-term 考核; 2025 is the first year of a 2025-03-01 term → no 续聘
    assert lists == [("优秀", "甲"), ("优秀", "乙")]
    # the one-off 20,000 (新乡计划 五(二)) is paid once: 2 × 20,000 = 40,000 = 肆万元整
    total = [r for r in sheet(out, "补助汇总", 3) if r["汇总方式"] == "合计"][0]
    assert total["补助金额（元）"] == 40000 and total["大写金额"] == "肆万元整"


def test_history_that_is_not_an_evaluate_output_says_so(tmp_path):
    src = ledger_file(tmp_path / "台账.xlsx", [row("甲")])
    result = run_cli("evaluate", src, "--history", src, "-o", tmp_path / "o.xlsx", "--policy", "liaocheng")
    assert_clean_error(result, "--history", "考核结果", "台账.xlsx")
    assert not (tmp_path / "o.xlsx").exists()


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
    by = {r["项目名称"]: r for r in sheet(out, "校验结果", 1)}
    assert by["甲项目"]["校验结论"] == "通过" and by["甲项目"]["企业出资占比"] == "50.00%"
    assert by["乙项目"]["校验结论"] == "不通过" and by["乙项目"]["企业出资占比"] == "49.99%"
    assert "49.99%" in by["乙项目"]["问题说明"] and "50.00%" not in by["乙项目"]["问题说明"]


def test_amounts_with_jiao_are_not_shown_rounded(tmp_path):
    """A county amount of 8,000.5 元 (温州方案 五(二) county-set) shows 8,000.50 beside 捌仟元伍角, not 8,001."""
    import fuzong_cli

    builtin = Path(fuzong_cli.__file__).parent / "policies" / "wenzhou.toml"
    text = builtin.read_text(encoding="utf-8").replace(
        "county_amounts = {}", 'county_amounts = { "鹿城区" = 8000.5 }'
    )
    custom = tmp_path / "温州自定义.toml"
    custom.write_text(text, encoding="utf-8")
    wb = openpyxl.Workbook()
    wb.active.append(["姓名", "企业名称", "县（市、区）", "年度", "服务天数", "企业评价得分"])
    wb.active.append(["甲", "一厂", "鹿城区", 2025, 100, 100])
    wb.active.append(["乙", "二厂", "瑞安市", 2025, 100, 100])
    wb.save(tmp_path / "台账.xlsx")
    out = tmp_path / "o.xlsx"
    assert run_cli("evaluate", tmp_path / "台账.xlsx", "--policy", custom, "-o", out).code == 0
    ws = openpyxl.load_workbook(out)["补助汇总"]
    cells = {ws.cell(r, 2).value: ws.cell(r, 5) for r in range(4, ws.max_row + 1)}
    assert cells["鹿城区"].value == 8000.5 and cells["鹿城区"].number_format == "#,##0.00"
    assert cells["瑞安市"].value == 0 and cells["瑞安市"].number_format == "#,##0"
    assert ws.cell(4, 6).value == "捌仟元伍角"
    charts = openpyxl.load_workbook(out)["图表"]
    money = [c for c in charts["B"] if c.value == 8000.5]
    assert money and money[0].number_format == "#,##0.00"


def test_a_ledger_with_headers_only_says_so(tmp_path):
    """Before: terms wrote an empty 聘期台账 and exited 0; evaluate asked for --year."""
    wb = openpyxl.Workbook()
    wb.active.append(["姓名", "企业名称", "年度", "聘期开始"])
    wb.save(tmp_path / "空台账.xlsx")
    for command in ("terms", "evaluate"):
        out = tmp_path / f"{command}.xlsx"
        result = run_cli(command, tmp_path / "空台账.xlsx", "--policy", "liaocheng", "-o", out)
        assert_clean_error(result, "空台账.xlsx", "没有数据行")
        assert not out.exists()
    # the blank budget form `fuzong forms` writes: exit 2, not "共 0 个项目" with exit 0
    assert run_cli("forms", tmp_path / "表", "--policy", "liaocheng").code == 0
    out = tmp_path / "p.xlsx"
    result = run_cli(
        "projects", tmp_path / "表" / "协同创新项目预算表.xlsx", "--policy", "liaocheng", "-o", out
    )
    assert_clean_error(result, "协同创新项目预算表.xlsx", "没有项目行")
    assert not out.exists()


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
    by = {r["项目名称"]: r for r in sheet(out, "校验结果", 1)}
    assert by["甲项目"]["校验结论"] == "待复核" and "[P11]" in by["甲项目"]["问题说明"]
    assert by["乙项目"]["校验结论"] == "通过"


def test_rows_outside_their_term_and_money_on_an_unknown_start_need_review(tmp_path):
    """湖北方案 三: 7 天 × months served. A 2025 row whose term starts 2026-03-01 served 0 months, so its floor
    was 0 and it passed silently (score 71, 合格); one whose term (2022-03-01, 2 years) ended 2024-02-29 likewise.
    A blank 聘期开始 pays the 50,000 of 五(一) "按首年" — a money decision on missing data: needs review."""
    headers = ["姓名", "企业名称", "年度", "聘期开始", "服务天数", "解决技术难题数", "新技术新工艺新产品数"]
    headers += ["知识产权申请数", "企业评价得分", "总结报告已提交"]
    wb = openpyxl.Workbook()
    wb.active.append(headers)
    wb.active.append(["甲", "一厂", 2025, dt.date(2026, 3, 1), 0, 3, 2, 2, 90, "否"])
    wb.active.append(["乙", "二厂", 2025, dt.date(2022, 3, 1), 90, 3, 2, 2, 90, "是"])
    wb.active.append(["丙", "三厂", 2025, None, 90, 3, 2, 2, 90, "是"])
    wb.active.append(["丁", "四厂", 2025, dt.date(2025, 1, 1), 90, 3, 2, 2, 90, "是"])
    wb.save(tmp_path / "台账.xlsx")
    out = tmp_path / "o.xlsx"
    assert run_cli("evaluate", tmp_path / "台账.xlsx", "--policy", "hubei", "-o", out).code == 1
    by = {r["姓名"]: r for r in sheet(out, "考核结果", 3)}
    assert "[K07]" in by["甲"]["问题说明"] and "尚未在岗" in by["甲"]["问题说明"]
    assert "[K07]" in by["乙"]["问题说明"] and "2024-02-29" in by["乙"]["问题说明"]
    assert "[K21]" in by["丙"]["问题说明"] and by["丙"]["补助金额（元）"] == 50000
    # 90 ≥ 84 days; 18 + 15 + 10 + 10 + 36 = 89 ≥ 85: 优秀, first year of the term → 50,000, nothing to review
    assert (
        by["丁"]["等次"] == "优秀" and by["丁"]["补助金额（元）"] == 50000 and by["丁"]["校验结论"] == "通过"
    )


def test_summary_report_not_failed_without_the_facts(tmp_path):
    """新乡计划 六(四): the report is due a month before the term ends. “否” with no 聘期开始 may be a first-year
    row (not due): it used to make the row 不合格; a ledger without the 总结报告已提交 column cannot tell either.
    75 天 ≥ 45; 15 + 20 + 15 + 10 + 36 = 96 → 优秀 when nothing fails."""
    base = [
        "姓名",
        "企业名称",
        "年度",
        "服务天数",
        "解决技术难题数",
        "技术攻关项目数",
        "新技术新工艺新产品数",
    ]
    base += ["企业评价得分"]
    wb = openpyxl.Workbook()
    wb.active.append([*base, "聘期开始", "总结报告已提交"])
    wb.active.append(["甲", "一厂", 2025, 75, 4, 3, 2, 90, None, "否"])
    wb.active.append(["乙", "二厂", 2025, 75, 4, 3, 2, 90, dt.date(2023, 3, 1), "否"])
    wb.save(tmp_path / "有列.xlsx")
    wb = openpyxl.Workbook()
    wb.active.append([*base, "聘期开始"])
    wb.active.append(["丙", "三厂", 2025, 75, 4, 3, 2, 90, dt.date(2023, 3, 1)])
    wb.save(tmp_path / "无列.xlsx")
    for name, src in (("甲乙", "有列.xlsx"), ("丙", "无列.xlsx")):
        out = tmp_path / f"{src}.out.xlsx"
        assert run_cli("evaluate", tmp_path / src, "--policy", "xinxiang", "-o", out).code == 1
        by = {r["姓名"]: r for r in sheet(out, "考核结果", 3)}
        for person in name:
            assert "[K11]" in by[person]["问题说明"]
        if "甲" in by:
            assert by["甲"]["等次"] == "优秀" and by["甲"]["校验结论"] == "待复核"
            # a term from 2023-03-01 ends 2025-02-28: its last year is 2025; 六(四) makes the report a duty,
            # not a grade condition: “否” → 待复核 with the reason, never 不合格
            assert by["乙"]["等次"] != "不合格" and by["乙"]["校验结论"] == "待复核"
            assert "总结报告未提交" in by["乙"]["问题说明"]
        else:
            assert by["丙"]["等次"] == "优秀" and by["丙"]["校验结论"] == "待复核"


def test_validate_and_evaluate_agree_on_history_bans(tmp_path):
    """One rule for a ban in --history: the 2025 sample (made under 温州, which bans nobody) read under 聊城 bans
    its 不合格 people in validate and in evaluate alike (2025 + 2 → 2027-12-31)."""
    from conftest import SAMPLE

    history = SAMPLE / "考核结果_2025.xlsx"
    out = tmp_path / "ev.xlsx"
    run_cli(
        "evaluate",
        SAMPLE / "服务台账_2026.xlsx",
        "--history",
        history,
        "--policy",
        "liaocheng",
        "-o",
        out,
        "--as-of",
        "2026-11-24",
    )
    banned_in_evaluate = {r["姓名"] for r in sheet(out, "考核结果", 3) if "[K30]" in (r["问题说明"] or "")}
    assert "何伟" in banned_in_evaluate  # 钱文 has no 2026 ledger row; validate below checks both
    from fuzong_cli.decide.eligibility import check_records
    from fuzong_cli.read.history import read_history
    from fuzong_cli.records import Record

    experts = [
        Record(
            "experts",
            {"姓名": name, "职称级别": "正高", "职称": "教授", "学历级别": "博士", "工作单位": unit},
            {"姓名": name},
            "e.xlsx",
            "专家",
            i + 2,
        )
        for i, (name, unit) in enumerate([("何伟", None), ("钱文", None)])
    ]
    past = read_history([history], load_policy("liaocheng")).records
    check_records(experts, load_policy("liaocheng"), dt.date(2026, 11, 24), history=past)
    assert all(any(f.rule_code == "X05" for f in e.findings) for e in experts)
