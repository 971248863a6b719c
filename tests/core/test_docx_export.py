"""The .docx export, read back as XML: page, grid, fonts, sizes, footers, 版记, safety."""

from __future__ import annotations

import errno
import os
import re
import stat
import zipfile
from dataclasses import replace
from pathlib import Path

import docx
import pytest
from lxml import etree

from replydraft.atomic import WriteError, write_atomic, write_text_atomic
from replydraft.docx_export import export_docx, mm_to_twips
from replydraft.profiles import ExportStyle
from replydraft.records import DraftHeader, DraftParagraph, DraftSection
from replydraft.render import render_blocks
from tests.core._drafts import PRINT_OFFICE, SIGNATURE, pudong_057, short_reply

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}


def w(name: str) -> str:
    return f"{{{W}}}{name}"


class Docx:
    """The parts of a written .docx as lxml trees."""

    def __init__(self, path: Path) -> None:
        with zipfile.ZipFile(path) as z:
            self.names = set(z.namelist())
            self.document = etree.fromstring(z.read("word/document.xml"))
            self.styles = etree.fromstring(z.read("word/styles.xml"))
            self.settings = etree.fromstring(z.read("word/settings.xml"))
            rels = etree.fromstring(z.read("word/_rels/document.xml.rels"))
            targets = {r.get("Id"): r.get("Target") for r in rels}
            self.footers: dict[str, etree._Element] = {}
            for ref in self.document.iterfind(".//w:sectPr/w:footerReference", NS):
                rid = ref.get(
                    "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
                )
                part = z.read("word/" + targets[rid])
                self.footers[ref.get(w("type"))] = etree.fromstring(part)
            self.core = z.read("docProps/core.xml").decode("utf-8")

    @property
    def sect(self) -> etree._Element:
        return self.document.find(".//w:body/w:sectPr", NS)

    def paragraphs(self) -> list[etree._Element]:
        return self.document.findall(".//w:body/w:p", NS)

    def find_paragraph(self, start: str) -> etree._Element:
        for p in self.paragraphs():
            if text(p).startswith(start):
                return p
        raise AssertionError(f"no paragraph starts with {start!r}")

    def style(self, style_id: str) -> etree._Element:
        found = self.styles.find(f"w:style[@w:styleId='{style_id}']", NS)
        assert found is not None, style_id
        return found


def text(p: etree._Element) -> str:
    return "".join(t.text or "" for t in p.iterfind(".//w:t", NS))


def runs(p: etree._Element) -> list[etree._Element]:
    return [r for r in p.iterfind("w:r", NS) if r.find("w:t", NS) is not None]


def attr(el: etree._Element | None, name: str) -> str | None:
    return None if el is None else el.get(w(name))


def export(tmp_path: Path, draft=None, style: ExportStyle | None = None) -> Docx:
    target = tmp_path / "答复.docx"
    export_docx(draft or pudong_057(), style or ExportStyle(), target)
    return Docx(target)


@pytest.fixture
def seed_docx(tmp_path: Path) -> Docx:
    return export(tmp_path)


def test_mm_to_twips_rounds_half_up() -> None:
    # 37 mm = 2097.6 twips, 28 mm = 1587.4, 26 mm = 1474.0, 35 mm = 1984.3: nearest twip.
    assert [mm_to_twips(m) for m in (37, 28, 26, 35, 210, 297)] == [
        2098,
        1587,
        1474,
        1984,
        11906,
        16838,
    ]


def test_page_margins_and_line_grid(seed_docx: Docx) -> None:
    sect = seed_docx.sect
    size = sect.find("w:pgSz", NS)
    assert (attr(size, "w"), attr(size, "h")) == ("11906", "16838")
    margins = sect.find("w:pgMar", NS)
    assert {k: attr(margins, k) for k in ("top", "left", "right", "bottom")} == {
        "top": "2098",
        "left": "1587",
        "right": "1474",
        "bottom": "1984",
    }
    grid = sect.find("w:docGrid", NS)
    assert (attr(grid, "type"), attr(grid, "linePitch")) == ("lines", "579")
    # The type area is 22 lines of 579 twips high (225 mm = 12756 twips >= 22 * 579).
    height = 16838 - 2098 - 1984
    assert height // 579 == 22


