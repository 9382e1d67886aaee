"""Eligibility rules, each case worked out by hand from the clause the rule cites."""

from __future__ import annotations

import datetime as dt
import itertools

import openpyxl
import pytest
from support_forms import _EXPECTED_EXPERTS, _EXPECTED_NEEDS, ID1, USCC, _book
from support_rules import _check, _hint, _xx_need

from fuzong_cli.decide.eligibility import (
    check_records,
    conflicts,
    eligible_unit_type,
    named_experts,
    priority_tags,
)
from fuzong_cli.policy import Policy, load_policy
from fuzong_cli.read import values as V
from fuzong_cli.read.forms import read_records
from fuzong_cli.read.values import id_check_char, uscc_check_char
from fuzong_cli.records import FAIL, NOTICE, PASS, REVIEW, Record

AS_OF = dt.date(2026, 12, 1)


def id_number(birth: str, seq: str = "123") -> str:
    """A valid GB 11643 ID for a person born on ``birth`` (YYYYMMDD), registered in 330302."""
    first17 = f"330302{birth}{seq}"
    return first17 + V.id_check_char(first17)


def uscc(division: str, body: str = "MA2AB3CD") -> str:
    """A valid GB 32100 credit code registered by ``division`` (6 digits)."""
    first17 = f"91{division}{body}"[:17].ljust(17, "0")
    return first17 + V.uscc_check_char(first17)


_row = itertools.count(2)


def expert(**values) -> Record:
    """An expert row as the reader would give it (derived levels computed the reader's way)."""
    v = {
        "姓名": "张三",
        "职称": "副教授",
        "学历": "博士研究生",
        "工作单位": "温州大学",
        "单位类型": "高校",
        "参加工作时间": dt.date(2010, 7, 1),
    }
    v.update(values)
    if v.get("身份证号"):
        v.setdefault("出生年月", None)
        birth = V.check_id_number(v["身份证号"]).birth
    else:
        birth = None
    v["职称级别"] = V.title_level(v["职称"]) if v.get("职称") else None
    v["学历级别"] = V.degree_level(v.get("学历") or "", v.get("学位") or "")
    v["身份证出生日期"] = birth
    v["出生日期"] = birth or v.get("出生年月")
    raw = {k: str(x) for k, x in v.items() if x is not None}
    return Record("experts", v, raw, "专家意向表.xlsx", "Sheet1", next(_row))


def need(**values) -> Record:
    v = {"企业名称": "温州示例科技有限公司", "统一社会信用代码": uscc("330302"), "县（市、区）": "鹿城区"}
    v.update(values)
    code = v.get("统一社会信用代码")
    v["注册地代码"] = code[2:8] if code else None
    raw = {k: str(x) for k, x in v.items() if x is not None}
    return Record("needs", v, raw, "企业需求表.xlsx", "Sheet1", next(_row))


def born(age: int, as_of: dt.date = AS_OF) -> str:
    """YYYYMMDD of someone who is ``age`` full years old on ``as_of`` (born 1 March)."""
    return f"{as_of.year - age - (1 if (as_of.month, as_of.day) < (3, 1) else 0)}0301"


def run(policy: str | Policy, *records: Record, history=None) -> list[Record]:
    pol = load_policy(policy) if isinstance(policy, str) else policy
    check_records(list(records), pol, AS_OF, history=history)
    return list(records)


def codes(rec: Record, level: str | None = None) -> list[str]:
    return [f.rule_code for f in rec.findings if level is None or f.level == level]


# ------------------------------------------------------------------------------------------ qualification


def test_liaocheng_rejects_master_lecturer_accepts_doctor_lecturer():
    # 聊城办法 第五条1: 博士学位 或 副高级及以上
    master, doctor = (
        expert(职称="讲师", 学历="硕士研究生"),
        expert(职称="讲师", 学历="博士研究生", 姓名="李四"),
    )
    run("liaocheng", master, doctor)
    assert master.conclusion == FAIL and "E01" in codes(master, FAIL)
    message = next(f.message for f in master.findings if f.rule_code == "E01")
    assert "讲师" in message and "中级" in message and "博士学位或副高以上职称" in message
    assert next(f.source for f in master.findings if f.rule_code == "E01") == "聊城办法 第五条1"
    assert "E01" not in codes(doctor)


