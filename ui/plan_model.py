"""A case's support plan as a Qt tree: the issues, each with its actions.

Top-level rows are the issues (課題) in the plan's order; their children
are the actions (対応).  Columns: what (the issue's title or the action),
who, due date (an open action past it is red), status.

Also the UI labels of the plan's enums, shared with the plan forms.
"""

from __future__ import annotations

import datetime as dt
from enum import IntEnum
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QColor, QFont

from casedesk.parsing import format_date
from casedesk.plans import IssueRow, Plan, PlanItemRow
from db.enums import ActionStatus, IssueStatus, Responsible

ROW_ROLE = int(Qt.ItemDataRole.UserRole) + 1

_ModelIndex = QModelIndex | QPersistentModelIndex
_OVERDUE = QColor(176, 0, 32)
_FINISHED = QColor(112, 112, 112)
# internalId of a top-level (issue) index; an action's index carries its
# issue's row + 1.
_TOP = 0


class Column(IntEnum):
    WHAT = 0
    WHO = 1
    DUE = 2
    STATUS = 3


def action_status_label(status: ActionStatus) -> str:
    return {
        ActionStatus.PLANNED: QCoreApplication.translate("PlanLabels", "Planned"),
        ActionStatus.IN_PROGRESS: QCoreApplication.translate("PlanLabels", "In progress"),
        ActionStatus.DONE: QCoreApplication.translate("PlanLabels", "Done"),
        ActionStatus.CANCELLED: QCoreApplication.translate("PlanLabels", "Cancelled"),
    }[status]


def issue_status_label(status: IssueStatus) -> str:
    return {
        IssueStatus.OPEN: QCoreApplication.translate("PlanLabels", "Unresolved"),
        IssueStatus.RESOLVED: QCoreApplication.translate("PlanLabels", "Resolved"),
        IssueStatus.DROPPED: QCoreApplication.translate("PlanLabels", "Dropped"),
    }[status]


def responsible_label(responsible: Responsible) -> str:
    return {
        Responsible.PROGRAM: QCoreApplication.translate("PlanLabels", "Our program"),
        Responsible.AGENCY: QCoreApplication.translate("PlanLabels", "Partner agency"),
        Responsible.CLIENT: QCoreApplication.translate("PlanLabels", "The client"),
    }[responsible]


def who_of(item: PlanItemRow) -> str:
    """Who carries out an action, as the plan shows it."""
    if item.responsible == Responsible.AGENCY:
        return item.responsible_agency_name or responsible_label(Responsible.AGENCY)
    if item.responsible == Responsible.CLIENT:
        return responsible_label(Responsible.CLIENT)
    return item.responsible_staff_name or QCoreApplication.translate("PlanLabels", "Lead counselor")


class PlanModel(QAbstractItemModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._plan: Plan | None = None
        self._issues: tuple[IssueRow, ...] = ()
        self._today = dt.date.today()

    def set_plan(self, plan: Plan | None, today: dt.date | None = None) -> None:
        self.beginResetModel()
        self._plan = plan
        self._issues = plan.issues if plan is not None else ()
        self._today = today or dt.date.today()
        self.endResetModel()

    @property
    def plan(self) -> Plan | None:
        return self._plan

    def row_of(self, index: _ModelIndex) -> IssueRow | PlanItemRow | None:
        """The issue or action at ``index`` (None for an invalid index)."""
        if not index.isValid():
            return None
        parent_row = index.internalId() - 1
        if parent_row < 0:
            return self._issues[index.row()]
        return self._issues[parent_row].items[index.row()]

    def index_of(self, record_id: object) -> QModelIndex:
        """The first-column index of the issue or action with this id."""
        for row, issue in enumerate(self._issues):
            if issue.id == record_id:
                return self.index(row, 0)
            for child, item in enumerate(issue.items):
                if item.id == record_id:
                    return self.index(child, 0, self.index(row, 0))
        return QModelIndex()

    # --- Qt model interface --------------------------------------------

    def index(self, row: int, column: int, parent: _ModelIndex = QModelIndex()) -> QModelIndex:  # noqa: B008
        if not 0 <= column < len(Column) or row < 0:
            return QModelIndex()
        if not parent.isValid():
            if row >= len(self._issues):
                return QModelIndex()
            return self.createIndex(row, column, _TOP)
        if parent.internalId() != _TOP or parent.column() != 0:
            return QModelIndex()
        issue_row = parent.row()
        if not 0 <= issue_row < len(self._issues) or row >= len(self._issues[issue_row].items):
            return QModelIndex()
        return self.createIndex(row, column, issue_row + 1)

    def parent(self, index: _ModelIndex = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        if not index.isValid():
            return QModelIndex()
        parent_row = index.internalId() - 1
        if parent_row < 0:
            return QModelIndex()
        return self.createIndex(parent_row, 0, _TOP)

    def rowCount(self, parent: _ModelIndex = QModelIndex()) -> int:  # noqa: B008
        if not parent.isValid():
            return len(self._issues)
        if parent.internalId() == _TOP and parent.column() == 0:
            return len(self._issues[parent.row()].items)
        return 0

    def columnCount(self, parent: _ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return len(Column)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(Column):
            return None
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        return [
            self.tr("Issue / action"),
            self.tr("Who"),
            self.tr("Due"),
            self.tr("Status"),
        ][section]

    def data(self, index: _ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.row_of(index)
        if row is None:
            return None
        if role == ROW_ROLE:
            return row
        if isinstance(row, IssueRow):
            return self._issue_data(row, index.column(), role)
        return self._item_data(row, index.column(), role)

    def _issue_data(self, issue: IssueRow, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            if column == Column.WHAT:
                return issue.title
            if column == Column.WHO:
                return issue.topic or ""
            if column == Column.STATUS:
                return issue_status_label(issue.status)
            return ""
        if role == Qt.ItemDataRole.FontRole and column == Column.WHAT:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole and column == Column.WHAT and issue.goal:
            return self.tr("Goal: {goal}").format(goal=issue.goal)
        if role == Qt.ItemDataRole.ForegroundRole and issue.status != IssueStatus.OPEN:
            return QBrush(_FINISHED)
        return None

    def _item_data(self, item: PlanItemRow, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            if column == Column.WHAT:
                return item.action
            if column == Column.WHO:
                return who_of(item)
            if column == Column.DUE:
                return format_date(item.due_on) if item.due_on else ""
            if column == Column.STATUS:
                return action_status_label(item.status)
            return None
        overdue = item.overdue(self._today)
        if role == Qt.ItemDataRole.ForegroundRole:
            if overdue and column in (Column.DUE, Column.STATUS):
                return QBrush(_OVERDUE)
            if not item.is_open:
                return QBrush(_FINISHED)
            return None
        if role == Qt.ItemDataRole.FontRole and overdue and column == Column.DUE:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole:
            if overdue and column == Column.DUE:
                return self.tr("Overdue")
            if column == Column.WHAT:
                parts = []
                if item.goal:
                    parts.append(self.tr("Goal: {goal}").format(goal=item.goal))
                if item.note:
                    parts.append(item.note)
                return "\n".join(parts) or None
        return None
