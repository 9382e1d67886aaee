"""Odd real-world workbooks (calamine's test corpus): read them or refuse cleanly — never a traceback,
never a hang, never a half-written output."""

from __future__ import annotations

import pytest
from conftest import SHARED, run_cli

ROBUSTNESS = SHARED / "robustness"
CORPUS = ROBUSTNESS / "calamine-tests"
#: every workbook anywhere under shared/robustness/ (new sub-folders are picked up without editing this test)
FILES = (
    sorted(
        p
        for p in ROBUSTNESS.rglob("*")
        if p.is_file() and p.suffix.lower() in {".xls", ".xlsx", ".xlsm", ".xlsb", ".ods", ".csv"}
    )
    if ROBUSTNESS.exists()
    else []
)


@pytest.mark.skipif(not FILES, reason="shared/robustness corpus not present")
@pytest.mark.parametrize("command", ["validate", "ingest"])
def test_corpus_is_read_or_refused_cleanly(tmp_path, command):
    seen_codes = set()
    for path in FILES:
        out = tmp_path / f"{path.stem}.xlsx"
        args = (
            ["validate", path, "-o", out] if command == "validate" else ["ingest", "needs", path, "-o", out]
        )
        result = run_cli(*args)
        seen_codes.add(result.code)
        text = result.stdout + result.stderr
        assert "Traceback" not in text, (path.name, text)
        assert result.code in (0, 1, 2), (path.name, result.code, text)
        if result.code == 2:
            lines = result.stderr.strip().splitlines()
            assert 1 <= len(lines) <= 2 and lines[0].startswith("错误："), (path.name, result.stderr)
            assert path.name in result.stderr, (path.name, result.stderr)
            assert not out.exists(), path.name
        leftovers = [p.name for p in tmp_path.iterdir() if p.name.startswith(".fuzong-")]
        assert not leftovers, leftovers
    assert 2 in seen_codes


@pytest.mark.skipif(not FILES, reason="shared/robustness corpus not present")
def test_password_protected_workbook_says_so(tmp_path):
    result = run_cli("validate", CORPUS / "pass_protected.xlsx", "-o", tmp_path / "o.xlsx")
    assert result.code == 2 and "密码" in result.stderr


@pytest.mark.skipif(not FILES, reason="shared/robustness corpus not present")
def test_corpus_under_json_always_prints_one_object(tmp_path):
    """With --json every file gives exactly one JSON object on stdout: the summary, or the error object."""
    import json

    for path in FILES:
        out = tmp_path / f"{path.stem}.xlsx"
        result = run_cli("validate", path, "-o", out, "--json", "--quiet")
        assert "Traceback" not in result.stdout + result.stderr, path.name
        payload = json.loads(result.stdout)
        if result.code == 2:
            assert payload["ok"] is False and payload["exit_code"] == 2, (path.name, payload)
            assert path.name in payload["message"] and not out.exists(), path.name
        else:
            assert result.code in (0, 1) and payload["output"] == str(out) and out.exists(), path.name
        assert not [p.name for p in tmp_path.iterdir() if p.name.startswith(".")], path.name
