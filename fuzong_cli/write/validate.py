"""The annotated workbook of a validate run (SPEC §4) and its terminal summary: layout only, never a decision."""

from __future__ import annotations

from pathlib import Path

from fuzong_cli.runs.validate import ValidationReport

KIND_NAMES = {"needs": "企业需求表", "experts": "专家意向表"}


def write_validation(report: ValidationReport, target: Path) -> None:
    from fuzong_cli.read.headers import kind_spec
    from fuzong_cli.write.annotated import (
        add_explanation,
        add_findings_sheet,
        add_result_sheet,
        add_summary_sheet,
    )
    from fuzong_cli.write.fastxlsx import Book, paused_gc, save_atomic

    wb = Book()
    if len(report.records) > 100_000:  # a million rows: inline text, no index of every string (issue 12)
        wb.shared_strings = False
    groups = report.by_kind()
    if not groups:
        groups = {k: [] for k in dict.fromkeys(report.kinds.values())} or {"needs": []}
    blocks = []
    titles: list[str] = []
    with paused_gc():  # 100k records alive: full collections would cost about a third of the write
        for kind, records in groups.items():
            spec = kind_spec(kind)
            title = "校验结果" if len(groups) == 1 else f"校验结果-{spec.title}"
            extra = [h for h in report.extra_headers if any(h in r.extra for r in records)]
            add_result_sheet(wb, title, records, [f.name for f in spec.fields], extra, print_version=True)
            blocks.append((spec.title, records))
            titles.append(title)
        add_findings_sheet(wb, report.records)
        add_summary_sheet(wb, blocks)
    extra_rows = [("跳过的工作表", line) for line in report.skipped]
    extra_rows += [("往年考核结果", p.name) for p in report.history_files]
    add_explanation(
        wb,
        command="validate",
        policy=report.policy,
        as_of=report.as_of,
        inputs=report.files,
        extra=extra_rows,
        data_sheets=titles,
    )
    save_atomic(wb, target)


def summary_text(report: ValidationReport, target: Path) -> str:
    """What the terminal shows after a validate run: a table per kind of form, by county and conclusion."""
    from fuzong_cli.write.annotated import summary_rows
    from fuzong_cli.write.console import table

    lines = []
    for kind, records in report.by_kind().items():
        lines.append(f"{KIND_NAMES.get(kind, kind)}：{len(records)} 行")
        lines.append(table(summary_rows(records), ["县（市、区）/单位", "通过", "待复核", "不通过", "合计"]))
    if not report.records:
        lines.append("没有读到任何数据行。")
    lines.append(f"结果已写入：{target}")
    return "\n".join(lines)
