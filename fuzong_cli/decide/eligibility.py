"""Eligibility rules (SPEC §3) and cross-row checks (SPEC §4): pure functions over records and a policy.

``check_records`` adds ``Finding``s to the records in place. Every number and list comes from the policy's
``[rules.*]`` tables (each with ``code``, ``source`` = clause, ``level``); a rule runs only when the policy has
its table. A few data checks run under every policy because a silent pass would be wrong whatever the city:

====  ======================================================================
E02   职称无法识别 → 待复核 (SPEC §2: an unknown title is never a silent pass)
E08   身份证号中的出生日期与“出生年月”不一致 → 待复核 (SPEC §2)
X01   同一人出现多次（身份证号，否则 姓名+工作单位）→ 待复核 (SPEC §4)
X02   同一企业出现多次（统一社会信用代码，否则 企业名称）→ 待复核 (SPEC §4)
====  ======================================================================

No file I/O here: the reader builds the records, the writers show the findings.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from fuzong_cli.decide.duplicates import duplicate_groups, others_text, same_by
from fuzong_cli.decide.identity import names_match, norm_name, person_id
from fuzong_cli.formats import chinese_date
from fuzong_cli.policy import DEGREES, TITLES, Policy
from fuzong_cli.read import values as V
from fuzong_cli.records import FAIL, NOTICE, REVIEW, Finding, Record

CODE_UNKNOWN_TITLE = "E02"
CODE_BIRTH_MISMATCH = "E08"
CODE_DUPLICATE_PERSON = "X01"
CODE_DUPLICATE_ENTERPRISE = "X02"
CODE_FUTURE_DATE = "D10"
#: dates that cannot lie after the reference date: (kind, value checked, field named in the finding)
PAST_DATES = (
    ("experts", "出生日期", "出生年月"),
    ("experts", "参加工作时间", "参加工作时间"),
    ("needs", "成立日期", "成立日期"),
)

#: the grade that triggers a ban under [rules.history_ban] when the policy's [history] has no ban_grades
FAIL_GRADE = "不合格"
#: how a number the source does not give is named in a message (the same words as evaluate's)
DEFAULT_LABEL = "默认值（政策未规定）"

#: GB/T 2260 province-level codes, to name where an out-of-area enterprise is registered
PROVINCES = {
    "11": "北京市",
    "12": "天津市",
    "13": "河北省",
    "14": "山西省",
    "15": "内蒙古自治区",
    "21": "辽宁省",
    "22": "吉林省",
    "23": "黑龙江省",
    "31": "上海市",
    "32": "江苏省",
    "33": "浙江省",
    "34": "安徽省",
    "35": "福建省",
    "36": "江西省",
    "37": "山东省",
    "41": "河南省",
    "42": "湖北省",
    "43": "湖南省",
    "44": "广东省",
    "45": "广西壮族自治区",
    "46": "海南省",
    "50": "重庆市",
    "51": "四川省",
    "52": "贵州省",
    "53": "云南省",
    "54": "西藏自治区",
    "61": "陕西省",
    "62": "甘肃省",
    "63": "青海省",
    "64": "宁夏回族自治区",
    "65": "新疆维吾尔自治区",
    "71": "台湾省",
    "81": "香港特别行政区",
    "82": "澳门特别行政区",
    "10": "国家",
}

#: unit type from the unit's name when 单位类型 is blank (language, not policy: the same in every city)
_UNIT_TYPE_WORDS: list[tuple[str, tuple[str, ...]]] = [
    (
        "职业院校",
        (
            "职业技术学院",
            "职业学院",
            "职业技术大学",
            "职业大学",
            "技师学院",
            "职业学校",
            "职业技术学校",
            "高等专科学校",
        ),
    ),
    ("高校", ("大学", "学院")),
    ("科研院所", ("研究院", "研究所", "科学院", "研究中心", "农科院", "农业科学院")),
]

_INSTITUTE_ENDS = ("研究院", "研究所", "研究中心", "研发中心", "创新中心", "实验室")
_NO_WORDS = {"无", "否", "没有", "暂无", "/", "-", "—", "N", "n", "0"}
_QUOTES = re.compile(r"[“”\"'‘’「」『』\s]")


# ------------------------------------------------------------------------------------------------ helpers


@dataclass
class _Run:
    """What the rules of one run share: the policy, the date, and the other rows they look across
    (indexed, so cross-row checks stay linear on a 100,000-row expert form)."""

    policy: Policy
    as_of: dt.date
    experts: list[Record]
    needs: list[Record]
    #: normalised expert name -> the needs whose 意向专家 names that person
    named_by: dict[str, list[Record]] = field(default_factory=dict)
    #: normalised name -> experts; ID number -> experts; normalised unit -> experts
    by_name: dict[str, list[Record]] = field(default_factory=dict)
    by_id: dict[str, list[Record]] = field(default_factory=dict)
    by_unit: dict[str, list[Record]] = field(default_factory=dict)
    #: earlier 考核结果 rows (``--history``)
    history: list[Record] = field(default_factory=list)

    def index(self) -> None:
        by_name: dict[str, list[Record]] = defaultdict(list)
        by_id: dict[str, list[Record]] = defaultdict(list)
        by_unit: dict[str, list[Record]] = defaultdict(list)
        for expert in self.experts:
            by_name[_norm(expert.values.get("姓名"))].append(expert)
            ident = person_id(expert)
            if ident:
                by_id[ident].append(expert)
            unit = _norm(expert.values.get("工作单位"))
            if unit:
                by_unit[unit].append(expert)
        named_by: dict[str, list[Record]] = defaultdict(list)
        for need in self.needs:
            for name, _ in named_experts(need):
                named_by[_norm(name)].append(need)
        self.by_name, self.by_id, self.by_unit, self.named_by = (
            dict(by_name),
            dict(by_id),
            dict(by_unit),
            dict(named_by),
        )

    def holder_matches(self, holder: str) -> tuple[list[Record], list[str]]:
        """Experts who are this 股东 by name, and the (normalised) units equal to or containing it."""
        key = _norm(holder)
        units = [unit for unit in self.by_unit if names_match(key, unit)]
        return self.by_name.get(key, []), units


def _finding(
    rule: dict[str, Any], fld: str, message: str, level: str | None = None, source: str | None = None
) -> Finding:
    return Finding(
        str(rule["code"]), level or str(rule["level"]), fld, message, source or str(rule["source"])
    )


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return "、".join(str(v) for v in value)
    return str(value).strip()


def _norm(text: Any) -> str:
    """Compare names and units: half-width, no spaces or quotes, brackets unified."""
    return _norm_str(_text(text))


@functools.lru_cache(maxsize=65536)
def _norm_str(text: str) -> str:
    # one definition of "the same name" (decide/identity.py), quotes dropped as well
    return norm_name(_QUOTES.sub("", text))


def _raw(record: Record, name: str) -> str:
    return record.raw.get(name) or _text(record.values.get(name))


def _rank(order: tuple[str, ...], level: str | None) -> int:
    """Higher is better: 博士 > 硕士 > …; unknown → -1."""
    return len(order) - order.index(level) if level in order else -1


def _age(record: Record, as_of: dt.date) -> int | None:
    """Age in full years on ``as_of``; None when unknown or the birth date lies after ``as_of`` (D10)."""
    birth = record.values.get("出生日期")
    return V.age_on(birth, as_of) if isinstance(birth, dt.date) and birth <= as_of else None


def _future(record: Record, name: str, as_of: dt.date) -> bool:
    value = record.values.get(name)
    return isinstance(value, dt.date) and value > as_of


def _future_dates(rec: Record, run: _Run) -> Iterator[Finding]:
    """A birth, work-start or founding date after the reference date is a typo (2085 for 1985): 待复核, and
    the rules that use it neither pass nor fail on it."""
    for kind, name, named in PAST_DATES:
        if rec.kind != kind or not _future(rec, name, run.as_of):
            continue
        shown_field = named if rec.raw.get(named) else "身份证号" if rec.raw.get("身份证号") else named
        shown = rec.raw.get(shown_field) or chinese_date(rec.values[name])
        yield Finding(
            CODE_FUTURE_DATE,
            REVIEW,
            shown_field,
            f"{shown_field}“{shown}”晚于参照日期{chinese_date(run.as_of)}，可能是年份写错了，请核对",
            "",
        )


def _yes(value: Any) -> bool:
    return value is True


def _has_text(value: Any) -> bool:
    text = _text(value)
    return bool(text) and text not in _NO_WORDS and V.parse_bool(text) is not False


def unit_type(expert: Record) -> tuple[str | None, bool]:
    """The expert's 单位类型 as given, else inferred from 工作单位 (second item True when inferred)."""
    given = _text(expert.values.get("单位类型"))
    if given:
        return given, False
    unit = _norm(expert.values.get("工作单位"))
    # 中国科学院… is an institute, not a 学院; X大学温州研究院 is an institute of a university — often a 新型研发
    # 机构 — so no type is guessed for it (a person checks) rather than passing it as 高校
    plain = unit.replace("科学院", "")
    institute = unit.endswith(_INSTITUTE_ENDS)
    for kind, words in _UNIT_TYPE_WORDS:
        if any(w in (plain if kind == "高校" else unit) for w in words):
            if kind == "高校" and institute:
                return None, False
            return kind, True
    return None, False


