"""fuzong policy list | show NAME | check FILE: the built-in policies and custom policy files."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from fuzong_cli.commands.common import ForceOpt, JsonOpt, QuietOpt, Run, output_file
from fuzong_cli.runs.policy import run_policy_check, run_policy_list, run_policy_show


def register(app: typer.Typer) -> None:
    policy_app = typer.Typer(
        help="政策：列出内置政策、打印政策文件（复制后修改）、检查自定义政策文件。",
        no_args_is_help=True,
        add_completion=False,
        rich_markup_mode=None,
    )
    app.add_typer(policy_app, name="policy")

    @policy_app.command("list")
    def policy_list(json: JsonOpt = False, quiet: QuietOpt = False) -> None:
        """列出内置政策：名称、文件标题、城市、规则数。"""
        from fuzong_cli.write.policy import list_text

        report = run_policy_list()
        Run(json=json, quiet=quiet).report(report, list_text(report))

    @policy_app.command("show")
    def policy_show(
        name: Annotated[
            str,
            typer.Argument(
                help="内置政策名称（generic/wenzhou/xinxiang/liaocheng/hubei）或政策 .toml 文件。"
            ),
        ],
        output: Annotated[
            Path | None,
            typer.Option("-o", "--output", help="写入这个 .toml 文件（UTF-8），而不是打印到屏幕。"),
        ] = None,
        force: ForceOpt = False,
        json: JsonOpt = False,
        quiet: QuietOpt = False,
    ) -> None:
        """原样打印政策 TOML（含注释），复制后修改：fuzong policy show wenzhou -o 我的政策.toml

        用 -o 写出的文件总是 UTF-8 编码；在中文 Windows 控制台用“>”重定向得到的 GBK 文件也能读取。
        """
        from fuzong_cli.write.console import say
        from fuzong_cli.write.policy import show_text, write_policy_text, written_text

        run = Run(json=json, quiet=quiet)
        if output is not None:
            target = output_file(output, Path(name), output.name, force)
        report = run_policy_show(name)
        if output is None:
            run.report(report, show_text(report))
            return
        write_policy_text(report, target)
        report.outputs = [target]
        if not quiet:  # stdout stays empty (or the JSON): the file is the output
            say(written_text(target), err=True)
        run.report(report)

    @policy_app.command("check")
    def policy_check(
        file: Annotated[Path, typer.Argument(help="要检查的政策 .toml 文件。")],
        json: JsonOpt = False,
        quiet: QuietOpt = False,
    ) -> None:
        """检查自定义政策文件，逐条列出每一处错误及其行号（未知的键、类型不对、无法识别的等次/级别、缺少必填项）。

        退出码：0 检查通过；2 有错误或文件无法读取。
        """
        from fuzong_cli.write.console import say
        from fuzong_cli.write.policy import check_text

        run = Run(json=json, quiet=quiet)
        report = run_policy_check(file)
        if not report.ok and not json:
            say(check_text(report), err=True)  # the mistakes are the message: stderr, even under --quiet
            raise typer.Exit(report.exit_code)
        run.report(report, check_text(report))
