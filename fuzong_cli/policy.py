"""Policies: load a built-in or custom policy TOML, check it against the schema, resolve which one to use.

A policy holds every number and list a rule uses (SPEC §3); nothing city-specific lives in Python.
The accepted tables and keys are declared in ``fuzong_cli/data/policy_schema.toml`` (format at its top).
"""

from __future__ import annotations

import datetime as dt
import difflib
import os
import re
import tomllib
from dataclasses import dataclass, field
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from fuzong_cli.errors import FuzongError

BUILTIN_ORDER = ["generic", "wenzhou", "xinxiang", "liaocheng", "hubei"]
DEFAULT_POLICY = "generic"
ENV_VAR = "FUZONG_POLICY"
PROJECT_FILE = "fuzong.toml"

LEVELS = ("不通过", "待复核", "提示")
DEGREES = ("博士", "硕士", "学士", "专科")
TITLES = ("正高", "副高", "中级", "初级")

#: how many mistakes a load error shows before pointing at `fuzong policy check`
_SHOWN_IN_ERROR = 3


@dataclass
class Policy:
    """A loaded, checked policy. ``data`` is the parsed TOML; use ``section``/``rule`` to read it."""

    name: str
    data: dict[str, Any]
    path: Path | None = None
    text: str = field(default="", repr=False)

    @property
    def label(self) -> str:
        return str(self.data.get("label") or self.name)

    @property
    def title(self) -> str:
        return str(self.data.get("title", ""))

    @property
    def source(self) -> str:
        return str(self.data.get("source", ""))

    @property
    def city(self) -> str:
        return str(self.data.get("city", ""))

    @property
    def region_codes(self) -> list[str]:
        return [str(c) for c in self.data.get("region_codes", [])]

    @property
    def counties(self) -> list[str]:
        return [str(c) for c in self.data.get("counties", [])]

    @property
    def display_name(self) -> str:
        """``温州（温州市深化科技副总派驻工作实施方案，2025）``; a custom file adds its path."""
        year = self.data.get("year")
        inner = f"{self.title}，{year}" if year and str(year) not in self.title else self.title
        text = f"{self.label}（{inner}）" if inner else self.label
        if self.path is not None:
            text += f" 文件 {self.path}"
        return text

    def validity_warnings(self, as_of: dt.date, years: tuple[int, ...] = ()) -> list[str]:
        """Plain-Chinese warnings when ``as_of`` (or an evaluated 年度) lies outside the policy's stated validity
        (``valid_from`` / ``valid_until``), and when the policy is a draft (征求意见稿)."""
        out: list[str] = []
        start, end = self.data.get("valid_from"), self.data.get("valid_until")
        source = str(self.data.get("validity_source") or self.title)
        window = (
            f"{start.isoformat() if isinstance(start, dt.date) else '…'}至"
            f"{end.isoformat() if isinstance(end, dt.date) else '…'}"
        )
        checks = [(f"参照日期 {as_of.isoformat()}", as_of, as_of)]
        checks += [(f"考核年度 {y} 年", dt.date(y, 1, 1), dt.date(y, 12, 31)) for y in years]
        for what, first, last in checks:
            before = isinstance(start, dt.date) and last < start
            after = isinstance(end, dt.date) and first > end
            if before or after:
                out.append(
                    f"注意：{what} 不在本政策的有效期（{window}，{source}）内，"
                    "结果按本政策计算，请确认是否应使用新的政策文件。"
                )
        if self.data.get("draft"):
            out.append("注意：本政策为征求意见稿，正式文件印发后请核对各项条件是否有变化。")
        return out

    def section(self, name: str) -> dict[str, Any]:
        """The table ``[name]`` (dotted names reach nested tables: ``rules.expert_age``); {} when absent."""
        node: Any = self.data
        for part in name.split("."):
            if not isinstance(node, dict) or part not in node:
                return {}
            node = node[part]
        return node if isinstance(node, dict) else {}

    def rules(self) -> dict[str, dict[str, Any]]:
        """Enabled eligibility rules: rule name -> its table (code, source, level, parameters)."""
        rules = self.data.get("rules", {})
        return {k: v for k, v in rules.items() if isinstance(v, dict)}

    def rule(self, name: str) -> dict[str, Any] | None:
        """One rule's table, or None when this policy does not enable it."""
        return self.rules().get(name)


# --------------------------------------------------------------------------------------------- loading


