"""The app's look: one style sheet over Qt's Fusion style, and the window icon."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, Qt
from PySide6.QtGui import QIcon, QPainter, QPixmap
from PySide6.QtSvg import QSvgRenderer

ACCENT = "#b4232a"  # the red of official documents, used sparingly

STYLESHEET = f"""
QMainWindow, QDialog {{ background: #f4f5f7; }}
QToolBar#mainToolbar {{ spacing: 4px; padding: 4px 6px; border: none; border-bottom: 1px solid #dcdfe4; background: #fbfbfc; }}
QToolBar#mainToolbar QToolButton {{ padding: 4px 8px; border-radius: 4px; }}
QToolBar#mainToolbar QToolButton:hover {{ background: #e8ebf0; }}
QLabel#paneTitle {{ font-weight: 600; color: #30343b; padding: 2px 0 2px 0; }}
QLabel#hint {{ color: #5f6670; }}
QLabel#source {{ color: #1e5631; padding: 4px 6px; background: #eef7f0; border-radius: 4px; }}
QLabel#recordTitle {{ padding: 4px 2px; }}
QLabel#welcomeTitle {{ font-size: 20pt; font-weight: 600; color: {ACCENT}; }}
QFrame#welcomeCard {{ background: white; border: 1px solid #dcdfe4; border-radius: 10px; }}
QFrame#banner {{ background: #fff4d6; border: 1px solid #f0d48a; border-radius: 6px; }}
QPushButton {{ padding: 5px 14px; border-radius: 4px; border: 1px solid #c6cbd3; background: white; }}
QPushButton:hover {{ background: #f0f2f5; }}
QPushButton:disabled {{ color: #a0a6ae; }}
QPushButton#primary {{ background: {ACCENT}; color: white; border-color: {ACCENT}; font-weight: 600; padding: 8px 16px; }}
QPushButton#primary:hover {{ background: #9c1d23; }}
QGroupBox {{ font-weight: 600; border: 1px solid #dcdfe4; border-radius: 6px; margin-top: 14px; padding: 12px 10px 8px 10px; background: white; }}
QGroupBox::title {{ subcontrol-origin: margin; left: 10px; padding: 0 4px; color: #30343b; }}
QTreeView, QListView, QTableView, QTextEdit, QPlainTextEdit, QTextBrowser, QLineEdit {{
    border: 1px solid #cfd4db; border-radius: 4px; background: white; selection-background-color: #cfe3fa; selection-color: black;
}}
QLineEdit {{ padding: 3px 6px; min-height: 20px; }}
QComboBox, QDateEdit, QSpinBox, QDoubleSpinBox {{ min-height: 24px; }}
QTreeView::item, QListView::item {{ padding: 3px 2px; }}
QHeaderView::section {{ background: #eef0f3; border: none; border-right: 1px solid #dcdfe4; padding: 4px 6px; }}
QTabWidget::pane {{ border: 1px solid #dcdfe4; background: white; border-radius: 4px; }}
QTabBar::tab {{ padding: 6px 14px; }}
QTabBar::tab:selected {{ color: {ACCENT}; font-weight: 600; }}
QSplitter::handle {{ background: transparent; }}
QSplitter::handle:horizontal {{ width: 6px; }}
QSplitter::handle:vertical {{ height: 6px; }}
QStatusBar {{ background: #fbfbfc; border-top: 1px solid #dcdfe4; }}
"""

_ICON_SVG = """<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64">
<rect x="10" y="4" width="44" height="56" rx="4" fill="#ffffff" stroke="#7a7f87" stroke-width="2"/>
<rect x="16" y="12" width="32" height="5" rx="1" fill="#b4232a"/>
<rect x="16" y="24" width="32" height="3" rx="1" fill="#9aa0a8"/>
<rect x="16" y="31" width="32" height="3" rx="1" fill="#9aa0a8"/>
<rect x="16" y="38" width="24" height="3" rx="1" fill="#9aa0a8"/>
<path d="M30 54 L50 34 L56 40 L36 60 L28 62 Z" fill="#0b5cad"/>
</svg>"""


def app_icon() -> QIcon:
    """The window icon, drawn from SVG at the usual sizes (kept in code: no data files to ship)."""
    renderer = QSvgRenderer(QByteArray(_ICON_SVG.encode("utf-8")))
    icon = QIcon()
    for size in (16, 24, 32, 48, 64, 128, 256):
        pixmap = QPixmap(size, size)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        renderer.render(painter)
        painter.end()
        icon.addPixmap(pixmap)
    return icon
