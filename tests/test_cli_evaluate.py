"""fuzong evaluate driven through the real command; every output read back with openpyxl.

Expected grades and totals are worked out by hand from the clauses (see the comments at each number).
"""

from __future__ import annotations

import datetime as dt
import json

import openpyxl
import pytest
from conftest import SAMPLE, assert_clean_error, marker_of, read_sheet, run_cli

from fuzong_cli.write.evaluate import INDICATORS, LIST_COLUMNS, RESULT_COLUMNS

HEADERS = ["姓名", "工作单位", "企业名称", "县（市、区）", "年度", "聘期开始", *INDICATORS]
BANNER_ROWS = 2  # 考核结果 has a title line and a policy line above its header


def ledger_file(path, rows, title="科技副总服务台账"):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append([title])
    ws.append(HEADERS)
    for row in rows:
        ws.append([row.get(h) for h in HEADERS])
    wb.save(path)
    return path


def results(path):
    wb = openpyxl.load_workbook(path)
    return wb, read_sheet(wb["考核结果"], header_row=BANNER_ROWS + 1)


# Liaocheng 第七条 at twice the minimums: every rubric item at its cap
LC_FULL = {
    "服务天数": 60,
    "技术服务次数": 20,
    "新技术新工艺新产品数": 2,
    "知识产权申请数": 2,
    "培训宣讲次数": 5,
    "培养人才数": 20,
}


def lc_row(name, county="东昌府区", **changes):
    row = {
        "姓名": name,
        "工作单位": "聊城大学",
        "企业名称": f"{name}所在企业",
        "县（市、区）": county,
        "年度": 2025,
        "企业评价得分": 100,
        "企业生活补助（元/月）": 1000,
        **LC_FULL,
    }
    row.update(changes)
    return row


def test_liaocheng_grades_money_ban_and_charts(tmp_path):
    rows = [
        lc_row("甲"),
        lc_row("乙"),
        lc_row("丙", county="临清市"),  # 100 points → 优秀 ×3 → 3 × 50,000
        lc_row("丁", 服务天数=29),  # one day short of 30 (第七条1) → 不合格
        # 优秀, but the enterprise pays 900 < 1,000 (第十一条2)
        lc_row("戊", county="临清市", **{"企业生活补助（元/月）": 900}),
        lc_row("己", 企业评价得分=0),  # 100 − 30 = 70 → 合格
    ]
    src = ledger_file(tmp_path / "台账.xlsx", rows)
    out = tmp_path / "考核.xlsx"
    result = run_cli(
        "evaluate", src, "--policy", "liaocheng", "--year", "2025", "--as-of", "2026-01-15", "-o", out
    )
    assert result.code == 1, result.stderr  # 丁 is 不合格, 戊 needs review
    assert "Traceback" not in result.stderr
    wb, rows_out = results(out)
    assert wb.sheetnames == ["考核结果", "打印版", "补助汇总", "名单", "问题清单", "图表", "说明"]
    assert [c.value for c in wb["考核结果"][BANNER_ROWS + 1]] == RESULT_COLUMNS
    by = {r["姓名"]: r for r in rows_out}
    assert {n: by[n]["等次"] for n in by} == {
        "甲": "优秀",
        "乙": "优秀",
        "丙": "优秀",
        "丁": "不合格",
        "戊": "优秀",
        "己": "合格",
    }
    # 29 × 0.25 = 7.25 + 15 + 10 + 10 + 10 + 10 + 30: 优秀 by score, 不合格 by the floor
    assert by["丁"]["考核得分"] == 92.25
    assert "服务天数29" in by["丁"]["等次说明"]
    assert by["丁"]["禁止申报截止"].date() == dt.date(2027, 12, 31)  # 第十七条 两年内: 2026 and 2027
    assert "[K20]" in by["戊"]["问题说明"] and "900" in by["戊"]["问题说明"]
    assert by["甲"]["补助金额（元）"] == 50000 and by["丁"]["补助金额（元）"] == 0
    # cell marks: the short service days are red with the clause in a comment
    ws = wb["考核结果"]
    col = RESULT_COLUMNS.index("服务天数") + 1
    line = BANNER_ROWS + 1 + [r["姓名"] for r in rows_out].index("丁") + 1
    assert ws.cell(row=line, column=col).fill.fgColor.rgb.endswith("FFC7CE")
    assert "第七条1" in ws.cell(row=line, column=col).comment.text

    money = read_sheet(wb["补助汇总"], header_row=3)
    total = money[-1]
    # four 优秀 (甲 乙 丙 戊) × 50,000 = 200,000; 第十一条2 is the enterprise's money, not the reward's
    assert (total["汇总方式"], total["补助金额（元）"], total["大写金额"]) == ("合计", 200000, "贰拾万元整")
    county = {r["名称"]: r for r in money if r["汇总方式"] == "按县（市、区）"}
    assert county["东昌府区"]["补助金额（元）"] == 100000 and county["东昌府区"]["大写金额"] == "壹拾万元整"
    assert county["临清市"]["补助金额（元）"] == 100000 and county["东昌府区"]["考核人数"] == 4
    units = [r for r in money if r["汇总方式"] == "按派出单位"]
    assert [(u["名称"], u["补助金额（元）"]) for u in units] == [("聊城大学", 200000)]

    lists = read_sheet(wb["名单"], header_row=2)
    assert [c.value for c in wb["名单"][2]] == LIST_COLUMNS
    failed = [r for r in lists if r["类别"] == "不合格"]
    assert [(r["姓名"], r["截止日期"].date()) for r in failed] == [("丁", dt.date(2027, 12, 31))]
    assert sorted(r["姓名"] for r in lists if r["类别"] == "优秀") == ["丙", "乙", "戊", "甲"]
    assert all("金卡" in r["说明"] for r in lists if r["类别"] == "优秀")  # 第十八条

    charts = wb["图表"]._charts
    assert len(charts) == 2
    data = read_sheet(wb["图表"], header_row=4)[:2]
    assert [(d["县（市、区）"], d["优秀"], d["不合格"]) for d in data] == [
        ("东昌府区", 2, 1),
        ("临清市", 2, 0),
    ]
    info = dict(wb["说明"].iter_rows(min_row=2, values_only=True))
    assert info["补助合计"] == "200,000 元（贰拾万元整）" and "聊城" in info["政策"]


