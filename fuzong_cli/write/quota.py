"""The 名额分配 workbook of a quota run and its terminal table: layout only, never a decision."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fuzong_cli.formats import DEFAULT_LABEL
from fuzong_cli.runs.quota import QuotaReport


def headers(report: QuotaReport) -> list[str]:
    """Table header; the count column says what was counted (policy ``[matching] quota_count``)."""
    return ["县（市、区）", report.count_label, "按比例应得", "分配名额"]


def write_quota(report: QuotaReport, target: Path) -> None:
    from fuzong_cli.write.annotated import add_explanation
    from fuzong_cli.write.fastxlsx import Book, save_atomic

    policy, table, mode = report.policy, report.table, report.count_mode
    wb = Book()
    wb.add_table(
        "名额分配",
        headers(report),
        report.rows(),
        banner=[f"{getattr(policy, 'city', '') or ''}科技副总名额分配（共 {table.total} 个）"],
    )
    # only a policy that says how places are shared cites a clause; the others get the method as a labelled default
    quota_source = policy.section("matching").get("quota_source") or (
        f"{DEFAULT_LABEL}：本政策未规定名额分配办法，按各县（市、区）征集的需求占比分配（参照湖北方案 四(二)的做法）"
    )
    extra: list[tuple[str, Any]] = [
        ("分配依据", quota_source),
        ("分配方法", ("最大余数法：先给每县按比例应得的整数部分，剩余名额按小数部分从大到小逐个分配，小数相同按县名排序；"
                     "每县不超过其需求数")),
        ("统计口径", ("资格校验通过的" if report.only_passed else "所有") + (
            "需求（每条需求算一个；同一企业、同一需求名称和描述的重复行只算一次）" if mode == "needs"
            else "需求企业（同一信用代码只算一家；默认值（政策未规定）：来源未规定按需求数还是企业数）")),
    ]  # fmt: skip
    if report.total_note:
        extra.append(("名额总数", report.total_note))
    if table.unallocated:
        extra.append(("未分配名额", table.unallocated))
    for where in report.missing_county:
        extra.append(("未填县（市、区）的行", where))
    add_explanation(
        wb,
        command="quota",
        policy=policy,
        as_of=report.as_of,
        inputs=report.files,
        extra=extra,
        data_sheets=[],  # no fuzong command reads a 名额分配 back: no sheet of it is data
    )
    save_atomic(wb, target)


def summary_text(report: QuotaReport, target: Path) -> str:
    """What the terminal shows after a quota run: the allocation table."""
    from fuzong_cli.write.console import table as text_table

    lines = [text_table(report.rows(), headers(report))]
    if report.table.unallocated:
        lines.append(f"名额总数超过需求总数，{report.table.unallocated} 个名额未分配（每县不超过其需求数）。")
    lines.append(f"结果已写入：{target}")
    return "\n".join(lines)
