"""Largest-remainder places per county (湖北方案 四(二)), worked by hand."""

from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from fuzong_cli.decide.quota import allocate


def test_largest_remainder_by_hand():
    # 10 places, needs 7/5/3 (15): exact 4.667 / 3.333 / 2.000 → 4/3/2, the 1 left to the largest remainder
    table = allocate({"鹿城区": 7, "瑞安市": 5, "乐清市": 3}, 10)
    assert table.places_of() == {"鹿城区": 5, "瑞安市": 3, "乐清市": 2}
    assert table.allocated == 10 and table.unallocated == 0
    shares = {r.county: r.share for r in table.rows}
    assert shares["鹿城区"] == Fraction(70, 15)


def test_ties_go_by_county_name():
    # 1 place, two counties with one need each: 0.5 / 0.5 → the name first in Unicode order gets it
    table = allocate({"瑞安市": 1, "乐清市": 1}, 1)
    first = min("瑞安市", "乐清市")
    assert table.places_of()[first] == 1
    assert sum(table.places_of().values()) == 1


def test_never_more_than_needs():
    table = allocate({"鹿城区": 2, "瑞安市": 1}, 10)
    assert table.places_of() == {"鹿城区": 2, "瑞安市": 1}
    assert table.unallocated == 7


def test_zero_needs_county_gets_nothing():
    table = allocate({"鹿城区": 4, "洞头区": 0}, 3)
    assert table.places_of() == {"鹿城区": 3, "洞头区": 0}


@given(
    st.dictionaries(st.sampled_from(list("ABCDEFGH")), st.integers(0, 30), min_size=1), st.integers(0, 120)
)
def test_properties(needs, total):
    table = allocate(needs, total)
    places = table.places_of()
    assert sum(places.values()) == min(total, sum(needs.values()))
    for county, p in places.items():
        assert 0 <= p <= needs[county]
        if total <= sum(needs.values()) and sum(needs.values()):
            exact = Fraction(total * needs[county], sum(needs.values()))
            assert int(exact) <= p <= int(exact) + 1  # quota rule of the largest-remainder method


def test_needs_count_enterprises_not_rows():
    from fuzong_cli.decide.quota import needs_by_county
    from fuzong_cli.records import Record

    def row(county, code, name):
        return Record(
            "needs", {"县（市、区）": county, "统一社会信用代码": code, "企业名称": name}, {}, "f", "s", 2
        )

    rows = [row("鹿城区", "A1", "甲"), row("鹿城区", "A1", "甲"), row("鹿城区", "", "乙"), row("", "C", "丙")]
    assert needs_by_county(rows) == {"鹿城区": 2}


def test_needs_mode_counts_each_need_once():
    # 湖北方案 四(二) “按照当地征集需求数量……比例分配”: three needs of one enterprise count three; a row
    # repeated word for word counts once.
    from fuzong_cli.decide.quota import needs_by_county
    from fuzong_cli.records import Record

    def row(title, desc):
        values = {
            "县（市、区）": "武汉市",
            "统一社会信用代码": "",
            "企业名称": "甲",
            "需求名称": title,
            "需求描述": desc,
        }
        return Record("needs", values, {}, "f", "s", 2)

    rows = [row("电池", "散热"), row("电机", "能耗"), row("电机", "能耗"), row("电机", "噪声")]
    assert needs_by_county(rows, "needs") == {"武汉市": 3}
    assert needs_by_county(rows) == {"武汉市": 1}


def test_quota_never_imports_matching():
    # matching uses the quota table; what both need (one enterprise) is decide/identity.py, which imports
    # neither: no cycle, not even a function-local import
    import re

    from conftest import decide_imports

    from fuzong_cli.decide import identity, matching, quota

    assert "matching" not in decide_imports(quota)
    assert not re.search(r"\b(matching|quota)\b", decide_imports(identity))
    assert "quota" in decide_imports(matching)  # the one direction


def test_match_and_quota_commands_are_options_only():
    import inspect

    from fuzong_cli.commands import match, quota

    for module in (match, quota):
        source = inspect.getsource(module)
        assert len(source.splitlines()) <= 150, module.__name__
        assert not any(word in source for word in ("openpyxl", "fastxlsx", "docx")), module.__name__
