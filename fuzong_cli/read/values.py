"""Pure value normalisation: dates, numbers, yes/no, lists, ID numbers, credit codes, titles, degrees.

Every function takes one cell as the reader got it (str, int, float, bool, datetime, date, time or None) and
returns a plain value, plus — where the cell can be wrong — a ``problem`` in plain Chinese a clerk understands
and a ``review`` flag (the value was read but a human must look: two-digit years, old 15-digit IDs).
An empty cell is never a problem here: whether a field is required is the caller's business.

Problem texts never repeat an ID number or phone number (personal data stays out of messages).
No file I/O except loading ``data/titles.toml`` once.
"""

from __future__ import annotations

import calendar
import functools
import math
import re
import tomllib
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from importlib import resources
from typing import Any, Literal

Precision = Literal["day", "month", "year"]

# ---------------------------------------------------------------------------------------------------------
# text


# What `to_halfwidth` converts (U+FF01–U+FF5E and U+3000): full-width digits ０-９, latin letters Ａ-Ｚ ａ-ｚ,
# the ideographic space, and the symbols that occur inside numbers, dates and codes: ＂＃＄％＆＇＊＋－．／＝＠＼＿.
# Left alone, because they are ordinary Chinese punctuation in names and text: （）［］｛｝，：；！？｜～＜＞＾｀
# (and 、【】《》“”, which are outside that block anyway). So 县（市、区） keeps its brackets.
_FULLWIDTH_KEEP = set("（）［］｛｝，：；！？｜～＜＞＾｀")
_HALFWIDTH_TABLE: dict[int, str] = {0x3000: " "}
for _code in range(0xFF01, 0xFF5F):
    _char = chr(_code)
    if _char not in _FULLWIDTH_KEEP:
        _HALFWIDTH_TABLE[_code] = chr(_code - 0xFEE0)
del _code, _char

_EMPTY_MARKS = {"", "/", "-", "—", "——", "－", "\\", "--", "---", "—/—", "n/a", "na", "none", "null", "nan"}


def to_halfwidth(s: str) -> str:
    """Full-width digits, latin letters, space and number symbols → ASCII (see ``_HALFWIDTH_TABLE``).

    ``"３３０３ＡＢ．１２"`` → ``"3303AB.12"``; ``"县（市、区）"`` stays as it is.
    """
    return s.translate(_HALFWIDTH_TABLE)


_WS = re.compile(r"[\s\u3000\xa0\u200b\ufeff]+")


def one_line_text(v: Any) -> str:
    """The cell as text: stripped, inner runs of whitespace (also \\u3000, \\xa0, line breaks) → one space.

    ``None`` and NaN → ``""``; a whole float such as ``2023.0`` → ``"2023"``.
    """
    if v is None:
        return ""
    if isinstance(v, float):
        if math.isnan(v):
            return ""
        if v.is_integer() and abs(v) < 1e15:
            return str(int(v))
    return _WS.sub(" ", str(v)).strip()


def _is_empty_mark(s: str) -> bool:
    return s.strip().lower() in _EMPTY_MARKS


def _is_digits(s: str) -> bool:
    """ASCII digits only (str.isdigit would also accept other scripts' digits)."""
    return bool(s) and s.isascii() and s.isdigit()


def _is_number(v: Any) -> bool:
    return isinstance(v, int | float) and not isinstance(v, bool)


# ---------------------------------------------------------------------------------------------------------
# dates


@dataclass(frozen=True)
class DateValue:
    """A parsed date. ``precision`` says how much was given: "1985.03" → 1985-03-01 with precision "month"."""

    value: date | None
    precision: Precision | None = None
    problem: str | None = None
    review: bool = False


_EXCEL_EPOCH = date(1899, 12, 30)
#: Excel serial numbers accepted as dates: 1910-01-01 … 2100-12-31. Smaller numbers are not plausible dates
#: for anyone's birth, work start or an enterprise's founding, and 1900–2100 are read as years.
_SERIAL_MIN = (date(1910, 1, 1) - _EXCEL_EPOCH).days
_SERIAL_MAX = (date(2100, 12, 31) - _EXCEL_EPOCH).days
_YEAR_MIN, _YEAR_MAX = 1900, 2100
#: Two-digit years: 00–29 → 20xx, 30–99 → 19xx (the pivot Excel itself uses).
_TWO_DIGIT_PIVOT = 30

