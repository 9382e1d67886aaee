"""fuzong agreements: one three-party agreement .docx per pair, plus a manifest (SPEC §7)."""

from __future__ import annotations

import shutil
import sys
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
    output_dir,
    parse_date_option,
)
from fuzong_cli.errors import FuzongError

MANIFEST_NAME = "协议清单.xlsx"
MERGED_NAME = "全部协议_合并打印.docx"
PROGRESS_FROM = 20  # a progress bar for runs of at least this many agreements


def register(app: typer.Typer) -> None:
    @app.command("agreements")
    def agreements(
        pairs: Annotated[Path, typer.Argument(help="配对结果工作簿（match 的输出，或列相同的表）。")],
        template: Annotated[
            Path | None,
            typer.Option(
                "--template",
                help="自定义协议模板 .docx（占位符见 templates/README.md），默认用内置三方协议。",
            ),
        ] = None,
        zip_: Annotated[bool, typer.Option("--zip", help="另在输出文件夹旁写一个同名 .zip 压缩包。")] = False,
        merge: Annotated[
            bool,
            typer.Option("--merge", help="另写一份合并打印用的 .docx（每份协议另起一页、页码从 1 开始）。"),
        ] = False,
        pdf: Annotated[
            bool, typer.Option("--pdf", help="用 LibreOffice 把每份协议转成 PDF（需已安装 LibreOffice）。")
        ] = False,
        jobs: Annotated[
            int, typer.Option("--jobs", min=1, max=64, help="并行进程数（协议很多时使用），默认 1。")
        ] = 1,
        start: Annotated[
            str | None,
            typer.Option("--start", help="配对表没有“聘期开始”或为空时使用的聘期开始日期 YYYY-MM-DD。"),
        ] = None,
        show_id: Annotated[
            bool,
            typer.Option("--show-id", help="协议里印出乙方身份证号（默认不印，留空由本人手填）。"),
        ] = False,
        as_of: AsOfOpt = None,
        policy: PolicyOpt = None,
        output: OutputOpt = None,
        force: ForceOpt = False,
        json: JsonOpt = False,
        quiet: QuietOpt = False,
    ) -> None:
        """按配对结果批量生成三方协议（每对一份 .docx，文件名 序号_企业名称_专家姓名.docx）和协议清单。

        -o 指定输出文件夹（默认在配对表旁，名为“配对表名-三方协议”）。缺少必填值（企业名称、专家姓名、
        工作单位）的配对不生成，在协议清单里写明原因，其余照常生成。没有聘期开始（表里没有、也没给 --start）
        的协议照常生成，聘期留空手填，协议清单里写“已生成（聘期待填）”。--as-of 给出时，落款日期填这一天，
        否则留空。

        退出码：0 全部生成；1 有配对未生成；2 无法运行。
        """
        run = Run(json=json, quiet=quiet)
        check_inputs([pairs])
        from fuzong_cli.write.documents import ensure_pairs_file

        ensure_pairs_file(pairs, "agreements")
        target = output_dir(
            output, pairs.parent / f"{pairs.stem}-三方协议", force, replaces_only=MANIFEST_NAME
        )
        zip_path = target.with_name(target.name + ".zip")
        if zip_ and zip_path.exists() and not force:
            raise FuzongError(f"压缩包 {zip_path} 已存在。如需覆盖请加 --force。")
        start_default = parse_date_option(start, "--start") if start else None
        signing = parse_date_option(as_of) if as_of else None
        if pdf:
            from fuzong_cli.write.documents import SOFFICE_MISSING, find_soffice

            if find_soffice() is None:
                raise FuzongError(SOFFICE_MISSING)
        the_policy = load_policy_for(run, policy)
        summary = make_agreements(
            pairs,
            template,
            target,
            the_policy,
            run,
            zip_path=zip_path if zip_ else None,
            merge=merge,
            pdf=pdf,
            jobs=jobs,
            start_default=start_default,
            signing=signing,
            show_id=show_id,
        )
        run.result(summary, _human(summary))
        if summary["未生成"]:
            raise typer.Exit(1)


def _human(summary: dict[str, Any]) -> str:
    lines = [
        f"已生成协议 {summary['已生成']} 份，写入 {summary['输出文件夹']}（协议清单：{MANIFEST_NAME}）。"
    ]
    if summary["聘期待填"]:
        lines.append(
            f"其中 {summary['聘期待填']} 份没有聘期开始日期，聘期留空待手填（可在配对表填“聘期开始”或用 --start 重新生成）。"
        )
    if summary["未生成"]:
        lines.append(f"有 {summary['未生成']} 对未生成，原因见协议清单：")
        lines.extend(f"  {r}" for r in summary["未生成原因"][:10])
    for key in ("合并文件", "压缩包"):
        if summary.get(key):
            lines.append(f"{key}：{summary[key]}")
    if summary.get("PDF"):
        lines.append(f"PDF：{summary['PDF']} 份")
    return "\n".join(lines)


