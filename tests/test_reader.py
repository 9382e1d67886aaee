"""The reader on forms built the messy way counties build them (SPEC §2)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest
from support_forms import ID1 as ID1_forms
from support_forms import USCC, _book, _rewrite_sheet, _two_kind_book

from fuzong_cli.errors import FuzongError
from fuzong_cli.read.forms import read_records
from fuzong_cli.read.headers import clean_header, kind_spec, map_header
from fuzong_cli.read.values import id_check_char, uscc_check_char


def valid_id(first17: str) -> str:
    return first17 + id_check_char(first17)


def valid_uscc(first17: str) -> str:
    return first17 + uscc_check_char(first17)


ID1 = valid_id("33030219850312123")
ID2 = valid_id("33038119900101002")
USCC1 = valid_uscc("91330302MA2A1B2C3")
USCC2 = valid_uscc("91330381MA2B2C3D4")


def messy_needs(path):
    """Title row, 填报单位 row, a two-level header, a blank row, notes after the data, a second sheet."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "需求汇总"
    ws.append(["温州市鹿城区科技副总企业需求汇总表"])
    ws.merge_cells("A1:J1")
    ws.append(["填报单位：鹿城区科技局    填报日期：2026年10月15日"])
    ws.append(
        [
            "序号",
            "所属区县",
            "企业名称 *",
            "统一社会\n信用代码*",
            "成立时间",
            "企业类别",
            "技术难题",
            "联系人",
            None,
            "备注",
        ]
    )
    ws.merge_cells("H3:I3")
    for col in "ABCDEFGJ":
        ws.merge_cells(f"{col}3:{col}4")
    ws.append([None] * 7 + ["姓名", "电话", None])
    ws.append(
        [
            1,
            "鹿城区",
            "温州甲电气有限公司",
            USCC1,
            dt.datetime(2015, 3, 1),
            "高新技术企业、科技型中小企业",
            "低压电器",
            "张三",
            "13812345678",
            "老客户",
        ]
    )
    ws.append([])
    ws.append(
        [
            2,
            "鹿城区 ",
            "温州乙阀门有限公司",
            9.13303e17,
            "2018年6月",
            "科技型中小企业",
            "阀门密封",
            "李四",
            13812345679,
            None,
        ]
    )
    ws.append(
        [
            3,
            "鹿城区",
            "温州丙鞋业有限公司",
            "９１３３０３８１ＭＡ２Ｂ２Ｃ３Ｄ４" + USCC2[-1],
            "85.03",
            None,
            "制鞋",
            None,
            None,
            None,
        ]
    )
    ws.append(["注：1.带*为必填项"])
    ws.append(["2.信用代码请按文本填写"])
    notes = wb.create_sheet("填表说明")
    notes.append(["本表由各县（市、区）科技局汇总"])
    wb.save(path)
    return path


def test_header_cleaning_and_aliases():
    spec = kind_spec("needs")
    assert clean_header(" 统一社会\n信用代码 * ") == "统一社会信用代码"
    assert map_header("所在县(市、区)", spec) == "县（市、区）"
    assert map_header("研发投入占比(%)", spec) == "研发投入占比"
    assert map_header("单位名称（必填）", spec) == "企业名称"
    assert map_header("无关列", spec) is None


def test_messy_need_form(tmp_path):
    result = read_records([messy_needs(tmp_path / "鹿城区.xlsx")], "needs")
    assert [r.source_row for r in result.records] == [5, 7, 8]
    assert any("填表说明" in line for line in result.skipped)
    first, second, third = result.records
    assert first.values["企业名称"] == "温州甲电气有限公司"
    assert first.values["统一社会信用代码"] == USCC1
    assert first.values["注册地代码"] == "330302"
    assert first.values["成立日期"] == dt.date(2015, 3, 1)
    assert first.values["企业资质"] == ["高新技术企业", "科技型中小企业"]
    assert first.values["联系人"] == "张三" and first.values["联系电话"] == "13812345678"
    assert first.extra == {"备注": "老客户"}
    assert first.findings == []
    # a credit code Excel stored as a number is an error for that row, never a guess
    assert [f.rule_code for f in second.findings] == ["D05"]
    assert "数字" in second.findings[0].message
    assert second.values["县（市、区）"] == "鹿城区"
    assert second.values["联系电话"] == "13812345679"
    # full-width characters are folded; a two-digit year needs review
    assert third.values["统一社会信用代码"] == USCC2
    assert {f.rule_code: f.level for f in third.findings} == {"D06": "待复核"}


