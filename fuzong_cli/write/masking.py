"""Personal data out of public outputs: every resident ID number (18 or 15 digits) and mobile phone number in
free text is masked, whatever column it was typed in (备注, 姓名 ``王五330302197705120211``, 工作单位…).

The one function every public output goes through: the 公示名单 workbook and 公示通知, agreement file names,
terminal lines (SPEC §6, §9). The masks are those of SPEC §6: ``330302********1234`` and ``138****5678``.
"""

from __future__ import annotations

import re

from fuzong_cli.read.values import mask_id, mask_phone

_DAY = r"(?:0[1-9]|[12][0-9]|3[01])"
_MONTH = r"(?:0[1-9]|1[0-2])"
#: an 18-digit ID: 6-digit division (provinces 11–82), birth date 19xx/20xx, 3-digit sequence, check digit
_ID18 = rf"[1-8][0-9]{{5}}(?:19|20)[0-9]{{2}}{_MONTH}{_DAY}[0-9]{{3}}[0-9Xx]"
#: a 15-digit (first-generation) ID: division, YYMMDD, sequence
_ID15 = rf"[1-8][0-9]{{5}}[0-9]{{2}}{_MONTH}{_DAY}[0-9]{{3}}"
#: an 11-digit mainland mobile number, optionally +86 / 86 in front and written 138-1234-5678 or 138 1234 5678
_PHONE = r"(?:\+?86[- ]?)?1[3-9][0-9](?:[- ]?[0-9]{4}){2}"
_PATTERN = re.compile(rf"(?<![0-9])(?:(?P<id>{_ID18}|{_ID15})|(?P<phone>{_PHONE}))(?![0-9])")
#: full-width digits and letters are matched like half-width ones (a county may type ３３０３…)
_HALF = str.maketrans({chr(0xFF10 + i): str(i) for i in range(10)} | {"Ｘ": "X", "ｘ": "x", "＋": "+"})


def mask_personal(text: str, in_filename: bool = False) -> str:
    """``text`` with every ID number and mobile number masked (``in_filename``: removed, since ``*`` cannot
    appear in a Windows file name). Anything else is returned unchanged, character for character."""
    if not text or not isinstance(text, str):
        return text
    probe = text.translate(_HALF)
    if not any(ch.isdigit() for ch in probe):
        return text
    out: list[str] = []
    last = 0
    for found in _PATTERN.finditer(probe):
        start, end = found.span()
        out.append(text[last:start])
        last = end
        if in_filename:
            continue
        digits = re.sub(r"[^0-9Xx]", "", found.group())
        out.append(mask_id(digits) if found.group("id") else mask_phone(digits[-11:]))
    if not out:
        return text
    out.append(text[last:])
    return "".join(out)


def has_personal(text: str) -> bool:
    """Whether ``text`` holds an ID number or a mobile number."""
    return bool(text) and isinstance(text, str) and _PATTERN.search(text.translate(_HALF)) is not None
