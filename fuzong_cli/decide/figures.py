"""What grading and money both read: the policy's sections, a ledger row's usable figures, 聘期开始, the graded row
and the earlier years of the same person — pure.

``grading`` and ``money`` import this module and it imports neither, so there is no cycle between them.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Protocol

from fuzong_cli.decide import identity
from fuzong_cli.formats import plain_number
from fuzong_cli.records import REVIEW, Finding, Record

# the indicator codes (K = 考核); the other K codes are grading's
K_NOT_NUMBER = "K01"
K_NEGATIVE = "K02"
K_TOO_HIGH = "K03"
K_UNIT = "K18"

#: how a number the source does not give is shown wherever it reaches the user
DEFAULT_LABEL = "默认值（政策未规定）"


class DayRules(Protocol):
    """What ``_indicator`` reads of the evaluation rules: how many days a month of service counts."""

    @property
    def days_per_month(self) -> float | None: ...

    @property
    def days_per_month_note(self) -> str: ...


def _section(policy: Any, name: str) -> dict[str, Any]:
    if hasattr(policy, "section"):
        return dict(policy.section(name) or {})
    return dict(policy.get(name, {}) or {})


def _policy_data(policy: Any) -> dict[str, Any]:
    data = getattr(policy, "data", policy)
    return data if isinstance(data, dict) else {}


def _label(policy: Any) -> str:
    return str(getattr(policy, "display_name", None) or getattr(policy, "name", None) or "当前政策")


def _round2(x: float) -> float:
    return float(Decimal(str(x)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def _indicator(
    record: Record,
    name: str,
    max_value: float | None,
    rules: DayRules | None = None,
) -> tuple[float | None, Finding | None]:
    """The usable value of one indicator, or None with a finding (non-numeric, negative, above max).

    A day count typed in months (``3个月`` under 服务天数) is converted with the policy's ``days_per_month``
    and flagged for review (K18); without that setting, or in years, it cannot be used.
    """
    from fuzong_cli.read.values import parse_number, wrong_day_unit

    value = record.values.get(name)
    raw = str(record.raw.get(name, "") or "").strip()
    if isinstance(value, str):
        parsed = parse_number(value)
        value = parsed.value if parsed.problem is None else None
        raw = raw or str(record.values.get(name))
    if value is None and any(f.rule_code == "D13" and f.field == name for f in record.findings):
        # a formula saved without its value (read/workbook.py): unknown, not 0 — the grade is provisional
        return None, Finding(
            K_NOT_NUMBER, REVIEW, name, f"{name}：公式未计算，按0计；请在 Excel/WPS 中打开并保存后重试", ""
        )
    wrong_unit = wrong_day_unit(name, raw)
    if wrong_unit == "月" and rules is not None and rules.days_per_month:
        months = parse_number(raw).value
        if isinstance(months, int | float) and not isinstance(months, bool) and 0 <= months <= 12:
            days = _round2(float(months) * rules.days_per_month)
            how = rules.days_per_month_note or DEFAULT_LABEL
            return days, Finding(
                K_UNIT,
                REVIEW,
                name,
                f"{name}填的是“{raw}”，按每月{plain_number(rules.days_per_month)}天（{how}）折算为{plain_number(days)}天；"
                "请核实实际天数",
                "",
            )
    if wrong_unit:
        return None, Finding(
            K_NOT_NUMBER,
            REVIEW,
            name,
            f"{name}填的是“{raw}”（单位是{wrong_unit}，不是天），不能直接当天数，按0计；请换算成天数后重新考核",
            "",
        )
    if isinstance(value, bool):
        value = None
    if value is None:
        if raw:
            return None, Finding(
                K_NOT_NUMBER, REVIEW, name, f"{name}“{raw}”不是数字，按0计；请改成数字后重新考核", ""
            )
        return None, None
    number = float(value)
    if math.isnan(number):
        return None, None
    if number < 0:
        return None, Finding(
            K_NEGATIVE, REVIEW, name, f"{name}为负数（{plain_number(number)}），按0计；请核实", ""
        )
    if max_value is not None and number > max_value:
        what = "一年的天数" if name.endswith("天数") else "满分" if name.endswith("得分") else "合理上限"
        return None, Finding(
            K_TOO_HIGH,
            REVIEW,
            name,
            f"{name}{plain_number(number)}超过{what}{plain_number(max_value)}，不可能，按0计；请核实",
            "",
        )
    return number, None


def term_start(record: Record) -> dt.date | None:
    """聘期开始 as a date (None when blank or unreadable)."""
    start = record.get("聘期开始")
    if isinstance(start, dt.datetime):
        return start.date()
    return start if isinstance(start, dt.date) else None


@dataclass
class GradedRow:
    """One ledger row after grading. ``values`` holds the usable indicator values (None = unusable/blank)."""

    record: Record
    year: int
    values: dict[str, float | None]
    score: float
    grade: str
    reasons: list[str] = field(default_factory=list)
    rank: int | None = None
    top: bool = False
    money: float = 0.0
    money_items: list[tuple[str, float]] = field(default_factory=list)
    money_notes: list[str] = field(default_factory=list)
    ban_until: dt.date | None = None
    counts_for_cycle: bool = True
    #: the period the grade covers, in words (“2025年3月至2027年2月，按2025、2026、2027年台账”); "" = the 年度
    period_text: str = ""
    #: the 年度 whose figures were used for the grade
    years_used: list[int] = field(default_factory=list)
    #: the grade could be better once the unusable indicators are corrected: no ban is set on it
    provisional: bool = False

    @property
    def county(self) -> str:
        return str(self.record.get("县（市、区）", "") or "")

    @property
    def unit(self) -> str:
        return str(self.record.get("工作单位", "") or "")

    @property
    def name(self) -> str:
        return str(self.record.get("姓名", "") or "")


@dataclass
class HistoryIndex:
    """Earlier 考核结果 rows, found by ID number, else name + unit, else a unique name."""

    records: list[Record]
    by_id: dict[str, list[Record]] = field(default_factory=lambda: defaultdict(list))
    by_name_unit: dict[tuple[str, str], list[Record]] = field(default_factory=lambda: defaultdict(list))
    by_name: dict[str, list[Record]] = field(default_factory=lambda: defaultdict(list))
    by_enterprise: dict[str, list[Record]] = field(default_factory=lambda: defaultdict(list))

    def __post_init__(self) -> None:
        for rec in self.records:
            for key in identity.enterprise_keys(rec):
                self.by_enterprise[key].append(rec)
            ident = identity.person_id(rec)
            if ident:
                self.by_id[ident].append(rec)
            name, unit = identity.name_unit(rec)
            self.by_name_unit[(name, unit)].append(rec)
            self.by_name[name].append(rec)

    @property
    def years(self) -> set[int]:
        return {int(r.get("年度")) for r in self.records if isinstance(r.get("年度"), int | float)}

    def for_enterprise(self, record: Record) -> list[Record]:
        """History rows of the same enterprise (credit code, else name)."""
        for key in identity.enterprise_keys(record):
            if key in self.by_enterprise:
                return self.by_enterprise[key]
        return []

    def find(self, record: Record) -> list[Record]:
        ident = identity.person_id(record)
        if ident and ident in self.by_id:
            return self.by_id[ident]

        def other_id(r: Record) -> bool:
            theirs = identity.person_id(r)
            return bool(ident and theirs and theirs != ident)

        name, unit = identity.name_unit(record)
        found = self.by_name_unit.get((name, unit), [])
        if found:
            return [r for r in found if not other_id(r)]
        candidates = self.by_name.get(name, [])
        persons = {identity.person_key(r) for r in candidates}
        if len(persons) == 1 and (not unit or not candidates[0].get("工作单位")):
            return [r for r in candidates if not other_id(r)]
        return []


class PastFigures:
    """Earlier 年度 of the same person: ledger rows of other years, then history rows (identity module)."""

    def __init__(self, ledger_rows: list[Record], history_rows: list[Record]) -> None:
        self.by_person: dict[str, dict[int, Record]] = defaultdict(dict)
        self.years_of: dict[str, set[int]] = defaultdict(set)
        for rec in [*ledger_rows, *history_rows]:  # the ledger wins over the history for the same year
            year = rec.get("年度")
            if not isinstance(year, int | float) or not (rec.get("身份证号") or rec.get("姓名")):
                continue
            # a row with an ID is also found by name + unit (the other year may lack the ID)
            for key in self._keys(rec):
                self.by_person[key].setdefault(int(year), rec)
                self.years_of[key].add(int(year))

    def row(self, record: Record, year: int) -> Record | None:
        for key in self._keys(record):
            found = self.by_person.get(key, {}).get(year)
            if found is not None:
                theirs, mine = identity.person_id(found), identity.person_id(record)
                if theirs and mine and theirs != mine:
                    continue
                return found
        return None

    def years(self, record: Record) -> set[int]:
        out: set[int] = set()
        for key in self._keys(record):
            out |= self.years_of.get(key, set())
        return out

    @staticmethod
    def _keys(record: Record) -> list[str]:
        return list(dict.fromkeys((identity.person_key(record), identity.weak_person_key(record))))
