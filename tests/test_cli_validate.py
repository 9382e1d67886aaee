"""fuzong validate / ingest / forms driven through the real command; outputs read back with openpyxl."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest
from conftest import SHARED, assert_clean_error, marker_of, run_cli
from support_forms import FUZONG, USCC, _book, _rewrite_sheet, _two_kind_book
from support_needs import _needs, _q06
from test_eligibility import uscc
from test_reader import ID1, USCC1, messy_needs, valid_id, valid_uscc

from fuzong_cli.policy import load_policy
from fuzong_cli.read.values import id_check_char


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


def test_a_cell_reference_beyond_excels_grid_is_a_damaged_file_not_a_crash(tmp_path):
    import re

    src = _book(tmp_path / "原.xlsx", [["企业名称", "统一社会信用代码"], ["甲公司", USCC]])
    bad = _rewrite_sheet(src, tmp_path / "坏.xlsx", lambda x: re.sub(r'r="A2"', 'r="ZZZZZZ2"', x, count=1))
    done = subprocess.run([*FUZONG, "validate", str(bad)], capture_output=True, text=True)
    assert done.returncode == 2 and "已损坏" in done.stderr and "backtrace" not in done.stderr


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


def test_validity_window_is_warned_by_every_command(tmp_path):
    """聊城办法 第二十三条 “本办法自2025年7月1日起施行，有效期至2030年6月30日”（征求意见稿）; 湖北方案 一 “从
    2020 年起连续 5 年”. --as-of outside the window → a plain Chinese warning beside 使用政策."""
    wb = openpyxl.Workbook()
    wb.active.append(["企业名称", "统一社会信用代码"])
    wb.active.append(["聊城示例有限公司", uscc("371502")])
    wb.save(tmp_path / "需求.xlsx")
    late = run_cli(
        "validate",
        tmp_path / "需求.xlsx",
        "--policy",
        "liaocheng",
        "--as-of",
        "2030-07-01",
        "-o",
        tmp_path / "a.xlsx",
    )
    assert "不在本政策的有效期（2025-07-01至2030-06-30" in late.stdout and "征求意见稿" in late.stdout
    inside = run_cli(
        "validate",
        tmp_path / "需求.xlsx",
        "--policy",
        "liaocheng",
        "--as-of",
        "2030-06-30",
        "-o",
        tmp_path / "b.xlsx",
    )
    assert "有效期" not in inside.stdout
    hubei = load_policy("hubei").validity_warnings(dt.date(2026, 12, 1))
    assert hubei and "2024-12-31" in hubei[0]
    assert load_policy("hubei").validity_warnings(dt.date(2024, 12, 31)) == []


def test_wenzhou_only_serious_dishonesty_fails(tmp_path):
    # 温州方案 二(三)2：“会计信用和纳税信用良好，近 3年无严重失信记录。” Only a 严重 失信 record excludes:
    # 是（严重失信） and 有，列入严重失信主体名单 → 不通过; a bare 是 does not say whether it is 严重 → 待复核
    # (a person checks the credit list); 否 → 通过.
    src = _needs(tmp_path / "needs.xlsx", ["是（严重失信）", "有，列入严重失信主体名单", "是", "否"])
    out = tmp_path / "v.xlsx"
    result = run_cli("validate", src, "--policy", "wenzhou", "--as-of", "2026-11-24", "-o", out)
    assert result.code == 1, result.stderr
    conclusions, problems = _q06(out)
    assert conclusions == ["不通过", "不通过", "待复核", "通过"]
    assert "严重失信记录" in problems[0] and "近3年无严重失信记录" in problems[0]
    assert "未注明是否属严重失信" in problems[2] and "严重失信主体名单" in problems[2]


def test_xinxiang_any_dishonesty_still_fails(tmp_path):
    # 新乡计划 三(二)1 “企业信誉良好” has no 严重: a 是 in 近三年失信记录 stays 不通过 (the 3 years are a default).
    src = _needs(tmp_path / "needs.xlsx", ["是"], "红旗区", "新乡示例科技有限公司", "91410702MA2A1B001")
    out = tmp_path / "v.xlsx"
    result = run_cli("validate", src, "--policy", "xinxiang", "--as-of", "2026-11-24", "-o", out)
    assert result.code == 1, result.stderr
    conclusions, problems = _q06(out)
    assert conclusions == ["不通过"]
    assert "失信记录" in problems[0] and "未注明是否属严重失信" not in problems[0]


def test_sample_expert_remarks_give_n01_n02(tmp_path):
    # sample_data/专家意向表_温州大学.xlsx carries two 备注 (sample_data/README.md, rows 3–4):
    # 温州方案 二(一)3 “发动获得过省级以上重大人才工程的高精尖人才积极参与” — 陈明 “入选浙江省‘鲲鹏行动’计划” → N01;
    # 二(一)4 “本方案实施前已受聘合作企业，签订合作协议……” — 林志远 “已受聘……已签订合作协议” → N02. Both 提示 only.
    from conftest import REPO

    src = REPO / "sample_data" / "专家意向表_温州大学.xlsx"
    out = tmp_path / "v.xlsx"
    result = run_cli("validate", src, "--policy", "wenzhou", "--as-of", "2026-11-24", "-o", out)
    assert result.code == 1, result.stderr  # other sample rows fail on purpose
    ws = openpyxl.load_workbook(out)["问题清单"]
    hints = {
        (r[1], r[3], r[4])
        for r in ws.iter_rows(min_row=2, values_only=True)
        if str(r[3] or "").startswith("N")
    }
    assert hints == {(3, "N01", "提示"), (4, "N02", "提示")}
    conclusions, _ = _q06(out)
    assert conclusions[0] == "通过" and conclusions[1] == "通过"  # a hint never blocks


def test_sample_need_accounting_column_gives_n03(tmp_path):
    # sample_data/瑞安市企业需求表.xlsx has a 会计信用 column (no form has one): 温州方案 二(三)2 “会计信用和纳税信用
    # 良好” — row 7 (新宏鞋业) says 较差 → N03 待复核, besides its 纳税信用 D (Q06 不通过).
    from conftest import REPO

    src = REPO / "sample_data" / "瑞安市企业需求表.xlsx"
    out = tmp_path / "v.xlsx"
    result = run_cli("validate", src, "--policy", "wenzhou", "--as-of", "2026-11-24", "-o", out)
    assert result.code == 1, result.stderr
    ws = openpyxl.load_workbook(out)["问题清单"]
    hints = {
        (r[1], r[3], r[4])
        for r in ws.iter_rows(min_row=2, values_only=True)
        if str(r[3] or "").startswith("N")
    }
    assert hints == {(7, "N03", "待复核")}
