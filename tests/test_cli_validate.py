"""fuzong validate / ingest / forms driven through the real command; outputs read back with openpyxl."""

from __future__ import annotations

import shutil

import openpyxl
import pytest
from conftest import SHARED, assert_clean_error, marker_of, run_cli
from test_reader import ID1, USCC1, messy_needs, valid_id, valid_uscc


def expert_form(path, rows):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["温州大学科技副总专家意向表"])
    ws.append(
        [
            "姓名",
            "性别",
            "身份证号",
            "最高学历",
            "最高学位",
            "职称",
            "工作单位",
            "单位类型",
            "参加工作时间",
            "研究方向",
            "代表性成果",
            "核心知识产权",
            "近三年不良记录",
        ]
    )
    from fuzong_cli.write.workbook import set_value

    for i, row in enumerate(rows, start=3):
        for j, value in enumerate(row, start=1):
            set_value(ws.cell(row=i, column=j), value)  # "=SUM(A1)" typed as text, as a clerk would
    wb.save(path)
    return path


GOOD = [
    "陈明",
    "男",
    ID1,
    "博士研究生",
    "博士",
    "教授",
    "温州大学",
    "高校",
    "2010-07",
    "低压电器",
    "专利3项",
    "否",
    "否",
]
LOW = [
    "王芳",
    "女",
    valid_id("33038119900101002"),
    "大学本科",
    "学士",
    "讲师",
    "温州大学",
    "高校",
    "2015-07",
    "鞋革",
    "=SUM(A1)",
    "否",
    "否",
]


def test_validate_writes_annotated_workbook(tmp_path):
    src = expert_form(tmp_path / "experts.xlsx", [GOOD, LOW])
    out = tmp_path / "out.xlsx"
    result = run_cli("validate", src, "--policy", "wenzhou", "--as-of", "2026-11-24", "-o", out)
    assert result.code == 1, result.stderr
    assert "使用政策" in result.stdout
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["校验结果", "打印版", "问题清单", "汇总", "说明"]
    ws = wb["校验结果"]
    headers = [c.value for c in ws[1]]
    col = {h: i for i, h in enumerate(headers)}
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    assert [r[col["校验结论"]] for r in rows] == ["通过", "不通过"]
    assert rows[0][col["身份证号"]] == ID1  # text, all 18 characters
    # a value typed as text that starts with "=" stays text, never a formula
    cell = ws.cell(row=3, column=col["代表性成果"] + 1)
    assert cell.value == "=SUM(A1)" and cell.data_type == "s"
    # the offending cell is red with a comment naming the rule
    title_cell = ws.cell(row=3, column=col["职称"] + 1)
    assert title_cell.fill.fgColor.rgb.endswith("FFC7CE")
    assert title_cell.comment is not None and "二(一)3" in title_cell.comment.text
    problems = list(wb["问题清单"].iter_rows(min_row=2, values_only=True))
    assert problems and problems[0][0] == "experts.xlsx" and problems[0][1] == 4
    assert any(p[4] == "不通过" and "二(一)3" in (p[6] or "") for p in problems)
    info = dict(wb["说明"].iter_rows(min_row=2, values_only=True))
    assert "温州" in info["政策"] and len(info["SHA-256"]) == 64 and info["参照日期"] == "2026-11-24"
    assert src.read_bytes() == src.read_bytes()


def test_validate_json_summary(tmp_path):
    import json

    src = expert_form(tmp_path / "experts.xlsx", [GOOD])
    result = run_cli("validate", src, "--policy", "wenzhou", "--as-of", "2026-11-24", "--json")
    assert result.code == 0, result.stderr
    payload = json.loads(result.stdout)
    assert payload["command"] == "validate" and payload["policy"] == "wenzhou" and payload["exit_code"] == 0
    assert payload["counts"]["rows"] == 1 and payload["counts"]["通过"] == 1 and payload["findings"] == []
    assert payload["inputs"] == [str(src)] and payload["as_of"] == "2026-11-24"
    assert "使用政策" in result.stderr
    target = tmp_path / "experts-校验结果.xlsx"
    assert payload["outputs"] == [str(target)] and target.exists()  # SPEC §1: named after what it checked
    assert marker_of(target)["command"] == "validate" and marker_of(target)["data_sheets"] == ["校验结果"]


def test_output_exists_needs_force(tmp_path):
    src = expert_form(tmp_path / "experts.xlsx", [GOOD])
    out = tmp_path / "o.xlsx"
    out.write_bytes(b"keep me")
    assert_clean_error(run_cli("validate", src, "-o", out), "--force")
    assert out.read_bytes() == b"keep me"
    assert run_cli("validate", src, "-o", out, "--force").code == 0
    assert openpyxl.load_workbook(out)["校验结果"].max_row == 2


