"""Heading numerals as the parser, the index and the proofreader read them."""

from __future__ import annotations

import pytest

from replydraft.numbering import Heading, from_chinese, match_heading, split_heading


@pytest.mark.parametrize(
    ("line", "heading"),
    [
        ("一、主要工作", Heading(1, 1, "一、", "主要工作")),
        ("  三 、 下一步工作", Heading(1, 3, "三 、", "下一步工作")),
        ("九十九．其他", Heading(1, 99, "九十九．", "其他")),
        ("一十二、", Heading(1, 12, "一十二、", "")),
        ("（一）加大人才引育", Heading(2, 1, "（一）", "加大人才引育")),
        ("( 十 )半角括号", Heading(2, 10, "( 十 )", "半角括号")),
        ("（12）第十二条", Heading(4, 12, "（12）", "第十二条")),
        ("（ 3 ）", Heading(4, 3, "（ 3 ）", "")),
        ("1.修订政策", Heading(3, 1, "1.", "修订政策")),
        ("１．全角数字", Heading(3, 1, "１．", "全角数字")),
        ("12、 十二", Heading(3, 12, "12、", "十二")),
        ("、对提案建议的答复", Heading(1, None, "、", "对提案建议的答复")),
        ("\u3000、 对提案建议的答复", Heading(1, None, "、", "对提案建议的答复")),
    ],
)
def test_numbered_headings(line: str, heading: Heading) -> None:
    assert match_heading(line) == heading
    assert split_heading(line) == (heading.marker, heading.text)


@pytest.mark.parametrize(
    "line",
    [
        "1.5亿元用于人才引育",  # a decimal, not a numeral
        "2024年，我委",  # a year
        "123.",  # three digits
        "十十、",  # no Chinese numeral
        "（十十）",
        "（一二三四）",  # four characters: more than a numeral holds
        "、",  # a lost numeral with nothing after it
        "、   ",
        "一是加强人才引育",  # an inline ordinal, not a heading
        "（一",  # no closing bracket
        "",
    ],
)
def test_text_that_is_no_heading(line: str) -> None:
    assert match_heading(line) is None
    assert split_heading(line) is None


def test_every_chinese_numeral_of_a_heading_reads_as_from_chinese_reads_it() -> None:
    for n in range(1, 100):
        for numeral in {str(n), *_chinese_spellings(n)}:
            found = match_heading(f"{numeral}、x")
            value = int(numeral) if numeral.isdigit() else from_chinese(numeral)
            assert found is not None and (found.number, found.text) == (value, "x"), numeral


def _chinese_spellings(n: int) -> list[str]:
    digits = "零一二三四五六七八九"
    tens, ones = divmod(n, 10)
    one = digits[ones] if ones else ""
    if tens == 0:
        return [digits[ones]]
    if tens == 1:
        return ["十" + one, "一十" + one]  # 十二 and 一十二
    return [digits[tens] + "十" + one]
