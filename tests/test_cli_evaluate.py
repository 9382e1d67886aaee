"""fuzong evaluate driven through the real command; every output read back with openpyxl.

Expected grades and totals are worked out by hand from the clauses (see the comments at each number).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import openpyxl
import pytest
from conftest import SAMPLE, assert_clean_error, marker_of, read_sheet, run_cli
from support_grading import _ledger_book
from support_ledgers import ledger_file as ledger_file_ledgers
from support_ledgers import row as row_ledgers

from fuzong_cli.decide import grading as G
from fuzong_cli.policy import load_policy
from fuzong_cli.read.forms import read_records
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


def test_a_typo_in_an_indicator_never_bars_anyone(tmp_path):
    """101 / -5 / 优 as 企业评价得分 count 0 → 36 < 60; corrected they could give 36 + 30 = 66 (合格).

    Before: 不合格 with a ban to 2027-12-31 in 名单 and in 考核结果 (read back by every --history).
    """
    src = ledger_file_ledgers(
        tmp_path / "台账.xlsx",
        [
            row_ledgers("甲", 企业评价得分=101),
            row_ledgers("乙", 企业评价得分=-5),
            row_ledgers("丙", 企业评价得分="优"),
            # 29 days fails 第七条1 whatever the enterprise score: the grade is decided, the ban stands
            row_ledgers("丁", 服务天数=29, 企业评价得分="优"),
            # 第十七条 grades the two years: 丁's 2024 is in the ledger too, 29 + 29 = 58 < 30 × 24/12 = 60
            row_ledgers("丁", year=2024, 服务天数=29, 企业评价得分=90),
        ],
    )
    out = tmp_path / "o.xlsx"
    assert run_cli("evaluate", src, "--policy", "liaocheng", "-o", out).code == 1
    by = {r["姓名"]: r for r in read_sheet(out, "考核结果", 3)}
    for name in "甲乙丙":
        assert by[name]["等次"] == "不合格" and by[name]["考核得分"] == 36
        assert by[name]["禁止申报截止"] is None
        assert "[K15]" in by[name]["问题说明"] and "合格" in by[name]["等次说明"]
        assert by[name]["校验结论"] == "待复核" or by[name]["校验结论"] == "不通过"
    assert by["丙"]["企业评价得分"] == "优" and by["甲"]["企业评价得分"] == 101
    assert by["丁"]["禁止申报截止"] == dt.datetime(2027, 12, 31) and "[K15]" not in (
        by["丁"]["问题说明"] or ""
    )
    lists = {r["姓名"]: r for r in read_sheet(out, "名单", 2) if r["类别"] == "不合格"}
    assert lists["甲"]["截止日期"] is None and "暂定" in lists["甲"]["说明"]
    assert lists["丁"]["截止日期"] == dt.datetime(2027, 12, 31)
    from fuzong_cli.read.history import read_history

    history = read_history([out], load_policy("liaocheng")).records  # how validate/evaluate/projects read it
    rules = G.HistoryRules.from_policy(load_policy("liaocheng"))
    ends = {h.get("姓名"): G.history_ban_end(h, rules) for h in history}
    assert ends == {"甲": None, "乙": None, "丙": None, "丁": dt.date(2027, 12, 31)}


#: the columns of a Wenzhou ledger (温州方案 六(四)) the days/formula tests use
WZ_LEDGER_HEADERS = [
    "姓名",
    "企业名称",
    "年度",
    "服务天数",
    "技术攻关项目数",
    "解决技术难题数",
    "知识产权申请数",
    "企业评价得分",
]


def test_months_under_service_days_are_not_read_as_days(tmp_path):
    """温州方案 六(四) ≥ 3 months = 90 days; “3个月” under 服务天数 used to count as 3 days (→ 不合格)."""
    wb = openpyxl.Workbook()
    wb.active.append(WZ_LEDGER_HEADERS)
    wb.active.append(["甲", "一厂", 2025, "3个月", 3, 3, 2, 90])
    wb.save(tmp_path / "台账.xlsx")
    out = tmp_path / "o.xlsx"
    assert run_cli("evaluate", tmp_path / "台账.xlsx", "--policy", "wenzhou", "-o", out).code == 1
    (got,) = read_sheet(out, "考核结果", 3)
    assert got["服务天数"] == "3个月"  # shown as typed, not as 3
    # converted with the policy's 30 days a month (the same conversion as 六(四)'s 90) and flagged (K18)
    assert "[K18]" in got["问题说明"] and "折算为90天" in got["问题说明"]
    # 90 × 0.2 = 18 + 15 + 15 + 10 + 36 = 94 → 优秀, for review
    assert got["考核得分"] == 94 and got["等次"] == "优秀" and got["校验结论"] == "待复核"


def test_a_non_assessment_year_fail_is_not_banned_by_history(tmp_path):
    """聊城办法 第十七条: only the two-yearly 绩效考核 bans. A 2025-01-01 term is assessed in 2026, not 2025.

    evaluate writes no 禁止申报截止 for its 2025 不合格; reading that output back must not infer 2025 + 2.
    """
    src = ledger_file_ledgers(
        tmp_path / "台账.xlsx", [row_ledgers("甲", start=dt.date(2025, 1, 1), 服务天数=29)]
    )
    first = tmp_path / "考核结果_2025.xlsx"
    assert run_cli("evaluate", src, "--policy", "liaocheng", "-o", first).code == 1
    (got,) = read_sheet(first, "考核结果", 3)
    assert got["等次"] == "不合格" and got["禁止申报截止"] is None
    rules = G.HistoryRules.from_policy(load_policy("liaocheng"))
    from fuzong_cli.read.history import read_history

    (past,) = read_history([first], load_policy("liaocheng")).records  # as validate/evaluate/projects read it
    assert G.history_ban_end(past, rules) is None
    # the same output read under another policy carries no "evaluate decided" meaning: that policy's ban applies
    (other,) = read_records([first], "history").records
    assert G.history_ban_end(other, rules) == dt.date(2027, 12, 31)
    nxt = ledger_file_ledgers(
        tmp_path / "台账2026.xlsx", [row_ledgers("甲", year=2026, start=dt.date(2025, 1, 1))]
    )
    out = tmp_path / "o.xlsx"
    run_cli("evaluate", nxt, "--policy", "liaocheng", "--history", first, "-o", out)
    (again,) = read_sheet(out, "考核结果", 3)
    assert "[K30]" not in (again["问题说明"] or "")
    # a hand-made history sheet (no 等次说明 column) still falls back to 年度 + 2 → 2027-12-31
    wb = openpyxl.Workbook()
    wb.active.append(["姓名", "年度", "等次", "禁止申报截止"])
    wb.active.append(["乙", 2025, "不合格", None])
    wb.save(tmp_path / "手工.xlsx")
    (hand,) = read_records([tmp_path / "手工.xlsx"], "history").records
    assert G.history_ban_end(hand, rules) == dt.date(2027, 12, 31)


def test_a_person_twice_is_listed_once(tmp_path):
    """新乡: 50 days ≥ 45, score 15 + 20 + 15 + 10 + 36 = 96 → 优秀 and 续聘; twice in the ledger → once in 名单."""
    xx = ["姓名", "企业名称", "年度", "聘期开始", "服务天数", "解决技术难题数", "技术攻关项目数"]
    xx += ["新技术新工艺新产品数", "企业评价得分", "总结报告已提交"]
    wb = openpyxl.Workbook()
    wb.active.append(xx)
    for name in ("甲", "甲", "乙"):
        wb.active.append([name, "一厂", 2025, dt.date(2025, 3, 1), 75, 4, 3, 2, 90, "是"])
    wb.save(tmp_path / "台账.xlsx")
    out = tmp_path / "o.xlsx"
    assert run_cli("evaluate", tmp_path / "台账.xlsx", "--policy", "xinxiang", "-o", out).code == 1
    lists = [(r["类别"], r["姓名"]) for r in read_sheet(out, "名单", 2)]
    # 新乡计划 六(四): renewal follows the end-of-term 考核; 2025 is the first year of a 2025-03-01 term → no 续聘
    assert lists == [("优秀", "甲"), ("优秀", "乙")]
    # the one-off 20,000 (新乡计划 五(二)) is paid once: 2 × 20,000 = 40,000 = 肆万元整
    total = [r for r in read_sheet(out, "补助汇总", 3) if r["汇总方式"] == "合计"][0]
    assert total["补助金额（元）"] == 40000 and total["大写金额"] == "肆万元整"


def test_history_that_is_not_an_evaluate_output_says_so(tmp_path):
    src = ledger_file_ledgers(tmp_path / "台账.xlsx", [row_ledgers("甲")])
    result = run_cli("evaluate", src, "--history", src, "-o", tmp_path / "o.xlsx", "--policy", "liaocheng")
    assert_clean_error(result, "--history", "考核结果", "台账.xlsx")
    assert not (tmp_path / "o.xlsx").exists()


def test_amounts_with_jiao_are_not_shown_rounded(tmp_path):
    """A county amount of 8,000.5 元 (温州方案 五(二) county-set) shows 8,000.50 beside 捌仟元伍角, not 8,001."""
    import fuzong_cli

    builtin = Path(fuzong_cli.__file__).parent / "policies" / "wenzhou.toml"
    text = builtin.read_text(encoding="utf-8").replace(
        "county_amounts = {}", 'county_amounts = { "鹿城区" = 8000.5 }'
    )
    custom = tmp_path / "温州自定义.toml"
    custom.write_text(text, encoding="utf-8")
    wb = openpyxl.Workbook()
    wb.active.append(["姓名", "企业名称", "县（市、区）", "年度", "服务天数", "企业评价得分"])
    wb.active.append(["甲", "一厂", "鹿城区", 2025, 100, 100])
    wb.active.append(["乙", "二厂", "瑞安市", 2025, 100, 100])
    wb.save(tmp_path / "台账.xlsx")
    out = tmp_path / "o.xlsx"
    assert run_cli("evaluate", tmp_path / "台账.xlsx", "--policy", custom, "-o", out).code == 0
    ws = openpyxl.load_workbook(out)["补助汇总"]
    cells = {ws.cell(r, 2).value: ws.cell(r, 5) for r in range(4, ws.max_row + 1)}
    assert cells["鹿城区"].value == 8000.5 and cells["鹿城区"].number_format == "#,##0.00"
    assert cells["瑞安市"].value == 0 and cells["瑞安市"].number_format == "#,##0"
    assert ws.cell(4, 6).value == "捌仟元伍角"
    charts = openpyxl.load_workbook(out)["图表"]
    money = [c for c in charts["B"] if c.value == 8000.5]
    assert money and money[0].number_format == "#,##0.00"


def test_rows_outside_their_term_and_money_on_an_unknown_start_need_review(tmp_path):
    """湖北方案 三: 7 天 × months served. A 2025 row whose term starts 2026-03-01 served 0 months, so its floor
    was 0 and it passed silently (score 71, 合格); one whose term (2022-03-01, 2 years) ended 2024-02-29 likewise.
    A blank 聘期开始 pays the 50,000 of 五(一) "按首年" — a money decision on missing data: needs review."""
    headers = ["姓名", "企业名称", "年度", "聘期开始", "服务天数", "解决技术难题数", "新技术新工艺新产品数"]
    headers += ["知识产权申请数", "企业评价得分", "总结报告已提交"]
    wb = openpyxl.Workbook()
    wb.active.append(headers)
    wb.active.append(["甲", "一厂", 2025, dt.date(2026, 3, 1), 0, 3, 2, 2, 90, "否"])
    wb.active.append(["乙", "二厂", 2025, dt.date(2022, 3, 1), 90, 3, 2, 2, 90, "是"])
    wb.active.append(["丙", "三厂", 2025, None, 90, 3, 2, 2, 90, "是"])
    wb.active.append(["丁", "四厂", 2025, dt.date(2025, 1, 1), 90, 3, 2, 2, 90, "是"])
    wb.save(tmp_path / "台账.xlsx")
    out = tmp_path / "o.xlsx"
    assert run_cli("evaluate", tmp_path / "台账.xlsx", "--policy", "hubei", "-o", out).code == 1
    by = {r["姓名"]: r for r in read_sheet(out, "考核结果", 3)}
    assert "[K07]" in by["甲"]["问题说明"] and "尚未在岗" in by["甲"]["问题说明"]
    assert "[K07]" in by["乙"]["问题说明"] and "2024-02-29" in by["乙"]["问题说明"]
    assert "[K21]" in by["丙"]["问题说明"] and by["丙"]["补助金额（元）"] == 50000
    # 90 ≥ 84 days; 18 + 15 + 10 + 10 + 36 = 89 ≥ 85: 优秀, first year of the term → 50,000, nothing to review
    assert (
        by["丁"]["等次"] == "优秀" and by["丁"]["补助金额（元）"] == 50000 and by["丁"]["校验结论"] == "通过"
    )


def test_summary_report_not_failed_without_the_facts(tmp_path):
    """新乡计划 六(四): the report is due a month before the term ends. “否” with no 聘期开始 may be a first-year
    row (not due): it used to make the row 不合格; a ledger without the 总结报告已提交 column cannot tell either.
    75 天 ≥ 45; 15 + 20 + 15 + 10 + 36 = 96 → 优秀 when nothing fails."""
    base = [
        "姓名",
        "企业名称",
        "年度",
        "服务天数",
        "解决技术难题数",
        "技术攻关项目数",
        "新技术新工艺新产品数",
    ]
    base += ["企业评价得分"]
    wb = openpyxl.Workbook()
    wb.active.append([*base, "聘期开始", "总结报告已提交"])
    wb.active.append(["甲", "一厂", 2025, 75, 4, 3, 2, 90, None, "否"])
    wb.active.append(["乙", "二厂", 2025, 75, 4, 3, 2, 90, dt.date(2023, 3, 1), "否"])
    wb.save(tmp_path / "有列.xlsx")
    wb = openpyxl.Workbook()
    wb.active.append([*base, "聘期开始"])
    wb.active.append(["丙", "三厂", 2025, 75, 4, 3, 2, 90, dt.date(2023, 3, 1)])
    wb.save(tmp_path / "无列.xlsx")
    for name, src in (("甲乙", "有列.xlsx"), ("丙", "无列.xlsx")):
        out = tmp_path / f"{src}.out.xlsx"
        assert run_cli("evaluate", tmp_path / src, "--policy", "xinxiang", "-o", out).code == 1
        by = {r["姓名"]: r for r in read_sheet(out, "考核结果", 3)}
        for person in name:
            assert "[K11]" in by[person]["问题说明"]
        if "甲" in by:
            assert by["甲"]["等次"] == "优秀" and by["甲"]["校验结论"] == "待复核"
            # a term from 2023-03-01 ends 2025-02-28: its last year is 2025; 六(四) makes the report a duty,
            # not a grade condition: “否” → 待复核 with the reason, never 不合格
            assert by["乙"]["等次"] != "不合格" and by["乙"]["校验结论"] == "待复核"
            assert "总结报告未提交" in by["乙"]["问题说明"]
        else:
            assert by["丙"]["等次"] == "优秀" and by["丙"]["校验结论"] == "待复核"


def test_validate_and_evaluate_agree_on_history_bans(tmp_path):
    """One rule for a ban in --history: the 2025 sample (made under 温州, which bans nobody) read under 聊城 bans
    its 不合格 people in validate and in evaluate alike (2025 + 2 → 2027-12-31)."""
    from conftest import SAMPLE

    history = SAMPLE / "考核结果_2025.xlsx"
    out = tmp_path / "ev.xlsx"
    run_cli(
        "evaluate",
        SAMPLE / "服务台账_2026.xlsx",
        "--history",
        history,
        "--policy",
        "liaocheng",
        "-o",
        out,
        "--as-of",
        "2026-11-24",
    )
    banned_in_evaluate = {
        r["姓名"] for r in read_sheet(out, "考核结果", 3) if "[K30]" in (r["问题说明"] or "")
    }
    assert "何伟" in banned_in_evaluate  # 钱文 has no 2026 ledger row; validate below checks both
    from fuzong_cli.decide.eligibility import check_records
    from fuzong_cli.read.history import read_history
    from fuzong_cli.records import Record

    experts = [
        Record(
            "experts",
            {"姓名": name, "职称级别": "正高", "职称": "教授", "学历级别": "博士", "工作单位": unit},
            {"姓名": name},
            "e.xlsx",
            "专家",
            i + 2,
        )
        for i, (name, unit) in enumerate([("何伟", None), ("钱文", None)])
    ]
    past = read_history([history], load_policy("liaocheng")).records
    check_records(experts, load_policy("liaocheng"), dt.date(2026, 11, 24), history=past)
    assert all(any(f.rule_code == "X05" for f in e.findings) for e in experts)


def test_defaults_are_labelled_in_the_workbook(tmp_path):
    """SPEC §3: a number the source does not give is a default. The 说明 sheet shows the score lines and the
    rubric as “默认值（政策未规定）”, never with 温州方案 六(二) as their 依据."""
    wb = openpyxl.Workbook()
    wb.active.append(["姓名", "企业名称", "年度", "服务天数", "企业评价得分"])
    wb.active.append(["甲", "一厂", 2025, 100, 100])
    wb.save(tmp_path / "台账.xlsx")
    out = tmp_path / "o.xlsx"
    run_cli("evaluate", tmp_path / "台账.xlsx", "--policy", "wenzhou", "-o", out)
    info = dict(openpyxl.load_workbook(out)["说明"].iter_rows(min_row=2, values_only=True))
    assert "默认值（政策未规定）" in info["分数线"] and "（温州方案 六(二)）" not in info["分数线"]
    assert "默认值（政策未规定）" in info["评分细则"]


def test_formula_cells_without_values_are_findings(tmp_path):
    """A workbook saved by a script (or some WPS versions) keeps ``=SUM(10,90)`` without its value: every
    library reads it as blank. The cell's finding says so (D13) and the grade is provisional, never a silent 0."""
    wb = openpyxl.Workbook()
    wb.active.append(WZ_LEDGER_HEADERS)
    wb.active.append(["甲", "一厂", 2025, "=SUM(10,90)", 3, 3, 2, 90])
    wb.save(tmp_path / "台账.xlsx")  # openpyxl writes formulas with no cached value
    out = tmp_path / "o.xlsx"
    assert run_cli("evaluate", tmp_path / "台账.xlsx", "--policy", "wenzhou", "-o", out).code == 1
    ws = openpyxl.load_workbook(out)["考核结果"]
    headers = [c.value for c in ws[3]]
    got = dict(zip(headers, next(ws.iter_rows(min_row=4, values_only=True))))
    assert "[D13]" in got["问题说明"] and "公式未计算，请在 Excel/WPS 中打开并保存后重试" in got["问题说明"]
    # without the days: 15 + 15 + 10 + 36 = 76; with them up to 96 (优秀): provisional
    assert "[K15]" in got["问题说明"] and got["考核得分"] == 76
    from fuzong_cli.read.forms import read_records

    (rec,) = read_records([tmp_path / "台账.xlsx"], "ledger").records
    assert rec.values["服务天数"] is None and any(f.rule_code == "D13" for f in rec.findings)