def builtin_names() -> list[str]:
    """Names of the built-in policies, in a stable order (generic first, then the cities)."""
    found = {
        entry.name[: -len(".toml")]
        for entry in resources.files("fuzong_cli.policies").iterdir()
        if entry.name.endswith(".toml")
    }
    ordered = [n for n in BUILTIN_ORDER if n in found]
    return ordered + sorted(found - set(ordered))


def builtin_text(name: str) -> str:
    """The TOML text of a built-in policy exactly as shipped (comments included)."""
    if name not in builtin_names():
        raise FuzongError(_unknown_name_message(name))
    return resources.files("fuzong_cli.policies").joinpath(f"{name}.toml").read_text(encoding="utf-8")


def _unknown_name_message(name: str) -> str:
    names = "、".join(builtin_names())
    close = difflib.get_close_matches(name, builtin_names(), n=1)
    hint = f"（是不是 {close[0]}？）" if close else ""
    return f"没有名为“{name}”的内置政策{hint}。内置政策有：{names}；也可以给出自定义政策 .toml 文件的路径。"


def _looks_like_path(spec: str) -> bool:
    return spec.lower().endswith(".toml") or "/" in spec or "\\" in spec


def load_policy(spec: str | None = None) -> Policy:
    """Resolve and load a policy: a built-in name or a .toml path.

    ``None`` → environment ``FUZONG_POLICY`` → ``fuzong.toml`` in the working directory
    (``policy = "wenzhou"`` or a path relative to that file) → the built-in ``generic``.
    A bad name or a file with mistakes raises FuzongError (exit 2) naming the file and line.
    """
    if spec is not None and spec.strip():
        return _load_spec(spec.strip(), base=Path.cwd())
    env = os.environ.get(ENV_VAR, "").strip()
    if env:
        return _load_spec(env, base=Path.cwd(), origin=f"环境变量 {ENV_VAR}")
    project = Path.cwd() / PROJECT_FILE
    if project.is_file():
        choice = _project_choice(project)
        if choice:
            return _load_spec(choice, base=project.parent, origin=f"{project}")
    return _load_builtin(DEFAULT_POLICY)


def read_policy_text(path: Path) -> str:
    """A policy (or fuzong.toml) file as text: UTF-8 (with or without BOM), UTF-16 with BOM (PowerShell's
    ``>``), or GBK/GB18030 (``fuzong policy show … > 文件`` in a Chinese Windows console, Notepad's "ANSI")."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise FuzongError(f"无法读取政策文件 {path}：{exc.strerror or exc}。") from None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        encodings: tuple[str, ...] = ("utf-16",)
    else:
        encodings = ("utf-8-sig", "gb18030")
    for encoding in encodings:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" not in text:
            return text
    raise FuzongError(f"政策文件 {path} 的文字编码无法识别，请用 UTF-8 保存后重试。")


def _project_choice(project: Path) -> str | None:
    try:
        data = tomllib.loads(read_policy_text(project))
    except tomllib.TOMLDecodeError as exc:
        raise FuzongError(
            f'{project} 不是有效的 TOML：{_toml_error_text(exc)}。应写成 policy = "wenzhou"。'
        ) from None
    value = data.get("policy")
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        raise FuzongError(
            f'{project} 中的 policy 应是政策名称或 .toml 文件路径的字符串，例如 policy = "wenzhou"。'
        )
    return value.strip()


def _load_spec(spec: str, base: Path, origin: str = "") -> Policy:
    where = f"（来自{origin}）" if origin else ""
    if not _looks_like_path(spec) and spec in builtin_names():
        return _load_builtin(spec)
    if not _looks_like_path(spec):
        path = base / spec
        if not path.is_file():
            raise FuzongError(_unknown_name_message(spec) + where)
    else:
        path = Path(spec)
        if not path.is_absolute():
            path = base / path
    return load_policy_file(path)


@cache
def _builtin_cached(name: str) -> tuple[str, str]:
    return name, builtin_text(name)


def _load_builtin(name: str) -> Policy:
    _, text = _builtin_cached(name)
    data = _parse_checked(text, f"内置政策 {name}")
    return Policy(name=name, data=data, path=None, text=text)


def load_policy_file(path: Path) -> Policy:
    """Load and check a custom policy file; exit 2 naming the file and the first mistakes' lines."""
    if not path.exists():
        raise FuzongError(
            f"找不到政策文件：{path}。请检查路径，或用内置政策名称：{'、'.join(builtin_names())}。"
        )
    if path.is_dir():
        raise FuzongError(f"{path} 是一个文件夹，不是政策 .toml 文件。")
    text = read_policy_text(path)
    data = _parse_checked(text, f"政策文件 {path}")
    name = str(data.get("name") or path.stem)
    return Policy(name=name, data=data, path=path, text=text)


