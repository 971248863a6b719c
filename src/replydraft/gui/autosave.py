"""Autosave: the draft goes to the autosave folder a few seconds after the officer stops typing.

Each running window is a session with three files in `workspace.dirs.autosave`:
`<session>.rdraft.json` (the draft, in the ordinary draft-file format), `<session>.session.json`
(when, what, and which file it belongs to) and `<session>.lock` (a QLockFile held while the
window runs). A clean exit removes all three. Files left behind whose lock nobody holds mean
the program crashed (or the machine went down): the next start offers to restore them.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QLockFile, QObject, QTimer, Signal

from replydraft.atomic import write_text_atomic
from replydraft.draft import save_draft
from replydraft.records import Draft

DRAFT_SUFFIX = ".rdraft.json"  # draft files: JSON, opened by double-click via this suffix
SESSION_SUFFIX = ".session.json"
LOCK_SUFFIX = ".lock"
MAX_WAIT_SECONDS = 30  # during a long typing burst, save at least this often


def _now() -> str:
    return datetime.now().astimezone().isoformat(timespec="seconds")


@dataclass
class Orphan:
    """An autosave a crashed session left behind."""

    draft_file: Path
    session_file: Path
    saved_at: str
    title: str
    original: str  # the draft file the session was editing, "" for a draft never saved
    # The proposal as it was read (提案原文): the draft keeps only its parsed fields.
    proposal_text: list[str] = field(default_factory=list)

    def discard(self) -> None:
        for path in (self.draft_file, self.session_file):
            path.unlink(missing_ok=True)

    @property
    def saved_at_text(self) -> str:
        try:
            return datetime.fromisoformat(self.saved_at).strftime("%Y年%m月%d日 %H:%M")
        except ValueError:
            return self.saved_at


def find_orphans(folder: Path) -> list[Orphan]:
    """Autosaves of sessions that are not running, newest first."""
    if not folder.is_dir():
        return []
    found: list[Orphan] = []
    for session_file in folder.glob(f"*{SESSION_SUFFIX}"):
        sid = session_file.name[: -len(SESSION_SUFFIX)]
        lock = QLockFile(str(folder / f"{sid}{LOCK_SUFFIX}"))
        lock.setStaleLockTime(0)  # stale only when its process is gone, however long it ran
        if not lock.tryLock(0):
            continue  # that session is alive (another window, or this one)
        lock.unlock()
        draft_file = folder / f"{sid}{DRAFT_SUFFIX}"
        try:
            meta = json.loads(session_file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            meta = {}
        if not draft_file.is_file():
            session_file.unlink(missing_ok=True)  # crashed before the first autosave
            continue
        found.append(
            Orphan(
                draft_file=draft_file,
                session_file=session_file,
                saved_at=str(meta.get("saved_at", "")),
                title=str(meta.get("title", "")),
                original=str(meta.get("original", "")),
                proposal_text=[str(p) for p in meta.get("proposal_text", []) or []],
            )
        )
    for lock_file in folder.glob(f"*{LOCK_SUFFIX}"):
        sid = lock_file.name[: -len(LOCK_SUFFIX)]
        if not (folder / f"{sid}{SESSION_SUFFIX}").exists():
            # A session killed before its first autosave: take its stale lock away.
            lock = QLockFile(str(lock_file))
            lock.setStaleLockTime(0)
            if lock.tryLock(0):
                lock.unlock()
    found.sort(key=lambda o: o.saved_at, reverse=True)
    return found


class Autosave(QObject):
    """Saves `snapshot()` (None: nothing worth saving) after `seconds` of quiet."""

    saved = Signal(object)  # the autosave file

    def __init__(
        self,
        folder: Path,
        seconds: int,
        snapshot: Callable[[], tuple[Draft, Path | None, list[str]] | None],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.folder = folder
        self.snapshot = snapshot
        self.session = f"{os.getpid()}-{int(time.time() * 1000)}"
        self.draft_file = folder / f"{self.session}{DRAFT_SUFFIX}"
        self.session_file = folder / f"{self.session}{SESSION_SUFFIX}"
        self._lock = QLockFile(str(folder / f"{self.session}{LOCK_SUFFIX}"))
        self._lock.setStaleLockTime(0)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(max(1, seconds) * 1000)
        self._timer.timeout.connect(self.save_now)
        self._pending_since: float | None = None
        self.last_error = ""

    def start(self) -> bool:
        """Take this session's lock; False if the folder cannot be used (autosave is off)."""
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            self.last_error = f"{self.folder}: {exc}"
            return False
        return bool(self._lock.tryLock(0))

    def set_interval(self, seconds: int) -> None:
        self._timer.setInterval(max(1, seconds) * 1000)

    def touch(self) -> None:
        """The draft changed: save once the officer pauses (or after MAX_WAIT_SECONDS)."""
        now = time.monotonic()
        if self._pending_since is None:
            self._pending_since = now
        if now - self._pending_since >= MAX_WAIT_SECONDS:
            self.save_now()
        else:
            self._timer.start()

    @property
    def pending(self) -> bool:
        return self._pending_since is not None

    def save_now(self) -> Path | None:
        self._timer.stop()
        self._pending_since = None
        state = self.snapshot()
        if state is None:
            return None
        draft, original, proposal_text = state
        meta = {
            "pid": os.getpid(),
            "saved_at": _now(),
            "title": draft.title or draft.proposal.title,
            "original": str(original) if original else "",
            "proposal_text": proposal_text,
        }
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            save_draft(draft, self.draft_file)
            write_text_atomic(self.session_file, json.dumps(meta, ensure_ascii=False, indent=2))
        except OSError as exc:
            self.last_error = f"{self.draft_file}: {exc}"
            return None
        self.saved.emit(self.draft_file)
        return self.draft_file

    def clear(self) -> None:
        """Nothing to restore any more (the draft was saved to its file, or closed)."""
        self._timer.stop()
        self._pending_since = None
        for path in (self.draft_file, self.session_file):
            path.unlink(missing_ok=True)

    def finish(self) -> None:
        """A clean exit: no autosave left behind, lock released."""
        self.clear()
        self._lock.unlock()
