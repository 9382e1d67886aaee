"""Collaborative-project budget verdicts, worked out by hand from 聊城办法 第二条、第十七条、第二十条 (pure)."""

from __future__ import annotations

import datetime as dt

import pytest

from fuzong_cli.decide.projects import (
    ProjectRules,
    Roster,
    check_projects,
    has_projects,
    summarise,
    to_yuan,
    total_rows,
)
from fuzong_cli.errors import FuzongError
from fuzong_cli.formats import capital
from fuzong_cli.policy import load_policy
from fuzong_cli.records import FAIL, PASS, REVIEW, Record

D = dt.date
AS_OF = D(2026, 10, 15)


_SEQ = iter(range(1, 10_000))


def budget(enterprise, university, treasury, total, lead="刘明远", row=4, name=None, company="华信公司"):
    values = {
        "项目名称": f"项目{next(_SEQ)}" if name is None else name,
        "牵头科技副总": lead,
        "企业名称": company,
        "企业出资": enterprise,
        "高校出资": university,
        "财政资金": treasury,
        "项目总额": total,
    }
    raw = {k: "" if v is None else str(v) for k, v in values.items()}
    return Record("budgets", values, raw, "预算表.xlsx", "预算表", row)


def person(kind, name, **values):
    vals = {"姓名": name, **values}
    return Record(kind, vals, {k: str(v) for k, v in vals.items()}, "台账.xlsx", "服务台账", 3)


@pytest.fixture(scope="module")
def rules():
    return ProjectRules.from_policy(load_policy("liaocheng"))


def codes(record):
    return [(f.rule_code, f.level) for f in record.findings]


def test_rules_come_from_the_liaocheng_policy(rules):
    assert rules.enterprise_min_share == 0.5 and "第二十条" in rules.enterprise_min_share_source
    assert rules.max_support == 1_000_000 and "第二十条" in rules.max_support_source
    # 第四条 “支持经费纳入聊城市人才发展专项资金管理……用于……协同创新项目支持”: the support is 财政资金
    assert rules.support_funders == ("财政资金",)
    assert rules.required_funders == ("企业出资", "高校出资", "财政资金")
    assert rules.ban_years == 2 and "第十七条" in rules.ban_source


def test_only_policies_with_projects_enable_the_command():
    assert has_projects(load_policy("liaocheng"))
    for name in ("generic", "wenzhou", "xinxiang", "hubei"):
        assert not has_projects(load_policy(name))
        with pytest.raises(FuzongError, match="没有协同创新项目的规定，请用 --policy liaocheng"):
            ProjectRules.from_policy(load_policy(name))


def test_enterprise_share(rules):
    # 第二十条 "企业投入资金不低于项目总额度的50%": 49 % fails, exactly 50 % passes
    low = budget(490_000, 210_000, 300_000, 1_000_000)
    even = budget(450_000, 150_000, 300_000, 900_000)
    check_projects([low, even], rules, Roster(), AS_OF)
    assert codes(low) == [("P03", FAIL)] and "49.00%" in low.findings[0].message
    assert low.findings[0].field == "企业出资"
    assert even.conclusion == PASS


def test_support_cap(rules):
    """第二十条 “单个项目支持资金不超过100万元”; 第四条 “支持经费纳入聊城市人才发展专项资金管理……主要用于……协同
    创新项目支持”: the support is the city's money. 财政 1,000,001 fails, 1,000,000 passes; 财政 900,000 with
    高校 200,000 (1,100,000 together) passes — the university's money is no 支持资金."""
    over = budget(1_500_000, 100_000, 1_000_001, 2_600_001)
    cap = budget(1_500_000, 100_000, 1_000_000, 2_600_000)
    mixed = budget(1_200_000, 200_000, 900_000, 2_300_000)
    check_projects([over, cap, mixed], rules, Roster(), AS_OF)
    assert codes(over) == [("P04", FAIL)] and "1,000,001元" in over.findings[0].message
    assert cap.conclusion == PASS and mixed.conclusion == PASS


def test_all_three_parties_contribute(rules):
    """第二十条 “‘科技副总’协同创新项目资金由高校、财政和企业三方按比例承担”: 企业 500,000 alone → 待复核 (P12)."""
    alone = budget(500_000, 0, 0, 500_000)
    check_projects([alone], rules, Roster(), AS_OF)
    assert ("P12", REVIEW) in codes(alone)
    assert "高校出资、财政资金" in next(f.message for f in alone.findings if f.rule_code == "P12")


def test_parts_add_up_to_the_total(rules):
    wrong = budget(800_000, 150_000, 150_000, 1_200_000)
    blank_total = budget(800_000, 150_000, 150_000, None)
    check_projects([wrong, blank_total], rules, Roster(), AS_OF)
    assert ("P02", FAIL) in codes(wrong) and "1,100,000元" in wrong.findings[0].message
    assert codes(blank_total) == [("P02", FAIL)]


def test_blank_part_counts_as_zero(rules):
    # a blank 高校出资 counts 0: the sums agree (no P02); 第二十条 三方按比例承担 → only the P12 review
    r = budget(600_000, None, 400_000, 1_000_000)
    check_projects([r], rules, Roster(), AS_OF)
    assert codes(r) == [("P12", REVIEW)]