def test_three_liaocheng_excellent_cost_150000(tmp_path):
    src = ledger_file(tmp_path / "台账.xlsx", [lc_row("甲"), lc_row("乙"), lc_row("丙")])
    out = tmp_path / "o.xlsx"
    result = run_cli("evaluate", src, "--policy", "liaocheng", "-o", out, "--json")
    assert result.code == 0, result.stderr
    payload = json.loads(result.stdout)
    details = payload["details"]
    assert details["money_total"] == 150000 and details["money_total_capital"] == "壹拾伍万元整"
    assert details["grades"] == {"优秀": 3, "良好": 0, "合格": 0, "不合格": 0} and payload["exit_code"] == 0
    assert (
        payload["command"] == "evaluate"
        and payload["outputs"] == [str(out)]
        and payload["policy"] == "liaocheng"
    )
    assert (
        payload["counts"]["rows"] == 3
        and payload["counts"]["优秀"] == 3
        and payload["counts"]["rows_review"] == 0
    )
    assert details["by_county"]["东昌府区"]["补助金额"] == 150000
    assert "使用政策" in result.stderr  # human lines go to stderr under --json
    # the one money summary: the same total in the workbook's 补助汇总 and 说明 as in --json
    money = read_sheet(out, "补助汇总")
    assert money[-1]["补助金额（元）"] == 150000 and money[-1]["大写金额"] == "壹拾伍万元整"


def test_marker_names_the_data_sheet(tmp_path):
    src = ledger_file(tmp_path / "台账.xlsx", [lc_row("甲")])
    out = tmp_path / "o.xlsx"
    assert run_cli("evaluate", src, "--policy", "liaocheng", "-o", out).code == 0
    marker = marker_of(out)
    assert marker["command"] == "evaluate" and marker["policy"] == "liaocheng"
    # 考核结果 only: 打印版 repeats its rows and 名单 / 补助汇总 are summaries, never read back as data
    assert marker["data_sheets"] == ["考核结果"]


