"""A small, fast, streaming .xlsx writer for fuzong's big outputs (100,000-row annotated workbooks).

It writes the OOXML parts itself (worksheets streamed into the zip entry, no cell objects), and supports exactly
what fuzong's tables need: sheets with banner rows merged across the header width, a bold header row, data rows,
column widths, frozen header, per-cell fills (不通过 red, 待复核 yellow, 提示 blue) and comments, text-format
columns for IDs and codes, dates as Excel dates. Values follow ``write.workbook.set_value``: text stays text
(``=SUM(A1)`` is written as a string with a quote prefix, never a formula), booleans become 是/否.

    book = Book()
    sheet = book.add_table("校验结果", headers, rows, text_columns=["身份证号"])
    sheet.mark(row, column, "不通过", "[E01] …")   # 1-based, like openpyxl
    book.save(path)                                # atomic: write.files.atomic_output

Rows are kept as given (a list of lists) until ``save``; marks and fills are kept per row. Nothing here imports
openpyxl, so the fast path does not pay its import.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import decimal
import gc
import math
import numbers
import os
import re
import zipfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fuzong_cli.formats import ILLEGAL_XML, xml_safe, xml_safe_keeping_breaks  # noqa: F401 (the writers take them from here)

FAIL, REVIEW, NOTICE = "不通过", "待复核", "提示"
FORMULA_START = ("=", "+", "-", "@")
FIXED_TIME = dt.datetime(2000, 1, 1)
AUTHOR = "fuzong"
MAX_TEXT = 32767

# fills: index in <fills>; 0 and 1 are the two Excel requires
NO_FILL, HEADER_FILL, RED, YELLOW, BLUE = 0, 2, 3, 4, 5
FILL_COLOURS = {HEADER_FILL: "D9E1F2", RED: "FFC7CE", YELLOW: "FFEB9C", BLUE: "DDEBF7"}
LEVEL_FILL = {FAIL: RED, REVIEW: YELLOW, NOTICE: BLUE}
# fonts: index in <fonts>
NORMAL, TITLE, BOLD = 0, 1, 2
# number formats: built-in ids; custom ones get 164+ on first use
GENERAL, TEXT, DATE = 0, 49, 164
BUILTIN_FORMATS = {"General": 0, "0": 1, "0.00": 2, "#,##0": 3, "#,##0.00": 4, "0%": 9, "0.00%": 10, "@": 49}

_EXCEL_EPOCH = dt.date(1899, 12, 30)
_SPECIAL = re.compile('[&<>"\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]|^\\s|\\s$')
_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"})


def escape(text: str) -> str:
    """Text for an XML text node or attribute: illegal characters dropped, & < > " escaped."""
    if _SPECIAL.search(text) is None:
        return text
    return ILLEGAL_XML.sub("", text).translate(_ESCAPES)


def _text_node(text: str) -> str:
    """``<t>`` with xml:space="preserve" when the text starts or ends with white space; at most 32,767
    characters (Excel's limit for a cell; a longer text makes Excel "repair" the file)."""
    if len(text) > MAX_TEXT:
        text = text[:MAX_TEXT]
    if _SPECIAL.search(text) is None:
        return f"<t>{text}</t>"
    text = ILLEGAL_XML.sub("", text).translate(_ESCAPES)
    if text[:1].isspace() or text[-1:].isspace():
        return f'<t xml:space="preserve">{text}</t>'
    return f"<t>{text}</t>"


def column_letter(index: int) -> str:
    """1 → A, 27 → AA."""
    letters = ""
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def display_width(text: Any) -> float:
    return sum(2 if ord(ch) > 127 else 1 for ch in str(text))


_THIN = '<{0} style="thin"><color rgb="FF808080"/></{0}>'
_THIN_BORDER = "".join(_THIN.format(side) for side in ("left", "right", "top", "bottom")) + "<diagonal/>"

# -- print layout: one set of decisions for every sheet of every workbook, whichever writer writes it ----------

#: columns of long text (wrapped at WRAP_WIDTH, never cut off on paper)
LONG_TEXT = frozenset(
    "问题说明 匹配依据 研究方向 需求描述 代表性成果 说明 原因 等次说明 补助说明 提示 依据 内容 备注 需求名称或研究方向 "
    "事项 办理要求 处理建议 服务要求".split()
)
#: the column that names the row (frozen with the header, the conclusion columns sit beside it)
NAME_COLUMNS = ("姓名", "专家姓名", "企业名称", "名称", "项目名称", "候选专家")
#: sheets that are read as one page (policy, inputs, run time)
ONE_PAGE_SHEETS = frozenset({"说明", "填表说明"})
WRAP_WIDTH = 40.0
MIN_WIDTH = 6.0
#: column-width units that fit across an A4 portrait page with the margins below; wider sheets print landscape
PORTRAIT_UNITS = 100.0
#: paper (Excel paperSize codes) and the column-width units that fit across it at 100 %, landscape
A4, A3 = 9, 8
A4_LANDSCAPE_UNITS = 146.0
A3_LANDSCAPE_UNITS = 210.0
#: below this print scale 11-point text shrinks under about 6.5 points and a clerk cannot read it: a sheet too
#: wide for A4 at this scale prints on A3 landscape (an office copier's other tray; WPS/Excel can still scale it
#: to A4 in the print dialog), and one still too wide for A3 wraps its long text in narrower columns
LEGIBLE_SCALE = 0.6
NARROW_WRAP_WIDTH = 24.0
WIDTH_SAMPLE = 1000  # rows looked at to size the columns
FOOTER = "第 &P 页 共 &N 页"
MARGINS = {"left": 0.4, "right": 0.4, "top": 0.75, "bottom": 0.75, "header": 0.3, "footer": 0.3}