def test_wenzhou_master_lecturer_passes_bachelor_with_core_ip_is_review():
    # 温州方案 二(一)3: 硕士以上学历或副高以上职称；核心知识产权可适当放宽
    master = expert(职称="讲师", 学历="硕士研究生")
    core_ip = expert(姓名="王五", 职称="讲师", 学历="大学本科", 核心知识产权=True)
    plain = expert(姓名="赵六", 职称="讲师", 学历="大学本科", 核心知识产权=False)
    run("wenzhou", master, core_ip, plain)
    assert "E01" not in codes(master)
    assert core_ip.conclusion == REVIEW and "E01" in codes(core_ip, REVIEW)
    assert "核心知识产权" in next(f.message for f in core_ip.findings if f.rule_code == "E01")
    assert plain.conclusion == FAIL and "E01" in codes(plain, FAIL)


def test_hubei_requires_associate_title_and_results():
    # 湖北方案 二(二): 副高级以上职称，拥有发明专利、专利技术或科研成果 —— 两项都要
    doctor_lecturer = expert(职称="讲师", 学历="博士研究生", 代表性成果="一种传感器（发明专利）")
    no_results = expert(姓名="李四", 职称="副教授", 代表性成果=None, 发明专利数=0)
    unknown_results = expert(姓名="周七", 职称="副教授")
    ok = expert(姓名="王五", 职称="高级工程师", 发明专利数=2)
    run("hubei", doctor_lecturer, no_results, unknown_results, ok)
    assert "E01" in codes(doctor_lecturer, FAIL)
    assert "E01" in codes(no_results, FAIL)
    assert "E01" in codes(unknown_results, REVIEW) and unknown_results.conclusion == REVIEW
    assert "E01" not in codes(ok)


def test_unknown_title_is_review_never_silent_pass():
    rec = expert(职称="首席科学家", 学历="大学本科")
    run("wenzhou", rec)
    assert rec.conclusion == REVIEW
    assert "E02" in codes(rec, REVIEW) and "E01" not in codes(rec)
    assert any("“首席科学家”无法识别" in f.message for f in rec.findings)


# ------------------------------------------------------------------------------------------ age


def test_xinxiang_age_51_fails_unless_core_ip():
    # 新乡计划 三(一)2 初聘年龄一般不超过50周岁；三(一)5 核心知识产权可放宽年龄
    fifty = expert(身份证号=id_number(born(50)))
    fifty_one = expert(姓名="李四", 身份证号=id_number(born(51), "223"))
    fifty_one_ip = expert(姓名="王五", 身份证号=id_number(born(51), "323"), 核心知识产权=True)
    run("xinxiang", fifty, fifty_one, fifty_one_ip)
    assert "E03" not in codes(fifty)
    assert "E03" in codes(fifty_one, FAIL)
    assert "51周岁" in next(f.message for f in fifty_one.findings if f.rule_code == "E03")
    assert "E03" in codes(fifty_one_ip, REVIEW) and fifty_one_ip.conclusion == REVIEW


def test_hubei_age_46_fails_unless_enterprise_named_the_expert():
    # 湖北方案 二(三) 年龄一般在45岁以下；企业有意向人选并与其协商一致的，可适当放宽
    alone = expert(职称="教授", 代表性成果="成果", 身份证号=id_number(born(46)))
    named = expert(姓名="李四", 职称="教授", 代表性成果="成果", 身份证号=id_number(born(46), "223"))
    firm = need(统一社会信用代码=uscc("420100"), 企业规模="小", 意向专家="李四（温州大学）")
    run("hubei", alone, named, firm)
    assert "E03" in codes(alone, FAIL)
    assert "E03" in codes(named, REVIEW) and "E03" not in codes(named, FAIL)
    forty_five = expert(姓名="王五", 职称="教授", 代表性成果="成果", 身份证号=id_number(born(45), "323"))
    run("hubei", forty_five)
    assert "E03" not in codes(forty_five)


