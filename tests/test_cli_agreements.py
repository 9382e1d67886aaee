"""`fuzong agreements` end to end: files, manifest, merge, zip, bad templates and inputs, PDF where possible."""

from __future__ import annotations

import datetime as dt
import json
import zipfile
from pathlib import Path

import pytest
from docx import Document
from openpyxl import Workbook, load_workbook

from fuzong_cli.write import documents as docs
from fuzong_cli.write.files import sha256_of
from tests.conftest import SAMPLE, assert_clean_error

PAIRS = SAMPLE / "配对结果_示例.xlsx"
SPECIAL = "A&B<科技>有限公司"
HEADERS = [
    "序号",
    "县（市、区）",
    "企业名称",
    "统一社会信用代码",
    "需求名称",
    "专家姓名",
    "工作单位",
    "职称",
    "聘期开始",
]


def pairs_book(
    path: Path, rows: list[list], headers: list[str] = HEADERS, title: str | None = "配对结果"
) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = "配对结果"
    if title:
        ws.append([title])
    ws.append(headers)
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def row(
    i: int,
    enterprise: str = "温州测试科技有限公司",
    expert: str = "张三",
    unit="温州大学",
    start=dt.date(2026, 12, 15),
) -> list:
    return [i, "鹿城区", enterprise, "", "需求", expert, unit, "教授", start]


def manifest(folder: Path) -> list[dict]:
    ws = load_workbook(folder / "协议清单.xlsx")["协议清单"]
    rows = list(ws.iter_rows(values_only=True))
    return [dict(zip(rows[0], r)) for r in rows[1:]]


def test_sample_pairs_all_render(cli, tmp_path):
    out = tmp_path / "协议"
    result = cli("agreements", PAIRS, "-o", out, "--policy", "wenzhou")
    assert result.code == 0, result.stderr
    files = sorted(out.glob("*.docx"))
    assert len(files) == 8
    assert (out / "002_A&B科技有限公司_林晓燕.docx").exists()
    rows = manifest(out)
    assert [r["状态"] for r in rows] == ["已生成"] * 8
    for r in rows:
        path = out / r["文件"]
        assert r["SHA-256"] == sha256_of(path)
        doc = Document(str(path))
        text = docs.document_text(path)
        assert r["企业名称"] in text and r["专家姓名"] in text
        assert "{{" not in text and "{%" not in text and "{%tr" not in text
        assert doc.tables, "duty table present"
    text = docs.document_text(out / "002_A&B科技有限公司_林晓燕.docx")
    assert SPECIAL in text
    assert "原则上每年以各种形式为甲方累计服务时间不少于3个月" in text  # 温州方案 六(四)
    assert "2026年12月15日" in text and "2028年12月14日" in text
    assert not list(tmp_path.glob(".协议-*")), "staging folder removed"


def test_zip_and_merge(cli, tmp_path):
    out = tmp_path / "协议"
    result = cli("agreements", PAIRS, "-o", out, "--policy", "hubei", "--zip", "--merge")
    assert result.code == 0, result.stderr
    merged = out / "全部协议_合并打印.docx"
    doc = Document(str(merged))
    assert len(doc.sections) == 8
    text = docs.document_text(merged)
    for name in ("陈立新", "林晓燕", "吴俊", SPECIAL):
        assert name in text
    assert text.count("伍万元整") == 8  # 湖北方案 五(一) 工作保障经费 5 万元
    names = zipfile.ZipFile(tmp_path / "协议.zip").namelist()
    assert (
        "协议/协议清单.xlsx" in names and "协议/002_A&B科技有限公司_林晓燕.docx" in names and len(names) == 10
    )


