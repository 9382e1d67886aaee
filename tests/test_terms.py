"""Term ends and due dates, worked out by hand from the clauses (decide/terms.py, pure)."""

from __future__ import annotations

import datetime as dt

import pytest

from fuzong_cli.decide.terms import TermRules, plan_terms, term_end
from fuzong_cli.errors import FuzongError
from fuzong_cli.policy import load_policy
from fuzong_cli.records import FAIL, REVIEW, Record

D = dt.date


def person(name, start, row=3, **values):
    raw_start = start if isinstance(start, str) else (start.isoformat() if start else "")
    vals = {"姓名": name, "企业名称": values.pop("企业名称", f"{name}的企业"), "聘期开始": start}
    if isinstance(start, str):
        vals["聘期开始"] = None
    vals.update(values)
    raw = {k: ("" if v is None else str(v)) for k, v in vals.items()}
    raw["聘期开始"] = raw_start
    return Record("ledger", vals, raw, "台账.xlsx", "服务台账", row)


def rules(name):
    return TermRules.from_policy(load_policy(name))


def items(report, name=None):
    return [(i.name, i.due, i.status) for i in report.todo if name is None or i.row.name == name]


def test_xinxiang_summary_report_due_a_month_before_the_term_ends():
    # 新乡计划 三(一)3: two years; 六(四) "工作期满前一个月" the summary report
    report = plan_terms([person("张三", D(2025, 3, 1))], rules("xinxiang"), D(2026, 6, 1))
    row = report.rows[0]
    assert row.end == D(2027, 3, 1)
    assert row.served_years == 1
    assert row.next_item.name == "总结报告"
    assert row.next_item.due == D(2027, 2, 1)
    assert items(report) == [("总结报告", D(2027, 2, 1), "正常"), ("期满考核", D(2027, 3, 1), "正常")]
    assert row.status == "正常"


def test_status_soon_overdue_done():
    r = rules("xinxiang")
    soon = plan_terms([person("张三", D(2025, 3, 1))], r, D(2027, 1, 15), within=30)
    assert soon.rows[0].status == "即将到期" and soon.rows[0].next_item.days_left == 17
    assert [i.name for i in soon.due_soon] == ["总结报告"]
    # the report is late when the ledger says it was not submitted
    late = plan_terms([person("张三", D(2025, 3, 1), 总结报告已提交=False)], r, D(2027, 2, 2))
    assert late.rows[0].status == "已逾期" and late.rows[0].next_item.days_left == -1
    # submitted: the next duty is the end-of-term review
    done = plan_terms([person("张三", D(2025, 3, 1), 总结报告已提交=True)], r, D(2027, 2, 2))
    assert done.rows[0].next_item.name == "期满考核" and done.rows[0].status == "即将到期"
    # everything over
    ended = plan_terms([person("张三", D(2025, 3, 1), 总结报告已提交=True)], r, D(2027, 6, 1))
    assert ended.rows[0].status == "已期满" and ended.rows[0].next_item is None
    assert ended.rows[0].served_years == 2


def test_hubei_report_and_audit_within_the_last_month():
    # 湖北方案 三 (2 years), 六(四)(五) "离服务期满的1个月内" — due on the end date, open from a month before
    report = plan_terms([person("李四", D(2025, 7, 20))], rules("hubei"), D(2026, 1, 1))
    todo = report.todo
    assert [(i.name, i.due, i.opens) for i in todo] == [
        ("总结报告", D(2027, 7, 20), D(2027, 6, 20)),
        ("专项经费审计", D(2027, 7, 20), D(2027, 6, 20)),
    ]


