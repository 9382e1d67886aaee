"""fuzong match driven through the real command; outputs read back with openpyxl."""

from __future__ import annotations

import json
import re
import shutil
from importlib import resources

import openpyxl
import pytest
from conftest import SAMPLE, assert_clean_error, marker_of, read_sheet, run_cli
from support_pairs import NEED_HEADERS, _first_round, book, credit_code, header_row, id_number
from support_rules import ARGS as ARGS_rules
from support_rules import _conflict_set, _pairs, _set_cell

SET = SAMPLE / "matching"
ARGS = ("--policy", "wenzhou", "--as-of", "2026-11-24")


@pytest.fixture(scope="module")
def tuned(tmp_path_factory):
    """The tuning half of the matching set, matched once for the read-only checks."""
    d = tmp_path_factory.mktemp("match")
    needs = shutil.copy(SET / "调优_企业需求表.xlsx", d / "needs.xlsx")
    experts = shutil.copy(SET / "调优_专家意向表.xlsx", d / "experts.xlsx")
    out = d / "配对结果.xlsx"
    result = run_cli("match", needs, experts, *ARGS, "-o", out)
    assert result.code == 0, result.stderr
    return d, out, result


def test_workbook_sheets_and_columns(tuned):
    _, out, result = tuned
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["配对结果", "候选名单", "未匹配", "说明"]
    pairs = read_sheet(wb["配对结果"], header_row=3)
    assert list(pairs[0]) == [
        "序号", "县（市、区）", "企业名称", "统一社会信用代码", "需求名称", "专家姓名", "性别", "工作单位", "职称",
        "研究方向", "匹配方式", "匹配得分", "匹配把握", "匹配依据", "聘期开始", "锁定", "排除",
    ]  # fmt: skip
    assert len(pairs) >= 40
    assert {p["匹配方式"] for p in pairs} <= {"意向直派", "智能匹配"}
    assert any(p["匹配方式"] == "意向直派" for p in pairs)
    assert all(0 < p["匹配得分"] <= 100 for p in pairs)
    assert all(p["匹配依据"] for p in pairs)
    assert any("同义" in p["匹配依据"] for p in pairs)
    # one expert per enterprise and one enterprise per expert (温州方案 六(四))
    assert len({p["企业名称"] for p in pairs}) == len(pairs)
    assert len({(p["专家姓名"], p["工作单位"]) for p in pairs}) == len(pairs)
    cands = read_sheet(wb["候选名单"], header_row=2)
    per_need = {}
    for c in cands:
        per_need.setdefault(c["企业名称"], []).append(c["名次"])
    assert all(ranks == list(range(1, len(ranks) + 1)) and len(ranks) <= 5 for ranks in per_need.values())
    assert "配对数" in result.stdout and "平均得分" in result.stdout
    notes = {r[0]: r[1] for r in wb["说明"].iter_rows(min_row=2, values_only=True)}
    assert notes["最低匹配得分"] == 0 and "温州" in notes["政策"]
    # 匹配把握 on every pair and candidate: 高/中/低 with the score's place among all pairs of the run
    assert all(re.fullmatch(r"[高中低]（前 [0-9.]+%）", p["匹配把握"]) for p in pairs)
    assert all("把握" in p["匹配依据"] for p in pairs)
    assert all(re.fullmatch(r"[高中低]（前 [0-9.]+%）", c["匹配把握"]) for c in cands)
    assert "语义相似度" in notes["得分构成"]


def test_pairs_read_back_as_pairs_only(tuned):
    from fuzong_cli.read.forms import read_records

    _, out, _ = tuned
    records = read_records([out], "pairs").records
    assert records and {r.source_sheet for r in records} == {"配对结果"}


def test_json_summary(tuned, tmp_path):
    d, _, _ = tuned
    out = tmp_path / "x.xlsx"
    result = run_cli("match", d / "needs.xlsx", d / "experts.xlsx", *ARGS, "-o", out, "--json")
    assert result.code == 0, result.stderr
    payload = json.loads(result.stdout)
    assert payload["command"] == "match"
    counts = payload["counts"]
    assert counts["配对数"] == counts["意向直派"] + counts["智能匹配"]
    assert counts["未配对企业"] >= 0 and "平均得分" in counts
    assert payload["outputs"] == [str(out)] and payload["exit_code"] == 0


