"""Build the second blind held-out matching set (留出二) in sample_data/matching_fresh/ (same bytes every run).

    .venv/bin/python sample_data/matching_fresh/build_fresh_set.py              # writes into this folder
    .venv/bin/python sample_data/matching_fresh/build_fresh_set.py --out DIR    # writes into DIR (to compare)

Reads subjects_留出二.toml (same schema as sample_data/matching_blind/subjects_*.toml) and writes
留出二_企业需求表.xlsx, 留出二_专家意向表.xlsx and 答案_留出二.xlsx with the code of
sample_data/matching_blind/build_blind_set.py: its own seed (20261209), its own fixed workbook timestamps.
Person names avoid every name of the two older halves (留出, 调优), which are generated in memory only.
Rows are shuffled by the seeded generator; if an answer would land on the same row as its need, the expert
rows are rotated by one (deterministically) until none does.
"""

from __future__ import annotations

import argparse
import sys
import tomllib
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "matching_blind"))
import build_blind_set as bbs  # noqa: E402

HALF = "留出二"
SEED = 20261209
bbs.SEEDS[HALF] = SEED
bbs.FIXED = bbs.dt.datetime(2026, 12, 9)
bbs.ZIP_TIME = (2026, 12, 9, 0, 0, 0)
bbs.MODIFIED = "2026-12-09T00:00:00Z"

_load = bbs.load


def load(half: str) -> list[dict[str, Any]]:
    if half == HALF:
        with open(HERE / f"subjects_{HALF}.toml", "rb") as fh:
            return tomllib.load(fh)["industry"]
    return _load(half)


bbs.load = load


def people(data: dict[str, list[list[Any]]]) -> set[str]:
    return {r[0] for r in data["experts"]} | {p for r in data["needs"] for p in [r[16], *str(r[15]).split("、")]}


def older_halves() -> tuple[set[str], set[str]]:
    """Names and credit codes of the older halves (in memory, never written or printed)."""
    old = bbs.make_half("留出")
    taken = people(old)
    tuning = bbs.make_half("调优", taken)
    taken |= people(tuning)
    codes = {r[2] for d in (old, tuning) for r in d["needs"]}
    return taken, codes


def make() -> dict[str, list[list[Any]]]:
    taken, old_codes = older_halves()
    data = bbs.make_half(HALF, taken)
    experts, key = data["experts"], data["key"]
    need_row = {r[2]: i for i, r in enumerate(data["needs"])}

    def clash() -> bool:
        where = {r[0]: i for i, r in enumerate(experts)}
        return any(need_row[k[2]] == where[k[3]] for k in key)

    while clash():
        experts.append(experts.pop(0))
    assert not people(data) & taken, "a person name of an older half was reused"
    assert not {r[2] for r in data["needs"]} & old_codes, "a credit code of an older half was reused"
    assert len({r[1] for r in data["needs"]}) == len(data["needs"]), "enterprise names must be unique"
    return data


def build(out: Path) -> dict[str, int]:
    out.mkdir(parents=True, exist_ok=True)
    data = make()
    bbs.write(out / f"{HALF}_企业需求表.xlsx", "企业需求表", bbs.HEADERS_NEEDS, data["needs"],
              ("统一社会信用代码", "联系电话"))  # fmt: skip
    bbs.write(out / f"{HALF}_专家意向表.xlsx", "专家意向表", bbs.HEADERS_EXPERTS, data["experts"],
              ("身份证号", "出生年月", "参加工作时间", "联系电话"))  # fmt: skip
    bbs.write(out / f"答案_{HALF}.xlsx", "答案", bbs.HEADERS_KEY, data["key"], ("统一社会信用代码",))
    industries = len({k[5] for k in data["key"]})
    return {"行业": industries, "需求": len(data["needs"]), "专家": len(data["experts"]), "答案": len(data["key"])}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=HERE)
    args = parser.parse_args()
    for k, v in build(args.out).items():
        print(f"{HALF} {k}: {v}")


if __name__ == "__main__":
    main()