def test_pair_with_missing_values_is_listed_and_others_render(cli, tmp_path):
    book = pairs_book(
        tmp_path / "pairs.xlsx",
        [
            row(1),
            row(2, expert="李四", start=None),
            row(3, expert="王五", unit=None),
            row(4, enterprise=SPECIAL, expert="赵六"),
        ],
    )
    out = tmp_path / "out"
    result = cli("agreements", book, "-o", out, "--policy", "liaocheng")
    assert result.code == 1, result.stderr
    rows = {r["序号"]: r for r in manifest(out)}
    assert rows[1]["状态"] == "已生成" and rows[4]["状态"] == "已生成"
    # no 聘期开始: rendered with the term to fill in by hand (issue 11), not left out
    assert rows[2]["状态"] == "已生成（聘期待填）" and "聘期开始" in rows[2]["原因"] and rows[2]["文件"]
    assert "自＿＿＿＿年＿＿月＿＿日起至＿＿＿＿年＿＿月＿＿日止" in docs.document_text(out / rows[2]["文件"])
    assert rows[3]["状态"] == "未生成" and "工作单位" in rows[3]["原因"]
    assert len(list(out.glob("*.docx"))) == 3
    assert "未生成" in result.stdout
    # --start fills the missing start date
    result = cli("agreements", book, "-o", out, "--policy", "liaocheng", "--start", "2027-01-01", "--force")
    assert result.code == 1
    rows = {r["序号"]: r for r in manifest(out)}
    assert rows[2]["状态"] == "已生成"
    assert "2027年1月1日" in docs.document_text(out / rows[2]["文件"])


def test_existing_output_needs_force(cli, tmp_path):
    out = tmp_path / "协议"
    out.mkdir()
    (out / "旧文件.txt").write_text("keep")
    (out / "协议清单.xlsx").write_bytes(b"")  # an earlier agreements output: --force may replace it
    result = cli("agreements", PAIRS, "-o", out)
    assert_clean_error(result, "--force")
    assert (out / "旧文件.txt").read_text() == "keep"
    result = cli("agreements", PAIRS, "-o", out, "--force")
    assert result.code == 0
    assert not (out / "旧文件.txt").exists() and len(list(out.glob("*.docx"))) == 8


def test_template_not_docx(cli, tmp_path):
    fake = tmp_path / "协议.docx"
    fake.write_text("这不是 Word 文档")
    assert_clean_error(cli("agreements", PAIRS, "-o", tmp_path / "o", "--template", fake), "不是有效的 .docx")
    doc = tmp_path / "协议.doc"
    doc.write_bytes(b"\xd0\xcf\x11\xe0")
    assert_clean_error(cli("agreements", PAIRS, "-o", tmp_path / "o", "--template", doc), ".docx")
    assert not (tmp_path / "o").exists()


def _template(path: Path, *paragraphs: str) -> Path:
    doc = Document()
    for text in paragraphs:
        doc.add_paragraph(text)
    doc.save(str(path))
    return path


def test_template_syntax_error_and_unknown_placeholder(cli, tmp_path):
    bad = _template(tmp_path / "bad.docx", "甲方：{{ 企业名称 }}", "{% if 补助金额 %}有补助")
    result = cli("agreements", PAIRS, "-o", tmp_path / "o", "--template", bad)
    assert_clean_error(result, "bad.docx", "endif")
    unknown = _template(tmp_path / "unknown.docx", "甲方：{{ 企业名 }}", "乙方：{{ 专家姓名 }}")
    result = cli("agreements", PAIRS, "-o", tmp_path / "o", "--template", unknown)
    assert_clean_error(result, "{{ 企业名 }}", "{{ 企业名称 }}")
    assert not (tmp_path / "o").exists()


def test_custom_template_with_extra_column(cli, tmp_path):
    book = pairs_book(tmp_path / "pairs.xlsx", [row(1) + ["WZ-2026-001"]], HEADERS + ["协议编号"])
    template = _template(
        tmp_path / "t.docx", "编号 {{ 协议编号 }}：{{ 企业名称 }} 与 {{ 专家姓名 }}（{{ 县市区 }}）"
    )
    out = tmp_path / "o"
    result = cli("agreements", book, "-o", out, "--template", template)
    assert result.code == 0, result.stderr
    text = docs.document_text(next(out.glob("001_*.docx")))
    assert text == "编号 WZ-2026-001：温州测试科技有限公司 与 张三（鹿城区）"


def test_missing_required_column(cli, tmp_path):
    book = pairs_book(tmp_path / "pairs.xlsx", [[1, "温州测试科技有限公司"]], ["序号", "企业名称"])
    result = cli("agreements", book, "-o", tmp_path / "o")
    assert_clean_error(result, "专家姓名")


def test_json_summary_and_quiet(cli, tmp_path):
    result = cli("agreements", PAIRS, "-o", tmp_path / "o", "--json")
    assert result.code == 0
    summary = json.loads(result.stdout)
    assert summary["已生成"] == 8 and summary["未生成"] == 0
    result = cli("agreements", PAIRS, "-o", tmp_path / "q", "--quiet")
    assert result.code == 0 and result.stdout == ""