def test_every_body_paragraph_is_exact_on_the_grid(seed_docx: Docx) -> None:
    body = [
        p
        for p in seed_docx.paragraphs()
        if p.find("w:pPr/w:pStyle[@w:val='BodyText']", NS) is not None
    ]
    assert len(body) >= 10
    for p in body:
        spacing = p.find("w:pPr/w:spacing", NS)
        assert (attr(spacing, "line"), attr(spacing, "lineRule")) == ("579", "exact")
        assert (attr(spacing, "before"), attr(spacing, "after")) == ("0", "0")
        ind = p.find("w:pPr/w:ind", NS)
        assert (attr(ind, "firstLineChars"), attr(ind, "firstLine")) == ("200", "640")
        assert attr(p.find("w:pPr/w:jc", NS), "val") == "both"
    # 28 characters a line: each 3号 character condensed so that 28 fit into 156 mm.
    text_width = 11906 - 1587 - 1474
    spacing = int(attr(runs(body[0])[0].find("w:rPr/w:spacing", NS), "val") or 0)
    assert spacing == -5
    assert 28 * (320 + spacing) <= text_width < 29 * (320 + spacing)


def test_fonts_in_every_run_and_in_the_styles(seed_docx: Docx) -> None:
    all_runs = list(seed_docx.document.iterfind(".//w:r", NS))
    assert all_runs
    for r in all_runs:
        fonts = r.find("w:rPr/w:rFonts", NS)
        assert fonts is not None
        for slot in ("eastAsia", "ascii", "hAnsi"):
            assert attr(fonts, slot), slot
        assert attr(fonts, "hint") == "eastAsia"
    # No theme font anywhere: the template's theme would pick a Japanese font.
    for tree in (seed_docx.document, seed_docx.styles):
        for fonts in tree.iter(w("rFonts")):
            assert not any(k.endswith("Theme") or k.endswith("theme") for k in fonts.attrib)
    normal = seed_docx.style("Normal").find("w:rPr/w:rFonts", NS)
    assert (attr(normal, "eastAsia"), attr(normal, "ascii"), attr(normal, "hAnsi")) == (
        "仿宋_GB2312",
        "Times New Roman",
        "Times New Roman",
    )
    assert attr(normal, "hint") == "eastAsia"
    defaults = seed_docx.styles.find("w:docDefaults/w:rPrDefault/w:rPr/w:rFonts", NS)
    assert attr(defaults, "eastAsia") == "仿宋_GB2312"
    assert attr(seed_docx.settings.find("w:themeFontLang", NS), "eastAsia") == "zh-CN"


def run_font(p: etree._Element, index: int = 0) -> tuple[str | None, str | None, str | None]:
    r = runs(p)[index]
    return (
        attr(r.find("w:rPr/w:rFonts", NS), "eastAsia"),
        attr(r.find("w:rPr/w:rFonts", NS), "ascii"),
        attr(r.find("w:rPr/w:sz", NS), "val"),
    )