@dataclass
class PageLayout:
    """How one table sheet looks on screen and on paper (both writers apply exactly this).

    ``widths`` per column; ``wrapped`` the 0-based columns whose cells wrap; ``freeze_columns`` how many
    columns stay in view with the header row (through the name column); ``fit_height`` 1 for a sheet that
    prints on one page, 0 for as many pages as it needs (always one page wide).
    """

    title: str
    widths: list[float]
    wrapped: set[int]
    landscape: bool
    freeze_columns: int
    fit_height: int
    paper: int = A4


def paper_for(widths: Sequence[float]) -> int:
    """A4 for a sheet that prints legibly on A4 (portrait or landscape), else A3."""
    return A4 if sum(widths) <= A4_LANDSCAPE_UNITS / LEGIBLE_SCALE else A3


def _value_width(value: Any) -> float:
    if value is None:
        return 0.0
    if isinstance(value, dt.datetime):
        return 16.0 if (value.hour or value.minute) else 10.0
    if isinstance(value, dt.date):
        return 10.0
    if isinstance(value, float):
        return float(len(f"{value:,.2f}"))
    if isinstance(value, bool):
        return 2.0
    text = _as_text(value)
    if "\n" in text:
        return max(_quick_width(line) for line in text.split("\n"))
    return _quick_width(text)


def page_layout(
    title: str,
    headers: Sequence[str],
    rows: Sequence[Sequence[Any]],
    banner: Sequence[Any] = (),
    widths: dict[str, float] | None = None,
) -> PageLayout:
    """Column widths that show a whole 18-digit ID, credit code, phone and company name; long text wrapped
    at WRAP_WIDTH; landscape when the columns are wider than a portrait page; the name column frozen."""
    content = [0.0] * len(headers)
    for row in rows[:WIDTH_SAMPLE]:
        for j, value in enumerate(row[: len(headers)]):
            w = _value_width(value)
            if w > content[j]:
                content[j] = w
    out: list[float] = []
    wrapped: set[int] = set()
    for j, name in enumerate(headers):
        head = display_width(name)
        # the header wraps onto two lines rather than widening a column of short values
        head_need = head + 2 if head <= 8 else math.ceil(head / 2) + 2
        given = (widths or {}).get(name)
        if given:
            width = float(given)
        else:
            width = min(max(content[j] + 2, head_need, MIN_WIDTH), WRAP_WIDTH)
        if name in LONG_TEXT or content[j] + 2 > width:
            wrapped.add(j)
        out.append(width)
    # too wide even for A3: long text wraps in narrower columns
    if sum(out) > A3_LANDSCAPE_UNITS / LEGIBLE_SCALE:
        for j in wrapped:
            head = display_width(headers[j])
            out[j] = min(out[j], max(NARROW_WRAP_WIDTH, head + 2 if head <= 8 else math.ceil(head / 2) + 2))
    freeze = 0
    for k, name in enumerate(headers):
        if name in NAME_COLUMNS:
            if sum(out[: k + 1]) <= 60:
                freeze = k + 1
            break
    text = next((str(b) for b in banner if b), "") or title
    return PageLayout(
        title=text,
        widths=out,
        wrapped=wrapped,
        landscape=sum(out) > PORTRAIT_UNITS,
        freeze_columns=freeze,
        fit_height=1 if title in ONE_PAGE_SHEETS else 0,
        paper=paper_for(out),
    )


LINE_HEIGHT = 15.0  # points per line of 11-point text
MAX_LINES = 20  # a row never grows taller than this many lines (Excel's cap is 409 points)


def text_lines(value: Any, width: float) -> int:
    """How many lines ``value`` takes wrapped in a column ``width`` units wide."""
    if value is None or value == "":
        return 1
    usable = max(width - 0.5, 1.0)
    text = _as_text(value) if not isinstance(value, str) else value
    if 2 * len(text) <= usable and "\n" not in text:
        return 1
    return sum(max(1, math.ceil(_quick_width(line) / usable)) for line in text.split("\n"))


def _quick_width(text: str) -> int:
    """``display_width`` at C speed (the hot path of row heights on 100,000 rows): a CJK character is three
    UTF-8 bytes and two units wide, an ASCII one one byte and one unit."""
    n = len(text)
    return n + (len(text.encode("utf-8", "surrogatepass")) - n) // 2


def row_height(row: Sequence[Any], layout: PageLayout, columns: Iterable[int] | None = None) -> float | None:
    """The height (points) a row needs so that its wrapped cells show in full on screen and on paper; None for
    one line. ``columns``: the 0-based columns that wrap (default: the layout's long-text columns)."""
    lines = 1
    widths = layout.widths
    for j in layout.wrapped if columns is None else columns:
        if j < len(row) and j < len(widths):
            v = row[j]
            if v is not None and v != "":
                n = text_lines(v, widths[j])
                if n > lines:
                    lines = n
    if lines <= 1:
        return None
    return min(lines, MAX_LINES) * LINE_HEIGHT


def page_setup_xml(layout: PageLayout) -> str:
    """pageMargins, pageSetup (A4 or A3, orientation, fit to one page wide) and headerFooter of a worksheet."""
    margins = " ".join(f'{k}="{v}"' for k, v in MARGINS.items())
    orientation = "landscape" if layout.landscape else "portrait"
    return (
        f"<pageMargins {margins}/>"
        f'<pageSetup paperSize="{layout.paper}" orientation="{orientation}" fitToWidth="1" fitToHeight="{layout.fit_height}"/>'
        f"<headerFooter><oddHeader>{escape(header_text(layout.title))}</oddHeader>"
        f"<oddFooter>{escape('&C' + FOOTER)}</oddFooter></headerFooter>"
    )