def test_wenzhou_young_talent_is_a_notice_tag():
    young = expert(身份证号=id_number(born(35)))
    older = expert(姓名="李四", 身份证号=id_number(born(41), "223"))
    run("wenzhou", young, older)
    assert young.conclusion == PASS and "E04" in codes(young, NOTICE)
    assert priority_tags(young) and "40周岁以下" in priority_tags(young)[0]
    assert "E04" not in codes(older)


def test_birth_date_disagreement_is_review():
    rec = expert(身份证号=id_number("19850312"), 出生年月=dt.date(1986, 3, 1))
    rec.raw["出生年月"] = "1986.03"
    same = expert(姓名="李四", 身份证号=id_number("19850312", "223"), 出生年月=dt.date(1985, 3, 1))
    same.raw["出生年月"] = "1985.03"
    run("generic", rec, same)
    assert "E08" in codes(rec, REVIEW)
    assert "E08" not in codes(same)


# ------------------------------------------------------------------------------------------ other expert rules


def test_work_years_and_bad_record_and_unit_type():
    new_hire = expert(参加工作时间=dt.date(2025, 7, 1))
    bad = expert(姓名="李四", 近三年不良记录=True)
    company = expert(姓名="王五", 单位类型="其他", 工作单位="某某有限公司")
    vocational = expert(姓名="赵六", 单位类型=None, 工作单位="温州职业技术学院")
    run("liaocheng", new_hire, bad, company, vocational)
    assert "E05" in codes(new_hire, FAIL)  # 聊城办法 第五条1 两年以上工作经历
    assert "E07" in codes(bad, FAIL)  # 聊城办法 第五条4
    assert "E06" in codes(company, FAIL)  # 聊城办法 第二条 高校、科研院所
    assert "E06" in codes(vocational, REVIEW)  # 职业院校：高职属高校、中职不属
    run("wenzhou", bad2 := expert(姓名="钱八", 近三年不良记录=True))
    assert "E07" not in codes(bad2)  # 温州方案 has no bad-record clause
    assert eligible_unit_type(vocational, load_policy("wenzhou"))
    assert not eligible_unit_type(company, load_policy("liaocheng"))


# ------------------------------------------------------------------------------------------ enterprise rules


def test_enterprise_outside_the_city_fails_naming_the_division():
    outside = need(统一社会信用代码=uscc("330102"))  # 杭州市上城区
    inside = need(企业名称="乙公司", 统一社会信用代码=uscc("330381", "MA2AB3CE"))  # 瑞安市
    run("wenzhou", outside, inside)
    assert "Q01" in codes(outside, FAIL)
    message = next(f.message for f in outside.findings if f.rule_code == "Q01")
    assert "330102" in message and "浙江省" in message and "温州市" in message
    assert "Q01" not in codes(inside)
    henan = need(统一社会信用代码=uscc("410102"))
    run("hubei", henan)
    assert "河南省" in next(f.message for f in henan.findings if f.rule_code == "Q01")


def test_xinxiang_requires_one_listed_qualification():
    # 新乡计划 三(二)1 企业需具有下列资质之一
    ok = need(统一社会信用代码=uscc("410702"), 企业资质=["国家高新技术企业"])
    gazelle = need(企业名称="乙", 统一社会信用代码=uscc("410702", "MA2AB3CE"), 企业资质=["瞪羚企业"])
    none = need(企业名称="丙", 统一社会信用代码=uscc("410702", "MA2AB3CF"), 企业资质=[])
    other = need(企业名称="丁", 统一社会信用代码=uscc("410702", "MA2AB3CG"), 企业资质=["文明单位"])
    run("xinxiang", ok, gazelle, none, other)
    assert "Q03" not in codes(ok) and "Q03" not in codes(gazelle)
    assert "Q03" in codes(none, FAIL)
    assert "Q03" in codes(other, REVIEW)  # the list ends in 等: not exhaustive


def test_wenzhou_priority_qualification_is_a_tag():
    rec = need(企业资质=["高企", "专精特新“小巨人”企业"])
    run("wenzhou", rec)
    assert rec.conclusion == PASS
    assert priority_tags(rec) == ["高新技术企业、专精特新“小巨人”企业"]


