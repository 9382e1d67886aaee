"""Find the header row of a county form and map its headers to canonical fields (aliases in fields.toml)."""

from __future__ import annotations

import difflib
import re
import tomllib
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from typing import Any

#: how many rows from the top to search for the header row
HEADER_SEARCH_ROWS = 30

_FULL_TO_HALF = str.maketrans({chr(0xFF01 + i): chr(0x21 + i) for i in range(94)} | {"\u3000": " "})
_DROP = re.compile(r"[\s\*＊:：]+")
_NOTE = re.compile(r"[（(](必填|选填|必填项|选填项|可选|如有|多选|单选)[)）]$")


@dataclass(frozen=True)
class FieldSpec:
    name: str
    type: str
    required: bool = False
    choices: tuple[str, ...] = ()


@dataclass(frozen=True)
class KindSpec:
    kind: str
    title: str
    fields: tuple[FieldSpec, ...]
    lookup: dict  # cleaned header text -> canonical field name

    @property
    def required(self) -> list[str]:
        return [f.name for f in self.fields if f.required]

    def field(self, name: str) -> FieldSpec:
        return next(f for f in self.fields if f.name == name)


@lru_cache(maxsize=1)
def _fields_data() -> dict[str, Any]:
    with resources.files("fuzong_cli.data").joinpath("fields.toml").open("rb") as fh:
        return tomllib.load(fh)


@cache
def kind_spec(kind: str) -> KindSpec:
    data = _fields_data()
    if kind not in data:
        raise KeyError(kind)
    fields: list[FieldSpec] = []
    lookup: dict[str, str] = {}
    for entry in data[kind]["fields"]:
        spec = FieldSpec(
            name=entry["name"],
            type=entry.get("type", "text"),
            required=bool(entry.get("required", False)),
            choices=tuple(entry.get("choices", ())),
        )
        fields.append(spec)
        for text in [entry["name"], *entry.get("aliases", [])]:
            lookup.setdefault(clean_header(text), entry["name"])
    return KindSpec(kind=kind, title=data[kind].get("title", kind), fields=tuple(fields), lookup=lookup)


def known_kinds() -> list[str]:
    return list(_fields_data())


def clean_header(text: Any) -> str:
    """Header text as compared: no spaces/line breaks/``*``/colons, full-width brackets, note suffixes dropped."""
    s = str(text if text is not None else "").translate(_FULL_TO_HALF)
    s = _DROP.sub("", s)
    s = s.replace("(", "（").replace(")", "）")
    s = _NOTE.sub("", s)
    return s


def map_header(text: Any, spec: KindSpec) -> str | None:
    """The canonical field a header names, or None."""
    cleaned = clean_header(text)
    if not cleaned:
        return None
    hit = spec.lookup.get(cleaned)
    if hit:
        return hit
    # "研发投入占比（%）" / "成立日期（年月日）": drop a trailing bracketed unit or hint
    stripped = re.sub(r"（[^（）]*）$", "", cleaned)
    if stripped and stripped != cleaned:
        return spec.lookup.get(stripped)
    return None


@dataclass
class HeaderMatch:
    """Where the header is and which column holds which field."""

    row: int  # index into RawSheet.rows of the (last) header row
    columns: dict[int, str]  # column index -> canonical field
    labels: dict[int, str]  # column index -> header text as shown (group + sub for two-level headers)
    score: int
    top: int = -1  # index of the upper header row of a two-level header, else -1


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return " ".join(str(value).split())


def _merged_left(merged: list[tuple[int, int, int, int]], row: int) -> dict[int, int]:
    """For horizontally merged cells in ``row``: column -> the column holding the value."""
    owner = {}
    for r1, c1, r2, c2 in merged:
        if r1 <= row <= r2 and c2 > c1:
            for c in range(c1, c2 + 1):
                owner[c] = c1
    return owner


def find_header(rows: list[list[Any]], spec: KindSpec, merged=()) -> HeaderMatch | None:
    """The best header row within the first rows, with a second header row under merged group headers.

    A group row whose own cells name fewer than two fields (``企业基本情况`` over ``企业名称 | 统一社会信用代码``,
    ``联系人`` over ``姓名 | 电话``, ``技术需求`` merged down both rows) is found too: the two rows together are taken
    when they name more fields than either row alone.
    """
    merged = list(merged)
    singles: list[HeaderMatch] = []
    for i, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        columns: dict[int, str] = {}
        labels: dict[int, str] = {}
        for j, value in enumerate(row):
            if not isinstance(value, str):
                continue
            name = map_header(value, spec)
            if name and name not in columns.values():
                columns[j] = name
                labels[j] = _cell_text(value)
        singles.append(HeaderMatch(row=i, columns=columns, labels=labels, score=_score(columns, spec)))
    best: HeaderMatch | None = None
    for match in singles:
        if len(match.columns) >= 2 and (best is None or match.score > best.score):
            best = match
    if best is not None:
        best = _with_sub_header(rows, best, spec, merged)
    for match in singles:
        if match.row + 1 >= len(rows) or not any(rows[match.row]) or (best and best.row == match.row):
            continue
        two = _with_sub_header(rows, match, spec, merged)
        below = singles[match.row + 1].score if match.row + 1 < len(singles) else 0
        if two is not match and len(two.columns) >= 2 and two.score > below:
            if best is None or two.score > best.score:
                best = two
    return best


