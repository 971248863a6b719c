"""Ingest: encodings, .docx, .pdf, web clutter, re-joined lines, and every way a file can be bad.

All data is real (the bundled seeds) or made here: files in several encodings, Word files
with tables and text boxes, PDFs drawn with reportlab (and, marked slow, by LibreOffice).
"""

from __future__ import annotations

import errno
import hashlib
import random
import re
import shutil
import subprocess
import sys
from pathlib import Path

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from replydraft.ingest import (
    MAX_TEXT_BYTES,
    PASTE_NAME,
    SUPPORTED_SUFFIXES,
    Ingested,
    IngestError,
    decode_text,
    ingest_bytes,
    ingest_file,
    ingest_text,
    normalize,
    os_error_text,
)
from replydraft.numbering import match_heading
from tests.core._make_docs import (
    add_text_box,
    docx_bytes,
    encrypt_pdf,
    hard_wrap,
    pdf_bytes,
    pdf_from_rows,
    pdf_with_only_a_rectangle,
    write,
)
from tests.seedfiles import (
    SEED_POLICIES,
    SEED_REPLIES,
    SEED_REPLY_CHANGNING_035,
    SEED_REPLY_PUDONG_057,
    SEED_REPLY_PUDONG_195,
)

ALL_SEEDS = [*SEED_REPLIES, *SEED_POLICIES]
_HAN = re.compile("[\u4e00-\u9fff]")


def _containing(paragraphs: list[str], text: str) -> list[str]:
    return [p for p in paragraphs if text in p]


# --- Encodings -------------------------------------------------------------------------------


def _seed_000_text() -> str:
    # GBK has no NBSP; the seed's NBSPs become plain spaces, which ingest makes of them anyway.
    return SEED_REPLY_PUDONG_195.read_text("utf-8").replace("\u00a0", " ")


@pytest.mark.parametrize(
    ("codec", "expected"),
    [
        ("utf-8", "utf-8"),
        ("utf-8-sig", "utf-8-sig"),
        ("gb18030", "gb18030"),
        ("gbk", "gb18030"),  # GBK is a subset of GB18030: one decoder reads both
        ("utf-16", "utf-16"),  # with a BOM
        ("utf-16-le", "utf-16-le"),  # no BOM
        ("utf-16-be", "utf-16-be"),  # no BOM
    ],
)
def test_each_encoding_gives_the_seed_paragraphs(tmp_path: Path, codec: str, expected: str) -> None:
    reference = ingest_file(SEED_REPLY_PUDONG_195)
    path = write(tmp_path / f"seed-{codec}.txt", _seed_000_text().encode(codec))
    got = ingest_file(path)
    assert got.encoding == expected
    assert got.format == "txt"
    assert got.paragraphs == reference.paragraphs
    assert len(got.paragraphs) > 15


def test_utf16_without_bom_and_almost_no_ascii_is_found() -> None:
    # Few NULs: only the newlines are ASCII, and 一 (U+4E00) puts NULs on the other side too.
    text = "一、加强统筹协调\n一是健全工作机制\n二是完善政策体系\n" * 20
    assert decode_text(text.encode("utf-16-le")) == (text, "utf-16-le")


def test_big5_falls_through_to_charset_normalizer() -> None:
    # Big5 bytes are also valid GBK; GB18030 must refuse them as mojibake.
    text = (
        "關於保障農村飲水安全工作的建議，我局高度重視，成立專班實地調研，現將辦理情況答復如下。\n"
        "全市農村供水工程運行良好，規模化發展穩步推進，供水保障水平持續提升。\n"
    ) * 6
    decoded, encoding = decode_text(text.encode("big5"))
    assert decoded == text
    assert encoding in {"big5", "cp950", "big5hkscs"}


def test_binary_junk_named_txt_is_refused(tmp_path: Path) -> None:
    junk = random.Random(7).randbytes(8192)
    path = write(tmp_path / "photo.txt", junk)
    with pytest.raises(IngestError, match="不是文本文件（") as err:
        ingest_file(path)
    assert str(path) in str(err.value)


