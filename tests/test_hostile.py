"""Hostile and broken input, environment faults and signals (issue 12), driven from the command line.

Every fault is run as a real `fuzong` process (subprocess) and checked for: the exit code, exactly one Chinese
line on stderr, no traceback, and no partial output left behind (no output file, no hidden .fuzong-* temp).
"""

from __future__ import annotations

import ctypes
import json
import os
import re
import resource
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import openpyxl
import pytest
from conftest import SAMPLE, run_cli

POSIX = os.name == "posix"
ID = "330302197705120211"  # a valid 18-digit ID (GB 11643 check digit)
PHONE = "13812345678"


# ------------------------------------------------------------------------------------------------ helpers


def fz(cwd: Path, *args, preexec=None, timeout=120, env=None) -> subprocess.CompletedProcess:
    """`fuzong ARGS` as its own process in ``cwd``."""
    return subprocess.run(
        [sys.executable, "-m", "fuzong_cli", *map(str, args)],
        cwd=cwd,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=timeout,
        preexec_fn=preexec,
        env={**os.environ, **(env or {})},
    )


def error_lines(stderr: str) -> list[str]:
    """The error lines: without the policy line and the warnings a run prints before it fails."""
    return [
        line for line in stderr.strip().splitlines() if line and not line.startswith(("使用政策", "警告："))
    ]


def assert_exit2_one_line(proc, *fragments: str) -> str:
    """Exit 2, one Chinese line on stderr (besides the policy line), no traceback anywhere."""
    text = proc.stdout + proc.stderr
    assert proc.returncode == 2, (proc.returncode, proc.stdout, proc.stderr)
    assert "Traceback" not in text and "Exception ignored" not in text, text
    lines = error_lines(proc.stderr)
    assert len(lines) == 1, proc.stderr
    assert lines[0].startswith("错误：") and re.search(r"[\u4e00-\u9fff]{4}", lines[0]), lines[0]
    for fragment in fragments:
        assert fragment in lines[0], (fragment, lines[0])
    return lines[0]


def leftovers(folder: Path) -> list[str]:
    """Hidden temporary files or folders a writer left behind."""
    return sorted(p.name for p in folder.rglob(".*"))


def _drop_file_permission_override() -> None:
    """Run as root, permission bits are not enforced: drop CAP_DAC_OVERRIDE/READ_SEARCH from the child."""
    if os.geteuid() == 0:
        libc = ctypes.CDLL(None, use_errno=True)
        for cap in (1, 2):  # CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH (from the bounding set: gone after exec)
            if libc.prctl(24, cap, 0, 0, 0) != 0:  # PR_CAPBSET_DROP
                raise OSError(ctypes.get_errno(), "prctl")


def _permissions_enforced(tmp_path: Path) -> bool:
    probe = tmp_path / "probe"
    probe.write_text("x")
    probe.chmod(0)
    try:
        proc = subprocess.run(
            ["cat", str(probe)], capture_output=True, preexec_fn=_drop_file_permission_override
        )
    except (OSError, subprocess.SubprocessError):
        return False
    finally:
        probe.chmod(0o644)
        probe.unlink()
    return proc.returncode != 0


