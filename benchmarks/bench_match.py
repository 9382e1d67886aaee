"""Issue-3/9 benchmarks for `fuzong match` (standalone; `make bench` runs it through benchmarks/run.py).

    .venv/bin/python benchmarks/bench_match.py [--skip-20k] [--regenerate]

Measures, in one run, with the DEFAULT options (no --min-score):
  (a) accuracy on the fresh blind held-out set (sample_data/matching_fresh/, 答案_留出二), on the first blind set
      (sample_data/matching_blind/, both halves tuning material since 2026-12-07) and on the old set
      (sample_data/matching/, 答案.xlsx), each half separately; top-1 = share of enterprises whose 配对结果 expert is
      the answer, top-5 = share whose answer is among their 候选名单 (goal on the fresh held-out set: ≥ 0.85 and
      ≥ 0.97). Only the aggregate figures are printed, never a row of a held-out half;
  (b) 5,000 needs × 5,000 experts: `fuzong match` end to end (read two .xlsx, eligibility, embeddings, scoring,
      assignment, write the workbook), wall time divided by the time of scipy's dense linear_sum_assignment alone
      on the same full score matrix (goal ≤ 2.7×), and the totals of both (goal: equal);
  (c) 20,000 × 20,000 end to end (goal ≤ 60 s, ≤ 2 GB peak RSS; sparse top-k candidate graph).
Synthetic forms are generated into benchmarks/_work/ (git-ignored, reused between runs) from the domain
synonym groups, valid under the wenzhou policy.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "benchmarks" / "_work"
SET = ROOT / "sample_data" / "matching"
BLIND = ROOT / "sample_data" / "matching_blind"
FRESH = ROOT / "sample_data" / "matching_fresh"
FUZONG = [sys.executable, "-m", "fuzong_cli"]
POLICY = ("--policy", "wenzhou", "--as-of", "2026-11-24")
GEN_VERSION = "1"
GOALS = {"top1": 0.85, "top5": 0.97, "ratio5k": 2.7, "s20k": 60.0, "rss20k_mb": 2048.0}

sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "sample_data"))
from build_samples import Maker

COUNTIES = {
    "鹿城区": "330302", "龙湾区": "330303", "瓯海区": "330304", "瑞安市": "330381", "乐清市": "330382",
    "永嘉县": "330324", "平阳县": "330326", "苍南县": "330327", "龙港市": "330383",
}  # fmt: skip
UNITS = [
    ("温州大学", "高校"),
    ("温州医科大学", "高校"),
    ("温州理工学院", "高校"),
    ("温州职业技术学院", "职业院校"),
]
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余叶程苏吕魏丁沈任姚卢金"
)
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建国志远海燕晓东文博立新雅琴晨雨鹏"
FILLER = [
    "希望",
    "解决",
    "生产",
    "过程",
    "质量",
    "不稳定",
    "成本",
    "偏高",
    "效率",
    "提升",
    "工艺",
    "改进",
    "客户",
    "要求",
]
NEED_HEADERS = ["县（市、区）", "企业名称", "统一社会信用代码", "成立日期", "企业规模", "企业资质", "所属行业", "需求名称",
                "需求描述", "所需专业", "研发投入占比", "纳税信用等级", "近三年失信记录"]  # fmt: skip
EXPERT_HEADERS = ["姓名", "性别", "身份证号", "出生年月", "学历", "学位", "职称", "工作单位", "单位类型", "参加工作时间",
                  "研究方向", "代表性成果", "发明专利数", "核心知识产权", "近三年不良记录"]  # fmt: skip


def rss_run(cmd: list[str]) -> tuple[int, float, float | None, str, str]:
    """(exit code, wall seconds, peak RSS MB of the child or None, stdout, stderr)."""
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if hasattr(os, "wait4"):
        out_r, err_r = proc.stdout, proc.stderr
        import threading

        buf: dict[str, str] = {}
        t1 = threading.Thread(target=lambda: buf.__setitem__("out", out_r.read()))
        t2 = threading.Thread(target=lambda: buf.__setitem__("err", err_r.read()))
        t1.start()
        t2.start()
        _, status, usage = os.wait4(proc.pid, 0)
        t1.join()
        t2.join()
        proc.returncode = os.waitstatus_to_exitcode(status)
        seconds = time.perf_counter() - started
        return proc.returncode, seconds, usage.ru_maxrss / 1024.0, buf.get("out", ""), buf.get("err", "")
    out, err = proc.communicate()
    return proc.returncode, time.perf_counter() - started, None, out, err


# ------------------------------------------------------------------------------------------ (a) accuracy


def sheet_rows(path: Path, sheet: str, header_text: str) -> list[dict]:
    import openpyxl

    ws = openpyxl.load_workbook(path, read_only=True)[sheet]
    rows = list(ws.iter_rows(values_only=True))
    start = next(k for k, r in enumerate(rows) if r and header_text in r)
    headers = rows[start]
    return [dict(zip(headers, r)) for r in rows[start + 1 :] if r and any(v is not None for v in r)]


def _answers(folder: Path) -> dict[tuple[str, str], tuple[str, str]]:
    """(划分, credit code) → (expert, unit). Only the two columns are kept and nothing is printed: the rows of
    the held-out half are never shown (issue 9 protocol)."""
    key: dict[tuple[str, str], tuple[str, str]] = {}
    files = [folder / "答案.xlsx"] if (folder / "答案.xlsx").exists() else sorted(folder.glob("答案_*.xlsx"))
    for path in files:
        for row in sheet_rows(path, "答案", "划分"):
            key[(row["划分"], row["统一社会信用代码"])] = (row["专家姓名"], row["工作单位"])
    return key


def accuracy(folder: Path = SET, splits: tuple[str, ...] = ("调优", "留出")) -> dict[str, dict[str, float]]:
    key = _answers(folder)
    out: dict[str, dict[str, float]] = {}
    WORK.mkdir(parents=True, exist_ok=True)
    for split in splits:
        target = WORK / f"match_{folder.name}_{split}.xlsx"
        cmd = [*FUZONG, "match", str(folder / f"{split}_企业需求表.xlsx"), str(folder / f"{split}_专家意向表.xlsx"),
               *POLICY, "-o", str(target), "--force", "--quiet"]  # fmt: skip
        code, seconds, _, _, err = rss_run(cmd)
        if code != 0:
            raise SystemExit(f"fuzong match failed on {split}: {err}")
        answers = {code_: exp for (s, code_), exp in key.items() if s == split}
        pairs = sheet_rows(target, "配对结果", "序号")
        got = {p["统一社会信用代码"]: (p["专家姓名"], p["工作单位"]) for p in pairs}
        cands: dict[str, set] = {}
        for c in sheet_rows(target, "候选名单", "名次"):
            cands.setdefault(c["统一社会信用代码"], set()).add((c["候选专家"], c["工作单位"]))
        n = len(answers)
        top1 = sum(1 for code_, exp in answers.items() if got.get(code_) == exp) / n
        top5 = sum(1 for code_, exp in answers.items() if exp in cands.get(code_, set())) / n
        out[split] = {"n": n, "top1": top1, "top5": top5, "seconds": seconds}
    return out


# ------------------------------------------------------------------------------------------ synthetic forms


def industry_groups() -> dict[str, list[list[str]]]:
    from fuzong_cli.decide.matching import data_file

    groups: dict[str, list[list[str]]] = {}
    current = None
    for line in data_file("synonyms.txt").read_text(encoding="utf-8").splitlines():
        if line.startswith("# ----"):
            current = line[6:].strip()
            groups[current] = []
            continue
        body = line.split("#", 1)[0].strip()
        if body and current:
            groups[current].append(body.split())
    return groups


def generate(n: int, m: int, seed: int) -> tuple[Path, Path]:
    from openpyxl import Workbook

    needs_path = WORK / f"needs_{n}_v{GEN_VERSION}.xlsx"
    experts_path = WORK / f"experts_{m}_v{GEN_VERSION}.xlsx"
    if needs_path.exists() and experts_path.exists():
        return needs_path, experts_path
    rng = random.Random(seed)
    maker = Maker(seed)
    groups = industry_groups()
    industries = list(groups)
    counties = list(COUNTIES)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("企业需求表")
    ws.append(NEED_HEADERS)
    for i in range(n):
        ind = rng.choice(industries)
        topics = rng.sample(groups[ind], 2)
        words = [rng.choice(t) for t in topics] + [rng.choice(rng.choice(groups[ind]))]
        county = counties[i % len(counties)]
        ws.append([
            county, f"温州{county[:2]}{ind[:2]}{i:05d}有限公司", maker.uscc(COUNTIES[county]),
            dt.date(2005 + i % 15, 1 + i % 12, 1 + i % 27), "小", "科技型中小企业", ind, f"{words[0]}难题",
            "，".join(words) + "，" + "".join(rng.sample(FILLER, 3)), "工程", "5%", "A", "否",
        ])  # fmt: skip
    wb.save(needs_path)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("专家意向表")
    ws.append(EXPERT_HEADERS)
    for j in range(m):
        ind = rng.choice(industries)
        topics = rng.sample(groups[ind], 2)
        unit, kind = UNITS[j % len(UNITS)]
        birth = dt.date(1970 + j % 20, 1 + j % 12, 1 + j % 27)
        male = j % 3 != 0
        ws.append([
            rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN), "男" if male else "女",
            maker.id_number("330302", birth, male), birth.strftime("%Y-%m-%d"), "研究生", "博士", "教授", unit, kind,
            f"{birth.year + 28}-07", "、".join(rng.choice(t) for t in topics),
            rng.choice(rng.choice(groups[ind])) + "研究", j % 6, "否", "否",
        ])  # fmt: skip
    wb.save(experts_path)
    return needs_path, experts_path


# ------------------------------------------------------------------------------------------ (b), (c)


def end_to_end(n: int, seed: int) -> dict:
    needs, experts = generate(n, n, seed)
    target = WORK / f"match_{n}.xlsx"
    cmd = [*FUZONG, "match", str(needs), str(experts), *POLICY, "-o", str(target), "--force", "--json"]
    code, seconds, rss, out, err = rss_run(cmd)
    if code != 0:
        raise SystemExit(f"fuzong match failed on {n}×{n}: {err[-2000:]}")
    summary = json.loads(out)["counts"]
    return {"n": n, "seconds": seconds, "rss_mb": rss, "summary": summary, "needs": needs, "experts": experts}


def lsa_check(needs_path: Path, experts_path: Path) -> tuple[float, float, float, float, float]:
    """(our total, linear_sum_assignment total, seconds of our in-process run, total of the sparse top-k path
    forced on the same inputs) on the same score matrix."""
    import numpy as np
    from scipy.optimize import linear_sum_assignment

    from fuzong_cli.decide.eligibility import check_records
    from fuzong_cli.decide.matching import MatchSettings, build_model, run_matching
    from fuzong_cli.policy import load_policy
    from fuzong_cli.read.forms import read_records
    from fuzong_cli.records import PASS

    policy = load_policy("wenzhou")
    needs = read_records([needs_path], "needs").records
    experts = read_records([experts_path], "experts").records
    check_records(needs + experts, policy, dt.date(2026, 11, 24))
    needs = [r for r in needs if r.conclusion == PASS]
    experts = [r for r in experts if r.conclusion == PASS]
    settings = MatchSettings.from_policy(policy.section("matching"))
    started = time.perf_counter()
    result = run_matching(needs, experts, settings)
    ours_s = time.perf_counter() - started
    ours = sum(p.score for p in result.pairs)
    forced = run_matching(
        needs, experts, MatchSettings.from_policy(policy.section("matching"), dense_limit=0)
    )
    sparse_total = sum(p.score for p in forced.pairs)
    model = build_model(result.needs, result.experts, settings)
    full = np.vstack(
        [model.block_scores(a, min(a + 1000, len(result.needs))) for a in range(0, len(result.needs), 1000)]
    )
    full[full < settings.min_score] = 0.0
    lsa_started = time.perf_counter()
    r, c = linear_sum_assignment(full, maximize=True)
    lsa_s = time.perf_counter() - lsa_started
    return round(ours, 1), round(float(full[r, c].sum()), 1), ours_s, round(sparse_total, 1), lsa_s


def main() -> int:
    parser = argparse.ArgumentParser(description="fuzong match benchmarks")
    parser.add_argument("--skip-20k", action="store_true", help="only the matching set and 5k×5k")
    parser.add_argument("--regenerate", action="store_true", help="rebuild the synthetic forms")
    args = parser.parse_args()
    WORK.mkdir(parents=True, exist_ok=True)
    if args.regenerate:
        for p in WORK.glob("needs_*_v*.xlsx"):
            p.unlink()
        for p in WORK.glob("experts_*_v*.xlsx"):
            p.unlink()

    def verdict(ok: bool) -> str:
        return "ok" if ok else "MISSED"

    # (folder, title, (split, label, counts for the goal)); the first blind 留出 half was looked at four times in
    # the 2026-12-07 rounds and is tuning material since; the held-out set is sample_data/matching_fresh (留出二)
    rows = (
        (FRESH, "fresh blind held-out set, sample_data/matching_fresh (issue 9)", (("留出二", "held-out", True),)),
        (BLIND, "first blind set, sample_data/matching_blind (both halves now tuning material)",
         (("调优", "tuning  ", False), ("留出", "tuning (held-out until 2026-12-07, seen 4 times)", False))),
        (SET, "old set, sample_data/matching (its synonyms were written with it in view)",
         (("调优", "tuning  ", False), ("留出", "held-out (not blind)", False))),
    )  # fmt: skip
    for folder, title, splits in rows:
        print(f"(a) matching accuracy, default options — {title}")
        acc = accuracy(folder, tuple(split for split, _, _ in splits))
        for split, name, goal in splits:
            a = acc[split]
            print(
                f"    {name} n={a['n']:3d}  top-1 {a['top1']:.3f}"
                + (f" (goal ≥ {GOALS['top1']}: {verdict(a['top1'] >= GOALS['top1'])})" if goal else "")
                + f"  top-5 {a['top5']:.3f}"
                + (f" (goal ≥ {GOALS['top5']}: {verdict(a['top5'] >= GOALS['top5'])})" if goal else "")
            )
    print("(b) 5,000 needs × 5,000 experts, `fuzong match` end to end")
    r5 = end_to_end(5000, 5)
    s = r5["summary"]
    rss = f"{r5['rss_mb']:.0f} MB" if r5["rss_mb"] else "n/a"
    ours, lsa, ours_s, sparse_total, lsa_s = lsa_check(r5["needs"], r5["experts"])
    ratio = r5["seconds"] / lsa_s
    print(f"    wall {r5['seconds']:.1f} s = {ratio:.2f}× scipy linear_sum_assignment alone on the same dense matrix "
          f"({lsa_s:.1f} s; goal ≤ {GOALS['ratio5k']:g}×: {verdict(ratio <= GOALS['ratio5k'])}), "
          f"peak RSS {rss}, pairs {s['配对数']}, mean score {s['平均得分']}")  # fmt: skip
    print(f"    total score: fuzong {ours} vs linear_sum_assignment {lsa} on the same matrix "
          f"({verdict(abs(ours - lsa) < 1e-6)}); in-process matching {ours_s:.1f} s")  # fmt: skip
    print(f"    the sparse top-{40} candidate graph (what 20k uses) forced on these inputs: total {sparse_total} "
          f"({'equal' if abs(sparse_total - lsa) < 1e-6 else f'gap {lsa - sparse_total:.1f}'})")  # fmt: skip
    if not args.skip_20k:
        print("(c) 20,000 × 20,000, `fuzong match` end to end (sparse top-k candidate graph)")
        r20 = end_to_end(20000, 20)
        s = r20["summary"]
        ok_rss = r20["rss_mb"] is None or r20["rss_mb"] <= GOALS["rss20k_mb"]
        rss = f"{r20['rss_mb']:.0f} MB" if r20["rss_mb"] else "n/a"
        print(f"    wall {r20['seconds']:.1f} s (goal ≤ {GOALS['s20k']:g} s: {verdict(r20['seconds'] <= GOALS['s20k'])}), "
              f"peak RSS {rss} (goal ≤ 2048 MB: {verdict(ok_rss)}), pairs {s['配对数']}, mean score {s['平均得分']}")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
