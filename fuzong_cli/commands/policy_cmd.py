"""fuzong policy list | show NAME | check FILE: the built-in policies and custom policy files."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from fuzong_cli.commands.common import JsonOpt, QuietOpt, Run
from fuzong_cli.errors import FuzongError


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
        from fuzong_cli.policy import builtin_names, load_policy
        from fuzong_cli.write.console import table

        run = Run(json=json, quiet=quiet)
        rows = []
        for name in builtin_names():
            policy = load_policy(name)
            rows.append(
                {
                    "name": name,
                    "title": policy.title,
                    "city": policy.city or "（不限）",
                    "year": str(policy.data.get("year", "")),
                    "rules": len(policy.rules()),
                }
            )
        human = table(
            [[r["name"], r["title"], r["city"], r["year"], r["rules"]] for r in rows],
            ["名称", "政策文件", "城市", "年份", "规则数"],
        )
        human += "\n\n用 fuzong policy show 名称 查看全文；复制后修改，用 --policy 文件.toml 使用。"
        run.result({"policies": rows}, human)

    @policy_app.command("show")
    def policy_show(
        name: Annotated[
            str,
            typer.Argument(
                help="内置政策名称（generic/wenzhou/xinxiang/liaocheng/hubei）或政策 .toml 文件。"
            ),
        ],
    ) -> None:
        """原样打印政策 TOML（含注释），可重定向到文件后修改：fuzong policy show wenzhou > 我的政策.toml"""
        from fuzong_cli.policy import builtin_names, builtin_text, load_policy
        from fuzong_cli.write.console import say

        if name in builtin_names():
            text = builtin_text(name)
        else:
            text = load_policy(name).text
        say(text.rstrip("\n"))

    @policy_app.command("check")
    def policy_check(
        file: Annotated[Path, typer.Argument(help="要检查的政策 .toml 文件。")],
        json: JsonOpt = False,
        quiet: QuietOpt = False,
    ) -> None:
        """检查自定义政策文件，逐条列出每一处错误及其行号（未知的键、类型不对、无法识别的等次/级别、缺少必填项）。

        退出码：0 检查通过；2 有错误或文件无法读取。
        """
        from fuzong_cli.policy import check_policy_text
        from fuzong_cli.write.console import say

        run = Run(json=json, quiet=quiet)
        if not file.exists():
            raise FuzongError(f"找不到政策文件：{file}。")
        if file.is_dir():
            raise FuzongError(f"{file} 是一个文件夹，不是政策 .toml 文件。")
        try:
            text = file.read_text(encoding="utf-8-sig")
        except UnicodeDecodeError:
            raise FuzongError(f"政策文件 {file} 不是 UTF-8 编码的文本，请用 UTF-8 保存后重试。") from None
        except OSError as exc:
            raise FuzongError(f"无法读取政策文件 {file}：{exc.strerror or exc}。") from None
        mistakes = check_policy_text(text)
        if not mistakes:
            run.result({"file": str(file), "ok": True, "mistakes": []}, f"{file}：检查通过")
            return
        if json:
            run.result({"file": str(file), "ok": False, "mistakes": mistakes})
        else:
            say(f"{file}：发现 {len(mistakes)} 处错误", err=True)
            for line in mistakes:
                say(f"  {file} {line}", err=True)
        raise typer.Exit(2)
