"""Policy fidelity, second pass (issue 10, ../shared/reviews/policy-audit-2026-12.md): one test per clause fixed.

Every docstring quotes the clause (../shared/policy-sources/); every expected value is worked out by hand from it
and from the built-in policy's numbers (rubric weights and score lines are fuzong's defaults, marked so).
"""

from __future__ import annotations

import copy
import datetime as dt

import openpyxl
from conftest import run_cli
from test_eligibility import codes, expert, need, uscc
from test_eligibility import run as check

from fuzong_cli.decide import grading as G
from fuzong_cli.decide import identity
from fuzong_cli.policy import load_policy
from fuzong_cli.read import values as V
from fuzong_cli.records import FAIL, NOTICE, REVIEW, Record

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


# --------------------------------------------------------------------------------- evaluation period


def test_wenzhou_term_end_evaluation_sums_the_whole_term():
    """温州方案 六(二) “科技副总实施期满评价，于派驻期结束时开展……评价结果分为优秀、合格和不合格”;
    六(四) “原则上每年以各种形式为企业累计服务时间不少于3个月”.

    Term 2025-03-01 … 2027-02-28; the 2027 row covers January–February only (20 days). The 期满 grade uses all
    three rows: 2025 (10 months) 80 + 2026 100 + 2027 20 = 200 days over 24 months ≥ 90 × 24/12 = 180.
    Score: days annualised 200 × 12/24 = 100 → 20 (cap); counts 3+3+1 = 7 攻关 → 7×12/24 = 3.5 → 15 (cap) …
    every item at its cap but 企业 90 × 0.4 = 36 → 20 + 15 + 15 + 10 + 36 = 96 → 优秀.
    Before: the 2027 row alone (20 < 90) made the person 不合格."""
    base = {"姓名": "末年两个月", "聘期开始": dt.date(2025, 3, 1)}
    rows = term_rows(
        base,
        {
            2025: {"服务天数": 80, **WZ},
            2026: {"服务天数": 100, **WZ},
            2027: {
                "服务天数": 20,
                "技术攻关项目数": 1,
                "解决技术难题数": 1,
                "知识产权申请数": 1,
                "企业评价得分": 90,
            },
        },
    )
    ev = G.evaluate(rows, load_policy("wenzhou"), year=2027, as_of=dt.date(2027, 3, 15))
    (row,) = ev.rows
    assert row.counts_for_cycle and row.years_used == [2025, 2026, 2027]
    assert row.grade == "优秀" and row.score == 96
    assert "2025、2026、2027年台账合计" in row.reasons[0] and "24个月" in row.reasons[0]
    assert not any(f.rule_code == "K10" for f in row.record.findings)


def test_wenzhou_term_end_with_only_the_last_row_is_for_review():
    """温州方案 六(二) 期满评价: with only the final two-month row the earlier 22 months are unknown — the row says
    which years are missing (K17, 待复核) and which it used; it is never a settled 不合格."""
    rows = [ledger(姓名="只有末年", 聘期开始=dt.date(2025, 3, 1), 年度=2027, 服务天数=20, **WZ)]
    (row,) = G.evaluate(rows, load_policy("wenzhou"), year=2027).rows
    assert any(
        f.rule_code == "K17" and f.level == REVIEW and "2025、2026年" in f.message
        for f in row.record.findings
    )
    assert row.years_used == [2027]
    # 20 days in 2 months ≥ 90 × 2/12 = 15: the prorated minimum is met
    assert not any(f.rule_code == "K10" for f in row.record.findings)


def test_wenzhou_non_final_year_is_a_yearly_status():
    """温州方案 六(二) grades at the end of the term; 五(一) “每年工作成效排前十” ranks every year. A 2026 row of a
    2025-03-01 term is ranked but its 等次 is only a reference (K13), with no grade consequence."""
    rows = [ledger(姓名="中间年", 聘期开始=dt.date(2025, 3, 1), 年度=2026, 服务天数=100, **WZ)]
    ev = G.evaluate(rows, load_policy("wenzhou"), year=2026)
    (row,) = ev.rows
    assert row.counts_for_cycle is False and row.top
    assert any(
        f.rule_code == "K13" and f.level == NOTICE and "2027年" in f.message for f in row.record.findings
    )


