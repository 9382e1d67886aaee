"""One definition of "the same person" and "the same enterprise", used wherever rows are matched.

Person: the 身份证号 when the row has one; else 姓名 + 工作单位. Enterprise: the 统一社会信用代码; else 企业名称.
Names are compared after normalising what people type differently for the same thing: full-/half-width
characters (``（`` / ``(``, ``Ａ`` / ``A``), spaces anywhere, letter case. So ``河南师范大学(化学学院)`` and
``河南师范大学（化学学院）`` are one unit, and an expert typed both ways is one person (paid once).

Only something that can be an ID number (15 or more characters) identifies a person: 无 / 待补 typed in the
ID column of two different people must not make them one person (``person_id``).

validate/ingest (duplicates, the history ban), evaluate (same person twice in a year, history, the term's
earlier years), terms, projects, match (the 意向 and 股东 names, the rows of an edited 配对结果 given to
--locked) and quota (what a county collected) use these functions; nothing else defines identity.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from typing import Any


def norm_name(text: Any) -> str:
    """A person, unit or enterprise name as compared: NFKC (full-width → half-width), no spaces,
    brackets as full-width （）, lower case. ``None`` → ``""``."""
    if text is None:
        return ""
    s = unicodedata.normalize("NFKC", str(text))
    s = "".join(s.split())
    return s.replace("(", "（").replace(")", "）").lower()


def norm_id(text: Any) -> str:
    """An ID number or credit code as compared: half-width, no spaces, upper case (``x`` → ``X``)."""
    if text is None:
        return ""
    return "".join(unicodedata.normalize("NFKC", str(text)).split()).upper()


def _get(row: Any, name: str) -> Any:
    if hasattr(row, "get"):
        value = row.get(name)
    else:
        value = getattr(row, "values", {}).get(name)
    return None if value in ("", []) else value


def person_id(row: Any) -> str:
    """The 身份证号 as compared (``norm_id``) when it can be an ID number (15 or more characters), else ``""``."""
    ident = norm_id(_get(row, "身份证号"))
    return ident if len(ident) >= 15 else ""


def person_name(row: Any) -> str:
    """The person's name as compared: 姓名, else 专家姓名 (as a 配对结果 names the expert)."""
    return norm_name(_get(row, "姓名") or _get(row, "专家姓名"))


def name_unit(row: Any) -> tuple[str, str]:
    """(姓名, 工作单位) normalised: the weak identity of a person."""
    return norm_name(_get(row, "姓名")), norm_name(_get(row, "工作单位"))


def weak_person_key(row: Any) -> str:
    """``name:<姓名>|<工作单位>`` (normalised), whether or not the row has an ID number."""
    name, unit = name_unit(row)
    return f"name:{name}|{unit}"


def person_key(row: Any) -> str:
    """``id:<身份证号>`` (``person_id``), else ``weak_person_key``. Works on a Record or a dict."""
    ident = person_id(row)
    return f"id:{ident}" if ident else weak_person_key(row)


def same_person(a: Any, b: Any) -> bool:
    """The same ID number when both rows have one, else the same name (``person_name``; no unit: a ledger or
    a 配对结果 row and a budget's 牵头人 need not name it alike)."""
    ida, idb = person_id(a), person_id(b)
    if ida and idb:
        return ida == idb
    return person_name(a) == person_name(b)


def names_match(a: str, b: str) -> bool:
    """Two normalised (``norm_name``) unit or enterprise names are one: equal, or one contains the other and the
    shorter has at least 4 characters (温州大学 / 温州大学化学学院; a shortened enterprise name)."""
    if not a or not b:
        return False
    if a == b:
        return True
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    return len(short) >= 4 and short in long_


def enterprise_code(row: Any) -> str:
    """The 统一社会信用代码 as compared (``norm_id``); ``""`` when blank."""
    return norm_id(_get(row, "统一社会信用代码"))


def enterprise_name(row: Any) -> str:
    """The 企业名称 as compared (``norm_name``); ``""`` when blank."""
    return norm_name(_get(row, "企业名称"))


def enterprise_key(row: Any) -> str:
    """``code:<统一社会信用代码>``, else ``name:<企业名称>`` (normalised); ``""`` when neither is filled."""
    keys = enterprise_keys(row)
    return keys[0] if keys else ""


def enterprise_keys(row: Any) -> list[str]:
    """Every key an enterprise can be found by: its credit code and its name (normalised)."""
    code, name = enterprise_code(row), enterprise_name(row)
    return [key for key in (f"code:{code}" if code else "", f"name:{name}" if name else "") if key]


def same_enterprise(a: Any, b: Any) -> bool:
    """Same credit code when both have one, else same (normalised) name; unknown counts as the same."""
    ca, cb = enterprise_code(a), enterprise_code(b)
    if ca and cb:
        return ca == cb
    na, nb = enterprise_name(a), enterprise_name(b)
    return not (na and nb) or na == nb


def find_enterprise(row: Any, records: Sequence[Any]) -> Any:
    """The first of ``records`` that is the enterprise ``row`` names: the same 统一社会信用代码 when the row has
    one and a record has it, else the same 企业名称; None when there is none."""
    code = norm_id(_get(row, "统一社会信用代码"))
    if code:
        hits = [r for r in records if norm_id(_get(r, "统一社会信用代码")) == code]
        if hits:
            return hits[0]
    name = norm_name(_get(row, "企业名称"))
    return next((r for r in records if norm_name(_get(r, "企业名称")) == name), None)


def persons_named(name: Any, unit: Any, records: Sequence[Any]) -> list[Any]:
    """The rows of ``records`` whose 姓名 is ``name``, narrowed to those whose 工作单位 is ``unit`` when it is
    given and some have it (normalised). Several rows may still be one person: group them by ``person_key``."""
    wanted = norm_name(name)
    hits = [r for r in records if norm_name(_get(r, "姓名")) == wanted]
    where = norm_name(unit)
    if where:
        hits = [r for r in hits if norm_name(_get(r, "工作单位")) == where] or hits
    return hits