def test_sizes_and_fonts_per_element(seed_docx: Docx) -> None:
    d = seed_docx
    title = d.find_paragraph("对浦东新区政协")
    assert run_font(title) == ("方正小标宋简体", "Times New Roman", "44")
    assert attr(title.find("w:pPr/w:jc", NS), "val") == "center"
    assert run_font(d.find_paragraph("浦东新区工商联：")) == (
        "仿宋_GB2312",
        "Times New Roman",
        "32",
    )
    assert run_font(d.find_paragraph("收到你们的提案后")) == (
        "仿宋_GB2312",
        "Times New Roman",
        "32",
    )
    h1 = d.find_paragraph("一、对本提案的办理概述")
    h2 = d.find_paragraph("（三）持续加大AI人才引育")
    assert run_font(h1) == ("黑体", "Times New Roman", "32")
    assert run_font(h2) == ("楷体_GB2312", "Times New Roman", "32")
    for heading in (h1, h2):
        assert attr(runs(heading)[0].find("w:rPr/w:b", NS), "val") == "0"  # not bold
        ind = heading.find("w:pPr/w:ind", NS)
        assert (attr(ind, "firstLineChars"), attr(ind, "firstLine")) == ("200", "640")
    assert run_font(d.find_paragraph("抄送：")) == ("仿宋_GB2312", "Times New Roman", "28")
    assert run_font(d.find_paragraph(PRINT_OFFICE)) == ("仿宋_GB2312", "Times New Roman", "28")
    # Headings carry Word's outline levels, so the navigation pane lists them.
    assert attr(h1.find("w:pPr/w:outlineLvl", NS), "val") == "0"
    assert attr(h2.find("w:pPr/w:outlineLvl", NS), "val") == "1"


def test_title_breaks_into_two_lines_in_one_paragraph(seed_docx: Docx) -> None:
    title = seed_docx.find_paragraph("对浦东新区政协")
    assert len(title.findall(".//w:br", NS)) == 1
    assert [t.text for t in title.iterfind(".//w:t", NS)] == [
        "对浦东新区政协七届四次会议",
        "第057号提案的答复",
    ]
    # One blank line between the title and the salutation, which is flush left.
    paragraphs = seed_docx.paragraphs()
    i = paragraphs.index(title)
    assert text(paragraphs[i + 1]) == ""
    salutation = paragraphs[i + 2]
    assert text(salutation) == "浦东新区工商联："
    assert attr(salutation.find("w:pPr/w:ind", NS), "firstLine") == "0"


def test_document_text_follows_render_order(tmp_path: Path) -> None:
    draft = pudong_057()
    draft.header.signer = "詹镭"
    target = tmp_path / "r.docx"
    export_docx(draft, ExportStyle(), target)
    printed = [p.text for p in docx.Document(str(target)).paragraphs if p.text]
    blocks = render_blocks(draft)
    # Layout may join (文号 + 签发人) or split (a long contact line) lines and adds spacing
    # characters; the words and their order are those of render_blocks.
    assert _squeeze("".join(printed)) == _squeeze("".join(b.text for b in blocks))
    headings = [b.text for b in blocks if b.is_heading]
    assert [t for t in printed if t in headings] == headings


def _squeeze(s: str) -> str:
    return re.sub(r"\s", "", s)


def test_signature_right_indented_and_date_under_it(seed_docx: Docx) -> None:
    paragraphs = seed_docx.paragraphs()
    sig = seed_docx.find_paragraph(SIGNATURE)
    date = paragraphs[paragraphs.index(sig) + 1]
    assert text(date) == "2025年5月7日"
    assert text(paragraphs[paragraphs.index(sig) - 1]) == ""  # one blank line under the body
    char = 320 - 5  # a condensed 3号 character
    text_width = 11906 - 1587 - 1474
    assert attr(sig.find("w:pPr/w:jc", NS), "val") == "right"
    assert attr(sig.find("w:pPr/w:ind", NS), "right") == str(2 * char)
    # GB/T 9704 §7.3.5.2: the date starts two characters right of the name's first character,
    # placed from the left so that the width of its digits (font-dependent) does not matter.
    assert attr(date.find("w:pPr/w:jc", NS), "val") == "left"
    sig_left_edge = text_width - 2 * char - len(SIGNATURE) * char
    assert attr(date.find("w:pPr/w:ind", NS), "left") == str(sig_left_edge + 2 * char)
    assert attr(date.find("w:pPr/w:ind", NS), "right") is None


