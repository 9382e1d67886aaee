"""Policy loading, resolution and checking; the built-ins against SPEC §3 and their source clauses."""

from __future__ import annotations

import datetime as dt
import re

import openpyxl
import pytest
from support_grading import LC_YEAR, WZ, XX, ledger, term_rows

from fuzong_cli.decide import grading as G
from fuzong_cli.errors import FuzongError
from fuzong_cli.policy import builtin_names, builtin_text, check_policy_text, load_policy
from fuzong_cli.read.values import id_check_char
from fuzong_cli.records import FAIL, NOTICE, REVIEW, Record

CITIES = ["wenzhou", "xinxiang", "liaocheng", "hubei"]
CITATION = {"wenzhou": "温州方案", "xinxiang": "新乡计划", "liaocheng": "聊城办法", "hubei": "湖北方案"}


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch, tmp_path):
    monkeypatch.delenv("FUZONG_POLICY", raising=False)
    monkeypatch.chdir(tmp_path)


def test_builtins_are_listed_and_pass_their_own_check():
    assert builtin_names() == ["generic", "wenzhou", "xinxiang", "liaocheng", "hubei"]
    for name in builtin_names():
        assert check_policy_text(builtin_text(name)) == [], name
        assert load_policy(name).name == name


def test_every_rule_cites_its_clause_and_codes_are_stable_across_cities():
    codes: dict[str, str] = {}
    for name in builtin_names():
        for rule_name, rule in load_policy(name).rules().items():
            assert rule["source"].strip(), (name, rule_name)
            if name in CITATION:
                assert rule["source"].startswith(CITATION[name]), (name, rule_name, rule["source"])
            # the same rule has the same code in every policy
            assert codes.setdefault(rule_name, rule["code"]) == rule["code"], (name, rule_name)


def test_spec_table_cells():
    wz, xx, lc, hb, gen = (load_policy(n) for n in ["wenzhou", "xinxiang", "liaocheng", "hubei", "generic"])
    # expert degree / title
    assert (wz.rule("expert_qualification")["min_degree"], wz.rule("expert_qualification")["min_title"]) == (
        "硕士",
        "副高",
    )
    assert xx.rule("expert_qualification")["combine"] == "or"
    assert lc.rule("expert_qualification")["min_degree"] == "博士"
    assert lc.rule("expert_qualification")["relax_core_ip"] == "none"
    hq = hb.rule("expert_qualification")
    assert hq["combine"] == "and" and hq["require_results"] and "min_degree" not in hq
    # age
    assert xx.rule("expert_age")["max_age"] == 50 and xx.rule("expert_age")["relax_core_ip"] == "review"
    assert hb.rule("expert_age")["max_age"] == 45 and hb.rule("expert_age")["relax_if_preagreed"] == "review"
    assert wz.rule("expert_age") is None and wz.rule("young_talent")["max_age"] == 40
    assert lc.rule("expert_age") is None
    # years working
    assert wz.rule("expert_work_years")["min_years"] == 2 and lc.rule("expert_work_years")["min_years"] == 2
    assert xx.rule("expert_work_years") is None and hb.rule("expert_work_years") is None
    # bad record: not in Wenzhou
    assert wz.rule("expert_bad_record") is None
    assert all(p.rule("expert_bad_record")["years"] == 3 for p in (xx, lc, hb))
    # one enterprise per expert: not Hubei
    assert hb.rule("one_enterprise_per_expert") is None
    assert lc.rule("one_enterprise_per_expert")["max_enterprises_per_expert"] == 1
    assert xx.rule("one_enterprise_per_expert")["max_experts_per_enterprise"] == 1
    # registered in
    assert [p.region_codes for p in (wz, xx, lc, hb, gen)] == [["3303"], ["4107"], ["3715"], ["42"], []]
    assert hb.rule("enterprise_size")["allowed"] == ["中", "小", "微"]
    # qualifications
    assert wz.rule("enterprise_qualification")["mode"] == "priority"
    assert xx.rule("enterprise_qualification")["mode"] == "required"
    assert lc.rule("enterprise_age")["min_years"] == 1
    # founded by the expert, credit: not Hubei
    for rule in ("enterprise_not_founded_by_expert", "enterprise_credit"):
        assert all(p.rule(rule) for p in (wz, xx, lc)) and hb.rule(rule) is None
    # generic: only what all four share
    assert set(gen.rules()) == {"expert_qualification", "dispatching_unit"}


