"""fuzong terms: term ends and the duties due (年度述职, 总结报告, 专项经费审计, 期满考核) from the policy's [terms]."""

from __future__ import annotations

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


def register(app: typer.Typer) -> None:
    @app.command("terms")
    def terms(
        files: InputsArg,
        within: Annotated[
            int,
            typer.Option(
                "--within", help="“即将到期”的天数：截止日期在参照日期后这么多天内的事项（默认 30）。"
            ),
        ] = 30,
        policy: PolicyOpt = None,
        as_of: AsOfOpt = None,
        output: OutputOpt = None,
        force: ForceOpt = False,
        json: JsonOpt = False,
        quiet: QuietOpt = False,
    ) -> None:
        """聘期台账：按政策算出每位科技副总的聘期结束日、下一项到期事项（年度述职、总结报告、专项经费审计、期满考核）和状态。

        输入为服务台账或配对结果（须有“聘期开始”列）。输出工作簿含 聘期台账、待办（按截止日期排序）、说明；
        终端列出已逾期和 --within 天内到期的事项。退出码：0 无问题；1 有已逾期事项或有问题的行；2 无法运行。
        """
        from fuzong_cli.runs.terms import rules_for, run_terms
        from fuzong_cli.write.terms import DEFAULT_NAME, summary_text, write_terms

        run = Run(json=json, quiet=quiet)
        check_inputs(files)
        if within < 0:
            raise FuzongError(f"--within 须为 0 或正整数（天），而不是 {within}。")
        reference = parse_date_option(as_of)
        the_policy = load_policy_for(run, policy)
        rules = rules_for(the_policy)
        target = output_file(output, files[0], DEFAULT_NAME, force, files)
        report = run_terms(files, the_policy, reference, within, run.info, rules=rules)
        write_terms(report, target)
        report.outputs = [target]
        run.report(report, summary_text(report, target))
