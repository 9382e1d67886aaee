"""Build the sample county forms in sample_data/ (deterministic: same output every run).

    .venv/bin/python sample_data/build_samples.py            # writes into sample_data/
    .venv/bin/python sample_data/build_samples.py --out DIR  # writes into DIR (to compare two runs)

Every person and enterprise is invented. ID numbers carry valid GB 11643 check digits and credit codes valid
GB 32100 check characters (computed below), except the rows that are meant to fail; README.md in this folder
is the answer key. The legacy .xls needs `xlwt` (`.venv/bin/pip install xlwt`), which is not a dependency of
fuzong itself.
"""

# ruff: noqa: C408  (the data tables read best as dict(name=...) calls)
from __future__ import annotations

import argparse
import csv
import datetime as dt
import random
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

SEED = 20261015
HERE = Path(__file__).resolve().parent
FIXED_TIME = dt.datetime(2026, 10, 15, 9, 0, 0)

# ---------------------------------------------------------------- check digits

USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # GB 32100: no I, O, S, V, Z
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)  # GB 11714 organisation code
ID_WEIGHTS = tuple(2 ** (17 - i) % 11 for i in range(17))  # GB 11643


def uscc_check(first17: str) -> str:
    total = sum(USCC_ALPHABET.index(c) * w for c, w in zip(first17, USCC_WEIGHTS))
    return USCC_ALPHABET[(31 - total % 31) % 31]


def org_check(body8: str) -> str:
    total = sum((int(c) if c.isdigit() else ord(c) - 55) * w for c, w in zip(body8, ORG_WEIGHTS))
    c = 11 - total % 11
    return "X" if c == 10 else "0" if c == 11 else str(c)


def id_check(first17: str) -> str:
    return "10X98765432"[sum(int(c) * w for c, w in zip(first17, ID_WEIGHTS)) % 11]


class Maker:
    """Deterministic invented ID numbers, credit codes and phone numbers (no repeats)."""

    def __init__(self, seed: int = SEED) -> None:
        self.rng = random.Random(seed)
        self.seen: set[str] = set()

    def uscc(self, division: str, digits_only: bool = False) -> str:
        letters = "ABCDEFGHJKLMNPQRTUWXY"
        while True:
            if digits_only or self.rng.random() < 0.3:  # old-style: organisation code of 8 digits
                body = "".join(self.rng.choice("0123456789") for _ in range(8))
            else:  # new-style (since 2015): MA + 6
                body = "MA" + "".join(self.rng.choice("0123456789" + letters) for _ in range(6))
            if body[0] == "0":
                continue
            first17 = "91" + division + body + org_check(body)
            code = first17 + uscc_check(first17)
            if digits_only and not code.isdigit():
                continue
            if code not in self.seen:
                self.seen.add(code)
                return code

    def id_number(self, region: str, birth: dt.date, male: bool, digits_only: bool = False) -> str:
        while True:
            seq = self.rng.randrange(0, 100) * 10 + self.rng.choice(
                (1, 3, 5, 7, 9) if male else (0, 2, 4, 6, 8)
            )
            first17 = f"{region}{birth:%Y%m%d}{seq:03d}"
            code = first17 + id_check(first17)
            if digits_only and not code.isdigit():
                continue
            if code not in self.seen:
                self.seen.add(code)
                return code

    def phone(self) -> str:
        prefix = self.rng.choice(("138", "139", "158", "159", "187", "135", "136", "137", "188", "157"))
        return prefix + "".join(self.rng.choice("0123456789") for _ in range(8))


def wrong_check(code: str) -> str:
    """The same code with a different (wrong) last character."""
    last = code[-1]
    alphabet = "0123456789"
    return code[:-1] + alphabet[(alphabet.index(last) + 3) % 10 if last in alphabet else 5]