def test_locked_and_excluded_rerun(tuned, tmp_path):
    d, out, _ = tuned
    wb = openpyxl.load_workbook(out)
    ws = wb["配对结果"]
    header = [c.value for c in ws[3]]
    col = {h: i + 1 for i, h in enumerate(header)}
    smart = [r for r in range(4, ws.max_row + 1) if ws.cell(r, col["匹配方式"]).value == "智能匹配"]
    keep, ban = smart[0], smart[1]
    kept = (ws.cell(keep, col["企业名称"]).value, ws.cell(keep, col["专家姓名"]).value)
    banned = (ws.cell(ban, col["企业名称"]).value, ws.cell(ban, col["专家姓名"]).value)
    ws.cell(keep, col["锁定"]).value = "是"
    ws.cell(ban, col["排除"]).value = "是"
    edited = tmp_path / "edited.xlsx"
    wb.save(edited)
    out2 = tmp_path / "again.xlsx"
    result = run_cli("match", d / "needs.xlsx", d / "experts.xlsx", *ARGS, "-o", out2, "--locked", edited)
    assert result.code == 0, result.stderr
    pairs = read_sheet(openpyxl.load_workbook(out2)["配对结果"], header_row=3)
    got = {(p["企业名称"], p["专家姓名"]): p["匹配方式"] for p in pairs}
    assert got[kept] == "人工锁定"
    assert banned not in got
    # the marker names the sheets read back: 配对结果 (publicity, agreements, --locked) and 已排除配对 (--locked)
    assert marker_of(out)["command"] == "match" and marker_of(out)["data_sheets"] == ["配对结果"]
    assert marker_of(out2)["data_sheets"] == ["配对结果", "已排除配对"]
    # the next round of the loop, from the new workbook as it is: the lock and the exclusion still hold
    out3 = tmp_path / "third.xlsx"
    result = run_cli("match", d / "needs.xlsx", d / "experts.xlsx", *ARGS, "-o", out3, "--locked", out2)
    assert result.code == 0, result.stderr
    got = {(p["企业名称"], p["专家姓名"]): p["匹配方式"] for p in read_sheet(out3, "配对结果", header_row=3)}
    assert got[kept] == "人工锁定" and banned not in got


def test_quota_total_warning_says_what_the_policy_counts():
    # 湖北方案 四(二) counts needs (policies/hubei.toml quota_count = "needs"); where the source is silent,
    # enterprises are counted: the --quota-total warning says which
    from fuzong_cli.policy import load_policy
    from fuzong_cli.runs.match import quota_warning

    hubei = quota_warning(load_policy("hubei"), 9, 5, 4)
    assert "征集到的需求数 5" in hubei and "企业" not in hubei and "4 个名额未分配" in hubei
    wenzhou = quota_warning(load_policy("wenzhou"), 9, 5, 4)
    assert "征集到需求的企业数 5" in wenzhou


def test_locked_pair_breaking_capacity_exits_2(tuned, tmp_path):
    d, out, _ = tuned
    wb = openpyxl.load_workbook(out)
    ws = wb["配对结果"]
    header = [c.value for c in ws[3]]
    col = {h: i + 1 for i, h in enumerate(header)}
    # lock the first two rows, both to the first row's expert: one expert, two enterprises
    for r in (4, 5):
        ws.cell(r, col["专家姓名"]).value = ws.cell(4, col["专家姓名"]).value
        ws.cell(r, col["工作单位"]).value = ws.cell(4, col["工作单位"]).value
        ws.cell(r, col["锁定"]).value = "是"
    edited = tmp_path / "edited.xlsx"
    wb.save(edited)
    result = run_cli(
        "match", d / "needs.xlsx", d / "experts.xlsx", *ARGS, "-o", tmp_path / "o.xlsx", "--locked", edited
    )
    assert_clean_error(result, "锁定的配对", "专家可服务企业数")
    assert not (tmp_path / "o.xlsx").exists()


def test_locked_file_that_is_not_a_pairs_workbook(tuned, tmp_path):
    d, _, _ = tuned
    result = run_cli(
        "match",
        d / "needs.xlsx",
        d / "experts.xlsx",
        *ARGS,
        "-o",
        tmp_path / "o.xlsx",
        "--locked",
        d / "needs.xlsx",
    )
    assert_clean_error(result, "不是 fuzong match 输出的配对结果工作簿")


