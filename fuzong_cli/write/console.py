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
    stream = sys.stderr if err else sys.stdout
    stream.write(_safe(text, stream) + "\n")
    stream.flush()


def emit_json(payload: dict[str, Any]) -> None:
    """The one JSON object a --json run writes to stdout."""
    text = json.dumps(payload, ensure_ascii=False, default=str, indent=2)
    say(text)


def table(rows: list[list[Any]], headers: list[str]) -> str:
    """A plain text table (tabulate, imported lazily)."""
    from tabulate import tabulate

    return tabulate(rows, headers=headers, tablefmt="simple", disable_numparse=True)
