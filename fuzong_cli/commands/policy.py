"""fuzong policy list | show NAME | check FILE: the built-in policies and custom policy files."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from fuzong_cli.commands.common import ForceOpt, JsonOpt, QuietOpt, Run, output_file
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
        output: Annotated[
            Path | None,
            typer.Option("-o", "--output", help="写入这个 .toml 文件（UTF-8），而不是打印到屏幕。"),
        ] = None,
        force: ForceOpt = False,
    ) -> None:
        """原样打印政策 TOML（含注释），复制后修改：fuzong policy show wenzhou -o 我的政策.toml

        用 -o 写出的文件总是 UTF-8 编码；在中文 Windows 控制台用“>”重定向得到的 GBK 文件也能读取。
        """
        from fuzong_cli.policy import builtin_names, builtin_text, load_policy
        from fuzong_cli.write.console import say

        if output is not None:
            target = output_file(output, Path(name), output.name, force)
        if name in builtin_names():
            text = builtin_text(name)
        else:
            text = load_policy(name).text
        if output is None:
            say(text.rstrip("\n"))
            return
        _write_text(target, text.rstrip("\n") + "\n")
        say(f"已写入：{target}（用 fuzong policy check {target} 检查修改）", err=True)

    @policy_app.command("check")
    def policy_check(
        file: Annotated[Path, typer.Argument(help="要检查的政策 .toml 文件。")],
        json: JsonOpt = False,
        quiet: QuietOpt = False,
    ) -> None:
        """检查自定义政策文件，逐条列出每一处错误及其行号（未知的键、类型不对、无法识别的等次/级别、缺少必填项）。

        退出码：0 检查通过；2 有错误或文件无法读取。
        """
        from fuzong_cli.policy import check_policy_text, read_policy_text
        from fuzong_cli.write.console import say

        run = Run(json=json, quiet=quiet)
        if not file.exists():
            raise FuzongError(f"找不到政策文件：{file}。")
        if file.is_dir():
            raise FuzongError(f"{file} 是一个文件夹，不是政策 .toml 文件。")
        text = read_policy_text(file)
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


def _write_text(target: Path, text: str) -> None:
    """UTF-8 text written whole or not at all (temp file beside the target, then rename)."""
    import os
    import tempfile

    from fuzong_cli.write.files import discard, normal_permissions

    fd, tmp = tempfile.mkstemp(prefix=".fuzong-", suffix=".toml", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
        normal_permissions(tmp)
        os.replace(tmp, target)
    except OSError as exc:
        discard(tmp)
        raise FuzongError(f"无法写入 {target}：{exc.strerror or exc}。") from None