def test_expert_form_ids_and_derived_values(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["专家意向表"])
    ws.append(
        [
            "姓名",
            "身份证号码",
            "出生日期",
            "最高学历",
            "最高学位",
            "技术职称",
            "所在单位",
            "专业特长",
            "发明专利数",
            "是否拥有核心知识产权",
            "意向企业",
        ]
    )
    ws.append(
        [
            "陈 明",
            ID1,
            "1985.03",
            "研究生",
            "博士",
            "教授级高级工程师",
            "温州大学",
            "低压电器",
            "3项",
            "√",
            "甲公司；乙公司",
        ]
    )
    ws.append(
        ["王芳", float(ID2), "1990/01/01", "大学本科", "学士", "讲师", "温州大学", "鞋革", "１０", "否", ""]
    )
    ws.append(
        [
            "赵强",
            ID1[:-1] + ("0" if ID1[-1] != "0" else "1"),
            None,
            "本科",
            None,
            "特聘专家",
            "温州大学",
            None,
            "无",
            "有",
            None,
        ]
    )
    path = tmp_path / "experts.xlsx"
    wb.save(path)
    a, b, c = read_records([path], "experts").records
    assert a.values["姓名"] == "陈明"
    assert a.values["职称级别"] == "正高" and a.values["学历级别"] == "博士"
    assert a.values["出生日期"] == dt.date(1985, 3, 12) and a.values["性别"] in ("男", "女")
    assert a.values["发明专利数"] == 3 and a.values["核心知识产权"] is True
    assert a.values["意向企业"] == ["甲公司", "乙公司"]
    assert {f.rule_code for f in b.findings} == {"D02"}
    assert "身份证号被 Excel 存成了数字，末几位已丢失" in b.findings[0].message
    assert b.values["发明专利数"] == 10 and b.values["学历级别"] == "学士"
    assert "D03" in {f.rule_code for f in c.findings}
    assert c.values["职称级别"] is None


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-8", "gbk"])
def test_csv_encodings(tmp_path, encoding):
    path = tmp_path / "needs.csv"
    text = f"企业名称,统一社会信用代码,县市区\n温州甲电气有限公司,{USCC1},鹿城区\n"
    path.write_bytes(text.encode(encoding))
    (record,) = read_records([path], "needs").records
    assert record.values["企业名称"] == "温州甲电气有限公司"
    assert record.values["县（市、区）"] == "鹿城区"


def test_auto_kind(tmp_path):
    needs = messy_needs(tmp_path / "n.xlsx")
    result = read_records([needs], "auto")
    assert result.kinds == {"n.xlsx": "needs"}


def test_missing_required_column_names_the_closest(tmp_path):
    wb = openpyxl.Workbook()
    wb.active.append(["企业名", "县市区", "信用代码"])
    wb.active.append(["甲", "鹿城区", USCC1])
    path = tmp_path / "x.xlsx"
    wb.save(path)
    with pytest.raises(FuzongError) as info:
        read_records([path], "needs")
    assert "企业名称" in info.value.message and "企业名" in info.value.message


def test_unreadable_csv_encoding(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_bytes("企业名称".encode("utf-16"))
    with pytest.raises(FuzongError) as info:
        read_records([path], "needs")
    assert "编码" in info.value.message


def test_inputs_never_modified(tmp_path):
    path = messy_needs(tmp_path / "n.xlsx")
    before = path.read_bytes()
    read_records([path], "needs")
    assert path.read_bytes() == before


def test_xml_bomb_workbook_is_not_expanded(tmp_path):
    """A "billion laughs" entity in a sheet's XML is never expanded (calamine does not resolve DTD entities)."""
    import zipfile

    plain = tmp_path / "plain.xlsx"
    wb = openpyxl.Workbook()
    wb.active.append(["企业名称", "统一社会信用代码"])
    wb.active.append(["甲", USCC1])
    wb.save(plain)
    lol = (
        '<!DOCTYPE lolz [<!ENTITY lol "lol">'
        + "".join(
            f'<!ENTITY lol{i} "' + (f"&lol{i - 1};" if i > 1 else "&lol;") * 10 + '">' for i in range(1, 10)
        )
        + "]>"
    )
    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(plain) as zin, zipfile.ZipFile(bomb, "w") as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b"<worksheet", lol.encode() + b"<worksheet", 1).replace(
                    "甲".encode(), b"&lol9;", 1
                )
            zout.writestr(info, data)
    try:
        records = read_records([bomb], "needs").records
    except FuzongError:
        return  # refusing the file is fine too
    assert all(len(str(v)) < 1000 for r in records for v in r.values.values())


def test_side_sheets_of_a_fuzong_output_are_never_data(tmp_path):
    """An evaluate output read back as a ledger (terms does this): 名单's rows look like ledger rows but are not."""
    from conftest import SAMPLE, run_cli

    out = tmp_path / "考核结果.xlsx"
    run_cli(
        "evaluate", SAMPLE / "服务台账_2026.xlsx", "--policy", "wenzhou", "--as-of", "2026-11-24", "-o", out
    )
    rows = openpyxl.load_workbook(out)["考核结果"].max_row - 3  # two banner lines + header
    result = read_records([out], "ledger")
    assert len(result.records) == rows
    assert {r.source_file for r in result.records} == {
        "服务台账_2026.xlsx"
    }  # provenance of the 考核结果 rows


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


def test_auto_kind_reads_each_sheet_as_what_it_is(tmp_path):
    result = read_records([_two_kind_book(tmp_path / "县里.xlsx")], "auto")
    assert sorted((r.kind, r.source_sheet) for r in result.records) == [
        ("experts", "专家意向"),
        ("needs", "企业需求"),
    ]
    assert any("联系人名单" in line for line in result.skipped)


def test_common_header_spellings_of_county_forms_are_recognised(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["序号", "姓 名", "身份证号码（18位）", "学历学位", "专业技术职务", "单位名称", "单位属性"])
    ws.append([1, "张三", ID1_forms, "博士研究生/博士", "教授（二级）", "温州大学", "高校"])
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


def test_legacy_xls_is_read_with_merged_two_level_headers(tmp_path):
    sample = Path(__file__).resolve().parent.parent / "sample_data" / "专家意向表_温州医科大学.xls"
    records = read_records([sample], "experts").records
    assert len(records) == 8 and all(r.values["身份证号"] for r in records)
