"""The draft being edited, with one undo history for every kind of edit.

Every edit goes through `DraftDocument.edit`, which keeps a snapshot of the draft before and
after it on a QUndoStack. Snapshots (a deep copy of a few kilobytes) make undo exact for text,
metadata and structure alike, and typing in one place merges into one step until a pause.
"""

from __future__ import annotations

import copy
import difflib
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack
from rapidfuzz import fuzz

from replydraft.numbering import marker
from replydraft.records import Draft, DraftParagraph, DraftSection
from replydraft.render import Block

MERGE_PAUSE = 1.5  # seconds of quiet after which typing starts a new undo step
SAME_PARAGRAPH = 55.0  # rapidfuzz ratio from which an edited paragraph keeps its source


# --- Where an edit happens -------------------------------------------------------------------

META, OPENING, SECTION, CLOSING = "meta", "opening", "section", "closing"


@dataclass(frozen=True)
class Node:
    """A place in the outline: the metadata form, the opening, a section (by path), the closing."""

    part: str
    path: tuple[int, ...] = ()


def section_at(draft: Draft, path: tuple[int, ...]) -> DraftSection:
    sections = draft.sections
    section: DraftSection | None = None
    for i in path:
        section = sections[i]
        sections = section.sections
    if section is None:
        raise IndexError("empty section path")
    return section


def has_section(draft: Draft, path: tuple[int, ...]) -> bool:
    try:
        section_at(draft, path)
    except IndexError:
        return False
    return True


def _siblings(draft: Draft, path: tuple[int, ...]) -> list[DraftSection]:
    return section_at(draft, path[:-1]).sections if len(path) > 1 else draft.sections


def numbered_headings(draft: Draft) -> dict[tuple[int, ...], str]:
    """Each section's heading with the numeral it will print with (as render numbers them)."""
    out: dict[tuple[int, ...], str] = {}

    def walk(sections: list[DraftSection], where: tuple[int, ...]) -> None:
        counts: dict[int, int] = {}
        for i, s in enumerate(sections):
            level = min(max(s.level, 1), 4)
            heading = s.heading.strip()
            if heading:
                counts[level] = counts.get(level, 0) + 1
                out[(*where, i)] = marker(level, min(counts[level], 99)) + heading
            else:
                out[(*where, i)] = "（无标题段落）"
            walk(s.sections, (*where, i))

    walk(draft.sections, ())
    return out


def paragraphs_of(draft: Draft, node: Node) -> list[DraftParagraph]:
    """The paragraphs shown in the text editor for `node` (opening first for OPENING)."""
    if node.part == OPENING:
        return [DraftParagraph(draft.opening), *draft.preamble]
    if node.part == SECTION:
        return section_at(draft, node.path).paragraphs
    if node.part == CLOSING:
        return [DraftParagraph(t) for t in draft.closing]
    return []


def set_paragraphs(draft: Draft, node: Node, paragraphs: list[DraftParagraph]) -> None:
    if node.part == OPENING:
        first = paragraphs[0].text if paragraphs else ""
        draft.opening = first
        draft.preamble = paragraphs[1:]
    elif node.part == SECTION:
        section_at(draft, node.path).paragraphs = paragraphs
    elif node.part == CLOSING:
        draft.closing = [p.text for p in paragraphs]


def carry_sources(old: list[DraftParagraph], texts: list[str]) -> list[DraftParagraph]:
    """New paragraphs from edited texts, each keeping the source of the paragraph it came from.

    Unchanged paragraphs keep theirs; an edited one keeps the source of the old paragraph it
    still resembles, so the officer's rewording does not lose where the text came from.
    """
    old_texts = [p.text for p in old]
    out: list[DraftParagraph] = []
    matcher = difflib.SequenceMatcher(None, old_texts, texts, autojunk=False)
    for op, a0, a1, b0, b1 in matcher.get_opcodes():
        if op == "equal":
            out.extend(DraftParagraph(texts[b0 + k], old[a0 + k].source) for k in range(b1 - b0))
            continue
        candidates = [p for p in old[a0:a1] if p.source is not None]
        for text in texts[b0:b1]:
            best: DraftParagraph | None = None
            best_score = SAME_PARAGRAPH
            for p in candidates:
                score = fuzz.ratio(p.text, text)
                if score >= best_score:
                    best, best_score = p, score
            if best is not None:
                candidates.remove(best)
            out.append(DraftParagraph(text, best.source if best is not None else None))
    return out