def test_nul_padded_binary_is_refused(tmp_path: Path) -> None:
    data = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 20 + b"\x00" * 1000
    with pytest.raises(IngestError, match="不是文本文件（"):
        ingest_file(write(tmp_path / "image.txt", data))


def test_word_bullets_in_utf8_are_text() -> None:
    # Text copied from Word keeps its list bullets as private-use characters (U+F0B7).
    text = "".join(f"\uf0b7 第{i}项工作已经完成。\n" for i in range(40))
    assert decode_text(text.encode("utf-8")) == (text, "utf-8")


def test_text_with_many_control_characters_is_refused() -> None:
    data = ("答复" + "\x01\x02\x03\x04").encode() * 200
    with pytest.raises(ValueError, match="不是文本文件（"):
        decode_text(data)


# --- Spaces and characters -------------------------------------------------------------------


def test_spaces_between_chinese_go_spaces_beside_latin_and_digits_stay() -> None:
    text = (
        "长宁区 人工智能\u3000产业\u00a0发展， 做大做强\u200b人工智能产业。\r\n"
        "聚焦 AIGC 赛道，2024 年 7 月发布。\tend of line\n"
    )
    assert normalize(text) == [
        "长宁区人工智能产业发展，做大做强人工智能产业。",
        "聚焦 AIGC 赛道，2024 年 7 月发布。 end of line",
    ]


def test_a_space_before_a_field_label_is_kept() -> None:
    assert normalize(
        "办理结果：解决或采纳 签发人：詹镭\n联系人姓名：王建涛 联系电话：52388272"
    ) == [
        "办理结果：解决或采纳",
        "签发人：詹镭",
        "联系人姓名：王建涛 联系电话：52388272",
    ]


def test_kangxi_radicals_from_pdfs_become_ideographs() -> None:
    assert normalize("\u2f26\u2f47\u2f08\u2fa6") == ["子日人金"]


def test_markdown_bold_is_left_for_the_proofreader() -> None:
    assert normalize("一是**出台各项人才政策**。围绕资金支持。") == [
        "一是**出台各项人才政策**。围绕资金支持。"
    ]


# --- Web clutter and metadata ----------------------------------------------------------------

_WEB_PAGE = """SOURCE: https://example.gov.cn/info/1.html

当前位置 首页 >> 政务公开 >> 建议提案办理 >> 正文
拼音
辅助浏览
读屏
放大
缩小
配色
大鼠标
登录 | 注册
简体版|繁体版
今天是:
站内搜索:
关于对区政协十五届三次会议第35号提案的答复
发布日期:2024-05-06 浏览次数:  字号:〖大 中 小〗
作者:佚名    文章来源:本站原创    点击数:2667    更新时间:2024/5/6
- 索引号
- 11310105MB2F09231N/2024-00035
- 文 号
- 浏览量
- 发布机构
- 长宁区科学技术委员会
公开类别 | 主动公开 | 成文日期 | |
王委员：
您提出的提案收悉，现答复如下：
我委高度重视，会同相关部门认真研究，积极采纳。
长宁区科学技术委员会
2024年4月30日
扫一扫在手机打开当前页
上一条：关于第34号提案的答复
下一篇：关于第36号提案的答复
【打印】【关闭】
Document
|
(
主办单位:长宁区人民政府办公室
技术支持:长宁区大数据中心  备案编号:沪ICP备12345678号
版权所有 © 长宁区人民政府
"""


def test_web_clutter_goes_body_and_metadata_stay() -> None:
    assert normalize(_WEB_PAGE) == [
        "关于对区政协十五届三次会议第35号提案的答复",
        "发布日期：2024-05-06",
        "更新时间：2024/5/6",
        "索引号：11310105MB2F09231N/2024-00035",
        "发布机构：长宁区科学技术委员会",
        "公开类别：主动公开",
        "王委员：",
        "您提出的提案收悉，现答复如下：",
        "我委高度重视，会同相关部门认真研究，积极采纳。",
        "长宁区科学技术委员会",
        "2024年4月30日",
    ]


