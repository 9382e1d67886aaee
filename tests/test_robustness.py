"""Odd real-world workbooks (calamine's test corpus): read them or refuse cleanly — never a traceback,
never a hang, never a half-written output."""

from __future__ import annotations

import pytest
from conftest import SHARED, run_cli

CORPUS = SHARED / "robustness" / "calamine-tests"
FILES = (
    sorted(p for p in CORPUS.glob("*") if p.suffix.lower() in {".xls", ".xlsx", ".xlsm"})
    if CORPUS.exists()
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
