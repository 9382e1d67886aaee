"""match as a library: read the needs and experts, check eligibility, pair them (SPEC §5); one report for every
renderer (the workbook, the terminal, --json)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fuzong_cli.errors import FuzongError
from fuzong_cli.records import EXCLUDED_SHEET, PAIRS_SHEET
from fuzong_cli.report import Report, Say, note_findings, quiet


@dataclass(frozen=True)
class Unpaired:
    """One line of 未匹配: an enterprise or an expert without a pair, the stage that left it out, and why."""

    kind: str  # 企业 / 专家
    record: Any
    stage: str  # 资格校验 / 可行性检查 / 意向专家 / 最优配对
    reason: str


@dataclass(frozen=True)
class QuotaLine:
    """One county's line of 名额分配 in a match run: its needs, exact share, places and pairs made."""

    county: str
    needs: int
    share: float  # rounded to 2 decimals
    places: int
    paired: int


@dataclass
class MatchReport(Report):
    """The one result object of a match run, rendered by the workbook, the terminal and --json alike."""

    command = "match"

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
    #: why the semantic model could not be loaded (None: loaded, or not asked for), for the 说明 score recipe
    semantic_failure: str | None = None
    unpaired: list[Unpaired] = field(default_factory=list)
    quota_lines: list[QuotaLine] = field(default_factory=list)  # with the 合计 line last; empty: no quota
    outputs: list[Path] = field(default_factory=list)

    @property
    def inputs(self) -> list[Path]:
        return [*self.files, *([self.locked_file] if self.locked_file else [])]

    def counts(self) -> dict[str, int | float]:
        counts: dict[str, int | float] = dict(self.result.summary())
        counts["未参加配对"] = len(self.left_out)
        if self.review_conflicts:
            counts["利益冲突待复核"] = self.review_conflicts
        return counts

    def findings(self) -> list[dict[str, Any]]:
        return note_findings(self.skipped)

    def details(self) -> dict[str, Any]:
        res = self.result
        details: dict[str, Any] = {
            "无可配专家的企业": [
                {"企业名称": res.needs[x.index].get("企业名称"), "原因": x.reason} for x in res.infeasible
            ],
            "未匹配": [
                {"类别": u.kind, "名称": u.record.get("企业名称" if u.kind == "企业" else "姓名"),
                 "环节": u.stage, "原因": u.reason}
                for u in self.unpaired
            ],
        }  # fmt: skip
        if res.quota is not None:
            details["名额分配"] = {r.county: r.places for r in res.quota.rows}
        return details


def _read(path: Path, kind: str, what: str, info: Say):
    from fuzong_cli.read.forms import read_records

    result = read_records([path], kind)
    for line in result.skipped:  # the reader already passes over fuzong's own side sheets quietly
        info(line)
    if not result.records:
        raise FuzongError(f"{path.name} 里没有读到任何{what}数据行。请检查是否给错了文件，或表格是否为空。")
    return result


def quota_warning(policy: Any, quota_total: int, allocated: int, unallocated: int) -> str:
    """The --quota-total warning when there are more places than what the policy counts: needs (湖北方案
    四(二), ``quota_count = "needs"``) or enterprises (the default)."""
    from fuzong_cli.decide.quota import count_mode

    counted = "征集到的需求数" if count_mode(policy) == "needs" else "征集到需求的企业数"
    return f"名额总数 {quota_total} 超过{counted} {allocated}，{unallocated} 个名额未分配（每县不超过其需求数）。"


def run_match(
    needs_path: Path,
    experts_path: Path,
    policy: Any,
    as_of: Any,
    *,
    top_k: int | None = None,
    min_score: float | None = None,
    quota_total: int | None = None,
    include_review: bool = False,
    locked: Path | None = None,
    info: Say = quiet,
    warn: Say = quiet,
) -> MatchReport:
    from fuzong_cli.decide import semantic
    from fuzong_cli.decide.eligibility import check_records, conflict_level, conflicts
    from fuzong_cli.decide.matching import MatchSettings, run_matching
    from fuzong_cli.decide.quota import allocate, count_mode, needs_by_county
    from fuzong_cli.records import PASS, REVIEW

    semantic.preload()
    need_read = _read(needs_path, "needs", "企业需求", info)
    expert_read = _read(experts_path, "experts", "专家意向", info)
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
            warn(quota_warning(policy, quota_total, quota.allocated, quota.unallocated))
    if not needs or not experts:
        side = "企业" if not needs else "专家"
        hint = (
            "有校验结论为“待复核”的行，核对后可加 --include-review 让它们参加配对。"
            if not include_review and any(r.conclusion == REVIEW for r in all_needs + all_experts)
            else "原因见“未匹配”工作表。"
        )
        warn(f"没有{side}通过资格校验，本次没有可做的配对。{hint}")
    locked_pairs, excluded = ([], [])
    if locked is not None:
        locked_pairs, excluded = read_locked(locked, needs, experts, all_needs, all_experts, warn)
    info(f"参加配对：企业 {len(needs)} 家，专家 {len(experts)} 人（未参加：{len(left_out)} 行，见“未匹配”）")
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
        warn(
            f"{marked} 个配对存在利益冲突（股东含专家本人或其单位），政策规定为待复核：已配对，请人工复核（见“匹配依据”）。"
        )
    return MatchReport(
        result, policy, as_of, settings, [needs_path, experts_path], locked, left_out,
        need_read.skipped + expert_read.skipped, quota_total, marked,
        semantic.failure() if settings.semantic else None,
        unpaired_of(result, left_out), quota_lines_of(result),
    )  # fmt: skip


