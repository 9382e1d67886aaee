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
    result = run_cli("match", needs, experts, "--policy", strict, *ARGS, "-o", tmp_path / "x.xlsx", "--locked", first)
    assert result.code == 2 and "存在利益冲突" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "x.xlsx").exists()


def test_match_finds_persons_by_the_identity_module(tmp_path):
    # one definition of a person (decide/identity.py): a locked row typed 温州大学(化学学院) names the expert
    # of 温州大学（化学学院）
    from fuzong_cli.commands.match_cmd import _find_expert
    from fuzong_cli.decide import identity
    from fuzong_cli.decide.matching import norm_name, person_key
    from fuzong_cli.records import Record

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
