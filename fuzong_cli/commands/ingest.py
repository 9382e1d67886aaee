"""fuzong ingest: many county workbooks -> one normalised workbook with provenance and duplicate flags."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from fuzong_cli.commands.common import (
    AsOfOpt,
    ForceOpt,
    JsonOpt,
    OutputOpt,
    PolicyOpt,
    QuietOpt,
    Run,
    check_inputs,
    load_policy_for,
    output_file,
    parse_date_option,
    refuse_input_as_output,
)
from fuzong_cli.errors import FuzongError

KINDS = {"needs": "企业需求表", "experts": "专家意向表", "ledger": "服务台账"}


def register(app: typer.Typer) -> None:
    @app.command("ingest")
    def ingest(
        kind: Annotated[
            str,
            typer.Argument(help="表格类型：needs（企业需求表）、experts（专家意向表）、ledger（服务台账）。"),
        ],
        files: Annotated[list[Path], typer.Argument(help="各县（市、区）报来的工作簿，可多个。")],
        as_of: AsOfOpt = None,
        policy: PolicyOpt = None,
        output: OutputOpt = None,
        force: ForceOpt = False,
        json: JsonOpt = False,
        quiet: QuietOpt = False,
    ) -> None:
        """把多个县（市、区）报来的表格合并成一个规范的工作簿：统一列名和取值，保留来源文件/工作表/行号，标出跨文件重复。"""
        run = Run(json=json, quiet=quiet)
        if kind not in KINDS:
            raise FuzongError(
                f"表格类型只能是 needs、experts 或 ledger，而不是“{kind}”。例如：fuzong ingest needs 鹿城区.xlsx"
            )
        check_inputs(files)
        reference = parse_date_option(as_of)
        the_policy = load_policy_for(run, policy)
        target = output_file(output, files[0], f"{kind}-汇总.xlsx", force)
        refuse_input_as_output(target, files)
        from fuzong_cli.decide.duplicates import duplicate_notes
        from fuzong_cli.read.forms import read_records

        result = read_records(files, kind)
        for line in result.skipped:
            run.info(line)
        if not result.records:
            from fuzong_cli.read.forms import no_rows_message

            raise FuzongError(no_rows_message(files))
        notes = duplicate_notes(result.records)
        write_ingest(result, kind, notes, the_policy, target, as_of=reference)
        problems = sum(1 for r in result.records if r.findings)
        payload = {
            "command": "ingest",
            "kind": kind,
            "policy": the_policy.name,
            "output": str(target),
            "files": [p.name for p in result.files],
            "rows": len(result.records),
            "duplicates": len(notes),
            "rows_with_read_problems": problems,
            "skipped": result.skipped,
        }
        human = (
            f"{KINDS[kind]}：读入 {len(result.files)} 个文件、{len(result.records)} 行；"
            f"重复 {len(notes)} 行；有读取问题 {problems} 行。\n结果已写入：{target}"
        )
        run.result(payload, human)


def write_ingest(result, kind: str, notes: dict[int, str], policy, target: Path, as_of=None) -> None:
    from fuzong_cli.write.fastxlsx import paused_gc

    with paused_gc():  # 100k live records: full GC collections would slow the write by about a third
        _write_ingest(result, kind, notes, policy, target, as_of)


def _write_ingest(result, kind: str, notes: dict[int, str], policy, target: Path, as_of=None) -> None:
    from fuzong_cli.read.headers import kind_spec
    from fuzong_cli.records import NOTICE, REVIEW
    from fuzong_cli.write.annotated import add_explanation
    from fuzong_cli.write.fastxlsx import Book, save_atomic

    spec = kind_spec(kind)
    fields = [f.name for f in spec.fields if any(f.name in r.raw for r in result.records)]
    date_fields = {f.name for f in spec.fields if f.type == "date"}
    headers = ["来源文件", "来源工作表", "来源行号", *fields, *result.extra_headers, "重复标记", "读取问题"]
    rows = []
    for i, r in enumerate(result.records):
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
                *(r.extra.get(h, "") for h in result.extra_headers),
                notes.get(i, ""),
                problems,
            ]
        )
    wb = Book()
    if len(result.records) > 100_000:  # a million rows: inline text, no index of every string (issue 12)
        wb.shared_strings = False
    ws = wb.add_table(spec.title, headers, rows, text_columns=["身份证号", "统一社会信用代码", "联系电话"])
    col = {h: j + 1 for j, h in enumerate(headers)}
    for i, r in enumerate(result.records, start=2):
        if notes.get(i - 2):
            ws.fill(i, col["重复标记"], REVIEW)
        for f in r.findings:
            if f.field in col:
                ws.mark(i, col[f.field], f.level, f"[{f.rule_code}] {f.message}")
    add_explanation(
        wb,
        command=f"ingest {kind}",
        policy=policy,
        as_of=as_of,
        inputs=result.files,
        extra=[("跳过的工作表", line) for line in result.skipped],
    )
    save_atomic(wb, target)


def _date_shown(value, raw: str):
    """A date as precise as it was typed: ``1978.05`` becomes ``1978-05``, not 1 May, so that a later check
    against the ID number's birth date compares months, not an invented day."""
    from fuzong_cli.read.values import parse_date

    precision = parse_date(raw).precision if raw else "day"
    if precision == "month":
        return f"{value.year}-{value.month:02d}"
    if precision == "year":
        return str(value.year)
    return value