def unpaired_of(result: Any, left_out: list[tuple[Any, str]]) -> list[Unpaired]:
    """Every enterprise and expert without a pair, with the stage that left it out: the matching's leftovers
    (可行性检查 / 意向专家 / 最优配对), then the rows that failed the eligibility check (资格校验)."""
    out = []
    infeasible = {x.index for x in result.infeasible}
    for x in result.left:
        if x.kind == "企业":
            stage = (
                "可行性检查"
                if x.index in infeasible
                else ("意向专家" if "意向专家" in x.reason else "最优配对")
            )
            out.append(Unpaired("企业", result.needs[x.index], stage, x.reason))
        else:
            out.append(Unpaired("专家", result.experts[x.index], "最优配对", x.reason))
    for record, reason in left_out:
        out.append(Unpaired("企业" if record.kind == "needs" else "专家", record, "资格校验", reason))
    return out


def quota_lines_of(result: Any) -> list[QuotaLine]:
    """名额分配 of a match run: each county's needs, share, places and the pairs made there; 合计 last."""
    if result.quota is None:
        return []
    paired: dict[str, int] = {}
    for p in result.pairs:
        c = str(result.needs[p.need].get("县（市、区）") or "")
        paired[c] = paired.get(c, 0) + 1
    lines = [
        QuotaLine(r.county, r.needs, round(float(r.share), 2), r.places, paired.get(r.county, 0))
        for r in result.quota.rows
    ]
    lines.append(
        QuotaLine(
            "合计",
            sum(r.needs for r in result.quota.rows),
            result.quota.total,
            result.quota.allocated,
            len(result.pairs),
        )
    )
    return lines


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


def read_locked(path: Path, needs, experts, all_needs, all_experts, warn: Say = quiet):
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
                warn(f"排除的配对 {label}：{what}，已忽略。")
                continue
            raise FuzongError(f"锁定的配对 {label}：{what}。请改正其中一个，或取消锁定。")
        expert, persons = _find_expert(row, all_experts, expert_index.keys())
        if need is None or expert is None:
            missing = "企业" if need is None else "专家"
            why = f"本次输入里找不到该{missing}"
            if need is not None and persons > 1:
                why = f"专家姓名对应 {persons} 位不同的专家，请在“工作单位”列写明单位"
            if ban and not lock:
                warn(f"排除的配对 {label}：{why}，已忽略。")
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
    """The need a row names: by 统一社会信用代码, else by 企业名称 (decide/identity.py)."""
    from fuzong_cli.decide.identity import find_enterprise

    return find_enterprise(row, needs)


def _same_enterprise(row, need) -> bool:
    """The row's 企业名称 (when filled) names the need found by its credit code (equal, or one contains the
    other: a shortened name or a dropped character at the end is tolerated)."""
    from fuzong_cli.decide.identity import names_match, norm_name

    typed = norm_name(row.get("企业名称"))
    return not typed or names_match(typed, norm_name(need.get("企业名称")))


def _find_expert(row, experts, admitted=frozenset()):
    """The expert a row names: by 专家姓名, narrowed by 工作单位. Two rows of one person (same ID number) are
    one expert (the row taking part preferred). Returns (record or None, how many persons the name fits)."""
    from fuzong_cli.decide.identity import person_key, persons_named

    hits = persons_named(row.get("专家姓名"), row.get("工作单位"), experts)
    persons = {person_key(r) for r in hits}
    if len(persons) != 1:
        return None, len(persons)
    return next((r for r in hits if id(r) in admitted), hits[0]), 1
