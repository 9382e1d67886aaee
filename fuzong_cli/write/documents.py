"""Word output: three-party agreements in bulk and the 公示通知, from docxtpl templates (SPEC §6, §7).

Speed: docxtpl's own loop (load the template, render, save) costs ~33 ms a document. Here the template's
XML parts are put through docxtpl's own preprocessing (``DocxTemplate.patch_xml``, the ``{%tr %}`` rewriting
and the rest) once and compiled into jinja2 templates with autoescape; each document is then one render plus
a zip written by hand in which every other part is copied byte-for-byte (already compressed) from the
template. The output text equals docxtpl's (``benchmarks/bench_agreements.py`` checks it).

Only this module knows docxtpl / python-docx / lxml on the way out.
"""

from __future__ import annotations

import datetime as dt
import difflib
import hashlib
import html
import os
import re
import shutil
import struct
import tempfile
import zipfile
import zlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path
from typing import Any

from fuzong_cli.errors import FuzongError
from fuzong_cli.formats import DOC_DATE, DOC_TITLE
from fuzong_cli.write.fastxlsx import xml_safe_keeping_breaks

# write.files owns every temp-then-rename (the staging folder of agreements too); re-exported for the callers
from fuzong_cli.write.files import new_staging_folder, normal_permissions, publish_folder  # noqa: F401

AGREEMENT_TEMPLATE = "三方协议.docx"
NOTICE_TEMPLATE = "公示通知.docx"
DOCUMENT_PART = "word/document.xml"
XML_DECLARATION = "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
TEMPLATED_PART = re.compile(r"^word/(header\d*|footer\d*|footnotes)\.xml$")
CORE_PART = "docProps/core.xml"
APP_PART = "docProps/app.xml"
#: context keys (not placeholders) for the document properties of each rendered document
XML_DECLARATION_DQ = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
APP_PROPERTIES = XML_DECLARATION_DQ + (
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
    'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
    "<Application>fuzong</Application><DocSecurity>0</DocSecurity><ScaleCrop>false</ScaleCrop>"
    "<LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc><HyperlinksChanged>false</HyperlinksChanged>"
    "</Properties>"
)


def core_properties_xml(title: str, day: dt.date, description: str = "") -> str:
    """docProps/core.xml: the document's title, language zh-CN, created and modified on ``day``; the description
    (``dc:description``, python-docx's ``core_properties.comments``) carries fuzong's marker (``fuzong_cli.marker``)."""
    stamp = f"{day.isoformat()}T00:00:00Z"
    described = (
        f"<dc:description>{html.escape(xml_safe_keeping_breaks(description), quote=False)}</dc:description>"
    )
    return (
        XML_DECLARATION_DQ
        + '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:title>{html.escape(xml_safe_keeping_breaks(title), quote=False)}</dc:title>"
        + (described if description else "")
        + "<dc:creator>fuzong</dc:creator><cp:lastModifiedBy>fuzong</cp:lastModifiedBy>"
        "<dc:language>zh-CN</dc:language><cp:revision>1</cp:revision>"
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified>'
        "</cp:coreProperties>"
    )


W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


# --------------------------------------------------------------------------------------------- templates


def default_template(name: str) -> bytes:
    """A template shipped in the wheel (the top-level ``templates/`` folder is the package fuzong_cli.templates)."""
    from importlib.resources import files

    return files("fuzong_cli.templates").joinpath(name).read_bytes()


def load_template_bytes(path: Path | None, default_name: str) -> tuple[bytes, str]:
    """The user's ``--template`` (checked to be a readable .docx) or the built-in one; (bytes, label)."""
    if path is None:
        return default_template(default_name), f"内置模板 {default_name}"
    path = Path(path)
    if not path.is_file():
        raise FuzongError(f"找不到模板文件：{path}。")
    if path.suffix.lower() != ".docx":
        raise FuzongError(
            f"模板 {path.name} 不是 .docx 文件。请用 Word/WPS 另存为“Word 文档（*.docx）”后再用。"
        )
    return path.read_bytes(), f"模板 {path.name}"


