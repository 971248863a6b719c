"""The archive table: summary rows only (never whole records), filtered and sorted in Python.

`Archive.list()` gives one small RecordSummary per record; 100,000 of them are a few tens of
megabytes and filter in milliseconds, while a QSortFilterProxyModel would call back into
Python for every cell of every row.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from replydraft.archive import RecordSummary

KIND_NAMES = {"reply": "答复", "proposal": "提案", "policy": "政策", "other": "其他"}
COLUMNS = [
    ("score", "相似度"),
    ("kind", "类型"),
    ("title", "标题"),
    ("bureau", "单位"),
    ("date", "日期"),
    ("proposal_number", "提案号"),
    ("source", "来源文件"),
    ("id", "ID"),
]
_Index = QModelIndex | QPersistentModelIndex


class ArchiveTableModel(QAbstractTableModel):
    """All summaries, the ones the filter keeps, and (in search mode) their scores."""

    def __init__(self) -> None:
        super().__init__()
        self._all: list[RecordSummary] = []
        self._haystack: list[str] = []
        self._rows: list[RecordSummary] = []
        self._scores: dict[str, float] | None = None  # search mode when not None
        self._filter = ""
        self._kind = ""
        self._sort: tuple[int, Qt.SortOrder] | None = None

    # --- content --------------------------------------------------------------------------------

    def set_summaries(self, rows: list[RecordSummary]) -> None:
        self._all = rows
        self._haystack = [
            " ".join((r.title, r.bureau, r.source, r.id, r.date, r.proposal_number)).lower()
            for r in rows
        ]
        self._apply()

    def set_filter(self, text: str, kind: str = "") -> None:
        self._filter = text.strip().lower()
        self._kind = kind
        self._apply()

    def set_search_results(self, scored: list[tuple[str, float]]) -> None:
        """Show only these ids, best first, with their scores."""
        self._scores = dict(scored)
        self._apply()

    def clear_search(self) -> None:
        self._scores = None
        self._apply()

    @property
    def searching(self) -> bool:
        return self._scores is not None

    def total(self) -> int:
        return len(self._all)

    def summary(self, row: int) -> RecordSummary:
        return self._rows[row]

    def _apply(self) -> None:
        self.beginResetModel()
        if self._scores is not None:
            by_id = {r.id: r for r in self._all}
            rows = [by_id[i] for i in self._scores if i in by_id]
        else:
            words = self._filter.split()
            rows = [
                r
                for r, hay in zip(self._all, self._haystack, strict=True)
                if all(w in hay for w in words) and (not self._kind or r.kind.value == self._kind)
            ]
            if self._sort is not None:
                rows = self._sorted(rows, *self._sort)
        self._rows = rows
        self.endResetModel()

    def _sorted(
        self, rows: list[RecordSummary], column: int, order: Qt.SortOrder
    ) -> list[RecordSummary]:
        key = COLUMNS[column][0]
        if key == "score":
            return rows
        reverse = order == Qt.SortOrder.DescendingOrder
        return sorted(rows, key=lambda r: str(getattr(r, key, "")), reverse=reverse)

    # --- Qt model -------------------------------------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's API
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's API
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return COLUMNS[section][1]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        key = COLUMNS[index.column()][0]
        if role == Qt.ItemDataRole.DisplayRole:
            if key == "score":
                score = (self._scores or {}).get(row.id)
                return "" if score is None else f"{score:.0f}"
            if key == "kind":
                return KIND_NAMES.get(row.kind.value, row.kind.value)
            if key == "title" and not row.title:
                return f"（无标题）{row.source}"
            return str(getattr(row, key, ""))
        if role == Qt.ItemDataRole.ToolTipRole and key in ("title", "source"):
            return str(getattr(row, key, ""))
        if role == Qt.ItemDataRole.TextAlignmentRole and key == "score":
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self._sort = (column, order)
        if self._scores is None:
            self._apply()
