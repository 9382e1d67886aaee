"""Policy loading, resolution and checking; the built-ins against SPEC §3 and their source clauses."""

from __future__ import annotations

import re

import pytest

from fuzong_cli.errors import FuzongError
from fuzong_cli.policy import builtin_names, builtin_text, check_policy_text, load_policy

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
