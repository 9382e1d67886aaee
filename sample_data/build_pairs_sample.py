"""Build sample_data/配对结果_示例.xlsx: eight invented Wenzhou pairs in the 配对结果 layout of `fuzong match`
(SPEC §5) plus 性别 and 聘期开始, for `fuzong publicity` and `fuzong agreements` demos and tests.

    .venv/bin/python sample_data/build_pairs_sample.py

Pair 2's enterprise is ``A&B<科技>有限公司`` on purpose (XML escaping and Windows file names).
Every person and enterprise is invented; credit codes carry valid GB 32100 check characters.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from fuzong_cli.read.values import uscc_check_char
from fuzong_cli.write.workbook import add_table, new_book, save_atomic

HEADERS = [
    "序号",
    "县（市、区）",
    "企业名称",
    "统一社会信用代码",
    "需求名称",
    "专家姓名",
    "性别",
    "工作单位",
    "职称",
    "研究方向",
    "匹配方式",
    "匹配得分",
    "匹配依据",
    "聘期开始",
]
START = dt.date(2026, 12, 15)

PAIRS = [
    (
        "鹿城区",
        "330302",
        "温州瓯江智能装备有限公司",
        "数控机床远程运维平台开发",
        "陈立新",
        "男",
        "温州大学",
        "教授",
        "机械电子工程、工业互联网",
        "意向直派",
        100,
        "企业意向专家",
    ),
    (
        "龙湾区",
        "330303",
        "A&B<科技>有限公司",
        "锂电池隔膜涂覆工艺优化",
        "林晓燕",
        "女",
        "温州大学",
        "副教授",
        "高分子材料、涂层工艺",
        "智能匹配",
        86.5,
        "共同词：隔膜、涂覆、材料；同县加分",
    ),
    (
        "瓯海区",
        "330304",
        "温州瑞达眼镜科技有限公司",
        "防蓝光镜片膜层设计",
        "周明",
        "男",
        "温州医科大学",
        "研究员",
        "眼视光学、光学薄膜",
        "智能匹配",
        81.0,
        "共同词：镜片、膜层、光学",
    ),
    (
        "瑞安市",
        "330381",
        "瑞安汽摩配件股份有限公司",
        "制动卡钳轻量化设计",
        "黄志强",
        "男",
        "浙江工贸职业技术学院",
        "高级工程师",
        "汽车零部件、轻量化结构",
        "智能匹配",
        77.0,
        "共同词：轻量化、汽车零部件",
    ),
    (
        "乐清市",
        "330382",
        "乐清正泰电气元件有限公司",
        "低压断路器灭弧结构改进",
        "王海燕",
        "女",
        "温州大学",
        "副研究员",
        "电力电子、电器可靠性",
        "智能匹配",
        74.5,
        "共同词：断路器、电器；意向企业加分",
    ),
    (
        "永嘉县",
        "330324",
        "永嘉泵阀制造有限公司",
        "高效离心泵水力模型优化",
        "李建国",
        "男",
        "中国科学院大学温州研究院",
        "正高级工程师",
        "流体机械、计算流体力学",
        "意向直派",
        100,
        "企业意向专家",
    ),
    (
        "平阳县",
        "330326",
        "平阳宠物食品有限公司",
        "宠物零食保质期延长",
        "郑丽",
        "女",
        "温州医科大学",
        "副教授",
        "食品科学、食品保鲜",
        "智能匹配",
        69.0,
        "共同词：食品、保质期",
    ),
    (
        "苍南县",
        "330327",
        "苍南印刷包装有限公司",
        "可降解包装材料应用",
        "吴俊",
        "男",
        "温州大学",
        "教授",
        "包装材料、生物降解高分子",
        "智能匹配",
        72.0,
        "共同词：包装、可降解、材料",
    ),
]


def credit_code(region: str, n: int) -> str:
    body = f"91{region}MA2C{n:04d}X"
    return body + uscc_check_char(body)


def main() -> int:
    rows = []
    for i, (county, region, enterprise, need, name, sex, unit, title, field, how, score, why) in enumerate(
        PAIRS, 1
    ):
        rows.append(
            [
                i,
                county,
                enterprise,
                credit_code(region, 1000 + i),
                need,
                name,
                sex,
                unit,
                title,
                field,
                how,
                score,
                why,
                START,
            ]
        )
    wb = new_book()
    add_table(
        wb,
        "配对结果",
        HEADERS,
        rows,
        banner=["温州市科技副总供需配对结果（示例）"],
        text_columns=["统一社会信用代码"],
        widths={"企业名称": 28, "工作单位": 24, "匹配依据": 30},
    )
    out = HERE / "配对结果_示例.xlsx"
    save_atomic(wb, out)
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
