"""Open a county's file (.xlsx/.xlsm/.xls/.csv) and return its sheets as typed cell grids.

Cells keep their types (str, float, int, bool, datetime, date, time) so that an ID number Excel stored as a
number is detected, never silently converted. Workbooks are opened read-only; nothing is ever written back.
"""

from __future__ import annotations

import csv
import io
import re
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fuzong_cli.errors import FuzongError, os_error_message

EXCEL_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".xlsb", ".ods"}
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"


#: what a formula cell saved without its value says (files written by scripts, some WPS versions)
UNCACHED_MESSAGE = "公式未计算，请在 Excel/WPS 中打开并保存后重试"


class UncachedFormula:
    """A formula cell that has no stored value: it reads as blank in every library, so it is marked instead."""

    __slots__ = ("formula",)

    def __init__(self, formula: str = "") -> None:
        self.formula = formula

    def __repr__(self) -> str:
        return f"UncachedFormula({self.formula!r})"


@dataclass
class RawSheet:
    """One sheet: ``rows[i][j]`` is the cell at Excel row ``first_row + i`` (1-based), column ``j`` (0-based).

    ``merged`` lists merged ranges as (row1, col1, row2, col2), 0-based indexes into ``rows``.
    """

    name: str
    rows: list[list[Any]]
    first_row: int = 1
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)
    hidden: bool = False  # hidden (or very hidden) in Excel: not what the county meant to send


def read_sheets(path: Path) -> list[RawSheet]:
    """Every sheet of ``path``; raises FuzongError (exit 2) with a Chinese message for unreadable files."""
    path = Path(path)
    if not path.exists():
        raise FuzongError(f"找不到输入文件：{path}。请检查文件名和所在文件夹。")
    if path.is_dir():
        raise FuzongError(f"{path} 是一个文件夹，不是工作簿文件。请给出具体的 .xlsx/.xls/.csv 文件。")
    try:
        with open(path, "rb") as fh:
            head = fh.read(8)
    except OSError as exc:
        raise FuzongError(os_error_message(exc, path, writing=False)) from None
    if not head:
        raise FuzongError(f"文件 {path.name} 是空的（0 字节），请让填报单位重新发送。")
    suffix = path.suffix.lower()
    if suffix in (".csv", ".txt"):
        return [_read_csv(path)]
    if suffix not in EXCEL_SUFFIXES:
        raise FuzongError(f"不支持的文件类型：{path.name}。请提供 .xlsx、.xlsm、.xls 或 .csv 文件。")
    if head.startswith(OLE_MAGIC) and suffix in (".xlsx", ".xlsm") and _is_encrypted_ole(path):
        raise FuzongError(
            f"{path.name} 设置了打开密码，无法读取。请在 Excel/WPS 中去掉密码后另存，再重新运行。"
        )
    if not head.startswith((OLE_MAGIC, ZIP_MAGIC)):
        raise FuzongError(
            f"{path.name} 不是有效的 Excel 文件（可能是改了扩展名的其他文件或已损坏）。"
            "请在 Excel/WPS 中打开后另存为 .xlsx 再试。"
        )
    if suffix == ".xls" and head.startswith(OLE_MAGIC):
        # legacy .xls: xlrd (pure Python) first. It raises on a damaged file, where calamine can abort the
        # whole process allocating memory for a corrupt size record; xlrd also gives merged cells and hidden
        # sheets of .xls.
        sheets = _try_xlrd(path)
        if sheets is not None:
            return sheets
        if _xls_encrypted(path):
            raise FuzongError(
                f"{path.name} 设置了打开密码，无法读取。请在 Excel/WPS 中去掉密码后另存，再重新运行。"
            )
        raise FuzongError(
            f"{path.name} 已损坏或不完整，无法读取。请在 Excel/WPS 中打开后另存为 .xlsx，或让填报单位重新发送。"
        )
    if head.startswith(ZIP_MAGIC):
        check_zip_bounds(path)  # before any library inflates it: a 1 MB zip bomb must not take 4 GB
    try:
        return _read_calamine(path)
    except FuzongError:
        raise
    except Exception as exc:  # calamine: corrupt, truncated, password…
        message = str(exc)  # shown only with --debug
        if "password" in message.lower() or type(exc).__name__ == "PasswordError":
            raise FuzongError(
                f"{path.name} 设置了打开密码，无法读取。请在 Excel/WPS 中去掉密码后另存，再重新运行。"
            ) from None
        if suffix == ".xls" or head.startswith(OLE_MAGIC):
            fallback = _try_xlrd(path)
            if fallback is not None:
                return fallback
        raise FuzongError(  # the library's own words are English: not shown (fuzong --debug shows them)
            f"{path.name} 已损坏或不完整，无法读取。请在 Excel/WPS 中打开后另存为 .xlsx，或让填报单位重新发送。"
        ) from exc


