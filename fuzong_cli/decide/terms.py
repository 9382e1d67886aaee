"""Terms and the duties due in them: term end, annual 述职, summary report, fund audit, end-of-term review.

Pure: takes ledger (or 配对结果) records, the policy's ``[terms]`` section and a reference date, returns a
``TermsPlan`` that the workbook writer, the terminal table and ``--json`` all render.

Dates. The term *ends* (聘期结束, the day it is 届满) on the anniversary ``term_years`` after 聘期开始: a two-year
term starting 2025-03-01 ends on 2027-03-01 (the last day served is 2027-02-28). A duty due "N months before the
term ends" is due on 聘期结束 minus N calendar months, so Xinxiang's summary report (新乡行动计划 六(四)
"工作期满前一个月") for that term is due 2027-02-01. Recurring duties fall on every ``every_years``-th
anniversary of the start, up to and including the term end.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from fuzong_cli.decide import identity
from fuzong_cli.errors import FuzongError
from fuzong_cli.read.values import add_months, add_years, full_years, parse_bool, term_end
from fuzong_cli.records import FAIL, NOTICE, REVIEW, Finding, Record

# item and person statuses
OK = "正常"
SOON = "即将到期"
OVERDUE = "已逾期"
DONE = "已完成"
ENDED = "已期满"
REVOKED = "已撤销"
UNKNOWN = "无法计算"


@dataclass(frozen=True)
class Duty:
    """One duty of the policy.

    Exactly one of ``months_before_end`` (a one-off, due that many months before the term ends; 0 = on the end
    date) and ``every_years`` (recurring on every N-th anniversary of the start) is set. ``window_months``: the
    duty may be done from that many months before its due date (Hubei "离服务期满的1个月内"). ``done_field``: the
    ledger field that records it as done (总结报告已提交), when there is one.
    """

    name: str
    source: str
    months_before_end: int | None = None
    every_years: int | None = None
    window_months: int = 0
    done_field: str | None = None


@dataclass(frozen=True)
class TermRules:
    """The policy's ``[terms]`` section, typed."""

    term_years: int
    source: str
    duties: tuple[Duty, ...]
    #: a failing 考核 grade that revokes the appointment (聊城办法 第十七条 “撤销其‘科技副总’选派资格”): the
    #: policy's [history] ban_grades with a ``fail_note``; empty when the policy has no revocation
    revoke_grades: tuple[str, ...] = ()
    revoke_note: str = ""
    revoke_source: str = ""

    @classmethod
    def from_policy(cls, policy: Any) -> TermRules:
        section = policy.section("terms") if hasattr(policy, "section") else dict(policy.get("terms", {}))
        name = getattr(policy, "display_name", "当前政策")
        if not section or "term_years" not in section:
            raise FuzongError(
                f"政策（{name}）没有 [terms] 聘期规定（term_years），无法计算聘期。请换一个政策或在自定义政策中补上。"
            )
        duties = []
        for raw in section.get("duties", []):
            if ("months_before_end" in raw) == ("every_years" in raw):
                raise FuzongError(
                    f"政策（{name}）[[terms.duties]]“{raw.get('name', '')}”须写 months_before_end（聘期结束前 N 个月）"
                    "或 every_years（每满 N 年）其中之一。"
                )
            if int(raw.get("every_years", 1)) < 1 or int(raw.get("months_before_end", 0)) < 0:
                raise FuzongError(
                    f"政策（{name}）[[terms.duties]]“{raw.get('name', '')}”的 every_years 须至少为 1，"
                    "months_before_end 不能为负数。"
                )
            duties.append(
                Duty(
                    name=str(raw["name"]),
                    source=str(raw.get("source", "")),
                    months_before_end=raw.get("months_before_end"),
                    every_years=raw.get("every_years"),
                    window_months=int(raw.get("window_months", 0)),
                    done_field=raw.get("done_field"),
                )
            )
        if int(section["term_years"]) < 1:
            raise FuzongError(f"政策（{name}）[terms] term_years 须至少为 1 年。")
        history = policy.section("history") if hasattr(policy, "section") else dict(policy.get("history", {}))
        revoke = tuple(str(g) for g in history.get("ban_grades", [])) if history.get("fail_note") else ()
        return cls(
            int(section["term_years"]), str(section.get("source", "")), tuple(duties),
            revoke, str(history.get("fail_note", "")), str(history.get("ban_source", "")),
        )  # fmt: skip


