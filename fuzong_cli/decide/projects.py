"""Checks on 科技副总 协同创新项目 budgets, where the policy defines such projects (聊城办法 第二条、第二十条).

Pure: takes budget records, the policy's ``[projects]`` section, optional rosters (the current ledger / 配对结果
and earlier ``evaluate`` outputs) and a reference date, and adds Findings to the records in place.

What counts as "支持资金" (聊城办法 第二十条 "单个项目支持资金不超过100万元"): the clause has the enterprise put in
at least half and says "高校和财政资金根据项目实际情况合理确定支持比例" — the university's and the treasury's money
is the support, the enterprise's money is its own investment. The built-in Liaocheng policy therefore lists
``support_funders = ["高校出资", "财政资金"]``; a bureau that reads the clause as treasury money only edits that list.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field, replace
from typing import Any

from fuzong_cli.decide.grading import HistoryRules, history_ban_end
from fuzong_cli.decide.identity import same_person
from fuzong_cli.errors import FuzongError
from fuzong_cli.formats import CENT, yuan_with_unit
from fuzong_cli.records import FAIL, REVIEW, Finding, Record

#: runs/projects.py imports it by this name (formats.py defines it)
yuan = yuan_with_unit

#: the money columns of a budget sheet, in the order the 汇总 lists them; the parts add up to 项目总额
FUNDERS = ("企业出资", "高校出资", "财政资金")
TOTAL = "项目总额"
#: computed column (and finding field) for the support money
SUPPORT = "支持资金"
SHARE = "企业出资占比"
#: header of the blank budget form (same order as the [budgets] kind of fields.toml)
BUDGET_HEADERS = ("项目名称", "牵头科技副总", "企业名称", *FUNDERS, TOTAL)


@dataclass(frozen=True)
class ProjectRules:
    """The policy's ``[projects]`` section, typed (with the ban length from ``[history]``)."""

    source: str
    enterprise_min_share: float
    enterprise_min_share_source: str
    max_support: float
    max_support_source: str
    support_funders: tuple[str, ...]
    lead_source: str
    history: HistoryRules
    yuan_check_below: float | None = None
    #: every one of these must put money in (第二十条 “由高校、财政和企业三方按比例承担”)
    required_funders: tuple[str, ...] = ()
    required_funders_source: str = ""

    @property
    def ban_years(self) -> int:
        return self.history.ban_years

    @property
    def ban_source(self) -> str:
        return self.history.ban_source

    @classmethod
    def from_policy(cls, policy: Any) -> ProjectRules:
        section = policy.section("projects")
        if not section:
            raise FuzongError(
                f"当前政策（{policy.display_name}）没有协同创新项目的规定，请用 --policy liaocheng 或自定义政策。"
            )
        # the ban after a failing grade is the policy's [history] ban (聊城办法 第十七条 covers both the
        # 科技副总 application and the projects); [projects] lead_ban_years / lead_ban_source may override it
        ban = HistoryRules.from_policy(policy)
        if "lead_ban_years" in section:
            ban = replace(
                ban, ban_years=int(section["lead_ban_years"]), ban_grades=ban.ban_grades or ("不合格",)
            )
        if "lead_ban_source" in section:
            ban = replace(ban, ban_source=str(section["lead_ban_source"]))
        source = str(section.get("source", ""))
        funders = tuple(section.get("support_funders", ("高校出资", "财政资金")))
        for name in funders:
            if name not in FUNDERS:
                raise FuzongError(
                    f"政策（{policy.display_name}）[projects] support_funders 中的“{name}”不是预算表的出资栏目，"
                    f"应为 {'、'.join(FUNDERS)} 之一。"
                )
        return cls(
            source=source,
            enterprise_min_share=float(section["enterprise_min_share"]),
            enterprise_min_share_source=str(section.get("enterprise_min_share_source", source)),
            max_support=float(section["max_support"]),
            max_support_source=str(section.get("max_support_source", source)),
            support_funders=funders,
            lead_source=str(section.get("lead_source", source)),
            history=ban,
            yuan_check_below=(
                float(section["yuan_check_below"]) if section.get("yuan_check_below") is not None else None
            ),
            required_funders=tuple(f for f in section.get("required_funders", ()) if f in FUNDERS),
            required_funders_source=str(section.get("required_funders_source", source)),
        )


