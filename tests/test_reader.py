"""The reader on forms built the messy way counties build them (SPEC §2)."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest

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
