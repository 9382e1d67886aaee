"""Regression tests from the review of issue 2 (reader, duplicates, policy files), each failing before its fix."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from fuzong_cli.decide.eligibility import check_records
from fuzong_cli.errors import FuzongError
from fuzong_cli.policy import load_policy
from fuzong_cli.read.forms import read_records
from fuzong_cli.read.values import id_check_char, uscc_check_char

USCC = "91330381MA2L0E1X4" + uscc_check_char("91330381MA2L0E1X4")
ID1 = "33030219850312123" + id_check_char("33030219850312123")
FUZONG = [sys.executable, "-m", "fuzong_cli"]


def _book(path, rows, merges=(), hidden=()):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "需求"
    for r, row in enumerate(rows, 1):
        for c, value in enumerate(row, 1):
            if value is not None:
                ws.cell(r, c, value)
    for rng in merges:
        ws.merge_cells(rng)
    for name, sheet_rows in hidden:
        extra = wb.create_sheet(name)
        for row in sheet_rows:
            extra.append(row)
        extra.sheet_state = "hidden"
    wb.save(path)
    return path


def test_a_text_only_first_data_row_is_not_taken_for_a_sub_header(tmp_path):
    # the first data row holds only text, and some text under the header's unnamed last column
    path = _book(
        tmp_path / "需求.xlsx",
        [
            ["企业名称", "统一社会信用代码", "所属行业", "联系人", "联系电话", "成立日期", "企业规模", None],
            ["甲公司", None, None, None, None, None, None, "待补"],
            ["乙公司", USCC, "化工", "李四", "13900000000", "2020-01-01", "小", None],
        ],
    )
    result = read_records([path], "needs")
    assert [r.values["企业名称"] for r in result.records] == ["甲公司", "乙公司"]
    assert [r.source_row for r in result.records] == [2, 3]


@pytest.mark.parametrize("where", ["left", "right"])
def test_group_header_typed_into_one_cell_not_merged(tmp_path, where):
    top = ["企业名称", "统一社会信用代码", "联系人", None, "所属行业"]
    if where == "right":
        top = ["企业名称", "统一社会信用代码", None, "联系人", "所属行业"]
    path = _book(
        tmp_path / "需求.xlsx",
        [top, [None, None, "姓名", "电话", None], ["甲公司", USCC, "张三", "13800000000", "机械"]],
    )
    (record,) = read_records([path], "needs").records
    assert record.values["联系人"] == "张三"
    assert record.values["联系电话"] == "13800000000"
    assert record.values["所属行业"] == "机械"


def test_group_name_goes_only_to_its_first_column(tmp_path):
    path = _book(
        tmp_path / "需求.xlsx",
        [
            ["企业名称", "统一社会信用代码", "联系人", None, None],
            [None, None, "姓名", "手机", "邮箱"],
            ["甲公司", USCC, "张三", "13800000000", "a@example.com"],
        ],
        merges=["C1:E1", "A1:A2", "B1:B2"],
    )
    (record,) = read_records([path], "needs").records
    assert record.values["联系人"] == "张三"
    assert record.values["联系电话"] == "13800000000"
    assert record.extra == {"邮箱": "a@example.com"}


def test_hidden_sheet_is_skipped_and_said(tmp_path):
    path = _book(
        tmp_path / "需求.xlsm",
        [["企业名称", "统一社会信用代码"], ["甲公司", USCC]],
        hidden=[("旧版", [["企业名称", "统一社会信用代码"], ["旧公司", USCC]])],
    )
    result = read_records([path], "needs")
    assert [r.values["企业名称"] for r in result.records] == ["甲公司"]
    assert any("旧版" in line and "隐藏" in line for line in result.skipped)


def test_form_only_in_a_hidden_sheet_says_so(tmp_path):
    path = _book(
        tmp_path / "需求.xlsx",
        [["说明文字"]],
        hidden=[("数据", [["企业名称", "统一社会信用代码"], ["甲公司", USCC]])],
    )
    with pytest.raises(FuzongError) as err:
        read_records([path], "needs")
    assert "隐藏" in err.value.message and "“数据”" in err.value.message


def test_corrupt_workbook_message_has_no_english(tmp_path):
    bad = tmp_path / "坏.xlsx"
    bad.write_bytes(b"PK\x03\x04" + b"\x00" * 200)
    with pytest.raises(FuzongError) as err:
        read_records([bad], "needs")
    assert "已损坏" in err.value.message
    assert not any(
        "a" <= ch.lower() <= "z" for ch in err.value.message.replace(".xlsx", "").replace("Excel/WPS", "")
    )


def test_same_person_with_and_without_id_is_a_duplicate(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["姓名", "身份证号", "职称", "工作单位"])
    ws.append(["何伟", ID1, "教授", "温州理工学院"])
    ws.append(["何伟", None, "教授", "温州理工学院"])
    ws.append(["张强", ID1[:-1] + ("0" if ID1[-1] != "0" else "1"), "教授", "温州大学"])
    ws.append(["张强", None, "教授", "温州大学（茶山）"])
    wb.save(tmp_path / "专家.xlsx")
    records = read_records([tmp_path / "专家.xlsx"], "experts").records
    check_records(records, load_policy("generic"), dt.date(2026, 3, 1))
    dup = [[f.message for f in r.findings if f.rule_code == "X01"] for r in records]
    assert "第3行" in dup[0][0] and "姓名和工作单位相同" in dup[0][0]
    assert "第2行" in dup[1][0]
    assert dup[2] == [] and dup[3] == []  # another unit: not the same person


def test_same_name_different_ids_are_different_people(tmp_path):
    other = "33030219900101123" + id_check_char("33030219900101123")
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["姓名", "身份证号", "职称", "工作单位"])
    ws.append(["张伟", ID1, "教授", "温州大学"])
    ws.append(["张伟", other, "副教授", "温州大学"])
    wb.save(tmp_path / "专家.xlsx")
    records = read_records([tmp_path / "专家.xlsx"], "experts").records
    check_records(records, load_policy("generic"), dt.date(2026, 3, 1))
    assert not any(f.rule_code == "X01" for r in records for f in r.findings)


def test_ingest_flags_an_enterprise_without_its_code_as_duplicate(tmp_path):
    a = _book(tmp_path / "甲县.xlsx", [["企业名称", "统一社会信用代码"], ["温州甲(集团)有限公司", USCC]])
    b = _book(tmp_path / "乙县.xlsx", [["企业名称", "统一社会信用代码"], ["温州甲（集团）有限公司", None]])
    out = tmp_path / "合并.xlsx"
    done = subprocess.run(
        [*FUZONG, "ingest", "needs", str(a), str(b), "-o", str(out)], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    ws = openpyxl.load_workbook(out).worksheets[0]
    header = [c.value for c in ws[1]]
    marks = [row[header.index("重复标记")] for row in ws.iter_rows(min_row=2, values_only=True)]
    assert marks[0] and "乙县.xlsx" in marks[0]
    assert marks[1] and "甲县.xlsx" in marks[1]


def test_policy_file_saved_as_gbk_or_utf16_is_read(tmp_path):
    text = subprocess.run(
        [*FUZONG, "policy", "show", "liaocheng"], capture_output=True, text=True, encoding="utf-8"
    ).stdout
    for name, data in (
        ("gbk.toml", text.encode("gb18030")),
        ("utf16.toml", text.encode("utf-16")),
    ):
        path = tmp_path / name
        path.write_bytes(data)
        assert load_policy(str(path)).name == "liaocheng"
        done = subprocess.run([*FUZONG, "policy", "check", str(path)], capture_output=True, text=True)
        assert done.returncode == 0, done.stderr


def test_policy_show_writes_a_utf8_file_and_refuses_to_overwrite(tmp_path):
    target = tmp_path / "我的 政策.toml"
    done = subprocess.run(
        [*FUZONG, "policy", "show", "wenzhou", "-o", str(target)],
        capture_output=True,
        text=True,
        encoding="gbk",
        env={**os.environ, "PYTHONIOENCODING": "gbk"},
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == ""
    assert load_policy(str(target)).name == "wenzhou"
    assert "温州方案 二(一)3" in target.read_text(encoding="utf-8")
    again = subprocess.run(
        [*FUZONG, "policy", "show", "wenzhou", "-o", str(target)], capture_output=True, text=True
    )
    assert again.returncode == 2 and "--force" in again.stderr


@pytest.mark.parametrize(
    ("line", "words"),
    [
        ('name = "wenzhou\n', "引号没有闭合"),
        ("x = abc\n", "值写得不对"),
        ('a = "1"\na = "2"\n', "同一个键写了两次"),
        ("d = 2025-13-01\n", "值的后面多了内容"),
    ],
)
def test_toml_syntax_errors_are_explained_in_chinese(tmp_path, line, words):
    path = tmp_path / "p.toml"
    path.write_text(line, encoding="utf-8")
    done = subprocess.run([*FUZONG, "policy", "check", str(path)], capture_output=True, text=True)
    assert done.returncode == 2
    assert words in done.stderr and "第" in done.stderr


def _two_kind_book(path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "企业需求"
    ws.append(["企业名称", "统一社会信用代码", "意向专家"])
    ws.append(["甲公司", USCC, "何伟"])
    experts = wb.create_sheet("专家意向")
    experts.append(["姓名", "身份证号", "职称", "工作单位"])
    experts.append(["何伟", ID1, "教授", "温州大学"])
    contacts = wb.create_sheet("联系人名单")  # looks a little like an expert form, but has no 职称
    contacts.append(["姓名", "工作单位", "联系电话"])
    contacts.append(["王芳", "瑞安市科技局", "13800000000"])
    wb.save(path)
    return path


def test_auto_kind_reads_each_sheet_as_what_it_is(tmp_path):
    result = read_records([_two_kind_book(tmp_path / "县里.xlsx")], "auto")
    assert sorted((r.kind, r.source_sheet) for r in result.records) == [
        ("experts", "专家意向"),
        ("needs", "企业需求"),
    ]
    assert any("联系人名单" in line for line in result.skipped)


def test_validate_reads_its_own_two_kind_output_back_whole(tmp_path):
    src = _two_kind_book(tmp_path / "县里.xlsx")
    first, second = tmp_path / "一.xlsx", tmp_path / "二.xlsx"
    for inp, out in ((src, first), (first, second)):
        done = subprocess.run(
            [*FUZONG, "validate", str(inp), "-o", str(out), "--as-of", "2026-03-01", "--json"],
            capture_output=True,
            text=True,
        )
        assert done.returncode in (0, 1), done.stderr
    again = openpyxl.load_workbook(second)
    assert {"校验结果-企业需求表", "校验结果-专家意向表"} <= set(again.sheetnames)
    assert again["校验结果-企业需求表"].max_row == 2 and again["校验结果-专家意向表"].max_row == 2


def test_forms_keep_a_long_county_drop_down_and_read_back_quietly(tmp_path):
    shown = subprocess.run(
        [*FUZONG, "policy", "show", "generic"], capture_output=True, text=True, encoding="utf-8"
    ).stdout
    counties = [f"第{i}测试县（市、区）" for i in range(40)]  # far beyond Excel's 255-character inline list
    listed = "counties = [" + ", ".join(f'"{c}"' for c in counties) + "]"
    policy = tmp_path / "多县.toml"
    policy.write_text(shown.replace("counties = []", listed, 1), encoding="utf-8")
    folder = tmp_path / "表格"
    done = subprocess.run(
        [*FUZONG, "forms", str(folder), "--policy", str(policy)], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    wb = openpyxl.load_workbook(folder / "企业需求表.xlsx")
    ws = wb["企业需求表"]
    county = [dv for dv in ws.data_validations.dataValidation if "A4" in str(dv.sqref)]
    assert county and county[0].formula1.startswith("'下拉选项'!")
    lists = wb["下拉选项"]
    assert lists.sheet_state == "hidden"
    assert [c.value for c in lists["A"]] == counties
    ws["A4"], ws["B4"], ws["C4"] = counties[3], "甲公司", USCC
    wb.save(tmp_path / "填好.xlsx")
    result = read_records([tmp_path / "填好.xlsx"], "auto")
    assert [r.values["县（市、区）"] for r in result.records] == [counties[3]]
    assert not any("下拉选项" in line for line in result.skipped)


def test_policy_check_catches_values_that_would_silently_fail_every_row(tmp_path):
    text = subprocess.run(
        [*FUZONG, "policy", "show", "liaocheng"], capture_output=True, text=True, encoding="utf-8"
    ).stdout
    bad = (
        text.replace('region_codes = ["3715"]', 'region_codes = ["37AB"]', 1)
        .replace('allowed = ["高校", "科研院所"]', 'allowed = ["高校", "科研机构"]', 1)
        .replace("days = 5", "days = -5", 1)
    )
    lines = bad.splitlines()
    path = tmp_path / "错.toml"
    path.write_text(bad, encoding="utf-8")
    done = subprocess.run([*FUZONG, "policy", "check", str(path)], capture_output=True, text=True)
    assert done.returncode == 2
    for marker in ('["37AB"]', '"科研机构"', "days = -5"):
        line = next(i for i, text in enumerate(lines, 1) if marker in text)
        assert f"第{line}行" in done.stderr, (marker, done.stderr)
    assert "发现 3 处错误" in done.stderr


def test_common_header_spellings_of_county_forms_are_recognised(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["序号", "姓 名", "身份证号码（18位）", "学历学位", "专业技术职务", "单位名称", "单位属性"])
    ws.append([1, "张三", ID1, "博士研究生/博士", "教授（二级）", "温州大学", "高校"])
    wb.save(tmp_path / "专家.xlsx")
    (expert,) = read_records([tmp_path / "专家.xlsx"], "auto").records
    assert expert.kind == "experts"
    assert expert.values["职称级别"] == "正高" and expert.values["学历级别"] == "博士"
    assert expert.values["工作单位"] == "温州大学" and expert.values["单位类型"] == "高校"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(
        ["县（市，区）", "企业名称", "统一社会信用代码", "意向专家姓名", "纳税信用评价等级", "联系人电话"]
    )
    ws.append(["鹿城区", "甲公司", USCC, "张三", "A", "13800000000"])
    wb.save(tmp_path / "需求.xlsx")
    (need,) = read_records([tmp_path / "需求.xlsx"], "auto").records
    assert need.kind == "needs" and need.extra == {}
    assert need.values["县（市、区）"] == "鹿城区" and need.values["意向专家"] == "张三"
    assert need.values["纳税信用等级"] == "A" and need.values["联系电话"] == "13800000000"


@pytest.mark.parametrize(
    ("name", "text"),
    [
        (  # title rows above a tab-separated header, a comma inside a value
            "tab.csv",
            f"瑞安市企业需求汇总表\n填报单位：瑞安市科技局\n企业名称\t统一社会信用代码\t企业资质\n"
            f"甲公司\t{USCC}\t高企,科小\n乙公司\t{USCC}\t科小\n",
        ),
        (  # semicolons, and descriptions full of ASCII commas
            "semi.csv",
            "企业名称;统一社会信用代码;需求描述;所属行业\n"
            + "".join(f"公司{i};{USCC};需要解决a,b,c,d,e,f的问题;机械\n" for i in (1, 2)),
        ),
    ],
)
def test_csv_delimiter_is_found_by_the_table_not_guessed(tmp_path, name, text):
    path = tmp_path / name
    path.write_bytes(text.encode("gb18030"))
    records = read_records([path], "needs").records
    assert len(records) == 2
    assert records[0].values["统一社会信用代码"] == USCC
    assert records[0].values.get("企业资质") in (None, ["高企", "科小"])
    assert records[0].values.get("需求描述") in (None, "需要解决a,b,c,d,e,f的问题")


def test_history_that_is_not_an_evaluate_output_says_what_history_wants(tmp_path):
    experts = tmp_path / "专家.xlsx"
    wb = openpyxl.Workbook()
    wb.active.append(["姓名", "职称", "工作单位"])
    wb.active.append(["何伟", "教授", "温州大学"])
    wb.save(experts)
    need = _book(tmp_path / "需求.xlsx", [["企业名称", "统一社会信用代码"], ["甲公司", USCC]])
    done = subprocess.run(
        [*FUZONG, "validate", str(experts), "--history", str(need), "--policy", "liaocheng"],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 2
    assert "--history" in done.stderr and "考核结果" in done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / "experts-校验结果.xlsx").exists()


def test_a_large_duplicate_group_names_a_few_rows_not_all(tmp_path):
    wb = openpyxl.Workbook()
    wb.active.append(["姓名", "职称", "工作单位"])
    for _ in range(50):
        wb.active.append(["张伟", "教授", "温州大学"])
    wb.save(tmp_path / "专家.xlsx")
    records = read_records([tmp_path / "专家.xlsx"], "experts").records
    check_records(records, load_policy("generic"), dt.date(2026, 3, 1))
    (message,) = [f.message for f in records[0].findings if f.rule_code == "X01"]
    assert "共49行" in message and len(message) < 200


def test_an_age_from_the_id_number_marks_the_id_cell_when_there_is_no_birth_column(tmp_path):
    old = "42010219750101123" + id_check_char("42010219750101123")  # 51 on 2026-03-01
    wb = openpyxl.Workbook()
    wb.active.append(["姓名", "身份证号", "职称", "工作单位", "代表性成果"])
    wb.active.append(["老王", old, "教授", "武汉大学", "发明专利3项"])
    wb.save(tmp_path / "专家.xlsx")
    out = tmp_path / "结果.xlsx"
    done = subprocess.run(
        [*FUZONG, "validate", str(tmp_path / "专家.xlsx"), "--policy", "hubei", "--as-of", "2026-03-01"]
        + ["-o", str(out)],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 1, done.stderr
    ws = openpyxl.load_workbook(out)["校验结果"]
    header = [c.value for c in ws[1]]
    id_cell = ws.cell(2, header.index("身份证号") + 1)
    assert id_cell.comment is not None and "[E03]" in id_cell.comment.text
    assert id_cell.fill.fgColor.rgb.endswith("FFC7CE")  # red: 不通过
    assert ws.cell(2, header.index("问题说明") + 1).comment is None


@pytest.mark.parametrize("policy", ["wenzhou", "xinxiang", "liaocheng", "hubei"])
def test_a_date_after_the_reference_date_is_review_never_a_pass(tmp_path, policy):
    wb = openpyxl.Workbook()
    wb.active.append(
        ["姓名", "出生年月", "学历", "职称", "工作单位", "单位类型", "参加工作时间", "代表性成果"]
    )
    wb.active.append(["甲", "2085.03", "博士", "教授", "温州大学", "高校", "2030-07", "专利"])
    wb.save(tmp_path / "专家.xlsx")
    wb = openpyxl.Workbook()
    wb.active.append(["企业名称", "统一社会信用代码", "成立日期"])
    wb.active.append(["乙公司", USCC, "2030-01-01"])
    wb.save(tmp_path / "需求.xlsx")
    result = read_records([tmp_path / "专家.xlsx", tmp_path / "需求.xlsx"], "auto")
    check_records(result.records, load_policy(policy), dt.date(2026, 3, 1))
    expert, need = result.records
    assert expert.conclusion != "通过"
    codes = {(f.rule_code, f.field): f for f in expert.findings}
    assert codes[("D10", "出生年月")].level == "待复核" and "2085.03" in codes[("D10", "出生年月")].message
    assert codes[("D10", "参加工作时间")].level == "待复核"
    assert not any("周岁" in f.message for f in expert.findings)  # no "-59周岁" tag, no age pass/fail
    assert not any(f.rule_code == "E05" for f in expert.findings)
    assert any(f.rule_code == "D10" and f.field == "成立日期" for f in need.findings)
    assert not any(f.rule_code == "Q04" for f in need.findings)


def test_template_rows_with_only_prefilled_defaults_are_not_records(tmp_path):
    rows = [["序号", "县（市、区）", "企业名称", "统一社会信用代码", "近三年失信记录"]]
    rows.append([1, "鹿城区", "甲公司", USCC, "否"])
    rows += [[i, "鹿城区", None, None, "否"] for i in range(2, 8)]
    rows.append([8, "鹿城区", None, USCC, "否"])  # one required value: a real, incomplete row
    result = read_records([_book(tmp_path / "需求.xlsx", rows)], "needs")
    assert [r.source_row for r in result.records] == [2, 9]
    assert [f.rule_code for f in result.records[1].findings] == ["D01"]
    (line,) = [s for s in result.skipped if "空白行" in s]
    assert "第3–8行" in line and "企业名称" in line


@pytest.mark.parametrize("command", ["validate", "ingest"])
def test_an_input_is_never_the_output_even_with_force(tmp_path, command):
    first = _book(tmp_path / "甲.xlsx", [["企业名称", "统一社会信用代码"], ["甲公司", USCC]])
    second = _book(tmp_path / "乙.xlsx", [["企业名称", "统一社会信用代码"], ["乙公司", USCC]])
    before = second.read_bytes()
    args = ["validate"] if command == "validate" else ["ingest", "needs"]
    done = subprocess.run(
        [*FUZONG, *args, str(first), str(second), "-o", str(second), "--force"],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 2 and "输入文件不会被改写" in done.stderr
    assert second.read_bytes() == before


def test_the_sign_off_block_under_the_table_is_not_data(tmp_path):
    rows = [["序号", "企业名称", "统一社会信用代码", "所属行业"], [1, "甲公司", USCC, "机械"], []]
    rows += [
        [None, "填报人：张三", None, "审核人：李四"],
        [None, "联系电话：0577-88888888"],
        [None, "填报单位（盖章）："],
        [None, "2026年3月1日"],
        [None, "以上信息真实有效"],
    ]
    result = read_records([_book(tmp_path / "需求.xlsx", rows)], "needs")
    assert [r.values["企业名称"] for r in result.records] == ["甲公司"]
    assert any("第4–8行" in line and "落款" in line for line in result.skipped)


# Rows derived by hand from the clauses (as of 2026-03-01); expected (conclusion, rule codes other than 提示).
_EXPERT_ROWS = {  # 姓名: (出生, 学历, 职称, 单位类型, 参加工作, 代表性成果, 核心知识产权, 近三年不良记录)
    "A": ("19850312", "硕士", "讲师", "高校", "2010.07", "", "否", "否"),  # 40, master, lecturer
    "B": ("19740101", "本科", "副教授", "高校", "2000-07", "专利3项", "否", "否"),  # 52, associate prof
    "C": ("19900101", "博士", "助理研究员", "高校", "2025-01", "论文", "否", "否"),  # 1 year at work
    "D": ("19800101", "博士", "副研究员", "新型研发机构", "2005-01", "成果", "否", "否"),  # 46
    "E": ("19800201", "博士", "教授", "高校", "2005-01", "成果", "否", "是"),  # bad record, 46
    "G": ("19800401", "本科", "讲师", "高校", "2005-01", "成果", "是", "否"),  # core IP, 45
}
_EXPECTED_EXPERTS = {
    "generic": {
        "A": ("通过", set()),
        "B": ("通过", set()),
        "C": ("通过", set()),
        "D": ("待复核", {"E06"}),
        "E": ("通过", set()),
        "G": ("待复核", {"E01"}),
    },
    "wenzhou": {
        "A": ("通过", set()),
        "B": ("通过", set()),
        "C": ("不通过", {"E05"}),
        "D": ("待复核", {"E06"}),
        "E": ("通过", set()),
        "G": ("待复核", {"E01"}),
    },
    "xinxiang": {
        "A": ("通过", set()),
        "B": ("不通过", {"E03"}),
        "C": ("通过", set()),
        "D": ("待复核", {"E06"}),
        "E": ("不通过", {"E07"}),
        "G": ("待复核", {"E01"}),
    },
    "liaocheng": {
        "A": ("不通过", {"E01"}),
        "B": ("通过", set()),
        "C": ("不通过", {"E05"}),
        "D": ("不通过", {"E06"}),
        "E": ("不通过", {"E07"}),
        "G": ("不通过", {"E01"}),
    },
    "hubei": {
        "A": ("不通过", {"E01"}),
        "B": ("不通过", {"E03"}),
        "C": ("不通过", {"E01"}),
        "D": ("不通过", {"E03", "E06"}),
        "E": ("不通过", {"E03", "E07"}),
        "G": ("不通过", {"E01"}),
    },
}
_NEED_ROWS = {  # 企业名称: (信用代码前17位, 成立日期, 规模, 资质, 纳税信用, 失信, 研发占比)
    "N1": ("91330302MA2L0E1X4", "2015-01-01", "小", "高新技术企业", "A", "否", "5"),
    "N2": ("91410702MA2L0E1X4", "2015-01-01", "小", "", "A", "否", "5"),
    "N3": ("91371502MA2L0E1X4", "2025-06-01", "小", "高新技术企业", "A", "否", "5"),
    "N4": ("91420102MA2L0E1X4", "2015-01-01", "大", "高新技术企业", "A", "否", "5"),
    "N5": ("91330302MA2L0E1X5", "2015-01-01", "小", "高新技术企业", "C", "否", "5"),
    "N7": ("91371502MA2L0E1X5", "2015-01-01", "小", "高新技术企业", "A", "否", "2"),
}
_EXPECTED_NEEDS = {
    "generic": {n: ("通过", set()) for n in _NEED_ROWS},
    "wenzhou": {
        "N1": ("通过", set()),
        "N2": ("不通过", {"Q01"}),
        "N3": ("不通过", {"Q01"}),
        "N4": ("不通过", {"Q01"}),
        "N5": ("不通过", {"Q06"}),
        "N7": ("不通过", {"Q01"}),
    },
    "xinxiang": {
        "N1": ("不通过", {"Q01"}),
        "N2": ("不通过", {"Q03"}),
        "N3": ("不通过", {"Q01"}),
        "N4": ("不通过", {"Q01"}),
        "N5": ("不通过", {"Q01", "Q06"}),
        "N7": ("不通过", {"Q01"}),
    },
    "liaocheng": {
        "N1": ("不通过", {"Q01"}),
        "N2": ("不通过", {"Q01"}),
        "N3": ("不通过", {"Q04"}),
        "N4": ("不通过", {"Q01"}),
        "N5": ("不通过", {"Q01", "Q06"}),
        "N7": ("待复核", {"Q05"}),
    },
    "hubei": {
        "N1": ("不通过", {"Q01"}),
        "N2": ("不通过", {"Q01"}),
        "N3": ("不通过", {"Q01"}),
        "N4": ("不通过", {"Q02"}),
        "N5": ("不通过", {"Q01"}),
        "N7": ("不通过", {"Q01"}),
    },
}


@pytest.fixture(scope="module")
def policy_matrix_forms(tmp_path_factory):
    folder = tmp_path_factory.mktemp("matrix")
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(
        ["姓名", "身份证号", "学历", "职称", "工作单位", "单位类型", "参加工作时间"]
        + ["代表性成果", "核心知识产权", "近三年不良记录"]
    )
    for i, (name, (birth, degree, title, unit_type, start, results, ip, bad)) in enumerate(
        _EXPERT_ROWS.items()
    ):
        first17 = f"330302{birth}{i:02d}1"
        ws.append(
            [name, first17 + id_check_char(first17), degree, title, "温州大学", unit_type, start]
            + [results, ip, bad]
        )
    wb.save(folder / "专家.xlsx")
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(
        ["企业名称", "统一社会信用代码", "成立日期", "企业规模", "企业资质", "纳税信用等级"]
        + ["近三年失信记录", "研发投入占比"]
    )
    for name, (code17, founded, size, quals, tax, dishonest, rd) in _NEED_ROWS.items():
        ws.append([name, code17 + uscc_check_char(code17), founded, size, quals, tax, dishonest, rd])
    wb.save(folder / "需求.xlsx")
    return folder


@pytest.mark.parametrize("policy", ["generic", "wenzhou", "xinxiang", "liaocheng", "hubei"])
def test_each_rule_under_each_built_in_policy_from_hand_derived_rows(policy_matrix_forms, policy):
    files = [policy_matrix_forms / "专家.xlsx", policy_matrix_forms / "需求.xlsx"]
    records = read_records(files, "auto").records
    check_records(records, load_policy(policy), dt.date(2026, 3, 1))
    got = {
        r.values.get("姓名") or r.values["企业名称"]: (
            r.conclusion,
            {f.rule_code for f in r.findings if f.level != "提示"},
        )
        for r in records
    }
    assert got == {**_EXPECTED_EXPERTS[policy], **_EXPECTED_NEEDS[policy]}


def test_group_row_naming_fewer_than_two_fields_over_the_real_header(tmp_path):
    rows = [
        ["鹿城区企业需求表"],
        ["序号", "企业基本情况", None, None, "联系人", None, "技术需求"],
        [None, "企业名称", "统一社会信用代码", "所属行业", "姓名", "电话", None],
        [1, "甲公司", USCC, "机械", "张三", "13800000000", "降本增效"],
    ]
    path = _book(tmp_path / "需求.xlsx", rows, merges=["A1:G1", "B2:D2", "E2:F2", "A2:A3", "G2:G3"])
    result = read_records([path], "needs")
    (record,) = result.records
    assert record.values["企业名称"] == "甲公司" and record.values["所属行业"] == "机械"
    assert record.values["联系人"] == "张三" and record.values["联系电话"] == "13800000000"
    assert record.values["需求描述"] == "降本增效"  # merged down both header rows
    assert record.extra == {} and result.extra_headers == []


def test_one_stray_cell_far_down_and_right_does_not_build_the_whole_grid(tmp_path):
    from fuzong_cli.read.workbook import read_sheets

    wb = openpyxl.Workbook()
    ws = wb.active
    ws["A1"] = "鹿城区企业需求表"
    ws.merge_cells("A1:D1")
    ws.append(["企业名称", "统一社会信用代码", "成立日期", "联系人"])
    ws.append(["甲公司", USCC, dt.date(2015, 1, 2), "张三"])
    ws.cell(1_048_576, 16_384).value = " x"  # column XFD, the last row: a grid of 17 billion cells
    wb.save(tmp_path / "需求.xlsx")
    (sheet,) = read_sheets(tmp_path / "需求.xlsx")
    assert sheet.merged == [(0, 0, 0, 3)]
    assert len(sheet.rows) == 1_048_576 and sheet.rows[10] is sheet.rows[11] and sheet.rows[10] == []
    (record,) = read_records([tmp_path / "需求.xlsx"], "needs").records
    assert record.values["成立日期"] == dt.date(2015, 1, 2) and record.values["联系人"] == "张三"


def test_yes_no_phrases_in_a_form_and_free_text_results(tmp_path):
    first17 = "42010219900101123"
    wb = openpyxl.Workbook()
    wb.active.append(["姓名", "身份证号", "职称", "工作单位", "单位类型", "代表性成果", "近三年不良记录"])
    wb.active.append(
        ["甲", first17 + id_check_char(first17), "教授", "武汉大学", "高校", "无人机控制算法", "暂无"]
    )
    wb.active.append(["乙", None, "教授", "武汉大学", "高校", "暂无", "不详"])
    wb.save(tmp_path / "专家.xlsx")
    records = read_records([tmp_path / "专家.xlsx"], "experts").records
    check_records(records, load_policy("hubei"), dt.date(2026, 3, 1))
    first, second = records
    assert first.values["近三年不良记录"] is False and first.conclusion == "通过"
    assert second.values["近三年不良记录"] is None
    assert any(f.rule_code == "D08" for f in second.findings)
    assert any(f.rule_code == "E01" and f.field == "代表性成果" for f in second.findings)


def test_placeholders_in_intended_expert_are_not_people(tmp_path):
    rows = [["企业名称", "统一社会信用代码", "意向专家"]]
    for i, text in enumerate(["待定", "待定", "由科技局推荐", "由科技局推荐", "不限", "暂无", "李推荐"]):
        code = f"91330302MA2L0E1X{i}"
        rows.append([f"企业{i}", code + uscc_check_char(code), text])
    records = read_records([_book(tmp_path / "需求.xlsx", rows)], "needs").records
    check_records(records, load_policy("wenzhou"), dt.date(2026, 3, 1))
    assert not any(f.rule_code == "X03" for r in records for f in r.findings)
    from fuzong_cli.decide.eligibility import named_experts

    assert [named_experts(r) for r in records] == [[], [], [], [], [], [], [("李推荐", "")]]


@pytest.mark.parametrize("written", ["规模以上工业企业", "国家级专精特新“小巨人”", "小巨人企业"])
def test_xinxiang_qualification_spellings_are_recognised(tmp_path, written):
    code = "91410702MA2L0E1X4"
    rows = [["企业名称", "统一社会信用代码", "企业资质"], ["新乡甲", code + uscc_check_char(code), written]]
    records = read_records([_book(tmp_path / "需求.xlsx", rows)], "needs").records
    check_records(records, load_policy("xinxiang"), dt.date(2026, 3, 1))
    assert records[0].conclusion == "通过", [f.message for f in records[0].findings]


def test_two_columns_of_one_name_keep_both_values(tmp_path):
    rows = [
        ["企业名称", "统一社会信用代码", "联系电话", "联系人", "联系电话", "备注", "备注"],
        ["甲公司", USCC, "0577-88888888", "张三", "13800000000", "老客户", "已走访"],
    ]
    (record,) = read_records([_book(tmp_path / "需求.xlsx", rows)], "needs").records
    assert record.values["联系电话"] == "0577-88888888"
    assert record.extra == {"联系电话（2）": "13800000000", "备注": "老客户", "备注（2）": "已走访"}
    out = tmp_path / "合并.xlsx"
    done = subprocess.run(
        [*FUZONG, "ingest", "needs", str(tmp_path / "需求.xlsx"), "-o", str(out)],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    header = [c.value for c in openpyxl.load_workbook(out).worksheets[0][1]]
    assert len(header) == len(set(header))
    (again,) = read_records([out], "needs").records
    assert again.extra == record.extra and again.values["联系电话"] == "0577-88888888"


def test_csv_with_a_very_long_cell_is_read(tmp_path):
    path = tmp_path / "需求.csv"
    path.write_text(f"企业名称,统一社会信用代码,需求描述\n甲公司,{USCC},{'长' * 200_000}\n", encoding="utf-8")
    (record,) = read_records([path], "needs").records
    # read, not refused; cut to Excel's 32,767 characters with a finding naming the field (issue 12)
    assert len(record.values["需求描述"]) == 32_767
    assert [f.rule_code for f in record.findings if f.field == "需求描述"] == ["D11"]


def test_csv_with_an_unclosed_quote_names_the_line(tmp_path):
    path = tmp_path / "需求.csv"
    path.write_text(
        f'企业名称,统一社会信用代码,需求描述\n甲公司,{USCC},"未闭合\n乙公司,{USCC},正常\n', encoding="utf-8"
    )
    with pytest.raises(FuzongError) as err:
        read_records([path], "needs")
    assert "第2行" in err.value.message and "引号" in err.value.message


def _rewrite_sheet(src, dst, change):
    import zipfile

    with zipfile.ZipFile(src) as z, zipfile.ZipFile(dst, "w") as out:
        for name in z.namelist():
            data = z.read(name)
            if name == "xl/worksheets/sheet1.xml":
                data = change(data.decode("utf-8")).encode("utf-8")
            out.writestr(name, data)
    return dst


def test_a_cell_reference_beyond_excels_grid_is_a_damaged_file_not_a_crash(tmp_path):
    import re

    src = _book(tmp_path / "原.xlsx", [["企业名称", "统一社会信用代码"], ["甲公司", USCC]])
    bad = _rewrite_sheet(src, tmp_path / "坏.xlsx", lambda x: re.sub(r'r="A2"', 'r="ZZZZZZ2"', x, count=1))
    done = subprocess.run([*FUZONG, "validate", str(bad)], capture_output=True, text=True)
    assert done.returncode == 2 and "已损坏" in done.stderr and "backtrace" not in done.stderr


def test_a_dimension_that_lies_about_a_far_stray_cell_is_still_read_sparsely(tmp_path):
    import re

    from fuzong_cli.read.workbook import read_sheets

    wb = openpyxl.Workbook()
    wb.active.append(["企业名称", "统一社会信用代码"])
    wb.active.append(["甲公司", USCC])
    wb.active.cell(1_048_576, 16_384).value = "x"
    wb.save(tmp_path / "原.xlsx")
    lying = _rewrite_sheet(
        tmp_path / "原.xlsx",
        tmp_path / "谎.xlsx",
        lambda x: re.sub(r'<dimension ref="[^"]*"', '<dimension ref="A1:B2"', x),
    )
    (sheet,) = read_sheets(lying)
    assert sheet.rows[5] is sheet.rows[6]
    assert [r.values["企业名称"] for r in read_records([lying], "needs").records] == ["甲公司"]


def test_a_damaged_legacy_xls_is_refused_cleanly(tmp_path):
    sample = Path(__file__).resolve().parent.parent / "sample_data" / "专家意向表_温州医科大学.xls"
    data = bytearray(sample.read_bytes())
    data[3922] = 205  # one byte of a record length: xlrd raised struct.error, an 内部错误 (exit 3)
    bad = tmp_path / "专家.xls"
    bad.write_bytes(bytes(data))
    done = subprocess.run(
        [*FUZONG, "validate", str(bad), "-o", str(tmp_path / "o.xlsx")], capture_output=True, text=True
    )
    assert done.returncode == 2 and "已损坏" in done.stderr, done.stderr
    assert not (tmp_path / "o.xlsx").exists()


def test_legacy_xls_is_read_with_merged_two_level_headers(tmp_path):
    sample = Path(__file__).resolve().parent.parent / "sample_data" / "专家意向表_温州医科大学.xls"
    records = read_records([sample], "experts").records
    assert len(records) == 8 and all(r.values["身份证号"] for r in records)


@pytest.mark.parametrize(("made_under", "banned"), [("liaocheng", False), ("wenzhou", True)])
def test_history_blank_ban_of_an_evaluate_output_under_the_same_policy_is_honoured(
    tmp_path, made_under, banned
):
    person = "33030219770830115" + id_check_char("33030219770830115")
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "考核结果"
    ws.append(["姓名", "身份证号", "工作单位", "年度", "等次", "禁止申报截止", "等次说明"])
    ws.append(["何伟", person, "温州理工学院", 2026, "不合格", None, "非考核年度，等次作年度述职参考"])
    notes = wb.create_sheet("说明")
    notes.append(["项目", "内容"])
    notes.append(["政策", load_policy(made_under).display_name])
    wb.save(tmp_path / "考核结果_2026.xlsx")
    experts = tmp_path / "专家.xlsx"
    wb = openpyxl.Workbook()
    wb.active.append(["姓名", "身份证号", "学历", "职称", "工作单位", "单位类型", "参加工作时间"])
    wb.active.append(["何伟", person, "博士", "教授", "温州理工学院", "高校", "2000-01"])
    wb.save(experts)
    from fuzong_cli.runs.validate import run_validation

    report = run_validation(
        [experts], "auto", [tmp_path / "考核结果_2026.xlsx"], load_policy("liaocheng"), dt.date(2027, 3, 1)
    )
    (record,) = report.records
    assert any(f.rule_code == "X05" for f in record.findings) is banned


@pytest.mark.parametrize(
    ("unit", "kind"),
    [
        ("温州大学", "高校"),
        ("中国科学院海西研究院", "科研院所"),  # 科学院 is not a 学院
        ("浙江大学温州研究院", None),  # a university's institute, often a 新型研发机构: a person checks
        ("温州职业技术学院", "职业院校"),
    ],
)
def test_unit_type_guessed_from_the_unit_name(unit, kind):
    from fuzong_cli.decide.eligibility import unit_type
    from fuzong_cli.records import Record

    record = Record(
        kind="experts", values={"工作单位": unit}, raw={}, source_file="a", source_sheet="s", source_row=2
    )
    assert unit_type(record)[0] == kind


def test_liaocheng_does_not_pass_a_universitys_institute_as_a_university(tmp_path):
    first17 = "33030219850312123"
    wb = openpyxl.Workbook()
    wb.active.append(["姓名", "身份证号", "学历", "职称", "工作单位", "参加工作时间"])
    wb.active.append(
        ["甲", first17 + id_check_char(first17), "博士", "研究员", "浙江大学温州研究院", "2010-01"]
    )
    wb.save(tmp_path / "专家.xlsx")
    records = read_records([tmp_path / "专家.xlsx"], "experts").records
    check_records(records, load_policy("liaocheng"), dt.date(2026, 3, 1))
    assert records[0].conclusion == "待复核"
    assert [f.rule_code for f in records[0].findings] == ["E06"]