def eligible_unit_type(expert: Record, policy: Policy) -> bool:
    """Whether the expert's unit type may dispatch under the policy (allowed or to-be-reviewed types).

    True when the policy has no [rules.dispatching_unit], or the type is unknown (a human decides).
    """
    rule = policy.rule("dispatching_unit")
    if rule is None:
        return True
    kind, _ = unit_type(expert)
    if kind is None:
        return True
    return kind in rule.get("allowed", []) or kind in rule.get("review", [])


_NAMED = re.compile(r"([^\s、,，;；/（(）)]+)\s*(?:[（(]([^）)]*)[）)])?")


#: what counties write in 意向专家 when they have no one in mind: 待定, 由科技局推荐, 不限, 暂无, …
_NOT_A_NAME_START = re.compile(
    r"^(?:暂无|暂未|暂不|尚无|尚未|没有|不限|不定|未定|待|无意向|无要求|均可|都可以|若干|另行|请|由.+(?:推荐|确定|安排|匹配|协调|选派))"
)
_NOT_A_NAME_WORDS = re.compile(r"推荐|确定|安排|匹配|协调|选派|待定")


def _not_a_name(text: str) -> bool:
    """A placeholder, not a person: 待定, 由科技局推荐 (a name of 2–3 characters such as 李推荐 is kept)."""
    return bool(_NOT_A_NAME_START.match(text)) or (len(text) >= 4 and bool(_NOT_A_NAME_WORDS.search(text)))


def named_experts(need: Record) -> list[tuple[str, str]]:
    """The persons a need's 意向专家 names: ``张三（温州大学）、李四`` → [("张三","温州大学"), ("李四","")].

    A unit in brackets wins; otherwise 意向专家单位 applies when exactly one person is named.
    """
    text = V.to_halfwidth(_text(need.values.get("意向专家")))
    if not text or text in _NO_WORDS:
        return []
    found = [(name.strip(), (unit or "").strip()) for name, unit in _NAMED.findall(text) if name.strip()]
    found = [(n, u) for n, u in found if n not in _NO_WORDS and not _not_a_name(n)]
    default_unit = _text(need.values.get("意向专家单位"))
    if len(found) == 1 and not found[0][1] and default_unit:
        found = [(found[0][0], default_unit)]
    return found


def _same_unit(a: str, b: str) -> bool:
    return names_match(_norm(a), _norm(b))


def names_expert(need: Record, expert: Record) -> bool:
    """Whether the need's 意向专家 names this expert (same name, and the same unit when a unit is given)."""
    name = _norm(expert.values.get("姓名"))
    unit = _text(expert.values.get("工作单位"))
    for named, named_unit in named_experts(need):
        if _norm(named) == name and (not named_unit or not unit or _same_unit(named_unit, unit)):
            return True
    return False


def _holder_reasons(holders: list[str], name: str, unit: str) -> list[str]:
    """Which 股东 are the person ``name`` or the unit ``unit`` (or a unit containing / contained in it)."""
    reasons = []
    for holder in holders:
        if name and _norm(holder) == _norm(name):
            reasons.append(f"股东“{holder}”是专家{name}本人")
        elif unit and _same_unit(holder, unit):
            reasons.append(f"股东“{holder}”是专家{name}的工作单位“{unit}”或其所属单位")
    return reasons


def conflict_level(policy: Policy | None) -> str:
    """The level of the 股东 conflict in matching: the rule's own level (不通过 → the pair is never made;
    待复核 → 温州方案 二(三)1 “原则上不应”: the pair may be made and is marked for review). No rule → 不通过
    (there is nothing to find then: ``conflicts`` returns [])."""
    rule = policy.rule("enterprise_not_founded_by_expert") if policy is not None else None
    return str(rule.get("level") or FAIL) if rule else FAIL