_TIME_TAIL = re.compile(r"^(.*[0-9])[T ][0-9]{1,2}:[0-9]{2}(:[0-9]{2}(\.[0-9]+)?)?$")
_DATE_PATTERNS: list[tuple[re.Pattern[str], Precision]] = [
    (re.compile(r"^([0-9]{4}|[0-9]{2})[.\-/年]([0-9]{1,2})[.\-/月]([0-9]{1,2})[日号]?$"), "day"),
    (re.compile(r"^([0-9]{4}|[0-9]{2})[.\-/年]([0-9]{1,2})月?$"), "month"),
    (re.compile(r"^([0-9]{4})([0-9]{2})([0-9]{2})$"), "day"),
    (re.compile(r"^([0-9]{4})([0-9]{2})$"), "month"),
    (re.compile(r"^([0-9]{4})年?$"), "year"),
    (re.compile(r"^([0-9]{2})年$"), "year"),
]


def _empty_date() -> DateValue:
    return DateValue(None)


def parse_date(v: Any) -> DateValue:
    """Read a date cell: Excel date cells, Excel serial numbers and the usual spellings.

    Accepted: ``date``/``datetime``; serials 3654–73415 (1910–2100, 1900 date system); the numbers Excel makes
    of what was typed (``19850312``, ``198503``, ``1985`` as a year, ``1985.03`` as year.month — ``1985.1``
    could have been typed ``1985.10`` and needs review); strings ``1985.03``, ``1985.3.12``, ``1985/03/12``,
    ``1985-03``, ``1985-03-12``, ``1985年3月``, ``1985年3月12日``, ``19850312``, ``198503``, ``1985``,
    ``1985-03-12 00:00:00``, full-width digits. Month precision → day 1, year precision → 1 January.
    Two-digit years (``85.03``) get a 19xx/20xx value, ``review=True`` and a problem.
    Empty cells and ``/``, ``—`` → value None, no problem.
    """
    if v is None:
        return _empty_date()
    if isinstance(v, datetime):
        return DateValue(v.date(), "day")
    if isinstance(v, date):
        return DateValue(v, "day")
    if isinstance(v, time):
        return DateValue(None, None, "这一格是时间，不是日期，请填写年月日")
    if isinstance(v, bool):
        return DateValue(None, None, f"“{v}”不是日期")
    if isinstance(v, int | float):
        return _date_from_number(v)
    text = to_halfwidth(one_line_text(v))
    if _is_empty_mark(text) or text == "无":
        return _empty_date()
    return _date_from_text(text)


def _date_from_number(v: float) -> DateValue:
    if isinstance(v, float) and (math.isnan(v) or math.isinf(v)):
        return _empty_date()
    if float(v).is_integer():
        n = int(v)
        if 19000101 <= n <= 21001231 or 190001 <= n <= 210012 or _YEAR_MIN <= n <= _YEAR_MAX:
            return _date_from_text(str(n))
        if _SERIAL_MIN <= n <= _SERIAL_MAX:
            return DateValue(_EXCEL_EPOCH + timedelta(days=n), "day")
        return DateValue(None, None, f"数字“{n}”不像日期，请写成 1985-03-12 或 1985.03 的样子")
    # A number with a fraction: what Excel made of "1985.03" or "85.03" typed in a General cell.
    shown = repr(float(v))
    if _YEAR_MIN <= v < _YEAR_MAX + 1 or 0 < v < 100:
        result = _date_from_text(shown)
        if result.value is not None and re.fullmatch(r"[0-9]+\.1", shown):
            note = f"“{shown}”可能是{result.value.year}年1月，也可能是10月（Excel 会把 {shown}0 存成 {shown}），需人工核对"
            return DateValue(result.value, result.precision, _join(result.problem, note), True)
        return result
    if _SERIAL_MIN <= v <= _SERIAL_MAX:  # a date-time serial
        return DateValue(_EXCEL_EPOCH + timedelta(days=int(v)), "day")
    return DateValue(None, None, f"数字“{shown}”不像日期，请写成 1985-03-12 或 1985.03 的样子")


