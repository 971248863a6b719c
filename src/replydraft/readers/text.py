"""Plain text files in any common Chinese encoding: BOMs, UTF-16 without a BOM, UTF-8 (also
with a few damaged bytes), GB18030, and charset-normalizer for the rest (Big5, ...)."""

from __future__ import annotations

import re

from replydraft.readers.base import ReadError

_BOMS = [
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
]
_SAMPLE = 200_000  # characters (or bytes) looked at when judging an encoding
# Characters no real document holds many of: C0/C1 controls (bar tab, newlines, form feed),
# the replacement character and the private-use areas that mojibake lands in.
_BAD_CHARS = re.compile(
    "[\x00-\x08\x0e-\x1f\x7f-\x9f\ufffd\ue000-\uf8ff\U000f0000-\U0010ffff\ud800-\udfff]"
)
# Valid UTF-8 is no mojibake: there only controls count (Word's list bullets are private-use).
_BAD_IN_UTF8 = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f\ufffd]")
_HAN = re.compile("[\u4e00-\u9fff]")
_CJK_PUNCT = re.compile("[\u3000-\u303f\uff00-\uffef\u2018\u2019\u201c\u201d\u2014\u2026\u00b7]")
_NOT_TEXT = "不是文本文件（内容为二进制数据，或编码无法识别）"


def decode_text(data: bytes) -> tuple[str, str]:
    """Decode a text file's bytes: (text, encoding name). ValueError when it is not text.

    Order that works for Chinese: BOMs; UTF-16 without BOM (by its NUL bytes); strict UTF-8;
    UTF-8 with a few damaged bytes (replaced by U+FFFD); strict GB18030 when the result reads
    as common Chinese; charset-normalizer for the rest (Big5, ...). Whatever wins must not be
    full of control or private-use characters.
    """
    text, encoding, _ = decode_text_counted(data)
    return text, encoding


def decode_text_counted(data: bytes) -> tuple[str, str, int]:
    """decode_text, and how many damaged UTF-8 sequences were replaced (0: none)."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError:
                break
            if _looks_like_text(text):
                return text, encoding, 0
            raise ValueError(_NOT_TEXT)
    utf16 = _utf16_by_nuls(data)
    if utf16 is not None:
        return (*utf16, 0)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        if _looks_like_text(text, _BAD_IN_UTF8):
            return text, "utf-8", 0
        raise ValueError(_NOT_TEXT)
    damaged = _damaged_utf8(data)
    if damaged is not None:
        return damaged
    gb: str | None
    try:
        gb = data.decode("gb18030")
    except UnicodeDecodeError:
        gb = None
    if gb is not None and _looks_like_text(gb) and _reads_as_common_chinese(gb):
        return gb, "gb18030", 0
    guessed = _charset_normalizer_guess(data)
    if guessed is not None:
        return (*guessed, 0)
    if gb is not None and _looks_like_text(gb):  # e.g. traditional characters saved as GBK
        return gb, "gb18030", 0
    raise ValueError(_NOT_TEXT)


def _damaged_utf8(data: bytes) -> tuple[str, str, int] | None:
    """UTF-8 with a few bad bytes (a flipped bit, a last character cut off), decoded with
    replacements; None when the bad sequences are too many to be damage (GBK read as UTF-8
    fails at nearly every character)."""
    text = data.decode("utf-8", "replace")
    bad = text.count("\ufffd") - data.count("\ufffd".encode())
    good = sum(1 for c in text[:_SAMPLE] if ord(c) > 0x7F and c != "\ufffd")
    if bad <= 0 or good < 4 * bad or (bad > 3 and bad * 50 > good):
        return None
    if not _looks_like_text(text.replace("\ufffd", ""), _BAD_IN_UTF8):  # bad ones counted above
        return None
    return text, "utf-8", bad


def _looks_like_text(text: str, bad: re.Pattern[str] = _BAD_CHARS) -> bool:
    sample = text[:_SAMPLE]
    if not sample:
        return True
    return len(bad.findall(sample)) <= len(sample) * 0.01


def _reads_as_common_chinese(text: str) -> bool:
    """True unless the non-ASCII characters are mostly rare ones: the mark of mojibake.

    Real simplified Chinese keeps to GB2312's characters; Big5 read as GBK does not.
    """
    sample = text[:_SAMPLE]
    non_ascii = sum(1 for c in sample if ord(c) > 0x7F)
    if non_ascii < 20:
        return True
    han = "".join(_HAN.findall(sample))
    rare = han.encode("gb2312", "replace").count(b"?") - han.count("?")
    common = len(han) - rare + len(_CJK_PUNCT.findall(sample))
    return common >= non_ascii * 0.9


def _utf16_by_nuls(data: bytes) -> tuple[str, str] | None:
    """UTF-16 without a BOM: ASCII characters leave NULs on one side of each pair only."""
    sample = data[: _SAMPLE - _SAMPLE % 2]
    if len(sample) < 4:
        return None
    half = len(sample) // 2
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    for nuls, other, encoding in ((odd, even, "utf-16-le"), (even, odd, "utf-16-be")):
        # The other side has a few NULs too: 一 is U+4E00.
        if nuls >= max(2, half * 0.01) and other < nuls * 0.8:
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError:
                return None
            return (text, encoding) if _looks_like_text(text) else None
    return None


def _charset_normalizer_guess(data: bytes) -> tuple[str, str] | None:
    import charset_normalizer  # imported late: it is slow to import and rarely needed

    best = charset_normalizer.from_bytes(data).best()
    if best is None or best.encoding is None:
        return None
    text = str(best)
    if not text.strip() or not _looks_like_text(text):
        return None
    return text, best.encoding.replace("_", "-")  # utf_16_le -> utf-16-le, like ours


def read_text(data: bytes, name: str) -> tuple[str, str, tuple[str, ...]]:
    """(text, encoding name, warnings: damaged UTF-8 bytes replaced)."""
    try:
        text, encoding, replaced = decode_text_counted(data)
    except ValueError as e:
        raise ReadError(name, str(e)) from None
    warnings = (
        (f"有 {replaced} 处字节不是有效的 UTF-8（文件可能受损或被截断），已替换为 �",)
        if replaced
        else ()
    )
    return text, encoding, warnings