def conflicts(need: Record, expert: Record, policy: Policy | None = None) -> list[str]:
    """Why this enterprise and this expert must not be paired: the need's 股东 include the expert or the
    expert's unit (SPEC §4; 温州方案 二(三)1, 新乡计划 三(二)5, 聊城办法 第九条1). [] when none.

    With a policy that has no [rules.enterprise_not_founded_by_expert] (湖北方案), there is no such rule: [].
    """
    if policy is not None and policy.rule("enterprise_not_founded_by_expert") is None:
        return []
    holders = [str(h) for h in need.values.get("股东") or []]
    return _holder_reasons(holders, _text(expert.values.get("姓名")), _text(expert.values.get("工作单位")))


# ------------------------------------------------------------------------------------------------ experts


def _expert_qualification(rec: Record, rule: dict[str, Any], run: _Run) -> Iterator[Finding]:
    """学历/职称条件: 温州方案 二(一)3 (硕士+ 或 副高+，核心知识产权可放宽), 新乡计划 三(一)2、5,
    聊城办法 第五条1 (博士 或 副高+), 湖北方案 二(二) (副高+ 且 有发明专利、专利技术或科研成果)."""
    min_degree, min_title = rule.get("min_degree"), rule.get("min_title")
    degree, title = rec.values.get("学历级别"), rec.values.get("职称级别")
    title_text = _text(rec.values.get("职称"))
    title_unknown = bool(title_text) and title is None
    parts: list[tuple[bool, bool]] = []  # (satisfied, could be satisfied once a human reads the title)
    wants: list[str] = []
    if min_degree:
        ok = _rank(DEGREES, degree) >= _rank(DEGREES, min_degree)
        parts.append((ok, False))
        wants.append("博士学位" if min_degree == "博士" else f"{min_degree}以上学历（学位）")
    if min_title:
        ok = _rank(TITLES, title) >= _rank(TITLES, min_title)
        parts.append((ok, title_unknown))
        wants.append(f"{min_title}以上职称")
    if parts:
        combine_and = rule.get("combine", "or") == "and"
        joiner = "且" if combine_and else "或"
        satisfied = all(p[0] for p in parts) if combine_and else any(p[0] for p in parts)
        maybe = all(p[0] or p[1] for p in parts) if combine_and else any(p[0] or p[1] for p in parts)
        if not satisfied and not maybe:
            shown = []
            if min_title:
                shown.append(f"职称“{title_text}”（{title}）" if title_text and title else "职称未填写")
            if min_degree:
                degree_text = "、".join(t for t in (_raw(rec, "学历"), _raw(rec, "学位")) if t)
                shown.append(
                    f"学历“{degree_text}”（{degree or '无法归类'}）" if degree_text else "学历未填写"
                )
            message = f"{'、'.join(shown)}，不满足“{joiner.join(wants)}”"
            ground = _relax_ground(rec, rule)
            if ground:
                relax = rule.get("relax_source") or rule["source"]
                yield _finding(
                    rule, "职称", f"{message}；但{ground}，可适当放宽（{relax}），需人工复核", REVIEW
                )
            else:
                yield _finding(rule, "职称", message)
    if rule.get("require_results"):
        achievements = _text(rec.values.get("代表性成果"))
        patents = rec.values.get("发明专利数")
        has_patents = isinstance(patents, (int, float)) and patents > 0
        if not _has_text(achievements) and not has_patents:
            want = "拥有发明专利、专利技术或科研成果"
            said = f"代表性成果为“{achievements}”" if achievements else "代表性成果为空"
            if patents is None and not achievements:
                yield _finding(rule, "代表性成果", f"未填写代表性成果或发明专利数，无法核对“{want}”", REVIEW)
            elif patents is None:  # 代表性成果：无 — the expert says there are none
                yield _finding(rule, "代表性成果", f"{said}，不满足“{want}”")
            else:
                yield _finding(rule, "代表性成果", f"{said}、发明专利数为{patents:g}，不满足“{want}”")


def _relax_ground(rec: Record, rule: dict[str, Any]) -> str:
    """Why the rule may be relaxed (温州方案 二(一)3、新乡计划 三(一)5: “对拥有核心知识产权或成熟科技成果、……急需紧缺
    的人才，可适当放宽”), in words, or "". The grounds and their words are the policy's ``relax_grounds``
    (ground → words); a ground counts when the 核心知识产权 column says 是 (that ground), a column named after
    the ground says 是, or one of its words appears in 代表性成果 or a 备注/说明 column."""
    if rule.get("relax_core_ip") != "review":
        return ""
    grounds = rule.get("relax_grounds") or {"核心知识产权": []}
    notes = [_text(rec.values.get("代表性成果"))]
    notes += [v for k, v in rec.extra.items() if any(w in k for w in ("备注", "说明", "情况"))]
    for ground, words in grounds.items():
        if ground == "核心知识产权" and _yes(rec.values.get("核心知识产权")):
            return "拥有核心知识产权"
        for header, value in rec.extra.items():
            if ground in header and V.parse_bool(value) is True:
                return f"“{header}”为是（{ground}）"
        for word in [ground, *words]:
            hit = next((n for n in notes if word and word in n and not _negated(n, word)), None)
            if hit is not None:
                return f"填有“{word}”（{ground}）"
    return ""


def _negated(text: str, word: str) -> bool:
    """``无核心知识产权`` / ``非急需紧缺``: the word is there but denied."""
    i = text.find(word)
    return i > 0 and text[i - 1] in "无非否没未不"


def _month_only(rec: Record, name: str, value: Any) -> tuple[dt.date, dt.date] | None:
    """(first, last) day of the month when ``name`` was written to the month only (``1975.12``), else None."""
    import calendar

    raw = rec.raw.get(name)
    if not raw or not isinstance(value, dt.date):
        return None
    if V.parse_date(raw).precision != "month":
        return None
    last = calendar.monthrange(value.year, value.month)[1]
    return dt.date(value.year, value.month, 1), dt.date(value.year, value.month, last)


def _unknown_title(rec: Record, run: _Run) -> Iterator[Finding]:
    """SPEC §2: a 职称 the title list does not know needs review, never a silent pass."""
    title_text = _text(rec.values.get("职称"))
    if title_text and rec.values.get("职称级别") is None:
        source = (run.policy.rule("expert_qualification") or {}).get("source", "")
        yield Finding(
            CODE_UNKNOWN_TITLE, REVIEW, "职称", f"职称“{title_text}”无法识别，需人工核对", str(source)
        )


