"""How numbers, amounts and dates are written for people: one definition for messages (decide/), sheets and
documents (write/) and the terminal alike, so a renderer never imports decide/ to show a value.

- ``yuan(200000)`` → ``200,000``; ``yuan(1234.5)`` → ``1,234.50``: cents only when there are any, so float
  noise in a sum (0.1 + 0.2) never shows as ``.00`` or ``.30000000000000004``. ``yuan_with_unit`` adds 元.
- ``capital(200000)`` → ``贰拾万元整`` (大写金额, as on a voucher), rounded to the cent like ``yuan``.
- ``chinese_date(2026-12-01)`` → ``2026年12月1日`` (no leading zeros), as notices and agreements write dates.
- ``plain_number(30.0)`` → ``30``, ``plain_number(29.5)`` → ``29.5``.
"""

from __future__ import annotations

import datetime as dt
import re

#: half a fen: an amount within this of a whole yuan is shown without cents
CENT = 0.005


def is_whole_yuan(amount: float) -> bool:
    """Whether ``amount`` is a whole number of yuan (within half a fen)."""
    return abs(amount - round(amount)) <= CENT


def yuan(amount: float) -> str:
    """200000 → ``200,000``; 1234.5 → ``1,234.50``; 1000000.0000001 → ``1,000,000``."""
    return f"{round(amount):,}" if is_whole_yuan(amount) else f"{amount:,.2f}"


def yuan_with_unit(amount: float) -> str:
    """1000001 → ``1,000,001元``."""
    return f"{yuan(amount)}元"


def yuan_number_format(value: object) -> str:
    """The Excel number format of an amount cell: ``#,##0`` for whole yuan, ``#,##0.00`` when it has cents
    (8,000.50 stays 8,000.50), as ``yuan`` writes it."""
    whole = not isinstance(value, float) or is_whole_yuan(value)
    return "#,##0" if whole else "#,##0.00"


def capital(amount: float) -> str:
    """An amount in capital Chinese numerals: 200000 → ``贰拾万元整``; 1000001 → ``壹佰万零壹元整``."""
    import cn2an  # type: ignore[import-untyped]

    return str(cn2an.an2cn(round(float(amount), 2), "rmb"))


def chinese_date(day: dt.date) -> str:
    """``2026年12月1日`` (no leading zeros)."""
    return f"{day.year}年{day.month}月{day.day}日"


def plain_number(x: float | None) -> str:
    """A number as people write it: 30, 29.5, never 30.0; ``None`` → ``""``."""
    if x is None:
        return ""
    return str(int(x)) if float(x).is_integer() else f"{x:g}"


#: how a number the source does not give is shown wherever it reaches the user
DEFAULT_LABEL = "默认值（政策未规定）"


# -- text as XML (so every sheet and document) can carry it ----------------------------------------------------

ILLEGAL_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def xml_safe(text: str) -> str:
    """Drop the characters XML 1.0 (so Excel, WPS, Word and openpyxl) cannot carry: control characters other
    than tab and line breaks, lone surrogates, U+FFFE/U+FFFF. Every sheet cell, title and header goes through it."""
    return ILLEGAL_XML.sub("", text)


def xml_safe_keeping_breaks(text: str) -> str:
    """``xml_safe``, but a vertical tab (a manual line break pasted from Word) becomes a line break instead of
    being dropped: for text from an input cell laid out in a document or a list (agreements, publicity)."""
    return ILLEGAL_XML.sub("", text.replace("\x0b", "\n"))


# -- the placeholders of fuzong's .docx templates --------------------------------------------------------------

#: context keys of a document's title and date (its core properties), beside the fields of a pair
DOC_TITLE, DOC_DATE = "_文档标题", "_文档日期"


def field_key(name: str) -> str:
    """A field name usable as a placeholder: ``县（市、区）`` → ``县市区`` (jinja names allow no brackets)."""
    return re.sub(r"\W", "", name)
