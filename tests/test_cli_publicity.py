"""`fuzong publicity` end to end: period from the 2026 schedule, list, notice, masking, bad inputs."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from conftest import run_cli
from openpyxl import Workbook, load_workbook
from support_pairs import _template
from support_pairs import book as book_pairs

from fuzong_cli.read.values import id_check_char
from fuzong_cli.write import documents as docs
from tests.conftest import REPO, SAMPLE, assert_clean_error, marker_of, read_sheet

PAIRS = SAMPLE / "配对结果_示例.xlsx"
EXAMPLE_HOLIDAYS = REPO / "templates" / "节假日示例.toml"
ID17 = "33030219850312123"
FULL_ID = ID17 + id_check_char(ID17)
PHONE = "13812345678"


def banner(path: Path) -> tuple[str, str]:
    """The title and period over the 公示名单 table."""
    ws = load_workbook(path)["公示名单"]
    return ws["A1"].value, ws["A2"].value


def people(path: Path) -> list[dict]:
    return read_sheet(path, "公示名单", header_row=3)


def test_sample_list_and_notice(cli, tmp_path):
    out = tmp_path / "公示名单.xlsx"
    result = cli(
        "publicity",
        PAIRS,
        "--start",
        "2026-12-01",
        "--docx",
        "-o",
        out,
        "--policy",
        "liaocheng",
        "--contact",
        "聊城市科技局，电话 0635-0000000",
    )
    assert result.code == 0, result.stderr
    assert banner(out) == ("聊城市“科技副总”拟选派人选公示", "公示期：2026年12月1日至2026年12月7日")
    rows = people(out)
    assert list(rows[0]) == ["序号", "姓名", "性别", "工作单位", "职称", "服务企业", "县（市、区）"]
    assert tuple(rows[0].values()) == (
        1,
        "陈立新",
        "男",
        "温州大学",
        "教授",
        "温州瓯江智能装备有限公司",
        "鹿城区",
    )
    assert rows[1]["服务企业"] == "A&B<科技>有限公司"
    last = rows[-1]["序号"]
    assert "如对公示人选有异议" in last and "0635-0000000" in last
    notice = tmp_path / "公示通知.docx"
    text = docs.document_text(notice)
    assert "公示期：2026年12月1日至2026年12月7日" in text and "A&B<科技>有限公司" in text
    assert "{{" not in text and "{%" not in text
    assert "8名同志" in text and "吴俊" in text
    assert "公示期：2026年12月1日至2026年12月7日" in result.stdout


def pairs_with_personal_data(path: Path) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.append(
        ["序号", "企业名称", "专家姓名", "性别", "工作单位", "职称", "县（市、区）", "身份证号", "联系电话"]
    )
    ws.append([1, "温州测试科技有限公司", "张三", None, "温州大学", "教授", "鹿城区", FULL_ID, PHONE])
    ws.append([2, "温州样例科技有限公司", "李四", "女", "温州医科大学", "副教授", "瓯海区", None, None])
    wb.save(path)
    return path


def _all_text(path: Path) -> str:
    wb = load_workbook(path)
    return "\n".join(str(c) for ws in wb for r in ws.iter_rows(values_only=True) for c in r if c is not None)


def test_personal_data_is_never_shown_in_full(cli, tmp_path):
    book = pairs_with_personal_data(tmp_path / "pairs.xlsx")
    out = tmp_path / "名单.xlsx"
    result = cli(
        "publicity",
        book,
        "--start",
        "2026-12-01",
        "-o",
        out,
        "--columns",
        "身份证号,联系电话",
        "--docx",
        "--json",
    )
    assert result.code == 0, result.stderr
    rows = people(out)
    assert list(rows[0])[-2:] == ["身份证号", "联系电话"]
    assert (rows[0]["身份证号"], rows[0]["联系电话"]) == ("330302********" + FULL_ID[-4:], "138****5678")
    assert rows[0]["性别"] == "男"  # from the ID number when 性别 is empty
    everything = _all_text(out) + result.stdout + result.stderr
    notice = tmp_path / "名单-公示通知.docx"
    with zipfile.ZipFile(notice) as z:
        everything += "".join(z.read(n).decode("utf-8", "ignore") for n in z.namelist() if n.endswith(".xml"))
    assert FULL_ID not in everything and PHONE not in everything
    payload = json.loads(result.stdout)
    assert payload["command"] == "publicity" and payload["counts"]["人数"] == 2
    assert payload["outputs"] == [str(out), str(notice)] and payload["exit_code"] == 0
    assert payload["details"]["公示开始"] == "2026-12-01"


def test_default_list_has_no_personal_columns(cli, tmp_path):
    book = pairs_with_personal_data(tmp_path / "pairs.xlsx")
    out = tmp_path / "名单.xlsx"
    assert cli("publicity", book, "--start", "2026-12-01", "-o", out).code == 0
    text = _all_text(out)
    assert FULL_ID not in text and PHONE not in text and "身份证号" not in text


def test_period_reaching_2027_needs_holidays(cli, tmp_path):
    out = tmp_path / "名单.xlsx"
    result = cli("publicity", PAIRS, "--start", "2026-12-28", "-o", out)
    assert_clean_error(result, "2027", "--holidays")
    assert not out.exists()
    result = cli("publicity", PAIRS, "--start", "2026-12-28", "-o", out, "--holidays", EXAMPLE_HOLIDAYS)
    assert result.code == 0, result.stderr
    assert banner(out)[1] == "公示期：2026年12月28日至2027年1月4日"


def test_weekends_only_warns_loudly(cli, tmp_path):
    out = tmp_path / "名单.xlsx"
    result = cli("publicity", PAIRS, "--start", "2026-12-28", "-o", out, "--weekends-only", "--quiet")
    assert result.code == 0
    assert "警告" in result.stderr and "--weekends-only" in result.stderr
    assert banner(out)[1] == "公示期：2026年12月28日至2027年1月1日"


def test_start_on_a_holiday_and_days_option(cli, tmp_path):
    out = tmp_path / "名单.xlsx"
    result = cli("publicity", PAIRS, "--start", "2026-10-01", "-o", out, "--days", "3")
    assert result.code == 0
    assert banner(out)[1] == "公示期：2026年10月8日至2026年10月10日"  # Saturday 10-10 is a 调休 working day
    assert "不是工作日" in result.stdout


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["--start", "2026-13-01"], "--start"),
        (["--start", "明天"], "YYYY-MM-DD"),
        (["--start", "2026-12-01", "--columns", "身份证"], "身份证号"),
        (["--start", "2026-12-01", "--holidays", "不存在.toml"], "不存在.toml"),
    ],
)
def test_bad_options(cli, tmp_path, args, fragment):
    out = tmp_path / "名单.xlsx"
    assert_clean_error(cli("publicity", PAIRS, "-o", out, *args), fragment)
    assert not out.exists()


def test_existing_output_needs_force(cli, tmp_path):
    out = tmp_path / "名单.xlsx"
    out.write_bytes(b"old")
    assert_clean_error(cli("publicity", PAIRS, "--start", "2026-12-01", "-o", out), "--force")
    assert out.read_bytes() == b"old"
    assert cli("publicity", PAIRS, "--start", "2026-12-01", "-o", out, "--force").code == 0


def test_missing_columns(cli, tmp_path):
    wb = Workbook()
    wb.active.append(["序号", "企业名称", "职称"])
    wb.active.append([1, "温州测试科技有限公司", "教授"])
    wb.save(tmp_path / "pairs.xlsx")
    assert_clean_error(cli("publicity", tmp_path / "pairs.xlsx", "--start", "2026-12-01"), "专家姓名")


def test_publicity_workbook_and_notice_convert_to_pdf(cli, tmp_path):
    if docs.find_soffice() is None:
        pytest.skip("LibreOffice (soffice) not installed")
    out = tmp_path / "公示名单.xlsx"
    assert cli("publicity", PAIRS, "--start", "2026-12-01", "-o", out, "--docx").code == 0
    pdfs = docs.convert_to_pdf([out, tmp_path / "公示通知.docx"], tmp_path)
    assert all(p.read_bytes().startswith(b"%PDF") for p in pdfs)


def test_marker_of_list_and_notice(cli, tmp_path):
    """The list names its data sheet; the notice carries the same marker in its document properties."""
    from docx import Document

    out = tmp_path / "公示名单.xlsx"
    assert (
        cli("publicity", PAIRS, "--start", "2026-12-01", "-o", out, "--docx", "--policy", "liaocheng").code
        == 0
    )
    mark = marker_of(out)
    assert (mark["command"], mark["policy"], mark["data_sheets"]) == ("publicity", "liaocheng", ["公示名单"])
    described = json.loads(Document(str(tmp_path / "公示通知.docx")).core_properties.comments)
    assert (described["command"], described["policy"], described["generator"]) == (
        "publicity",
        "liaocheng",
        "fuzong",
    )


def test_help(cli):
    result = cli("publicity", "--help")
    assert result.code == 0 and "公示" in result.stdout


def test_holiday_file_with_an_impossible_date_is_explained_in_chinese(tmp_path):
    bad = tmp_path / "h.toml"
    bad.write_text("holidays = [2027-01-01, 2027-13-02]\n", encoding="utf-8")
    pairs = tmp_path / "p.xlsx"
    book_pairs(pairs, ["序号", "企业名称", "专家姓名", "工作单位"], [[1, "温州甲公司", "陈明", "温州大学"]])
    result = run_cli(
        "publicity", pairs, "--start", "2026-12-28", "--holidays", bad, "-o", tmp_path / "o.xlsx"
    )
    assert_clean_error(result, "h.toml", "第1行")
    assert "Unclosed" not in result.stderr and "line" not in result.stderr


def test_publicity_with_a_bad_notice_template_writes_nothing(tmp_path):
    pairs = book_pairs(
        tmp_path / "p.xlsx",
        ["序号", "企业名称", "专家姓名", "工作单位"],
        [[1, "温州甲公司", "陈明", "温州大学"]],
    )
    bad = _template(tmp_path / "通知.docx", "{{ 公示标题 }}", "{{ 公示其 }}")
    out = tmp_path / "公示名单.xlsx"
    result = run_cli("publicity", pairs, "--start", "2026-12-01", "-o", out, "--docx", "--template", bad)
    assert_clean_error(result, "{{ 公示其 }}", "{{ 公示期 }}")
    assert not out.exists() and not (tmp_path / "公示通知.docx").exists()
    # a notice template given without --docx: the user wants the notice, it is written
    good = _template(tmp_path / "好通知.docx", "{{ 公示标题 }}", "{{ 公示期 }}")
    result = run_cli("publicity", pairs, "--start", "2026-12-01", "-o", out, "--template", good)
    assert result.code == 0, result.stderr
    import docx

    text = [p.text for p in docx.Document(tmp_path / "公示通知.docx").paragraphs]
    assert "公示期：2026年12月1日至2026年12月7日" in text
