"""Workbook output: text stays text, findings are coloured and commented, saves are atomic.

Only this module (and the other writers) know openpyxl on the way out.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from fuzong_cli.records import FAIL, NOTICE, REVIEW
from fuzong_cli.write.fastxlsx import (
    FOOTER,
    MARGINS,
    ONE_PAGE_SHEETS,
    PORTRAIT_UNITS,
    PageLayout,
    header_title,
    page_layout,
    paper_for,
    row_height,
    xml_safe,
)

RED = PatternFill("solid", start_color="FFC7CE", end_color="FFC7CE")
YELLOW = PatternFill("solid", start_color="FFEB9C", end_color="FFEB9C")
BLUE = PatternFill("solid", start_color="DDEBF7", end_color="DDEBF7")
HEADER_FILL = PatternFill("solid", start_color="D9E1F2", end_color="D9E1F2")
LEVEL_FILL = {FAIL: RED, REVIEW: YELLOW, NOTICE: BLUE}
BOLD = Font(bold=True)
TITLE_FONT = Font(bold=True, size=14)
FORMULA_START = ("=", "+", "-", "@")
_THIN = Side(style="thin", color="FF808080")
THIN_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
HEADER_ALIGNMENT = Alignment(horizontal="center", vertical="center", wrap_text=True)
CELL_ALIGNMENT = Alignment(vertical="center")
WRAPPED = Alignment(vertical="center", wrap_text=True)


def set_value(cell, value: Any) -> None:
    """Write a value so that text stays text: ``=1+1`` or ``-3`` typed as text never becomes a formula."""
    if isinstance(value, (list, tuple)):
        value = "、".join(str(v) for v in value)
    if isinstance(value, bool):
        value = "是" if value else "否"
    if isinstance(value, str):
        value = xml_safe(value)  # control characters XML cannot carry (a stray \x07 from a pasted cell)
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"
        if value.startswith(FORMULA_START):
            cell.quotePrefix = True


def new_book() -> Workbook:
    wb = Workbook()
    wb.remove(wb.active)
    fixed = dt.datetime(2000, 1, 1)
    wb.properties.creator = "fuzong"
    wb.properties.created = fixed
    return wb


def add_table(
    wb: Workbook,
    title: str,
    headers: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    banner: Sequence[str] = (),
    text_columns: Iterable[str] = (),
    widths: dict[str, float] | None = None,
) -> Worksheet:
    """A sheet with optional banner lines (title, period…), a bold header row, the rows; frozen header.

    ``text_columns`` are formatted as text (``@``) so IDs and codes keep their digits when edited in Excel.
    Returns the sheet; the header is on row ``len(banner) + 1``.
    """
    ws = wb.create_sheet(title)
    rows = rows if isinstance(rows, list) else list(rows)
    for i, line in enumerate(banner, start=1):
        set_value(ws.cell(row=i, column=1), line)
        ws.cell(row=i, column=1).font = TITLE_FONT if i == 1 else BOLD
        if len(headers) > 1:
            ws.merge_cells(start_row=i, start_column=1, end_row=i, end_column=len(headers))
    header_row = len(banner) + 1
    for j, name in enumerate(headers, start=1):
        cell = ws.cell(row=header_row, column=j)
        set_value(cell, name)
        cell.font = BOLD
        cell.fill = HEADER_FILL
        cell.alignment = HEADER_ALIGNMENT
        cell.border = THIN_BORDER
    layout = page_layout(ws.title, headers, rows, banner, widths)
    text_cols = {headers.index(c) + 1 for c in text_columns if c in headers}
    aligned = {j + 1: (WRAPPED if j in layout.wrapped else CELL_ALIGNMENT) for j in range(len(headers))}
    r = header_row
    for r, row in enumerate(rows, start=header_row + 1):
        for j in range(1, max(len(headers), len(row)) + 1):
            value = row[j - 1] if j <= len(row) else None
            if j <= len(headers):
                cell = ws.cell(row=r, column=j)
                cell.border = THIN_BORDER
                cell.alignment = aligned[j]
                if j in text_cols:
                    cell.number_format = "@"
            if value is None or value == "":
                continue
            cell = ws.cell(row=r, column=j)
            set_value(cell, value)
            if j not in text_cols and isinstance(value, dt.date):
                cell.number_format = "yyyy-mm-dd"
    for j, width in enumerate(layout.widths, start=1):
        ws.column_dimensions[get_column_letter(j)].width = width
    heights = [(header_row, row_height(list(headers), layout, range(len(headers))))]
    if layout.wrapped:
        heights += [(i, row_height(row, layout)) for i, row in enumerate(rows, start=header_row + 1)]
    for i, height in heights:
        if height:
            ws.row_dimensions[i].height = height
    apply_page_setup(ws, layout, header_row=header_row, last_row=max(r, header_row + 1), columns=len(headers))
    return ws


def apply_page_setup(
    ws: Worksheet, layout: PageLayout, *, header_row: int, last_row: int, columns: int
) -> None:
    """The print setup every sheet gets (the openpyxl twin of ``fastxlsx.page_setup_xml``): A4, landscape when
    wide, one page wide, the header row on every page, 第 N 页 共 M 页, the title in the page header, the
    header row and name column frozen, an autofilter on the header."""
    # A4, or A3 for a sheet too wide to read on A4 (fastxlsx.paper_for)
    ws.page_setup.paperSize = layout.paper
    ws.page_setup.orientation = "landscape" if layout.landscape else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = layout.fit_height
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    for key, value in MARGINS.items():
        setattr(ws.page_margins, key, value)
    ws.oddHeader.center.text = header_title(layout.title)
    ws.oddHeader.center.font = "-,Bold"
    ws.oddFooter.center.text = FOOTER
    if header_row and columns:
        last = get_column_letter(columns)
        ws.print_title_rows = f"{header_row}:{header_row}"
        ws.auto_filter.ref = f"A{header_row}:{last}{last_row}"
        ws.freeze_panes = ws.cell(row=header_row + 1, column=layout.freeze_columns + 1)
    ws._fuzong_page_setup = True  # type: ignore[attr-defined]  # save_atomic sets up the rest


def _ensure_page_setup(ws: Worksheet) -> None:
    """A sheet not made by ``add_table`` (forms, charts, lists): page setup with its own widths, no header row."""
    if getattr(ws, "_fuzong_page_setup", False) or ws.sheet_state != "visible":
        return
    widths = [
        ws.column_dimensions[get_column_letter(j)].width or 9.0 for j in range(1, (ws.max_column or 1) + 1)
    ]
    title = next((str(c.value) for c in ws[1] if c.value), ws.title) if ws.max_row else ws.title
    layout = PageLayout(
        title=title,
        widths=widths,
        wrapped=set(),
        landscape=sum(widths) > PORTRAIT_UNITS,
        freeze_columns=0,
        fit_height=1 if ws.title in ONE_PAGE_SHEETS else 0,
        paper=paper_for(widths),
    )
    apply_page_setup(ws, layout, header_row=0, last_row=0, columns=0)


def _display_width(text: str) -> float:
    return sum(2 if ord(ch) > 127 else 1 for ch in str(text))


def mark(cell, level: str, note: str) -> None:
    """Colour a cell by finding level and attach the rule text as a comment (appending to an earlier one)."""
    fill = LEVEL_FILL.get(level)
    if fill is not None and (cell.fill is None or cell.fill.fgColor.rgb != RED.fgColor.rgb):
        cell.fill = fill
    text = note if cell.comment is None else f"{cell.comment.text}\n{note}"
    comment = Comment(text, "fuzong")
    comment.width = 300
    comment.height = 120
    cell.comment = comment


def save_atomic(wb: Workbook, path: Path) -> None:
    """Save to a temporary file beside ``path`` and rename it into place: no half-written workbook, ever."""
    from fuzong_cli.write.files import atomic_output

    for ws in wb.worksheets:
        _ensure_page_setup(ws)
    with atomic_output(path, ".xlsx.tmp") as tmp:
        wb.save(tmp)