def _birth_mismatch(rec: Record, run: _Run) -> Iterator[Finding]:
    """SPEC §2: birth date from the ID number and 出生年月 both present and different → 待复核.

    Compared to the precision 出生年月 was written with (``1985.03`` compares year and month only).
    """
    from_id = rec.values.get("身份证出生日期")
    written = rec.values.get("出生年月")
    if not isinstance(from_id, dt.date) or not isinstance(written, dt.date):
        return
    precision = V.parse_date(rec.raw.get("出生年月") or written).precision or "day"
    keys = {"year": 1, "month": 2, "day": 3}[precision]
    if (from_id.year, from_id.month, from_id.day)[:keys] != (written.year, written.month, written.day)[:keys]:
        yield Finding(
            CODE_BIRTH_MISMATCH,
            REVIEW,
            "出生年月",
            f"出生年月“{_raw(rec, '出生年月')}”与身份证号中的出生日期{chinese_date(from_id)}不一致，需人工核对",
            "",
        )


def _expert_age(rec: Record, rule: dict[str, Any], run: _Run) -> Iterator[Finding]:
    """年龄上限（周岁，按参照日期）：新乡计划 三(一)2 初聘不超过50周岁（三(一)5 核心知识产权可放宽）；
    湖北方案 二(三) 45岁以下（企业有意向人选并协商一致的可放宽）."""
    max_age = int(rule["max_age"])
    want = f"不超过{max_age}周岁"
    age = _age(rec, run.as_of)
    if age is None and _future(rec, "出生日期", run.as_of):
        return  # D10 already asks for a check
    if age is None:
        yield _finding(rule, "出生年月", f"缺少出生日期（身份证号或出生年月），无法核对年龄“{want}”", REVIEW)
        return
    if age <= max_age:
        return
    month = (
        None
        if isinstance(rec.values.get("身份证出生日期"), dt.date)
        else _month_only(rec, "出生年月", rec.values.get("出生年月"))
    )
    if month is not None and V.age_on(month[1], run.as_of) <= max_age:
        yield _finding(
            rule,
            "出生年月",
            f"出生年月“{_raw(rec, '出生年月')}”只写到月：截至{chinese_date(run.as_of)}可能{age}周岁，也可能"
            f"{V.age_on(month[1], run.as_of)}周岁（“{want}”的界限落在这个月里），请核对具体出生日期",
            REVIEW,
        )
        return
    message = f"年龄{age}周岁（截至{chinese_date(run.as_of)}），不满足“{want}”"
    relax = rule.get("relax_source") or rule["source"]
    served = _served_before(rec, run) if rule.get("first_appointment_only") else None
    if served is not None:
        yield _finding(
            rule,
            "出生年月",
            f"年龄{age}周岁，但{served}已有考核记录，属续聘而非初聘，不适用“初聘{want}”",
            NOTICE,
        )
    elif _relax_ground(rec, rule):
        yield _finding(
            rule,
            "出生年月",
            f"{message}；但{_relax_ground(rec, rule)}，可适当放宽（{relax}），需人工复核",
            REVIEW,
        )
    elif rule.get("relax_if_preagreed") == "review" and _named_needs(rec, run):
        names = "、".join(_text(n.values.get("企业名称")) for n in _named_needs(rec, run))
        yield _finding(
            rule,
            "出生年月",
            f"{message}；但企业（{names}）已将其列为意向人选，年龄可适当放宽（{relax}），需人工复核",
            REVIEW,
        )
    else:
        yield _finding(rule, "出生年月", message)


def _served_before(rec: Record, run: _Run) -> str | None:
    """``2025年度`` when the earlier 考核结果 (--history) surely hold this person, else None."""
    for past in run.history:
        if _history_match(past, rec) == FAIL:
            year = past.values.get("年度")
            return f"{year}年度" if year else "往年"
    return None


def _named_needs(rec: Record, run: _Run) -> list[Record]:
    return [n for n in run.named_by.get(_norm(rec.values.get("姓名")), []) if names_expert(n, rec)]


def _young_talent(rec: Record, rule: dict[str, Any], run: _Run) -> Iterator[Finding]:
    """青年人才优先：温州方案 二(一)2 “重点鼓励40周岁以下青年人才参加派驻” → 提示标签."""
    age = _age(rec, run.as_of)
    if age is not None and age <= int(rule["max_age"]):
        tag = rule.get("tag") or f"{rule['max_age']}周岁以下青年人才"
        yield _finding(rule, "出生年月", f"优先支持：{tag}（{age}周岁）")


def _date_since(rec: Record, name: str, as_of: dt.date) -> tuple[dt.date | None, str]:
    """The date a years-since rule counts from: (date, "") when it is readable and not after ``as_of``;
    (None, why) when it is blank or unreadable; (None, "") when it lies after ``as_of`` (D10 asks already)."""
    value = rec.values.get(name)
    if not isinstance(value, dt.date):
        return None, f"{name}无法识别" if _raw(rec, name) else f"未填写{name}"
    return (value, "") if value <= as_of else (None, "")


def _expert_work_years(rec: Record, rule: dict[str, Any], run: _Run) -> Iterator[Finding]:
    """参加工作年限：温州方案 二(一)2 “参加工作应满两年以上”；聊城办法 第五条1 “具备两年以上工作经历”."""
    min_years = int(rule["min_years"])
    start, missing = _date_since(rec, "参加工作时间", run.as_of)
    if start is None:
        if missing:
            yield _finding(rule, "参加工作时间", f"{missing}，无法核对“参加工作满{min_years}年”", REVIEW)
        return
    years = V.full_years(start, run.as_of)
    month = _month_only(rec, "参加工作时间", start)
    if years >= min_years and month is not None and V.full_years(month[1], run.as_of) < min_years:
        yield _finding(
            rule,
            "参加工作时间",
            f"参加工作时间“{_raw(rec, '参加工作时间')}”只写到月：至{chinese_date(run.as_of)}可能满{min_years}年，也可能不满"
            "（界限落在这个月里），请核对具体日期",
            REVIEW,
        )
        return
    if years < min_years:
        yield _finding(
            rule,
            "参加工作时间",
            f"参加工作时间“{_raw(rec, '参加工作时间')}”，至{chinese_date(run.as_of)}工作{max(years, 0)}年，不满“{min_years}年”",
        )