def _parse_checked(text: str, what: str) -> dict[str, Any]:
    mistakes = check_policy_text(text)
    if mistakes:
        shown = "；".join(mistakes[:_SHOWN_IN_ERROR])
        more = f"等 {len(mistakes)} 处" if len(mistakes) > _SHOWN_IN_ERROR else ""
        raise FuzongError(f"{what} 有错误{more}：{shown}。\n用 fuzong policy check 文件 查看全部错误。")
    return tomllib.loads(text)


# --------------------------------------------------------------------------------------------- checking


@lru_cache(maxsize=1)
def load_schema() -> dict[str, Any]:
    """The parsed ``policy_schema.toml``."""
    text = resources.files("fuzong_cli.data").joinpath("policy_schema.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


#: tomllib's reasons in Chinese (the rest keep their English words after the Chinese line/column)
_TOML_REASONS = [
    (r"Cannot declare (.+) twice", r"表 [\1] 重复声明"),
    (r"Cannot overwrite a value", "同一个键写了两次"),
    (r"Cannot (mutate immutable namespace|redefine namespace) (.+)", r"“\2”已经定义过，不能再改写"),
    (r"Duplicate inline table key (.+)", r"花括号表中的键 \1 重复"),
    (r"Expected '=' after a key in a key/value pair", "键的后面应是“=”和值"),
    (r"Expected '\]' at the end of a table declaration", "表名后缺少“]”"),
    (r"Expected '\]\]' at the end of an array declaration", "表名后缺少“]]”"),
    (r"Illegal character '\\n'", "引号没有闭合（文字须在同一行内用引号括起来）"),
    (r"Illegal character (.+)", r"不允许的字符 \1"),
    (r"Found invalid character (.+)", r"不允许的字符 \1"),
    (r"Invalid value", "值写得不对（文字要加引号，列表用 [ ]，数字不加引号）"),
    (r"Invalid statement", "这一行不是“键 = 值”或 [表名]"),
    (r"Invalid initial character for a key part", "键名以不允许的字符开头（中文键名要加引号）"),
    (r"Invalid date or datetime", "日期写得不对（应写成 2025-07-01）"),
    (r"Unclosed array", "列表的“]”没有闭合"),
    (r"Unclosed inline table", "花括号“}”没有闭合"),
    (r"Unterminated string", "引号没有闭合"),
    (r"Expected newline or end of document after a statement", "值的后面多了内容（一行只写一个“键 = 值”）"),
    (r"Expected (.+)", r"这里应是 \1"),
]


def _toml_reason(reason: str) -> str:
    for pattern, chinese in _TOML_REASONS:
        if re.fullmatch(pattern, reason):
            return re.sub(pattern, chinese, reason)
    return reason


def _toml_error_text(exc: tomllib.TOMLDecodeError, text: str = "") -> str:
    message = str(exc)
    match = re.search(r"\(at line (\d+), column (\d+)\)", message)
    reason = _toml_reason(re.sub(r"\s*\(at (line \d+, column \d+|end of document)\)", "", message))
    if match:
        return f"第{match.group(1)}行第{match.group(2)}列：TOML 语法错误（{reason}）"
    if "end of document" in message and text:
        return f"第{len(text.splitlines()) or 1}行（文件末尾）：TOML 语法错误（{reason}，可能是括号或引号没有闭合）"
    return f"TOML 语法错误（{reason}）"


def check_policy_text(text: str, filename: str = "") -> list[str]:
    """Every mistake in a policy file's text, each starting with ``第N行：`` where a line is known.

    Reports TOML syntax errors (with line and column), unknown tables and keys (with the closest known
    name), wrong value types, unknown levels / degrees / titles / grade names / choices, missing required
    keys and duplicate rule codes. An empty list means the policy is fine. ``filename`` prefixes nothing;
    it is accepted for callers that want to keep it alongside.
    """
    del filename
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        return [_toml_error_text(exc, text)]
    lines = _line_map(text)
    checker = _Checker(load_schema(), data, lines)
    checker.check()
    return checker.sorted_mistakes()


class _Checker:
    def __init__(
        self, schema: dict[str, Any], data: dict[str, Any], lines: dict[tuple[Any, ...], int]
    ) -> None:
        self.schema = schema
        self.data = data
        self.lines = lines
        self.mistakes: list[tuple[int, str]] = []
        self.grades = self._grades()

    def _grades(self) -> list[str] | None:
        path = str(self.schema.get("meta", {}).get("grades_from", ""))
        node: Any = self.data
        for part in path.split(".") if path else []:
            if not isinstance(node, dict) or part not in node:
                return None
            node = node[part]
        if isinstance(node, list) and all(isinstance(g, str) for g in node):
            return list(node)
        return None

    # -- reporting

    def line_of(self, path: tuple[Any, ...]) -> int:
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return 0

    def add(self, path: tuple[Any, ...], message: str) -> None:
        self.mistakes.append((self.line_of(path), message))

    def sorted_mistakes(self) -> list[str]:
        out = []
        for line, message in sorted(self.mistakes, key=lambda m: m[0]):
            out.append(f"第{line}行：{message}" if line else message)
        return out

    # -- walking

    def check(self) -> None:
        top = self.schema.get("top", {})
        top_keys: dict[str, str] = top.get("keys", {})
        sections: dict[str, Any] = self.schema.get("section", {})
        for key in top.get("required", []):
            if key not in self.data:
                self.add((), f"缺少顶层键“{key}”（应为 {_type_words(top_keys.get(key, 'str'))}）")
        for key, value in self.data.items():
            path = (key,)
            if key in top_keys:
                self.check_value(path, value, top_keys[key])
            elif key in sections:
                self.check_table(path, value, sections[key])
            else:
                known = list(top_keys) + list(sections)
                self.add(path, f"未知的顶层键或表“{key}”{_suggest(key, known)}")
        self.check_rule_codes()

    def check_table(self, path: tuple[Any, ...], value: Any, spec: dict[str, Any]) -> None:
        name = _dotted(path)
        if spec.get("array"):
            if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
                self.add(path, f"“{name}”应写成 [[{name}]] 表数组")
                return
            for i, item in enumerate(value):
                self.check_table_body(path + (i,), item, spec, f"[[{name}]] 第{i + 1}项")
            return
        if not isinstance(value, dict):
            self.add(path, f"“{name}”应是一个表 [{name}]，而不是 {_value_words(value)}")
            return
        self.check_table_body(path, value, spec, f"[{name}]")

    def check_table_body(
        self, path: tuple[Any, ...], value: dict[str, Any], spec: dict[str, Any], where: str
    ) -> None:
        keys: dict[str, str] = spec.get("keys", {})
        subs = {k: v for k, v in spec.items() if isinstance(v, dict) and k not in ("keys", "each")}
        for key in spec.get("required", []):
            if key not in value:
                self.add(path, f"{where} 缺少必填键“{key}”（应为 {_type_words(keys.get(key, 'str'))}）")
        for key in spec.get("needs_top", []):
            if not self.data.get(key):
                self.add(path, f"{where} 需要顶层键“{key}”有值，现在缺少或为空")
        for key, item in value.items():
            sub_path = path + (key,)
            if key in keys:
                self.check_value(sub_path, item, keys[key])
            elif key in subs:
                self.check_table(sub_path, item, subs[key])
            elif spec.get("open") and isinstance(spec.get("each"), dict):
                self.check_table(sub_path, item, spec["each"])
            else:
                known = list(keys) + list(subs)
                self.add(sub_path, f"{where} 中未知的键“{key}”{_suggest(key, known)}")

    def check_value(self, path: tuple[Any, ...], value: Any, type_text: str) -> None:
        problem = self.type_problem(value, type_text.strip())
        if problem:
            self.add(path, f"“{_dotted(path)}”{problem}")

    def type_problem(self, value: Any, t: str) -> str | None:
        """None when ``value`` fits type ``t``, else what is wrong (Chinese, after the key name)."""
        if t.startswith("list[") and t.endswith("]"):
            inner = t[5:-1]
            if not isinstance(value, list):
                return f"应为 {_type_words(t)}，实际是 {_value_words(value)}"
            for i, item in enumerate(value):
                problem = self.type_problem(item, inner)
                if problem:
                    return f"第{i + 1}项{problem}"
            return None
        if t == "table":
            return None if isinstance(value, dict) else f"应为表，实际是 {_value_words(value)}"
        if t.startswith("table[") and t.endswith("]"):
            if not isinstance(value, dict):
                return f"应为 {_type_words(t)}，实际是 {_value_words(value)}"
            inner = t[6:-1]
            key_type, _, value_type = inner.rpartition(":")
            for key, item in value.items():
                if key_type:
                    problem = self.type_problem(key, key_type)
                    if problem:
                        return f"的键“{key}”{problem}"
                problem = self.type_problem(item, value_type)
                if problem:
                    return f"中“{key}”{problem}"
            return None
        return self.scalar_problem(value, t)

    def scalar_problem(self, value: Any, t: str) -> str | None:
        wrong = f"应为 {_type_words(t)}，实际是 {_value_words(value)}"
        if t == "str":
            return None if isinstance(value, str) else wrong
        if t in ("int", "number"):
            ok = (int,) if t == "int" else (int, float)
            if not isinstance(value, ok) or isinstance(value, bool):
                return wrong
            return f"不能是负数（现为 {value}）" if value < 0 else None
        if t == "division":
            if isinstance(value, str) and value.isascii() and value.isdigit() and len(value) in (2, 4, 6):
                return None
            return f"应为 {_type_words(t)}，实际是 {_value_words(value)}"
        if t == "bool":
            return None if isinstance(value, bool) else wrong
        if t == "date":
            return None if isinstance(value, dt.date) and not isinstance(value, dt.datetime) else wrong
        choices: tuple[str, ...] | list[str] | None = None
        if t == "level":
            choices = LEVELS
        elif t == "degree":
            choices = DEGREES
        elif t == "title":
            choices = TITLES
        elif t == "grade":
            if self.grades is None:
                return None if isinstance(value, str) else wrong
            choices = self.grades
        elif t.startswith("enum[") and t.endswith("]"):
            choices = t[5:-1].split("|")
        else:
            return f"的类型“{t}”在 policy_schema.toml 中无法识别（内部错误）"
        if not isinstance(value, str):
            return wrong
        if value not in choices:
            kind = {"level": "级别", "degree": "学历", "title": "职称级别", "grade": "等次"}.get(t, "取值")
            return f"的{kind}“{value}”无法识别，可选：{'、'.join(choices)}{_suggest(value, list(choices))}"
        return None

    def check_rule_codes(self) -> None:
        rules = self.data.get("rules")
        if not isinstance(rules, dict):
            return
        seen: dict[str, str] = {}
        for name, table in rules.items():
            if not isinstance(table, dict) or not isinstance(table.get("code"), str):
                continue
            code = table["code"]
            if code in seen:
                self.add(
                    ("rules", name, "code"),
                    f"规则编号“{code}”与 [rules.{seen[code]}] 重复，每条规则的编号必须唯一",
                )
            else:
                seen[code] = name


def _dotted(path: tuple[Any, ...]) -> str:
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part + 1}]"
        else:
            out += ("." if out else "") + str(part)
    return out


