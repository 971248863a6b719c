"""Benchmark and soak: a scripted working day in the window (`replydraft bench window`).

An offscreen window on a scratch data folder (the seeds archive) goes through an officer's
day: proposals opened and closed, Chinese typed into the body and the headings (as a pinyin
input method commits it), undo and redo, searches, exports. It prints the per-keystroke
latency (p95 against one frame, 16 ms), beside a bare QTextEdit fed the same keystrokes (the
peer: what Qt alone costs), the growth of resident memory and of the refcount of None (the
PySide6 6.12 bug freed None once per setData), and exits 1 when a floor fails.

The test suite runs the same day scaled down (tests/gui/test_soak.py).
"""

from __future__ import annotations

import gc
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtCore import SignalInstance
    from PySide6.QtWidgets import QWidget

    from replydraft.gui.main_window import MainWindow

KEYSTROKE_FLOOR_MS = 16.0  # one frame at 60 Hz
RSS_FLOOR_MB = 150.0  # growth over a whole day, after the first proposal warmed the caches
NONE_FLOOR = 1_000  # refcount of None: 6.12.0 lost ~22 per outline rebuild, ~50,000 a day
TEXT = "为进一步加强人工智能人才队伍建设，我委会同区人社局完善配套政策，持续优化服务保障。"
HEADING_TEXT = "推进落实"


@dataclass(frozen=True)
class DayPlan:
    """How much of each kind of work the day holds."""

    keystrokes: int = 20_000  # half in the body, half in headings
    undo_redo: int = 2_000
    searches: int = 500
    exports: int = 100
    proposals: int = 50


FULL_DAY = DayPlan()


@dataclass
class DayReport:
    plan: DayPlan
    keystroke_ms: list[float] = field(default_factory=list)
    heading_ms: list[float] = field(default_factory=list)
    body_ms: list[float] = field(default_factory=list)
    undo_ms: list[float] = field(default_factory=list)
    peer_ms: list[float] = field(default_factory=list)
    done: dict[str, int] = field(default_factory=dict)
    rss_start: int = 0
    rss_end: int = 0
    none_start: int = 0
    none_end: int = 0
    errors: list[str] = field(default_factory=list)
    none_trace: list[int] = field(default_factory=list)  # at each proposal opened
    seconds: float = 0.0

    @staticmethod
    def p95(values: list[float]) -> float:
        return statistics.quantiles(values, n=20)[-1] if len(values) > 1 else sum(values)

    @property
    def rss_growth_mb(self) -> float:
        return (self.rss_end - self.rss_start) / 1_048_576

    @property
    def none_growth(self) -> int:
        return self.none_end - self.none_start


def rss_bytes() -> int:
    """Resident memory now (Linux: /proc; elsewhere the peak, which only overstates growth)."""
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
        return pages * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        import resource

        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        return peak if sys.platform == "darwin" else peak * 1024


def none_refcount() -> int:
    gc.collect()
    return sys.getrefcount(None)


def proposal_text(number: int) -> str:
    """A proposal like the CPPCC office prints it; each number a little different."""
    from replydraft.gui.screenshots import SAMPLE_PROPOSAL

    return SAMPLE_PROPOSAL.replace("088", f"{number:03d}").replace(
        "建设实训基地", f"建设第{number}个实训基地"
    )


def _wait(condition: Callable[[], bool], timeout: float = 60.0) -> None:
    from PySide6.QtCore import QEventLoop, QTimer

    end = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > end:
            raise TimeoutError("the window did not get there in time")
        loop = QEventLoop()
        QTimer.singleShot(2, loop.quit)
        loop.exec()


def _until(action: Callable[[], object], *signals: SignalInstance) -> list[object]:
    """Do `action` and run the event loop until one of `signals` came; what it carried."""
    got: list[object] = []

    def slot(*args: object) -> None:
        got.append(args[0] if args else None)

    for signal in signals:
        signal.connect(slot)
    try:
        action()
        _wait(lambda: bool(got))
    finally:
        for signal in signals:
            signal.disconnect(slot)
    return got


def _commit(widget: QWidget, text: str) -> float:
    """One keystroke as an input method commits it; milliseconds until the app handled it."""
    from PySide6.QtGui import QInputMethodEvent
    from PySide6.QtWidgets import QApplication

    event = QInputMethodEvent("", [])
    event.setCommitString(text)
    started = time.perf_counter()
    QApplication.sendEvent(widget, event)
    QApplication.processEvents()
    return (time.perf_counter() - started) * 1000