def _dispatching_unit(rec: Record, rule: dict[str, Any], run: _Run) -> Iterator[Finding]:
    """派出单位类型：温州方案 二(一)2、二(二)；新乡计划 三(一)1；聊城办法 第二条；湖北方案 二."""
    allowed = list(rule.get("allowed", []))
    review = list(rule.get("review", []))
    kind, inferred = unit_type(rec)
    unit = _text(rec.values.get("工作单位"))
    allowed_text = "、".join(allowed)
    if kind is None:
        yield _finding(
            rule,
            "单位类型",
            f"未填写单位类型，且无法从工作单位“{unit}”判断，无法核对派出单位是否为{allowed_text}",
            REVIEW,
        )
        return
    said = f"工作单位“{unit}”（按名称判断为{kind}）" if inferred else f"单位类型“{kind}”"
    if kind in allowed:
        return
    if kind in review:
        yield _finding(rule, "单位类型", f"{said}须人工核对是否符合派出单位条件（{allowed_text}等）", REVIEW)
    elif inferred:
        yield _finding(rule, "单位类型", f"{said}不在可派出单位（{allowed_text}）之列，需人工核对", REVIEW)
    else:
        yield _finding(rule, "单位类型", f"{said}不在可派出单位（{allowed_text}）之列")


def _expert_bad_record(rec: Record, rule: dict[str, Any], run: _Run) -> Iterator[Finding]:
    """近N年无不良记录：新乡计划 三(一)4；聊城办法 第五条4（学术不端、科研失信）；湖北方案 二(四)."""
    if _yes(rec.values.get("近三年不良记录")):
        yield _finding(
            rule,
            "近三年不良记录",
            f"近{rule['years']}年内有不良记录，不满足“近{rule['years']}年内无不良记录”",
        )


# ------------------------------------------------------------------------------------------------ needs


def _enterprise_region(rec: Record, rule: dict[str, Any], run: _Run) -> Iterator[Finding]:
    """企业注册地：温州方案 二(三)1 温州市内注册；新乡计划 三(二)1；聊城办法 第九条1；湖北方案 (省内企业).

    The registering authority's division is characters 3–8 of the credit code. A province- or state-level
    authority (``330000``, ``100000``) does not tell the city: 待复核.
    """
    prefixes = run.policy.region_codes
    division = _text(rec.values.get("注册地代码"))
    if not prefixes or not division:
        return
    if any(division.startswith(p) for p in prefixes):
        return
    city = run.policy.city
    where = f"{division}（{PROVINCES.get(division[:2], '未知地区')}）"
    prefix_text = "、".join(prefixes)
    if division.endswith("0000") and (
        division[:2] == "10" or any(p.startswith(division[:2]) for p in prefixes)
    ):
        yield _finding(
            rule,
            "统一社会信用代码",
            f"统一社会信用代码的登记机关代码为{where}，是省级或国家级登记机关，无法判断是否在{city}注册，需人工核对",
            REVIEW,
        )
        return
    yield _finding(
        rule,
        "统一社会信用代码",
        f"统一社会信用代码的登记机关代码为{where}，不在{city}（{prefix_text}）范围内，企业须在{city}注册",
    )


def _enterprise_size(rec: Record, rule: dict[str, Any], run: _Run) -> Iterator[Finding]:
    """企业规模：湖北方案 一 “对口担任中小微企业‘科技副总’”."""
    allowed = list(rule["allowed"])
    want = "".join(allowed) + "型企业" if all(len(a) == 1 for a in allowed) else "、".join(allowed)
    size = _text(rec.values.get("企业规模"))
    if not size:
        yield _finding(rule, "企业规模", f"未填写企业规模，无法核对是否为{want}", REVIEW)
    elif size not in allowed:
        yield _finding(rule, "企业规模", f"企业规模为“{size}”，不属于{want}")


def _qualification_matches(quals: list[str], rule: dict[str, Any]) -> list[str]:
    aliases = {_norm(k): str(v) for k, v in (rule.get("aliases") or {}).items()}
    listed = [str(x) for x in rule["list"]]
    found: list[str] = []
    for qual in quals:
        raw = _norm(qual)  # an alias of four characters or more also counts inside a longer text (国家级…)
        alias = aliases.get(raw) or next((v for k, v in aliases.items() if len(k) >= 4 and k in raw), qual)
        nq = _norm(alias)
        for item in listed:
            ni = _norm(item)
            if (nq == ni or (len(ni) >= 4 and ni in nq)) and item not in found:
                found.append(item)
    return found


def _enterprise_qualification(rec: Record, rule: dict[str, Any], run: _Run) -> Iterator[Finding]:
    """企业资质：新乡计划 三(二)1 须具有所列资质之一（mode = required）；温州方案 二(三)3、聊城办法 第十二条2
    优先支持所列企业（mode = priority → 提示标签）."""
    quals = [str(q) for q in rec.values.get("企业资质") or []]
    found = _qualification_matches(quals, rule)
    if rule["mode"] == "priority":
        if found:
            yield _finding(rule, "企业资质", f"优先支持：{'、'.join(found)}")
        return
    if found:
        return
    listed = "、".join(str(x) for x in rule["list"])
    if not quals:
        yield _finding(rule, "企业资质", f"未填写企业资质，企业须具有下列资质之一：{listed}")
    else:
        yield _finding(
            rule,
            "企业资质",
            f"企业资质“{'、'.join(quals)}”不在所列资质中（{listed}等），需人工核对是否相当",
            str(rule.get("unlisted_level") or rule["level"]),
        )


def _enterprise_age(rec: Record, rule: dict[str, Any], run: _Run) -> Iterator[Finding]:
    """企业注册年限：聊城办法 第九条1 “注册时间满1年以上”."""
    min_years = int(rule["min_years"])
    founded, missing = _date_since(rec, "成立日期", run.as_of)
    if founded is None:
        if missing:
            yield _finding(rule, "成立日期", f"{missing}，无法核对“注册时间满{min_years}年”", REVIEW)
        return
    if V.full_years(founded, run.as_of) < min_years:
        yield _finding(
            rule,
            "成立日期",
            f"成立日期{chinese_date(founded)}，至{chinese_date(run.as_of)}注册未满{min_years}年",
        )


def _percent(rec: Record) -> float | None:
    value = rec.values.get("研发投入占比")
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        return None
    raw = rec.raw.get("研发投入占比", "")
    if "%" in raw or "％" in raw or value > 1:
        return float(value)
    return float(value) * 100  # an Excel percent cell: 0.035 = 3.5%


def _enterprise_rd_ratio(rec: Record, rule: dict[str, Any], run: _Run) -> Iterator[Finding]:
    """研发投入占比：聊城办法 第九条2 “研发投入占主营业务收入的比例符合国家或本市相关规定要求”（来源无数值，
    下限为 TOML 中注明的默认值）."""
    minimum = float(rule["min_percent"])
    ratio = _percent(rec)
    default = (
        f"（{minimum:g}%为{DEFAULT_LABEL}，请对照国家或本市规定核对）"
        if rule.get("min_percent_default")
        else ""
    )
    if ratio is None:
        yield _finding(
            rule, "研发投入占比", f"未填写研发投入占比，无法核对是否不低于{minimum:g}%{default}", REVIEW
        )
    elif ratio < minimum:
        yield _finding(rule, "研发投入占比", f"研发投入占比{ratio:g}%，低于{minimum:g}%{default}")