def test_liaocheng_enterprise_under_one_year_fails():
    # 聊城办法 第九条1 注册时间满1年以上
    young = need(统一社会信用代码=uscc("371502"), 成立日期=dt.date(2026, 3, 1), 研发投入占比=5.0)
    old = need(
        企业名称="乙",
        统一社会信用代码=uscc("371502", "MA2AB3CE"),
        成立日期=dt.date(2025, 12, 1),
        研发投入占比=5.0,
    )
    run("liaocheng", young, old)
    assert "Q04" in codes(young, FAIL)
    assert "Q04" not in codes(old)


def test_liaocheng_rd_ratio_default_is_review_and_industry_tag():
    low = need(
        统一社会信用代码=uscc("371502"), 成立日期=dt.date(2020, 1, 1), 研发投入占比=0.02, 所属行业="新材料"
    )
    low.raw["研发投入占比"] = "0.02"
    run("liaocheng", low)
    assert "Q05" in codes(low, REVIEW)
    assert "2%" in next(f.message for f in low.findings if f.rule_code == "Q05")
    assert "Q08" in codes(low, NOTICE)


def test_hubei_sme_only_and_credit_rules():
    big = need(统一社会信用代码=uscc("420100"), 企业规模="大")
    run("hubei", big)
    assert "Q02" in codes(big, FAIL)
    dishonest = need(近三年失信记录=True, 纳税信用等级="C")
    dishonest.raw["近三年失信记录"] = "是（严重失信）"  # 温州方案 二(三)2 “近3年无严重失信记录”
    run("wenzhou", dishonest)
    assert codes(dishonest, FAIL).count("Q06") == 2  # 温州方案 二(三)2


def test_xinxiang_innovation_platform_tag():
    rec = need(
        统一社会信用代码=uscc("410702"), 企业资质=["高新技术企业"], 市级以上创新平台="市级工程技术研究中心"
    )
    run("xinxiang", rec)
    assert "Q07" in codes(rec, NOTICE)


# ------------------------------------------------------------------------------------------ cross-row


def test_shareholder_conflict():
    # 聊城办法 第九条1 不含“科技副总”本人及所在高校院所创办、入股的企业
    prof = expert(姓名="李四", 工作单位="聊城大学")
    firm = need(
        统一社会信用代码=uscc("371502"),
        成立日期=dt.date(2020, 1, 1),
        研发投入占比=5.0,
        意向专家="李四",
        股东=["张某", "聊城大学资产经营有限公司"],
    )
    run("liaocheng", prof, firm)
    assert "X04" in codes(firm, FAIL) and "X04" in codes(prof, FAIL)
    assert conflicts(firm, prof)
    other = need(
        企业名称="乙",
        统一社会信用代码=uscc("371502", "MA2AB3CE"),
        成立日期=dt.date(2020, 1, 1),
        研发投入占比=5.0,
        股东=["聊城大学"],
    )
    run("liaocheng", expert(姓名="王五", 工作单位="聊城大学"), other)
    assert "X04" in codes(other, NOTICE) and other.conclusion == PASS
    assert conflicts(firm, prof, load_policy("hubei")) == []


def test_duplicates_across_two_files():
    a = expert(身份证号=id_number("19850312"))
    b = expert(身份证号=id_number("19850312"))
    b.source_file = "另一个表.xlsx"
    n1, n2 = need(), need()
    n2.source_file = "瑞安市企业需求表.xlsx"
    run("generic", a, b, n1, n2)
    assert "X01" in codes(a, REVIEW) and "另一个表.xlsx" in a.findings[-1].message
    assert "X02" in codes(n1, REVIEW) and "X02" in codes(n2, REVIEW)


def test_expert_named_by_two_enterprises():
    one = need(意向专家="张三（温州大学）")
    two = need(企业名称="乙公司", 统一社会信用代码=uscc("330381", "MA2AB3CE"), 意向专家="张三")
    person = expert()
    run("liaocheng", one, two, person)  # 聊城办法 第五条5 只能服务一家
    assert "X03" in codes(one, FAIL) and "X03" in codes(two, FAIL) and "X03" in codes(person, FAIL)
    many = need(企业名称="丙公司", 意向专家="张三、李四")
    run("xinxiang", many)  # 新乡计划 四(二)2 企业原则上择优选择1人
    assert "X03" in codes(many, REVIEW)
    assert named_experts(one) == [("张三", "温州大学")]


