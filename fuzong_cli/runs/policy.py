"""policy list / show / check as a library: the built-in policies, one policy's text, a custom file's mistakes."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fuzong_cli.records import FAIL
from fuzong_cli.report import Report


@dataclass
class PolicyListReport(Report):
    """The built-in policies: name, title, city, year, number of rules."""

    command = "policy list"

    policies: list[dict[str, Any]]
    policy: Any = None
    as_of: dt.date | None = None
    outputs: list[Path] = field(default_factory=list)

    def counts(self) -> dict[str, int | float]:
        return {"policies": len(self.policies)}

    def details(self) -> dict[str, Any]:
        return {"policies": self.policies}


@dataclass
class PolicyShowReport(Report):
    """One policy's TOML exactly as shipped or as written (comments included), to copy and edit."""

    command = "policy show"

    name: str
    text: str
    policy: Any
    source: Path | None = None  # the .toml file shown, when NAME was a file
    as_of: dt.date | None = None
    outputs: list[Path] = field(default_factory=list)

    @property
    def inputs(self) -> list[Path]:
        return [self.source] if self.source else []

    def details(self) -> dict[str, Any]:
        return {} if self.outputs else {"text": self.text}


@dataclass
class PolicyCheckReport(Report):
    """Every mistake of a custom policy file, each with its line (``policy.check_policy_text``)."""

    command = "policy check"

    file: Path
    mistakes: list[str]
    policy: Any = None
    as_of: dt.date | None = None
    outputs: list[Path] = field(default_factory=list)

    @property
    def inputs(self) -> list[Path]:
        return [self.file]

    @property
    def ok(self) -> bool:
        return not self.mistakes

    @property
    def exit_code(self) -> int:
        return 0 if self.ok else 2  # a policy that cannot be used: like any input fuzong cannot run on

    def counts(self) -> dict[str, int | float]:
        return {"mistakes": len(self.mistakes)}

    def findings(self) -> list[dict[str, Any]]:
        return [_mistake_json(self.file, line) for line in self.mistakes]

    def details(self) -> dict[str, Any]:
        return {"file": str(self.file), "ok": self.ok, "mistakes": self.mistakes}


def _mistake_json(file: Path, line: str) -> dict[str, Any]:
    found = re.match(r"第(\d+)行", line)
    return {
        "file": str(file),
        "sheet": None,
        "row": int(found.group(1)) if found else None,
        "field": None,
        "code": "POLICY",
        "level": FAIL,
        "message": line,
        "clause": "",
    }


def run_policy_list() -> PolicyListReport:
    from fuzong_cli.policy import builtin_names, load_policy

    rows = []
    for name in builtin_names():
        policy = load_policy(name)
        rows.append(
            {
                "name": name,
                "title": policy.title,
                "city": policy.city or "（不限）",
                "year": str(policy.data.get("year", "")),
                "rules": len(policy.rules()),
            }
        )
    return PolicyListReport(rows)


def run_policy_show(name: str) -> PolicyShowReport:
    """A built-in policy's text as shipped, or a policy file's text (checked first: a broken file is exit 2)."""
    from fuzong_cli.policy import builtin_names, builtin_text, load_policy

    if name in builtin_names():
        return PolicyShowReport(name, builtin_text(name), load_policy(name))
    policy = load_policy(name)
    return PolicyShowReport(name, policy.text, policy, Path(name))


def run_policy_check(file: Path) -> PolicyCheckReport:
    from fuzong_cli.errors import FuzongError
    from fuzong_cli.policy import check_policy_text, read_policy_text

    if not file.exists():
        raise FuzongError(f"找不到政策文件：{file}。")
    if file.is_dir():
        raise FuzongError(f"{file} 是一个文件夹，不是政策 .toml 文件。")
    return PolicyCheckReport(file, check_policy_text(read_policy_text(file)))