#: bounds on what an .xlsx may inflate to, checked before it is read. A county's form is a few MB unzipped;
#: 200 MB per part and 400 MB in all leave room for a 100,000-row sheet while a zip bomb stops at once.
ZIP_MEMBER_MAX = 200 * 1024 * 1024
ZIP_TOTAL_MAX = 400 * 1024 * 1024
ZIP_MEMBERS_MAX = 10_000
#: one cell's text in the XML: Excel itself holds at most 32,767 characters (≤ 5 bytes each escaped), so a
#: run of more than 1 MB between two tags is not a spreadsheet cell but a damaged or hostile file
CELL_BYTES_MAX = 1024 * 1024
_LONG_RUN = re.compile(rb"[^<]{%d,}" % (CELL_BYTES_MAX + 1))


def check_zip_bounds(path: Path) -> None:
    """Refuse (exit 2) an .xlsx/.xlsm whose parts inflate beyond the bounds above or hold a cell longer than
    CELL_BYTES_MAX. Sizes are checked as declared, then every XML part is inflated in 1 MiB chunks (bounded
    memory) so a part whose header lies about its size is caught too (zipfile stops at the declared size and
    checks the CRC)."""
    import zipfile

    too_large = (
        f"{path.name} 解压后过大（超过 {ZIP_TOTAL_MAX // 1024 // 1024} MB）或已损坏，不像是一份正常的报表，"
        "未读取。请在 Excel/WPS 中打开后另存为 .xlsx，或让填报单位重新发送。"
    )
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError):
        return  # not a readable zip: the reader says the file is damaged
    with archive:
        infos = archive.infolist()
        if len(infos) > ZIP_MEMBERS_MAX:
            raise FuzongError(too_large)
        total = 0
        for info in infos:
            total += info.file_size
            if info.file_size > ZIP_MEMBER_MAX or total > ZIP_TOTAL_MAX:
                raise FuzongError(too_large)
        for info in infos:
            if not info.filename.lower().endswith((".xml", ".rels", ".vml")):
                continue
            try:
                _scan_member(archive, info)
            except _LongCell:
                raise FuzongError(
                    f"{path.name} 中有一个单元格的内容超过 1 MB（Excel 的上限是 32,767 个字符），"
                    "文件可能已损坏或不是由 Excel/WPS 生成的，未读取。请在 Excel/WPS 中打开后另存，或让填报单位重新发送。"
                ) from None
            except (
                zipfile.BadZipFile,
                zipfile.LargeZipFile,
                OSError,
                EOFError,
                ValueError,
                NotImplementedError,
            ):
                raise FuzongError(
                    f"{path.name} 已损坏或不完整，无法读取。请在 Excel/WPS 中打开后另存为 .xlsx，或让填报单位重新发送。"
                ) from None
            except Exception as exc:  # zlib.error and the like
                if type(exc).__name__ == "error":
                    raise FuzongError(
                        f"{path.name} 已损坏或不完整，无法读取。请在 Excel/WPS 中打开后另存为 .xlsx，或让填报单位重新发送。"
                    ) from None
                raise


class _LongCell(Exception):
    """A text run longer than CELL_BYTES_MAX between two XML tags."""


def _scan_member(archive, info) -> None:
    carry = 0  # length of the text run still open at the end of the previous chunk
    with archive.open(info) as fh:
        while True:
            chunk = fh.read(1 << 20)
            if not chunk:
                return
            if _LONG_RUN.search(chunk):
                raise _LongCell
            first = chunk.find(b"<")
            if first < 0:
                carry += len(chunk)
            else:
                if carry + first > CELL_BYTES_MAX:
                    raise _LongCell
                carry = len(chunk) - chunk.rfind(b"<") - 1
            if carry > CELL_BYTES_MAX:
                raise _LongCell


