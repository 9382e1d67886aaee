"""Grading, derived by hand from the built-in policies (rubric defaults and the sources' floors)."""

from __future__ import annotations

import copy
import datetime as dt

import pytest
import support_ledgers

from fuzong_cli.decide import grading as G
from fuzong_cli.errors import FuzongError
from fuzong_cli.policy import load_policy
from fuzong_cli.records import FAIL, NOTICE, REVIEW, Record

_row = iter(range(2, 10_000))


def ledger(**values) -> Record:
    raw = {k: ("" if v is None else str(v)) for k, v in values.items()}
    for k, v in list(values.items()):
        if isinstance(v, str) and k not in (
            "姓名",
            "工作单位",
            "企业名称",
            "县（市、区）",
            "身份证号",
            "统一社会信用代码",
        ):
            values[k] = None  # the reader leaves a non-number as None and keeps the text in raw
    values.setdefault("年度", 2025)
    return Record("ledger", values, raw, "台账.xlsx", "Sheet1", next(_row))


# Liaocheng 第七条 minimums exactly: 30 天, 10 次, 1 项, 1 项, 3 次, 10 人 (the ledger builders' figures without
# their 企业评价得分, which each test here sets itself)
LC_MIN = {k: v for k, v in support_ledgers.LC_MIN.items() if k != "企业评价得分"}
# twice the minimums and a 100-point enterprise score: every rubric item at its cap
LC_FULL = {
    "服务天数": 60,
    "技术服务次数": 20,
    "新技术新工艺新产品数": 2,
    "知识产权申请数": 2,
    "培训宣讲次数": 5,
    "培养人才数": 20,
}


def codes(record: Record) -> set[str]:
    return {f.rule_code for f in record.findings}


def test_liaocheng_minimums_score_and_pass():
    # 30×0.25 + 10×0.75 + 1×5 + 1×5 + 3×2 + 10×0.5 + 80×0.3 = 7.5+7.5+5+5+6+5+24 = 60 → 合格 (line 60)
    rec = ledger(姓名="甲", 企业评价得分=80, **LC_MIN)
    ev = G.evaluate([rec], load_policy("liaocheng"), year=2025)
    row = ev.rows[0]
    assert row.score == 60
    assert row.grade == "合格"
    assert not any(f.level == FAIL for f in rec.findings)


def test_liaocheng_one_day_short_is_fail_whatever_the_score():
    values = dict(LC_FULL, 服务天数=29)
    rec = ledger(姓名="乙", 企业评价得分=100, **values)
    ev = G.evaluate([rec], load_policy("liaocheng"), year=2025)
    row = ev.rows[0]
    # 29×0.25 = 7.25, all else at cap: 7.25 + 15 + 10 + 10 + 10 + 10 + 30 = 92.25 (优秀 by score)
    assert row.score == 92.25
    assert row.grade == "不合格"
    assert "K10" in codes(rec)
    assert "服务天数29" in row.reasons[0] and "低于30" in row.reasons[0]
    assert ev.needs_attention


@pytest.mark.parametrize("field", ["服务天数", "技术服务次数"])
def test_liaocheng_hard_floors(field):
    """聊城办法 第七条1: “每年开展技术服务不少于10次，累计驻企服务时间不少于30天” — stated as a hard minimum:
    one short → 不合格 whatever the score."""
    values = dict(LC_FULL)
    values[field] = LC_MIN[field] - 1
    rec = ledger(姓名="丙", 企业评价得分=100, **values)
    row = G.evaluate([rec], load_policy("liaocheng"), year=2025).rows[0]
    assert row.grade == "不合格"
    assert any(f.field == field and f.rule_code == "K10" and f.level == FAIL for f in rec.findings)