def to_fullwidth(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


# ---------------------------------------------------------------- styles

THIN = Side(style="thin", color="000000")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
WRAP = Alignment(vertical="center", wrap_text=True)
LEFT = Alignment(horizontal="left", vertical="center")


def fixed_props(wb: Workbook) -> None:
    wb.properties.creator = "fuzong sample_data"
    wb.properties.created = FIXED_TIME
    wb.properties.modified = FIXED_TIME


def put(ws: Any, row: int, col: int, value: Any, *, text: bool = False, style: str = "data") -> None:
    cell = ws.cell(row=row, column=col)
    cell.value = value
    if text:
        cell.number_format = "@"
        if isinstance(value, str) and value.startswith("="):
            cell.data_type = "s"  # typed as text in Excel ('=SUM(A1)), not a formula
    if isinstance(value, dt.date):
        cell.number_format = "yyyy-mm-dd"
    if style == "data":
        cell.border = BOX
        cell.alignment = WRAP
    elif style == "head":
        cell.border = BOX
        cell.alignment = CENTER
        cell.font = Font(name="宋体", bold=True, size=11)
        cell.fill = PatternFill("solid", fgColor="D9E1F2")


# ---------------------------------------------------------------- 鹿城区企业需求表.xlsx


def lucheng_rows(mk: Maker) -> list[dict[str, Any]]:
    """12 data rows (the 13th slot is a blank row between rows 6 and 7)."""
    ok = mk.uscc
    dup_code = ok("330381")  # 浙江瑞博汽车部件有限公司, also in the 瑞安市 file
    # fmt: off
    rows = [
        dict(name="温州华茂鞋业有限公司", code=ok("330302"), founded=dt.date(2009, 4, 16), size="中",
             qual="高新技术企业、科技型中小企业", industry="鞋革", title="轻量耐磨鞋底材料研发",
             desc="现有EVA发泡鞋底耐磨性差、回弹低，需开发轻量化高耐磨复合发泡材料并优化发泡工艺，降低能耗",
             major="高分子材料、材料加工", expert="", tax="A", dishonest="否", holders="陈华茂、陈丽芳",
             contact="李娜"),
        dict(name="温州明眸光学眼镜有限公司", code=ok("330302"), founded="2015.03", size="小",
             qual="科技型中小企业", industry="眼视光", title="离焦型近视防控镜片研发",
             desc="开发多点离焦微结构镜片的光学设计与模具加工工艺，提升青少年近视防控效果，并设计临床验证方案",
             major="眼视光学、光学工程", expert="", tax="A", dishonest="否", holders="周明眸",
             contact="周晓"),
        dict(name="温州瓯江智能电气有限公司", code=ok("330302"), founded=dt.date(2012, 8, 20), size="中",
             qual="高新技术企业、专精特新中小企业", industry="电气（低压电器）", title="智能断路器故障电弧检测",
             desc="低压配电线路故障电弧难以识别，需研发基于电流高频特征的故障电弧检测算法，并完成智能断路器样机",
             major="电气工程、电力电子", expert="陈明（温州大学）", tax="A", dishonest="否",
             holders="瓯江电气集团有限公司、吴正平", contact="吴海"),
        dict(name="温州云帆软件科技有限公司", code=ok("330302"), founded="2018年6月", size="小",
             qual="软件企业、科技型中小企业", industry="软件", title="鞋服企业MES系统开发",
             desc="为鞋服制造企业开发生产执行系统（MES），实现车间数据采集、排产优化与质量追溯",
             major="软件工程、工业互联网", expert="", tax="B", dishonest="×", holders="林云帆、温州创投合伙企业",
             contact="林云帆"),
        dict(name="温州金鹿皮革有限公司", code=wrong_check(ok("330302")), founded=dt.date(2006, 5, 10),
             size="中", qual="规上制造业企业", industry="鞋革", title="皮革鞣制废水处理",
             desc="铬鞣废水处理成本高，需研发低铬或无铬鞣制工艺以及废水中铬的回收技术",
             major="皮革化学、环境工程", expert="", tax="B", dishonest="否", holders="金长春", contact="金玲"),
        dict(name="浙江数联信息技术有限公司", code=ok("330106"), founded=dt.date(2016, 9, 1), size="小",
             qual="高新技术企业", industry="软件", title="工业视觉缺陷检测平台",
             desc="面向鞋服面料的表面缺陷在线检测，需要机器视觉算法与边缘计算部署方案",
             major="计算机视觉、人工智能", expert="", tax="A", dishonest="否", holders="杭州数联控股有限公司",
             contact="赵磊"),
        None,  # blank row in the middle of the data
        dict(name="温州鸿达鞋材有限公司", code=ok("330302"), founded="2011.07", size="小", qual="",
             industry="鞋革", title="环保胶粘剂替代",
             desc="溶剂型胶粘剂VOCs排放超标，需开发水性聚氨酯胶粘剂并解决初粘力不足的问题",
             major="高分子材料", expert="", tax="B", dishonest="是", holders="王鸿达", contact="王鸿达"),
        dict(name="温州时代服饰有限公司", code=ok("330302", digits_only=True), founded=dt.date(2014, 3, 18),
             size="中", qual="", industry="服装", title="服装智能裁剪排料",
             desc="面料利用率低，需开发智能排料算法并与自动裁床对接", major="软件工程、运筹优化", expert="",
             tax="A", dishonest="否", holders="郑时代、郑小燕", contact="郑小燕", code_as_number=True),
        dict(name="", code=ok("330302"), founded=dt.date(2019, 11, 2), size="微", qual="科技型中小企业",
             industry="眼视光", title="钛合金眼镜架激光焊接",
             desc="钛合金镜架焊点易断裂，需优化激光焊接参数与焊后热处理工艺", major="材料成型、焊接",
             expert="", tax="B", dishonest="否", holders="蔡国平", contact="蔡国平"),
        dict(name="温州康视医疗器械有限公司", code=ok("330302"), founded=dt.date(2017, 5, 22), size="小",
             qual="高新技术企业、科技型中小企业", industry="眼视光（医疗器械）", title="眼底图像AI辅助筛查",
             desc="开发基于深度学习的眼底彩照糖尿病视网膜病变自动筛查软件，并申请二类医疗器械注册",
             major="眼科学、人工智能", expert="", tax="A", dishonest="否", holders="许康、温州视界投资有限公司",
             contact="许康"),
        dict(name="温州欧亚包装新材料有限公司", code=ok("330302"), founded=dt.date(2013, 1, 9), size="小",
             qual="科技型中小企业、民营科技企业", industry="新材料", title="可降解包装膜改性",
             desc="PLA/PBAT全生物降解薄膜力学性能不足、成本高，需改性配方与吹膜工艺优化",
             major="高分子材料、材料加工", expert="", tax="A", dishonest="否", holders="欧亚集团有限公司",
             contact="何欧"),
        dict(name="浙江瑞博汽车部件有限公司", code=dup_code, founded=dt.date(2010, 10, 8), size="中",
             qual="高新技术企业、专精特新“小巨人”企业", industry="汽摩配", title="轻量化铝合金制动卡钳",
             desc="铸铁制动卡钳重量大，需开发铝合金卡钳结构拓扑优化设计与低压铸造工艺",
             major="机械工程、材料成型", expert="", tax="A", dishonest="否", holders="瑞博控股集团有限公司",
             contact="陈博"),
    ]
    # fmt: on
    for r in rows:
        if r is not None:
            r["phone"] = mk.phone()
    return rows


def build_lucheng(out: Path, mk: Maker) -> dict[str, Any]:
    rows = lucheng_rows(mk)
    wb = Workbook()
    fixed_props(wb)
    ws = wb.active
    ws.title = "企业需求表"
    # (header text on the first header row, key, width); the last two sit under a merged 联系人
    # fmt: off
    cols = [
        ("序号", "seq", 6), ("县（市、区）", "county", 10), ("企业名称*", "name", 26),
        ("统一社会\n信用代码*", "code", 22), ("成立日期", "founded", 12), ("企业规模", "size", 8),
        ("企业类型", "qual", 24), ("行业领域", "industry", 12), ("技术难题", "title", 22),
        ("技术需求", "desc", 40), ("专业要求", "major", 16), ("意向人选", "expert", 16),
        ("纳税信用\n等级", "tax", 8), ("是否失信", "dishonest", 8), ("主要股东", "holders", 24),
        ("联系人", "contact", 10), ("", "phone", 14),
    ]
    # fmt: on
    n = len(cols)
    last = get_column_letter(n)
    ws.merge_cells(f"A1:{last}1")
    ws["A1"] = "温州市鹿城区科技副总企业需求汇总表"
    ws["A1"].font = Font(name="方正小标宋简体", size=18, bold=True)
    ws["A1"].alignment = CENTER
    ws.row_dimensions[1].height = 36
    ws.merge_cells(f"A2:{last}2")
    ws["A2"] = "填报单位：鹿城区科技局    填报日期：2026年10月15日"
    ws["A2"].alignment = LEFT
    ws["A2"].font = Font(name="宋体", size=11)
    # two-level header: rows 3 and 4; 联系人 merged over 姓名 | 电话, the others merged down
    for i, (head, _key, width) in enumerate(cols, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
        put(ws, 3, i, head or None, style="head")
        put(ws, 4, i, None, style="head")
        if i < n - 1:
            ws.merge_cells(start_row=3, start_column=i, end_row=4, end_column=i)
    ws.merge_cells(start_row=3, start_column=n - 1, end_row=3, end_column=n)
    put(ws, 4, n - 1, "姓名", style="head")
    put(ws, 4, n, "电话", style="head")
    ws.row_dimensions[3].height = 30
    ws.freeze_panes = "C5"

    r = 5
    seq = 0
    for row in rows:
        if row is None:
            r += 1  # a blank row, as people leave them
            continue
        seq += 1
        values = dict(row, seq=seq, county="鹿城区")
        for i, (_head, key, _w) in enumerate(cols, start=1):
            v = values.get(key, "")
            if key == "code":
                if row.get("code_as_number"):
                    put(ws, r, i, float(v))  # what Excel does to an all-digit code typed without '
                    ws.cell(r, i).number_format = "General"
                else:
                    put(ws, r, i, v, text=True)
            elif key == "phone":
                put(ws, r, i, v, text=True)
            else:
                put(ws, r, i, v if v != "" else None)
        ws.row_dimensions[r].height = 45
        r += 1
    notes = [
        (
            "注：1.带*为必填项；2.统一社会信用代码请设置为文本格式填写；3.企业类型可多选，用顿号分隔；"
            "4.意向人选请注明所在单位。"
        ),
        "填表说明：本表由各企业填写后经县（市、区）科技局审核汇总，请于2026年10月31日前报送市科技局。",
    ]
    r += 1
    for text in notes:
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=n)
        ws.cell(r, 1).value = text
        ws.cell(r, 1).alignment = Alignment(wrap_text=True, vertical="top")
        ws.row_dimensions[r].height = 30
        r += 1
    ws.page_setup.orientation = "landscape"
    wb.save(out / "鹿城区企业需求表.xlsx")
    return {"dup_code": rows[-1]["code"]}


# ---------------------------------------------------------------- 瑞安市企业需求表.xlsx


def build_ruian(out: Path, mk: Maker, dup_code: str, conflict_expert: str) -> None:
    ok = mk.uscc
    # fmt: off
    rows = [
        dict(name="浙江瑞博汽车部件有限公司", code=dup_code, founded="2010/10/08", size="中",
             qual="高新技术企业,专精特新“小巨人”企业", industry="汽摩配", title="制动卡钳轻量化设计与铸造工艺",
             desc="开发铝合金制动卡钳拓扑优化结构与低压铸造工艺，减重30%以上", major="机械工程", expert="",
             tax="A", dishonest="无", holders="瑞博控股集团有限公司", contact="陈博"),
        dict(name="瑞安市飞达汽摩配件有限公司", code=to_fullwidth(ok("330381")), founded=42005, size="小",
             qual="科技型中小企业", industry="汽摩配", title="摩托车电喷系统ECU标定",
             desc="摩托车电喷系统需满足国四排放，需开发ECU标定方法与怠速控制策略", major="汽车电子、控制工程",
             expert="", tax="B", dishonest="无", holders="李飞达、李晓东", contact="李晓东"),
        dict(name="  瑞安市华鑫机械有限公司 ", code=" " + ok("330381") + "  ", founded="20130521", size="中",
             qual="高新技术企业；规上制造业企业", industry="智能装备", title="包装机械视觉定位",
             desc="  高速包装机物料定位误差大，需开发基于机器视觉的定位纠偏系统 ", major="机械电子、机器视觉",
             expert="", tax=" A", dishonest="无", holders="黄华鑫", contact=" 黄华鑫 "),
        dict(name="瑞安市东方泵业有限公司", code=ok("330381"), founded="2008-06-30", size="中",
             qual="高新技术企业", industry="泵阀", title="高效节能离心泵水力模型优化",
             desc="现有离心泵效率低于国家一级能效，需基于CFD优化叶轮和蜗壳水力模型，提高效率3个百分点",
             major="流体机械", expert=conflict_expert, tax="A", dishonest="无",
             holders=f"潘国强、{conflict_expert}", contact="潘国强"),
        dict(name="瑞安市新宏鞋业有限公司", code=ok("330381"), founded="2016年3月", size="小", qual="",
             industry="鞋革", title="鞋面3D飞织工艺", desc="引进飞织设备后花型开发慢，需要鞋面3D飞织花型设计与工艺数据库",
             major="纺织工程、鞋类设计", expert="", tax="D", dishonest="无", holders="胡新宏", contact="胡新宏",
             accounting="较差"),
        dict(name="瑞安市正德制药有限公司", code=ok("330381"), founded="2005.09", size="中",
             qual="高新技术企业", industry="生物医药", title="中药提取物纯化工艺",
             desc="中药提取物有效成分含量波动大，需优化大孔树脂纯化工艺并建立质量控制标准",
             major="药学、药物制剂", expert="", tax="A", dishonest="无", holders="正德医药集团有限公司",
             contact="吴德"),
        dict(name="瑞安市力诺电子科技有限公司", code=ok("330381"), founded="2019.4.12", size="中",
             qual="科技型中小企业", industry="电气（汽车电子）", title="新能源汽车高压连接器",
             desc="新能源汽车高压连接器温升偏高，需进行接触结构设计与电磁兼容优化", major="电气工程、汽车电子",
             expert="", tax="B", dishonest="无", holders="张力诺", contact="张力诺"),
        dict(name="瑞安市宏远新材料科技有限公司", code=ok("330381"), founded="2020年11月", size="小",
             qual="科技型中小企业", industry="新材料", title="汽车内饰阻燃改性塑料",
             desc="汽车内饰用聚丙烯阻燃等级不足且气味大，需开发无卤阻燃改性配方", major="高分子材料",
             expert="", tax="B", dishonest="无", holders="孙宏远", contact="孙宏远"),
        dict(name="浙江瑞星汽车电子有限公司", code=ok("330381"), founded="2011-12-01", size="大",
             qual="高新技术企业、规上制造业企业", industry="汽摩配", title="车载毫米波雷达信号处理",
             desc="开发77GHz车载毫米波雷达目标检测与跟踪算法，并移植到嵌入式平台", major="信号处理、嵌入式软件",
             expert="", tax="A", dishonest="无", holders="瑞星控股有限公司", contact="邓星"),
        dict(name="瑞安市云江印刷机械有限公司", code=ok("330381"), founded="2007/3/15", size="中",
             qual="专精特新中小企业", industry="智能装备", title="印刷机张力控制系统",
             desc="卷筒纸印刷机高速运行时张力波动导致套印不准，需开发张力自适应控制系统", major="自动化、控制工程",
             expert="", tax="B", dishonest="无", holders="林云江、林小江", contact="林小江"),
    ]
    # fmt: on
    wb = Workbook()
    fixed_props(wb)
    ws = wb.active
    ws.title = "需求汇总"
    # fmt: off
    cols = [
        ("序号", "seq", 5), (" 单位名称 ", "name", 26), ("信用代码", "code", 22), ("所属区县", "county", 9),
        ("注册日期", "founded", 12), ("规模", "size", 6), ("企业类别", "qual", 22), ("产业领域", "industry", 12),
        ("项目名称", "title", 24), ("需求内容", "desc", 42), ("需求专业", "major", 16),
        ("意向科技副总", "expert", 12), ("纳税信用", "tax", 8), ("近三年失信记录", "dishonest", 10),
        ("股东名单", "holders", 22), ("企业联系人", "contact", 10), ("联系电话", "phone", 14),
        ("会计信用", "accounting", 10),
    ]
    # fmt: on
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=6)
    ws["A1"] = "填报单位：瑞安市科技局（盖章）"
    ws["A1"].font = Font(name="黑体", size=12)
    fill = PatternFill("solid", fgColor="FFF2CC")
    for i, (head, _k, width) in enumerate(cols, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
        c = ws.cell(2, i, head)
        c.font = Font(name="黑体", size=10)
        c.fill = fill
        c.alignment = CENTER
    for seq, row in enumerate(rows, start=1):
        values = dict(row, seq=seq, county="瑞安市", phone=mk.phone())
        for i, (_h, key, _w) in enumerate(cols, start=1):
            v = values.get(key, "")
            c = ws.cell(seq + 2, i, v if v != "" else None)
            if key in ("code", "phone"):
                c.number_format = "@"
            c.alignment = Alignment(vertical="top", wrap_text=key in ("desc", "title"))
    ws.auto_filter.ref = f"A2:{get_column_letter(len(cols))}{len(rows) + 2}"

    notes = wb.create_sheet("填报说明")
    notes.column_dimensions["A"].width = 90
    for i, text in enumerate(
        [
            "填报说明",
            "一、本表由瑞安市科技局汇总辖区内企业科技副总需求后报送。",
            "二、信用代码为18位统一社会信用代码，请勿填写组织机构代码。",
            "三、意向科技副总请填写已初步对接的专家姓名，没有可不填。",
            "四、近三年失信记录填“有”或“无”。",
            "五、联系人：瑞安市科技局 联系电话 0577-65800000",
        ],
        start=1,
    ):
        notes.cell(i, 1, text)
    notes["A1"].font = Font(bold=True, size=14)
    wb.save(out / "瑞安市企业需求表.xlsx")


# ---------------------------------------------------------------- 专家意向表_温州大学.xlsx

SHARED_EXPERT = dict(name="叶文涛", sex="男", region="330302", birth=dt.date(1979, 3, 26))


def wzu_experts(mk: Maker) -> list[dict[str, Any]]:
    def idn(region: str, birth: dt.date, sex: str, **kw: Any) -> str:
        return mk.id_number(region, birth, sex == "男", **kw)

    def e(name: str, sex: str, region: str, birth: dt.date, **kw: Any) -> dict[str, Any]:
        kw.setdefault("id", idn(region, birth, sex, digits_only=bool(kw.get("id_as_number"))))
        kw.setdefault("born", f"{birth:%Y.%m}")
        kw.setdefault("unit_type", "高校")
        kw.setdefault("bad", "否")
        kw.setdefault("core_ip", "否")
        return dict(name=name, sex=sex, **kw)

    shared_id = idn(SHARED_EXPERT["region"], SHARED_EXPERT["birth"], "男")
    # fmt: off
    rows = [
        e("陈明", "男", "330302", dt.date(1978, 5, 12), edu="博士研究生", degree="博士", title="教授",
          unit="温州大学电气与电子工程学院", work="2005.07",
          field="低压电器、智能断路器、故障电弧检测、电力电子",
          result="主持国家自然科学基金项目2项，研发的故障电弧检测装置已在温州企业产业化", patents="12项",
          core_ip="是", want="温州瓯江智能电气有限公司", note="入选浙江省“鲲鹏行动”计划"),
        e("林志远", "男", "330324", dt.date(1987, 9, 3), edu="博士研究生", degree="博士", title="副教授",
          unit="温州大学机电工程学院", work="2015.08", field="流体机械、泵阀水力设计、CFD数值模拟",
          result="离心泵叶轮优化设计方法获省科技进步二等奖", patents="5项", core_ip="是",
          want="瑞安市东方泵业有限公司", note="2024年起已受聘该企业技术顾问，已签订合作协议"),
        e("王丽华", "女", "330304", dt.date(1984, 11, 20), edu="硕士研究生", degree="硕士", title="讲师",
          unit="温州大学计算机与人工智能学院", work="2010.09", field="软件工程、工业互联网、制造执行系统（MES）",
          result="主持开发鞋服行业生产管理系统，登记软件著作权6项", patents="1项",
          want="温州云帆软件科技有限公司"),
        e("黄晓东", "男", "330381", dt.date(1980, 2, 14), edu="博士研究生", degree="博士", title="教授",
          unit="温州大学化学与材料工程学院", work="2007.07", field="高分子材料、发泡材料、鞋材改性",
          result="EVA/橡胶复合发泡鞋底材料技术转让3家企业", patents="8项", core_ip="是",
          want="温州华茂鞋业有限公司", id_as_number=True),
        e("周敏", "女", "330382", dt.date(1983, 6, 8), edu="博士研究生", degree="博士", title="副教授",
          unit="温州大学生命与环境科学学院", work="2011.07", field="生物医药、天然药物化学",
          result="天然产物活性成分分离纯化", patents="4项", want="瑞安市正德制药有限公司", bad_check=True),
        e("吴建国", "男", "330326", dt.date(1986, 1, 15), edu="大学本科", degree="学士", title="讲师",
          unit="温州大学建筑工程学院", work="2009.07", field="建筑材料、混凝土外加剂",
          result="参与市级科研项目2项", patents="0"),
        e("郑海燕", "女", "330303", dt.date(1985, 7, 21), edu="大学本科", degree="学士", title="讲师",
          unit="温州大学化学与材料工程学院", work="2008.09", field="皮革化学、无铬鞣制、制革废水处理",
          result="发明专利“一种无铬鞣剂及其制备方法”已转让企业实施", patents="3项", core_ip="是",
          want="温州金鹿皮革有限公司"),
        e("刘洋", "男", "330302", dt.date(1982, 4, 9), born="1983.04", edu="博士研究生", degree="博士",
          title="副教授", unit="温州大学机电工程学院", work="2012.03", field="机械设计、汽车零部件轻量化、拓扑优化",
          result="汽车制动系统轻量化设计，合作企业3家", patents="6项", want="浙江瑞博汽车部件有限公司"),
        e("徐静", "女", "330381", dt.date(1985, 3, 17), born="85.03", edu="硕士研究生", degree="硕士",
          title="讲师", unit="温州大学数理学院", work="2010.07", field="光学工程、光学薄膜、镜片镀膜",
          result="防蓝光树脂镜片镀膜工艺", patents="2项", want="温州明眸光学眼镜有限公司"),
        e("孙立新", "男", "330302", dt.date(1994, 10, 5), edu="博士研究生", degree="博士", title="讲师",
          unit="温州大学计算机与人工智能学院", work="2025.11", field="人工智能、机器视觉、缺陷检测",
          result="发表SCI论文5篇", patents="1项"),
        e("朱晓明", "男", "330304", dt.date(1981, 12, 30), edu="博士研究生", degree="博士", title="教授",
          unit="温州大学电气与电子工程学院", work="2008.07", field="嵌入式系统、信号处理、毫米波雷达",
          result="=SUM(A1)", patents="7项", want="浙江瑞星汽车电子有限公司"),
        e("何志强", "男", "420106", dt.date(1975, 8, 19), edu="大学本科", degree="学士", title="特聘专家",
          unit="温州大学机电工程学院", work="1997.07", field="泵阀密封、阀门铸造工艺",
          result="曾任某阀门企业总工程师，主持阀门密封技术改造", patents="2项"),
        e(SHARED_EXPERT["name"], "男", SHARED_EXPERT["region"], SHARED_EXPERT["birth"], id=shared_id,
          edu="博士研究生", degree="博士", title="教授", unit="温州大学", work="2004.07",
          field="眼视光学、近视防控、离焦镜片设计", result="近视防控离焦镜片光学设计，成果转化2项",
          patents="9项", core_ip="是", want="温州明眸光学眼镜有限公司"),
        e("蔡文博", "男", "330382", dt.date(1976, 11, 2), edu="博士研究生", degree="博士", title="研究员",
          unit="温州大学新材料与产业技术研究院", work="2003.07", field="生物可降解材料、包装新材料、高分子改性",
          result="PLA/PBAT共混改性技术在包装企业应用", patents="10项", core_ip="是",
          want="温州欧亚包装新材料有限公司"),
    ]
    # fmt: on
    for r in rows:
        if r.pop("bad_check", False):
            r["id"] = wrong_check(r["id"])
        r["phone"] = mk.phone()
    return rows


def build_wzu(out: Path, rows: list[dict[str, Any]]) -> None:
    # fmt: off
    cols = [
        ("序号", "seq", 5), ("姓名", "name", 8), ("性别", "sex", 5), ("身份证号", "id", 20),
        ("出生年月", "born", 9), ("最高学历", "edu", 10), ("最高学位", "degree", 8),
        ("专业技术职称", "title", 10), ("派出单位", "unit", 24), ("单位性质", "unit_type", 8),
        ("参加工作时间", "work", 10), ("研究方向", "field", 30), ("主要成果", "result", 36),
        ("发明专利数", "patents", 8), ("是否拥有核心知识产权", "core_ip", 10), ("近三年不良记录", "bad", 8),
        ("意向企业", "want", 24), ("手机", "phone", 13), ("备注", "note", 30),
    ]
    # fmt: on
    wb = Workbook()
    fixed_props(wb)
    ws = wb.active
    ws.title = "专家意向表"
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(cols))
    ws["A1"] = "温州大学科技副总专家意向汇总表"
    ws["A1"].font = Font(name="黑体", size=16, bold=True)
    ws["A1"].alignment = CENTER
    ws.row_dimensions[1].height = 32
    for i, (head, _k, width) in enumerate(cols, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
        put(ws, 2, i, head, style="head")
    for seq, row in enumerate(rows, start=1):
        values = dict(row, seq=seq)
        for i, (_h, key, _w) in enumerate(cols, start=1):
            v = values.get(key, "")
            if key == "id" and row.get("id_as_number"):
                put(ws, seq + 2, i, float(v))  # 3.30381198002141E+17 in Excel: the last digits are gone
            elif key in ("id", "phone", "born", "work", "result"):
                put(ws, seq + 2, i, v, text=True)
            else:
                put(ws, seq + 2, i, v if v != "" else None)
    ws.freeze_panes = "C3"
    wb.save(out / "专家意向表_温州大学.xlsx")


# ---------------------------------------------------------------- 专家意向表_温州医科大学.xls


def wmu_experts(mk: Maker, shared_id: str) -> list[dict[str, Any]]:
    def e(name: str, sex: str, region: str, birth: dt.date, **kw: Any) -> dict[str, Any]:
        kw.setdefault("id", mk.id_number(region, birth, sex == "男"))
        kw.setdefault("born", birth)
        kw.setdefault("unit_type", "高校")
        kw.setdefault("bad", "否")
        kw.setdefault("core_ip", "否")
        return dict(name=name, sex=sex, **kw)

    # fmt: off
    rows = [
        e(SHARED_EXPERT["name"], "男", SHARED_EXPERT["region"], SHARED_EXPERT["birth"], id=shared_id,
          born="1979-03", edu="博士研究生", title="主任医师", unit="温州医科大学附属眼视光医院",
          work="2004-07", field="眼视光学、近视防控、离焦镜片设计", result="近视防控离焦镜片光学设计",
          patents="9", core_ip="是", want="温州明眸光学眼镜有限公司"),
        e("金晓峰", "男", "330302", dt.date(1977, 10, 8), edu="博士研究生", title="主任医师",
          unit="温州医科大学附属眼视光医院", work="2003-08", field="眼科影像、人工智能眼底筛查、糖尿病视网膜病变",
          result="眼底图像人工智能筛查系统，已在基层医院应用", patents="6", core_ip="是",
          want="温州康视医疗器械有限公司"),
        e("钱雅琴", "女", "330304", dt.date(1982, 2, 27), edu="硕士研究生", title="副主任医师",
          unit="温州医科大学附属眼视光医院", work="2007-08", field="近视防控、角膜塑形、验光配镜",
          result="青少年近视防控临床研究", patents="2", want="温州明眸光学眼镜有限公司"),
        e("姜涛", "男", "330381", dt.date(1990, 6, 16), edu="硕士研究生", title="主治医师",
          unit="温州医科大学附属第一医院", work="2016-08", field="医学检验、体外诊断试剂",
          result="化学发光检测试剂盒研发", patents="1"),
        e("夏丽", "女", "330324", dt.date(1988, 12, 3), edu="大学本科", title="主治医师",
          unit="温州医科大学附属第二医院", work="2011-08", field="康复护理", result="院内护理技术改进",
          patents="0"),
        e("邵文斌", "男", "330382", dt.date(1980, 9, 21), edu="博士研究生", title="研究员",
          unit="温州医科大学药学院", work="2008-07", field="药物制剂、中药提取纯化、质量标准",
          result="中药有效部位大孔树脂纯化工艺，转让企业1项", patents="7", core_ip="是",
          want="瑞安市正德制药有限公司"),
        e("方静", "女", "330303", dt.date(1989, 4, 30), edu="博士研究生", title="副研究员",
          unit="温州医科大学生物医学工程学院", work="2017-09", field="生物材料、医用高分子、可降解材料",
          result="医用可降解高分子材料", patents="3", want="平阳县华康生物科技有限公司"),
        e("杨帆", "男", "330326", dt.date(1983, 7, 7), edu="博士研究生", title="副主任医师",
          unit="温州医科大学附属第二医院", work="2010-08", field="康复医学、康复器械、可穿戴设备",
          result="下肢康复外骨骼临床评价", patents="4"),
    ]
    # fmt: on
    for r in rows:
        r["phone"] = mk.phone()
    return rows


def build_wmu(out: Path, rows: list[dict[str, Any]]) -> None:
    import xlwt  # only for this legacy file; not a fuzong dependency

    # fmt: off
    cols = [
        ("序号", "seq", 5), ("姓名", "name", 8), ("性别", "sex", 5), ("证件号码", "id", 20),
        ("出生年月", "born", 10), ("最高学历", "edu", 10), ("技术职称", "title", 10),
        ("所在单位", "unit", 26), ("单位性质", "unit_type", 8), ("参加工作年月", "work", 10),
        ("专业领域", "field", 30), ("代表性成果", "result", 30), ("授权发明专利数", "patents", 8),
        ("是否拥有核心知识产权", "core_ip", 10), ("近三年学术不端", "bad", 8), ("意向企业", "want", 24),
        ("手机号码", "phone", 13),
    ]
    # fmt: on
    book = xlwt.Workbook(encoding="utf-8")
    ws = book.add_sheet("Sheet1")
    title = xlwt.easyxf("font: name 黑体, height 320, bold on; align: horiz center, vert center")
    head = xlwt.easyxf(
        "font: name 宋体, bold on; align: horiz center, vert center, wrap on;"
        "borders: left thin, right thin, top thin, bottom thin; pattern: pattern solid, fore_colour gray25"
    )
    body = xlwt.easyxf("font: name 宋体; borders: left thin, right thin, top thin, bottom thin")
    text = xlwt.easyxf(
        "font: name 宋体; borders: left thin, right thin, top thin, bottom thin", num_format_str="@"
    )
    date = xlwt.easyxf(
        "font: name 宋体; borders: left thin, right thin, top thin, bottom thin", num_format_str="yyyy-mm"
    )
    ws.write_merge(0, 0, 0, len(cols) - 1, "温州医科大学2026年度科技副总人选推荐汇总表", title)
    for i, (h, _k, width) in enumerate(cols):
        ws.col(i).width = 256 * (width + 2)
        ws.write(1, i, h, head)
    for seq, row in enumerate(rows, start=1):
        values = dict(row, seq=seq)
        for i, (_h, key, _w) in enumerate(cols):
            v = values.get(key, "")
            if isinstance(v, dt.date):
                ws.write(seq + 1, i, v, date)
            elif key in ("id", "phone", "work"):
                ws.write(seq + 1, i, v, text)
            else:
                ws.write(seq + 1, i, v, body)
    book.save(str(out / "专家意向表_温州医科大学.xls"))


# ---------------------------------------------------------------- CSV files


def build_csvs(out: Path, mk: Maker) -> None:
    def x(name: str, sex: str, region: str, birth: dt.date, **kw: Any) -> dict[str, Any]:
        return dict(
            name=name, sex=sex, id=mk.id_number(region, birth, sex == "男"), born=f"{birth:%Y/%m/%d}", **kw
        )

    # fmt: off
    experts = [
        x("郑晨", "男", "330302", dt.date(1983, 5, 6), edu="硕士研究生", degree="硕士", title="高级工程师",
          unit="浙江工贸职业技术学院", unit_type="职业院校", work="2008/07", field="汽车电子、车载网络、ECU标定",
          result="摩托车电喷控制器开发", patents="2", core_ip="否", bad="否", want="瑞安市飞达汽摩配件有限公司"),
        x("潘丽", "女", "330303", dt.date(1979, 1, 23), edu="博士研究生", degree="博士", title="研究员",
          unit="温州市工业科学研究院", unit_type="科研院所", work="2004/09", field="低压电器检测、电气安全、光伏直流保护",
          result="低压电器可靠性检测方法标准2项", patents="5", core_ip="是", bad="否",
          want="浙江乐电智能科技有限公司"),
        x("罗志鹏", "男", "330324", dt.date(1990, 8, 11), edu="博士研究生", degree="博士", title="副研究员",
          unit="浙江大学温州研究院", unit_type="新型研发机构", work="2018/07", field="泵阀流体仿真、阀门密封、智能制造",
          result="高温高压阀门密封结构仿真", patents="3", core_ip="否", bad="否", want="浙江永泰阀门有限公司"),
        x("谢伟", "男", "330382", dt.date(1980, 3, 14), edu="大学本科", degree="学士", title="高级工程师",
          unit="温州宏泰电器有限公司", unit_type="其他", work="2002/07", field="低压电器结构设计",
          result="塑壳断路器结构改进", patents="4", core_ip="否", bad="否", want=""),
        x("邱雨", "女", "330304", dt.date(1992, 12, 9), edu="硕士研究生", degree="硕士", title="讲师",
          unit="温州职业技术学院", unit_type="职业院校", work="2019/09", field="鞋类设计、3D打印、鞋楦数字化",
          result="鞋楦三维扫描与数字化设计", patents="1", core_ip="否", bad="否", want="瑞安市新宏鞋业有限公司"),
    ]
    # fmt: on
    # fmt: off
    heads = [
        ("姓名", "name"), ("性别", "sex"), ("身份证号码", "id"), ("出生日期", "born"), ("学历", "edu"),
        ("学位", "degree"), ("职称", "title"), ("工作单位", "unit"), ("单位类型", "unit_type"),
        ("参加工作时间", "work"), ("研究方向", "field"), ("代表性成果", "result"), ("发明专利数", "patents"),
        ("核心知识产权", "core_ip"), ("近三年不良记录", "bad"), ("意向企业", "want"), ("联系电话", "phone"),
    ]
    # fmt: on
    with open(out / "专家意向表_GBK.csv", "w", encoding="gbk", newline="") as fh:
        w = csv.writer(fh)
        w.writerow([h for h, _ in heads])
        for row in experts:
            row["phone"] = mk.phone()
            w.writerow([row.get(k, "") for _, k in heads])

    # fmt: off
    needs = [
        dict(county="乐清市", name="浙江乐电智能科技有限公司", code=mk.uscc("330382"), founded="2014-07-01", size="中",
             qual="高新技术企业、专精特新中小企业", industry="电气（低压电器）", title="光伏直流断路器灭弧技术",
             desc="光伏系统1500V直流断路器分断时电弧难以熄灭，需研究灭弧室结构与磁吹灭弧方案",
             major="电气工程、电器学", expert="", tax="A", dishonest="否", holders="乐电控股有限公司",
             contact="赵乐"),
        dict(county="永嘉县", name="浙江永泰阀门有限公司", code=mk.uscc("330324"), founded="2009-03-12", size="中",
             qual="高新技术企业", industry="泵阀", title="高温高压阀门密封",
             desc="电站用高温高压闸阀密封面易冲蚀泄漏，需密封结构优化与表面硬化处理工艺", major="流体机械、材料工程",
             expert="", tax="B", dishonest="否", holders="陈永泰", contact="陈永泰"),
        dict(county="龙湾区", name="温州龙湾新材料科技有限公司", code=mk.uscc("330303"), founded="2018-05-20",
             size="小", qual="科技型中小企业", industry="新材料", title="石墨烯导电涂料",
             desc="石墨烯导电涂料分散稳定性差，需表面改性与分散工艺研究", major="材料科学、化学工程",
             expert="", tax="A", dishonest="否", holders="龙湾科创投资有限公司、应新", contact="应新"),
        dict(county="平阳县", name="平阳县华康生物科技有限公司", code=mk.uscc("330326"), founded="2016-10-10",
             size="小", qual="科技型中小企业、农业科技型企业", industry="生物医药", title="医用可降解敷料开发",
             desc="开发壳聚糖基可降解医用敷料，需材料改性与生物相容性评价", major="生物材料、生物医学工程",
             expert="", tax="B", dishonest="否", holders="华康集团有限公司", contact="华倩"),
    ]
    # fmt: on
    # fmt: off
    nheads = [
        ("县（市、区）", "county"), ("企业名称", "name"), ("统一社会信用代码", "code"), ("成立日期", "founded"),
        ("企业规模", "size"), ("企业资质", "qual"), ("所属行业", "industry"), ("需求名称", "title"),
        ("需求描述", "desc"), ("所需专业", "major"), ("意向专家", "expert"), ("纳税信用等级", "tax"),
        ("近三年失信记录", "dishonest"), ("股东", "holders"), ("联系人", "contact"), ("联系电话", "phone"),
    ]
    # fmt: on
    with open(out / "企业需求表_UTF8_BOM.csv", "w", encoding="utf-8-sig", newline="") as fh:
        w = csv.writer(fh)
        w.writerow([h for h, _ in nheads])
        for row in needs:
            row["phone"] = mk.phone()
            w.writerow([row.get(k, "") for _, k in nheads])


# ---------------------------------------------------------------- main

SAMPLE_FILES = [
    "鹿城区企业需求表.xlsx",
    "瑞安市企业需求表.xlsx",
    "专家意向表_温州大学.xlsx",
    "专家意向表_温州医科大学.xls",
    "专家意向表_GBK.csv",
    "企业需求表_UTF8_BOM.csv",
]


def build(out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    mk = Maker()
    experts = wzu_experts(mk)
    shared_id = next(r["id"] for r in experts if r["name"] == SHARED_EXPERT["name"])
    info = build_lucheng(out, mk)
    build_ruian(out, mk, info["dup_code"], conflict_expert="林志远")
    build_wzu(out, experts)
    build_wmu(out, wmu_experts(mk, shared_id))
    build_csvs(out, mk)
    return [out / name for name in SAMPLE_FILES]


def main() -> None:
    parser = argparse.ArgumentParser(description="Build the sample county forms (deterministic).")
    parser.add_argument("--out", type=Path, default=HERE, help="output folder (default: sample_data/)")
    args = parser.parse_args()
    for path in build(args.out):
        print(path)


if __name__ == "__main__":
    main()
