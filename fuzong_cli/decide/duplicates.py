"""The same person or enterprise twice (across files too): one identity rule for ingest and validate."""

from __future__ import annotations

from collections import defaultdict

from fuzong_cli.records import Record


def identity(record: Record) -> str | None:
    """What makes two rows "the same": ID number, else name + unit (experts); credit code, else name (needs);
    person + enterprise + year (ledger)."""
    v = record.values
    if record.kind == "experts":
        if v.get("身份证号"):
            return f"身份证号:{v['身份证号']}"
        if v.get("姓名"):
            return f"姓名单位:{v['姓名']}|{v.get('工作单位') or ''}"
    elif record.kind == "needs":
        if v.get("统一社会信用代码"):
            return f"信用代码:{v['统一社会信用代码']}"
        if v.get("企业名称"):
            return f"企业名称:{v['企业名称']}"
    elif record.kind == "ledger":
        person = v.get("身份证号") or f"{v.get('姓名') or ''}|{v.get('工作单位') or ''}"
        if person.strip("|"):
            return f"台账:{person}|{v.get('企业名称') or ''}|{v.get('年度') or ''}"
    return None


def duplicate_groups(records: list[Record]) -> list[list[int]]:
    """Indexes of records sharing an identity, groups of two or more, in input order."""
    groups: dict[str, list[int]] = defaultdict(list)
    for i, record in enumerate(records):
        key = identity(record)
        if key:
            groups[key].append(i)
    return [idx for idx in groups.values() if len(idx) > 1]


def duplicate_notes(records: list[Record]) -> dict[int, str]:
    """For each duplicated record: ``与 文件 第N行 重复`` naming the other rows."""
    notes = {}
    for group in duplicate_groups(records):
        for i in group:
            others = [records[k] for k in group if k != i]
            where = "；".join(f"{o.source_file} 第{o.source_row}行" for o in others)
            notes[i] = f"与 {where} 重复"
    return notes