def _suggest(word: str, known: list[str]) -> str:
    close = difflib.get_close_matches(word, known, n=1, cutoff=0.5)
    return f"（是不是“{close[0]}”？）" if close else ""


_TYPE_WORDS = {
    "str": "文本（加引号）",
    "int": "整数",
    "number": "数字",
    "bool": "true 或 false",
    "date": "日期（如 2025-07-01）",
    "level": "级别（不通过/待复核/提示）",
    "degree": "学历（博士/硕士/学士/专科）",
    "title": "职称级别（正高/副高/中级/初级）",
    "grade": "等次名称",
    "division": '行政区划代码前缀（2、4 或 6 位数字，加引号，如 "3303"）',
    "table": "表",
}


def _type_words(t: str) -> str:
    t = t.strip()
    if t in _TYPE_WORDS:
        return _TYPE_WORDS[t]
    if t.startswith("enum[") and t.endswith("]"):
        return "“" + "”或“".join(t[5:-1].split("|")) + "”之一"
    if t.startswith("list[") and t.endswith("]"):
        return f"列表，每项为{_type_words(t[5:-1])}"
    if t.startswith("table[") and t.endswith("]"):
        key_type, _, value_type = t[6:-1].rpartition(":")
        keys = f"键为{_type_words(key_type)}、" if key_type else ""
        return f"表（{keys}值为{_type_words(value_type)}）"
    return t