def header_title(title: str) -> str:
    """The sheet's title for the page header: & doubled, as Excel's header codes want; at most 200 characters."""
    return xml_safe(title).replace("\n", " ").replace("&", "&&")[:200]


def header_text(title: str) -> str:
    """The page header: the sheet's title, centred and bold."""
    return '&C&"-,Bold"' + header_title(title)


def excel_serial(value: dt.date) -> float | int:
    if isinstance(value, dt.datetime):
        delta = value.replace(tzinfo=None) - dt.datetime(1899, 12, 30)
        return delta.days + delta.seconds / 86400 + delta.microseconds / 86400e6
    return (value - _EXCEL_EPOCH).days


#: the look of a cell (alignment and border): banner text, the header row (centred, wrapped), a table cell
#: (thin border), a table cell of a long-text column (border, wrapped, top-aligned)
PLAIN, HEADER, CELL, WRAPPED = 0, 1, 2, 3
_ALIGNMENTS = {
    HEADER: '<alignment horizontal="center" vertical="center" wrapText="1"/>',
    CELL: '<alignment vertical="center"/>',
    WRAPPED: '<alignment vertical="center" wrapText="1"/>',
}


class Styles:
    """The cellXfs table, built on first use of each (font, fill, format, quote prefix, look) combination."""

    def __init__(self) -> None:
        self.xfs: list[tuple[int, int, int, bool, int]] = [(NORMAL, NO_FILL, GENERAL, False, PLAIN)]
        self.index: dict[tuple[int, int, int, bool, int], int] = {self.xfs[0]: 0}
        self.formats: dict[str, int] = {"yyyy-mm-dd": DATE}

    def id(
        self,
        font: int = NORMAL,
        fill: int = NO_FILL,
        fmt: int = GENERAL,
        quote: bool = False,
        look: int = PLAIN,
    ) -> int:
        key = (font, fill, fmt, quote, int(look))
        found = self.index.get(key)
        if found is None:
            found = self.index[key] = len(self.xfs)
            self.xfs.append(key)
        return found

    def format_id(self, code: str) -> int:
        if code in BUILTIN_FORMATS:
            return BUILTIN_FORMATS[code]
        if code not in self.formats:
            self.formats[code] = 164 + len(self.formats)
        return self.formats[code]

    def xml(self) -> str:
        fmts = "".join(
            f'<numFmt numFmtId="{i}" formatCode="{escape(code)}"/>' for code, i in self.formats.items()
        )
        fills = [
            '<fill><patternFill patternType="none"/></fill>',
            '<fill><patternFill patternType="gray125"/></fill>',
        ]
        for i in (HEADER_FILL, RED, YELLOW, BLUE):
            rgb = "FF" + FILL_COLOURS[i]
            fills.append(
                f'<fill><patternFill patternType="solid"><fgColor rgb="{rgb}"/><bgColor rgb="{rgb}"/>'
                "</patternFill></fill>"
            )
        xfs = []
        for font, fill, fmt, quote, look in self.xfs:
            border = 1 if look != PLAIN else 0
            attrs = f'numFmtId="{fmt}" fontId="{font}" fillId="{fill}" borderId="{border}" xfId="0"'
            if border:
                attrs += ' applyBorder="1"'
            if fmt:
                attrs += ' applyNumberFormat="1"'
            if font:
                attrs += ' applyFont="1"'
            if fill:
                attrs += ' applyFill="1"'
            if quote:
                attrs += ' quotePrefix="1"'
            if look in _ALIGNMENTS:
                xfs.append(f'<xf {attrs} applyAlignment="1">{_ALIGNMENTS[look]}</xf>')
            else:
                xfs.append(f"<xf {attrs}/>")
        return (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<styleSheet xmlns="{NS_MAIN}"><numFmts count="{len(self.formats)}">{fmts}</numFmts>'
            '<fonts count="3"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font>'
            '<font><b/><sz val="14"/><name val="Calibri"/><family val="2"/></font>'
            '<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>'
            f'<fills count="{len(fills)}">{"".join(fills)}</fills>'
            '<borders count="2"><border><left/><right/><top/><bottom/><diagonal/></border>'
            f"<border>{_THIN_BORDER}</border></borders>"
            '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
            f'<cellXfs count="{len(xfs)}">{"".join(xfs)}</cellXfs>'
            '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
            '<dxfs count="0"/><tableStyles count="0" defaultTableStyle="TableStyleMedium9" '
            'defaultPivotStyle="PivotStyleLight16"/></styleSheet>'
        )