def test_counties():
    wz = load_policy("wenzhou").counties
    assert wz == [
        "鹿城区",
        "龙湾区",
        "瓯海区",
        "洞头区",
        "永嘉县",
        "平阳县",
        "苍南县",
        "文成县",
        "泰顺县",
        "瑞安市",
        "乐清市",
        "龙港市",
    ]
    assert "长垣市" in load_policy("xinxiang").counties and "茌平区" in load_policy("liaocheng").counties
    assert len(load_policy("hubei").counties) == 17


def test_defaults_are_marked_in_comments():
    text = builtin_text("liaocheng")
    line = next(ln for ln in text.splitlines() if ln.startswith("min_percent"))
    assert "# default" in line


def test_display_name():
    assert load_policy("wenzhou").display_name == "温州（温州市深化科技副总派驻工作实施方案，2025）"
    assert load_policy("xinxiang").display_name == "新乡（新乡市“科技副总”三年行动计划（2025—2027年））"


# ------------------------------------------------------------------------------------------ resolution


def test_resolution_order(monkeypatch, tmp_path):
    assert load_policy(None).name == "generic"
    (tmp_path / "fuzong.toml").write_text('policy = "hubei"\n', encoding="utf-8")
    assert load_policy(None).name == "hubei"
    monkeypatch.setenv("FUZONG_POLICY", "xinxiang")
    assert load_policy(None).name == "xinxiang"
    assert load_policy("liaocheng").name == "liaocheng"


def test_project_file_may_name_a_file_relative_to_itself(tmp_path, monkeypatch):
    sub = tmp_path / "conf"
    sub.mkdir()
    (sub / "mine.toml").write_text(
        builtin_text("wenzhou").replace('name = "wenzhou"', 'name = "mine"'), encoding="utf-8"
    )
    (tmp_path / "fuzong.toml").write_text('policy = "conf/mine.toml"\n', encoding="utf-8")
    policy = load_policy(None)
    assert policy.name == "mine" and policy.path == tmp_path / "conf" / "mine.toml"
    assert "mine.toml" in policy.display_name


def test_bad_name_lists_builtins():
    with pytest.raises(FuzongError) as err:
        load_policy("wenzou")
    assert err.value.code == 2
    assert (
        "wenzou" in err.value.message
        and "generic、wenzhou" in err.value.message
        and "是不是 wenzhou" in err.value.message
    )


def test_missing_file_and_bad_file_name_the_file_and_line(tmp_path):
    with pytest.raises(FuzongError, match="找不到政策文件"):
        load_policy(str(tmp_path / "nope.toml"))
    bad = tmp_path / "bad.toml"
    bad.write_text(builtin_text("wenzhou").replace("max_age = 40", 'max_age = "四十"'), encoding="utf-8")
    with pytest.raises(FuzongError) as err:
        load_policy(str(bad))
    line = next(
        i for i, ln in enumerate(bad.read_text(encoding="utf-8").splitlines(), 1) if ln.startswith("max_age")
    )
    assert str(bad) in err.value.message and f"第{line}行" in err.value.message


# ------------------------------------------------------------------------------------------ checking


def _line(text: str, starts: str) -> int:
    return next(i for i, ln in enumerate(text.splitlines(), 1) if ln.startswith(starts))


def test_check_reports_every_mistake_with_its_line():
    text = builtin_text("liaocheng")
    text = text.replace("min_years = 1\n", "min_yaers = 1\n")  # unknown key (and so a missing required one)
    text = text.replace("max_enterprises_per_expert = 1", 'max_enterprises_per_expert = "一"')  # wrong type
    text = text.replace(
        'source = "聊城办法 第五条4"\nlevel = "不通过"', 'source = "聊城办法 第五条4"\nlevel = "不合格"'
    )  # level
    text = text.replace(
        'grades = ["优秀", "良好", "合格", "不合格"]', 'grades = ["优秀", "良好", "合格", "不合格"]\nfoo = 1'
    )
    text = re.sub(r'"良好" = (\d+)', r'"较好" = \1', text, count=1)  # unknown grade name
    mistakes = check_policy_text(text)
    assert len(mistakes) == 6, mistakes
    joined = "\n".join(mistakes)
    assert f"第{_line(text, 'min_yaers')}行" in joined and "是不是“min_years”" in joined
    assert "缺少必填键“min_years”" in joined
    assert f"第{_line(text, 'max_enterprises_per_expert')}行" in joined and "应为 整数" in joined
    level_line = _line(text, 'level = "不合格"')
    assert f"第{level_line}行" in joined and "级别“不合格”无法识别" in joined
    assert f"第{_line(text, 'foo = 1')}行" in joined
    assert "等次“较好”无法识别" in joined
    # sorted by line
    numbers = [int(re.match(r"第(\d+)行", m).group(1)) for m in mistakes if m.startswith("第")]
    assert numbers == sorted(numbers)