def make_agreements(
    pairs: Path,
    template: Path | None,
    target: Path,
    policy: Any,
    run: Run,
    *,
    zip_path: Path | None = None,
    merge: bool = False,
    pdf: bool = False,
    jobs: int = 1,
    start_default=None,
    signing=None,
    show_id: bool = False,
) -> dict[str, Any]:
    from fuzong_cli.read.forms import read_records
    from fuzong_cli.read.headers import kind_spec
    from fuzong_cli.write import documents as docs

    terms = docs.agreement_terms(policy)
    data, label = docs.load_template_bytes(template, docs.AGREEMENT_TEMPLATE)
    compiled = docs.CompiledTemplate(data, label)
    result = read_records([pairs], "pairs")
    records, notes = docs.select_pairs(result.records)
    for line in [*result.skipped, *notes]:
        run.info(line)
    if not records:
        raise FuzongError(f"{pairs.name} 里没有任何配对行。")
    known = docs.known_agreement_fields([f.name for f in kind_spec("pairs").fields], result.extra_headers)
    compiled.check_placeholders(known)

    seqs = [r.get("序号") for r in records]
    use_own = all(isinstance(s, int) and s > 0 for s in seqs) and len(set(seqs)) == len(seqs)
    rows: list[docs.ManifestRow] = []
    jobs_list: list[docs.Job] = []
    used_names: set[str] = set()
    for i, record in enumerate(records, start=1):
        seq = int(seqs[i - 1]) if use_own else i
        context, missing = docs.pair_context(
            record.values,
            record.extra,
            terms,
            seq,
            compiled.variables,
            start_default,
            signing=signing,
            show_id=show_id,
        )
        enterprise = context.get("企业名称", "")
        expert = context.get("专家姓名", "")
        row = docs.ManifestRow(seq, enterprise, expert)
        rows.append(row)
        if missing:
            row.status = "未生成"
            row.reason = "；".join(_reason(record, column) for column in missing)
            continue
        name = docs.agreement_filename(seq, enterprise, expert)
        if name.lower() in used_names:
            name = name[:-5] + f"_{i}.docx"
        used_names.add(name.lower())
        row.filename = name
        if context["_聘期待填"] and compiled.variables & {"聘期开始", "聘期结束"}:
            row.reason = (
                "配对表没有聘期开始：协议里聘期留空，签订时手填（或在配对表填写、用 --start 重新生成）"
            )
            row.term_open = True
        jobs_list.append(docs.Job(seq, name, context))

    staging = docs.new_staging_folder(target)
    try:
        rendered = _render(docs, compiled, jobs_list, staging, jobs, run)
        by_name = {r.filename: r.sha256 for r in rendered}
        for row in rows:
            if row.filename:
                row.status = docs.TERM_OPEN if row.term_open else "已生成"
                row.sha256 = by_name[row.filename]
        merged_name = ""
        if merge and jobs_list:
            docs.write_bytes_atomic(compiled.merged(j.context for j in jobs_list), staging / MERGED_NAME)
            merged_name = MERGED_NAME
        pdf_count = 0
        if pdf and jobs_list:
            run.info("正在用 LibreOffice 转换 PDF……")
            files = [staging / j.filename for j in jobs_list] + (
                [staging / MERGED_NAME] if merged_name else []
            )
            pdf_count = len(docs.convert_to_pdf(files, staging))
        docs.write_manifest(
            rows,
            staging / MANIFEST_NAME,
            policy=policy,
            inputs=[pairs],
            extra=[
                ("模板", label),
                ("协议数", len(jobs_list)),
                ("未生成", len(rows) - len(jobs_list)),
                (
                    "乙方身份证号",
                    "已印出（--show-id）" if show_id else "未印出，留空由本人手填（--show-id 可印出）",
                ),
                ("落款日期", docs.chinese_date(signing) if signing else "留空手填（--as-of 可填入）"),
                *docs.citation_rows(terms),
            ],
            as_of=signing,
        )
        docs.publish_folder(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    if zip_path is not None:
        docs.zip_folder(target, zip_path)
    failed = [r for r in rows if not r.filename]
    return {
        "command": "agreements",
        "输出文件夹": str(target),
        "协议清单": str(target / MANIFEST_NAME),
        "已生成": len(rows) - len(failed),
        "未生成": len(failed),
        "聘期待填": sum(1 for r in rows if r.term_open),
        "未生成原因": [f"{r.seq:03d} {r.enterprise} {r.expert}：{r.reason}" for r in failed],
        "合并文件": str(target / merged_name) if merged_name else "",
        "压缩包": str(zip_path) if zip_path else "",
        "PDF": pdf_count,
        "模板": label,
    }


def _reason(record, column: str) -> str:
    notes = [f.message for f in record.findings if f.field == column]
    return f"缺少{column}" + (f"（{notes[0]}）" if notes else "")


def _render(docs, compiled, jobs_list, staging: Path, workers: int, run: Run):
    if len(jobs_list) < PROGRESS_FROM or run.quiet or run.json:
        return docs.render_many(compiled, jobs_list, staging, workers=workers)
    with typer.progressbar(length=len(jobs_list), label="生成协议", file=sys.stderr) as bar:
        return docs.render_many(compiled, jobs_list, staging, workers=workers, progress=bar.update)