def _enterprise_legal_person(rec: Record, rule: dict[str, Any], run: _Run) -> Iterator[Finding]:
    """独立法人：温州方案 二(三)1 “独立法人企业”；新乡计划 三(二)1、聊城办法 第九条1 “具有独立法人资格”.

    The credit code's 1st–2nd characters name the kind of registrant (GB 32100: 92 = 个体工商户, not a legal
    person) — the policy lists them in ``code_kinds``; a name ending in one of ``name_suffixes`` (分公司) is a
    branch, which is no independent legal person: ``name_level`` (待复核, the name may mislead)."""
    code = _text(rec.values.get("统一社会信用代码")).upper()
    kinds = {str(k).upper(): str(v) for k, v in (rule.get("code_kinds") or {}).items()}
    if code[:2] in kinds:
        yield _finding(
            rule,
            "统一社会信用代码",
            f"统一社会信用代码以“{code[:2]}”开头，登记类型为{kinds[code[:2]]}，不具有独立法人资格",
        )
        return
    name = _text(rec.values.get("企业名称"))
    for suffix in rule.get("name_suffixes") or []:
        if name.endswith(str(suffix)):
            yield _finding(
                rule,
                "企业名称",
                f"企业名称“{name}”以“{suffix}”结尾，分支机构不具有独立法人资格，请核对是否以总公司（独立法人）申报",
                str(rule.get("name_level") or REVIEW),
            )
            return


def _enterprise_credit(rec: Record, rule: dict[str, Any], run: _Run) -> Iterator[Finding]:
    """企业信用：温州方案 二(三)2 会计信用和纳税信用良好、近3年无严重失信记录；新乡计划 三(二)1 信誉良好；
    聊城办法 第九条1 近三年内无重大违法违规行为和不良信用记录."""
    years = rule.get("dishonesty_years", 3)
    wording = str(rule.get("credit_text") or "信用良好")
    if _yes(rec.values.get("近三年失信记录")):
        default = f"（年限为{DEFAULT_LABEL}）" if rule.get("dishonesty_years_default") else ""
        serious = [str(w) for w in rule.get("serious_words") or []]
        typed = _text(rec.raw.get("近三年失信记录"))
        if serious and not any(w in typed for w in serious):
            # 温州方案 二(三)2 只排除“严重失信”：一个“是/有”说不清是否严重 → 由人核实
            yield _finding(
                rule,
                "近三年失信记录",
                f"近{years}年有失信记录（“{typed}”，未注明是否属严重失信）{default}；“{wording}”只排除严重失信，"
                "请核实：属严重失信（如列入严重失信主体名单）则不通过，否则可通过",
                str(rule.get("dishonesty_level") or REVIEW),
            )
        else:
            kind = "严重失信记录" if serious else "失信记录"
            yield _finding(rule, "近三年失信记录", f"近{years}年有{kind}{default}，不满足“{wording}”")
    ok_levels = rule.get("tax_levels_ok")
    fail_levels = list(rule.get("tax_fail_levels") or [])
    tax = _text(rec.values.get("纳税信用等级"))
    if tax and tax in fail_levels:
        yield _finding(
            rule,
            "纳税信用等级",
            f"纳税信用等级为{tax}级，属不良信用记录，不满足“{wording}”",
            str(rule.get("tax_fail_level") or FAIL),
        )
    elif ok_levels and tax and tax not in ok_levels:
        default = f"（等级范围为{DEFAULT_LABEL}）" if rule.get("tax_levels_default") else ""
        yield _finding(
            rule,
            "纳税信用等级",
            f"纳税信用等级为{tax}级，不在{'、'.join(ok_levels)}级之内{default}，需核对是否“{wording}”",
            str(rule.get("tax_level") or rule["level"]),
        )


def _innovation_platform_priority(rec: Record, rule: dict[str, Any], run: _Run) -> Iterator[Finding]:
    """新乡计划 三(二)2 “优先支持建有……市级及以上创新平台的企业” → 提示标签."""
    platform = rec.values.get("市级以上创新平台")
    if _has_text(platform) or platform is True:
        tag = rule.get("tag") or "建有市级及以上创新平台"
        detail = (
            f"（{_text(platform)}）" if isinstance(platform, str) and V.parse_bool(platform) is None else ""
        )
        yield _finding(rule, "市级以上创新平台", f"优先支持：{tag}{detail}")


def _priority_industries(rec: Record, rule: dict[str, Any], run: _Run) -> Iterator[Finding]:
    """聊城办法 第十条 重点支持领域（人工智能、新能源、新材料……）→ 提示标签."""
    industry = _norm(rec.values.get("所属行业"))
    hits = [str(w) for w in rule["list"] if _norm(w) in industry]
    if hits:
        tag = rule.get("tag") or "重点支持领域"
        yield _finding(rule, "所属行业", f"优先支持：{tag}（{'、'.join(hits)}）")


_REMARK_HEADERS = ("备注", "说明", "情况")


def _remark_hints(rec: Record, rule: dict[str, Any], run: _Run) -> Iterator[Finding]:
    """Clauses a form has no column for, read from the columns a bureau adds or from 备注 text (each item of
    ``[[rules.remark_hints.items]]`` cites its clause): 温州方案 二(一)3 高精尖人才、二(一)4 方案实施前已受聘、
    二(三)2 会计信用；新乡计划 三(一)2 境外学位认证、三(一)4 相关工作经验、三(二)4 重点产业链、四(三) 国有企业.

    An item looks at the columns whose header contains one of its ``headers`` (是/否 there → ``if_yes`` /
    ``if_no``) and, unless ``in_remarks = false``, at 备注/说明/情况 columns, for one of its ``words`` (not
    denied: 无…/非…) → its ``level``. At most one finding per item."""
    cells = {**{k: _text(v) for k, v in rec.raw.items()}, **{k: _text(v) for k, v in rec.extra.items()}}
    cells = {k: v for k, v in cells.items() if v}
    for item in rule.get("items", []):
        if item.get("kind", "needs") != rec.kind:
            continue
        heads = [str(h) for h in item.get("headers", [])]
        named = [(k, v) for k, v in cells.items() if any(h in k for h in heads)]
        remarks = [
            (k, v) for k, v in cells.items()
            if item.get("in_remarks", True) and any(w in k for w in _REMARK_HEADERS) and (k, v) not in named
        ]  # fmt: skip
        hit: tuple[str, str, str] | None = None
        for k, v in named:
            said = V.parse_bool(v)
            if said is False and item.get("if_no"):
                hit = (str(item["if_no"]), k, f"“{k}”为“{v}”")
            elif said is True and item.get("if_yes"):
                hit = (str(item["if_yes"]), k, f"“{k}”为“{v}”")
            if hit:
                break
        if hit is None:
            for k, v in named + remarks:
                word = next((str(w) for w in item.get("words", []) if w in v and not _negated(v, w)), None)
                if word:
                    hit = (str(item.get("level") or rule["level"]), k, f"“{k}”写有“{word}”")
                    break
        if hit is not None:
            level, fld, why = hit
            yield Finding(
                str(item.get("code") or rule["code"]), level, fld, f"{item['message']}（{why}）",
                str(item.get("source") or rule["source"]),
            )  # fmt: skip


