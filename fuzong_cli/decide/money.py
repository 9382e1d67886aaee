"""Money due under the policy (SPEC §8): per row, then totals by county, by dispatching unit and in all — pure.

The policy's ``[money]`` section lists ``[[money.items]]``, each with a ``basis``:

- ``once_per_term``: once per appointment — due in the year the term starts (聘期开始), or, when the start is
  unknown, unless the history shows the person in an earlier year (Xinxiang 一次性 2 万元 五(二); Hubei 服务期内
  5 万元 五(一)).
- ``once_per_person``: 一次性 — like ``once_per_term``, but never again for the same person: a renewal (a new
  聘期开始) is not paid when the history or an earlier 年度 of the ledger shows the person (Xinxiang 五(二)
  “一次性给予‘科技副总’2万元补助”).
- ``per_grade``: for each row graded one of ``grades`` in an evaluation year (Liaocheng 优秀 5 万元 第十七条).
- ``per_year``: every year, optionally only for ``grades`` (Wenzhou county-set subsidies 五(二)).

``county_amounts`` (县（市、区）→ amount) overrides ``amount`` for that county. ``[money.enterprise_minimum]``
checks what the enterprise itself must pay (Liaocheng ≥ 1,000 元/月 第十一条2) against a ledger field.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from fuzong_cli.decide.figures import (
    GradedRow,
    HistoryIndex,
    PastFigures,
    _indicator,
    _label,
    _section,
    term_start,
)
from fuzong_cli.errors import FuzongError
from fuzong_cli.formats import capital, plain_number, yuan
from fuzong_cli.records import NOTICE, REVIEW, Finding

BASES = ("once_per_term", "once_per_person", "per_grade", "per_year")
UNFILLED_COUNTY = "（未填写）"


@dataclass(frozen=True)
class MoneyItem:
    name: str
    amount: float
    basis: str
    source: str = ""
    grades: tuple[str, ...] = ()
    county_amounts: dict[str, float] = field(default_factory=dict)
    note: str = ""

    def amount_for(self, county: str) -> float:
        return float(self.county_amounts.get(county, self.amount))


@dataclass(frozen=True)
class EnterpriseMinimum:
    field: str
    min: float
    source: str = ""


@dataclass(frozen=True)
class MoneyRules:
    items: tuple[MoneyItem, ...] = ()
    enterprise_minimum: EnterpriseMinimum | None = None
    source: str = ""

    @classmethod
    def from_policy(cls, policy: Any) -> MoneyRules:
        sec = _section(policy, "money")
        label = _label(policy)
        items = []
        for i, raw in enumerate(sec.get("items", []), start=1):
            basis = raw.get("basis")
            if basis not in BASES or "name" not in raw or not isinstance(raw.get("amount"), int | float):
                raise FuzongError(
                    f"政策（{label}）的第 {i} 个 [[money.items]] 需要 name、amount（数字）和 basis"
                    f"（{' / '.join(BASES)}）。"
                )
            counties = raw.get("county_amounts", {}) or {}
            if not all(isinstance(v, int | float) for v in counties.values()):
                raise FuzongError(
                    f"政策（{label}）的 [[money.items]]“{raw['name']}”的 county_amounts 金额应为数字。"
                )
            items.append(
                MoneyItem(
                    name=str(raw["name"]),
                    amount=float(raw["amount"]),
                    basis=str(basis),
                    source=str(raw.get("source", "")),
                    grades=tuple(raw.get("grades", ())),
                    county_amounts={str(k): float(v) for k, v in counties.items()},
                    note=str(raw.get("note", "")),
                )
            )
        minimum = None
        em = sec.get("enterprise_minimum")
        if em:
            try:
                minimum = EnterpriseMinimum(str(em["field"]), float(em["min"]), str(em.get("source", "")))
            except (KeyError, TypeError, ValueError):
                raise FuzongError(
                    f"政策（{label}）的 [money.enterprise_minimum] 需要 field 和 min。"
                ) from None
        return cls(tuple(items), minimum, str(sec.get("source", "")))


def apply(
    row: GradedRow,
    money: MoneyRules,
    year: int,
    *,
    repeat: bool = False,
    history: HistoryIndex | None = None,
    past: PastFigures | None = None,
) -> None:
    """Fill ``row.money``, ``money_items`` and ``money_notes``; add the enterprise-payment finding."""
    rec = row.record
    if money.enterprise_minimum is not None:
        em = money.enterprise_minimum
        value, finding = _indicator(rec, em.field, None)
        if finding is not None:
            rec.add(finding)
        elif value is None:
            rec.add(
                Finding("K20", NOTICE, em.field, f"{em.field}未填写，无法核对企业是否按月足额发放", em.source)
            )
        elif value < em.min:
            text = f"企业每月生活补助{plain_number(value)}元，低于{plain_number(em.min)}元（{em.source}），请督促企业补足"
            rec.add(Finding("K20", REVIEW, em.field, text, em.source))
    if repeat:
        row.money_notes.append("同一人本年度重复出现，补助只在第一行计算")
        return
    start = term_start(rec)
    for item in money.items:
        if item.grades and row.grade not in item.grades:
            continue
        amount = item.amount_for(row.county)
        if item.basis == "per_grade" and not row.counts_for_cycle:
            row.money_notes.append(f"{item.name}：本年度不是考核年度，待考核年度兑现")
            continue
        if item.basis == "once_per_person":
            before = sorted(y for y in (past.years(rec) if past is not None else set()) if y < year)
            if start is not None and before and (start.year == year or start.year > min(before)):
                row.money_notes.append(
                    f"{item.name}：一次性补助（{item.source}），此人{before[0]}年已在册"
                    f"（往年台账或考核结果），聘期开始{start.isoformat()}为续聘，不再发放"
                )
                if start.year == year:
                    text = (
                        f"{item.name}为一次性补助（{item.source}）：此人{before[0]}年已在册，本次为续聘，不再发放；"
                        "如首次在本年度发放请核实往年记录"
                    )
                    rec.add(Finding("K22", NOTICE, "聘期开始", text, item.source))
                continue
        if item.basis in ("once_per_term", "once_per_person"):
            due, note = _once_due(row, item, start, year, history)
            if note:
                row.money_notes.append(note)
            if not due:
                continue
        if amount == 0:
            if item.county_amounts or item.amount == 0:
                where = row.county or "所在县（市、区）"
                row.money_notes.append(f"{item.name}：{where}未设定金额（{item.source}），按0元计")
            continue
        row.money_items.append((item.name, amount))
        row.money_notes.append(f"{item.name}{yuan(amount)}元（{item.source}）")
    row.money = sum(a for _, a in row.money_items)


def _once_due(
    row: GradedRow, item: MoneyItem, start: dt.date | None, year: int, history: HistoryIndex | None
) -> tuple[bool, str]:
    if start is not None:
        if start.year == year:
            return True, ""
        if start.year < year:
            return False, f"{item.name}：聘期开始于{start.year}年，应已在首年计发"
        return False, f"{item.name}：聘期开始于{start.year}年，尚未开始"
    if history is not None:
        years = sorted(
            int(h.get("年度"))
            for h in history.find(row.record)
            if isinstance(h.get("年度"), int | float) and int(h.get("年度")) < year
        )
        if years:
            return False, f"{item.name}：历史考核结果中已有{years[0]}年记录，应已计发"
    typed = str(row.record.raw.get("聘期开始", "") or "").strip()
    why = f"聘期开始“{typed}”无法识别" if typed else "聘期开始未填写"
    text = f"{item.name}：{why}，按首年计发，请核实以前年度是否已发放"
    row.record.add(Finding("K21", REVIEW, "聘期开始", text, item.source))
    return True, text


# ---------------------------------------------------------------------------------------------------------
# totals


@dataclass(frozen=True)
class MoneyLine:
    """One line of 补助汇总: ``group`` is 按县（市、区） / 按派出单位 / 合计."""

    group: str
    name: str
    people: int
    paid: int
    amount: float

    @property
    def capital(self) -> str:
        return capital(self.amount)


def summarise(rows: list[GradedRow], county_order: list[str] | None = None) -> list[MoneyLine]:
    """Totals by county (policy order, then first seen), by dispatching unit (first seen), and the grand total."""
    lines: list[MoneyLine] = []
    for group, key in (("按县（市、区）", "county"), ("按派出单位", "unit")):
        order: list[str] = []
        people: dict[str, int] = {}
        paid: dict[str, int] = {}
        amount: dict[str, float] = {}
        for row in rows:
            name = getattr(row, key) or UNFILLED_COUNTY
            if name not in people:
                order.append(name)
                people[name], paid[name], amount[name] = 0, 0, 0.0
            people[name] += 1
            paid[name] += 1 if row.money > 0 else 0
            amount[name] += row.money
        if key == "county" and county_order:
            rank = {c: i for i, c in enumerate(county_order)}
            seen = list(order)
            order.sort(key=lambda c: (rank.get(c, len(rank)), seen.index(c)))
        lines.extend(MoneyLine(group, n, people[n], paid[n], amount[n]) for n in order)
    total = sum(r.money for r in rows)
    lines.append(MoneyLine("合计", "合计", len(rows), sum(1 for r in rows if r.money > 0), total))
    return lines


@dataclass(frozen=True)
class MoneySummary:
    """补助汇总, computed once for every renderer (the workbook, the terminal, ``--json``): the lines by county, by
    dispatching unit and in all, the grand total in figures and in capitals, and the amount of each county."""

    lines: list[MoneyLine]
    total: float
    total_capital: str
    by_county: dict[str, float]


def money_summary(rows: list[GradedRow], county_order: list[str] | None = None) -> MoneySummary:
    lines = summarise(rows, county_order)
    total = lines[-1].amount
    by_county = {ln.name: ln.amount for ln in lines if ln.group == "按县（市、区）"}
    return MoneySummary(lines, total, capital(total), by_county)
