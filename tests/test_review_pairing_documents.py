"""Regression tests from the QA review of match / quota / publicity / agreements (issues 3 and 4)."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest
from conftest import assert_clean_error, run_cli
from stdnum.cn import ric, uscc

from fuzong_cli.decide.matching import DIRECT, MatchSettings, run_matching
from fuzong_cli.records import Record

ARGS = ("--policy", "wenzhou", "--as-of", "2026-11-24")

NEED_HEADERS = ["县（市、区）", "企业名称", "统一社会信用代码", "所属行业", "需求名称", "需求描述", "所需专业", "意向专家"]  # fmt: skip
EXPERT_HEADERS = [
    "姓名", "性别", "身份证号", "出生年月", "学历", "学位", "职称", "工作单位", "参加工作时间", "研究方向",
]  # fmt: skip


def credit_code(k: int) -> str:
    body = f"91330302{k:09d}"
    return body + uscc.calc_check_digit(body)


def id_number(k: int) -> str:
    body = f"33030219800101{k:03d}"
    return body + ric.calc_check_digit(body + "0")


def book(path, headers, rows):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(headers)
    for row in rows:
        ws.append(row)
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            cell.number_format = "@"
    wb.save(path)
    return path


@pytest.fixture
def small_set(tmp_path):
    """Three eligible enterprises and three eligible experts with clear fields (Wenzhou policy)."""
    needs = book(
        tmp_path / "needs.xlsx",
        NEED_HEADERS,
        [
            [
                "鹿城区",
                "温州甲阀门有限公司",
                credit_code(1),
                "通用设备",
                "阀门密封",
                "阀门泄漏",
                "流体机械",
                "",
            ],
            [
                "鹿城区",
                "温州乙电气有限公司",
                credit_code(2),
                "电气机械",
                "低压电器开关柜",
                "开关柜温升",
                "电气",
                "",
            ],
            ["鹿城区", "温州丙鞋业有限公司", credit_code(3), "皮革制品", "制鞋工艺", "鞋底", "鞋材", ""],
        ],
    )
    experts = book(
        tmp_path / "experts.xlsx",
        EXPERT_HEADERS,
        [
            ["陈明", "男", id_number(1), "1980-01", "研究生", "博士", "教授", "温州大学机电学院", "2005-07", "阀门、流体机械、密封"],
            ["王五", "男", id_number(2), "1980-01", "研究生", "博士", "教授", "温州大学电气学院", "2005-07", "低压电器、开关柜"],
            ["张伟", "男", id_number(3), "1980-01", "研究生", "博士", "教授", "温州大学化材学院", "2005-07", "鞋材、制鞋工艺"],
        ],
    )  # fmt: skip
    return tmp_path, needs, experts


def rows_of(ws, header_row):
    rows = list(ws.iter_rows(min_row=header_row, values_only=True))
    return [dict(zip(rows[0], r)) for r in rows[1:] if any(v is not None for v in r)]


def header_row(ws):
    for r in range(1, 6):
        if ws.cell(r, 1).value == "序号":
            return r
    raise AssertionError("no header")


def test_locks_and_exclusions_survive_a_second_round_of_the_loop(small_set):
    """propose → edit → re-run → re-run on the re-run's output: staff decisions are never dropped."""
    d, needs, experts = small_set
    first = d / "第一轮.xlsx"
    assert run_cli("match", needs, experts, *ARGS, "-o", first).code == 0
    wb = openpyxl.load_workbook(first)
    ws = wb["配对结果"]
    h = header_row(ws)
    col = {c.value: c.column for c in ws[h]}
    pairs = {ws.cell(r, col["企业名称"]).value: r for r in range(h + 1, ws.max_row + 1)}
    assert len(pairs) == 3
    ws.cell(pairs["温州甲阀门有限公司"], col["锁定"]).value = "是"
    ws.cell(pairs["温州乙电气有限公司"], col["排除"]).value = "是"
    edited = d / "改过.xlsx"
    wb.save(edited)
    second = d / "第二轮.xlsx"
    assert run_cli("match", needs, experts, *ARGS, "-o", second, "--locked", edited).code == 0
    third = d / "第三轮.xlsx"
    result = run_cli("match", needs, experts, *ARGS, "-o", third, "--locked", second)
    assert result.code == 0, result.stderr
    for out in (second, third):
        wb = openpyxl.load_workbook(out)
        got = {(p["企业名称"], p["专家姓名"]): p for p in rows_of(wb["配对结果"], 3)}
        assert got[("温州甲阀门有限公司", "陈明")]["匹配方式"] == "人工锁定"
        assert got[("温州甲阀门有限公司", "陈明")]["锁定"] == "是"  # carried into the next round
        assert ("温州乙电气有限公司", "王五") not in got
        banned = rows_of(wb["已排除配对"], 2)
        assert [(b["企业名称"], b["专家姓名"], b["排除"]) for b in banned] == [
            ("温州乙电气有限公司", "王五", "是")
        ]
    # publicity and agreements on the re-run output use the pairs only, and say nothing about the side sheet
    pub = run_cli("publicity", third, "--start", "2026-12-01", "-o", d / "公示.xlsx", "--policy", "wenzhou")
    assert pub.code == 0, pub.stderr
    assert "已排除配对" not in pub.stderr
    names = [r[1] for r in openpyxl.load_workbook(d / "公示.xlsx").active.iter_rows(values_only=True)]
    assert "陈明" in names and "王五" not in names


