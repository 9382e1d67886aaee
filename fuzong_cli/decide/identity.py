"""One definition of "the same person" and "the same enterprise", used wherever rows are matched.

Person: the 身份证号 when the row has one; else 姓名 + 工作单位. Enterprise: the 统一社会信用代码; else 企业名称.
Names are compared after normalising what people type differently for the same thing: full-/half-width
characters (``（`` / ``(``, ``Ａ`` / ``A``), spaces anywhere, letter case. So ``河南师范大学(化学学院)`` and
``河南师范大学（化学学院）`` are one unit, and an expert typed both ways is one person (paid once).

validate/ingest (duplicates), evaluate (same person twice in a year, history, the term's earlier years),
terms and projects use these functions; nothing else defines identity.
"""

from __future__ import annotations

import unicodedata
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


def person_key(row: Any) -> str:
    """``id:<身份证号>``, else ``name:<姓名>|<工作单位>`` (normalised). Works on a Record or a dict.

    Only something that can be an ID number (15 or more characters) identifies: 无 / 待补 typed in the ID
    column of two different people must not make them one person."""
    ident = norm_id(_get(row, "身份证号"))
    if len(ident) >= 15:
        return f"id:{ident}"
    return f"name:{norm_name(_get(row, '姓名'))}|{norm_name(_get(row, '工作单位'))}"


def name_unit(row: Any) -> tuple[str, str]:
    """(姓名, 工作单位) normalised: the weak identity of a person."""
    return norm_name(_get(row, "姓名")), norm_name(_get(row, "工作单位"))


def enterprise_key(row: Any) -> str:
    """``code:<统一社会信用代码>``, else ``name:<企业名称>`` (normalised); ``""`` when neither is filled."""
    code = norm_id(_get(row, "统一社会信用代码"))
    if code:
        return f"code:{code}"
    name = norm_name(_get(row, "企业名称"))
    return f"name:{name}" if name else ""


def enterprise_keys(row: Any) -> list[str]:
    """Every key an enterprise can be found by: its credit code and its name (normalised)."""
    keys = []
    code = norm_id(_get(row, "统一社会信用代码"))
    if code:
        keys.append(f"code:{code}")
    name = norm_name(_get(row, "企业名称"))
    if name:
        keys.append(f"name:{name}")
    return keys


def same_enterprise(a: Any, b: Any) -> bool:
    """Same credit code when both have one, else same (normalised) name; unknown counts as the same."""
    ca, cb = norm_id(_get(a, "统一社会信用代码")), norm_id(_get(b, "统一社会信用代码"))
    if ca and cb:
        return ca == cb
    na, nb = norm_name(_get(a, "企业名称")), norm_name(_get(b, "企业名称"))
    return not (na and nb) or na == nb