def test_lead_graded_unqualified_is_barred_for_two_years(rules):
    # 第十七条: 不合格 → "取消其承担协同创新项目的资格，且两年内不得再次申报"; ban to 31 Dec of 年度 + 2
    history = [
        person("history", "郑磊", 年度=2025, 等次="不合格"),
        person("history", "刘明远", 年度=2025, 等次="优秀"),
    ]
    barred = budget(500_000, 200_000, 300_000, 1_000_000, lead="郑磊")
    fine = budget(500_000, 200_000, 300_000, 1_000_000, lead="刘明远", row=5)
    check_projects([barred, fine], rules, Roster(history=history), AS_OF)
    assert codes(barred) == [("P06", FAIL)] and "2027-12-31" in barred.findings[0].message
    assert fine.conclusion == PASS
    after = budget(500_000, 200_000, 300_000, 1_000_000, lead="郑磊")
    check_projects([after], rules, Roster(history=history), D(2028, 1, 1))
    assert after.conclusion == PASS


def test_explicit_ban_end_in_history_wins(rules):
    history = [person("history", "郑磊", 年度=2025, 等次="不合格", 禁止申报截止=D(2026, 6, 30))]
    r = budget(500_000, 200_000, 300_000, 1_000_000, lead="郑磊")
    check_projects([r], rules, Roster(history=history), AS_OF)
    assert r.conclusion == PASS


def test_lead_unknown_or_term_over_needs_review(rules):
    ledger = [
        person("ledger", "刘明远", 企业名称="华信公司", 聘期开始=D(2025, 7, 15)),
        person("ledger", "吴建国", 企业名称="鑫源公司", 聘期开始=D(2023, 7, 1)),
    ]
    roster = Roster(current=ledger, term_years=2)
    ok = budget(600_000, 200_000, 200_000, 1_000_000)
    unknown = budget(600_000, 200_000, 200_000, 1_000_000, lead="马晓东", row=5)
    ended = budget(600_000, 200_000, 200_000, 1_000_000, lead="吴建国", row=6, company="鑫源公司")
    elsewhere = budget(600_000, 200_000, 200_000, 1_000_000, row=7, company="别家公司")
    missing = budget(600_000, 200_000, 200_000, 1_000_000, lead=None, row=8)
    check_projects([ok, unknown, ended, elsewhere, missing], rules, roster, AS_OF)
    assert ok.conclusion == PASS
    assert codes(unknown) == [("P07", REVIEW)]
    assert codes(ended) == [("P08", REVIEW)] and "2025-07-01" in ended.findings[0].message
    assert codes(elsewhere) == [("P09", REVIEW)]
    assert codes(missing) == [("P05", FAIL)]
    # with the history alone, a lead it does not know needs review
    alone = budget(600_000, 200_000, 200_000, 1_000_000, lead="马晓东")
    check_projects([alone], rules, Roster(history=[]), AS_OF)
    assert codes(alone) == [("P07", REVIEW)]


def test_same_project_twice(rules):
    a = budget(600_000, 200_000, 200_000, 1_000_000, name="同名项目", row=4)
    b = budget(600_000, 200_000, 200_000, 1_000_000, name="同名项目", row=5)
    check_projects([a, b], rules, Roster(), AS_OF)
    assert codes(a) == [("P10", REVIEW)] and "第5行" in a.findings[0].message


def test_wan_yuan_headers_are_converted():
    r = Record(
        "budgets",
        {
            "项目名称": "x",
            "企业出资（万元）": 60.0,
            "高校出资（万元）": 20.0,
            "财政资金（万元）": 20.0,
            "项目总额（万元）": 100.0,
        },
        {
            "项目名称": "x",
            "企业出资（万元）": "60",
            "高校出资（万元）": "20",
            "财政资金（万元）": "20",
            "项目总额（万元）": "100",
        },
        "预算表.xlsx",
        "预算表",
        4,
    )
    assert to_yuan([r]) == 1
    assert r.values["项目总额"] == 1_000_000 and r.raw["企业出资"] == "60万元"
    assert "项目总额（万元）" not in r.values


def test_total_rows_are_recognised():
    rows = [
        budget(600_000, 200_000, 200_000, 1_000_000, row=4),
        budget(500_000, 250_000, 250_000, 1_000_000, row=5),
    ]
    total = budget(1_100_000, 450_000, 450_000, 2_000_000, lead=None, name="", company=None, row=6)
    labelled = budget(1, 1, 1, 3, lead=None, name="合计", company=None, row=7)
    assert total_rows([*rows, total]) == [total]
    assert total_rows([*rows, labelled]) == [labelled]


def test_summary_and_capital_numerals(rules):
    rows = [budget(600_000, 200_000, 200_000, 1_000_000), budget(490_000, 210_000, 300_000, 1_000_000, row=5)]
    check_projects(rows, rules, Roster(), AS_OF)
    s = summarise(rows, rules)
    # 支持资金 = 财政资金 (第四条): 200,000 + 300,000
    assert s.totals["项目总额"] == 2_000_000 and s.support_total == 500_000
    assert s.counts == {PASS: 1, FAIL: 1}
    assert capital(1_000_000) == "壹佰万元整"
    assert capital(1_000_001) == "壹佰万零壹元整"
