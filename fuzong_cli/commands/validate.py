"""fuzong validate: ingest + the policy's eligibility rules -> the annotated workbook of SPEC §4."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from fuzong_cli.commands.common import (
    AsOfOpt,
    ForceOpt,
    InputsArg,
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
from fuzong_cli.runs.validate import run_validation


def register(app: typer.Typer) -> None:
    @app.command("validate")
    def validate(
        files: InputsArg,
        kind: Annotated[
            str,
            typer.Option(
                "--kind",
                help="表格类型：auto（按表头自动识别，默认）、needs（企业需求表）、experts（专家意向表）。",
            ),
        ] = "auto",
        history: Annotated[
            list[Path] | None,
            typer.Option(
                "--history", help="往年 evaluate 输出的考核结果，用于不合格禁入期检查。可多次给出。"
            ),
        ] = None,
        policy: PolicyOpt = None,
        as_of: AsOfOpt = None,
        output: OutputOpt = None,
        force: ForceOpt = False,
        json: JsonOpt = False,
        quiet: QuietOpt = False,
    ) -> None:
        """按政策校验企业需求表和专家意向表，输出标注了问题的工作簿（校验结果、打印版（A4 横向的精简表）、问题清单、汇总、说明）。

        退出码：0 全部通过；1 有不通过或待复核的行；2 无法运行（文件无法读取、缺少必填列、政策有误等）。
        """
        from fuzong_cli.write.validate import summary_text, write_validation

        run = Run(json=json, quiet=quiet)
        check_inputs(files)
        if history:
            check_inputs(history)
        if kind not in ("auto", "needs", "experts"):
            raise FuzongError(f"--kind 只能是 auto、needs 或 experts，而不是“{kind}”。")
        reference = parse_date_option(as_of)
        the_policy = load_policy_for(run, policy)
        if output is not None or kind != "auto":  # refuse an existing output before any work
            target = output_file(output, files[0], f"{kind}-校验结果.xlsx", force)
            refuse_input_as_output(target, [*files, *(history or [])])
        report = run_validation(files, kind, history or [], the_policy, reference, run.info)
        if not report.records:
            from fuzong_cli.read.forms import no_rows_message

            raise FuzongError(no_rows_message(files))
        if output is None and kind == "auto":  # named after what was found: needs-校验结果.xlsx
            kinds = set(report.kinds.values()) | {r.kind for r in report.records}
            target = output_file(
                None, files[0], f"{kinds.pop() if len(kinds) == 1 else 'validate'}-校验结果.xlsx", force
            )
        refuse_input_as_output(target, [*files, *(history or [])])
        write_validation(report, target)
        report.outputs = [target]
        run.report(report, summary_text(report, target))
