"""A page view of the reply in the official typography, built from `render.render_blocks`.

The page is one white table cell (A4 width, GB/T 9704 margins) on a grey desk, scaled to fit
the pane. Fonts are the bureau's export fonts with fallbacks to what is installed (the Noto
CJK fonts on Linux), so the preview reads right even where 仿宋_GB2312 is missing.
"""

from __future__ import annotations

from PySide6.QtCore import QSizeF, Qt, QTimer
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextFormat,
    QTextFrameFormat,
    QTextLength,
    QTextOption,
    QTextTableCellFormat,
    QTextTableFormat,
)
from PySide6.QtWidgets import QTextBrowser, QVBoxLayout, QWidget

from replydraft.profiles import ExportStyle
from replydraft.records import Draft
from replydraft.render import PRINT_SEPARATOR, Block, render_blocks, text_width, title_lines

PX_PER_MM = 96 / 25.4
PX_PER_PT = 96 / 72
DESK = QColor("#d9dce1")
REFRESH_MS = 250

# Fallbacks after the bureau's own font names: Windows names, macOS names, then the fonts a
# Linux desktop has (fonts-noto-cjk). Qt takes the first family that holds each character.
FALLBACKS = {
    "body": [
        "仿宋",
        "FangSong",
        "STFangsong",
        "Noto Serif CJK SC",
        "Source Han Serif SC",
        "SimSun",
    ],
    "title": ["方正小标宋_GBK", "华文中宋", "STZhongsong", "宋体", "SimSun", "Noto Serif CJK SC"],
    "heading1": ["黑体", "SimHei", "Heiti SC", "Noto Sans CJK SC", "Source Han Sans SC"],
    "heading2": ["楷体", "KaiTi", "STKaiti", "AR PL UKai CN", "Noto Serif CJK SC"],
}


def families(style: ExportStyle, kind: str) -> list[str]:
    """The font families for one kind of text: Latin font, the bureau's font, fallbacks."""
    own = {
        "body": style.font_body,
        "title": style.font_title,
        "heading1": style.font_heading1,
        "heading2": style.font_heading2,
    }[kind]
    names = [style.font_latin, own, *FALLBACKS[kind]]
    return list(dict.fromkeys(n for n in names if n))