@dataclass
class Roster:
    """Who is a 科技副总: the current ledger / 配对结果 (``current``) and earlier grades (``history``).

    ``current`` is None when no ledger was given (the "is a current 科技副总" check is then done against the
    history alone, or skipped); likewise ``history``.
    """

    current: list[Record] | None = None
    history: list[Record] | None = None
    term_years: int | None = None

    @property
    def checks_lead(self) -> bool:
        return self.current is not None or self.history is not None


@dataclass
class ProjectSummary:
    """Totals by funder and counts by conclusion, for the 汇总 sheet and --json."""

    totals: dict[str, float] = field(default_factory=dict)
    support_total: float = 0.0
    counts: dict[str, int] = field(default_factory=dict)
    projects: int = 0


def amount(record: Record, name: str) -> float | None:
    value = record.values.get(name)
    if isinstance(value, bool) or value in (None, ""):
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def support_of(record: Record, rules: ProjectRules) -> float:
    """The project's support money (the funders the policy counts as support), blanks as 0."""
    return sum(amount(record, f) or 0.0 for f in rules.support_funders)


def enterprise_share(record: Record) -> float | None:
    total = amount(record, TOTAL)
    if not total:
        return None
    return (amount(record, "企业出资") or 0.0) / total


def share_text(x: float, line: float | None = None) -> str:
    """A share as a percent with two decimals (66.67%). A share just under ``line`` is cut, not rounded up, so
    it never reads as the line itself: 500,000 / 1,000,001 with line 50 % → ``49.99%``, not ``50.00%``."""
    from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

    percent = Decimal(repr(round(x * 100, 9)))
    shown = percent.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    if line is not None and x < line and shown >= Decimal(repr(round(line * 100, 9))):
        shown = percent.quantize(Decimal("0.01"), rounding=ROUND_DOWN)
    return f"{shown}%"


WAN = "（万元）"
TOTAL_ROW_STARTS = ("合计", "总计", "小计")


def to_yuan(records: list[Record]) -> int:
    """Amounts typed under a 万元 header (企业出资（万元）) become 元 in the plain field; returns how many rows."""
    converted = 0
    for r in records:
        hit = False
        for name in (*FUNDERS, TOTAL):
            wan = r.values.pop(name + WAN, None)
            raw = r.raw.pop(name + WAN, None)
            if r.values.get(name) is None and raw is not None:
                r.raw[name] = f"{raw}万元" if str(raw).strip() else ""
                r.values[name] = round(float(wan) * 10000, 2) if isinstance(wan, int | float) else None
                hit = hit or wan is not None
        converted += hit
    return converted


def total_rows(records: list[Record]) -> list[Record]:
    """合计 rows under the projects (the reader keeps them because they hold many numbers).

    A row with no 项目名称, 牵头科技副总 or 企业名称 that says 合计/总计/小计 somewhere, or whose 项目总额 is the sum
    of the other rows' of the same sheet (the 合计 label often sits in the 序号 column, which is not kept).
    """
    found = []
    for r in records:
        named_total = str(r.get("项目名称") or "").replace(" ", "").startswith(TOTAL_ROW_STARTS)
        if (r.get("项目名称") or r.get("牵头科技副总") or r.get("企业名称")) and not named_total:
            continue
        texts = [*r.raw.values(), *r.extra.values()]
        labelled = any(str(t).replace(" ", "").startswith(TOTAL_ROW_STARTS) for t in texts)
        same_sheet = [
            o
            for o in records
            if o is not r and (o.source_file, o.source_sheet) == (r.source_file, r.source_sheet)
        ]
        total = amount(r, TOTAL) or amount(r, TOTAL + WAN)
        others = sum(amount(o, TOTAL) or amount(o, TOTAL + WAN) or 0.0 for o in same_sheet)
        if labelled or (total is not None and same_sheet and abs(total - others) <= CENT):
            found.append(r)
    return found