def _is_encrypted_ole(path: Path) -> bool:
    try:
        with open(path, "rb") as fh:
            data = fh.read(1 << 20)
    except OSError:
        return False
    return (
        "EncryptionInfo".encode("utf-16-le") in data
        or b"EncryptedPackage" in data
        or ("EncryptedPackage".encode("utf-16-le") in data)
    )


def _read_calamine(path: Path) -> list[RawSheet]:
    from python_calamine import CalamineWorkbook, SheetVisibleEnum

    with open(path, "rb") as fh:
        data = fh.read()
    workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
    uncached = _uncached_formulas(data) if data.startswith(ZIP_MAGIC) else {}
    try:
        sparse = _sparse_sheets(data) if data.startswith(ZIP_MAGIC) else {}
    except _CorruptSheet as exc:
        raise FuzongError(
            f"{path.name} 工作表“{exc.args[0]}”已损坏（有超出 Excel 表格范围的单元格），无法读取。"
            "请在 Excel/WPS 中打开后另存为 .xlsx，或让填报单位重新发送。"
        ) from None
    sheets = []
    visible = {m.name: m.visible == SheetVisibleEnum.Visible for m in workbook.sheets_metadata}
    for index, name in enumerate(workbook.sheet_names):
        hidden = not visible.get(name, True)
        if name in sparse:  # a stray cell far away: calamine would build the whole grid (GBs) first
            try:
                with warnings.catch_warnings():  # openpyxl's English warnings must not reach the user
                    warnings.simplefilter("ignore")
                    rows, merged = _read_sparse(data, name, sparse[name])
            except Exception:  # openpyxl could not: calamine, as for any other sheet
                pass
            else:
                sheets.append(RawSheet(name=name, rows=rows, merged=merged, hidden=hidden))
                continue
        sheet = workbook.get_sheet_by_index(index)
        rows = sheet.to_python(skip_empty_area=False)
        merged = []
        for (r1, c1), (r2, c2) in sheet.merged_cell_ranges or []:
            merged.append((r1, c1, r2, c2))
        grid = [list(r) for r in rows]
        for (r, c), formula in uncached.get(name, {}).items():
            while len(grid) < r:
                grid.append([])
            line = grid[r - 1]
            line.extend([None] * (c - len(line)))
            if line[c - 1] in (None, ""):
                line[c - 1] = UncachedFormula(formula)
        sheets.append(RawSheet(name=name, rows=grid, first_row=1, merged=merged, hidden=hidden))
    return sheets


_UNCACHED = re.compile(
    rb"<(?:\w+:)?c\b([^>]*?)>\s*<(?:\w+:)?f\b[^>]*?(?:/>|>(.*?)</(?:\w+:)?f>)\s*"
    rb"(?:<(?:\w+:)?v\s*/>|<(?:\w+:)?v>\s*</(?:\w+:)?v>)?\s*</(?:\w+:)?c>",
    re.S,
)


def _sheet_members(data: bytes) -> Iterator[tuple[str, Any, str]]:
    """(sheet name, the open archive, its XML member) for each worksheet of an .xlsx, in workbook order; nothing
    for a file that is not a readable .xlsx archive."""
    import zipfile

    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        book = archive.read("xl/workbook.xml").decode("utf-8", "replace")
        rels = archive.read("xl/_rels/workbook.xml.rels").decode("utf-8", "replace")
    except (KeyError, zipfile.BadZipFile, OSError):
        return
    targets = {}
    for tag in re.findall(r"<(?:\w+:)?Relationship\b[^>]*>", rels):
        attrs = _attributes(tag)
        target = attrs.get("Target", "")
        targets[attrs.get("Id", "")] = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
    names = set(archive.namelist())
    for tag in re.findall(r"<(?:\w+:)?sheet\b[^>]*>", book):
        attrs = _attributes(tag)
        member = targets.get(attrs.get("id", ""))
        if member and member in names:
            yield attrs.get("name", ""), archive, member


def _uncached_formulas(data: bytes) -> dict[str, dict[tuple[int, int], str]]:
    """Sheet name -> {(row, column) 1-based: formula} of the formula cells stored without a value."""
    import html

    found: dict[str, dict[tuple[int, int], str]] = {}
    for name, archive, member in _sheet_members(data):
        if archive.getinfo(member).file_size > SCAN_BYTES:
            continue
        xml = archive.read(member)
        if b"<f" not in xml and b":f" not in xml:
            continue
        cells = {}
        for match in _UNCACHED.finditer(xml):
            ref = re.search(rb'\br="([A-Za-z]+[0-9]+)"', match.group(1))
            if ref:
                formula = html.unescape((match.group(2) or b"").decode("utf-8", "replace"))
                cells[_cell_ref(ref.group(1).decode())] = formula
        if cells:
            found[name] = cells
    return found