def test_long_date_pushes_the_name_left(tmp_path: Path) -> None:
    draft = short_reply()
    draft.signature = "区科委"
    doc = export(tmp_path, draft)
    paragraphs = doc.paragraphs()
    sig = doc.find_paragraph("区科委")
    date = paragraphs[paragraphs.index(sig) + 1]
    assert attr(date.find("w:pPr/w:jc", NS), "val") == "right"
    assert attr(date.find("w:pPr/w:ind", NS), "right") == str(2 * 315)
    # The name starts two characters left of the date: 2 + date + 2 characters from the right.
    assert text(date) == "2025年4月21日"
    date_width = 3 * 315 + 7 * (160 - 5)  # 年月日 full-width, seven half-width digits
    assert attr(sig.find("w:pPr/w:jc", NS), "val") == "left"
    left = int(attr(sig.find("w:pPr/w:ind", NS), "left") or 0)
    assert left == 8845 - 2 * 315 - date_width - 2 * 315


def test_every_paragraph_lets_punctuation_hang_as_word_does(seed_docx: Docx) -> None:
    """overflowPunct="1" everywhere: Word's default, and LibreOffice then keeps every 。 and ，."""
    for p in seed_docx.paragraphs():
        assert attr(p.find("w:pPr/w:overflowPunct", NS), "val") == "1"


def test_page_number_footers_odd_and_even(seed_docx: Docx) -> None:
    assert seed_docx.settings.find("w:evenAndOddHeaders", NS) is not None
    assert set(seed_docx.footers) == {"default", "even"}
    for kind, footer in seed_docx.footers.items():
        p = footer.find("w:p", NS)
        kinds = [attr(f, "fldCharType") for f in p.iterfind(".//w:fldChar", NS)]
        assert kinds == ["begin", "separate", "end"]
        assert "".join(t.text for t in p.iterfind(".//w:instrText", NS)).strip() == "PAGE"
        assert text(p).startswith("— ") and text(p).endswith(" —")
        fonts = p.find("w:r/w:rPr/w:rFonts", NS)
        assert attr(fonts, "eastAsia") == attr(fonts, "ascii") == "宋体"
        assert attr(p.find("w:r/w:rPr/w:sz", NS), "val") == "28"
        ind = p.find("w:pPr/w:ind", NS)
        if kind == "default":  # odd pages: right-aligned, one character in
            assert attr(p.find("w:pPr/w:jc", NS), "val") == "right"
            assert attr(ind, "right") == "280"
        else:
            assert attr(p.find("w:pPr/w:jc", NS), "val") == "left"
            assert attr(ind, "left") == "280"


def test_no_page_numbers_when_the_style_says_so(tmp_path: Path) -> None:
    doc = export(tmp_path, style=ExportStyle(page_numbers=False))
    assert doc.footers == {}
    assert doc.settings.find("w:evenAndOddHeaders", NS) is None


def test_banji_frame_text_and_rules(seed_docx: Docx) -> None:
    paragraphs = seed_docx.paragraphs()
    framed = [p for p in paragraphs if p.find("w:pPr/w:framePr", NS) is not None]
    assert [text(p) for p in framed] == [
        "",
        "抄送：区政府办公室、区政协提案委。",
        "",
        f"{PRINT_OFFICE}2025年5月7日印发",
        "",
    ]
    assert framed == paragraphs[-5:]  # the 版记 closes the document
    for p in framed:
        frame = p.find("w:pPr/w:framePr", NS)
        assert (attr(frame, "vAnchor"), attr(frame, "yAlign")) == ("margin", "bottom")
        assert attr(frame, "w") == str(11906 - 1587 - 1474)  # type-area wide
    # The whole 版记 is exactly two grid lines high: the text lines give up the rules' height.
    assert sum(int(attr(p.find("w:pPr/w:spacing", NS), "line") or 0) for p in framed) == 2 * 579
    rules = [p for p in framed if not text(p)]
    # Rules: filled paragraphs as high as the rule (0.35 mm, 0.25 mm, 0.35 mm), no indent.
    assert [attr(p.find("w:pPr/w:spacing", NS), "line") for p in rules] == ["20", "14", "20"]
    for p in rules:
        assert attr(p.find("w:pPr/w:shd", NS), "fill") == "000000"
        assert attr(p.find("w:pPr/w:spacing", NS), "lineRule") == "exact"
        assert attr(p.find("w:pPr/w:ind", NS), "left") in (None, "0")
    cc = framed[1].find("w:pPr/w:ind", NS)
    # One character (4号 = 280 twips) in from each side; wrapped lines align after "抄送：".
    assert (attr(cc, "left"), attr(cc, "hanging"), attr(cc, "right")) == ("1120", "840", "280")
    printed = framed[3]
    assert [attr(t, "val") for t in printed.iterfind("w:pPr/w:tabs/w:tab", NS)] == ["right"]
    assert attr(printed.find("w:pPr/w:tabs/w:tab", NS), "pos") == str(8845 - 280)
    assert printed.find(".//w:tab", NS) is not None