def test_history_ban_liaocheng():
    # 聊城办法 第十七条 不合格 → 两年内不得再次申报
    pol = load_policy("liaocheng")
    if "ban_years" not in pol.section("history"):
        pol.data.setdefault("history", {})["ban_years"] = 2
    past = Record(
        "history",
        {"姓名": "张三", "身份证号": id_number("19850312"), "年度": 2025, "等次": "不合格"},
        {},
        "2025考核结果.xlsx",
        "考核结果",
        5,
    )
    old = Record(
        "history", {"姓名": "李四", "年度": 2023, "等次": "不合格"}, {}, "2023考核结果.xlsx", "考核结果", 3
    )
    banned = expert(身份证号=id_number("19850312"))
    free = expert(姓名="李四", 身份证号=id_number("19800101", "223"))
    run(pol, banned, free, history=[past, old])
    assert "X05" in codes(banned, FAIL)
    assert "2027年12月31日" in next(f.message for f in banned.findings if f.rule_code == "X05")
    assert "X05" not in codes(free)  # 2023 + 2 years ended 2025-12-31
    unaffected = expert(身份证号=id_number("19850312"))
    run("wenzhou", unaffected, history=[past])
    assert "X05" not in codes(unaffected)


@pytest.mark.parametrize("name", ["generic", "wenzhou", "xinxiang", "liaocheng", "hubei"])
def test_a_clean_expert_and_need_pass_every_policy(name):
    pol = load_policy(name)
    code = {"wenzhou": "330302", "xinxiang": "410702", "liaocheng": "371502", "hubei": "420100"}.get(
        name, "330302"
    )
    e = expert(
        职称="教授",
        代表性成果="发明专利3项",
        身份证号=id_number(born(44)),
        核心知识产权=False,
        近三年不良记录=False,
    )
    n = need(
        统一社会信用代码=uscc(code),
        成立日期=dt.date(2015, 1, 1),
        企业规模="小",
        企业资质=["高新技术企业"],
        研发投入占比=6.0,
        纳税信用等级="A",
        近三年失信记录=False,
    )
    check_records([e, n], pol, AS_OF)
    assert e.conclusion == PASS, e.findings
    assert n.conclusion == PASS, n.findings


def test_xinxiang_age_limit_is_for_first_appointment_only():
    # 新乡计划 三(一)2 “初聘年龄一般不超过50周岁”：someone already graded in an earlier year is renewing
    renewing = expert(身份证号=id_number(born(52)))
    past = Record(
        "history",
        {"姓名": "张三", "身份证号": renewing.values["身份证号"], "年度": 2025, "等次": "优秀"},
        {},
        "2025考核结果.xlsx",
        "考核结果",
        4,
    )
    run("xinxiang", renewing, history=[past])
    assert "E03" in codes(renewing, NOTICE) and renewing.conclusion == PASS
    assert priority_tags(renewing) == []


def test_x03_counts_only_the_needs_that_name_this_expert():
    """聊城办法 第五条5. A names 张伟 (no unit); B names 张伟（温州医科大学）. The 温医 张伟 is wanted by two
    enterprises; the 温州大学 张伟 only by A (B's unit rules him out), so he is not flagged."""
    a = need(企业名称="甲公司", 意向专家="张伟", 统一社会信用代码=uscc("371502"))
    b = need(
        企业名称="乙公司",
        意向专家="张伟",
        意向专家单位="温州医科大学",
        统一社会信用代码=uscc("371502", "MA2XY9QB"),
    )
    wzu = expert(姓名="张伟", 工作单位="温州大学")
    wmu = expert(姓名="张伟", 工作单位="温州医科大学")
    run("liaocheng", a, b, wzu, wmu)
    assert "X03" in codes(wmu)
    assert "X03" not in codes(wzu)


