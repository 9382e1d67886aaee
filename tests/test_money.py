"""Money due and totals, derived by hand from the money clauses."""

from __future__ import annotations

import copy
import datetime as dt

from support_grading import XX
from support_grading import ledger as ledger_grading

from fuzong_cli.decide import grading as G
from fuzong_cli.decide import identity
from fuzong_cli.decide import money as M
from fuzong_cli.policy import load_policy
from fuzong_cli.records import NOTICE, REVIEW, Record

COUNTY = "县（市、区）"
PAY = "企业生活补助（元/月）"
LC_FULL = {
    "服务天数": 60,
    "技术服务次数": 20,
    "新技术新工艺新产品数": 2,
    "知识产权申请数": 2,
    "培训宣讲次数": 5,
    "培养人才数": 20,
}
_row = iter(range(2, 10_000))


def ledger(**values) -> Record:
    raw = {k: ("" if v is None else str(v)) for k, v in values.items()}
    values.setdefault("年度", 2025)
    return Record("ledger", values, raw, "台账.xlsx", "Sheet1", next(_row))


def test_capital_numerals():
    assert M.capital(200000) == "贰拾万元整"
    assert M.capital(150000) == "壹拾伍万元整"
    assert M.capital(50000) == "伍万元整"
    assert M.capital(0) == "零元整"
    assert M.yuan(200000) == "200,000"


def test_ten_xinxiang_appointments_cost_200000():
    # 新乡计划 五(二): 一次性 2 万元 per person, due in the year the term starts: 10 × 20,000 = 200,000
    rows = [
        ledger(
            姓名=f"新{i}",
            **{COUNTY: "红旗区" if i < 6 else "卫滨区"},
            工作单位="河南师范大学" if i % 2 else "河南科技学院",
            聘期开始=dt.date(2025, 4, 1),
            服务天数=50,
            企业评价得分=80,
        )
        for i in range(10)
    ]
    ev = G.evaluate(rows, load_policy("xinxiang"), year=2025)
    assert [r.money for r in ev.rows] == [20000.0] * 10
    lines = M.summarise(ev.rows, ["红旗区", "卫滨区"])
    total = lines[-1]
    assert (total.group, total.people, total.paid, total.amount, total.capital) == (
        "合计",
        10,
        10,
        200000,
        "贰拾万元整",
    )
    county = {(line.group, line.name): line.amount for line in lines}
    assert county[("按县（市、区）", "红旗区")] == 120000 and county[("按县（市、区）", "卫滨区")] == 80000
    assert (
        county[("按派出单位", "河南师范大学")] == 100000 and county[("按派出单位", "河南科技学院")] == 100000
    )
    # the one summary every renderer lays out (补助汇总, 说明, the terminal, --json)
    summary = M.money_summary(ev.rows, ["红旗区", "卫滨区"])
    assert summary.lines == lines and summary.total == 200000 and summary.total_capital == "贰拾万元整"
    assert summary.by_county == {"红旗区": 120000, "卫滨区": 80000}


def test_xinxiang_one_off_not_paid_twice():
    earlier = ledger(姓名="旧", 聘期开始=dt.date(2024, 4, 1), 服务天数=50)
    unknown = ledger(姓名="未", 服务天数=50)  # no start, no history: due, with a note to check
    history = [Record("history", {"姓名": "史", "年度": 2024, "等次": "合格"}, {}, "h.xlsx", "考核结果", 3)]
    seen = ledger(姓名="史", 服务天数=50)
    ev = G.evaluate([earlier, unknown, seen], load_policy("xinxiang"), year=2025, history=history)
    by = {r.name: r for r in ev.rows}
    assert by["旧"].money == 0 and "首年" in by["旧"].money_notes[0]
    assert by["未"].money == 20000 and "请核实" in by["未"].money_notes[0]
    assert by["史"].money == 0 and "2024" in by["史"].money_notes[0]


def test_three_liaocheng_excellent_cost_150000():
    # 聊城办法 第十七条: 优秀 → 5 万元; three 优秀 and one 合格 → 150,000 壹拾伍万元整
    rows = [ledger(姓名=f"优{i}", 企业评价得分=100, **{PAY: 1000}, **LC_FULL) for i in range(3)]
    rows.append(ledger(姓名="合", 企业评价得分=0, **{PAY: 1500}, **LC_FULL))  # 70 → 合格
    ev = G.evaluate(rows, load_policy("liaocheng"), year=2025)
    assert [r.grade for r in ev.rows] == ["优秀", "优秀", "优秀", "合格"]
    total = M.summarise(ev.rows)[-1]
    assert total.amount == 150000 and total.capital == "壹拾伍万元整" and total.paid == 3