def due_dates(duty: Duty, start: dt.date, end: dt.date) -> list[dt.date]:
    """Every date ``duty`` falls due in the term [start, end]."""
    if duty.every_years:
        dates: list[dt.date] = []
        k = 1
        while True:
            due = add_years(start, k * duty.every_years)
            if due > end:
                return dates
            dates.append(due)
            k += 1
    return [add_months(end, -int(duty.months_before_end or 0))]


@dataclass
class DutyItem:
    """One occurrence of a duty for one person."""

    duty: Duty
    due: dt.date
    opens: dt.date | None
    days_left: int
    status: str
    row: TermRow

    @property
    def name(self) -> str:
        return self.duty.name


@dataclass
class TermRow:
    """One person's term: the record it came from, the computed dates and the next open duty."""

    record: Record
    start: dt.date | None = None
    end: dt.date | None = None
    served_years: int | None = None
    items: list[DutyItem] = field(default_factory=list)
    status: str = UNKNOWN

    @property
    def name(self) -> str:
        return str(self.record.get("姓名") or self.record.get("专家姓名") or "")

    @property
    def enterprise(self) -> str:
        return str(self.record.get("企业名称") or "")

    @property
    def open_items(self) -> list[DutyItem]:
        return [i for i in self.items if i.status in (OVERDUE, SOON, OK)]

    @property
    def next_item(self) -> DutyItem | None:
        """The first open item: an overdue one before any upcoming one, then by due date."""
        items = sorted(self.open_items, key=lambda i: (i.status != OVERDUE, i.due))
        return items[0] if items else None


@dataclass
class TermsPlan:
    rows: list[TermRow]
    as_of: dt.date
    within: int
    rules: TermRules
    merged: int = 0

    @property
    def todo(self) -> list[DutyItem]:
        """Every open item (overdue and upcoming), by due date, then name."""
        items = [i for r in self.rows for i in r.open_items]
        order = {d: k for k, d in enumerate(self.rules.duties)}
        return sorted(items, key=lambda i: (i.due, i.row.name, i.row.record.source_row, order.get(i.duty, 0)))

    @property
    def due_soon(self) -> list[DutyItem]:
        """What the terminal shows: overdue items and items due within ``within`` days."""
        return [i for i in self.todo if i.status in (OVERDUE, SOON)]

    def count(self, status: str) -> int:
        return sum(1 for r in self.rows if r.status == status)


#: the reader's findings that matter for terms; a bad indicator column of the ledger is evaluate's business
FIELDS_USED = ("姓名", "专家姓名", "身份证号", "企业名称", "年度", "聘期开始", "等次")


def plan_terms(records: list[Record], rules: TermRules, as_of: dt.date, within: int = 30) -> TermsPlan:
    """Term ends, duties and statuses for every person of the ledger; findings are added to the records.

    Reader findings on columns terms does not use (the ledger's indicators) are dropped from these records,
    except on a duty's ``done_field``.
    """
    used = set(FIELDS_USED) | {d.done_field for d in rules.duties if d.done_field}
    for r in records:
        r.findings = [f for f in r.findings if f.field in used]
    records, merged = _merge_years(records)
    _flag_twice(records)
    rows = [_plan_one(r, rules, as_of, within) for r in records]
    return TermsPlan(rows, as_of, within, rules, merged)


def _plan_one(record: Record, rules: TermRules, as_of: dt.date, within: int) -> TermRow:
    row = TermRow(record)
    start = record.values.get("聘期开始")
    raw = str(record.raw.get("聘期开始", "") or "").strip()
    if not isinstance(start, dt.date):
        if raw:
            record.add(
                Finding("T01", FAIL, "聘期开始", f"聘期开始“{raw}”不是日期，无法计算聘期", rules.source)
            )
        else:
            record.add(Finding("T02", FAIL, "聘期开始", "未填写聘期开始，无法计算聘期", rules.source))
        return row
    if isinstance(start, dt.datetime):
        start = start.date()
    if start > as_of:
        record.add(
            Finding(
                "T03",
                REVIEW,
                "聘期开始",
                f"聘期开始 {start.isoformat()} 晚于参照日期 {as_of.isoformat()}，请核实",
                rules.source,
            )
        )
    row.start = start
    row.end = term_end(start, rules.term_years)
    row.served_years = full_years(start, min(as_of, row.end)) if as_of >= start else 0
    if _revoked(record, rules):
        row.status = REVOKED
        return row
    for duty in rules.duties:
        for due in due_dates(duty, start, row.end):
            opens = add_months(due, -duty.window_months) if duty.window_months else None
            status = _item_status(duty, due, record, as_of, within)
            if status is None:
                continue
            row.items.append(DutyItem(duty, due, opens, (due - as_of).days, status, row))
    nxt = row.next_item
    if nxt is not None:
        row.status = nxt.status
    else:
        row.status = ENDED if as_of >= row.end else OK
    return row


