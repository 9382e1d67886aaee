"""Year-end evaluation (SPEC §8): score, floors, grade, rank, 前十, the cross-year rules — pure.

Takes ledger ``Record``s (服务台账), the policy and optionally earlier evaluate outputs (``history`` records),
returns one ``Evaluation`` that the workbook writer, the terminal table and ``--json`` all render.

The policy's ``[evaluation]`` section holds the scale, the thresholds, the rubric and the floors; ``[money]`` the
amounts (see ``money.py``); ``[history]`` the cross-year rules. The sources give no scoring formula, so every
built-in rubric is a documented default a bureau may change; the floors and the scales are the sources' own.

Score: ``Σ min(value × per_unit, cap)`` over the rubric items, rounded to two decimals. An indicator that is
non-numeric, negative or above its ``max_value`` cannot be used: it counts 0 and the row needs review (K01–K03).
A floor not met makes the row fail whatever its score (K10); a blank indicator counts 0 (the ledger shows nothing
done). Rank: competition ranking (1, 2, 2, 4) by score within the year, rows graded with the failing grade placed
after all others, so they never take a place in the top N.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from fuzong_cli.decide import identity, money
from fuzong_cli.decide.figures import (
    DEFAULT_LABEL,
    K_NOT_NUMBER,
    GradedRow,
    HistoryIndex,
    PastFigures,
    _indicator,
    _label,
    _policy_data,
    _round2,
    _section,
    term_start,
)
from fuzong_cli.errors import FuzongError
from fuzong_cli.formats import plain_number
from fuzong_cli.read.values import term_last_day
from fuzong_cli.records import FAIL, NOTICE, REVIEW, Finding, Record

# rule codes of evaluate (K = 考核); the reader's are D…, eligibility's E…/Q…/X…; K01–K03 and K18 (an
# indicator that cannot be used as typed) are in figures.py, beside the reading of an indicator
K_SCORE_OVER = "K04"
K_TWICE = "K05"
K_NO_YEAR = "K06"
K_OUT_OF_TERM = "K07"
K_FLOOR = "K10"
K_REPORT = "K11"
K_LOW_SCORE = "K12"
K_CYCLE = "K13"
K_SHARE_CAP = "K14"
K_PROVISIONAL = "K15"
K_ENTERPRISE_PAY = "K20"
K_BANNED = "K30"
K_UNKNOWN = "K31"
K_OTHER_ENTERPRISE = "K32"
K_NEW_PERSON = "K33"
K_PERIOD = "K16"
K_PERIOD_GAP = "K17"
K_YEAR_ODD = "K08"

PERIODS = ("year", "term", "cycle")

# 名单 categories
LIST_EXCELLENT = "优秀"
LIST_FAILED = "不合格"
LIST_STILL_BANNED = "禁止期内（往年不合格）"
LIST_RENEW = "续聘"
LIST_TOP = "年度前十"
LIST_TOP_RUNNING = "连续前十"


# ---------------------------------------------------------------------------------------------------------
# the policy, typed


@dataclass(frozen=True)
class RubricItem:
    field: str
    per_unit: float
    cap: float
    max_value: float | None = None
    note: str = ""
    #: "sum" (counts, days: the period adds its years) or "mean" (a 百分制 score: months-weighted average)
    aggregate: str = "sum"


@dataclass(frozen=True)
class Floor:
    """``value ≥ min`` every year; ``per_month`` (Hubei "每月不少于7天") prorates ``min`` to the months served."""

    field: str
    min: float
    source: str
    note: str = ""
    per_month: float | None = None
    #: 不通过: a stated hard minimum (the row is graded failing); 待复核: “原则上/一般” (a finding for a person)
    level: str = FAIL


@dataclass(frozen=True)
class EvaluationRules:
    grades: tuple[str, ...]
    thresholds: dict[str, float]
    rubric: tuple[RubricItem, ...]
    floors: tuple[Floor, ...]
    source: str = ""
    report_required: bool = False
    report_source: str = ""
    top_n: int | None = None
    top_n_source: str = ""
    top_n_note: str = ""
    excellent_share_cap: float | None = None
    cycle_years: int | None = None
    cycle_source: str = ""
    excellent_note: str = ""
    excellent_source: str = ""
    term_years: int | None = None
    #: what the graded evaluation covers: year (every 年度), term (期满评价 at the end of the term), cycle
    period: str = "year"
    period_source: str = ""
    thresholds_default: bool = False
    rubric_default: bool = False
    report_level: str = REVIEW
    days_per_month: float | None = None
    days_per_month_note: str = ""
    max_count: float | None = None

    @property
    def failing(self) -> str:
        return self.grades[-1]

    @property
    def best(self) -> str:
        return self.grades[0]

    @property
    def indicator_fields(self) -> list[str]:
        """Every ledger field the rules read, rubric first, without repeats."""
        names: list[str] = []
        for name in [i.field for i in self.rubric] + [f.field for f in self.floors]:
            if name not in names:
                names.append(name)
        return names

    @classmethod
    def from_policy(cls, policy: Any) -> EvaluationRules:
        sec = _section(policy, "evaluation")
        label = _label(policy)
        if not sec:
            raise FuzongError(
                f"政策（{label}）没有 [evaluation] 考核规定，无法考核。请换一个政策或在自定义政策中补上。"
            )
        grades = sec.get("grades")
        if not isinstance(grades, list) or len(grades) < 2 or not all(isinstance(g, str) for g in grades):
            raise FuzongError(
                f"政策（{label}）的 [evaluation] grades 应是至少两个等次名称的列表，从好到差排列。"
            )
        thresholds = sec.get("thresholds", {})
        if not isinstance(thresholds, dict):
            raise FuzongError(f"政策（{label}）的 [evaluation] thresholds 应是“等次 = 分数线”的表。")
        for grade in grades[:-1]:
            if not isinstance(thresholds.get(grade), int | float):
                raise FuzongError(f"政策（{label}）的 [evaluation] thresholds 缺少等次“{grade}”的分数线。")
        rubric = []
        for i, item in enumerate(sec.get("rubric", []), start=1):
            try:
                rubric.append(
                    RubricItem(
                        field=str(item["field"]),
                        per_unit=float(item["per_unit"]),
                        cap=float(item["cap"]),
                        max_value=None if item.get("max_value") is None else float(item["max_value"]),
                        note=str(item.get("note", "")),
                        aggregate="mean" if item.get("aggregate") == "mean" else "sum",
                    )
                )
            except (KeyError, TypeError, ValueError):
                raise FuzongError(
                    f"政策（{label}）的第 {i} 个 [[evaluation.rubric]] 需要 field、per_unit、cap 三项。"
                ) from None
        if not rubric:
            raise FuzongError(f"政策（{label}）的 [evaluation] 没有评分指标（[[evaluation.rubric]]）。")
        floors = []
        for i, item in enumerate(sec.get("floors", []), start=1):
            try:
                floors.append(
                    Floor(
                        field=str(item["field"]),
                        min=float(item["min"]),
                        source=str(item.get("source", "")),
                        note=str(item.get("note", "")),
                        per_month=None if item.get("per_month") is None else float(item["per_month"]),
                        level=REVIEW if item.get("level") == REVIEW else FAIL,
                    )
                )
            except (KeyError, TypeError, ValueError):
                raise FuzongError(
                    f"政策（{label}）的第 {i} 个 [[evaluation.floors]] 需要 field、min 两项。"
                ) from None
        terms = _section(policy, "terms")
        share = sec.get("excellent_share_cap")
        period = str(sec.get("period", "cycle" if sec.get("cycle_years") else "year"))
        if period not in PERIODS:
            raise FuzongError(f"政策（{label}）的 [evaluation] period 应为 year、term 或 cycle。")
        if period == "cycle" and not sec.get("cycle_years"):
            raise FuzongError(f'政策（{label}）的 [evaluation] period = "cycle" 需要 cycle_years。')
        return cls(
            grades=tuple(grades),
            thresholds={g: float(thresholds[g]) for g in grades[:-1]},
            rubric=tuple(rubric),
            floors=tuple(floors),
            source=str(sec.get("source", "")),
            report_required=bool(sec.get("report_required", False)),
            report_source=str(sec.get("report_source", "")),
            top_n=int(sec["top_n"]) if sec.get("top_n") else None,
            top_n_source=str(sec.get("top_n_source", "")),
            top_n_note=str(sec.get("top_n_note", "")),
            excellent_share_cap=float(share) if share is not None else None,
            cycle_years=int(sec["cycle_years"]) if sec.get("cycle_years") else None,
            cycle_source=str(sec.get("cycle_source", "")),
            excellent_note=str(sec.get("excellent_note", "")),
            excellent_source=str(sec.get("excellent_source", "")),
            term_years=int(terms["term_years"]) if terms.get("term_years") else None,
            period=period,
            period_source=str(
                sec.get("period_source", "") or sec.get("cycle_source", "") or sec.get("source", "")
            ),
            thresholds_default=bool(sec.get("thresholds_default", False)),
            rubric_default=bool(sec.get("rubric_default", False)),
            report_level=FAIL if sec.get("report_level") == FAIL else REVIEW,
            days_per_month=float(sec["days_per_month"]) if sec.get("days_per_month") else None,
            days_per_month_note=str(sec.get("days_per_month_note", "")),
            max_count=float(sec["max_count"]) if sec.get("max_count") else None,
        )


@dataclass(frozen=True)
class HistoryRules:
    """The policy's ``[history]`` section: the cross-year rules."""

    ban_grades: tuple[str, ...] = ()
    ban_years: int = 0
    ban_source: str = ""
    renew_grades: tuple[str, ...] = ()
    renew_source: str = ""
    renew_note: str = ""
    top_n_years: int = 0
    top_n_source: str = ""
    top_n_note: str = ""
    #: what else a failing grade brings (聊城 第十七条 撤销选派资格、取消项目资格), shown in 名单
    fail_note: str = ""

    @classmethod
    def from_policy(cls, policy: Any) -> HistoryRules:
        sec = _section(policy, "history")
        return cls(
            ban_grades=tuple(sec.get("ban_grades", ())),
            ban_years=int(sec.get("ban_years", 0)),
            ban_source=str(sec.get("ban_source", "")),
            renew_grades=tuple(sec.get("renew_grades", ())),
            renew_source=str(sec.get("renew_source", "")),
            renew_note=str(sec.get("renew_note", "")),
            top_n_years=int(sec.get("top_n_years", 0)),
            top_n_source=str(sec.get("top_n_source", "")),
            top_n_note=str(sec.get("top_n_note", "")),
            fail_note=str(sec.get("fail_note", "")),
        )


