"""Options and plumbing every command shares: policy, --as-of, -o/--force, --json/--quiet, output paths."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

import typer

from fuzong_cli.errors import FuzongError
from fuzong_cli.write.console import emit_json, say

PolicyOpt = Annotated[
    str | None,
    typer.Option(
        "--policy", help="政策名称（generic/wenzhou/xinxiang/liaocheng/hubei）或自定义政策 .toml 文件。"
    ),
]
AsOfOpt = Annotated[
    str | None, typer.Option("--as-of", help="计算年龄、年限的参照日期 YYYY-MM-DD，默认今天。")
]
OutputOpt = Annotated[Path | None, typer.Option("-o", "--output", help="输出文件（或文件夹）路径。")]
ForceOpt = Annotated[bool, typer.Option("--force", help="输出已存在时覆盖。")]
JsonOpt = Annotated[bool, typer.Option("--json", help="标准输出只打印一个 JSON 汇总对象。")]
QuietOpt = Annotated[bool, typer.Option("--quiet", help="只在出错时输出。")]
InputsArg = Annotated[list[Path], typer.Argument(help="输入的工作簿（.xlsx/.xlsm/.xls/.csv），可多个。")]


#: the output the running command writes (set by output_file / output_dir): named in an environment-fault message
#: when the system error itself names no file (a write that hit a full disk inside a worker, say)
CURRENT_OUTPUT: list[Path] = []


def parse_date_option(text: str | None, option: str = "--as-of") -> dt.date:
    """A YYYY-MM-DD option value, or today when absent."""
    if not text:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise FuzongError(f"{option} 的值“{text}”不是日期，请写成 YYYY-MM-DD，例如 2026-12-01。") from None


@dataclass
class Run:
    """What a command needs besides its own arguments: how to talk to the user and where the policy is."""

    json: bool = False
    quiet: bool = False

    def info(self, text: str) -> None:
        """A human line: stderr under --json (stdout must carry only the JSON), nothing under --quiet."""
        if self.quiet:
            return
        say(text, err=self.json)

    def warn(self, text: str) -> None:
        say(f"警告：{text}", err=True)

    def report(self, report: Any, human: str | None = None) -> None:
        """The end of a command: its report as one JSON object under --json, else the human text; then the
        report's exit code (1: ran, some rows failed or need review)."""
        self.result(report.to_json(), human)
        if report.exit_code:
            raise typer.Exit(report.exit_code)

    def result(self, payload: dict[str, Any], human: str | None = None) -> None:
        """The command's summary: one JSON object under --json, else the human text."""
        if self.json:
            emit_json(payload)
        elif human is not None and not self.quiet:
            say(human)


def load_policy_for(run: Run, spec: str | None):
    """Resolve the policy (--policy > FUZONG_POLICY > ./fuzong.toml > generic) and say which one is used."""
    from fuzong_cli.policy import load_policy

    policy = load_policy(spec)
    run.info(f"使用政策：{policy.display_name}")
    for line in policy.validity_warnings(*_reference_dates()):
        run.info(line)
    return policy


def _reference_dates() -> tuple[dt.date, tuple[int, ...]]:
    """The running command's --as-of (today when absent or unreadable: the command itself reports that)
    and --year, for the policy-validity warning printed with 使用政策."""
    try:  # typer ≥ 0.20 carries its own copy of click
        from typer._click.globals import get_current_context
    except ImportError:  # pragma: no cover - older typer on plain click
        from click import get_current_context  # type: ignore[no-redef]

    ctx = get_current_context(silent=True)
    params = dict(getattr(ctx, "params", None) or {})
    as_of = dt.date.today()
    text = params.get("as_of")
    if isinstance(text, str) and text.strip():
        try:
            as_of = dt.date.fromisoformat(text.strip())
        except ValueError:
            pass
    year = params.get("year")
    return as_of, ((year,) if isinstance(year, int) else ())