@pytest.mark.parametrize("field", ["新技术新工艺新产品数", "知识产权申请数", "培训宣讲次数", "培养人才数"])
def test_liaocheng_other_indicators_are_review_not_fail(field):
    """聊城办法 第七条2、3: “每年……开发至少1项新技术、新工艺或新产品……申请至少1项知识产权”，“政策宣讲或技术
    培训不少于3次，……培养技术骨干和创新人才不少于10人”; 第十七条: the biennial 绩效考核 decides the grade —
    no text says one missed indicator is 不合格. A shortfall is a 待复核 finding, never a ban.
    One indicator one short of its minimum, all else at cap: 100 minus that item's points, still ≥ 75."""
    values = dict(LC_FULL)
    values[field] = LC_MIN[field] - 1
    rec = ledger(姓名="丙", 企业评价得分=100, **values)
    row = G.evaluate([rec], load_policy("liaocheng"), year=2025).rows[0]
    assert row.grade != "不合格" and row.ban_until is None
    assert any(f.field == field and f.rule_code == "K10" and f.level == REVIEW for f in rec.findings)


def test_liaocheng_four_grades():
    # full marks 100 → 优秀; enterprise 50 instead of 100: 100 - 15 = 85 → 良好 (75 ≤ 85 < 90)
    a = ledger(姓名="优", 企业评价得分=100, **LC_FULL)
    b = ledger(姓名="良", 企业评价得分=50, **LC_FULL)
    ev = G.evaluate([a, b], load_policy("liaocheng"), year=2025)
    assert [(r.score, r.grade) for r in ev.rows] == [(100, "优秀"), (85, "良好")]


def test_liaocheng_ban_end_two_years():
    rec = ledger(姓名="丁", 企业评价得分=100, **dict(LC_FULL, 服务天数=29))
    ev = G.evaluate([rec], load_policy("liaocheng"), year=2025)
    row = ev.rows[0]
    # 第十七条 两年内不得再次申报: no application in 2026 or 2027 → ban ends 2027-12-31
    assert row.ban_until == dt.date(2027, 12, 31)
    failed = [e for e in ev.lists if e.category == G.LIST_FAILED]
    assert failed[0].until == dt.date(2027, 12, 31) and failed[0].name == "丁"


def test_liaocheng_banned_person_back_in_ledger_fails():
    history = [
        Record(
            "history",
            {"姓名": "戊", "工作单位": "聊城大学", "年度": 2024, "等次": "不合格"},
            {},
            "h.xlsx",
            "考核结果",
            3,
        )
    ]
    rec = ledger(姓名="戊", 工作单位="聊城大学", 企业评价得分=100, **LC_FULL)
    ev = G.evaluate([rec], load_policy("liaocheng"), year=2025, history=history, as_of=dt.date(2026, 1, 10))
    assert any(f.rule_code == "K30" and f.level == FAIL and "2026-12-31" in f.message for f in rec.findings)
    banned = [e for e in ev.lists if e.category == G.LIST_STILL_BANNED]
    assert banned and banned[0].until == dt.date(2026, 12, 31)


def test_liaocheng_cycle_year():
    # term from 2025-03-01: first biennial evaluation in 2027 (last day 2027-02-28) → 2025 is not one
    off = ledger(姓名="己", 聘期开始=dt.date(2025, 3, 1), 企业评价得分=100, **LC_FULL)
    # term from 2024-01-01: the two years end 2025-12-31 → 2025 is the evaluation year
    on = ledger(姓名="庚", 聘期开始=dt.date(2024, 1, 1), 企业评价得分=100, **LC_FULL)
    ev = G.evaluate([off, on], load_policy("liaocheng"), year=2025)
    by = {r.name: r for r in ev.rows}
    assert by["己"].counts_for_cycle is False and by["己"].money == 0 and "K13" in codes(off)
    assert by["庚"].counts_for_cycle is True and by["庚"].money == 50000
    notes = {e.name: e.note for e in ev.lists if e.category == G.LIST_EXCELLENT}
    assert "非评价年度" in notes["己"] and "金卡" in notes["庚"]


