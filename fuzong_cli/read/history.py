"""Earlier 考核结果 (``--history``) for validate, evaluate and projects: one reader, one meaning of a blank ban.

A row of an evaluate output made under the SAME policy whose 禁止申报截止 is blank was given no ban by evaluate
(e.g. a Liaocheng year without 绩效考核, or a provisional grade): it is marked ``禁止申报已定`` so that no ban is
inferred from 年度. An output of another policy (温州 has no bans), or a hand-made sheet, gets the ban this policy
sets (``decide.grading.history_ban_end``).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from fuzong_cli.errors import FuzongError
from fuzong_cli.read.forms import ReadResult, read_records

HINT = "--history 应给出往年 fuzong evaluate 输出的考核结果（含 姓名、年度、等次 列）。"


def read_history(files: Sequence[Path], policy: Any) -> ReadResult:
    """Read earlier evaluate outputs as kind "history"; exit 2 with a hint when a file is not one."""
    merged = ReadResult()
    for path in files:
        try:
            found = read_records([path], "history")
        except FuzongError as exc:
            raise FuzongError(f"{exc.message}\n{HINT}", exc.code) from None
        if made_under(path, policy):
            for record in found.records:
                if "禁止申报截止" in record.raw and not str(record.raw.get("禁止申报截止") or "").strip():
                    record.values["禁止申报已定"] = True
        merged.records.extend(found.records)
        merged.skipped.extend(found.skipped)
        merged.files.extend(found.files)
    return merged


def made_under(path: Path, policy: Any) -> bool:
    """Whether a fuzong output was made under ``policy``: its marker says so (or, written before the marker, its
    说明 sheet's 政策 row)."""
    from fuzong_cli.read.workbook import read_sheets

    try:
        sheets = read_sheets(path)
    except FuzongError:
        return False
    from fuzong_cli.read.forms import fuzong_marker

    marker = fuzong_marker(sheets)
    if marker is not None and marker.policy:
        return marker.policy == getattr(policy, "name", None)
    wanted = str(getattr(policy, "display_name", "")).split(" 文件 ")[0]  # an output without the marker
    for sheet in sheets:
        if sheet.name != "说明":
            continue
        for row in sheet.rows:
            if len(row) >= 2 and str(row[0] or "").strip() == "政策":
                return str(row[1] or "").split(" 文件 ")[0].strip() == wanted
    return False