def _backspace(widget: QWidget) -> float:
    """One Backspace; milliseconds until the app handled it."""
    from PySide6.QtCore import QEvent, Qt
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtWidgets import QApplication

    started = time.perf_counter()
    for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
        event = QKeyEvent(kind, Qt.Key.Key_Backspace, Qt.KeyboardModifier.NoModifier)
        QApplication.sendEvent(widget, event)
    QApplication.processEvents()
    return (time.perf_counter() - started) * 1000


def _opener(window: MainWindow, path: Path) -> Callable[[], object]:
    return lambda: window.open_path(path)


def _exporter(window: MainWindow, path: Path) -> Callable[[], object]:
    # The officer said yes to exporting with the template's 【待填写】 gaps (ask_export asks).
    return lambda: window.export(path, allow_gaps=True)


def _peer(keystrokes: int) -> list[float]:
    """The same keystrokes into a bare QTextEdit: the cost of Qt's own text handling."""
    from PySide6.QtWidgets import QTextEdit

    editor = QTextEdit()
    editor.resize(640, 700)
    editor.show()
    editor.setFocus()
    timings = [_commit(editor, TEXT[i % len(TEXT)]) for i in range(keystrokes)]
    editor.close()
    editor.deleteLater()
    return timings


def _quiet_prompter() -> object:
    from replydraft.gui.prompter import Prompter, SaveChoice

    class QuietPrompter(Prompter):
        """Answers like an officer who saves nothing and is never asked twice; errors kept."""

        def __init__(self) -> None:
            super().__init__(None)
            self.errors: list[str] = []

        def error(self, title: str, text: str) -> None:
            self.errors.append(f"{title}: {text}")

        def info(self, title: str, text: str) -> None:
            pass

        def confirm(self, title: str, text: str, yes: str = "确定", no: str = "取消") -> bool:
            return True

        def ask_save_changes(self, name: str) -> SaveChoice:
            return SaveChoice.DISCARD

        def offer_restore(self, saved_at: str, title: str) -> bool:
            return False

        def offer_open(self, path: Path) -> bool:
            return False

        def set_up_bureau(self, existing: list[tuple[str, str]]) -> None:
            return None

    return QuietPrompter()


