"""Places per county in proportion to its share of needs (湖北方案 四(二)), largest-remainder method.

"各地选派企业“科技副总”名额，原则上按照当地征集需求数量占全省征集需求总量的比例分配。" The source gives the
principle, not the rounding: fuzong uses the largest-remainder (Hamilton) method, ties broken by county name,
and a county never gets more places than it has needs (places left over are reported, not invented).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from fuzong_cli.decide.identity import enterprise_key
from fuzong_cli.records import Record


@dataclass(frozen=True)
class QuotaRow:
    """One county's line of the 名额分配 table."""

    county: str
    needs: int
    share: Fraction  # exact quota total * needs / all needs
    places: int

    @property
    def share_text(self) -> str:
        return f"{float(self.share):.2f}"


@dataclass(frozen=True)
class QuotaTable:
    total: int
    rows: list[QuotaRow]

    @property
    def allocated(self) -> int:
        return sum(r.places for r in self.rows)

    @property
    def unallocated(self) -> int:
        """Places that could not be given because every county already has one place per need."""
        return self.total - self.allocated

    def places_of(self) -> dict[str, int]:
        return {r.county: r.places for r in self.rows}


def allocate(needs_by_county: dict[str, int], total: int) -> QuotaTable:
    """Largest-remainder allocation of ``total`` places to counties by their number of needs.

    Each county first gets the whole part of ``total × needs / all needs``; the places still free go one by
    one to the largest fractional remainders, ties broken by county name (Unicode order). No county gets
    more places than needs: when ``total`` exceeds what the capped counties can take, the surplus is
    re-divided among the others the same way, and whatever is left over stays unallocated.
    """
    if total < 0:
        raise ValueError("total must be >= 0")
    counties = sorted(needs_by_county)
    all_needs = sum(max(0, needs_by_county[c]) for c in counties)
    # Never more places than needs: give min(total, all needs). Then no county can exceed its needs: with
    # places ≤ all needs each exact share is ≤ the county's needs, and a share below it (not a whole number)
    # is at most needs − 1 plus a fraction, so whole part + 1 ≤ needs.
    given = min(total, all_needs)
    exact = {c: Fraction(given * max(0, needs_by_county[c]), all_needs or 1) for c in counties}
    places = {c: int(exact[c]) for c in counties}
    left = given - sum(places.values())
    for c in sorted(counties, key=lambda c: (-(exact[c] - places[c]), c))[:left]:
        places[c] += 1
    shares = {c: Fraction(total * max(0, needs_by_county[c]), all_needs or 1) for c in counties}
    rows = [QuotaRow(county=c, needs=needs_by_county[c], share=shares[c], places=places[c]) for c in counties]
    return QuotaTable(total=total, rows=rows)


def needs_by_county(needs: Sequence[Record], count: str = "enterprises") -> dict[str, int]:
    """What each 县（市、区） collected, by the policy's ``[matching] quota_count``:

    - ``"needs"`` (湖北方案 四(二) “按照当地征集需求数量占全省征集需求总量的比例分配”): every need counts — an
      enterprise with three different needs counts three; a row repeated word for word (same enterprise,
      same 需求名称 and 需求描述) counts once;
    - ``"enterprises"`` (default where the source is silent): one enterprise (credit code, else name) counts
      once however many need rows it sent.

    Rows without a county are not counted."""
    if count not in ("needs", "enterprises"):
        raise ValueError(f"quota_count must be 'needs' or 'enterprises', not {count!r}")
    seen: dict[str, set] = {}
    for r in needs:
        county = str(r.get("县（市、区）") or "").strip()
        if county:
            key: Any = enterprise_key(r)
            if count == "needs":
                key = (key, _need_text(r.get("需求名称")), _need_text(r.get("需求描述")))
            seen.setdefault(county, set()).add(key)
    return {c: len(v) for c, v in seen.items()}


def count_mode(policy: Any) -> str:
    """The policy's ``[matching] quota_count`` ("needs" / "enterprises"; absent → "enterprises")."""
    sec = policy.section("matching") if hasattr(policy, "section") else {}
    return str(sec.get("quota_count") or "enterprises")


def count_label(mode: str) -> str:
    """Column header for what was counted: 需求数 (needs) or 需求企业数 (enterprises)."""
    return "需求数" if mode == "needs" else "需求企业数"


def _need_text(value: Any) -> str:
    return re.sub(r"\s+", "", str(value or ""))
