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
