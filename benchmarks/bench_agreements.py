"""Issue-4 benchmark for `fuzong agreements` (standalone; `make bench` runs it through benchmarks/run.py).

    .venv/bin/python benchmarks/bench_agreements.py [--count 1000] [--jobs 2] [--skip-cli]

One run, the built-in 三方协议.docx template, the liaocheng policy, 1,000 invented pairs (every tenth enterprise
name carries ``&<>"'``):
  (a) naive: docxtpl's own loop — DocxTemplate(template), render(context, autoescape=True), save — per document;
  (b) fast: fuzong's renderer — compile the template once (timed), then one jinja render and one hand-written
      zip per document that copies every other part byte-for-byte (fuzong_cli.write.documents.render_many);
  (c) with --jobs N > 1: the same with N spawn processes (start-up included);
  (d) unless --skip-cli: `fuzong agreements` end to end on a 1,000-row pairs workbook (fresh process: reading
      the workbook, rendering, the manifest with SHA-256).
Then every fast output is opened with python-docx and its text compared with the naive output's text.
Goal (issue 4): (a) / (b) ≥ 10×, and all texts equal. Outputs go to benchmarks/_work/agreements/.
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "benchmarks" / "_work" / "agreements"
sys.path.insert(0, str(ROOT))

from fuzong_cli.decide import agreements as contents
from fuzong_cli.policy import load_policy
from fuzong_cli.write import documents as docs

GOAL_RATIO = 10.0
SURNAMES = "陈林周黄王李郑吴张刘杨赵孙朱胡郭何高罗梁"
GIVEN = [
    "立新",
    "晓燕",
    "明",
    "志强",
    "海燕",
    "建国",
    "丽",
    "俊",
    "文华",
    "秀英",
    "伟",
    "静",
    "磊",
    "婷",
    "洋",
]
KINDS = ["智能装备", "新材料", "电气", "生物医药", "食品", "包装", "汽车零部件", "软件", "泵阀", "眼镜"]


def pairs(count: int) -> list[dict]:
    out = []
    for i in range(1, count + 1):
        enterprise = f"聊城{KINDS[i % len(KINDS)]}第{i}科技有限公司"
        if i % 10 == 2:
            enterprise = f"A&B<{KINDS[i % len(KINDS)]}>\"科技\"'{i}'有限公司"
        out.append(
            {
                "企业名称": enterprise,
                "专家姓名": SURNAMES[i % len(SURNAMES)] + GIVEN[i % len(GIVEN)],
                "工作单位": ["聊城大学", "山东农业大学", "齐鲁工业大学", "山东省农业科学院"][i % 4],
                "职称": ["教授", "副教授", "研究员", "高级工程师"][i % 4],
                "县（市、区）": [
                    "东昌府区",
                    "茌平区",
                    "临清市",
                    "阳谷县",
                    "莘县",
                    "东阿县",
                    "冠县",
                    "高唐县",
                ][i % 8],
                "统一社会信用代码": f"91371500MA3C{i:05d}X"[:18],
                "需求名称": f"{KINDS[i % len(KINDS)]}关键工艺改进（第{i}项）",
                "聘期开始": dt.date(2026, 12, 1) + dt.timedelta(days=i % 28),
            }
        )
    return out


def write_pairs_book(rows: list[dict], path: Path) -> None:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("配对结果")
    headers = [
        "序号",
        "县（市、区）",
        "企业名称",
        "统一社会信用代码",
        "需求名称",
        "专家姓名",
        "工作单位",
        "职称",
        "聘期开始",
    ]
    ws.append(headers)
    for i, row in enumerate(rows, start=1):
        ws.append([i] + [row.get(h) for h in headers[1:]])
    wb.save(path)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--skip-cli", action="store_true")
    args = parser.parse_args()

    shutil.rmtree(WORK, ignore_errors=True)
    (WORK / "naive").mkdir(parents=True)
    (WORK / "fast").mkdir()
    (WORK / "jobs").mkdir()
    template = docs.default_template(docs.AGREEMENT_TEMPLATE)
    terms = contents.agreement_terms(load_policy("liaocheng"))
    rows = pairs(args.count)

    # contexts and file names are shared by both paths (not timed)
    probe = docs.CompiledTemplate(template, "内置模板")
    jobs = []
    for i, values in enumerate(rows, start=1):
        context, missing = contents.pair_context(values, {}, terms, i, probe.variables)
        assert not missing
        jobs.append(docs.Job(i, contents.agreement_filename(i, values["企业名称"], values["专家姓名"]), context))

    print(f"{args.count} agreements, built-in template, policy liaocheng", flush=True)
    started = time.perf_counter()
    for job in jobs:
        docs.render_naive(template, job.context, WORK / "naive" / job.filename)
    naive_s = time.perf_counter() - started
    print(f"(a) naive docxtpl loop: {naive_s:.2f} s ({naive_s / args.count * 1000:.1f} ms/doc)", flush=True)

    started = time.perf_counter()
    compiled = docs.CompiledTemplate(template, "内置模板")
    docs.render_many(compiled, jobs, WORK / "fast", workers=1)
    fast_s = time.perf_counter() - started
    print(
        f"(b) fuzong renderer:    {fast_s:.2f} s ({fast_s / args.count * 1000:.2f} ms/doc, compile included)"
    )

    jobs_s = None
    if args.jobs > 1:
        started = time.perf_counter()
        docs.render_many(compiled, jobs, WORK / "jobs", workers=args.jobs)
        jobs_s = time.perf_counter() - started
        print(f"(c) fuzong renderer, {args.jobs} spawn processes: {jobs_s:.2f} s (start-up included)")

    cli_s = None
    if not args.skip_cli:
        book = WORK / f"pairs_{args.count}.xlsx"
        write_pairs_book(rows, book)
        command = [
            str(Path(sys.executable).with_name("fuzong")),
            "agreements",
            str(book),
            "-o",
            str(WORK / "cli"),
            "--policy",
            "liaocheng",
            "--force",
            "--quiet",
        ]
        started = time.perf_counter()
        code = subprocess.call(command, cwd=ROOT)
        cli_s = time.perf_counter() - started
        print(f"(d) fuzong agreements end to end: {cli_s:.2f} s, exit {code}")

    started = time.perf_counter()
    mismatched = []
    for job in jobs:
        fast_text = docs.document_text(WORK / "fast" / job.filename)
        if fast_text != docs.document_text(WORK / "naive" / job.filename) or "{{" in fast_text:
            mismatched.append(job.filename)
    check_s = time.perf_counter() - started
    ratio = naive_s / fast_s
    print(
        f"text check (python-docx, {args.count} × 2 documents): {len(mismatched)} mismatches ({check_s:.1f} s)"
    )
    for name in mismatched[:5]:
        print(f"  MISMATCH {name}")
    print()
    print("measure                               result                 goal      ")
    print(
        f"naive / fast, {args.count} agreements        {naive_s:.2f} s / {fast_s:.2f} s = {ratio:.1f}×"
        f"   ≥ {GOAL_RATIO:.0f}×     {'met' if ratio >= GOAL_RATIO else 'MISSED'}"
    )
    print(
        f"outputs equal to naive (text)         {args.count - len(mismatched)}/{args.count}"
        f"              all       {'met' if not mismatched else 'MISSED'}"
    )
    if jobs_s is not None:
        print(f"naive / fast --jobs {args.jobs}                  {naive_s / jobs_s:.1f}×")
    if cli_s is not None:
        print(f"fuzong agreements end to end          {cli_s:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
