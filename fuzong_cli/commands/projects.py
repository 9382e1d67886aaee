"""fuzong projects: checks 协同创新项目 budgets where the policy defines them (聊城办法 第二十条)."""

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

DEFAULT_NAME = "项目预算-校验结果.xlsx"


def register(app: typer.Typer) -> None:
    @app.command("projects")
    def projects(
        files: InputsArg,
        ledger: Annotated[
            list[Path] | None,
            typer.Option("--ledger", help="在任科技副总的服务台账或配对结果，用于核实牵头人。可多次给出。"),
        ] = None,
        history: Annotated[
            list[Path] | None,
            typer.Option(
                "--history",
                help="往年 evaluate 输出的考核结果，用于核实牵头人是否因不合格被取消资格。可多次给出。",
            ),
        ] = None,
        policy: PolicyOpt = None,
        as_of: AsOfOpt = None,
        output: OutputOpt = None,
        force: ForceOpt = False,
        json: JsonOpt = False,
        quiet: QuietOpt = False,
    ) -> None:
        """校验科技副总协同创新项目预算表（仅限规定了此类项目的政策，如聊城办法 第二十条）。

        检查各方出资之和等于项目总额、企业出资占比不低于政策下限、支持资金不超过上限、牵头人为在任科技副总且未因
        考核不合格被取消资格。输出工作簿：校验结果、问题清单、汇总（按出资方合计，附大写金额）、说明。
        退出码：0 全部通过；1 有不通过或待复核的项目；2 无法运行。
        """
        run = Run(json=json, quiet=quiet)
        check_inputs(files)
        for extra in (ledger, history):
            if extra:
                check_inputs(extra)
        reference = parse_date_option(as_of)
        the_policy = load_policy_for(run, policy)
        from fuzong_cli.decide.projects import ProjectRules

        rules = ProjectRules.from_policy(the_policy)
        target = output_file(
            output, files[0], DEFAULT_NAME, force, [*files, *(ledger or []), *(history or [])]
        )
        report = run_projects(files, ledger or [], history or [], the_policy, rules, reference, run)
        write_projects(report, target)
        _print_summary(run, report, target)
        if any(r.conclusion != "通过" for r in report.records):
            raise typer.Exit(1)


class ProjectsReport:
    """The one result object of a projects run."""

    def __init__(
        self, records, summary, rules, policy, as_of, files, ledger_files, history_files, notes, extra
    ):
        self.records = records
        self.summary = summary
        self.rules = rules
        self.policy = policy
        self.as_of = as_of
        self.files = files
        self.ledger_files = ledger_files
        self.history_files = history_files
        self.notes = notes
        self.extra_headers = extra


def run_projects(files, ledger_files, history_files, policy, rules, as_of, run: Run) -> ProjectsReport:
    from fuzong_cli.decide.projects import (
        SHARE,
        SUPPORT,
        TOTAL,
        WAN,
        Roster,
        check_projects,
        enterprise_share,
        share_text,
        summarise,
        support_of,
        to_yuan,
        total_rows,
        yuan,
    )
    from fuzong_cli.read.forms import read_records
    from fuzong_cli.read.values import parse_bool

    result = read_records(files, "budgets")
    notes: list[tuple[str, str]] = [("跳过的工作表", line) for line in result.skipped]
    for line in result.skipped:
        run.info(line)
    totals = total_rows(result.records)
    records = [r for r in result.records if all(r is not t for t in totals)]
    for r in totals:
        notes.append(("跳过的合计行", f"{r.source_file} 工作表“{r.source_sheet}”第{r.source_row}行"))
    if not records:
        raise FuzongError(
            f"{'、'.join(p.name for p in files)} 中没有项目行（只有表头、合计行或全是空行），请检查是否发错了文件。"
        )
    if not any(TOTAL in r.raw or TOTAL + WAN in r.raw for r in records):
        raise FuzongError(
            f"{'、'.join(p.name for p in files)} 没有“项目总额”列。请加上“项目总额”（元）或“项目总额（万元）”列后重新运行。"
        )
    converted = to_yuan(records)
    if converted:
        notes.append(("金额单位", f"{converted} 行的金额按表头注明的“万元”换算为元"))
    current = None
    if ledger_files:
        current = [
            r for r in read_records(ledger_files, "ledger").records if not parse_bool(r.extra.get("排除"))
        ]
    from fuzong_cli.read.history import read_history

    history = read_history(history_files, policy).records if history_files else None
    term_years = policy.section("terms").get("term_years")
    roster = Roster(current=current, history=history, term_years=term_years)
    if not roster.checks_lead:
        message = "未给出 --ledger 或 --history，未核实牵头人是否为在任科技副总、是否因考核不合格被取消资格"
        run.warn(message)
        notes.append(("牵头人", message))
    check_projects(records, rules, roster, as_of)
    for r in records:
        share = enterprise_share(r)
        r.extra[SHARE] = share_text(share, rules.enterprise_min_share) if share is not None else ""
        r.extra[SUPPORT] = yuan(support_of(r, rules)).removesuffix("元")
    return ProjectsReport(
        records,
        summarise(records, rules),
        rules,
        policy,
        as_of,
        result.files,
        ledger_files,
        history_files,
        notes,
        [*result.extra_headers, SHARE, SUPPORT],
    )