def check_projects(records: list[Record], rules: ProjectRules, roster: Roster, as_of: dt.date) -> None:
    """Every check of every budget row; findings go on the records."""
    for r in records:
        _check_money(r, rules)
        _check_lead(r, rules, roster, as_of)
    _check_twice(records)


def _check_money(r: Record, rules: ProjectRules) -> None:
    total = amount(r, TOTAL)
    for name in (*FUNDERS, TOTAL):
        raw = str(r.raw.get(name, "") or "").strip()
        if raw and amount(r, name) is None:
            r.add(Finding("P01", FAIL, name, f"{name}“{raw}”不是金额", rules.source))
        elif (amount(r, name) or 0.0) < 0:
            r.add(Finding("P01", FAIL, name, f"{name}不能为负数（{raw}）", rules.source))
    if total is None:
        if not str(r.raw.get(TOTAL, "") or "").strip():
            r.add(Finding("P02", FAIL, TOTAL, "未填写项目总额", rules.source))
        return
    typed = str(r.raw.get(TOTAL, "") or "")
    if rules.yuan_check_below is not None and 0 < total < rules.yuan_check_below and "万" not in typed:
        r.add(
            Finding(
                "P11",
                REVIEW,
                TOTAL,
                f"项目总额只有 {yuan_with_unit(total)}，是否按万元填写？如是，请把表头改为“项目总额（万元）”“企业出资（万元）”等"
                "后重新运行（金额按元核对上限）",
                rules.max_support_source,
            )
        )
    parts = sum(amount(r, f) or 0.0 for f in FUNDERS)
    if abs(parts - total) > CENT:
        r.add(
            Finding(
                "P02",
                FAIL,
                TOTAL,
                f"企业出资、高校出资、财政资金合计 {yuan_with_unit(parts)}，与项目总额 {yuan_with_unit(total)} 不符",
                rules.source,
            )
        )
    enterprise = amount(r, "企业出资") or 0.0
    if total > 0 and enterprise < rules.enterprise_min_share * total - CENT:
        r.add(
            Finding(
                "P03",
                FAIL,
                "企业出资",
                f"企业出资 {yuan_with_unit(enterprise)} 占项目总额的 {share_text(enterprise / total, rules.enterprise_min_share)}，"
                f"低于 {rules.enterprise_min_share:.0%}",
                rules.enterprise_min_share_source,
            )
        )
    absent = [f for f in rules.required_funders if (amount(r, f) or 0.0) <= 0]
    if absent and total > 0:
        r.add(
            Finding(
                "P12",
                REVIEW,
                absent[0],
                f"{'、'.join(absent)}为0或未填写：项目资金应由{'、'.join(rules.required_funders)}三方按比例承担"
                f"（{rules.required_funders_source}），请核实",
                rules.required_funders_source,
            )
        )
    support = support_of(r, rules)
    if support > rules.max_support + CENT:
        r.add(
            Finding(
                "P04",
                FAIL,
                SUPPORT,
                f"支持资金（{'+'.join(rules.support_funders)}）{yuan_with_unit(support)}，超过单个项目上限 {yuan_with_unit(rules.max_support)}",
                rules.max_support_source,
            )
        )


def _same_person(a: Record, name: str, id_number: str | None) -> bool:
    """The lead of a budget row and a ledger/history row: ``decide.identity`` (ID, else the normalised name)."""
    return same_person(a, {"姓名": name, "身份证号": id_number})


