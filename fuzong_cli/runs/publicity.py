"""publicity as a library: the pairs to publish, the notice period in working days, the rows and columns of the
公示名单 (SPEC §6); one report for the workbook, the 公示通知 and the terminal."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fuzong_cli.errors import FuzongError
from fuzong_cli.report import Report, Say, note_findings, quiet

HEADERS = ["序号", "姓名", "性别", "工作单位", "职称", "服务企业", "县（市、区）"]
#: publicity column -> field of the pairs workbook
SOURCE_FIELD = {"姓名": "专家姓名", "服务企业": "企业名称"}
MASKED = {"身份证号": "mask_id", "联系电话": "mask_phone"}
#: without --contact / --issuer the lines are printed as blanks to fill in by hand (and the run says so)
DEFAULT_CONTACT = "受理单位：＿＿＿＿＿＿＿＿＿＿＿＿　联系电话：＿＿＿＿＿＿＿＿＿＿"
DEFAULT_ISSUER = "＿＿＿＿＿＿＿＿＿＿＿＿（盖章）"
NO_CONTACT_WARNING = (
    "没有给出 --contact（受理异议的单位和电话），名单和通知里留了空白横线，请手填或加 --contact 重新生成。"
)
NO_ISSUER_WARNING = (
    "没有给出 --issuer（发布单位），公示通知的落款留了空白横线，请手填或加 --issuer 重新生成。"
)
WEEKENDS_ONLY_WARNING = (
    "!!! --weekends-only：chinese-calendar 没有数据的年份只跳过周六、周日，没有考虑法定节假日和调休上班，"
    "公示期可能算错。请对照国务院办公厅的节假日安排人工核对，或用 --holidays FILE 提供当年安排。!!!"
)


@dataclass
class PublicityReport(Report):
    """The one result of a publicity run: the period, the heading, the rows of the 公示名单, what was left out."""

    command = "publicity"

    pairs: Path
    policy: Any
    as_of: dt.date | None
    heading: str
    first: dt.date
    last: dt.date
    days: int
    period: str
    columns: list[str]
    people: list[list[Any]]
    skipped: list[str]
    notes: list[str]
    contact: str
    issuer: str
    with_notice: bool
    calendar_source: str
    clause: str
    holidays: Path | None = None
    outputs: list[Path] = field(default_factory=list)

    @property
    def inputs(self) -> list[Path]:
        return [self.pairs, *([self.holidays] if self.holidays else [])]

    @property
    def headers(self) -> list[str]:
        return HEADERS + self.columns

    @property
    def contact_line(self) -> str:
        return f"公示期间，如对公示人选有异议，请以书面形式实名反映。{self.contact or DEFAULT_CONTACT}"

    def unfilled_warnings(self) -> list[str]:
        """The blanks left to fill in by hand (no --contact, no --issuer for the notice)."""
        lines = [] if self.contact else [NO_CONTACT_WARNING]
        if self.with_notice and not self.issuer:
            lines.append(NO_ISSUER_WARNING)
        return lines

    @property
    def exit_code(self) -> int:
        return 1 if self.skipped else 0

    def counts(self) -> dict[str, int | float]:
        return {"人数": len(self.people), "未列入": len(self.skipped)}

    def findings(self) -> list[dict[str, Any]]:
        return note_findings(self.notes) + note_findings(self.skipped, code="SKIPPED")

    def details(self) -> dict[str, Any]:
        return {
            "公示开始": self.first.isoformat(),
            "公示结束": self.last.isoformat(),
            "公示天数": self.days,
            "公示期": self.period,
            "公示标题": self.heading,
        }


def split_columns(values: list[str]) -> list[str]:
    """--columns 身份证号,联系电话 (also ，、 and repeated options), without the standard columns."""
    out: list[str] = []
    for value in values:
        for part in value.replace("，", ",").replace("、", ",").split(","):
            part = part.strip()
            if part and part not in out and part not in HEADERS:
                out.append(part)
    return out


def run_publicity(
    pairs: Path,
    policy: Any,
    *,
    start: dt.date,
    days: int | None,
    holidays: Path | None,
    weekends_only: bool,
    columns: list[str],
    title: str | None,
    contact: str | None,
    issuer: str | None,
    with_notice: bool,
    as_of: dt.date | None = None,
    info: Say = quiet,
    warn: Say = quiet,
) -> PublicityReport:
    """Read the pairs, work out the notice period and the rows to publish; exit 2 when nothing can be published."""
    from fuzong_cli.decide.agreements import select_pairs
    from fuzong_cli.decide.workdays import load_holidays, notice_period, period_text
    from fuzong_cli.formats import chinese_date
    from fuzong_cli.read.forms import read_records
    from fuzong_cli.read.headers import kind_spec

    section = policy.section("publicity")
    if days is None:
        if "days" not in section:
            raise FuzongError(
                f"政策“{policy.display_name}”没有 [publicity] 节的 days（公示工作日数），请用 --days 指定。"
            )
        days = int(section["days"])
    extra_days = load_holidays(holidays) if holidays else None
    if extra_days is not None and holidays is not None:
        from fuzong_cli.decide.workdays import disagreements

        for line in disagreements(extra_days):
            warn(line)
        if extra_days.source.startswith("示例"):
            warn(
                f"节假日文件 {holidays.name} 还是示例（source = “{extra_days.source}”），其中日期不是官方安排，请改好后再用。"
            )
    if weekends_only:
        warn(WEEKENDS_ONLY_WARNING)
    first, last = notice_period(start, days, extra_days, weekends_only)
    if first != start:
        info(f"{chinese_date(start)} 不是工作日，公示从下一个工作日 {chinese_date(first)} 起算。")
    heading = title or section.get("title") or f"{policy.city}“科技副总”拟选派人选公示"

    result = read_records([pairs], "pairs")
    records, notes = select_pairs(result.records)
    for line in [*result.skipped, *notes]:
        info(line)
    known = [f.name for f in kind_spec("pairs").fields] + list(result.extra_headers) + list(MASKED)
    for column in columns:
        if column not in known:
            import difflib

            close = difflib.get_close_matches(column, known, n=1, cutoff=0.3)
            hint = f"，最接近的是“{close[0]}”" if close else ""
            raise FuzongError(f"--columns 里的“{column}”不是配对表的列{hint}。")

    people, skipped = build_rows(records, columns)
    for line in skipped:
        warn(line)
    if not people:
        raise FuzongError(f"{pairs.name} 里没有可以公示的配对行（缺少专家姓名或企业名称）。")
    return PublicityReport(
        pairs=pairs,
        policy=policy,
        as_of=as_of,
        heading=heading,
        first=first,
        last=last,
        days=days,
        period=period_text(first, last),
        columns=columns,
        people=people,
        skipped=skipped,
        notes=[*result.skipped, *notes],
        contact=contact or "",
        issuer=issuer or "",
        with_notice=with_notice,
        calendar_source=_calendar_source(extra_days, weekends_only),
        clause=section.get("source", ""),
        holidays=holidays,
    )


def _calendar_source(extra, weekends_only: bool) -> str:
    text = "国务院办公厅节假日安排（chinese-calendar）"
    if extra is not None:
        text += f"；补充：{extra.source}"
    if weekends_only:
        text += "；--weekends-only：未覆盖的年份只按周末计算"
    return text


def build_rows(records, columns: list[str]) -> tuple[list[list[Any]], list[str]]:
    """One row per pair (序号 renumbered from 1), ID and phone masked; the lines about rows left out."""
    from fuzong_cli.read import values as v

    rows: list[list[str]] = []
    skipped: list[str] = []
    for record in records:
        name = record.get("专家姓名", "")
        enterprise = record.get("企业名称", "")
        if not name or not enterprise:
            missing = "专家姓名" if not name else "企业名称"
            skipped.append(f"{record.where} 缺少{missing}，未列入公示名单。")
            continue
        sex = record.get("性别") or ""
        if not sex and record.get("身份证号"):
            sex = v.check_id_number(record.get("身份证号")).sex or ""
        row: list[Any] = [len(rows) + 1]
        for header in HEADERS[1:]:
            source = SOURCE_FIELD.get(header, header)
            row.append(sex if header == "性别" else _text(record.get(source)))
        for column in columns:
            value = record.get(column)
            if value is None:
                value = record.extra.get(column, "")
            if column in MASKED and value not in ("", None):
                value = getattr(v, MASKED[column])(record.raw.get(column) or value)
            row.append(_text(value))
        rows.append(row)
    return rows, skipped


def _text(value: Any) -> str:
    from fuzong_cli.formats import xml_safe_keeping_breaks
    from fuzong_cli.write.masking import mask_personal

    return mask_personal(xml_safe_keeping_breaks(_text_raw(value)))


def _text_raw(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (list, tuple)):
        return "、".join(str(x) for x in value)
    return str(value)
