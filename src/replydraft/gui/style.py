"""The app's look: one style sheet over Qt's Fusion style, and the window icon."""

from __future__ import annotations

from PySide6.QtGui import QIcon

from replydraft import paths

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


def app_icon() -> QIcon:
    """The window icon: the same drawing as the installers' (resources/icons/)."""
    icon = QIcon()
    folder = paths.resources_dir() / "icons"
    for size in (16, 24, 32, 48, 64, 128, 256):
        png = folder / f"replydraft-{size}.png"
        if png.is_file():
            icon.addFile(str(png))
    return icon