def _strip_tags(xml: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", xml))


_JINJA_MESSAGES = [
    (
        r"unexpected char '(.+?)'",
        "不能出现字符 {0}（占位符名里不能有括号、顿号、斜杠，例如写 {{{{ 县市区 }}}}）",
    ),
    (r"unexpected end of template", "模板在这里结束了，缺少结束标记（如 {{% endfor %}}、{{% endif %}}）"),
    (r"Unexpected end of template", "模板在这里结束了，缺少结束标记（如 {{% endfor %}}、{{% endif %}}）"),
    (r"unexpected '(.+?)'", "出现了多余的“{0}”"),
    (r"Encountered unknown tag '(.+?)'", "不认识的标记“{0}”（标记要配对：for/endfor、if/endif）"),
    (r"expected token '(.+?)', got '(.+?)'", "这里应为“{0}”，却是“{1}”"),
    (r"No filter named '(.+?)'", "不认识的过滤器“{0}”（“|”后面的名字写错了）"),
    (r"No test named '(.+?)'", "不认识的判断“{0}”（“is”后面的名字写错了）"),
]


def _chinese_jinja_message(message: str) -> str:
    for pattern, text in _JINJA_MESSAGES:
        m = re.search(pattern, message)
        if m:
            return text.format(*m.groups())
    return message


@dataclass
class _Part:
    """One templated XML part: the compiled jinja template and what goes around its output."""

    name: str
    template: Any
    prefix: str = ""
    suffix: str = ""
    body: bool = False


class CompiledTemplate:
    """A .docx template compiled once; ``render(context)`` gives the bytes of one finished .docx.

    Raises FuzongError (exit 2) for a file that is not a .docx and for a jinja syntax error, saying in which
    paragraph it is.
    """

    def __init__(self, data: bytes, label: str = "模板", description: str = "") -> None:
        from docxtpl import DocxTemplate
        from jinja2 import TemplateSyntaxError, meta
        from jinja2.sandbox import SandboxedEnvironment
        from lxml import etree

        self.label = label
        self.data = data
        #: the description of every document rendered from it: the output's marker (``fuzong_cli.marker``)
        self.description = description
        try:
            zin = zipfile.ZipFile(BytesIO(data))
            names = zin.namelist()
        except (zipfile.BadZipFile, OSError):
            raise FuzongError(f"{label} 不是有效的 .docx 文件（无法按 Word 文档打开）。") from None
        if DOCUMENT_PART not in names:
            raise FuzongError(f"{label} 不是 Word 文档：缺少 word/document.xml。")
        # sandboxed: a template passed around between offices can reach no Python internals ({{ x.__class__ }})
        self.env = SandboxedEnvironment(autoescape=True)
        patcher = DocxTemplate(BytesIO(data))
        self.parts: list[_Part] = []
        self.variables: set[str] = set()
        for name in names:
            if name != DOCUMENT_PART and not TEMPLATED_PART.match(name):
                continue
            try:
                xml_bytes = zin.read(name)
                if b"<!DOCTYPE" in xml_bytes or b"<!ENTITY" in xml_bytes:
                    # Word never writes a DOCTYPE: entity declarations are an attack (XXE, billion laughs)
                    raise FuzongError(
                        f"{label} 的 {name} 含有 DOCTYPE/实体声明，Word 不会这样保存，出于安全原因拒绝使用。"
                    )
                safe = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
                root = etree.fromstring(xml_bytes, safe)
            except etree.XMLSyntaxError:
                raise FuzongError(f"{label} 已损坏：{name} 不是有效的 XML。") from None
            full = etree.tostring(root, encoding="unicode")
            if name == DOCUMENT_PART:
                start = re.search(r"<w:body(?:\s[^>]*)?>", full)
                end = full.rfind("</w:body>")
                if start is None or end < 0:
                    raise FuzongError(f"{label} 的正文为空或不是 Word 文档结构。")
                prefix, source, suffix = full[: start.end()], full[start.end() : end], full[end:]
            else:
                if "{" not in _strip_tags(full):
                    continue
                prefix, source, suffix = "", full, ""
            source = patcher.patch_xml(source)
            source = re.sub(r"<w:p([ >])", r"\n<w:p\1", source)
            try:
                template = self.env.from_string(source)
                self.variables |= meta.find_undeclared_variables(self.env.parse(source))
            except TemplateSyntaxError as exc:
                lines = source.splitlines()
                line = lines[exc.lineno - 1] if exc.lineno and exc.lineno <= len(lines) else ""
                where = f"第{max(exc.lineno - 1, 1)}段" if name == DOCUMENT_PART and exc.lineno else name
                text = _strip_tags(line).strip()[:60]
                raise FuzongError(
                    f"{label} {where}有模板语法错误：{_chinese_jinja_message(exc.message or '')}。"
                    + (f"该段文字：“{text}”。" if text else "")
                ) from None
            self.parts.append(
                _Part(name, template, XML_DECLARATION + prefix, suffix, body=name == DOCUMENT_PART)
            )
        self.table_columns_loop = bool(
            re.search(r"\{%\s*tc\s", _strip_tags(zin.read(DOCUMENT_PART).decode("utf-8")))
        )
        #: document properties are written fresh for every document (title, zh-CN, date): nothing of the
        #: template's own metadata (author, company, template name) is left in an agreement
        self.property_parts = [n for n in (CORE_PART, APP_PART) if n in names]
        self.shell = _ZipShell(data, {p.name for p in self.parts} | set(self.property_parts))

    # -- placeholders

    def check_placeholders(self, known: Iterable[str]) -> None:
        """Every placeholder must be a known field; the first unknown one stops the run, with the closest name."""
        known = sorted(set(known))
        unknown = sorted(self.variables - set(known))
        if not unknown:
            return
        name = unknown[0]
        close = difflib.get_close_matches(name, known, n=1, cutoff=0.3)
        hint = f"最接近的已知字段是 {{{{ {close[0]} }}}}" if close else "没有相近的已知字段"
        more = (
            f"（另有 {len(unknown) - 1} 个未知占位符：{'、'.join(unknown[1:4])}）" if len(unknown) > 1 else ""
        )
        raise FuzongError(
            f"{self.label} 里的占位符 {{{{ {name} }}}} 不是已知字段，{hint}{more}。可用字段见 templates/README.md。"
        )

    # -- rendering

    def render_xml(self, part: _Part, context: dict[str, Any]) -> str:
        """One part rendered exactly as docxtpl's ``render_xml_part`` does (without the surrounding prefix)."""
        from docxtpl import DocxTemplate

        try:
            xml = part.template.render(context)
        except Exception as exc:  # any error a template expression raises is the template's, not fuzong's
            raise FuzongError(self._runtime_message(exc, context)) from None
        xml = re.sub(r"\n<w:p([ >])", r"<w:p\1", xml)
        xml = xml.replace("{_{", "{{").replace("}_}", "}}").replace("{_%", "{%").replace("%_}", "%}")
        if any(ch in xml for ch in "\t\a\n\f"):
            xml = DocxTemplate.resolve_listing(None, xml)  # type: ignore[arg-type]
        if part.body:
            xml = self._fix_body(xml, part)
        return xml

    def _runtime_message(self, exc: Exception, context: dict[str, Any]) -> str:
        from jinja2.exceptions import SecurityError, UndefinedError

        if isinstance(exc, SecurityError):
            what = "用到了不允许的写法（模板只能读取字段，不能访问程序内部）"
        elif isinstance(exc, UndefinedError):
            what = "用到了不存在的字段或属性"
        elif isinstance(exc, ZeroDivisionError):
            what = "出现了除以 0"
        elif isinstance(exc, TypeError) and "not callable" in str(exc):
            what = "把字段当成函数调用了（字段名后面不能加括号）"
        elif isinstance(exc, LookupError):
            what = "取了不存在的序号或键"
        else:
            what = f"表达式无法计算（{type(exc).__name__}）"
        who = context.get("企业名称") or ""
        at = f"（生成“{who}”的协议时）" if who else ""
        return f"{self.label} 填写出错{at}：{what}。请检查模板里的占位符和表达式，可用字段见 templates/README.md。"

    def _fix_body(self, xml: str, part: _Part) -> str:
        if self.table_columns_loop:
            from docxtpl import DocxTemplate
            from lxml import etree

            wrapped = f'<w:body xmlns:w="{W_NS}">{xml}</w:body>' if "xmlns:w=" not in xml else xml
            tree = DocxTemplate.fix_tables(None, wrapped)  # type: ignore[arg-type]
            inner = etree.tostring(tree, encoding="unicode")
            xml = inner[inner.index(">") + 1 : inner.rindex("</w:body>")]
        if "docPr" in xml:
            counter = iter(range(1001, 1_000_000))
            xml = re.sub(
                r'(<wp:docPr\b[^>]*?\bid=")\d+(")', lambda m: f"{m.group(1)}{next(counter)}{m.group(2)}", xml
            )
        return xml

    def render(self, context: dict[str, Any]) -> bytes:
        """The finished .docx as bytes."""
        parts = {
            p.name: (p.prefix + self.render_xml(p, context) + p.suffix).encode("utf-8") for p in self.parts
        }
        parts.update(self._properties(context.get(DOC_TITLE, ""), context.get(DOC_DATE)))
        return self.shell.build(parts)

    def _properties(self, title: str, day: dt.date | None) -> dict[str, bytes]:
        out = {}
        if CORE_PART in self.property_parts:
            out[CORE_PART] = core_properties_xml(title, day or dt.date.today(), self.description).encode(
                "utf-8"
            )
        if APP_PART in self.property_parts:
            out[APP_PART] = APP_PROPERTIES.encode("utf-8")
        return out

    def body_of(self, context: dict[str, Any]) -> str:
        """The rendered body content (for --merge)."""
        part = next(p for p in self.parts if p.body)
        return self.render_xml(part, context)

    def merged(self, contexts: Iterable[dict[str, Any]]) -> bytes:
        """One .docx holding every rendered document, each starting on a new page with its own page numbers."""
        part = next(p for p in self.parts if p.body)
        bodies: list[str] = []
        final_sect = ""
        merged_title, merged_date = "全部协议（合并打印）", None
        for context in contexts:
            merged_date = merged_date or context.get(DOC_DATE)
            body, sect = _split_sectpr(self.render_xml(part, context))
            bodies.append(body)
            final_sect = sect
        if not bodies:
            raise FuzongError("没有可以合并的协议。")
        section_break = f"<w:p><w:pPr>{_restart_numbering(final_sect)}</w:pPr></w:p>" if final_sect else ""
        if not section_break:
            section_break = '<w:p><w:r><w:br w:type="page"/></w:r></w:p>'
        joined = section_break.join(bodies) + _restart_numbering(final_sect)
        joined = re.sub(r' w14:(?:paraId|textId)="[^"]*"', "", joined)
        joined = re.sub(r"<w:bookmark(?:Start|End)\b[^>]*/>", "", joined)
        counter = iter(range(1001, 10_000_000))
        joined = re.sub(
            r'(<wp:docPr\b[^>]*?\bid=")\d+(")', lambda m: f"{m.group(1)}{next(counter)}{m.group(2)}", joined
        )
        parts = {}
        for p in self.parts:
            if p.body:
                parts[p.name] = (p.prefix + joined + p.suffix).encode("utf-8")
            else:
                parts[p.name] = (p.prefix + self.render_xml(p, {}) + p.suffix).encode("utf-8")
        parts.update(self._properties(merged_title, merged_date))
        return self.shell.build(parts)


def _split_sectpr(body: str) -> tuple[str, str]:
    """(content, final body-level sectPr) of a rendered body."""
    i = body.rfind("<w:sectPr")
    if i < 0:
        return body, ""
    tail = body[i:]
    if tail.endswith("</w:sectPr>") or re.fullmatch(r"<w:sectPr\b[^>]*/>", tail):
        return body[:i], tail
    return body, ""


_AFTER_PGNUM = (
    "<w:cols",
    "<w:formProt",
    "<w:vAlign",
    "<w:noEndnote",
    "<w:titlePg",
    "<w:textDirection",
    "<w:bidi",
    "<w:rtlGutter",
    "<w:docGrid",
    "<w:printerSettings",
    "<w:sectPrChange",
    "</w:sectPr>",
)


def _restart_numbering(sect: str) -> str:
    """The section properties with page numbers restarting at 1."""
    if not sect or "<w:pgNumType" in sect:
        return sect
    if sect.endswith("/>"):
        sect = sect[:-2] + "></w:sectPr>"
    positions = [sect.find(tag) for tag in _AFTER_PGNUM if sect.find(tag) > 0]
    at = min(positions)
    return sect[:at] + '<w:pgNumType w:start="1"/>' + sect[at:]


# --------------------------------------------------------------------------------------------- zip writing


def _dos_time(date_time: tuple[int, ...]) -> tuple[int, int]:
    y, mo, d, h, mi, s = date_time[:6]
    return (h << 11) | (mi << 5) | (s // 2), ((max(y, 1980) - 1980) << 9) | (mo << 5) | d


class _ZipShell:
    """The template's zip with its static parts pre-encoded: ``build(parts)`` appends the rendered parts.

    Static parts are copied as their compressed bytes (never recompressed); rendered parts are deflated.
    """

    FIXED_TIME = (1980, 1, 1, 0, 0, 0)

    def __init__(self, data: bytes, dynamic: set[str]) -> None:
        self.static = bytearray()
        self.central = bytearray()
        self.count = 0
        with zipfile.ZipFile(BytesIO(data)) as zin:
            for info in zin.infolist():
                if info.filename in dynamic or info.filename.endswith("/"):
                    continue
                offset = info.header_offset
                name_len, extra_len = struct.unpack("<HH", data[offset + 26 : offset + 30])
                start = offset + 30 + name_len + extra_len
                raw = data[start : start + info.compress_size]
                self._add(
                    self.static,
                    self.central,
                    info.filename,
                    info.compress_type,
                    info.CRC,
                    raw,
                    info.file_size,
                    info.date_time,
                )
                self.count += 1

    @staticmethod
    def _add(
        out: bytearray,
        central: bytearray,
        name: str,
        method: int,
        crc: int,
        raw: bytes,
        size: int,
        date_time: tuple[int, ...],
    ) -> None:
        encoded = name.encode("utf-8")
        flags = 0x800 if not name.isascii() else 0
        dtime, ddate = _dos_time(date_time)
        offset = len(out)
        # the fields the local header and the central directory entry share: version needed (2.0), flags,
        # method, time, date, CRC, sizes, name length
        shared = (20, flags, method, dtime, ddate, crc, len(raw), size, len(encoded))
        out += struct.pack("<4sHHHHHIIIHH", b"PK\x03\x04", *shared, 0)
        out += encoded
        out += raw
        # + version made by before them; extra, comment, disk, attributes, offset after
        central += struct.pack("<4sHHHHHHIIIHHHHHII", b"PK\x01\x02", 20, *shared, 0, 0, 0, 0, 0, offset)
        central += encoded

    def build(self, parts: dict[str, bytes]) -> bytes:
        out = bytearray(self.static)
        central = bytearray(self.central)
        for name, data in parts.items():
            compressor = zlib.compressobj(6, zlib.DEFLATED, -15)
            raw = compressor.compress(data) + compressor.flush()
            self._add(
                out, central, name, zipfile.ZIP_DEFLATED, zlib.crc32(data), raw, len(data), self.FIXED_TIME
            )
        count = self.count + len(parts)
        cd_offset = len(out)
        out += central
        out += struct.pack("<4sHHHHIIH", b"PK\x05\x06", 0, 0, count, count, len(central), cd_offset, 0)
        return bytes(out)


# --------------------------------------------------------------------------------------------- bulk rendering


@dataclass
class Job:
    seq: int
    filename: str
    context: dict[str, Any]


@dataclass
class Rendered:
    filename: str
    sha256: str


_WORKER: dict[str, Any] = {}


def _worker_init(data: bytes, label: str, description: str = "") -> None:
    from fuzong_cli.write.files import quiet_worker

    quiet_worker()
    _WORKER["template"] = CompiledTemplate(data, label, description)


def _write_jobs(template: CompiledTemplate, jobs: Sequence[Job], folder: str) -> list[Rendered]:
    done = []
    for job in jobs:
        data = template.render(job.context)
        with open(os.path.join(folder, job.filename), "wb") as fh:
            fh.write(data)
        done.append(Rendered(job.filename, hashlib.sha256(data).hexdigest()))
    return done


def _worker_render(args: tuple[list[Job], str]) -> list[Rendered]:
    jobs, folder = args
    return _write_jobs(_WORKER["template"], jobs, folder)


def render_many(
    template: CompiledTemplate,
    jobs: Sequence[Job],
    folder: Path,
    workers: int = 1,
    progress: Callable[[int], None] | None = None,
) -> list[Rendered]:
    """Render every job into ``folder``; with ``workers`` > 1 a spawn-safe process pool (works on Windows)."""
    results: list[Rendered] = []
    chunk = 50
    if workers <= 1 or len(jobs) <= chunk:
        for i in range(0, len(jobs), chunk):
            part = jobs[i : i + chunk]
            results.extend(_write_jobs(template, part, str(folder)))
            if progress:
                progress(len(part))
        return results
    import multiprocessing

    ctx = multiprocessing.get_context("spawn")
    chunks = [(list(jobs[i : i + chunk]), str(folder)) for i in range(0, len(jobs), chunk)]
    with ctx.Pool(
        workers, initializer=_worker_init, initargs=(template.data, template.label, template.description)
    ) as pool:
        for done in pool.imap(_worker_render, chunks):
            results.extend(done)
            if progress:
                progress(len(done))
    return results


def write_bytes_atomic(data: bytes, path: Path) -> None:
    """Write ``data`` to ``path`` whole or not at all (``write.files.atomic_write_bytes``)."""
    from fuzong_cli.write.files import atomic_write_bytes

    atomic_write_bytes(data, path, opened_by="Word/WPS")


def zip_folder(folder: Path, zip_path: Path) -> None:
    """``DIR.zip`` with the folder's files under ``DIR/`` (names in UTF-8), written atomically."""
    from fuzong_cli.write.files import atomic_output

    with atomic_output(zip_path, ".zip.tmp") as tmp, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as zout:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                zout.write(path, f"{folder.name}/{path.relative_to(folder).as_posix()}")


# --------------------------------------------------------------------------------------------- PDF


def find_soffice() -> str | None:
    """LibreOffice's ``soffice`` on PATH, or in the usual Windows / macOS install folders."""
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    for candidate in (
        r"C:\Program Files\LibreOffice\program\soffice.exe",
        r"C:\Program Files (x86)\LibreOffice\program\soffice.exe",
        "/Applications/LibreOffice.app/Contents/MacOS/soffice",
    ):
        if os.path.exists(candidate):
            return candidate
    return None


SOFFICE_MISSING = (
    "没有找到 LibreOffice（soffice），无法转换 PDF。请安装 LibreOffice（https://zh-cn.libreoffice.org）后重试，"
    "或去掉 --pdf，用 Word/WPS 打开后另存为 PDF。"
)


def convert_to_pdf(files: Sequence[Path], outdir: Path, timeout: int = 600) -> list[Path]:
    """Convert with ``soffice --headless --convert-to pdf`` (one call, a private profile); the PDFs made."""
    import subprocess

    soffice = find_soffice()
    if soffice is None:
        raise FuzongError(SOFFICE_MISSING)
    if not files:
        return []
    with tempfile.TemporaryDirectory(prefix="fuzong-lo-") as profile:
        command = [
            soffice,
            f"-env:UserInstallation={Path(profile).as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(outdir),
            *[str(f) for f in files],
        ]
        try:
            subprocess.run(command, check=False, capture_output=True, timeout=timeout)
        except subprocess.TimeoutExpired:
            raise FuzongError(f"LibreOffice 转换 PDF 超过 {timeout} 秒未完成，已放弃。") from None
    made = [outdir / (Path(f).stem + ".pdf") for f in files]
    missing = [p.name for p in made if not p.exists()]
    if missing:
        raise FuzongError(f"LibreOffice 没有生成 {missing[0]}（共 {len(missing)} 个 PDF 未生成）。")
    return made


# --------------------------------------------------------------------------------------------- reading back


def document_text(source: Path | bytes) -> str:
    """All text of a .docx in body order (paragraphs, then table cells row by row), for tests and checks."""
    from docx import Document
    from docx.oxml.ns import qn

    doc = Document(BytesIO(source) if isinstance(source, bytes) else str(source))
    lines: list[str] = []

    def walk(element) -> None:
        for child in element.iterchildren():
            if child.tag == qn("w:p"):
                lines.append("".join(t.text or "" for t in child.iter(qn("w:t"))))
            elif child.tag == qn("w:tbl"):
                for row in child.iter(qn("w:tr")):
                    cells = []
                    for cell in row.iter(qn("w:tc")):
                        cells.append("".join(t.text or "" for t in cell.iter(qn("w:t"))))
                    lines.append(" | ".join(cells))

    walk(doc.element.body)
    return "\n".join(lines)


def render_naive(template_path: Path | bytes, context: dict[str, Any], out: Path) -> None:
    """docxtpl's own loop for one document (load, render with autoescape, save) — the benchmark baseline."""
    from docxtpl import DocxTemplate

    source = BytesIO(template_path) if isinstance(template_path, bytes) else str(template_path)
    doc = DocxTemplate(source)
    doc.render(context, autoescape=True)
    doc.save(str(out))


# --------------------------------------------------------------------------------------------- 公示通知

#: placeholders of the 公示通知 template (each person of 名单 has 序号 姓名 性别 工作单位 职称 服务企业 县市区)
NOTICE_FIELDS = (
    "公示标题",
    "公示期",
    "公示开始",
    "公示结束",
    "公示天数",
    "人数",
    "名单",
    "联系方式",
    "发布单位",
    "发布日期",
    "政策名称",
    "政策依据",
)


def render_notice(template: Path | None, context: dict[str, Any], description: str = "") -> bytes:
    """The 公示通知 .docx (bytes) from the built-in or the user's template, its placeholders checked first;
    the caller writes it (``write_bytes_atomic``) once everything else has been prepared. ``description``: the
    marker in its document properties."""
    data, label = load_template_bytes(template, NOTICE_TEMPLATE)
    compiled = CompiledTemplate(data, label, description)
    compiled.check_placeholders(NOTICE_FIELDS)
    return compiled.render(context)
