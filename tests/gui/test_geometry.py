"""Layout that holds: a saved geometry that would leave the window out of reach is refused,
the default fits the screen, and long headings never widen the window."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QRect, QSettings, QSize
from pytestqt.qtbot import QtBot

from replydraft.gui import draft_model as dm
from replydraft.gui.draft_model import Node
from replydraft.gui.geometry import default_rect, usable, usable_splits
from replydraft.gui.main_window import MainWindow
from tests.gui.conftest import ScriptedPrompter, open_window

LAPTOP = QRect(0, 0, 1366, 728)  # 1366×768 less a 40-pixel taskbar
MINIMUM = QSize(1100, 650)


def test_the_default_fits_a_small_screen() -> None:
    rect = default_rect(LAPTOP)
    assert LAPTOP.contains(rect)
    assert rect.size() == QSize(1366, 728)
    big = QRect(0, 0, 1920, 1040)
    assert default_rect(big).size() == QSize(1560, 940)
    assert big.contains(default_rect(big))


def test_geometry_out_of_reach_or_too_big_is_refused() -> None:
    screens = [LAPTOP]
    assert usable(QRect(20, 10, 1300, 700), screens, MINIMUM)
    assert not usable(QRect(3000, 10, 1300, 700), screens, MINIMUM)  # a monitor unplugged
    assert not usable(QRect(20, -600, 1300, 700), screens, MINIMUM)  # title bar above the top
    assert not usable(QRect(0, 0, 1900, 1000), screens, MINIMUM)  # from a bigger screen
    assert not usable(QRect(20, 10, 300, 200), screens, MINIMUM)  # squeezed below its minimum
    # The second monitor is still there: fine.
    assert usable(QRect(1400, 30, 1300, 700), [LAPTOP, QRect(1366, 0, 1920, 1040)], MINIMUM)
    assert usable_splits([380, 640, 540], 3)
    assert not usable_splits([0, 1200, 360], 3)
    assert not usable_splits([500, 500], 3)


def test_a_window_restored_off_screen_comes_back(
    qtbot: QtBot, seeded_home: Path, prompter: ScriptedPrompter
) -> None:
    first = open_window(qtbot, prompter)
    screen = first.screen().availableGeometry()
    first.move(screen.right() + 5000, screen.bottom() + 5000)
    first.splitter.setSizes([0, 2000, 0])
    first.close()
    store = QSettings(str(seeded_home / "window.ini"), QSettings.Format.IniFormat)
    assert isinstance(store.value("geometry"), QByteArray)

    second = open_window(qtbot, ScriptedPrompter())
    assert screen.intersects(second.frameGeometry())
    assert second.frameGeometry().top() >= screen.top() - 16
    assert all(size >= 60 for size in second.splitter.sizes())


def test_a_long_heading_does_not_widen_the_window(
    qtbot: QtBot, window: MainWindow, proposal_file: Path
) -> None:
    with qtbot.waitSignal(window.proposal_opened, timeout=10_000):
        window.open_path(proposal_file)
    window.resize(1366, 728)
    width = window.width()
    hint = window.minimumSizeHint().width()
    pane = window.draft_pane
    pane.select(Node(dm.SECTION, (1,)))
    pane.heading.setText("")
    qtbot.keyClicks(pane.heading, "A" * 600)
    qtbot.waitUntil(lambda: pane.place_label.text().endswith("A" * 600))
    assert window.width() == width
    assert window.minimumSizeHint().width() == hint
    assert pane.place_label.elided_text().endswith("…")
    assert pane.place_label.toolTip().endswith("A" * 600)
