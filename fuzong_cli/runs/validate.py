"""validate as a library: read the forms, apply the policy's rules; one report for every renderer (SPEC §4)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fuzong_cli.records import FAIL, PASS, REVIEW, Record
from fuzong_cli.report import Report, Say, note_findings, quiet, record_findings


@dataclass
class ValidationReport(Report):
    """The one result object of a validate run: records of every kind, what was skipped, the inputs."""

    command = "validate"

    records: list[Record]
    skipped: list[str]
    files: list[Path]
    history_files: list[Path]
    policy: Any
    as_of: dt.date
    extra_headers: list[str] = field(default_factory=list)
    kinds: dict[str, str] = field(default_factory=dict)
    outputs: list[Path] = field(default_factory=list)

    @property
    def inputs(self) -> list[Path]:
        return [*self.files, *self.history_files]

    def by_kind(self) -> dict[str, list[Record]]:
        groups: dict[str, list[Record]] = {}
        for r in self.records:
            groups.setdefault(r.kind, []).append(r)
        return groups

    def count(self, conclusion: str) -> int:
        return sum(1 for r in self.records if r.conclusion == conclusion)

    @property
    def failed(self) -> int:
        return self.count(FAIL)

    @property
    def review(self) -> int:
        return self.count(REVIEW)

    @property
    def exit_code(self) -> int:
        return 1 if self.failed or self.review else 0

    def counts(self) -> dict[str, int | float]:
        return {
            "rows": len(self.records),
            PASS: self.count(PASS),
            REVIEW: self.review,
            FAIL: self.failed,
            "findings": sum(len(r.findings) for r in self.records),
            "skipped": len(self.skipped),
        }

    def findings(self) -> list[dict[str, Any]]:
        return note_findings(self.skipped) + record_findings(self.records)


def run_validation(
    files: list[Path],
    kind: str,
    history_files: list[Path],
    policy: Any,
    as_of: dt.date,
    info: Say = quiet,
) -> ValidationReport:
    """Read the forms (and earlier evaluate results), apply the policy's rules; one report for every writer."""
    from fuzong_cli.decide.eligibility import check_records
    from fuzong_cli.read.forms import read_records
    from fuzong_cli.read.history import read_history
    from fuzong_cli.write.fastxlsx import paused_gc

    with paused_gc():  # 100k records of small dicts: the cyclic collector only slows this down
        result = read_records(files, kind)
        for line in result.skipped:
            info(line)
        history = read_history(history_files, policy).records if history_files else None
        check_records(result.records, policy, as_of, history=history)
    return ValidationReport(
        result.records,
        result.skipped,
        result.files,
        history_files,
        policy,
        as_of,
        result.extra_headers,
        result.kinds,
    )
