"""Proofreading for the 校对 tab: session.check_reply (what `replydraft check` runs: the
officer's word list and the tokenizer) on a copy of the draft, on the serial worker (it shares
the workspace's tokenizer with search), with the rendered blocks it checked, so a finding maps
back to its place."""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from replydraft.gui.services import CoreServices
from replydraft.gui.side_panel import SidePanel
from replydraft.gui.workers import Task
from replydraft.profiles import BureauProfile
from replydraft.records import Draft
from replydraft.workspace import Workspace

if TYPE_CHECKING:
    from replydraft.check import Finding
    from replydraft.render import Block


class Proofreader(QObject):
    """`done` after the newest check's findings are shown; `failed(message)` otherwise."""

    done = Signal()
    failed = Signal(str)

    def __init__(
        self, services: CoreServices, panel: SidePanel, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.panel = panel
        self.findings: list[Finding] = []
        self.blocks: list[Block] = []  # what the findings' paragraph numbers count
        self._generation = 0

    def refresh(self, draft: Draft, profile: BureauProfile | None) -> None:
        draft = copy.deepcopy(draft)
        profile = copy.deepcopy(profile)
        self._generation += 1
        generation = self._generation

        def check(ws: Workspace, _task: Task) -> tuple[list[Finding], list[Block]]:
            from replydraft.render import render_blocks
            from replydraft.session import check_reply

            return check_reply(ws, draft, profile), render_blocks(draft)

        def show(result: tuple[list[Finding], list[Block]]) -> None:
            if generation != self._generation:
                return
            self.findings, self.blocks = result
            self.panel.check.show_findings(
                [(f.severity.value, f.message, f.excerpt) for f in self.findings]
            )
            self.panel.set_check_count(len(self.errors()), len(self.findings))
            self.done.emit()

        self.services.run("check", check, show, lambda exc: self.failed.emit(str(exc)))

    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity.value == "error"]

    def located(self, index: int) -> tuple[Finding, Block] | None:
        """The finding shown at `index` and the rendered block it points into."""
        if not 0 <= index < len(self.findings):
            return None
        finding = self.findings[index]
        if not 0 <= finding.paragraph < len(self.blocks):
            return None
        return finding, self.blocks[finding.paragraph]