def test_check_syntax_error_has_line():
    text = 'name = "x"\nlabel = "X"\ntitle = [1,\n'
    mistakes = check_policy_text(text)
    assert len(mistakes) == 1 and mistakes[0].startswith("第") and "TOML 语法错误" in mistakes[0]


def test_check_missing_top_keys_unknown_tables_duplicate_codes():
    text = (
        'name = "x"\nlabel = "X"\ntitle = "t"\nsource = "s"\n'
        'counties = [\n  "甲",\n  "乙",\n]\n'
        '[rules.expert_age]\ncode = "E03"\nsource = "s"\nlevel = "不通过"\nmax_age = 50\n'
        '[rules.young_talent]\ncode = "E03"\nsource = "s"\nlevel = "提示"\nmax_age = 40\n'
        "[rulez.x]\na = 1\n"
    )
    mistakes = check_policy_text(text)
    joined = "\n".join(mistakes)
    assert "缺少顶层键“city”" in joined
    assert f"第{_line(text, '[rulez.x]')}行" in joined and "是不是“rules”" in joined
    assert "规则编号“E03”与 [rules.expert_age] 重复" in joined
    dup_line = [i for i, ln in enumerate(text.splitlines(), 1) if ln == 'code = "E03"'][1]
    assert f"第{dup_line}行" in joined


def test_unknown_rule_table_is_reported():
    text = builtin_text("generic") + '\n[rules.expert_height]\ncode = "E99"\nsource = "s"\nlevel = "提示"\n'
    mistakes = check_policy_text(text)
    assert len(mistakes) == 1 and "expert_height" in mistakes[0]
    assert mistakes[0].startswith(f"第{_line(text, '[rules.expert_height]')}行")


def test_region_rule_needs_region_codes():
    text = builtin_text("wenzhou").replace('region_codes = ["3303"]', "region_codes = []")
    mistakes = check_policy_text(text)
    assert len(mistakes) == 1 and "region_codes" in mistakes[0]
    assert mistakes[0].startswith(f"第{_line(text, '[rules.enterprise_region]')}行")


@pytest.mark.parametrize(("made_under", "banned"), [("liaocheng", False), ("wenzhou", True)])
def test_history_blank_ban_of_an_evaluate_output_under_the_same_policy_is_honoured(
    tmp_path, made_under, banned
):
    person = "33030219770830115" + id_check_char("33030219770830115")
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "考核结果"
    ws.append(["姓名", "身份证号", "工作单位", "年度", "等次", "禁止申报截止", "等次说明"])
    ws.append(["何伟", person, "温州理工学院", 2026, "不合格", None, "非考核年度，等次作年度述职参考"])
    notes = wb.create_sheet("说明")
    notes.append(["项目", "内容"])
    notes.append(["政策", load_policy(made_under).display_name])
    wb.save(tmp_path / "考核结果_2026.xlsx")
    experts = tmp_path / "专家.xlsx"
    wb = openpyxl.Workbook()
    wb.active.append(["姓名", "身份证号", "学历", "职称", "工作单位", "单位类型", "参加工作时间"])
    wb.active.append(["何伟", person, "博士", "教授", "温州理工学院", "高校", "2000-01"])
    wb.save(experts)
    from fuzong_cli.runs.validate import run_validation

    report = run_validation(
        [experts], "auto", [tmp_path / "考核结果_2026.xlsx"], load_policy("liaocheng"), dt.date(2027, 3, 1)
    )
    (record,) = report.records
    assert any(f.rule_code == "X05" for f in record.findings) is banned


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


def test_hubei_agreement_third_party_is_the_receiving_place():
    """湖北方案 四(三) “组织接收企业、选派人员及接收地方签订‘科技副总’三方项目合同书”: 丙方 is the 接收地方, not the
    dispatching unit; other policies keep 丙方 = 派出单位."""
    from fuzong_cli.decide.agreements import agreement_terms, pair_context

    terms = agreement_terms(load_policy("hubei"))
    assert terms["丙方称谓"] == "接收地方" and terms["丙方依据"] == "湖北方案 四(三)"
    values = {"企业名称": "一厂", "专家姓名": "张三", "工作单位": "武汉大学", "县（市、区）": "武汉市"}
    ctx, _ = pair_context(values, {}, terms, 1, set(), dt.date(2026, 1, 1))
    assert ctx["丙方"] == "武汉市"  # printed as 丙方（接收地方）：武汉市 by the default template
    wz, _ = pair_context(values, {}, agreement_terms(load_policy("wenzhou")), 1, set(), dt.date(2026, 1, 1))
    assert wz["丙方"] == "武汉大学" and agreement_terms(load_policy("wenzhou"))["丙方称谓"] == "派出单位"