def ban_end(year: int, ban_years: int) -> dt.date:
    """Last day of a ban after a failing grade in ``year``: 31 December of ``year + ban_years``.

    Applications are called once a year (聊城办法 第十二条1), so "两年内不得再次申报" (第十七条) means the next
    two yearly rounds: graded 不合格 for 2025 → may not apply in 2026 or 2027, may again from 2028-01-01.
    """
    return dt.date(year + ban_years, 12, 31)


# ---------------------------------------------------------------------------------------------------------
# results


@dataclass
class ListEntry:
    """One line of the 名单 sheet."""

    category: str
    name: str
    unit: str
    enterprise: str
    county: str
    year: int | None
    grade: str
    score: float | None
    rank: int | None
    note: str
    until: dt.date | None = None
    source: str = ""
    person: str = ""  # person_key of this year's row ("" for history rows)


@dataclass
class Evaluation:
    policy_label: str
    year: int
    rules: EvaluationRules
    history_rules: HistoryRules
    rows: list[GradedRow]
    lists: list[ListEntry]
    other_years: dict[int, int] = field(default_factory=dict)  # year -> rows left out
    history_used: bool = False
    county_order: list[str] = field(default_factory=list)  # the policy's counties
    policy_name: str = ""

    @property
    def counties(self) -> list[str]:
        """Counties of the rows: the policy's order first, then as first seen."""
        seen: list[str] = []
        for row in self.rows:
            if row.county not in seen:
                seen.append(row.county)
        rank = {c: i for i, c in enumerate(self.county_order)}
        return sorted(seen, key=lambda c: (rank.get(c, len(rank)), seen.index(c)))

    def grade_counts(self) -> dict[str, dict[str, int]]:
        """county → grade → count, counties in first-seen order, grades in the scale's order."""
        counts: dict[str, dict[str, int]] = {c: {g: 0 for g in self.rules.grades} for c in self.counties}
        for row in self.rows:
            counts[row.county][row.grade] += 1
        return counts

    @property
    def needs_attention(self) -> bool:
        """SPEC §1 exit 1: a row graded with the failing grade, or a finding that fails or needs review."""
        return any(
            row.grade == self.rules.failing or any(f.level in (FAIL, REVIEW) for f in row.record.findings)
            for row in self.rows
        )