#: a sheet whose used range holds more cells than this while its XML has under SPARSE_BYTES bytes per cell is
#: read cell by cell (one value typed at row 1,048,576 or column XFD made calamine allocate the whole grid)
SPARSE_CELLS = 2_000_000
SPARSE_BYTES = 2


def _attributes(tag: str) -> dict[str, str]:
    import html
    import re

    return {k.split(":")[-1]: html.unescape(v) for k, v in re.findall(r'([\w:]+)="([^"]*)"', tag)}


def _cell_ref(ref: str) -> tuple[int, int]:
    """``"AB12"`` → (row 12, column 28), 1-based."""
    letters = "".join(ch for ch in ref if ch.isalpha()).upper()
    digits = "".join(ch for ch in ref if ch.isdigit())
    column = 0
    for ch in letters:
        column = column * 26 + ord(ch) - 64
    return int(digits or 1), column or 1


def _sparse_sheets(data: bytes) -> dict[str, str]:
    """Sheet name -> its XML member, for the sheets of an .xlsx whose used range is huge but nearly empty."""

    found = {}
    for name, archive, member in _sheet_members(data):
        size = archive.getinfo(member).file_size
        if size <= SCAN_BYTES:  # small enough to look at every cell reference (the <dimension> may lie)
            xml = archive.read(member)
            if _ABSURD_REF.search(xml):
                raise _CorruptSheet(name)
            last_row = max((int(r) for r in _ROW_REF.findall(xml)), default=0)
            last_col = max((_cell_ref(c.decode() + "1")[1] for c in set(_COL_REF.findall(xml))), default=0)
            cells = last_row * last_col
        else:
            with archive.open(member) as fh:
                head = fh.read(4096).decode("utf-8", "replace")
            dimension = re.search(
                r'<(?:\w+:)?dimension\b[^>]*\bref="([A-Za-z]+[0-9]+):([A-Za-z]+[0-9]+)"', head
            )
            if not dimension:
                continue
            (r1, c1), (r2, c2) = _cell_ref(dimension.group(1)), _cell_ref(dimension.group(2))
            cells = (r2 - r1 + 1) * (c2 - c1 + 1)
        if cells > SPARSE_CELLS and size < cells * SPARSE_BYTES:
            found[name] = member
    return found


#: sheet XML up to this size is scanned for its real extent and for cell references beyond Excel's grid
SCAN_BYTES = 20_000_000
_ABSURD_REF = re.compile(rb'<(?:\w+:)?(?:c|row)\b[^>]*?\br="(?:[A-Za-z]{4,}|[A-Za-z]*[0-9]{8,})')
_ROW_REF = re.compile(rb'<(?:\w+:)?row\b[^>]*?\br="([0-9]{1,7})"')
_COL_REF = re.compile(rb'<(?:\w+:)?c\b[^>]*?\br="([A-Za-z]{1,3})[0-9]')


class _CorruptSheet(Exception):
    """A cell reference beyond Excel's grid (column after XFD, row after 1,048,576): a damaged file."""


def _read_sparse(
    data: bytes, name: str, member: str
) -> tuple[list[list[Any]], list[tuple[int, int, int, int]]]:
    """The cells of one nearly empty sheet, read with openpyxl's streaming sheet parser: only the rows and
    cells that exist are built (the empty rows between share one empty list); merged ranges from the XML."""
    import re
    import zipfile

    import openpyxl
    from openpyxl.worksheet._reader import WorkSheetParser

    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    empty: list[Any] = []
    rows: list[list[Any]] = []
    try:
        ws = book[name]
        with ws._get_source() as source:
            parser = WorkSheetParser(
                source,
                ws._shared_strings,
                data_only=True,
                epoch=book.epoch,
                date_formats=book._date_formats,
                timedelta_formats=book._timedelta_formats,
            )
            for index, cells in parser.parse():
                present = {c["column"]: c["value"] for c in cells if c["value"] not in (None, "")}
                if not present:
                    continue
                rows.extend([empty] * (index - 1 - len(rows)))
                values: list[Any] = [None] * max(present)
                for column, value in present.items():
                    values[column - 1] = value
                rows.append(values)
    finally:
        book.close()
    text = zipfile.ZipFile(io.BytesIO(data)).read(member).decode("utf-8", "replace")
    merged = []
    for ref in re.findall(r'<(?:\w+:)?mergeCell\b[^>]*\bref="([A-Za-z]+[0-9]+):([A-Za-z]+[0-9]+)"', text):
        (r1, c1), (r2, c2) = _cell_ref(ref[0]), _cell_ref(ref[1])
        merged.append((r1 - 1, c1 - 1, r2 - 1, c2 - 1))
    return rows, merged


