"""A case's timeline (``casedesk.timeline``) as a Qt table, newest first.

The whole timeline of a case (hundreds of rows) is held in memory: it is
loaded on the worker and handed over with ``set_entries``.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from enum import IntEnum
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QColor

from casedesk.parsing import format_date
from casedesk.timeline import TimelineEntry, TimelineKind

ENTRY_ROLE = int(Qt.ItemDataRole.UserRole) + 1

_ModelIndex = QModelIndex | QPersistentModelIndex


class Column(IntEnum):
    DATE = 0
    TIME = 1
    KIND = 2
    TITLE = 3
    WHO = 4


def kind_label(kind: TimelineKind) -> str:
    """The kind's name in the UI language."""
    labels = {
        TimelineKind.CONSULTATION: QCoreApplication.translate("TimelineModel", "Consultation"),
        TimelineKind.ACCOMPANIMENT: QCoreApplication.translate("TimelineModel", "Accompaniment"),
        TimelineKind.REFERRAL: QCoreApplication.translate("TimelineModel", "Referral"),
        TimelineKind.REFERRAL_STATUS: QCoreApplication.translate(
            "TimelineModel", "Referral status"
        ),
        TimelineKind.PLAN_ITEM: QCoreApplication.translate("TimelineModel", "Plan action"),
        TimelineKind.CONFERENCE: QCoreApplication.translate("TimelineModel", "Case conference"),
        TimelineKind.CASE_OPENED: QCoreApplication.translate("TimelineModel", "Case opened"),
        TimelineKind.CASE_CLOSED: QCoreApplication.translate("TimelineModel", "Case closed"),
    }
    return labels[kind]


# A light background per kind, so that a long timeline can be scanned for
# the referrals or the conferences; the text stays black on all of them.
KIND_COLORS: dict[TimelineKind, QColor] = {
    TimelineKind.CONSULTATION: QColor("#e3f2fd"),
    TimelineKind.ACCOMPANIMENT: QColor("#e8f5e9"),
    TimelineKind.REFERRAL: QColor("#fff3e0"),
    TimelineKind.REFERRAL_STATUS: QColor("#ffe0b2"),
    TimelineKind.PLAN_ITEM: QColor("#f3e5f5"),
    TimelineKind.CONFERENCE: QColor("#e0f7fa"),
    TimelineKind.CASE_OPENED: QColor("#eeeeee"),
    TimelineKind.CASE_CLOSED: QColor("#eeeeee"),
}


class TimelineModel(QAbstractTableModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._entries: list[TimelineEntry] = []

    def set_entries(self, entries: Sequence[TimelineEntry]) -> None:
        self.beginResetModel()
        self._entries = list(entries)
        self.endResetModel()

    def entry(self, row: int) -> TimelineEntry:
        return self._entries[row]

    def row_of(self, record_id: uuid.UUID, kind: TimelineKind) -> int | None:
        for row, entry in enumerate(self._entries):
            if entry.record_id == record_id and entry.kind == kind:
                return row
        return None

    # --- Qt model interface --------------------------------------------

    def rowCount(self, parent: _ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._entries)

    def columnCount(self, parent: _ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(Column)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(Column):
            return None
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        return [
            self.tr("Date"),
            self.tr("Time"),
            self.tr("Kind"),
            self.tr("What"),
            self.tr("Who"),
        ][section]

    def data(self, index: _ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._entries):
            return None
        entry = self._entries[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == Column.DATE:
                return format_date(entry.when)
            if column == Column.TIME:
                return f"{entry.time:%H:%M}" if entry.time is not None else ""
            if column == Column.KIND:
                return kind_label(entry.kind)
            if column == Column.TITLE:
                return entry.title
            if column == Column.WHO:
                return entry.who or ""
            return None
        if role == Qt.ItemDataRole.BackgroundRole and column == Column.KIND:
            return QBrush(KIND_COLORS[entry.kind])
        if role == Qt.ItemDataRole.ForegroundRole and column == Column.KIND:
            return QBrush(QColor("#000000"))
        if role == Qt.ItemDataRole.ToolTipRole and column == Column.TITLE and entry.detail:
            return entry.detail
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (Column.DATE, Column.TIME):
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == ENTRY_ROLE:
            return entry
        return None