def _join(a: str | None, b: str) -> str:
    return f"{a}；{b}" if a else b


def _date_from_text(text: str) -> DateValue:
    compact = re.sub(r"\s+", "", text).rstrip(".")
    tail = _TIME_TAIL.match(compact) or _TIME_TAIL.match(text.strip())
    if tail:
        compact = re.sub(r"\s+", "", tail.group(1))
    for pattern, precision in _DATE_PATTERNS:
        m = pattern.match(compact)
        if m:
            return _build_date(text, m.groups(), precision)
    return DateValue(None, None, f"无法识别日期“{text}”，请写成 1985-03-12 或 1985.03 的样子")


def _build_date(text: str, parts: tuple[str | Any, ...], precision: Precision) -> DateValue:
    year_text = parts[0]
    year = int(year_text)
    two_digit = len(year_text) == 2
    if two_digit:
        year += 2000 if year < _TWO_DIGIT_PIVOT else 1900
    month = int(parts[1]) if precision in ("day", "month") else 1
    day = int(parts[2]) if precision == "day" else 1
    if not _YEAR_MIN <= year <= _YEAR_MAX:
        return DateValue(None, None, f"日期“{text}”的年份不对（应在 {_YEAR_MIN}–{_YEAR_MAX} 年之间）")
    if not 1 <= month <= 12:
        return DateValue(None, None, f"日期“{text}”不存在：月份应在 1–12 之间")
    last = calendar.monthrange(year, month)[1]
    if not 1 <= day <= last:
        return DateValue(None, None, f"日期“{text}”不存在：{year}年{month}月只有{last}天")
    value = date(year, month, day)
    if two_digit:
        return DateValue(value, precision, f"两位年份“{text}”无法确定世纪，需人工核对", True)
    return DateValue(value, precision)


# ---------------------------------------------------------------------------------------------------------
# numbers


@dataclass(frozen=True)
class NumberValue:
    """A parsed number. ``unit`` is the unit written after it, normalised: "天" (天/日), "月" (月/个月),
    "年", "%", "元" (元, and 万元 with the value ×10000), or the count word (次/项/个/件/人/篇/家/名), else None.
    """

    value: float | None
    problem: str | None = None
    unit: str | None = None


_UNITS: list[tuple[str, str, float]] = [  # written suffix, normalised unit, factor — longest first
    ("万元/月", "元/月", 10000.0),
    ("元/月", "元/月", 1.0),
    ("元每月", "元/月", 1.0),
    ("元/年", "元/年", 1.0),
    ("万元", "元", 10000.0),
    ("个月", "月", 1.0),
    ("人次", "次", 1.0),
    ("元", "元", 1.0),
    ("天", "天", 1.0),
    ("日", "天", 1.0),
    ("月", "月", 1.0),
    ("年", "年", 1.0),
    ("%", "%", 1.0),
    ("％", "%", 1.0),
    ("万", "", 10000.0),
    *((w, w, 1.0) for w in ("次", "项", "个", "件", "人", "篇", "家", "名", "分")),
]
_VAGUE = re.compile(r"^(约|大约|大概|近|超过|不少于|不低于|至少|>|<|≥|≤|>=|<=)|(左右|以上|以下|多|余|\+)$")
_NUMBER = re.compile(r"^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)$")
_THOUSANDS = re.compile(r"^[+-]?[0-9]{1,3}([,，][0-9]{3})+(\.[0-9]+)?$")
_CN_NUMERAL = re.compile(r"^[零〇一二两三四五六七八九十百千万点]+$")
_ZERO_WORDS = {"无", "没有", "零", "〇"}