# ---------------------------------------------------------------------------------------------------------
# helpers


def _months_served(start: dt.date | None, term_years: int | None, year: int) -> int:
    """Calendar months of ``year`` that the term touches (12 when the start is unknown)."""
    if not isinstance(start, dt.date):
        return 12
    first = max(start, dt.date(year, 1, 1))
    last = dt.date(year, 12, 31)
    if term_years:
        last = min(last, term_last_day(start, term_years))
    if last < first:
        return 0
    return (last.year - first.year) * 12 + last.month - first.month + 1


# ---------------------------------------------------------------------------------------------------------
# grading


def _reader_flagged(record: Record, name: str, finding: Finding) -> bool:
    """The reader already said this value is not a number (D07): one finding is enough."""
    return finding.rule_code == K_NOT_NUMBER and any(
        f.field == name and f.rule_code.startswith("D") and f.level in (REVIEW, FAIL) for f in record.findings
    )


def score_row(record: Record, rules: EvaluationRules) -> tuple[float, dict[str, float | None]]:
    """The rubric score (findings for unusable indicators are added to the record)."""
    score, values, _ = _score_values(record, rules)
    return score, values


def _score_values(record: Record, rules: EvaluationRules) -> tuple[float, dict[str, float | None], list[str]]:
    """Score, usable values, and the indicators that are filled in but unusable (counted 0)."""
    values: dict[str, float | None] = {}
    unusable: list[str] = []
    for name in rules.indicator_fields:
        value, finding = _indicator(record, name, _max_of(rules, name), rules)
        if finding is not None:
            if value is None:
                unusable.append(name)
            if not _reader_flagged(record, name, finding):
                record.add(finding)
        values[name] = value
    return _rubric_score(values, rules), values, unusable


def _max_of(rules: EvaluationRules, name: str) -> float | None:
    """The largest possible value of an indicator: the rubric's max_value, 366 for a day count in a year,
    else the policy's max_count (a count of 10^15 is a typo, never graded)."""
    for item in rules.rubric:
        if item.field == name and item.max_value is not None:
            return item.max_value
    if name.endswith("天数"):
        return 366.0
    return rules.max_count


def _rubric_score(values: dict[str, float | None], rules: EvaluationRules) -> float:
    total = 0.0
    for item in rules.rubric:
        v = values.get(item.field) or 0.0
        total += min(v * item.per_unit, item.cap)
    return _round2(total)


def _floor_minimum(floor: Floor, rules: EvaluationRules, start: dt.date | None, year: int) -> float:
    """The floor of one 年度, prorated to the months of it the term covers (“每年……不少于”: 3 months of
    service in a year owe 3/12 of it; Hubei ``per_month`` × months)."""
    return _prorated(floor, _months_served(start, rules.term_years, year))


def _prorated(floor: Floor, months: int) -> float:
    """``min`` is a year's minimum: ``months`` of service owe ``min × months / 12`` (24 months: twice it);
    Hubei's ``per_month`` (7 天 × months) when lower."""
    if months <= 0:
        return floor.min if floor.per_month is None else 0.0
    owed = floor.min * months / 12
    if floor.per_month is not None:
        owed = min(owed, floor.per_month * months)
    return _round2(owed)


@dataclass
class PeriodData:
    """The figures of a term or cycle: every 年度 of it the ledger or the history holds."""

    values: dict[str, float | None]
    months: int  # months of the period covered by the years used
    years_used: list[int]
    missing_years: list[int]
    text: str
    unusable: list[str] = field(default_factory=list)