def test_ten_xinxiang_appointments_cost_200000_and_renewals(tmp_path):
    rows = []
    for i in range(10):
        rows.append(
            {
                "姓名": f"专家{i}",
                "工作单位": "河南师范大学" if i < 4 else "河南科技学院",
                "企业名称": f"新乡企业{i}",
                "县（市、区）": "红旗区" if i < 7 else "牧野区",
                "年度": 2025,
                "聘期开始": dt.date(2025, 4, 1),
                # first two: 75 天 → 15, 4 难题 → 20, 3 攻关 → 15, 2 新产品 → 10, 企业 90 → 36: 96 优秀;
                # the rest: 50 天 → 10, 20, 15, 10, 企业 60 → 24: 79 合格
                "服务天数": 75 if i < 2 else 50,
                "解决技术难题数": 4,
                "技术攻关项目数": 3,
                "新技术新工艺新产品数": 2,
                "企业评价得分": 90 if i < 2 else 60,
            }
        )
    src = ledger_file(tmp_path / "新乡台账.xlsx", rows)
    out = tmp_path / "o.xlsx"
    result = run_cli("evaluate", src, "--policy", "xinxiang", "-o", out)
    assert result.code == 0, result.stderr
    assert "200,000 元（贰拾万元整）" in result.stdout
    wb, _rows_out = results(out)
    total = read_sheet(wb["补助汇总"], header_row=3)[-1]
    assert total["补助金额（元）"] == 200000 and total["大写金额"] == "贰拾万元整" and total["补助人数"] == 10
    # 新乡计划 六(四) “对于考核优秀的……直接予以续聘”: the 考核 is at the end of the term (2025-04-01 … 2027-03-31),
    # so a first-year 优秀 is no renewal
    renew = [r for r in read_sheet(wb["名单"], header_row=2) if r["类别"] == "续聘"]
    assert renew == []


def test_wenzhou_two_years_in_the_top_ten_through_history(tmp_path):
    def wz(name, year, ent, days=100):
        return {
            "姓名": name,
            "工作单位": "温州大学",
            "企业名称": f"{name}企业",
            "县（市、区）": "鹿城区",
            "年度": year,
            "服务天数": days,
            "技术攻关项目数": 3,
            "解决技术难题数": 3,
            "知识产权申请数": 2,
            "企业评价得分": ent,
        }

    # 2025: 甲 and 乙 rank 1–2; 丙 fails the 90-day floor (温州方案 六(四))
    first = ledger_file(
        tmp_path / "台账2025.xlsx", [wz("甲", 2025, 95), wz("乙", 2025, 90), wz("丙", 2025, 99, days=80)]
    )
    history = tmp_path / "考核结果_2025.xlsx"
    assert run_cli("evaluate", first, "--policy", "wenzhou", "-o", history).code == 1
    second = ledger_file(
        tmp_path / "台账2026.xlsx", [wz("甲", 2026, 95), wz("丙", 2026, 96), wz("丁", 2026, 70)]
    )
    out = tmp_path / "o.xlsx"
    result = run_cli("evaluate", second, "--policy", "wenzhou", "--history", history, "-o", out)
    assert result.code == 0, result.stderr
    wb, rows_out = results(out)
    lists = read_sheet(wb["名单"], header_row=2)
    running = [r for r in lists if r["类别"] == "连续前十"]
    # 六(四) “原则上每年……不少于3个月”: 丙's 80 days in 2025 are for review, not 不合格, so 丙 (95.6, first) was in
    # the 2025 top ten too; 丁 is new
    assert [r["姓名"] for r in running] == ["丙", "甲"]
    assert "D类" in running[0]["说明"] and running[0]["依据"] == "温州方案 五(一)"
    assert {r["姓名"]: r["前十"] for r in rows_out} == {"丙": "是", "甲": "是", "丁": "是"}


