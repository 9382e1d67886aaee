"""Build the blind matching set in sample_data/matching_blind/ (deterministic: same bytes every run).

    .venv/bin/python sample_data/matching_blind/build_blind_set.py                 # the tuning half (调优)
    .venv/bin/python sample_data/matching_blind/build_blind_set.py --half 留出       # the held-out half
    .venv/bin/python sample_data/matching_blind/build_blind_set.py --half all --out DIR

Reads subjects_<half>.toml (one need ↔ expert subject per [[industry.subject]], near-miss distractor experts per
[[industry.distractor]]) and writes <half>_企业需求表.xlsx, <half>_专家意向表.xlsx and 答案_<half>.xlsx (划分,
企业名称, 统一社会信用代码, 专家姓名, 工作单位, 所属行业). Names, ID numbers, credit codes, phones and row order
come from a random generator seeded per half, so the held-out half never depends on the tuning half. Every
workbook is written with fixed properties and its zip entries with a fixed timestamp, so a rebuild gives the
same bytes (the held-out files' SHA-256 is recorded in benchmarks/README.md and tested).

By default only the tuning half is written: the held-out half is frozen and is rebuilt only on request.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import re
import sys
import tomllib
import zipfile
from pathlib import Path
from typing import Any

from openpyxl import Workbook

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
from build_samples import Maker  # noqa: E402

HALVES = ("留出", "调优")
SEEDS = {"留出": 20261207, "调优": 20261208}

DIVISION = {
    "鹿城区": "330302", "龙湾区": "330303", "瓯海区": "330304", "洞头区": "330305", "永嘉县": "330324",
    "平阳县": "330326", "苍南县": "330327", "文成县": "330328", "泰顺县": "330329", "瑞安市": "330381",
    "乐清市": "330382", "龙港市": "330383",
}  # fmt: skip
# birthplaces of experts (ID number region codes), not only Wenzhou
BIRTH_REGIONS = ["330302", "330381", "330382", "330106", "330522", "330702", "320102", "360203", "430104",
                 "230103", "420102", "350102", "330324", "330226"]  # fmt: skip

SURNAMES = list("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余杜叶程魏苏吕丁任沈姚卢"
                "傅钟姜崔谭陆汪范金石廖贾夏韦付方邹熊白孟秦邱侯江尹薛闫段雷龙黎史陶贺毛郝顾龚邵万覃武钱戴严欧莫孔向常汤")
GIVEN = list("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建文辉玲玉兰志红俊峰宇婷飞鹏晨浩凯云亮瑞泽颖琳斌欣海波"
             "宁晓东雪梅鑫昊佳慧琴蕾霖骏岚琦晖彬珂蓓皓坤炜翔")
TITLES = ["教授", "副教授", "研究员", "副研究员", "正高级工程师", "高级工程师"]
QUALS = ["高新技术企业", "科技型中小企业", "专精特新中小企业", "规上制造业企业", "农业科技型企业", "民营科技企业"]

HEADERS_NEEDS = [
    "县（市、区）", "企业名称", "统一社会信用代码", "成立日期", "企业规模", "企业资质", "所属行业", "需求名称",
    "需求描述", "所需专业", "意向专家", "意向专家单位", "研发投入占比", "纳税信用等级", "近三年失信记录", "股东",
    "联系人", "联系电话",
]  # fmt: skip
HEADERS_EXPERTS = [
    "姓名", "性别", "身份证号", "出生年月", "学历", "学位", "职称", "工作单位", "单位类型", "参加工作时间",
    "研究方向", "代表性成果", "授权专利", "主持项目", "发明专利数", "核心知识产权", "近三年不良记录", "意向企业",
    "联系电话",
]  # fmt: skip
HEADERS_KEY = ["划分", "企业名称", "统一社会信用代码", "专家姓名", "工作单位", "所属行业"]
FIXED = dt.datetime(2026, 12, 7)
ZIP_TIME = (2026, 12, 7, 0, 0, 0)
# openpyxl stamps dcterms:modified with the time of saving; pin it to the instant the held-out half was built
# for its freeze, so a rebuild gives the frozen bytes.
MODIFIED = "2026-12-07T00:48:50Z"
MODIFIED_RE = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)")


def load(half: str) -> list[dict[str, Any]]:
    with open(HERE / f"subjects_{half}.toml", "rb") as fh:
        return tomllib.load(fh)["industry"]


def unit_type(unit: str) -> str:
    if "研究所" not in unit and ("大学" in unit or "学院" in unit):
        return "高校"
    return "科研院所"


class Names:
    """Unique invented person names; `taken` are names of the other half that must not be reused."""

    def __init__(self, rng: random.Random, taken: set[str]) -> None:
        self.rng, self.taken = rng, set(taken)

    def __call__(self) -> str:
        while True:
            given = "".join(self.rng.choice(GIVEN) for _ in range(self.rng.choice((1, 2, 2))))
            name = self.rng.choice(SURNAMES) + given
            if name not in self.taken:
                self.taken.add(name)
                return name


def make_half(half: str, taken: set[str] = frozenset()) -> dict[str, list[list[Any]]]:
    rng = random.Random(SEEDS[half])
    mk = Maker(SEEDS[half])
    names = Names(rng, set(taken))
    needs: list[list[Any]] = []
    experts: list[list[Any]] = []
    key: list[list[Any]] = []

    def expert_row(e: dict[str, Any]) -> list[Any]:
        name = names()
        male = rng.random() < 0.6
        birth = dt.date(rng.randint(1966, 1992), rng.randint(1, 12), rng.randint(1, 28))
        work = dt.date(birth.year + rng.randint(26, 30), rng.choice((7, 8, 9)), 1)
        title = rng.choice(TITLES)
        n_pat = (rng.randint(1, 9) if e.get("patent") else 0)
        return [
            name, "男" if male else "女", mk.id_number(rng.choice(BIRTH_REGIONS), birth, male),
            f"{birth:%Y.%m}", "博士研究生", "博士", title, e["unit"], unit_type(e["unit"]), f"{work:%Y.%m}",
            e["field"], e.get("result", ""), e.get("patent", ""), e.get("project", ""), n_pat,
            "是" if n_pat >= 5 else "否", "否", "", mk.phone(),
        ]  # fmt: skip

    for ind in load(half):
        label = ind["name"]
        for i, s in enumerate(ind["subject"]):
            county = ind["counties"][i % len(ind["counties"])]
            code = mk.uscc(DIVISION[county])
            contact = names()
            holders = contact if rng.random() < 0.5 else f"{contact}、{names()}"
            founded = dt.date(rng.randint(1998, 2021), rng.randint(1, 12), rng.randint(1, 28))
            quals = "、".join(sorted(rng.sample(QUALS, rng.choice((0, 1, 1, 2)))))
            needs.append([
                county, s["company"], code, founded, rng.choice(("中", "小", "小", "微")), quals, label,
                s["title"], s["need"], s.get("major", ""), "", "", f"{rng.randint(25, 80) / 10:.1f}%",
                rng.choice(("A", "A", "B", "M")), "否", holders, contact, mk.phone(),
            ])  # fmt: skip
            row = expert_row(s)
            experts.append(row)
            key.append([half, s["company"], code, row[0], row[7], label])
        for d in ind.get("distractor", []):
            experts.append(expert_row(d))
    rng.shuffle(needs)
    rng.shuffle(experts)
    return {"needs": needs, "experts": experts, "key": key}


def stabilise(path: Path) -> None:
    """Rewrite the xlsx zip with a fixed timestamp on every entry, so the same cells give the same bytes."""
    with zipfile.ZipFile(path) as zin:
        entries = [(info.filename, zin.read(info.filename)) for info in zin.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for name, data in entries:
            if name == "docProps/core.xml":
                data = MODIFIED_RE.sub(rb"\g<1>" + MODIFIED.encode() + rb"\g<2>", data)
            info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o600 << 16
            zout.writestr(info, data)


def write(path: Path, title: str, headers: list[str], rows: list[list[Any]], text_cols: tuple[str, ...]) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = title
    ws.append(headers)
    text_idx = [headers.index(h) + 1 for h in text_cols]
    for row in rows:
        ws.append([v if v != "" else None for v in row])
        for c in text_idx:
            ws.cell(row=ws.max_row, column=c).number_format = "@"
    if "成立日期" in headers:
        c = headers.index("成立日期") + 1
        for r in range(2, ws.max_row + 1):
            ws.cell(row=r, column=c).number_format = "yyyy-mm-dd"
    wb.properties.creator = "fuzong"
    wb.properties.created = FIXED
    wb.properties.modified = FIXED
    wb.save(path)
    stabilise(path)


def build(out: Path, halves: tuple[str, ...]) -> dict[str, int]:
    out.mkdir(parents=True, exist_ok=True)
    made = {h: make_half(h) for h in ("留出",)}
    taken = {r[0] for r in made["留出"]["experts"]} | {
        p for r in made["留出"]["needs"] for p in [r[16], *str(r[15]).split("、")]
    }
    made["调优"] = make_half("调优", taken) if (HERE / "subjects_调优.toml").exists() else None  # type: ignore[assignment]
    counts: dict[str, int] = {}
    for half in halves:
        data = made.get(half)
        if data is None:
            raise SystemExit(f"subjects_{half}.toml 不存在")
        write(out / f"{half}_企业需求表.xlsx", "企业需求表", HEADERS_NEEDS, data["needs"],
              ("统一社会信用代码", "联系电话"))  # fmt: skip
        write(out / f"{half}_专家意向表.xlsx", "专家意向表", HEADERS_EXPERTS, data["experts"],
              ("身份证号", "出生年月", "参加工作时间", "联系电话"))  # fmt: skip
        write(out / f"答案_{half}.xlsx", "答案", HEADERS_KEY, data["key"], ("统一社会信用代码",))
        counts[f"{half} 需求"] = len(data["needs"])
        counts[f"{half} 专家"] = len(data["experts"])
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=HERE)
    parser.add_argument("--half", choices=(*HALVES, "all"), default="调优")
    args = parser.parse_args()
    halves = HALVES if args.half == "all" else (args.half,)
    for k, v in build(args.out, halves).items():
        print(f"{k}: {v}")


if __name__ == "__main__":
    main()
