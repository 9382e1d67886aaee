"""Issue 10, second round: the audit's C3 and its low-ranked MISSING rows (policy-audit-2026-12.md (b) 18–19).

Each test quotes the clause and checks the outcome worked out by hand from it; outputs are read back."""

from __future__ import annotations

import shutil
from importlib import resources

import openpyxl
from conftest import SAMPLE, run_cli

SET = SAMPLE / "matching"
ARGS = ("--as-of", "2026-11-24")


def _table(ws, header_row):
    rows = list(ws.iter_rows(min_row=header_row, values_only=True))
    headers = list(rows[0])
    return [dict(zip(headers, r)) for r in rows[1:] if any(v is not None for v in r)]


def _pairs(path):
    return _table(openpyxl.load_workbook(path)["配对结果"], 3)


def _set_cell(path, match_col, match_value, col, value, header_row=1):
    """Write ``value`` into column ``col`` of the row whose ``match_col`` is ``match_value``."""
    wb = openpyxl.load_workbook(path)
    ws = wb.worksheets[0] if "配对结果" not in wb.sheetnames else wb["配对结果"]
    header = [c.value for c in ws[header_row]]
    ci, cj = header.index(match_col) + 1, header.index(col) + 1
    hits = [r for r in range(header_row + 1, ws.max_row + 1) if ws.cell(r, ci).value == match_value]
    assert hits, match_value
    ws.cell(hits[0], cj).value = value
    wb.save(path)


def _conflict_set(tmp_path):
    """The tuning half of the matching set; the enterprise of the first 智能匹配 pair then gets that pair's
    expert as a 股东 (the expert has founded / invested in it)."""
    needs = shutil.copy(SET / "调优_企业需求表.xlsx", tmp_path / "needs.xlsx")
    experts = shutil.copy(SET / "调优_专家意向表.xlsx", tmp_path / "experts.xlsx")
    first = tmp_path / "first.xlsx"
    result = run_cli("match", needs, experts, "--policy", "wenzhou", *ARGS, "-o", first)
    assert result.code == 0, result.stderr
    pair = next(p for p in _pairs(first) if p["匹配方式"] == "智能匹配")
    _set_cell(needs, "企业名称", pair["企业名称"], "股东", f"{pair['专家姓名']}、温州某投资有限公司")
    return needs, experts, first, (pair["企业名称"], pair["专家姓名"])


def test_wenzhou_conflict_in_principle_is_a_pair_marked_for_review(tmp_path):
    # 温州方案 二(三)1：“原则上不应为科技副总申报人及所在单位创办、入股的企业” — “原则上”: validate says
    # 待复核 (X04), so match may make the pair but must mark it; a pair the staff lock is kept, marked.
    needs, experts, _, (firm, person) = _conflict_set(tmp_path)
    out = tmp_path / "review.xlsx"
    result = run_cli("match", needs, experts, "--policy", "wenzhou", *ARGS, "-o", out)
    assert result.code == 0, result.stderr
    pairs = {(p["企业名称"], p["专家姓名"]): p for p in _pairs(out)}
    assert (firm, person) in pairs
    basis = pairs[(firm, person)]["匹配依据"]
    assert basis.startswith("利益冲突待复核") and f"股东“{person}”是专家{person}本人" in basis
    assert "温州方案 二(三)1" in basis
    assert sum("利益冲突待复核" in p["匹配依据"] for p in pairs.values()) == 1
    assert "1 个配对存在利益冲突" in result.stderr
    notes = {r[0]: r[1] for r in openpyxl.load_workbook(out)["说明"].iter_rows(min_row=2, values_only=True)}
    assert "待复核" in notes["利益冲突"] and "温州方案 二(三)1" in notes["利益冲突"]
    # the staff lock it: kept (not an error), still marked
    _set_cell(out, "企业名称", firm, "锁定", "是", header_row=3)
    again = tmp_path / "again.xlsx"
    result = run_cli("match", needs, experts, "--policy", "wenzhou", *ARGS, "-o", again, "--locked", out)
    assert result.code == 0, result.stderr
    locked = {(p["企业名称"], p["专家姓名"]): p for p in _pairs(again)}[(firm, person)]
    assert locked["匹配方式"] == "人工锁定" and "利益冲突待复核" in locked["匹配依据"]


