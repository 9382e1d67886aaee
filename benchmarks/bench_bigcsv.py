"""Issue-12 benchmark: a 1,000,000-row need form as CSV through `fuzong ingest` and `fuzong validate`.

    .venv/bin/python benchmarks/bench_bigcsv.py [--rows 1000000] [--regenerate]

Generates benchmarks/_work/needs_<rows>.csv (git-ignored, reused between runs): 11 columns, valid credit
codes (GB 32100 check character), about 2% of rows with a data problem. Then runs each command as its own
process and reports wall time and the peak RSS of that process (os.wait4 rusage), against the goal of
1.5 GB peak memory at a million rows. A measurement, not a timed test.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "benchmarks" / "_work"
GOAL_MB = 1536.0
GEN_VERSION = "1"

sys.path.insert(0, str(ROOT / "sample_data"))
from build_samples import uscc_check  # shared check-character code

COUNTIES = [("鹿城区", "330302"), ("龙湾区", "330303"), ("瓯海区", "330304"), ("瑞安市", "330381"), ("乐清市", "330382")]
INDUSTRIES = ["智能制造", "新材料", "电气机械", "生命健康", "数字经济"]
NEEDS = ["数控机床远程运维", "锂电池隔膜涂覆", "注塑模具温控", "低压电器检测", "鞋服柔性生产线"]
MAJORS = ["机械电子", "高分子材料", "控制工程", "电气工程", "计算机"]


def credit_code(division: str, n: int) -> str:
    body = f"91{division}{n:09d}"[:17]
    return body + uscc_check(body)


def generate(path: Path, rows: int) -> None:
    header = "县（市、区）,企业名称,统一社会信用代码,成立日期,企业规模,所属行业,需求名称,需求描述,所需专业,联系人,联系电话\n"
    with open(path, "w", encoding="utf-8", newline="") as fh:
        fh.write(header)
        for i in range(rows):
            county, division = COUNTIES[i % len(COUNTIES)]
            code = credit_code(division, i) if i % 50 else ""  # 2%: the required code left empty
            need = NEEDS[i % len(NEEDS)]
            fh.write(
                f"{county},温州测试{i}科技有限公司,{code},20{10 + i % 15}-0{1 + i % 9}-1{i % 10},"
                f"{'小中微'[i % 3]},{INDUSTRIES[i % 5]},{need}{i % 100},{need}：第{i}号生产线需要技术改造,"
                f"{MAJORS[i % 5]},张{i % 50},0577-8{i % 10_000_000:07d}\n"
            )


def measure(args: list[str]) -> tuple[int, float, float]:
    """(exit code, seconds, peak RSS in MB) of one fuzong process."""
    started = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "fuzong_cli", *args], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    if hasattr(os, "wait4"):
        _, status, usage = os.wait4(proc.pid, 0)
        code = os.waitstatus_to_exitcode(status)
        peak = usage.ru_maxrss / 1024 if sys.platform != "darwin" else usage.ru_maxrss / 1024 / 1024
        proc.returncode = code
    else:  # pragma: no cover - Windows: no rusage of a child
        code, peak = proc.wait(), float("nan")
    if code not in (0, 1):
        print(proc.stderr.read().decode("utf-8", "replace"), file=sys.stderr)
    return code, time.perf_counter() - started, peak


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--regenerate", action="store_true")
    opts = parser.parse_args()
    WORK.mkdir(parents=True, exist_ok=True)
    src = WORK / f"needs_{opts.rows}.csv"
    stamp = WORK / f"needs_{opts.rows}.csv.v{GEN_VERSION}"
    if opts.regenerate or not src.exists() or not stamp.exists():
        print(f"generating {src.name} …", flush=True)
        generate(src, opts.rows)
        stamp.write_text("")
    print(f"{src.name}: {src.stat().st_size / 1e6:.0f} MB, {opts.rows:,} rows")
    worst = 0.0
    for name, args in (
        ("ingest", ["ingest", "needs", str(src), "-o", str(WORK / "bigcsv-ingest.xlsx"), "--force"]),
        ("validate", ["validate", str(src), "--kind", "needs", "-o", str(WORK / "bigcsv-validate.xlsx"), "--force",
                      "--policy", "wenzhou", "--as-of", "2026-11-24"]),
    ):  # fmt: skip
        code, seconds, peak = measure(args)
        worst = max(worst, peak)
        verdict = "ok" if peak <= GOAL_MB else "MISSED"
        print(f"  {name:<9} exit {code}  {seconds:7.1f} s  peak RSS {peak:7.0f} MB  (goal ≤ {GOAL_MB:.0f} MB: {verdict})")
        if code not in (0, 1):
            return 1
    print(f"peak RSS over both commands: {worst:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