class Sheet:
    """One table: banner lines, header row, data rows; marks and fills by (row, column), 1-based."""

    def __init__(
        self,
        book: Book,
        title: str,
        headers: Sequence[str],
        rows: Iterable[Sequence[Any]],
        banner: Sequence[Any],
        text_columns: Iterable[str],
        widths: dict[str, float] | None,
    ) -> None:
        self.book = book
        self.title = title
        self.headers = list(headers)
        self.rows = rows if isinstance(rows, list) else list(rows)
        self.banner = list(banner)
        self.header_row = len(self.banner) + 1
        self.text_cols = {self.headers.index(c) for c in text_columns if c in self.headers}  # 0-based
        self.layout = page_layout(self.title, self.headers, self.rows, self.banner, widths)
        self.widths = self.layout.widths
        # row -> column -> [fill, comment text or None, number format id or None]
        self.overrides: dict[int, dict[int, list[Any]]] = {}
        self.comments = 0

    @property
    def filter_ref(self) -> str:
        """The header row and the data below it: the autofilter range."""
        last = column_letter(max(len(self.headers), 1))
        return f"A{self.header_row}:{last}{self.header_row + max(len(self.rows), 1)}"

    def _cell(self, row: int, column: int) -> list[Any]:
        cells = self.overrides.get(row)
        if cells is None:
            cells = self.overrides[row] = {}
        cell = cells.get(column)
        if cell is None:
            cell = cells[column] = [NO_FILL, None, None]
        return cell

    def mark(self, row: int, column: int, level: str, note: str) -> None:
        """Like ``workbook.mark``: colour by level (red is never overwritten) and append the note as a comment."""
        cell = self._cell(row, column)
        fill = LEVEL_FILL.get(level)
        if fill is not None and cell[0] != RED:
            cell[0] = fill
        if cell[1] is None:
            cell[1] = note
            self.comments += 1
        else:
            cell[1] = f"{cell[1]}\n{note}"

    def fill(self, row: int, column: int, level_or_fill: str | int) -> None:
        """Set a cell's fill: a level (不通过/待复核/提示) or one of RED, YELLOW, BLUE."""
        fill = LEVEL_FILL.get(level_or_fill) if isinstance(level_or_fill, str) else level_or_fill
        if fill is not None:
            self._cell(row, column)[0] = fill

    def number_format(self, row: int, column: int, code: str) -> None:
        self._cell(row, column)[2] = self.book.styles.format_id(code)

    # -- writing ---------------------------------------------------------------------------------------------

    def write(self, out: Callable[[str], Any], sst: SharedStrings | None) -> list[tuple[str, str]]:
        """Stream the worksheet XML through ``out``; returns the comments as (cell reference, text)."""
        styles = self.book.styles
        ncols = max(len(self.headers), max(map(len, self.rows), default=0), 1)
        letters = [column_letter(j) for j in range(1, ncols + 1)]
        last_row = self.header_row + len(self.rows)
        for r in self.overrides:
            last_row = max(last_row, r)
        for cells in self.overrides.values():
            for c in cells:
                if c > len(letters):
                    letters.extend(column_letter(j) for j in range(len(letters) + 1, c + 1))
        hr = self.header_row
        tab = ' tabSelected="1"' if self.book.sheets[0] is self else ""
        layout = self.layout
        fc = layout.freeze_columns
        if fc:
            top_left = f"{column_letter(fc + 1)}{hr + 1}"
            pane = (
                f'<pane xSplit="{fc}" ySplit="{hr}" topLeftCell="{top_left}" activePane="bottomRight" '
                f'state="frozen"/><selection pane="topRight"/><selection pane="bottomLeft"/>'
                f'<selection pane="bottomRight" activeCell="{top_left}" sqref="{top_left}"/>'
            )
        else:
            pane = (
                f'<pane ySplit="{hr}" topLeftCell="A{hr + 1}" activePane="bottomLeft" state="frozen"/>'
                f'<selection pane="bottomLeft" activeCell="A{hr + 1}" sqref="A{hr + 1}"/>'
            )
        cols = "".join(
            f'<col min="{j}" max="{j}" width="{w:g}" customWidth="1"/>'
            for j, w in enumerate(self.widths, start=1)
        )
        out(
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<worksheet xmlns="{NS_MAIN}" xmlns:r="{NS_REL}">'
            '<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>'
            f'<dimension ref="A1:{letters[-1]}{last_row}"/>'
            f'<sheetViews><sheetView workbookViewId="0"{tab}>{pane}</sheetView></sheetViews>'
            '<sheetFormatPr defaultRowHeight="15"/>'
            + (f"<cols>{cols}</cols>" if cols else "")
            + "<sheetData>"
        )
        comments: list[tuple[str, str]] = []
        encode = _Encoder(styles, sst)
        # banner and header rows
        for i, line in enumerate(self.banner, start=1):
            font = TITLE if i == 1 else BOLD
            out(self._row_xml(encode, i, [line], letters, font=font, comments=comments, base=None))
        out(
            self._row_xml(
                encode,
                hr,
                self.headers,
                letters,
                font=BOLD,
                fill=HEADER_FILL,
                centred=HEADER,
                comments=comments,
                base=None,
            )
        )
        # data rows: per column, the style of a plain value (general / text) and of a dated one
        text_cols = self.text_cols
        base = []
        for j in range(len(letters)):
            fmt = TEXT if j in text_cols else GENERAL
            look = WRAPPED if j in layout.wrapped else CELL
            if j >= len(self.headers):
                look = PLAIN
            base.append(
                (
                    styles.id(fmt=fmt, look=look),
                    styles.id(fmt=fmt, quote=True, look=look),
                    styles.id(fmt=TEXT if j in text_cols else DATE, look=look),
                    fmt,
                    look,
                )
            )
        self._data_rows(out, encode, letters, base, comments)
        chunk = []
        for r in sorted(k for k in self.overrides if k > hr + len(self.rows)):
            chunk.append(self._row_xml(encode, r, (), letters, comments=comments, base=base))
        out("".join(chunk))
        out("</sheetData>")
        if self.headers:
            out(f'<autoFilter ref="{self.filter_ref}"/>')
        if self.banner and len(self.headers) > 1:
            last = letters[len(self.headers) - 1]
            merges = "".join(f'<mergeCell ref="A{i}:{last}{i}"/>' for i in range(1, len(self.banner) + 1))
            out(f'<mergeCells count="{len(self.banner)}">{merges}</mergeCells>')
        out(page_setup_xml(layout))
        if comments:
            out('<legacyDrawing r:id="rId2"/>')
        out("</worksheet>")
        return comments

    def _data_rows(self, out, encode, letters, base, comments) -> None:
        """The hot loop: plain strings and numbers inline, everything else through the encoder."""
        overrides = self.overrides
        value_xml = encode.value
        styled = encode.styled
        sst = encode.sst
        strings = sst.index if sst is not None else None
        attrs = [(f' s="{b[0]}"' if b[0] else "", f' s="{b[1]}"') for b in base]
        width = len(self.headers)
        layout = self.layout
        wrapped = bool(layout.wrapped)
        quote = FORMULA_START
        count = 0
        chunk: list[str] = []
        append = chunk.append
        for r, row in enumerate(self.rows, start=self.header_row + 1):
            rn = str(r)
            over = overrides.get(r)
            ht = row_height(row, layout) if wrapped else None
            append(f'<row r="{rn}" ht="{ht:g}" customHeight="1">' if ht else f'<row r="{rn}">')
            for j, v in enumerate(row):
                if over is not None and j + 1 in over:
                    cfill, note, fmt = over[j + 1]
                    ref = f"{letters[j]}{rn}"
                    if note is not None:
                        comments.append((ref, note))
                    append(styled(ref, v, NORMAL, cfill, fmt, base[j][4], base[j][3]))
                    continue
                if v is None:
                    append(f'<c r="{letters[j]}{rn}"{attrs[j][0]}/>')
                    continue
                if type(v) is str and strings is not None:
                    if not v:
                        append(f'<c r="{letters[j]}{rn}"{attrs[j][0]}/>')
                        continue
                    idx = strings.get(v)
                    if idx is None:
                        idx = strings[v] = len(strings)
                    count += 1
                    append(f'<c r="{letters[j]}{rn}"{attrs[j][v.startswith(quote)]} t="s"><v>{idx}</v></c>')
                elif type(v) is int and not base[j][0]:
                    append(f'<c r="{letters[j]}{rn}"><v>{v}</v></c>')
                else:
                    append(
                        value_xml(f"{letters[j]}{rn}", v, base[j])
                        or f'<c r="{letters[j]}{rn}"{attrs[j][0]}/>'
                    )
            if len(row) < width or over is not None:
                last = max(width, max(over, default=0) if over is not None else 0)
                for c in range(len(row) + 1, last + 1):
                    ref = f"{letters[c - 1]}{rn}"
                    cell = over.get(c) if over is not None else None
                    look = base[c - 1][4] if c <= width else PLAIN
                    if cell is None:
                        if c <= width:
                            append(f'<c r="{ref}"{attrs[c - 1][0]}/>')
                        continue
                    cfill, note, fmt = cell
                    if note is not None:
                        comments.append((ref, note))
                    append(styled(ref, None, NORMAL, cfill, fmt, look, GENERAL))
            append("</row>")
            if len(chunk) >= 20000:
                out("".join(chunk))
                chunk.clear()
        out("".join(chunk))
        if sst is not None:
            sst.count += count

    def _row_xml(
        self, encode, r, row, letters, *, comments, base, font=NORMAL, fill=NO_FILL, centred=False
    ) -> str:
        rn = str(r)
        over = self.overrides.get(r)
        ht = row_height(row, self.layout, range(len(row))) if centred == HEADER else None
        parts = [f'<row r="{rn}" ht="{ht:g}" customHeight="1">' if ht else f'<row r="{rn}">']
        append = parts.append
        value_xml = encode.value
        for j, v in enumerate(row):
            if base is not None and over is None:
                # the hot path: a plain data cell
                if v is None or v == "":
                    continue
                append(value_xml(f"{letters[j]}{rn}", v, base[j]))
                continue
            cell = over.get(j + 1) if over else None
            if base is not None and cell is None:
                if v is None or v == "":
                    continue
                append(value_xml(f"{letters[j]}{rn}", v, base[j]))
                continue
            ref = f"{letters[j]}{rn}"
            cfill, note, fmt = cell if cell is not None else (fill, None, None)
            if cell is not None and not cfill:
                cfill = fill
            if note is not None:
                comments.append((ref, note))
            append(
                encode.styled(
                    ref,
                    v,
                    font,
                    cfill,
                    fmt,
                    centred,
                    base[j][3] if base is not None else GENERAL,
                )
            )
        if over:
            for j in sorted(c for c in over if c > len(row)):
                cfill, note, fmt = over[j]
                ref = f"{letters[j - 1]}{rn}"
                if note is not None:
                    comments.append((ref, note))
                append(encode.styled(ref, None, font, cfill or fill, fmt, centred, GENERAL))
        append("</row>")
        return "".join(parts)