def _check_in_term(record: Record, rules: EvaluationRules, start: dt.date | None, year: int) -> None:
    """A row whose term does not touch the year (starts after it, or ended before it) needs review (K07):
    its floors would otherwise be prorated to nothing (湖北 7 天 × 0 个月)."""
    if start is None or _months_served(start, rules.term_years, year) > 0:
        return
    if start.year > year:
        text = (
            f"聘期开始 {start.isoformat()} 晚于考核年度 {year} 年，此人本年度尚未在岗；请核实年度或聘期开始"
        )
    else:
        end = term_last_day(start, rules.term_years or 0)
        text = f"聘期已于 {end.isoformat()} 结束，{year} 年不在聘期内；请核实年度或聘期开始（是否续聘）"
    record.add(Finding(K_OUT_OF_TERM, REVIEW, "聘期开始", text, rules.source))


def _grade_for(score: float, rules: EvaluationRules) -> str:
    for g in rules.grades[:-1]:
        if score >= rules.thresholds[g]:
            return g
    return rules.failing


def grade_row(
    record: Record,
    rules: EvaluationRules,
    year: int,
    *,
    assessed: bool = True,
    period: PeriodData | None = None,
) -> GradedRow:
    """Score, floors and grade of one row (no rank, money or history yet).

    ``period``: the term's (cycle's) summed figures — the grade is then the 期满 (cycle) grade, its floors the
    yearly minimums prorated to the months used. ``assessed`` False: a 年度 that is not the evaluation's
    (年度述职 / 工作量达标情况 only): shortfalls are findings for review, never a failing grade with consequences.

    An indicator that is filled in but unusable counts 0. When its real value could give a better grade (the
    grade with every unusable indicator at its best differs), the grade is provisional: the row needs review
    (K15) and no ban is set on it, so a typo never bars anyone. A person who meets every minimum the source
    states is never graded failing because of a default score line (the lowest passing grade, for review).
    """
    score, values, unusable = _score_values(record, rules)
    start = term_start(record)
    _check_in_term(record, rules, start, year)
    months = _months_served(start, rules.term_years, year)
    used_values = values
    if period is not None:
        used_values = period.values
        unusable = sorted(set(unusable) | set(period.unusable))
        months = period.months
        score = _rubric_score(_annualised(period.values, period.months, rules), rules)
    reasons: list[str] = []
    if period is not None:
        reasons.append(period.text)
    if score > 100:
        record.add(
            Finding(
                K_SCORE_OVER,
                REVIEW,
                "考核得分",
                f"得分{plain_number(score)}超过100，请检查评分细则",
                rules.source,
            )
        )
    failed: list[str] = []
    review_missed: list[str] = []
    for floor in rules.floors:
        minimum = _prorated(floor, months)
        value = used_values.get(floor.field)
        raw = str(record.raw.get(floor.field, "") or "").strip()
        shown = plain_number(value) if value is not None else (f"“{raw}”无法使用，按0计" if raw else "未填写")
        if (value or 0.0) < minimum:
            part = f"，按{months}个月折算" if 0 < months != 12 else ""
            what = f"评价期合计{floor.field}" if period is not None else floor.field
            why = (
                f"{what}{shown}，低于{plain_number(minimum)}{part}"
                f"（{floor.source}{('：' + floor.note) if floor.note else ''}）"
            )
            if floor.level == FAIL and assessed:
                failed.append(why)
                record.add(Finding(K_FLOOR, FAIL, floor.field, f"{why}，考核{rules.failing}", floor.source))
            elif floor.level == FAIL:
                # not the evaluation's 年度: the yearly status says 未达标, with no consequence of its own
                failed.append(why)
                text = f"{why}：年度工作量未达标（本年度不是评价年度，不据此处理），请督促"
                record.add(Finding(K_FLOOR, REVIEW, floor.field, text, floor.source))
            else:
                review_missed.append(why)
                tail = (
                    "（原则上/一般的要求，不直接定为不合格），请复核"
                    if floor.level == REVIEW
                    else "（本年度不是评价年度：年度工作量未达标，请督促）"
                )
                record.add(Finding(K_FLOOR, REVIEW, floor.field, f"{why}{tail}", floor.source))
    report_failed = False
    if rules.report_required and assessed:
        problem = _report_problem(record, rules, start, year)
        if problem is not None:
            level, text = problem
            if level == FAIL and rules.report_level == FAIL:
                failed.append(text)
                report_failed = True
            else:
                level = REVIEW if level == FAIL else level
                review_missed.append(text)
            record.add(Finding(K_REPORT, level, "总结报告已提交", text, rules.report_source))
    line_text = f"（{DEFAULT_LABEL}）" if rules.thresholds_default else f"（{rules.source}）"
    if failed:
        grade = rules.failing
        reasons.append(
            f"得分{plain_number(score)}；未达到硬性要求，不论得分均为{rules.failing}：" + "；".join(failed)
        )
    else:
        grade = _grade_for(score, rules)
        if grade != rules.failing:
            reasons.append(
                f"得分{plain_number(score)}，达到{grade}分数线{plain_number(rules.thresholds[grade])}{line_text}"
            )
        else:
            lowest = rules.grades[-2]
            line = rules.thresholds[lowest]
            if rules.thresholds_default and not review_missed and not unusable:
                grade = lowest
                text = (
                    f"得分{plain_number(score)}低于{lowest}分数线{plain_number(line)}（分数线为{DEFAULT_LABEL}），"
                    f"但政策明示的各项下限均已达到，不因默认分数线定为{rules.failing}，暂定{lowest}，请复核"
                )
                reasons.append(text)
                record.add(Finding(K_LOW_SCORE, REVIEW, "考核得分", text, ""))
            else:
                reasons.append(
                    f"得分{plain_number(score)}，低于{lowest}分数线{plain_number(line)}{line_text}"
                )
                record.add(
                    Finding(
                        K_LOW_SCORE,
                        FAIL if assessed else REVIEW,
                        "考核得分",
                        f"得分{plain_number(score)}低于{plain_number(line)}{line_text}，考核{rules.failing}",
                        "" if rules.thresholds_default else rules.source,
                    )
                )
    if review_missed:
        reasons.append("待复核：" + "；".join(review_missed))
    provisional = (bool(review_missed) or bool(period and period.missing_years)) and grade == rules.failing
    if unusable:
        best = dict(used_values)
        best.update({name: 1e12 for name in unusable})  # each at its cap, each floor met
        floors_met = all((best.get(f.field) or 0.0) >= _prorated(f, months) for f in rules.floors)
        could_be = (
            _grade_for(_rubric_score(_annualised(best, months, rules) if period else best, rules), rules)
            if floors_met and not report_failed
            else rules.failing
        )
        if could_be == rules.failing and floors_met and not report_failed and rules.thresholds_default:
            could_be = rules.grades[-2]  # every stated minimum met: never failing on a default score line
        if could_be != grade:
            provisional = True
            names = "、".join(unusable)
            text = (
                f"等次暂定为{grade}：{names}无法使用（按0计），改正后可能为{could_be}；"
                "请核实改正后重新考核（暂定等次不计禁止申报期）"
            )
            reasons.append(text)
            record.add(Finding(K_PROVISIONAL, REVIEW, "等次", text, rules.source))
    return GradedRow(
        record=record,
        year=year,
        values=values,
        score=score,
        grade=grade,
        reasons=reasons,
        provisional=provisional,
        counts_for_cycle=assessed,
        period_text=period.text if period is not None else "",
        years_used=list(period.years_used) if period is not None else [year],
    )