def test_metadata_in_table_form_becomes_label_lines() -> None:
    text = (
        "索引号 | WSJKWYH/2022-11455 | 效力属性 | |\n"
        "发布机构 | 市卫生健康委员会 | 文 号 | 第201号提案 |\n"
        "成文日期 | 发布日期 | 2022-07-29 |\n"
        "索引号 SY-310115-2025-02158\n"
        "发布机构 科经委\n"
        "  • 时效性\n"
        "    有效\n"
        "代表姓名 |\n王福余 |\n联系电话 |\n15856607018 |\n"
        "来源:潼关县民政局 发布时间:2024-09-11 11:23\n"
    )
    assert normalize(text) == [
        "索引号：WSJKWYH/2022-11455",
        "发布机构：市卫生健康委员会",
        "文号：第201号提案",
        "发布日期：2022-07-29",
        "索引号：SY-310115-2025-02158",
        "发布机构：科经委",
        "时效性：有效",
        "代表姓名：王福余",
        "联系电话：15856607018",
        "来源：潼关县民政局",
        "发布时间：2024-09-11 11:23",
    ]


def test_body_text_that_looks_a_little_like_clutter_stays() -> None:
    text = (
        "2024年全市完成备案项目12个，版本升级工作同步推进。\n"
        "70\n"
        "前进中的问题要在发展中解决。\n"
        "数据表 | 2023 | 2024\n"
        "主办单位:区卫生局\n"
        "协办单位:区财政局\n"
    )
    assert normalize(text) == [
        "2024年全市完成备案项目12个，版本升级工作同步推进。",
        "70",
        "前进中的问题要在发展中解决。",
        "数据表 | 2023 | 2024",
        "主办单位:区卫生局",
        "协办单位:区财政局",
    ]


def test_page_numbers_in_text_go() -> None:
    text = "第一段的文字在这里结束。\n— 3 —\n- 4 -\n第5页 共9页\n第二段。"
    assert normalize(text) == ["第一段的文字在这里结束。", "第二段。"]


# --- Re-joining lines: the seeds -------------------------------------------------------------


def test_seed_002_hard_wrapped_lines_are_rejoined() -> None:
    paragraphs = ingest_file(SEED_REPLY_CHANGNING_035).paragraphs
    # "高\n\n量发展": broken every ~30 characters with blank lines between the pieces.
    assert _containing(paragraphs, "促进人工智能产业高质量发展，做大做强人工智能产业的建议")
    assert _containing(paragraphs, "实现人工智能产业的高质量发展。")
    # Page breaks left a leading space on the continuation: " 艺赛旗", " 位多元化".
    assert _containing(paragraphs, "浩瀚深度、艺赛旗等人工智能相关领域的优质企业。")
    assert _containing(paragraphs, "为人工智能产业企业提供全方位多元化多层次的服务。")
    # A line that ends a sentence at the margin, followed by one of full width (not the
    # shorter first line of a paragraph): the paragraph goes on.
    assert _containing(paragraphs, "创新重要力量。构建长宁科技园区")
    for heading in ["一、强化政策支撑，推进创新场景应用", "五、下一步工作思考"]:
        assert heading in paragraphs
    for line in ["长宁区科学技术委员会", "2024年 4月 30日", "（此件公开发布）", "民建长宁区委："]:
        assert line in paragraphs
    assert any(p.startswith("联系人姓名：王建涛") for p in paragraphs)
    assert 25 <= len(paragraphs) <= 40
    for p in paragraphs:  # every long paragraph is whole: it ends a sentence
        if len(p) > 40 and not match_heading(p):
            assert p[-1] in "。：", p


def test_seed_001_words_split_by_page_breaks_are_joined() -> None:
    paragraphs = ingest_file(SEED_REPLY_PUDONG_057).paragraphs
    for joined in ["加大逆周期产业投资力度", "夯实人才储备基础", "场景研发", "金融创新支持"]:
        assert _containing(paragraphs, joined), joined
    # ... but not the title to its second line, nor the signature to the date.
    assert "对浦东新区政协七届四次会议" in paragraphs
    assert "第 057 号提案的答复" in paragraphs
    signature = len(paragraphs) - 1 - paragraphs[::-1].index("上海市浦东新区科技和经济委员会")
    assert paragraphs[signature + 1] == "2025年5月7日"
    assert "（一）强化产业政策和专项基金联动支持" in paragraphs
    assert _containing(paragraphs, "一是**出台各项人才政策**")