def test_quota_total_limits_pairs_per_county(tuned, tmp_path):
    d, _, _ = tuned
    out = tmp_path / "q.xlsx"
    result = run_cli("match", d / "needs.xlsx", d / "experts.xlsx", *ARGS, "-o", out, "--quota-total", "12")
    assert result.code == 0, result.stderr
    wb = openpyxl.load_workbook(out)
    assert "名额分配" in wb.sheetnames
    quota = read_sheet(wb["名额分配"], header_row=2)
    places = {q["县（市、区）"]: q["分配名额"] for q in quota if q["县（市、区）"] != "合计"}
    assert sum(places.values()) == 12
    pairs = read_sheet(wb["配对结果"], header_row=3)
    assert len(pairs) <= 12
    for county, n in places.items():
        assert sum(1 for p in pairs if p["县（市、区）"] == county) <= n
    left = read_sheet(wb["未匹配"], header_row=1)
    assert any("名额" in (x["原因"] or "") for x in left)


def test_include_review_admits_rows_needing_review(tmp_path):
    needs, experts = SAMPLE / "鹿城区企业需求表.xlsx", SAMPLE / "专家意向表_温州大学.xlsx"
    a = run_cli("match", needs, experts, *ARGS, "-o", tmp_path / "a.xlsx", "--json")
    b = run_cli("match", needs, experts, *ARGS, "-o", tmp_path / "b.xlsx", "--json", "--include-review")
    assert a.code == 0 and b.code == 0, (a.stderr, b.stderr)
    assert json.loads(b.stdout)["counts"]["未参加配对"] < json.loads(a.stdout)["counts"]["未参加配对"]
    left = read_sheet(openpyxl.load_workbook(tmp_path / "a.xlsx")["未匹配"], header_row=1)
    assert any(x["环节"] == "资格校验" and "校验" in x["原因"] for x in left)


def test_bad_inputs_exit_2(tmp_path):
    empty = tmp_path / "empty.xlsx"
    wb = openpyxl.Workbook()
    wb.active.append(["县（市、区）", "企业名称", "统一社会信用代码", "需求名称"])
    wb.save(empty)
    experts = SET / "调优_专家意向表.xlsx"
    assert_clean_error(
        run_cli("match", empty, experts, *ARGS, "-o", tmp_path / "o.xlsx"), "没有读到任何企业需求"
    )
    assert_clean_error(run_cli("match", tmp_path / "nope.xlsx", experts, *ARGS), "找不到输入文件")
    assert_clean_error(run_cli("match", experts, experts, *ARGS, "-o", tmp_path / "o.xlsx"))
    needs = SET / "调优_企业需求表.xlsx"
    assert_clean_error(run_cli("match", needs, experts, *ARGS, "--top-k", "0"), "--top-k")
    existing = tmp_path / "exists.xlsx"
    existing.write_bytes(b"x")
    assert_clean_error(run_cli("match", needs, experts, *ARGS, "-o", existing), "--force")


def test_validate_outputs_are_inputs(tmp_path):
    needs = tmp_path / "n.xlsx"
    experts = tmp_path / "e.xlsx"
    run_cli("validate", SAMPLE / "瑞安市企业需求表.xlsx", *ARGS, "-o", needs)
    run_cli("validate", SAMPLE / "专家意向表_温州大学.xlsx", *ARGS, "-o", experts)
    result = run_cli("match", needs, experts, *ARGS, "-o", tmp_path / "m.xlsx")
    assert result.code == 0, result.stderr
    assert "问题清单" not in result.stdout  # fuzong's own side sheets are skipped silently
    wb = openpyxl.load_workbook(tmp_path / "m.xlsx")
    pairs = read_sheet(wb["配对结果"], header_row=3)
    assert pairs and all(p["企业名称"] and p["专家姓名"] for p in pairs)


