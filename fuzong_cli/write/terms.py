"""The 聘期台账 workbook (聘期台账, 待办, 说明) and the terminal summary of a terms run: layout only."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fuzong_cli.runs.terms import OVERDUE, TermsReport

DEFAULT_NAME = "聘期台账.xlsx"
LEDGER_SHEET = "聘期台账"
LEDGER_HEADERS = [
    "序号",
    "姓名",
    "工作单位",
    "企业名称",
    "县（市、区）",
    "聘期开始",
    "聘期结束",
    "已服务年数",
    "下一事项",
    "截止日期",
    "剩余天数",
    "状态",
    "依据",
    "问题说明",
    "来源文件",
    "来源工作表",
    "来源行号",
]
TODO_HEADERS = [
    "截止日期",
    "剩余天数",
    "状态",
    "事项",
    "可办理起始",
    "姓名",
    "企业名称",
    "县（市、区）",
    "依据",
    "来源文件",
    "来源行号",
]


def _duty_text(duty) -> str:
    if duty.every_years:
        when = "每满 1 年（聘期开始的周年日）" if duty.every_years == 1 else f"每满 {duty.every_years} 年"
    elif duty.months_before_end:
        when = f"聘期结束前 {duty.months_before_end} 个月"
    else:
        when = "聘期届满当日"
    if duty.window_months:
        when += f"（截止前 {duty.window_months} 个月内办理）"
    done = f"；台账“{duty.done_field}”为“是”即视为已完成" if duty.done_field else ""
    return f"{duty.name}：{when}{done}（{duty.source}）"


def write_terms(report: TermsReport, target: Path) -> None:
    """聘期台账.xlsx: one row per person (its data sheet, read back as a ledger), 待办 by due date, 说明."""
    from fuzong_cli.records import FAIL, REVIEW
    from fuzong_cli.write.annotated import add_explanation, problem_text
    from fuzong_cli.write.workbook import add_table, mark, new_book, save_atomic

    plan, policy = report.plan, report.policy
    wb = new_book()
    banner = [
        f"科技副总聘期台账（{policy.label if hasattr(policy, 'label') else policy.display_name}）",
        f"参照日期：{plan.as_of.isoformat()}　即将到期：{plan.within} 天内",
    ]
    rows = []
    for n, row in enumerate(plan.rows, start=1):
        r = row.record
        nxt = row.next_item
        rows.append(
            [
                n,
                row.name,
                r.get("工作单位", ""),
                row.enterprise,
                r.get("县（市、区）", ""),
                row.start or r.raw.get("聘期开始", ""),
                row.end,
                row.served_years,
                nxt.name if nxt else "",
                nxt.due if nxt else None,
                nxt.days_left if nxt else None,
                row.status,
                nxt.duty.source if nxt else plan.rules.source,
                problem_text(r),
                r.source_file,
                r.source_sheet,
                r.source_row,
            ]
        )
    ws = add_table(wb, LEDGER_SHEET, LEDGER_HEADERS, rows, banner=banner, widths={"问题说明": 50, "依据": 22})
    first = len(banner) + 2
    col = {h: j for j, h in enumerate(LEDGER_HEADERS, start=1)}
    for i, row in enumerate(plan.rows, start=first):
        _mark_status(ws.cell(row=i, column=col["状态"]), row.status, mark, FAIL, REVIEW)
        for f in row.record.findings:
            if f.level in (FAIL, REVIEW):
                target_col = col.get(f.field) or col["问题说明"]
                mark(ws.cell(row=i, column=target_col), f.level, f"[{f.rule_code}] {f.message}")

    todo = plan.todo
    todo_rows = [
        [
            item.due,
            item.days_left,
            item.status,
            item.name,
            item.opens,
            item.row.name,
            item.row.enterprise,
            item.row.record.get("县（市、区）", ""),
            item.duty.source,
            item.row.record.source_file,
            item.row.record.source_row,
        ]
        for item in todo
    ]
    ws2 = add_table(
        wb,
        "待办",
        TODO_HEADERS,
        todo_rows,
        banner=[f"待办事项（截至 {plan.as_of.isoformat()}，按截止日期排序）"],
    )
    for i, item in enumerate(todo, start=3):
        _mark_status(ws2.cell(row=i, column=3), item.status, mark, FAIL, REVIEW)

    add_explanation(
        wb,
        command="terms",
        policy=policy,
        as_of=plan.as_of,
        inputs=report.files,
        extra=_explanation(report),
        data_sheets=[LEDGER_SHEET],
    )
    save_atomic(wb, target)


def _explanation(report: TermsReport) -> list[tuple[str, Any]]:
    rules, within = report.plan.rules, report.within
    extra: list[tuple[str, Any]] = [
        ("聘期", f"{rules.term_years} 年（{rules.source}）"),
        (
            "聘期结束",
            (
                f"届满之日 = 聘期开始 + {rules.term_years} 年，例如 2025-03-01 开始的聘期于 "
                f"{report.example_end.isoformat()} 届满；“聘期结束前 1 个月”即届满日前推一个日历月"
            ),
        ),
        *(("到期事项", _duty_text(d)) for d in rules.duties),
        (
            "状态",
            (
                f"已逾期：截止日期已过且台账未记录已完成；即将到期：{within} 天内截止；正常：更晚截止；"
                "已期满：聘期已届满且无未办事项"
                + (
                    f"；已撤销：考核{'、'.join(rules.revoke_grades)}（有禁止申报截止日期），"
                    f"{rules.revoke_note}（{rules.revoke_source}），不再列出事项"
                    if rules.revoke_grades
                    else ""
                )
            ),
        ),
        ("已过的事项", "台账不记录完成情况的事项（如年度述职、考核、审计）过了截止日期即不再列入待办"),
        ("已服务年数", "聘期开始到参照日期（不晚于聘期结束）的整年数"),
    ]
    if report.plan.merged:
        extra.append(
            ("合并", f"同一人同一聘期的多个年度台账行只保留最新年度，共合并 {report.plan.merged} 行")
        )
    if report.excluded:
        extra.append(("排除", f"配对结果中标记为排除的 {report.excluded} 行未计入"))
    extra += [("跳过的工作表", line) for line in report.skipped]
    return extra


def _mark_status(cell, status: str, mark, fail: str, review: str) -> None:
    if status == OVERDUE:
        mark(cell, fail, "截止日期已过，台账未记录已完成")
    elif status == "即将到期":
        mark(cell, review, "即将到期")


def summary_text(report: TermsReport, target: Path) -> str:
    """The terminal: people by status, the overdue items and those due within --within days, the output."""
    from fuzong_cli.write.console import table

    due = report.plan.due_soon
    counts = report.status_counts()
    lines = [
        f"共 {len(report.plan.rows)} 人："
        + "，".join(f"{k} {v}" for k, v in counts.items() if v or k in ("正常",))
    ]
    if due:
        lines.append(f"已逾期及 {report.within} 天内到期的事项（{len(due)} 项）：")
        lines.append(
            table(
                [
                    [i.due.isoformat(), str(i.days_left), i.status, i.name, i.row.name, i.row.enterprise]
                    for i in due
                ],
                ["截止日期", "剩余天数", "状态", "事项", "姓名", "企业名称"],
            )
        )
    else:
        lines.append(f"{report.within} 天内没有到期事项，也没有已逾期事项。")
    problems = report.rows_with_problems
    if problems:
        lines.append(
            f"{problems} 行有问题（聘期开始不是日期、晚于参照日期或同一人重复，或考核不合格待核实是否撤销），"
            "见工作簿“问题说明”列。"
        )
    lines.append(f"结果已写入：{target}")
    return "\n".join(lines)
