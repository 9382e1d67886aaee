"""The blind matching set (sample_data/matching_blind/, issue 9): frozen held-out half, consistent answer key."""

from __future__ import annotations

import hashlib
import re
import subprocess
import sys
import zlib
from collections import Counter
from pathlib import Path

import openpyxl
import pytest
from conftest import REPO, SAMPLE, run_cli

SET = SAMPLE / "matching_blind"
HALVES = ("留出", "调优")

# Recorded at the freeze (commit 5e7a4fc "Freeze held-out half of the blind matching set"); also in
# benchmarks/README.md and sample_data/matching_blind/README.md. These files must never change.
FROZEN = {
    "subjects_留出.toml": "08dcb0fe3df8f8c78cde3cd8bfcedfe33bcc0b317568a9deeb52e6c1e868aa39",
    "留出_企业需求表.xlsx": "617f9a9675b342c83000d1813550307eee820d2812e687fa50520d54e99f1139",
    "留出_专家意向表.xlsx": "4d6a9475a966dd6f8a7bd0942c54c186b878805e6e1566c81a46746abbfcb3b7",
    "答案_留出.xlsx": "4b36f5ec837169cc917bf45a778d0e43948bcd4bfc862261f0218efd02ce2f3d",
}
KEY_HEADERS = ["划分", "企业名称", "统一社会信用代码", "专家姓名", "工作单位", "所属行业"]


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def table(path: Path) -> tuple[list[str], list[dict[str, object]]]:
    ws = openpyxl.load_workbook(path, read_only=True).active
    rows = list(ws.iter_rows(values_only=True))
    head = [str(h) for h in rows[0]]
    return head, [dict(zip(head, r)) for r in rows[1:]]


def recorded(readme: Path) -> dict[str, str]:
    """`| \\`file\\` | \\`sha\\` |` rows of a README table."""
    return dict(
        re.findall(r"\|\s*`([^`]+)`\s*\|\s*`([0-9a-f]{64})`\s*\|", readme.read_text(encoding="utf-8"))
    )


# ------------------------------------------------------------------ the fresh held-out set (留出二, 2026-12-07)
# Written blind by a separate engineer after the first held-out half had been looked at four times; frozen in
# commit 5155636 ("Freeze the fresh blind held-out matching set (留出二), written blind") before any tuning.
FRESH = SAMPLE / "matching_fresh"
FRESH_HALF = "留出二"
FRESH_FROZEN = {
    "subjects_留出二.toml": "ea6dc0356fe40efa18a453e66a43ef54dd5b3d060c08d0daf50537e8bf171856",
    "留出二_企业需求表.xlsx": "f1b711a20a667e2ea4180c818ee1ef58038324c2df85d16af4773261f03a3369",
    "留出二_专家意向表.xlsx": "18dd0a4958f5610949bb849f71ff4c2983407237f63c2e926d2e8ddc6fc69b35",
    "答案_留出二.xlsx": "6c9efe526a23f5f54a4a8a294e9e7abb1eaab5578c5d3193df69f84ffa28d5d3",
}
FROZEN_SETS = pytest.mark.parametrize(
    "folder, frozen", [(SET, FROZEN), (FRESH, FRESH_FROZEN)], ids=["blind", "fresh"]
)


@FROZEN_SETS
def test_held_out_files_are_the_frozen_ones(folder, frozen):
    for name, digest in frozen.items():
        assert sha256(folder / name) == digest, f"{name} changed after the freeze"


@FROZEN_SETS
@pytest.mark.parametrize("where", ["benchmarks", "own"])
def test_readmes_record_the_same_sha256(folder, frozen, where):
    readme = REPO / "benchmarks" / "README.md" if where == "benchmarks" else folder / "README.md"
    rec = recorded(readme)
    for name, digest in frozen.items():
        assert rec.get(name) == digest, (readme, name)


@pytest.mark.parametrize("half", HALVES)
def test_answer_key_names_enterprises_and_experts_of_its_own_half(half):
    key_head, key = table(SET / f"答案_{half}.xlsx")
    assert key_head == KEY_HEADERS
    _, needs = table(SET / f"{half}_企业需求表.xlsx")
    _, experts = table(SET / f"{half}_专家意向表.xlsx")
    enterprises = {(r["企业名称"], r["统一社会信用代码"]): r for r in needs}
    people = {(r["姓名"], r["工作单位"]) for r in experts}
    assert {r["划分"] for r in key} == {half}
    for r in key:
        ent = enterprises.get((r["企业名称"], r["统一社会信用代码"]))
        assert ent is not None, (half, r["企业名称"])
        assert ent["所属行业"] == r["所属行业"]
        assert (r["专家姓名"], r["工作单位"]) in people, (half, r["专家姓名"])
    # every need has exactly one answer, and no expert is the answer of two needs
    counts = Counter((r["企业名称"], r["统一社会信用代码"]) for r in key)
    assert set(counts) == set(enterprises) and max(counts.values()) == 1
    assert len({r["专家姓名"] for r in key}) == len(key)
    # the other half's forms do not hold these subjects
    other = HALVES[1 - HALVES.index(half)]
    _, other_needs = table(SET / f"{other}_企业需求表.xlsx")
    _, other_experts = table(SET / f"{other}_专家意向表.xlsx")
    assert not {r["企业名称"] for r in key} & {r["企业名称"] for r in other_needs}
    assert not {r["专家姓名"] for r in key} & {r["姓名"] for r in other_experts}