def test_unpaired_expert_reason_names_the_need_taken_by_a_pre_agreed_pair():
    def need(name, title, intended=None):
        values = {"企业名称": name, "县（市、区）": "瑞安市", "需求名称": title, "意向专家": intended}
        return Record("needs", values, {}, "需求.xlsx", "Sheet1", 3)

    def expert(name, field):
        values = {"姓名": name, "工作单位": "温州大学", "职称": "教授", "研究方向": field}
        return Record("experts", values, {}, "专家.xlsx", "Sheet1", 3)

    # 乙 names 陈明 (a valve man) although 王五 fits its switchgear need: 王五 is left, and his reason must not
    # claim that no need reaches the threshold
    needs = [need("乙公司", "低压电器开关柜", intended="陈明")]
    experts = [expert("陈明", "阀门、流体机械"), expert("王五", "低压电器、开关柜")]
    result = run_matching(needs, experts, MatchSettings(min_score=10))
    reasons = {result.experts[x.index].get("姓名"): x.reason for x in result.left if x.kind == "专家"}
    assert "没有企业需求" not in reasons["王五"]
    assert "乙公司" in reasons["王五"] and "意向直派" in reasons["王五"]


def test_two_enterprises_name_one_expert_the_better_fit_gets_him():
    def need(name, title):
        values = {"企业名称": name, "县（市、区）": "瑞安市", "需求名称": title, "意向专家": "陈明"}
        return Record("needs", values, {}, "需求.xlsx", "Sheet1", 3)

    expert = Record(
        "experts",
        {"姓名": "陈明", "工作单位": "温州大学", "研究方向": "阀门、流体机械、密封"},
        {},
        "专家.xlsx",
        "S",
        3,
    )
    # 乙 comes first in the canonical order (乙 < 甲 by code point), 甲 is the valve maker
    needs = [need("甲公司", "阀门密封"), need("乙公司", "低压电器开关柜")]
    result = run_matching(needs, [expert], MatchSettings(min_score=10))
    assert [(result.needs[p.need].get("企业名称"), p.method) for p in result.pairs] == [("甲公司", DIRECT)]


def test_match_warns_about_unallocated_places_and_an_empty_field(small_set):
    d, needs, experts = small_set
    result = run_cli("match", needs, experts, *ARGS, "-o", d / "q.xlsx", "--quota-total", "10")
    assert result.code == 0, result.stderr
    assert "7 个名额未分配" in result.stderr
    # every need 待复核 (two rows of one enterprise): nothing takes part, and the user is told what to do
    dup = book(
        d / "dup.xlsx",
        NEED_HEADERS,
        [
            ["鹿城区", "温州甲阀门有限公司", credit_code(1), "通用设备", "阀门密封", "", "", ""],
            ["鹿城区", "温州甲阀门有限公司", credit_code(1), "通用设备", "阀门铸造", "", "", ""],
        ],
    )
    result = run_cli("match", dup, experts, *ARGS, "-o", d / "e.xlsx")
    assert result.code == 0, result.stderr
    assert "没有企业通过资格校验" in result.stderr and "--include-review" in result.stderr