def need_book(path: Path, rows: list[list], headers=None) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(headers or ["县（市、区）", "企业名称", "统一社会信用代码", "需求名称", "需求描述"])
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def big_csv(path: Path, rows: int) -> Path:
    lines = ["县（市、区）,企业名称,统一社会信用代码,需求名称,需求描述,所需专业"]
    lines += [f"鹿城区,温州测试{i}有限公司,,智能制造改造,生产线自动化需求{i},机械" for i in range(rows)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def big_pairs(path: Path, n: int) -> Path:
    src = openpyxl.load_workbook(SAMPLE / "配对结果_示例.xlsx").worksheets[0]
    header = list(next(src.iter_rows(min_row=2, max_row=2, values_only=True)))
    rows = list(src.iter_rows(min_row=3, values_only=True))
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "配对结果"
    ws.append(header)
    for i in range(n):
        r = list(rows[i % len(rows)])
        r[0], r[2], r[5] = i + 1, f"{r[2]}{i}", f"{r[5]}{chr(0x4E00 + i)}"
        ws.append(r)
    wb.save(path)
    return path


# ------------------------------------------------------------------------------------------ merged cells


def merged_need_form(path: Path) -> Path:
    """A county merged down 10 rows, an enterprise (name, credit code, R&D share) merged over its two needs,
    the 需求描述 header merged over two columns, a note merged across the table."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "需求"
    ws.append(["温州市科技副总企业需求汇总表"])
    ws.merge_cells("A1:F1")
    ws.append(["县（市、区）", "企业名称", "统一社会信用代码", "需求名称", "需求描述", None, "研发投入占比"])
    ws.merge_cells("E2:F2")
    for i in range(10):
        ws.append(
            ["鹿城区" if i == 0 else None, f"鹿城企业{i}", None, f"需求{i}", f"描述{i}甲", f"描述{i}乙", 5]
        )
    ws.merge_cells("A3:A12")
    ws.append(["瑞安市", "双需求企业", "91330381MA2C1003X2", "需求A", "描述A", None, 3])
    ws.append([None, None, None, "需求B", "描述B", None, None])
    for col in "ABCG":
        ws.merge_cells(f"{col}13:{col}14")
    ws.append(["注：本表由各县（市、区）汇总报送"])
    ws.merge_cells("A15:G15")
    wb.save(path)
    return path


def test_merged_cells_are_filled_down_and_across(tmp_path):
    src = merged_need_form(tmp_path / "merged.xlsx")
    out = tmp_path / "o.xlsx"
    result = run_cli("ingest", "needs", src, "-o", out)
    assert result.code == 0, result.stderr
    ws = openpyxl.load_workbook(out).worksheets[0]
    header = [c.value for c in ws[1]]
    rows = [dict(zip(header, r)) for r in ws.iter_rows(min_row=2, values_only=True)]
    assert len(rows) == 12  # the note row is not data, the second need is not a blank row
    assert [r["县（市、区）"] for r in rows] == ["鹿城区"] * 10 + ["瑞安市"] * 2
    assert rows[11]["企业名称"] == "双需求企业" and rows[11]["需求名称"] == "需求B"
    assert rows[11]["统一社会信用代码"] == "91330381MA2C1003X2"
    assert rows[0]["需求描述"] == "描述0甲 描述0乙"  # both columns under the merged header, nothing lost
    # a number merged over two rows would be counted twice: said on the row (待复核), naming the field
    assert "D12" in (rows[11]["读取问题"] or "") and "研发投入占比" in rows[11]["读取问题"]
    assert "D12" not in str(rows[5]["读取问题"] or "")  # a county filled down changes nothing: no finding
    assert "合并单元格已按合并区域填入每一行" in result.stdout + result.stderr


def test_merged_county_gives_quota_to_every_row(tmp_path):
    src = merged_need_form(tmp_path / "merged.xlsx")
    result = run_cli("quota", src, "--total", "6", "--policy", "wenzhou", "-o", tmp_path / "q.xlsx", "--json")
    assert result.code == 0, result.stderr
    payload = json.loads(result.stdout)
    # 10 enterprises in 鹿城区, 1 (two needs) in 瑞安市: 6 × 10/11 = 5.45 → 5, 6 × 1/11 = 0.55 → 1
    assert payload["details"]["needs"] == {"鹿城区": 10, "瑞安市": 1}
    assert payload["details"]["places"] == {"鹿城区": 5, "瑞安市": 1}


def test_merged_cells_across_two_fields_need_review(tmp_path):
    src = need_book(
        tmp_path / "n.xlsx",
        [["鹿城区", "温州甲公司", "91330302MA2C1001XH", "数控改造", None]],
    )
    wb = openpyxl.load_workbook(src)
    wb.active.merge_cells("D2:E2")  # 需求名称 and 需求描述 typed as one merged cell
    wb.save(src)
    out = tmp_path / "o.xlsx"
    assert run_cli("ingest", "needs", src, "-o", out).code == 0
    ws = openpyxl.load_workbook(out).worksheets[0]
    header = [c.value for c in ws[1]]
    row = dict(zip(header, next(ws.iter_rows(min_row=2, values_only=True))))
    assert row["需求名称"] == row["需求描述"] == "数控改造"
    assert "D12" in row["读取问题"] and "同一内容已填入两列" in row["读取问题"]


# ------------------------------------------------------------------------------------------ personal data


def pairs_with_ids_in_free_text(path: Path) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "配对结果"
    ws.append(
        [
            "序号",
            "县（市、区）",
            "企业名称",
            "统一社会信用代码",
            "专家姓名",
            "性别",
            "工作单位",
            "职称",
            "备注",
        ]
    )
    ws.append(
        [
            1,
            "鹿城区",
            "温州甲科技有限公司",
            "91330302MA2C1001XH",
            f"王五{ID}",
            "男",
            "温州大学",
            "教授",
            f"手机{PHONE}",
        ]
    )
    ws.append(
        [
            2,
            "鹿城区",
            f"温州乙有限公司（联系人{PHONE}）",
            "",
            f"王六（身份证{ID[:17]}X）",
            "女",
            "温州大学",
            "副教授",
            "",
        ]
    )
    wb.save(path)
    return path


def _docx_text(path: Path) -> str:
    with zipfile.ZipFile(path) as z:
        return "".join(z.read(n).decode("utf-8", "ignore") for n in z.namelist() if n.endswith(".xml"))


def _book_text(path: Path) -> str:
    wb = openpyxl.load_workbook(path)
    return "\n".join(str(c) for ws in wb for r in ws.iter_rows(values_only=True) for c in r if c is not None)


def test_ids_and_phones_in_free_text_are_masked_in_public_outputs(tmp_path):
    pairs = pairs_with_ids_in_free_text(tmp_path / "pairs.xlsx")
    out = tmp_path / "名单.xlsx"
    result = run_cli("publicity", pairs, "--start", "2026-12-01", "-o", out, "--docx", "--columns", "备注")
    assert result.code == 0, result.stderr
    listed = _book_text(out)
    notice = _docx_text(tmp_path / "名单-公示通知.docx")
    for text in (listed, notice, result.stdout, result.stderr):
        assert ID not in text and ID[:17] not in text and PHONE not in text
    assert f"王五{ID[:6]}********{ID[-4:]}" in listed and "手机138****5678" in listed
    assert f"王五{ID[:6]}" in notice
    agreements = tmp_path / "协议"
    result = run_cli("agreements", pairs, "-o", agreements, "--start", "2026-12-15")
    assert result.code == 0, result.stderr
    names = sorted(p.name for p in agreements.glob("*.docx"))
    assert names and all(not re.search(r"[0-9]{7}", n[4:]) for n in names), names
    assert any("王五" in n for n in names) and any("温州乙有限公司" in n for n in names)
    assert all(ID not in n and PHONE not in n for n in names)


def test_masking_function():
    from fuzong_cli.write.masking import mask_personal

    assert mask_personal(f"王五{ID}") == f"王五{ID[:6]}********{ID[-4:]}"
    assert mask_personal(f"电话 +86 138-1234-5678，{PHONE}") == "电话 138****5678，138****5678"
    assert mask_personal("老证 330302770512021") == "老证 330302*****2021"
    assert mask_personal("３３０３０２１９７７０５１２０２１１") == "330302********0211"
    # not personal data: credit codes, long account numbers, dates, amounts
    for text in ("91330302MA2C1001XH", "账号 6222021234567890123", "2026-12-01", "50000 元", "3303"):
        assert mask_personal(text) == text
    assert mask_personal(f"王五{ID}", in_filename=True) == "王五"


def test_validate_flags_a_name_holding_digits(tmp_path):
    src = tmp_path / "experts.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["姓名", "身份证号", "职称", "工作单位", "单位类型", "研究方向"])
    ws.append([f"王五{ID}", "", "教授", "温州大学", "高校", "机械"])
    ws.append(["李四2", "", "教授", "温州大学", "高校", "机械"])
    ws.append(["张三", "", "教授", "温州大学", "高校", "机械"])
    wb.save(src)
    out = tmp_path / "o.xlsx"
    result = run_cli("validate", src, "--kind", "experts", "-o", out, "--as-of", "2026-11-24")
    assert result.code in (0, 1), result.stderr
    issues = [r for r in openpyxl.load_workbook(out)["问题清单"].iter_rows(values_only=True)]
    flagged = {(r[1], r[4]) for r in issues if "D10" in [str(c) for c in r]}
    assert flagged == {(2, "待复核"), (3, "提示")}, issues
    assert ID not in result.stdout + result.stderr


# ------------------------------------------------------------------------------------------------ signals


def _wait_for(predicate, seconds=90.0) -> bool:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if predicate():
            return True
        time.sleep(0.01)
    return False


@pytest.mark.skipif(not POSIX, reason="POSIX signals")
def test_sigterm_during_validate_leaves_no_temp_file(tmp_path):
    src = big_csv(tmp_path / "needs.csv", 30_000)
    proc = subprocess.Popen(
        [sys.executable, "-m", "fuzong_cli", "validate", "needs.csv", "--kind", "needs", "-o", "out.xlsx"],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert _wait_for(lambda: any(p.name.startswith(".fuzong-") for p in tmp_path.iterdir()))
    proc.send_signal(signal.SIGTERM)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, (out, err)
    assert "Traceback" not in out + err and "已中断" in err
    assert leftovers(tmp_path) == [] and not (tmp_path / "out.xlsx").exists()
    assert src.exists()


@pytest.mark.skipif(not POSIX, reason="POSIX signals")
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_sigterm_during_agreements_leaves_no_hidden_folder(tmp_path, jobs):
    big_pairs(tmp_path / "pairs.xlsx", 400)
    proc = subprocess.Popen(
        [sys.executable, "-m", "fuzong_cli", "agreements", "pairs.xlsx", "-o", "协议", "--jobs", jobs],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )

    def rendering() -> bool:
        staging = [p for p in tmp_path.iterdir() if p.name.startswith(".") and p.is_dir()]
        return bool(staging) and len(list(staging[0].glob("*.docx"))) >= 10

    assert _wait_for(rendering)
    proc.send_signal(signal.SIGTERM)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, (out, err)
    assert "Traceback" not in out + err and "已中断" in err
    assert leftovers(tmp_path) == [] and not (tmp_path / "协议").exists()


# ---------------------------------------------------------------------------------- environment faults


@pytest.mark.skipif(not POSIX, reason="file permission bits")
def test_unreadable_input_and_unwritable_output_folder(tmp_path):
    if not _permissions_enforced(tmp_path):
        pytest.skip("file permissions are not enforced here")
    src = need_book(tmp_path / "needs.xlsx", [["鹿城区", "温州甲公司", "91330302MA2C1001XH", "改造", "x"]])
    src.chmod(0)
    try:
        for args in (["validate", src.name, "-o", "o.xlsx"], ["ingest", "needs", src.name, "-o", "o.xlsx"]):
            proc = fz(tmp_path, *args, preexec=_drop_file_permission_override)
            assert_exit2_one_line(proc, "没有权限读取", src.name)
    finally:
        src.chmod(0o644)
    locked = tmp_path / "只读"
    locked.mkdir()
    locked.chmod(0o555)
    try:
        cases = [
            ["validate", src.name, "-o", "只读/o.xlsx"],
            ["quota", src.name, "--total", "2", "-o", "只读/q.xlsx"],
            ["agreements", SAMPLE / "配对结果_示例.xlsx", "-o", "只读/协议"],
            ["forms", "只读/空白表格"],
        ]
        for args in cases:
            proc = fz(tmp_path, *args, preexec=_drop_file_permission_override)
            assert_exit2_one_line(proc, "没有权限", "只读")
            assert list(locked.iterdir()) == []
        proc = fz(
            tmp_path,
            "validate",
            src.name,
            "-o",
            "只读/o.xlsx",
            "--json",
            preexec=_drop_file_permission_override,
        )
        payload = json.loads(proc.stdout)
        assert payload["ok"] is False and payload["exit_code"] == 2 and "只读" in payload["message"]
    finally:
        locked.chmod(0o755)


def _file_size_limit(limit: int):
    def apply() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return apply


@pytest.mark.skipif(not POSIX, reason="RLIMIT_FSIZE")
def test_full_disk_or_size_limit_leaves_nothing_behind(tmp_path):
    """A full disk, simulated without tmpfs: a file-size limit on the child (writes past it fail EFBIG)."""
    src = need_book(
        tmp_path / "needs.xlsx", [["鹿城区", f"温州企业{i}", "", "改造", "x" * 200] for i in range(50)]
    )
    cases = [
        (["validate", src.name, "-o", "o.xlsx"], "o.xlsx"),
        (["ingest", "needs", src.name, "-o", "o.xlsx"], "o.xlsx"),
        (["agreements", SAMPLE / "配对结果_示例.xlsx", "-o", "协议"], "协议"),
        (["agreements", SAMPLE / "配对结果_示例.xlsx", "-o", "协议", "--jobs", "2"], "协议"),
        (["agreements", SAMPLE / "配对结果_示例.xlsx", "-o", "协议", "--zip"], "协议"),
        (["forms", "空白表格"], "空白表格"),
        (
            [
                "publicity",
                SAMPLE / "配对结果_示例.xlsx",
                "--start",
                "2026-12-01",
                "-o",
                "名单.xlsx",
                "--docx",
            ],
            "名单.xlsx",
        ),
    ]
    before = sorted(p.name for p in tmp_path.iterdir())
    for args, target in cases:
        proc = fz(tmp_path, *args, preexec=_file_size_limit(3000))
        assert_exit2_one_line(proc, target)
        assert "大小上限" in proc.stderr or "磁盘空间" in proc.stderr
        assert sorted(p.name for p in tmp_path.iterdir()) == before, args
        assert leftovers(tmp_path) == []


def test_os_error_messages_are_chinese():
    import errno

    from fuzong_cli.errors import os_error_message

    for code in (errno.ENOSPC, errno.EFBIG, errno.EROFS, errno.EACCES, errno.EIO, errno.ENOENT):
        text = os_error_message(OSError(code, os.strerror(code)), "/data/输出.xlsx", writing=True)
        assert "/data/输出.xlsx" in text and re.search(r"[\u4e00-\u9fff]{6}", text)
        assert os.strerror(code) not in text
    assert "只读" in os_error_message(OSError(errno.EROFS, "x"), "/mnt/u盘")


def test_debug_is_accepted_after_any_command(tmp_path):
    src = need_book(tmp_path / "needs.xlsx", [["鹿城区", "温州甲公司", "91330302MA2C1001XH", "改造", "x"]])
    proc = fz(tmp_path, "validate", src.name, "-o", "o.xlsx", "--debug")
    assert proc.returncode in (0, 1), proc.stderr
    assert "没有这个选项" not in proc.stderr and (tmp_path / "o.xlsx").exists()
    proc = fz(tmp_path, "quota", "missing.xlsx", "--total", "3", "--debug")
    assert proc.returncode != 0 and "Traceback" in proc.stderr  # --debug shows the full traceback
    proc = fz(tmp_path, "quota", "missing.xlsx", "--total", "3")
    assert_exit2_one_line(proc, "missing.xlsx")


def test_json_errors_are_one_json_object(tmp_path):
    proc = fz(tmp_path, "validate", "missing.xlsx", "--json")
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    payload = json.loads(proc.stdout)
    assert payload == {
        "ok": False,
        "command": "validate",
        "schema": 1,
        "exit_code": 2,
        "message": payload["message"],
    }
    assert "missing.xlsx" in payload["message"]
    proc = fz(tmp_path, "quota", "missing.xlsx", "--total", "x", "--json")  # a usage error too
    assert proc.returncode == 2 and json.loads(proc.stdout)["exit_code"] == 2


@pytest.mark.skipif(not POSIX, reason="shell pipe")
def test_closed_stdout_pipe_still_writes_the_outputs(tmp_path):
    needs = SAMPLE / "鹿城区企业需求表.xlsx"
    experts = SAMPLE / "专家意向表_温州大学.xlsx"
    command = (
        f'"{sys.executable}" -m fuzong_cli match "{needs}" "{experts}" -o pairs.xlsx --policy wenzhou '
        '--as-of 2026-11-24 2>err.txt | head -1; echo "${PIPESTATUS[0]}" > rc.txt'
    )
    subprocess.run(["bash", "-c", command], cwd=tmp_path, check=True, timeout=120)
    assert (tmp_path / "rc.txt").read_text().strip() in ("0", "1")
    err = (tmp_path / "err.txt").read_text(encoding="utf-8")
    assert "Traceback" not in err and "Broken pipe" not in err and "BrokenPipe" not in err
    wb = openpyxl.load_workbook(tmp_path / "pairs.xlsx")
    assert "配对结果" in wb.sheetnames and wb["配对结果"].max_row > 2


# ------------------------------------------------------------------------------------ size bounds, zip bombs


def _xlsx_with_shared_string(path: Path, text_chunks, count: int) -> Path:
    """A minimal valid .xlsx whose one shared string is ``count`` chunks long, streamed into the zip (so the
    test never holds the inflated text in memory)."""
    parts = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
            "</Types>"
        ),
        "_rels/.rels": (
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
            "</Relationships>"
        ),
        "xl/workbook.xml": (
            '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
            '<sheet name="需求" sheetId="1" r:id="rId1"/></sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
            '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
            "</Relationships>"
        ),
        "xl/worksheets/sheet1.xml": (
            '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
            '<row r="1"><c r="A1" t="inlineStr"><is><t>县（市、区）</t></is></c><c r="B1" t="inlineStr"><is><t>企业名称</t></is></c>'
            '<c r="C1" t="inlineStr"><is><t>需求描述</t></is></c><c r="D1" t="inlineStr"><is><t>统一社会信用代码</t></is></c></row>'
            '<row r="2"><c r="A2" t="inlineStr"><is><t>鹿城区</t></is></c><c r="B2" t="inlineStr"><is><t>温州甲公司</t></is></c>'
            '<c r="C2" t="s"><v>0</v></c></row></sheetData></worksheet>'
        ),
    }
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in parts.items():
            z.writestr(name, text)
        with z.open("xl/sharedStrings.xml", "w", force_zip64=True) as fh:
            fh.write(
                b'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1"><si><t>'
            )
            for _ in range(count):
                fh.write(text_chunks)
            fh.write(b"</t></si></sst>")
    return path


#: run the command from a small Python process and report the peak RSS of its child: a child forked straight from
#: the test process starts with the test process's own RSS on the books (ru_maxrss survives exec), which after the
#: matching tests is already over 500 MB
_MEASURE = (
    "import resource, subprocess, sys\n"
    "code = subprocess.run(sys.argv[2:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode\n"
    "open(sys.argv[1], 'w').write(f'{code} {resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}')\n"
)


def _peak_rss_mb(proc_args, cwd) -> tuple[int, float, str]:
    """Exit code, peak RSS (MB) of exactly this command's process, and its output (from a second, plain run)."""
    report = Path(cwd) / "_peak.txt"
    subprocess.run(
        [sys.executable, "-c", _MEASURE, str(report), *map(str, proc_args)], cwd=cwd, check=True, timeout=120
    )
    code, maxrss = report.read_text().split()
    report.unlink()
    proc = subprocess.run(proc_args, cwd=cwd, capture_output=True, text=True, timeout=120)
    return int(code), int(maxrss) / 1024, proc.stdout + proc.stderr


@pytest.mark.skipif(not POSIX, reason="rusage")
def test_zip_bomb_is_refused_before_it_is_inflated(tmp_path):
    bomb = _xlsx_with_shared_string(tmp_path / "bomb.xlsx", b"A" * (1 << 20), 300)  # 300 MiB inflated
    assert bomb.stat().st_size < 2 * 1024 * 1024
    for command in (["validate", bomb.name, "-o", "o.xlsx"], ["ingest", "needs", bomb.name, "-o", "o.xlsx"]):
        proc = fz(tmp_path, *command)
        assert_exit2_one_line(proc, "bomb.xlsx", "过大")
        assert not (tmp_path / "o.xlsx").exists() and leftovers(tmp_path) == []
    code, peak, text = _peak_rss_mb(
        [sys.executable, "-m", "fuzong_cli", "validate", bomb.name, "-o", "o.xlsx"], tmp_path
    )
    assert code == 2 and peak < 500, (peak, text)


def test_zip_member_lying_about_its_size_is_refused(tmp_path):
    path = _xlsx_with_shared_string(tmp_path / "liar.xlsx", b"B" * 1000, 5000)  # 5 MB inflated
    data = bytearray(path.read_bytes())
    info = zipfile.ZipFile(path).getinfo("xl/sharedStrings.xml")
    # the central directory entry of sharedStrings.xml: declare 1,000 bytes (a zip64 extra holds the real size)
    data = data.replace(info.file_size.to_bytes(8, "little"), (1000).to_bytes(8, "little"))
    path.write_bytes(bytes(data))
    proc = fz(tmp_path, "validate", path.name, "-o", "o.xlsx")
    assert_exit2_one_line(proc, "liar.xlsx")
    assert not (tmp_path / "o.xlsx").exists()


def test_a_cell_of_megabytes_is_refused(tmp_path):
    path = _xlsx_with_shared_string(tmp_path / "long.xlsx", b"C" * 1024, 3 * 1024)  # one 3 MB cell
    proc = fz(tmp_path, "ingest", "needs", path.name, "-o", "o.xlsx")
    assert_exit2_one_line(proc, "long.xlsx", "32,767")
    assert not (tmp_path / "o.xlsx").exists()


def test_cells_over_excel_limit_are_cut_with_a_finding(tmp_path):
    path = _xlsx_with_shared_string(tmp_path / "long.xlsx", "长".encode() * 1000, 40)  # 40,000 characters
    out = tmp_path / "o.xlsx"
    result = run_cli("ingest", "needs", path, "-o", out)
    assert result.code == 0, result.stderr
    ws = openpyxl.load_workbook(out).worksheets[0]
    header = [c.value for c in ws[1]]
    row = dict(zip(header, next(ws.iter_rows(min_row=2, values_only=True))))
    assert len(row["需求描述"]) == 32_767 and set(row["需求描述"]) == {"长"}
    assert "D11" in row["读取问题"] and "40,000" in row["读取问题"] and row["来源行号"] == 2
    csv_path = tmp_path / "long.csv"
    csv_path.write_text(
        "县（市、区）,企业名称,统一社会信用代码,需求描述\n鹿城区,温州甲公司,," + "长" * 40_000 + "\n",
        encoding="utf-8",
    )
    out2 = tmp_path / "o2.xlsx"
    assert run_cli("ingest", "needs", csv_path, "-o", out2).code == 0
    ws = openpyxl.load_workbook(out2).worksheets[0]
    header = [c.value for c in ws[1]]
    row = dict(zip(header, next(ws.iter_rows(min_row=2, values_only=True))))
    assert len(row["需求描述"]) == 32_767 and "D11" in row["读取问题"]


# ----------------------------------------------------------------------------------------------- quota


def test_quota_matches_short_county_names_and_skips_subtotals(tmp_path):
    rows = [["鹿城区", f"鹿城企业{i}", "", "需求", ""] for i in range(3)]
    rows += [["瑞安", f"瑞安企业{i}", "", "需求", ""] for i in range(2)]
    rows += [
        ["瑞安市", "瑞安企业9", "", "需求", ""],
        ["鹿城区小计", "3家", "", "", ""],
        ["合  计", "6家", "", "", ""],
    ]
    src = need_book(tmp_path / "needs.xlsx", rows)
    result = run_cli("quota", src, "--total", "3", "--policy", "wenzhou", "-o", tmp_path / "q.xlsx", "--json")
    assert result.code == 0, result.stderr
    payload = json.loads(result.stdout)
    assert (
        payload["details"]["needs"] == {"鹿城区": 3, "瑞安市": 3}
        and sum(payload["details"]["places"].values()) == 3
    )
    assert "“瑞安”按政策的县名单读作“瑞安市”" in result.stderr
    assert "鹿城区小计行，已跳过" in result.stderr and "合计行，已跳过" in result.stderr


def test_quota_unknown_county_stops(tmp_path):
    src = need_book(
        tmp_path / "needs.xlsx", [["鹿城区", "甲", "", "需求", ""], ["火星区", "乙", "", "需求", ""]]
    )
    proc = fz(tmp_path, "quota", src.name, "--total", "2", "--policy", "wenzhou", "-o", "q.xlsx")
    assert_exit2_one_line(proc, "火星区", "第3行")
    assert not (tmp_path / "q.xlsx").exists()
