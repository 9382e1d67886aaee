"""decide/identity.py: the one definition of the same person and the same enterprise, and its users."""

from __future__ import annotations

import datetime as dt

from fuzong_cli.decide import identity
from fuzong_cli.decide.duplicates import duplicate_groups, keys
from fuzong_cli.decide.figures import HistoryIndex
from fuzong_cli.records import Record

ID_A = "330302199001010011"
ID_B = "330302199001010038"


def _rec(kind: str, **values) -> Record:
    return Record(kind, values, {k: str(v) for k, v in values.items()}, "f.xlsx", "S", 2)


def test_only_an_id_number_identifies():
    assert identity.person_id({"身份证号": " 330302199001010011 "}) == ID_A
    assert identity.person_id({"身份证号": "33030219900101001x"}) == "33030219900101001X"
    assert identity.person_id({"身份证号": "待补"}) == ""
    assert (
        identity.person_key({"身份证号": "待补", "姓名": "张三", "工作单位": "温州大学"})
        == "name:张三|温州大学"
    )
    assert (
        identity.weak_person_key({"身份证号": ID_A, "姓名": "张 三", "工作单位": "温州大学"})
        == "name:张三|温州大学"
    )


def test_same_person_by_id_else_name():
    assert identity.same_person({"身份证号": ID_A, "姓名": "张三"}, {"身份证号": ID_A, "专家姓名": "张叁"})
    assert not identity.same_person({"身份证号": ID_A, "姓名": "张三"}, {"身份证号": ID_B, "姓名": "张三"})
    assert identity.same_person({"姓名": "张三"}, {"专家姓名": "张 三", "身份证号": ID_B})
    # 无 / 待补 in both rows is not an ID number: the names decide
    assert not identity.same_person({"姓名": "李四", "身份证号": "无"}, {"姓名": "王五", "身份证号": "无"})


def test_unit_names_match_when_one_contains_the_other():
    assert identity.names_match("温州大学", "温州大学化学学院")
    assert not identity.names_match("温大", "温大化学学院")  # shorter than 4 characters: too vague
    assert not identity.names_match("", "温州大学")


def test_enterprise_keys_and_same_enterprise():
    a = {"统一社会信用代码": "91330300mA2AXXXX1B", "企业名称": "温州（某某）科技有限公司"}
    assert identity.enterprise_key(a) == "code:91330300MA2AXXXX1B"
    assert identity.enterprise_keys(a) == ["code:91330300MA2AXXXX1B", "name:温州（某某）科技有限公司"]
    assert identity.enterprise_key({"企业名称": "温州(某某)科技有限公司"}) == "name:温州（某某）科技有限公司"
    assert identity.enterprise_key({}) == ""
    assert identity.same_enterprise(a, {"企业名称": "温州(某某)科技有限公司"})


def test_validate_duplicates_use_the_identity_rule():
    """Two different people with 待补 as ID number are not one person; a row with 待补 and one with the real
    number, same name and unit, are (the 待补 row left its number out)."""
    li = _rec("experts", 姓名="李四", 工作单位="温州大学", 身份证号="待补")
    wang = _rec("experts", 姓名="王五", 工作单位="温州大学", 身份证号="待补")
    li_again = _rec("experts", 姓名="李四", 工作单位="温州大学", 身份证号=ID_A)
    assert keys(li)[0] is None and keys(li_again)[0] == f"身份证号:{ID_A}"
    assert duplicate_groups([li, wang]) == []
    assert duplicate_groups([li, wang, li_again]) == [[0, 2]]


def test_history_is_not_found_by_a_placeholder_id():
    past = _rec("ledger", 姓名="王五", 工作单位="温州大学", 身份证号="待补", 年度=2025, 等次="不合格")
    now = _rec("ledger", 姓名="李四", 工作单位="温州大学", 身份证号="待补", 年度=2026)
    assert HistoryIndex([past]).find(now) == []
    same = _rec(
        "ledger", 姓名="王五", 工作单位="温州大学", 身份证号=ID_B, 年度=2026, 聘期开始=dt.date(2025, 3, 1)
    )
    assert HistoryIndex([past]).find(same) == [past]
