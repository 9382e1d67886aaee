"""Issue 11 follow-up: the 打印版 sheet beside the widest outputs (考核结果, 校验结果).

Read back with openpyxl (the columns a clerk needs, the values of the main sheet, A4 landscape); fuzong's own
readers skip it; LibreOffice prints it readable (≥ 8 points; skipped cleanly without ``soffice``).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest

from fuzong_cli.read import forms
from fuzong_cli.read.forms import read_records
from fuzong_cli.read.history import read_history
from fuzong_cli.write import documents as docs
from fuzong_cli.write.annotated import PRINT_MAX_COLUMNS
from tests.conftest import SAMPLE, run_cli
from tests.test_print_ready import _median_word_height

NEEDS = SAMPLE / "鹿城区企业需求表.xlsx"
EXPERTS = [SAMPLE / "专家意向表_温州大学.xlsx", SAMPLE / "专家意向表_温州医科大学.xls"]
LEDGER = SAMPLE / "服务台账_2026.xlsx"
ASOF = ("--as-of", "2026-11-24")

EVAL_COLUMNS = [
    "序号",
    "县（市、区）",
    "姓名",
    "企业名称",
    "考核得分",
    "等次",
    "排名",
    "补助金额（元）",
    "校验结论",
    "问题说明",
]


def ok(result):
    assert result.code in (0, 1), (result.code, result.stdout, result.stderr)
    return result


@pytest.fixture(scope="module")
def out(tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("print-version")
    ok(run_cli("evaluate", LEDGER, "-o", d / "eval.xlsx", "--policy", "wenzhou", "--as-of", "2026-12-01"))
    ok(run_cli("validate", *EXPERTS, "-o", d / "experts-check.xlsx", "--policy", "wenzhou", *ASOF))
    ok(run_cli("validate", NEEDS, EXPERTS[0], "-o", d / "mixed-check.xlsx", "--policy", "wenzhou", *ASOF))
    ok(run_cli("validate", LEDGER, "-o", d / "ledger-check.xlsx", "--policy", "wenzhou", *ASOF))
    return d


def _table(ws) -> tuple[list[str], list[list]]:
    """Header and data rows of a fuzong table sheet (the header is the repeated print title row)."""
    header_row = int(ws.print_title_rows.split(":")[0].strip("$"))
    rows = [list(r) for r in ws.iter_rows(min_row=header_row, values_only=True)]
    return [str(h) for h in rows[0]], rows[1:]


def _same_rows(main, printed, numbered_by_print: bool) -> None:
    """Every column of the 打印版 holds the main sheet's values, row for row."""
    m_head, m_rows = _table(main)
    p_head, p_rows = _table(printed)
    assert len(p_rows) == len(m_rows) > 0
    for k, (m, p) in enumerate(zip(m_rows, p_rows), start=1):
        for j, name in enumerate(p_head):
            if name == "序号" and numbered_by_print:
                assert p[j] == k
            else:
                assert p[j] == m[m_head.index(name)], (k, name)


def _print_settings(ws) -> None:
    assert ws.page_setup.paperSize == 9  # A4 (the main sheets print on A3)
    assert ws.page_setup.orientation == "landscape"
    assert ws.page_setup.fitToWidth == 1 and ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.oddFooter.center.text == "第 &P 页 共 &N 页"
    head, rows = _table(ws)
    assert len(head) <= PRINT_MAX_COLUMNS
    j = head.index("问题说明") + 1
    header_row = int(ws.print_title_rows.split(":")[0].strip("$"))
    assert all(ws.cell(row=i, column=j).alignment.wrap_text for i in range(header_row + 1, ws.max_row + 1))
    widths = [
        ws.column_dimensions[openpyxl.utils.get_column_letter(c)].width for c in range(1, len(head) + 1)
    ]
    assert 100 < sum(widths) <= 146  # wider than portrait, within an A4 landscape page
    assert widths[j - 1] >= 30  # 问题说明 gets the room


def test_evaluate_print_version(out):
    wb = openpyxl.load_workbook(out / "eval.xlsx")
    assert wb.sheetnames[:2] == ["考核结果", "打印版"]
    main, printed = wb["考核结果"], wb["打印版"]
    assert _table(printed)[0] == EVAL_COLUMNS
    _same_rows(main, printed, numbered_by_print=False)
    _print_settings(printed)
    assert main.page_setup.paperSize == 8  # the full 考核结果 stays on A3
    assert printed["A1"].value == main["A1"].value  # the title line
    head, rows = _table(printed)
    grades = [r[head.index("等次")] for r in rows]
    assert "不合格" in grades  # the sample has two
    red = [
        printed.cell(row=3 + i, column=head.index("等次") + 1).fill.fgColor.rgb for i, g in enumerate(grades)
    ]
    assert all((rgb == "00FFC7CE") == (g == "不合格") for rgb, g in zip(red, grades)), red