def test_banji_omitted_without_cc_and_print_office(tmp_path: Path) -> None:
    doc = export(tmp_path, short_reply())
    assert not doc.document.findall(".//w:framePr", NS)
    assert "抄送" not in "".join(text(p) for p in doc.paragraphs())


def test_only_cc_gives_two_thick_rules(tmp_path: Path) -> None:
    draft = pudong_057()
    draft.print_office = ""
    doc = export(tmp_path, draft)
    framed = [p for p in doc.paragraphs() if p.find("w:pPr/w:framePr", NS) is not None]
    assert [text(p) for p in framed] == ["", "抄送：区政府办公室、区政协提案委。", ""]
    assert [attr(p.find("w:pPr/w:spacing", NS), "line") for p in framed[::2]] == ["20", "20"]
    assert sum(int(attr(p.find("w:pPr/w:spacing", NS), "line") or 0) for p in framed) == 579


def test_header_block(tmp_path: Path) -> None:
    doc = export(tmp_path)
    first = doc.paragraphs()[:4]
    assert [text(p) for p in first] == [
        "办理结果：解决或采纳",
        "公开属性：主动公开",
        "浦科经委办理〔2025〕61号",
        "",
    ]
    assert attr(first[0].find("w:pPr/w:jc", NS), "val") == "left"
    assert run_font(first[0])[0] == "黑体"
    assert attr(first[2].find("w:pPr/w:jc", NS), "val") == "center"

    draft = pudong_057()
    draft.header = DraftHeader(doc_number="浦科经委办理〔2025〕61号", signer="詹镭")
    doc = export(tmp_path, draft)
    line = doc.paragraphs()[0]
    assert text(line) == "浦科经委办理〔2025〕61号签发人：詹镭"
    assert line.find(".//w:tab", NS) is not None  # 签发人 at a right tab one character in
    assert run_font(line, -1)[0] == "楷体_GB2312"  # the name in 楷体 (§7.2.5)

    doc = export(tmp_path, pudong_057(header=False))
    assert text(doc.paragraphs()[0]).startswith("对浦东新区政协")


def test_style_overrides_reach_the_xml(tmp_path: Path) -> None:
    style = replace(
        ExportStyle(),
        font_body="仿宋",
        font_heading2="楷体",
        font_latin="Arial",
        margin_left_mm=30,
        margin_top_mm=35,
        line_pitch_pt=28,
        chars_per_line=27,
        body_size_pt=15,
    )
    doc = export(tmp_path, style=style)
    margins = doc.sect.find("w:pgMar", NS)
    assert (attr(margins, "left"), attr(margins, "top")) == ("1701", "1984")
    assert attr(doc.sect.find("w:docGrid", NS), "linePitch") == "560"
    body = doc.find_paragraph("收到你们的提案后")
    assert run_font(body) == ("仿宋", "Arial", "30")
    assert attr(body.find("w:pPr/w:spacing", NS), "line") == "560"
    assert attr(body.find("w:pPr/w:ind", NS), "firstLine") == "600"
    spacing = int(attr(runs(body)[0].find("w:rPr/w:spacing", NS), "val") or 0)
    text_width = 11906 - 1701 - 1474
    assert 27 * (300 + spacing) <= text_width < 28 * (300 + spacing)
    assert run_font(doc.find_paragraph("（一）"))[0] == "楷体"
    assert attr(doc.style("Normal").find("w:rPr/w:rFonts", NS), "eastAsia") == "仿宋"


