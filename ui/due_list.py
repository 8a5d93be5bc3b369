"""The due list: a dock with what the counselor at the keyboard has to follow
up on, overdue first (in red), then today, then the rest of the week.

The rows come from ``casedesk.followups.due_followups`` on the database
worker.  The list refreshes when the counselor changes, when a form saves
(``AppContext.records_changed``), when a database opens, and every few
minutes, which also carries it over midnight (today's items become overdue).
Enter or a double-click on an item asks for its case
(``open_case_requested``); the window opens it in a tab.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
    Slot,
)
from PySide6.QtGui import QBrush, QColor, QFont, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDockWidget,
    QHeaderView,
    QTableView,
    QWidget,
)

from casedesk.auth import AccessDenied
from casedesk.followups import Bucket, FollowUp, FollowUpKind, due_followups
from casedesk.parsing import format_date
from ui.context import AppContext
from ui.labels import followup_kind_label

# Often enough that an item done elsewhere leaves the list soon; the query
# takes under a second even on the million-consultation demo.
REFRESH_MS = 5 * 60 * 1000
CASE_ID_ROLE = int(Qt.ItemDataRole.UserRole) + 1
_OVERDUE = QColor(176, 0, 32)
_ModelIndex = QModelIndex | QPersistentModelIndex


class DueColumn:
    DUE_ON = 0
    KIND = 1
    CASE_NO = 2
    WHAT = 3
    COUNT = 4


class DueListModel(QAbstractTableModel):
    """Follow-ups grouped by bucket: each group starts with a heading row
    ("期限切れ（3）") that spans the table and cannot be selected."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[Bucket | FollowUp] = []
        self._counts: dict[Bucket, int] = dict.fromkeys(Bucket, 0)

    def set_items(self, items: Sequence[FollowUp]) -> None:
        rows: list[Bucket | FollowUp] = []
        counts = dict.fromkeys(Bucket, 0)
        for bucket in Bucket:
            group = [item for item in items if item.bucket is bucket]
            counts[bucket] = len(group)
            if group:
                rows.append(bucket)
                rows.extend(group)
        self.beginResetModel()
        self._rows = rows
        self._counts = counts
        self.endResetModel()

    @property
    def counts(self) -> dict[Bucket, int]:
        return dict(self._counts)

    def is_heading(self, row: int) -> bool:
        return 0 <= row < len(self._rows) and isinstance(self._rows[row], Bucket)

    def item(self, row: int) -> FollowUp | None:
        if not 0 <= row < len(self._rows):
            return None
        entry = self._rows[row]
        return entry if isinstance(entry, FollowUp) else None

    # --- Qt model interface --------------------------------------------

    def rowCount(self, parent: _ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else DueColumn.COUNT

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < DueColumn.COUNT:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return [self.tr("Due"), self.tr("Kind"), self.tr("Case No."), self.tr("What")][section]
        return None

    def flags(self, index: _ModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        if self.is_heading(index.row()):
            return Qt.ItemFlag.ItemIsEnabled
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: _ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        entry = self._rows[index.row()]
        column = index.column()
        if isinstance(entry, Bucket):
            return self._heading_data(entry, column, role)
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(entry, column)
        if role == Qt.ItemDataRole.ToolTipRole and column in (DueColumn.CASE_NO, DueColumn.WHAT):
            return f"{entry.case_no} {entry.client_name}\n{entry.what}"
        if role == CASE_ID_ROLE:
            return str(entry.case_id)
        if role == Qt.ItemDataRole.ForegroundRole and entry.bucket is Bucket.OVERDUE:
            return QBrush(_OVERDUE)
        return None

    def _heading_data(self, bucket: Bucket, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and column == 0:
            return self.tr("{bucket} ({count})").format(
                bucket=self.bucket_text(bucket), count=self._counts[bucket]
            )
        if role == Qt.ItemDataRole.FontRole:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ForegroundRole and bucket is Bucket.OVERDUE:
            return QBrush(_OVERDUE)
        return None

    def _text(self, item: FollowUp, column: int) -> str:
        if column == DueColumn.DUE_ON:
            return format_date(item.due_on)
        if column == DueColumn.KIND:
            return self.kind_text(item.kind)
        if column == DueColumn.CASE_NO:
            return item.case_no
        if column == DueColumn.WHAT:
            return item.what
        return ""

    def bucket_text(self, bucket: Bucket) -> str:
        match bucket:
            case Bucket.OVERDUE:
                return self.tr("Overdue")
            case Bucket.TODAY:
                return self.tr("Today")
            case Bucket.THIS_WEEK:
                return self.tr("This week")

    def kind_text(self, kind: FollowUpKind) -> str:
        """The short label of a kind of follow-up (shared with the other lists)."""
        return followup_kind_label(kind)


class DueListView(QTableView):
    """Enter opens the item's case, as a double-click does."""

    open_row = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setWordWrap(False)
        self.setTabKeyNavigation(False)  # Tab leaves the list, as in a form
        self.verticalHeader().hide()
        rows = self.verticalHeader()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.horizontalHeader().setStretchLastSection(True)
        self.doubleClicked.connect(lambda index: self.open_row.emit(index.row()))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.open_row.emit(self.currentIndex().row())
            event.accept()
            return
        super().keyPressEvent(event)


class DueListDock(QDockWidget):
    # An item was opened: its case id (uuid.UUID).
    open_case_requested = Signal(object)
    # A refresh arrived and is shown (for tests and the status bar).
    refreshed = Signal()

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("due_list_dock")  # saveState() needs a name
        self.context = context
        # Replaceable in tests; the date the buckets are counted from.
        self.today: Callable[[], dt.date] = dt.date.today
        self._generation = 0
        self.model = DueListModel(self)
        self.view = DueListView(self)
        self.view.setModel(self.model)
        self.model.modelReset.connect(self._after_reset)
        self.view.open_row.connect(self._open_row)
        self.setWidget(self.view)
        self._fit_columns()
        self._show_title()

        context.staff_changed.connect(self.refresh)
        context.records_changed.connect(self.refresh)
        context.lookups_changed.connect(self.refresh)  # a database was opened
        self.timer = QTimer(self)
        self.timer.setInterval(REFRESH_MS)
        self.timer.timeout.connect(self.refresh)
        self.timer.start()

    def refresh(self, *_args: object) -> None:
        """Read the list again on the worker (a newer request wins)."""
        self._generation += 1
        generation = self._generation
        database, staff_id = self.context.database, self.context.staff_id
        if database is None or staff_id is None:
            self._show([], generation)
            return
        today = self.today()
        self.context.worker.submit(
            lambda: due_followups(database, staff_id, today),
            lambda items: self._show(items, generation),
            lambda error: self._refused(error, generation),
        )

    def _refused(self, error: Exception, generation: int) -> None:
        """A counselor who chose someone else's name: the service refuses to
        read that list (casedesk.followups); say so in the title, quietly,
        rather than in an error dialog at every refresh."""
        if not isinstance(error, AccessDenied):
            self.context.worker.error.emit(error)
            return
        if generation != self._generation:
            return
        self.model.set_items([])
        self.setWindowTitle(self.tr("Due list: only your own follow-ups can be shown"))
        self.refreshed.emit()

    def _show(self, items: list[FollowUp], generation: int) -> None:
        if generation != self._generation:
            return
        self.model.set_items(items)
        self._show_title()
        self.refreshed.emit()

    def _show_title(self) -> None:
        counts = self.model.counts
        if self.context.staff_id is None or self.context.database is None:
            self.setWindowTitle(self.tr("Due list"))
            return
        self.setWindowTitle(
            self.tr("Due (overdue {overdue} · today {today})").format(
                overdue=counts[Bucket.OVERDUE], today=counts[Bucket.TODAY]
            )
        )

    @Slot()
    def _after_reset(self) -> None:
        self.view.clearSpans()
        for row in range(self.model.rowCount()):
            if self.model.is_heading(row):
                self.view.setSpan(row, 0, 1, DueColumn.COUNT)

    def _fit_columns(self) -> None:
        metrics = self.view.fontMetrics()
        samples = {
            DueColumn.DUE_ON: "0000/00/00",
            DueColumn.KIND: max(
                (self.model.kind_text(kind) for kind in FollowUpKind), key=metrics.horizontalAdvance
            ),
            DueColumn.CASE_NO: "0000-00000",
        }
        for column, sample in samples.items():
            title = str(self.model.headerData(column, Qt.Orientation.Horizontal) or "")
            width = max(metrics.horizontalAdvance(sample), metrics.horizontalAdvance(title))
            self.view.setColumnWidth(column, width + metrics.horizontalAdvance("M"))

    def preferred_width(self) -> int:
        """Room for the date, kind and case number and some of the text."""
        view = self.view
        fixed = sum(
            view.columnWidth(c) for c in (DueColumn.DUE_ON, DueColumn.KIND, DueColumn.CASE_NO)
        )
        what = view.fontMetrics().horizontalAdvance("あ" * 9)
        return fixed + what + view.verticalScrollBar().sizeHint().width() + 2 * view.frameWidth()

    @Slot(int)
    def _open_row(self, row: int) -> None:
        item = self.model.item(row)
        if item is not None:
            self.open_case_requested.emit(item.case_id)

    def case_id_at(self, row: int) -> uuid.UUID | None:
        item = self.model.item(row)
        return item.case_id if item is not None else None
