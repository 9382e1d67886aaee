"""What a three-party agreement says: the policy's wording for the parties and clauses, each pair's fields as
the template shows them, which rows of a 配对结果 workbook are pairs, and the agreement's file name.

Pure functions over a pair and the policy; ``write/documents.py`` renders them into the .docx template and
``runs/agreements.py`` / ``runs/publicity.py`` decide with them which pairs are complete.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable, Sequence
from typing import Any

from fuzong_cli.errors import FuzongError
from fuzong_cli.formats import (
    DOC_DATE,
    DOC_TITLE,
    capital,
    chinese_date,
    field_key,
    plain_number,
    xml_safe_keeping_breaks,
    yuan,
)
from fuzong_cli.records import EXCLUDED_SHEET, PAIRS_SHEET

# --------------------------------------------------------------------------------------------- contexts


def _amount_text(amount: float) -> tuple[str, str]:
    """(``50,000``, ``伍万元整``); ("", "") for 0 so a template can test ``{% if 补助金额 %}``."""
    if not amount:
        return "", ""
    return yuan(amount), capital(amount)


def _display(value: Any) -> str:
    return xml_safe_keeping_breaks(_display_raw(value))


def _display_raw(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, dt.date):
        return chinese_date(value)
    if isinstance(value, float):
        return plain_number(value)
    if isinstance(value, (list, tuple)):
        return "、".join(str(v) for v in value)
    return str(value).strip()


def agreement_terms(policy: Any) -> dict[str, Any]:
    """The policy's [agreement] values every agreement shares (term, service, duties, money, clauses)."""
    section = policy.section("agreement")
    if not section:
        raise FuzongError(
            f"政策“{policy.display_name}”没有 [agreement] 节（聘期、服务时间、工作任务），无法生成协议。"
            "请参照 `fuzong policy show liaocheng` 补上。"
        )
    terms = policy.section("terms")
    if "term_years" not in terms:
        raise FuzongError(
            f"政策“{policy.display_name}”的 [terms] 节没有聘期年限（term_years），无法生成协议。"
        )
    subsidy, subsidy_capital = _amount_text(float(section.get("subsidy_amount", 0) or 0))
    allowance, allowance_capital = _amount_text(float(section.get("allowance_monthly", 0) or 0))
    return {
        "政策名称": policy.title,
        "协议依据": section.get("source", ""),
        "聘期年限": str(terms["term_years"]),
        "聘期依据": terms.get("source", section.get("source", "")),
        "服务要求": section.get("service", ""),
        "服务依据": section.get("service_source", section.get("source", "")),
        "任务清单": [str(d) for d in section.get("duties", [])],
        "任务依据": section.get("duties_source", section.get("source", "")),
        "补助金额": subsidy,
        "补助金额大写": subsidy_capital,
        "补助说明": section.get("subsidy_text", ""),
        "补助依据": section.get("subsidy_source", ""),
        "月生活补助": allowance,
        "月生活补助大写": allowance_capital,
        "月生活补助依据": section.get("allowance_source", ""),
        "备案说明": section.get("filing", ""),
        # 丙方: the dispatching unit, or (湖北方案 四(三)) the 接收地方 — the policy's [agreement] third_party
        "丙方称谓": section.get("third_party_title", "派出单位"),
        "丙方依据": section.get("third_party_source", section.get("source", "")),
        "丙方为接收地方": section.get("third_party", "dispatching_unit") == "receiving_place",
        # the 丙方's obligations as the policy states them (第六条); empty: the template's clauses for a 派出单位
        "丙方义务": [str(d) for d in section.get("third_party_duties", [])],
        "丙方义务依据": section.get("third_party_duties_source", "")
        if section.get("third_party_duties")
        else "",
        "_third_party": section.get("third_party", "dispatching_unit"),
        "_city": policy.city,
        "_term_years": int(terms["term_years"]),
    }


