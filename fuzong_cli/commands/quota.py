"""fuzong quota: places per county in proportion to its needs (湖北方案 四(二)), largest remainder."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from fuzong_cli.commands.common import (
    AsOfOpt,
    ForceOpt,
    InputsArg,
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


def headers(mode: str) -> list[str]:
    """Table header; the count column says what was counted (policy ``[matching] quota_count``)."""
    from fuzong_cli.decide.quota import count_label

    return ["县（市、区）", count_label(mode), "按比例应得", "分配名额"]


def register(app: typer.Typer) -> None:
    @app.command("quota")
    def quota(
        needs: InputsArg,
        total: Annotated[
            int | None,
            typer.Option(
                "--total",
                help="要分配的名额总数；不填时取政策规定的每年名额（见 fuzong policy show 名称 的 quota_total），政策未规定则必填。",
            ),
        ] = None,
        only_passed: Annotated[
            bool, typer.Option("--only-passed", help="只统计资格校验“通过”的需求（默认统计所有需求行）。")
        ] = False,
        policy: PolicyOpt = None,
        as_of: AsOfOpt = None,
        output: OutputOpt = None,
        force: ForceOpt = False,
        json: JsonOpt = False,
        quiet: QuietOpt = False,
    ) -> None:
        """按各县（市、区）征集的需求数占比分配名额（最大余数法，余数相同按县名排序，不超过该县需求数）。

        打印分配表并写出工作簿（名额分配、说明）。退出码：0 已完成；2 无法运行。
        """
        run = Run(json=json, quiet=quiet)
        check_inputs(needs)
        if total is not None and total < 0:
            raise FuzongError(f"--total 不能是负数（{total}）。")
        reference = parse_date_option(as_of)
        the_policy = load_policy_for(run, policy)
        total_note = ""
        if total is None:
            total, total_note = policy_total(the_policy)
            run.warn(f"未给 --total：{total_note}")
        target = output_file(output, needs[0], "名额分配.xlsx", force, needs)
        counts, skipped_rows, files = count_needs(needs, the_policy, reference, only_passed, run)
        from fuzong_cli.decide.quota import allocate, count_mode

        table = allocate(counts, total)
        write_quota(table, the_policy, reference, files, target, skipped_rows, only_passed, total_note)
        rows = table_rows(table)
        payload = {
            "command": "quota",
            "policy": the_policy.name,
            "output": str(target),
            "total": total,
            "allocated": table.allocated,
            "unallocated": table.unallocated,
            "places": {r.county: r.places for r in table.rows},
            "needs": {r.county: r.needs for r in table.rows},
        }
        from fuzong_cli.write.console import table as text_table

        lines = [text_table(rows, headers(count_mode(the_policy)))]
        if table.unallocated:
            lines.append(f"名额总数超过需求总数，{table.unallocated} 个名额未分配（每县不超过其需求数）。")
        lines.append(f"结果已写入：{target}")
        run.result(payload, "\n".join(lines))


def policy_total(policy: Any) -> tuple[int, str]:
    """The places to share out when --total is not given: the policy's yearly number (湖北方案 一 “每年选派
    200 名左右”), or a labelled default (新乡计划 二(二) “三年内选聘300名左右”: 100 a year). (total, note)."""
    sec = policy.section("matching") if hasattr(policy, "section") else {}
    if sec.get("quota_total") is None:
        raise FuzongError(
            f"政策（{getattr(policy, 'display_name', policy)}）没有规定名额总数，请用 --total 给出要分配的名额数，"
            "例如 --total 100。"
        )
    total = int(sec["quota_total"])
    note = f"按政策取名额总数 {total} 个（{sec.get('quota_total_source', '')}"
    if sec.get("quota_total_default"):
        note += f"；每年名额为默认值（政策未规定）：{sec.get('quota_total_note', '')}"
    return total, note + "）；可用 --total 改"


def count_needs(paths: list[Path], policy: Any, as_of: Any, only_passed: bool, run: Run):
    """Needs per county; rows without a county are left out (and said so)."""
    from fuzong_cli.read.forms import read_records
    from fuzong_cli.records import PASS

    result = read_records(paths, "needs")
    for line in result.skipped:
        run.info(line)
    records = result.records
    if not records:
        raise FuzongError(f"{', '.join(p.name for p in paths)} 里没有读到任何企业需求数据行。")
    if only_passed:
        from fuzong_cli.decide.eligibility import check_records

        check_records(records, policy, as_of)
        records = [r for r in records if r.conclusion == PASS]
    records = _county_names(records, policy, run)
    from fuzong_cli.decide.quota import count_mode, needs_by_county

    counts = needs_by_county(records, count_mode(policy))
    missing = [r.where for r in records if not str(r.get("县（市、区）") or "").strip()]
    if missing:
        run.warn(
            f"{len(missing)} 行未填县（市、区），不参加名额分配：{'；'.join(missing[:3])}{'…' if len(missing) > 3 else ''}"
        )
    known = set(getattr(policy, "counties", []) or [])
    unknown = sorted(c for c in counts if known and c not in known)
    if unknown:
        run.warn(f"这些县（市、区）不在政策的县名单中，请核对是否写错：{'、'.join(unknown)}")
    if not counts:
        raise FuzongError("所有需求行都没有填写县（市、区），无法按县分配名额。")
    return counts, missing, result.files


def _county_names(records: list, policy: Any, run: Run) -> list:
    """Rows whose county is a 小计/合计 label are left out (and said); a county the policy does not list is
    matched to the one it unambiguously abbreviates (瑞安 → 瑞安市, 鹿城 → 鹿城区) and said, or stops the run
    (exit 2) naming it: places are never given to a county that is not in the policy."""
    from fuzong_cli.read.forms import is_total_label

    kept, totals = [], []
    for record in records:
        county = str(record.get("县（市、区）") or "").strip()
        if county and is_total_label(county):
            totals.append(f"{record.where}（{county}）")
            continue
        kept.append(record)
    if totals:
        run.info(
            f"{len(totals)} 行是小计/合计行，不计入需求数：{'；'.join(totals[:3])}{'…' if len(totals) > 3 else ''}"
        )
    known = list(getattr(policy, "counties", []) or [])
    if not known:
        return kept
    mapped: dict[str, str] = {}
    unknown: dict[str, list[str]] = {}
    for record in kept:
        county = str(record.get("县（市、区）") or "").strip()
        if not county or county in known:
            continue
        if county not in mapped and county not in unknown:
            candidates = _county_candidates(county, known)
            if len(candidates) == 1:
                mapped[county] = candidates[0]
            else:
                unknown[county] = candidates
        if county in mapped:
            record.values["县（市、区）"] = mapped[county]
    for short, full in sorted(mapped.items()):
        run.info(f"县（市、区）“{short}”按政策的县名单读作“{full}”。")
    if unknown:
        county, candidates = next(iter(unknown.items()))
        where = next(r.where for r in kept if str(r.get("县（市、区）") or "").strip() == county)
        hint = f"可能是：{'、'.join(candidates)}。" if candidates else f"政策的县名单：{'、'.join(known)}。"
        raise FuzongError(
            f"{where} 的县（市、区）“{county}”不在政策的县名单中，{hint}请改成县名单中的名称后重新运行。"
        )
    return kept


def _county_candidates(county: str, known: list[str]) -> list[str]:
    """Known counties that ``county`` abbreviates or spells with a different suffix (瑞安 → 瑞安市)."""
    import re

    def core(name: str) -> str:
        name = re.sub(r"[\s（）()]", "", name)
        return re.sub(r"(?:自治县|新区|市|区|县|旗)$", "", name) or name

    short = core(county)
    return [k for k in known if core(k) == short or (len(short) >= 2 and core(k).startswith(short))]


def table_rows(table) -> list[list[Any]]:
    rows: list[list[Any]] = [[r.county, r.needs, round(float(r.share), 2), r.places] for r in table.rows]
    rows.append(["合计", sum(r.needs for r in table.rows), table.total, table.allocated])
    return rows


def write_quota(
    table, policy, as_of, files, target: Path, skipped_rows, only_passed: bool, total_note: str = ""
) -> None:
    from fuzong_cli.decide.quota import count_mode
    from fuzong_cli.write.annotated import add_explanation
    from fuzong_cli.write.fastxlsx import Book, save_atomic

    mode = count_mode(policy)
    wb = Book()
    wb.add_table(
        "名额分配",
        headers(mode),
        table_rows(table),
        banner=[f"{getattr(policy, 'city', '') or ''}科技副总名额分配（共 {table.total} 个）"],
    )
    quota_source = policy.section("matching").get("quota_source") or "湖北方案 四(二)（按需求数占比分配名额）"
    extra: list[tuple[str, Any]] = [
        ("分配依据", quota_source),
        ("分配方法", ("最大余数法：先给每县按比例应得的整数部分，剩余名额按小数部分从大到小逐个分配，小数相同按县名排序；"
                     "每县不超过其需求数")),
        ("统计口径", ("资格校验通过的" if only_passed else "所有") + (
            "需求（每条需求算一个；同一企业、同一需求名称和描述的重复行只算一次）" if mode == "needs"
            else "需求企业（同一信用代码只算一家；默认值（政策未规定）：来源未规定按需求数还是企业数）")),
    ]  # fmt: skip
    if total_note:
        extra.append(("名额总数", total_note))
    if table.unallocated:
        extra.append(("未分配名额", table.unallocated))
    for where in skipped_rows:
        extra.append(("未填县（市、区）的行", where))
    add_explanation(wb, command="quota", policy=policy, as_of=as_of, inputs=files, extra=extra)
    save_atomic(wb, target)
