"""Shared helpers: run the real command in-process, build messy workbooks in tmp_path."""

from __future__ import annotations

import io
import sys
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import settings

# Deterministic property tests (the same examples on every run and machine) and no timing deadline:
# CI machines are shared and noisy.
settings.register_profile("fuzong", derandomize=True, deadline=None, print_blob=True)
settings.load_profile("fuzong")

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SAMPLE = REPO / "sample_data"

#: the fixtures of the support modules, for every test file
pytest_plugins = ["support_forms", "support_pairs"]


@dataclass
class Result:
    code: int
    stdout: str
    stderr: str


def run_cli(*args: str | Path) -> Result:
    """Run ``fuzong ARGS`` in this process; return exit code and both streams."""
    from fuzong_cli.cli import main

    out, err = io.StringIO(), io.StringIO()
    code = 0
    with redirect_stdout(out), redirect_stderr(err):
        try:
            main([str(a) for a in args])
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    return Result(code, out.getvalue(), err.getvalue())


@pytest.fixture
def cli():
    return run_cli


def assert_clean_error(result: Result, *fragments: str) -> None:
    """Exit 2, one or two Chinese lines on stderr naming what is wrong, never a traceback."""
    assert result.code == 2, (result.code, result.stdout, result.stderr)
    assert "Traceback" not in result.stderr and "Traceback" not in result.stdout
    lines = [line for line in result.stderr.strip().splitlines() if not line.startswith("使用政策")]
    assert 1 <= len(lines) <= 2, result.stderr
    assert lines[0].startswith("错误："), result.stderr
    for fragment in fragments:
        assert fragment in result.stderr, (fragment, result.stderr)


if sys.platform == "win32":  # pragma: no cover
    pass


def read_sheet(source, name: str | None = None, header_row: int | None = None) -> list[dict]:
    """The one way tests read a sheet back: rows as {header: value}, blank rows left out.

    ``source``: a path (opened with openpyxl) or an openpyxl worksheet. ``header_row`` (1-based) when known;
    else the first row with at least two non-empty cells after which data follows (the title/banner rows of
    fuzong's sheets have one cell).
    """
    import openpyxl

    ws = source
    if not hasattr(source, "iter_rows"):
        wb = openpyxl.load_workbook(source)
        ws = wb[name] if name else wb.worksheets[0]
    elif name:
        raise TypeError("name is for a path; a worksheet is already one sheet")
    rows = list(ws.iter_rows(values_only=True))
    if header_row is None:
        header_row = next((i + 1 for i, r in enumerate(rows) if sum(v not in (None, "") for v in r) >= 2), 1)
    headers = rows[header_row - 1] if rows else ()
    return [dict(zip(headers, r)) for r in rows[header_row:] if any(v not in (None, "") for v in r)]


def marker_of(path) -> dict:
    """The machine-readable marker of a fuzong output (its 说明 sheet's ``fuzong 标记`` row), as a dict."""
    import json

    import openpyxl

    wb = openpyxl.load_workbook(path, read_only=True)
    for ws in wb.worksheets:
        for row in ws.iter_rows(values_only=True):
            if row and row[0] == "fuzong 标记":
                return json.loads(row[1])
    raise AssertionError(f"{path} has no fuzong 标记 row")


def decide_imports(module) -> str:
    """The lines of ``module`` that import from fuzong_cli.decide (top-level, function-local or type-only)."""
    import inspect
    import re

    lines = inspect.getsource(module).splitlines()
    return "\n".join(ln for ln in lines if re.match(r"\s*(from|import) fuzong_cli\.decide\b", ln))
