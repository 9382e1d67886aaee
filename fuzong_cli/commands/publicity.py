"""fuzong publicity: the 公示名单 workbook and 公示通知 for an N-working-day notice period (SPEC §6)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from fuzong_cli.commands.common import (
    AsOfOpt,
    ForceOpt,
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

HEADERS = ["序号", "姓名", "性别", "工作单位", "职称", "服务企业", "县（市、区）"]
#: publicity column -> field of the pairs workbook
SOURCE_FIELD = {"姓名": "专家姓名", "服务企业": "企业名称"}
MASKED = {"身份证号": "mask_id", "联系电话": "mask_phone"}
#: without --contact / --issuer the lines are printed as blanks to fill in by hand (and the run says so)
DEFAULT_CONTACT = "受理单位：＿＿＿＿＿＿＿＿＿＿＿＿　联系电话：＿＿＿＿＿＿＿＿＿＿"
DEFAULT_ISSUER = "＿＿＿＿＿＿＿＿＿＿＿＿（盖章）"
NO_CONTACT_WARNING = (
    "没有给出 --contact（受理异议的单位和电话），名单和通知里留了空白横线，请手填或加 --contact 重新生成。"
)
NO_ISSUER_WARNING = (
    "没有给出 --issuer（发布单位），公示通知的落款留了空白横线，请手填或加 --issuer 重新生成。"
)
WEEKENDS_ONLY_WARNING = (
    "!!! --weekends-only：chinese-calendar 没有数据的年份只跳过周六、周日，没有考虑法定节假日和调休上班，"
    "公示期可能算错。请对照国务院办公厅的节假日安排人工核对，或用 --holidays FILE 提供当年安排。!!!"
)


def register(app: typer.Typer) -> None:
    @app.command("publicity")
    def publicity(
        pairs: Annotated[Path, typer.Argument(help="配对结果工作簿（match 的输出，或列相同的表）。")],
        start: Annotated[
            str | None,
            typer.Option(
                "--start",
                help="公示开始日期 YYYY-MM-DD（不是工作日则从下一个工作日起算），默认 --as-of 的日期或今天。",
            ),
        ] = None,
        days: Annotated[
            int | None,
            typer.Option(
                "--days",
                min=1,
                max=60,
                help="公示期工作日数，默认取政策的 [publicity].days（聊城办法为 5）。",
            ),
        ] = None,
        holidays: Annotated[
            Path | None,
            typer.Option(
                "--holidays",
                help="补充节假日安排的 .toml/.csv 文件（chinese-calendar 还没有的年份用），格式见 templates/节假日示例.toml。",
            ),
        ] = None,
        weekends_only: Annotated[
            bool, typer.Option("--weekends-only", help="只按周末计算工作日（不含法定节假日和调休，慎用）。")
        ] = False,
        docx: Annotated[bool, typer.Option("--docx", help="同时在名单旁生成公示通知 .docx。")] = False,
        columns: Annotated[
            list[str] | None,
            typer.Option(
                "--columns",
                help="另外加列，如 --columns 身份证号（身份证号、联系电话一律打码）。可多次给出或用逗号分隔。",
            ),
        ] = None,
        title: Annotated[str | None, typer.Option("--title", help="公示标题。")] = None,
        contact: Annotated[
            str | None, typer.Option("--contact", help="受理异议的单位和联系电话，写在名单下方和通知里。")
        ] = None,
        issuer: Annotated[str | None, typer.Option("--issuer", help="公示通知落款单位。")] = None,
        template: Annotated[
            Path | None,
            typer.Option("--template", help="自定义公示通知模板 .docx（给出时即生成公示通知，同 --docx）。"),
        ] = None,
        as_of: AsOfOpt = None,
        policy: PolicyOpt = None,
        output: OutputOpt = None,
        force: ForceOpt = False,
        json: JsonOpt = False,
        quiet: QuietOpt = False,
    ) -> None:
        """生成公示名单工作簿（标题、公示期、序号/姓名/性别/工作单位/职称/服务企业/县（市、区）、异议联系方式），
        加 --docx 同时生成公示通知。公示期按国务院节假日安排（含调休）计算工作日。

        名单里不出现完整身份证号和手机号。

        退出码：0 成功；1 有行缺姓名或企业未列入；2 无法运行。
        """
        run = Run(json=json, quiet=quiet)
        check_inputs([pairs])
        first_day = parse_date_option(start, "--start") if start else parse_date_option(as_of)
        from fuzong_cli.write.documents import ensure_pairs_file

        ensure_pairs_file(pairs, "publicity")
        target = output_file(output, pairs, f"{pairs.stem}-公示名单.xlsx", force, [holidays, template])
        notice = notice_path(target) if (docx or template is not None) else None
        if notice is not None and notice.exists() and not force:
            raise FuzongError(f"公示通知 {notice} 已存在。如需覆盖请加 --force。")
        extra_columns = _split_columns(columns or [])
        the_policy = load_policy_for(run, policy)
        summary = make_publicity(
            pairs,
            target,
            notice,
            the_policy,
            run,
            start=first_day,
            days=days,
            holidays=holidays,
            weekends_only=weekends_only,
            columns=extra_columns,
            title=title,
            contact=contact,
            issuer=issuer,
            template=template,
            as_of=parse_date_option(as_of) if as_of else None,
        )
        human = f"公示名单：{summary['公示名单']}（{summary['人数']} 人）\n{summary['公示期']}（{summary['公示天数']} 个工作日）"
        if summary["公示通知"]:
            human += f"\n公示通知：{summary['公示通知']}"
        run.result(summary, human)
        if summary["未列入"]:
            raise typer.Exit(1)


def notice_path(workbook: Path) -> Path:
    """The 公示通知 .docx beside the workbook: ``X-公示名单.xlsx`` → ``X-公示通知.docx``."""
    stem = workbook.stem
    name = stem.replace("公示名单", "公示通知") if "公示名单" in stem else f"{stem}-公示通知"
    return workbook.with_name(name + ".docx")


def _split_columns(values: list[str]) -> list[str]:
    out: list[str] = []
    for value in values:
        for part in value.replace("，", ",").replace("、", ",").split(","):
            part = part.strip()
            if part and part not in out and part not in HEADERS:
                out.append(part)
    return out


def make_publicity(
    pairs: Path,
    target: Path,
    notice: Path | None,
    policy: Any,
    run: Run,
    *,
    start,
    days: int | None,
    holidays: Path | None,
    weekends_only: bool,
    columns: list[str],
    title: str | None,
    contact: str | None,
    issuer: str | None,
    template: Path | None,
    as_of=None,
) -> dict[str, Any]:
    from fuzong_cli.decide.workdays import chinese_date, load_holidays, notice_period, period_text
    from fuzong_cli.read.forms import read_records
    from fuzong_cli.read.headers import kind_spec

    section = policy.section("publicity")
    if days is None:
        if "days" not in section:
            raise FuzongError(
                f"政策“{policy.display_name}”没有 [publicity] 节的 days（公示工作日数），请用 --days 指定。"
            )
        days = int(section["days"])
    extra_days = load_holidays(holidays) if holidays else None
    if extra_days is not None:
        from fuzong_cli.decide.workdays import disagreements

        for line in disagreements(extra_days):
            run.warn(line)
        if extra_days.source.startswith("示例"):
            run.warn(
                f"节假日文件 {holidays.name} 还是示例（source = “{extra_days.source}”），其中日期不是官方安排，请改好后再用。"
            )
    if weekends_only:
        run.warn(WEEKENDS_ONLY_WARNING)
    first, last = notice_period(start, days, extra_days, weekends_only)
    if first != start:
        run.info(f"{chinese_date(start)} 不是工作日，公示从下一个工作日 {chinese_date(first)} 起算。")
    period = period_text(first, last)
    heading = title or section.get("title") or f"{policy.city}“科技副总”拟选派人选公示"

    from fuzong_cli.write.documents import select_pairs

    result = read_records([pairs], "pairs")
    records, notes = select_pairs(result.records)
    for line in [*result.skipped, *notes]:
        run.info(line)
    known = [f.name for f in kind_spec("pairs").fields] + list(result.extra_headers) + list(MASKED)
    for column in columns:
        if column not in known:
            import difflib

            close = difflib.get_close_matches(column, known, n=1, cutoff=0.3)
            hint = f"，最接近的是“{close[0]}”" if close else ""
            raise FuzongError(f"--columns 里的“{column}”不是配对表的列{hint}。")

    people, skipped = build_rows(records, columns)
    for line in skipped:
        run.warn(line)
    if not people:
        raise FuzongError(f"{pairs.name} 里没有可以公示的配对行（缺少专家姓名或企业名称）。")
    contact_line = f"公示期间，如对公示人选有异议，请以书面形式实名反映。{contact or DEFAULT_CONTACT}"

    # the notice is rendered before anything is written: a bad notice template leaves no half output
    notice_bytes = None
    if notice is not None:
        from fuzong_cli.write.documents import render_notice

        context = {
            "公示标题": heading,
            "公示期": period,
            "公示开始": chinese_date(first),
            "公示结束": chinese_date(last),
            "公示天数": str(days),
            "人数": str(len(people)),
            "名单": [
                dict(
                    zip(["序号", "姓名", "性别", "工作单位", "职称", "服务企业", "县市区"], map(str, row[:7]))
                )
                for row in people
            ],
            "联系方式": contact or DEFAULT_CONTACT,
            "发布单位": issuer or DEFAULT_ISSUER,
            "发布日期": chinese_date(first),
            "政策名称": policy.title,
            "政策依据": section.get("source", ""),
        }
        import datetime as dt

        from fuzong_cli.write.documents import DOC_DATE, DOC_TITLE

        context[DOC_TITLE] = heading
        context[DOC_DATE] = as_of or dt.date.today()
        notice_bytes = render_notice(template, context)
    # warned once everything is prepared (a run that stops on a bad template says only what stopped it)
    if not contact:
        run.warn(NO_CONTACT_WARNING)
    if notice is not None and not issuer:
        run.warn(NO_ISSUER_WARNING)
    write_list(
        target,
        heading,
        period,
        people,
        columns,
        contact_line,
        policy=policy,
        inputs=[pairs],
        extra=[
            ("公示期", period),
            ("公示天数（工作日）", days),
            ("工作日依据", _calendar_source(extra_days, weekends_only)),
            ("公示期条款", section.get("source", "")),
        ],
        as_of=as_of,
    )
    if notice is not None and notice_bytes is not None:
        from fuzong_cli.write.documents import write_bytes_atomic

        write_bytes_atomic(notice_bytes, notice)
    return {
        "command": "publicity",
        "公示名单": str(target),
        "公示通知": str(notice) if notice else "",
        "人数": len(people),
        "未列入": len(skipped),
        "公示开始": first.isoformat(),
        "公示结束": last.isoformat(),
        "公示天数": days,
        "公示期": period,
    }


def _calendar_source(extra, weekends_only: bool) -> str:
    text = "国务院办公厅节假日安排（chinese-calendar）"
    if extra is not None:
        text += f"；补充：{extra.source}"
    if weekends_only:
        text += "；--weekends-only：未覆盖的年份只按周末计算"
    return text


def build_rows(records, columns: list[str]) -> tuple[list[list[Any]], list[str]]:
    """One row per pair (序号 renumbered from 1), ID and phone masked; the lines about rows left out."""
    from fuzong_cli.read import values as v

    rows: list[list[str]] = []
    skipped: list[str] = []
    for record in records:
        name = record.get("专家姓名", "")
        enterprise = record.get("企业名称", "")
        if not name or not enterprise:
            missing = "专家姓名" if not name else "企业名称"
            skipped.append(f"{record.where} 缺少{missing}，未列入公示名单。")
            continue
        sex = record.get("性别") or ""
        if not sex and record.get("身份证号"):
            sex = v.check_id_number(record.get("身份证号")).sex or ""
        row: list[Any] = [len(rows) + 1]
        for header in HEADERS[1:]:
            field = SOURCE_FIELD.get(header, header)
            row.append(sex if header == "性别" else _text(record.get(field)))
        for column in columns:
            value = record.get(column)
            if value is None:
                value = record.extra.get(column, "")
            if column in MASKED and value not in ("", None):
                value = getattr(v, MASKED[column])(record.raw.get(column) or value)
            row.append(_text(value))
        rows.append(row)
    return rows, skipped


def _text(value: Any) -> str:
    from fuzong_cli.write.documents import clean_text
    from fuzong_cli.write.masking import mask_personal

    return mask_personal(clean_text(_text_raw(value)))


def _text_raw(value: Any) -> str:
    import datetime as dt

    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (list, tuple)):
        return "、".join(str(x) for x in value)
    return str(value)


def write_list(
    target: Path,
    heading: str,
    period: str,
    rows: list[list[Any]],
    columns: list[str],
    contact_line: str,
    *,
    policy: Any,
    inputs: list[Path],
    extra,
    as_of=None,
) -> None:
    from openpyxl.styles import Alignment, Font

    from fuzong_cli.write.documents import normal_permissions
    from fuzong_cli.write.workbook import add_explanation, add_table, new_book, save_atomic, set_value

    headers = HEADERS + columns
    wb = new_book()
    ws = add_table(
        wb,
        "公示名单",
        headers,
        rows,
        banner=[heading, period],
        text_columns=headers[1:],
        widths={
            "序号": 6,
            "姓名": 10,
            "性别": 6,
            "工作单位": 28,
            "职称": 14,
            "服务企业": 32,
            "县（市、区）": 12,
            "身份证号": 22,
            "联系电话": 14,
        },
    )
    ws.cell(row=1, column=1).alignment = Alignment(horizontal="center")
    ws.cell(row=1, column=1).font = Font(bold=True, size=16)
    last = 3 + len(rows)
    note_row = last + 2
    set_value(ws.cell(row=note_row, column=1), contact_line)
    ws.cell(row=note_row, column=1).alignment = Alignment(wrap_text=True, vertical="top")
    if len(headers) > 1:
        ws.merge_cells(start_row=note_row, start_column=1, end_row=note_row, end_column=len(headers))
    ws.row_dimensions[note_row].height = 36
    add_explanation(wb, command="publicity", policy=policy, as_of=as_of, inputs=inputs, extra=extra)
    save_atomic(wb, target)
    normal_permissions(target)