def _try_xlrd(path: Path) -> list[RawSheet] | None:
    """Every sheet of a legacy .xls through xlrd, or None when xlrd cannot read it (damaged, encrypted)."""
    try:
        import xlrd
    except ImportError:  # pragma: no cover - xlrd is a dependency
        return None
    for formatting in (True, False):  # formatting_info gives merged cells; some files only open without it
        try:
            return _xlrd_sheets(xlrd, path, formatting)
        except Exception:  # xlrd on a damaged file: struct errors, index errors, XLRDError…
            continue
    return None


def _xlrd_sheets(xlrd: Any, path: Path, formatting: bool) -> list[RawSheet]:
    book = xlrd.open_workbook(str(path), formatting_info=formatting, on_demand=True)
    try:
        sheets = []
        for index in range(book.nsheets):
            sh = book.sheet_by_index(index)
            rows = []
            for r in range(sh.nrows):
                row = []
                for c in range(sh.ncols):
                    cell = sh.cell(r, c)
                    value = cell.value
                    if cell.ctype == xlrd.XL_CELL_DATE:
                        try:
                            value = xlrd.xldate.xldate_as_datetime(value, book.datemode)
                        except Exception:
                            pass
                    elif cell.ctype == xlrd.XL_CELL_BOOLEAN:
                        value = bool(value)
                    elif cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK, xlrd.XL_CELL_ERROR):
                        value = ""
                    row.append(value)
                rows.append(row)
            merged = [(r1, c1, r2 - 1, c2 - 1) for r1, r2, c1, c2 in getattr(sh, "merged_cells", [])]
            hidden = getattr(sh, "visibility", 0) != 0
            sheets.append(RawSheet(name=sh.name, rows=rows, merged=merged, hidden=hidden))
            book.unload_sheet(index)
        return sheets
    finally:
        book.release_resources()


def _xls_encrypted(path: Path) -> bool:
    try:
        import xlrd

        xlrd.open_workbook(str(path), on_demand=True).release_resources()
    except Exception as exc:
        return "encrypt" in str(exc).lower() or "password" in str(exc).lower()
    return False


def _csv_encoding(path: Path) -> str | None:
    """UTF-8 (with or without BOM) or GB18030 (covers GBK), checked over the whole file in 1 MiB chunks
    without holding it in memory; None when neither decodes it or it holds NUL characters."""
    import codecs

    for encoding in ("utf-8-sig", "gb18030"):
        decoder = codecs.getincrementaldecoder(encoding)()
        try:
            with open(path, "rb") as fh:
                while chunk := fh.read(1 << 20):
                    if "\x00" in decoder.decode(chunk):
                        return None
                decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            continue
        return encoding
    return None


def _read_csv(path: Path) -> RawSheet:
    """A CSV read as a stream (a 1,000,000-row file is never held as one string); short cell texts that
    repeat (县（市、区）, 企业规模, 是/否…) share one string object."""
    encoding = _csv_encoding(path)
    if encoding is None:
        raise FuzongError(
            f"{path.name} 的文字编码无法识别（既不是 UTF-8 也不是 GBK）。请在 Excel/WPS 中另存为 .xlsx 或 UTF-8 CSV。"
        )
    csv.field_size_limit(CELL_BYTES_MAX)  # a long 需求描述 is fine (default limit: 128 KB); 1 MB is damage
    with open(path, encoding=encoding, newline="") as fh:
        sample = "".join(line for _, line in zip(range(60), fh))
    delimiter = _csv_delimiter(sample)
    rows: list[list[Any]] = []
    count = last_start = 0
    shared: dict[str, str] = {}
    for line, row in _csv_rows(path, encoding, delimiter, shared):
        if count < CSV_EAGER_ROWS:
            rows.append(row)
        count += 1
        last_start = line
    if count and _ends_inside_quotes(path, encoding, delimiter):
        raise FuzongError(
            f'{path.name} 第{last_start}行有一个引号（"）没有闭合，其后各行都会被读进这一格。'
            "请在 Excel/WPS 或记事本中核对这一行后另存，再重新运行。"
        )
    if count > CSV_EAGER_ROWS:  # a big file: rows are read again, one at a time, as the reader asks for them
        return RawSheet(name=path.stem, rows=_CsvRows(path, encoding, delimiter, count, rows[:CSV_HEAD_ROWS]))
    return RawSheet(name=path.stem, rows=rows)