class SharedStrings:
    def __init__(self) -> None:
        self.index: dict[str, int] = {}
        self.count = 0

    def xml_parts(self) -> Iterable[str]:
        yield (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<sst xmlns="{NS_MAIN}" count="{self.count}" uniqueCount="{len(self.index)}">'
        )
        chunk = []
        for text in self.index:
            chunk.append(f"<si>{_text_node(text)}</si>")
            if len(chunk) >= 2000:
                yield "".join(chunk)
                chunk.clear()
        chunk.append("</sst>")
        yield "".join(chunk)


class _Encoder:
    """Turns one value into its ``<c>`` element, following set_value's rules."""

    def __init__(self, styles: Styles, sst: SharedStrings | None) -> None:
        self.styles = styles
        self.sst = sst

    def _string(self, ref: str, text: str, style: int) -> str:
        s = f' s="{style}"' if style else ""
        sst = self.sst
        if sst is not None:
            idx = sst.index.get(text)
            if idx is None:
                idx = sst.index[text] = len(sst.index)
            sst.count += 1
            return f'<c r="{ref}"{s} t="s"><v>{idx}</v></c>'
        return f'<c r="{ref}"{s} t="inlineStr"><is>{_text_node(text)}</is></c>'

    def value(self, ref: str, v: Any, base: tuple[int, int, int, int]) -> str:
        """A data cell without overrides: ``base`` is (plain style, quote-prefix style, date style, format)."""
        t = type(v)
        if t is str:
            if not v:  # an empty text is an empty cell (the caller writes it bare)
                return ""
            return self._string(ref, v, base[1] if v[0] in "=+-@" else base[0])
        if t is int or t is float:
            if t is float and not math.isfinite(v):
                return self._string(ref, str(v), base[0])
            s = base[0]
            return f'<c r="{ref}" s="{s}"><v>{v!r}</v></c>' if s else f'<c r="{ref}"><v>{v!r}</v></c>'
        if t is bool:
            return self._string(ref, "是" if v else "否", base[0])
        if isinstance(v, dt.date):
            return f'<c r="{ref}" s="{base[2]}"><v>{excel_serial(v)!r}</v></c>'
        number = _as_number(v)
        if number is not None:
            return f'<c r="{ref}" s="{base[0]}"><v>{number}</v></c>'
        text = _as_text(v)
        if not text:
            return ""
        return self._string(ref, text, base[1] if text[0] in "=+-@" else base[0])

    def styled(
        self,
        ref: str,
        v: Any,
        font: int,
        fill: int,
        fmt: int | None,
        centred: bool,
        column_fmt: int,
    ) -> str:
        """Any cell, with its own font/fill/format (header, banner, marked cells)."""
        styles = self.styles
        if isinstance(v, bool):
            v = "是" if v else "否"
        elif v is not None and not isinstance(v, (str, int, float, dt.date)):
            number = _as_number(v)
            v = float(number) if number is not None else _as_text(v)
        if v is None or v == "":
            style = styles.id(font, fill, fmt if fmt is not None else column_fmt, False, centred)
            return f'<c r="{ref}" s="{style}"/>' if style else ""
        if isinstance(v, str):
            quote = v[0] in "=+-@"
            return self._string(
                ref, v, styles.id(font, fill, fmt if fmt is not None else column_fmt, quote, centred)
            )
        if isinstance(v, dt.date):
            if fmt is None:
                fmt = column_fmt if column_fmt == TEXT else DATE
            return f'<c r="{ref}" s="{styles.id(font, fill, fmt, False, centred)}"><v>{excel_serial(v)!r}</v></c>'
        if isinstance(v, float) and not math.isfinite(v):
            return self._string(ref, str(v), styles.id(font, fill, TEXT, False, centred))
        style = styles.id(font, fill, fmt if fmt is not None else column_fmt, False, centred)
        return f'<c r="{ref}" s="{style}"><v>{v!r}</v></c>'