def test_seed_000_metadata_and_lost_numeral_heading() -> None:
    paragraphs = ingest_file(SEED_REPLY_PUDONG_195).paragraphs
    assert paragraphs[:6] == [
        "对浦东新区政协七届四次会议第195号提案的答复",
        "索引号：SY-310115-2025-02158",
        "文件编号：浦科经委办理〔2025〕47号",
        "发布机构：科经委",
        "公开类别：主动公开",
        "发布时间：2025-04-24",
    ]
    assert "、对提案建议的答复" in paragraphs  # a heading, not glued to the paragraph before
    assert "网民留言" not in paragraphs


@pytest.mark.parametrize("seed", ALL_SEEDS, ids=lambda p: p.name)
def test_no_seed_loses_text(seed: Path) -> None:
    """Every character of the seed's text survives, but for spaces and dropped clutter."""
    raw = seed.read_text("utf-8")
    got = "".join(ingest_file(seed).paragraphs)
    kept = "".join(ch for ch in got if not ch.isspace())
    dropped = {"网民留言", "扫一扫获取", "最新情报资讯", "扫一扫免费", "阅读最新报告"}
    expected = "".join(
        ch for line in raw.splitlines() if line.strip() not in dropped for ch in line
    )
    expected = "".join(ch for ch in expected if not ch.isspace())
    assert len(kept) >= len(expected) - 10  # label colons are added, nothing else is lost
    assert set(expected) - set(kept) <= {"|"}


@pytest.mark.parametrize("seed", ALL_SEEDS, ids=lambda p: p.name)
@pytest.mark.parametrize("blank_between_lines", [True, False])
def test_every_seed_hard_wrapped_like_a_pdf_export_is_rejoined(
    seed: Path, blank_between_lines: bool
) -> None:
    reference = ingest_file(seed).paragraphs
    text = hard_wrap(reference, 60, blank_between_lines=blank_between_lines)
    assert len(text.splitlines()) > len(reference) * 2
    got = normalize(text)
    # A space beside a Latin word is lost where the line was cut there: "AIGC 产业".
    assert [p.replace(" ", "") for p in got] == [p.replace(" ", "") for p in reference]


def test_hard_wrapped_text_with_blank_lines_between_paragraphs() -> None:
    # A PDF saved as text: lines of 20 characters, a blank line only between paragraphs, and
    # a paragraph that ends exactly at the margin.
    first = "本段落正好在行尾结束，没有任何多余的文字留在最后一行的上面，也不会多出来任何字。"
    second = (
        "第二段从这里开始，并且继续写下去直到超过一行的宽度为止，这样才能检验换行的处理是否正确。"
        * 2
    )
    third = "第三段依然很长很长很长，内容包括数字2024年和英文AIGC产业的名称以及更多的文字说明。" * 2
    lines: list[str] = []
    for p in (first, second, third):
        lines.extend(p[i : i + 20] for i in range(0, len(p), 20))
        lines.append("")
    assert len(first) % 20 == 0
    assert normalize("\n".join(lines)) == [first, second, third]


def test_a_title_heading_and_signature_are_not_joined_across_a_page_break() -> None:
    long_open = (
        "按照市委市政府的部署要求，我们围绕重点领域持续发力，在产业政策、人才引进、平台建设等方面"
        * 2
    )
    text = "\n\n".join(
        [
            "关于对区政协十五届三次会议第35号提案关于加快推进人工智能产业高质量发展的建议的答复",
            "王委员：",
            long_open,
            "加快推进工作。",
            "一、强化政策支撑",
            "长宁区科学技术委员会",
            "2024年4月30日",
        ]
    )
    paragraphs = normalize(text)
    assert paragraphs[0].endswith("的答复")
    assert paragraphs[1] == "王委员："
    assert paragraphs[2] == long_open + "加快推进工作。"
    assert paragraphs[3:] == ["一、强化政策支撑", "长宁区科学技术委员会", "2024年4月30日"]


