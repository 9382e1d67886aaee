"""write/files.py: the one atomic writer (files and folders) every output goes through."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from conftest import assert_clean_error, run_cli

from fuzong_cli.errors import FuzongError
from fuzong_cli.write.files import atomic_folder, atomic_write_bytes, atomic_write_text

PACKAGE = Path(__file__).resolve().parents[1] / "fuzong_cli"


def test_no_second_copy_of_the_temp_then_rename_logic():
    pattern = re.compile(r"os\.replace|os\.rename|mkstemp|mkdtemp|\.rename\(")
    found = [
        f"{path.relative_to(PACKAGE)}:{n}"
        for path in PACKAGE.rglob("*.py")
        if path.name != "files.py"
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if pattern.search(line)
    ]
    assert found == []


def test_text_and_bytes_are_written_whole(tmp_path):
    atomic_write_text("a = 1\r\nb = 2\n", tmp_path / "p.toml", ".toml")
    assert (tmp_path / "p.toml").read_bytes() == b"a = 1\r\nb = 2\n"
    atomic_write_bytes(b"\x00\x01", tmp_path / "b.bin")
    assert (tmp_path / "b.bin").read_bytes() == b"\x00\x01"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["b.bin", "p.toml"]


def test_a_locked_target_is_one_chinese_line_and_leaves_nothing(tmp_path, monkeypatch):
    def refuse(src, dst):
        raise PermissionError(13, "locked")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(FuzongError, match="正在 Word/WPS 中打开"):
        atomic_write_bytes(b"x", tmp_path / "x.docx", opened_by="Word/WPS")
    result = run_cli("policy", "show", "wenzhou", "-o", tmp_path / "我的政策.toml")
    assert_clean_error(result, "我的政策.toml")
    assert list(tmp_path.iterdir()) == []


def test_a_folder_output_appears_whole_or_not_at_all(tmp_path):
    target = tmp_path / "协议"
    target.mkdir()
    (target / "旧.docx").write_bytes(b"old")
    with pytest.raises(KeyboardInterrupt):
        with atomic_folder(target) as staging:
            (staging / "新.docx").write_bytes(b"new")
            raise KeyboardInterrupt
    assert [p.name for p in tmp_path.iterdir()] == ["协议"] and os.listdir(target) == ["旧.docx"]
    with atomic_folder(target) as staging:
        (staging / "新.docx").write_bytes(b"new")
    assert [p.name for p in tmp_path.iterdir()] == ["协议"] and os.listdir(target) == ["新.docx"]