def test_wenzhou_floor_90_days():
    # 温州方案 六(四): 3 个月 → 90 天; 89 days fails
    ok = ledger(姓名="A", 服务天数=90, 企业评价得分=100, 技术攻关项目数=3, 解决技术难题数=3, 知识产权申请数=2)
    short = ledger(
        姓名="B", 服务天数=89, 企业评价得分=100, 技术攻关项目数=3, 解决技术难题数=3, 知识产权申请数=2
    )
    ev = G.evaluate([ok, short], load_policy("wenzhou"), year=2025)
    # 90×0.2 = 18 + 15 + 15 + 10 + 40 = 98 → 优秀
    assert ev.rows[0].score == 98 and ev.rows[0].grade == "优秀"
    # 六(四) “原则上每年……不少于3个月”: 89 days is a 待复核 finding, not 不合格 (17.8 + 80 = 97.8 → 优秀)
    assert ev.rows[1].grade == "优秀"
    assert any(f.rule_code == "K10" and f.level == REVIEW for f in short.findings)


def test_wenzhou_rank_and_top_ten_and_two_years_running():
    rows = [
        ledger(
            姓名=f"专家{i:02d}",
            身份证号=None,
            服务天数=100,
            企业评价得分=100 - i,
            技术攻关项目数=3,
            解决技术难题数=3,
            知识产权申请数=2,
        )
        for i in range(12)
    ]
    history = [
        Record(
            "history",
            {"姓名": "专家00", "年度": 2024, "等次": "优秀", "排名": 2, "前十": True},
            {},
            "h.xlsx",
            "考核结果",
            3,
        ),
        Record(
            "history",
            {"姓名": "专家01", "年度": 2024, "等次": "合格", "排名": 15, "前十": False},
            {},
            "h.xlsx",
            "考核结果",
            4,
        ),
    ]
    ev = G.evaluate(rows, load_policy("wenzhou"), year=2025, history=history)
    ranks = [r.rank for r in ev.rows]
    assert ranks == list(range(1, 13))
    assert [r.top for r in ev.rows] == [True] * 10 + [False] * 2
    running = [e for e in ev.lists if e.category == G.LIST_TOP_RUNNING]
    assert [e.name for e in running] == ["专家00"]
    assert "D类" in running[0].note
    assert len([e for e in ev.lists if e.category == G.LIST_TOP]) == 10


def test_ties_share_a_rank_and_failing_rows_rank_last():
    a = ledger(姓名="A", 服务天数=100, 企业评价得分=90)
    b = ledger(姓名="B", 服务天数=100, 企业评价得分=90)
    c = ledger(姓名="C", 服务天数=100, 企业评价得分=80)
    d = ledger(姓名="D", 服务天数=10, 企业评价得分=100)  # floor fails, higher score
    ev = G.evaluate([a, b, c, d], load_policy("wenzhou"), year=2025)
    assert [r.rank for r in ev.rows] == [1, 1, 3, 4]
    assert ev.rows[3].top is False


def test_xinxiang_floor_and_report():
    # 新乡计划 三(一)3: 45 天; 六(四): summary report in the term's last year
    full = {"解决技术难题数": 4, "技术攻关项目数": 3, "新技术新工艺新产品数": 2, "企业评价得分": 90}
    short = ledger(姓名="甲", 服务天数=44, **full)
    first_year = ledger(姓名="乙", 服务天数=75, 聘期开始=dt.date(2025, 3, 1), 总结报告已提交=None, **full)
    last_year = ledger(姓名="丙", 服务天数=75, 聘期开始=dt.date(2023, 3, 1), 总结报告已提交=False, **full)
    ev = G.evaluate([short, first_year, last_year], load_policy("xinxiang"), year=2025)
    by = {r.name: r for r in ev.rows}
    # 三(一)3 “每年原则上不少于45天”: 44 → 待复核, graded on its score 8.8 + 20 + 15 + 10 + 36 = 89.8 → 优秀
    assert by["甲"].grade == "优秀" and any(
        f.rule_code == "K10" and f.level == REVIEW for f in short.findings
    )
    # 75×0.2 = 15 + 20 + 15 + 10 + 36 = 96 → 优秀; the report is not due before 2027
    assert by["乙"].score == 96 and by["乙"].grade == "优秀"
    # 六(四) the report is a duty the text does not tie to the grade: 否 in the final year → 待复核, not 不合格
    assert by["丙"].grade != "不合格"
    assert any(f.rule_code == "K11" and f.level == REVIEW for f in last_year.findings)