def _annualised(
    values: dict[str, float | None], months: int, rules: EvaluationRules
) -> dict[str, float | None]:
    """A period's sums as a year's worth (the rubric's caps are per year); means stay as they are."""
    if months <= 0 or months == 12:
        return dict(values)
    means = {i.field for i in rules.rubric if i.aggregate == "mean"}
    return {k: (v if v is None or k in means else v * 12 / months) for k, v in values.items()}


def _report_problem(
    record: Record, rules: EvaluationRules, start: dt.date | None, year: int
) -> tuple[str, str] | None:
    """The summary report is due in the term's final year (the whole term when the start is unknown)."""
    submitted = record.get("总结报告已提交")
    if submitted is True:
        return None
    if start is not None and rules.term_years and term_last_day(start, rules.term_years).year > year:
        return None  # not due yet this year
    if start is None:
        # “否” in the first year of a term is simply not due yet: without the start nobody can tell
        said = "未提交" if submitted is False else "是否提交未填写"
        return REVIEW, f"总结报告{said}，聘期开始未填写，无法判断是否已到期（{rules.report_source}）"
    if submitted is False:
        return FAIL, f"总结报告未提交（{rules.report_source}）"
    if "总结报告已提交" not in record.raw:
        return REVIEW, f"聘期最后一年，台账没有“总结报告已提交”列，无法核对总结报告（{rules.report_source}）"
    return FAIL, f"聘期最后一年，总结报告是否提交未填写，按未提交计（{rules.report_source}）"


def _is_cycle_year(start: dt.date | None, cycle: int, year: int) -> bool | None:
    """Is ``year`` a year in which the term's every-``cycle``-years evaluation falls? None when unknown."""
    if start is None:
        return None
    k = 1
    while True:
        day = term_last_day(start, cycle * k)
        if day.year == year:
            return True
        if day.year > year:
            return False
        k += 1


def _apply_share_cap(rows: list[GradedRow], rules: EvaluationRules) -> None:
    """At most ``excellent_share_cap`` of the year's rows get the best grade (highest scores keep it)."""
    cap = rules.excellent_share_cap
    if cap is None:
        return
    allowed = math.floor(cap * len(rows) + 1e-9)
    best = sorted((r for r in rows if r.grade == rules.best), key=lambda r: (-r.score, r.record.source_row))
    for i, row in enumerate(best, start=1):
        if i > allowed:
            lower = rules.grades[1]
            row.grade = lower
            text = f"{rules.best}比例上限{plain_number(cap * 100)}%（{allowed}人），按得分排第{i}位，调整为{lower}"
            row.reasons.append(text)
            row.record.add(Finding(K_SHARE_CAP, NOTICE, "等次", text, rules.source))


def _rank(rows: list[GradedRow], rules: EvaluationRules) -> None:
    order = sorted(rows, key=lambda r: (r.grade == rules.failing, -r.score))
    previous: tuple[bool, float] | None = None
    rank = 0
    for position, row in enumerate(order, start=1):
        key = (row.grade == rules.failing, row.score)
        if key != previous:
            rank = position
            previous = key
        row.rank = rank
        row.top = bool(rules.top_n) and row.grade != rules.failing and rank <= (rules.top_n or 0)


def _mark_twice(rows: list[GradedRow]) -> set[int]:
    """The same person more than once in the year: a finding on each row; returns the ids of later repeats."""
    groups: dict[str, list[GradedRow]] = defaultdict(list)
    for row in rows:
        if row.record.get("身份证号") or row.record.get("姓名"):
            groups[identity.person_key(row.record)].append(row)
    repeats: set[int] = set()
    for group in groups.values():
        if len(group) < 2:
            continue
        for row in group:
            others = "；".join(
                f"{o.record.source_file} 第{o.record.source_row}行" for o in group if o is not row
            )
            row.record.add(
                Finding(
                    K_TWICE,
                    REVIEW,
                    "姓名",
                    f"同一人本年度出现多次（另见 {others}），补助只计一次，请核实",
                    "",
                )
            )
        repeats.update(id(r) for r in group[1:])
    return repeats


