"""County forms -> Records: find the header, map the columns, normalise the values, keep provenance.

Row-level problems (an ID Excel turned into a number, a bad check digit, an unreadable date) become Findings on
the row (rule codes D01…); only an unusable file or a missing required column stops the run (exit 2).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from fuzong_cli.errors import FuzongError
from fuzong_cli.marker import Marker
from fuzong_cli.read import values as V
from fuzong_cli.read.headers import (
    KindSpec,
    clean_header,
    closest_headers,
    find_header,
    kind_spec,
    suggest,
)
from fuzong_cli.read.workbook import UNCACHED_MESSAGE, RawSheet, UncachedFormula, read_sheets
from fuzong_cli.records import FAIL, NOTICE, REVIEW, Finding, Record

PROVENANCE = ("来源文件", "来源工作表", "来源行号")
#: columns fuzong itself adds to its outputs; dropped when such an output is read back
OWN_COLUMNS = {"校验结论", "问题说明", "优先支持", "重复标记", "读取问题", "序号"}
#: side sheets of fuzong's own outputs (校验结果 / 配对结果 / 考核结果 are the data sheets)
OWN_SHEETS = {
    "说明",
    "问题清单",
    "汇总",
    "候选名单",
    "未匹配",
    "名额分配",
    "图表",
    "补助汇总",
    "名单",
    "待办",
    "协议清单",
    "下拉选项",  # fuzong forms: the hidden sheet of long drop-down lists
    "打印版",  # the print version of 考核结果 / 校验结果 (打印版-专家意向表 beside 校验结果-专家意向表)
}


def own_sheet(name: str) -> bool:
    """A side sheet of fuzong's own outputs (never data): OWN_SHEETS, and 打印版-<kind>."""
    return name in OWN_SHEETS or name.startswith("打印版-")


NOTE_STARTS = ("注", "说明", "填表说明", "填报说明", "备注", "附注", "附：", "备注：")
TOTAL_STARTS = ("合计", "总计", "小计")
#: the sign-off block under a county's table: 填报人：…  审核人：…  （单位盖章）  2026年3月1日  以上信息真实有效
_FOOTER = re.compile(
    r"^(?:(?:填报|填表|审核|审批|经办|负责|制表|复核|核对|统计)人?|联系人|联系电话|电话|手机|"
    r"(?:填报|填表|制表|报送)?日期|(?:单位|主要|分管)?负责人|分管领导|主管领导|领导签字|签字|"
    r"(?:填报|报送)单位(?:[（(]\s*盖章\s*[）)])?)\s*[:：]"
    r"|^[（(]?\s*(?:填报单位|单位|部门)?\s*[（(]?\s*(?:盖章|签章|公章|签字|签名)\s*[）)]?\s*[）)]?[:：]?$"
    r"|^(?:[0-9０-９]{4}\s*年\s*[0-9０-９]{1,2}\s*月(?:\s*[0-9０-９]{1,2}\s*日)?|[0-9]{4}[-./][0-9]{1,2}[-./][0-9]{1,2})$"
    r"|^以上"
)

# Data finding codes (reader). Rule codes E…/N…/X… belong to the policy rules.
D_REQUIRED = "D01"
D_ID_NUMERIC = "D02"
D_ID_INVALID = "D03"
D_ID_REVIEW = "D04"
D_USCC = "D05"
D_DATE = "D06"
D_NUMBER = "D07"
D_BOOL = "D08"
D_CHOICE = "D09"
D_NAME_DIGITS = "D10"
D_CELL_CUT = "D11"
#: Excel's limit on the characters of one cell: longer text is cut, with a finding on the row
CELL_MAX_CHARS = 32_767
D_MERGED = "D12"
_NAME_ID = "姓名中含有身份证号或手机号，请改为只填姓名；公示名单、公示通知和协议文件名中的号码已隐去"
_NAME_DIGITS = "姓名中含有数字，请核对是否误填了其他内容"
D_FORMULA = "D13"


def no_rows_message(paths: Sequence[Path]) -> str:
    """The one message for forms that have a header but not a single data row."""
    names = "、".join(Path(p).name for p in paths)
    return f"{names} 中没有数据行（只有表头或全是空行），请检查是否发错了文件，或填好后再运行。"


