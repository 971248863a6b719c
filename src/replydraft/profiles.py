"""Bureau profiles: who answers, how they sign, and how their documents look.

One TOML file per bureau under templates/profiles/ (a user folder overrides built-ins).
Every layout number defaults to GB/T 9704-2012; a bureau overrides only what differs.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from replydraft.records import Contact


@dataclass
class ExportStyle:
    """Page layout and typography of the .docx export (GB/T 9704-2012 defaults)."""

    paper_width_mm: float = 210.0
    paper_height_mm: float = 297.0
    margin_top_mm: float = 37.0
    margin_bottom_mm: float = 35.0
    margin_left_mm: float = 28.0
    margin_right_mm: float = 26.0
    line_pitch_pt: float = 28.95  # 225 mm / 22 lines, exact
    chars_per_line: int = 28
    body_size_pt: float = 16.0  # 3号
    title_size_pt: float = 22.0  # 2号
    footer_size_pt: float = 14.0  # 4号: 版记 and page numbers
    font_title: str = "方正小标宋简体"
    font_body: str = "仿宋_GB2312"
    font_heading1: str = "黑体"  # 一、
    font_heading2: str = "楷体_GB2312"  # （一）
    font_latin: str = "Times New Roman"  # digits and Latin letters
    font_page_number: str = "宋体"
    page_numbers: bool = True

    def font_names(self) -> list[str]:
        """Every distinct font the style names, in a stable order."""
        names = [
            self.font_title,
            self.font_body,
            self.font_heading1,
            self.font_heading2,
            self.font_latin,
            self.font_page_number,
        ]
        return list(dict.fromkeys(n for n in names if n))


@dataclass
class BureauProfile:
    """A bureau's identity and defaults; see templates/profiles/*.toml."""

    id: str
    name: str  # 上海市浦东新区科技和经济委员会
    self_reference: str = "我委"  # how the bureau calls itself in the text (我委/我局/我办)
    doc_number_pattern: str = ""  # e.g. 浦科经委办理〔{year}〕{number}号
    signer: str = ""
    contact: Contact = field(default_factory=Contact)
    cc: list[str] = field(default_factory=list)
    result_labels: list[str] = field(
        default_factory=lambda: [
            "解决或采纳",
            "正在解决或列入计划解决",
            "因条件限制暂时不能解决",
            "留作参考",
        ]
    )
    default_result: str = ""
    default_disclosure: str = "主动公开"
    print_office: str = ""  # 印发机关 in the 版记, e.g. ……委员会办公室
    show_header: bool = True  # 文号/签发人/办理结果/公开属性 block above the title
    require: list[str] = field(default_factory=lambda: ["signature", "date", "contact"])
    template: str = ""  # the bureau's template folder under templates/, "" for the built-ins
    style: ExportStyle = field(default_factory=ExportStyle)
