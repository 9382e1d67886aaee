"""fuzong forms: blank input forms for counties, with drop-downs and text-formatted ID columns."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from fuzong_cli.commands.common import (
    AsOfOpt,
    ForceOpt,
    JsonOpt,
    PolicyOpt,
    QuietOpt,
    Run,
    load_policy_for,
    output_dir,
    parse_date_option,
)
from fuzong_cli.runs.forms import run_forms


def register(app: typer.Typer) -> None:
    @app.command("forms")
    def forms(
        folder: Annotated[Path, typer.Argument(help="写入空白表格的文件夹（不存在时自动创建）。")],
        as_of: AsOfOpt = None,
        policy: PolicyOpt = None,
        force: ForceOpt = False,
        json: JsonOpt = False,
        quiet: QuietOpt = False,
    ) -> None:
        """生成供各县（市、区）填写的空白表格：企业需求表、专家意向表、服务台账（带下拉选项，身份证号和信用代码列为文本格式）。

        表格标题里的年度取 --as-of 的年份（默认今年）。
        """
        from fuzong_cli.write.files import remove_new_entries
        from fuzong_cli.write.forms import summary_text, write_forms

        run = Run(json=json, quiet=quiet)
        reference = parse_date_option(as_of)
        the_policy = load_policy_for(run, policy)
        target = output_dir(folder, folder, force)
        report = run_forms(target, the_policy, reference)
        with remove_new_entries(target):  # an interrupted or failed run leaves no partial set of forms
            report.outputs = write_forms(report)
        run.report(report, summary_text(report))