@pytest.mark.parametrize(
    "make, fragments",
    [
        (lambda d: d / "missing.xlsx", ["找不到输入文件", "missing.xlsx"]),
        (lambda d: d, ["文件夹"]),
        (lambda d: _write(d / "empty.xlsx", b""), ["空的"]),
        (
            lambda d: _write(d / "renamed.xlsx", "这是一个文本文件".encode()),
            ["renamed.xlsx", "不是有效的 Excel 文件"],
        ),
        (lambda d: _truncated(d), ["truncated.xlsx"]),
        (lambda d: _blank_workbook(d), ["blank.xlsx", "空的工作簿"]),
        (lambda d: _no_header(d), ["noheader.xlsx", "找不到", "最像表头"]),
        (lambda d: _write(d / "bad.csv", "企业名称".encode("utf-16")), ["bad.csv", "编码"]),
    ],
)
def test_bad_inputs_exit_2_with_one_chinese_line(tmp_path, make, fragments):
    path = make(tmp_path)
    out = tmp_path / "out" / "x.xlsx"
    (tmp_path / "out").mkdir(exist_ok=True)
    result = run_cli("validate", path, "-o", out)
    assert_clean_error(result, *fragments)
    assert not out.exists()


def test_encrypted_workbook(tmp_path):
    corpus = SHARED / "robustness" / "calamine-tests" / "pass_protected.xlsx"
    if not corpus.exists():
        pytest.skip("corpus absent")
    shutil.copy(corpus, tmp_path / "加密.xlsx")
    assert_clean_error(
        run_cli("validate", tmp_path / "加密.xlsx", "-o", tmp_path / "o.xlsx"), "加密.xlsx", "密码"
    )


def test_required_column_missing(tmp_path):
    wb = openpyxl.Workbook()
    wb.active.append(["企业名", "县市区", "信用代码"])
    wb.active.append(["甲", "鹿城区", USCC1])
    wb.save(tmp_path / "x.xlsx")
    result = run_cli("validate", tmp_path / "x.xlsx", "--kind", "needs", "-o", tmp_path / "o.xlsx")
    assert_clean_error(result, "x.xlsx", "企业名称")


def test_bad_policy(tmp_path):
    src = expert_form(tmp_path / "e.xlsx", [GOOD])
    assert_clean_error(
        run_cli("validate", src, "--policy", "shanghai", "-o", tmp_path / "o.xlsx"), "shanghai"
    )
    bad = tmp_path / "p.toml"
    bad.write_text('name = "x"\n[rules.expert_age\n', encoding="utf-8")
    assert_clean_error(run_cli("validate", src, "--policy", bad, "-o", tmp_path / "o.xlsx"), "p.toml")


def test_output_folder_missing(tmp_path):
    src = expert_form(tmp_path / "e.xlsx", [GOOD])
    assert_clean_error(run_cli("validate", src, "-o", tmp_path / "nope" / "o.xlsx"), "不存在")


def test_ingest_merges_files_with_provenance_and_duplicates(tmp_path):
    a = messy_needs(tmp_path / "鹿城区.xlsx")
    wb = openpyxl.Workbook()
    wb.active.append(["填报单位：瑞安市科技局"])
    wb.active.append(["单位名称", "信用代码", "所属区县", "产业领域"])
    wb.active.append(["温州甲电气有限公司", USCC1, "瑞安市", "电气"])
    wb.active.append(["瑞安丁汽配有限公司", valid_uscc("91330381MA2C3D4E5"), "瑞安市", "汽摩配"])
    wb.save(tmp_path / "瑞安市.xlsx")
    out = tmp_path / "all.xlsx"
    result = run_cli("ingest", "needs", a, tmp_path / "瑞安市.xlsx", "-o", out)
    assert result.code == 0, result.stderr
    ws = openpyxl.load_workbook(out)["企业需求表"]
    headers = [c.value for c in ws[1]]
    rows = [dict(zip(headers, r)) for r in ws.iter_rows(min_row=2, values_only=True)]
    assert len(rows) == 5
    assert rows[3]["来源文件"] == "瑞安市.xlsx" and rows[3]["来源行号"] == 3
    assert "瑞安市.xlsx 第3行" in rows[0]["重复标记"] and "鹿城区.xlsx 第5行" in rows[3]["重复标记"]
    assert rows[1]["读取问题"].startswith("[D05]")
    # ingest output is itself a valid input: provenance survives a second pass
    again = run_cli("ingest", "needs", out, "-o", tmp_path / "again.xlsx")
    assert again.code == 0
    ws2 = openpyxl.load_workbook(tmp_path / "again.xlsx")["企业需求表"]
    assert [c.value for c in ws2["C"]][1:] == [5, 7, 8, 3, 4]


