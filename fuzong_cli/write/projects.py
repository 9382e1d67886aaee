"""The 项目预算-校验结果 workbook of a projects run and its terminal summary: layout only, never a decision."""

from __future__ import annotations

from pathlib import Path

from fuzong_cli.formats import capital, yuan_with_unit
from fuzong_cli.records import BUDGET_HEADERS, FAIL, FUNDERS, PASS, REVIEW, TOTAL
from fuzong_cli.runs.projects import ProjectsReport, problems

#: the sheet that holds the checked project rows (the marker's data_sheets)
DATA_SHEETS = ["校验结果"]


def write_projects(report: ProjectsReport, target: Path) -> None:
    """校验结果, 问题清单, 汇总 (by funder, with capitals) and 说明, saved atomically."""
    from fuzong_cli.read.headers import kind_spec
    from fuzong_cli.write.annotated import add_explanation, add_findings_sheet, add_result_sheet
    from fuzong_cli.write.workbook import BOLD, add_table, new_book, save_atomic, set_value

    wb = new_book()
    fields = [
        f.name for f in kind_spec("budgets").fields if f.name in BUDGET_HEADERS or f.name == "牵头人身份证号"
    ]
    extra = [h for h in report.extra_headers if any(h in r.extra for r in report.records)]
    add_result_sheet(wb, "校验结果", report.records, fields, extra)
    add_findings_sheet(wb, report.records)

    s = report.summary
    rules = report.rules
    rows = []
    for name in (*FUNDERS, TOTAL):
        passed = report.passed_totals[name]
        rows.append(
            [name, s.totals[name], capital(s.totals[name]), report.shares[name], passed, capital(passed)]
        )
    support_label = f"支持资金（{'+'.join(rules.support_funders)}）"
    rows.append(
        [
            support_label,
            s.support_total,
            capital(s.support_total),
            None,
            report.passed_support,
            capital(report.passed_support),
        ]
    )
    headers = ["出资方", "全部项目（元）", "大写", "占项目总额", "其中通过（元）", "大写（通过）"]
    ws = add_table(
        wb,
        "汇总",
        headers,
        rows,
        banner=[f"协同创新项目预算汇总（{report.policy.label}，{s.projects} 个项目）"],
        widths={"大写": 30, "大写（通过）": 30, "出资方": 26, "全部项目（元）": 16, "其中通过（元）": 16},
    )
    for i in range(3, 3 + len(rows)):
        ws.cell(row=i, column=2).number_format = "#,##0.00"
        ws.cell(row=i, column=4).number_format = "0.00%"
        ws.cell(row=i, column=5).number_format = "#,##0.00"
    r0 = 3 + len(rows) + 1
    set_value(ws.cell(row=r0, column=1), "校验结论")
    set_value(ws.cell(row=r0, column=2), "项目数")
    ws.cell(row=r0, column=1).font = BOLD
    ws.cell(row=r0, column=2).font = BOLD
    for k, conclusion in enumerate((PASS, REVIEW, FAIL), start=1):
        set_value(ws.cell(row=r0 + k, column=1), conclusion)
        ws.cell(row=r0 + k, column=2).value = s.counts.get(conclusion, 0)
    set_value(ws.cell(row=r0 + 4, column=1), "合计")
    ws.cell(row=r0 + 4, column=2).value = s.projects

    notes = [
        ("各方出资", f"企业出资 + 高校出资 + 财政资金 = 项目总额（{rules.source}）"),
        (
            "企业出资占比",
            f"不低于项目总额的 {rules.enterprise_min_share:.0%}（{rules.enterprise_min_share_source}）",
        ),
        (
            "支持资金",
            f"{'+'.join(rules.support_funders)}，单个项目不超过 {rules.max_support:,.0f} 元（{rules.max_support_source}）",
        ),
        ("牵头人", f"须为在任科技副总（{rules.lead_source}）"),
    ]
    if rules.ban_years:
        ban = (
            f"考核不合格者 {rules.ban_years} 年内不得承担协同创新项目（{rules.ban_source}），截止于不合格年度后"
            f"第 {rules.ban_years} 年的 12 月 31 日，或考核结果中的“禁止申报截止”"
        )
        notes.append(("不合格禁止期", ban))
    notes += [("服务台账/配对结果", p.name) for p in report.ledger_files]
    notes += [("往年考核结果", p.name) for p in report.history_files]
    notes += report.notes
    add_explanation(
        wb,
        command="projects",
        policy=report.policy,
        as_of=report.as_of,
        inputs=report.files,
        extra=notes,
        data_sheets=DATA_SHEETS,
    )
    save_atomic(wb, target)


def summary_text(report: ProjectsReport, target: Path) -> str:
    """What the terminal shows after a projects run: counts, totals by funder, the projects that need work."""
    from fuzong_cli.write.console import table

    s = report.summary
    lines = [
        f"共 {s.projects} 个项目：通过 {s.counts.get(PASS, 0)}，待复核 {s.counts.get(REVIEW, 0)}，"
        f"不通过 {s.counts.get(FAIL, 0)}",
        table(
            [[name, yuan_with_unit(s.totals[name]), capital(s.totals[name])] for name in (*FUNDERS, TOTAL)],
            ["出资方", "金额", "大写"],
        ),
    ]
    bad = report.not_passed
    if bad:
        lines.append(
            table(
                [
                    [str(r.source_row), str(r.get("项目名称") or ""), r.conclusion, "；".join(problems(r))]
                    for r in bad
                ],
                ["行号", "项目名称", "结论", "问题"],
            )
        )
    lines.append(f"结果已写入：{target}")
    return "\n".join(lines)