def test_liaocheng_cycle_through_history_round_trip(tmp_path):
    """聊城办法 第十七条 “每两年对‘科技副总’进行绩效考核……对评定为不合格的，撤销其‘科技副总’选派资格，取消其承担
    ‘科技副总’协同创新项目的资格，且两年内不得再次申报”.

    Term from 2025-01-01, cycle 2025–2026. 2025 is evaluated alone (a yearly status, no ban), its 考核结果 is given
    as --history in 2026: the cycle sums 2025 (20 天, 8 次) + 2026 (30 天, 10 次) = 50 天 < 60 → 不合格 over the
    two years, ban to 2028-12-31, and the 名单 says the appointment is revoked."""
    base = {
        "姓名": "两年",
        "身份证号": None,
        "工作单位": "聊城大学",
        "企业名称": "一厂",
        "聘期开始": dt.date(2025, 1, 1),
    }
    more = {
        "新技术新工艺新产品数": 1,
        "知识产权申请数": 1,
        "培训宣讲次数": 3,
        "培养人才数": 10,
        "企业评价得分": 90,
    }
    first = _ledger_book(
        tmp_path / "2025.xlsx", [{**base, "年度": 2025, "服务天数": 20, "技术服务次数": 8, **more}]
    )
    hist = tmp_path / "考核结果_2025.xlsx"
    run_cli("evaluate", first, "--policy", "liaocheng", "--as-of", "2026-01-10", "-o", hist)
    ws = openpyxl.load_workbook(hist)["考核结果"]
    headers = [c.value for c in ws[3]]
    got = dict(zip(headers, next(ws.iter_rows(min_row=4, values_only=True))))
    assert got["禁止申报截止"] is None  # 2025 is no 考核年度
    second = _ledger_book(
        tmp_path / "2026.xlsx", [{**base, "年度": 2026, "服务天数": 30, "技术服务次数": 10, **more}]
    )
    out = tmp_path / "o.xlsx"
    run_cli(
        "evaluate", second, "--history", hist, "--policy", "liaocheng", "--as-of", "2027-01-10", "-o", out
    )
    wb = openpyxl.load_workbook(out)
    ws = wb["考核结果"]
    headers = [c.value for c in ws[3]]
    got = dict(zip(headers, next(ws.iter_rows(min_row=4, values_only=True))))
    assert got["等次"] == "不合格" and got["禁止申报截止"] == dt.datetime(2028, 12, 31)
    assert "2025、2026年台账合计" in got["等次说明"] and "评价期合计服务天数50，低于60" in got["等次说明"]
    lists = [r for r in wb["名单"].iter_rows(min_row=3, values_only=True) if r[0] == "不合格"]
    assert lists and "撤销其“科技副总”选派资格" in lists[0][9]


def test_wenzhou_twenty_special_projects_in_the_explanation(tmp_path):
    # 温州方案 五(四)：“每年在市重大科技项目中设置 20 个‘科技副总专项项目’” — a programme-level number, shown in
    # evaluate's 说明 (配套支持); Xinxiang says nothing of the kind
    out = tmp_path / "ev.xlsx"
    result = run_cli("evaluate", SAMPLE / "服务台账_2026.xlsx", "--policy", "wenzhou", "-o", out)
    assert result.code in (0, 1), result.stderr
    notes = [
        r
        for r in openpyxl.load_workbook(out)["说明"].iter_rows(min_row=1, values_only=True)
        if r[0] == "配套支持"
    ]
    assert [r[1] for r in notes] == ["每年在市重大科技项目中设置 20 个“科技副总专项项目”（温州方案 五(四)）"]
    out2 = tmp_path / "ev2.xlsx"
    assert run_cli("evaluate", SAMPLE / "服务台账_2026.xlsx", "--policy", "xinxiang", "-o", out2).code in (
        0,
        1,
    )
    assert not [
        r for r in openpyxl.load_workbook(out2)["说明"].iter_rows(values_only=True) if r[0] == "配套支持"
    ]
