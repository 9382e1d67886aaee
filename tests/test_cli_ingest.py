"""`fuzong ingest` driven through the real command line: the normalised workbook, its marker, its JSON."""

from __future__ import annotations

import json
import subprocess

import openpyxl
from conftest import SAMPLE, marker_of, read_sheet, run_cli
from support_forms import FUZONG, USCC, _book
from support_pairs import ARGS

from fuzong_cli.read.forms import read_records

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


def test_ingest_flags_an_enterprise_without_its_code_as_duplicate(tmp_path):
    a = _book(tmp_path / "甲县.xlsx", [["企业名称", "统一社会信用代码"], ["温州甲(集团)有限公司", USCC]])
    b = _book(tmp_path / "乙县.xlsx", [["企业名称", "统一社会信用代码"], ["温州甲（集团）有限公司", None]])
    out = tmp_path / "合并.xlsx"
    done = subprocess.run(
        [*FUZONG, "ingest", "needs", str(a), str(b), "-o", str(out)], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    ws = openpyxl.load_workbook(out).worksheets[0]
    header = [c.value for c in ws[1]]
    marks = [row[header.index("重复标记")] for row in ws.iter_rows(min_row=2, values_only=True)]
    assert marks[0] and "乙县.xlsx" in marks[0]
    assert marks[1] and "甲县.xlsx" in marks[1]


def test_two_columns_of_one_name_keep_both_values(tmp_path):
    rows = [
        ["企业名称", "统一社会信用代码", "联系电话", "联系人", "联系电话", "备注", "备注"],
        ["甲公司", USCC, "0577-88888888", "张三", "13800000000", "老客户", "已走访"],
    ]
    (record,) = read_records([_book(tmp_path / "需求.xlsx", rows)], "needs").records
    assert record.values["联系电话"] == "0577-88888888"
    assert record.extra == {"联系电话（2）": "13800000000", "备注": "老客户", "备注（2）": "已走访"}
    out = tmp_path / "合并.xlsx"
    done = subprocess.run(
        [*FUZONG, "ingest", "needs", str(tmp_path / "需求.xlsx"), "-o", str(out)],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    header = [c.value for c in openpyxl.load_workbook(out).worksheets[0][1]]
    assert len(header) == len(set(header))
    (again,) = read_records([out], "needs").records
    assert again.extra == record.extra and again.values["联系电话"] == "0577-88888888"


def test_match_quota_total_gives_the_places_of_fuzong_quota(tmp_path):
    """SPEC §5: --quota-total applies "the per-county quotas of `quota`" — counted on every need collected
    (湖北方案 四(二)), not only on the rows that pass validation."""
    from conftest import SAMPLE

    needs = [SAMPLE / "鹿城区企业需求表.xlsx", SAMPLE / "瑞安市企业需求表.xlsx"]
    merged = tmp_path / "needs.xlsx"
    assert run_cli("ingest", "needs", *needs, "-o", merged, "--policy", "wenzhou").code == 0
    experts = tmp_path / "experts.xlsx"
    assert run_cli("ingest", "experts", SAMPLE / "专家意向表_温州大学.xlsx", "-o", experts).code == 0
    q = run_cli("quota", merged, "--total", "3", "-o", tmp_path / "q.xlsx", "--json", "--policy", "wenzhou")
    assert q.code == 0, q.stderr
    import json

    places = json.loads(q.stdout)["details"]["places"]
    m = run_cli("match", merged, experts, *ARGS, "-o", tmp_path / "m.xlsx", "--quota-total", "3", "--json")
    assert m.code == 0, m.stderr
    assert json.loads(m.stdout)["details"]["名额分配"] == places
