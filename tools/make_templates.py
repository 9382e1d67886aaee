"""Build the default Word templates in templates/ (三方协议.docx, 公示通知.docx) with python-docx.

The .docx files are committed (they ship in the wheel); run this again after changing the wording:

    .venv/bin/python tools/make_templates.py

Every run sets its East-Asian font explicitly (``w:eastAsia``), so a value inserted into a 仿宋 run prints
in 仿宋 in Word and WPS. Each placeholder sits in one run, so docxtpl never sees a tag split across runs.
Placeholders are listed in templates/README.md.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

BODY_FONT = "仿宋"
TITLE_FONT = "宋体"
HEADING_FONT = "黑体"
LATIN_FONT = "Times New Roman"
OUT = Path(__file__).resolve().parent.parent / "templates"


def set_fonts(rpr_owner, east_asia: str) -> None:
    """Latin and East-Asian font on a run (or a style's rPr)."""
    rpr = rpr_owner.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    fonts.set(qn("w:ascii"), LATIN_FONT)
    fonts.set(qn("w:hAnsi"), LATIN_FONT)
    fonts.set(qn("w:eastAsia"), east_asia)
    fonts.set(qn("w:hint"), "eastAsia")


def run(
    par,
    text: str,
    *,
    font: str = BODY_FONT,
    bold: bool = False,
    size: float | None = None,
    underline: bool = False,
):
    r = par.add_run(text)
    set_fonts(r._r, font)
    r.bold = bold or None
    r.underline = underline or None
    if size:
        r.font.size = Pt(size)
    return r


def para(doc_or_cell, parts=(), *, align=None, indent: bool = False, space_after: float = 0, keep=False):
    """A paragraph from parts: plain strings, or ("{{ x }}", "u") for an underlined fill-in, or ("t", "b")."""
    par = doc_or_cell.add_paragraph()
    fmt = par.paragraph_format
    if align is not None:
        par.alignment = align
    if indent:
        fmt.first_line_indent = Pt(24)
    fmt.space_after = Pt(space_after)
    fmt.line_spacing = 1.4
    if keep:
        fmt.keep_with_next = True
    for part in parts:
        if isinstance(part, tuple):
            text, style = part
            run(
                par,
                text,
                underline="u" in style,
                bold="b" in style,
                font=HEADING_FONT if "h" in style else BODY_FONT,
            )
        else:
            run(par, part)
    return par


def heading(doc, text: str):
    par = doc.add_paragraph()
    par.paragraph_format.space_before = Pt(8)
    par.paragraph_format.space_after = Pt(2)
    par.paragraph_format.keep_with_next = True
    run(par, text, font=HEADING_FONT, size=12)
    return par


def cell_text(
    cell, text: str, *, bold: bool = False, align=WD_ALIGN_PARAGRAPH.LEFT, size: float | None = None
):
    par = cell.paragraphs[0]
    par.alignment = align
    run(par, text, bold=bold, font=HEADING_FONT if bold else BODY_FONT, size=size)


def setup(doc) -> None:
    """A4, margins, Normal style in 仿宋 小四, fixed metadata (byte-stable output)."""
    for section in doc.sections:
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Cm(21.0), Cm(29.7)
        section.top_margin = section.bottom_margin = Cm(2.5)
        section.left_margin = section.right_margin = Cm(2.6)
    normal = doc.styles["Normal"]
    normal.font.size = Pt(12)
    set_fonts(normal.element, BODY_FONT)
    languages = doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    lang = languages.find(qn("w:lang"))
    lang.set(qn("w:val"), "zh-CN")
    lang.set(qn("w:eastAsia"), "zh-CN")
    compat = doc.settings.element.find(qn("w:compat"))
    for setting in compat.findall(qn("w:compatSetting")):
        if setting.get(qn("w:name")) == "compatibilityMode":
            setting.set(qn("w:val"), "15")  # Word 2013+: not opened in compatibility mode
    props = doc.core_properties
    props.language = "zh-CN"
    props.author = "fuzong"
    props.last_modified_by = "fuzong"
    props.created = props.modified = dt.datetime(2026, 1, 1)
    props.revision = 1
    props.comments = ""


def page_number_footer(doc) -> None:
    """Centred “— N —” footer (a PAGE field)."""
    par = doc.sections[0].footer.paragraphs[0]
    par.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run(par, "— ")
    r = run(par, "")
    fld = OxmlElement("w:fldSimple")
    fld.set(qn("w:instr"), " PAGE ")
    r._r.addnext(fld)
    inner = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    inner.append(text)
    fld.append(inner)
    run(par, " —")


def loop_table(
    doc, headers: list[str], cells: list[str], loop: str, widths: list[float], size: float | None = None
):
    """A bordered table: a header row, then ``{%tr for … %}`` / one templated row / ``{%tr endfor %}``;
    ``size``: the table's font size (points), else the body's."""
    table = doc.add_table(rows=4, cols=len(headers))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for j, name in enumerate(headers):
        cell_text(table.rows[0].cells[j], name, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, size=size)
    cell_text(table.rows[1].cells[0], "{%tr " + loop + " %}")
    for j, text in enumerate(cells):
        align = WD_ALIGN_PARAGRAPH.CENTER if j == 0 else WD_ALIGN_PARAGRAPH.LEFT
        cell_text(table.rows[2].cells[j], text, align=align, size=size)
    cell_text(table.rows[3].cells[0], "{%tr endfor %}")
    fixed_widths(table, widths)
    repeat_header(table.rows[0])
    for row in table.rows:
        cant_split(row)
    return table


def fixed_widths(table, widths: list[float]) -> None:
    """Column widths written where Word, WPS and LibreOffice all read them: the grid (w:gridCol), every cell
    (w:tcW) and a fixed layout, so 序号 stays narrow whatever the text."""
    table.autofit = False
    tbl = table._tbl
    grid = tbl.tblGrid
    for col, width in zip(grid.findall(qn("w:gridCol")), widths):
        col.set(qn("w:w"), str(int(Cm(width).twips)))
    props = tbl.tblPr
    layout = props.find(qn("w:tblLayout"))
    if layout is None:
        layout = OxmlElement("w:tblLayout")
        props.append(layout)
    layout.set(qn("w:type"), "fixed")
    total = OxmlElement("w:tblW")
    for old in props.findall(qn("w:tblW")):
        props.remove(old)
    total.set(qn("w:w"), str(int(sum(Cm(w).twips for w in widths))))
    total.set(qn("w:type"), "dxa")
    props.append(total)
    for row in table.rows:
        for j, width in enumerate(widths):
            row.cells[j].width = Cm(width)


def _tr_pr(row):
    tr = row._tr
    return tr.get_or_add_trPr()


def repeat_header(row) -> None:
    """The header row printed again at the top of every page the table runs onto."""
    flag = OxmlElement("w:tblHeader")
    flag.set(qn("w:val"), "true")
    _tr_pr(row).append(flag)


def cant_split(row) -> None:
    flag = OxmlElement("w:cantSplit")
    flag.set(qn("w:val"), "true")
    _tr_pr(row).append(flag)


def agreement() -> Document:
    doc = Document()
    setup(doc)
    page_number_footer(doc)
    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.paragraph_format.space_after = Pt(4)
    run(title, "“科技副总”三方合作协议", font=TITLE_FONT, bold=True, size=20)
    para(doc, ["（依据《", "{{ 政策名称 }}", "》）"], align=WD_ALIGN_PARAGRAPH.CENTER, space_after=10)

    para(doc, [("甲方（企业）：", "h"), ("{{ 企业名称 }}", "u")])
    para(
        doc,
        [
            "统一社会信用代码：",
            ("{{ 统一社会信用代码 }}", "u"),
            "　　所在县（市、区）：",
            ("{{ 县市区 }}", "u"),
        ],
    )
    para(doc, ["住所：", ("{{ 企业住所 }}", "u")])
    para(doc, ["法定代表人：", ("{{ 法定代表人 }}", "u")])
    para(
        doc,
        ["联系人及电话：", ("{{ 企业联系人 }}", "u"), "　", ("{{ 企业联系电话 }}", "u")],
        space_after=6,
    )
    para(doc, [("乙方（科技副总）：", "h"), ("{{ 专家姓名 }}", "u"), "　　职称：", ("{{ 职称 }}", "u")])
    para(
        doc,
        ["身份证号：", ("{{ 专家身份证号 }}", "u"), "　　联系电话：", ("{{ 专家联系电话 }}", "u")],
        space_after=6,
    )
    # 丙方 is the 接收地方 (湖北方案 四(三)): the expert's unit is not a party, it is named under 乙方
    para(doc, ["{%p if 丙方为接收地方 %}"])
    para(
        doc,
        ["派出单位：", ("{{ 派出单位 }}", "u"), "　　具体部门：", ("{{ 承担部门 }}", "u")],
        space_after=6,
    )
    para(doc, ["{%p endif %}"])
    para(doc, [("丙方（{{ 丙方称谓 }}）：", "h"), ("{{ 丙方 }}", "u")])
    para(
        doc,
        [
            "{% if not 丙方为接收地方 %}",
            "具体承担部门：",
            ("{{ 承担部门 }}", "u"),
            "　　",
            "{% endif %}",
            "联系人及电话：",
            ("{{ 丙方联系人 }}", "u"),
        ],
        space_after=8,
    )

    para(
        doc,
        [
            "为深化产学研合作，充分发挥科技人才在企业创新发展中的支撑作用，根据《",
            "{{ 政策名称 }}",
            "》有关规定，经甲、乙、丙三方协商一致，",
            "{% if 丙方为接收地方 %}",
            "乙方由其派出单位",
            "{{ 派出单位 }}",
            "选派到甲方担任“科技副总”，丙方作为接收地方负责乙方服务期间的管理。",
            "{% else %}",
            "丙方选派乙方到甲方担任“科技副总”。",
            "{% endif %}",
            "三方就有关事项达成协议如下：",
        ],
        indent=True,
    )

    heading(doc, "第一条　聘任与期限")
    para(
        doc,
        [
            (
                "1．甲方聘任乙方为甲方“科技副总”（兼任企业副总经理、副总工程师或总经理助理等技术职务），"
                "乙方重点服务的技术需求为："
            ),
            ("{{ 需求名称 }}", "u"),
            "。",
        ],
        indent=True,
    )
    para(
        doc,
        [
            "2．聘期",
            "{{ 聘期年限 }}",
            "年，自",
            ("{{ 聘期开始 }}", "u"),
            "起至",
            ("{{ 聘期结束 }}", "u"),
            "止。",
        ],
        indent=True,
    )
    para(
        doc,
        [
            "3．",
            "{% if 丙方为接收地方 %}",
            "服务期间乙方的人事及工资关系保留在原单位（",
            "{{ 派出单位 }}",
            "），职务晋升、职称评聘等不受影响。",
            "{% else %}",
            "聘期内乙方的人事关系、工资待遇保留在丙方，乙方在甲方兼职不改变其与丙方的人事关系。",
            "{% endif %}",
        ],
        indent=True,
    )

    heading(doc, "第二条　服务时间与方式")
    para(doc, ["1．乙方", "{{ 服务要求 }}", "。"], indent=True)
    para(
        doc,
        ["2．乙方以驻企工作与定期服务相结合的方式开展工作，如实填写服务台账，甲方对服务情况予以确认。"],
        indent=True,
    )

    heading(doc, "第三条　乙方工作任务")
    para(doc, ["聘期内乙方承担以下工作任务："], indent=True, keep=True)
    loop_table(
        doc, ["序号", "工作任务"], ["{{ loop.index }}", "{{ 任务 }}"], "for 任务 in 任务清单", [2.0, 13.8]
    )
    para(
        doc,
        ["具体年度工作目标由甲乙双方在聘期开始后一个月内书面约定，作为年度考核和期满考核的依据。"],
        indent=True,
    )

    heading(doc, "第四条　甲方的权利和义务")
    para(
        doc,
        ["1．根据自身创新发展实际提出技术需求，支持乙方参与甲方相关科技会议决策和科研项目。"],
        indent=True,
    )
    para(
        doc,
        [
            "2．为乙方提供必要的工作条件、科研条件、生活条件和安全保障（包括科研经费保障、工伤保险缴纳等）",
            "{% if 月生活补助 %}",
            "，每月向乙方提供不低于",
            ("{{ 月生活补助 }}", "u"),
            "元（大写：",
            "{{ 月生活补助大写 }}",
            "）的生活补助、交通费用等",
            "{% endif %}",
            "。",
        ],
        indent=True,
    )
    para(
        doc,
        [
            "3．按照约定根据乙方取得的业绩实效给付服务报酬或绩效奖励，依法保障乙方在聘期内产生的科研成果的相应收益。"
        ],
        indent=True,
    )
    para(doc, ["4．配合主管部门做好对乙方的年度考核和期满考核工作。"], indent=True)

    heading(doc, "第五条　乙方的权利和义务")
    para(doc, ["1．按本协议第二条、第三条的要求为甲方服务，遵守甲方的规章制度。"], indent=True)
    para(doc, ["2．按要求参加年度述职、提交工作总结，接受主管部门、甲方和丙方的考核。"], indent=True)
    para(doc, ["3．在甲方的服务期间，享有依法获得服务报酬、成果署名和奖励的权利。"], indent=True)

    heading(doc, "第六条　丙方的权利和义务")
    para(doc, ["{%p if 丙方义务 %}"])
    para(doc, ["{%p for 义务 in 丙方义务 %}"])
    para(doc, ["{{ loop.index }}", "．", "{{ 义务 }}", "。"], indent=True)
    para(doc, ["{%p endfor %}"])
    para(doc, ["{%p else %}"])
    para(
        doc,
        [
            (
                "1．保留乙方在丙方的人事关系、工资待遇不变，确保乙方与在岗人员同等享有职务晋升、职称评聘、项目申报、"
                "表彰奖励等方面的权利。"
            )
        ],
        indent=True,
    )
    para(doc, ["2．合理安排乙方在丙方的教学和科研任务，保证乙方投入时间精力参与甲方工作。"], indent=True)
    para(
        doc,
        ["3．支持乙方利用丙方科研力量、实验仪器设备协助甲方开展技术攻关、平台建设、人才培养等工作。"],
        indent=True,
    )
    para(doc, ["{%p endif %}"])

    heading(doc, "第七条　报酬与经费")
    para(doc, ["1．乙方在甲方的服务报酬和绩效奖励标准由甲乙双方另行书面约定，甲方按约定支付。"], indent=True)
    para(
        doc,
        [
            "2．",
            "{% if 补助金额 %}",
            "{{ 补助说明 }}",
            "人民币",
            ("{{ 补助金额 }}", "u"),
            "元（大写：",
            ("{{ 补助金额大写 }}", "u"),
            "），由主管部门按有关规定拨付。",
            "{% else %}",
            "主管部门给予的补助、奖励按当地有关规定执行。",
            "{% endif %}",
        ],
        indent=True,
    )
    para(doc, ["3．甲方根据项目实际需要保障乙方开展科研工作所必需的经费，专款专用。"], indent=True)

    heading(doc, "第八条　知识产权")
    para(
        doc,
        [
            (
                "1．乙方在聘期内为完成甲方工作任务、主要利用甲方物质技术条件完成的发明创造和技术成果，知识产权归甲方所有，"
                "乙方依法享有署名权和获得奖励、报酬的权利。"
            )
        ],
        indent=True,
    )
    para(
        doc,
        [
            "2．三方合作研发形成的成果，其知识产权归属和收益分配由三方另行签订技术合同约定；未约定的，按国家有关法律法规执行。"
        ],
        indent=True,
    )
    para(
        doc,
        [
            "3．乙方",
            "{% if 丙方为接收地方 %}",
            "及其派出单位",
            "{% else %}",
            "、丙方",
            "{% endif %}",
            "在本协议签订前已取得的知识产权仍归原权利人所有；甲方需要使用的，应另行签订许可或转让合同。",
        ],
        indent=True,
    )

    heading(doc, "第九条　保密")
    para(
        doc,
        [
            (
                "1．乙方应严格遵守甲方经营、技术及商业秘密保护规定。在聘期内及聘期届满后，未经甲方书面同意，"
                "乙方不得泄露甲方的秘密信息，不得利用甲方的秘密信息谋取私利。"
            )
        ],
        indent=True,
    )
    para(
        doc,
        [
            "2．甲方对乙方",
            "{% if 丙方为接收地方 %}",
            "及其派出单位",
            "{% else %}",
            "、丙方",
            "{% endif %}",
            "提供的未公开技术资料负有同等保密义务。保密义务不因本协议的解除或终止而失效。",
        ],
        indent=True,
    )

    heading(doc, "第十条　协议的变更、解除和终止")
    para(doc, ["1．经三方协商一致，可以书面形式变更本协议。"], indent=True)
    para(
        doc,
        [
            (
                "2．有下列情形之一的，任何一方可以书面通知其他两方解除本协议，并报主管部门备案：（1）甲方与乙方出现无法继续合作的情形；"
                "（2）乙方不能胜任工作，经主管部门"
            ),
            "{% if 丙方为接收地方 %}",
            "商乙方派出单位",
            "{% else %}",
            "同意",
            "{% endif %}",
            "终止服务或另派人选的；（3）甲方破产、注销或被吊销营业执照的；（4）乙方考核不合格的。",
        ],
        indent=True,
    )
    para(doc, ["3．聘期届满本协议自然终止；考核优秀且三方同意继续合作的，可以续签协议。"], indent=True)

    heading(doc, "第十一条　违约责任")
    para(
        doc,
        ["任何一方违反本协议约定的，应当承担相应责任；给其他方造成损失的，依法承担赔偿责任。"],
        indent=True,
    )

    heading(doc, "第十二条　争议解决")
    para(
        doc,
        [
            (
                "因本协议引起的或与本协议有关的争议，三方应友好协商解决；协商不成的，可以提请主管部门调解，"
                "或向甲方所在地有管辖权的人民法院提起诉讼。"
            )
        ],
        indent=True,
    )

    heading(doc, "第十三条　其他")
    para(doc, ["1．本协议未尽事宜，由三方协商签订补充协议，补充协议与本协议具有同等效力。"], indent=True)
    para(
        doc,
        [
            "2．本协议一式三份，甲、乙、丙三方各执一份，具有同等效力，自三方签字（盖章）之日起生效。",
            "{{ 备案说明 }}",
        ],
        indent=True,
        space_after=16,
        keep=True,  # the last clause stays with the signatures: the signature block is never alone on a page
    )
    para(doc, ["（以下无正文）"], align=WD_ALIGN_PARAGRAPH.CENTER, space_after=10, keep=True)

    sign = doc.add_table(rows=5, cols=3)
    sign.alignment = WD_TABLE_ALIGNMENT.CENTER
    labels = [
        ["甲方（盖章）：", "乙方（签字）：", "丙方（盖章）："],
        ["{{ 企业名称 }}", "{{ 专家姓名 }}", "{{ 丙方 }}"],
        ["法定代表人或授权代表（签字）：", "", "法定代表人或授权代表（签字）："],
        ["", "", ""],
        ["日期：{{ 签订日期 }}", "日期：{{ 签订日期 }}", "日期：{{ 签订日期 }}"],
    ]
    for i, row in enumerate(labels):
        for j, text in enumerate(row):
            cell = sign.rows[i].cells[j]
            if text:
                cell_text(cell, text, bold=(i == 0))
            for par in cell.paragraphs:
                par.paragraph_format.keep_with_next = i < len(labels) - 1
                par.paragraph_format.keep_together = True
        cant_split(sign.rows[i])
    fixed_widths(sign, [5.3, 5.3, 5.3])
    return doc


def notice() -> Document:
    doc = Document()
    setup(doc)
    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.paragraph_format.space_after = Pt(12)
    run(title, "{{ 公示标题 }}", font=TITLE_FONT, bold=True, size=18)
    para(
        doc,
        [
            "根据《",
            "{{ 政策名称 }}",
            "》有关规定，经企业申报、县（市、区）推荐、供需对接和审核，拟选派以下",
            "{{ 人数 }}",
            "名同志担任“科技副总”，现予以公示。",
        ],
        indent=True,
    )
    para(doc, ["{{ 公示期 }}", "（", "{{ 公示天数 }}", "个工作日）。"], indent=True)
    para(
        doc,
        ["公示期间，如对公示人选有异议，请以书面形式实名反映，并提供必要的证明材料。", "{{ 联系方式 }}"],
        indent=True,
        space_after=8,
    )
    loop_table(
        doc,
        ["序号", "姓名", "性别", "工作单位", "职称", "服务企业", "县（市、区）"],
        [
            "{{ 人.序号 }}",
            "{{ 人.姓名 }}",
            "{{ 人.性别 }}",
            "{{ 人.工作单位 }}",
            "{{ 人.职称 }}",
            "{{ 人.服务企业 }}",
            "{{ 人.县市区 }}",
        ],
        "for 人 in 名单",
        # 15.8 cm, the text width of the page, in 五号 (10.5 pt) as an official list: a name and 副主任医师 on one line
        [1.3, 1.9, 1.3, 3.7, 2.3, 3.5, 1.8],
        size=10.5,
    )
    para(doc, [""], space_after=12)
    para(doc, ["{{ 发布单位 }}"], align=WD_ALIGN_PARAGRAPH.RIGHT)
    para(doc, ["{{ 发布日期 }}"], align=WD_ALIGN_PARAGRAPH.RIGHT)
    return doc


def strip_leftovers(path: Path) -> None:
    """Drop what python-docx's own default template leaves in every file: its thumbnail picture and an empty
    bibliography (customXml), with their relationships and content types."""
    import re
    import zipfile

    with zipfile.ZipFile(path) as zin:
        items = [(info, zin.read(info.filename)) for info in zin.infolist()]
    drop = ("docProps/thumbnail", "customXml/")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for info, data in items:
            if info.filename.startswith(drop):
                continue
            if info.filename.endswith(".rels") or info.filename == "[Content_Types].xml":
                text = data.decode("utf-8")
                text = re.sub(r'<Relationship [^>]*Target="[^"]*(?:thumbnail|customXml)[^"]*"/>', "", text)
                text = re.sub(r'<Override PartName="/customXml/[^"]*"[^>]*/>', "", text)
                data = text.encode("utf-8")
            zout.writestr(info, data)


def main() -> int:
    OUT.mkdir(exist_ok=True)
    agreement().save(OUT / "三方协议.docx")
    notice().save(OUT / "公示通知.docx")
    for name in ("三方协议.docx", "公示通知.docx"):
        strip_leftovers(OUT / name)
    print(f"wrote {OUT / '三方协议.docx'} and {OUT / '公示通知.docx'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
