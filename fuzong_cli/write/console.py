"""Terminal output that survives a GBK console (Windows) and keeps stdout clean for --json."""

from __future__ import annotations

import json
import sys
from typing import Any, TextIO


def _safe(text: str, stream: TextIO) -> str:
    encoding = getattr(stream, "encoding", None) or "utf-8"
    try:
        text.encode(encoding)
        return text
    except (UnicodeEncodeError, LookupError):
        return text.encode(encoding, errors="replace").decode(encoding, errors="replace")


def say(text: str = "", *, err: bool = False) -> None:
    """Print one human line (stdout, or stderr with err=True), never failing on an unencodable character."""
    from fuzong_cli.write.masking import mask_personal

    text = mask_personal(text)  # personal data never reaches the terminal (SPEC §9)
    stream = sys.stderr if err else sys.stdout
    try:
        stream.write(_safe(text, stream) + "\n")
        stream.flush()
    except BrokenPipeError:  # `fuzong … | head -1`: the reader went away; the output files still get written
        _stream_gone(stream)


def _stream_gone(stream: TextIO) -> None:
    """Point a closed stdout/stderr at the null device, so later lines (and Python's final flush) are dropped
    quietly instead of raising BrokenPipeError."""
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, stream.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):
        pass


def emit_json(payload: dict[str, Any]) -> None:
    """The one JSON object a --json run writes to stdout."""
    text = json.dumps(payload, ensure_ascii=False, default=str, indent=2)
    say(text)


def table(rows: list[list[Any]], headers: list[str]) -> str:
    """A plain text table (tabulate, imported lazily)."""
    from tabulate import tabulate

    return tabulate(rows, headers=headers, tablefmt="simple", disable_numparse=True)