def test_forms_round_trip(tmp_path):
    folder = tmp_path / "空白表格"
    result = run_cli("forms", folder, "--policy", "wenzhou")
    assert result.code == 0, result.stderr
    names = sorted(p.name for p in folder.iterdir())
    assert names == sorted(["企业需求表.xlsx", "专家意向表.xlsx", "服务台账.xlsx"])
    wb = openpyxl.load_workbook(folder / "专家意向表.xlsx")
    ws = wb["专家意向表"]
    headers = [c.value for c in ws[3]]
    assert "姓名*" in headers and "身份证号" in headers
    id_col = headers.index("身份证号") + 1
    assert ws.cell(row=4, column=id_col).number_format == "@"
    formulas = {dv.formula1 for dv in ws.data_validations.dataValidation}
    assert any("教授" in f for f in formulas) and any("是,否" in f for f in formulas)
    needs = openpyxl.load_workbook(folder / "企业需求表.xlsx")["企业需求表"]
    assert any("鹿城区" in dv.formula1 for dv in needs.data_validations.dataValidation)
    # fill one row as a clerk would, then validate reads it back unchanged
    row = {h: None for h in headers}
    row.update({"姓名*": "陈明", "身份证号": ID1, "职称*": "教授", "工作单位*": "温州大学", "最高学历": None})
    for j, h in enumerate(headers, start=1):
        if row.get(h) is not None:
            ws.cell(row=4, column=j, value=row[h])
    wb.save(folder / "专家意向表.xlsx")
    out = tmp_path / "r.xlsx"
    result = run_cli("validate", folder / "专家意向表.xlsx", "--policy", "wenzhou", "-o", out)
    assert result.code in (0, 1), result.stderr
    rows = list(openpyxl.load_workbook(out)["校验结果"].iter_rows(values_only=True))
    assert len(rows) == 2 and "陈明" in rows[1] and ID1 in rows[1]
    assert run_cli("forms", folder).code == 2


def _write(path, data):
    path.write_bytes(data)
    return path


def _truncated(d):
    good = messy_needs(d / "good.xlsx")
    data = good.read_bytes()
    return _write(d / "truncated.xlsx", data[: len(data) // 2])


def _blank_workbook(d):
    wb = openpyxl.Workbook()
    wb.save(d / "blank.xlsx")
    return d / "blank.xlsx"


def _no_header(d):
    wb = openpyxl.Workbook()
    wb.active.append(["随便", "什么", "内容"])
    wb.active.append([1, 2, 3])
    wb.save(d / "noheader.xlsx")
    return d / "noheader.xlsx"


def test_ingest_output_validates_like_the_raw_forms(tmp_path):
    """Normalising must not invent precision: 出生年月 1978.05 stays a month, so the ID check agrees."""
    from conftest import SAMPLE

    raw = [SAMPLE / "专家意向表_温州大学.xlsx", SAMPLE / "专家意向表_温州医科大学.xls"]
    assert run_cli("ingest", "experts", *raw, "-o", tmp_path / "all.xlsx").code == 0
    direct, via = tmp_path / "direct.xlsx", tmp_path / "via.xlsx"
    run_cli("validate", *raw, "--policy", "wenzhou", "--as-of", "2026-11-24", "-o", direct)
    run_cli("validate", tmp_path / "all.xlsx", "--policy", "wenzhou", "--as-of", "2026-11-24", "-o", via)

    def verdicts(path):
        ws = openpyxl.load_workbook(path)["校验结果"]
        headers = [c.value for c in ws[1]]
        return [
            (r[headers.index("来源文件")], r[headers.index("来源行号")], r[headers.index("校验结论")])
            for r in ws.iter_rows(min_row=2, values_only=True)
        ]

    assert verdicts(direct) == verdicts(via)
    months = [c.value for c in openpyxl.load_workbook(tmp_path / "all.xlsx")["专家意向表"]["G"]][1:]
    assert "1978-05" in months


@pytest.mark.parametrize("command", [("validate",), ("ingest", "experts")])
def test_a_blank_form_is_exit_2_not_an_empty_report(tmp_path, command):
    assert run_cli("forms", tmp_path / "blank", "--quiet").code == 0
    out = tmp_path / "o.xlsx"
    result = run_cli(*command, tmp_path / "blank" / "专家意向表.xlsx", "-o", out)
    assert_clean_error(result, "专家意向表.xlsx", "没有数据行")
    assert not out.exists()
