"""fuzong agreements: one three-party agreement .docx per pair, plus a manifest (SPEC §7)."""

from __future__ import annotations

import sys
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
    output_dir,
    parse_date_option,
)
from fuzong_cli.errors import FuzongError

PROGRESS_FROM = 20  # a progress bar for runs of at least this many agreements


def register(app: typer.Typer) -> None:
    @app.command("agreements")
    def agreements(
        pairs: Annotated[Path, typer.Argument(help="配对结果工作簿（match 的输出，或列相同的表）。")],
        template: Annotated[
            Path | None,
            typer.Option(
                "--template",
                help="自定义协议模板 .docx（占位符见 templates/README.md），默认用内置三方协议。",
            ),
        ] = None,
        zip_: Annotated[bool, typer.Option("--zip", help="另在输出文件夹旁写一个同名 .zip 压缩包。")] = False,
        merge: Annotated[
            bool,
            typer.Option("--merge", help="另写一份合并打印用的 .docx（每份协议另起一页、页码从 1 开始）。"),
        ] = False,
        pdf: Annotated[
            bool, typer.Option("--pdf", help="用 LibreOffice 把每份协议转成 PDF（需已安装 LibreOffice）。")
        ] = False,
        jobs: Annotated[
            int, typer.Option("--jobs", min=1, max=64, help="并行进程数（协议很多时使用），默认 1。")
        ] = 1,
        start: Annotated[
            str | None,
            typer.Option("--start", help="配对表没有“聘期开始”或为空时使用的聘期开始日期 YYYY-MM-DD。"),
        ] = None,
        show_id: Annotated[
            bool,
            typer.Option("--show-id", help="协议里印出乙方身份证号（默认不印，留空由本人手填）。"),
        ] = False,
        as_of: AsOfOpt = None,
        policy: PolicyOpt = None,
        output: OutputOpt = None,
        force: ForceOpt = False,
        json: JsonOpt = False,
        quiet: QuietOpt = False,
    ) -> None:
        """按配对结果批量生成三方协议（每对一份 .docx，文件名 序号_企业名称_专家姓名.docx）和协议清单。

        -o 指定输出文件夹（默认在配对表旁，名为“配对表名-三方协议”）。缺少必填值（企业名称、专家姓名、
        工作单位）的配对不生成，在协议清单里写明原因，其余照常生成。没有聘期开始（表里没有、也没给 --start）
        的协议照常生成，聘期留空手填，协议清单里写“已生成（聘期待填）”。--as-of 给出时，落款日期填这一天，
        否则留空。

        退出码：0 全部生成；1 有配对未生成；2 无法运行。
        """
        from fuzong_cli.read.forms import ensure_pairs_file
        from fuzong_cli.runs.agreements import MANIFEST_NAME, run_agreements
        from fuzong_cli.write.agreements import summary_text, write_agreements

        run = Run(json=json, quiet=quiet)
        check_inputs([pairs])
        ensure_pairs_file(pairs, "agreements")
        target = output_dir(
            output, pairs.parent / f"{pairs.stem}-三方协议", force, replaces_only=MANIFEST_NAME
        )
        zip_path = target.with_name(target.name + ".zip")
        if zip_ and zip_path.exists() and not force:
            raise FuzongError(f"压缩包 {zip_path} 已存在。如需覆盖请加 --force。")
        start_default = parse_date_option(start, "--start") if start else None
        signing = parse_date_option(as_of) if as_of else None
        if pdf:
            from fuzong_cli.write.documents import SOFFICE_MISSING, find_soffice

            if find_soffice() is None:
                raise FuzongError(SOFFICE_MISSING)
        the_policy = load_policy_for(run, policy)
        report = run_agreements(
            pairs,
            template,
            the_policy,
            start_default=start_default,
            signing=signing,
            show_id=show_id,
            info=run.info,
        )
        shown = len(report.jobs) >= PROGRESS_FROM and not (run.quiet or run.json)
        write_agreements(
            report,
            target,
            workers=jobs,
            merge=merge,
            pdf=pdf,
            zip_path=zip_path if zip_ else None,
            info=run.info,
            progress_bar=_progress_bar if shown else None,
        )
        report.outputs = [target, target / MANIFEST_NAME]
        report.outputs += [p for p in (report.merged, report.zip_file) if p is not None]
        run.report(report, summary_text(report, target))


def _progress_bar(length: int):
    return typer.progressbar(length=length, label="生成协议", file=sys.stderr)
