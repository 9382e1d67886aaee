"""Working days for the publicity period (SPEC §6, 聊城办法 第十二条5: 公示期为5个工作日).

Working days follow the State Council's holiday schedule (weekends, statutory holidays and 调休 working
Saturdays/Sundays) as shipped in the ``chinese-calendar`` package. A year the package does not know is an
error unless the user supplies it with ``--holidays FILE``; ``weekends_only`` is the explicit fallback.

``--holidays`` file format (TOML, dates as TOML dates or "YYYY-MM-DD" strings)::

    holidays = [2027-01-01, 2027-02-08]   # 放假的日期（含落在周末的法定假日）
    workdays = [2027-02-20]               # 调休上班的周六、周日

or CSV with a header row ``日期,类型`` (``date,kind``), 类型 = 放假/休息/holiday or 上班/调休/workday.
A year is taken as covered by the file when any of its dates falls in that year (or ``years = [2027]``).
A covered year the package does not know: the days not listed are Monday–Friday working days. A year the
package knows keeps the official schedule; a date of the file in it overrides that one day, with a warning
(``disagreements``) when it contradicts the official schedule (most often a typo'd year).
``weekends_only`` applies to the years neither the package nor the file knows.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from fuzong_cli.errors import FuzongError
from fuzong_cli.formats import chinese_date

HOLIDAY_WORDS = {"放假", "休息", "假日", "节假日", "holiday", "off", "休"}
WORKDAY_WORDS = {"上班", "调休", "调休上班", "补班", "工作日", "workday", "work", "班"}


@dataclass
class ExtraDays:
    """Holidays and adjusted working days supplied by the user for years the package does not know."""

    holidays: set[dt.date] = field(default_factory=set)
    workdays: set[dt.date] = field(default_factory=set)
    years: set[int] = field(default_factory=set)
    source: str = ""

    def covers(self, year: int) -> bool:
        return year in self.years


def _as_date(value: object, where: str) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip().replace("/", "-").replace(".", "-")
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        try:
            return dt.datetime.strptime(text, "%Y-%m-%d").date()
        except ValueError:
            raise FuzongError(f"{where}：“{value}”不是日期，请写成 YYYY-MM-DD，例如 2027-01-01。") from None


def _finish(extra: ExtraDays, years: list[object], where: str) -> ExtraDays:
    both = extra.holidays & extra.workdays
    if both:
        day = min(both)
        raise FuzongError(f"{where}：{day.isoformat()} 同时写成了放假和上班，请只保留一个。")
    extra.years |= {d.year for d in extra.holidays | extra.workdays}
    for y in years:
        try:
            extra.years.add(int(str(y)))
        except ValueError:
            raise FuzongError(f"{where}：years 里的“{y}”不是年份。") from None
    if not extra.years:
        raise FuzongError(f"{where}：没有任何日期。格式见 templates/节假日示例.toml。")
    return extra


def parse_holidays_toml(text: str, where: str) -> ExtraDays:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        at = re.search(r"line (\d+), column (\d+)", str(exc))
        place = f"第{at.group(1)}行第{at.group(2)}列附近" if at else "某处"
        raise FuzongError(
            f"{where} 不是有效的 TOML：{place}写法有误（日期要写成 2027-01-01 这样的真实日期，列表用 [ ] 括起、"
            "逗号分隔）。格式见 templates/节假日示例.toml。"
        ) from None
    unknown = set(data) - {"holidays", "workdays", "years", "source", "note", "说明"}
    if unknown:
        raise FuzongError(f"{where}：不认识的键 {min(unknown)}，只能有 holidays、workdays、years。")
    extra = ExtraDays(source=str(data.get("source", "")))
    for key, target in (("holidays", extra.holidays), ("workdays", extra.workdays)):
        values = data.get(key, [])
        if not isinstance(values, list):
            raise FuzongError(f"{where}：{key} 应是日期列表，例如 {key} = [2027-01-01]。")
        for value in values:
            target.add(_as_date(value, f"{where} 的 {key}"))
    years = data.get("years", [])
    return _finish(extra, years if isinstance(years, list) else [years], where)


def parse_holidays_csv(text: str, where: str) -> ExtraDays:
    extra = ExtraDays()
    rows = [r for r in csv.reader(io.StringIO(text)) if any(c.strip() for c in r)]
    if rows and rows[0] and rows[0][0].strip().lstrip("\ufeff") in {"日期", "date"}:
        rows = rows[1:]
    for n, row in enumerate(rows, start=2):
        if len(row) < 2:
            raise FuzongError(f"{where} 第{n}行：需要两列“日期,类型”（类型写 放假 或 上班）。")
        day = _as_date(row[0].strip().lstrip("\ufeff"), f"{where} 第{n}行")
        kind = row[1].strip().lower()
        if kind in HOLIDAY_WORDS:
            extra.holidays.add(day)
        elif kind in WORKDAY_WORDS:
            extra.workdays.add(day)
        else:
            raise FuzongError(f"{where} 第{n}行：类型“{row[1]}”不认识，请写 放假 或 上班。")
    return _finish(extra, [], where)


def load_holidays(path: Path) -> ExtraDays:
    """Read a ``--holidays`` file (.toml or .csv, UTF-8 or GBK)."""
    path = Path(path)
    if not path.is_file():
        raise FuzongError(f"找不到节假日文件：{path}。")
    raw = path.read_bytes()
    for encoding in ("utf-8-sig", "gbk"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise FuzongError(f"节假日文件 {path.name} 不是 UTF-8 或 GBK 文本。")
    if path.suffix.lower() == ".csv":
        extra = parse_holidays_csv(text, path.name)
    else:
        extra = parse_holidays_toml(text, path.name)
    extra.source = extra.source or path.name
    return extra


def official_knows(year: int) -> bool:
    """Whether the installed chinese-calendar has the State Council's schedule for ``year``."""
    import chinese_calendar

    try:
        chinese_calendar.is_workday(dt.date(year, 1, 1))
    except NotImplementedError:
        return False
    return True