def test_wenzhou_new_appointee_minimum_is_prorated():
    """温州方案 六(四) “原则上每年……累计服务时间不少于3个月”: 聘期开始 2026-10-01 serves 3 months of 2026, so it owes
    90 × 3/12 = 22.5 days; 40 days meet it (before: 不合格 “服务天数40，低于90”)."""
    rec = ledger(姓名="W新聘10月", 聘期开始=dt.date(2026, 10, 1), 年度=2026, 服务天数=40, **WZ)
    (row,) = G.evaluate([rec], load_policy("wenzhou"), year=2026).rows
    assert row.grade != "不合格"
    assert not any(f.rule_code == "K10" for f in rec.findings)
    short = ledger(姓名="W新聘10月少", 聘期开始=dt.date(2026, 10, 1), 年度=2026, 服务天数=22, **WZ)
    G.evaluate([short], load_policy("wenzhou"), year=2026)
    (k10,) = [f for f in short.findings if f.rule_code == "K10"]
    assert k10.level == REVIEW and "低于22.5" in k10.message and "3个月" in k10.message


def test_xinxiang_new_appointee_and_term_end():
    """新乡计划 三(一)3 “每年原则上不少于45天”; 六(四) the 考核 follows the 工作期满 summary report.

    Start 2026-11-01: 2 months of 2026 owe 45 × 2/12 = 7.5 days; 20 days meet it (before: 不合格)."""
    rec = ledger(姓名="X新聘11月", 聘期开始=dt.date(2026, 11, 1), 年度=2026, 服务天数=20, **XX)
    (row,) = G.evaluate([rec], load_policy("xinxiang"), year=2026).rows
    assert not any(f.rule_code == "K10" for f in rec.findings) and row.counts_for_cycle is False


def test_xinxiang_report_missing_is_review_with_reason():
    """新乡计划 六(四) “工作期满前一个月，‘科技副总’向所在县（市、区）的组织、科技部门提交总结报告”: a duty, not a
    grade condition. A 98-point final year with 总结报告已提交 = 否 is 待复核 (K11) naming the reason, not 不合格."""
    base = {"姓名": "报告否", "聘期开始": dt.date(2025, 1, 1)}
    rows = term_rows(
        base,
        {
            2025: {"服务天数": 75, **XX, "总结报告已提交": False},
            2026: {"服务天数": 75, **XX, "总结报告已提交": False},
        },
    )
    (row,) = G.evaluate(rows, load_policy("xinxiang"), year=2026).rows
    assert row.grade == "优秀"  # 75 → 15, 20, 15, 10, 36 = 96
    (k11,) = [f for f in row.record.findings if f.rule_code == "K11"]
    assert k11.level == REVIEW and "总结报告未提交" in k11.message


def test_liaocheng_biennial_assessment_over_two_years():
    """聊城办法 第十七条 “每两年对‘科技副总’进行绩效考核”; 第七条1 “每年开展技术服务不少于10次，累计驻企服务时间
    不少于30天”.

    Term from 2025-03-01: the first two years end 2027-02-28, so 2027 is the 考核年度 and its row covers Jan–Feb
    (12 days, 4 services). Over the cycle: 30 + 30 + 12 = 72 days ≥ 30 × 24/12 = 60; 10 + 10 + 4 = 24 services ≥ 20.
    A person who met 第七条 in both service years is not 不合格 and gets no ban (before: 不合格, ban to 2029-12-31)."""
    base = {"姓名": "L考核年2个月", "聘期开始": dt.date(2025, 3, 1), "企业评价得分": 90}
    two_months = {"服务天数": 12, "技术服务次数": 4, "新技术新工艺新产品数": 0, "知识产权申请数": 0}
    two_months |= {"培训宣讲次数": 1, "培养人才数": 2}
    rows = term_rows(
        base,
        {2025: {"服务天数": 30, **LC_YEAR}, 2026: {"服务天数": 30, **LC_YEAR}, 2027: two_months},
    )
    ev = G.evaluate(rows, load_policy("liaocheng"), year=2027, as_of=dt.date(2027, 3, 15))
    (row,) = ev.rows
    assert row.grade != "不合格" and row.ban_until is None and row.counts_for_cycle
    assert row.years_used == [2025, 2026, 2027]
    assert not any(f.level == FAIL for f in row.record.findings)


