"""Issue 11: every output is ready to print and sign.

Print settings of every sheet of every workbook a command writes are read back with openpyxl; the agreement and
the 公示通知 with python-docx; page counts come from LibreOffice's PDF (skipped cleanly without ``soffice``).
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import openpyxl
import pytest
from docx import Document
from docx.oxml.ns import qn
from openpyxl.utils import get_column_letter

from fuzong_cli.decide import agreements as contents
from fuzong_cli.write import documents as docs
from fuzong_cli.write.fastxlsx import A4_LANDSCAPE_UNITS, FOOTER, LEGIBLE_SCALE, PORTRAIT_UNITS, WRAP_WIDTH
from tests.conftest import SAMPLE, assert_clean_error, run_cli

MATCHING = SAMPLE / "matching"
NEEDS = [SAMPLE / "鹿城区企业需求表.xlsx", SAMPLE / "瑞安市企业需求表.xlsx"]
EXPERTS = [SAMPLE / "专家意向表_温州大学.xlsx", SAMPLE / "专家意向表_温州医科大学.xls"]
LEDGER = SAMPLE / "服务台账_2026.xlsx"
ASOF = ("--as-of", "2026-11-24")


def ok(result, codes=(0, 1)):
    assert result.code in codes, (result.code, result.stdout, result.stderr)
    return result


@pytest.fixture(scope="module")
def out(tmp_path_factory) -> Path:
    """One output of every command that writes a workbook, from sample_data (as `make demo` does)."""
    d = tmp_path_factory.mktemp("print")
    ok(run_cli("forms", d / "forms", "--policy", "wenzhou", *ASOF))
    ok(run_cli("ingest", "needs", *NEEDS, "-o", d / "needs.xlsx", "--policy", "wenzhou", *ASOF))
    ok(run_cli("ingest", "experts", *EXPERTS, "-o", d / "experts.xlsx", "--policy", "wenzhou"))
    ok(run_cli("validate", *NEEDS, "-o", d / "needs-check.xlsx", "--policy", "wenzhou", *ASOF))
    ok(run_cli("validate", *EXPERTS, "-o", d / "experts-check.xlsx", "--policy", "wenzhou", *ASOF))
    ok(run_cli("quota", d / "needs.xlsx", "--total", "10", "-o", d / "quota.xlsx", "--policy", "wenzhou"))
    ok(
        run_cli(
            "match",
            d / "needs.xlsx",
            d / "experts.xlsx",
            "-o",
            d / "pairs.xlsx",
            "--policy",
            "wenzhou",
            *ASOF,
        )
    )
    ok(
        run_cli(
            "match",
            MATCHING / "调优_企业需求表.xlsx",
            MATCHING / "调优_专家意向表.xlsx",
            "-o",
            d / "pairs40.xlsx",
            "--policy",
            "wenzhou",
            *ASOF,
        )
    )
    ok(
        run_cli(
            "publicity", d / "pairs.xlsx", "--docx", "-o", d / "公示名单.xlsx", "--policy", "wenzhou", *ASOF
        )
    )
    ok(
        run_cli(
            "agreements",
            d / "pairs.xlsx",
            "-o",
            d / "agreements",
            "--policy",
            "wenzhou",
            "--start",
            "2026-12-15",
        )
    )
    history = SAMPLE / "考核结果_2025.xlsx"
    ok(run_cli("evaluate", LEDGER, "--history", history, "-o", d / "eval.xlsx", "--policy", "wenzhou"))
    ok(run_cli("evaluate", LEDGER, "-o", d / "eval-xx.xlsx", "--policy", "xinxiang"))
    ok(run_cli("terms", LEDGER, "--as-of", "2027-02-15", "-o", d / "terms.xlsx", "--policy", "wenzhou"))
    ledger = SAMPLE / "聘期台账示例.xlsx"
    budgets = SAMPLE / "协同创新项目预算表.xlsx"
    ok(
        run_cli(
            "projects",
            budgets,
            "--ledger",
            ledger,
            "--as-of",
            "2026-10-15",
            "-o",
            d / "projects.xlsx",
            "--policy",
            "liaocheng",
        )
    )
    return d


def workbooks(out: Path) -> list[Path]:
    return sorted(p for p in out.rglob("*.xlsx") if not p.name.startswith("."))


def test_every_command_is_covered(out):
    names = {p.name for p in workbooks(out)}
    assert {
        "needs.xlsx",
        "needs-check.xlsx",
        "quota.xlsx",
        "pairs.xlsx",
        "公示名单.xlsx",
        "eval.xlsx",
    } <= names
    assert {"terms.xlsx", "projects.xlsx", "协议清单.xlsx", "企业需求表.xlsx", "服务台账.xlsx"} <= names


def _widths(ws) -> list[float]:
    return [ws.column_dimensions[get_column_letter(j)].width or 9 for j in range(1, ws.max_column + 1)]


def test_every_sheet_prints_one_page_wide_with_header_and_page_numbers(out):
    checked = 0
    papers: set[int] = set()
    for path in workbooks(out):
        wb = openpyxl.load_workbook(path)
        for ws in wb.worksheets:
            if ws.sheet_state != "visible":
                continue
            where = f"{path.name}/{ws.title}"
            # A4; A3 only for a sheet whose columns would print below a legible scale on A4 landscape
            a3 = (
                ws.title not in ("图表", "填表说明") and sum(_widths(ws)) > A4_LANDSCAPE_UNITS / LEGIBLE_SCALE
            )
            assert int(ws.page_setup.paperSize) == (8 if a3 else 9), (where, sum(_widths(ws)))
            papers.add(int(ws.page_setup.paperSize))
            assert ws.sheet_properties.pageSetUpPr.fitToPage, where
            assert ws.page_setup.fitToWidth in (1, "1"), where
            assert ws.oddFooter.center.text == FOOTER, where  # 第 &P 页 共 &N 页
            assert ws.oddHeader.center.text, where
            one_page = ws.title in ("说明", "填表说明", "图表")
            assert int(ws.page_setup.fitToHeight) == (1 if one_page else 0), where
            if ws.title == "图表":
                assert ws.page_setup.orientation == "landscape"
                continue
            if ws.title == "填表说明":
                continue
            wide = sum(_widths(ws)) > PORTRAIT_UNITS
            assert ws.page_setup.orientation == ("landscape" if wide else "portrait"), where
            # the header row repeats on every page, is frozen, bordered and carries the autofilter
            titles = ws.print_title_rows
            assert titles and re.fullmatch(r"\$(\d+):\$\1", titles), (where, titles)
            header = int(titles.split(":")[0][1:])
            assert ws.freeze_panes and int(re.sub(r"[A-Z]", "", ws.freeze_panes)) == header + 1, where
            assert ws.auto_filter.ref and ws.auto_filter.ref.startswith(f"A{header}:"), where
            first = ws.cell(row=header, column=1)
            assert first.value and first.font.b and first.border.bottom.style == "thin", where
            if ws.cell(row=header + 1, column=1).value is not None:
                assert ws.cell(row=header + 1, column=1).border.left.style == "thin", where
            checked += 1
    assert checked >= 25
    assert papers == {8, 9}  # the 34-column 考核结果 goes on A3, the lists stay on A4


def test_ids_codes_names_fit_and_long_text_wraps(out):
    wb = openpyxl.load_workbook(out / "experts-check.xlsx")
    ws = wb["校验结果"]
    col = {c.value: c.column_letter for c in ws[1]}
    ids = [c.value for c in ws[col["身份证号"]][1:] if c.value]
    assert ids and ws.column_dimensions[col["身份证号"]].width >= 20  # all 18 digits show
    notes = ws.column_dimensions[col["问题说明"]]
    assert notes.width <= WRAP_WIDTH and ws[f"{col['问题说明']}2"].alignment.wrap_text
    long_rows = [c for c in ws[col["问题说明"]][1:] if c.value and len(c.value) > 40]
    assert long_rows and all(
        ws.row_dimensions[c.row].height and ws.row_dimensions[c.row].height > 15 for c in long_rows
    )
    wb = openpyxl.load_workbook(out / "needs-check.xlsx")
    ws = wb["校验结果"]
    col = {c.value: c.column_letter for c in ws[1]}
    assert ws.column_dimensions[col["统一社会信用代码"]].width >= 20
    longest = max(len(str(c.value)) for c in ws[col["企业名称"]][1:] if c.value)
    assert ws.column_dimensions[col["企业名称"]].width >= 2 * longest  # a CJK character is two units wide


def test_conclusions_beside_the_name(out):
    headers = [c.value for c in openpyxl.load_workbook(out / "needs-check.xlsx")["校验结果"][1]]
    at = headers.index("企业名称")
    assert headers[at + 1 : at + 4] == ["校验结论", "问题说明", "优先支持"]
    assert headers[-3:] == ["来源文件", "来源工作表", "来源行号"]
    ws = openpyxl.load_workbook(out / "eval.xlsx")["考核结果"]
    row = [c.value for c in ws[3]]
    assert row.index("等次") - row.index("姓名") <= 3 and row.index("校验结论") - row.index("姓名") <= 6
    # the name column is frozen with the header
    assert ws.freeze_panes == f"{get_column_letter(row.index('姓名') + 2)}4"


def test_chart_colours_and_legend(out):
    ws = openpyxl.load_workbook(out / "eval-xx.xlsx")["图表"]
    assert len(ws._charts) == 2  # 新乡: 20,000 per person, a real money chart
    grades = ws._charts[0]
    colours = {}
    for series in grades.series:
        ref = series.tx.strRef.f  # '图表'!$B$4
        cell = ws[ref.split("!")[1].replace("$", "")]
        rgb = series.graphicalProperties.solidFill.srgbClr
        colours[cell.value] = getattr(rgb, "val", rgb)
    assert colours == {"优秀": "2E7D32", "合格": "2F6EBA", "不合格": "C62828"}
    assert grades.legend.position == "b"


def test_agreement_docx(out):
    folder = out / "agreements"
    manifest = openpyxl.load_workbook(folder / "协议清单.xlsx")
    rows = list(manifest["协议清单"].iter_rows(min_row=2, values_only=True))
    assert rows and all(r[4] == "已生成" for r in rows)
    info = dict(manifest["说明"].iter_rows(min_row=2, values_only=True))
    assert info["依据（聘期）"] and info["依据（服务时间）"] == "温州方案 六(四)"  # citations live here
    path = folder / rows[0][3]
    doc = Document(str(path))
    text = docs.document_text(path)
    assert "依据：" not in text and "温州方案" not in text  # no citation inside a clause
    # 丙方: the university, its 学院 as the department; the expert's ID left blank
    assert "丙方（派出单位）：温州大学" in text and "具体承担部门：电气与电子工程学院" in text
    assert f"身份证号：{contents.BLANK}" in text and f"住所：{contents.BLANK}" in text
    assert "法定代表人：" in text and "联系人及电话：" in text
    props = doc.core_properties
    assert props.title == f"“科技副总”三方合作协议（{rows[0][1]}—{rows[0][2]}）"
    assert props.language == "zh-CN" and props.created.date() == dt.date.today()
    assert props.author == "fuzong" and not props.keywords
    # the description is fuzong's marker, nothing of the template's own (fuzong_cli.marker)
    assert props.comments.startswith('{"generator":"fuzong","command":"agreements"')
    names = zipfile.ZipFile(path).namelist()
    assert not any("thumbnail" in n or n.startswith("customXml") for n in names)
    settings = zipfile.ZipFile(path).read("word/settings.xml").decode()
    assert (
        'w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"' in settings
    )
    tasks = doc.tables[0]
    grid = [int(c.get(qn("w:w"))) for c in tasks._tbl.tblGrid.findall(qn("w:gridCol"))]
    assert grid[0] < 1500 and grid[1] > 6 * grid[0]  # 序号 narrow, in the grid itself
    assert tasks.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    # the signature block: every row but the last kept with the next, the last clause kept with it
    sign = doc.tables[-1]
    for row in sign.rows[:-1]:
        assert all(p.paragraph_format.keep_with_next for c in row.cells for p in c.paragraphs)
    body = [p for p in doc.paragraphs if p.text.strip()]
    assert body[-1].text == "（以下无正文）" and body[-1].paragraph_format.keep_with_next
    assert body[-2].paragraph_format.keep_with_next and "一式三份" in body[-2].text


def test_show_id_and_as_of_fill_the_agreement(tmp_path):
    pairs = SAMPLE / "配对结果_示例.xlsx"
    book = openpyxl.load_workbook(pairs)
    ws = book.active
    ws.cell(row=2, column=15, value="身份证号")
    ws.cell(row=3, column=15, value="330302198503121234")
    src = tmp_path / "pairs.xlsx"
    book.save(src)
    hidden = tmp_path / "hidden"
    ok(run_cli("agreements", src, "-o", hidden, "--policy", "wenzhou"), (0,))
    first = sorted(hidden.glob("001_*.docx"))[0]
    assert "330302198503121234" not in docs.document_text(first)
    shown = tmp_path / "shown"
    ok(
        run_cli("agreements", src, "-o", shown, "--policy", "wenzhou", "--show-id", "--as-of", "2026-12-20"),
        (0,),
    )
    first = sorted(shown.glob("001_*.docx"))[0]
    text = docs.document_text(first)
    assert "身份证号：330302198503121234" in text and "日期：2026年12月20日" in text
    assert Document(str(first)).core_properties.created.date() == dt.date(2026, 12, 20)


def test_agreements_without_start_dates_render_with_blanks(tmp_path):
    book = openpyxl.load_workbook(SAMPLE / "配对结果_示例.xlsx")
    ws = book.active
    ws.delete_cols(14)  # 聘期开始
    src = tmp_path / "pairs.xlsx"
    book.save(src)
    target = tmp_path / "协议"
    result = run_cli("agreements", src, "-o", target, "--policy", "wenzhou")
    assert result.code == 0, result.stderr
    rows = list(
        openpyxl.load_workbook(target / "协议清单.xlsx")["协议清单"].iter_rows(min_row=2, values_only=True)
    )
    assert len(rows) == 8 and all(r[4] == "已生成（聘期待填）" and r[3] for r in rows)
    for r in rows:
        text = docs.document_text(target / r[3])
        assert "自＿＿＿＿年＿＿月＿＿日起至＿＿＿＿年＿＿月＿＿日止" in text
    assert "聘期留空" in result.stdout


def test_publicity_blanks_warning_and_notice_table(out, tmp_path):
    result = run_cli(
        "publicity",
        out / "pairs.xlsx",
        "--docx",
        "-o",
        tmp_path / "公示名单.xlsx",
        "--policy",
        "wenzhou",
        *ASOF,
    )
    assert result.code == 0 and "--contact" in result.stderr and "--issuer" in result.stderr
    notice = tmp_path / "公示通知.docx"
    text = docs.document_text(notice)
    assert "受理单位：＿＿＿＿" in text and "＿＿（盖章）" in text
    assert "公示期：2026年11月24日至2026年11月30日" in text  # --as-of is the default start
    doc = Document(str(notice))
    table = doc.tables[0]
    assert table.style.name == "Table Grid"  # bordered
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None  # header repeats on every page
    assert doc.core_properties.title == "温州市“科技副总”拟选派人选公示"
    # 五号 (10.5 pt) in the list, so a three-character name and 副主任医师 each stay on one line
    headers = [c.text for c in table.rows[0].cells]
    titles = headers.index("职称")
    assert table.rows[1].cells[1].paragraphs[0].runs[0].font.size.pt == 10.5
    grid = [int(c.get(qn("w:w"))) / 567 for c in table._tbl.tblGrid.findall(qn("w:gridCol"))]  # twips → cm
    assert grid[titles] >= 5 * 10.5 / 28.35 + 0.38 and grid[headers.index("姓名")] >= 3 * 10.5 / 28.35 + 0.38
    assert abs(sum(grid) - 15.8) < 0.05  # the text width of the page
    given = run_cli(
        "publicity",
        out / "pairs.xlsx",
        "--docx",
        "-o",
        tmp_path / "b.xlsx",
        "--policy",
        "wenzhou",
        "--contact",
        "市科技局人才科 0577-88888888",
        "--issuer",
        "温州市科学技术局",
    )
    assert given.code == 0 and "警告" not in given.stderr
    text = docs.document_text(tmp_path / "b-公示通知.docx")
    assert "0577-88888888" in text and "温州市科学技术局" in text and "＿" not in text


def test_as_of_on_forms_and_ingest(out):
    title = openpyxl.load_workbook(out / "forms" / "企业需求表.xlsx").worksheets[0]["A1"].value
    assert title == "温州市2026年度科技副总企业需求表"
    info = dict(openpyxl.load_workbook(out / "needs.xlsx")["说明"].iter_rows(min_row=2, values_only=True))
    assert info["参照日期"] == "2026-11-24"


@pytest.mark.parametrize("command", ["publicity", "agreements"])
@pytest.mark.parametrize(
    ("source", "kind"),
    [(NEEDS[0], "企业需求表"), (EXPERTS[0], "专家意向表"), (LEDGER, "服务台账")],
)
def test_wrong_kind_of_input_is_refused(tmp_path, command, source, kind):
    result = run_cli(command, source, "-o", tmp_path / "x.xlsx" if command == "publicity" else tmp_path / "x")
    assert_clean_error(result, f"看起来是{kind}", "配对结果")
    assert not list(tmp_path.iterdir())


# ---------------------------------------------------------------------------------------------- LibreOffice


def _pdf_pages(soffice: str, files: list[Path], folder: Path) -> dict[str, int]:
    folder.mkdir(exist_ok=True)
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={(folder / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            *map(str, files),
        ],
        capture_output=True,
        timeout=300,
        check=False,
    )
    pages = {}
    for f in files:
        pdf = folder / (f.stem + ".pdf")
        assert pdf.exists(), f"LibreOffice did not convert {f.name}"
        pages[f.stem] = len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf.read_bytes()))
    return pages


def _only_sheet(path: Path, title: str, target: Path) -> Path:
    wb = openpyxl.load_workbook(path)
    for name in wb.sheetnames:
        if name != title:
            del wb[name]
    wb.save(target)
    return target


def test_page_counts_in_libreoffice(out, tmp_path):
    soffice = docs.find_soffice()
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    pairs40 = openpyxl.load_workbook(out / "pairs40.xlsx")["配对结果"]
    assert pairs40.max_row - 1 >= 40
    files = [
        _only_sheet(out / "pairs40.xlsx", "配对结果", tmp_path / "配对结果40.xlsx"),
        _only_sheet(out / "eval.xlsx", "考核结果", tmp_path / "考核结果20.xlsx"),
        _only_sheet(out / "eval.xlsx", "补助汇总", tmp_path / "补助汇总.xlsx"),
        _only_sheet(out / "eval-xx.xlsx", "图表", tmp_path / "图表.xlsx"),
        _only_sheet(out / "experts-check.xlsx", "校验结果", tmp_path / "专家校验.xlsx"),
        out / "pairs.xlsx",
        out / "公示名单.xlsx",
        out / "公示通知.docx",
        sorted((out / "agreements").glob("001_*.docx"))[0],
    ]
    pages = _pdf_pages(soffice, files, tmp_path / "pdf")
    assert pages["配对结果40"] <= 4  # 47 pairs (was 3 columns a page, 18 pages for 7 pairs)
    assert pages["考核结果20"] <= 2  # 20 people (was 24 pages)
    assert pages["补助汇总"] == 1 and pages["图表"] == 1
    assert pages["专家校验"] <= 3
    assert pages["pairs"] <= 6  # 配对结果, 候选名单 (five candidates a need: two pages), 未匹配, 说明
    assert pages["公示名单"] <= 2 and pages["公示通知"] == 1
    agreement = [k for k in pages if k.startswith("001_")][0]
    assert pages[agreement] <= 4
    # the print is large enough to read: median word height on the first page, in points on paper (11-point text
    # at 100 % measures about 14). Before A3 for the widest sheets: 考核结果 3.2, 专家校验 3.9, 配对结果 5.5.
    if shutil.which("pdftotext"):
        heights = {name: _median_word_height(tmp_path / "pdf" / f"{name}.pdf") for name in pages}
        assert heights["考核结果20"] >= 5.0 and heights["专家校验"] >= 5.5, heights
        assert heights["配对结果40"] >= 7.0 and heights["公示名单"] >= 10, heights
        assert heights["补助汇总"] >= 10, heights


def _median_word_height(pdf: Path) -> float:
    import statistics

    xml = subprocess.run(
        ["pdftotext", "-f", "1", "-l", "1", "-bbox", str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    found = re.findall(r'yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)"', xml)
    assert found, pdf.name
    return statistics.median(float(b) - float(a) for a, b in found)


def test_libreoffice_keeps_the_header_row_on_every_page(tmp_path):
    """A long table printed over several pages repeats its header row (read back from the PDF text)."""
    soffice = docs.find_soffice()
    if soffice is None or shutil.which("pdftotext") is None:
        pytest.skip("LibreOffice or pdftotext is not installed")
    from fuzong_cli.write.fastxlsx import Book, save_atomic

    book = Book()
    book.add_table("名单", ["序号", "姓名", "工作单位"], [[i, f"专家{i}", "温州大学"] for i in range(1, 201)])
    path = tmp_path / "长名单.xlsx"
    save_atomic(book, path)
    pages = _pdf_pages(soffice, [path], tmp_path / "pdf")
    assert pages["长名单"] >= 3
    text = subprocess.run(
        ["pdftotext", "-layout", str(tmp_path / "pdf" / "长名单.pdf"), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert text.count("工作单位") == pages["长名单"]
    n = pages["长名单"]
    assert re.search(rf"第\s*{n}\s*页\s*共\s*{n}\s*页", text)