def test_conflict_at_fail_level_excludes_the_pair(tmp_path):
    # 新乡计划 三(二)5 “不得为申报人及所在高校、科研院所创办或入股企业”, 聊城办法 第九条1 “不含……”: level
    # 不通过. The same data under a copy of the Wenzhou policy whose X04 level is 不通过: never paired; locking
    # the pair is a clean error (exit 2).
    needs, experts, first, (firm, person) = _conflict_set(tmp_path)
    text = resources.files("fuzong_cli.policies").joinpath("wenzhou.toml").read_text(encoding="utf-8")
    head, rest = text.split("[rules.enterprise_not_founded_by_expert]", 1)
    rest = rest.replace('level = "待复核"', 'level = "不通过"', 1)
    strict = tmp_path / "strict.toml"
    strict.write_text(head + "[rules.enterprise_not_founded_by_expert]" + rest, encoding="utf-8")
    out = tmp_path / "hard.xlsx"
    result = run_cli("match", needs, experts, "--policy", strict, *ARGS, "-o", out)
    assert result.code == 0, result.stderr
    pairs = _pairs(out)
    assert (firm, person) not in {(p["企业名称"], p["专家姓名"]) for p in pairs}
    assert not any("利益冲突待复核" in p["匹配依据"] for p in pairs)
    _set_cell(first, "企业名称", firm, "锁定", "是", header_row=3)
    result = run_cli(
        "match", needs, experts, "--policy", strict, *ARGS, "-o", tmp_path / "x.xlsx", "--locked", first
    )
    assert result.code == 2 and "存在利益冲突" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "x.xlsx").exists()


def test_match_finds_persons_by_the_identity_module(tmp_path):
    # one definition of a person (decide/identity.py): a locked row typed 温州大学(化学学院) names the expert
    # of 温州大学（化学学院）
    from fuzong_cli.decide import identity
    from fuzong_cli.decide.matching import norm_name, person_key
    from fuzong_cli.records import Record
    from fuzong_cli.runs.match import _find_expert

    a = Record("experts", {"姓名": "张 三", "工作单位": "温州大学（化学学院）"}, {}, "e.xlsx", "S", 2)
    row = Record("pairs", {"专家姓名": "张三", "工作单位": "温州大学(化学学院)"}, {}, "p.xlsx", "S", 4)
    assert _find_expert(row, [a]) == (a, 1)
    assert norm_name is identity.norm_name and person_key(a) == identity.person_key(a)
    # 无 in the ID column of two people does not make them one person
    b = Record("experts", {"姓名": "李四", "工作单位": "温州大学", "身份证号": "无"}, {}, "e.xlsx", "S", 3)
    c = Record("experts", {"姓名": "王五", "工作单位": "温州大学", "身份证号": "无"}, {}, "e.xlsx", "S", 4)
    assert identity.person_key(b) != identity.person_key(c)


def _book(path, headers, rows):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(headers)
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path


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
    rows = {r["姓名"]: r for r in _table(wb["聘期台账"], 3)}
    assert rows["撤销甲"]["状态"] == "已撤销" and rows["撤销甲"]["下一事项"] in (None, "")
    assert "撤销其“科技副总”选派资格" in rows["撤销甲"]["问题说明"]
    assert rows["待核乙"]["状态"] != "已撤销" and "请核实" in rows["待核乙"]["问题说明"]
    assert rows["合格丙"]["状态"] != "已撤销"
    todo_names = {r["姓名"] for r in _table(wb["待办"], 2)}
    assert "撤销甲" not in todo_names and {"待核乙", "合格丙"} <= todo_names
    # Wenzhou has no revocation: the same rows keep their duties
    out2 = tmp_path / "terms_wz.xlsx"
    result = run_cli("terms", ledger, "--policy", "wenzhou", "--as-of", "2026-12-15", "-o", out2)
    rows = {r["姓名"]: r for r in _table(openpyxl.load_workbook(out2)["聘期台账"], 3)}
    assert rows["撤销甲"]["状态"] != "已撤销"


# ----------------------------------------------------------------- clauses the forms have no column for


def _check(policy, *records):
    from test_eligibility import run as check

    check(policy, *records)
    return records


def _hint(record, code):
    return [f for f in record.findings if f.rule_code == code]


def test_xinxiang_foreign_degree_needs_certification():
    # 新乡计划 三(一)2：“原则上应当具有硕士学位（境外学位需提供教育部留学服务中心学历认证）” → 提示
    from test_eligibility import expert

    from fuzong_cli.records import NOTICE

    abroad = expert(
        姓名="海归甲", 学历="研究生", 学位="硕士（境外）", 工作单位="河南师范大学", 参加工作时间=None
    )
    home = expert(姓名="本土乙", 学历="研究生", 学位="硕士", 工作单位="河南师范大学", 参加工作时间=None)
    _check("xinxiang", abroad, home)
    (f,) = _hint(abroad, "N04")
    assert f.level == NOTICE and "教育部留学服务中心学历认证" in f.message and f.source == "新乡计划 三(一)2"
    assert "境外" in f.message and _hint(home, "N04") == []
    # the clause is Xinxiang's: Wenzhou says nothing about it
    again = expert(姓名="海归甲", 学历="研究生", 学位="硕士（境外）")
    _check("wenzhou", again)
    assert _hint(again, "N04") == []


