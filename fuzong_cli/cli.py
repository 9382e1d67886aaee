"""The typer app: one thin function per command (in fuzong_cli/commands/), errors turned into messages.

Only this module and fuzong_cli/commands/ know typer. Heavy libraries are imported inside the commands,
so `fuzong --help` starts fast.
"""

from __future__ import annotations

import os
import sys

import typer

from fuzong_cli import __version__
from fuzong_cli.errors import FuzongError

app = typer.Typer(
    help="科技副总工作工具箱：需求表/意向表校验、供需匹配、公示、三方协议、年度考核。",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


def _version(value: bool) -> None:
    if value:
        print(f"fuzong {__version__}")
        raise typer.Exit(0)


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="显示版本号并退出。"
    ),
    debug: bool = typer.Option(False, "--debug", help="出错时显示完整的 Python 调用栈（供开发人员排查）。"),
) -> None:
    """科技副总工作工具箱。"""
    if debug:
        os.environ["FUZONG_DEBUG"] = "1"


def _register_commands() -> None:
    from fuzong_cli.commands import registry

    for register in registry.all_registrars():
        register(app)


_register_commands()


def main(argv: list[str] | None = None) -> None:
    """Entry point: run the app, turn a FuzongError into a Chinese message and its exit code.

    ``--debug`` is accepted anywhere on the line (``fuzong validate a.xlsx --debug``): errors then show the
    full traceback. SIGTERM is handled like Ctrl-C, so every temporary output is removed on the way out.
    Under ``--json`` an error still prints one JSON object on stdout.
    """
    args = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in args or os.environ.get("FUZONG_DEBUG") == "1"
    args = [a for a in args if a != "--debug"]
    if debug:
        os.environ["FUZONG_DEBUG"] = "1"
    json_mode = "--json" in args
    if not args or (len(args) == 1 and args[0] in _GROUPS):
        args = [*args, "--help"]  # a bare `fuzong` or `fuzong policy` shows its help
    if "--help" in args:
        _help_in_chinese(args)
    words = [a for a in args if not a.startswith("-")]
    _COMMAND[:] = [" ".join(words[:2] if words and words[0] in _GROUPS else words[:1])] if words else []
    restore = _terminate_as_interrupt()
    unraisable_hook = sys.unraisablehook
    if not debug:  # "Exception ignored in …" notes of half-closed writers after an error: not for the user
        sys.unraisablehook = lambda unraisable: None
    try:
        from fuzong_cli.commands.common import CURRENT_OUTPUT

        CURRENT_OUTPUT.clear()
        code = app(args=args, prog_name="fuzong", standalone_mode=False)
        if code == 130:  # typer turns KeyboardInterrupt (Ctrl-C, or SIGTERM through our handler) into 130
            _interrupted(json_mode)
        if isinstance(code, int) and code:
            sys.exit(code)
    except FuzongError as exc:
        if debug:
            raise
        _fail(exc.message, exc.code, json_mode)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except SystemExit:
        raise
    except KeyboardInterrupt:
        _interrupted(json_mode)
    except OSError as exc:  # permission, full disk, file-size limit, read-only folder: the user's to fix
        if debug:
            raise
        from fuzong_cli.commands.common import CURRENT_OUTPUT
        from fuzong_cli.errors import os_error_message

        where = exc.filename or (CURRENT_OUTPUT[0] if CURRENT_OUTPUT else None)
        _fail(os_error_message(exc, where), 2, json_mode)
    except MemoryError:
        if debug:
            raise
        _fail("内存不足，无法处理这么大的文件。请把文件拆成几个较小的文件后分别运行。", 2, json_mode)
    except Exception as exc:  # click usage errors (typer may vendor click) and anything unexpected
        if hasattr(exc, "format_message") and hasattr(exc, "exit_code"):
            text = _chinese_usage(exc.format_message())
            _fail(
                text if text.startswith("没有权限") else f"{text}（用 fuzong --help 查看用法）", 2, json_mode
            )
        if type(exc).__name__ == "Abort":
            _interrupted(json_mode)
        if debug:
            raise
        from fuzong_cli.write.files import io_errno

        if io_errno(exc) is not None:  # lxml's wrapping of a failed write (full disk, size limit)
            from fuzong_cli.commands.common import CURRENT_OUTPUT
            from fuzong_cli.errors import os_error_message

            failed = OSError(io_errno(exc), os.strerror(io_errno(exc) or 0))
            _fail(os_error_message(failed, CURRENT_OUTPUT[0] if CURRENT_OUTPUT else None), 2, json_mode)
        _fail(
            f"内部错误：{type(exc).__name__}: {exc}。请加 --debug 重新运行并把输出发给维护人员。",
            3,
            json_mode,
            prefix="",
        )
    finally:
        restore()
        if argv is not None:  # called in-process (tests): leave the interpreter as it was
            sys.unraisablehook = unraisable_hook


#: the command being run (``validate``, ``policy check``), named in an error's JSON
_COMMAND: list[str] = []