# --- .docx -----------------------------------------------------------------------------------


def test_docx_paragraphs_tables_and_text_boxes_in_document_order() -> None:
    document = docx.Document()
    anchor = document.add_paragraph("上海市浦东新区科技和经济委员会")
    add_text_box(anchor, ["浦科经委办理（2025）61号", "签发人：张三"])
    meta = document.add_table(rows=2, cols=2)
    meta.cell(0, 0).text, meta.cell(0, 1).text = "索引号", "SY-310115-2025-02158"
    meta.cell(1, 0).text, meta.cell(1, 1).text = "发布机构", "科经委"
    document.add_paragraph("你们提出的提案收悉，现答复如下：")
    data = document.add_table(rows=2, cols=3)
    for r, row in enumerate([["项目", "金额", "备注"], ["人才公寓", "3万元", "每月"]]):
        for c, value in enumerate(row):
            data.cell(r, c).text = value
    layout = document.add_table(rows=1, cols=2)
    cell = layout.cell(0, 0).merge(layout.cell(0, 1))
    cell.text = "一、表格里的第一段。"
    cell.add_paragraph("表格里的第二段。")
    document.add_paragraph("联系人：李四")

    got = ingest_bytes(docx_bytes(document), "答复.docx")
    assert got.format == "docx"
    assert got.encoding == ""
    assert got.paragraphs == [
        "浦科经委办理（2025）61号",  # the text box, once (not again from its VML fallback)
        "签发人：张三",
        "上海市浦东新区科技和经济委员会",
        "索引号：SY-310115-2025-02158",
        "发布机构：科经委",
        "你们提出的提案收悉，现答复如下：",
        "项目 | 金额 | 备注",
        "人才公寓 | 3万元 | 每月",
        "一、表格里的第一段。",
        "表格里的第二段。",
        "联系人：李四",
    ]


def test_docx_of_the_seed_reads_back_like_the_seed(tmp_path: Path) -> None:
    reference = ingest_file(SEED_REPLY_PUDONG_057).paragraphs
    document = docx.Document()
    for p in reference:
        document.add_paragraph(p)
    got = ingest_file(write(tmp_path / "057.docx", docx_bytes(document)))
    assert got.paragraphs == reference


def test_docx_line_breaks_and_tabs() -> None:
    document = docx.Document()
    paragraph = document.add_paragraph("联系人：张三")
    run = paragraph.add_run()
    run.add_tab()
    run.add_text("联系电话：12345678")
    run.add_break()
    run.add_text("联系地址：浦东新区世纪大道2001号")
    assert ingest_bytes(docx_bytes(document), "a.docx").paragraphs == [
        "联系人：张三 联系电话：12345678",
        "联系地址：浦东新区世纪大道2001号",
    ]


# --- .pdf ------------------------------------------------------------------------------------

_P1 = "收到你们的提案后，我委高度重视，会同区委组织部等部门认真研究，积极采纳，提案中提出的意见和建议从实际问题出发，视野开阔、针对性强，对进一步推动产业人才集聚发展有着非常重要的参考价值。"
_P2 = "作为全国首个人工智能创新应用先导区，近年来持续发力要素供给、创新研发、应用示范、前瞻布局，全面构建国际领先的人工智能技术创新引领地，汇聚人工智能重点企业超600家，占全市36%。"
_HEADING = "一、对提案建议的答复"


def test_pdf_text_layer_comes_back() -> None:
    got = ingest_bytes(pdf_bytes(["长宁区人工智能产业发展，2024年4月。"]), "a.pdf")
    assert got.format == "pdf"
    assert got.paragraphs == ["长宁区人工智能产业发展，2024年4月。"]


