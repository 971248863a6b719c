"""Plain text for web publication: same words and numerals as the .docx, one paragraph a line."""

from __future__ import annotations

from pathlib import Path

import pytest

from replydraft.atomic import WriteError
from replydraft.numbering import match_heading
from replydraft.records import DraftParagraph, DraftSection
from replydraft.text_export import export_text, to_plain_text
from tests.core._drafts import HEADINGS, PRINT_OFFICE, SIGNATURE, TITLE, pudong_057, short_reply


def paragraphs(text: str) -> list[str]:
    return text.split("\n\n")


def test_publication_text_has_body_and_signature_but_no_internal_parts() -> None:
    text = to_plain_text(pudong_057())
    lines = paragraphs(text.rstrip("\n"))
    assert lines[0] == TITLE
    assert lines[1] == "浦东新区工商联："
    assert lines[2].startswith("你们提出的《关于促进AIGC产业")
    assert "一、对本提案的办理概述" in lines
    assert [f"（{n}）{h}" for n, h in zip("一二三四五", HEADINGS, strict=True)] == [
        line for line in lines if line.startswith("（")
    ]
    assert lines[-2:] == [SIGNATURE, "2025年5月7日"]
    for internal in ("办理结果", "公开属性", "浦科经委办理", "联系人姓名", "抄送", "印发"):
        assert internal not in text
    assert text.endswith("2025年5月7日\n")


def test_header_and_footer_on_request() -> None:
    draft = pudong_057()
    draft.header.signer = "詹镭"
    lines = paragraphs(to_plain_text(draft, header=True, footer=True).rstrip("\n"))
    assert lines[:4] == [
        "办理结果：解决或采纳",
        "公开属性：主动公开",
        "浦科经委办理〔2025〕61号  签发人：詹镭",
        TITLE,
    ]
    assert lines[-4:] == [
        "联系人姓名：卿逸男  联系电话：58788388-64516",
        "联系地址：浦东新区世纪大道2001号  邮政编码：200135",
        "抄送：区政府办公室、区政协提案委。",
        f"{PRINT_OFFICE}  2025年5月7日印发",
    ]
    only_header = to_plain_text(draft, header=True)
    assert "办理结果" in only_header and "抄送" not in only_header


def test_one_paragraph_per_line_and_no_control_characters() -> None:
    draft = short_reply()
    draft.sections[0].paragraphs.append(DraftParagraph("第一行\n第二行\x00。\t完"))
    draft.sections.append(DraftSection("新\x0b增", 1))
    lines = paragraphs(to_plain_text(draft).rstrip("\n"))
    assert "第一行第二行。 完" in lines
    assert "二、新增" in lines
    for line in lines:
        assert "\n" not in line and line == line.strip()


def test_numerals_follow_the_sections() -> None:
    draft = pudong_057()
    del draft.sections[1].sections[0]
    text = to_plain_text(draft)
    found = [match_heading(line) for line in paragraphs(text)]
    numbers = [(h.level, h.number) for h in found if h]
    assert numbers == [(1, 1), (1, 2), (2, 1), (2, 2), (2, 3), (2, 4)]
    assert f"（一）{HEADINGS[1]}" in text


def test_export_text_writes_utf8_atomically(tmp_path: Path) -> None:
    target = tmp_path / "答复.txt"
    target.write_text("old", encoding="utf-8")
    draft = pudong_057()
    export_text(draft, target)
    assert target.read_bytes().decode("utf-8") == to_plain_text(draft, header=True, footer=True)
    export_text(draft, target, full=False)
    assert target.read_text(encoding="utf-8") == to_plain_text(draft)
    assert [p.name for p in tmp_path.iterdir()] == ["答复.txt"]


def test_export_text_failure_is_one_line(tmp_path: Path) -> None:
    with pytest.raises(WriteError, match=r"^答复\.txt: 无法写入（文件夹 .*missing 不存在）$"):
        export_text(short_reply(), tmp_path / "missing" / "答复.txt")


def test_empty_draft_gives_empty_text() -> None:
    from replydraft.records import Draft

    assert to_plain_text(Draft()) == ""