def _error_payload(code: int, message: str) -> dict:
    """A run that could not finish, under --json: the keys of the common schema (``fuzong_cli.report``) that
    it has, plus ``ok`` and ``message``."""
    from fuzong_cli.report import SCHEMA_VERSION

    return {
        "ok": False,
        "command": _COMMAND[0] if _COMMAND else None,
        "schema": SCHEMA_VERSION,
        "exit_code": code,
        "message": message,
    }


def _fail(message: str, code: int, json_mode: bool, prefix: str = "错误：") -> None:
    """One Chinese line on stderr (and, under --json, one JSON object on stdout), then exit ``code``."""
    from fuzong_cli.write.console import emit_json, say

    say(f"{prefix}{message}", err=True)
    if json_mode:
        emit_json(_error_payload(code, message))
    sys.exit(code)


def _interrupted(json_mode: bool) -> None:
    from fuzong_cli.write.console import emit_json, say

    say("已中断，未写出任何文件。", err=True)
    if json_mode:
        emit_json(_error_payload(130, "已中断，未写出任何文件。"))
    sys.exit(130)


def _terminate_as_interrupt():
    """SIGTERM (and SIGHUP, SIGBREAK on Windows) raise KeyboardInterrupt like Ctrl-C, so the writers' cleanup
    runs: no hidden temporary file or folder is left behind. Returns a function restoring the old handlers."""
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        return lambda: None
    names = ("SIGTERM", "SIGHUP", "SIGBREAK")
    previous = {}

    def handler(signum, frame):
        for sig in previous:  # a second signal while cleaning up must not cut the cleanup short
            signal.signal(sig, signal.SIG_IGN)
        raise KeyboardInterrupt

    for name in names:
        sig = getattr(signal, name, None)
        if sig is None:
            continue
        try:
            previous[sig] = signal.signal(sig, handler)
        except (OSError, ValueError):
            continue

    def restore() -> None:
        for sig, old in previous.items():
            try:
                signal.signal(sig, old if old is not None else signal.SIG_DFL)
            except (OSError, ValueError):
                pass

    return restore


_GROUPS = ("policy",)
_HELP_WORDS = [
    ("Show this message and exit.", "显示本帮助并退出。"),
    ("Usage:", "用法："),
    ("Options:", "选项："),
    ("Arguments:", "参数："),
    ("Commands:", "命令："),
    ("[required]", "[必填]"),
    ("[default: ", "[默认："),
]


def _help_in_chinese(args: list[str]) -> None:
    """Help pages come from the CLI library with a few English words; print them in Chinese, then exit."""
    import io
    from contextlib import redirect_stdout

    from fuzong_cli.write.console import say

    buffer = io.StringIO()
    code = 0
    with redirect_stdout(buffer):
        try:
            result = app(args=args, prog_name="fuzong", standalone_mode=False)
            code = result if isinstance(result, int) else 0
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 0
        except Exception:  # a usage error: let the normal path report it
            return
    text = buffer.getvalue()
    for english, chinese in _HELP_WORDS:
        text = text.replace(english, chinese)
    say(text.rstrip("\n"))
    sys.exit(code)


_USAGE_WORDS = [
    ("Input should be greater than or equal to", "应不小于"),
    ("Input should be less than or equal to", "应不大于"),
    ("Input should be greater than", "应大于"),
    ("Input should be less than", "应小于"),
    ("Input should be a valid integer, unable to parse string as an integer", "应为整数"),
    ("Input should be a valid integer", "应为整数"),
    ("Input should be a valid number, unable to parse string as a number", "应为数字"),
    ("Input should be a valid number", "应为数字"),
    ("Input should be a valid boolean", "应为是/否"),
    ("is not a valid integer", "不是整数"),
    ("is not a valid float", "不是数字"),
    ("is not one of", "不在可选值中："),
    ("Missing argument", "缺少参数"),
    ("Missing option", "缺少选项"),
    ("No such option", "没有这个选项"),
    ("No such command", "没有这个命令"),
    ("Got unexpected extra argument(s)", "多余的参数："),
    ("Got unexpected extra arguments", "多余的参数："),
    ("Got unexpected extra argument", "多余的参数："),
    ("Invalid value for", "参数值无效："),
    ("does not exist", "不存在"),
    ("Did you mean", "您是不是要用"),
    ("requires an argument", "需要一个值"),
    ("Option", "选项"),
]


def _chinese_usage(message: str) -> str:
    import re

    unreadable = re.search(r"[Pp]ath '(.+)' is not readable", message)
    if unreadable:
        return f"没有权限读取 {unreadable.group(1)}。请检查文件权限，或把文件复制到自己的文件夹后重试。"
    if re.search(r"[Pp]ath '(.+)' is not writable", message):
        found = re.search(r"[Pp]ath '(.+)' is not writable", message)
        return f"没有权限写入 {found.group(1)}。请检查文件夹权限，或用 -o 换一个输出位置。"
    for english, chinese in _USAGE_WORDS:
        message = message.replace(english, chinese)
    message = message.replace("参数值无效： ", "参数值无效：").replace("': 应", "' 的值应").replace("'.", "'")
    return message
