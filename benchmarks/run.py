"""Entry point of `make bench`: runs every benchmarks/bench_*.py as its own process and prints its output.

    .venv/bin/python benchmarks/run.py              # all benchmarks
    .venv/bin/python benchmarks/run.py validate     # only those whose file name contains "validate"

Benchmarks are measurements, not tests: a missed goal is reported by the script itself; this runner exits 1
only when a script crashes (non-zero exit).
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


def main(argv: list[str]) -> int:
    scripts = sorted(HERE.glob("bench_*.py"))
    if argv:
        scripts = [s for s in scripts if any(word in s.stem for word in argv)]
    if not scripts:
        print("no benchmarks/bench_*.py matched", file=sys.stderr)
        return 1
    summary = []
    for script in scripts:
        print(f"\n=== {script.name} ===", flush=True)
        started = time.perf_counter()
        code = subprocess.call([sys.executable, str(script)], cwd=ROOT)
        summary.append((script.name, code, time.perf_counter() - started))
    print("\n=== summary ===")
    for name, code, seconds in summary:
        print(f"{name:<28} {'ok' if code == 0 else f'FAILED (exit {code})':<16} {seconds:8.1f} s")
    return 0 if all(code == 0 for _, code, _ in summary) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