@dataclass
class ReadResult:
    records: list[Record] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)
    kinds: dict[str, str] = field(default_factory=dict)  # file name -> kind detected
    extra_headers: list[str] = field(default_factory=list)  # unmapped headers, in first-seen order


def read_records(paths: Sequence[Path], kind: str) -> ReadResult:
    """Read every sheet of every file whose headers match ``kind`` ("needs", "experts", "ledger", …).

    ``kind`` may be "auto" (or "auto:needs,experts") to tell need forms from expert forms by their headers,
    sheet by sheet: a workbook with a 企业需求 sheet and a 专家意向 sheet (or a validate output holding both)
    gives records of both kinds. ``kinds`` names each file's main kind.
    """
    result = ReadResult()
    for path in paths:
        path = Path(path)
        sheets = read_sheets(path)
        file_kind = _detect_kind(path, sheets, kind) if kind.startswith("auto") else kind
        result.kinds[path.name] = file_kind
        result.files.append(path)
        groups = _sheets_by_kind(sheets, kind, file_kind) if kind.startswith("auto") else {kind: sheets}
        for sheet_kind, group in groups.items():
            _read_file(path, group, kind_spec(sheet_kind), result)
    return result


def _sheets_by_kind(sheets: list[RawSheet], kind: str, file_kind: str) -> dict[str, list[RawSheet]]:
    """Sheets grouped by the kind their headers show. A sheet goes to another kind than the file's main one
    only when it matches that kind better and has all its required columns; every other sheet stays with the
    main kind (and is read or reported skipped there, as before)."""
    groups: dict[str, list[RawSheet]] = {file_kind: []}
    for sheet in sheets:
        best, best_score = file_kind, -1
        if not sheet.hidden:
            main = find_header(sheet.rows, kind_spec(file_kind), sheet.merged)
            best_score = main.score if main else -1
            for candidate in _candidates(kind):
                if candidate == file_kind:
                    continue
                spec = kind_spec(candidate)
                match = find_header(sheet.rows, spec, sheet.merged)
                complete = match is not None and all(n in match.columns.values() for n in spec.required)
                if complete and match.score > best_score:
                    best, best_score = candidate, match.score
        groups.setdefault(best, []).append(sheet)
    return groups


def _candidates(kind: str) -> list[str]:
    if ":" in kind:
        return [k for k in kind.split(":", 1)[1].split(",") if k]
    return ["needs", "experts"]


def _detect_kind(path: Path, sheets: list[RawSheet], kind: str) -> str:
    best_kind, best_score = None, 0
    for candidate in _candidates(kind):
        spec = kind_spec(candidate)
        for sheet in [s for s in sheets if not s.hidden] or sheets:
            match = find_header(sheet.rows, spec, sheet.merged)
            if match and match.score > best_score:
                best_kind, best_score = candidate, match.score
    if best_kind is None:
        titles = "、".join(kind_spec(k).title for k in _candidates(kind))
        raise FuzongError(_no_header_message(path, sheets, None, titles))
    return best_kind


def _no_header_message(path: Path, sheets: list[RawSheet], spec: KindSpec | None, titles: str) -> str:
    nonempty = [s for s in sheets if any(any(c not in (None, "") for c in r) for r in s.rows)]
    if not nonempty:
        return f"{path.name} 是空的工作簿（没有任何数据），请检查是否发错了文件。"
    sheet = max(nonempty, key=lambda s: len(closest_headers(s.rows)[1]))
    row_index, seen = closest_headers(sheet.rows)
    need = "、".join(f"“{n}”" for n in spec.required) if spec else ""
    shown = "、".join(seen[:8]) if seen else "（无）"
    wanted = f"需要的必填列：{need}。" if need else ""
    return (
        f"{path.name} 中找不到{titles}的表头。{wanted}"
        f"最像表头的是工作表“{sheet.name}”第{sheet.first_row + row_index}行：{shown}。请核对列名或换用标准表格（fuzong forms）。"
    )