def test_xinxiang_related_experience_no_is_review():
    # 新乡计划 三(一)4：“具有与企业主营业务相关的工作经验” — a 相关工作经验 column saying 否 → 待复核
    from test_eligibility import expert

    from fuzong_cli.records import REVIEW

    e = expert(姓名="无经验丙", 工作单位="河南师范大学", 参加工作时间=None)
    e.extra["相关工作经验"] = "否"
    ok = expert(姓名="有经验丁", 工作单位="河南师范大学", 参加工作时间=None)
    ok.extra["相关工作经验"] = "是"
    _check("xinxiang", e, ok)
    (f,) = _hint(e, "N05")
    assert f.level == REVIEW and "主营业务相关的工作经验" in f.message and e.conclusion == REVIEW
    assert _hint(ok, "N05") == []


def _xx_need(**values):
    import datetime as dt

    from test_eligibility import need, uscc

    base = dict(统一社会信用代码=uscc("410702"), 成立日期=dt.date(2015, 1, 1), 企业资质=["高新技术企业"])
    base.update(values)
    return need(**base)


def test_xinxiang_state_owned_and_industrial_chain_hints():
    # 新乡计划 四(三)：“向国有企业选派的‘科技副总’按照相关规定程序办理”；三(二)4：“对主营业务与我市重点培育的
    # 产业链……一致的优先支持”（产业链未列出：靠栏目或备注）
    from fuzong_cli.records import NOTICE

    soe = _xx_need(企业名称="新乡国有甲公司")
    soe.extra["企业性质"] = "国有控股"
    private = _xx_need(企业名称="新乡民营乙公司", 统一社会信用代码=None)
    private.extra["企业性质"] = "民营（非国有）"
    chain = _xx_need(企业名称="新乡链主丙公司", 统一社会信用代码=None)
    chain.extra["备注"] = "主营业务属我市重点培育的产业链（电池新材料）"
    _check("xinxiang", soe, private, chain)
    (f,) = _hint(soe, "N07")
    assert f.level == NOTICE and "按照相关规定程序办理" in f.message and f.source == "新乡计划 四(三)"
    assert _hint(private, "N07") == []
    (g,) = _hint(chain, "N06")
    assert g.level == NOTICE and g.message.startswith("优先支持：") and g.source == "新乡计划 三(二)4"
    from fuzong_cli.decide.eligibility import priority_tags

    assert any("重点产业链" in t for t in priority_tags(chain))


def test_wenzhou_talent_programme_preexisting_appointee_and_accounting_credit():
    # 温州方案 二(一)3 “发动获得过省级以上重大人才工程的高精尖人才积极参与” → 提示标签；
    # 二(一)4 “本方案实施前已受聘合作企业，签订合作协议、受聘期限不少于两年、有真实服务报酬” → 提示（核对协议）；
    # 二(三)2 “会计信用和纳税信用良好” → a 会计信用 column saying 不良 → 待复核
    from test_eligibility import expert, need, uscc

    from fuzong_cli.records import NOTICE, REVIEW

    star = expert(姓名="人才甲")
    star.extra["备注"] = "入选浙江省万人计划（省级以上重大人才工程）"
    old = expert(姓名="老聘乙", 工作单位="温州医科大学")
    old.extra["备注"] = "2024年已受聘该企业，协议三年"
    plain = expert(姓名="普通丙", 工作单位="温州理工学院")
    bad = need(企业名称="温州会计差公司", 统一社会信用代码=uscc("330302"))
    bad.extra["会计信用"] = "不良"
    good = need(企业名称="温州会计好公司", 统一社会信用代码=uscc("330302", "MA2AB3CE"))
    good.extra["会计信用"] = "良好"
    _check("wenzhou", star, old, plain, bad, good)
    (a,) = _hint(star, "N01")
    assert a.level == NOTICE and "高精尖人才" in a.message and a.source == "温州方案 二(一)3"
    (b,) = _hint(old, "N02")
    assert b.level == NOTICE and "受聘期限不少于两年" in b.message and b.source == "温州方案 二(一)4"
    assert _hint(plain, "N01") == _hint(plain, "N02") == []
    (c,) = _hint(bad, "N03")
    assert c.level == REVIEW and "会计信用须良好" in c.message and c.source == "温州方案 二(三)2"
    assert _hint(good, "N03") == []


