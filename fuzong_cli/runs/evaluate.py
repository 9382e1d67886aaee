"""evaluate as a library: read the ledger (and earlier results), grade, rank, lists and money; one report for
every renderer (SPEC §8)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fuzong_cli.errors import FuzongError
from fuzong_cli.records import FAIL, REVIEW
from fuzong_cli.report import Report, Say, note_findings, quiet, record_findings

if TYPE_CHECKING:
    from fuzong_cli.decide.grading import Evaluation, GradedRow
    from fuzong_cli.decide.money import MoneyRules, MoneySummary

UNFILLED = "（未填写）"


@dataclass
class EvaluateReport(Report):
    """The one result object of an evaluate run: the graded year, its money summary (computed once here), the
    inputs and what was skipped. The workbook, the terminal table and ``--json`` all lay it out."""

    command = "evaluate"

    evaluation: Evaluation
    money: MoneySummary
    money_rules: MoneyRules
    policy: Any
    as_of: dt.date
    files: list[Path]
    history_files: list[Path]
    skipped: list[str]
    outputs: list[Path] = field(default_factory=list)
    #: the rows in rank order (考核结果, 打印版, 问题清单)
    ordered: list[GradedRow] = field(init=False)
    #: county → grade → count (图表, the terminal table, ``--json``)
    grade_counts: dict[str, dict[str, int]] = field(init=False)
    #: grade → count over all rows, in the scale's order
    grades: dict[str, int] = field(init=False)
    #: 名单 category → entries
    lists: dict[str, int] = field(init=False)
    rows_failing: int = field(init=False)
    rows_review: int = field(init=False)
    #: rows graded for their whole evaluation period (the others only report on the year)
    assessed: int = field(init=False)
    #: the evaluation period in words (说明) when it is not every year
    period_words: str = field(init=False)

    def __post_init__(self) -> None:
        from fuzong_cli.decide.grading import _period_words

        ev = self.evaluation
        self.ordered = sorted(ev.rows, key=lambda r: (r.rank or 0, r.record.source_file, r.record.source_row))
        self.grade_counts = ev.grade_counts()
        seen = Counter(r.grade for r in ev.rows)
        self.grades = {g: seen.get(g, 0) for g in ev.rules.grades}
        self.lists = dict(Counter(e.category for e in ev.lists))
        self.rows_failing = sum(1 for r in ev.rows if any(f.level == FAIL for f in r.record.findings))
        self.rows_review = sum(1 for r in ev.rows if r.record.conclusion == REVIEW)
        self.assessed = sum(1 for r in ev.rows if r.counts_for_cycle)
        self.period_words = _period_words(ev.rules) if ev.rules.period != "year" else ""

    @property
    def inputs(self) -> list[Path]:
        return [*self.files, *self.history_files]

    @property
    def label(self) -> str:
        return getattr(self.policy, "label", None) or self.evaluation.policy_label

    @property
    def exit_code(self) -> int:
        return 1 if self.evaluation.needs_attention else 0

    def counts(self) -> dict[str, int | float]:
        return {
            "rows": len(self.evaluation.rows),
            **self.grades,
            "rows_failing": self.rows_failing,
            "rows_review": self.rows_review,
            "findings": sum(len(r.record.findings) for r in self.ordered),
            "skipped": len(self.skipped),
        }

    def findings(self) -> list[dict[str, Any]]:
        return note_findings(self.skipped) + record_findings(r.record for r in self.ordered)

    def details(self) -> dict[str, Any]:
        ev = self.evaluation
        return {
            "year": ev.year,
            "policy_label": ev.policy_label,
            "grades": self.grades,
            "by_county": {
                (c or UNFILLED): {
                    **self.grade_counts[c],
                    "补助金额": self.money.by_county.get(c or UNFILLED, 0.0),
                }
                for c in ev.counties
            },
            "money_total": self.money.total,
            "money_total_capital": self.money.total_capital,
            "lists": self.lists,
            "other_years": {str(k): v for k, v in ev.other_years.items()},
        }


def run_evaluate(
    ledgers: list[Path],
    history_files: list[Path],
    policy: Any,
    year: int | None,
    as_of: dt.date,
    info: Say = quiet,
) -> EvaluateReport:
    """Read the ledgers (and earlier 考核结果), grade the year; exit 2 when there is nothing to grade."""
    from fuzong_cli.decide.grading import evaluate as grade_all
    from fuzong_cli.decide.money import MoneyRules, money_summary
    from fuzong_cli.read.forms import no_rows_message, read_records

    result = read_records(ledgers, "ledger")
    for line in result.skipped:
        info(line)
    if not result.records:
        raise FuzongError(no_rows_message(ledgers))
    past = None
    history_skipped: list[str] = []
    if history_files:
        from fuzong_cli.read.history import read_history

        read = read_history(history_files, policy)
        past = read.records
        history_skipped = read.skipped
    evaluation = grade_all(result.records, policy, year=year, as_of=as_of, history=past)
    if not evaluation.rows:
        years = "、".join(str(y) for y in sorted(evaluation.other_years)) or "无"
        raise FuzongError(
            f"台账中没有 {evaluation.year} 年度的数据行（台账中的年度：{years}）。"
            "请用 --year 指定要考核的年度，或检查台账是否为空。"
        )
    for other, count in sorted(evaluation.other_years.items()):
        info(f"台账中 {other} 年度的 {count} 行不属于考核年度 {evaluation.year}，未参加本次考核。")
    return EvaluateReport(
        evaluation,
        money_summary(evaluation.rows, evaluation.county_order),
        MoneyRules.from_policy(policy),
        policy,
        as_of,
        list(result.files),
        list(history_files),
        list(result.skipped) + history_skipped,
    )