def test_liaocheng_biennial_shortfall_over_the_cycle_is_failed_and_banned():
    """聊城办法 第十七条 “对评定为不合格的……两年内不得再次申报”: a term from 2024-01-01 has its cycle 2024–2025;
    25 + 30 = 55 days < 30 × 2 = 60 → 不合格 (第七条1 is a stated minimum), ban to 2027-12-31."""
    base = {"姓名": "少5天", "聘期开始": dt.date(2024, 1, 1), "企业评价得分": 90}
    rows = term_rows(base, {2024: {"服务天数": 25, **LC_YEAR}, 2025: {"服务天数": 30, **LC_YEAR}})
    (row,) = G.evaluate(rows, load_policy("liaocheng"), year=2025).rows
    assert row.grade == "不合格" and row.ban_until == dt.date(2027, 12, 31)
    assert any("评价期合计服务天数55，低于60" in f.message for f in row.record.findings if f.level == FAIL)


# --------------------------------------------------------------------------------- defaults, units, values


def test_default_score_line_never_fails_someone_meeting_every_minimum():
    """温州方案 六(二) names the grades but no score line (85/60 are fuzong's defaults). 何伟 meets 六(四)'s
    3 months (110 days) but scores 22 + 0 + 5 + 0 + 30 = 55 < 60: 合格 for review (K12), never 不合格."""
    rec = ledger(
        姓名="何伟", 服务天数=110, 技术攻关项目数=0, 解决技术难题数=1, 知识产权申请数=0, 企业评价得分=75
    )
    (row,) = G.evaluate([rec], load_policy("wenzhou"), year=2025).rows
    assert row.score == 55 and row.grade == "合格"
    (k12,) = [f for f in rec.findings if f.rule_code == "K12"]
    assert k12.level == REVIEW and G.DEFAULT_LABEL in k12.message and k12.source == ""


def test_defaults_are_labelled_in_the_workbook(tmp_path):
    """SPEC §3: a number the source does not give is a default. The 说明 sheet shows the score lines and the
    rubric as “默认值（政策未规定）”, never with 温州方案 六(二) as their 依据."""
    wb = openpyxl.Workbook()
    wb.active.append(["姓名", "企业名称", "年度", "服务天数", "企业评价得分"])
    wb.active.append(["甲", "一厂", 2025, 100, 100])
    wb.save(tmp_path / "台账.xlsx")
    out = tmp_path / "o.xlsx"
    run_cli("evaluate", tmp_path / "台账.xlsx", "--policy", "wenzhou", "-o", out)
    info = dict(openpyxl.load_workbook(out)["说明"].iter_rows(min_row=2, values_only=True))
    assert "默认值（政策未规定）" in info["分数线"] and "（温州方案 六(二)）" not in info["分数线"]
    assert "默认值（政策未规定）" in info["评分细则"]


def test_impossible_values_are_findings_not_grades():
    """No year has 400 days and no one files 10^15 patents: counted 0 for review (K03), never graded 优秀."""
    days = ledger(姓名="四百天", 服务天数=400, **WZ)
    many = ledger(姓名="很多专利", 服务天数=100, **{**WZ, "知识产权申请数": 10**15})
    ev = G.evaluate([days, many], load_policy("wenzhou"), year=2025)
    assert any(f.rule_code == "K03" and "366" in f.message for f in days.findings)
    assert any(f.rule_code == "K03" and f.field == "知识产权申请数" for f in many.findings)
    assert ev.rows[1].values["知识产权申请数"] is None


def test_one_mistyped_year_does_not_change_the_evaluated_year():
    """A 年度 of 2062 (for 2026) is not the year to evaluate: the latest plausible 年度 (≤ --as-of) is."""
    rows = [
        ledger(姓名="甲", 年度=2026, 服务天数=100, **WZ),
        ledger(姓名="乙", 年度=2062, 服务天数=100, **WZ),
    ]
    ev = G.evaluate(rows, load_policy("wenzhou"), as_of=dt.date(2026, 12, 1))
    assert ev.year == 2026 and ev.other_years == {2062: 1}


# --------------------------------------------------------------------------------- money and identity


def test_xinxiang_one_off_subsidy_is_not_paid_again_on_renewal():
    """新乡计划 五(二) “一次性给予‘科技副总’2万元补助”: the history shows 张三 in 2025 and 2026; a renewal term
    starting 2027-01-01 pays nothing (before: 20,000 again)."""
    history = [
        Record(
            "history",
            {"姓名": "张三", "身份证号": "X1", "年度": y, "等次": "优秀"},
            {},
            "h.xlsx",
            "考核结果",
            i,
        )
        for i, y in enumerate((2025, 2026), start=3)
    ]
    rec = ledger(姓名="张三", 身份证号="X1", 年度=2027, 聘期开始=dt.date(2027, 1, 1), 服务天数=75, **XX)
    (row,) = G.evaluate([rec], load_policy("xinxiang"), year=2027, history=history).rows
    assert row.money == 0 and any("续聘，不再发放" in n for n in row.money_notes)
    first = ledger(姓名="李四", 年度=2027, 聘期开始=dt.date(2027, 1, 1), 服务天数=75, **XX)
    (paid,) = G.evaluate([first], load_policy("xinxiang"), year=2027, history=history).rows
    assert paid.money == 20000


