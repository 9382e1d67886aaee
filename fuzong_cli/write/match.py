"""The 配对结果 workbook of a match run (SPEC §5) and its terminal summary: layout only, never a decision."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fuzong_cli.records import EXCLUDED_SHEET, PAIRS_SHEET
from fuzong_cli.runs.match import MatchReport

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
YES = "是"


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
    res = report.result
    rows = []
    for k, p in enumerate(res.pairs, start=1):
        n, e = res.needs[p.need], res.experts[p.expert]
        rows.append([
            k, _text(n.get("县（市、区）")), _text(n.get("企业名称")), _text(n.get("统一社会信用代码")),
            _text(n.get("需求名称")), _text(e.get("姓名")), _text(e.get("性别")), _text(e.get("工作单位")),
            _shown(e, "职称"), _text(e.get("研究方向")), p.method, p.score, p.confidence, p.basis, "",
            YES if p.locked else "", "",
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
    rows = []
    for u in report.unpaired:
        r = u.record
        if u.kind == "企业":
            rows.append(["企业", _text(r.get("县（市、区）")), _text(r.get("企业名称")),
                         _text(r.get("统一社会信用代码")), _text(r.get("需求名称")), u.stage, u.reason])  # fmt: skip
        else:
            rows.append(["专家", "", _text(r.get("姓名")), _text(r.get("工作单位")), _text(r.get("研究方向")),
                         u.stage, u.reason])  # fmt: skip
    return rows


def quota_rows(report: MatchReport) -> list[list[Any]]:
    return [[q.county, q.needs, q.share, q.places, q.paired] for q in report.quota_lines]


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
    data_sheets = [PAIRS_SHEET]
    if res.excluded:
        wb.add_table(
            EXCLUDED_SHEET, PAIR_HEADERS, excluded_rows(report),
            banner=["工作人员标了“排除”的配对（不会再配对）。再次用 --locked 重跑时，本表的排除同样生效；"
                    "要恢复某一配对，把该行的“排除”改为空白或删去该行。"],
            text_columns=["统一社会信用代码", "锁定", "排除"],
            widths={"研究方向": 30, "企业名称": 30, "需求名称": 30},
        )  # fmt: skip
        # read back by the next --locked round (publicity and agreements use 配对结果 only: select_pairs)
        data_sheets.append(EXCLUDED_SHEET)
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
        ("得分构成", score_recipe(s, report.semantic_failure)),
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
        wb,
        command="match",
        policy=report.policy,
        as_of=report.as_of,
        inputs=report.files,
        extra=extra,
        data_sheets=data_sheets,
    )
    save_atomic(wb, target)


def score_recipe(s: Any, semantic_failure: str | None) -> str:
    """The 说明 line on how a score is made (README “匹配得分怎么来”)."""
    lex = "关键词相似度（jieba 分词 + 同义词表）"
    if s.semantic and semantic_failure is None:
        share = f"{s.lexical_share:g} × {lex} + {1 - s.lexical_share:g} × 语义相似度（USE 多语言句向量与词语对齐）"
    else:
        why = f"（语义模型未能加载：{semantic_failure}）" if semantic_failure else ""
        share = f"{lex}{why}"
    return (
        f"文本相似度 × {s.text_weight:g}，文本相似度 = {share}；专家意向企业 +{s.intent_bonus:g}；"
        f"同属一县 +{s.county_bonus:g}（上限 100）；专家画像含研究方向、学科、代表性成果及专利/项目类列"
    )


def summary_text(report: MatchReport, target: Path) -> str:
    """What the terminal shows after a match run: the counts, the enterprises without any possible expert."""
    from fuzong_cli.write.console import table

    res = report.result
    counts = report.counts()
    rows: list[list[Any]] = [
        [k, v]
        for k, v in counts.items()
        if k not in ("未参加配对", "利益冲突待复核") and not (k == "人工锁定" and v == 0)
    ]
    rows.append(["未参加配对（资格校验）", counts["未参加配对"]])
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
    return "\n".join(lines)
