"""fuzong quota: places per county in proportion to its needs (湖北方案 四(二)), largest remainder."""

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
from fuzong_cli.runs.quota import policy_total, run_quota


def register(app: typer.Typer) -> None:
    @app.command("quota")
    def quota(
        needs: InputsArg,
        total: Annotated[
            int | None,
            typer.Option(
                "--total",
                help="要分配的名额总数；不填时取政策规定的每年名额（见 fuzong policy show 名称 的 quota_total），政策未规定则必填。",
            ),
        ] = None,
        only_passed: Annotated[
            bool, typer.Option("--only-passed", help="只统计资格校验“通过”的需求（默认统计所有需求行）。")
        ] = False,
        policy: PolicyOpt = None,
        as_of: AsOfOpt = None,
        output: OutputOpt = None,
        force: ForceOpt = False,
        json: JsonOpt = False,
        quiet: QuietOpt = False,
    ) -> None:
        """按各县（市、区）征集的需求数占比分配名额（最大余数法，余数相同按县名排序，不超过该县需求数）。

        打印分配表并写出工作簿（名额分配、说明）。退出码：0 已完成；2 无法运行。
        """
        run = Run(json=json, quiet=quiet)
        check_inputs(needs)
        if total is not None and total < 0:
            raise FuzongError(f"--total 不能是负数（{total}）。")
        reference = parse_date_option(as_of)
        the_policy = load_policy_for(run, policy)
        total_note = ""
        if total is None:
            total, total_note = policy_total(the_policy)
            run.warn(f"未给 --total：{total_note}")
        target = output_file(output, needs[0], "名额分配.xlsx", force, needs)
        from fuzong_cli.write.quota import summary_text, write_quota

        report = run_quota(needs, total, the_policy, reference, only_passed, total_note, run.info, run.warn)
        write_quota(report, target)
        report.outputs = [target]
        run.report(report, summary_text(report, target))