def test_forbidden_xml_characters_are_dropped(tmp_path: Path) -> None:
    draft = pudong_057()
    draft.title = "对浦东新区\x00政协七届四次会议第057号提案的答复\x0b"
    draft.sections[0].paragraphs.append(DraftParagraph("坏\x01字\x1f符\ufffe。\t制表"))
    draft.sections.append(DraftSection("新\x08标题", 1))
    target = tmp_path / "bad.docx"
    export_docx(draft, ExportStyle(), target)
    doc = Docx(target)
    assert doc.find_paragraph("对浦东新区政协七届四次会议") is not None
    p = doc.find_paragraph("坏字符。")
    assert text(p) == "坏字符。制表"
    assert p.find(".//w:tab", NS) is not None  # a tab stays a tab
    assert doc.find_paragraph("三、新标题") is not None
    assert "\x00" not in doc.core


def test_package_has_no_template_leftovers(seed_docx: Docx) -> None:
    assert "docProps/thumbnail.jpeg" not in seed_docx.names
    assert "word/stylesWithEffects.xml" not in seed_docx.names
    assert "python-docx" not in seed_docx.core
    assert "对浦东新区政协七届四次会议第057号提案的答复" in seed_docx.core


# --- Failures leave the old file ------------------------------------------------------------


def test_read_only_target_keeps_the_old_file(tmp_path: Path) -> None:
    target = tmp_path / "报告.docx"
    target.write_bytes(b"old contents")
    target.chmod(stat.S_IRUSR | stat.S_IRGRP)
    try:
        with pytest.raises(WriteError, match=r"^报告\.docx: 无法写入（文件为只读）$"):
            export_docx(pudong_057(), ExportStyle(), target)
        assert target.read_bytes() == b"old contents"
        assert sorted(p.name for p in tmp_path.iterdir()) == ["报告.docx"]
    finally:
        target.chmod(stat.S_IRUSR | stat.S_IWUSR)


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="needs a non-root POSIX user")
def test_read_only_folder_keeps_the_old_file(tmp_path: Path) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    target = folder / "报告.docx"
    target.write_bytes(b"old contents")
    folder.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        with pytest.raises(
            WriteError,
            match=r"^报告\.docx: 无法写入（没有写入权限，或文件正在 Word 等程序中打开）$",
        ):
            export_docx(pudong_057(), ExportStyle(), target)
        assert target.read_bytes() == b"old contents"
    finally:
        folder.chmod(stat.S_IRWXU)
    assert [p.name for p in folder.iterdir()] == ["报告.docx"]


def test_missing_folder_is_one_clear_line(tmp_path: Path) -> None:
    target = tmp_path / "nowhere" / "报告.docx"
    with pytest.raises(WriteError) as caught:
        export_docx(pudong_057(), ExportStyle(), target)
    message = str(caught.value)
    assert message.startswith("报告.docx: 无法写入（")
    assert f"文件夹 {target.parent} 不存在" in message
    assert "\n" not in message


def test_export_replaces_an_existing_file_and_leaves_the_draft(tmp_path: Path) -> None:
    target = tmp_path / "答复.docx"
    target.write_bytes(b"old contents")
    draft = pudong_057()
    before = draft.to_dict()
    export_docx(draft, ExportStyle(), target)
    assert zipfile.is_zipfile(target)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["答复.docx"]
    assert draft.to_dict() == before  # exporting reads the draft, never edits it


# --- atomic.py ------------------------------------------------------------------------------