def test_liaocheng_enterprise_paying_900_is_flagged():
    # 聊城办法 第十一条2: ≥ 1,000 元 a month
    low = ledger(姓名="低", **{PAY: 900}, **LC_FULL)
    ok = ledger(姓名="足", **{PAY: 1000}, **LC_FULL)
    blank = ledger(姓名="空", **LC_FULL)
    G.evaluate([low, ok, blank], load_policy("liaocheng"), year=2025)
    flagged = [f for f in low.findings if f.rule_code == "K20"]
    assert (
        flagged
        and flagged[0].level == REVIEW
        and "900" in flagged[0].message
        and "1000" in flagged[0].message
    )
    assert not [f for f in ok.findings if f.rule_code == "K20"]
    assert [f.level for f in blank.findings if f.rule_code == "K20"] == [NOTICE]


def test_hubei_50000_per_person_per_term():
    rows = [ledger(姓名=f"鄂{i}", 聘期开始=dt.date(2025, 7, 1), 服务天数=60) for i in range(3)]
    ev = G.evaluate(rows, load_policy("hubei"), year=2025)
    assert M.summarise(ev.rows)[-1].amount == 150000


def test_wenzhou_county_amounts_default_zero():
    rows = [
        ledger(姓名="甲", **{COUNTY: "鹿城区"}, 服务天数=100, 企业评价得分=100),
        ledger(姓名="乙", **{COUNTY: "瑞安市"}, 服务天数=100, 企业评价得分=100),
    ]
    ev = G.evaluate(rows, load_policy("wenzhou"), year=2025)
    assert [r.money for r in ev.rows] == [0, 0]
    assert "未设定金额" in ev.rows[0].money_notes[0]
    data = copy.deepcopy(load_policy("wenzhou").data)
    data["money"]["items"][0]["county_amounts"] = {"鹿城区": 10000}
    rows = [
        ledger(姓名="甲", **{COUNTY: "鹿城区"}, 服务天数=100, 企业评价得分=100),
        ledger(姓名="乙", **{COUNTY: "瑞安市"}, 服务天数=100, 企业评价得分=100),
        ledger(姓名="丙", **{COUNTY: "鹿城区"}, 服务天数=10, 企业评价得分=100),
    ]  # 不合格: not paid
    ev = G.evaluate(rows, data, year=2025)
    assert [r.money for r in ev.rows] == [10000, 0, 0]


def test_person_twice_paid_once():
    a = ledger(姓名="甲", 工作单位="河南师范大学", 聘期开始=dt.date(2025, 4, 1), 服务天数=50)
    b = ledger(姓名="甲", 工作单位="河南师范大学", 聘期开始=dt.date(2025, 4, 1), 服务天数=50)
    ev = G.evaluate([a, b], load_policy("xinxiang"), year=2025)
    assert [r.money for r in ev.rows] == [20000, 0]


def test_money_never_imports_grading():
    # grading uses money; what both need (policy sections, indicator values, the graded row) is decide/figures.py,
    # which imports neither: no cycle, not even a function-local or type-only import
    import re

    from conftest import decide_imports

    from fuzong_cli.decide import figures

    assert "grading" not in decide_imports(M)
    assert not re.search(r"\b(grading|money)\b", decide_imports(figures))
    assert "money" in decide_imports(G)  # the one direction


def test_one_person_typed_with_both_bracket_widths_is_paid_once():
    """新乡计划 五(二) 2万元 per person: 河南师范大学(化学学院) and 河南师范大学（化学学院） are the same unit, so the
    same 姓名 is the same person — K05 on both rows, the subsidy once (before: paid twice)."""
    a = ledger_grading(
        姓名="王五",
        工作单位="河南师范大学(化学学院)",
        企业名称="一厂",
        聘期开始=dt.date(2025, 3, 1),
        服务天数=75,
        **XX,
    )
    b = ledger_grading(
        姓名="王五",
        工作单位="河南师范大学（化学学院）",
        企业名称="二厂",
        聘期开始=dt.date(2025, 3, 1),
        服务天数=75,
        **XX,
    )
    ev = G.evaluate([a, b], load_policy("xinxiang"), year=2025)
    assert sum(r.money for r in ev.rows) == 20000
    assert all(any(f.rule_code == "K05" for f in r.record.findings) for r in ev.rows)
    assert identity.person_key(a) == identity.person_key(b)
    assert identity.norm_name(" 河南师范大学 ( 化学学院 ) ") == "河南师范大学（化学学院）"
