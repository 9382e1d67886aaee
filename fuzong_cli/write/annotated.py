"""The annotated workbook of SPEC §4: 校验结果 (original values + conclusion, coloured cells with comments),
问题清单 (one row per finding), 汇总 (counts by county and conclusion). Used by validate and projects."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from fuzong_cli.records import FAIL, NOTICE, PASS, PRIORITY_PREFIX, REVIEW, Record, priority_tags
from fuzong_cli.write.files import sha256_of
from fuzong_cli.write.tables import TableSheet, table_book

# Every function taking ``wb`` accepts any ``write.tables.TableBook`` (the fast ``fastxlsx.Book`` of validate and
# ingest, an ``OpenpyxlBook``) or a bare openpyxl ``Workbook`` (projects, evaluate); all get the same sheets,
# values, fills and comments.
LEVELS = (FAIL, REVIEW, NOTICE)

CONCLUSION_COLUMNS = ["校验结论", "问题说明", "优先支持"]
FINDING_COLUMNS = ["来源文件", "来源行号", "字段", "规则编号", "级别", "说明", "依据"]
TEXT_FIELDS = ("身份证号", "统一社会信用代码", "联系电话")
#: the column that names a row of 校验结果 (the conclusion columns follow it)
LEAD_NAMES = ("企业名称", "姓名", "项目名称")


def _is_tag(finding) -> bool:
    return finding.level == NOTICE and finding.message.startswith(PRIORITY_PREFIX)


def problem_text(record: Record) -> str:
    """Every finding of the row except the priority tags, each with its rule code."""
    return "；".join(
        f"[{f.rule_code}] {f.field + '：' if f.field else ''}{f.message}"
        for f in record.findings
        if not _is_tag(f)
    )


def priority_text(record: Record) -> str:
    """The priority tags (高新技术企业, 40周岁以下青年人才…) for the 优先支持 column."""
    return "、".join(priority_tags(record))


def add_result_sheet(
    wb: Any,
    title: str,
    records: Sequence[Record],
    fields: Sequence[str],
    extra_headers: Sequence[str] = (),
    *,
    print_version: bool = False,
) -> None:
    """Every input row with its original values, its conclusion, and the offending cells marked; with
    ``print_version`` followed by its 打印版 (``add_print_sheet``)."""
    present = [f for f in fields if any(f in r.raw for r in records)]
    # the conclusion beside the name (县（市、区）, 企业名称 | 校验结论, 问题说明, 优先支持 | the other columns),
    # where the reader looks first; provenance last
    name_at = next((i for i, f in enumerate(present) if f in LEAD_NAMES), -1)
    lead, rest = present[: name_at + 1], present[name_at + 1 :]
    headers = [*lead, *CONCLUSION_COLUMNS, *rest, *extra_headers, "来源文件", "来源工作表", "来源行号"]
    rows = []
    conclusions = []
    for r in records:
        raw, extra, conclusion = r.raw, r.extra, r.conclusion
        conclusions.append(conclusion)
        rows.append(
            [
                *[raw.get(f, "") for f in lead],
                conclusion,
                problem_text(r) if r.findings else "",
                priority_text(r) if r.findings else "",
                *[raw.get(f, "") for f in rest],
                *[extra.get(h, "") for h in extra_headers],
                r.source_file,
                r.source_sheet,
                r.source_row,
            ]
        )
    ws = table_book(wb).add_table(title, headers, rows, text_columns=[*present, *extra_headers])
    col = {h: i + 1 for i, h in enumerate(headers)}
    for i, (r, conclusion) in enumerate(zip(records, conclusions), start=2):
        if conclusion in LEVELS:
            ws.fill(i, col["校验结论"], conclusion)
        for f in r.findings:
            if f.level == NOTICE:
                continue
            target = col.get(f.field) or _near_column(f.field, col) or col["问题说明"]
            ws.mark(
                i,
                target,
                f.level,
                f"[{f.rule_code}] {f.message}" + (f"（{f.source}）" if f.source else ""),
            )
    if print_version:
        add_print_sheet(wb, title, headers, rows)


#: where a finding about a value the form does not have as a column is marked: the column it came from
#: (an age from the ID number when there is no 出生年月 column, a title level from 职称, …)
_NEAR_COLUMNS = {
    "出生年月": ("身份证号",),
    "出生日期": ("身份证号", "出生年月"),
    "性别": ("身份证号",),
    "职称级别": ("职称",),
    "学历级别": ("学历", "学位"),
    "学历": ("学位",),
    "学位": ("学历",),
    "注册地代码": ("统一社会信用代码",),
    "代表性成果": ("发明专利数",),
    "发明专利数": ("代表性成果",),
}


def _near_column(field: str, col: dict[str, int]) -> int | None:
    return next((col[name] for name in _NEAR_COLUMNS.get(field, ()) if name in col), None)


def add_findings_sheet(wb: Any, records: Sequence[Record]) -> None:
    rows = [
        [r.source_file, r.source_row, f.field, f.rule_code, f.level, f.message, f.source]
        for r in records
        for f in r.findings
    ]
    ws = table_book(wb).add_table(
        "问题清单", FINDING_COLUMNS, rows, widths={"说明": 60, "依据": 24, "来源文件": 24}
    )
    for i, row in enumerate(rows, start=2):
        if row[4] in LEVELS:
            ws.fill(i, 5, row[4])


_INSTITUTION = re.compile(r"^.*?(大学|学院|研究院|研究所|科学院|学校|医院|中心|公司)")


def group_label(record: Record) -> str:
    """县（市、区） for enterprise rows; for experts the institution (温州大学, not each of its schools)."""
    county = record.get("县（市、区）")
    if county:
        return county
    unit = record.get("工作单位")
    if not unit:
        return "（未填）"
    hit = _INSTITUTION.match(unit)
    return hit.group(0) if hit else unit


def counts(records: Sequence[Record]) -> dict[str, Counter]:
    """Conclusion counts per county (or unit), in first-seen order."""
    table: dict[str, Counter] = defaultdict(Counter)
    for r in records:
        table[group_label(r)][r.conclusion] += 1
    return table


def summary_rows(records: Sequence[Record]) -> list[list]:
    table = counts(records)
    rows = []
    total: Counter = Counter()
    for group in sorted(table):
        c = table[group]
        total.update(c)
        rows.append([group, c[PASS], c[REVIEW], c[FAIL], sum(c.values())])
    rows.append(["合计", total[PASS], total[REVIEW], total[FAIL], sum(total.values())])
    return rows


def add_summary_sheet(wb: Any, blocks: Sequence[tuple[str, Sequence[Record]]]) -> None:
    rows = []
    for title, records in blocks:
        for row in summary_rows(records):
            rows.append([title, *row])
    table_book(wb).add_table("汇总", ["表格", "县（市、区）/单位", PASS, REVIEW, FAIL, "合计"], rows)


def explanation_rows(
    *,
    command: str,
    policy: Any,
    as_of: dt.date | None,
    inputs: Sequence[Path] = (),
    extra: Sequence[tuple[str, Any]] = (),
    data_sheets: Sequence[str] = (),
) -> list[tuple[str, Any]]:
    """The rows of the 说明 sheet: policy and its source, tool version, as-of date, inputs with SHA-256, run time,
    and last the machine-readable marker (``fuzong_cli.marker``) naming the sheets that hold the data."""
    from fuzong_cli import __version__
    from fuzong_cli.marker import LABEL, make_marker

    rows: list[tuple[str, Any]] = [
        ("命令", f"fuzong {command}"),
        ("政策", getattr(policy, "display_name", str(policy))),
        ("政策依据", getattr(policy, "source", "")),
        ("工具版本", f"fuzong {__version__}"),
    ]
    if as_of is not None:
        rows.append(("参照日期", as_of.isoformat()))
    for path in inputs:
        rows.append(("输入文件", Path(path).name))
        rows.append(("SHA-256", sha256_of(Path(path))))
    rows.extend(extra)
    rows.append(("运行时间", dt.datetime.now().strftime("%Y-%m-%d %H:%M:%S")))
    rows.append((LABEL, make_marker(command, policy, data_sheets).text()))
    return rows


def add_explanation(wb: Any, **kwargs: Any) -> TableSheet:
    """The 说明 sheet: the rows of ``explanation_rows`` (same arguments), on any kind of workbook."""
    return table_book(wb).add_table(
        "说明", ["项目", "内容"], explanation_rows(**kwargs), widths={"项目": 14, "内容": 80}
    )


# -- 打印版: the widest result sheets (考核结果, 校验结果) on A4 landscape, readable -------------------------------

#: the columns a clerk needs on paper, in this order, where the main sheet has them (at most PRINT_MAX_COLUMNS)
PRINT_COLUMNS = (
    "序号",
    "县（市、区）",
    "姓名",
    "企业名称",
    "工作单位",
    "项目名称",
    "考核得分",
    "等次",
    "排名",
    "补助金额（元）",
    "校验结论",
    "问题说明",
    "优先支持",
)
PRINT_MAX_COLUMNS = 10
#: dropped in this order when a sheet has more than PRINT_MAX_COLUMNS of them
_PRINT_DROP = ("优先支持", "项目名称", "排名", "工作单位")
#: columns narrower on paper (they wrap onto a second line), so that 问题说明 gets the room
_PRINT_WIDTHS = {"企业名称": 26.0, "工作单位": 26.0, "项目名称": 26.0, "优先支持": 24.0}
PRINT_TITLE = "打印版"
#: width units the 打印版 fills: A4 landscape at about 85 % in LibreOffice (11-point text printed at 9.5 points)
PRINT_UNITS = 130.0
#: 问题说明 never narrower than this
_MIN_LONG = 30.0


def print_title(main_title: str) -> str:
    """打印版 beside 考核结果 / 校验结果; 打印版-专家意向表 beside 校验结果-专家意向表."""
    _, sep, kind = main_title.partition("-")
    return f"{PRINT_TITLE}-{kind}" if sep else PRINT_TITLE


def add_print_sheet(
    wb: Any,
    main_title: str,
    headers: Sequence[str],
    rows: Sequence[Sequence[Any]],
    *,
    banner: Sequence[str] = (),
) -> TableSheet:
    """The 打印版 sheet: the rows of the main sheet ``main_title`` (same order, same values), only the columns of
    PRINT_COLUMNS it has (序号 numbered 1… when it has none), 问题说明 wrapped in the width left on an A4
    landscape page; laid out by the same ``page_layout`` as every sheet. fuzong's readers skip it
    (``read.forms.own_sheet``)."""
    from fuzong_cli.write.fastxlsx import PORTRAIT_UNITS, page_layout

    index = {h: j for j, h in enumerate(headers)}
    columns = [c for c in PRINT_COLUMNS if c in index or c == "序号"]
    if "企业名称" in columns and "姓名" in columns and "工作单位" in columns:
        columns.remove("工作单位")  # a 科技副总's enterprise says where he serves
    for extra in _PRINT_DROP:
        if len(columns) > PRINT_MAX_COLUMNS and extra in columns:
            columns.remove(extra)
    picked = [
        [(row[index[c]] if index[c] < len(row) else None) if c in index else n for c in columns]
        for n, row in enumerate(rows, start=1)
    ]
    title = print_title(main_title)
    banner = list(banner) or [f"{main_title}（打印版）"]
    widths: dict[str, float] = {}
    if "问题说明" in columns:
        # the other columns as page_layout sizes them; 问题说明 takes what is left of the page
        probe = page_layout(title, columns, picked, banner)
        sized = {c: w for c, w in zip(columns, probe.widths)}
        for c, cap in _PRINT_WIDTHS.items():
            if sized.get(c, 0) > cap:
                widths[c] = sized[c] = cap
        others = sum(w for c, w in sized.items() if c != "问题说明")
        widths["问题说明"] = max(_MIN_LONG, PRINT_UNITS - others, PORTRAIT_UNITS + 1 - others)
    ws = table_book(wb).add_table(title, columns, picked, banner=banner, text_columns=[], widths=widths)
    if "校验结论" in columns:
        j = columns.index("校验结论") + 1
        for i, row in enumerate(picked, start=len(banner) + 2):
            if row[j - 1] in LEVELS:
                ws.fill(i, j, str(row[j - 1]))
    return ws