def test_same_person_with_and_without_id_is_a_duplicate(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["姓名", "身份证号", "职称", "工作单位"])
    ws.append(["何伟", ID1, "教授", "温州理工学院"])
    ws.append(["何伟", None, "教授", "温州理工学院"])
    ws.append(["张强", ID1[:-1] + ("0" if ID1[-1] != "0" else "1"), "教授", "温州大学"])
    ws.append(["张强", None, "教授", "温州大学（茶山）"])
    wb.save(tmp_path / "专家.xlsx")
    records = read_records([tmp_path / "专家.xlsx"], "experts").records
    check_records(records, load_policy("generic"), dt.date(2026, 3, 1))
    dup = [[f.message for f in r.findings if f.rule_code == "X01"] for r in records]
    assert "第3行" in dup[0][0] and "姓名和工作单位相同" in dup[0][0]
    assert "第2行" in dup[1][0]
    assert dup[2] == [] and dup[3] == []  # another unit: not the same person


def test_same_name_different_ids_are_different_people(tmp_path):
    other = "33030219900101123" + id_check_char("33030219900101123")
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["姓名", "身份证号", "职称", "工作单位"])
    ws.append(["张伟", ID1, "教授", "温州大学"])
    ws.append(["张伟", other, "副教授", "温州大学"])
    wb.save(tmp_path / "专家.xlsx")
    records = read_records([tmp_path / "专家.xlsx"], "experts").records
    check_records(records, load_policy("generic"), dt.date(2026, 3, 1))
    assert not any(f.rule_code == "X01" for r in records for f in r.findings)


def test_a_large_duplicate_group_names_a_few_rows_not_all(tmp_path):
    wb = openpyxl.Workbook()
    wb.active.append(["姓名", "职称", "工作单位"])
    for _ in range(50):
        wb.active.append(["张伟", "教授", "温州大学"])
    wb.save(tmp_path / "专家.xlsx")
    records = read_records([tmp_path / "专家.xlsx"], "experts").records
    check_records(records, load_policy("generic"), dt.date(2026, 3, 1))
    (message,) = [f.message for f in records[0].findings if f.rule_code == "X01"]
    assert "共49行" in message and len(message) < 200


@pytest.mark.parametrize("policy", ["wenzhou", "xinxiang", "liaocheng", "hubei"])
def test_a_date_after_the_reference_date_is_review_never_a_pass(tmp_path, policy):
    wb = openpyxl.Workbook()
    wb.active.append(
        ["姓名", "出生年月", "学历", "职称", "工作单位", "单位类型", "参加工作时间", "代表性成果"]
    )
    wb.active.append(["甲", "2085.03", "博士", "教授", "温州大学", "高校", "2030-07", "专利"])
    wb.save(tmp_path / "专家.xlsx")
    wb = openpyxl.Workbook()
    wb.active.append(["企业名称", "统一社会信用代码", "成立日期"])
    wb.active.append(["乙公司", USCC, "2030-01-01"])
    wb.save(tmp_path / "需求.xlsx")
    result = read_records([tmp_path / "专家.xlsx", tmp_path / "需求.xlsx"], "auto")
    check_records(result.records, load_policy(policy), dt.date(2026, 3, 1))
    expert, need = result.records
    assert expert.conclusion != "通过"
    codes = {(f.rule_code, f.field): f for f in expert.findings}
    assert codes[("D10", "出生年月")].level == "待复核" and "2085.03" in codes[("D10", "出生年月")].message
    assert codes[("D10", "参加工作时间")].level == "待复核"
    assert not any("周岁" in f.message for f in expert.findings)  # no "-59周岁" tag, no age pass/fail
    assert not any(f.rule_code == "E05" for f in expert.findings)
    assert any(f.rule_code == "D10" and f.field == "成立日期" for f in need.findings)
    assert not any(f.rule_code == "Q04" for f in need.findings)


