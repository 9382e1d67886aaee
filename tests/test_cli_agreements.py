"""`fuzong agreements` end to end: files, manifest, merge, zip, bad templates and inputs, PDF where possible."""

from __future__ import annotations

import datetime as dt
import json
import zipfile
from pathlib import Path

import openpyxl
import pytest
from conftest import run_cli
from docx import Document
from openpyxl import Workbook
from support_pairs import _template as _template_pairs
from support_pairs import book as book_pairs

from fuzong_cli.write import documents as docs
from fuzong_cli.write.files import sha256_of
from tests.conftest import SAMPLE, assert_clean_error, marker_of, read_sheet

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
    return read_sheet(folder / "协议清单.xlsx", "协议清单", header_row=1)


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
    assert summary["command"] == "agreements" and summary["exit_code"] == 0
    assert summary["counts"]["已生成"] == 8 and summary["counts"]["未生成"] == 0
    assert summary["outputs"] == [str(tmp_path / "o"), str(tmp_path / "o" / "协议清单.xlsx")]
    assert summary["details"]["未生成原因"] == []
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
    names = [r["姓名"] for r in read_sheet(tmp_path / "名单.xlsx", "公示名单", header_row=3)]
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


def _clauses(path: Path) -> tuple[list[str], list[list[str]]]:
    doc = Document(str(path))
    paragraphs = [p.text for p in doc.paragraphs if p.text.strip()]
    tables = [[c.text for c in r.cells] for t in doc.tables for r in t.rows]
    return paragraphs, tables


def _article(paragraphs: list[str], heading: str) -> list[str]:
    start = next(i for i, p in enumerate(paragraphs) if p.startswith(heading))
    end = next(i for i, p in enumerate(paragraphs[start + 1 :], start + 1) if p.startswith("第"))
    return paragraphs[start + 1 : end]


def test_hubei_third_party_is_the_receiving_place_in_every_clause(cli, tmp_path):
    """湖北方案 四(三): 丙方 = 接收地方. Where the employer is meant the clauses name the 派出单位 (六(三) 人事及工资关系
    保留在原单位), and 第六条 gives the 接收地方 the obligations 六(一)(二)(四)(五)、五(三) state; the 温州 agreement
    keeps the 派出单位 as 丙方 with the employer's clauses."""
    book = pairs_book(tmp_path / "pairs.xlsx", [row(1, unit="湖北大学材料科学与工程学院")])
    hubei, wenzhou = tmp_path / "湖北", tmp_path / "温州"
    assert cli("agreements", book, "-o", hubei, "--policy", "hubei").code == 0
    assert cli("agreements", book, "-o", wenzhou, "--policy", "wenzhou").code == 0
    par, tables = _clauses(next(hubei.glob("001_*.docx")))
    text = "\n".join(par)
    assert "丙方（接收地方）：鹿城区" in par
    assert "派出单位：湖北大学　　具体部门：材料科学与工程学院" in par  # named under 乙方: not a party
    assert "具体承担部门" not in text  # the 接收地方 has no 学院
    assert "乙方由其派出单位湖北大学选派到甲方担任“科技副总”，丙方作为接收地方负责乙方服务期间的管理" in text
    assert "3．服务期间乙方的人事及工资关系保留在原单位（湖北大学），职务晋升、职称评聘等不受影响。" in par
    assert "保留在丙方" not in text and "丙方选派乙方" not in text and "利用丙方科研力量" not in text
    sixth = _article(par, "第六条")
    assert sixth == [
        "1．会同省经信厅和乙方派出单位共同管理乙方，以地方管理为主；制定完善配套政策措施，做好乙方服务甲方的承接工作。",
        "2．乙方离服务期满1个月内提交总结报告后，由丙方提出验收意见。",
        "3．负责乙方服务期间专项经费的监管，并在乙方离服务期满1个月内完成专项经费审计。",
        "4．乙方促成的科技成果转化项目，按规定给予地方资助；乙方为地方引进和举荐急需紧缺人才的，按规定给予地方奖励。",
    ]
    assert "乙方及其派出单位在本协议签订前已取得的知识产权" in text
    assert "甲方对乙方及其派出单位提供的未公开技术资料" in text
    assert "经主管部门商乙方派出单位终止服务或另派人选" in text  # 六(一) 商派出单位终止服务或另派人选
    assert "湖北方案" not in text  # citations stay in the manifest
    # 六(四): the report goes to the 派出单位, not to the 丙方
    assert ["5", "离服务期满1个月内向派出单位、所在市州党委组织部和经信局提交总结报告"] in tables
    assert ["甲方（盖章）：", "乙方（签字）：", "丙方（盖章）："] in tables
    # the party that seals is the 丙方 named above
    assert ["温州测试科技有限公司", "张三", "鹿城区"] in tables
    cited = {r["项目"]: r["内容"] for r in read_sheet(hubei / "协议清单.xlsx", "说明", header_row=1)}
    assert cited["依据（丙方的权利和义务）"].startswith("湖北方案 五(三)、六(一)")

    par, tables = _clauses(next(wenzhou.glob("001_*.docx")))
    text = "\n".join(par)
    assert "丙方（派出单位）：湖北大学" in par and "派出单位：湖北大学　　具体部门" not in text
    assert "具体承担部门：材料科学与工程学院" in text
    assert "丙方选派乙方到甲方担任“科技副总”" in text
    assert "3．聘期内乙方的人事关系、工资待遇保留在丙方，乙方在甲方兼职不改变其与丙方的人事关系。" in par
    sixth = _article(par, "第六条")
    assert len(sixth) == 3 and sixth[0].startswith("1．保留乙方在丙方的人事关系")
    assert "乙方、丙方在本协议签订前已取得的知识产权" in text and "经主管部门同意终止服务" in text
    assert ["温州测试科技有限公司", "张三", "湖北大学"] in tables


