"""`fuzong policy list | show | check` driven through the real command line."""

from __future__ import annotations

import json
import subprocess
import sys
import tomllib

import pytest

from fuzong_cli.cli import main
from fuzong_cli.policy import builtin_text


def fz(capsys, *args: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exc:
        main(list(args))
        raise SystemExit(0)
    out, err = capsys.readouterr()
    return exc.value.code or 0, out, err


def test_list(capsys):
    code, out, _ = fz(capsys, "policy", "list")
    assert code == 0
    for name in ("generic", "wenzhou", "xinxiang", "liaocheng", "hubei"):
        assert name in out
    assert "温州市深化科技副总派驻工作实施方案" in out and "聊城市" in out


def test_list_json(capsys):
    code, out, _ = fz(capsys, "policy", "list", "--json")
    assert code == 0
    payload = json.loads(out)
    assert [p["name"] for p in payload["details"]["policies"]][:2] == ["generic", "wenzhou"]


def test_show_prints_the_file_as_shipped_and_it_round_trips(capsys, tmp_path):
    code, out, _ = fz(capsys, "policy", "show", "xinxiang")
    assert code == 0
    assert out.rstrip("\n") == builtin_text("xinxiang").rstrip("\n")
    assert "# " in out  # comments included
    copy = tmp_path / "my.toml"
    copy.write_text(out, encoding="utf-8")
    assert tomllib.loads(out)["name"] == "xinxiang"
    code, out, _ = fz(capsys, "policy", "check", str(copy))
    assert code == 0 and "检查通过" in out


def test_show_unknown_name_exits_2(capsys):
    code, out, err = fz(capsys, "policy", "show", "shanghai")
    assert code == 2 and out == ""
    assert "shanghai" in err and "wenzhou" in err and "Traceback" not in err


def test_check_reports_every_mistake_with_line_exit_2(capsys, tmp_path):
    text = (
        builtin_text("hubei")
        .replace("max_age = 45", "max_age = 45.5")
        .replace('allowed = ["中", "小", "微"]', 'allowed = ["中", "小", "微"]\nallowd = ["大"]')
    )
    path = tmp_path / "湖北改.toml"
    path.write_text(text, encoding="utf-8")
    code, _, err = fz(capsys, "policy", "check", str(path))
    assert code == 2
    assert "2 处错误" in err
    lines = text.splitlines()
    age_line = next(i for i, ln in enumerate(lines, 1) if ln.startswith("max_age"))
    typo_line = next(i for i, ln in enumerate(lines, 1) if ln.startswith("allowd"))
    assert f"第{age_line}行" in err and f"第{typo_line}行" in err and "是不是“allowed”" in err


def test_check_missing_file_exit_2(capsys, tmp_path):
    code, _, err = fz(capsys, "policy", "check", str(tmp_path / "none.toml"))
    assert code == 2 and "找不到政策文件" in err


def test_python_m_policy_check_exits_2(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text('name = "x"\nlabel = 1\n', encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "fuzong_cli", "policy", "check", str(bad)],
        check=False,
        capture_output=True,
        text=True,
        encoding="utf-8",
    )
    assert proc.returncode == 2 and "第2行" in proc.stderr


def test_help_texts(capsys):
    for args in (
        ["policy", "--help"],
        ["policy", "list", "--help"],
        ["policy", "show", "--help"],
        ["policy", "check", "--help"],
    ):
        code, out, _ = fz(capsys, *args)
        assert code == 0 and "政策" in out
