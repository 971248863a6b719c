"""The 发文稿纸 (approval sheet): one A4 page that goes round before the reply is sent.

拟稿 → 核稿 → 会签 → 签发: the sheet carries the boxes the leaders sign in (left blank,
tall enough for a signature and a date) and the facts of the reply, filled from the draft
and the bureau profile: 拟稿单位, 拟稿人, 电话, 文号, 主送, 抄送, 标题, 公开属性, 印数.
A plain bordered table in the flow of the text (no floating frame), fonts in every slot as
in the reply itself. Written beside the reply as `<reply>.稿纸.docx`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import docx
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.oxml.parser import OxmlElement
from docx.shared import Mm, Pt

from replydraft.atomic import write_atomic
from replydraft.genre import GAP_OPEN
from replydraft.profiles import BureauProfile, ExportStyle
from replydraft.records import Draft
from replydraft.render import cc_line, strip_control

SHEET_SUFFIX = ".稿纸.docx"
_SIGN_ROWS = ("签发", "会签", "核稿")  # top to bottom, as the sheet goes round in reverse
_SIGN_HEIGHT_MM = 40.0  # room for a signature, a comment and a date
_ROW_HEIGHT_MM = 14.0
# Six columns over the 170 mm between 20 mm margins: label, value three times; the unit's
# name and an extension number are the longest values of the 拟稿 row.
_WIDTHS_MM = (24.0, 46.0, 20.0, 24.0, 16.0, 40.0)


def approval_sheet_path(reply: Path) -> Path:
    """`答复.docx` -> `答复.稿纸.docx`, in the same folder."""
    return reply.with_name(reply.stem + SHEET_SUFFIX)


@dataclass(frozen=True)
class SheetFields:
    """What the sheet prints; "" leaves a box empty for the officer's pen."""

    office: str  # the bureau, in the sheet's title
    unit: str  # 拟稿单位
    drafter: str  # 拟稿人
    phone: str  # 电话
    doc_number: str  # 文号
    recipient: str  # 主送
    cc: str  # 抄送
    title: str  # 标题
    disclosure: str  # 公开属性
    copies: str  # 印数

    @classmethod
    def of(cls, draft: Draft, profile: BureauProfile | None = None) -> SheetFields:
        unit = draft.signature.strip() or (profile.name if profile else "")
        office = (profile.name if profile else "") or unit
        cc = cc_line(draft.cc).removeprefix("抄送：").removesuffix("。")
        values = {
            "office": office,
            "unit": unit,
            "drafter": draft.contact.name,
            "phone": draft.contact.phone,
            "doc_number": draft.header.doc_number,
            "recipient": draft.salutation.strip().rstrip("：:"),
            "cc": cc,
            "title": draft.title.strip(),
            "disclosure": draft.header.disclosure,
            "copies": profile.print_copies if profile else "",
        }
        # A 【待填写】 gap is a box for the pen on paper (the 文号 is given at 签发).
        return cls(**{k: "" if GAP_OPEN in v else v.strip() for k, v in values.items()})


def export_approval_sheet(
    draft: Draft, target: Path, *, profile: BureauProfile | None = None
) -> None:
    """Write the approval sheet for `draft` to `target`, atomically (WriteError on failure)."""
    style = profile.style if profile else ExportStyle()
    document = build_sheet(SheetFields.of(draft, profile), style)
    write_atomic(Path(target), lambda path: document.save(str(path)))


def build_sheet(fields: SheetFields, style: ExportStyle) -> Any:
    """The python-docx Document of one sheet."""
    document = docx.Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(style.paper_width_mm), Mm(style.paper_height_mm)
    section.top_margin = section.bottom_margin = Mm(20)
    section.left_margin = section.right_margin = Mm(20)
    _set_fonts(document.styles["Normal"].element, style.font_body, style.font_latin)
    document.styles["Normal"].font.size = Pt(style.footer_size_pt)  # 4号 in the boxes

    heading = document.add_paragraph()
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(heading, f"{fields.office}发文稿纸", style.font_title, style, size=22)
    heading.paragraph_format.space_after = Pt(12)

    widths = list(_WIDTHS_MM)
    table = document.add_table(rows=0, cols=len(widths))
    table.style = document.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _fixed_layout(table, widths)

    def row(height: float) -> Any:
        cells = table.add_row()
        cells.height = Mm(height)
        for cell, w in zip(cells.cells, widths, strict=True):
            cell.width = Mm(w)
        return cells.cells

    def label(cell: Any, text: str) -> None:
        p = cell.paragraphs[0]
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _run(p, text, style.font_heading1, style)

    def value(cell: Any, text: str) -> None:
        _run(cell.paragraphs[0], text, style.font_body, style)

    for name in _SIGN_ROWS:  # a label and one wide empty box for the pen
        cells = row(_SIGN_HEIGHT_MM)
        label(cells[0], name)
        cells[1].merge(cells[5])
    cells = row(_ROW_HEIGHT_MM)
    for i, (name, text) in enumerate(
        (("拟稿单位", fields.unit), ("拟稿人", fields.drafter), ("电话", fields.phone))
    ):
        label(cells[2 * i], name)
        value(cells[2 * i + 1], text)
    for name, text in (
        ("文号", fields.doc_number),
        ("主送", fields.recipient),
        ("抄送", fields.cc),
        ("标题", fields.title),
    ):
        cells = row(_ROW_HEIGHT_MM)
        label(cells[0], name)
        merged = cells[1].merge(cells[5])
        value(merged, text)
    cells = row(_ROW_HEIGHT_MM)
    label(cells[0], "公开属性")
    value(cells[1].merge(cells[3]), fields.disclosure)
    label(cells[4], "印数")
    value(cells[5], fields.copies)
    for r in table.rows:
        for cell in r.cells:
            _centre_vertically(cell)
    return document


def _run(paragraph: Any, text: str, font: str, style: ExportStyle, size: float = 0) -> None:
    run = paragraph.add_run(strip_control(text))
    run.font.size = Pt(size or style.footer_size_pt)
    _set_fonts(run._element, font, style.font_latin)


def _set_fonts(element: Any, east_asia: str, latin: str) -> None:
    """Every font slot, with the East-Asian hint: run.font.name alone leaves Chinese text to
    the theme's (Japanese) font."""
    rpr = element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.insert(0, rfonts)
    for attr in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
        rfonts.attrib.pop(qn(f"w:{attr}"), None)
    for slot, name in (("ascii", latin), ("hAnsi", latin), ("eastAsia", east_asia), ("cs", latin)):
        rfonts.set(qn(f"w:{slot}"), name)
    rfonts.set(qn("w:hint"), "eastAsia")


def _fixed_layout(table: Any, widths: list[float]) -> None:
    """Fixed column widths, so Word, WPS and LibreOffice do not size columns by content."""
    tbl_pr = table._tbl.tblPr
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    tbl_pr.append(layout)
    grid = table._tbl.tblGrid
    for col, w in zip(grid.findall(qn("w:gridCol")), widths, strict=True):
        col.set(qn("w:w"), str(round(w * 1440 / 25.4)))


def _centre_vertically(cell: Any) -> None:
    tc_pr = cell._tc.get_or_add_tcPr()
    if tc_pr.find(qn("w:vAlign")) is None:
        v = OxmlElement("w:vAlign")
        v.set(qn("w:val"), "center")
        tc_pr.append(v)
