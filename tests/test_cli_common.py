"""Tests of cli_common."""

from __future__ import annotations

import subprocess

import pytest
from support_forms import FUZONG, USCC, _book


@pytest.mark.parametrize("command", ["validate", "ingest"])
def test_an_input_is_never_the_output_even_with_force(tmp_path, command):
    first = _book(tmp_path / "甲.xlsx", [["企业名称", "统一社会信用代码"], ["甲公司", USCC]])
    second = _book(tmp_path / "乙.xlsx", [["企业名称", "统一社会信用代码"], ["乙公司", USCC]])
    before = second.read_bytes()
    args = ["validate"] if command == "validate" else ["ingest", "needs"]
    done = subprocess.run(
        [*FUZONG, *args, str(first), str(second), "-o", str(second), "--force"],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 2 and "输入文件不会被改写" in done.stderr
    assert second.read_bytes() == before