# ------------------------------------------------------------------------------------------ working days

D = dt.date


def test_weekends_only_never_overrides_a_year_the_package_knows():
    from fuzong_cli.decide.workdays import notice_period

    # National Day 2026 (10-01..10-07 off) is still skipped: --weekends-only is for the years without data
    assert notice_period(D(2026, 9, 28), 5, weekends_only=True) == (D(2026, 9, 28), D(2026, 10, 9))
    assert notice_period(D(2026, 12, 28), 5, weekends_only=True) == (D(2026, 12, 28), D(2027, 1, 1))


def test_a_stray_date_in_a_known_year_does_not_replace_that_years_schedule():
    from fuzong_cli.decide.workdays import disagreements, notice_period, parse_holidays_toml

    # 2026-02-24 typed for 2027-02-24: 2026 keeps the State Council schedule, the one date is warned about
    extra = parse_holidays_toml("holidays = [2027-01-01, 2026-02-24]", "h.toml")
    assert notice_period(D(2026, 9, 28), 5, extra) == (D(2026, 9, 28), D(2026, 10, 9))
    assert notice_period(D(2026, 2, 12), 5, extra) == (
        D(2026, 2, 12),
        D(2026, 2, 26),
    )  # 02-24 off per the file
    lines = disagreements(extra)
    assert len(lines) == 1 and "2026-02-24" in lines[0] and "笔误" in lines[0]
    # the 2027 date is for a year the package does not know: no warning, Monday–Friday otherwise
    assert notice_period(D(2026, 12, 28), 5, extra) == (D(2026, 12, 28), D(2027, 1, 4))


def test_holiday_file_with_an_impossible_date_is_explained_in_chinese(tmp_path):
    bad = tmp_path / "h.toml"
    bad.write_text("holidays = [2027-01-01, 2027-13-02]\n", encoding="utf-8")
    pairs = tmp_path / "p.xlsx"
    book(pairs, ["序号", "企业名称", "专家姓名", "工作单位"], [[1, "温州甲公司", "陈明", "温州大学"]])
    result = run_cli(
        "publicity", pairs, "--start", "2026-12-28", "--holidays", bad, "-o", tmp_path / "o.xlsx"
    )
    assert_clean_error(result, "h.toml", "第1行")
    assert "Unclosed" not in result.stderr and "line" not in result.stderr


# ------------------------------------------------------------------------------------------ agreement templates


def _template(path, *lines):
    import docx

    d = docx.Document()
    for line in lines:
        d.add_paragraph(line)
    d.save(path)
    return path


@pytest.mark.parametrize(
    ("line", "says"),
    [
        ("甲方：{{ 企业名称() }}", "字段名后面不能加括号"),
        ("{{ 1 / 0 }}", "除以 0"),
        ("{{ 任务清单.x.y }}", "不存在的字段或属性"),
        ("{{ ''.__class__.__mro__[1].__subclasses__() }}", "不允许的写法"),
    ],
)
def test_template_errors_at_fill_time_exit_2_in_chinese(tmp_path, line, says):
    pairs = book(
        tmp_path / "p.xlsx",
        ["序号", "企业名称", "专家姓名", "工作单位", "聘期开始"],
        [[1, "温州甲公司", "陈明", "温州大学", "2026-12-15"]],
    )
    tpl = _template(tmp_path / "t.docx", "乙方：{{ 专家姓名 }}", line)
    out = tmp_path / "协议"
    result = run_cli("agreements", pairs, "--template", tpl, "-o", out, "--policy", "hubei")
    assert_clean_error(result, "t.docx", "温州甲公司", says)
    assert not out.exists() and not [p for p in tmp_path.iterdir() if p.name.startswith(".协议")]


def test_unknown_filter_is_named_in_chinese(tmp_path):
    pairs = book(
        tmp_path / "p.xlsx",
        ["序号", "企业名称", "专家姓名", "工作单位"],
        [[1, "温州甲公司", "陈明", "温州大学"]],
    )
    tpl = _template(tmp_path / "t.docx", "甲方：{{ 企业名称|nofilter }}")
    result = run_cli("agreements", pairs, "--template", tpl, "-o", tmp_path / "o", "--start", "2026-12-15")
    assert_clean_error(result, "不认识的过滤器“nofilter”", "第1段")