# ---------------------------------------------------------------------------------------------------------
# history (earlier evaluate outputs)


def history_ban_end(rec: Record, rules: HistoryRules) -> dt.date | None:
    """When a history row's ban ends: its 禁止申报截止 column, else 年度 + ban_years (None: no ban).

    A row that ``read.history.read_history`` marked 禁止申报已定 (fuzong's own 考核结果, made under this same
    policy, 禁止申报截止 blank) had no ban set by evaluate — a non-assessment year (聊城办法 第十七条 bans after
    the two-yearly 绩效考核 only) or a provisional grade — so none is inferred from 年度. Other history rows
    fall back to 年度 + ban_years. validate, evaluate and projects all decide bans here.
    """
    if not rules.ban_years or rec.get("等次") not in rules.ban_grades:
        return None
    until = rec.get("禁止申报截止")
    if isinstance(until, dt.datetime):
        return until.date()
    if isinstance(until, dt.date):
        return until
    if rec.values.get("禁止申报已定"):
        return None
    year = rec.get("年度")
    if isinstance(year, int | float):
        return ban_end(int(year), rules.ban_years)
    return None


def _check_history(row: GradedRow, index: HistoryIndex, hrules: HistoryRules, year: int) -> list[Record]:
    rec = row.record
    earlier = [
        h for h in index.find(rec) if isinstance(h.get("年度"), int | float) and int(h.get("年度")) < year
    ]
    if not earlier:
        start = term_start(rec)
        years_between = set(range(start.year, year)) if start is not None else set()
        covered = years_between & index.years
        if start is not None and covered:
            text = f"聘期开始于{start.year}年，但历史考核结果（{'、'.join(str(y) for y in sorted(covered))}年）中没有此人，请核实"
            rec.add(Finding(K_UNKNOWN, REVIEW, "姓名", text, ""))
        else:
            rec.add(Finding(K_UNKNOWN, NOTICE, "姓名", "历史考核结果中没有此人（新聘人员可忽略）", ""))
        before = [
            h
            for h in index.for_enterprise(rec)
            if isinstance(h.get("年度"), int | float) and h.get("年度") < year
        ]
        if before:
            last = max(before, key=lambda h: int(h.get("年度")))
            text = (
                f"该企业{int(last.get('年度'))}年的科技副总为{last.get('姓名')}，本年度为{rec.get('姓名', '')}，"
                "请核实是否已按规定另派人选"
            )
            rec.add(Finding(K_NEW_PERSON, NOTICE, "企业名称", text, ""))
        return []
    last = max(earlier, key=lambda h: int(h.get("年度")))
    if not identity.same_enterprise(last, rec):
        text = (
            f"{int(last.get('年度'))}年服务企业为“{last.get('企业名称')}”，本年度为“{rec.get('企业名称', '')}”，"
            "请核实是否变更服务企业"
        )
        rec.add(Finding(K_OTHER_ENTERPRISE, REVIEW, "企业名称", text, ""))
    for h in earlier:
        until = history_ban_end(h, hrules)
        if until is not None and until >= dt.date(year, 1, 1):
            text = (
                f"{int(h.get('年度'))}年度考核{h.get('等次')}，{until.isoformat()}前不得再次申报，"
                f"本年度不应在岗（{hrules.ban_source}）"
            )
            rec.add(Finding(K_BANNED, FAIL, "姓名", text, hrules.ban_source))
    return earlier


# ---------------------------------------------------------------------------------------------------------
# the evaluation period (期满评价 / 每两年绩效考核)


def _period_words(rules: EvaluationRules) -> str:
    if rules.period == "term":
        return f"期满评价，于派驻期结束时开展（{rules.period_source}）"
    if rules.period == "cycle":
        return f"每{rules.cycle_years}年考核一次（{rules.period_source}）"
    return f"每年考核（{rules.source}）"


def _window(start: dt.date, rules: EvaluationRules, year: int) -> tuple[bool, dt.date, dt.date]:
    """(is ``year`` the evaluation's year, first day, last day of the period that ends in or after it)."""
    if rules.period == "term":
        first, last = start, term_last_day(start, rules.term_years or 1)
        return last.year == year, first, last
    cycle = rules.cycle_years or 1
    k = 1
    first = start
    while True:
        last = term_last_day(start, cycle * k)
        if last.year >= year:
            return last.year == year, first, last
        first = last + dt.timedelta(days=1)
        k += 1


def _months_between(first: dt.date, last: dt.date, year: int) -> int:
    """Calendar months of ``year`` that the days first…last touch."""
    a = max(first, dt.date(year, 1, 1))
    b = min(last, dt.date(year, 12, 31))
    if b < a:
        return 0
    return (b.year - a.year) * 12 + b.month - a.month + 1


