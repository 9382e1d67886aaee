"""Last audit items of issue 10: W14 (温州 “严重”失信) through the real validate command, by hand."""

from __future__ import annotations

import openpyxl
from conftest import run_cli
from test_reader import valid_uscc


def _needs(path, values, county="鹿城区", name="温州示例{k}科技有限公司", code="91330302MA2A1B{k:03d}"):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(
        [
            "县（市、区）",
            "企业名称",
            "统一社会信用代码",
            "成立日期",
            "企业规模",
            "纳税信用等级",
            "近三年失信记录",
        ]
    )
    for k, value in enumerate(values):
        ws.append([county, name.format(k=k), valid_uscc(code.format(k=k)), "2015-01-01", "小", "A", value])
    wb.save(path)
    return path


def _q06(out):
    ws = openpyxl.load_workbook(out)["校验结果"]
    headers = [c.value for c in ws[1]]
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    problems = [str(r[headers.index("问题说明")] or "") for r in rows]
    return [r[headers.index("校验结论")] for r in rows], problems


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