def _as_text(v: Any) -> str:
    """Lists are joined with 、 like set_value; anything else by str()."""
    if isinstance(v, (list, tuple)):
        return "、".join(str(x) for x in v)
    return str(v)


def _as_number(v: Any) -> str | None:
    """Numbers that are not int/float (Decimal, numpy scalars) as the text of an Excel number, else None."""
    if isinstance(v, (numbers.Integral, numbers.Real, decimal.Decimal)) and not isinstance(v, bool):
        if isinstance(v, numbers.Integral):
            return str(int(v))
        f = float(v)
        return repr(f) if math.isfinite(f) else None
    return None


NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
NS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
REL_DOC = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
CT_BASE = "application/vnd.openxmlformats-officedocument"


class Book:
    """A workbook of tables, written in one go by ``save`` (or ``save_atomic``)."""

    def __init__(self, *, shared_strings: bool = True, compresslevel: int = 1) -> None:
        self.sheets: list[Sheet] = []
        self.styles = Styles()
        self.shared_strings = shared_strings
        self.compresslevel = compresslevel
        self.created = FIXED_TIME

    @property
    def sheetnames(self) -> list[str]:
        return [s.title for s in self.sheets]

    def add_table(
        self,
        title: str,
        headers: Sequence[str],
        rows: Iterable[Sequence[Any]],
        *,
        banner: Sequence[Any] = (),
        text_columns: Iterable[str] = (),
        widths: dict[str, float] | None = None,
    ) -> Sheet:
        """Same layout as ``write.workbook.add_table``; the header is on row ``len(banner) + 1``."""
        title = _sheet_title(title, {s.title for s in self.sheets})
        sheet = Sheet(self, title, headers, rows, banner, text_columns, widths)
        self.sheets.append(sheet)
        return sheet

    def save(self, path: str | os.PathLike[str]) -> None:
        """Write the workbook to ``path`` whole or not at all (``write.files.atomic_output``)."""
        from fuzong_cli.write.files import atomic_output

        with atomic_output(path, ".xlsx.tmp") as tmp, paused_gc():
            self._save(tmp)

    def _save(self, path: str | os.PathLike[str]) -> None:
        sst = SharedStrings() if self.shared_strings else None
        with zipfile.ZipFile(
            path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=self.compresslevel
        ) as zf:
            comment_parts = []
            data_id = 1  # VML drawing clusters of 1024 shape ids, numbered across the workbook
            for n, sheet in enumerate(self.sheets, start=1):
                with zf.open(_info(f"xl/worksheets/sheet{n}.xml", self.compresslevel), "w") as raw:
                    writer = _Utf8Writer(raw)
                    comments = sheet.write(writer.write, sst)
                    writer.flush()
                if comments:
                    comment_parts.append(n)
                    data_id = _write_comments(zf, n, comments, data_id, self.compresslevel)
            if sst is not None:
                with zf.open(_info("xl/sharedStrings.xml", self.compresslevel), "w") as raw:
                    writer = _Utf8Writer(raw)
                    for part in sst.xml_parts():
                        writer.write(part)
                    writer.flush()
            self._write_package(zf, comment_parts, sst is not None)

    def _defined_names(self) -> str:
        """The header row printed on every page (Print_Titles) and the autofilter range of each sheet."""
        names = []
        for i, s in enumerate(self.sheets):
            if not s.headers:
                continue
            hr = s.header_row
            names.append(
                f'<definedName name="_xlnm._FilterDatabase" localSheetId="{i}" hidden="1">'
                f"{_quoted(s.title)}!{_absolute(s.filter_ref)}</definedName>"
            )
            names.append(
                f'<definedName name="_xlnm.Print_Titles" localSheetId="{i}">{_quoted(s.title)}!${hr}:${hr}</definedName>'
            )
        return f"<definedNames>{''.join(names)}</definedNames>" if names else ""

    def _write_package(self, zf: zipfile.ZipFile, comment_parts: list[int], has_sst: bool) -> None:
        level = self.compresslevel
        n = len(self.sheets)
        overrides = [
            (
                "/xl/workbook.xml",
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
            ),
            ("/xl/styles.xml", f"{CT_BASE}.spreadsheetml.styles+xml"),
            ("/docProps/core.xml", "application/vnd.openxmlformats-package.core-properties+xml"),
            ("/docProps/app.xml", f"{CT_BASE}.extended-properties+xml"),
        ]
        overrides += [
            (f"/xl/worksheets/sheet{i}.xml", f"{CT_BASE}.spreadsheetml.worksheet+xml")
            for i in range(1, n + 1)
        ]
        overrides += [
            (f"/xl/comments{i}.xml", f"{CT_BASE}.spreadsheetml.comments+xml") for i in comment_parts
        ]
        if has_sst:
            overrides.append(("/xl/sharedStrings.xml", f"{CT_BASE}.spreadsheetml.sharedStrings+xml"))
        types = (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            + (f'<Default Extension="vml" ContentType="{CT_BASE}.vmlDrawing"/>' if comment_parts else "")
            + "".join(f'<Override PartName="{p}" ContentType="{t}"/>' for p, t in overrides)
            + "</Types>"
        )
        _put(zf, "[Content_Types].xml", types, level)
        _put(
            zf,
            "_rels/.rels",
            _rels(
                [
                    (f"{REL_DOC}/officeDocument", "xl/workbook.xml"),
                    (
                        "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties",
                        "docProps/core.xml",
                    ),
                    (f"{REL_DOC}/extended-properties", "docProps/app.xml"),
                ]
            ),
            level,
        )
        stamp = self.created.strftime("%Y-%m-%dT%H:%M:%SZ")
        _put(
            zf,
            "docProps/core.xml",
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
            'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
            f"<dc:creator>{AUTHOR}</dc:creator>"
            f'<dcterms:created xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created>'
            f'<dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified></cp:coreProperties>',
            level,
        )
        titles = "".join(f"<vt:lpstr>{escape(s.title)}</vt:lpstr>" for s in self.sheets)
        _put(
            zf,
            "docProps/app.xml",
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
            'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
            "<Application>Microsoft Excel</Application><DocSecurity>0</DocSecurity><ScaleCrop>false</ScaleCrop>"
            '<HeadingPairs><vt:vector size="2" baseType="variant"><vt:variant><vt:lpstr>Worksheets</vt:lpstr>'
            f"</vt:variant><vt:variant><vt:i4>{n}</vt:i4></vt:variant></vt:vector></HeadingPairs>"
            f'<TitlesOfParts><vt:vector size="{n}" baseType="lpstr">{titles}</vt:vector></TitlesOfParts>'
            "<AppVersion>16.0300</AppVersion></Properties>",
            level,
        )
        sheets = "".join(
            f'<sheet name="{escape(s.title)}" sheetId="{i}" r:id="rId{i}"/>'
            for i, s in enumerate(self.sheets, 1)
        )
        _put(
            zf,
            "xl/workbook.xml",
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<workbook xmlns="{NS_MAIN}" xmlns:r="{NS_REL}"><workbookPr/>'
            '<bookViews><workbookView activeTab="0"/></bookViews>'
            f"<sheets>{sheets}</sheets>{self._defined_names()}"
            '<calcPr calcId="191029"/></workbook>',
            level,
        )
        rels = [(f"{REL_DOC}/worksheet", f"worksheets/sheet{i}.xml") for i in range(1, n + 1)]
        rels.append((f"{REL_DOC}/styles", "styles.xml"))
        if has_sst:
            rels.append((f"{REL_DOC}/sharedStrings", "sharedStrings.xml"))
        _put(zf, "xl/_rels/workbook.xml.rels", _rels(rels), level)
        _put(zf, "xl/styles.xml", self.styles.xml(), level)