#: fields derived per pair (not columns of the pairs workbook)
PAIR_DERIVED = (
    "序号",
    "派出单位",
    "承担部门",
    "丙方",
    "聘期开始",
    "聘期结束",
    "签订日期",
    "企业住所",
    "法定代表人",
    "企业联系人",
    "企业联系电话",
    "专家身份证号",
    "专家联系电话",
    "丙方联系人",
    "协议名称",
)
#: a pair without these values is not rendered (listed in the manifest with the reason), when the template uses
#: them; a missing 聘期开始 is not one of them: the term is left blank to fill in by hand (已生成（聘期待填）)
REQUIRED_VALUES = {
    "企业名称": ("企业名称",),
    "专家姓名": ("专家姓名",),
    "工作单位": ("工作单位",),
    "派出单位": ("工作单位",),
}
#: what a party's particular is printed as when the pairs workbook does not have it: a line to fill in by hand
BLANK = "＿" * 10
BLANK_DATE = "＿＿＿＿年＿＿月＿＿日"
BLANK_SIGNING_DATE = "　　年　月　日"
AGREEMENT_TITLE = "“科技副总”三方合作协议"
#: particulars of the parties: placeholder → the columns of the pairs workbook that may hold it (first wins)
PARTICULARS = {
    "企业住所": ("企业住所", "住所", "企业地址", "注册地址", "地址"),
    "法定代表人": ("法定代表人", "法人代表", "企业法定代表人"),
    "企业联系人": ("企业联系人", "联系人"),
    "企业联系电话": ("企业联系电话", "联系人电话"),
    "专家联系电话": ("专家联系电话", "联系电话", "手机"),
    "丙方联系人": ("丙方联系人", "派出单位联系人"),
}
#: a 学院 (or 系, 研究所…) of a university is not a legal entity: the university signs and seals, the school is
#: named as the department that carries the work
_UNIVERSITY = re.compile(r"^(.+?大学)(?!附属)(.+)$")


def legal_entity(unit: str) -> tuple[str, str]:
    """(the legal entity that holds the seal, the department within it): ``温州大学化学与材料工程学院`` →
    (``温州大学``, ``化学与材料工程学院``); an affiliated hospital (``…大学附属第一医院``) and anything else is its own
    legal entity (unit, "")."""
    unit = unit.strip()
    hit = _UNIVERSITY.match(unit)
    if hit and len(hit.group(2)) >= 2:
        return hit.group(1), hit.group(2)
    return unit, ""


def known_agreement_fields(pair_fields: Iterable[str], extra_headers: Iterable[str] = ()) -> set[str]:
    keys = {field_key(n) for n in pair_fields} | {field_key(n) for n in extra_headers}
    keys |= set(PAIR_DERIVED)
    keys |= {k for k in agreement_terms_keys()}
    keys.discard("")
    return keys


def agreement_terms_keys() -> list[str]:
    return [
        "政策名称",
        "协议依据",
        "聘期年限",
        "聘期依据",
        "服务要求",
        "服务依据",
        "任务清单",
        "任务依据",
        "补助金额",
        "补助金额大写",
        "补助说明",
        "补助依据",
        "月生活补助",
        "月生活补助大写",
        "月生活补助依据",
        "备案说明",
        "丙方称谓",
        "丙方依据",
        "丙方为接收地方",
        "丙方义务",
        "丙方义务依据",
    ]


#: the clauses the agreement rests on: listed in the manifest's 说明 sheet, never inside a contract clause
CITATION_KEYS = (
    ("协议依据", "签订三方协议"),
    ("聘期依据", "聘期"),
    ("服务依据", "服务时间"),
    ("任务依据", "工作任务"),
    ("补助依据", "补助、奖励"),
    ("月生活补助依据", "企业生活补助"),
    ("丙方依据", "丙方"),
    ("丙方义务依据", "丙方的权利和义务"),
)


def citation_rows(terms: dict[str, Any]) -> list[tuple[str, str]]:
    """(说明 label, clause) for the manifest, one per clause the policy gives."""
    return [(f"依据（{label}）", str(terms[key])) for key, label in CITATION_KEYS if terms.get(key)]