def test_factory_language_bad_text_end_to_end(tmp_path):
    """Blank, 10,000-character, English and emoji texts (issue 9): exit 0, every need paired or in 未匹配."""
    needs = shutil.copy(SET / "调优_企业需求表.xlsx", tmp_path / "needs.xlsx")
    experts = shutil.copy(SET / "调优_专家意向表.xlsx", tmp_path / "experts.xlsx")
    wb = openpyxl.load_workbook(needs)
    ws = wb.worksheets[0]
    head = [c.value for c in ws[1]]
    name_col, desc_col, major_col, trade_col = (
        head.index(h) + 1 for h in ("需求名称", "需求描述", "所需专业", "所属行业")
    )
    texts = ["", "关不严，" * 2500, "Gate valve leaks after six months", "😡😡🔧"]
    for row, text in zip(range(2, 6), texts):
        ws.cell(row, desc_col).value = text or None
        ws.cell(row, major_col).value = None
        if not any(ch.isalnum() for ch in text):
            ws.cell(row, name_col, "🙂" if text else "——")
            ws.cell(row, trade_col).value = None
    wb.save(needs)
    n_rows = sum(1 for r in ws.iter_rows(min_row=2, values_only=True) if any(r))
    out = tmp_path / "out.xlsx"
    result = run_cli("match", needs, experts, *ARGS, "-o", out)
    assert result.code == 0, result.stderr
    assert "Traceback" not in result.stderr
    wb = openpyxl.load_workbook(out)
    pairs = read_sheet(wb["配对结果"], header_row=3)
    left = read_sheet(wb["未匹配"], header_row=1)
    left_needs = [r for r in left if r["类别"] == "企业"]
    assert len(pairs) + len(left_needs) == n_rows and all(r["原因"] for r in left_needs)
    blank = [r for r in left_needs if "没有可比较的文字" in r["原因"]]
    assert len(blank) == 2  # the blank one and the emoji-only one: never paired on bonuses alone


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
        got = {(p["企业名称"], p["专家姓名"]): p for p in read_sheet(wb["配对结果"], header_row=3)}
        assert got[("温州甲阀门有限公司", "陈明")]["匹配方式"] == "人工锁定"
        assert got[("温州甲阀门有限公司", "陈明")]["锁定"] == "是"  # carried into the next round
        assert ("温州乙电气有限公司", "王五") not in got
        banned = read_sheet(wb["已排除配对"], header_row=2)
        assert [(b["企业名称"], b["专家姓名"], b["排除"]) for b in banned] == [
            ("温州乙电气有限公司", "王五", "是")
        ]
    # publicity and agreements on the re-run output use the pairs only, and say nothing about the side sheet
    pub = run_cli("publicity", third, "--start", "2026-12-01", "-o", d / "公示.xlsx", "--policy", "wenzhou")
    assert pub.code == 0, pub.stderr
    assert "已排除配对" not in pub.stderr
    names = [r[1] for r in openpyxl.load_workbook(d / "公示.xlsx").active.iter_rows(values_only=True)]
    assert "陈明" in names and "王五" not in names


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
            for p in read_sheet(openpyxl.load_workbook(out)["配对结果"], header_row=3)
        }
        assert got[locked_pair] == "人工锁定"


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


def test_wenzhou_conflict_in_principle_is_a_pair_marked_for_review(tmp_path):
    # 温州方案 二(三)1：“原则上不应为科技副总申报人及所在单位创办、入股的企业” — “原则上”: validate says
    # 待复核 (X04), so match may make the pair but must mark it; a pair the staff lock is kept, marked.
    needs, experts, _, (firm, person) = _conflict_set(tmp_path)
    out = tmp_path / "review.xlsx"
    result = run_cli("match", needs, experts, "--policy", "wenzhou", *ARGS_rules, "-o", out)
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
    result = run_cli(
        "match", needs, experts, "--policy", "wenzhou", *ARGS_rules, "-o", again, "--locked", out
    )
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
    result = run_cli("match", needs, experts, "--policy", strict, *ARGS_rules, "-o", out)
    assert result.code == 0, result.stderr
    pairs = _pairs(out)
    assert (firm, person) not in {(p["企业名称"], p["专家姓名"]) for p in pairs}
    assert not any("利益冲突待复核" in p["匹配依据"] for p in pairs)
    _set_cell(first, "企业名称", firm, "锁定", "是", header_row=3)
    result = run_cli(
        "match",
        needs,
        experts,
        "--policy",
        strict,
        *ARGS_rules,
        "-o",
        tmp_path / "x.xlsx",
        "--locked",
        first,
    )
    assert result.code == 2 and "存在利益冲突" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "x.xlsx").exists()