def run_day(window: MainWindow, plan: DayPlan, folder: Path) -> DayReport:
    """Work through `plan` in `window` (started, archive open); files go to `folder`."""
    from replydraft.gui import draft_model as dm
    from replydraft.gui.draft_model import Node

    report = DayReport(plan)
    done = report.done = dict.fromkeys(
        ("keystrokes", "undo_redo", "searches", "exports", "proposals"), 0
    )
    pane = window.draft_pane
    started = time.perf_counter()

    def share(total: int, i: int) -> int:
        return total // plan.proposals + (1 if i < total % plan.proposals else 0)

    for i in range(plan.proposals):
        path = folder / f"第{100 + i:03d}号提案.txt"
        path.write_text(proposal_text(100 + i), encoding="utf-8")
        # The draft before is closed unsaved (the officer said so).
        _until(_opener(window, path), window.proposal_opened)
        done["proposals"] += 1
        report.none_trace.append(none_refcount())
        if i == 1:
            # The first proposal warmed the caches (fonts, jieba, templates): growth counts from here.
            report.rss_start = rss_bytes()
            report.none_start = none_refcount()

        keys = share(plan.keystrokes, i)
        sections = [p for p in dm.numbered_headings(window.document.draft) if len(p) == 1]
        in_heading = False
        for k in range(keys):
            path_ = sections[k % len(sections)]
            if k % 40 == 0:  # a new place: alternately a heading and a paragraph
                pane.select(Node(dm.SECTION, path_))
                in_heading = (k // 40) % 2 == 1
                if in_heading:
                    pane.heading.setFocus()
                    pane.heading.end(False)
                else:
                    pane.editor.setFocus()
                    cursor = pane.editor.textCursor()
                    cursor.movePosition(cursor.MoveOperation.End)
                    pane.editor.setTextCursor(cursor)
            if in_heading and k % 40 >= 20:
                # Second half of a heading burst: the officer takes the words back again,
                # as headings are rewritten, not grown without end.
                ms = _backspace(pane.heading)
            else:
                target = pane.heading if in_heading else pane.editor
                letters = HEADING_TEXT if in_heading else TEXT
                ms = _commit(target, letters[k % len(letters)])
            report.keystroke_ms.append(ms)
            (report.heading_ms if in_heading else report.body_ms).append(ms)
            done["keystrokes"] += 1
            if k % 200 == 199:
                # A pause in typing: the edit reaches the draft, the proofreader runs.
                _until(window.refresh_check, window.check_done)

        for u in range(share(plan.undo_redo, i)):
            t0 = time.perf_counter()
            window.undo() if u % 2 == 0 else window.redo()
            report.undo_ms.append((time.perf_counter() - t0) * 1000)
            done["undo_redo"] += 1

        for s in range(share(plan.searches, i)):
            window.side.similar.query.setText(("人才公寓", "实训基地", "领军人才")[s % 3])
            _until(window.refresh_search, window.search_done)
            done["searches"] += 1

        for e in range(share(plan.exports, i)):
            out = folder / f"答复{i:03d}-{e}.{'docx' if e % 2 == 0 else 'txt'}"
            exported = _until(_exporter(window, out), window.export_done, window.export_failed)
            if not (out.is_file() and out.stat().st_size > 0):
                report.errors.append(f"export {out.name}: {exported[0]}")
            out.unlink(missing_ok=True)
            done["exports"] += 1

    if plan.proposals < 2:
        report.rss_start, report.none_start = rss_bytes(), none_refcount()
    # Back to where the counts began, a proposal just opened (the undo history of a long
    # edit holds None in every snapshot: that is not a leak).
    path = folder / "第100号提案.txt"
    _until(_opener(window, path), window.proposal_opened)
    window.services.general.wait()
    report.rss_end = rss_bytes()
    report.none_end = none_refcount()
    report.seconds = time.perf_counter() - started
    report.errors += getattr(window.prompter, "errors", [])
    return report


def open_scratch_window(home: Path) -> MainWindow:
    """A shown, started window over a scratch data folder, its search ready."""
    from replydraft.gui.app import build_window, make_application
    from replydraft.gui.prompter import Prompter
    from replydraft.workspace import Workspace

    make_application()
    prompter = _quiet_prompter()
    assert isinstance(prompter, Prompter)
    window = build_window(Workspace.open(home=home), prompter)
    window.resize(1366, 768)
    window.show()
    window.start()
    _wait(lambda: window.services.is_search_ready, timeout=120)
    return window


def failures(report: DayReport) -> list[str]:
    """The floors the day missed, in words (empty: all held)."""
    missed = []
    if report.errors:
        missed.append(f"{len(report.errors)} error(s), first: {report.errors[0]}")
    if report.p95(report.keystroke_ms) > KEYSTROKE_FLOOR_MS:
        missed.append(f"keystroke p95 over {KEYSTROKE_FLOOR_MS:.0f} ms")
    if report.rss_growth_mb > RSS_FLOOR_MB:
        missed.append(f"memory grew over {RSS_FLOOR_MB:.0f} MB")
    if abs(report.none_growth) > NONE_FLOOR:
        missed.append(f"refcount of None moved by more than {NONE_FLOOR}")
    return missed


def bench_window(plan: DayPlan = FULL_DAY) -> int:
    """Run the day, print the figures; 1 when a floor failed."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    import PySide6

    with tempfile.TemporaryDirectory(prefix="replydraft-day-") as tmp:
        window = open_scratch_window(Path(tmp) / "home")
        work = Path(tmp) / "work"
        work.mkdir()
        report = run_day(window, plan, work)
        report.peer_ms = _peer(min(plan.keystrokes, 5_000))
        window.document.stack.setClean()
        window.close()
    p95 = report.p95
    print(f"replydraft window: a scripted day (offscreen, PySide6 {PySide6.__version__})")
    print(
        "  done: "
        + ", ".join(f"{n:,} {what.replace('_', '/')}" for what, n in report.done.items())
        + f" in {report.seconds:.0f} s"
    )
    print(
        f"  keystroke latency: p95 {p95(report.keystroke_ms):.2f} ms, median "
        f"{statistics.median(report.keystroke_ms):.2f} ms, max {max(report.keystroke_ms):.1f} ms "
        f"(floor {KEYSTROKE_FLOOR_MS:.0f} ms)"
    )
    print(
        f"  peer, a bare QTextEdit fed {len(report.peer_ms):,} of the same keystrokes: "
        f"p95 {p95(report.peer_ms):.2f} ms, median {statistics.median(report.peer_ms):.2f} ms"
    )
    print(
        f"  of which in headings: p95 {p95(report.heading_ms):.2f} ms; "
        f"in the body: p95 {p95(report.body_ms):.2f} ms"
    )
    print(f"  undo/redo: p95 {p95(report.undo_ms):.2f} ms")
    print(
        f"  resident memory: {report.rss_start / 1_048_576:.0f} MB after the first proposal, "
        f"{report.rss_end / 1_048_576:.0f} MB at the end: growth {report.rss_growth_mb:+.1f} MB "
        f"(floor {RSS_FLOOR_MB:.0f} MB)"
    )
    print(
        f"  refcount of None: {report.none_start:,} -> {report.none_end:,} "
        f"({report.none_growth:+,}; floor ±{NONE_FLOOR:,})"
    )
    missed = failures(report)
    print("  verdict: " + ("ok" if not missed else "FAILED: " + "; ".join(missed)))
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(bench_window())