def test_failing_writer_leaves_old_file_and_no_temp(tmp_path: Path) -> None:
    target = tmp_path / "报告.docx"
    target.write_bytes(b"old contents")

    def half_then_fail(path: Path) -> None:
        path.write_bytes(b"half a docx")
        raise ValueError("renderer broke")

    with pytest.raises(WriteError, match=r"^报告\.docx: 写入失败（ValueError: renderer broke）$"):
        write_atomic(target, half_then_fail)
    assert target.read_bytes() == b"old contents"
    assert [p.name for p in tmp_path.iterdir()] == ["报告.docx"]


def test_disk_full_is_named(tmp_path: Path) -> None:
    def full(path: Path) -> None:
        raise OSError(errno.ENOSPC, "No space left on device", str(path))

    with pytest.raises(WriteError, match=r"^a\.txt: 无法写入（磁盘已满）$"):
        write_atomic(tmp_path / "a.txt", full)
    assert list(tmp_path.iterdir()) == []


def test_file_held_open_is_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Windows refuses the rename while Word holds the file open; root here cannot be refused.
    def denied(*_args: object) -> None:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr("os.replace", denied)
    with pytest.raises(WriteError, match=r"^答复\.docx: 无法写入（没有写入权限，或文件正在 Word"):
        export_docx(pudong_057(), ExportStyle(), tmp_path / "答复.docx")
    with pytest.raises(WriteError, match=r"^答复\.txt: 无法写入（没有写入权限，或文件正在其他程序"):
        write_text_atomic(tmp_path / "答复.txt", "x")
    assert list(tmp_path.iterdir()) == []


def test_write_text_atomic_replaces_and_keeps_permissions(tmp_path: Path) -> None:
    target = tmp_path / "答复.txt"
    target.write_text("旧", encoding="utf-8")
    target.chmod(0o640)
    write_text_atomic(target, "新的答复\n")
    assert target.read_text(encoding="utf-8") == "新的答复\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["答复.txt"]


def test_folder_or_file_in_the_way(tmp_path: Path) -> None:
    (tmp_path / "答复.docx").mkdir()
    with pytest.raises(WriteError, match=r"^答复\.docx: 无法写入（这是一个文件夹，不是文件）$"):
        write_text_atomic(tmp_path / "答复.docx", "x")
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(WriteError, match=r"^a\.txt: 无法写入（.*file 不是文件夹）$"):
        write_text_atomic(blocker / "a.txt", "x")