def test_history_round_trip_for_validate(tmp_path):
    """The 考核结果 sheet reads back as kind "history" with the columns validate --history needs."""
    from fuzong_cli.read.forms import read_records

    src = ledger_file(tmp_path / "台账.xlsx", [lc_row("甲"), lc_row("丁", 服务天数=29)])
    out = tmp_path / "o.xlsx"
    assert run_cli("evaluate", src, "--policy", "liaocheng", "--year", "2025", "-o", out).code == 1
    records = read_records([out], "history").records
    got = {r.get("姓名"): (r.get("年度"), r.get("等次"), r.get("禁止申报截止")) for r in records}
    assert got == {"甲": (2025, "优秀", None), "丁": (2025, "不合格", dt.date(2027, 12, 31))}


def test_bad_values_are_findings(tmp_path):
    rows = [
        {"姓名": "甲", "企业名称": "一厂", "年度": 2025, "服务天数": "很多", "企业评价得分": 90},
        {
            "姓名": "乙",
            "企业名称": "二厂",
            "年度": 2025,
            "服务天数": 100,
            "技术攻关项目数": -3,
            "企业评价得分": 90,
        },
        {"姓名": "丙", "企业名称": "三厂", "年度": 2025, "服务天数": 100, "企业评价得分": 130},
        {"姓名": "丁", "企业名称": "四厂", "年度": 2025, "服务天数": 100, "企业评价得分": 100},
        {"姓名": "丁", "企业名称": "五厂", "年度": 2025, "服务天数": 100, "企业评价得分": 100},
    ]
    src = ledger_file(tmp_path / "台账.xlsx", rows)
    out = tmp_path / "o.xlsx"
    result = run_cli("evaluate", src, "--policy", "wenzhou", "-o", out)
    assert result.code == 1 and "Traceback" not in result.stderr
    _, rows_out = results(out)
    text = {r["姓名"] + str(r["企业名称"]): r["问题说明"] or "" for r in rows_out}
    assert "很多" in text["甲一厂"]
    assert "[K02]" in text["乙二厂"]
    assert "[K03]" in text["丙三厂"]
    assert "[K05]" in text["丁四厂"] and "[K05]" in text["丁五厂"]


def test_all_clean_exits_0_and_other_years_left_out(tmp_path):
    rows = [
        {"姓名": "甲", "企业名称": "一厂", "年度": 2025, "服务天数": 100, "企业评价得分": 100},
        {"姓名": "乙", "企业名称": "二厂", "年度": 2024, "服务天数": 10},
    ]
    src = ledger_file(tmp_path / "台账.xlsx", rows)
    result = run_cli("evaluate", src, "--policy", "generic", "-o", tmp_path / "o.xlsx")
    assert result.code == 0, result.stderr
    assert "2024 年度的 1 行" in result.stdout


def test_unusable_input_exits_2(tmp_path):
    missing = run_cli("evaluate", tmp_path / "无.xlsx")
    assert_clean_error(missing, "无.xlsx")
    wb = openpyxl.Workbook()
    wb.active.append(["企业名称", "服务天数"])
    wb.active.append(["一厂", 100])
    wb.save(tmp_path / "缺列.xlsx")
    no_name = run_cli("evaluate", tmp_path / "缺列.xlsx", "-o", tmp_path / "o.xlsx")
    assert_clean_error(no_name, "缺列.xlsx")
    assert not (tmp_path / "o.xlsx").exists()
    src = ledger_file(tmp_path / "台账.xlsx", [lc_row("甲")])
    (tmp_path / "已有.xlsx").write_bytes(b"x")
    exists = run_cli("evaluate", src, "-o", tmp_path / "已有.xlsx")
    assert_clean_error(exists, "--force")
    bad_year = run_cli("evaluate", src, "--year", "25")
    assert_clean_error(bad_year, "--year")
    no_rows = run_cli("evaluate", src, "--year", "2030", "-o", tmp_path / "o.xlsx")
    assert_clean_error(no_rows, "2030", "2025")
    assert not (tmp_path / "o.xlsx").exists()
    not_history = run_cli("evaluate", src, "--history", src, "-o", tmp_path / "o.xlsx")
    assert_clean_error(not_history, "台账.xlsx")


