"""The files of an agreements run (SPEC §7): one .docx per pair rendered with the compiled template (in a process
pool with --jobs), the merged .docx, the PDFs, the 协议清单 manifest, the .zip; and the terminal summary.

Everything is rendered into a hidden staging folder that replaces the output folder only once complete: a run
that stops leaves no half folder. The template engine itself is ``write.documents``.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

from fuzong_cli.runs.agreements import MANIFEST_NAME, MERGED_NAME, AgreementsReport

#: the data sheets named in the 协议清单's marker: none. No command reads a manifest back (it has no 工作单位,
#: it is not a 配对结果); without a name the reader keeps skipping 协议清单 as one of fuzong's side sheets
#: (read.forms.OWN_SHEETS), as before the marker — naming it would make a manifest given by mistake read as pairs
MANIFEST_DATA_SHEETS: tuple[str, ...] = ()


def write_agreements(
    report: AgreementsReport,
    target: Path,
    *,
    workers: int = 1,
    merge: bool = False,
    pdf: bool = False,
    zip_path: Path | None = None,
    info: Callable[[str], None] = lambda line: None,
    progress_bar: Callable[[int], AbstractContextManager[Any]] | None = None,
) -> None:
    """Render every agreement, then the merged file, the PDFs and the manifest, into ``target``.

    ``progress_bar(length)``: a context manager giving an object with ``update(n)`` (typer's progress bar),
    shown while the agreements are rendered. Sets ``report.merged``, ``report.zip_file``, ``report.pdf_count``
    and each manifest row's SHA-256."""
    from fuzong_cli.marker import make_marker
    from fuzong_cli.write import documents as docs

    compiled = report.template
    compiled.description = make_marker("agreements", report.policy).text()
    jobs = report.jobs
    staging = docs.new_staging_folder(target)
    try:
        if progress_bar is None:
            rendered = docs.render_many(compiled, jobs, staging, workers=workers)
        else:
            with progress_bar(len(jobs)) as bar:
                rendered = docs.render_many(compiled, jobs, staging, workers=workers, progress=bar.update)
        by_name = {r.filename: r.sha256 for r in rendered}
        for row in report.rows:
            if row.filename:
                row.sha256 = by_name[row.filename]
        merged = False
        if merge and jobs:
            docs.write_bytes_atomic(compiled.merged(j.context for j in jobs), staging / MERGED_NAME)
            merged = True
        pdf_count = 0
        if pdf and jobs:
            info("正在用 LibreOffice 转换 PDF……")
            files = [staging / j.filename for j in jobs] + ([staging / MERGED_NAME] if merged else [])
            pdf_count = len(docs.convert_to_pdf(files, staging))
        write_manifest(report, staging / MANIFEST_NAME)
        docs.publish_folder(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    report.merged = target / MERGED_NAME if merged else None
    report.pdf_count = pdf_count
    if zip_path is not None:
        docs.zip_folder(target, zip_path)
        report.zip_file = zip_path


MANIFEST_HEADERS = ["序号", "企业名称", "专家姓名", "文件", "状态", "原因", "SHA-256"]


def write_manifest(report: AgreementsReport, path: Path) -> None:
    """协议清单.xlsx: one row per pair with its file, status, reason and SHA-256, and the 说明 sheet."""
    from fuzong_cli.formats import chinese_date
    from fuzong_cli.write.annotated import add_explanation
    from fuzong_cli.write.workbook import RED, YELLOW, add_table, new_book, save_atomic

    rows = report.rows
    wb = new_book()
    ws = add_table(
        wb,
        "协议清单",
        MANIFEST_HEADERS,
        [[r.seq, r.enterprise, r.expert, r.filename, r.status, r.reason, r.sha256] for r in rows],
        widths={"SHA-256": 66},
    )
    for i, r in enumerate(rows, start=2):
        if not r.filename:
            ws.cell(row=i, column=5).fill = RED
        elif r.term_open:
            ws.cell(row=i, column=5).fill = YELLOW
    signing = report.as_of
    add_explanation(
        wb,
        command="agreements",
        policy=report.policy,
        as_of=signing,
        inputs=[report.pairs],
        extra=[
            ("模板", report.template_label),
            ("协议数", len(report.jobs)),
            ("未生成", len(report.rows) - len(report.jobs)),
            (
                "乙方身份证号",
                "已印出（--show-id）" if report.show_id else "未印出，留空由本人手填（--show-id 可印出）",
            ),
            ("落款日期", chinese_date(signing) if signing else "留空手填（--as-of 可填入）"),
            *report.citations,
        ],
        data_sheets=MANIFEST_DATA_SHEETS,
    )
    save_atomic(wb, path)  # atomic, with the usual permissions


def summary_text(report: AgreementsReport, target: Path) -> str:
    failed = report.failure_lines()
    lines = [f"已生成协议 {len(report.rows) - len(failed)} 份，写入 {target}（协议清单：{MANIFEST_NAME}）。"]
    if report.term_open:
        lines.append(
            f"其中 {report.term_open} 份没有聘期开始日期，聘期留空待手填（可在配对表填“聘期开始”或用 --start 重新生成）。"
        )
    if failed:
        lines.append(f"有 {len(failed)} 对未生成，原因见协议清单：")
        lines.extend(f"  {r}" for r in failed[:10])
    if report.merged is not None:
        lines.append(f"合并文件：{report.merged}")
    if report.zip_file is not None:
        lines.append(f"压缩包：{report.zip_file}")
    if report.pdf_count:
        lines.append(f"PDF：{report.pdf_count} 份")
    return "\n".join(lines)
