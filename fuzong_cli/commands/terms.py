"""fuzong terms: term ends and the duties due (年度述职, 总结报告, 专项经费审计, 期满考核) from the policy's [terms]."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

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

DEFAULT_NAME = "聘期台账.xlsx"
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


def register(app: typer.Typer) -> None:
    @app.command("terms")
    def terms(
        files: InputsArg,
        within: Annotated[
            int,
            typer.Option(
                "--within", help="“即将到期”的天数：截止日期在参照日期后这么多天内的事项（默认 30）。"
            ),
        ] = 30,
        policy: PolicyOpt = None,
        as_of: AsOfOpt = None,
        output: OutputOpt = None,
        force: ForceOpt = False,
        json: JsonOpt = False,
        quiet: QuietOpt = False,
    ) -> None:
        """聘期台账：按政策算出每位科技副总的聘期结束日、下一项到期事项（年度述职、总结报告、专项经费审计、期满考核）和状态。

        输入为服务台账或配对结果（须有“聘期开始”列）。输出工作簿含 聘期台账、待办（按截止日期排序）、说明；
        终端列出已逾期和 --within 天内到期的事项。退出码：0 无问题；1 有已逾期事项或有问题的行；2 无法运行。
        """
        run = Run(json=json, quiet=quiet)
        check_inputs(files)
        if within < 0:
            raise FuzongError(f"--within 须为 0 或正整数（天），而不是 {within}。")
        reference = parse_date_option(as_of)
        the_policy = load_policy_for(run, policy)
        from fuzong_cli.decide.terms import TermRules

        rules = TermRules.from_policy(the_policy)
        target = output_file(output, files[0], DEFAULT_NAME, force, files)
        report, skipped, excluded = plan(files, rules, reference, within, run)
        write_terms(report, target, the_policy, files, skipped, excluded)
        _print_summary(run, report, target, the_policy)
        if any(i.status == "已逾期" for i in report.todo) or any(
            r.record.conclusion != "通过" for r in report.rows
        ):
            raise typer.Exit(1)


def plan(files: list[Path], rules, reference, within: int, run: Run):
    """Read the ledger / 配对结果 and compute the terms; rows a 配对结果 marks 排除 are left out."""
    from fuzong_cli.decide.terms import plan_terms
    from fuzong_cli.read.forms import read_records
    from fuzong_cli.read.values import parse_bool

    result = read_records(files, "ledger")
    for line in result.skipped:
        run.info(line)
    if not result.records:
        from fuzong_cli.read.forms import no_rows_message

        raise FuzongError(no_rows_message(files))
    records = [r for r in result.records if not parse_bool(r.extra.get("排除"))]
    excluded = len(result.records) - len(records)
    if records and not any("聘期开始" in r.raw for r in records):
        names = "、".join(p.name for p in files)
        raise FuzongError(
            f"{names} 没有“聘期开始”列，无法计算聘期。请在台账中加上“聘期开始”列（如 2025-03-01）后重新运行。"
        )
    return plan_terms(records, rules, reference, within), result.skipped, excluded


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


def write_terms(report, target: Path, policy, files, skipped, excluded: int) -> None:
    from fuzong_cli.records import FAIL, REVIEW
    from fuzong_cli.write.annotated import problem_text
    from fuzong_cli.write.workbook import add_explanation, add_table, mark, new_book, save_atomic

    wb = new_book()
    banner = [
        f"科技副总聘期台账（{policy.label if hasattr(policy, 'label') else policy.display_name}）",
        f"参照日期：{report.as_of.isoformat()}　即将到期：{report.within} 天内",
    ]
    rows = []
    for n, row in enumerate(report.rows, start=1):
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
                nxt.duty.source if nxt else report.rules.source,
                problem_text(r),
                r.source_file,
                r.source_sheet,
                r.source_row,
            ]
        )
    ws = add_table(wb, "聘期台账", LEDGER_HEADERS, rows, banner=banner, widths={"问题说明": 50, "依据": 22})
    first = len(banner) + 2
    col = {h: j for j, h in enumerate(LEDGER_HEADERS, start=1)}
    for i, row in enumerate(report.rows, start=first):
        _mark_status(ws.cell(row=i, column=col["状态"]), row.status, mark, FAIL, REVIEW)
        for f in row.record.findings:
            if f.level in (FAIL, REVIEW):
                target_col = col.get(f.field) or col["问题说明"]
                mark(ws.cell(row=i, column=target_col), f.level, f"[{f.rule_code}] {f.message}")

    todo = report.todo
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
        banner=[f"待办事项（截至 {report.as_of.isoformat()}，按截止日期排序）"],
    )
    for i, item in enumerate(todo, start=3):
        _mark_status(ws2.cell(row=i, column=3), item.status, mark, FAIL, REVIEW)

    extra = [
        ("聘期", f"{report.rules.term_years} 年（{report.rules.source}）"),
        (
            "聘期结束",
            (
                f"届满之日 = 聘期开始 + {report.rules.term_years} 年，例如 2025-03-01 开始的聘期于 "
                f"{_example_end(report.rules.term_years)} 届满；“聘期结束前 1 个月”即届满日前推一个日历月"
            ),
        ),
        *(("到期事项", _duty_text(d)) for d in report.rules.duties),
        (
            "状态",
            (
                f"已逾期：截止日期已过且台账未记录已完成；即将到期：{report.within} 天内截止；正常：更晚截止；"
                "已期满：聘期已届满且无未办事项"
                + (
                    f"；已撤销：考核{'、'.join(report.rules.revoke_grades)}（有禁止申报截止日期），"
                    f"{report.rules.revoke_note}（{report.rules.revoke_source}），不再列出事项"
                    if report.rules.revoke_grades
                    else ""
                )
            ),
        ),
        ("已过的事项", "台账不记录完成情况的事项（如年度述职、考核、审计）过了截止日期即不再列入待办"),
        ("已服务年数", "聘期开始到参照日期（不晚于聘期结束）的整年数"),
    ]
    if report.merged:
        extra.append(("合并", f"同一人同一聘期的多个年度台账行只保留最新年度，共合并 {report.merged} 行"))
    if excluded:
        extra.append(("排除", f"配对结果中标记为排除的 {excluded} 行未计入"))
    extra += [("跳过的工作表", line) for line in skipped]
    add_explanation(wb, command="terms", policy=policy, as_of=report.as_of, inputs=files, extra=extra)
    save_atomic(wb, target)


def _example_end(years: int) -> str:
    import datetime as dt

    from fuzong_cli.decide.terms import term_end

    return term_end(dt.date(2025, 3, 1), years).isoformat()


def _mark_status(cell, status: str, mark, fail: str, review: str) -> None:
    if status == "已逾期":
        mark(cell, fail, "截止日期已过，台账未记录已完成")
    elif status == "即将到期":
        mark(cell, review, "即将到期")


def _print_summary(run: Run, report, target: Path, policy) -> None:
    from fuzong_cli.write.console import table

    due = report.due_soon
    counts = {s: report.count(s) for s in ("正常", "即将到期", "已逾期", "已期满", "已撤销", "无法计算")}
    payload = {
        "command": "terms",
        "policy": policy.name,
        "as_of": report.as_of.isoformat(),
        "within": report.within,
        "output": str(target),
        "people": len(report.rows),
        "status": counts,
        "todo": len(report.todo),
        "due": [
            {
                "due": i.due.isoformat(),
                "days_left": i.days_left,
                "status": i.status,
                "duty": i.name,
                "name": i.row.name,
                "enterprise": i.row.enterprise,
                "source": i.duty.source,
            }
            for i in due
        ],
        "rows_with_problems": sum(1 for r in report.rows if r.record.conclusion != "通过"),
    }
    lines = [
        f"共 {len(report.rows)} 人："
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
    problems = payload["rows_with_problems"]
    if problems:
        lines.append(
            f"{problems} 行有问题（聘期开始不是日期、晚于参照日期或同一人重复，或考核不合格待核实是否撤销），"
            "见工作簿“问题说明”列。"
        )
    lines.append(f"结果已写入：{target}")
    run.result(payload, "\n".join(lines))
