"""The one table backend interface: a workbook of tables with marked cells, whichever writer makes the file.

Two backends implement it:

- ``fastxlsx.Book`` / ``fastxlsx.Sheet``: the fast streaming writer (validate, ingest, match, quota), as it is;
- ``OpenpyxlBook`` / ``OpenpyxlSheet``: a thin adapter over openpyxl, for the outputs that need openpyxl's extras
  (charts, data validation, merged note rows): ``OpenpyxlBook.wb`` and ``OpenpyxlSheet.ws`` are the underlying
  workbook and worksheet for those.

Both give the same sheets, values, fills and comments (tests/test_fastxlsx.py compares them cell by cell). A
renderer that only lays out tables writes against ``TableBook`` and does not care which one it got. Nothing
here imports openpyxl at module level, so the fast path does not pay its import.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from fuzong_cli.write.fastxlsx import Book, Sheet

if TYPE_CHECKING:
    from openpyxl import Workbook
    from openpyxl.worksheet.worksheet import Worksheet


class TableSheet(Protocol):
    """A sheet made by ``TableBook.add_table``: cells addressed 1-based (row, column), like openpyxl."""

    @property
    def title(self) -> str: ...

    def mark(self, row: int, column: int, level: str, note: str) -> None:
        """Colour the cell by finding level (red is never overwritten) and append ``note`` to its comment."""
        ...

    def fill(self, row: int, column: int, level: str) -> None:
        """Colour the cell by finding level (不通过 red, 待复核 yellow, 提示 blue)."""
        ...

    def number_format(self, row: int, column: int, code: str) -> None: ...


class TableBook(Protocol):
    """A workbook of tables: banner lines, a bold header row, the rows, the page setup of every fuzong sheet."""

    @property
    def sheetnames(self) -> list[str]: ...

    def add_table(
        self,
        title: str,
        headers: Sequence[str],
        rows: Iterable[Sequence[Any]],
        *,
        banner: Sequence[Any] = (),
        text_columns: Iterable[str] = (),
        widths: dict[str, float] | None = None,
    ) -> TableSheet: ...

    def save(self, path: str | os.PathLike[str]) -> None:
        """Write the file whole or not at all (``write.files.atomic_output``)."""
        ...


class OpenpyxlSheet:
    """``TableSheet`` over an openpyxl worksheet (``ws``)."""

    def __init__(self, ws: Worksheet) -> None:
        self.ws = ws

    @property
    def title(self) -> str:
        return str(self.ws.title)

    def mark(self, row: int, column: int, level: str, note: str) -> None:
        from fuzong_cli.write.workbook import mark

        mark(self.ws.cell(row=row, column=column), level, note)

    def fill(self, row: int, column: int, level: str) -> None:
        from fuzong_cli.write.workbook import LEVEL_FILL

        fill = LEVEL_FILL.get(level)
        if fill is not None:
            self.ws.cell(row=row, column=column).fill = fill

    def number_format(self, row: int, column: int, code: str) -> None:
        self.ws.cell(row=row, column=column).number_format = code

    # Callers written before this interface got an openpyxl worksheet back from ``annotated.add_print_sheet``
    # and read it (``sheet[2]``, ``sheet.cell(…)``): they still can.
    def __getattr__(self, name: str) -> Any:
        return getattr(self.ws, name)

    def __getitem__(self, key: Any) -> Any:
        return self.ws[key]


class OpenpyxlBook:
    """``TableBook`` over an openpyxl workbook (``wb``; a new, empty one by default)."""

    def __init__(self, wb: Workbook | None = None) -> None:
        if wb is None:
            from fuzong_cli.write.workbook import new_book

            wb = new_book()
        self.wb = wb

    @property
    def sheetnames(self) -> list[str]:
        return list(self.wb.sheetnames)

    def add_table(
        self,
        title: str,
        headers: Sequence[str],
        rows: Iterable[Sequence[Any]],
        *,
        banner: Sequence[Any] = (),
        text_columns: Iterable[str] = (),
        widths: dict[str, float] | None = None,
    ) -> OpenpyxlSheet:
        from fuzong_cli.write.workbook import add_table

        ws = add_table(self.wb, title, headers, rows, banner=banner, text_columns=text_columns, widths=widths)
        return OpenpyxlSheet(ws)

    def save(self, path: str | os.PathLike[str]) -> None:
        from fuzong_cli.write.workbook import save_atomic

        save_atomic(self.wb, Path(path))


def table_book(wb: Any) -> TableBook:
    """``wb`` as a ``TableBook``: a fastxlsx ``Book`` or an ``OpenpyxlBook`` as it is, a bare openpyxl
    ``Workbook`` (renderers written before this interface pass one) wrapped in an ``OpenpyxlBook``."""
    if isinstance(wb, (Book, OpenpyxlBook)):
        return wb
    return OpenpyxlBook(wb)


__all__ = ["Book", "OpenpyxlBook", "OpenpyxlSheet", "Sheet", "TableBook", "TableSheet", "table_book"]