def test_pdf_sentence_over_a_page_break_is_rejoined_and_page_furniture_dropped() -> None:
    data = pdf_bytes(
        [_P1, _HEADING, _P2, "第三段。"],
        lines_per_page=5,  # _P1 takes 4 lines: the heading ends page 1, _P2 runs onto page 2
        header="浦东新区科技和经济委员会文件",
        headings=frozenset({_HEADING}),
    )
    got = ingest_bytes(data, "reply.pdf")
    assert got.paragraphs == [_P1, _HEADING, _P2, "第三段。"]


def test_pdf_paragraph_running_over_a_page_break() -> None:
    data = pdf_bytes([_P1, _P2], lines_per_page=6, header="长宁区政协提案答复")
    assert ingest_bytes(data, "b.pdf").paragraphs == [_P1, _P2]


def test_pdf_lines_are_judged_by_the_margin_and_the_indent() -> None:
    x, indent = 72.0, 100.0  # 14 pt: a two-character first-line indent
    rows = [
        # 1. A paragraph whose lines both reach the margin, the first ending in a full stop:
        #    one paragraph; the indented line after it starts the next one.
        (indent, "本段的第一行缩进两个字符，因此这行一共只能写二十八个字。"),
        (x, "这是第二行，也是最后一行，它正好写满了一整行宽度的文字内容。"),
        # 2. A line four characters short of the margin, because "〔2017〕" did not fit.
        (indent, "根据《关于本市推动新一代人工智能发展的实施意见》的通知要"),
        (x, "求，市政府办公厅印发了相关的文件，文件编号是沪府办发"),
        (x, "〔2017〕66号。"),
        # 3. Two fields on one row.
        (x, "联系人：张三"),
        (300.0, "\t联系电话：12345678"),
    ]
    assert [len(text) for _, text in rows[:4]] == [28, 30, 28, 26]
    got = ingest_bytes(pdf_from_rows([rows], page_numbers=False), "layout.pdf").paragraphs
    assert got == [
        rows[0][1] + rows[1][1],
        rows[2][1] + rows[3][1] + rows[4][1],
        "联系人：张三 联系电话：12345678",
    ]


def test_encrypted_pdf_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path / "secret.pdf", encrypt_pdf(pdf_bytes([_P1]), "pass"))
    with pytest.raises(IngestError) as err:
        ingest_file(path)
    assert str(err.value) == f"{path}: PDF 文件已加密，请先取消密码"


def test_pdf_with_an_empty_user_password_is_read() -> None:
    data = encrypt_pdf(pdf_bytes([_P1]), "")
    assert ingest_bytes(data, "open.pdf").paragraphs == [_P1]


def test_a_pdf_without_text_goes_to_ocr_which_says_when_it_finds_none(tmp_path: Path) -> None:
    path = write(tmp_path / "scan.pdf", pdf_with_only_a_rectangle())
    with pytest.raises(IngestError, match="PDF 中没有文字层") as err:
        ingest_file(path)
    assert str(path) in str(err.value)
    assert "文字识别也没有找到文字" in str(err.value)  # the black box OCR reads as "■"