RuleFn = Callable[[Record, dict[str, Any], _Run], Iterable[Finding]]

#: rule name -> (record kind it applies to, function); the policy's [rules.*] tables switch them on
SINGLE_ROW_RULES: dict[str, tuple[str, RuleFn]] = {
    "expert_qualification": ("experts", _expert_qualification),
    "expert_age": ("experts", _expert_age),
    "young_talent": ("experts", _young_talent),
    "expert_work_years": ("experts", _expert_work_years),
    "dispatching_unit": ("experts", _dispatching_unit),
    "expert_bad_record": ("experts", _expert_bad_record),
    "enterprise_region": ("needs", _enterprise_region),
    "enterprise_size": ("needs", _enterprise_size),
    "enterprise_qualification": ("needs", _enterprise_qualification),
    "enterprise_age": ("needs", _enterprise_age),
    "enterprise_rd_ratio": ("needs", _enterprise_rd_ratio),
    "enterprise_credit": ("needs", _enterprise_credit),
    "enterprise_legal_person": ("needs", _enterprise_legal_person),
    "innovation_platform_priority": ("needs", _innovation_platform_priority),
    "priority_industries": ("needs", _priority_industries),
    "remark_hints": ("any", _remark_hints),
}

#: rules checked across rows (below); listed so every rule name in the schema is known here
CROSS_ROW_RULES = ("one_enterprise_per_expert", "enterprise_not_founded_by_expert", "history_ban")


# ------------------------------------------------------------------------------------------------ cross-row


def _duplicates(records: list[Record]) -> None:
    """SPEC §4: the same person (身份证号, else 姓名+工作单位) or enterprise (信用代码, else 名称) twice,
    across files too. Each copy is 待复核 and names the others."""
    for group in duplicate_groups(records):
        how = same_by(records, group)
        for i in group:
            rec = records[i]
            others = others_text(records, group, i)
            if rec.kind == "experts":
                rec.add(
                    Finding(
                        CODE_DUPLICATE_PERSON,
                        REVIEW,
                        "姓名",
                        f"与 {others} 是同一人（{how}），请只保留一行",
                        "",
                    )
                )
            else:
                rec.add(
                    Finding(
                        CODE_DUPLICATE_ENTERPRISE,
                        REVIEW,
                        "企业名称",
                        f"与 {others} 是同一企业（{how}），请只保留一行",
                        "",
                    )
                )


def _one_enterprise_per_expert(rule: dict[str, Any], run: _Run) -> None:
    """一企一人：温州方案 六(四)；新乡计划 四(二)2 企业原则上择优选择1人；聊城办法 第五条5 只能服务一家企业."""
    per_expert = rule.get("max_enterprises_per_expert")
    per_enterprise = rule.get("max_experts_per_enterprise")
    if per_enterprise is not None:
        source = str(rule.get("enterprise_source") or rule["source"])
        for need in run.needs:
            named = named_experts(need)
            if len(named) > int(per_enterprise):
                names = "、".join(n for n, _ in named)
                need.add(
                    _finding(
                        rule,
                        "意向专家",
                        f"意向专家列了{len(named)}人（{names}），一家企业选派{per_enterprise}人",
                        source=source,
                    )
                )
    if per_expert is None:
        return
    groups: dict[tuple[str, str], list[Record]] = defaultdict(list)
    for need in run.needs:
        for name, unit in named_experts(need):
            groups[(_norm(name), _norm(unit))].append(need)
    # a name without a unit joins the group of the same name with a unit when there is exactly one such group
    for (name, unit), needs in list(groups.items()):
        if unit:
            continue
        with_unit = [k for k in groups if k[0] == name and k[1]]
        if len(with_unit) == 1:
            groups[with_unit[0]].extend(needs)
            del groups[(name, unit)]
    for (name, _unit), needs in groups.items():
        unique = list({id(n): n for n in needs}.values())
        if len(unique) <= int(per_expert):
            continue
        display = next(n for n, _ in named_experts(unique[0]) if _norm(n) == name)
        for need in unique:
            others = "、".join(
                f"{_text(o.values.get('企业名称'))}（{o.source_file} 第{o.source_row}行）"
                for o in unique
                if o is not need
            )
            need.add(
                _finding(
                    rule,
                    "意向专家",
                    f"意向专家“{display}”同时被{others}列为意向人选，每名专家只服务{per_expert}家企业",
                )
            )
        for expert in run.by_name.get(name, []):
            # only the needs that name THIS expert count (姓名（单位） written for a namesake elsewhere does not)
            mine = [n for n in unique if names_expert(n, expert)]
            if len(mine) > int(per_expert):
                firms = "、".join(_text(n.values.get("企业名称")) for n in mine)
                expert.add(
                    _finding(
                        rule,
                        "姓名",
                        f"被{len(mine)}家企业（{firms}）列为意向专家，每名专家只服务{per_expert}家企业",
                    )
                )


