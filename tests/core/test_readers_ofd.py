"""OFD: the text of pages written here as GB/T 33190 packages, in page order, with wrapped
lines re-joined into paragraphs; broken and hostile packages are refused with a reason."""

from __future__ import annotations

import io
import zipfile

import pytest

from replydraft.ingest import normalize
from replydraft.parse import parse
from replydraft.readers.base import ReadError
from replydraft.readers.ofd import ofd_text
from tests.core._make_ofd import LEFT, OFD_XML, SIZE, document_xml, ofd_bytes, wrap_lines

REASONS = (
    "随着人工智能技术迅速发展，教育领域面临深刻变革。2024年，本区中小学已有12所学校开展试点，"
    "但仍存在师资不足、经费保障不到位等问题，亟需统筹推进。"
)
PAGE_1 = [
    (LEFT + 3 * SIZE, "关于加快推进人工智能赋能基础教育的建议"),
    (LEFT, "提案第35号"),
    (LEFT, "提案人：张三、李四"),
    (LEFT, "案由："),
    *wrap_lines(REASONS),
]
PAGE_2 = [(LEFT, "建议："), (LEFT, "一、加强师资培训，每年组织不少于3次专题培训。")]


@pytest.mark.parametrize(("per_char", "absolute"), [(False, False), (True, True)])
def test_ofd_pages_read_in_order_with_wrapped_lines_rejoined(
    per_char: bool, absolute: bool
) -> None:
    text = ofd_text(ofd_bytes([PAGE_1, PAGE_2], per_char=per_char, absolute=absolute), "提案.ofd")

    paragraphs = normalize(text)
    assert paragraphs[:4] == [
        "关于加快推进人工智能赋能基础教育的建议",
        "提案第35号",
        "提案人：张三、李四",
        "案由：",
    ]
    assert REASONS in paragraphs  # three lines on the page, one paragraph here
    assert paragraphs[-1] == "一、加强师资培训，每年组织不少于3次专题培训。"
    fields = parse(paragraphs)
    assert fields.title == "关于加快推进人工智能赋能基础教育的建议"
    assert fields.proposal_number == "35" and fields.proposers == ["张三", "李四"]


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return buffer.getvalue()


def test_broken_and_hostile_ofd_files_are_refused_with_a_reason() -> None:
    with pytest.raises(ReadError, match="不是 zip"):
        ofd_text(b"plain text, not a zip", "a.ofd")
    with pytest.raises(ReadError, match=r"OFD\.xml"):
        ofd_text(_zip({"Doc_0/Document.xml": b"<x/>"}), "b.ofd")
    with pytest.raises(ReadError, match=r"Content\.xml"):  # a page the package lacks
        ofd_text(
            _zip(
                {"OFD.xml": OFD_XML.encode(), "Doc_0/Document.xml": document_xml(1, False).encode()}
            ),
            "c.ofd",
        )
    bomb = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">]><x>&a;&a;</x>'
    with pytest.raises(ReadError, match="无法解析"):  # entities are never expanded
        ofd_text(_zip({"OFD.xml": bomb}), "d.ofd")
    zeros = _zip({"OFD.xml": OFD_XML.encode(), "Doc_0/pad.bin": b"\0" * 50_000_000})
    with pytest.raises(ReadError, match="压缩比异常") as raised:
        ofd_text(zeros, "e.ofd")
    assert str(raised.value).startswith("e.ofd: ")
