"""The one result object of a command run, and its JSON form (the ``--json`` summary of every command).

Each command has a typed report (``runs/<command>.py``): what was read, what was decided, the exit code. The
workbook, the .docx, the terminal table and ``--json`` all lay out the same report and never recompute it
(STYLE.md). The JSON has one schema for every command::

    {"command", "schema", "policy", "as_of", "inputs", "outputs", "counts", "exit_code", "findings", "details"}

``counts`` holds the command's numbers (rows, 通过, pairs …), ``findings`` one object per finding or reading
problem, ``details`` what a command has besides (a quota table, money totals); it is left out when empty.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any, ClassVar

#: version of the JSON summary and of the marker in every output's 说明 sheet / document properties
#: how a run tells the terminal what it does (``info``) or warns (``warn``); the command passes typer.echo & co.
Say = Callable[[str], None]


def quiet(line: str) -> None:
    """The ``Say`` of a run nobody listens to (library use, tests)."""


SCHEMA_VERSION = 1


class Report:
    """Base of every command's report. A subclass is a dataclass that has ``policy``, ``as_of`` and ``inputs``
    (fields or properties) and overrides what it has of ``counts``, ``findings``, ``details``, ``exit_code``.

    ``outputs`` is set by the command once the files are written.
    """

    command: ClassVar[str] = ""
    policy: Any
    as_of: dt.date | None
    outputs: list[Path]

    @property
    def inputs(self) -> Sequence[Path]:
        return ()

    def counts(self) -> dict[str, int | float]:
        return {}

    def findings(self) -> list[dict[str, Any]]:
        return []

    def details(self) -> dict[str, Any]:
        return {}

    @property
    def exit_code(self) -> int:
        """0 all well; 1 ran, but some rows failed a rule or need review (like a linter)."""
        return 0

    def to_json(self) -> dict[str, Any]:
        payload: dict[str, Any] = {
            "command": self.command,
            "schema": SCHEMA_VERSION,
            "policy": getattr(self.policy, "name", None),
            "as_of": self.as_of.isoformat() if self.as_of else None,
            "inputs": [str(p) for p in self.inputs],
            "outputs": [str(p) for p in getattr(self, "outputs", None) or []],
            "counts": self.counts(),
            "exit_code": self.exit_code,
            "findings": self.findings(),
        }
        details = self.details()
        if details:
            payload["details"] = details
        return payload


def finding_json(record: Any, finding: Any) -> dict[str, Any]:
    """One finding about one row, for ``Report.findings``: where it is, its rule code, level, message, clause."""
    return {
        "file": getattr(record, "source_file", None),
        "sheet": getattr(record, "source_sheet", None),
        "row": getattr(record, "source_row", None),
        "field": finding.field,
        "code": finding.rule_code,
        "level": finding.level,
        "message": finding.message,
        "clause": finding.source,
    }


def record_findings(records: Iterable[Any]) -> list[dict[str, Any]]:
    """Every finding of every record, in row order."""
    return [finding_json(r, f) for r in records for f in r.findings]


def note_findings(lines: Iterable[str], code: str = "READ") -> list[dict[str, Any]]:
    """Reading notes (a skipped sheet, a dropped row) as findings without a row: level 提示."""
    return [
        {
            "file": None,
            "sheet": None,
            "row": None,
            "field": None,
            "code": code,
            "level": "提示",
            "message": line,
            "clause": "",
        }
        for line in lines
    ]
