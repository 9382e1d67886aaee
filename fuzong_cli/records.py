"""Plain records that flow from the reader through the rules to the writers.

Nothing here knows about files, typer or openpyxl: the deciding code takes these and a Policy.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

FAIL = "不通过"
REVIEW = "待复核"
NOTICE = "提示"
PASS = "通过"

#: severity order used to derive a row's conclusion
LEVEL_ORDER = {NOTICE: 0, REVIEW: 1, FAIL: 2}


@dataclass(frozen=True)
class Finding:
    """One finding about one row: a stable rule code, the field it concerns, a Chinese message, the clause.

    ``level`` is 不通过 / 待复核 / 提示. ``source`` is the policy clause (``温州方案 二(一)3``) or, for data
    problems found while reading, the standard (``GB 11643``) or ``""``.
    """

    rule_code: str
    level: str
    field: str
    message: str
    source: str = ""


@dataclass(slots=True)  # a million rows: no per-record __dict__ (issue 12)
class Record:
    """One data row of a form, with where it came from.

    ``values``: canonical field name (Chinese, as in SPEC §2) -> normalised value
      (str, int, float, datetime.date, bool, list[str] or None). Derived fields are added by the reader:
      experts get 职称级别, 学历级别, 出生日期, 性别 (from the ID when the column is empty);
      needs get 注册地代码 (characters 3-8 of the credit code).
    ``raw``: canonical field name -> the cell exactly as typed, as text (what the output shows).
    ``extra``: original header -> text, for columns that map to no canonical field (kept, never lost).
    ``source_row``: 1-based row number in the sheet, as Excel shows it.
    """

    kind: str
    values: dict[str, Any]
    raw: dict[str, str]
    source_file: str
    source_sheet: str
    source_row: int
    extra: dict[str, str] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)

    def get(self, name: str, default: Any = None) -> Any:
        value = self.values.get(name)
        return default if value is None or value == "" or value == [] else value

    def add(self, finding: Finding) -> None:
        if finding not in self.findings:
            self.findings.append(finding)

    @property
    def conclusion(self) -> str:
        """通过 / 不通过 / 待复核: the worst level among the findings (提示 never blocks)."""
        worst = max((LEVEL_ORDER[f.level] for f in self.findings), default=0)
        return {0: PASS, 1: REVIEW, 2: FAIL}[worst]

    @property
    def where(self) -> str:
        """``文件 工作表 第N行`` for messages."""
        return f"{self.source_file} 工作表“{self.source_sheet}”第{self.source_row}行"


#: a 提示 finding whose message starts so is a priority tag (优先支持 column), not a note
PRIORITY_PREFIX = "优先支持："


def priority_tags(record: Record) -> list[str]:
    """The priority tags of a row (提示 findings written ``优先支持：…``, without the prefix), for the 优先支持
    column. Other 提示 findings (a 股东 shared with some expert, a renewal) are notes, not tags."""
    return [
        f.message.removeprefix(PRIORITY_PREFIX)
        for f in record.findings
        if f.level == NOTICE and f.message.startswith(PRIORITY_PREFIX)
    ]


# the budget form of 聊城 协同创新项目 (decide/projects.py checks it, write/projects.py lays it out)
#: who funds a project, as the budget form's columns
FUNDERS = ("企业出资", "高校出资", "财政资金")
TOTAL = "项目总额"
#: header of the blank budget form (same order as the [budgets] kind of fields.toml)
BUDGET_HEADERS = ("项目名称", "牵头科技副总", "企业名称", *FUNDERS, TOTAL)


# the sheets of a 配对结果 workbook (match writes them; publicity and agreements read the first)
PAIRS_SHEET = "配对结果"
#: pairs the staff forbade (排除 = 是) in the --locked workbook, written back with 排除 = 是 so that the next
#: round of the propose → edit → re-run loop still forbids them (they are not pairs: publicity and
#: agreements use the 配对结果 sheet only)
EXCLUDED_SHEET = "已排除配对"