def _described(path: Path) -> dict:
    return json.loads(Document(str(path)).core_properties.comments)


def test_marker_in_every_agreement_the_merged_file_and_the_manifest(cli, tmp_path):
    out = tmp_path / "协议"
    result = cli("agreements", PAIRS, "-o", out, "--policy", "wenzhou", "--merge", "--jobs", "2")
    assert result.code == 0, result.stderr
    for path in sorted(out.glob("*.docx")):  # the 8 agreements and the merged file
        mark = _described(path)
        assert (mark["generator"], mark["command"], mark["policy"]) == ("fuzong", "agreements", "wenzhou")
    assert (out / "全部协议_合并打印.docx").exists()
    mark = marker_of(out / "协议清单.xlsx")
    assert (mark["command"], mark["policy"]) == ("agreements", "wenzhou")
    # no data sheet named: a 协议清单 is read back by nothing; given as pairs by mistake it is still refused
    assert mark["data_sheets"] == []
    again = cli("agreements", out / "协议清单.xlsx", "-o", tmp_path / "again")
    assert_clean_error(again, "协议清单.xlsx")
    assert not (tmp_path / "again").exists()


def test_agreement_bytes_are_the_same_on_every_run(cli, tmp_path):
    """The marker carries no time: two runs, the second in worker processes (more than 50 agreements), write
    the same bytes, marker included."""
    book = pairs_book(tmp_path / "pairs.xlsx", [row(i, expert=f"专家{i}") for i in range(1, 56)])
    for name, jobs in (("a", "1"), ("b", "2")):
        args = ("agreements", book, "-o", tmp_path / name, "--as-of", "2026-12-01", "--merge", "--jobs", jobs)
        assert cli(*args, "--quiet").code == 0
    first = sorted((tmp_path / "a").glob("*.docx"))
    assert len(first) == 56
    assert _described(first[-1])["command"] == "agreements"
    for path in first:
        assert path.read_bytes() == (tmp_path / "b" / path.name).read_bytes(), path.name


@pytest.mark.parametrize("name", ["agreements", "publicity", "terms"])
def test_layers_of_the_document_commands(name):
    """commands/: typer options only; runs/: no file format; write/: lays out a report, never decides."""
    import importlib
    import inspect
    import re

    from tests.conftest import decide_imports

    def imports(module: str) -> str:
        source = inspect.getsource(importlib.import_module(module))
        return "\n".join(ln for ln in source.splitlines() if re.match(r"\s*(from|import) ", ln))

    command = importlib.import_module(f"fuzong_cli.commands.{name}")
    assert len(inspect.getsource(command).splitlines()) <= 150
    assert not re.search(r"openpyxl|docx|fastxlsx", imports(f"fuzong_cli.commands.{name}"))
    assert not re.search(r"openpyxl|docx|typer", imports(f"fuzong_cli.runs.{name}"))
    assert decide_imports(importlib.import_module(f"fuzong_cli.write.{name}")) == ""


