"""`fuzong policy list | show | check` driven through the real command line."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tomllib

import openpyxl
import pytest
from support_forms import FUZONG, USCC

from fuzong_cli.cli import main
from fuzong_cli.policy import builtin_text, load_policy
from fuzong_cli.read.forms import read_records


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


def test_policy_file_saved_as_gbk_or_utf16_is_read(tmp_path):
    text = subprocess.run(
        [*FUZONG, "policy", "show", "liaocheng"], capture_output=True, text=True, encoding="utf-8"
    ).stdout
    for name, data in (
        ("gbk.toml", text.encode("gb18030")),
        ("utf16.toml", text.encode("utf-16")),
    ):
        path = tmp_path / name
        path.write_bytes(data)
        assert load_policy(str(path)).name == "liaocheng"
        done = subprocess.run([*FUZONG, "policy", "check", str(path)], capture_output=True, text=True)
        assert done.returncode == 0, done.stderr


def test_policy_show_writes_a_utf8_file_and_refuses_to_overwrite(tmp_path):
    target = tmp_path / "我的 政策.toml"
    done = subprocess.run(
        [*FUZONG, "policy", "show", "wenzhou", "-o", str(target)],
        capture_output=True,
        text=True,
        encoding="gbk",
        env={**os.environ, "PYTHONIOENCODING": "gbk"},
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == ""
    assert load_policy(str(target)).name == "wenzhou"
    assert "温州方案 二(一)3" in target.read_text(encoding="utf-8")
    again = subprocess.run(
        [*FUZONG, "policy", "show", "wenzhou", "-o", str(target)], capture_output=True, text=True
    )
    assert again.returncode == 2 and "--force" in again.stderr


@pytest.mark.parametrize(
    ("line", "words"),
    [
        ('name = "wenzhou\n', "引号没有闭合"),
        ("x = abc\n", "值写得不对"),
        ('a = "1"\na = "2"\n', "同一个键写了两次"),
        ("d = 2025-13-01\n", "值的后面多了内容"),
    ],
)
def test_toml_syntax_errors_are_explained_in_chinese(tmp_path, line, words):
    path = tmp_path / "p.toml"
    path.write_text(line, encoding="utf-8")
    done = subprocess.run([*FUZONG, "policy", "check", str(path)], capture_output=True, text=True)
    assert done.returncode == 2
    assert words in done.stderr and "第" in done.stderr


def test_forms_keep_a_long_county_drop_down_and_read_back_quietly(tmp_path):
    shown = subprocess.run(
        [*FUZONG, "policy", "show", "generic"], capture_output=True, text=True, encoding="utf-8"
    ).stdout
    counties = [f"第{i}测试县（市、区）" for i in range(40)]  # far beyond Excel's 255-character inline list
    listed = "counties = [" + ", ".join(f'"{c}"' for c in counties) + "]"
    policy = tmp_path / "多县.toml"
    policy.write_text(shown.replace("counties = []", listed, 1), encoding="utf-8")
    folder = tmp_path / "表格"
    done = subprocess.run(
        [*FUZONG, "forms", str(folder), "--policy", str(policy)], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    wb = openpyxl.load_workbook(folder / "企业需求表.xlsx")
    ws = wb["企业需求表"]
    county = [dv for dv in ws.data_validations.dataValidation if "A4" in str(dv.sqref)]
    assert county and county[0].formula1.startswith("'下拉选项'!")
    lists = wb["下拉选项"]
    assert lists.sheet_state == "hidden"
    assert [c.value for c in lists["A"]] == counties
    ws["A4"], ws["B4"], ws["C4"] = counties[3], "甲公司", USCC
    wb.save(tmp_path / "填好.xlsx")
    result = read_records([tmp_path / "填好.xlsx"], "auto")
    assert [r.values["县（市、区）"] for r in result.records] == [counties[3]]
    assert not any("下拉选项" in line for line in result.skipped)


def test_policy_check_catches_values_that_would_silently_fail_every_row(tmp_path):
    text = subprocess.run(
        [*FUZONG, "policy", "show", "liaocheng"], capture_output=True, text=True, encoding="utf-8"
    ).stdout
    bad = (
        text.replace('region_codes = ["3715"]', 'region_codes = ["37AB"]', 1)
        .replace('allowed = ["高校", "科研院所"]', 'allowed = ["高校", "科研机构"]', 1)
        .replace("days = 5", "days = -5", 1)
    )
    lines = bad.splitlines()
    path = tmp_path / "错.toml"
    path.write_text(bad, encoding="utf-8")
    done = subprocess.run([*FUZONG, "policy", "check", str(path)], capture_output=True, text=True)
    assert done.returncode == 2
    for marker in ('["37AB"]', '"科研机构"', "days = -5"):
        line = next(i for i, text in enumerate(lines, 1) if marker in text)
        assert f"第{line}行" in done.stderr, (marker, done.stderr)
    assert "发现 3 处错误" in done.stderr
