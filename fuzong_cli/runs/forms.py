"""forms as a library: which blank forms the policy calls for, with which columns (SPEC §1 ``forms``)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fuzong_cli.report import Report

#: the file each blank form is written to
FORM_FILES = {
    "needs": "企业需求表.xlsx",
    "experts": "专家意向表.xlsx",
    "ledger": "服务台账.xlsx",
    "budgets": "协同创新项目预算表.xlsx",
}


@dataclass(frozen=True)
class FormColumn:
    name: str
    type: str
    required: bool
    choices: tuple[str, ...] = ()


@dataclass
class BlankForm:
    """One blank form: its kind (needs, experts, ledger, budgets), its title and file name, its columns."""

    kind: str
    title: str
    file_name: str
    columns: list[FormColumn]


@dataclass
class FormsReport(Report):
    """The blank forms of a forms run: what is written into ``folder``, for the year of ``as_of``."""

    command = "forms"

    forms: list[BlankForm]
    folder: Path
    policy: Any
    as_of: dt.date
    outputs: list[Path] = field(default_factory=list)

    @property
    def year(self) -> int:
        return self.as_of.year

    def counts(self) -> dict[str, int | float]:
        return {"forms": len(self.forms)}

    def details(self) -> dict[str, Any]:
        return {"folder": str(self.folder), "files": [f.file_name for f in self.forms]}


def run_forms(folder: Path, policy: Any, as_of: dt.date) -> FormsReport:
    """The three forms every county fills (需求, 专家意向, 服务台账), and the 协同创新项目预算表 when the policy
    has collaborative projects (its columns in 元: ``decide.projects.blank_form_fields``)."""
    from fuzong_cli.decide.projects import blank_form_fields, has_projects
    from fuzong_cli.read.headers import kind_spec

    kinds: list[tuple[str, list[str] | None]] = [("needs", None), ("experts", None), ("ledger", None)]
    if has_projects(policy):
        kinds.append(("budgets", blank_form_fields()))
    forms = []
    for kind, wanted in kinds:
        spec = kind_spec(kind)
        columns = [
            FormColumn(f.name, f.type, f.required, tuple(f.choices or ()))
            for f in spec.fields
            if wanted is None or f.name in wanted
        ]
        forms.append(BlankForm(kind, spec.title, FORM_FILES.get(kind, f"{spec.title}.xlsx"), columns))
    return FormsReport(forms, folder, policy, as_of)
