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
from fuzong_cli.runs.ingest import KINDS, run_ingest


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
        from fuzong_cli.write.ingest import summary_text, write_ingest

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
        report = run_ingest(files, kind, the_policy, reference, run.info)
        if not report.records:
            from fuzong_cli.read.forms import no_rows_message

            raise FuzongError(no_rows_message(files))
        write_ingest(report, target)
        report.outputs = [target]
        run.report(report, summary_text(report, target))