# --- Structure edits (pure functions on a Draft) ---------------------------------------------


def add_section(
    draft: Draft, after: tuple[int, ...] | None, heading: str = "新标题"
) -> tuple[int, ...]:
    """A new section after `after` at its level (or at the end, level 1); returns its path."""
    if after is None or not has_section(draft, after):
        draft.sections.append(DraftSection(heading, 1))
        return (len(draft.sections) - 1,)
    siblings = _siblings(draft, after)
    level = siblings[after[-1]].level
    siblings.insert(after[-1] + 1, DraftSection(heading, level))
    return (*after[:-1], after[-1] + 1)


def remove_section(draft: Draft, path: tuple[int, ...]) -> None:
    del _siblings(draft, path)[path[-1]]


def move_section(draft: Draft, path: tuple[int, ...], delta: int) -> tuple[int, ...]:
    siblings = _siblings(draft, path)
    i, j = path[-1], path[-1] + delta
    if not 0 <= j < len(siblings):
        return path
    siblings[i], siblings[j] = siblings[j], siblings[i]
    return (*path[:-1], j)


def _relevel(section: DraftSection, level: int) -> None:
    section.level = min(max(level, 1), 4)
    for child in section.sections:
        _relevel(child, section.level + 1)


def demote_section(draft: Draft, path: tuple[int, ...]) -> tuple[int, ...]:
    """Make the section the last child of the section before it (一、 becomes （一）)."""
    if path[-1] == 0:
        return path
    siblings = _siblings(draft, path)
    section = siblings.pop(path[-1])
    parent = siblings[path[-1] - 1]
    _relevel(section, parent.level + 1)
    parent.sections.append(section)
    return (*path[:-1], path[-1] - 1, len(parent.sections) - 1)


def promote_section(draft: Draft, path: tuple[int, ...]) -> tuple[int, ...]:
    """Make the section a sibling of its parent, right after it (（一） becomes 一、)."""
    if len(path) < 2:
        return path
    parent_path = path[:-1]
    section = section_at(draft, parent_path).sections.pop(path[-1])
    _relevel(section, section.level - 1)
    outer = _siblings(draft, parent_path)
    outer.insert(parent_path[-1] + 1, section)
    return (*parent_path[:-1], parent_path[-1] + 1)


# --- The undo history ------------------------------------------------------------------------


class _Snapshot(QUndoCommand):
    def __init__(self, document: DraftDocument, label: str, before: Draft, merge: str) -> None:
        super().__init__(label)
        self.document = document
        self.before = before
        # The state after the edit is the draft itself while this step is the newest: it is
        # copied only when that ends (the next step's `before`, or an undo), not per keystroke.
        self.after: Draft | None = None
        self.merge = merge
        self.stamp = time.monotonic()
        self._applied = True  # the edit is already in the draft when the command is pushed

    def takes(self, merge: str, now: float) -> bool:
        """Whether the next edit of place `merge` at `now` belongs to this step."""
        return bool(merge) and merge == self.merge and now - self.stamp <= MERGE_PAUSE

    def redo(self) -> None:
        if self._applied:
            self._applied = False
            return
        assert self.after is not None  # set by the undo that came before this redo
        self.document._restore(self.after)

    def undo(self) -> None:
        if self.after is None:
            self.after = copy.deepcopy(self.document.draft)
        self.document._restore(self.before)


