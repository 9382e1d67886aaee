"""The 公示名单 workbook, the 公示通知 .docx and the terminal summary of a publicity run: layout only (SPEC §6)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from fuzong_cli.runs.publicity import DEFAULT_CONTACT, DEFAULT_ISSUER, PublicityReport

#: the sheet that holds the published rows (named in the marker)
LIST_SHEET = "公示名单"
WIDTHS: dict[str, float] = {
    "序号": 6,
    "姓名": 10,
    "性别": 6,
    "工作单位": 28,
    "职称": 14,
    "服务企业": 32,
    "县（市、区）": 12,
    "身份证号": 22,
    "联系电话": 14,
}
#: the keys of one person in the notice template's 名单 (县市区: a placeholder cannot hold brackets)
NOTICE_PERSON = ["序号", "姓名", "性别", "工作单位", "职称", "服务企业", "县市区"]


def notice_path(workbook: Path) -> Path:
    """The 公示通知 .docx beside the workbook: ``X-公示名单.xlsx`` → ``X-公示通知.docx``."""
    stem = workbook.stem
    name = stem.replace("公示名单", "公示通知") if "公示名单" in stem else f"{stem}-公示通知"
    return workbook.with_name(name + ".docx")


def render_notice(report: PublicityReport, template: Path | None) -> bytes:
    """The 公示通知 as bytes, rendered before anything is written: a bad notice template leaves no half output."""
    from fuzong_cli.formats import DOC_DATE, DOC_TITLE, chinese_date
    from fuzong_cli.marker import make_marker
    from fuzong_cli.write import documents as docs

    context = {
        "公示标题": report.heading,
        "公示期": report.period,
        "公示开始": chinese_date(report.first),
        "公示结束": chinese_date(report.last),
        "公示天数": str(report.days),
        "人数": str(len(report.people)),
        "名单": [dict(zip(NOTICE_PERSON, map(str, row[:7]))) for row in report.people],
        "联系方式": report.contact or DEFAULT_CONTACT,
        "发布单位": report.issuer or DEFAULT_ISSUER,
        "发布日期": chinese_date(report.first),
        "政策名称": report.policy.title,
        "政策依据": report.clause,
        DOC_TITLE: report.heading,
        DOC_DATE: report.as_of or dt.date.today(),
    }
    return docs.render_notice(template, context, make_marker("publicity", report.policy).text())


def write_notice(data: bytes, target: Path) -> None:
    from fuzong_cli.write.documents import write_bytes_atomic

    write_bytes_atomic(data, target)


def write_list(report: PublicityReport, target: Path) -> None:
    """公示名单.xlsx: title and period over the table, the objection line under it, and the 说明 sheet."""
    from openpyxl.styles import Alignment, Font

    from fuzong_cli.write.annotated import add_explanation
    from fuzong_cli.write.workbook import add_table, new_book, save_atomic, set_value

    headers = report.headers
    wb = new_book()
    ws = add_table(
        wb,
        LIST_SHEET,
        headers,
        report.people,
        banner=[report.heading, report.period],
        text_columns=headers[1:],
        widths=WIDTHS,
    )
    ws.cell(row=1, column=1).alignment = Alignment(horizontal="center")
    ws.cell(row=1, column=1).font = Font(bold=True, size=16)
    note_row = 3 + len(report.people) + 2
    set_value(ws.cell(row=note_row, column=1), report.contact_line)
    ws.cell(row=note_row, column=1).alignment = Alignment(wrap_text=True, vertical="top")
    if len(headers) > 1:
        ws.merge_cells(start_row=note_row, start_column=1, end_row=note_row, end_column=len(headers))
    ws.row_dimensions[note_row].height = 36
    add_explanation(
        wb,
        command="publicity",
        policy=report.policy,
        as_of=report.as_of,
        inputs=[report.pairs],
        extra=[
            ("公示期", report.period),
            ("公示天数（工作日）", report.days),
            ("工作日依据", report.calendar_source),
            ("公示期条款", report.clause),
        ],
        data_sheets=[LIST_SHEET],
    )
    save_atomic(wb, target)  # atomic, with the usual permissions


def summary_text(report: PublicityReport, target: Path, notice: Path | None) -> str:
    human = f"公示名单：{target}（{len(report.people)} 人）\n{report.period}（{report.days} 个工作日）"
    if notice is not None:
        human += f"\n公示通知：{notice}"
    return human
