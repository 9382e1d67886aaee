"""The normalised workbook of an ingest run and its terminal summary: layout only, never a decision."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fuzong_cli.runs.ingest import IngestReport

#: columns formatted as text so that IDs, credit codes and phone numbers keep their digits when edited
TEXT_COLUMNS = ["身份证号", "统一社会信用代码", "联系电话"]


def write_ingest(report: IngestReport, target: Path) -> None:
    """One sheet named after the form (企业需求表 …): provenance, the normalised values, 重复标记, 读取问题;
    a value that could not be normalised is shown as typed, its cell marked; then 说明."""
    from fuzong_cli.write.fastxlsx import paused_gc

    with paused_gc():  # 100k live records: full GC collections would slow the write by about a third
        _write_ingest(report, target)


def _write_ingest(report: IngestReport, target: Path) -> None:
    from fuzong_cli.read.headers import kind_spec
    from fuzong_cli.records import NOTICE, REVIEW
    from fuzong_cli.write.annotated import add_explanation
    from fuzong_cli.write.fastxlsx import Book

    spec = kind_spec(report.kind)
    records, notes, extra_headers = report.records, report.duplicates, report.extra_headers
    fields = [f.name for f in spec.fields if any(f.name in r.raw for r in records)]
    date_fields = {f.name for f in spec.fields if f.type == "date"}
    headers = ["来源文件", "来源工作表", "来源行号", *fields, *extra_headers, "重复标记", "读取问题"]
    rows = []
    for i, r in enumerate(records):
        problems = "；".join(
            f"[{f.rule_code}] {f.field}：{f.message}" for f in r.findings if f.level != NOTICE
        )
        shown = []
        for name in fields:
            value = r.values.get(name)
            # a value that could not be normalised is kept exactly as typed: nothing is lost
            if value is None or any(f.field == name for f in r.findings):
                shown.append(r.raw.get(name, ""))
            elif name in date_fields:
                shown.append(_date_shown(value, r.raw.get(name, "")))
            else:
                shown.append(value)
        rows.append(
            [
                r.source_file,
                r.source_sheet,
                r.source_row,
                *shown,
                *(r.extra.get(h, "") for h in extra_headers),
                notes.get(i, ""),
                problems,
            ]
        )
    wb = Book()
    if len(records) > 100_000:  # a million rows: inline text, no index of every string (issue 12)
        wb.shared_strings = False
    ws = wb.add_table(spec.title, headers, rows, text_columns=TEXT_COLUMNS)
    col = {h: j + 1 for j, h in enumerate(headers)}
    for i, r in enumerate(records, start=2):
        if notes.get(i - 2):
            ws.fill(i, col["重复标记"], REVIEW)
        for f in r.findings:
            if f.field in col:
                ws.mark(i, col[f.field], f.level, f"[{f.rule_code}] {f.message}")
    add_explanation(
        wb,
        command=f"ingest {report.kind}",
        policy=report.policy,
        as_of=report.as_of,
        inputs=report.files,
        extra=[("跳过的工作表", line) for line in report.skipped],
        data_sheets=[ws.title],  # validate, match and evaluate read the rows of this sheet back
    )
    wb.save(target)


def _date_shown(value: Any, raw: str) -> Any:
    """A date as precise as it was typed: ``1978.05`` becomes ``1978-05``, not 1 May, so that a later check
    against the ID number's birth date compares months, not an invented day."""
    from fuzong_cli.read.values import parse_date

    precision = parse_date(raw).precision if raw else "day"
    if precision == "month":
        return f"{value.year}-{value.month:02d}"
    if precision == "year":
        return str(value.year)
    return value


def summary_text(report: IngestReport, target: Path) -> str:
    """What the terminal shows after an ingest run."""
    return (
        f"{report.kind_title}：读入 {len(report.files)} 个文件、{len(report.records)} 行；"
        f"重复 {len(report.duplicates)} 行；有读取问题 {report.rows_with_problems} 行。\n结果已写入：{target}"
    )
