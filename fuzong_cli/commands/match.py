"""fuzong match: pair enterprises with experts (SPEC §5) and write 配对结果 / 候选名单 / 未匹配 / 名额分配 / 说明."""

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
)
from fuzong_cli.errors import FuzongError
from fuzong_cli.runs.match import run_match


def register(app: typer.Typer) -> None:
    @app.command("match")
    def match(
        needs: Annotated[
            Path, typer.Argument(help="企业需求表：县里报来的原表，或 ingest / validate 的输出。")
        ],
        experts: Annotated[Path, typer.Argument(help="专家意向表：原表，或 ingest / validate 的输出。")],
        top_k: Annotated[
            int | None, typer.Option("--top-k", help="候选名单里每家企业列出的专家数，默认 5。")
        ] = None,
        min_score: Annotated[
            float | None,
            typer.Option("--min-score", help="参与配对的最低匹配得分（0–100），默认取政策 [matching]。"),
        ] = None,
        quota_total: Annotated[
            int | None,
            typer.Option("--quota-total", help="名额总数：按各县（市、区）需求数占比分配名额后再配对。"),
        ] = None,
        include_review: Annotated[
            bool, typer.Option("--include-review", help="校验结论为“待复核”的企业和专家也参加配对。")
        ] = False,
        locked: Annotated[
            Path | None,
            typer.Option(
                "--locked",
                help="工作人员改过的配对结果工作簿：锁定=是 的配对保留，排除=是 的配对禁止，其余重新配对。",
            ),
        ] = None,
        policy: PolicyOpt = None,
        as_of: AsOfOpt = None,
        output: OutputOpt = None,
        force: ForceOpt = False,
        json: JsonOpt = False,
        quiet: QuietOpt = False,
    ) -> None:
        """企业与专家供需配对：意向直派优先，其余按研究方向与需求的匹配得分求总分最优的配对。

        输出工作簿：配对结果（可填“锁定”“排除”后用 --locked 重跑）、候选名单、未匹配、名额分配、说明。
        退出码：0 已完成；2 无法运行（文件无法读取、没有数据行、锁定的配对违反硬性条件等）。
        """
        run = Run(json=json, quiet=quiet)
        check_inputs([needs, experts] + ([locked] if locked else []))
        if top_k is not None and top_k < 1:
            raise FuzongError(f"--top-k 必须是正整数，而不是 {top_k}。")
        if min_score is not None and not 0 <= min_score <= 100:
            raise FuzongError(f"--min-score 必须在 0 到 100 之间，而不是 {min_score:g}。")
        if quota_total is not None and quota_total < 0:
            raise FuzongError(f"--quota-total 不能是负数（{quota_total}）。")
        reference = parse_date_option(as_of)
        the_policy = load_policy_for(run, policy)
        target = output_file(output, needs, "配对结果.xlsx", force, [experts, locked])
        from fuzong_cli.write.match import summary_text, write_match

        report = run_match(
            needs, experts, the_policy, reference,
            top_k=top_k, min_score=min_score, quota_total=quota_total, include_review=include_review, locked=locked,
            info=run.info, warn=run.warn,
        )  # fmt: skip
        write_match(report, target)
        report.outputs = [target]
        run.report(report, summary_text(report, target))
