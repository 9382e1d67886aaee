"""agreements as a library: which pairs get an agreement, the context, status, reason and file name of each
(SPEC §7); one report for the .docx files, the 协议清单 and the terminal."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fuzong_cli.errors import FuzongError
from fuzong_cli.report import Report, Say, note_findings, quiet

MANIFEST_NAME = "协议清单.xlsx"
MERGED_NAME = "全部协议_合并打印.docx"
GENERATED = "已生成"
NOT_GENERATED = "未生成"
TERM_OPEN = "已生成（聘期待填）"
TERM_OPEN_REASON = "配对表没有聘期开始：协议里聘期留空，签订时手填（或在配对表填写、用 --start 重新生成）"


@dataclass
class ManifestRow:
    """One pair's line of the 协议清单: its file (empty: not made), status, reason; SHA-256 once written."""

    seq: int
    enterprise: str
    expert: str
    filename: str = ""
    status: str = ""
    reason: str = ""
    sha256: str = ""
    extra: dict[str, str] = field(default_factory=dict)
    term_open: bool = False  # rendered with the term left blank (no 聘期开始)


@dataclass
class AgreementsReport(Report):
    """The one result of an agreements run: a manifest row per pair, a job per agreement to render.

    ``template`` is the compiled template (``write.documents.CompiledTemplate``) the jobs are rendered with;
    ``merged``, ``zip_file`` and ``pdf_count`` are set by the writer once the files exist."""

    command = "agreements"

    pairs: Path
    policy: Any
    as_of: dt.date | None  # the signing date (--as-of), else the signature dates are left blank
    template: Any
    template_label: str
    terms: dict[str, Any]
    rows: list[ManifestRow]
    jobs: list[Any]  # write.documents.Job
    notes: list[str]
    show_id: bool = False
    merged: Path | None = None
    zip_file: Path | None = None
    pdf_count: int = 0
    outputs: list[Path] = field(default_factory=list)

    @property
    def inputs(self) -> list[Path]:
        return [self.pairs]

    @property
    def citations(self) -> list[tuple[str, str]]:
        """(说明 label, clause) for the manifest: the clauses the agreement rests on."""
        from fuzong_cli.decide.agreements import citation_rows

        return citation_rows(self.terms)

    @property
    def failed(self) -> list[Any]:
        return [r for r in self.rows if not r.filename]

    @property
    def term_open(self) -> int:
        return sum(1 for r in self.rows if r.term_open)

    def failure_lines(self) -> list[str]:
        return [f"{r.seq:03d} {r.enterprise} {r.expert}：{r.reason}" for r in self.failed]

    @property
    def exit_code(self) -> int:
        return 1 if self.failed else 0

    def counts(self) -> dict[str, int | float]:
        return {
            GENERATED: len(self.rows) - len(self.failed),
            NOT_GENERATED: len(self.failed),
            "聘期待填": self.term_open,
            "PDF": self.pdf_count,
        }

    def findings(self) -> list[dict[str, Any]]:
        return note_findings(self.notes) + note_findings(self.failure_lines(), code=NOT_GENERATED)

    def details(self) -> dict[str, Any]:
        return {"模板": self.template_label, "未生成原因": self.failure_lines()}


def run_agreements(
    pairs: Path,
    template: Path | None,
    policy: Any,
    *,
    start_default: dt.date | None = None,
    signing: dt.date | None = None,
    show_id: bool = False,
    info: Say = quiet,
) -> AgreementsReport:
    """Read the pairs and the template; decide for each pair whether its agreement is made, why not, its name."""
    from fuzong_cli.decide import agreements as contents
    from fuzong_cli.read.forms import read_records
    from fuzong_cli.read.headers import kind_spec
    from fuzong_cli.write import documents as docs

    terms = contents.agreement_terms(policy)
    data, label = docs.load_template_bytes(template, docs.AGREEMENT_TEMPLATE)
    compiled = docs.CompiledTemplate(data, label)
    result = read_records([pairs], "pairs")
    records, notes = contents.select_pairs(result.records)
    for line in [*result.skipped, *notes]:
        info(line)
    if not records:
        raise FuzongError(f"{pairs.name} 里没有任何配对行。")
    known = contents.known_agreement_fields([f.name for f in kind_spec("pairs").fields], result.extra_headers)
    compiled.check_placeholders(known)

    seqs = [r.get("序号") for r in records]
    use_own = all(isinstance(s, int) and s > 0 for s in seqs) and len(set(seqs)) == len(seqs)
    rows: list[ManifestRow] = []
    jobs: list[docs.Job] = []
    used_names: set[str] = set()
    for i, record in enumerate(records, start=1):
        seq = int(seqs[i - 1]) if use_own else i
        context, missing = contents.pair_context(
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
        row = ManifestRow(seq, enterprise, expert)
        rows.append(row)
        if missing:
            row.status = NOT_GENERATED
            row.reason = "；".join(_reason(record, column) for column in missing)
            continue
        name = contents.agreement_filename(seq, enterprise, expert)
        if name.lower() in used_names:
            name = name[:-5] + f"_{i}.docx"
        used_names.add(name.lower())
        row.filename = name
        row.status = GENERATED
        if context["_聘期待填"] and compiled.variables & {"聘期开始", "聘期结束"}:
            row.reason = TERM_OPEN_REASON
            row.term_open = True
            row.status = TERM_OPEN
        jobs.append(docs.Job(seq, name, context))
    return AgreementsReport(
        pairs=pairs,
        policy=policy,
        as_of=signing,
        template=compiled,
        template_label=label,
        terms=terms,
        rows=rows,
        jobs=jobs,
        notes=[*result.skipped, *notes],
        show_id=show_id,
    )


def _reason(record, column: str) -> str:
    notes = [f.message for f in record.findings if f.field == column]
    return f"缺少{column}" + (f"（{notes[0]}）" if notes else "")
