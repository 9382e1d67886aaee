"""Working-day arithmetic against the real 2026 State Council schedule (chinese-calendar data)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from fuzong_cli.decide.workdays import (
    is_workday,
    load_holidays,
    notice_period,
    parse_holidays_csv,
    parse_holidays_toml,
    period_text,
)
from fuzong_cli.errors import FuzongError

D = dt.date
TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


@pytest.mark.parametrize(
    ("start", "first", "last"),
    [
        # issue examples
        (D(2026, 9, 28), D(2026, 9, 28), D(2026, 10, 9)),
        (D(2026, 2, 12), D(2026, 2, 12), D(2026, 2, 25)),
        (D(2026, 12, 1), D(2026, 12, 1), D(2026, 12, 7)),
        # 元旦 1-1..1-3 off, Sunday 1-4 worked (调休)
        (D(2025, 12, 31), D(2025, 12, 31), D(2026, 1, 7)),
        (D(2026, 1, 1), D(2026, 1, 4), D(2026, 1, 8)),
        # 春节 2-15..2-23 off, Saturdays 2-14 and 2-28 worked
        (D(2026, 2, 14), D(2026, 2, 14), D(2026, 2, 27)),
        (D(2026, 2, 15), D(2026, 2, 24), D(2026, 2, 28)),
        # 清明 4-4..4-6 off
        (D(2026, 4, 1), D(2026, 4, 1), D(2026, 4, 8)),
        (D(2026, 4, 4), D(2026, 4, 7), D(2026, 4, 13)),
        # 劳动节 5-1..5-5 off, Saturday 5-9 worked
        (D(2026, 4, 29), D(2026, 4, 29), D(2026, 5, 8)),
        (D(2026, 5, 6), D(2026, 5, 6), D(2026, 5, 11)),
        # 端午 6-19..6-21 off
        (D(2026, 6, 17), D(2026, 6, 17), D(2026, 6, 24)),
        # 中秋 9-25..9-27 and 国庆 10-1..10-7 off; Sunday 9-20 and Saturday 10-10 worked
        (D(2026, 9, 18), D(2026, 9, 18), D(2026, 9, 23)),
        (D(2026, 9, 24), D(2026, 9, 24), D(2026, 10, 8)),
        (D(2026, 10, 1), D(2026, 10, 8), D(2026, 10, 13)),
    ],
)
def test_five_working_days_around_2026_holidays(start, first, last):
    assert notice_period(start, 5) == (first, last)


def test_adjusted_weekend_days_are_workdays():
    for day in (
        D(2026, 1, 4),
        D(2026, 2, 14),
        D(2026, 2, 28),
        D(2026, 5, 9),
        D(2026, 9, 20),
        D(2026, 10, 10),
    ):
        assert is_workday(day), day
    for day in (D(2026, 1, 1), D(2026, 2, 16), D(2026, 4, 6), D(2026, 5, 5), D(2026, 6, 19), D(2026, 10, 7)):
        assert not is_workday(day), day


def test_one_day_period_and_other_lengths():
    assert notice_period(D(2026, 10, 3), 1) == (D(2026, 10, 8), D(2026, 10, 8))
    assert notice_period(D(2026, 12, 1), 7) == (D(2026, 12, 1), D(2026, 12, 9))
    with pytest.raises(FuzongError):
        notice_period(D(2026, 12, 1), 0)


def test_period_text():
    assert period_text(D(2026, 12, 1), D(2026, 12, 7)) == "公示期：2026年12月1日至2026年12月7日"


def test_year_missing_from_package_is_an_error_naming_the_year():
    with pytest.raises(FuzongError) as err:
        notice_period(D(2026, 12, 28), 5)
    assert "2027" in err.value.message and "--holidays" in err.value.message
    assert err.value.code == 2


def test_weekends_only_fallback():
    # 2027-01-01 is a Friday: counted as a working day without the official schedule
    assert notice_period(D(2026, 12, 28), 5, weekends_only=True) == (D(2026, 12, 28), D(2027, 1, 1))


def test_example_holiday_file_supplies_2027():
    extra = load_holidays(TEMPLATES / "节假日示例.toml")
    assert 2027 in extra.years
    # 12-28..12-31 are four working days; 2027-01-01..03 off in the file; Monday 01-04 is the fifth
    assert notice_period(D(2026, 12, 28), 5, holidays=extra) == (D(2026, 12, 28), D(2027, 1, 4))
    # a 2027 adjusted Sunday from the file counts
    assert is_workday(D(2027, 1, 31), extra)


def test_toml_string_dates_and_csv():
    extra = parse_holidays_toml('holidays = ["2027-01-01"]\nworkdays = ["2027/01/09"]', "x.toml")
    assert D(2027, 1, 1) in extra.holidays and D(2027, 1, 9) in extra.workdays
    csv_extra = parse_holidays_csv("日期,类型\n2027-01-01,放假\n2027-01-09,上班\n", "x.csv")
    assert csv_extra.holidays == extra.holidays and csv_extra.workdays == extra.workdays
    assert not is_workday(D(2027, 1, 1), csv_extra) and is_workday(D(2027, 1, 9), csv_extra)


def test_csv_file_in_gbk(tmp_path):
    path = tmp_path / "假日.csv"
    path.write_bytes("日期,类型\r\n2027-01-01,放假\r\n".encode("gbk"))
    assert D(2027, 1, 1) in load_holidays(path).holidays


@pytest.mark.parametrize(
    "text",
    [
        'holidays = ["2027-13-01"]',
        "holidays = 2027-01-01",
        "holidays = [2027-01-01]\nworkdays = [2027-01-01]",
        "holiday = [2027-01-01]",
        "holidays = [",
        "",
    ],
)
def test_bad_toml_holiday_files(text):
    with pytest.raises(FuzongError):
        parse_holidays_toml(text, "bad.toml")


def test_bad_csv_kind():
    with pytest.raises(FuzongError) as err:
        parse_holidays_csv("日期,类型\n2027-01-01,请假\n", "bad.csv")
    assert "第2行" in err.value.message


def test_weekends_only_never_overrides_a_year_the_package_knows():
    from fuzong_cli.decide.workdays import notice_period

    # National Day 2026 (10-01..10-07 off) is still skipped: --weekends-only is for the years without data
    assert notice_period(D(2026, 9, 28), 5, weekends_only=True) == (D(2026, 9, 28), D(2026, 10, 9))
    assert notice_period(D(2026, 12, 28), 5, weekends_only=True) == (D(2026, 12, 28), D(2027, 1, 1))


def test_a_stray_date_in_a_known_year_does_not_replace_that_years_schedule():
    from fuzong_cli.decide.workdays import disagreements, notice_period, parse_holidays_toml

    # 2026-02-24 typed for 2027-02-24: 2026 keeps the State Council schedule, the one date is warned about
    extra = parse_holidays_toml("holidays = [2027-01-01, 2026-02-24]", "h.toml")
    assert notice_period(D(2026, 9, 28), 5, extra) == (D(2026, 9, 28), D(2026, 10, 9))
    assert notice_period(D(2026, 2, 12), 5, extra) == (
        D(2026, 2, 12),
        D(2026, 2, 26),
    )  # 02-24 off per the file
    lines = disagreements(extra)
    assert len(lines) == 1 and "2026-02-24" in lines[0] and "笔误" in lines[0]
    # the 2027 date is for a year the package does not know: no warning, Monday–Friday otherwise
    assert notice_period(D(2026, 12, 28), 5, extra) == (D(2026, 12, 28), D(2027, 1, 4))