def test_publicity_with_a_bad_notice_template_writes_nothing(tmp_path):
    pairs = book(
        tmp_path / "p.xlsx",
        ["序号", "企业名称", "专家姓名", "工作单位"],
        [[1, "温州甲公司", "陈明", "温州大学"]],
    )
    bad = _template(tmp_path / "通知.docx", "{{ 公示标题 }}", "{{ 公示其 }}")
    out = tmp_path / "公示名单.xlsx"
    result = run_cli("publicity", pairs, "--start", "2026-12-01", "-o", out, "--docx", "--template", bad)
    assert_clean_error(result, "{{ 公示其 }}", "{{ 公示期 }}")
    assert not out.exists() and not (tmp_path / "公示通知.docx").exists()
    # a notice template given without --docx: the user wants the notice, it is written
    good = _template(tmp_path / "好通知.docx", "{{ 公示标题 }}", "{{ 公示期 }}")
    result = run_cli("publicity", pairs, "--start", "2026-12-01", "-o", out, "--template", good)
    assert result.code == 0, result.stderr
    import docx

    text = [p.text for p in docx.Document(tmp_path / "公示通知.docx").paragraphs]
    assert "公示期：2026年12月1日至2026年12月7日" in text


def _first_round(small_set):
    d, needs, experts = small_set
    first = d / "第一轮.xlsx"
    assert run_cli("match", needs, experts, *ARGS, "-o", first).code == 0
    wb = openpyxl.load_workbook(first)
    ws = wb["配对结果"]
    col = {c.value: c.column for c in ws[3]}
    return d, needs, experts, wb, ws, col


def test_an_unreadable_lock_mark_stops_the_run(small_set):
    d, needs, experts, wb, ws, col = _first_round(small_set)
    ws.cell(4, col["锁定"]).value = "锁定"  # a word, not 是/否: never dropped silently
    edited = d / "改过.xlsx"
    wb.save(edited)
    result = run_cli("match", needs, experts, *ARGS, "-o", d / "o.xlsx", "--locked", edited)
    assert_clean_error(result, "第4行", "“锁定”", "请填“是”")


def test_locked_file_saved_as_csv_or_with_a_renamed_sheet(small_set):
    import csv

    d, needs, experts, wb, ws, col = _first_round(small_set)
    ws.cell(4, col["锁定"]).value = "是"
    locked_pair = (ws.cell(4, col["企业名称"]).value, ws.cell(4, col["专家姓名"]).value)
    path = d / "改过.csv"
    with open(path, "w", newline="", encoding="utf-8-sig") as fh:
        writer = csv.writer(fh)
        for row in ws.iter_rows(min_row=3, values_only=True):
            writer.writerow(["" if v is None else v for v in row])
    ws.title = "Sheet1"
    renamed = d / "改名.xlsx"
    wb.save(renamed)
    for edited in (path, renamed):
        out = d / f"{edited.stem}-结果.xlsx"
        result = run_cli("match", needs, experts, *ARGS, "-o", out, "--locked", edited)
        assert result.code == 0, result.stderr
        got = {
            (p["企业名称"], p["专家姓名"]): p["匹配方式"]
            for p in rows_of(openpyxl.load_workbook(out)["配对结果"], 3)
        }
        assert got[locked_pair] == "人工锁定"


def test_control_characters_from_a_cell_never_break_the_documents(tmp_path):
    import docx

    pairs = tmp_path / "配对.csv"
    pairs.write_text(
        "序号,企业名称,专家姓名,工作单位,聘期开始,研究方向\n"
        '1,"温州乙\x01公司",王五,温州大学,2026-12-15,"阀门\x1f密封"\n',
        encoding="utf-8",
    )
    out = tmp_path / "协议"
    result = run_cli("agreements", pairs, "-o", out, "--merge", "--policy", "hubei")
    assert result.code == 0, result.stderr
    text = "\n".join(p.text for p in docx.Document(out / "001_温州乙公司_王五.docx").paragraphs)
    assert "甲方（企业）：温州乙公司" in text
    assert openpyxl.load_workbook(out / "协议清单.xlsx")["协议清单"]["B2"].value == "温州乙公司"
    docx.Document(out / "全部协议_合并打印.docx")
    listing = tmp_path / "公示名单.xlsx"
    result = run_cli("publicity", pairs, "--start", "2026-12-01", "-o", listing, "--docx")
    assert result.code == 0, result.stderr
    cells = [c for row in openpyxl.load_workbook(listing).active.iter_rows(values_only=True) for c in row]
    assert "温州乙公司" in cells
    docx.Document(tmp_path / "公示通知.docx")


