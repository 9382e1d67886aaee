"""ingest as a library: many county workbooks of one kind read into one list of records, duplicates flagged."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fuzong_cli.records import Record
from fuzong_cli.report import Report, Say, note_findings, quiet, record_findings

#: the kinds of form ingest reads, with their names in messages
KINDS = {"needs": "企业需求表", "experts": "专家意向表", "ledger": "服务台账"}


@dataclass
class IngestReport(Report):
    """The one result object of an ingest run: every row read (with provenance), its duplicate note, the inputs."""

    command = "ingest"

    kind: str
    records: list[Record]
    skipped: list[str]
    files: list[Path]
    extra_headers: list[str]
    #: index in ``records`` -> the duplicate note shown in 重复标记 (``decide.duplicates.duplicate_notes``)
    duplicates: dict[int, str]
    policy: Any
    as_of: dt.date | None
    outputs: list[Path] = field(default_factory=list)

    @property
    def inputs(self) -> list[Path]:
        return self.files

    @property
    def kind_title(self) -> str:
        return KINDS.get(self.kind, self.kind)

    @property
    def rows_with_problems(self) -> int:
        """Rows the reader has something to say about (a value it could not normalise, a bad ID…)."""
        return sum(1 for r in self.records if r.findings)

    def counts(self) -> dict[str, int | float]:
        return {
            "files": len(self.files),
            "rows": len(self.records),
            "duplicates": len(self.duplicates),
            "rows_with_read_problems": self.rows_with_problems,
            "skipped": len(self.skipped),
        }

    def findings(self) -> list[dict[str, Any]]:
        return note_findings(self.skipped) + record_findings(self.records)

    def details(self) -> dict[str, Any]:
        return {"kind": self.kind, "files": [p.name for p in self.files]}


def run_ingest(
    files: list[Path],
    kind: str,
    policy: Any,
    as_of: dt.date | None,
    info: Say = quiet,
) -> IngestReport:
    """Read every form of ``kind``, normalise the values, flag rows that appear twice (within or across files)."""
    from fuzong_cli.decide.duplicates import duplicate_notes
    from fuzong_cli.read.forms import read_records

    result = read_records(files, kind)
    for line in result.skipped:
        info(line)
    notes = duplicate_notes(result.records) if result.records else {}
    return IngestReport(
        kind,
        result.records,
        result.skipped,
        result.files,
        result.extra_headers,
        notes,
        policy,
        as_of,
    )