def _value_words(value: Any) -> str:
    if isinstance(value, bool):
        return f"布尔值 {str(value).lower()}"
    if isinstance(value, int):
        return f"整数 {value}"
    if isinstance(value, float):
        return f"数字 {value}"
    if isinstance(value, str):
        return f"文本“{value}”"
    if isinstance(value, list):
        return "列表"
    if isinstance(value, dict):
        return "表"
    if isinstance(value, dt.date):
        return f"日期 {value}"
    return type(value).__name__


# --------------------------------------------------------------------------------------------- line map

_HEADER = re.compile(r"^\s*(\[\[?)\s*(.+?)\s*(\]\]?)\s*(#.*)?$")
_KEY_PART = r'(?:"(?:[^"\\]|\\.)*"|\'[^\']*\'|[A-Za-z0-9_\-\u0080-\uffff]+)'
_KEY = re.compile(rf"^\s*({_KEY_PART}(?:\s*\.\s*{_KEY_PART})*)\s*=")


def _split_key(text: str) -> list[str]:
    return [_unquote(p) for p in re.findall(_KEY_PART, text)]


def _unquote(part: str) -> str:
    part = part.strip()
    if len(part) >= 2 and part[0] == part[-1] and part[0] in "\"'":
        inner = part[1:-1]
        if part[0] == '"':
            try:
                inner = tomllib.loads(f"k = {part}")["k"]
            except tomllib.TOMLDecodeError:
                pass
        return inner
    return part