def test_xinxiang_renewal_list():
    rec = ledger(
        姓名="续",
        服务天数=75,
        聘期开始=dt.date(2025, 3, 1),
        解决技术难题数=4,
        技术攻关项目数=3,
        新技术新工艺新产品数=2,
        企业评价得分=90,
    )
    # 新乡计划 六(四): “对于考核优秀的……直接予以续聘” follows the end-of-term 考核: a first-year 优秀 (term
    # 2025-03-01 … 2027-02-28) is no renewal
    ev = G.evaluate([rec], load_policy("xinxiang"), year=2025)
    assert [e for e in ev.lists if e.category == G.LIST_RENEW] == []
    assert ev.rows[0].counts_for_cycle is False
    # the term's last 年度 (2027) with both earlier years in the ledger: the 期满 grade → renewal
    years = [copy.deepcopy(rec) for _ in range(3)]
    for y, r in zip((2025, 2026, 2027), years, strict=True):
        r.values["年度"] = y
    ev = G.evaluate(years, load_policy("xinxiang"), year=2027)
    renew = [e for e in ev.lists if e.category == G.LIST_RENEW]
    assert (
        [e.name for e in renew] == ["续"] and "续聘" in renew[0].note and renew[0].source == "新乡计划 六(四)"
    )


def test_hubei_seven_days_a_month_prorated():
    # 湖北方案 三: 7 days a month; a term from 2025-07-10 touches July–December = 6 months → 42 days
    ok = ledger(姓名="甲", 服务天数=42, 聘期开始=dt.date(2025, 7, 10), 企业评价得分=100)
    short = ledger(姓名="乙", 服务天数=41, 聘期开始=dt.date(2025, 7, 10), 企业评价得分=100)
    whole = ledger(姓名="丙", 服务天数=83, 企业评价得分=100)  # unknown start: 12 × 7 = 84
    ev = G.evaluate([ok, short, whole], load_policy("hubei"), year=2025)
    assert "K10" not in codes(ok)
    # 三 “原则上每月服务时间不少于7天”: short of the prorated minimum → 待复核 (K10), no ban
    msgs = {r.name: " ".join(f.message for f in r.record.findings if f.rule_code == "K10") for r in ev.rows}
    assert "低于42" in msgs["乙"] and "低于84" in msgs["丙"]
    assert all(f.level == REVIEW for r in ev.rows for f in r.record.findings if f.rule_code == "K10")


def test_bad_values_are_findings_not_crashes():
    text = ledger(姓名="甲", 服务天数="很多", 企业评价得分=90)
    negative = ledger(姓名="乙", 服务天数=100, 技术攻关项目数=-2, 企业评价得分=90)
    over = ledger(姓名="丙", 服务天数=100, 企业评价得分=105)
    ev = G.evaluate([text, negative, over], load_policy("wenzhou"), year=2025)
    assert "K01" in codes(text) and ev.rows[0].grade == "不合格"  # unusable days count 0 < 90
    assert any("“很多”无法使用" in r for r in ev.rows[0].reasons)
    # 100+ days give 20 + 36 = 56 < 60, but then every stated minimum is met and 60 is a default line: the
    # real value could make it 合格, so the grade is provisional (no ban)
    assert ev.rows[0].provisional
    assert "K02" in codes(negative) and ev.rows[1].values["技术攻关项目数"] is None
    assert "K03" in codes(over) and ev.rows[2].score == 20  # enterprise score ignored: 100 days → 20
    for rec in (text, negative, over):
        assert any(f.level == REVIEW for f in rec.findings)


def test_person_twice_in_a_year():
    a = ledger(姓名="甲", 身份证号="330302198503121234", 服务天数=100, 企业评价得分=90, 企业名称="一厂")
    b = ledger(姓名="甲", 身份证号="330302198503121234", 服务天数=100, 企业评价得分=90, 企业名称="二厂")
    ev = G.evaluate([a, b], load_policy("wenzhou"), year=2025)
    assert "K05" in codes(a) and "K05" in codes(b)
    assert ev.needs_attention