def write_projects(report: ProjectsReport, target: Path) -> None:
    from fuzong_cli.decide.projects import BUDGET_HEADERS, FUNDERS, TOTAL, capital
    from fuzong_cli.read.headers import kind_spec
    from fuzong_cli.records import FAIL, PASS, REVIEW
    from fuzong_cli.write.annotated import add_findings_sheet, add_result_sheet
    from fuzong_cli.write.workbook import BOLD, add_explanation, add_table, new_book, save_atomic, set_value

    wb = new_book()
    fields = [
        f.name for f in kind_spec("budgets").fields if f.name in BUDGET_HEADERS or f.name == "牵头人身份证号"
    ]
    extra = [h for h in report.extra_headers if any(h in r.extra for r in report.records)]
    add_result_sheet(wb, "校验结果", report.records, fields, extra)
    add_findings_sheet(wb, report.records)

    s = report.summary
    passed = [r for r in report.records if r.conclusion == PASS]
    from fuzong_cli.decide.projects import amount, support_of

    def passed_total(name: str) -> float:
        return sum(amount(r, name) or 0.0 for r in passed)

    rules = report.rules
    rows = []
    for name in (*FUNDERS, TOTAL):
        share = s.totals[name] / s.totals[TOTAL] if s.totals[TOTAL] else None
        rows.append(
            [
                name,
                s.totals[name],
                capital(s.totals[name]),
                share,
                passed_total(name),
                capital(passed_total(name)),
            ]
        )
    support_label = f"支持资金（{'+'.join(rules.support_funders)}）"
    passed_support = sum(support_of(r, rules) for r in passed)
    rows.append(
        [
            support_label,
            s.support_total,
            capital(s.support_total),
            None,
            passed_support,
            capital(passed_support),
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
        wb, command="projects", policy=report.policy, as_of=report.as_of, inputs=report.files, extra=notes
    )
    save_atomic(wb, target)


def _print_summary(run: Run, report: ProjectsReport, target: Path) -> None:
    from fuzong_cli.decide.projects import FUNDERS, TOTAL, capital, yuan
    from fuzong_cli.write.console import table

    s = report.summary
    payload = {
        "command": "projects",
        "policy": report.policy.name,
        "output": str(target),
        "projects": s.projects,
        "通过": s.counts.get("通过", 0),
        "待复核": s.counts.get("待复核", 0),
        "不通过": s.counts.get("不通过", 0),
        "totals": {k: round(v, 2) for k, v in s.totals.items()},
        "support_total": round(s.support_total, 2),
        "failing": [
            {
                "row": r.source_row,
                "project": r.get("项目名称"),
                "conclusion": r.conclusion,
                "problems": [f"[{f.rule_code}] {f.message}" for f in r.findings if f.level != "提示"],
            }
            for r in report.records
            if r.conclusion != "通过"
        ],
    }
    lines = [
        f"共 {s.projects} 个项目：通过 {payload['通过']}，待复核 {payload['待复核']}，不通过 {payload['不通过']}",
        table(
            [[name, yuan(s.totals[name]), capital(s.totals[name])] for name in (*FUNDERS, TOTAL)],
            ["出资方", "金额", "大写"],
        ),
    ]
    bad = [r for r in report.records if r.conclusion != "通过"]
    if bad:
        lines.append(
            table(
                [
                    [
                        str(r.source_row),
                        str(r.get("项目名称") or ""),
                        r.conclusion,
                        "；".join(f"[{f.rule_code}] {f.message}" for f in r.findings if f.level != "提示"),
                    ]
                    for r in bad
                ],
                ["行号", "项目名称", "结论", "问题"],
            )
        )
    lines.append(f"结果已写入：{target}")
    run.result(payload, "\n".join(lines))
