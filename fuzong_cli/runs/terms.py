"""terms as a library: read the ledger / 配对结果, compute every term end and the duties due under the policy's
[terms]; one report for the 聘期台账 workbook, the terminal and ``--json``."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fuzong_cli.errors import FuzongError
from fuzong_cli.records import PASS
from fuzong_cli.report import Report, Say, note_findings, quiet, record_findings

STATUSES = ("正常", "即将到期", "已逾期", "已期满", "已撤销", "无法计算")
OVERDUE = "已逾期"


@dataclass
class TermsReport(Report):
    """The one result of a terms run: the plan (``decide.terms.TermsPlan``), what was read and left out."""

    command = "terms"

    plan: Any  # decide.terms.TermsPlan
    files: list[Path]
    policy: Any
    skipped: list[str]
    excluded: int
    #: the end of a term that starts on 2025-03-01, for the 说明 sheet's worked example
    example_end: dt.date
    outputs: list[Path] = field(default_factory=list)

    @property
    def inputs(self) -> list[Path]:
        return self.files

    @property
    def as_of(self) -> dt.date:  # type: ignore[override]
        return self.plan.as_of

    @property
    def within(self) -> int:
        return self.plan.within

    @property
    def rows_with_problems(self) -> int:
        return sum(1 for r in self.plan.rows if r.record.conclusion != PASS)

    def status_counts(self) -> dict[str, int]:
        return {s: self.plan.count(s) for s in STATUSES}

    @property
    def exit_code(self) -> int:
        overdue = any(i.status == OVERDUE for i in self.plan.todo)
        return 1 if overdue or self.rows_with_problems else 0

    def counts(self) -> dict[str, int | float]:
        return {
            "people": len(self.plan.rows),
            "todo": len(self.plan.todo),
            "due": len(self.plan.due_soon),
            "rows_with_problems": self.rows_with_problems,
            "excluded": self.excluded,
            **self.status_counts(),
        }

    def findings(self) -> list[dict[str, Any]]:
        return note_findings(self.skipped) + record_findings(r.record for r in self.plan.rows)

    def details(self) -> dict[str, Any]:
        return {
            "within": self.within,
            "status": self.status_counts(),
            "due": [
                {
                    "due": i.due.isoformat(),
                    "days_left": i.days_left,
                    "status": i.status,
                    "duty": i.name,
                    "name": i.row.name,
                    "enterprise": i.row.enterprise,
                    "source": i.duty.source,
                }
                for i in self.plan.due_soon
            ],
        }


def rules_for(policy: Any) -> Any:
    """The policy's [terms] as ``decide.terms.TermRules``; exit 2 before any work when the policy has none."""
    from fuzong_cli.decide.terms import TermRules

    return TermRules.from_policy(policy)


def run_terms(
    files: list[Path],
    policy: Any,
    as_of: dt.date,
    within: int,
    info: Say = quiet,
    rules: Any = None,
) -> TermsReport:
    """Read the ledger / 配对结果 and compute the terms; rows a 配对结果 marks 排除 are left out."""
    from fuzong_cli.decide.terms import plan_terms, term_end
    from fuzong_cli.read.forms import read_records
    from fuzong_cli.read.values import parse_bool

    rules = rules or rules_for(policy)
    result = read_records(files, "ledger")
    for line in result.skipped:
        info(line)
    if not result.records:
        from fuzong_cli.read.forms import no_rows_message

        raise FuzongError(no_rows_message(files))
    records = [r for r in result.records if not parse_bool(r.extra.get("排除"))]
    excluded = len(result.records) - len(records)
    if records and not any("聘期开始" in r.raw for r in records):
        names = "、".join(p.name for p in files)
        raise FuzongError(
            f"{names} 没有“聘期开始”列，无法计算聘期。请在台账中加上“聘期开始”列（如 2025-03-01）后重新运行。"
        )
    plan = plan_terms(records, rules, as_of, within)
    return TermsReport(
        plan=plan,
        files=files,
        policy=policy,
        skipped=result.skipped,
        excluded=excluded,
        example_end=term_end(dt.date(2025, 3, 1), rules.term_years),
    )
