"""Native Excel charts (openpyxl.chart): each chart sits beside the small table it plots, on one sheet.

The data stays visible as ordinary cells, so the numbers behind a chart can be checked and copied, and the charts
open in Excel, WPS and LibreOffice as real charts (not pictures).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Alignment
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from fuzong_cli.formats import yuan_number_format
from fuzong_cli.write.fastxlsx import PageLayout
from fuzong_cli.write.workbook import BOLD, HEADER_FILL, TITLE_FONT, apply_page_setup, set_value


def _write_block(
    ws: Worksheet, top: int, title: str, headers: Sequence[str], rows: Sequence[Sequence[Any]]
) -> int:
    """A bold title line, a header row and the rows from ``top``; returns the header row number."""
    set_value(ws.cell(row=top, column=1), title)
    ws.cell(row=top, column=1).font = BOLD
    header = top + 1
    for j, name in enumerate(headers, start=1):
        cell = ws.cell(row=header, column=j)
        set_value(cell, name)
        cell.font = BOLD
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(horizontal="center", wrap_text=True)
    for i, row in enumerate(rows, start=header + 1):
        for j, value in enumerate(row, start=1):
            set_value(ws.cell(row=i, column=j), value)
    return header


#: grade colours that read right on screen and on paper: the best greens, a pass blue, a fail red; a grade the
#: palette does not know (a custom policy's) gets the next of OTHER_COLOURS
GRADE_COLOURS = {
    "优秀": "2E7D32",
    "良好": "8BC34A",
    "合格": "2F6EBA",
    "基本合格": "F0A030",
    "不合格": "C62828",
}
OTHER_COLOURS = ("26A69A", "7E57C2", "8D6E63", "78909C")
MONEY_COLOUR = "2F6EBA"
NO_MONEY = "本政策未设补助"


def grade_colour(grade: str, k: int) -> str:
    if grade in GRADE_COLOURS:
        return GRADE_COLOURS[grade]
    if "不合格" in grade:
        return GRADE_COLOURS["不合格"]
    return OTHER_COLOURS[k % len(OTHER_COLOURS)]


def _colour(series: Any, rgb: str) -> None:
    series.graphicalProperties.solidFill = rgb
    series.graphicalProperties.line.solidFill = rgb


def _bar(title: str, y_title: str, stacked: bool) -> BarChart:
    chart = BarChart()
    chart.type = "col"
    chart.style = 10
    chart.title = title
    chart.y_axis.title = y_title
    chart.x_axis.title = "县（市、区）"
    if stacked:
        chart.grouping = "stacked"
        chart.overlap = 100
    # openpyxl ≥ 3.1 hides axes unless told otherwise
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    chart.height = 9
    chart.width = 18
    chart.legend.position = "b"  # below the plot, inside the chart: printed with it, never cut off
    return chart


def add_chart_sheet(
    wb: Workbook,
    title: str,
    *,
    banner: str,
    grade_headers: Sequence[str],
    grade_rows: Sequence[Sequence[Any]],
    money_rows: Sequence[Sequence[Any]],
    money_header: str = "补助金额（元）",
    no_money: str = NO_MONEY,
) -> Worksheet:
    """The 图表 sheet: grades by county (stacked columns) and money by county (columns); no rows, no chart.

    ``grade_headers`` = ["县（市、区）", grade…]; ``grade_rows`` = [[county, count…]…]; ``money_rows`` =
    [[county, amount]…]. Totals rows must not be passed (they would be plotted as a county).
    """
    ws = wb.create_sheet(title)
    set_value(ws.cell(row=1, column=1), banner)
    ws.cell(row=1, column=1).font = TITLE_FONT
    n = len(grade_rows)

    header = _write_block(ws, 3, "各县（市、区）考核等次人数", grade_headers, grade_rows)
    grades = _bar("各县（市、区）考核等次", "人数", stacked=True)
    if n:
        data = Reference(ws, min_col=2, max_col=len(grade_headers), min_row=header, max_row=header + n)
        cats = Reference(ws, min_col=1, min_row=header + 1, max_row=header + n)
        grades.add_data(data, titles_from_data=True)
        grades.set_categories(cats)
        for k, (series, grade) in enumerate(zip(grades.series, grade_headers[1:])):
            _colour(series, grade_colour(str(grade), k))
        ws.add_chart(grades, f"{get_column_letter(len(grade_headers) + 2)}3")

    top = max(header + n + 3, 22)
    header2 = _write_block(ws, top, "各县（市、区）补助金额", ["县（市、区）", money_header], money_rows)
    money = _bar("各县（市、区）补助金额", "元", stacked=False)
    m = len(money_rows)
    if m and not any(row[1] for row in money_rows):
        # all 0: a chart with no bars says nothing; say why instead
        set_value(ws.cell(row=top, column=len(grade_headers) + 2), no_money)
        ws.cell(row=top, column=len(grade_headers) + 2).font = TITLE_FONT
    elif m:
        data = Reference(ws, min_col=2, max_col=2, min_row=header2, max_row=header2 + m)
        cats = Reference(ws, min_col=1, min_row=header2 + 1, max_row=header2 + m)
        money.add_data(data, titles_from_data=True)
        money.set_categories(cats)
        money.legend = None
        _colour(money.series[0], MONEY_COLOUR)
        ws.add_chart(money, f"{get_column_letter(len(grade_headers) + 2)}{top}")
    for i in range(header2 + 1, header2 + m + 1):
        cell = ws.cell(row=i, column=2)
        cell.number_format = yuan_number_format(cell.value)

    ws.column_dimensions["A"].width = 16
    for j in range(2, len(grade_headers) + 1):
        ws.column_dimensions[get_column_letter(j)].width = 12
    ws.column_dimensions["B"].width = max(ws.column_dimensions["B"].width or 0, 16)
    # the tables and both charts on one landscape page
    table_width = sum(
        ws.column_dimensions[get_column_letter(j)].width or 9 for j in range(1, len(grade_headers) + 2)
    )
    layout = PageLayout(
        title=banner,
        widths=[table_width + 18 / 0.2],  # a chart 18 cm wide ≈ 90 width units
        wrapped=set(),
        landscape=True,
        freeze_columns=0,
        fit_height=1,
    )
    apply_page_setup(ws, layout, header_row=0, last_row=0, columns=0)
    return ws
