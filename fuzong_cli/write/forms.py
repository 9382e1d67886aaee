"""Blank forms (SPEC §1 `forms`): title row, header row with hints as comments, drop-downs, text ID columns.

`validate` reads them back unchanged: the header row is found under the title row like any county form. A
blank form comes back filled in as an INPUT, so its fuzong marker is in the workbook's document properties
(description), never in a 说明 sheet: the reader recognises fuzong's outputs by a 说明 marker row and would
otherwise read a filled form as one of them.
"""

from __future__ import annotations

from pathlib import Path

from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from fuzong_cli.runs.forms import BlankForm, FormsReport
from fuzong_cli.write.fastxlsx import PORTRAIT_UNITS, page_layout, paper_for
from fuzong_cli.write.workbook import (
    BOLD,
    HEADER_FILL,
    THIN_BORDER,
    apply_page_setup,
    new_book,
    save_atomic,
    set_value,
)

TITLE_CHOICES = "正高级,教授,研究员,正高级工程师,副教授,副研究员,高级工程师,高级实验师,讲师,助理研究员,工程师,其他（请填写全称）"
DEGREE_CHOICES = "博士,硕士,学士,专科"
EDUCATION_CHOICES = "博士研究生,硕士研究生,大学本科,大学专科"
YES_NO = "是,否"
TEXT_TYPES = {"id", "uscc", "phone"}
DATA_ROWS = 500

HINTS = {
    "id": "18位身份证号，请按文本填写（本列已设为文本格式），末位X大写。",
    "uscc": "18位统一社会信用代码，本列已设为文本格式。",
    "date": "日期，例如 2026-03-01 或 2026年3月。",
    "bool": "填“是”或“否”。",
    "list": "多项用顿号“、”分隔。",
    "number": "填数字，例如 45。",
    "int": "填整数。",
    "percent": "填百分比数字，例如 3.5 表示 3.5%。",
}


def _choices_for(name: str, ftype: str, policy) -> str | None:
    counties = policy.data.get("counties") or []
    if name == "县（市、区）" and counties:
        return ",".join(counties)
    if name == "职称":
        return TITLE_CHOICES
    if name == "学位":
        return DEGREE_CHOICES
    if name == "学历":
        return EDUCATION_CHOICES
    if ftype == "bool":
        return YES_NO
    return None


#: hidden sheet holding drop-down lists too long for Excel's 255-character inline list (many counties)
LIST_SHEET = "下拉选项"


def _list_formula(wb, options: str) -> str:
    """An inline list ``"a,b,c"`` when Excel allows it (≤ 255 characters), else a range on the hidden
    下拉选项 sheet, so a custom policy with many counties still gets its drop-down."""
    if len(options) <= 255:
        return f'"{options}"'
    if LIST_SHEET in wb.sheetnames:
        sheet = wb[LIST_SHEET]
    else:
        sheet = wb.create_sheet(LIST_SHEET)
        sheet.sheet_state = "hidden"
    column = (sheet.max_column + 1) if sheet.max_row > 1 or sheet["A1"].value is not None else 1
    items = options.split(",")
    for i, item in enumerate(items, start=1):
        set_value(sheet.cell(row=i, column=column), item)
    letter = get_column_letter(column)
    return f"'{LIST_SHEET}'!${letter}$1:${letter}${len(items)}"


def _write_form(folder: Path, form: BlankForm, policy, year: int | None = None) -> Path:
    from fuzong_cli.marker import make_marker

    fields = [(c.name, c.type, c.required, c.choices) for c in form.columns]
    wb = new_book()
    ws = wb.create_sheet(form.title)
    city = policy.data.get("city") or ""
    title = f"{city}{year}年度科技副总{form.title}" if year else f"{city}科技副总{form.title}"
    set_value(ws.cell(row=1, column=1), title)
    ws.cell(row=1, column=1).font = Font(bold=True, size=14)
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(fields))
    set_value(ws.cell(row=2, column=1), "填报单位：                填报日期：")
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=len(fields))
    header_row = 3
    for j, (name, ftype, required, choices) in enumerate(fields, start=1):
        cell = ws.cell(row=header_row, column=j)
        set_value(cell, f"{name}*" if required else name)
        cell.font = BOLD
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        letter = get_column_letter(j)
        ws.column_dimensions[letter].width = 22 if ftype in TEXT_TYPES else max(10, len(name) * 2 + 4)
        hint = HINTS.get(ftype)
        if required:
            hint = ("必填。" + (hint or "")).strip()
        if hint:
            cell.comment = Comment(hint, "fuzong")
        rng = f"{letter}{header_row + 1}:{letter}{header_row + DATA_ROWS}"
        if ftype in TEXT_TYPES:
            for r in range(header_row + 1, header_row + DATA_ROWS + 1):
                ws.cell(row=r, column=j).number_format = "@"
        options = ",".join(choices) if choices else _choices_for(name, ftype, policy)
        if options:
            dv = DataValidation(type="list", formula1=_list_formula(wb, options), allow_blank=True)
            dv.errorStyle = "warning"  # a title not in the list is still accepted (and checked by validate)
            dv.error = "不在下拉选项中，请核对。"
            dv.errorTitle = "请核对"
            ws.add_data_validation(dv)
            dv.add(rng)
    for j in range(1, len(fields) + 1):
        ws.cell(row=header_row, column=j).border = THIN_BORDER
    widths = [ws.column_dimensions[get_column_letter(j)].width for j in range(1, len(fields) + 1)]
    headers = [name for name, *_ in fields]
    layout = page_layout(ws.title, headers, [], [title])
    layout.widths = widths
    layout.landscape = sum(widths) > PORTRAIT_UNITS
    layout.paper = paper_for(widths)
    apply_page_setup(ws, layout, header_row=header_row, last_row=header_row + DATA_ROWS, columns=len(fields))
    notes = wb.create_sheet("填表说明")
    lines = [
        f"{form.title}填表说明",
        "1. 带 * 的列为必填项。",
        "2. 身份证号、统一社会信用代码列已设为文本格式，请勿改成数字格式，否则末几位会丢失。",
        "3. 日期写成 2026-03-01、2026.3 或 2026年3月 均可。",
        "4. 是/否类的列请从下拉选项中选择。",
        "5. 请不要改动表头行；可在表头右侧增加其他列，这些列会原样保留。",
    ]
    for i, line in enumerate(lines, start=1):
        set_value(notes.cell(row=i, column=1), line)
    notes.column_dimensions["A"].width = 90
    # the marker, where the reader does not look: a filled form must stay a county form (module docstring)
    wb.properties.description = make_marker("forms", policy, data_sheets=[ws.title]).text()
    path = folder / form.file_name
    save_atomic(wb, path)
    return path


def write_forms(report: FormsReport) -> list[Path]:
    """Every blank form of the report into its folder (created when missing); the paths written."""
    report.folder.mkdir(parents=True, exist_ok=True)
    return [_write_form(report.folder, form, report.policy, year=report.year) for form in report.forms]


def summary_text(report: FormsReport) -> str:
    return "已生成空白表格：\n" + "\n".join(f"  {p}" for p in report.outputs)
