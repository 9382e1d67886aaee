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
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from fuzong_cli.records import FAIL, NOTICE, REVIEW
from fuzong_cli.write.fastxlsx import clean_text

RED = PatternFill("solid", start_color="FFC7CE", end_color="FFC7CE")
YELLOW = PatternFill("solid", start_color="FFEB9C", end_color="FFEB9C")
BLUE = PatternFill("solid", start_color="DDEBF7", end_color="DDEBF7")
HEADER_FILL = PatternFill("solid", start_color="D9E1F2", end_color="D9E1F2")
LEVEL_FILL = {FAIL: RED, REVIEW: YELLOW, NOTICE: BLUE}
BOLD = Font(bold=True)
TITLE_FONT = Font(bold=True, size=14)
FORMULA_START = ("=", "+", "-", "@")


def set_value(cell, value: Any) -> None:
    """Write a value so that text stays text: ``=1+1`` or ``-3`` typed as text never becomes a formula."""
    if isinstance(value, (list, tuple)):
        value = "、".join(str(v) for v in value)
    if isinstance(value, bool):
        value = "是" if value else "否"
    if isinstance(value, str):
        value = clean_text(value)  # control characters XML cannot carry (a stray \x07 from a pasted cell)
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
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    text_cols = {headers.index(c) + 1 for c in text_columns if c in headers}
    r = header_row
    for r, row in enumerate(rows, start=header_row + 1):
        for j, value in enumerate(row, start=1):
            if value is None or value == "":
                continue
            cell = ws.cell(row=r, column=j)
            set_value(cell, value)
            if j in text_cols:
                cell.number_format = "@"
            elif isinstance(value, dt.date):
                cell.number_format = "yyyy-mm-dd"
    ws.freeze_panes = ws.cell(row=header_row + 1, column=1)
    for j, name in enumerate(headers, start=1):
        width = (widths or {}).get(name) or min(max(8.0, _display_width(name) + 2), 40.0)
        ws.column_dimensions[get_column_letter(j)].width = width
    return ws


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


def add_explanation(wb: Workbook, **kwargs: Any) -> Worksheet:
    """The 说明 sheet (policy and source, version, as-of date, inputs with SHA-256, run time); the rows come from
    ``annotated.explanation_rows``, shared with the streaming writer."""
    from fuzong_cli.write.annotated import explanation_rows

    return add_table(
        wb, "说明", ["项目", "内容"], explanation_rows(**kwargs), widths={"项目": 14, "内容": 80}
    )


def save_atomic(wb: Workbook, path: Path) -> None:
    """Save to a temporary file beside ``path`` and rename it into place: no half-written workbook, ever."""
    from fuzong_cli.write.files import atomic_output

    with atomic_output(path, ".xlsx.tmp") as tmp:
        wb.save(tmp)
