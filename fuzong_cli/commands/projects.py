"""fuzong projects: checks 协同创新项目 budgets where the policy defines them (聊城办法 第二十条)."""

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
from fuzong_cli.runs.projects import project_rules, run_projects

DEFAULT_NAME = "项目预算-校验结果.xlsx"


def register(app: typer.Typer) -> None:
    @app.command("projects")
    def projects(
        files: InputsArg,
        ledger: Annotated[
            list[Path] | None,
            typer.Option("--ledger", help="在任科技副总的服务台账或配对结果，用于核实牵头人。可多次给出。"),
        ] = None,
        history: Annotated[
            list[Path] | None,
            typer.Option(
                "--history",
                help="往年 evaluate 输出的考核结果，用于核实牵头人是否因不合格被取消资格。可多次给出。",
            ),
        ] = None,
        policy: PolicyOpt = None,
        as_of: AsOfOpt = None,
        output: OutputOpt = None,
        force: ForceOpt = False,
        json: JsonOpt = False,
        quiet: QuietOpt = False,
    ) -> None:
        """校验科技副总协同创新项目预算表（仅限规定了此类项目的政策，如聊城办法 第二十条）。

        检查各方出资之和等于项目总额、企业出资占比不低于政策下限、支持资金不超过上限、牵头人为在任科技副总且未因
        考核不合格被取消资格。输出工作簿：校验结果、问题清单、汇总（按出资方合计，附大写金额）、说明。
        退出码：0 全部通过；1 有不通过或待复核的项目；2 无法运行。
        """
        from fuzong_cli.write.projects import summary_text, write_projects

        run = Run(json=json, quiet=quiet)
        check_inputs(files)
        for extra in (ledger, history):
            if extra:
                check_inputs(extra)
        reference = parse_date_option(as_of)
        the_policy = load_policy_for(run, policy)
        rules = project_rules(the_policy)
        target = output_file(
            output, files[0], DEFAULT_NAME, force, [*files, *(ledger or []), *(history or [])]
        )
        report = run_projects(
            files, ledger or [], history or [], the_policy, rules, reference, run.info, run.warn
        )
        write_projects(report, target)
        report.outputs = [target]
        run.report(report, summary_text(report, target))