def _line_map(text: str) -> dict[tuple[Any, ...], int]:
    """Map each table and key path to its 1-based line (``("rules","expert_age","max_age") -> 12``).

    Arrays of tables get their index in the path. Lines inside multi-line strings and inside
    multi-line arrays/inline tables are skipped (their keys map to the line of the key that opens them).
    """
    lines: dict[tuple[Any, ...], int] = {}
    current: tuple[Any, ...] = ()
    array_counts: dict[tuple[Any, ...], int] = {}
    depth = 0
    in_multiline: str | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        if in_multiline:
            if in_multiline in line:
                in_multiline = None
            continue
        if depth == 0:
            header = _HEADER.match(line)
            if header and header.group(1) == header.group(3)[::-1].replace("]", "["):
                parts = tuple(_split_key(header.group(2)))
                for i in range(1, len(parts)):
                    lines.setdefault(_with_indices(parts[:i], array_counts), number)
                if header.group(1) == "[[":
                    index = array_counts.get(parts, 0)
                    array_counts[parts] = index + 1
                    lines.setdefault(parts, number)
                    current = parts + (index,)
                else:
                    current = _with_indices(parts, array_counts)
                lines[current] = number
                continue
            key = _KEY.match(line)
            if key:
                path = current + tuple(_split_key(key.group(1)))
                lines.setdefault(path, number)
                rest = line[key.end() :]
                depth, in_multiline = _scan_value(rest, 0)
                continue
        else:
            depth, in_multiline = _scan_value(line, depth)
    return lines


def _with_indices(parts: tuple[str, ...], array_counts: dict[tuple[Any, ...], int]) -> tuple[Any, ...]:
    """``[a.b]`` under ``[[a]]`` means the last ``a`` element: insert its index."""
    out: list[Any] = []
    for i, part in enumerate(parts):
        out.append(part)
        prefix = tuple(p for p in parts[: i + 1])
        if prefix in array_counts and i < len(parts) - 1:
            out.append(array_counts[prefix] - 1)
    return tuple(out)


def _scan_value(text: str, depth: int) -> tuple[int, str | None]:
    """Track bracket depth through a value (outside strings); report an unclosed multi-line string."""
    i = 0
    while i < len(text):
        ch = text[i]
        if ch == "#":
            break
        if text.startswith('"""', i) or text.startswith("'''", i):
            quote = text[i : i + 3]
            end = text.find(quote, i + 3)
            if end < 0:
                return depth, quote
            i = end + 3
            continue
        if ch in "\"'":
            j = i + 1
            while j < len(text) and text[j] != ch:
                j += 2 if ch == '"' and text[j] == "\\" else 1
            i = j + 1
            continue
        if ch in "[{":
            depth += 1
        elif ch in "]}":
            depth = max(0, depth - 1)
        i += 1
    return depth, None