def test_liaocheng_yearly_report_and_assessment_every_two_years():
    # 聊城办法 第五条2 (two years), 第十七条 年度述职 every year, 绩效考核 every two years
    report = plan_terms([person("王五", D(2025, 7, 15))], rules("liaocheng"), D(2025, 8, 1))
    assert items(report) == [
        ("年度述职", D(2026, 7, 15), "正常"),
        ("年度述职", D(2027, 7, 15), "正常"),
        ("绩效考核", D(2027, 7, 15), "正常"),
    ]
    # a yearly report whose date has passed is history, not overdue (the ledger cannot say it was done)
    later = plan_terms([person("王五", D(2025, 7, 15))], rules("liaocheng"), D(2026, 8, 1))
    assert [i.name for i in later.todo] == ["年度述职", "绩效考核"]
    assert later.rows[0].status == "正常"


def test_wenzhou_end_of_term_review_at_the_end():
    # 温州方案 六(四) 一轮聘期两年; 六(二) 期满评价 于派驻期结束时
    report = plan_terms([person("赵六", D(2025, 9, 1))], rules("wenzhou"), D(2027, 8, 20))
    assert items(report) == [("期满评价", D(2027, 9, 1), "即将到期")]


def test_leap_day_start():
    assert term_end(D(2024, 2, 29), 2) == D(2026, 2, 28)


def test_bad_rows_get_findings():
    r = rules("xinxiang")
    rows = [
        person("甲", "不详", row=3),
        person("乙", None, row=4),
        person("丙", D(2027, 1, 1), row=5),
        person("丁", D(2025, 3, 1), row=6, 企业名称="A公司"),
        person("丁", D(2025, 9, 1), row=7, 企业名称="B公司"),
    ]
    report = plan_terms(rows, r, D(2026, 6, 1))
    codes = {
        row.record.source_row: [(f.rule_code, f.level) for f in row.record.findings] for row in report.rows
    }
    assert codes[3] == [("T01", FAIL)] and report.rows[0].status == "无法计算"
    assert codes[4] == [("T02", FAIL)]
    assert codes[5] == [("T03", REVIEW)]
    assert codes[6] == [("T04", REVIEW)] and codes[7] == [("T04", REVIEW)]
    assert "第7行" in report.rows[3].record.findings[0].message
    # a future start still gets its dates
    assert report.rows[2].end == D(2029, 1, 1)


def test_several_years_of_one_term_merge_into_the_latest():
    r = rules("xinxiang")
    rows = [
        person("张三", D(2025, 3, 1), row=3, 年度=2025, 总结报告已提交=False),
        person("张三", D(2025, 3, 1), row=4, 年度=2026, 总结报告已提交=True),
    ]
    report = plan_terms(rows, r, D(2027, 2, 10))
    assert len(report.rows) == 1 and report.merged == 1
    assert report.rows[0].record.source_row == 4 and not report.rows[0].record.findings
    assert report.rows[0].next_item.name == "期满考核"


def test_same_name_different_ids_are_two_people():
    rows = [
        person("张伟", D(2025, 3, 1), row=3, 身份证号="110101199001011234"),
        person("张伟", D(2025, 3, 1), row=4, 身份证号="110101198501015678"),
    ]
    report = plan_terms(rows, rules("xinxiang"), D(2026, 1, 1))
    assert all(not row.record.findings for row in report.rows)


def test_policy_without_terms_or_with_bad_duty():
    class P:
        display_name = "自定义"

        def __init__(self, data):
            self.data = data

        def section(self, name):
            return self.data.get(name, {})

    with pytest.raises(FuzongError, match="term_years"):
        TermRules.from_policy(P({}))
    bad = {"terms": {"term_years": 2, "source": "x", "duties": [{"name": "述职", "source": "x"}]}}
    with pytest.raises(FuzongError, match="months_before_end"):
        TermRules.from_policy(P(bad))
    loop = {
        "terms": {
            "term_years": 2,
            "source": "x",
            "duties": [{"name": "述职", "source": "x", "every_years": 0}],
        }
    }
    with pytest.raises(FuzongError, match="every_years"):
        TermRules.from_policy(P(loop))


def test_every_builtin_policy_has_terms_with_clauses():
    for name in ("generic", "wenzhou", "xinxiang", "liaocheng", "hubei"):
        r = rules(name)
        assert r.term_years == 2 and r.source
        assert r.duties and all(d.source for d in r.duties)