def parse_number(v: Any) -> NumberValue:
    """Read a number cell: ``45``, ``45天``, ``3个月``, ``1,000``, ``１０``, ``12.5%``, ``1.5万元``, ``十五天``.

    ``无`` / ``没有`` → 0 (counts and days: "none" is zero). Empty, ``/``, ``-``, ``—`` → None, no problem.
    Vague amounts (``约30``, ``30左右``, ``30多``) and ranges are problems with value None — a rule must not
    count a guess. Negative numbers are returned as they are (the rules decide).
    A percent cell Excel stored as 0.125 comes back as 0.125: the caller knows the column is a percent.
    """
    if v is None:
        return NumberValue(None)
    if isinstance(v, bool):
        return NumberValue(None, f"“{v}”不是数字")
    if isinstance(v, int | float):
        if isinstance(v, float) and (math.isnan(v) or math.isinf(v)):
            return NumberValue(None)
        return NumberValue(float(v))
    if isinstance(v, date | time):
        return NumberValue(None, f"“{one_line_text(v)}”是日期或时间，不是数字")
    shown = one_line_text(v)
    text = re.sub(r"\s+", "", to_halfwidth(shown))
    if _is_empty_mark(text):
        return NumberValue(None)
    if text in _ZERO_WORDS:
        return NumberValue(0.0)
    unit: str | None = None
    factor = 1.0
    for suffix, normal, mult in _UNITS:
        if text.endswith(suffix) and len(text) > len(suffix):
            text, unit, factor = text[: -len(suffix)], (normal or None), mult
            break
    if _VAGUE.search(text):
        return NumberValue(None, f"“{shown}”不是确切的数字，请填写具体数字")
    if _THOUSANDS.match(text):
        text = re.sub(r"[,，]", "", text)
    if _NUMBER.match(text):
        return NumberValue(float(text) * factor, None, unit)
    if _CN_NUMERAL.match(text):
        number = _chinese_number(text)
        if number is not None:
            return NumberValue(number * factor, None, unit)
    if re.match(r"^[0-9]+(\.[0-9]+)?[-~～至到][0-9]+(\.[0-9]+)?$", text):
        return NumberValue(None, f"“{shown}”是一个范围，请填写一个具体数字")
    return NumberValue(None, f"“{shown}”不是数字，请只填写数字（可带单位，如 45天、3个月）")


def _chinese_number(text: str) -> float | None:
    import cn2an  # type: ignore[import-untyped]  # small; imported only when a Chinese numeral is seen

    try:
        return float(cn2an.cn2an(text, "normal"))
    except (ValueError, KeyError, TypeError, IndexError):
        return None


# ---------------------------------------------------------------------------------------------------------
# yes / no

# fmt: off
_TRUE_WORDS = {"是", "有", "√", "✓", "✔", "☑", "y", "yes", "1", "true", "t", "对", "已提交", "已交", "已", "提交"}
_FALSE_WORDS = {"否", "无", "没有", "不是", "×", "✗", "✘", "x", "☒", "n", "no", "0", "false", "f", "错",
                "未提交", "未交", "未", "不"}
# fmt: on


_UNSURE_PREFIXES = (
    "不详",
    "未知",
    "不清楚",
    "不确定",
    "不明",
    "待",
    "已撤",
    "已移出",
    "已修复",
    "已解除",
    "已消除",
)
_FALSE_PREFIXES = ("暂无", "无", "没有", "未", "不", "否")
_TRUE_PREFIXES = ("有", "已", "是")
_PHRASE_MAX = 10


