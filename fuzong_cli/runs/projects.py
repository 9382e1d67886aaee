"""projects as a library: read the budget sheets (and the rosters), check them against the policy's 协同创新项目
rules; one report for every renderer (聊城办法 第二十条)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fuzong_cli.errors import FuzongError
from fuzong_cli.records import FAIL, NOTICE, PASS, REVIEW, Record
from fuzong_cli.report import Report, Say, note_findings, quiet, record_findings

if TYPE_CHECKING:
    from fuzong_cli.decide.projects import ProjectRules, ProjectSummary


@dataclass
class ProjectsReport(Report):
    """The one result object of a projects run: the checked project rows, their totals (all projects and the
    passing ones), the reading notes. The workbook, the terminal table and ``--json`` all lay it out."""

    command = "projects"

    records: list[Record]
    summary: ProjectSummary
    rules: ProjectRules
    policy: Any
    as_of: dt.date
    files: list[Path]
    ledger_files: list[Path]
    history_files: list[Path]
    #: (label, text) rows for 说明: skipped sheets and 合计 rows, 万元 converted, the lead not checked
    notes: list[tuple[str, str]]
    extra_headers: list[str]
    #: the sheets skipped while reading (also findings of level 提示)
    skipped: list[str] = field(default_factory=list)
    #: funder (and 项目总额) → total of the passing projects; the support money of the passing projects
    passed_totals: dict[str, float] = field(default_factory=dict)
    passed_support: float = 0.0
    #: funder (and 项目总额) → its share of 项目总额 over all projects (None when the total is 0)
    shares: dict[str, float | None] = field(default_factory=dict)
    outputs: list[Path] = field(default_factory=list)

    @property
    def inputs(self) -> list[Path]:
        return [*self.files, *self.ledger_files, *self.history_files]

    @property
    def not_passed(self) -> list[Record]:
        return [r for r in self.records if r.conclusion != PASS]

    @property
    def exit_code(self) -> int:
        return 1 if self.not_passed else 0

    def counts(self) -> dict[str, int | float]:
        s = self.summary
        return {
            "projects": s.projects,
            PASS: s.counts.get(PASS, 0),
            REVIEW: s.counts.get(REVIEW, 0),
            FAIL: s.counts.get(FAIL, 0),
            "findings": sum(len(r.findings) for r in self.records),
            "skipped": len(self.skipped),
        }

    def findings(self) -> list[dict[str, Any]]:
        return note_findings(self.skipped) + record_findings(self.records)

    def details(self) -> dict[str, Any]:
        s = self.summary
        return {
            "totals": {k: round(v, 2) for k, v in s.totals.items()},
            "support_total": round(s.support_total, 2),
            "passed_totals": {k: round(v, 2) for k, v in self.passed_totals.items()},
            "passed_support": round(self.passed_support, 2),
            "failing": [
                {
                    "row": r.source_row,
                    "project": r.get("项目名称"),
                    "conclusion": r.conclusion,
                    "problems": problems(r),
                }
                for r in self.not_passed
            ],
        }


def problems(record: Record) -> list[str]:
    """A row's findings that need work (not the 提示), as ``[code] message``."""
    return [f"[{f.rule_code}] {f.message}" for f in record.findings if f.level != NOTICE]


def project_rules(policy: Any) -> ProjectRules:
    """The policy's 协同创新项目 rules; exit 2 when the policy defines none."""
    from fuzong_cli.decide.projects import ProjectRules

    return ProjectRules.from_policy(policy)


def run_projects(
    files: list[Path],
    ledger_files: list[Path],
    history_files: list[Path],
    policy: Any,
    rules: ProjectRules,
    as_of: dt.date,
    info: Say = quiet,
    warn: Say = quiet,
) -> ProjectsReport:
    from fuzong_cli.decide.projects import (
        FUNDERS,
        SHARE,
        SUPPORT,
        TOTAL,
        WAN,
        Roster,
        amount,
        check_projects,
        enterprise_share,
        share_text,
        summarise,
        support_of,
        to_yuan,
        total_rows,
        yuan,
    )
    from fuzong_cli.read.forms import read_records
    from fuzong_cli.read.values import parse_bool

    result = read_records(files, "budgets")
    notes: list[tuple[str, str]] = [("跳过的工作表", line) for line in result.skipped]
    for line in result.skipped:
        info(line)
    totals = total_rows(result.records)
    records = [r for r in result.records if all(r is not t for t in totals)]
    for r in totals:
        notes.append(("跳过的合计行", f"{r.source_file} 工作表“{r.source_sheet}”第{r.source_row}行"))
    if not records:
        raise FuzongError(
            f"{'、'.join(p.name for p in files)} 中没有项目行（只有表头、合计行或全是空行），请检查是否发错了文件。"
        )
    if not any(TOTAL in r.raw or TOTAL + WAN in r.raw for r in records):
        raise FuzongError(
            f"{'、'.join(p.name for p in files)} 没有“项目总额”列。请加上“项目总额”（元）或“项目总额（万元）”列后重新运行。"
        )
    converted = to_yuan(records)
    if converted:
        notes.append(("金额单位", f"{converted} 行的金额按表头注明的“万元”换算为元"))
    current = None
    if ledger_files:
        current = [
            r for r in read_records(ledger_files, "ledger").records if not parse_bool(r.extra.get("排除"))
        ]
    from fuzong_cli.read.history import read_history

    history = read_history(history_files, policy).records if history_files else None
    term_years = policy.section("terms").get("term_years")
    roster = Roster(current=current, history=history, term_years=term_years)
    if not roster.checks_lead:
        message = "未给出 --ledger 或 --history，未核实牵头人是否为在任科技副总、是否因考核不合格被取消资格"
        warn(message)
        notes.append(("牵头人", message))
    check_projects(records, rules, roster, as_of)
    for r in records:
        share = enterprise_share(r)
        r.extra[SHARE] = share_text(share, rules.enterprise_min_share) if share is not None else ""
        r.extra[SUPPORT] = yuan(support_of(r, rules)).removesuffix("元")
    summary = summarise(records, rules)
    passed = [r for r in records if r.conclusion == PASS]
    funders = (*FUNDERS, TOTAL)
    return ProjectsReport(
        records,
        summary,
        rules,
        policy,
        as_of,
        result.files,
        ledger_files,
        history_files,
        notes,
        [*result.extra_headers, SHARE, SUPPORT],
        skipped=list(result.skipped),
        passed_totals={name: sum(amount(r, name) or 0.0 for r in passed) for name in funders},
        passed_support=sum(support_of(r, rules) for r in passed),
        shares={
            name: summary.totals[name] / summary.totals[TOTAL] if summary.totals[TOTAL] else None
            for name in funders
        },
    )