def _check_lead(r: Record, rules: ProjectRules, roster: Roster, as_of: dt.date) -> None:
    name = str(r.get("牵头科技副总") or "").strip()
    if not name:
        r.add(Finding("P05", FAIL, "牵头科技副总", "未填写牵头科技副总", rules.lead_source))
        return
    id_number = r.get("牵头人身份证号")
    if roster.history is not None:
        for h in roster.history:
            if not _same_person(h, name, id_number):
                continue
            end = history_ban_end(h, rules.history)
            if end is not None and as_of <= end:
                r.add(
                    Finding(
                        "P06",
                        FAIL,
                        "牵头科技副总",
                        f"{name} {h.get('年度')}年度考核不合格，{end.isoformat()} 前不得承担协同创新项目",
                        rules.ban_source,
                    )
                )
    if roster.current is not None:
        rows = [c for c in roster.current if _same_person(c, name, id_number)]
        if not rows:
            r.add(
                Finding(
                    "P07",
                    REVIEW,
                    "牵头科技副总",
                    f"{name} 不在所给的服务台账/配对结果中，请核实是否为在任科技副总",
                    rules.lead_source,
                )
            )
            return
        _check_term(r, rules, roster, rows, as_of)
    elif roster.history is not None and not any(_same_person(h, name, id_number) for h in roster.history):
        r.add(
            Finding(
                "P07",
                REVIEW,
                "牵头科技副总",
                f"{name} 不在所给的考核结果中，请核实是否为在任科技副总",
                rules.lead_source,
            )
        )


def _check_term(r: Record, rules: ProjectRules, roster: Roster, rows: list[Record], as_of: dt.date) -> None:
    """The lead's term has not ended, and the project is carried out by the lead's own host enterprise (第二条)."""
    from fuzong_cli.read.values import term_end

    starts: list[dt.date] = [s for c in rows if isinstance(s := c.values.get("聘期开始"), dt.date)]
    if starts and roster.term_years:
        end = term_end(max(starts), roster.term_years)
        if end <= as_of:
            r.add(
                Finding(
                    "P08",
                    REVIEW,
                    "牵头科技副总",
                    f"{r.get('牵头科技副总')} 的聘期已于 {end.isoformat()} 届满，请核实是否续聘",
                    rules.lead_source,
                )
            )
    enterprise = str(r.get("企业名称") or "").strip()
    hosts = {str(c.get("企业名称") or "").strip() for c in rows} - {""}
    if enterprise and hosts and enterprise not in hosts:
        r.add(
            Finding(
                "P09",
                REVIEW,
                "企业名称",
                f"项目企业不是牵头人的选派企业（台账为：{'、'.join(sorted(hosts))}）",
                rules.source,
            )
        )


def _check_twice(records: list[Record]) -> None:
    by_name: dict[str, list[Record]] = defaultdict(list)
    for r in records:
        key = str(r.get("项目名称") or "").strip()
        if key:
            by_name[key].append(r)
    for group in by_name.values():
        if len(group) < 2:
            continue
        for r in group:
            others = "、".join(f"第{o.source_row}行" for o in group if o is not r)
            r.add(Finding("P10", REVIEW, "项目名称", f"项目名称重复（另见 {others}），请核实", ""))


def summarise(records: list[Record], rules: ProjectRules) -> ProjectSummary:
    s = ProjectSummary(projects=len(records))
    for name in (*FUNDERS, TOTAL):
        s.totals[name] = sum(amount(r, name) or 0.0 for r in records)
    s.support_total = sum(support_of(r, rules) for r in records)
    for r in records:
        s.counts[r.conclusion] = s.counts.get(r.conclusion, 0) + 1
    return s


def blank_form_fields() -> list[str]:
    """The columns of the blank 协同创新项目预算表 that ``fuzong forms`` writes: the [budgets] fields in 元,
    without the （万元） variants (those exist only to read sheets kept in 万元)."""
    from fuzong_cli.read.headers import kind_spec

    return [f.name for f in kind_spec("budgets").fields if not f.name.endswith(WAN)]


def has_projects(policy: Any) -> bool:
    """Whether ``fuzong forms`` should also write a blank budget sheet (协同创新项目预算表)."""
    return bool(policy.section("projects"))
