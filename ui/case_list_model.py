"""The case list as a Qt table model that never loads the whole list.

The model holds the ordered case ids (``casedesk.case_list.case_ids``) and
fetches display rows a page at a time, on the database worker, when the view
first asks for a row of that page.  Until the page arrives the row shows a
placeholder; then ``dataChanged`` repaints it.  Only the pages the user has
scrolled past stay in memory, up to ``MAX_CACHED_PAGES``.

A load takes two jobs, so that the counselor sees her list as soon as it
can be painted: first the count, the first page's ids and its rows (what
the view shows at once: 5-30 ms on the 1,000,000-consultation demo), then
the ids of the whole list (40-120 ms more there for 200,000 cases).  When
the whole list costs what its first page does (a date range, a quick
search: ``casedesk.case_list.list_head``), the first job reads it all.  Rows
past the first page that are shown before the second job ends keep their
placeholder until it does.  Were the list to change between the two jobs
(another counselor adds a case), the second job's snapshot replaces the
first with a reset.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import OrderedDict
from collections.abc import Sequence
from enum import IntEnum
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QFont

from casedesk.case_list import CaseFilters, CaseRow, ListHead, case_ids, fetch_rows, list_head
from casedesk.case_sort import CaseSort, SortKey
from casedesk.database import Database
from casedesk.followups import FollowUpKind
from casedesk.parsing import format_date
from db.enums import CaseStatus, RiskLevel
from ui.labels import followup_kind_label
from ui.worker import DatabaseWorker

PAGE_SIZE = 200
MAX_CACHED_PAGES = 100  # 20,000 rows: far more than anyone scrolls through at once

CASE_ID_ROLE = int(Qt.ItemDataRole.UserRole) + 1
# Shown in a cell whose page is still on its way.
PLACEHOLDER = "…"

_ModelIndex = QModelIndex | QPersistentModelIndex


class Column(IntEnum):
    CASE_NO = 0
    CLIENT = 1
    AGE_BAND = 2
    COUNSELOR = 3
    LAST_CONTACT = 4
    NEXT_DUE = 5
    STATUS = 6
    DV = 7
    RISK = 8
    RESTRICTED = 9


_CENTERED = {
    Column.AGE_BAND,
    Column.LAST_CONTACT,
    Column.STATUS,
    Column.DV,
    Column.RISK,
    Column.RESTRICTED,
}
# The key each sortable column sorts by; the next due action is not one
# (see casedesk.case_sort).
SORT_KEYS: dict[Column, SortKey] = {
    Column.CASE_NO: SortKey.CASE_NO,
    Column.CLIENT: SortKey.CLIENT,
    Column.AGE_BAND: SortKey.AGE_BAND,
    Column.COUNSELOR: SortKey.COUNSELOR,
    Column.LAST_CONTACT: SortKey.LAST_CONTACT,
    Column.STATUS: SortKey.STATUS,
    Column.DV: SortKey.DV,
    Column.RISK: SortKey.RISK,
    Column.RESTRICTED: SortKey.RESTRICTED,
}
_HIGH_RISK = QColor(176, 0, 32)
_OVERDUE = _HIGH_RISK
_PENDING = QColor(128, 128, 128)


class CaseListModel(QAbstractTableModel):
    # The list was (re)loaded: its row count.
    loaded = Signal(int)
    # Loading the list or a page failed: the exception.
    failed = Signal(object)
    # A page of rows arrived (its first row), for tests and busy indicators.
    page_loaded = Signal(int)

    def __init__(self, worker: DatabaseWorker, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._worker = worker
        self._database: Database | None = None
        # The snapshot: a casedesk.case_list.CaseIds (UUIDs made on reading);
        # only the first page's until the whole list arrives (see above).
        self._ids: Sequence[uuid.UUID] = []
        # Rows in the list: len(self._ids) once the whole list is in.
        self._count = 0
        # Pages shown before their ids arrived: asked for when they do.
        self._waiting: set[int] = set()
        self._pages: OrderedDict[int, list[CaseRow | None]] = OrderedDict()
        self._requested: set[int] = set()
        # Bumped on every load and every new snapshot of ids: results that
        # belong to an older one are dropped when they arrive.
        self._generation = 0
        self._reported_generation = -1
        self._filters = CaseFilters()
        self._sort = CaseSort()

    # --- loading -------------------------------------------------------

    def load(
        self,
        database: Database,
        filters: CaseFilters | None = None,
        sort: CaseSort | None = None,
    ) -> None:
        """Take a fresh snapshot of the case list from ``database``
        (``sort`` None: keep the current order)."""
        self._generation += 1
        generation = self._generation
        self._database = database
        filters = filters or CaseFilters()
        self._filters = filters
        if sort is not None:
            self._sort = sort
        sort = self._sort

        def first_page() -> tuple[ListHead, list[CaseRow]]:
            # The rows with their ids, in one job: the view asks for them at
            # once, and a second trip through the worker's queue would only
            # make the counselor wait for them (20-40 ms per load).
            head = list_head(database, filters, sort, limit=PAGE_SIZE)
            first = list(head.ids[:PAGE_SIZE])
            return head, fetch_rows(database, first) if first else []

        self._worker.submit(
            first_page,
            lambda result: self._on_first_page(generation, database, filters, sort, *result),
            lambda exc: self._on_error(generation, exc),
        )

    def clear(self) -> None:
        """Show nothing (signed out): the rows of the last user are dropped."""
        self._database = None
        self._reset([], 0)
        self.loaded.emit(0)

    @property
    def current_sort(self) -> CaseSort:
        return self._sort

    @staticmethod
    def sortable(column: int) -> bool:
        return column in SORT_KEYS

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort by a column, in SQL: a new snapshot of the ids in that order.
        A column that cannot be sorted (the next due action) is ignored."""
        if column not in SORT_KEYS:
            return
        sort = CaseSort(SORT_KEYS[Column(column)], order == Qt.SortOrder.DescendingOrder)
        if self._database is None:
            self._sort = sort  # applied by the next load
            return
        if sort != self._sort:
            self.load(self._database, self._filters, sort)

    @property
    def database(self) -> Database | None:
        return self._database

    def case_id(self, row: int) -> uuid.UUID | None:
        """The case on ``row``; None while the whole list is still on its way."""
        return self._ids[row] if 0 <= row < len(self._ids) else None

    @property
    def complete(self) -> bool:
        """Whether every row's case id is known (the whole list has arrived)."""
        return len(self._ids) == self._count

    def row_if_loaded(self, row: int) -> CaseRow | None:
        page = self._pages.get(row // PAGE_SIZE)
        return None if page is None else page[row % PAGE_SIZE]

    def _reset(
        self,
        ids: Sequence[uuid.UUID],
        count: int,
        first_page: tuple[list[uuid.UUID], list[CaseRow]] | None = None,
    ) -> None:
        # A new snapshot: pages asked for against the old one must not land
        # in it, even if they were asked for after this load began.
        self._generation += 1
        self.beginResetModel()
        self._ids = ids
        self._count = count
        self._pages.clear()
        self._requested.clear()
        self._waiting.clear()
        if first_page is not None and first_page[0]:
            # In before the views hear of the reset, so none asks for it again.
            self._store_page(0, *first_page)
        self.endResetModel()

    def _on_first_page(
        self,
        generation: int,
        database: Database,
        filters: CaseFilters,
        sort: CaseSort,
        head: ListHead,
        rows: list[CaseRow],
    ) -> None:
        if generation != self._generation:
            return
        first = list(head.ids[:PAGE_SIZE])
        self._reset(head.ids, head.count, (first, rows))
        self.loaded.emit(self._count)
        if first:
            self.page_loaded.emit(0)
        if head.complete:
            return
        generation = self._generation

        def whole_list() -> Sequence[uuid.UUID] | None:
            # Typing in the quick search loads on every key: a list that
            # is already stale when its turn comes is not read at all.
            if generation != self._generation:
                return None
            return case_ids(database, filters, sort)

        self._worker.submit(
            whole_list,
            lambda ids: self._on_whole_list(generation, first, ids),
            lambda exc: self._on_error(generation, exc),
        )

    def _on_whole_list(
        self, generation: int, first: list[uuid.UUID], ids: Sequence[uuid.UUID] | None
    ) -> None:
        if ids is None or generation != self._generation:
            return
        if len(ids) != self._count or list(ids[: len(first)]) != first:
            # The list changed between the two jobs: this one is the snapshot.
            self._reset(ids, len(ids))
            self.loaded.emit(len(ids))
            return
        self._ids = ids
        waiting = sorted(self._waiting)
        self._waiting.clear()
        for page in waiting:
            self._request_page(page)

    def _on_error(self, generation: int, exc: Exception) -> None:
        if generation == self._generation:
            self.failed.emit(exc)

    def _request_page(self, page: int) -> None:
        database = self._database
        if database is None or page in self._requested:
            return
        if (page + 1) * PAGE_SIZE > len(self._ids) and not self.complete:
            self._waiting.add(page)  # its ids are still on their way
            return
        self._requested.add(page)
        generation = self._generation
        ids = list(self._ids[page * PAGE_SIZE : (page + 1) * PAGE_SIZE])
        self._worker.submit(
            lambda: fetch_rows(database, ids),
            lambda rows: self._on_page(generation, page, ids, rows),
            lambda exc: self._on_page_error(generation, page, exc),
        )

    def _on_page(
        self, generation: int, page: int, ids: list[uuid.UUID], rows: list[CaseRow]
    ) -> None:
        if generation != self._generation:
            return
        self._requested.discard(page)
        self._store_page(page, ids, rows)
        first = page * PAGE_SIZE
        last = first + len(ids) - 1
        self.dataChanged.emit(self.index(first, 0), self.index(last, len(Column) - 1), [])
        self.page_loaded.emit(first)

    def _store_page(self, page: int, ids: list[uuid.UUID], rows: list[CaseRow]) -> None:
        by_id = {row.id: row for row in rows}
        self._pages[page] = [by_id.get(case_id) for case_id in ids]
        while len(self._pages) > MAX_CACHED_PAGES:
            self._pages.popitem(last=False)  # the least recently shown page

    def _on_page_error(self, generation: int, page: int, exc: Exception) -> None:
        if generation != self._generation:
            return
        # The page is not asked for again (that would loop on a broken
        # database) until the next load; and one failure is reported once,
        # not once for every page the view asked for.
        if self._reported_generation != generation:
            self._reported_generation = generation
            self.failed.emit(exc)

    # --- Qt model interface --------------------------------------------

    def rowCount(self, parent: _ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._count

    def columnCount(self, parent: _ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(Column)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(Column):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._titles()[section]
        if role == Qt.ItemDataRole.ToolTipRole and section == Column.LAST_CONTACT:
            return self.tr("Date of the latest consultation on the case")
        if role == Qt.ItemDataRole.ToolTipRole and section == Column.NEXT_DUE:
            return self.tr(
                "The earliest open follow-up of the case: a plan action, referral, "
                "consultation or accompaniment follow-up, or conference task"
            )
        return None

    def _titles(self) -> list[str]:
        return [
            self.tr("Case No."),
            self.tr("Client"),
            self.tr("Age"),
            self.tr("Counselor"),
            self.tr("Last contact"),
            self.tr("Next action"),
            self.tr("Status"),
            self.tr("DV"),
            self.tr("Risk"),
            self.tr("Restricted"),
        ]

    def data(self, index: _ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= self._count:
            return None
        row, column = index.row(), Column(index.column())
        if role == CASE_ID_ROLE:
            case_id = self.case_id(row)
            return None if case_id is None else str(case_id)
        page = row // PAGE_SIZE
        rows = self._pages.get(page)
        if rows is None:
            self._request_page(page)
            return self._pending_data(column, role)
        self._pages.move_to_end(page)
        case = rows[row % PAGE_SIZE]
        if case is None:  # deleted since the list was taken
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(case, column)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in _CENTERED:
            return int(Qt.AlignmentFlag.AlignCenter)
        if column == Column.NEXT_DUE and case.next_due_on is not None:
            if role == Qt.ItemDataRole.ToolTipRole:
                return case.next_due_what or None
            if role == Qt.ItemDataRole.ForegroundRole and case.next_due_on < dt.date.today():
                return QBrush(_OVERDUE)
        if column == Column.RISK and case.risk_level is RiskLevel.HIGH:
            if role == Qt.ItemDataRole.ForegroundRole:
                return QBrush(_HIGH_RISK)
            if role == Qt.ItemDataRole.FontRole:
                font = QFont()
                font.setBold(True)
                return font
        return None

    def _pending_data(self, column: Column, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and column == Column.CASE_NO:
            return PLACEHOLDER
        if role == Qt.ItemDataRole.ForegroundRole:
            return QBrush(_PENDING)
        return None

    def _text(self, case: CaseRow, column: Column) -> str:
        match column:
            case Column.CASE_NO:
                return case.case_no
            case Column.CLIENT:
                return case.display_name
            case Column.AGE_BAND:
                return case.age_band or ""
            case Column.COUNSELOR:
                return case.lead_counselor or ""
            case Column.LAST_CONTACT:
                return format_date(case.last_contact) if case.last_contact else ""
            case Column.NEXT_DUE:
                if case.next_due_on is None or case.next_due_kind is None:
                    return ""
                return f"{format_date(case.next_due_on)} {self.kind_text(case.next_due_kind)}"
            case Column.STATUS:
                return self._status_text(case.status)
            case Column.DV:
                return self.tr("Yes") if case.is_dv else ""
            case Column.RISK:
                return self._risk_text(case.risk_level)
            case Column.RESTRICTED:
                return self.tr("Yes") if case.restricted else ""

    def vocabulary(self, column: Column) -> list[str]:
        """Every text a fixed-vocabulary column can show, in the current
        language (the view sizes columns by it without loading rows)."""
        match column:
            case Column.STATUS:
                return [self._status_text(status) for status in CaseStatus]
            case Column.RISK:
                return [self._risk_text(risk) for risk in RiskLevel]
            case Column.DV | Column.RESTRICTED:
                return [self.tr("Yes")]
            case _:
                return []

    def kind_text(self, kind: FollowUpKind) -> str:
        """The short label of a kind of follow-up (shared with the other lists)."""
        return followup_kind_label(kind)

    def _status_text(self, status: CaseStatus) -> str:
        match status:
            case CaseStatus.OPEN:
                return self.tr("Open")
            case CaseStatus.CLOSED:
                return self.tr("Closed")

    def _risk_text(self, risk: RiskLevel) -> str:
        match risk:
            case RiskLevel.LOW:
                return self.tr("Low")
            case RiskLevel.MEDIUM:
                return self.tr("Medium")
            case RiskLevel.HIGH:
                return self.tr("High")