def _read_file(path: Path, sheets: list[RawSheet], spec: KindSpec, result: ReadResult) -> None:
    used = 0
    missing_required: list[tuple[RawSheet, list[str], list[str]]] = []
    hidden_forms: list[str] = []
    ours = fuzong_marker(sheets)
    if ours and ours.data_sheets and not set(ours.data_sheets) & {s.name for s in sheets}:
        # the staff renamed the data sheet (配对结果 → Sheet1) before giving the output back: read it as an
        # output without that list (every sheet but fuzong's side sheets)
        ours = replace(ours, data_sheets=())
    for sheet in sheets:
        if ours and not holds_data(ours, sheet.name):
            continue  # 名单, 候选名单… of fuzong's own output: never data, even when their headers look like it
        if not any(any(c not in (None, "") for c in row) for row in sheet.rows):
            result.skipped.append(f"{path.name} 工作表“{sheet.name}”：空白，已跳过")
            continue
        match = find_header(sheet.rows, spec, sheet.merged)
        if sheet.hidden:  # what the county sees in Excel is what it sent; a hidden sheet is said, not read
            if match is not None:
                hidden_forms.append(sheet.name)
            if own_sheet(sheet.name) and match is None:
                continue
            result.skipped.append(
                f"{path.name} 工作表“{sheet.name}”：隐藏的工作表，已跳过（如需读取，请在 Excel/WPS 中取消隐藏）"
            )
            continue
        # fuzong's own side sheets, and in its own output a data sheet of another kind (校验结果-专家意向表
        # when needs are read): expected, skipped quietly
        own = ours or own_sheet(sheet.name)
        if match is None:
            if not own:
                result.skipped.append(f"{path.name} 工作表“{sheet.name}”：找不到{spec.title}的表头，已跳过")
            continue
        missing = [n for n in spec.required if n not in match.columns.values()]
        if missing and own:
            continue
        if missing:
            missing_required.append((sheet, missing, list(match.labels.values())))
            result.skipped.append(
                f"{path.name} 工作表“{sheet.name}”：缺少必填列 {'、'.join(missing)}，已跳过"
            )
            continue
        used += 1
        _read_rows(path, sheet, match, spec, result)
    if used:
        return
    if hidden_forms:
        names = "、".join(f"“{n}”" for n in hidden_forms)
        raise FuzongError(
            f"{path.name} 中的{spec.title}只在隐藏的工作表{names}里。"
            "请在 Excel/WPS 中取消隐藏（右键工作表标签 → 取消隐藏）后保存，再重新运行。"
        )
    if missing_required:
        sheet, missing, seen = missing_required[0]
        hints = []
        for name in missing:
            near = suggest(name, seen)
            hints.append(f"“{name}”" + (f"（最接近的列是“{near}”）" if near else ""))
        raise FuzongError(
            f"{path.name} 工作表“{sheet.name}”缺少必填列：{'、'.join(hints)}。"
            f"请补上这一列或把列名改成标准名称后重新运行。"
        )
    raise FuzongError(_no_header_message(path, sheets, spec, spec.title))


def fuzong_marker(sheets: list[RawSheet]) -> Marker | None:
    """The marker of a workbook fuzong wrote (``fuzong_cli.marker``), found in whichever sheet carries it.

    Outputs written before the marker existed are recognised by their 说明 sheet's ``命令 | fuzong …`` row; their
    data sheets are then told from the side sheets by name (``own_sheet``), as those versions did.
    """
    from fuzong_cli.marker import marker_in_rows

    for sheet in sheets:
        if len(sheet.rows) <= _MARKER_SCAN:
            found = marker_in_rows(sheet.rows)
            if found is not None:
                return found
    for sheet in sheets:
        if sheet.name != "说明":
            continue
        for row in sheet.rows[:5]:
            if (
                len(row) >= 2
                and str(row[0] or "").strip() == "命令"
                and str(row[1] or "").startswith("fuzong ")
            ):
                return Marker(str(row[1]).split()[-1], None, "", 0, ())
    return None


#: the 说明 sheet is short; a sheet longer than this is data and is not searched for the marker
_MARKER_SCAN = 2000


def holds_data(marker: Marker, sheet: str) -> bool:
    """Whether a sheet of a fuzong output holds its data rows: the ones its marker names; for an output without
    that list (written before the marker), every sheet but the side sheets fuzong names (``own_sheet``)."""
    return sheet in marker.data_sheets if marker.data_sheets else not own_sheet(sheet)