def test_damaged_pdf_is_refused() -> None:
    with pytest.raises(IngestError, match=r"^broken\.pdf: 不是有效的 PDF 文件"):
        ingest_bytes(b"%PDF-1.4\n" + b"garbage" * 100, "broken.pdf")


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None, reason="needs LibreOffice")
def test_pdf_exported_by_libreoffice_gives_back_the_paragraphs(tmp_path: Path) -> None:
    """A Word-like PDF: justified, first lines indented, header and footer, 3 pages."""
    reference = ingest_file(SEED_REPLY_CHANGNING_035).paragraphs
    document = docx.Document()
    for text in reference:
        paragraph = document.add_paragraph(text)
        paragraph.paragraph_format.first_line_indent = Pt(24)
        paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    document.sections[0].header.paragraphs[0].text = "长宁区政协提案答复"
    document.sections[0].footer.paragraphs[0].text = "长宁区科学技术委员会"
    source = tmp_path / "reply.docx"
    document.save(str(source))
    subprocess.run(
        ["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
        check=True,
        capture_output=True,
        timeout=120,
    )
    got = ingest_file(tmp_path / "reply.pdf").paragraphs
    assert len(got) == len(reference)
    # A PDF keeps no spaces, only gaps: a space may come or go beside digits and Latin.
    assert [p.replace(" ", "") for p in got] == [p.replace(" ", "") for p in reference]


# --- Bad input -------------------------------------------------------------------------------


def _one_line_error(path: Path) -> str:
    with pytest.raises(IngestError) as err:
        ingest_file(path)
    message = str(err.value)
    assert "\n" not in message
    assert message.startswith(f"{path}: ")
    assert err.value.source == str(path)
    assert message == f"{err.value.source}: {err.value.problem}"
    assert _HAN.search(err.value.problem), "the problem is told in Chinese"
    return err.value.problem


def test_empty_file(tmp_path: Path) -> None:
    for name in ["empty.txt", "empty.docx", "empty.pdf"]:
        assert _one_line_error(write(tmp_path / name, b"")) == "文件为空"


def test_whitespace_only_file_has_no_text(tmp_path: Path) -> None:
    assert (
        _one_line_error(write(tmp_path / "blank.txt", b" \r\n\t\r\n")) == "文件中没有可读取的文字"
    )


def test_docx_that_is_not_a_zip(tmp_path: Path) -> None:
    problem = _one_line_error(write(tmp_path / "fake.docx", "这不是Word文件".encode()))
    assert problem == "不是有效的 .docx 文件（不是 zip 格式，可能已损坏）"


def test_docx_that_is_a_zip_without_a_document(tmp_path: Path) -> None:
    import zipfile

    path = tmp_path / "other.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.txt", "hello")
    problem = _one_line_error(path)
    assert problem.startswith("不是有效的 .docx 文件，可能已损坏（详情：")
    assert "[Content_Types].xml" in problem  # python-docx's reason, for whoever helps the user


def test_other_office_file_renamed_to_docx(tmp_path: Path) -> None:
    import zipfile

    # The parts of a spreadsheet (as Excel writes them), saved under a .docx name.
    path = tmp_path / "表格.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/><Override PartName="/xl/workbook.xml" ContentType="application'
            '/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>',
        )
        archive.writestr(
            "_rels/.rels",
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        )
        archive.writestr("xl/workbook.xml", "<workbook/>")
    problem = _one_line_error(path)
    assert problem == "不是有效的 .docx 文件（是其他类型的 Office 文件）"


def test_old_doc_renamed_to_docx(tmp_path: Path) -> None:
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600
    problem = _one_line_error(write(tmp_path / "old.docx", ole))
    assert "旧版 .doc" in problem
    assert "另存为 .docx" in problem