def test_validate_print_version(out):
    wb = openpyxl.load_workbook(out / "experts-check.xlsx")
    assert wb.sheetnames[:2] == ["校验结果", "打印版"]
    assert _table(wb["打印版"])[0] == ["序号", "姓名", "工作单位", "校验结论", "问题说明", "优先支持"]
    _same_rows(wb["校验结果"], wb["打印版"], numbered_by_print=True)
    _print_settings(wb["打印版"])
    problems = [r[4] for r in _table(wb["打印版"])[1]]
    assert any(p and "[" in p for p in problems)

    mixed = openpyxl.load_workbook(out / "mixed-check.xlsx")
    assert mixed.sheetnames[:4] == [
        "校验结果-企业需求表",
        "打印版-企业需求表",
        "校验结果-专家意向表",
        "打印版-专家意向表",
    ]
    assert _table(mixed["打印版-企业需求表"])[0] == [
        "序号",
        "县（市、区）",
        "企业名称",
        "校验结论",
        "问题说明",
        "优先支持",
    ]
    for kind in ("企业需求表", "专家意向表"):
        _same_rows(mixed[f"校验结果-{kind}"], mixed[f"打印版-{kind}"], numbered_by_print=True)
        _print_settings(mixed[f"打印版-{kind}"])


def test_readers_skip_the_print_version(out, monkeypatch):
    from fuzong_cli.policy import load_policy

    history = read_history([out / "eval.xlsx"], load_policy("wenzhou"))
    assert len(history.records) == 20
    needs = read_records([out / "mixed-check.xlsx"], "needs")
    assert len(needs.records) == 12
    experts = read_records([out / "experts-check.xlsx"], "experts")
    assert len(experts.records) == 22
    assert not any("打印版" in line for line in [*needs.skipped, *experts.skipped, *history.skipped])
    # a validated ledger read back as a ledger (evaluate on 校验结果): its 打印版 has 姓名 and 企业名称, the
    # ledger's required columns, so the skip is what keeps each row single
    ledger = read_records([LEDGER], "ledger")
    checked = read_records([out / "ledger-check.xlsx"], "ledger")
    assert "打印版" in openpyxl.load_workbook(out / "ledger-check.xlsx", read_only=True).sheetnames
    assert len(checked.records) == len(ledger.records) > 0
    # 考核结果 read as a ledger (terms, projects take it): its 打印版 has 姓名 and 企业名称 too
    assert len(read_records([out / "eval.xlsx"], "ledger").records) == 20
    # what keeps them single is the marker naming the data sheets: a reader taking every sheet doubles them
    monkeypatch.setattr(forms, "holds_data", lambda marker, sheet: sheet != "说明")
    doubled = read_records([out / "ledger-check.xlsx"], "ledger")
    assert len(doubled.records) == 2 * len(ledger.records)
    assert len(read_records([out / "eval.xlsx"], "ledger").records) > 20


def test_commands_read_back_outputs_with_the_print_version(out, tmp_path):
    # evaluate --history and match take fuzong's own outputs (with their 打印版) without complaint
    r = ok(
        run_cli(
            "evaluate",
            LEDGER,
            "--history",
            out / "eval.xlsx",
            "-o",
            tmp_path / "e2.xlsx",
            "--policy",
            "wenzhou",
            "--as-of",
            "2026-12-01",
        )
    )
    assert "打印版" not in r.stdout + r.stderr
    r = ok(
        run_cli(
            "match",
            out / "mixed-check.xlsx",
            out / "experts-check.xlsx",
            "-o",
            tmp_path / "pairs.xlsx",
            "--policy",
            "wenzhou",
            *ASOF,
        )
    )
    assert "打印版" not in r.stdout + r.stderr
    head, rows = _table(openpyxl.load_workbook(tmp_path / "pairs.xlsx")["配对结果"])
    companies = [row[head.index("企业名称")] for row in rows if row[head.index("企业名称")]]
    assert len(companies) == len(set(companies)) > 0  # each need once, not once more from its 打印版
    r = ok(
        run_cli(
            "evaluate",
            out / "ledger-check.xlsx",
            "-o",
            tmp_path / "e3.xlsx",
            "--policy",
            "wenzhou",
            "--as-of",
            "2026-12-01",
        )
    )
    assert "2026年度考核：20 人" in r.stdout  # the validated ledger's 20 people, not 40


def test_print_version_is_readable_in_libreoffice(out, tmp_path):
    soffice = docs.find_soffice()
    if soffice is None or shutil.which("pdftotext") is None:
        pytest.skip("LibreOffice or pdftotext is not installed")
    files = []
    for name, book, sheet in [
        ("考核打印", "eval.xlsx", "打印版"),
        ("考核结果", "eval.xlsx", "考核结果"),
        ("校验打印", "experts-check.xlsx", "打印版"),
    ]:
        wb = openpyxl.load_workbook(out / book)
        for other in wb.sheetnames:
            if other != sheet:
                del wb[other]
        wb.save(tmp_path / f"{name}.xlsx")
        files.append(tmp_path / f"{name}.xlsx")
    pdf = tmp_path / "pdf"
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={(pdf / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            str(pdf),
            *map(str, files),
        ],
        capture_output=True,
        timeout=300,
        check=False,
    )
    heights = {f.stem: _median_word_height(pdf / f"{f.stem}.pdf") for f in files}
    # 11-point text at 100 % measures about 14.3 points high (word box), so 8-point text about 10.4
    assert heights["考核打印"] >= 10.4 and heights["校验打印"] >= 10.4, heights
    assert heights["考核打印"] > 1.8 * heights["考核结果"], (
        heights
    )  # the full sheet prints at about 4.3 points
    for name in ("考核打印", "校验打印"):
        box = re.search(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)", (pdf / f"{name}.pdf").read_bytes())
        assert (
            box and abs(float(box.group(1)) - 841.9) < 2 and abs(float(box.group(2)) - 595.3) < 2
        )  # A4 landscape