def cell_text(value: Any) -> str:
    """A cell as the user saw it in Excel, as text."""
    if type(value) is str:
        return value
    if value is None or isinstance(value, UncachedFormula):
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        if abs(value) >= 1e15:
            mantissa, exponent = f"{value:.14E}".split("E")
            return f"{mantissa.rstrip('0').rstrip('.')}E+{int(exponent):02d}"
        return repr(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time(0) else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _is_note_row(texts: list[str]) -> bool:
    first = texts[0] if texts else ""
    return len(texts) <= 2 and (
        first.startswith(NOTE_STARTS) or first[:2] in ("1.", "2.", "3.", "1、", "2、")
    )


def _nonblank(row: list[Any]) -> list[str]:
    out = []
    for c in row:
        if c is None or c == "":
            continue
        text = (c if type(c) is str else cell_text(c)).strip()
        if text:
            out.append(text)
    return out


def _read_rows(path: Path, sheet: RawSheet, match, spec: KindSpec, result: ReadResult) -> None:
    provenance_cols: dict[str, int] = {}
    extra_cols: dict[int, str] = {}
    header_row = list(sheet.rows[match.row])
    if match.top >= 0:  # two-level header: a column's label is on the lower row, or on the upper one alone
        upper = sheet.rows[match.top]
        header_row += [None] * max(0, len(upper) - len(header_row))
        header_row = [
            low if cell_text(low).strip() else upper[j] if j < len(upper) else None
            for j, low in enumerate(header_row)
        ]
    for j, value in enumerate(header_row):
        if j in match.columns:
            continue
        label = cell_text(value).strip()
        cleaned = clean_header(label)
        if cleaned in PROVENANCE:
            provenance_cols[cleaned] = j
        elif label and cleaned not in OWN_COLUMNS:
            # a second 备注 / 联系电话 column keeps its values under 备注（2）: never two columns of one name
            base = label.replace("\n", "")
            taken = set(match.columns.values()) | set(extra_cols.values())
            name, n = base, 1
            while name in taken:
                n += 1
                name = f"{base}（{n}）"
            extra_cols[j] = name
            if name not in result.extra_headers:
                result.extra_headers.append(name)
    columns = [(j, spec.field(name)) for j, name in match.columns.items()]
    spans = _header_spans(sheet, match, header_row)
    release = len(sheet.rows) > 10_000
    filled = _fill_merged(path, sheet, match, spans, len(header_row), result)
    data_cols = [j for j, f in columns if f.name != "序号"]
    required_cols = [j for j, f in columns if f.required]
    labels = set(match.labels.values())
    memo: dict = {}
    in_notes = False
    template_rows: list[int] = []  # rows with every required cell empty: blank rows of a pre-filled template
    footer_rows: list[int] = []
    for i in range(match.row + 1, len(sheet.rows)):
        row = sheet.rows[i]
        width = len(row)
        if not any((row[j] is not None and row[j] != "") for j in data_cols if j < width):
            if in_notes or not _nonblank(row):
                continue
            texts = _nonblank(row)
            if _is_note_row(texts) and texts[0].startswith(NOTE_STARTS):
                in_notes = True
            continue
        texts = _nonblank(row)
        total_label = _total_label(texts)
        if total_label:  # 合计/总计/小计 rows (鹿城区小计, 合　计), however many sums they carry
            result.skipped.append(
                f"{path.name} 工作表“{sheet.name}”第{sheet.first_row + i}行：{total_label}行，已跳过"
            )
            continue
        if len(texts) <= 4 and all(_FOOTER.search(t) for t in texts):
            footer_rows.append(sheet.first_row + i)  # 填报人：… 审核人：… （盖章） 日期
            continue
        if len(texts) <= 3:
            if _is_note_row(texts) and (in_notes or texts[0].startswith(NOTE_STARTS)):
                in_notes = True
                continue
            if in_notes and len(texts) <= 2:
                continue
        if sum(1 for t in texts if t in labels) * 2 >= len(texts):
            continue  # a repeated header row (printed forms repeat it)
        if not any(cell_text(row[j]).strip() for j in data_cols if j < width):
            continue
        if required_cols and not any(cell_text(row[j]).strip() for j in required_cols if j < width):
            template_rows.append(sheet.first_row + i)  # only 县（市、区）/是否 defaults filled in: not a row
            continue
        if spans:
            row = _join_spanned(row, spans)
        record = _make_record(path, sheet, i, row, columns, spec, provenance_cols, extra_cols, memo)
        if i in filled or spans:
            _merge_findings(record, sheet, i, filled.get(i, {}), dict(columns), spans, sheet.rows[i])
        result.records.append(record)
        if release:
            sheet.rows[i] = _EMPTY_ROW  # the record holds what the row said: a big sheet is not held twice
    if footer_rows:
        result.skipped.append(
            f"{path.name} 工作表“{sheet.name}”{_row_ranges(footer_rows)}：落款（填报人、审核人、盖章、日期），已跳过"
        )
    if template_rows:
        needed = "、".join(f.name for _, f in columns if f.required)
        result.skipped.append(
            f"{path.name} 工作表“{sheet.name}”{_row_ranges(template_rows)}：{needed}都是空的"
            f"（只有预填的默认值），按空白行跳过；如果这些是要报送的数据，请补上{needed}"
        )


#: a merged range in the data area wider than this many columns is a banner or a note, not a value
_MERGE_MAX_WIDTH = 3
#: never fill more cells than this from merged ranges (a damaged file merging a whole sheet)
_MERGE_MAX_CELLS = 2_000_000
_NUMERIC = ("int", "number", "percent")


def _header_spans(sheet: RawSheet, match, header_row: list[Any]) -> dict[int, int]:
    """Header cells merged across columns (``需求描述`` over C:D): first column -> last column, when the
    columns under it carry no label of their own. The data under all of them belongs to that one field."""
    spans: dict[int, int] = {}
    for r1, c1, r2, c2 in sheet.merged:
        if not (r1 <= match.row <= r2) or c2 <= c1 or c1 not in match.columns:
            continue
        if all(j >= len(header_row) or not cell_text(header_row[j]).strip() for j in range(c1 + 1, c2 + 1)):
            if not any(j in match.columns for j in range(c1 + 1, c2 + 1)):
                spans[c1] = c2
    return spans


def _fill_merged(path, sheet: RawSheet, match, spans: dict[int, int], width: int, result: ReadResult):
    """Fill merged ranges of the data area the way a reader of the sheet reads them: the value of the top-left
    cell belongs to every cell of the range (a county merged down 10 rows, an enterprise merged over its two
    needs). Returns row -> {column: (source row, source column)} for the cells filled.

    Not filled: banners and notes (wider than _MERGE_MAX_WIDTH columns, or 注：/合计 text), and the columns of
    one header span (one field: the value is already in its first column).
    """
    filled: dict[int, dict[int, tuple[int, int]]] = {}
    down: dict[int, list[int]] = {}
    budget = _MERGE_MAX_CELLS
    for r1, c1, r2, c2 in sorted(sheet.merged):
        if r1 <= match.row or r1 >= len(sheet.rows) or c1 >= width:
            continue
        source = sheet.rows[r1][c1] if c1 < len(sheet.rows[r1]) else None
        if source is None or (type(source) is str and not source.strip()):
            continue
        text = cell_text(source).strip()
        if c2 - c1 + 1 > _MERGE_MAX_WIDTH or text.startswith((*NOTE_STARTS, *TOTAL_STARTS)):
            continue
        same_field = spans.get(c1, c1)
        last_row, last_col = min(r2, len(sheet.rows) - 1), min(c2, width - 1)
        for r in range(r1, last_row + 1):
            row = sheet.rows[r]
            for c in range(c1, last_col + 1):
                if (r, c) == (r1, c1) or (r == r1 and c <= same_field):
                    continue
                if c <= same_field and c > c1:  # below the first row, a span's other columns stay empty
                    continue
                if budget <= 0:
                    return filled
                if len(row) <= c:
                    row = sheet.rows[r] = [*row, *([None] * (c + 1 - len(row)))]
                elif filled.get(r) is None:
                    row = sheet.rows[r] = list(row)  # rows may share one list (sparse reader): copy first
                if row[c] is None or row[c] == "":
                    row[c] = source
                    filled.setdefault(r, {})[c] = (r1, c1)
                    budget -= 1
                    if r > r1 and c == c1 and c in match.columns:
                        down.setdefault(c, []).append(sheet.first_row + r)
    if down:
        parts = []
        for c, rows in sorted(down.items()):
            parts.append(f"“{match.columns[c]}”{_row_ranges(sorted(set(rows)))}")
        result.skipped.append(
            f"{path.name} 工作表“{sheet.name}”：合并单元格已按合并区域填入每一行（{'；'.join(parts)}）"
        )
    return filled


def _join_spanned(row: list[Any], spans: dict[int, int]) -> list[Any]:
    """Under a header merged over columns C:D, the texts of C and D together are the field's value."""
    row = list(row)
    for c1, c2 in spans.items():
        parts = []
        for j in range(c1, min(c2, len(row) - 1) + 1):
            text = cell_text(row[j]).strip()
            if text and text not in parts:
                parts.append(text)
        if len(parts) > 1:
            row[c1] = " ".join(parts)
    return row


def _merge_findings(record, sheet, i, cells, fields, spans, row) -> None:
    """Where filling a merged range changes what a row says: a number repeated on every row (a total counted
    twice), one value given to two different fields, two columns under one merged header joined."""
    for c, (r1, c1) in sorted(cells.items()):
        fspec = fields.get(c)
        if fspec is None:
            continue
        rows = f"第{sheet.first_row + r1}行起"
        if c != c1 and c1 in fields and fields[c1].name != fspec.name:
            record.add(
                Finding(
                    D_MERGED,
                    REVIEW,
                    fspec.name,
                    f"“{fields[c1].name}”和“{fspec.name}”是同一个合并单元格（{rows}），同一内容已填入两列，请核对",
                    "",
                )
            )
        elif i != r1 and fspec.type in _NUMERIC:
            record.add(
                Finding(
                    D_MERGED,
                    REVIEW,
                    fspec.name,
                    f"“{fspec.name}”是跨行的合并单元格（{rows}），数值已填入每一行，合计时可能重复计算，请核对",
                    "",
                )
            )
    for c1, c2 in spans.items():
        if (
            c1 in fields
            and sum(1 for j in range(c1, min(c2, len(row) - 1) + 1) if cell_text(row[j]).strip()) > 1
        ):
            record.add(
                Finding(
                    D_MERGED,
                    NOTICE,
                    fields[c1].name,
                    f"表头“{fields[c1].name}”合并了{c2 - c1 + 1}列，这几列的内容已合在一起读取",
                    "",
                )
            )


def _total_label(texts: list[str]) -> str:
    """The label of a subtotal/total row (``合计``, ``合 计``, ``鹿城区小计``), or "" for a data row. The label
    is the first text, or the second when the first is only a 序号."""
    for text in texts[:2]:
        label = "".join(text.split())
        if label.startswith(TOTAL_STARTS) or (label.endswith(TOTAL_STARTS) and len(label) <= 12):
            return label
        if not label.isdigit():
            break
    return ""


def is_total_label(text: str) -> bool:
    """Whether a county (or any one cell) reads as 小计/合计/总计."""
    return bool(_total_label([str(text or "")]))


def _row_ranges(rows: list[int]) -> str:
    """``第3–8、12行`` for rows 3,4,5,6,7,8,12."""
    parts: list[str] = []
    start = prev = rows[0]
    for r in [*rows[1:], None]:
        if r is not None and r == prev + 1:
            prev = r
            continue
        parts.append(f"{start}–{prev}" if prev > start else f"{start}")
        if r is not None:
            start = prev = r
    return f"第{'、'.join(parts)}行"


_EMPTY_ROW: list[Any] = []
_COMPACT_CLASSES: dict[tuple[str, str], type] = {}


def _compact_dict(kind: str, part: str) -> dict[str, Any]:
    """An empty dict that shares its key table with every other record of the same kind (an instance
    ``__dict__``, PEP 412): a plain dict, a third of the memory, so a million rows fit (issue 12)."""
    cls = _COMPACT_CLASSES.get((kind, part))
    if cls is None:
        cls = _COMPACT_CLASSES[(kind, part)] = type(f"_{part}", (), {})
    return cls().__dict__


_REQUIRED_FINDINGS: dict[str, Finding] = {}


def _required_finding(name: str) -> Finding:
    """Findings are immutable: one instance per required field serves every row that left it empty."""
    found = _REQUIRED_FINDINGS.get(name)
    if found is None:
        found = _REQUIRED_FINDINGS[name] = Finding(D_REQUIRED, FAIL, name, f"必填项“{name}”为空", "填表要求")
    return found


def _make_record(path, sheet, i, row, columns, spec: KindSpec, provenance_cols, extra_cols, memo) -> Record:
    width = len(row)
    cut: dict[int, int] = {}

    def at(j: int) -> Any:
        value = row[j] if 0 <= j < width else None
        if type(value) is str and len(value) > CELL_MAX_CHARS:  # Excel holds no more: cut, and say so
            cut[j] = len(value)
            value = value[:CELL_MAX_CHARS]
        return value

    source_file, source_sheet, source_row = path.name, sheet.name, sheet.first_row + i
    if provenance_cols:
        f = cell_text(at(provenance_cols.get("来源文件", -1)))
        s = cell_text(at(provenance_cols.get("来源工作表", -1)))
        r = cell_text(at(provenance_cols.get("来源行号", -1)))
        source_file, source_sheet = f or source_file, s or source_sheet
        source_row = int(r) if r.isdigit() else source_row
    values: dict[str, Any] = _compact_dict(spec.kind, "values")
    raw: dict[str, str] = _compact_dict(spec.kind, "raw")
    findings: list[Finding] = []
    derived: dict[str, Any] = {}
    for j, fspec in columns:
        value = at(j)
        key = (fspec.name, type(value), value)
        hit = memo.get(key) if fspec.type not in ("id", "uscc") else None
        if hit is None:
            hit = (*normalise_cell(fspec, value), cell_text(value))
            if fspec.type not in ("id", "uscc") and len(memo) < 200_000:
                memo[key] = hit
        value, found, extras, raw[fspec.name] = hit  # a repeated cell shares its text with earlier rows
        values[fspec.name] = list(value) if type(value) is list else value  # memoised lists are not shared
        findings.extend(found)
        derived.update(extras)
    record = Record(
        kind=spec.kind,
        values=values,
        raw=raw,
        source_file=source_file,
        source_sheet=source_sheet,
        source_row=source_row,
        findings=findings,
    )
    for j, label in extra_cols.items():
        text = cell_text(at(j))
        if text:
            record.extra[label] = text
    for name in spec.required:
        if values.get(name) in (None, "", []):
            record.add(_required_finding(name))
    labels = {j: f.name for j, f in columns} | extra_cols
    for j, length in sorted(cut.items()):
        label = labels.get(j, f"第{j + 1}列")
        record.add(
            Finding(
                D_CELL_CUT,
                REVIEW,
                label,
                f"“{label}”有 {length:,} 个字符，超过 Excel 单元格上限 32,767 个字符，"
                f"输出中只保留了前 32,767 个字符，请核对（原文件未改动）",
                "",
            )
        )
    _derive(record, derived)
    return record


_NO_EXTRAS: dict[str, Any] = {}
_DIVISIONS: dict[str, str] = {}  # 注册地代码: a few hundred distinct values shared by a million rows


def normalise_cell(fspec, value: Any) -> tuple[Any, tuple[Finding, ...], dict[str, Any]]:
    """One cell -> (normalised value, data findings, derived values). Pure, so repeated values are memoised."""
    name, kind = fspec.name, fspec.type
    if value is None or (type(value) is str and not value.strip()):
        return None, (), _NO_EXTRAS
    if isinstance(value, UncachedFormula):
        return None, (Finding(D_FORMULA, REVIEW, name, UNCACHED_MESSAGE, ""),), _NO_EXTRAS
    if kind == "id":
        idv = V.check_id_number(value)
        found: tuple[Finding, ...] = ()
        if idv.problem:
            numeric = idv.problem == V.ID_LOST
            code = D_ID_NUMERIC if numeric else (D_ID_REVIEW if idv.review else D_ID_INVALID)
            level = REVIEW if idv.review else FAIL
            found = (Finding(code, level, name, idv.problem, "GB 11643"),)
        return idv.value or None, found, {"id_birth": idv.birth, "id_sex": idv.sex}
    if kind == "uscc":
        uv = V.check_uscc(value)
        found = (Finding(D_USCC, FAIL, name, uv.problem, "GB 32100"),) if uv.problem else ()
        code = value if uv.value == value else uv.value  # one string for raw and value when unchanged
        division = (
            _DIVISIONS.setdefault(uv.division, uv.division) if len(_DIVISIONS) < 10_000 else uv.division
        )
        return code or None, found, {"division": division}
    if kind == "date":
        dv = V.parse_date(value)
        found = (Finding(D_DATE, REVIEW, name, dv.problem, ""),) if dv.problem else ()
        return dv.value, found, _NO_EXTRAS
    if kind in ("int", "number", "percent"):
        nv = V.parse_number(value)
        if nv.problem:
            return None, (Finding(D_NUMBER, REVIEW, name, nv.problem, ""),), _NO_EXTRAS
        if nv.value is None:
            return None, (), _NO_EXTRAS
        if kind == "int" and float(nv.value).is_integer():
            return int(nv.value), (), _NO_EXTRAS
        if kind == "percent" and isinstance(value, (int, float)) and 0 < nv.value < 1:
            return nv.value * 100, (), _NO_EXTRAS  # a percent-formatted cell (5%) arrives as 0.05
        return nv.value, (), _NO_EXTRAS
    if kind == "bool":
        flag, problem = V.parse_bool_checked(value, phrases=True)
        found = (Finding(D_BOOL, REVIEW, name, problem, ""),) if problem else ()
        return flag, found, _NO_EXTRAS
    if kind == "list":
        return V.parse_list(value), (), _NO_EXTRAS
    text = V.one_line_text(cell_text(value))
    if type(value) is str and text == value:
        text = value  # one string object for the raw and the normalised value, not two equal copies
    if kind == "name":
        name_text = "".join(text.split())
        if any(ch.isdigit() for ch in name_text):  # 王五330302197705120211: an ID or phone in the name
            from fuzong_cli.write.masking import has_personal

            if has_personal(name_text):
                return name_text, (Finding(D_NAME_DIGITS, REVIEW, name, _NAME_ID, "填表要求"),), _NO_EXTRAS
            return name_text, (Finding(D_NAME_DIGITS, NOTICE, name, _NAME_DIGITS, "填表要求"),), _NO_EXTRAS
        return name_text, (), _NO_EXTRAS
    if kind == "phone":
        phone = V.to_halfwidth(text).replace(" ", "")
        return (text if phone == text else phone), (), _NO_EXTRAS
    if kind == "choice":
        choice = (
            V.to_halfwidth(text).strip().upper() if fspec.choices and fspec.choices[0].isascii() else text
        )
        choice = choice.removesuffix("型").removesuffix("企业") if choice not in fspec.choices else choice
        if choice not in fspec.choices:
            allowed = "/".join(fspec.choices)
            return (
                text,
                (Finding(D_CHOICE, REVIEW, name, f"“{text}”不是可选值（{allowed}）", ""),),
                _NO_EXTRAS,
            )
        return choice, (), _NO_EXTRAS
    return text, (), _NO_EXTRAS


def _derive(record: Record, derived: dict[str, Any]) -> None:
    """Values every rule needs, computed once: title and degree levels, birth date and sex, division code."""
    values = record.values
    id_birth = derived.get("id_birth")
    if record.kind == "experts":
        title = values.get("职称")
        values["职称级别"] = V.title_level(title) if title else None
        values["学历级别"] = V.degree_level(*(values.get(k) or "" for k in ("学历", "学位")))
        values["出生日期"] = id_birth or values.get("出生年月")
        values["身份证出生日期"] = id_birth
        if not values.get("性别") and derived.get("id_sex"):
            values["性别"] = derived["id_sex"]
    if record.kind == "needs":
        values["注册地代码"] = derived.get("division")


#: the kinds of file staff may give publicity/agreements by mistake, told apart from a 配对结果 by its headers
OTHER_KINDS = ("needs", "experts", "ledger", "history")


def ensure_pairs_file(path: Path, command: str) -> None:
    """Stop (exit 2) when ``path`` is a need form, an expert form, a ledger or an evaluation rather than a
    配对结果: its headers match that kind better (a need form's 联系人 must never be published as nominees)."""
    sheets = [s for s in read_sheets(path) if not s.hidden]

    def best(kind: str) -> int:
        spec = kind_spec(kind)
        scores = [m.score for s in sheets if (m := find_header(s.rows, spec, s.merged)) is not None]
        return max(scores, default=0)

    pairs_score = best("pairs")
    other, other_score = max(((k, best(k)) for k in OTHER_KINDS), key=lambda kv: kv[1])
    if other_score > pairs_score:
        title = kind_spec(other).title
        raise FuzongError(
            f"{path.name} 看起来是{title}，不是配对结果。{command} 需要 fuzong match 输出的配对结果工作簿"
            "（有“企业名称”“专家姓名”列的“配对结果”表），请换成配对结果再运行。"
        )
