"""Every command has Chinese help; `python -m fuzong_cli` and `--version` work; output survives a GBK console."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO, SAMPLE, marker_of, run_cli

CJK = re.compile(r"[\u4e00-\u9fff]")


def _commands():
    from fuzong_cli.cli import app

    names = []
    for info in app.registered_commands:
        names.append(info.name)
    for group in app.registered_groups:
        for info in group.typer_instance.registered_commands:
            names.append(f"{group.name} {info.name}")
    return names


def test_every_command_has_chinese_help():
    commands = _commands()
    assert {"validate", "ingest", "forms"} <= set(commands)
    for name in commands:
        result = run_cli(*name.split(), "--help")
        assert result.code == 0, (name, result.stderr)
        body = result.stdout.split("选项：")[0].split("用法：")[-1].split("\n", 1)[-1]
        assert CJK.search(body), f"fuzong {name} --help has no Chinese description"
        assert "Show this message" not in result.stdout and "Options:" not in result.stdout


def test_root_help_and_version():
    result = run_cli("--help")
    assert result.code == 0 and "validate" in result.stdout
    from fuzong_cli import __version__

    assert run_cli("--version").stdout.strip() == f"fuzong {__version__}"


def test_python_dash_m_and_gbk_console(tmp_path):
    env = dict(os.environ, PYTHONIOENCODING="gbk")
    done = subprocess.run(
        [sys.executable, "-m", "fuzong_cli", "policy", "list"],
        capture_output=True,
        env=env,
        cwd=tmp_path,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr.decode("gbk", "replace")
    assert "wenzhou" in done.stdout.decode("gbk")
    bad = subprocess.run(
        [sys.executable, "-m", "fuzong_cli", "validate", "不存在的文件.xlsx"],
        capture_output=True,
        env=env,
        cwd=tmp_path,
        timeout=60,
    )
    assert bad.returncode == 2
    assert "不存在的文件.xlsx" in bad.stderr.decode("gbk") and b"Traceback" not in bad.stderr


def test_unknown_option_is_a_chinese_usage_error():
    result = run_cli("validate", "--bogus")
    assert result.code == 2 and "没有这个选项" in result.stderr and "Traceback" not in result.stderr


def test_unexpected_error_has_no_traceback_without_debug(monkeypatch, tmp_path):
    from fuzong_cli.commands import validate as validate_cmd

    def boom(*args, **kwargs):
        raise RuntimeError("模拟的内部错误")

    monkeypatch.setattr(validate_cmd, "run_validation", boom)
    src = REPO / "sample_data" / "鹿城区企业需求表.xlsx"
    result = run_cli("validate", src, "-o", tmp_path / "o.xlsx")
    assert result.code == 3 and "内部错误" in result.stderr and "Traceback" not in result.stderr


def test_option_range_errors_are_chinese():
    result = run_cli("publicity", "x.xlsx", "--days", "0")
    assert result.code == 2 and "应不小于 1" in result.stderr and "Input should" not in result.stderr
    result = run_cli("evaluate", "x.xlsx", "--year", "abc")
    assert result.code == 2 and "应为整数" in result.stderr


def test_control_characters_never_break_an_openpyxl_output(tmp_path):
    from fuzong_cli.write.workbook import new_book, save_atomic, set_value

    wb = new_book()
    ws = wb.create_sheet("x")
    set_value(ws.cell(row=1, column=1), "温州\x07甲\x00公司")
    save_atomic(wb, tmp_path / "x.xlsx")
    import openpyxl

    assert openpyxl.load_workbook(tmp_path / "x.xlsx")["x"]["A1"].value == "温州甲公司"


def test_bare_fuzong_and_bare_group_show_help():
    for args in ([], ["policy"]):
        result = run_cli(*args)
        assert result.code == 0 and "用法：" in result.stdout and "错误" not in result.stderr


def test_no_command_overwrites_any_of_its_inputs(tmp_path):
    """SPEC §9: inputs are never modified — not even with -o pointing at one of them and --force."""
    import shutil

    from conftest import SAMPLE

    copies = {}
    for name in ["鹿城区企业需求表.xlsx", "专家意向表_温州大学.xlsx", "服务台账_2026.xlsx", "考核结果_2025.xlsx",
                 "配对结果_示例.xlsx", "协同创新项目预算表.xlsx"]:  # fmt: skip
        copies[name] = tmp_path / name
        shutil.copy(SAMPLE / name, copies[name])
    needs, experts = copies["鹿城区企业需求表.xlsx"], copies["专家意向表_温州大学.xlsx"]
    ledger, history = copies["服务台账_2026.xlsx"], copies["考核结果_2025.xlsx"]
    cases = [
        (["validate", needs, experts], experts),
        (["ingest", "needs", needs], needs),
        (["match", needs, experts], experts),
        (["quota", needs, "--total", "3"], needs),
        (["evaluate", ledger, "--history", history], history),
        (["terms", ledger], ledger),
        (["publicity", copies["配对结果_示例.xlsx"], "--start", "2026-12-01"], copies["配对结果_示例.xlsx"]),
        (
            ["projects", copies["协同创新项目预算表.xlsx"], "--policy", "liaocheng"],
            copies["协同创新项目预算表.xlsx"],
        ),
    ]
    for args, victim in cases:
        before = victim.read_bytes()
        result = run_cli(*args, "-o", victim, "--force")
        assert result.code == 2 and "输入文件不会被改写" in result.stderr, (args[0], result.stderr)
        assert victim.read_bytes() == before, args[0]


# -- one --json schema and one marker for every command (issue 13) -------------------------------------------

SCHEMA_KEYS = {"command", "schema", "policy", "as_of", "inputs", "outputs", "counts", "exit_code", "findings"}


@pytest.fixture(scope="module")
def pipeline(tmp_path_factory):
    """The demo's pipeline, every step under --json: (name, payload, exit code)."""
    import json

    d = tmp_path_factory.mktemp("pipeline")
    s = SAMPLE
    steps = [
        ("forms", ["forms", d / "空白表格", "--policy", "wenzhou"]),
        (
            "ingest",
            [
                "ingest",
                "needs",
                s / "鹿城区企业需求表.xlsx",
                s / "瑞安市企业需求表.xlsx",
                "-o",
                d / "需求.xlsx",
            ],
        ),
        (
            "ingest",
            [
                "ingest",
                "experts",
                s / "专家意向表_温州大学.xlsx",
                s / "专家意向表_温州医科大学.xls",
                "-o",
                d / "专家.xlsx",
            ],
        ),
        (
            "validate",
            ["validate", s / "鹿城区企业需求表.xlsx", "-o", d / "校验.xlsx", "--as-of", "2026-11-24"],
        ),
        ("quota", ["quota", d / "需求.xlsx", "--total", "10", "-o", d / "名额.xlsx"]),
        (
            "match",
            ["match", d / "需求.xlsx", d / "专家.xlsx", "-o", d / "配对.xlsx", "--as-of", "2026-11-24"],
        ),
        (
            "publicity",
            ["publicity", d / "配对.xlsx", "--start", "2026-12-01", "--docx", "-o", d / "公示名单.xlsx"],
        ),
        ("agreements", ["agreements", d / "配对.xlsx", "--start", "2026-12-15", "-o", d / "协议"]),
        ("evaluate", ["evaluate", s / "服务台账_2026.xlsx", "-o", d / "考核.xlsx"]),
        ("terms", ["terms", s / "服务台账_2026.xlsx", "--as-of", "2027-02-15", "-o", d / "聘期.xlsx"]),
        (
            "projects",
            ["projects", s / "协同创新项目预算表.xlsx", "--as-of", "2026-10-15", "-o", d / "项目.xlsx"],
        ),
        ("policy list", ["policy", "list"]),
        ("policy check", ["policy", "check", REPO / "fuzong_cli" / "policies" / "wenzhou.toml"]),
    ]
    done = []
    for name, args in steps:
        policy = (
            []
            if name.startswith("policy")
            else ["--policy", "liaocheng" if name == "projects" else "wenzhou"]
        )
        result = run_cli(*args, *policy, "--json")
        assert result.code in (0, 1), (name, result.stderr)
        done.append((name, json.loads(result.stdout), result.code))
    return done


