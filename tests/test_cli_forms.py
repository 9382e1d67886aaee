"""`fuzong forms` driven through the real command line: the blank forms, their marker, and a filled form coming
back as an input."""

from __future__ import annotations

import json

import openpyxl
from conftest import assert_clean_error, read_sheet, run_cli

from fuzong_cli.marker import LABEL, parse_marker
from fuzong_cli.read.forms import fuzong_marker, read_records
from fuzong_cli.read.values import uscc_check_char
from fuzong_cli.read.workbook import read_sheets

USCC = "91330381MA2L0E1X4" + uscc_check_char("91330381MA2L0E1X4")


def test_forms_json_names_every_form(tmp_path):
    result = run_cli("forms", tmp_path / "表格", "--policy", "liaocheng", "--json", "--as-of", "2026-03-01")
    assert result.code == 0, result.stderr
    payload = json.loads(result.stdout)
    assert payload["command"] == "forms" and payload["policy"] == "liaocheng"
    assert payload["as_of"] == "2026-03-01" and payload["exit_code"] == 0
    names = ["企业需求表.xlsx", "专家意向表.xlsx", "服务台账.xlsx", "协同创新项目预算表.xlsx"]
    assert payload["details"]["files"] == names and payload["counts"]["forms"] == 4
    assert payload["outputs"] == [str(tmp_path / "表格" / n) for n in names]


def test_blank_forms_carry_the_marker_in_document_properties_not_in_a_sheet(tmp_path):
    assert run_cli("forms", tmp_path, "--policy", "wenzhou", "--force").code == 0
    for path in sorted(tmp_path.glob("*.xlsx")):
        wb = openpyxl.load_workbook(path)
        marker = parse_marker(wb.properties.description)
        assert marker is not None and marker.command == "forms" and marker.policy == "wenzhou", path.name
        assert marker.data_sheets == (wb.sheetnames[0],)
        assert "说明" not in wb.sheetnames
        cells = [c for ws in wb.worksheets for row in ws.iter_rows(values_only=True) for c in row]
        assert LABEL not in cells and not any(isinstance(c, str) and '"generator"' in c for c in cells)


def test_a_filled_form_is_read_as_a_county_form(tmp_path):
    """The form comes back filled in: the reader must not take it for a fuzong output (whose 说明 marker
    would make it read only the marker's data sheets, and skip a sheet missing a column quietly)."""
    assert run_cli("forms", tmp_path / "表格", "--policy", "wenzhou").code == 0
    wb = openpyxl.load_workbook(tmp_path / "表格" / "企业需求表.xlsx")
    ws = wb["企业需求表"]
    ws["A4"], ws["B4"], ws["C4"] = "鹿城区", "温州甲科技有限公司", USCC
    filled = tmp_path / "鹿城区企业需求表.xlsx"
    wb.save(filled)
    assert fuzong_marker(read_sheets(filled)) is None
    result = read_records([filled], "auto")
    assert [r.values["企业名称"] for r in result.records] == ["温州甲科技有限公司"]
    out = tmp_path / "校验.xlsx"
    done = run_cli("validate", filled, "-o", out, "--policy", "wenzhou")
    assert done.code in (0, 1), done.stderr
    assert [r["企业名称"] for r in read_sheet(out, "校验结果")] == ["温州甲科技有限公司"]
    # and a filled form missing a required column is still said, not skipped quietly as a fuzong output would be
    ws.delete_cols(3)
    wb.save(filled)
    missing = run_cli("validate", filled, "-o", tmp_path / "再校验.xlsx", "--policy", "wenzhou")
    assert missing.code == 2 and "缺少必填列" in missing.stderr


def test_a_ledger_with_headers_only_says_so(tmp_path):
    """Before: terms wrote an empty 聘期台账 and exited 0; evaluate asked for --year."""
    wb = openpyxl.Workbook()
    wb.active.append(["姓名", "企业名称", "年度", "聘期开始"])
    wb.save(tmp_path / "空台账.xlsx")
    for command in ("terms", "evaluate"):
        out = tmp_path / f"{command}.xlsx"
        result = run_cli(command, tmp_path / "空台账.xlsx", "--policy", "liaocheng", "-o", out)
        assert_clean_error(result, "空台账.xlsx", "没有数据行")
        assert not out.exists()
    # the blank budget form `fuzong forms` writes: exit 2, not "共 0 个项目" with exit 0
    assert run_cli("forms", tmp_path / "表", "--policy", "liaocheng").code == 0
    out = tmp_path / "p.xlsx"
    result = run_cli(
        "projects", tmp_path / "表" / "协同创新项目预算表.xlsx", "--policy", "liaocheng", "-o", out
    )
    assert_clean_error(result, "协同创新项目预算表.xlsx", "没有项目行")
    assert not out.exists()