def test_other_years_left_out_and_default_year():
    a = ledger(姓名="甲", 年度=2024, 服务天数=100)
    b = ledger(姓名="乙", 年度=2025, 服务天数=100)
    ev = G.evaluate([a, b], load_policy("wenzhou"))
    assert ev.year == 2025 and [r.name for r in ev.rows] == ["乙"] and ev.other_years == {2024: 1}


def test_excellent_share_cap():
    data = copy.deepcopy(load_policy("wenzhou").data)
    data["evaluation"]["excellent_share_cap"] = 0.2
    rows = [
        ledger(
            姓名=f"P{i}",
            服务天数=100,
            企业评价得分=100 - i,
            技术攻关项目数=3,
            解决技术难题数=3,
            知识产权申请数=2,
        )
        for i in range(5)
    ]
    ev = G.evaluate(rows, data, year=2025)
    assert [r.grade for r in ev.rows] == ["优秀", "合格", "合格", "合格", "合格"]
    assert any(f.rule_code == "K14" and f.level == NOTICE for f in rows[1].findings)


def test_unknown_to_history():
    history = [
        Record(
            "history",
            {"姓名": "老", "年度": 2024, "等次": "合格", "企业名称": "一厂"},
            {},
            "h.xlsx",
            "考核结果",
            3,
        )
    ]
    new = ledger(姓名="新", 服务天数=100)
    missing = ledger(姓名="缺", 服务天数=100, 聘期开始=dt.date(2024, 3, 1))
    moved = ledger(姓名="老", 服务天数=100, 企业名称="二厂")
    G.evaluate([new, missing, moved], load_policy("wenzhou"), year=2025, history=history)
    assert any(f.rule_code == "K31" and f.level == NOTICE for f in new.findings)
    assert any(f.rule_code == "K31" and f.level == REVIEW for f in missing.findings)
    assert any(f.rule_code == "K32" for f in moved.findings)


def test_bad_policy_section_is_a_user_error():
    data = copy.deepcopy(load_policy("wenzhou").data)
    del data["evaluation"]["thresholds"]["合格"]
    with pytest.raises(FuzongError) as exc:
        G.evaluate([ledger(姓名="甲")], data, year=2025)
    assert "thresholds" in exc.value.message and exc.value.code == 2


def test_every_builtin_policy_grades():
    for name in ("generic", "wenzhou", "xinxiang", "liaocheng", "hubei"):
        ev = G.evaluate([ledger(姓名="甲", 服务天数=100, 企业评价得分=90)], load_policy(name), year=2025)
        assert ev.rows[0].grade in ev.rules.grades


def test_new_person_at_a_known_enterprise_and_blank_names():
    history = [
        Record(
            "history",
            {
                "姓名": "旧人",
                "年度": 2024,
                "等次": "合格",
                "企业名称": "一厂",
                "统一社会信用代码": "91330302MA2AN1K31D",
            },
            {},
            "h.xlsx",
            "考核结果",
            3,
        )
    ]
    # same credit code, the name written differently: still the same enterprise
    newcomer = ledger(
        姓名="新人", 服务天数=100, 企业名称="一厂（温州）", 统一社会信用代码="91330302MA2AN1K31D"
    )
    blank1 = ledger(姓名=None, 服务天数=100)
    blank2 = ledger(姓名=None, 服务天数=100)
    start = ledger(姓名="时", 服务天数=100, 聘期开始=dt.datetime(2025, 3, 1, 0, 0))
    G.evaluate([newcomer, blank1, blank2, start], load_policy("wenzhou"), year=2025, history=history)
    notes = [f for f in newcomer.findings if f.rule_code == "K33"]
    assert notes and "旧人" in notes[0].message and notes[0].level == NOTICE
    assert "K05" not in codes(blank1) and "K05" not in codes(blank2)