def test_match_quota_total_gives_the_places_of_fuzong_quota(tmp_path):
    """SPEC §5: --quota-total applies "the per-county quotas of `quota`" — counted on every need collected
    (湖北方案 四(二)), not only on the rows that pass validation."""
    from conftest import SAMPLE

    needs = [SAMPLE / "鹿城区企业需求表.xlsx", SAMPLE / "瑞安市企业需求表.xlsx"]
    merged = tmp_path / "needs.xlsx"
    assert run_cli("ingest", "needs", *needs, "-o", merged, "--policy", "wenzhou").code == 0
    experts = tmp_path / "experts.xlsx"
    assert run_cli("ingest", "experts", SAMPLE / "专家意向表_温州大学.xlsx", "-o", experts).code == 0
    q = run_cli("quota", merged, "--total", "3", "-o", tmp_path / "q.xlsx", "--json", "--policy", "wenzhou")
    assert q.code == 0, q.stderr
    import json

    places = json.loads(q.stdout)["details"]["places"]
    m = run_cli("match", merged, experts, *ARGS, "-o", tmp_path / "m.xlsx", "--quota-total", "3", "--json")
    assert m.code == 0, m.stderr
    assert json.loads(m.stdout)["details"]["名额分配"] == places


def test_a_candidate_already_paired_elsewhere_says_with_whom():
    def need(name, title):
        values = {"企业名称": name, "县（市、区）": "瑞安市", "需求名称": title}
        return Record("needs", values, {}, "需求.xlsx", "Sheet1", 3)

    expert = Record(
        "experts", {"姓名": "陈明", "工作单位": "温州大学", "研究方向": "阀门、密封"}, {}, "e.xlsx", "S", 3
    )
    result = run_matching(
        [need("甲公司", "阀门密封"), need("乙公司", "阀门")], [expert], MatchSettings(min_score=10)
    )
    notes = {result.needs[c.need].get("企业名称"): c.note for c in result.candidates}
    assert notes == {"甲公司": "已配对", "乙公司": "已配给甲公司"}


def test_a_locked_row_whose_name_and_credit_code_disagree_is_never_guessed(small_set):
    d, needs, experts, wb, ws, col = _first_round(small_set)
    rows = {ws.cell(r, col["企业名称"]).value: r for r in range(4, ws.max_row + 1)}
    r = rows["温州甲阀门有限公司"]
    ws.cell(r, col["企业名称"]).value = "温州丙鞋业有限公司"  # typed over, the old credit code left in place
    ws.cell(r, col["锁定"]).value = "是"
    edited = d / "改过.xlsx"
    wb.save(edited)
    result = run_cli("match", needs, experts, *ARGS, "-o", d / "o.xlsx", "--locked", edited)
    assert_clean_error(result, "温州丙鞋业有限公司", "温州甲阀门有限公司", "不是同一家企业")


def test_a_locked_expert_name_fitting_two_persons_asks_for_the_unit(small_set):
    d, needs, experts, wb, ws, col = _first_round(small_set)
    # a second 张伟 (another person) joins the expert form
    ewb = openpyxl.load_workbook(experts)
    ewb.active.append(
        ["张伟", "男", id_number(9), "1980-01", "研究生", "博士", "教授", "温州医科大学", "2005-07", "眼视光"]
    )
    ewb.save(experts)
    rows = {ws.cell(r, col["企业名称"]).value: r for r in range(4, ws.max_row + 1)}
    r = rows["温州甲阀门有限公司"]
    ws.cell(r, col["专家姓名"]).value = "张伟"
    ws.cell(r, col["工作单位"]).value = "某大学"
    ws.cell(r, col["锁定"]).value = "是"
    edited = d / "改过.xlsx"
    wb.save(edited)
    result = run_cli("match", needs, experts, *ARGS, "-o", d / "o.xlsx", "--locked", edited)
    assert_clean_error(result, "对应 2 位不同的专家", "工作单位")