@pytest.mark.parametrize("half", HALVES)
def test_size_industries_and_distractors(half):
    _, key = table(SET / f"答案_{half}.xlsx")
    _, experts = table(SET / f"{half}_专家意向表.xlsx")
    per_industry = Counter(r["所属行业"] for r in key)
    assert len(per_industry) >= 16
    assert min(per_industry.values()) >= 3
    for must in ("陶瓷", "船舶", "畜牧", "涂料", "医疗器械", "农机"):
        assert per_industry[must] >= 3
    answers = {r["专家姓名"] for r in key}
    distractors = [r for r in experts if r["姓名"] not in answers]
    assert len(distractors) >= len(per_industry)  # at least one near-miss per industry
    # profile columns are there, and some experts leave them empty as real forms do
    for col in ("代表性成果", "授权专利", "主持项目"):
        filled = sum(1 for r in experts if r[col])
        assert 0 < filled < len(experts), col


@pytest.mark.parametrize("half", HALVES)
def test_every_row_passes_wenzhou(half, tmp_path):
    for form in ("企业需求表", "专家意向表"):
        out = tmp_path / f"{form}.xlsx"
        res = run_cli("validate", SET / f"{half}_{form}.xlsx", "--policy", "wenzhou", "--as-of", "2026-11-24",
                      "-o", out, "--quiet")  # fmt: skip
        assert res.code == 0, (half, form, res.stdout, res.stderr)


def test_rebuild_gives_the_same_files(tmp_path):
    subprocess.run(
        [sys.executable, str(SET / "build_blind_set.py"), "--half", "all", "--out", str(tmp_path)],
        check=True,
        capture_output=True,
    )
    for half in HALVES:
        for name in (f"{half}_企业需求表.xlsx", f"{half}_专家意向表.xlsx", f"答案_{half}.xlsx"):
            assert table(tmp_path / name) == table(SET / name), name
    # deflate output may differ with another zlib; the cells were compared above
    if zlib.ZLIB_RUNTIME_VERSION != "1.2.13":
        return
    for name in FROZEN:
        if name.endswith(".xlsx"):
            assert sha256(tmp_path / name) == FROZEN[name], name


def test_fresh_answer_key_is_consistent_and_shares_nobody_with_the_older_halves():
    key_head, key = table(FRESH / f"答案_{FRESH_HALF}.xlsx")
    assert key_head == KEY_HEADERS and len(key) == 48
    _, needs = table(FRESH / f"{FRESH_HALF}_企业需求表.xlsx")
    _, experts = table(FRESH / f"{FRESH_HALF}_专家意向表.xlsx")
    assert len(needs) == 48 and len(experts) == 64
    enterprises = {(r["企业名称"], r["统一社会信用代码"]): r for r in needs}
    people = {(r["姓名"], r["工作单位"]) for r in experts}
    for r in key:
        ent = enterprises.get((r["企业名称"], r["统一社会信用代码"]))
        assert ent is not None and ent["所属行业"] == r["所属行业"], r["企业名称"]
        assert (r["专家姓名"], r["工作单位"]) in people, r["专家姓名"]
    assert len({r["专家姓名"] for r in key}) == 48
    per_industry = Counter(r["所属行业"] for r in key)
    assert len(per_industry) == 16 and min(per_industry.values()) == 3
    for half in HALVES:
        _, older = table(SET / f"{half}_专家意向表.xlsx")
        assert not {r["姓名"] for r in experts} & {r["姓名"] for r in older}, half


def test_fresh_rows_pass_wenzhou_and_rebuild_gives_the_same_cells(tmp_path):
    for form in ("企业需求表", "专家意向表"):
        res = run_cli("validate", FRESH / f"{FRESH_HALF}_{form}.xlsx", "--policy", "wenzhou", "--as-of",
                      "2026-11-24", "-o", tmp_path / f"{form}.xlsx", "--quiet")  # fmt: skip
        assert res.code == 0, (form, res.stdout, res.stderr)
    build = tmp_path / "build"
    build.mkdir()
    subprocess.run([sys.executable, str(FRESH / "build_fresh_set.py"), "--out", str(build)], check=True,
                   capture_output=True)  # fmt: skip
    for name in FRESH_FROZEN:
        if name.endswith(".xlsx"):
            assert table(build / name) == table(FRESH / name), name
