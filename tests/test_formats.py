"""Display formats shared by messages, sheets, documents and the terminal (fuzong_cli/formats.py)."""

from __future__ import annotations

import datetime as dt

from fuzong_cli import formats as F
from fuzong_cli.decide import money, projects, workdays
from fuzong_cli.read.values import term_end, term_last_day


def test_yuan_shows_cents_only_when_there_are_any():
    assert F.yuan(200000) == "200,000"
    assert F.yuan(200000.0) == "200,000"
    assert F.yuan(1234.5) == "1,234.50"
    assert F.yuan(8000.05) == "8,000.05"
    # float noise in a sum is not cents (0.1 + 0.2 adds up to 0.30000000000000004)
    assert F.yuan(0.1 + 0.2) == "0.30"
    assert F.yuan(sum([0.1] * 10) * 100000) == "100,000"
    assert F.yuan_with_unit(1_000_001) == "1,000,001元"


def test_capital_numerals_round_to_the_cent():
    assert F.capital(200000) == "贰拾万元整"
    assert F.capital(1_000_001) == "壹佰万零壹元整"
    assert F.capital(sum([0.1] * 10) * 100000) == "壹拾万元整"
    assert F.capital(0) == "零元整"


def test_number_format_of_an_amount_cell_follows_yuan():
    assert F.yuan_number_format(200000) == "#,##0"
    assert F.yuan_number_format(200000.0) == "#,##0"
    assert F.yuan_number_format(sum([0.1] * 10) * 100000) == "#,##0"
    assert F.yuan_number_format(8000.5) == "#,##0.00"
    assert F.yuan_number_format(None) == "#,##0"


def test_dates_and_plain_numbers():
    assert F.chinese_date(dt.date(2026, 12, 1)) == "2026年12月1日"
    assert F.plain_number(30.0) == "30"
    assert F.plain_number(29.5) == "29.5"
    assert F.plain_number(7) == "7"
    assert F.plain_number(None) == ""


def test_the_old_names_are_the_one_definition():
    """commands/ and runs/ still import these by their old names; they are the formats.py functions, not copies."""
    assert money.capital is F.capital and money.yuan is F.yuan
    assert projects.yuan is F.yuan_with_unit
    assert workdays.chinese_date is F.chinese_date


def test_term_end_and_last_day_served():
    assert term_end(dt.date(2025, 3, 1), 2) == dt.date(2027, 3, 1)
    assert term_last_day(dt.date(2025, 3, 1), 2) == dt.date(2027, 2, 28)
    assert term_end(dt.date(2024, 2, 29), 2) == dt.date(2026, 2, 28)
    assert term_last_day(dt.date(2024, 2, 29), 2) == dt.date(2026, 2, 27)
