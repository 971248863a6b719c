"""Replies published in traditional characters (a 繁體 page, a mirror adding pinyin) are read
as simplified text, so search and reuse find them; simplified text is left exactly as it is."""

from __future__ import annotations

from pathlib import Path

from replydraft.ingest import ingest_bytes, ingest_text
from replydraft.simplify import PINYIN_NOTE, TELLTALE, TRADITIONAL_NOTE, to_simplified

# Written here in traditional characters, as a county's 繁體 page prints a reply.
TRADITIONAL = (
    "關於加強農村飲水安全監管的建議的答覆\n"
    "王福餘代表：\n"
    "您提出的《關於加強農村飲水安全監管的建議》收悉，現將辦理情況答覆如下：\n"
    "一、加強水質監測。我局會同區衛生健康委每季度對農村集中供水工程開展水質檢測，"
    "檢測結果在區政府網站公開。\n"
)
SIMPLIFIED = (
    "关于加强农村饮水安全监管的建议的答复\n"
    "王福余代表：\n"
    "您提出的《关于加强农村饮水安全监管的建议》收悉，现将办理情况答复如下：\n"
    "一、加强水质监测。我局会同区卫生健康委每季度对农村集中供水工程开展水质检测，"
    "检测结果在区政府网站公开。\n"
)


def test_traditional_text_becomes_the_simplified_text() -> None:
    text, notes = to_simplified(TRADITIONAL)
    assert text == SIMPLIFIED
    assert notes == (TRADITIONAL_NOTE,)


def test_simplified_text_is_left_as_it_is_even_where_t2s_would_change_it() -> None:
    # t2s rewrites 乾 and 著 in some words; in simplified text they stay.
    text = SIMPLIFIED + "工作取得显著成效，乾坤湾景区、著名企业和乾县的项目同步推进。\n"
    assert to_simplified(text) == (text, ())


def test_a_mirrors_pinyin_after_each_character_goes() -> None:
    annotated = (
        "池水函〔2025〕20號(hào)\n您提出的《關(guān)於保障農(nóng)村飲水安全工作的建議》提案收悉。"
    )
    text, notes = to_simplified(annotated)
    assert text == "池水函〔2025〕20号\n您提出的《关于保障农村饮水安全工作的建议》提案收悉。"
    assert notes == (PINYIN_NOTE, TRADITIONAL_NOTE)
    # One bracket of letters is the author's own, not a mirror's annotation.
    assert to_simplified("采用方案(a)推进。")[0] == "采用方案(a)推进。"


def test_ingest_reads_a_traditional_file_as_simplified_and_says_so(tmp_path: Path) -> None:
    data = TRADITIONAL.encode("big5")  # as a 繁體 page is saved
    read = ingest_bytes(data, "答覆.txt")
    assert read.paragraphs[0] == "关于加强农村饮水安全监管的建议的答复"
    assert TRADITIONAL_NOTE in read.warnings
    pasted = ingest_text(TRADITIONAL)
    assert pasted.paragraphs == read.paragraphs
    assert ingest_text(SIMPLIFIED).warnings == ()


def test_every_telltale_is_a_traditional_form_opencc_changes() -> None:
    """The cheap check before OpenCC loads: a simplified character in the list would make
    every simplified text pay for the converter (and a wrong list, miss nothing worse)."""
    import opencc

    converter = opencc.OpenCC("t2s")
    assert [c for c in TELLTALE if converter.convert(c) == c] == []