def test_one_person_typed_with_both_bracket_widths_is_paid_once():
    """新乡计划 五(二) 2万元 per person: 河南师范大学(化学学院) and 河南师范大学（化学学院） are the same unit, so the
    same 姓名 is the same person — K05 on both rows, the subsidy once (before: paid twice)."""
    a = ledger(
        姓名="王五",
        工作单位="河南师范大学(化学学院)",
        企业名称="一厂",
        聘期开始=dt.date(2025, 3, 1),
        服务天数=75,
        **XX,
    )
    b = ledger(
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


# --------------------------------------------------------------------------------- eligibility


def test_relaxation_for_mature_results_and_urgent_need():
    """温州方案 二(一)3 “对拥有核心知识产权或成熟科技成果、我市企业急需紧缺的人才，可适当放宽学历、职称等要求”;
    新乡计划 三(一)5 the same for 年龄、学历. 学士 + 讲师 with 代表性成果 “成熟科技成果已产业化” → 待复核, not 不通过;
    so is one whose 备注 says 急需紧缺."""
    for policy in ("wenzhou", "xinxiang"):
        mature = expert(职称="讲师", 学历="大学本科", 学位="学士", 代表性成果="成熟科技成果已产业化：XX装备")
        urgent = expert(职称="讲师", 学历="大学本科", 学位="学士")
        urgent.extra["备注"] = "企业急需紧缺人才"
        plain = expert(职称="讲师", 学历="大学本科", 学位="学士")
        check(policy, mature, urgent, plain)
        assert "E01" in codes(mature, REVIEW) and "E01" not in codes(mature, FAIL)
        assert "E01" in codes(urgent, REVIEW) and "急需紧缺" in " ".join(f.message for f in urgent.findings)
        assert "E01" in codes(plain, FAIL)


def test_month_only_birth_date_at_the_age_boundary_is_review():
    """新乡计划 三(一)2 “初聘年龄一般不超过50周岁”: 出生年月 “1975.12” on 2026-12-01 is 51 for a birthday on
    12-01 but 50 for 12-02…12-31 → 待复核, not 不通过. “1974.12” is 51 or 52: 不通过."""
    edge = expert(出生年月=dt.date(1975, 12, 1))
    edge.raw["出生年月"] = "1975.12"
    old = expert(出生年月=dt.date(1974, 12, 1))
    old.raw["出生年月"] = "1974.12"
    check("xinxiang", edge, old)
    assert "E03" in codes(edge, REVIEW) and "E03" not in codes(edge, FAIL)
    assert "E03" in codes(old, FAIL)


def test_month_only_work_start_at_the_boundary_is_review():
    """温州方案 二(一)2 “参加工作应满两年以上”: 参加工作时间 “2024.12” on 2026-12-01 may be 2 years (12-01) or
    1 year 11 months (12-02…) → 待复核 (before: 通过)."""
    rec = expert(参加工作时间=dt.date(2024, 12, 1))
    rec.raw["参加工作时间"] = "2024.12"
    check("wenzhou", rec)
    assert "E05" in codes(rec, REVIEW)


def test_independent_legal_person():
    """温州方案 二(三)1 “独立法人企业”; 新乡计划 三(二)1、聊城办法 第九条1 “具有独立法人资格”. A credit code 92…
    (个体工商户) is no legal person → 不通过; a name ending 分公司 is a branch → 待复核."""
    for policy, division in (("wenzhou", "330302"), ("xinxiang", "410702"), ("liaocheng", "371502")):
        first17 = f"92{division}MA2AB3CD".ljust(17, "0")
        shop = need(统一社会信用代码=first17 + V.uscc_check_char(first17))
        branch = need(企业名称="浙江示例科技有限公司温州分公司", 统一社会信用代码=uscc(division))
        check(policy, shop, branch)
        assert "Q09" in codes(shop, FAIL), policy
        assert "Q09" in codes(branch, REVIEW), policy


def test_liaocheng_d_tax_credit_fails():
    """聊城办法 第九条1 “近三年内无重大违法违规行为和不良信用记录”: 纳税信用 D 级 is a 不良信用记录 → 不通过 (the
    TOML's own comment); C stays 待复核 and says its A/B/M set is a default."""
    d = need(统一社会信用代码=uscc("371502"), 纳税信用等级="D")
    c = need(统一社会信用代码=uscc("371502", "MA2AB3CE"), 纳税信用等级="C")
    check("liaocheng", d, c)
    assert "Q06" in codes(d, FAIL)
    assert "Q06" in codes(c, REVIEW) and "默认值（政策未规定）" in " ".join(f.message for f in c.findings)


def test_liaocheng_rd_floor_is_labelled_default():
    """聊城办法 第九条2 “研发投入占主营业务收入的比例符合国家或本市相关规定要求” gives no number: the 3 % floor is
    fuzong's default and the message says so."""
    rec = need(统一社会信用代码=uscc("371502"), 研发投入占比=2.9)
    rec.raw["研发投入占比"] = "2.9%"
    check("liaocheng", rec)
    (q05,) = [f for f in rec.findings if f.rule_code == "Q05"]
    assert q05.level == REVIEW and "默认值（政策未规定）" in q05.message


# --------------------------------------------------------------------------------- validity, agreements


def test_validity_window_is_warned_by_every_command(tmp_path):
    """聊城办法 第二十三条 “本办法自2025年7月1日起施行，有效期至2030年6月30日”（征求意见稿）; 湖北方案 一 “从
    2020 年起连续 5 年”. --as-of outside the window → a plain Chinese warning beside 使用政策."""
    wb = openpyxl.Workbook()
    wb.active.append(["企业名称", "统一社会信用代码"])
    wb.active.append(["聊城示例有限公司", uscc("371502")])
    wb.save(tmp_path / "需求.xlsx")
    late = run_cli(
        "validate",
        tmp_path / "需求.xlsx",
        "--policy",
        "liaocheng",
        "--as-of",
        "2030-07-01",
        "-o",
        tmp_path / "a.xlsx",
    )
    assert "不在本政策的有效期（2025-07-01至2030-06-30" in late.stdout and "征求意见稿" in late.stdout
    inside = run_cli(
        "validate",
        tmp_path / "需求.xlsx",
        "--policy",
        "liaocheng",
        "--as-of",
        "2030-06-30",
        "-o",
        tmp_path / "b.xlsx",
    )
    assert "有效期" not in inside.stdout
    hubei = load_policy("hubei").validity_warnings(dt.date(2026, 12, 1))
    assert hubei and "2024-12-31" in hubei[0]
    assert load_policy("hubei").validity_warnings(dt.date(2024, 12, 31)) == []


def test_hubei_agreement_third_party_is_the_receiving_place():
    """湖北方案 四(三) “组织接收企业、选派人员及接收地方签订‘科技副总’三方项目合同书”: 丙方 is the 接收地方, not the
    dispatching unit; other policies keep 丙方 = 派出单位."""
    from fuzong_cli.write.documents import agreement_terms, pair_context

    terms = agreement_terms(load_policy("hubei"))
    assert terms["丙方称谓"] == "接收地方" and terms["丙方依据"] == "湖北方案 四(三)"
    values = {"企业名称": "一厂", "专家姓名": "张三", "工作单位": "武汉大学", "县（市、区）": "武汉市"}
    ctx, _ = pair_context(values, {}, terms, 1, set(), dt.date(2026, 1, 1))
    assert ctx["丙方"] == "武汉市"  # printed as 丙方（接收地方）：武汉市 by the default template
    wz, _ = pair_context(values, {}, agreement_terms(load_policy("wenzhou")), 1, set(), dt.date(2026, 1, 1))
    assert wz["丙方"] == "武汉大学" and agreement_terms(load_policy("wenzhou"))["丙方称谓"] == "派出单位"


def test_formula_cells_without_values_are_findings(tmp_path):
    """A workbook saved by a script (or some WPS versions) keeps ``=SUM(10,90)`` without its value: every
    library reads it as blank. The cell's finding says so (D13) and the grade is provisional, never a silent 0."""
    wb = openpyxl.Workbook()
    wb.active.append(
        [
            "姓名",
            "企业名称",
            "年度",
            "服务天数",
            "技术攻关项目数",
            "解决技术难题数",
            "知识产权申请数",
            "企业评价得分",
        ]
    )
    wb.active.append(["甲", "一厂", 2025, "=SUM(10,90)", 3, 3, 2, 90])
    wb.save(tmp_path / "台账.xlsx")  # openpyxl writes formulas with no cached value
    out = tmp_path / "o.xlsx"
    assert run_cli("evaluate", tmp_path / "台账.xlsx", "--policy", "wenzhou", "-o", out).code == 1
    ws = openpyxl.load_workbook(out)["考核结果"]
    headers = [c.value for c in ws[3]]
    got = dict(zip(headers, next(ws.iter_rows(min_row=4, values_only=True))))
    assert "[D13]" in got["问题说明"] and "公式未计算，请在 Excel/WPS 中打开并保存后重试" in got["问题说明"]
    # without the days: 15 + 15 + 10 + 36 = 76; with them up to 96 (优秀): provisional
    assert "[K15]" in got["问题说明"] and got["考核得分"] == 76
    from fuzong_cli.read.forms import read_records

    (rec,) = read_records([tmp_path / "台账.xlsx"], "ledger").records
    assert rec.values["服务天数"] is None and any(f.rule_code == "D13" for f in rec.findings)


def _ledger_book(path, rows):
    headers = ["姓名", "身份证号", "工作单位", "企业名称", "年度", "聘期开始", "服务天数", "技术服务次数"]
    headers += ["新技术新工艺新产品数", "知识产权申请数", "培训宣讲次数", "培养人才数", "企业评价得分"]
    wb = openpyxl.Workbook()
    wb.active.append(headers)
    for r in rows:
        wb.active.append([r.get(h) for h in headers])
    wb.save(path)
    return path


def test_liaocheng_cycle_through_history_round_trip(tmp_path):
    """聊城办法 第十七条 “每两年对‘科技副总’进行绩效考核……对评定为不合格的，撤销其‘科技副总’选派资格，取消其承担
    ‘科技副总’协同创新项目的资格，且两年内不得再次申报”.

    Term from 2025-01-01, cycle 2025–2026. 2025 is evaluated alone (a yearly status, no ban), its 考核结果 is given
    as --history in 2026: the cycle sums 2025 (20 天, 8 次) + 2026 (30 天, 10 次) = 50 天 < 60 → 不合格 over the
    two years, ban to 2028-12-31, and the 名单 says the appointment is revoked."""
    base = {
        "姓名": "两年",
        "身份证号": None,
        "工作单位": "聊城大学",
        "企业名称": "一厂",
        "聘期开始": dt.date(2025, 1, 1),
    }
    more = {
        "新技术新工艺新产品数": 1,
        "知识产权申请数": 1,
        "培训宣讲次数": 3,
        "培养人才数": 10,
        "企业评价得分": 90,
    }
    first = _ledger_book(
        tmp_path / "2025.xlsx", [{**base, "年度": 2025, "服务天数": 20, "技术服务次数": 8, **more}]
    )
    hist = tmp_path / "考核结果_2025.xlsx"
    run_cli("evaluate", first, "--policy", "liaocheng", "--as-of", "2026-01-10", "-o", hist)
    ws = openpyxl.load_workbook(hist)["考核结果"]
    headers = [c.value for c in ws[3]]
    got = dict(zip(headers, next(ws.iter_rows(min_row=4, values_only=True))))
    assert got["禁止申报截止"] is None  # 2025 is no 考核年度
    second = _ledger_book(
        tmp_path / "2026.xlsx", [{**base, "年度": 2026, "服务天数": 30, "技术服务次数": 10, **more}]
    )
    out = tmp_path / "o.xlsx"
    run_cli(
        "evaluate", second, "--history", hist, "--policy", "liaocheng", "--as-of", "2027-01-10", "-o", out
    )
    wb = openpyxl.load_workbook(out)
    ws = wb["考核结果"]
    headers = [c.value for c in ws[3]]
    got = dict(zip(headers, next(ws.iter_rows(min_row=4, values_only=True))))
    assert got["等次"] == "不合格" and got["禁止申报截止"] == dt.datetime(2028, 12, 31)
    assert "2025、2026年台账合计" in got["等次说明"] and "评价期合计服务天数50，低于60" in got["等次说明"]
    lists = [r for r in wb["名单"].iter_rows(min_row=3, values_only=True) if r[0] == "不合格"]
    assert lists and "撤销其“科技副总”选派资格" in lists[0][9]