#: a CSV of up to this many rows is held as a list; a bigger one is streamed (_CsvRows)
CSV_EAGER_ROWS = 20_000
CSV_HEAD_ROWS = 200


def _csv_rows(path: Path, encoding: str, delimiter: str, shared: dict[str, str]):
    """(line number, row) for every row of the CSV; short texts that repeat share one string object."""
    with open(path, encoding=encoding, newline="") as fh:
        reader = csv.reader(fh, delimiter=delimiter)  # lenient, like Excel
        while True:
            line = reader.line_num + 1
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error:  # a field over CELL_BYTES_MAX: an unclosed quote, or not a form at all
                raise FuzongError(
                    f"{path.name} 第{line}行起有一个单元格超过 1 MB（常见原因是引号没有闭合），文件可能已损坏，未读取。"
                    "请在 Excel/WPS 或记事本中核对这一行后另存，再重新运行。"
                ) from None
            if len(shared) < 200_000:
                row = [shared.setdefault(c, c) if len(c) <= 16 else c for c in row]
            yield line, row


class _CsvRows:
    """The rows of a big CSV as a sequence read on demand: the first rows (where the header is looked for)
    are kept, the others are parsed again as the reader walks through them, so a 1,000,000-row file is never
    held in memory as rows (issue 12). Writing a row (the reader releasing it) is accepted and ignored."""

    def __init__(self, path: Path, encoding: str, delimiter: str, count: int, head: list[list[Any]]) -> None:
        self._path, self._encoding, self._delimiter = path, encoding, delimiter
        self._count, self._head = count, head
        self._stream: Any = None
        self._next = 0  # index of the row the stream gives next
        self._current: tuple[int, list[Any]] = (-1, [])
        self._shared: dict[str, str] = {}

    def __len__(self) -> int:
        return self._count

    def __iter__(self):
        return (self[i] for i in range(self._count))

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(self._count))]
        if index < 0:
            index += self._count
        if not 0 <= index < self._count:
            raise IndexError(index)
        if index < len(self._head):
            return self._head[index]
        if self._current[0] == index:
            return self._current[1]
        if self._stream is None or index < self._next:
            self._stream = _csv_rows(self._path, self._encoding, self._delimiter, self._shared)
            self._next = 0
        row: list[Any] = []
        while self._next <= index:
            _, row = next(self._stream)
            self._next += 1
        self._current = (index, row)
        return row

    def __setitem__(self, index: int, value: list[Any]) -> None:
        if 0 <= index < len(self._head):
            self._head[index] = value


def _ends_inside_quotes(path: Path, encoding: str, delimiter: str) -> bool:
    """Whether a quoted field is still open at the end of the file (csv's strict mode says so)."""
    try:
        with open(path, encoding=encoding, newline="") as fh:
            for _ in csv.reader(fh, delimiter=delimiter, strict=True):
                pass
    except csv.Error as exc:
        return "end of data" in str(exc)
    return False


def _csv_delimiter(text: str) -> str:
    """Comma, tab or semicolon: the one that splits the most of the first lines into the same number (≥ 2)
    of cells, quotes respected.

    csv.Sniffer is fooled by title rows above the header and by a comma inside a semicolon-separated value
    (高企,科小); a table's rows all having as many cells as its header is what tells the delimiter. Ties go to
    the comma.
    """
    from collections import Counter

    sample = [line for line in text.splitlines()[:60] if line.strip()][:50]
    best, best_score = ",", (0, 0)
    for delimiter in (",", "\t", ";"):
        try:
            widths = Counter(len(r) for r in csv.reader(sample, delimiter=delimiter) if len(r) >= 2)
        except csv.Error:
            continue
        if widths:
            width, rows = max(widths.items(), key=lambda item: (item[1], item[0]))
            if (rows, width) > best_score:
                best, best_score = delimiter, (rows, width)
    return best