def _period_for(
    record: Record, rules: EvaluationRules, year: int, past: PastFigures
) -> tuple[bool, PeriodData | None]:
    """Is this row's 年度 the evaluation's, and the period's figures when it spans several 年度."""
    if rules.period == "year":
        return True, None
    start = term_start(record)
    if start is None:
        text = f"聘期开始未填写，无法判断{year}年是否为评价年度（{_period_words(rules)}），按本年度台账评价；请补填聘期开始"
        record.add(Finding(K_PERIOD, NOTICE, "聘期开始", text, rules.period_source))
        return True, None
    assessed, first, last = _window(start, rules, year)
    if not assessed:
        text = (
            f"{_period_words(rules)}：此人的评价在{last.year}年（{first.isoformat()}至{last.isoformat()}）；"
            f"{year}年为年度述职和工作量达标情况，等次作参考，补助奖励和处理在评价年度兑现"
        )
        record.add(Finding(K_CYCLE, NOTICE, "聘期开始", text, rules.period_source))
        return False, None
    if first.year == last.year:
        return True, None
    fields = rules.indicator_fields
    means = {i.field for i in rules.rubric if i.aggregate == "mean"}
    sums: dict[str, float | None] = {f: None for f in fields}
    weights: dict[str, float] = defaultdict(float)
    used: list[int] = []
    missing: list[int] = []
    months = 0
    unusable: list[str] = []
    for y in range(first.year, last.year + 1):
        m = _months_between(first, last, y)
        if m == 0:
            continue
        src = record if y == year else past.row(record, y)
        if src is None:
            missing.append(y)
            continue
        used.append(y)
        months += m
        for name in fields:
            value, finding = _indicator(src, name, _max_of(rules, name), rules if src is record else rules)
            if value is None and finding is not None and src is not record:
                unusable.append(name)
                record.add(
                    Finding(
                        K_PERIOD_GAP,
                        REVIEW,
                        name,
                        f"{y}年的{name}无法使用（{finding.message}），期满（周期）合计按0计；请核实",
                        rules.period_source,
                    )
                )
            if value is None:
                continue
            if name in means:
                prev = sums[name] or 0.0
                sums[name] = prev + value * m
                weights[name] += m
            else:
                sums[name] = (sums[name] or 0.0) + value
    for name in means:
        if weights[name]:
            sums[name] = _round2((sums[name] or 0.0) / weights[name])
    years_text = "、".join(str(y) for y in used)
    text = (
        f"{_period_words(rules)}：评价期{first.isoformat()}至{last.isoformat()}，"
        f"按{years_text}年台账合计评价（共{months}个月，每年下限按月份折算）"
    )
    if missing:
        gap = "、".join(str(y) for y in missing)
        text += f"；缺少{gap}年的数据"
        record.add(
            Finding(
                K_PERIOD_GAP,
                REVIEW,
                "年度",
                f"评价期{first.isoformat()}至{last.isoformat()}中{gap}年的台账不在本次输入中"
                f"（可把往年台账一并输入，或用 --history 给出往年考核结果），只按{years_text}年（{months}个月）评价；请核实",
                rules.period_source,
            )
        )
    return True, PeriodData(sums, months, used, missing, text, sorted(set(unusable)))


# ---------------------------------------------------------------------------------------------------------
# the whole evaluation


#: how many years before --as-of a 年度 may lie and still be taken as meant (older = a typo, for review)
YEAR_WINDOW = 10


def plausible_year(year: int, as_of: dt.date) -> bool:
    """A 年度 not after --as-of's year and not more than YEAR_WINDOW years before it."""
    return as_of.year - YEAR_WINDOW <= year <= as_of.year


def choose_year(records: list[Record], year: int | None, as_of: dt.date) -> int:
    """--year, else the latest 年度 in the ledger, else the year before --as-of (year-end work runs in January)."""
    if year is not None:
        return year
    years = [int(r.get("年度")) for r in records if isinstance(r.get("年度"), int | float)]
    # a mistyped 年度 (2062, 1926) never decides which year is evaluated
    plausible = [y for y in years if plausible_year(y, as_of)]
    if plausible:
        return max(plausible)
    if years:
        return max(years)
    return as_of.year - 1 if as_of.month <= 6 else as_of.year


def evaluate(
    records: list[Record],
    policy: Any,
    *,
    year: int | None = None,
    as_of: dt.date | None = None,
    history: list[Record] | None = None,
) -> Evaluation:
    """Grade every ledger row of the year; ``history`` = rows of earlier evaluate outputs (kind "history")."""
    as_of = as_of or dt.date.today()
    rules = EvaluationRules.from_policy(policy)
    hrules = HistoryRules.from_policy(policy)
    money_rules = money.MoneyRules.from_policy(policy)
    the_year = choose_year(records, year, as_of)

    rows: list[GradedRow] = []
    other_years: dict[int, int] = defaultdict(int)
    earlier_rows: list[Record] = []
    current: list[Record] = []
    for rec in records:
        rec_year = rec.get("年度")
        if isinstance(rec_year, int | float) and int(rec_year) != the_year:
            other_years[int(rec_year)] += 1
            if int(rec_year) < the_year:
                earlier_rows.append(rec)
            continue
        if not isinstance(rec_year, int | float):
            rec.add(Finding(K_NO_YEAR, NOTICE, "年度", f"年度未填写，按{the_year}年考核", ""))
        current.append(rec)
    # the term's (cycle's) earlier years: this ledger's other 年度 first, then the history
    past = PastFigures(earlier_rows, list(history or []))
    for rec in current:
        assessed, period = _period_for(rec, rules, the_year, past)
        rows.append(grade_row(rec, rules, the_year, assessed=assessed, period=period))

    repeats = _mark_twice(rows)
    _apply_share_cap(rows, rules)
    _rank(rows, rules)

    index = HistoryIndex(list(history)) if history is not None else None
    earlier_of: dict[int, list[Record]] = {}
    for row in rows:
        if (
            row.grade in hrules.ban_grades
            and hrules.ban_years
            and row.counts_for_cycle
            and not row.provisional
        ):
            row.ban_until = ban_end(the_year, hrules.ban_years)
        if index is not None:
            earlier_of[id(row)] = _check_history(row, index, hrules, the_year)

    for row in rows:
        money.apply(row, money_rules, the_year, repeat=id(row) in repeats, history=index, past=past)

    lists = _once_per_person(_lists(rows, rules, hrules, the_year, earlier_of, index, as_of))
    return Evaluation(
        policy_label=_label(policy),
        year=the_year,
        rules=rules,
        history_rules=hrules,
        rows=rows,
        lists=lists,
        other_years=dict(other_years),
        history_used=index is not None,
        county_order=[str(c) for c in _policy_data(policy).get("counties", []) or []],
        policy_name=str(getattr(policy, "name", "") or _policy_data(policy).get("name", "")),
    )