def test_progress_bar_on_long_runs(cli, tmp_path):
    book = pairs_book(tmp_path / "pairs.xlsx", [row(i, expert=f"专家{i}") for i in range(1, 26)])
    result = cli("agreements", book, "-o", tmp_path / "o")
    assert result.code == 0 and "生成协议" in result.stderr
    result = cli("agreements", book, "-o", tmp_path / "q", "--quiet")
    assert "生成协议" not in result.stderr


def test_pdf_without_libreoffice_is_a_clear_error(cli, tmp_path, monkeypatch):
    monkeypatch.setattr(docs, "find_soffice", lambda: None)
    result = cli("agreements", PAIRS, "-o", tmp_path / "o", "--pdf")
    assert_clean_error(result, "LibreOffice")
    assert not (tmp_path / "o").exists()


def test_pdf_with_libreoffice(cli, tmp_path):
    if docs.find_soffice() is None:
        pytest.skip("LibreOffice (soffice) not installed")
    book = pairs_book(tmp_path / "pairs.xlsx", [row(1, enterprise=SPECIAL)])
    out = tmp_path / "o"
    result = cli("agreements", book, "-o", out, "--pdf")
    assert result.code == 0, result.stderr
    pdf = out / "001_A&B科技有限公司_张三.pdf"
    assert pdf.exists() and pdf.read_bytes().startswith(b"%PDF")


def test_help(cli):
    result = cli("agreements", "--help")
    assert result.code == 0 and "三方协议" in result.stdout


def test_only_the_pairs_sheet_and_not_excluded_rows(cli, tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.title = "配对结果"
    ws.append(HEADERS + ["排除"])
    ws.append(row(1) + [None])
    ws.append(row(2, expert="李四") + ["是"])
    other = wb.create_sheet("旧配对")
    other.append(HEADERS)
    other.append(row(9, expert="不该出现"))
    wb.save(tmp_path / "pairs.xlsx")
    out = tmp_path / "o"
    result = cli("agreements", tmp_path / "pairs.xlsx", "-o", out)
    assert result.code == 0, result.stderr
    assert [r["专家姓名"] for r in manifest(out)] == ["张三"]
    assert "旧配对" in result.stdout and "排除" in result.stdout
    result = cli("publicity", tmp_path / "pairs.xlsx", "--start", "2026-12-01", "-o", tmp_path / "名单.xlsx")
    assert result.code == 0
    names = [
        r[1] for r in load_workbook(tmp_path / "名单.xlsx")["公示名单"].iter_rows(min_row=4, values_only=True)
    ]
    assert "李四" not in names and "不该出现" not in names and "张三" in names


def test_bad_start_date(cli, tmp_path):
    assert_clean_error(cli("agreements", PAIRS, "-o", tmp_path / "o", "--start", "2026/13/40"), "--start")
    assert not (tmp_path / "o").exists()


def test_template_with_entity_declarations_is_refused(tmp_path):
    """A hostile template (XXE / billion laughs) is refused before anything is rendered."""
    import io
    import zipfile

    from tests.conftest import REPO, SAMPLE, run_cli

    src = zipfile.ZipFile(REPO / "templates" / "三方协议.docx")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zout:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "word/document.xml":
                data = data.replace(
                    b"<w:document",
                    b'<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><w:document',
                    1,
                )
            zout.writestr(info, data)
    bad = tmp_path / "恶意模板.docx"
    bad.write_bytes(out.getvalue())
    result = run_cli("agreements", SAMPLE / "配对结果_示例.xlsx", "--template", bad, "-o", tmp_path / "out")
    assert result.code == 2 and "DOCTYPE" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists()


def test_force_never_deletes_a_folder_of_the_users_own(tmp_path):
    """agreements replaces its output folder whole; with --force it replaces only an earlier agreements folder."""
    from tests.conftest import run_cli

    mine = tmp_path / "桌面"
    mine.mkdir()
    (mine / "我的文件.txt").write_text("precious", encoding="utf-8")
    result = run_cli("agreements", PAIRS, "-o", mine, "--force")
    assert_clean_error(result, "协议清单.xlsx")
    assert (mine / "我的文件.txt").read_text(encoding="utf-8") == "precious"
    out = tmp_path / "协议"
    assert run_cli("agreements", PAIRS, "-o", out).code == 0
    assert run_cli("agreements", PAIRS, "-o", out, "--force").code == 0  # an earlier output is replaced