def _enterprise_not_founded_by_expert(rule: dict[str, Any], run: _Run) -> None:
    """企业不得为专家本人及所在单位创办、入股：温州方案 二(三)1；新乡计划 三(二)5；聊城办法 第九条1.

    The need's 股东 against the expert it names (name, the unit in 意向专家 / 意向专家单位, and that expert's
    工作单位 when the expert is in the run) → the rule's level on the need and the expert. Against every other
    expert of the run → ``other_expert_level`` on the need (提示: matching will not pair them).
    """
    other_level = rule.get("other_expert_level")
    firm = "企业不得为专家本人或其所在单位创办、入股"
    for need in run.needs:
        holders = [str(h) for h in need.values.get("股东") or []]
        if not holders:
            continue
        named_records: list[Record] = []
        for name, unit in named_experts(need):
            matched = [e for e in run.by_name.get(_norm(name), []) if names_expert(need, e)]
            reasons = _holder_reasons(holders, name, unit)
            for expert in matched:
                reasons += _holder_reasons(holders, name, _text(expert.values.get("工作单位")))
            reasons = list(dict.fromkeys(reasons))
            named_records += matched
            if not reasons:
                continue
            need.add(_finding(rule, "股东", f"{'；'.join(reasons)}，{firm}"))
            company = _text(need.values.get("企业名称"))
            for expert in matched:
                expert.add(_finding(rule, "工作单位", f"意向企业{company}的{'；'.join(reasons)}，{firm}"))
        if not other_level:
            continue
        named_ids = {id(e) for e in named_records}
        for holder in holders:
            persons, units = run.holder_matches(holder)
            persons = [e for e in persons if id(e) not in named_ids]
            people = [e for unit in units for e in run.by_unit[unit] if id(e) not in named_ids]
            if not persons and not people:
                continue
            what = []
            if persons:
                what.append(f"与专家{_few(persons)}同名")
            if people:
                unit_names = "、".join(dict.fromkeys(_text(e.values.get("工作单位")) for e in people))
                what.append(f"是{unit_names}或其所属单位（该单位专家{_few(people)}）")
            need.add(
                _finding(
                    rule,
                    "股东",
                    f"股东“{holder}”{'，'.join(what)}，"
                    + (
                        "企业与这些专家配对须人工复核"
                        if rule.get("level") == REVIEW
                        else "企业不能与这些专家配对"
                    ),
                    str(other_level),
                )
            )


def _few(experts: list[Record], shown: int = 3) -> str:
    """``张三、李四、王五等12人`` (names of the first few, in input order)."""
    names = [_text(e.values.get("姓名")) for e in experts]
    text = "、".join(names[:shown])
    return f"{text}等{len(names)}人" if len(names) > shown else text


def _history_ban(rule: dict[str, Any], run: _Run, history: list[Record]) -> None:
    """往年考核不合格者禁止期内不得再次申报：聊城办法 第十七条 “两年内不得再次申报”.

    Grades in [history].ban_grades (default 不合格) ban; the ban ends on 禁止申报截止 when the history row has
    it, else on 31 December of 年度 + [history].ban_years.
    Matched by 身份证号; without one on either side by 姓名 and 工作单位 (待复核 when only the name matches).
    """
    from fuzong_cli.decide.grading import HistoryRules, history_ban_end

    rules = HistoryRules.from_policy(run.policy)
    for past in history:
        grade = _text(past.values.get("等次"))
        year = past.values.get("年度")
        end = history_ban_end(past, rules)  # the one rule evaluate and projects use too
        if end is None or run.as_of > end:
            continue
        past_id = person_id(past)
        candidates = {id(e): e for e in run.by_name.get(_norm(past.values.get("姓名")), [])}
        candidates.update({id(e): e for e in run.by_id.get(past_id, [])} if past_id else {})
        for expert in candidates.values():
            level = _history_match(past, expert)
            if level is None:
                continue
            year_text = f"{year}年度" if year else ""
            note = "（仅姓名相同，请核对是否同一人）" if level == REVIEW else ""
            expert.add(
                _finding(
                    rule,
                    "姓名",
                    f"{year_text}考核{grade}（{past.source_file} 第{past.source_row}行），{chinese_date(end)}前不得再次申报{note}",
                    level if level == REVIEW else None,
                )
            )


def _history_match(past: Record, expert: Record) -> str | None:
    """FAIL when the same person for sure, REVIEW when only the name matches, None when different."""
    id_a, id_b = person_id(past), person_id(expert)
    if id_a and id_b:
        return FAIL if id_a == id_b else None
    if norm_name(past.values.get("姓名")) != norm_name(expert.values.get("姓名")):
        return None
    unit_a, unit_b = _text(past.values.get("工作单位")), _text(expert.values.get("工作单位"))
    if unit_a and unit_b:
        return FAIL if _same_unit(unit_a, unit_b) else None
    return REVIEW


# ------------------------------------------------------------------------------------------------ entry


def check_records(
    records: list[Record], policy: Policy, as_of: dt.date, history: list[Record] | None = None
) -> None:
    """Apply the policy's rules to every record (needs and experts; other kinds are left alone), then the
    cross-row checks over all of them together, adding Findings in place.

    ``history``: records of kind "history" (earlier 考核结果) for the ban of [rules.history_ban].
    """
    experts = [r for r in records if r.kind == "experts"]
    needs = [r for r in records if r.kind == "needs"]
    run = _Run(policy, as_of, experts, needs, history=list(history or []))
    run.index()
    rules = policy.rules()
    for rec in experts:
        for finding in (*_unknown_title(rec, run), *_birth_mismatch(rec, run), *_future_dates(rec, run)):
            rec.add(finding)
    for rec in needs:
        for finding in _future_dates(rec, run):
            rec.add(finding)
    for name, rule in rules.items():
        if name not in SINGLE_ROW_RULES:
            continue
        kind, fn = SINGLE_ROW_RULES[name]
        for rec in (experts + needs) if kind == "any" else experts if kind == "experts" else needs:
            for finding in fn(rec, rule, run):
                rec.add(finding)
    _duplicates(experts)
    _duplicates(needs)
    if "one_enterprise_per_expert" in rules:
        _one_enterprise_per_expert(rules["one_enterprise_per_expert"], run)
    if "enterprise_not_founded_by_expert" in rules:
        _enterprise_not_founded_by_expert(rules["enterprise_not_founded_by_expert"], run)
    if "history_ban" in rules and history:
        _history_ban(rules["history_ban"], run, history)


def priority_tags(record: Record) -> list[str]:
    """The priority tags of a row (提示 findings written ``优先支持：…``, without the prefix), for the 优先支持
    column. Other 提示 findings (a 股东 shared with some expert, a renewal) are notes, not tags."""
    return [
        f.message.removeprefix(PRIORITY_PREFIX)
        for f in record.findings
        if f.level == NOTICE and f.message.startswith(PRIORITY_PREFIX)
    ]


PRIORITY_PREFIX = "优先支持："


__all__ = [
    "FAIL",
    "NOTICE",
    "REVIEW",
    "check_records",
    "conflict_level",
    "conflicts",
    "eligible_unit_type",
    "named_experts",
    "names_expert",
    "priority_tags",
    "unit_type",
]
