"""fuzong publicity: the 公示名单 workbook and 公示通知 for an N-working-day notice period (SPEC §6)."""

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


def register(app: typer.Typer) -> None:
    @app.command("publicity")
    def publicity(
        pairs: Annotated[Path, typer.Argument(help="配对结果工作簿（match 的输出，或列相同的表）。")],
        start: Annotated[
            str | None,
            typer.Option(
                "--start",
                help="公示开始日期 YYYY-MM-DD（不是工作日则从下一个工作日起算），默认 --as-of 的日期或今天。",
            ),
        ] = None,
        days: Annotated[
            int | None,
            typer.Option(
                "--days",
                min=1,
                max=60,
                help="公示期工作日数，默认取政策的 [publicity].days（聊城办法为 5）。",
            ),
        ] = None,
        holidays: Annotated[
            Path | None,
            typer.Option(
                "--holidays",
                help="补充节假日安排的 .toml/.csv 文件（chinese-calendar 还没有的年份用），格式见 templates/节假日示例.toml。",
            ),
        ] = None,
        weekends_only: Annotated[
            bool, typer.Option("--weekends-only", help="只按周末计算工作日（不含法定节假日和调休，慎用）。")
        ] = False,
        docx: Annotated[bool, typer.Option("--docx", help="同时在名单旁生成公示通知 .docx。")] = False,
        columns: Annotated[
            list[str] | None,
            typer.Option(
                "--columns",
                help="另外加列，如 --columns 身份证号（身份证号、联系电话一律打码）。可多次给出或用逗号分隔。",
            ),
        ] = None,
        title: Annotated[str | None, typer.Option("--title", help="公示标题。")] = None,
        contact: Annotated[
            str | None, typer.Option("--contact", help="受理异议的单位和联系电话，写在名单下方和通知里。")
        ] = None,
        issuer: Annotated[str | None, typer.Option("--issuer", help="公示通知落款单位。")] = None,
        template: Annotated[
            Path | None,
            typer.Option("--template", help="自定义公示通知模板 .docx（给出时即生成公示通知，同 --docx）。"),
        ] = None,
        as_of: AsOfOpt = None,
        policy: PolicyOpt = None,
        output: OutputOpt = None,
        force: ForceOpt = False,
        json: JsonOpt = False,
        quiet: QuietOpt = False,
    ) -> None:
        """生成公示名单工作簿（标题、公示期、序号/姓名/性别/工作单位/职称/服务企业/县（市、区）、异议联系方式），
        加 --docx 同时生成公示通知。公示期按国务院节假日安排（含调休）计算工作日。

        名单里不出现完整身份证号和手机号。

        退出码：0 成功；1 有行缺姓名或企业未列入；2 无法运行。
        """
        from fuzong_cli.read.forms import ensure_pairs_file
        from fuzong_cli.runs.publicity import run_publicity, split_columns
        from fuzong_cli.write import publicity as out

        run = Run(json=json, quiet=quiet)
        check_inputs([pairs])
        first_day = parse_date_option(start, "--start") if start else parse_date_option(as_of)
        ensure_pairs_file(pairs, "publicity")
        target = output_file(output, pairs, f"{pairs.stem}-公示名单.xlsx", force, [holidays, template])
        notice = out.notice_path(target) if (docx or template is not None) else None
        if notice is not None and notice.exists() and not force:
            raise FuzongError(f"公示通知 {notice} 已存在。如需覆盖请加 --force。")
        extra_columns = split_columns(columns or [])
        the_policy = load_policy_for(run, policy)
        report = run_publicity(
            pairs,
            the_policy,
            start=first_day,
            days=days,
            holidays=holidays,
            weekends_only=weekends_only,
            columns=extra_columns,
            title=title,
            contact=contact,
            issuer=issuer,
            with_notice=notice is not None,
            as_of=parse_date_option(as_of) if as_of else None,
            info=run.info,
            warn=run.warn,
        )
        notice_bytes = out.render_notice(report, template) if notice is not None else None
        for (
            line
        ) in report.unfilled_warnings():  # once all is prepared: a bad template says only what stopped it
            run.warn(line)
        out.write_list(report, target)
        report.outputs = [target]
        if notice is not None and notice_bytes is not None:
            out.write_notice(notice_bytes, notice)
            report.outputs.append(notice)
        run.report(report, out.summary_text(report, target, notice))