def test_text_file_over_the_size_limit(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as f:  # sparse: 50 MB on paper, nothing on disk
        f.truncate(50 * 1024 * 1024)
    problem = _one_line_error(path)
    assert problem == "文件过大（50.0 MB，文本文件上限为 10.0 MB）"
    assert MAX_TEXT_BYTES == 10 * 1024 * 1024


def test_pdf_over_the_size_limit_names_its_own_limit(tmp_path: Path) -> None:
    path = tmp_path / "scan.pdf"
    with path.open("wb") as f:
        f.truncate(150 * 1024 * 1024)
    assert _one_line_error(path) == "文件过大（150.0 MB，.pdf 文件上限为 100.0 MB）"


def test_missing_file(tmp_path: Path) -> None:
    assert _one_line_error(tmp_path / "nowhere.txt") == "找不到文件"


def test_directory(tmp_path: Path) -> None:
    folder = tmp_path / "replies.txt"
    folder.mkdir()
    assert _one_line_error(folder) == "这是文件夹，不是文件"


@pytest.mark.skipif(sys.platform == "win32", reason="a POSIX limit on the length of a name")
def test_a_name_too_long_for_the_system(tmp_path: Path) -> None:
    # Even asking whether it exists fails (ENAMETOOLONG): a message, not an OSError.
    path = tmp_path / ("答复" * 50 + ".txt")
    assert _one_line_error(path) == "无法读取文件（文件名或路径过长）"


def test_os_errors_are_told_in_chinese() -> None:
    assert os_error_text(PermissionError(errno.EACCES, "Permission denied")) == "没有访问权限"
    locked = PermissionError(errno.EACCES, "另一个程序正在使用此文件，进程无法访问。")
    locked.winerror = 32  # type: ignore[attr-defined]  # Windows: a sharing violation
    assert os_error_text(locked) == "文件正被其他程序占用"
    # A rare error keeps the system's own words rather than none.
    assert os_error_text(OSError(errno.EROFS, "Read-only file system")) == "Read-only file system"


@pytest.mark.parametrize(
    ("name", "problem"),
    [
        ("old.rtf", "不支持 RTF 格式（.rtf），请另存为 .docx 后重试"),
        (
            "sheet.xlsx",
            "不支持 .xlsx 文件，请使用 .txt、.docx、.pdf、.doc、.wps、.ofd、.png、.jpg、.jpeg、.tif、.tiff 文件",
        ),
        (
            "README",
            "文件没有扩展名，请使用 .txt、.docx、.pdf、.doc、.wps、.ofd、.png、.jpg、.jpeg、.tif、.tiff 文件",
        ),
    ],
)
def test_unsupported_suffixes(tmp_path: Path, name: str, problem: str) -> None:
    assert _one_line_error(write(tmp_path / name, b"content")) == problem


def test_supported_suffixes() -> None:
    assert {".txt", ".docx", ".pdf", ".doc", ".wps", ".ofd", ".png", ".tif"} <= SUPPORTED_SUFFIXES
    assert ".rtf" not in SUPPORTED_SUFFIXES


def test_empty_paste() -> None:
    with pytest.raises(IngestError, match=f"^{PASTE_NAME}: 内容为空$"):
        ingest_text(" \n\u3000\n")


# --- Identity --------------------------------------------------------------------------------


def test_sha256_recognises_the_same_bytes(tmp_path: Path) -> None:
    data = SEED_REPLY_PUDONG_195.read_bytes()
    a = ingest_file(write(tmp_path / "a.txt", data))
    b = ingest_bytes(data, "other-name.txt")
    c = ingest_bytes(data + b"\n", "a.txt")
    assert a.sha256 == b.sha256 == hashlib.sha256(data).hexdigest()
    assert c.sha256 != a.sha256
    assert a.source == "a.txt"  # the file name, whatever folder it came from


def test_sha256_is_of_the_original_bytes_not_the_text(tmp_path: Path) -> None:
    text = _seed_000_text()
    utf8 = ingest_bytes(text.encode("utf-8"), "a.txt")
    gb = ingest_bytes(text.encode("gb18030"), "a.txt")
    assert utf8.paragraphs == gb.paragraphs
    assert utf8.sha256 != gb.sha256


def test_paste() -> None:
    text = SEED_REPLY_CHANGNING_035.read_text("utf-8")
    got = ingest_text(text)
    assert got == Ingested(
        source=PASTE_NAME,
        sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        format="paste",
        encoding="",
        paragraphs=ingest_file(SEED_REPLY_CHANGNING_035).paragraphs,
    )


@pytest.mark.parametrize("colon", ["\u2236", "\ufe55", "\ufe13", "\ufe30"])
def test_colons_that_look_like_the_full_width_one_read_as_it(colon: str) -> None:
    # "提案人∶王建国" (∶ is RATIO, typed by some input methods, read so by OCR): the label
    # was not read.
    from replydraft.parse import parse
    from replydraft.records import Kind

    text = "\n".join(
        [
            "关于加快推进老旧小区加装电梯工作的建议",
            f"提案人{colon}王建国",
            f"主办单位{colon}区住建委",
            "我区现有老旧住宅小区312个，但仍存在居民意见难统一等问题。",
            f"建议{colon}",
            "1.建立协商机制。",
            "2.加大财政补贴力度。",
        ]
    )
    paragraphs = ingest_text(text).paragraphs
    assert paragraphs[1] == "提案人：王建国"
    parsed = parse(paragraphs, Kind.PROPOSAL)
    assert (parsed.proposers, parsed.lead_unit) == (["王建国"], "区住建委")
    assert parsed.suggestions == ["建立协商机制", "加大财政补贴力度"]
