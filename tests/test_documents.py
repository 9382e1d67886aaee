"""The fast agreement renderer: same text as docxtpl, escaping, fonts, file names, merge, bad templates."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn

from fuzong_cli.decide import agreements as contents
from fuzong_cli.errors import FuzongError
from fuzong_cli.policy import load_policy
from fuzong_cli.write import documents as docs

SPECIAL = "A&B<科技>有限公司"
PAIR_FIELDS = [
    "序号",
    "县（市、区）",
    "企业名称",
    "统一社会信用代码",
    "需求名称",
    "专家姓名",
    "性别",
    "工作单位",
    "职称",
    "研究方向",
    "匹配方式",
    "匹配得分",
    "匹配依据",
    "聘期开始",
    "身份证号",
    "联系电话",
    "锁定",
    "排除",
]


@pytest.fixture(scope="module")
def compiled():
    return docs.CompiledTemplate(docs.default_template(docs.AGREEMENT_TEMPLATE), "内置模板")


@pytest.fixture(scope="module")
def terms():
    return contents.agreement_terms(load_policy("hubei"))


def pair(**over):
    values = {
        "企业名称": SPECIAL,
        "专家姓名": "林晓燕",
        "工作单位": "湖北大学",
        "职称": "副教授",
        "县（市、区）": "武昌区",
        "统一社会信用代码": "91420106MA4K0001X5",
        "需求名称": "隔膜涂覆工艺",
        "聘期开始": dt.date(2026, 12, 15),
    }
    values.update(over)
    return values


def test_capital_numerals():
    import cn2an

    assert cn2an.an2cn(50000, "rmb") == "伍万元整"


def test_policy_terms(terms):
    assert terms["补助金额"] == "50,000" and terms["补助金额大写"] == "伍万元整"
    assert terms["聘期年限"] == "2" and terms["任务清单"]
    liaocheng = contents.agreement_terms(load_policy("liaocheng"))
    assert liaocheng["月生活补助大写"] == "壹仟元整"
    wenzhou = contents.agreement_terms(load_policy("wenzhou"))
    assert wenzhou["补助金额"] == "" and "3个月" in wenzhou["服务要求"]


def test_policy_without_agreement_section():
    class Bare:
        display_name = "自定义"
        title = "自定义"

        def section(self, name):
            return {}

    with pytest.raises(FuzongError) as err:
        contents.agreement_terms(Bare())
    assert "[agreement]" in err.value.message


def test_field_keys_and_known_fields():
    assert contents.field_key("县（市、区）") == "县市区"
    known = contents.known_agreement_fields(PAIR_FIELDS, ["协议编号"])
    assert {"县市区", "企业名称", "聘期结束", "补助金额大写", "任务清单", "协议编号"} <= known


def test_pair_context_dates_and_missing(compiled, terms):
    context, missing = contents.pair_context(pair(), {}, terms, 3, compiled.variables)
    assert not missing
    assert context["聘期开始"] == "2026年12月15日" and context["聘期结束"] == "2028年12月14日"
    assert context["派出单位"] == "湖北大学" and context["序号"] == "3"
    context, missing = contents.pair_context(
        pair(聘期开始=None, 工作单位=None), {}, terms, 1, compiled.variables
    )
    assert missing == ["工作单位"]  # no 聘期开始: the term is left blank to fill in, not a reason to stop
    assert context["_聘期待填"] and context["聘期开始"] == context["聘期结束"] == contents.BLANK_DATE
    context, missing = contents.pair_context(
        pair(聘期开始=None), {}, terms, 1, compiled.variables, dt.date(2027, 2, 28)
    )
    assert not missing and context["聘期结束"] == "2029年2月27日"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (SPECIAL, "A&B科技有限公司"),
        ('a\\b/c:d*e?f"g<h>i|j', "abcdefghij"),
        ("名称. . ", "名称"),
        ("CON", "_CON"),
        ("nul.txt", "_nul.txt"),
        ("tab\there\x00", "tab here"),
        ("", "未命名"),
        ("...", "未命名"),
    ],
)
def test_safe_filename_part(text, expected):
    assert contents.safe_filename_part(text) == expected


def test_agreement_filename_is_bounded():
    name = contents.agreement_filename(7, "很长" * 100, "张三")
    assert name.startswith("007_很长") and name.endswith("_张三.docx") and len(name) <= 90
    assert contents.agreement_filename(12, SPECIAL, "林晓燕") == "012_A&B科技有限公司_林晓燕.docx"


def _open(data: bytes):
    return Document(io.BytesIO(data))


def test_render_matches_docxtpl_and_escapes(tmp_path, compiled, terms):
    context, _ = contents.pair_context(pair(需求名称="第一行\n第二行"), {}, terms, 1, compiled.variables)
    data = compiled.render(context)
    assert zipfile.ZipFile(io.BytesIO(data)).testzip() is None
    fast = tmp_path / "fast.docx"
    fast.write_bytes(data)
    naive = tmp_path / "naive.docx"
    docs.render_naive(docs.default_template(docs.AGREEMENT_TEMPLATE), context, naive)
    text = docs.document_text(fast)
    assert text == docs.document_text(naive)
    assert SPECIAL in text and "林晓燕" in text and "伍万元整" in text and "2028年12月14日" in text
    assert "{{" not in text and "{%" not in text
    doc = Document(str(fast))
    assert doc.paragraphs[0].text.startswith("“科技副总”三方合作协议")
    # the newline became a line break inside the run, as docxtpl does it
    assert any(r._r.find(qn("w:br")) is not None for p in doc.paragraphs for r in p.runs)


def test_inserted_name_keeps_east_asian_font(compiled, terms):
    context, _ = contents.pair_context(pair(), {}, terms, 1, compiled.variables)
    doc = _open(compiled.render(context))
    runs = [r for p in doc.paragraphs for r in p.runs if SPECIAL in r.text]
    assert runs
    for r in runs:
        fonts = r._r.rPr.rFonts
        assert fonts.get(qn("w:eastAsia")) in ("仿宋", "仿宋_GB2312")


def test_static_parts_are_copied_byte_for_byte(compiled, terms):
    template = docs.default_template(docs.AGREEMENT_TEMPLATE)
    context, _ = contents.pair_context(pair(), {}, terms, 1, compiled.variables)
    out = compiled.render(context)
    zin, zout = zipfile.ZipFile(io.BytesIO(template)), zipfile.ZipFile(io.BytesIO(out))
    assert sorted(zin.namelist()) == sorted(zout.namelist())
    for info in zin.infolist():
        if info.filename in (docs.DOCUMENT_PART, docs.CORE_PART, docs.APP_PART):
            continue  # the document properties are written for each document (title, language, date)
        other = zout.getinfo(info.filename)
        assert (other.CRC, other.compress_size, other.compress_type) == (
            info.CRC,
            info.compress_size,
            info.compress_type,
        )
        assert zout.read(info.filename) == zin.read(info.filename)


def test_duty_rows_from_policy(compiled, terms):
    context, _ = contents.pair_context(pair(), {}, terms, 1, compiled.variables)
    doc = _open(compiled.render(context))
    duties_table = doc.tables[0]
    assert len(duties_table.rows) == 1 + len(terms["任务清单"])
    assert duties_table.rows[1].cells[0].text == "1"
    assert duties_table.rows[1].cells[1].text == terms["任务清单"][0]


def test_merged_document_has_a_section_per_agreement(compiled, terms):
    contexts = [
        contents.pair_context(pair(专家姓名=f"专家{i}"), {}, terms, i, compiled.variables)[0]
        for i in range(1, 4)
    ]
    data = compiled.merged(contexts)
    doc = _open(data)
    assert len(doc.sections) == 3
    text = "\n".join(p.text for p in doc.paragraphs)
    assert text.count("“科技副总”三方合作协议") == 3
    xml = zipfile.ZipFile(io.BytesIO(data)).read(docs.DOCUMENT_PART).decode()
    assert xml.count('<w:pgNumType w:start="1"/>') == 3
    for i in range(1, 4):
        assert f"专家{i}" in docs.document_text(data)


def _docx_with(tmp_path: Path, *paragraphs: str) -> bytes:
    doc = Document()
    for text in paragraphs:
        doc.add_paragraph(text)
    path = tmp_path / "t.docx"
    doc.save(str(path))
    return path.read_bytes()


def test_not_a_docx():
    with pytest.raises(FuzongError) as err:
        docs.CompiledTemplate(b"plain text, not a zip", "模板 x.docx")
    assert "不是有效的 .docx" in err.value.message
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("hello.txt", "x")
    with pytest.raises(FuzongError):
        docs.CompiledTemplate(buf.getvalue(), "模板 y.docx")


def test_template_syntax_error_says_where(tmp_path):
    data = _docx_with(tmp_path, "甲方：{{ 企业名称 }}", "第二段", "乙方：{{ 专家姓名 ")
    with pytest.raises(FuzongError) as err:
        docs.CompiledTemplate(data, "模板 t.docx")
    assert "第3段" in err.value.message and "乙方" in err.value.message


def test_unclosed_loop_and_bracket_names(tmp_path):
    with pytest.raises(FuzongError) as err:
        docs.CompiledTemplate(_docx_with(tmp_path, "{% for x in 任务清单 %}", "{{ x }}"), "模板 t.docx")
    assert "endfor" in err.value.message
    with pytest.raises(FuzongError) as err:
        docs.CompiledTemplate(_docx_with(tmp_path, "{{ 县（市、区） }}"), "模板 t.docx")
    assert "县市区" in err.value.message


def test_unknown_placeholder_names_the_closest(tmp_path):
    compiled = docs.CompiledTemplate(_docx_with(tmp_path, "{{ 企业名 }} {{ 专家姓名 }}"), "模板 t.docx")
    with pytest.raises(FuzongError) as err:
        compiled.check_placeholders(contents.known_agreement_fields(PAIR_FIELDS))
    assert "企业名" in err.value.message and "{{ 企业名称 }}" in err.value.message


def test_render_many_with_spawn_workers(tmp_path, compiled, terms):
    jobs = []
    for i in range(1, 61):
        context, _ = contents.pair_context(pair(专家姓名=f"专家{i}"), {}, terms, i, compiled.variables)
        jobs.append(docs.Job(i, contents.agreement_filename(i, SPECIAL, f"专家{i}"), context))
    done = docs.render_many(compiled, jobs, tmp_path, workers=2)
    assert sorted(r.filename for r in done) == sorted(j.filename for j in jobs)
    sample = tmp_path / jobs[59].filename
    assert "专家60" in docs.document_text(sample)
    import hashlib

    assert {r.filename: r.sha256 for r in done}[jobs[0].filename] == hashlib.sha256(
        (tmp_path / jobs[0].filename).read_bytes()
    ).hexdigest()


def test_same_input_gives_identical_bytes(compiled, terms):
    context, _ = contents.pair_context(pair(), {}, terms, 1, compiled.variables)
    assert compiled.render(context) == compiled.render(dict(context))


def test_description_carries_the_marker_into_every_document(tmp_path, terms):
    """dc:description (python-docx: core_properties.comments) holds the marker, in one process or in workers,
    in the merged file too; escaped like any text (the marker is JSON with quotes)."""
    from fuzong_cli.marker import make_marker, parse_marker

    text = make_marker("agreements", load_policy("hubei")).text()
    marked = docs.CompiledTemplate(docs.default_template(docs.AGREEMENT_TEMPLATE), "内置模板", text)
    jobs = []
    for i in range(1, 56):
        context, _ = contents.pair_context(pair(专家姓名=f"专家{i}"), {}, terms, i, marked.variables)
        jobs.append(docs.Job(i, contents.agreement_filename(i, SPECIAL, f"专家{i}"), context))
    docs.render_many(marked, jobs, tmp_path, workers=2)
    for data in ((tmp_path / jobs[-1].filename).read_bytes(), marked.merged(j.context for j in jobs[:2])):
        found = parse_marker(Document(io.BytesIO(data)).core_properties.comments)
        assert found is not None and (found.command, found.policy) == ("agreements", "hubei")
    xml = docs.core_properties_xml("标题", dt.date(2026, 12, 1), '{"a":"<b>"}')
    assert '<dc:description>{"a":"&lt;b&gt;"}</dc:description>' in xml
    assert "dc:description" not in docs.core_properties_xml("标题", dt.date(2026, 12, 1))


try:
    from hypothesis import given
    from hypothesis import strategies as st
except ImportError:  # pragma: no cover
    given = None

if given is not None:

    @given(st.text(max_size=200))
    def test_safe_filename_part_is_always_usable_on_windows(text):
        name = contents.safe_filename_part(text)
        assert name and len(name) <= 41
        assert not any(ch in name for ch in '\\/:*?"<>|')
        assert not any(ord(ch) < 32 for ch in name)
        assert not name.endswith((".", " "))
        assert name.split(".")[0].upper() not in {"CON", "PRN", "AUX", "NUL", "COM1", "LPT1"}
