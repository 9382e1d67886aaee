"""fuzong evaluate: the service ledger -> grades, ranks, lists, subsidy totals and charts (SPEC §8)."""

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
)
from fuzong_cli.errors import FuzongError
from fuzong_cli.runs.evaluate import run_evaluate


def register(app: typer.Typer) -> None:
    @app.command("evaluate")
    def evaluate(
        ledgers: InputsArg,
        year: Annotated[
            int | None, typer.Option("--year", help="考核年度，如 2025；默认取台账中最晚的年度。")
        ] = None,
        history: Annotated[
            list[Path] | None,
            typer.Option(
                "--history",
                help="往年 evaluate 输出的考核结果（连续前十、不合格禁止期、续聘等跨年度规则）。可多次给出。",
            ),
        ] = None,
        policy: PolicyOpt = None,
        as_of: AsOfOpt = None,
        output: OutputOpt = None,
        force: ForceOpt = False,
        json: JsonOpt = False,
        quiet: QuietOpt = False,
    ) -> None:
        """按政策对服务台账年度考核：得分、等次、排名、名单、补助汇总和图表。

        输出工作簿：考核结果、打印版（A4 横向的精简表）、补助汇总、名单、问题清单、图表、说明。
        退出码：0 全部合格且无问题；1 有不合格的行，或有不通过/待复核的问题（需人工处理）；2 无法运行。
        """
        from fuzong_cli.write.evaluate import summary_text, write_evaluation

        run = Run(json=json, quiet=quiet)
        check_inputs(ledgers)
        if history:
            check_inputs(history)
        if year is not None and not 1990 <= year <= 2100:
            raise FuzongError(f"--year 的值 {year} 不是合理的年度，请写成四位年份，例如 2025。")
        reference = parse_date_option(as_of)
        the_policy = load_policy_for(run, policy)
        target = output_file(
            output, ledgers[0], f"{ledgers[0].stem}-考核结果.xlsx", force, [*ledgers, *(history or [])]
        )
        report = run_evaluate(ledgers, history or [], the_policy, year, reference, run.info)
        write_evaluation(report, target)
        report.outputs = [target]
        run.report(report, summary_text(report, target))