class PageBuilder:
    """Lays out render blocks on a QTextDocument at a given zoom."""

    def __init__(self, style: ExportStyle, zoom: float) -> None:
        self.style = style
        self.zoom = zoom
        self.body_px = style.body_size_pt * PX_PER_PT * zoom
        self.pitch_px = style.line_pitch_pt * PX_PER_PT * zoom
        self._margins = {"signature": 2.0, "date": 2.0}

    def mm(self, value: float) -> float:
        return value * PX_PER_MM * self.zoom

    def page_width(self) -> float:
        return self.mm(self.style.paper_width_mm)

    def char_format(self, kind: str, size_pt: float | None = None) -> QTextCharFormat:
        fmt = QTextCharFormat()
        font = QFont()
        font.setFamilies(families(self.style, kind))
        size = (size_pt or self.style.body_size_pt) * PX_PER_PT * self.zoom
        font.setPixelSize(max(1, round(size)))
        font.setBold(False)  # GB/T 9704: headings are set in their family, never bold
        fmt.setFont(font)
        fmt.setForeground(QBrush(QColor("black")))
        return fmt

    def block_format(
        self, *, indent_chars: float = 0, align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignJustify
    ) -> QTextBlockFormat:
        fmt = QTextBlockFormat()
        fmt.setAlignment(align)
        fmt.setTextIndent(indent_chars * self.body_px)
        fmt.setLineHeight(self.pitch_px, QTextBlockFormat.LineHeightTypes.FixedHeight.value)
        fmt.setTopMargin(0)
        fmt.setBottomMargin(0)
        return fmt

    def build(self, draft: Draft) -> QTextDocument:
        doc = QTextDocument()
        doc.setUndoRedoEnabled(False)
        root = doc.rootFrame().frameFormat()
        root.setBackground(QBrush(DESK))
        root.setMargin(24 * self.zoom)
        doc.rootFrame().setFrameFormat(root)

        cursor = QTextCursor(doc)
        table_format = QTextTableFormat()
        table_format.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        table_format.setWidth(QTextLength(QTextLength.Type.FixedLength, self.page_width()))
        table_format.setBorderStyle(QTextFrameFormat.BorderStyle.BorderStyle_None)
        table_format.setBorder(0)
        table_format.setCellSpacing(0)
        table_format.setCellPadding(0)
        table_format.setBackground(QBrush(QColor("white")))
        table = cursor.insertTable(1, 1, table_format)
        cell = table.cellAt(0, 0)
        cell_format = QTextTableCellFormat()
        cell_format.setBackground(QBrush(QColor("white")))
        cell_format.setLeftPadding(self.mm(self.style.margin_left_mm))
        cell_format.setRightPadding(self.mm(self.style.margin_right_mm))
        cell_format.setTopPadding(self.mm(self.style.margin_top_mm))
        cell_format.setBottomPadding(self.mm(self.style.margin_bottom_mm))
        cell.setFormat(cell_format)
        self._fill(cell.firstCursorPosition(), draft)
        return doc

    def build_pages(self, draft: Draft) -> QTextDocument:
        """The reply as pages for a printer: A4 (the style's paper) with its margins, the same
        blocks and typography as the page view and the .docx export, no desk around it."""
        doc = QTextDocument()
        doc.setUndoRedoEnabled(False)
        doc.setPageSize(
            QSizeF(self.mm(self.style.paper_width_mm), self.mm(self.style.paper_height_mm))
        )
        root = doc.rootFrame().frameFormat()
        root.setLeftMargin(self.mm(self.style.margin_left_mm))
        root.setRightMargin(self.mm(self.style.margin_right_mm))
        root.setTopMargin(self.mm(self.style.margin_top_mm))
        root.setBottomMargin(self.mm(self.style.margin_bottom_mm))
        doc.rootFrame().setFrameFormat(root)
        self._fill(QTextCursor(doc), draft)
        return doc

    def _fill(self, cursor: QTextCursor, draft: Draft) -> None:
        blocks = render_blocks(draft)
        if not blocks:
            cursor.setBlockFormat(self.block_format(align=Qt.AlignmentFlag.AlignCenter))
            cursor.insertText("（空白草稿）", self.char_format("body"))
            return
        self._signature_margins(blocks)
        first = True
        previous = ""
        for block in blocks:
            for fmt, runs in self._layout(block, previous):
                if not first:
                    cursor.insertBlock()
                first = False
                cursor.setBlockFormat(fmt)
                for text, char_format in runs:
                    cursor.insertText(text, char_format)
            previous = block.role

    def _signature_margins(self, blocks: list[Block]) -> None:
        """Right margins (in characters) of the signature and the date, GB/T 9704 §7.3.5.2:
        the date two characters from the right, its first character two characters right
        of the signature's first; a longer signature moves the date instead."""
        texts = {b.role: b.text for b in blocks if b.role in ("signature", "date")}
        s = text_width(texts.get("signature", ""))
        d = text_width(texts.get("date", ""))
        if s - d - 2 >= 0:
            self._margins = {"signature": 2.0, "date": s - d}
        else:
            self._margins = {"signature": 4 + d - s, "date": 2.0}

    def _layout(
        self, block: Block, previous: str
    ) -> list[tuple[QTextBlockFormat, list[tuple[str, QTextCharFormat]]]]:
        """Paragraph formats and runs for one block (the 版记 adds its rules as blocks)."""
        body = self.char_format("body")
        footer = self.char_format("body", self.style.footer_size_pt)
        role, text = block.role, block.text
        left, center, right = (
            Qt.AlignmentFlag.AlignLeft,
            Qt.AlignmentFlag.AlignHCenter,
            Qt.AlignmentFlag.AlignRight,
        )
        if role == "header":
            align = center if block.part == "header.doc_number" else left
            return [(self.block_format(align=align), [(text, body)])]
        if role == "title":
            fmt = self.block_format(align=center)
            fmt.setLineHeight(
                self.style.title_size_pt * 1.5 * PX_PER_PT * self.zoom,
                QTextBlockFormat.LineHeightTypes.FixedHeight.value,
            )
            fmt.setTopMargin(self.pitch_px)
            fmt.setBottomMargin(self.pitch_px)
            width_chars = int(
                (self.style.paper_width_mm - self.style.margin_left_mm - self.style.margin_right_mm)
                / (self.style.title_size_pt * 25.4 / 72)
            )
            lines = title_lines(text, width_chars) or [text]
            return [
                (fmt, [("\u2028".join(lines), self.char_format("title", self.style.title_size_pt))])
            ]
        if role == "salutation":
            return [(self.block_format(align=left), [(text, body)])]
        if role == "body":
            return [(self.block_format(indent_chars=2), [(text, body)])]
        if block.is_heading:
            kind = {1: "heading1", 2: "heading2"}.get(block.level, "body")
            head = self.char_format(kind)
            fmt = self.block_format(indent_chars=2)
            if block.head_len:
                return [(fmt, [(text[: block.head_len], head), (text[block.head_len :], body)])]
            return [(fmt, [(text, head)])]
        if role in ("signature", "date"):
            fmt = self.block_format(align=right)
            fmt.setRightMargin(self._margins[role] * self.body_px)
            if role == "signature":
                fmt.setTopMargin(self.pitch_px * 2)
            return [(fmt, [(text, body)])]
        if role in ("note", "contact"):
            fmt = self.block_format(indent_chars=2, align=left)
            if role == "note" or (role == "contact" and previous not in ("contact", "note")):
                fmt.setTopMargin(self.pitch_px if previous == "date" else 0)
            return [(fmt, [(text, body)])]
        if role == "cc":
            rule = self._rule(top=self.pitch_px)
            fmt = self.block_format(align=left)
            fmt.setLeftMargin(self.style.footer_size_pt * PX_PER_PT * self.zoom)
            fmt.setRightMargin(self.style.footer_size_pt * PX_PER_PT * self.zoom)
            return [rule, (fmt, [(text, footer)])]
        if role == "print":
            rule = self._rule(top=0)
            fmt = self.block_format(align=left)
            one_char = self.style.footer_size_pt * PX_PER_PT * self.zoom
            fmt.setLeftMargin(one_char)
            fmt.setRightMargin(one_char)
            width = self.mm(
                self.style.paper_width_mm - self.style.margin_left_mm - self.style.margin_right_mm
            )
            fmt.setTabPositions(
                [QTextOption.Tab(width - 2 * one_char, QTextOption.TabType.RightTab)]
            )
            office, _, when = text.rpartition(PRINT_SEPARATOR)
            line = f"{office}\t{when}" if office else text
            return [rule, (fmt, [(line, footer)]), self._rule(top=0)]
        return [(self.block_format(align=left), [(text, body)])]

    def _rule(self, top: float) -> tuple[QTextBlockFormat, list[tuple[str, QTextCharFormat]]]:
        """A thin horizontal line across the type area (the 版记 rules)."""
        fmt = QTextBlockFormat()
        fmt.setTopMargin(top)
        fmt.setProperty(
            QTextFormat.Property.BlockTrailingHorizontalRulerWidth,
            QTextLength(QTextLength.Type.PercentageLength, 100),
        )
        fmt.setLineHeight(
            max(2.0, 4 * self.zoom), QTextBlockFormat.LineHeightTypes.FixedHeight.value
        )
        tiny = QTextCharFormat()
        tiny.setFontPointSize(1)
        return fmt, [("", tiny)]