@pytest.mark.parametrize("policy", ["generic", "wenzhou", "xinxiang", "liaocheng", "hubei"])
def test_each_rule_under_each_built_in_policy_from_hand_derived_rows(policy_matrix_forms, policy):
    files = [policy_matrix_forms / "专家.xlsx", policy_matrix_forms / "需求.xlsx"]
    records = read_records(files, "auto").records
    check_records(records, load_policy(policy), dt.date(2026, 3, 1))
    got = {
        r.values.get("姓名") or r.values["企业名称"]: (
            r.conclusion,
            {f.rule_code for f in r.findings if f.level != "提示"},
        )
        for r in records
    }
    assert got == {**_EXPECTED_EXPERTS[policy], **_EXPECTED_NEEDS[policy]}


def test_yes_no_phrases_in_a_form_and_free_text_results(tmp_path):
    first17 = "42010219900101123"
    wb = openpyxl.Workbook()
    wb.active.append(["姓名", "身份证号", "职称", "工作单位", "单位类型", "代表性成果", "近三年不良记录"])
    wb.active.append(
        ["甲", first17 + id_check_char(first17), "教授", "武汉大学", "高校", "无人机控制算法", "暂无"]
    )
    wb.active.append(["乙", None, "教授", "武汉大学", "高校", "暂无", "不详"])
    wb.save(tmp_path / "专家.xlsx")
    records = read_records([tmp_path / "专家.xlsx"], "experts").records
    check_records(records, load_policy("hubei"), dt.date(2026, 3, 1))
    first, second = records
    assert first.values["近三年不良记录"] is False and first.conclusion == "通过"
    assert second.values["近三年不良记录"] is None
    assert any(f.rule_code == "D08" for f in second.findings)
    assert any(f.rule_code == "E01" and f.field == "代表性成果" for f in second.findings)


def test_placeholders_in_intended_expert_are_not_people(tmp_path):
    rows = [["企业名称", "统一社会信用代码", "意向专家"]]
    for i, text in enumerate(["待定", "待定", "由科技局推荐", "由科技局推荐", "不限", "暂无", "李推荐"]):
        code = f"91330302MA2L0E1X{i}"
        rows.append([f"企业{i}", code + uscc_check_char(code), text])
    records = read_records([_book(tmp_path / "需求.xlsx", rows)], "needs").records
    check_records(records, load_policy("wenzhou"), dt.date(2026, 3, 1))
    assert not any(f.rule_code == "X03" for r in records for f in r.findings)
    from fuzong_cli.decide.eligibility import named_experts

    assert [named_experts(r) for r in records] == [[], [], [], [], [], [], [("李推荐", "")]]


@pytest.mark.parametrize("written", ["规模以上工业企业", "国家级专精特新“小巨人”", "小巨人企业"])
def test_xinxiang_qualification_spellings_are_recognised(tmp_path, written):
    code = "91410702MA2L0E1X4"
    rows = [["企业名称", "统一社会信用代码", "企业资质"], ["新乡甲", code + uscc_check_char(code), written]]
    records = read_records([_book(tmp_path / "需求.xlsx", rows)], "needs").records
    check_records(records, load_policy("xinxiang"), dt.date(2026, 3, 1))
    assert records[0].conclusion == "通过", [f.message for f in records[0].findings]


@pytest.mark.parametrize(
    ("unit", "kind"),
    [
        ("温州大学", "高校"),
        ("中国科学院海西研究院", "科研院所"),  # 科学院 is not a 学院
        ("浙江大学温州研究院", None),  # a university's institute, often a 新型研发机构: a person checks
        ("温州职业技术学院", "职业院校"),
    ],
)
def test_unit_type_guessed_from_the_unit_name(unit, kind):
    from fuzong_cli.decide.eligibility import unit_type
    from fuzong_cli.records import Record

    record = Record(
        kind="experts", values={"工作单位": unit}, raw={}, source_file="a", source_sheet="s", source_row=2
    )
    assert unit_type(record)[0] == kind