class DraftDocument(QObject):
    """The draft on screen, its file and its undo history.

    `changed(scope)` follows every change: "text" (paragraphs of one place), "meta" (the
    metadata form), "structure" (sections added, moved, renamed) or "all" (a new draft,
    undo, redo: every view reloads).
    """

    changed = Signal(str)
    modified_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._draft = Draft()
        self.path: Path | None = None
        self.loaded = False  # False until a proposal or a draft file is opened
        self.stack = QUndoStack(self)
        self.stack.cleanChanged.connect(self._on_clean_changed)

    def _on_clean_changed(self, clean: bool) -> None:
        # A method, not a lambda: Qt drops the connection when this object goes, and the
        # stack emits cleanChanged while it is destroyed with it.
        self.modified_changed.emit(not clean)

    @property
    def draft(self) -> Draft:
        return self._draft

    def load(self, draft: Draft, path: Path | None = None, *, modified: bool = False) -> None:
        """Show a new draft: the history starts afresh. `modified` for one not yet in a file."""
        self._draft = draft
        self.path = path
        self.loaded = True
        self.stack.clear()
        if modified:
            self.stack.resetClean()  # never clean until saved: no file holds this draft yet
        self.modified_changed.emit(modified)
        self.changed.emit("all")

    def edit(
        self, label: str, change: Callable[[Draft], None], *, scope: str, merge: str = ""
    ) -> None:
        """Apply `change` to the draft as one undoable step (merged with the last one when
        `merge` names the same place and the officer did not pause)."""
        # Merged here, not by QUndoStack's mergeWith: PySide never frees the Python side of
        # a command Qt merged away, so every merged keystroke leaked two copies of the draft.
        stack = self.stack
        top = stack.command(stack.index() - 1) if stack.index() > 0 else None
        now = time.monotonic()
        if (
            isinstance(top, _Snapshot)
            and top.takes(merge, now)
            and stack.index() == stack.count()  # no redo to drop
            and stack.cleanIndex() != stack.index()  # the saved state stays reachable
        ):
            # A keystroke joining the step being typed: its `before` is the step's, so the
            # draft is not copied at all (the copy was most of a keystroke's cost).
            change(self._draft)
            top.after = None  # the draft is its state again (it may have been redone)
            top.stamp = now
            self.changed.emit(scope)
            return
        before = copy.deepcopy(self._draft)
        change(self._draft)
        if self._draft == before:
            return
        self._push(_Snapshot(self, label, before, merge))
        self.changed.emit(scope)

    def _push(self, step: _Snapshot) -> None:
        top = self.stack.command(self.stack.index() - 1) if self.stack.index() > 0 else None
        if isinstance(top, _Snapshot) and top.after is None:
            top.after = step.before  # never changed: both may share it
        self.stack.push(step)

    def replace(self, label: str, draft: Draft) -> None:
        """Put a whole new draft in place as one undoable step (e.g. after choosing a template)."""
        before = copy.deepcopy(self._draft)
        self._draft = draft
        self._push(_Snapshot(self, label, before, ""))
        self.changed.emit("all")

    def _restore(self, snapshot: Draft) -> None:
        self._draft = copy.deepcopy(snapshot)
        self.changed.emit("all")

    def is_modified(self) -> bool:
        return not self.stack.isClean()

    def mark_saved(self, path: Path) -> None:
        self.path = path
        self.stack.setClean()

    def display_name(self) -> str:
        if self.path is not None:
            return self.path.name
        title = self._draft.proposal.title or self._draft.title
        return title or "未命名草稿"


# --- From the printed reply back to the place that edits it -----------------------------------


@dataclass(frozen=True)
class Place:
    """Characters start..end of editor line `line` at `node` (of the heading field when
    `heading`); for the metadata form, `part` names the field (render.Block.part)."""

    node: Node
    line: int = 0
    start: int = 0
    end: int = 0
    heading: bool = False
    part: str = ""


def place_of_block(draft: Draft, block: Block, start: int, end: int) -> Place:
    """Map characters of a rendered block (render.render_blocks) back to where they are edited."""
    part, path = block.part, block.path
    if part == "opening":
        return Place(Node(OPENING), 0, start, end)
    if part == "preamble" and path:
        return Place(Node(OPENING), path[0] + 1, start, end)
    if part == "closing" and path:
        return Place(Node(CLOSING), path[0], start, end)
    if part == "sections" and path:
        if not block.is_heading:
            return Place(Node(SECTION, path[:-1]), path[-1], start, end)
        if not has_section(draft, path):
            return Place(Node(META))
        section = section_at(draft, path)
        heading = "".join(x.strip() for x in section.heading.splitlines())
        if block.head_len and start >= block.head_len:
            # A run-on heading: the characters are in the section's first paragraph.
            first = next((j for j, p in enumerate(section.paragraphs) if p.text.strip()), 0)
            return Place(Node(SECTION, path), first, start - block.head_len, end - block.head_len)
        head = block.text[: block.head_len] if block.head_len else block.text
        numeral = max(0, len(head) - len(heading))  # 一、 / （一） is not in the heading field
        return Place(
            Node(SECTION, path), 0, max(0, start - numeral), max(0, end - numeral), heading=True
        )
    return Place(Node(META), part=part)