def _quoted(title: str) -> str:
    return "'" + escape(title).replace("'", "''") + "'"


def _sheet_title(title: str, taken: set[str]) -> str:
    """Excel's sheet-name rules: at most 31 characters, none of []:*?/\\, unique (case-insensitively)."""
    clean = re.sub(r"[\[\]:*?/\\]", "_", xml_safe(title)).strip("'")[:31] or "Sheet"
    lowered = {t.lower() for t in taken}
    name, k = clean, 1
    while name.lower() in lowered:
        k += 1
        name = f"{clean[: 31 - len(str(k))]}{k}"
    return name


def _absolute(ref: str) -> str:
    """A1:C9 → $A$1:$C$9."""
    return ":".join(re.sub(r"([A-Z]+)(\d+)", r"$\1$\2", part) for part in ref.split(":"))


def _rels(items: Sequence[tuple[str, str]]) -> str:
    body = "".join(
        f'<Relationship Id="rId{i}" Type="{t}" Target="{target}"/>' for i, (t, target) in enumerate(items, 1)
    )
    return f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="{NS_PKG_REL}">{body}</Relationships>'


def _info(name: str, level: int) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED
    info._compresslevel = level  # type: ignore[attr-defined]  # ZipFile.open ignores the archive's level otherwise
    info.external_attr = 0o600 << 16
    return info