def _entry(
    row: GradedRow, category: str, note: str, source: str = "", until: dt.date | None = None
) -> ListEntry:
    rec = row.record
    return ListEntry(
        category=category,
        name=row.name,
        unit=row.unit,
        enterprise=str(rec.get("企业名称", "") or ""),
        county=row.county,
        year=row.year,
        grade=row.grade,
        score=row.score,
        rank=row.rank,
        note=note,
        until=until,
        source=source,
        person=identity.person_key(rec) if (rec.get("身份证号") or rec.get("姓名")) else "",
    )


def _lists(
    rows: list[GradedRow],
    rules: EvaluationRules,
    hrules: HistoryRules,
    year: int,
    earlier_of: dict[int, list[Record]],
    index: HistoryIndex | None,
    as_of: dt.date,
) -> list[ListEntry]:
    ordered = sorted(rows, key=lambda r: (r.rank or 0, r.record.source_file, r.record.source_row))
    out: list[ListEntry] = []
    for row in ordered:
        if row.grade == rules.best:
            note = rules.excellent_note or f"考核{rules.best}"
            if not row.counts_for_cycle:
                note = f"非评价年度（{_period_words(rules)}），等次作年度述职参考，待评价年度确认"
            source = rules.excellent_source or rules.source
            if rules.thresholds_default:
                source += f"；分数线为{DEFAULT_LABEL}"
            out.append(_entry(row, LIST_EXCELLENT, note, source))
    for row in ordered:
        if row.grade == rules.failing:
            if row.ban_until is not None:
                note = f"{hrules.ban_years}年内不得再次申报，{row.ban_until.isoformat()}止"
                if hrules.fail_note:
                    note = f"{hrules.fail_note}；{note}"
                out.append(_entry(row, LIST_FAILED, note, hrules.ban_source, row.ban_until))
            else:
                source = rules.source + (f"；分数线为{DEFAULT_LABEL}" if rules.thresholds_default else "")
                out.append(_entry(row, LIST_FAILED, "；".join(row.reasons), source))
    if index is not None and hrules.ban_years:
        current = {identity.person_key(r.record) for r in rows}
        seen: set[str] = set()
        for rec in sorted(index.records, key=lambda r: (-(r.get("年度") or 0), str(r.get("姓名", "")))):
            until = history_ban_end(rec, hrules)
            key = identity.person_key(rec)
            if until is None or until < as_of or key in seen:
                continue
            seen.add(key)
            note = f"{int(rec.get('年度'))}年度考核{rec.get('等次')}，{until.isoformat()}前不得再次申报"
            if key in current:
                note += "；本年度台账中仍有此人"
            out.append(
                ListEntry(
                    category=LIST_STILL_BANNED,
                    name=str(rec.get("姓名", "")),
                    unit=str(rec.get("工作单位", "") or ""),
                    enterprise=str(rec.get("企业名称", "") or ""),
                    county=str(rec.get("县（市、区）", "") or ""),
                    year=int(rec.get("年度")),
                    grade=str(rec.get("等次", "")),
                    score=rec.get("考核得分"),
                    rank=rec.get("排名"),
                    note=note,
                    until=until,
                    source=hrules.ban_source,
                )
            )
    for row in ordered:
        if row.grade in hrules.renew_grades and row.counts_for_cycle:
            out.append(_entry(row, LIST_RENEW, hrules.renew_note or "可续聘", hrules.renew_source))
    if rules.top_n:
        for row in ordered:
            if row.top:
                out.append(
                    _entry(row, LIST_TOP, rules.top_n_note or f"年度排名前{rules.top_n}", rules.top_n_source)
                )
    if hrules.top_n_years >= 2 and index is not None:
        for row in ordered:
            if not row.top:
                continue
            earlier = earlier_of.get(id(row), [])
            top_years = {int(h.get("年度")) for h in earlier if _history_top(h, rules)}
            needed = set(range(year - hrules.top_n_years + 1, year))
            if needed <= top_years:
                years = "、".join(str(y) for y in sorted(needed | {year}))
                note = f"{years}年连续排名前{rules.top_n}；{hrules.top_n_note}".rstrip("；")
                out.append(_entry(row, LIST_TOP_RUNNING, note, hrules.top_n_source))
    return out


def _once_per_person(entries: list[ListEntry]) -> list[ListEntry]:
    """A person on several ledger rows of the year (K05) appears once per 名单 category, with a note."""
    out: list[ListEntry] = []
    seen: dict[tuple[str, str], ListEntry] = {}
    for entry in entries:
        if not entry.person:
            out.append(entry)
            continue
        first = seen.get((entry.category, entry.person))
        if first is None:
            seen[(entry.category, entry.person)] = entry
            out.append(entry)
        elif "台账中出现多次" not in first.note:
            first.note = f"{first.note}；此人本年度台账中出现多次（见考核结果 K05），只列一次".lstrip("；")
    return out


def _history_top(rec: Record, rules: EvaluationRules) -> bool:
    flag = rec.get("前十")
    if isinstance(flag, bool):
        return flag
    rank = rec.get("排名")
    return bool(rules.top_n) and isinstance(rank, int | float) and rank <= (rules.top_n or 0)