def parse_bool_checked(v: Any, phrases: bool = False) -> tuple[bool | None, str | None]:
    """Read a yes/no cell: 是/否/有/无/√/×/✓/✗/Y/N/yes/no/1/0/True/False/对/错/已提交/未提交.

    A word followed by a note counts as the word (``有（发明专利2项）`` → True, ``无，已核实`` → False).
    With ``phrases`` (a yes/no column of a form), short phrases count too: 暂无, 无不良记录, 未发现, 未完成 → False;
    有1项, 已完成 → True; 不详, 未知, 待定, 已撤销 → a problem. Free text (代表性成果 ``无人机控制…``) is not read
    that way. Empty, ``/``, ``—`` → (None, None). Anything else → (None, problem).
    """
    if v is None:
        return None, None
    if isinstance(v, bool):
        return v, None
    if _is_number(v):
        if v == 1:
            return True, None
        if v == 0:
            return False, None
        if isinstance(v, float) and math.isnan(v):
            return None, None
        return None, f"“{one_line_text(v)}”不是“是/否”，请填写 是 或 否"
    shown = one_line_text(v)
    text = to_halfwidth(shown).strip().lower()
    if text in ("-", "/", "—", "——", "") or text in ("n/a", "nan", "none"):
        return None, None
    if _NUMBER.match(text) and float(text) in (0.0, 1.0):
        return float(text) == 1.0, None
    for candidate in (text, re.split(r"[\s(（,，;；。:：、]", text, maxsplit=1)[0]):
        if candidate in _TRUE_WORDS:
            return True, None
        if candidate in _FALSE_WORDS:
            return False, None
    head = re.split(r"[\s(（,，;；。:：、]", text, maxsplit=1)[0]
    # a short phrase that says yes or no: 暂无, 无不良记录, 未发现, 有1项, 已授权 (only in a yes/no column)
    if phrases and 1 < len(head) <= _PHRASE_MAX:
        # 不详, 未知, 已撤销 (a record that was, and is no more): a person looks
        if head.startswith(_UNSURE_PREFIXES):
            return None, f"“{shown}”没有明确回答“是/否”，请核对后填写 是 或 否"
        if head.startswith(_FALSE_PREFIXES):
            return False, None
        if head.startswith(_TRUE_PREFIXES) and not head.startswith(("有无", "是否")):
            return True, None
    return None, f"“{shown}”不是“是/否”，请填写 是 或 否"


def parse_bool(v: Any) -> bool | None:
    """``parse_bool_checked`` without the problem: unreadable → None."""
    return parse_bool_checked(v)[0]


# ---------------------------------------------------------------------------------------------------------
# lists

_LIST_SEPARATORS = set("、,，;；/／|｜\n\r\t \u3000\xa0")
_OPEN, _CLOSE = "（(【[", "）)】]"


def parse_list(v: Any) -> list[str]:
    """Split a list cell on 、,，;；/ and whitespace; strip, drop empties, keep order, drop repeats.

    Separators inside brackets do not split: ``高新技术企业（省级、国家级）`` stays one item.
    """
    if v is None:
        return []
    if isinstance(v, list | tuple):
        items = [one_line_text(x) for x in v]
    else:
        text = one_line_text(v) if not isinstance(v, str) else v
        items = []
        current: list[str] = []
        depth = 0
        for ch in text:
            if ch in _OPEN:
                depth += 1
            elif ch in _CLOSE and depth:
                depth -= 1
            if ch in _LIST_SEPARATORS and depth == 0:
                items.append("".join(current))
                current = []
            else:
                current.append(ch)
        items.append("".join(current))
    out: list[str] = []
    for item in items:
        item = one_line_text(item)
        if item and item not in out:
            out.append(item)
    return out


# ---------------------------------------------------------------------------------------------------------
# 居民身份证号 (GB 11643)

ID_LOST = "身份证号被 Excel 存成了数字，末几位已丢失"
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
# Excel's display of a long number: 3.30302198503121E+17 (a decimal point or an exponent sign; a plain
# "…E0" can be a real credit code)
_SCI = re.compile(r"^[+-]?[0-9]+(\.[0-9]+[eE][+-]?|[eE][+-])[0-9]+$")


@dataclass(frozen=True)
class IdValue:
    """A checked ID number. ``value`` is the cleaned text (upper-case X, no spaces), or the text as shown when
    Excel mangled it. ``birth`` and ``sex`` ("男"/"女") come from the number when it is structurally sound."""

    value: str
    birth: date | None = None
    sex: Literal["男", "女"] | None = None
    problem: str | None = None
    review: bool = False