def test_sample_ledger_with_history(tmp_path):
    ledger = SAMPLE / "服务台账_2026.xlsx"
    history = SAMPLE / "考核结果_2025.xlsx"
    if not ledger.exists() or not history.exists():
        pytest.skip("sample_data not built")
    before = ledger.read_bytes()
    out = tmp_path / "o.xlsx"
    result = run_cli("evaluate", ledger, "--history", history, "--policy", "wenzhou", "-o", out)
    assert result.code == 1, result.stderr
    assert ledger.read_bytes() == before  # inputs are never modified
    wb, rows_out = results(out)
    assert len(rows_out) == 20
    running = sorted(r["姓名"] for r in read_sheet(wb["名单"], header_row=2) if r["类别"] == "连续前十")
    # 温州方案 六(四) “原则上每年……不少于3个月”: 黄志明's 85 days are for review, not 不合格, so his 95.4 keeps
    # its place in the 2026 top ten (五(一) ranks 工作成效)
    assert running == sorted(["李明辉", "陈立群", "林晓燕", "潘晓东", "赵磊", "黄志明"])
    by = {(r["姓名"], r["县（市、区）"]): r for r in rows_out}
    yang = by[("杨帆", "瑞安市")]
    assert yang["等次"] == "合格" and "服务天数89" in yang["等次说明"] and yang["校验结论"] == "待复核"
    assert by[("黄志明", "鹿城区")]["等次"] == "优秀" and by[("黄志明", "鹿城区")]["考核得分"] == 95.4
    # 赵磊's term (2024-03-01 … 2026-02-28) ends in 2026: 期满评价 (六(二)) over 2025 (history) + 2026
    zhao = by[("赵磊", "鹿城区")]
    assert (
        "期满评价" in zhao["等次说明"] and "2025、2026年" in zhao["等次说明"] and "[K17]" in zhao["问题说明"]
    )
    assert "[K05]" in by[("陈立群", "瑞安市")]["问题说明"] and "[K05]" in by[("陈立群", "鹿城区")]["问题说明"]
    assert "[K31]" in by[("叶青", "瑞安市")]["问题说明"]
    # Wenzhou's county amounts default to 0: the grade chart, and a sentence instead of an empty money chart
    assert len(wb["图表"]._charts) == 1
    chart_texts = [c.value for row in wb["图表"].iter_rows() for c in row if isinstance(c.value, str)]
    assert "2026年度无人获得补助（补助金额均为 0 元）" in chart_texts
    # no ID number in the terminal summary
    assert "330302" not in result.stdout


def test_help_in_chinese():
    result = run_cli("evaluate", "--help")
    assert result.code == 0 and "考核" in result.stdout and "--history" in result.stdout


def test_libreoffice_opens_the_workbook_and_its_charts(tmp_path):
    """LibreOffice converts the output to .ods with both charts as chart objects bound to the 图表 cells."""
    import subprocess
    import zipfile

    from fuzong_cli.write.documents import find_soffice

    soffice = find_soffice()
    if soffice is None:
        pytest.skip("LibreOffice (soffice) not installed")
    src = ledger_file(tmp_path / "台账.xlsx", [lc_row("甲"), lc_row("乙", county="临清市", 服务天数=29)])
    out = tmp_path / "考核.xlsx"
    assert run_cli("evaluate", src, "--policy", "liaocheng", "-o", out).code == 1
    profile = (tmp_path / "lo_profile").as_uri()
    subprocess.run(
        [
            soffice,
            "--headless",
            "--norestore",
            f"-env:UserInstallation={profile}",
            "--convert-to",
            "ods",
            "--outdir",
            str(tmp_path / "ods"),
            str(out),
        ],
        capture_output=True,
        timeout=300,
        check=False,
    )
    converted = tmp_path / "ods" / "考核.ods"
    assert converted.exists()
    with zipfile.ZipFile(converted) as z:
        charts = [n for n in z.namelist() if n.startswith("Object ") and n.endswith("content.xml")]
        assert len(charts) == 2
        text = "".join(z.read(n).decode("utf-8") for n in charts)
    assert "图表.B5:图表.B6" in text and "各县（市、区）补助金额" in text