@pytest.mark.parametrize(
    ("line", "says"),
    [
        ("甲方：{{ 企业名称() }}", "字段名后面不能加括号"),
        ("{{ 1 / 0 }}", "除以 0"),
        ("{{ 任务清单.x.y }}", "不存在的字段或属性"),
        ("{{ ''.__class__.__mro__[1].__subclasses__() }}", "不允许的写法"),
    ],
)
def test_template_errors_at_fill_time_exit_2_in_chinese(tmp_path, line, says):
    pairs = book_pairs(
        tmp_path / "p.xlsx",
        ["序号", "企业名称", "专家姓名", "工作单位", "聘期开始"],
        [[1, "温州甲公司", "陈明", "温州大学", "2026-12-15"]],
    )
    tpl = _template_pairs(tmp_path / "t.docx", "乙方：{{ 专家姓名 }}", line)
    out = tmp_path / "协议"
    result = run_cli("agreements", pairs, "--template", tpl, "-o", out, "--policy", "hubei")
    assert_clean_error(result, "t.docx", "温州甲公司", says)
    assert not out.exists() and not [p for p in tmp_path.iterdir() if p.name.startswith(".协议")]


def test_unknown_filter_is_named_in_chinese(tmp_path):
    pairs = book_pairs(
        tmp_path / "p.xlsx",
        ["序号", "企业名称", "专家姓名", "工作单位"],
        [[1, "温州甲公司", "陈明", "温州大学"]],
    )
    tpl = _template_pairs(tmp_path / "t.docx", "甲方：{{ 企业名称|nofilter }}")
    result = run_cli("agreements", pairs, "--template", tpl, "-o", tmp_path / "o", "--start", "2026-12-15")
    assert_clean_error(result, "不认识的过滤器“nofilter”", "第1段")


def test_control_characters_from_a_cell_never_break_the_documents(tmp_path):
    import docx

    pairs = tmp_path / "配对.csv"
    pairs.write_text(
        "序号,企业名称,专家姓名,工作单位,聘期开始,研究方向\n"
        '1,"温州乙\x01公司",王五,温州大学,2026-12-15,"阀门\x1f密封"\n',
        encoding="utf-8",
    )
    out = tmp_path / "协议"
    result = run_cli("agreements", pairs, "-o", out, "--merge", "--policy", "hubei")
    assert result.code == 0, result.stderr
    text = "\n".join(p.text for p in docx.Document(out / "001_温州乙公司_王五.docx").paragraphs)
    assert "甲方（企业）：温州乙公司" in text
    assert openpyxl.load_workbook(out / "协议清单.xlsx")["协议清单"]["B2"].value == "温州乙公司"
    docx.Document(out / "全部协议_合并打印.docx")
    listing = tmp_path / "公示名单.xlsx"
    result = run_cli("publicity", pairs, "--start", "2026-12-01", "-o", listing, "--docx")
    assert result.code == 0, result.stderr
    cells = [c for row in openpyxl.load_workbook(listing).active.iter_rows(values_only=True) for c in row]
    assert "温州乙公司" in cells
    docx.Document(tmp_path / "公示通知.docx")


def test_wenzhou_agreement_names_work_injury_insurance(tmp_path):
    # 温州方案 三(三)3：企业“为科技副总提供必要的工作条件、服务保障，包括科研经费保障、工伤保险缴纳等” —
    # the default agreement's 甲方 obligations (第四条 2) say so
    from fuzong_cli.write import documents as docs

    out = tmp_path / "协议"
    result = run_cli("agreements", SAMPLE / "配对结果_示例.xlsx", "-o", out, "--policy", "wenzhou")
    assert result.code == 0, result.stderr
    text = docs.document_text(sorted(out.glob("*.docx"))[0])
    clause = text[text.index("第四条") :]
    assert "包括科研经费保障、工伤保险缴纳等" in clause[: clause.index("第五条")]
