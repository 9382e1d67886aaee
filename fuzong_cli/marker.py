"""The machine-readable mark on every fuzong output: which command wrote it, under which policy, with which
fuzong and schema version, and which sheets hold the data.

In a workbook it is the row ``fuzong 标记 | {json}`` of the 说明 sheet; in a .docx the JSON is the document's
description (docProps/core.xml ``dc:description``). The reader recognises fuzong's own outputs by it, never by
sheet names (``read.forms``, ``read.history``). Outputs written before the marker existed (fuzong ≤ 0.x without
it) are still recognised by their 命令 row, as a fallback.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from fuzong_cli.report import SCHEMA_VERSION

LABEL = "fuzong 标记"
PREFIX = "fuzong:"


@dataclass(frozen=True)
class Marker:
    command: str
    policy: str | None
    version: str
    schema: int
    data_sheets: tuple[str, ...] = field(default=())

    def text(self) -> str:
        return json.dumps(
            {
                "generator": "fuzong",
                "command": self.command,
                "policy": self.policy,
                "version": self.version,
                "schema": self.schema,
                "data_sheets": list(self.data_sheets),
            },
            ensure_ascii=False,
            separators=(",", ":"),
        )


def make_marker(command: str, policy: Any, data_sheets: Sequence[str] = ()) -> Marker:
    from fuzong_cli import __version__

    name = getattr(policy, "name", None) if policy is not None else None
    return Marker(command, name, __version__, SCHEMA_VERSION, tuple(data_sheets))


def parse_marker(text: Any) -> Marker | None:
    """The marker in a 说明 cell or a document description, or None when ``text`` is not one."""
    if not isinstance(text, str):
        return None
    text = text.strip()
    if text.startswith(PREFIX):
        text = text[len(PREFIX) :]
    if not text.startswith("{"):
        return None
    try:
        data = json.loads(text)
    except ValueError:
        return None
    if not isinstance(data, dict) or data.get("generator") != "fuzong" or not data.get("command"):
        return None
    sheets = data.get("data_sheets") or ()
    return Marker(
        str(data["command"]),
        data.get("policy") if isinstance(data.get("policy"), str) else None,
        str(data.get("version") or ""),
        int(data.get("schema") or 0) if str(data.get("schema") or "0").isdigit() else 0,
        tuple(str(s) for s in sheets if isinstance(s, str)),
    )


def marker_in_rows(rows: Sequence[Sequence[Any]]) -> Marker | None:
    """The marker among the rows of a 说明 sheet (label in the first column, JSON in the second)."""
    for row in rows:
        if len(row) >= 2 and str(row[0] or "").strip() == LABEL:
            return parse_marker(row[1])
    return None