def _field(record: Record, name: str, *aliases: str) -> Any:
    for key in (name, *aliases):
        value = record.values.get(key)
        if value in (None, ""):
            value = record.extra.get(key)
        if value not in (None, ""):
            return value
    return None


def _revoked(record: Record, rules: TermRules) -> bool:
    """聊城办法 第十七条: “对评定为不合格的，撤销其‘科技副总’选派资格”. A row whose 等次 is a revoking grade
    and that carries a 禁止申报截止 (evaluate writes one only for a 考核 grade, not for a yearly status) is
    revoked: no further duties. The same grade without a ban date (a ledger typed by hand, or a non-考核
    year) is 待复核: the duties stay listed until someone confirms."""
    if not rules.revoke_grades:
        return False
    grade = str(_field(record, "等次", "考核等次", "考核结果", "评价结果") or "").strip()
    if grade not in rules.revoke_grades:
        return False
    ban = _field(record, "禁止申报截止", "禁止申报截止日期")
    if ban is not None:
        record.add(Finding("T05", NOTICE, "等次", f"考核等次为{grade}：{rules.revoke_note}，"
                           f"不再列出后续事项（禁止申报至 {ban if not isinstance(ban, dt.date) else ban.isoformat()}）",
                           rules.revoke_source))  # fmt: skip
        return True
    record.add(Finding("T05", REVIEW, "等次", f"等次为{grade}：如为{rules.revoke_source}的考核结果，应{rules.revoke_note}，"
                       "请核实（后续事项仍列出）", rules.revoke_source))  # fmt: skip
    return False


def _item_status(duty: Duty, due: dt.date, record: Record, as_of: dt.date, within: int) -> str | None:
    """已完成 / 已逾期 / 即将到期 / 正常, or None for a past duty the ledger cannot say anything about."""
    done = _done(record, duty.done_field) if duty.done_field else None
    if done:
        return DONE
    if due < as_of:
        # only a duty whose completion the ledger records can be known to be late
        return OVERDUE if duty.done_field else None
    return SOON if (due - as_of).days <= within else OK


def _done(record: Record, field_name: str) -> bool | None:
    value = record.values.get(field_name)
    if isinstance(value, bool):
        return value
    if value in (None, ""):
        value = record.extra.get(field_name)
    if value in (None, ""):
        return None
    return parse_bool(value)


def _merge_years(records: list[Record]) -> tuple[list[Record], int]:
    """A ledger kept over several years has one row per person and year: keep the latest year of each term.

    Rows of the same person with the same 聘期开始 and different 年度 are one term; anything else stays.
    """
    groups: dict[tuple, list[Record]] = defaultdict(list)
    for r in records:
        start = r.values.get("聘期开始")
        year = r.values.get("年度")
        if isinstance(start, dt.date) and year not in (None, ""):
            groups[(identity.person_id(r) or identity.person_name(r), start)].append(r)
    drop: set[int] = set()
    for group in groups.values():
        years = [g.values.get("年度") for g in group]
        if len(group) > 1 and len(set(years)) == len(years):
            latest = max(group, key=lambda g: int(g.values.get("年度") or 0))
            drop.update(id(g) for g in group if g is not latest)
    return [r for r in records if id(r) not in drop], len(drop)


def _flag_twice(records: list[Record]) -> None:
    """The same person on two rows (same ID, or same name when an ID is missing): both rows need review."""
    by_name: dict[str, list[Record]] = defaultdict(list)
    for r in records:
        key = identity.person_name(r)
        if key:
            by_name[key].append(r)
    for group in by_name.values():
        for i, a in enumerate(group):
            for b in group[i + 1 :]:
                if not identity.same_person(a, b):
                    continue
                for this, other in ((a, b), (b, a)):
                    this.add(
                        Finding(
                            "T04",
                            REVIEW,
                            "姓名",
                            f"{this.get('姓名') or this.get('专家姓名')} 重复出现（另见 {other.source_file} 第{other.source_row}行），请核实",
                            "",
                        )
                    )