class PreviewPane(QWidget):
    """The page view. `show_draft` is cheap to call often: the refresh is debounced and only
    happens while the pane is visible."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.browser = QTextBrowser()
        self.browser.setOpenLinks(False)
        self.browser.setFrameShape(QTextBrowser.Shape.NoFrame)
        # A page is longer than the pane: a permanent bar keeps the width (and the zoom) steady.
        self.browser.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        palette = self.browser.palette()
        palette.setColor(self.browser.backgroundRole(), DESK)
        self.browser.setPalette(palette)
        self.browser.viewport().setAutoFillBackground(True)
        self.browser.setStyleSheet(f"QTextBrowser {{ background: {DESK.name()}; }}")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.browser)
        self._draft: Draft | None = None
        self._style = ExportStyle()
        self._stale = False
        self.refreshes = 0  # how many times the page was laid out (tests watch it)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(REFRESH_MS)
        self._timer.timeout.connect(self.refresh)
        self._last_width = 0

    def show_draft(self, draft: Draft, style: ExportStyle) -> None:
        self._draft = draft
        self._style = style
        self._stale = True
        if self.isVisible():
            self._timer.start()

    def zoom(self) -> float:
        """Fit the page and the desk around it (24 px a side at full size) to the width."""
        available = max(200, self.browser.viewport().width() - 6)
        page = self._style.paper_width_mm * PX_PER_MM
        return max(0.35, min(1.0, available / (page + 48)))

    def refresh(self) -> None:
        self._timer.stop()
        if self._draft is None:
            return
        bar = self.browser.verticalScrollBar()
        position = bar.value()
        document = PageBuilder(self._style, self.zoom()).build(self._draft)
        # Parented to the browser, so the next setDocument deletes this one (Qt's rule).
        document.setParent(self.browser)
        self.browser.setDocument(document)
        bar.setValue(position)
        self._stale = False
        self._last_width = self.browser.viewport().width()
        self.refreshes += 1

    def text(self) -> str:
        """The page's text as shown (tests read it)."""
        return self.browser.document().toPlainText()

    def showEvent(self, event: object) -> None:
        super().showEvent(event)  # type: ignore[arg-type]
        if self._stale:
            self._timer.start()

    def resizeEvent(self, event: object) -> None:
        super().resizeEvent(event)  # type: ignore[arg-type]
        if self._draft is not None and abs(self.browser.viewport().width() - self._last_width) > 8:
            self._stale = True
            self._timer.start()