def check_inputs(paths: list[Path]) -> None:
    """Every input exists and is a file; exit 2 naming the first that is not."""
    if not paths:
        raise FuzongError("没有给出输入文件。")
    for path in paths:
        if not path.exists():
            raise FuzongError(f"找不到输入文件：{path}。请检查文件名和所在文件夹。")
        if path.is_dir():
            raise FuzongError(f"{path} 是一个文件夹，不是工作簿文件。请给出具体的 .xlsx/.xls/.csv 文件。")


def output_file(
    output: Path | None, first_input: Path, default_name: str, force: bool, inputs: Sequence[Path | None] = ()
) -> Path:
    """Where a one-file output goes: -o, else ``default_name`` beside the first input.

    Refuses (exit 2) when the folder does not exist, the file exists without --force, or the file is one of the
    inputs (``first_input`` and every other file the command reads: ``inputs``).
    """
    path = output if output is not None else first_input.parent / default_name
    if path.exists() and path.is_dir():
        raise FuzongError(f"输出路径 {path} 是一个文件夹，请给出文件名，例如 {path / default_name}。")
    if not path.parent.exists():
        raise FuzongError(f"输出文件夹 {path.parent} 不存在，请先建好文件夹或换一个输出路径。")
    refuse_input_as_output(path, [first_input, *(p for p in inputs if p is not None)])
    writable_folder(path.parent)
    CURRENT_OUTPUT[:] = [path]
    if path.exists() and not force:
        raise FuzongError(f"输出文件 {path} 已存在。如需覆盖请加 --force，或用 -o 指定新的文件名。")
    return path


def refuse_input_as_output(target: Path, inputs: list[Path]) -> None:
    """Inputs are never modified (SPEC §9): an output that is one of the inputs is refused, even with --force."""
    import os

    for path in inputs:
        try:
            same = target.exists() and path.exists() and os.path.samefile(target, path)
        except OSError:
            same = False
        if same:
            raise FuzongError(
                f"输出文件 {target} 就是输入文件 {path.name}，输入文件不会被改写。请用 -o 换一个输出文件名。"
            )


def output_dir(output: Path | None, default: Path, force: bool, replaces_only: str | None = None) -> Path:
    """Where a folder output goes (agreements, forms); created later by the writer. Exists → needs --force.

    ``replaces_only``: the folder is replaced whole, so with --force an existing, non-empty folder is accepted
    only when it holds this file (an earlier output of the same command) — never a folder of the user's own.
    """
    path = output if output is not None else default
    parent = path.parent
    while not parent.exists() and parent != parent.parent:
        parent = parent.parent
    writable_folder(parent)
    CURRENT_OUTPUT[:] = [path]
    if path.exists() and not path.is_dir():
        raise FuzongError(f"输出路径 {path} 是一个文件，不是文件夹。请换一个文件夹名。")
    if path.exists() and any(path.iterdir()):
        if not force:
            raise FuzongError(
                f"输出文件夹 {path} 已存在且不为空。如需覆盖请加 --force，或用 -o 指定新的文件夹。"
            )
        if replaces_only and not (path / replaces_only).is_file():
            raise FuzongError(
                f"输出文件夹 {path} 不是以前生成的结果（里面没有 {replaces_only}），为免误删其中的文件，"
                "即使加了 --force 也不会替换它。请用 -o 指定一个新的文件夹。"
            )
    return path


def writable_folder(folder: Path) -> None:
    """Refuse (exit 2) before any work when the output folder cannot be written: no permission, read-only."""
    import errno
    import os

    if os.access(folder, os.W_OK | os.X_OK):
        return
    code = errno.EROFS if _read_only(folder) else errno.EACCES
    from fuzong_cli.errors import os_error_message

    raise FuzongError(os_error_message(OSError(code, os.strerror(code)), folder, writing=True))


def _read_only(folder: Path) -> bool:
    import os

    try:
        return bool(os.statvfs(folder).f_flag & os.ST_RDONLY)
    except (AttributeError, OSError):  # Windows has no statvfs
        return False