def id_check_char(first17: str) -> str:
    """GB 11643 check character for the first 17 digits."""
    total = sum(int(c) * w for c, w in zip(first17, _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11]


def _code_text(v: Any) -> str:
    """An ID number or credit code as typed, cleaned: half-width, no spaces or dashes, no leading ' or `
    (Excel's text mark), upper case; ``""`` for a blank or an empty mark (/, —, n/a)."""
    text = re.sub(r"[\s\-]+", "", to_halfwidth(one_line_text(v))).lstrip("'`").upper()
    return "" if _is_empty_mark(text) else text


def _numeric_shown(v: float) -> str:
    """A number as Excel shows it in a General cell with 15 significant digits."""
    if float(v).is_integer() and abs(v) < 1e15:
        return str(int(v))
    return f"{float(v):.15G}"


def check_id_number(v: Any, as_of: date | None = None) -> IdValue:
    """Check a 居民身份证号 by GB 11643: 18 characters, a real birth date (≥ 1900, not after ``as_of``,
    default today) and the check character. The region code is NOT checked against a list: real IDs carry
    codes of divisions created or renamed since. 15-digit old numbers: birth 19YYMMDD, no check character,
    ``review=True``. A number cell (or its ``3.30302198503121E+17`` text) has lost digits: problem, never a guess.
    """
    if v is None:
        return IdValue("")
    if _is_number(v):
        if isinstance(v, float) and math.isnan(v):
            return IdValue("")
        if float(v).is_integer() and abs(v) < 1e15:
            v = str(int(v))  # up to 15 digits Excel keeps every digit: an old ID may be intact
        else:
            return IdValue(_numeric_shown(v) if isinstance(v, float) else str(v), problem=ID_LOST)
    text = _code_text(v)
    if not text:
        return IdValue("")
    if _SCI.match(text) or re.fullmatch(r"[0-9]{16,}\.0*", text):
        return IdValue(text, problem=ID_LOST)
    if re.fullmatch(r"[0-9]{15}\.0*", text):
        text = text.split(".")[0]
    today = as_of or date.today()
    if len(text) == 15:
        if not _is_digits(text):
            return IdValue(text, problem="15位的旧身份证号应全是数字")
        birth = _id_birth("19" + text[6:12], today)
        if birth is None:
            return IdValue(text, problem="身份证号第7–12位不是有效的出生日期")
        return IdValue(
            text, birth, _sex(text[14]), "这是15位的旧身份证号，无法校验，请核对或换成18位新号", True
        )
    if len(text) != 18:
        return IdValue(text, problem=f"身份证号应为18位，现为{len(text)}位")
    if not (_is_digits(text[:17]) and (_is_digits(text[17]) or text[17] == "X")):
        return IdValue(text, problem="身份证号前17位应全是数字，最后一位是数字或X")
    birth = _id_birth(text[6:14], today)
    if birth is None:
        return IdValue(text, problem="身份证号第7–14位不是有效的出生日期")
    sex = _sex(text[16])
    if id_check_char(text[:17]) != text[17]:
        return IdValue(text, birth, sex, "身份证号校验码不对，可能有数字抄错了，请核对原件")
    return IdValue(text, birth, sex)


def _id_birth(yyyymmdd: str, today: date) -> date | None:
    try:
        birth = date(int(yyyymmdd[:4]), int(yyyymmdd[4:6]), int(yyyymmdd[6:8]))
    except ValueError:
        return None
    if birth.year < 1900 or birth > today:
        return None
    return birth


def _sex(digit: str) -> Literal["男", "女"]:
    return "男" if int(digit) % 2 else "女"


# ---------------------------------------------------------------------------------------------------------
# 统一社会信用代码 (GB 32100)

USCC_LOST = "统一社会信用代码被 Excel 存成了数字，可能已丢失字符"
_USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


@dataclass(frozen=True)
class UsccValue:
    """A checked credit code. ``division``: characters 3–8, the registering authority's division code."""

    value: str
    division: str | None = None
    problem: str | None = None


def uscc_check_char(first17: str) -> str:
    """GB 32100 check character for the first 17 characters.

    Written here rather than taken from stdnum.cn.uscc, whose format check wrongly requires characters 1–2
    to be digits (GB 32100 allows letters there: N2… for 农村集体经济组织, Y1… etc.). Same arithmetic.
    """
    total = sum(_USCC_ALPHABET.index(c) * w for c, w in zip(first17, _USCC_WEIGHTS, strict=True))
    return _USCC_ALPHABET[(31 - total % 31) % 31]


def check_uscc(v: Any) -> UsccValue:
    """Check a 统一社会信用代码 by GB 32100: 18 characters from 0-9 and A–Y without I O S V Z, characters 3–8
    digits, and the check character. Lower case is upper-cased; full-width and spaces are cleaned."""
    if v is None:
        return UsccValue("")
    if _is_number(v):
        if isinstance(v, float) and math.isnan(v):
            return UsccValue("")
        return UsccValue(_numeric_shown(v) if isinstance(v, float) else str(v), problem=USCC_LOST)
    text = _code_text(v)
    if not text:
        return UsccValue("")
    if _SCI.match(text) or re.fullmatch(r"[0-9]+\.0*", text):
        return UsccValue(text, problem=USCC_LOST)
    if len(text) != 18:
        if len(text) == 15 and _is_digits(text):
            return UsccValue(text, problem="这是旧的15位工商注册号，请填写18位统一社会信用代码")
        if len(text) in (9, 10) and re.fullmatch(r"[0-9A-Z]{8}-?[0-9X]", text):
            return UsccValue(text, problem="这是旧的组织机构代码，请填写18位统一社会信用代码")
        return UsccValue(text, problem=f"统一社会信用代码应为18位，现为{len(text)}位")
    bad = [c for c in text if c not in _USCC_ALPHABET]
    if bad:
        hint = "（常见：字母O应为数字0，字母I应为数字1）" if set(bad) & set("OI") else ""
        return UsccValue(
            text, problem=f"统一社会信用代码含有不允许的字符“{''.join(dict.fromkeys(bad))}”{hint}"
        )
    division = text[2:8]
    if not _is_digits(division):
        return UsccValue(text, problem="统一社会信用代码第3–8位应是6位行政区划数字")
    if uscc_check_char(text[:17]) != text[17]:
        return UsccValue(text, division, "统一社会信用代码校验位不对，可能有字符抄错了，请核对营业执照")
    return UsccValue(text, division)


# ---------------------------------------------------------------------------------------------------------
# 职称 and 学历/学位

TITLE_LEVELS = ("正高", "副高", "中级", "初级")
DEGREE_LEVELS = ("博士", "硕士", "学士", "专科")


@functools.cache
def _titles_data() -> dict[str, Any]:
    text = resources.files("fuzong_cli.data").joinpath("titles.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


def _normal_title(s: str) -> str:
    return re.sub(r"\s+", "", to_halfwidth(s)).lower()


@functools.cache
def _title_names() -> tuple[tuple[str, str], ...]:
    table = _titles_data()["titles"]
    pairs = [(_normal_title(name), level) for level in TITLE_LEVELS for name in table.get(level, [])]
    return tuple(sorted(set(pairs), key=lambda p: (-len(p[0]), p[0])))


def title_level(title: Any) -> str | None:
    """正高 / 副高 / 中级 / 初级 for a 职称 (``data/titles.toml``), or None when unknown (→ 待复核).

    Every listed name inside the title counts, except one inside a longer match (助理研究员 ≠ 研究员) or one
    directly after a word such as 兼职/客座/拟聘; of the rest, the highest level wins.
    """
    return _title_level_of(_normal_title(one_line_text(title)))


_STATUS_END = {"", "）", ")", "]", "】", "、", ",", "，", ";", "；", "/"}


@functools.lru_cache(maxsize=4096)  # a form of 100,000 experts holds a few hundred distinct titles
def _title_level_of(text: str) -> str | None:
    if not text:
        return None
    not_a_title = [_normal_title(w) for w in _titles_data()["titles"].get("not_a_title", [])]
    spans: list[tuple[int, int, str]] = []
    for name, level in _title_names():  # longest first, so containing spans are known before contained ones
        start = text.find(name)
        while start >= 0:
            end = start + len(name)
            if not any(s <= start and end <= e for s, e, _ in spans):
                spans.append((start, end, level))
            start = text.find(name, start + 1)
    not_after = [_normal_title(w) for w in _titles_data()["titles"].get("not_after", [])]

    def pending(end: int) -> bool:  # 正高级工程师（在评）, 副教授待评 — but not 副教授（拟聘教授）
        rest = text[end:].lstrip("（([【 ")
        return any(rest.startswith(w) and rest[len(w) : len(w) + 1] in _STATUS_END for w in not_after)

    kept = [
        lvl for s, e, lvl in spans if not any(text[:s].endswith(w) for w in not_a_title) and not pending(e)
    ]
    if not kept:
        return None
    return min(kept, key=TITLE_LEVELS.index)


def degree_level(*values: Any) -> str | None:
    """The highest of 博士 > 硕士 > 学士 > 专科 found in the given 学历 / 学位 texts, or None.

    ``degree_level("研究生", "工学博士")`` → 博士; 研究生 alone → 硕士; 本科 → 学士; 大专 → 专科.
    A text saying the study is unfinished (在读, 肄业) does not count.
    """
    return _degree_level_of(tuple(_normal_title(one_line_text(x)) for x in values))


@functools.lru_cache(maxsize=4096)
def _degree_level_of(texts: tuple[str, ...]) -> str | None:
    table = _titles_data()["degrees"]
    order: list[str] = table["order"]
    unfinished = [w.lower() for w in table.get("unfinished", [])]
    found: list[str] = []
    for text in texts:
        if not text or any(w in text for w in unfinished):
            continue
        for level in order:
            if any(word.lower() in text for word in table.get(level, [])):
                found.append(level)
                break
    return min(found, key=order.index) if found else None


# ---------------------------------------------------------------------------------------------------------
# date arithmetic


def age_on(birth: date, as_of: date) -> int:
    """Age in full years (周岁) on ``as_of``. Someone born on 29 February turns a year older on 1 March in
    non-leap years. Negative when ``as_of`` is before ``birth``."""
    return full_years(birth, as_of)


def full_years(start: date, as_of: date) -> int:
    """Whole years from ``start`` to ``as_of`` (e.g. years since 参加工作时间)."""
    years = as_of.year - start.year
    if (as_of.month, as_of.day) < (start.month, start.day):
        years -= 1
    return years


def add_months(d: date, months: int) -> date:
    """``d`` plus ``months`` calendar months, the day clamped to the month's end (31 Jan + 1 → 28/29 Feb)."""
    index = d.year * 12 + (d.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(d.day, calendar.monthrange(year, month)[1]))


def add_years(d: date, years: int) -> date:
    """``d`` plus ``years`` years; 29 February → 28 February in a non-leap year."""
    return add_months(d, 12 * years)


def term_end(start: date, term_years: int) -> date:
    """The day a term of ``term_years`` years from ``start`` is 届满 (聘期结束 in terms and projects): the
    ``term_years``-th anniversary of the start (29 Feb → 28 Feb). 2025-03-01, 2 years → 2027-03-01."""
    return add_years(start, term_years)


def term_last_day(start: date, term_years: int) -> date:
    """The last day served, the day before ``term_end`` (聘期 …至…止 in an agreement; the months evaluate
    counts). 2025-03-01, 2 years → 2027-02-28."""
    return term_end(start, term_years) - timedelta(days=1)


# ---------------------------------------------------------------------------------------------------------
# masks (personal data never appears in terminal summaries or publicity outputs)


def _mask_text(v: Any) -> str:
    if _is_number(v):
        return _numeric_shown(v)
    return re.sub(r"\s+", "", to_halfwidth(one_line_text(v)))


def mask_id(s: Any) -> str:
    """``330302198503121234`` → ``330302********1234`` (first 6, a star per hidden character, last 4)."""
    text = _mask_text(s)
    if len(text) >= 11:
        return text[:6] + "*" * (len(text) - 10) + text[-4:]
    return "*" * len(text)


def mask_phone(s: Any) -> str:
    """``13812345678`` → ``138****5678`` (first 3, a star per hidden character, last 4)."""
    text = _mask_text(s)
    if len(text) >= 8:
        return text[:3] + "*" * (len(text) - 7) + text[-4:]
    return "*" * len(text)


def wrong_day_unit(name: str, raw: str) -> str | None:
    """A day count typed with another time unit (``3个月`` under 服务天数): the unit, else None.

    The reader keeps the number and drops the unit, so ``3个月`` would silently count as 3 days.
    """
    if not name.endswith("天数") or not raw:
        return None
    unit = parse_number(raw).unit
    return {"月": "月", "年": "年"}.get(unit or "")