def test_letter_format_header_footer_and_no_print_line(tmp_path: Path) -> None:
    draft = pudong_057()
    draft.header.signer = "张三"
    target = tmp_path / "信函.docx"
    export_docx(draft, ExportStyle(letterhead="letter", letterhead_name="浦东科经委"), target)
    document = docx.Document(str(target))
    section = document.sections[0]
    assert section.different_first_page_header_footer
    (mark,) = section.first_page_header.paragraphs
    assert mark.text == "浦东科经委"
    assert mark._p.find(f".//{w('color')}").get(w("val")) == "FF0000"
    upper = mark._p.find(f"{w('pPr')}/{w('pBdr')}/{w('bottom')}")
    assert upper.get(w("val")) == "thickThinSmallGap"
    (foot,) = section.first_page_footer.paragraphs
    lower = foot._p.find(f"{w('pPr')}/{w('pBdr')}/{w('bottom')}")
    assert lower.get(w("val")) == "thinThickSmallGap"
    assert foot.text == ""  # no page number on page one
    # 170 mm: the type area's 156 mm and 7 mm into each margin.
    ind = mark._p.find(f"{w('pPr')}/{w('ind')}")
    assert int(ind.get(w("left"))) == int(ind.get(w("right"))) == -((9638 - 8845) // 2)
    assert section.header_distance.twips == mm_to_twips(30)
    texts = [p.text for p in document.paragraphs]
    assert texts[0] == "办理结果：解决或采纳\t浦科经委办理〔2025〕61号"
    assert not any("签发人" in t for t in texts)
    assert not any(t.endswith("印发") for t in texts)
    assert any(t.startswith("抄送：") for t in texts)
    # Later pages keep their page numbers, 7 mm under the type area as before.
    assert "PAGE" in section.footer._element.xml and "PAGE" in section.even_page_footer._element.xml


def test_letterhead_profile_keys_are_checked(tmp_path: Path) -> None:
    from replydraft.profiles import ProfileError, load_profile

    good = tmp_path / "good.toml"
    good.write_text(
        'name = "某局"\napproval_sheet = true\n[style]\nletterhead = "letter"\n', "utf-8"
    )
    profile = load_profile(good)
    assert profile.style.letterhead == "letter" and profile.approval_sheet
    bad = tmp_path / "bad.toml"
    bad.write_text('name = "某局"\n[style]\nletterhead = "红头"\n', "utf-8")
    with pytest.raises(ProfileError, match=r"bad\.toml.*第 3 行.*letterhead"):
        load_profile(bad)


def test_date_centred_under_the_name_when_the_profile_says_so(tmp_path: Path) -> None:
    doc = export(tmp_path, style=ExportStyle(date_layout="centred"))
    paragraphs = doc.paragraphs()
    sig = doc.find_paragraph(SIGNATURE)
    date = paragraphs[paragraphs.index(sig) + 1]
    char = 320 - 5
    for p in (sig, date):
        assert attr(p.find("w:pPr/w:jc", NS), "val") == "center"
        ind = p.find("w:pPr/w:ind", NS)
        # one box around the name, half a character of slack each side: the name centred in
        # it ends two characters from the right
        half = char // 2
        assert (attr(ind, "left"), attr(ind, "right")) == (
            str(8845 - 2 * char - len(SIGNATURE) * char - half),
            str(2 * char - half),
        )


def test_a_long_letterhead_name_shrinks_to_one_line(tmp_path: Path) -> None:
    long_name = "上海市浦东新区科技和经济委员会上海市浦东新区人民政府办公室"  # 29 characters
    for name, size in (("浦东科经委", 44), (long_name, 2 * 9638 // 29 // 20)):
        target = tmp_path / "信函.docx"
        style = ExportStyle(letterhead="letter", letterhead_name=name)
        export_docx(pudong_057(), style, target)
        (mark,) = docx.Document(str(target)).sections[0].first_page_header.paragraphs
        assert mark.text == name
        assert int(mark._p.find(f".//{w('sz')}").get(w("val"))) == size


def test_word_conventions_no_floating_shapes_and_only_the_page_field(tmp_path: Path) -> None:
    """What Word and WPS may lay out differently stays out: no anchored drawings or text
    boxes; the only frame is the 版记's (no text beside it); the only field is PAGE."""
    for style in (ExportStyle(), ExportStyle(letterhead="letter")):
        target = tmp_path / "conventions.docx"
        export_docx(pudong_057(), style, target)
        with zipfile.ZipFile(target) as z:
            parts = {n: z.read(n).decode("utf-8") for n in z.namelist() if n.endswith(".xml")}
        xml = "".join(parts.values())
        assert "<wp:anchor" not in xml and "<w:txbxContent" not in xml and "<v:" not in xml
        frames = re.findall(r"<w:framePr [^>]*>", parts["word/document.xml"])
        assert frames and all('w:wrap="notBeside"' in f for f in frames)
        fields = re.findall(r"<w:instrText[^>]*>([^<]*)</w:instrText>", xml)
        assert fields and {f.strip() for f in fields} == {"PAGE"}
        assert "<w:fldSimple" not in xml


def test_a_title_past_255_characters_exports_whole_on_the_page(tmp_path: Path) -> None:
    draft = short_reply()
    draft.title = "关于" + "推进人工智能产业高质量发展" * 30 + "的建议的答复"  # 398 characters
    draft.signature = "某" * 300
    target = tmp_path / "long.docx"
    export_docx(draft, ExportStyle(), target)
    doc = Docx(target)
    body = "".join(text(p) for p in doc.paragraphs())
    assert draft.title in body  # the page keeps every character
    props = docx.Document(str(target)).core_properties
    assert len(props.title) == 255 and props.title.endswith("…")
    assert props.title.startswith("关于推进人工智能产业") and len(props.author) == 255
