"""The 考核结果 workbook of an evaluate run (SPEC §8) and its terminal summary: layout only, never a decision.

Every number shown (grades, ranks, money, the 补助汇总 lines and totals) comes from the ``EvaluateReport``.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from fuzong_cli.formats import DEFAULT_LABEL, plain_number, yuan, yuan_number_format
from fuzong_cli.runs.evaluate import UNFILLED, EvaluateReport

if TYPE_CHECKING:
    from fuzong_cli.decide.grading import Evaluation

#: ledger indicators shown in 考核结果, always in this order (blank when the ledger has no such column)
INDICATORS = [
    "服务天数",
    "技术服务次数",
    "新技术新工艺新产品数",
    "知识产权申请数",
    "培训宣讲次数",
    "培养人才数",
    "技术攻关项目数",
    "解决技术难题数",
    "企业评价得分",
    "总结报告已提交",
    "企业生活补助（元/月）",
]
IDENTITY = [
    "年度",
    "县（市、区）",
    "姓名",
    "身份证号",
    "工作单位",
    "企业名称",
    "统一社会信用代码",
    "聘期开始",
]
RESULT = ["考核得分", "等次", "排名", "前十", "补助金额（元）", "补助说明", "禁止申报截止", "等次说明"]
TAIL = ["校验结论", "问题说明", "提示", "来源文件", "来源工作表", "来源行号"]
#: the columns of 考核结果, exactly (read back as kind "history" by evaluate/validate --history); the
#: conclusions (等次, 得分, 排名, 校验结论) sit beside the name, where a reader looks first
LEADING = ["考核得分", "等次", "排名", "前十", "校验结论", "补助金额（元）"]
RESULT_COLUMNS = [
    "序号",
    *IDENTITY[:3],
    *LEADING,
    *IDENTITY[3:],
    *INDICATORS,
    *[c for c in RESULT if c not in LEADING],
    *[c for c in TAIL if c not in LEADING],
]
#: 名单 headers avoid 年度/等次 so that the sheet is never mistaken for 考核结果 when read back
LIST_COLUMNS = [
    "类别",
    "姓名",
    "工作单位",
    "企业名称",
    "县（市、区）",
    "所属年份",
    "考核结论",
    "得分",
    "名次",
    "说明",
    "截止日期",
    "依据",
]
#: the sheets that hold the data rows (the marker's data_sheets): 考核结果 is read back by evaluate/validate/
#: projects --history and, as a ledger, by terms and projects --ledger; 打印版, 名单 and 补助汇总 never are
DATA_SHEETS = ["考核结果"]
MONEY_COLUMNS = ["汇总方式", "名称", "考核人数", "补助人数", "补助金额（元）", "大写金额"]


def _cell_value(record: Any, name: str) -> Any:
    """The normalised value when there is one, else the text as typed (so a bad value stays visible)."""
    value = record.values.get(name)
    if value is None or value == "":
        return record.raw.get(name, "") or None
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _indicator_value(row: Any, name: str) -> Any:
    """An indicator as graded; one the rules could not use (``3个月`` under 服务天数, ``优``) shows as typed."""
    from fuzong_cli.read.values import wrong_day_unit

    raw = row.record.raw.get(name)
    if raw not in (None, "") and wrong_day_unit(name, str(raw)):
        return str(raw)  # “3个月”: converted for grading (K18), shown as typed
    if name in row.values and row.values[name] is None and raw not in (None, ""):
        value = row.record.values.get(name)
        if not isinstance(value, int | float) or isinstance(value, bool) or wrong_day_unit(name, str(raw)):
            return str(raw)
    return _cell_value(row.record, name)


def result_rows(report: EvaluateReport) -> list[list[Any]]:
    """The 考核结果 rows in rank order, matching RESULT_COLUMNS."""
    from fuzong_cli.write.annotated import priority_text, problem_text

    rows = []
    for number, row in enumerate(report.ordered, start=1):
        rec = row.record
        values = [
            number,
            row.year,
            *(_cell_value(rec, f) for f in IDENTITY[1:]),
            *(_indicator_value(row, f) for f in INDICATORS),
            row.score,
            row.grade,
            row.rank,
            ("是" if row.top else "否") if report.evaluation.rules.top_n else None,
            row.money,
            "；".join(row.money_notes),
            row.ban_until,
            "；".join(row.reasons),
            rec.conclusion,
            problem_text(rec),
            priority_text(rec),
            rec.source_file,
            rec.source_sheet,
            rec.source_row,
        ]
        by_name = dict(zip(_BUILT_ORDER, values))
        rows.append([by_name[c] for c in RESULT_COLUMNS])
    return rows


#: the order result_rows builds a row in (then put in RESULT_COLUMNS order)
_BUILT_ORDER = ["序号", *IDENTITY, *INDICATORS, *RESULT, *TAIL]


def write_evaluation(report: EvaluateReport, target: Path) -> None:
    """考核结果, 打印版, 补助汇总, 名单, 问题清单, 图表 and 说明, saved atomically."""
    from fuzong_cli.records import NOTICE
    from fuzong_cli.write.annotated import add_explanation, add_findings_sheet
    from fuzong_cli.write.charts import add_chart_sheet
    from fuzong_cli.write.workbook import (
        LEVEL_FILL,
        RED,
        YELLOW,
        add_table,
        mark,
        new_book,
        save_atomic,
    )

    ev = report.evaluation
    label = report.label
    ordered = report.ordered
    wb = new_book()

    # 考核结果
    banner = [
        f"{ev.year}年度科技副总考核结果（{label}）",
        f"政策：{ev.policy_label}；等次：{'、'.join(ev.rules.grades)}",
    ]
    rows = result_rows(report)
    ws = add_table(
        wb,
        "考核结果",
        RESULT_COLUMNS,
        rows,
        banner=banner,
        text_columns=["身份证号", "统一社会信用代码"],
        widths={"补助说明": 36, "等次说明": 48, "问题说明": 48, "提示": 30, "企业名称": 24, "工作单位": 20},
    )
    col = {h: i + 1 for i, h in enumerate(RESULT_COLUMNS)}
    first = len(banner) + 2
    for i, row in enumerate(ordered, start=first):
        _money_format(ws.cell(row=i, column=col["补助金额（元）"]))
        grade = ws.cell(row=i, column=col["等次"])
        if row.grade == ev.rules.failing:
            grade.fill = RED
        verdict = ws.cell(row=i, column=col["校验结论"])
        if row.record.conclusion in LEVEL_FILL:
            verdict.fill = LEVEL_FILL[row.record.conclusion]
        for f in row.record.findings:
            if f.level == NOTICE:
                continue
            target_col = col.get(f.field) or col["问题说明"]
            mark(ws.cell(row=i, column=target_col), f.level, f"[{f.rule_code}] {f.message}")
        if row.ban_until is not None:
            ws.cell(row=i, column=col["禁止申报截止"]).fill = YELLOW

    # 打印版: the same rows, the columns a clerk needs, on A4 landscape (the 考核结果 prints on A3)
    from fuzong_cli.write.annotated import add_print_sheet

    printed = add_print_sheet(wb, "考核结果", RESULT_COLUMNS, rows, banner=banner[:1])
    heads = [c.value for c in printed[2]]
    money, grade = heads.index("补助金额（元）") + 1, heads.index("等次") + 1
    for i in range(3, 3 + len(rows)):
        _money_format(printed.cell(row=i, column=money))
        if printed.cell(row=i, column=grade).value == ev.rules.failing:
            printed.cell(row=i, column=grade).fill = RED

    # 补助汇总
    lines = report.money.lines
    money_banner = [f"{ev.year}年度科技副总补助汇总（{label}）"]
    items = _money_items(report)
    money_banner.append("补助依据：" + ("；".join(items) if items else "本政策未规定补助金额"))
    ws = add_table(
        wb,
        "补助汇总",
        MONEY_COLUMNS,
        [[ln.group, ln.name, ln.people, ln.paid, ln.amount, ln.capital] for ln in lines],
        banner=money_banner,
        widths={"名称": 28, "大写金额": 28},
    )
    for i in range(len(money_banner) + 2, len(money_banner) + 2 + len(lines)):
        _money_format(ws.cell(row=i, column=5))
    from fuzong_cli.write.workbook import BOLD

    for j in range(1, len(MONEY_COLUMNS) + 1):
        ws.cell(row=len(money_banner) + 1 + len(lines), column=j).font = BOLD

    # 名单
    add_table(
        wb,
        "名单",
        LIST_COLUMNS,
        [
            [
                e.category,
                e.name,
                e.unit,
                e.enterprise,
                e.county,
                e.year,
                e.grade,
                e.score,
                e.rank,
                e.note,
                e.until,
                e.source,
            ]
            for e in ev.lists
        ],
        banner=[
            f"{ev.year}年度科技副总名单（{label}）：优秀、不合格（禁止申报截止日期）、续聘、前十、连续前十"
        ],
        widths={"说明": 50, "依据": 26, "企业名称": 24, "工作单位": 20},
    )

    add_findings_sheet(wb, [r.record for r in ordered])

    # 图表
    counts = report.grade_counts
    money_by_county = report.money.by_county
    counties = ev.counties
    add_chart_sheet(
        wb,
        "图表",
        banner=f"{ev.year}年度科技副总考核图表（{label}）",
        grade_headers=["县（市、区）", *ev.rules.grades],
        grade_rows=[[c or UNFILLED, *(counts[c][g] for g in ev.rules.grades)] for c in counties],
        money_rows=[[c or UNFILLED, money_by_county.get(c or UNFILLED, 0.0)] for c in counties],
        no_money="本政策未设补助" if not items else f"{ev.year}年度无人获得补助（补助金额均为 0 元）",
    )

    extra: list[tuple[str, Any]] = [("考核年度", ev.year), ("考核人数", len(ev.rows))]
    extra += [("评分细则", _rubric_text(ev)), ("分数线", _threshold_text(ev))]
    extra += [("硬性要求", t) for t in _floor_texts(ev)]
    if ev.rules.report_required:
        then = (
            "未提交即不合格"
            if ev.rules.report_level == "不通过"
            else "未提交为待复核（来源未把报告与等次挂钩）"
        )
        extra.append(("总结报告", f"聘期最后一年须提交（{ev.rules.report_source}），{then}"))
    if report.period_words:
        extra.append(
            (
                "评价期",
                f"{report.period_words}：评价年度按整个评价期（聘期开始起算）各年度台账合计评定，"
                "往年数据取自同时输入的往年台账或 --history；其余年度为年度述职和工作量达标情况，等次作参考",
            )
        )
    if ev.rules.top_n:
        extra.append(
            ("排名", f"同分并列；不合格者排在最后且不计入前{ev.rules.top_n}（{ev.rules.top_n_source}）")
        )
    if ev.rules.cycle_years and ev.rules.period == "year":
        extra.append(
            ("考核周期", f"每{ev.rules.cycle_years}年一次（{ev.rules.cycle_source}），以聘期开始起算")
        )
    if ev.history_rules.ban_years:
        extra.append(
            (
                "禁止申报",
                f"{'、'.join(ev.history_rules.ban_grades)}者至考核年度后第{ev.history_rules.ban_years}年12月31日不得再次申报（{ev.history_rules.ban_source}）",
            )
        )
    extra.append(("补助合计", f"{yuan(report.money.total)} 元（{report.money.total_capital}）"))
    # what the policy gives the programme beyond per-person money (温州方案 五(四) 20 个专项项目/年)
    extra += [("配套支持", str(n)) for n in report.policy.section("evaluation").get("support_notes", [])]
    extra += [("往年考核结果", p.name) for p in report.history_files]
    extra += [("跳过的工作表", line) for line in report.skipped]
    extra += [("未参加考核", f"{y} 年度 {n} 行") for y, n in sorted(ev.other_years.items())]
    extra.append(("退出码", "0 全部合格且无问题；1 有不合格或有不通过/待复核的问题；2 无法运行"))
    add_explanation(
        wb,
        command="evaluate",
        policy=report.policy,
        as_of=report.as_of,
        inputs=report.inputs,
        extra=extra,
        data_sheets=DATA_SHEETS,
    )
    save_atomic(wb, target)


def _money_format(cell: Any) -> None:
    """Whole yuan as 200,000; an amount with jiao/fen keeps them (8,000.50), as its capital numerals do."""
    cell.number_format = yuan_number_format(cell.value)


def _money_items(report: EvaluateReport) -> list[str]:
    """补助依据: the policy's money items and the enterprise's minimum, in words."""
    rules = report.money_rules
    words = {
        "once_per_term": "每人每个聘期一次",
        "once_per_person": "每人一次（续聘不再发放）",
        "per_grade": "每人（按等次）",
        "per_year": "每人每年",
    }
    out = []
    for item in rules.items:
        who = f"，限{'、'.join(item.grades)}" if item.grades else ""
        county = "，各县金额见政策 county_amounts" if item.county_amounts else ""
        out.append(f"{item.name} {yuan(item.amount)}元（{words[item.basis]}{who}{county}；{item.source}）")
    if rules.enterprise_minimum is not None:
        em = rules.enterprise_minimum
        out.append(f"企业每月应付不低于 {yuan(em.min)} 元（核对“{em.field}”；{em.source}）")
    return out


def _rubric_text(ev: Evaluation) -> str:
    parts = []
    for item in ev.rules.rubric:
        limit = f"，超过{plain_number(item.max_value)}视为填错" if item.max_value is not None else ""
        parts.append(f"{item.field}×{plain_number(item.per_unit)}（封顶{plain_number(item.cap)}分{limit}）")
    tail = f"（权重与封顶为{DEFAULT_LABEL}，可在政策文件中修改）" if ev.rules.rubric_default else ""
    return "得分 = " + " + ".join(parts) + tail


def _threshold_text(ev: Evaluation) -> str:
    parts = [f"{g} ≥ {plain_number(ev.rules.thresholds[g])}" for g in ev.rules.grades[:-1]]
    if ev.rules.thresholds_default:
        return (
            "；".join(parts)
            + f"；其余为{ev.rules.failing}（分数线为{DEFAULT_LABEL}；等次名称见{ev.rules.source}）；"
            f"政策明示的下限均已达到的，不因默认分数线定为{ev.rules.failing}（暂定{ev.rules.grades[-2]}，待复核）"
        )
    return "；".join(parts) + f"；其余为{ev.rules.failing}（{ev.rules.source}）"


def _floor_texts(ev: Evaluation) -> list[str]:
    out = []
    for floor in ev.rules.floors:
        monthly = f"（每月{plain_number(floor.per_month)}）" if floor.per_month else ""
        then = (
            f"未达到即{ev.rules.failing}"
            if floor.level == "不通过"
            else "原则上的要求：未达到为待复核，不直接定为不合格"
        )
        out.append(
            f"{floor.field} 每年 ≥ {plain_number(floor.min)}{monthly}，不满一年按服务月数折算：{floor.note}（{floor.source}），{then}"
        )
    return out or ["本政策未规定硬性下限"]


# ---------------------------------------------------------------------------------------------------------
# terminal


def summary_text(report: EvaluateReport, target: Path) -> str:
    """What the terminal shows after an evaluate run: grades and money by county, the lists, what needs work."""
    from fuzong_cli.write.console import table

    ev = report.evaluation
    money = report.money
    rows = []
    for c in ev.counties:
        name = c or UNFILLED
        rows.append(
            [
                name,
                *(report.grade_counts[c][g] for g in ev.rules.grades),
                sum(report.grade_counts[c].values()),
                yuan(money.by_county.get(name, 0.0)),
            ]
        )
    rows.append(["合计", *report.grades.values(), len(ev.rows), yuan(money.total)])
    out = [f"{ev.year}年度考核：{len(ev.rows)} 人"]
    out.append(table(rows, ["县（市、区）", *ev.rules.grades, "合计", "补助金额（元）"]))
    out.append(f"补助合计：{yuan(money.total)} 元（{money.total_capital}）")
    if ev.rules.thresholds_default or ev.rules.rubric_default:
        out.append(
            "说明：分数线和评分细则为默认值（政策未规定），见输出工作簿“说明”表；政策明示的下限均已达到者不因默认分数线定为不合格"
        )
    if ev.rules.period != "year":
        assessed = report.assessed
        out.append(
            f"评价年度的 {assessed} 人按整个评价期的台账合计评定；其余 {len(ev.rows) - assessed} 人本年度只作年度述职参考"
        )
    if report.lists:
        out.append("名单：" + "；".join(f"{k} {v} 人" for k, v in report.lists.items()))
    if report.rows_failing or report.rows_review:
        out.append(
            f"需处理：{report.rows_failing} 行未达要求，{report.rows_review} 行待复核（见“考核结果”的问题说明和“问题清单”）"
        )
    out.append(f"结果已写入：{target}")
    return "\n".join(out)