def _put(zf: zipfile.ZipFile, name: str, text: str, level: int) -> None:
    zf.writestr(_info(name, level), text.encode("utf-8"))


class _Utf8Writer:
    """Collects text and hands the zip stream large UTF-8 blocks (fewer, bigger deflate calls)."""

    def __init__(self, raw) -> None:
        self.raw = raw
        self.parts: list[str] = []
        self.size = 0

    def write(self, text: str) -> None:
        self.parts.append(text)
        self.size += len(text)
        if self.size > 1 << 20:
            self.flush()

    def flush(self) -> None:
        if self.parts:
            self.raw.write("".join(self.parts).encode("utf-8", "surrogatepass"))
            self.parts.clear()
            self.size = 0


def _write_comments(
    zf: zipfile.ZipFile, n: int, comments: list[tuple[str, str]], data_id: int, level: int
) -> int:
    """comments{n}.xml, its legacy VML drawing (one hidden note shape per comment) and the sheet's rels."""
    _put(
        zf,
        f"xl/worksheets/_rels/sheet{n}.xml.rels",
        _rels(
            [
                (f"{REL_DOC}/comments", f"../comments{n}.xml"),
                (f"{REL_DOC}/vmlDrawing", f"../drawings/vmlDrawing{n}.vml"),
            ]
        ),
        level,
    )
    with zf.open(_info(f"xl/comments{n}.xml", level), "w") as raw:
        w = _Utf8Writer(raw)
        w.write(
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<comments xmlns="{NS_MAIN}"><authors><author>{AUTHOR}</author></authors><commentList>'
        )
        for ref, text in comments:
            w.write(f'<comment ref="{ref}" authorId="0"><text>{_text_node(text)}</text></comment>')
        w.write("</commentList></comments>")
        w.flush()
    # shape ids come in clusters of 1024; idmap lists this drawing's clusters ("1,2,3"), as Excel and
    # xlsxwriter number them: the first note of the workbook is _x0000_s1025
    blocks = len(comments) // 1024 + 1
    idmap = ",".join(str(data_id + b) for b in range(blocks))
    with zf.open(_info(f"xl/drawings/vmlDrawing{n}.vml", level), "w") as raw:
        w = _Utf8Writer(raw)
        w.write(
            '<xml xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" '
            'xmlns:x="urn:schemas-microsoft-com:office:excel">'
            f'<o:shapelayout v:ext="edit"><o:idmap v:ext="edit" data="{idmap}"/></o:shapelayout>'
            '<v:shapetype id="_x0000_t202" coordsize="21600,21600" o:spt="202" path="m,l,21600r21600,l21600,xe">'
            '<v:stroke joinstyle="miter"/><v:path gradientshapeok="t" o:connecttype="rect"/></v:shapetype>'
        )
        shape_id = data_id * 1024
        for k, (ref, _text) in enumerate(comments):
            row, col = _split_ref(ref)
            w.write(
                f'<v:shape id="_x0000_s{shape_id + 1 + k}" type="#_x0000_t202" '
                'style="position:absolute;margin-left:59.25pt;margin-top:1.5pt;width:225pt;height:90pt;'
                'z-index:1;visibility:hidden" fillcolor="#ffffe1" o:insetmode="auto">'
                '<v:fill color2="#ffffe1"/><v:shadow on="t" color="black" obscured="t"/>'
                '<v:path o:connecttype="none"/><v:textbox style="mso-direction-alt:auto">'
                '<div style="text-align:left"></div></v:textbox>'
                '<x:ClientData ObjectType="Note"><x:MoveWithCells/><x:SizeWithCells/>'
                f"<x:Anchor>{col + 1}, 15, {max(row - 1, 0)}, 10, {col + 5}, 15, {row + 5}, 4</x:Anchor>"
                f"<x:AutoFill>False</x:AutoFill><x:Row>{row}</x:Row><x:Column>{col}</x:Column></x:ClientData>"
                "</v:shape>"
            )
        w.write("</xml>")
        w.flush()
    return data_id + blocks


_REF = re.compile(r"([A-Z]+)(\d+)")


def _split_ref(ref: str) -> tuple[int, int]:
    """ "B3" → (2, 1): 0-based row and column, as VML wants them."""
    letters, digits = _REF.fullmatch(ref).groups()  # type: ignore[union-attr]
    col = 0
    for ch in letters:
        col = col * 26 + ord(ch) - 64
    return int(digits) - 1, col - 1


@contextlib.contextmanager
def paused_gc():
    """No cyclic garbage collection while a big workbook is built: the writer makes no reference cycles, and
    with millions of live records each full collection costs a noticeable share of the write time (~35 %)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def save_atomic(book: Book, path: str | os.PathLike[str]) -> None:
    """``book.save(path)``, kept for the callers that save this way: the save is atomic in itself."""
    book.save(path)


def atomic_save(save: Callable[[str], Any], path: Path) -> None:
    """``save(tmp)`` into ``write.files.atomic_output``: for a writer that only knows how to write a path."""
    from fuzong_cli.write.files import atomic_output

    with atomic_output(path, ".xlsx.tmp") as tmp:
        save(tmp)