def _score(columns: dict[int, str], spec: KindSpec) -> int:
    return len(columns) + 2 * sum(1 for n in columns.values() if n in spec.required)


def _with_sub_header(rows, match: HeaderMatch, spec: KindSpec, merged) -> HeaderMatch:
    """Two-level headers: ``联系人`` over ``姓名 | 电话`` on the next row, the group merged across its columns or
    only typed into one of them (left, middle or right, "visually centred").

    The next row is a sub-header only when every text on it sits under a group: under a blank (or merged-over)
    upper cell next to a group's upper cell, or under that group cell itself. A data row that happens to hold
    only text (``甲公司`` under ``企业名称``) is therefore never mistaken for a header and never lost.
    """
    i = match.row
    if i + 1 >= len(rows):
        return match
    top, sub = rows[i], rows[i + 1]
    sub_texts = {j: _cell_text(v) for j, v in enumerate(sub) if isinstance(v, str) and _cell_text(v)}
    if not sub_texts or any(not isinstance(v, str) and v not in (None, "") for v in sub):
        return match
    owner = _merged_left(merged, i)

    def top_text(j: int) -> str:
        if j in owner:
            return _cell_text(top[owner[j]]) if owner[j] < len(top) else ""
        return _cell_text(top[j]) if j < len(top) else ""

    def top_is_blank(j: int) -> bool:
        return (j in owner and owner[j] != j) or j >= len(top) or not _cell_text(top[j])

    head_of: dict[int, int] = {}  # column -> the column whose upper cell names its group
    for j in sub_texts:
        if not top_is_blank(j):
            continue
        if j in owner and top_text(j):
            head_of[j] = owner[j]
            continue
        for step in (-1, 1):  # the nearest group cell to the left, else to the right
            k = j + step
            while 0 <= k < len(sub) and top_is_blank(k) and k in sub_texts:
                k += step
            if 0 <= k < len(sub) and k in sub_texts and not top_is_blank(k) and top_text(k):
                head_of[j] = k
                break
    if not head_of:
        return match
    for k in set(head_of.values()):
        head_of.setdefault(k, k)
    if any(j not in head_of for j in sub_texts):
        return match  # text under a single-level column or under no group: a data row, not a header
    filled_under_fields = [j for j in match.columns if j in sub_texts]
    if len(filled_under_fields) * 2 >= len(match.columns) and len(head_of) * 2 < len(match.columns):
        return match
    grouped = set(head_of) | {j for j in owner if owner[j] in head_of.values()}
    columns = {j: n for j, n in match.columns.items() if j not in grouped}
    labels = {j: t for j, t in match.labels.items() if j not in grouped}
    members: dict[int, list[int]] = {}
    for j in sorted(head_of):
        members.setdefault(head_of[j], []).append(j)
    for head, cols in sorted(members.items()):
        group = top_text(head)
        for j in cols:
            label = sub_texts[j]
            # the group's own name only for its first column (联系人 over 姓名|电话|邮箱: 姓名 is the 联系人)
            candidates = (group + label, label, group) if j == cols[0] else (group + label, label)
            for candidate in candidates:
                hit = map_header(candidate, spec)
                if hit and hit not in columns.values():
                    columns[j] = hit
                    labels[j] = f"{group}{label}" if group and group != label else label
                    break
    return HeaderMatch(row=i + 1, columns=columns, labels=labels, score=_score(columns, spec), top=i)


def closest_headers(rows: list[list[Any]]) -> tuple[int, list[str]]:
    """The row (index) that looks most like a header — most short text cells — for error messages."""
    best_i, best = 0, list[str]()
    for i, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        texts = [_cell_text(v) for v in row if isinstance(v, str) and 0 < len(_cell_text(v)) <= 20]
        if len(texts) > len(best):
            best_i, best = i, texts
    return best_i, best


def suggest(name: str, seen: list[str]) -> str | None:
    """The seen header closest to a missing field name."""
    cleaned = {clean_header(s): s for s in seen}
    hits = difflib.get_close_matches(clean_header(name), list(cleaned), n=1, cutoff=0.4)
    return cleaned[hits[0]] if hits else None
