"""quota as a library: read the need forms, count what each county collected, share the places out (湖北方案
四(二), largest remainder); one report for the workbook, the terminal and --json."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fuzong_cli.errors import FuzongError
from fuzong_cli.report import Report, Say, note_findings, quiet


@dataclass
class QuotaReport(Report):
    """The one result object of a quota run: the allocation table, what was counted, what was left out."""

    command = "quota"

    table: Any  # decide.quota.QuotaTable
    policy: Any
    as_of: Any
    files: list[Path]
    count_mode: str  # "needs" / "enterprises" (policy [matching] quota_count)
    count_label: str  # what was counted, as the column says it: 需求数 / 需求企业数
    only_passed: bool = False
    total_note: str = ""  # how the total was taken from the policy when --total was not given
    missing_county: list[str] = field(default_factory=list)  # rows without a county (where)
    skipped: list[str] = field(default_factory=list)
    outputs: list[Path] = field(default_factory=list)

    @property
    def inputs(self) -> list[Path]:
        return list(self.files)

    def rows(self) -> list[list[Any]]:
        """The 名额分配 table: each county's count, exact share (2 decimals), places; 合计 last."""
        t = self.table
        rows: list[list[Any]] = [[r.county, r.needs, round(float(r.share), 2), r.places] for r in t.rows]
        rows.append(["合计", sum(r.needs for r in t.rows), t.total, t.allocated])
        return rows

    def counts(self) -> dict[str, int | float]:
        return {
            "total": self.table.total,
            "allocated": self.table.allocated,
            "unallocated": self.table.unallocated,
            "counties": len(self.table.rows),
            "missing_county": len(self.missing_county),
        }

    def findings(self) -> list[dict[str, Any]]:
        return note_findings(self.skipped) + note_findings(
            [f"{where}：未填县（市、区），不参加名额分配" for where in self.missing_county], "QUOTA"
        )

    def details(self) -> dict[str, Any]:
        return {
            "places": {r.county: r.places for r in self.table.rows},
            "needs": {r.county: r.needs for r in self.table.rows},
            "count": self.count_mode,
        }


def run_quota(
    paths: list[Path],
    total: int,
    policy: Any,
    as_of: Any,
    only_passed: bool = False,
    total_note: str = "",
    info: Say = quiet,
    warn: Say = quiet,
) -> QuotaReport:
    """Count each county's needs (or enterprises, by the policy) and share ``total`` places out. ``total_note``:
    how ``total`` was taken from the policy (``policy_total``) when --total was not given."""
    from fuzong_cli.decide.quota import allocate, count_label, count_mode

    result = read_needs(paths, info)
    counts, missing = count_needs(result.records, policy, as_of, only_passed, info, warn)
    return QuotaReport(
        allocate(counts, total), policy, as_of, result.files, count_mode(policy), count_label(count_mode(policy)),
        only_passed, total_note,
        missing, result.skipped,
    )  # fmt: skip


def policy_total(policy: Any) -> tuple[int, str]:
    """The places to share out when --total is not given: the policy's yearly number (湖北方案 一 “每年选派
    200 名左右”), or a labelled default (新乡计划 二(二) “三年内选聘300名左右”: 100 a year). (total, note)."""
    sec = policy.section("matching") if hasattr(policy, "section") else {}
    if sec.get("quota_total") is None:
        raise FuzongError(
            f"政策（{getattr(policy, 'display_name', policy)}）没有规定名额总数，请用 --total 给出要分配的名额数，"
            "例如 --total 100。"
        )
    total = int(sec["quota_total"])
    note = f"按政策取名额总数 {total} 个（{sec.get('quota_total_source', '')}"
    if sec.get("quota_total_default"):
        note += f"；每年名额为默认值（政策未规定）：{sec.get('quota_total_note', '')}"
    return total, note + "）；可用 --total 改"


