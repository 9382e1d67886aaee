"""validate as a library: read the forms, apply the policy's rules, write the annotated workbook (SPEC §4).

The command line (commands/validate_cmd.py) only parses options and prints the summary.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fuzong_cli.records import FAIL, REVIEW, Record


@dataclass
class ValidationReport:
    """The one result object of a validate run: records of every kind, what was skipped, the inputs."""

    records: list[Record]
    skipped: list[str]
    files: list[Path]
    history_files: list[Path]
    policy: Any
    as_of: dt.date
    extra_headers: list[str] = field(default_factory=list)
    kinds: dict[str, str] = field(default_factory=dict)

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


def run_validation(
    files: list[Path],
    kind: str,
    history_files: list[Path],
    policy: Any,
    as_of: dt.date,
    info: Callable[[str], None] = lambda line: None,
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


def write_validation(report: ValidationReport, target: Path) -> None:
    from fuzong_cli.read.headers import kind_spec
    from fuzong_cli.write.annotated import (
        add_explanation,
        add_findings_sheet,
        add_result_sheet,
        add_summary_sheet,
    )
    from fuzong_cli.write.fastxlsx import Book, paused_gc, save_atomic

    wb = Book()
    if len(report.records) > 100_000:  # a million rows: inline text, no index of every string (issue 12)
        wb.shared_strings = False
    groups = report.by_kind()
    if not groups:
        groups = {k: [] for k in dict.fromkeys(report.kinds.values())} or {"needs": []}
    blocks = []
    with paused_gc():  # 100k records alive: full collections would cost about a third of the write
        for kind, records in groups.items():
            spec = kind_spec(kind)
            title = "校验结果" if len(groups) == 1 else f"校验结果-{spec.title}"
            extra = [h for h in report.extra_headers if any(h in r.extra for r in records)]
            add_result_sheet(wb, title, records, [f.name for f in spec.fields], extra, print_version=True)
            blocks.append((spec.title, records))
        add_findings_sheet(wb, report.records)
        add_summary_sheet(wb, blocks)
    extra_rows = [("跳过的工作表", line) for line in report.skipped]
    extra_rows += [("往年考核结果", p.name) for p in report.history_files]
    add_explanation(
        wb,
        command="validate",
        policy=report.policy,
        as_of=report.as_of,
        inputs=report.files,
        extra=extra_rows,
    )
    save_atomic(wb, target)