def test_liaocheng_does_not_pass_a_universitys_institute_as_a_university(tmp_path):
    first17 = "33030219850312123"
    wb = openpyxl.Workbook()
    wb.active.append(["姓名", "身份证号", "学历", "职称", "工作单位", "参加工作时间"])
    wb.active.append(
        ["甲", first17 + id_check_char(first17), "博士", "研究员", "浙江大学温州研究院", "2010-01"]
    )
    wb.save(tmp_path / "专家.xlsx")
    records = read_records([tmp_path / "专家.xlsx"], "experts").records
    check_records(records, load_policy("liaocheng"), dt.date(2026, 3, 1))
    assert records[0].conclusion == "待复核"
    assert [f.rule_code for f in records[0].findings] == ["E06"]


def test_relaxation_for_mature_results_and_urgent_need():
    """温州方案 二(一)3 “对拥有核心知识产权或成熟科技成果、我市企业急需紧缺的人才，可适当放宽学历、职称等要求”;
    新乡计划 三(一)5 the same for 年龄、学历. 学士 + 讲师 with 代表性成果 “成熟科技成果已产业化” → 待复核, not 不通过;
    so is one whose 备注 says 急需紧缺."""
    for policy in ("wenzhou", "xinxiang"):
        mature = expert(职称="讲师", 学历="大学本科", 学位="学士", 代表性成果="成熟科技成果已产业化：XX装备")
        urgent = expert(职称="讲师", 学历="大学本科", 学位="学士")
        urgent.extra["备注"] = "企业急需紧缺人才"
        plain = expert(职称="讲师", 学历="大学本科", 学位="学士")
        run(policy, mature, urgent, plain)
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
    run("xinxiang", edge, old)
    assert "E03" in codes(edge, REVIEW) and "E03" not in codes(edge, FAIL)
    assert "E03" in codes(old, FAIL)


def test_month_only_work_start_at_the_boundary_is_review():
    """温州方案 二(一)2 “参加工作应满两年以上”: 参加工作时间 “2024.12” on 2026-12-01 may be 2 years (12-01) or
    1 year 11 months (12-02…) → 待复核 (before: 通过)."""
    rec = expert(参加工作时间=dt.date(2024, 12, 1))
    rec.raw["参加工作时间"] = "2024.12"
    run("wenzhou", rec)
    assert "E05" in codes(rec, REVIEW)


def test_independent_legal_person():
    """温州方案 二(三)1 “独立法人企业”; 新乡计划 三(二)1、聊城办法 第九条1 “具有独立法人资格”. A credit code 92…
    (个体工商户) is no legal person → 不通过; a name ending 分公司 is a branch → 待复核."""
    for policy, division in (("wenzhou", "330302"), ("xinxiang", "410702"), ("liaocheng", "371502")):
        first17 = f"92{division}MA2AB3CD".ljust(17, "0")
        shop = need(统一社会信用代码=first17 + V.uscc_check_char(first17))
        branch = need(企业名称="浙江示例科技有限公司温州分公司", 统一社会信用代码=uscc(division))
        run(policy, shop, branch)
        assert "Q09" in codes(shop, FAIL), policy
        assert "Q09" in codes(branch, REVIEW), policy


def test_liaocheng_d_tax_credit_fails():
    """聊城办法 第九条1 “近三年内无重大违法违规行为和不良信用记录”: 纳税信用 D 级 is a 不良信用记录 → 不通过 (the
    TOML's own comment); C stays 待复核 and says its A/B/M set is a default."""
    d = need(统一社会信用代码=uscc("371502"), 纳税信用等级="D")
    c = need(统一社会信用代码=uscc("371502", "MA2AB3CE"), 纳税信用等级="C")
    run("liaocheng", d, c)
    assert "Q06" in codes(d, FAIL)
    assert "Q06" in codes(c, REVIEW) and "默认值（政策未规定）" in " ".join(f.message for f in c.findings)


def test_liaocheng_rd_floor_is_labelled_default():
    """聊城办法 第九条2 “研发投入占主营业务收入的比例符合国家或本市相关规定要求” gives no number: the 3 % floor is
    fuzong's default and the message says so."""
    rec = need(统一社会信用代码=uscc("371502"), 研发投入占比=2.9)
    rec.raw["研发投入占比"] = "2.9%"
    run("liaocheng", rec)
    (q05,) = [f for f in rec.findings if f.rule_code == "Q05"]
    assert q05.level == REVIEW and "默认值（政策未规定）" in q05.message


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