def _official(day: dt.date) -> bool:
    import chinese_calendar

    return bool(chinese_calendar.is_workday(day))


def disagreements(extra: ExtraDays) -> list[str]:
    """Dates of the user's file that contradict the official schedule of a year chinese-calendar knows (most
    likely a typo'd year, e.g. 2026-01-02 meant as 2027-01-02), one Chinese line each."""
    lines = []
    for day, says_work in sorted([(d, False) for d in extra.holidays] + [(d, True) for d in extra.workdays]):
        if official_knows(day.year) and _official(day) != says_work:
            official = "上班日" if not says_work else "休息日"
            lines.append(
                f"{day.isoformat()} 在节假日文件里写成{'上班' if says_work else '放假'}，但国务院办公厅 {day.year} 年的"
                f"安排是{official}（chinese-calendar）；本次以文件为准，如是笔误请改正。"
            )
    return lines


def is_workday(day: dt.date, extra: ExtraDays | None = None, weekends_only: bool = False) -> bool:
    """True on a working day: the user's file first, then the official schedule, else an error.

    A date listed in the file always follows the file. Other days of a year the file covers follow the
    official schedule when chinese-calendar knows that year (a stray date never replaces a known year's
    holidays), else Monday–Friday.
    """
    if extra is not None:
        if day in extra.holidays:
            return False
        if day in extra.workdays:
            return True
        if extra.covers(day.year) and not official_knows(day.year):
            return day.weekday() < 5
    if weekends_only and not official_knows(day.year):
        return day.weekday() < 5
    try:
        return _official(day)
    except NotImplementedError:
        raise FuzongError(
            f"{day.year} 年的法定节假日安排还不在 chinese-calendar 数据里，无法准确计算工作日。"
            f"请按国务院办公厅公布的 {day.year} 年节假日安排写一个 TOML 文件（holidays = [放假日期]，"
            f"workdays = [调休上班日期]，示例见 templates/节假日示例.toml），用 --holidays FILE 提供；"
            f"或加 --weekends-only 只按周末计算（不含节假日，慎用）。"
        ) from None


def notice_period(
    start: dt.date,
    days: int,
    holidays: ExtraDays | None = None,
    weekends_only: bool = False,
) -> tuple[dt.date, dt.date]:
    """(first, last) day of an N-working-day notice period.

    Counting starts at ``start`` or, when it is not a working day, at the next working day; the Nth working
    day is the last day of the period.
    """
    if days < 1:
        raise FuzongError(f"公示天数必须至少为 1 个工作日，现在是 {days}。")
    day = start
    while not is_workday(day, holidays, weekends_only):
        day += dt.timedelta(days=1)
    first = day
    count = 1
    while count < days:
        day += dt.timedelta(days=1)
        if is_workday(day, holidays, weekends_only):
            count += 1
    return first, day


def period_text(first: dt.date, last: dt.date) -> str:
    """``公示期：2026年12月1日至2026年12月7日``."""
    return f"公示期：{chinese_date(first)}至{chinese_date(last)}"