def test_liaocheng_city_level_project_is_a_priority():
    # 聊城办法 第十二条2：“对承担市级以上科技计划项目、高新技术企业、瞪羚企业等……予以优先推荐”
    import datetime as dt

    from test_eligibility import need, uscc

    from fuzong_cli.decide.eligibility import priority_tags

    firm = need(
        统一社会信用代码=uscc("371502"), 成立日期=dt.date(2020, 1, 1), 研发投入占比=5.0,
        企业资质=["承担省级科技计划项目"],
    )  # fmt: skip
    _check("liaocheng", firm)
    assert "承担市级以上科技计划项目" in "、".join(priority_tags(firm))


def test_wenzhou_agreement_names_work_injury_insurance(tmp_path):
    # 温州方案 三(三)3：企业“为科技副总提供必要的工作条件、服务保障，包括科研经费保障、工伤保险缴纳等” —
    # the default agreement's 甲方 obligations (第四条 2) say so
    from fuzong_cli.write import documents as docs

    out = tmp_path / "协议"
    result = run_cli("agreements", SAMPLE / "配对结果_示例.xlsx", "-o", out, "--policy", "wenzhou")
    assert result.code == 0, result.stderr
    text = docs.document_text(sorted(out.glob("*.docx"))[0])
    clause = text[text.index("第四条") :]
    assert "包括科研经费保障、工伤保险缴纳等" in clause[: clause.index("第五条")]


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
    rows = {r["县（市、区）"]: r for r in _table(openpyxl.load_workbook(out)["名额分配"], 2)}
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
    rows = {r["县（市、区）"]: r for r in _table(openpyxl.load_workbook(out2)["名额分配"], 2)}
    # 3 : 1 of 100, but no county gets more places than its needs (湖北方案 四(二)'s method): 3 and 1
    assert rows["红旗区"]["分配名额"] == 3 and rows["卫滨区"]["分配名额"] == 1
    result = run_cli("quota", needs, "--policy", "wenzhou", "-o", tmp_path / "wz.xlsx")
    assert result.code == 2 and "--total" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "wz.xlsx").exists()


def test_wenzhou_twenty_special_projects_in_the_explanation(tmp_path):
    # 温州方案 五(四)：“每年在市重大科技项目中设置 20 个‘科技副总专项项目’” — a programme-level number, shown in
    # evaluate's 说明 (配套支持); Xinxiang says nothing of the kind
    out = tmp_path / "ev.xlsx"
    result = run_cli("evaluate", SAMPLE / "服务台账_2026.xlsx", "--policy", "wenzhou", "-o", out)
    assert result.code in (0, 1), result.stderr
    notes = [
        r
        for r in openpyxl.load_workbook(out)["说明"].iter_rows(min_row=1, values_only=True)
        if r[0] == "配套支持"
    ]
    assert [r[1] for r in notes] == ["每年在市重大科技项目中设置 20 个“科技副总专项项目”（温州方案 五(四)）"]
    out2 = tmp_path / "ev2.xlsx"
    assert run_cli("evaluate", SAMPLE / "服务台账_2026.xlsx", "--policy", "xinxiang", "-o", out2).code in (
        0,
        1,
    )
    assert not [
        r for r in openpyxl.load_workbook(out2)["说明"].iter_rows(values_only=True) if r[0] == "配套支持"
    ]


def test_validate_says_review_not_never_for_a_wenzhou_shareholder_conflict():
    # 温州方案 二(三)1 “原则上不应……” (X04 待复核): the note on a need whose 股东 is some expert of the run says the
    # pairing needs review; 聊城办法 第九条1 “不含……” (不通过): that they cannot be paired
    import datetime as dt

    from test_eligibility import expert, need, uscc

    from fuzong_cli.records import NOTICE

    firm = need(统一社会信用代码=uscc("330302"), 股东=["温州大学"])
    _check("wenzhou", expert(姓名="王五", 工作单位="温州大学"), firm)
    (note,) = [f for f in firm.findings if f.rule_code == "X04"]
    assert note.level == NOTICE and note.message.endswith("企业与这些专家配对须人工复核")
    other = need(
        统一社会信用代码=uscc("371502"), 成立日期=dt.date(2020, 1, 1), 研发投入占比=5.0, 股东=["聊城大学"]
    )
    _check("liaocheng", expert(姓名="王五", 工作单位="聊城大学"), other)
    (note,) = [f for f in other.findings if f.rule_code == "X04"]
    assert note.message.endswith("企业不能与这些专家配对")