def read_needs(paths: list[Path], info: Say = quiet):
    from fuzong_cli.read.forms import read_records

    result = read_records(paths, "needs")
    for line in result.skipped:
        info(line)
    if not result.records:
        raise FuzongError(f"{', '.join(p.name for p in paths)} 里没有读到任何企业需求数据行。")
    return result


def count_needs(
    records: list, policy: Any, as_of: Any, only_passed: bool, info: Say = quiet, warn: Say = quiet
) -> tuple[dict[str, int], list[str]]:
    """Needs per county, and where the rows without a county are (left out, and said so)."""
    from fuzong_cli.decide.quota import count_mode, needs_by_county
    from fuzong_cli.records import PASS

    if only_passed:
        from fuzong_cli.decide.eligibility import check_records

        check_records(records, policy, as_of)
        records = [r for r in records if r.conclusion == PASS]
    records = county_names(records, policy, info)
    counts = needs_by_county(records, count_mode(policy))
    missing = [r.where for r in records if not str(r.get("县（市、区）") or "").strip()]
    if missing:
        warn(
            f"{len(missing)} 行未填县（市、区），不参加名额分配：{'；'.join(missing[:3])}{'…' if len(missing) > 3 else ''}"
        )
    known = set(getattr(policy, "counties", []) or [])
    unknown = sorted(c for c in counts if known and c not in known)
    if unknown:
        warn(f"这些县（市、区）不在政策的县名单中，请核对是否写错：{'、'.join(unknown)}")
    if not counts:
        raise FuzongError("所有需求行都没有填写县（市、区），无法按县分配名额。")
    return counts, missing


def county_names(records: list, policy: Any, info: Say = quiet) -> list:
    """Rows whose county is a 小计/合计 label are left out (and said); a county the policy does not list is
    matched to the one it unambiguously abbreviates (瑞安 → 瑞安市, 鹿城 → 鹿城区) and said, or stops the run
    (exit 2) naming it: places are never given to a county that is not in the policy."""
    from fuzong_cli.read.forms import is_total_label

    kept, totals = [], []
    for record in records:
        county = str(record.get("县（市、区）") or "").strip()
        if county and is_total_label(county):
            totals.append(f"{record.where}（{county}）")
            continue
        kept.append(record)
    if totals:
        info(
            f"{len(totals)} 行是小计/合计行，不计入需求数：{'；'.join(totals[:3])}{'…' if len(totals) > 3 else ''}"
        )
    known = list(getattr(policy, "counties", []) or [])
    if not known:
        return kept
    mapped: dict[str, str] = {}
    unknown: dict[str, list[str]] = {}
    for record in kept:
        county = str(record.get("县（市、区）") or "").strip()
        if not county or county in known:
            continue
        if county not in mapped and county not in unknown:
            candidates = _county_candidates(county, known)
            if len(candidates) == 1:
                mapped[county] = candidates[0]
            else:
                unknown[county] = candidates
        if county in mapped:
            record.values["县（市、区）"] = mapped[county]
    for short, full in sorted(mapped.items()):
        info(f"县（市、区）“{short}”按政策的县名单读作“{full}”。")
    if unknown:
        county, candidates = next(iter(unknown.items()))
        where = next(r.where for r in kept if str(r.get("县（市、区）") or "").strip() == county)
        hint = f"可能是：{'、'.join(candidates)}。" if candidates else f"政策的县名单：{'、'.join(known)}。"
        raise FuzongError(
            f"{where} 的县（市、区）“{county}”不在政策的县名单中，{hint}请改成县名单中的名称后重新运行。"
        )
    return kept


def _county_candidates(county: str, known: list[str]) -> list[str]:
    """Known counties that ``county`` abbreviates or spells with a different suffix (瑞安 → 瑞安市)."""
    import re

    def core(name: str) -> str:
        name = re.sub(r"[\s（）()]", "", name)
        return re.sub(r"(?:自治县|新区|市|区|县|旗)$", "", name) or name

    short = core(county)
    return [k for k in known if core(k) == short or (len(short) >= 2 and core(k).startswith(short))]