def pair_context(
    values: dict[str, Any],
    extra: dict[str, str],
    terms: dict[str, Any],
    seq: int,
    used: set[str],
    start_default: dt.date | None = None,
    *,
    signing: dt.date | None = None,
    show_id: bool = False,
) -> tuple[dict[str, Any], list[str]]:
    """The template context of one pair, and the required values it lacks (names of the input columns).

    Without 聘期开始 (in the row or ``start_default``) the term reads ``自＿＿＿＿年＿＿月＿＿日起至…止`` and
    ``context["_聘期待填"]`` is True. The parties' particulars the row does not have are blank lines; the
    expert's ID number is a blank line too unless ``show_id`` (it is printed only when asked for). ``signing``
    fills the signature dates (``--as-of``), else they are blank.
    """
    from fuzong_cli.read.values import term_last_day

    context: dict[str, Any] = {k: v for k, v in terms.items() if not k.startswith("_")}
    for header, text in extra.items():
        key = field_key(header)
        if key:
            context[key] = xml_safe_keeping_breaks(str(text).strip())
    for name, value in values.items():
        key = field_key(name)
        if key:
            context[key] = _display(value)
    start = values.get("聘期开始") or start_default
    if isinstance(start, dt.datetime):
        start = start.date()
    context["序号"] = str(seq)
    unit = context.get("工作单位", "")
    entity, department = legal_entity(unit) if unit else ("", "")
    context["派出单位"] = xml_safe_keeping_breaks(str(extra.get("丙方单位") or entity))
    context["承担部门"] = xml_safe_keeping_breaks(str(extra.get("承担部门") or department)) or BLANK
    if terms.get("_third_party") == "receiving_place":  # 湖北方案 四(三): 丙方为接收地方
        place = context.get(field_key("县（市、区）")) or terms.get("_city", "")
        context["丙方"] = xml_safe_keeping_breaks(str(place)) or BLANK
    else:
        context["丙方"] = context["派出单位"]
    for name, columns in PARTICULARS.items():
        if name == "丙方联系人" and terms.get("_third_party") == "receiving_place":
            columns = ("丙方联系人", "接收地方联系人")  # the 派出单位's contact is not the 丙方's
        found = next((context[field_key(c)] for c in columns if context.get(field_key(c))), "")
        context[name] = found or BLANK
    context["专家身份证号"] = (context.get("身份证号") or BLANK) if show_id else BLANK
    if not show_id:
        context["身份证号"] = BLANK  # a template using {{ 身份证号 }} directly gets the blank too
    context["签订日期"] = chinese_date(signing) if signing else BLANK_SIGNING_DATE
    if isinstance(start, dt.date):
        context["聘期开始"] = chinese_date(start)
        context["聘期结束"] = chinese_date(term_last_day(start, terms["_term_years"]))
        context["_聘期待填"] = False
    else:
        context["聘期开始"] = context["聘期结束"] = BLANK_DATE
        context["_聘期待填"] = True
    name = f"{AGREEMENT_TITLE}（{context.get('企业名称', '')}—{context.get('专家姓名', '')}）"
    context["协议名称"] = name
    context[DOC_TITLE] = name
    context[DOC_DATE] = signing or dt.date.today()
    missing: list[str] = []
    for key in sorted(used & set(REQUIRED_VALUES)):
        for column in REQUIRED_VALUES[key]:
            if not context.get(field_key(column)) and column not in missing:
                missing.append(column)
    return context, missing


# --------------------------------------------------------------------------------------------- input rows


def select_pairs(records: Sequence[Any]) -> tuple[list[Any], list[str]]:
    """The pair rows to use: only the 配对结果 sheet of a `match` workbook when it has one; rows marked
    排除 = 是 (staff forbade the pair, SPEC §5) are dropped. Returns (records, human lines about what was left out).
    """
    notes: list[str] = []
    chosen = list(records)
    if any(r.source_sheet == PAIRS_SHEET for r in chosen):
        # match's own 已排除配对 sheet (pairs the staff forbade) is expected there: left out without a word
        others = sorted(
            {r.source_sheet for r in chosen if r.source_sheet not in (PAIRS_SHEET, EXCLUDED_SHEET)}
        )
        if others:
            notes.append(f"只使用工作表“{PAIRS_SHEET}”，未使用：{'、'.join(others)}。")
        chosen = [r for r in chosen if r.source_sheet == PAIRS_SHEET]
    excluded = [r for r in chosen if r.get("排除") is True]
    if excluded:
        notes.append(f"{len(excluded)} 行标记为“排除”，未使用（{excluded[0].where} 等）。")
        chosen = [r for r in chosen if r.get("排除") is not True]
    return chosen, notes


# --------------------------------------------------------------------------------------------- file names

_WINDOWS_RESERVED = {
    "CON",
    "PRN",
    "AUX",
    "NUL",
    *(f"COM{i}" for i in range(1, 10)),
    *(f"LPT{i}" for i in range(1, 10)),
}


def safe_filename_part(text: str, limit: int = 40) -> str:
    """Text usable in a Windows file name: no ``\\/:*?"<>|`` or control characters, no trailing dot/space."""
    from fuzong_cli.write.masking import mask_personal

    text = mask_personal(re.sub(r"[\t\r\n]+", " ", unicodedata.normalize("NFC", str(text))), in_filename=True)
    text = "".join(ch for ch in text if ch not in '\\/:*?"<>|' and unicodedata.category(ch)[0] != "C")
    text = re.sub(r"\s+", " ", text).strip()
    text = text[:limit].rstrip(". ")
    if text.split(".")[0].upper() in _WINDOWS_RESERVED:
        text = "_" + text
    return text or "未命名"


def agreement_filename(seq: int, enterprise: str, expert: str) -> str:
    """``001_企业名称_专家姓名.docx``, safe on Windows and at most ~80 characters."""
    return f"{seq:03d}_{safe_filename_part(enterprise, 50)}_{safe_filename_part(expert, 20)}.docx"
