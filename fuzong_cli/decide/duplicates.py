"""The same person or enterprise twice (across files too): one identity rule for ingest and validate."""

from __future__ import annotations

from collections import defaultdict

from fuzong_cli.decide.identity import enterprise_code, enterprise_name, name_unit, person_id
from fuzong_cli.records import Record

#: what the strong and the weak identity of each kind are called in messages
SAME_BY = {
    "experts": ("身份证号相同", "姓名和工作单位相同"),
    "needs": ("统一社会信用代码相同", "企业名称相同"),
    "ledger": ("身份证号、企业和年度相同", "姓名、工作单位、企业和年度相同"),
}


def keys(record: Record) -> tuple[str | None, str | None]:
    """(strong, weak) identity (``decide.identity``): ID number / name + unit (experts); credit code / name
    (needs); the person + enterprise + year (ledger)."""
    if record.kind == "experts":
        ident = person_id(record)
        name, unit = name_unit(record)
        return (f"身份证号:{ident}" if ident else None), (f"姓名单位:{name}|{unit}" if name else None)
    if record.kind == "needs":
        code, name = enterprise_code(record), enterprise_name(record)
        return (f"信用代码:{code}" if code else None), (f"企业名称:{name}" if name else None)
    if record.kind == "ledger":
        ident = person_id(record)
        tail = f"{enterprise_name(record)}|{record.values.get('年度') or ''}"
        person = "|".join(name_unit(record))
        return (f"台账:{ident}|{tail}" if ident else None), (
            f"台账姓名:{person}|{tail}" if person != "|" else None
        )
    return None, None


def identity(record: Record) -> str | None:
    """What makes two rows "the same" when both carry it: the strong key, else the weak one."""
    strong, weak = keys(record)
    return strong or weak


def duplicate_groups(records: list[Record]) -> list[list[int]]:
    """Indexes of records that are the same person or enterprise, groups of two or more, in input order.

    Two rows are the same when their ID numbers (credit codes) are equal, or when their names (+ unit) are
    equal and at least one of them has no ID number (credit code): a row that left the ID out is still the
    same person. Two rows with the same name but different ID numbers are different people.
    """
    parent = list(range(len(records)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    touched: set[int] = set()  # only rows joined to another can be in a group (a million rows: no list each)

    def union(a: int, b: int) -> None:
        touched.update((a, b))
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)

    # keyed by the hash of the identity, not the text (a million rows: no second copy of every key); a
    # bucket holding several rows is split by the exact key, so a hash collision never joins two rows
    by_strong: dict[int, int | list[int]] = {}
    by_weak: dict[int, int | list[int]] = {}
    for i, record in enumerate(records):
        strong, weak = keys(record)
        if strong:
            _add(by_strong, hash(strong), i)
        if weak:
            _add(by_weak, hash(weak), i)
    for bucket in by_strong.values():
        if isinstance(bucket, list):
            for members in _by_exact_key(records, bucket, 0):
                for k in members[1:]:
                    union(members[0], k)
    del by_strong
    for bucket in by_weak.values():
        if not isinstance(bucket, list):
            continue
        for members in _by_exact_key(records, bucket, 1):
            # a row without ID is the same as every row of its name: the whole name group is one (linear)
            if any(not keys(records[i])[0] for i in members):
                for k in members[1:]:
                    union(members[0], k)
    groups: dict[int, list[int]] = defaultdict(list)
    for i in sorted(touched):
        groups[find(i)].append(i)
    return [idx for root, idx in sorted(groups.items()) if len(idx) > 1]


def _add(buckets: dict[int, int | list[int]], key: int, i: int) -> None:
    seen = buckets.get(key)
    if seen is None:
        buckets[key] = i
    elif isinstance(seen, list):
        seen.append(i)
    else:
        buckets[key] = [seen, i]


def _by_exact_key(records: list[Record], bucket: list[int], which: int) -> list[list[int]]:
    """The rows of one hash bucket grouped by their exact strong (0) or weak (1) key, groups of two or more."""
    exact: dict[str | None, list[int]] = defaultdict(list)
    for i in bucket:
        exact[keys(records[i])[which]].append(i)
    return [members for members in exact.values() if len(members) > 1]


def same_by(records: list[Record], group: list[int]) -> str:
    """Why a group is the same person/enterprise, in words: the strong key when all rows share it."""
    strong_words, weak_words = SAME_BY.get(records[group[0]].kind, ("相同", "相同"))
    strong = {keys(records[i])[0] for i in group}
    return strong_words if len(strong) == 1 and None not in strong else weak_words


#: how many other rows a duplicate message names (a group of thousands would make every message huge)
SHOWN_OTHERS = 5


def others_text(records: list[Record], group: list[int], i: int) -> str:
    """``文件 第N行；文件 第M行`` for the rows of ``group`` other than ``i``, at most SHOWN_OTHERS of them."""
    shown: list[str] = []
    for k in group:
        if k != i:
            shown.append(f"{records[k].source_file} 第{records[k].source_row}行")
            if len(shown) == SHOWN_OTHERS:
                break
    more = len(group) - 1 - len(shown)
    return "；".join(shown) + (f" 等，共{len(group) - 1}行" if more > 0 else "")


def duplicate_notes(records: list[Record]) -> dict[int, str]:
    """For each duplicated record: ``与 文件 第N行 重复`` naming the other rows."""
    notes = {}
    for group in duplicate_groups(records):
        for i in group:
            notes[i] = f"与 {others_text(records, group, i)} 重复"
    return notes
