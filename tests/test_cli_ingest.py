"""`fuzong ingest` driven through the real command line: the normalised workbook, its marker, its JSON."""

from __future__ import annotations

import json

from conftest import SAMPLE, marker_of, read_sheet, run_cli

NEEDS = [SAMPLE / "鹿城区企业需求表.xlsx", SAMPLE / "瑞安市企业需求表.xlsx"]


def test_ingest_json_on_the_common_schema(tmp_path):
    out = tmp_path / "汇总.xlsx"
    result = run_cli("ingest", "needs", *NEEDS, "-o", out, "--json", "--as-of", "2026-11-24")
    assert result.code == 0, result.stderr
    payload = json.loads(result.stdout)
    assert payload["command"] == "ingest" and payload["outputs"] == [str(out)]
    assert payload["inputs"] == [str(p) for p in NEEDS] and payload["as_of"] == "2026-11-24"
    assert payload["details"] == {"kind": "needs", "files": [p.name for p in NEEDS]}
    rows = read_sheet(out, "企业需求表")
    assert payload["counts"]["rows"] == len(rows) and payload["counts"]["files"] == 2
    assert payload["counts"]["duplicates"] == sum(1 for r in rows if r["重复标记"])
    assert payload["counts"]["rows_with_read_problems"] == sum(1 for r in rows if r["读取问题"])
    assert {f["code"] for f in payload["findings"]} >= {"D05"}


def test_ingest_output_is_marked_and_read_back_from_its_data_sheet(tmp_path):
    out = tmp_path / "汇总.xlsx"
    assert run_cli("ingest", "needs", *NEEDS, "-o", out).code == 0
    marker = marker_of(out)
    assert marker["command"] == "ingest needs" and marker["data_sheets"] == ["企业需求表"]
    validated = tmp_path / "校验.xlsx"
    done = run_cli("validate", out, "-o", validated, "--json")
    assert done.code in (0, 1), done.stderr
    assert json.loads(done.stdout)["counts"]["rows"] == len(read_sheet(out, "企业需求表"))
