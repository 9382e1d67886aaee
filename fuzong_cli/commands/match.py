"""fuzong match: pair enterprises with experts (SPEC §5) and write 配对结果 / 候选名单 / 未匹配 / 名额分配 / 说明."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any

import typer

from fuzong_cli.commands.common import (
    AsOfOpt,
    ForceOpt,
    JsonOpt,
    OutputOpt,
    PolicyOpt,
    QuietOpt,
    Run,
    check_inputs,
    load_policy_for,
    output_file,
    parse_date_option,
)
from fuzong_cli.errors import FuzongError

PAIR_HEADERS = [
    "序号", "县（市、区）", "企业名称", "统一社会信用代码", "需求名称", "专家姓名", "性别", "工作单位", "职称",
    "研究方向", "匹配方式", "匹配得分", "匹配把握", "匹配依据", "聘期开始", "锁定", "排除",
]  # fmt: skip
# no 专家姓名/姓名 column here, so readers of "pairs" never take a candidate row for a pair
CANDIDATE_HEADERS = [
    "县（市、区）", "企业名称", "统一社会信用代码", "需求名称", "名次", "候选专家", "工作单位", "职称", "研究方向",
    "匹配得分", "匹配把握", "匹配依据", "备注",
]  # fmt: skip
LEFT_HEADERS = ["类别", "县（市、区）", "名称", "信用代码或工作单位", "需求名称或研究方向", "环节", "原因"]
QUOTA_HEADERS = ["县（市、区）", "需求数", "按比例应得", "分配名额", "已配对"]
PAIRS_SHEET = "配对结果"
#: pairs the staff forbade (排除 = 是) in the --locked workbook, written back with 排除 = 是 so that the next
#: round of the propose → edit → re-run loop still forbids them (they are not pairs: publicity and
#: agreements use the 配对结果 sheet only)
EXCLUDED_SHEET = "已排除配对"
YES = "是"


def register(app: typer.Typer) -> None:
    @app.command("match")
    def match(
        needs: Annotated[
            Path, typer.Argument(help="企业需求表：县里报来的原表，或 ingest / validate 的输出。")
        ],
        experts: Annotated[Path, typer.Argument(help="专家意向表：原表，或 ingest / validate 的输出。")],
        top_k: Annotated[
            int | None, typer.Option("--top-k", help="候选名单里每家企业列出的专家数，默认 5。")
        ] = None,
        min_score: Annotated[
            float | None,
            typer.Option("--min-score", help="参与配对的最低匹配得分（0–100），默认取政策 [matching]。"),
        ] = None,
        quota_total: Annotated[
            int | None,
            typer.Option("--quota-total", help="名额总数：按各县（市、区）需求数占比分配名额后再配对。"),
        ] = None,
        include_review: Annotated[
            bool, typer.Option("--include-review", help="校验结论为“待复核”的企业和专家也参加配对。")
        ] = False,
        locked: Annotated[
            Path | None,
            typer.Option(
                "--locked",
                help="工作人员改过的配对结果工作簿：锁定=是 的配对保留，排除=是 的配对禁止，其余重新配对。",
            ),
        ] = None,
        policy: PolicyOpt = None,
        as_of: AsOfOpt = None,
        output: OutputOpt = None,
        force: ForceOpt = False,
        json: JsonOpt = False,
        quiet: QuietOpt = False,
    ) -> None:
        """企业与专家供需配对：意向直派优先，其余按研究方向与需求的匹配得分求总分最优的配对。

        输出工作簿：配对结果（可填“锁定”“排除”后用 --locked 重跑）、候选名单、未匹配、名额分配、说明。
        退出码：0 已完成；2 无法运行（文件无法读取、没有数据行、锁定的配对违反硬性条件等）。
        """
        run = Run(json=json, quiet=quiet)
        check_inputs([needs, experts] + ([locked] if locked else []))
        if top_k is not None and top_k < 1:
            raise FuzongError(f"--top-k 必须是正整数，而不是 {top_k}。")
        if min_score is not None and not 0 <= min_score <= 100:
            raise FuzongError(f"--min-score 必须在 0 到 100 之间，而不是 {min_score:g}。")
        if quota_total is not None and quota_total < 0:
            raise FuzongError(f"--quota-total 不能是负数（{quota_total}）。")
        reference = parse_date_option(as_of)
        the_policy = load_policy_for(run, policy)
        target = output_file(output, needs, "配对结果.xlsx", force, [experts, locked])
        report = run_match(
            needs, experts, the_policy, reference, run,
            top_k=top_k, min_score=min_score, quota_total=quota_total, include_review=include_review, locked=locked,
        )  # fmt: skip
        write_match(report, target)
        print_summary(run, report, target)


@dataclass
class MatchReport:
    """The one result object of a match run, rendered by the workbook, the terminal and --json alike."""

    result: Any  # decide.matching.MatchResult
    policy: Any
    as_of: Any
    settings: Any
    files: list[Path]
    locked_file: Path | None
    left_out: list[tuple[Any, str]] = field(default_factory=list)  # (record, reason): not eligible
    skipped: list[str] = field(default_factory=list)
    quota_total: int | None = None
    review_conflicts: int = 0  # pairs made despite a 待复核-level 股东 conflict, marked in 匹配依据


def _read(path: Path, kind: str, what: str, run: Run):
    from fuzong_cli.read.forms import read_records

    result = read_records([path], kind)
    for line in result.skipped:  # the reader already passes over fuzong's own side sheets quietly
        run.info(line)
    if not result.records:
        raise FuzongError(f"{path.name} 里没有读到任何{what}数据行。请检查是否给错了文件，或表格是否为空。")
    return result


def run_match(
    needs_path: Path,
    experts_path: Path,
    policy: Any,
    as_of: Any,
    run: Run,
    *,
    top_k: int | None = None,
    min_score: float | None = None,
    quota_total: int | None = None,
    include_review: bool = False,
    locked: Path | None = None,
) -> MatchReport:
    from fuzong_cli.decide import semantic
    from fuzong_cli.decide.eligibility import check_records, conflict_level, conflicts
    from fuzong_cli.decide.matching import MatchSettings, run_matching
    from fuzong_cli.decide.quota import allocate, count_mode, needs_by_county
    from fuzong_cli.records import PASS, REVIEW

    semantic.preload()
    need_read = _read(needs_path, "needs", "企业需求", run)
    expert_read = _read(experts_path, "experts", "专家意向", run)
    all_needs, all_experts = need_read.records, expert_read.records
    check_records(all_needs + all_experts, policy, as_of)
    admitted = {PASS, REVIEW} if include_review else {PASS}
    needs = [r for r in all_needs if r.conclusion in admitted]
    experts = [r for r in all_experts if r.conclusion in admitted]
    left_out = [
        (r, _finding_text(r, include_review)) for r in all_needs + all_experts if r.conclusion not in admitted
    ]
    settings = MatchSettings.from_policy(policy.section("matching"), min_score=min_score, top_k=top_k)
    quota = None
    if quota_total is not None:
        # the same places as `fuzong quota` (SPEC §5): every need row read, eligible or not (湖北方案 四(二):
        # 按当地征集需求数量占比分配)
        quota = allocate(needs_by_county(all_needs, count_mode(policy)), quota_total)
        if quota.unallocated > 0:
            run.warn(
                f"名额总数 {quota_total} 超过征集到需求的企业数 {quota.allocated}，{quota.unallocated} 个名额未分配"
                "（每县不超过其需求数）。"
            )
    if not needs or not experts:
        side = "企业" if not needs else "专家"
        hint = (
            "有校验结论为“待复核”的行，核对后可加 --include-review 让它们参加配对。"
            if not include_review and any(r.conclusion == REVIEW for r in all_needs + all_experts)
            else "原因见“未匹配”工作表。"
        )
        run.warn(f"没有{side}通过资格校验，本次没有可做的配对。{hint}")
    locked_pairs, excluded = ([], [])
    if locked is not None:
        locked_pairs, excluded = read_locked(locked, needs, experts, all_needs, all_experts, run)
    run.info(
        f"参加配对：企业 {len(needs)} 家，专家 {len(experts)} 人（未参加：{len(left_out)} 行，见“未匹配”）"
    )
    # the 股东 conflict follows its rule's level: 不通过 → never paired; 待复核 (温州方案 二(三)1 “原则上”) →
    # may be paired (a locked pair is kept) and every such pair is marked for review afterwards
    hard_conflict = conflict_level(policy) != REVIEW
    result = run_matching(
        needs,
        experts,
        settings,
        conflict_fn=(lambda n, e: conflicts(n, e, policy)) if hard_conflict else None,
        locked=locked_pairs,
        excluded=excluded,
        quota=quota,
        left_out_experts=[(r, why) for r, why in left_out if r.kind == "experts"],
    )
    marked = 0 if hard_conflict else mark_conflicts_for_review(result, policy)
    if marked:
        run.warn(
            f"{marked} 个配对存在利益冲突（股东含专家本人或其单位），政策规定为待复核：已配对，请人工复核（见“匹配依据”）。"
        )
    return MatchReport(
        result, policy, as_of, settings, [needs_path, experts_path], locked, left_out,
        need_read.skipped + expert_read.skipped, quota_total, marked,
    )  # fmt: skip


def mark_conflicts_for_review(result: Any, policy: Any) -> int:
    """Mark the pairs and candidates whose enterprise lists the expert or the expert's unit among its 股东
    when the policy makes that 待复核 (温州方案 二(三)1 “原则上不应”): the pair stands, the 匹配依据 / 备注
    say why it needs review. Returns the number of pairs marked."""
    from fuzong_cli.decide.eligibility import conflicts

    rule = policy.rule("enterprise_not_founded_by_expert") or {}
    source = rule.get("source") or "政策"
    marked = 0
    for p in result.pairs:
        reasons = conflicts(result.needs[p.need], result.experts[p.expert], policy)
        if reasons:
            marked += 1
            p.basis = f"利益冲突待复核：{'；'.join(reasons)}（{source}，政策定为待复核，可配对但须人工复核）；{p.basis}"
    for c in result.candidates:
        reasons = conflicts(result.needs[c.need], result.experts[c.expert], policy)
        if reasons:
            c.note = "；".join(x for x in (c.note, f"利益冲突待复核：{'；'.join(reasons)}") if x)
    return marked


def _finding_text(record: Any, include_review: bool) -> str:
    from fuzong_cli.records import FAIL, REVIEW

    levels = (FAIL,) if include_review else (FAIL, REVIEW)
    texts = [f"{f.message}（{f.rule_code}）" for f in record.findings if f.level in levels]
    head = "校验不通过" if record.conclusion == FAIL else "校验待复核（加 --include-review 可参加配对）"
    return f"{head}：{'；'.join(texts)}" if texts else head


def _norm(text: Any) -> str:
    from fuzong_cli.decide.identity import norm_name

    return norm_name(text)


def read_locked(path: Path, needs, experts, all_needs, all_experts, run: Run):
    """(locked pairs, excluded pairs) from an edited 配对结果 workbook; exit 2 for anything unusable."""
    from fuzong_cli.decide.matching import LockedPair
    from fuzong_cli.read.forms import read_records

    not_pairs = f"{path.name} 不是 fuzong match 输出的配对结果工作簿（需要“配对结果”工作表，含企业名称、专家姓名、锁定、排除列）。"
    try:
        records = read_records([path], "pairs").records
    except FuzongError as exc:
        raise FuzongError(f"{not_pairs}\n{exc.message}") from None
    # match's own sheets when the workbook has them; else (saved as .csv, sheet renamed) every row that has
    # the 锁定/排除 columns
    rows = [r for r in records if r.source_sheet in (PAIRS_SHEET, EXCLUDED_SHEET)]
    if not rows:
        rows = [r for r in records if "锁定" in r.values or "排除" in r.values]
    if not rows:
        raise FuzongError(not_pairs)
    need_index = {id(r): i for i, r in enumerate(needs)}
    expert_index = {id(r): j for j, r in enumerate(experts)}
    locked, excluded = [], []
    for row in rows:
        for column in ("锁定", "排除"):  # a mark the staff typed must never be dropped silently
            typed = (row.raw or {}).get(column)
            if row.get(column) is None and typed not in (None, "") and str(typed).strip():
                raise FuzongError(
                    f"{path.name} 工作表“{row.source_sheet}”第{row.source_row}行“{column}”列填的是“{typed}”，"
                    f"看不出是否{column}。请填“是”或留空后重新运行。"
                )
        lock, ban = row.get("锁定") is True, row.get("排除") is True
        if not (lock or ban):
            continue
        where = f"{path.name} 第{row.source_row}行"
        label = f"{row.get('企业名称') or '（企业名称空白）'} — {row.get('专家姓名') or '（专家姓名空白）'}（{where}）"
        need = _find_need(row, all_needs)
        if need is not None and not _same_enterprise(row, need):
            # the staff typed another enterprise's name over the row but left the old credit code: never guess
            what = (
                f"企业名称“{row.get('企业名称')}”与统一社会信用代码 {row.get('统一社会信用代码')}"
                f"（{need.get('企业名称')}）不是同一家企业"
            )
            if ban and not lock:
                run.warn(f"排除的配对 {label}：{what}，已忽略。")
                continue
            raise FuzongError(f"锁定的配对 {label}：{what}。请改正其中一个，或取消锁定。")
        expert, persons = _find_expert(row, all_experts, expert_index.keys())
        if need is None or expert is None:
            missing = "企业" if need is None else "专家"
            why = f"本次输入里找不到该{missing}"
            if need is not None and persons > 1:
                why = f"专家姓名对应 {persons} 位不同的专家，请在“工作单位”列写明单位"
            if ban and not lock:
                run.warn(f"排除的配对 {label}：{why}，已忽略。")
                continue
            raise FuzongError(f"锁定的配对 {label}：{why}。请核对后重新运行，或取消锁定。")
        if lock and (id(need) not in need_index or id(expert) not in expert_index):
            who = need if id(need) not in need_index else expert
            raise FuzongError(f"锁定的配对 {label}：{_finding_text(who, False)}。请取消锁定，或先修正该行。")
        if id(need) in need_index and id(expert) in expert_index:
            i, j = need_index[id(need)], expert_index[id(expert)]
            if lock and ban:
                raise FuzongError(f"配对 {label} 同时标了锁定和排除，请只保留一个。")
            if lock:
                locked.append(LockedPair(i, j, where))
            else:
                excluded.append((i, j))
    return locked, excluded


def _find_need(row, needs):
    code = _norm(row.get("统一社会信用代码"))
    if code:
        hits = [r for r in needs if _norm(r.get("统一社会信用代码")) == code]
        if hits:
            return hits[0]
    name = _norm(row.get("企业名称"))
    hits = [r for r in needs if _norm(r.get("企业名称")) == name]
    return hits[0] if len(hits) >= 1 else None


def _same_enterprise(row, need) -> bool:
    """The row's 企业名称 (when filled) names the need found by its credit code (equal, or one contains the
    other: a shortened name or a dropped character at the end is tolerated)."""
    from fuzong_cli.decide.matching import _names_match

    typed = _norm(row.get("企业名称"))
    return not typed or _names_match(typed, _norm(need.get("企业名称")))


def _find_expert(row, experts, admitted=frozenset()):
    """The expert a row names: by 专家姓名, narrowed by 工作单位. Two rows of one person (same ID number) are
    one expert (the row taking part preferred). Returns (record or None, how many persons the name fits)."""
    from fuzong_cli.decide.identity import person_key

    name = _norm(row.get("专家姓名"))
    unit = _norm(row.get("工作单位"))
    hits = [r for r in experts if _norm(r.get("姓名")) == name]
    if unit:
        same = [r for r in hits if _norm(r.get("工作单位")) == unit]
        hits = same or hits
    persons = {person_key(r) for r in hits}
    if len(persons) != 1:
        return None, len(persons)
    return next((r for r in hits if id(r) in admitted), hits[0]), 1


# ------------------------------------------------------------------------------------------------ output


def _text(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, list):
        return "、".join(map(str, value))
    return value


def _shown(record: Any, name: str) -> Any:
    """What the output shows for a field: the cell as typed when the reader kept it, else the value."""
    raw = record.raw.get(name) if getattr(record, "raw", None) else None
    return raw if raw not in (None, "") else _text(record.get(name))


def pair_rows(report: MatchReport) -> list[list[Any]]:
    """配对结果 rows; a pair the staff locked keeps 锁定 = 是, so the next --locked round keeps it too."""
    from fuzong_cli.decide.matching import LOCKED

    res = report.result
    rows = []
    for k, p in enumerate(res.pairs, start=1):
        n, e = res.needs[p.need], res.experts[p.expert]
        rows.append([
            k, _text(n.get("县（市、区）")), _text(n.get("企业名称")), _text(n.get("统一社会信用代码")),
            _text(n.get("需求名称")), _text(e.get("姓名")), _text(e.get("性别")), _text(e.get("工作单位")),
            _shown(e, "职称"), _text(e.get("研究方向")), p.method, p.score, p.confidence, p.basis, "",
            YES if p.method == LOCKED else "", "",
        ])  # fmt: skip
    return rows


def excluded_rows(report: MatchReport) -> list[list[Any]]:
    """The pairs forbidden with 排除 = 是 (still in this run's inputs), for the next round of the loop."""
    res = report.result
    rows = []
    for k, (i, j) in enumerate(res.excluded, start=1):
        n, e = res.needs[i], res.experts[j]
        rows.append([
            k, _text(n.get("县（市、区）")), _text(n.get("企业名称")), _text(n.get("统一社会信用代码")),
            _text(n.get("需求名称")), _text(e.get("姓名")), _text(e.get("性别")), _text(e.get("工作单位")),
            _shown(e, "职称"), _text(e.get("研究方向")), "", "", "", "工作人员排除，不再配对", "", "", YES,
        ])  # fmt: skip
    return rows


def candidate_rows(report: MatchReport) -> list[list[Any]]:
    res = report.result
    rows = []
    for c in res.candidates:
        n, e = res.needs[c.need], res.experts[c.expert]
        rows.append([
            _text(n.get("县（市、区）")), _text(n.get("企业名称")), _text(n.get("统一社会信用代码")),
            _text(n.get("需求名称")), c.rank, _text(e.get("姓名")), _text(e.get("工作单位")), _shown(e, "职称"),
            _text(e.get("研究方向")), c.score, c.confidence, c.basis, c.note,
        ])  # fmt: skip
    return rows


def left_rows(report: MatchReport) -> list[list[Any]]:
    res = report.result
    rows = []
    infeasible = {x.index for x in res.infeasible}
    for x in res.left:
        if x.kind == "企业":
            n = res.needs[x.index]
            stage = (
                "可行性检查"
                if x.index in infeasible
                else ("意向专家" if "意向专家" in x.reason else "最优配对")
            )
            rows.append(["企业", _text(n.get("县（市、区）")), _text(n.get("企业名称")),
                         _text(n.get("统一社会信用代码")), _text(n.get("需求名称")), stage, x.reason])  # fmt: skip
        else:
            e = res.experts[x.index]
            rows.append(["专家", "", _text(e.get("姓名")), _text(e.get("工作单位")), _text(e.get("研究方向")),
                         "最优配对", x.reason])  # fmt: skip
    for record, reason in report.left_out:
        if record.kind == "needs":
            rows.append(["企业", _text(record.get("县（市、区）")), _text(record.get("企业名称")),
                         _text(record.get("统一社会信用代码")), _text(record.get("需求名称")), "资格校验", reason])  # fmt: skip
        else:
            rows.append(["专家", "", _text(record.get("姓名")), _text(record.get("工作单位")),
                         _text(record.get("研究方向")), "资格校验", reason])  # fmt: skip
    return rows


def quota_rows(report: MatchReport) -> list[list[Any]]:
    res = report.result
    paired: dict[str, int] = {}
    for p in res.pairs:
        c = str(res.needs[p.need].get("县（市、区）") or "")
        paired[c] = paired.get(c, 0) + 1
    rows: list[list[Any]] = [
        [r.county, r.needs, round(float(r.share), 2), r.places, paired.get(r.county, 0)]
        for r in res.quota.rows
    ]
    rows.append(
        ["合计", sum(r.needs for r in res.quota.rows), res.quota.total, res.quota.allocated, len(res.pairs)]
    )
    return rows


def write_match(report: MatchReport, target: Path) -> None:
    from fuzong_cli.write.annotated import add_explanation
    from fuzong_cli.write.fastxlsx import Book, save_atomic

    res, s = report.result, report.settings
    city = getattr(report.policy, "city", "") or ""
    wb = Book()  # the streaming writer: a 5,000-enterprise run writes ~400,000 cells
    wb.add_table(
        PAIRS_SHEET, PAIR_HEADERS, pair_rows(report),
        banner=[f"{city}科技副总供需配对结果", ("如需调整：在“锁定”列填“是”保留该配对，在“排除”列填“是”禁止该配对，"
                "保存后用 fuzong match … --locked 本文件 重新配对。")],
        text_columns=["统一社会信用代码", "锁定", "排除"],
        widths={"匹配依据": 50, "研究方向": 30, "企业名称": 30, "需求名称": 30},
    )  # fmt: skip
    wb.add_table(
        "候选名单", CANDIDATE_HEADERS, candidate_rows(report),
        banner=[f"每家企业得分最高的 {s.top_k} 位候选专家（供线下洽谈）"],
        text_columns=["统一社会信用代码"], widths={"匹配依据": 50, "研究方向": 30, "企业名称": 30, "备注": 30},
    )  # fmt: skip
    wb.add_table(
        "未匹配", LEFT_HEADERS, left_rows(report),
        text_columns=["信用代码或工作单位"], widths={"原因": 80, "名称": 30, "需求名称或研究方向": 30},
    )  # fmt: skip
    if res.excluded:
        wb.add_table(
            EXCLUDED_SHEET, PAIR_HEADERS, excluded_rows(report),
            banner=["工作人员标了“排除”的配对（不会再配对）。再次用 --locked 重跑时，本表的排除同样生效；"
                    "要恢复某一配对，把该行的“排除”改为空白或删去该行。"],
            text_columns=["统一社会信用代码", "锁定", "排除"],
            widths={"研究方向": 30, "企业名称": 30, "需求名称": 30},
        )  # fmt: skip
    if res.quota is not None:
        wb.add_table(
            "名额分配", QUOTA_HEADERS, quota_rows(report),
            banner=[(f"名额 {res.quota.total} 个，按各县（市、区）征集需求数（所有需求企业，与 fuzong quota 相同）占比分配"
                    "（最大余数法，余数相同按县名排序；不超过需求数）")],
        )  # fmt: skip
    extra: list[tuple[str, Any]] = [
        ("最低匹配得分", s.min_score),
        ("候选名单人数", s.top_k),
        ("每位专家可服务企业数", s.expert_capacity),
        ("每家企业可配专家数", s.enterprise_capacity),
        ("得分构成", score_recipe(s, res)),
        ("匹配把握", f"高：得分 ≥ {s.confidence_high:g}；中：{s.confidence_mid:g}–{s.confidence_high:g}；低：< {s.confidence_mid:g}（括号内为得分在本次全部企业×专家组合中的位置）"),
        ("配对顺序", "① 工作人员锁定的配对 ② 意向直派（企业意向专家确有其人且资格通过）③ 其余按总分最优配对"),
        ("求解方法", f"{res.solver}；总分最大，受专家/企业容量、利益冲突、资格校验" + ("、名额" if res.quota else "") + "约束"),
        ("同分规则", "企业按县（市、区）、企业名称、信用代码排序，专家按姓名、工作单位排序后求解，与输入行序无关；"
                     "两家企业意向同一专家时，双向意向优先，其次匹配得分高者优先"),
    ]  # fmt: skip
    for note in res.notes:
        extra.append(("说明", note))
    conflict_rule = (
        report.policy.rule("enterprise_not_founded_by_expert") if hasattr(report.policy, "rule") else None
    )
    if conflict_rule:
        review = conflict_rule.get("level") == "待复核"
        extra.append((
            "利益冲突",
            f"企业股东含专家本人或其所在单位（{conflict_rule.get('source', '')}）："
            + ("政策定为待复核，可以配对，配对在“匹配依据”中标明“利益冲突待复核”，锁定的配对保留"
               if review else "政策定为不通过，不予配对，锁定的配对报错"),
        ))  # fmt: skip
    if report.locked_file is not None:
        extra.append(("锁定/排除来自", report.locked_file.name))
    for line in report.skipped:
        extra.append(("跳过的工作表", line))
    source = report.policy.section("matching").get("source") if hasattr(report.policy, "section") else None
    if source:
        extra.append(("配对依据", source))
    add_explanation(
        wb, command="match", policy=report.policy, as_of=report.as_of, inputs=report.files, extra=extra
    )
    save_atomic(wb, target)


def score_recipe(s: Any, res: Any) -> str:
    """The 说明 line on how a score is made (README “匹配得分怎么来”)."""
    from fuzong_cli.decide import semantic

    lex = "关键词相似度（jieba 分词 + 同义词表）"
    if s.semantic and semantic.failure() is None:
        share = f"{s.lexical_share:g} × {lex} + {1 - s.lexical_share:g} × 语义相似度（USE 多语言句向量与词语对齐）"
    else:
        why = f"（语义模型未能加载：{semantic.failure()}）" if semantic.failure() else ""
        share = f"{lex}{why}"
    return (
        f"文本相似度 × {s.text_weight:g}，文本相似度 = {share}；专家意向企业 +{s.intent_bonus:g}；"
        f"同属一县 +{s.county_bonus:g}（上限 100）；专家画像含研究方向、学科、代表性成果及专利/项目类列"
    )


def summary_payload(report: MatchReport, target: Path) -> dict[str, Any]:
    res = report.result
    payload: dict[str, Any] = {"command": "match", "policy": report.policy.name, "output": str(target)}
    payload.update(res.summary())
    payload["未参加配对"] = len(report.left_out)
    if report.review_conflicts:
        payload["利益冲突待复核"] = report.review_conflicts
    payload["无可配专家的企业"] = [
        {"企业名称": res.needs[x.index].get("企业名称"), "原因": x.reason} for x in res.infeasible
    ]
    if res.quota is not None:
        payload["名额分配"] = {r.county: r.places for r in res.quota.rows}
    return payload


def print_summary(run: Run, report: MatchReport, target: Path) -> None:
    from fuzong_cli.write.console import table

    res = report.result
    summary = res.summary()
    rows = [[k, v] for k, v in summary.items() if not (k == "人工锁定" and v == 0)]
    rows.append(["未参加配对（资格校验）", len(report.left_out)])
    if report.review_conflicts:
        rows.append(["利益冲突待复核的配对", report.review_conflicts])
    lines = [table(rows, ["项目", "数量"])]
    if res.infeasible:
        lines.append(f"可行性检查：{len(res.infeasible)} 家企业没有任何可配的专家：")
        for x in res.infeasible[:10]:
            lines.append(f"  {res.needs[x.index].get('企业名称')}：{x.reason}")
        if len(res.infeasible) > 10:
            lines.append(f"  …其余 {len(res.infeasible) - 10} 家见“未匹配”工作表")
    lines.append(f"结果已写入：{target}")
    run.result(summary_payload(report, target), "\n".join(lines))