def test_every_command_prints_the_one_json_schema(pipeline):
    assert {name for name, _, _ in pipeline} >= {
        "forms",
        "ingest",
        "validate",
        "quota",
        "match",
        "publicity",
        "agreements",
        "evaluate",
        "terms",
        "projects",
    }
    for name, payload, code in pipeline:
        assert SCHEMA_KEYS <= set(payload), (name, sorted(payload))
        assert payload["command"] == name and payload["schema"] == 1
        assert payload["exit_code"] == code, name
        assert isinstance(payload["counts"], dict) and isinstance(payload["findings"], list), name
        for finding in payload["findings"]:
            assert {"file", "row", "field", "code", "level", "message", "clause"} <= set(finding), (
                name,
                finding,
            )
        if not name.startswith("policy"):
            assert payload["policy"] in ("wenzhou", "liaocheng") and payload["outputs"], name
            assert all(Path(p).exists() for p in payload["outputs"]), name


def test_every_workbook_and_document_carries_the_marker(pipeline):
    import json

    import docx
    import openpyxl

    seen = set()
    for name, payload, _ in pipeline:
        for out in map(Path, payload["outputs"]):
            files = sorted(out.rglob("*")) if out.is_dir() else [out]
            for f in files:
                if f.suffix == ".xlsx":
                    wb = openpyxl.load_workbook(f)
                    marker = wb.properties.description if name == "forms" else marker_of(f)
                    if name == "forms":
                        marker = json.loads(marker.removeprefix("fuzong:"))
                elif f.suffix == ".docx":
                    marker = json.loads(docx.Document(f).core_properties.comments.removeprefix("fuzong:"))
                else:
                    continue
                assert marker["generator"] == "fuzong" and marker["command"].split()[0] == name, (f, marker)
                assert marker["schema"] == 1 and marker["policy"] == payload["policy"], f
                seen.add(f.suffix)
    assert seen == {".xlsx", ".docx"}


def test_an_error_under_json_is_one_object_naming_the_command(tmp_path):
    import json

    result = run_cli("validate", tmp_path / "没有这个文件.xlsx", "--json")
    assert result.code == 2
    payload = json.loads(result.stdout)
    assert payload["ok"] is False and payload["command"] == "validate" and payload["schema"] == 1
    assert payload["exit_code"] == 2 and "找不到输入文件" in payload["message"]
    result = run_cli("policy", "check", tmp_path / "没有这个文件.toml", "--json")
    assert json.loads(result.stdout)["command"] == "policy check" and result.code == 2
