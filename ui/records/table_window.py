"""A window around one table of program records (the 記録 menu's windows).

The partner-agency directory, the code-list editor, the annual targets, the
LINE figures, and the outreach, goods and session lists are all the same
thing: some filters above a table, a line for messages under it, buttons
below.  This module holds that shape once.

How to use it:

1. Describe the columns as ``Column``s over a row type (a frozen dataclass
   a service returns), each with a ``value(row)`` to show; ``field`` names
   the service input's attribute shown in the column, so that a refused
   save (``ValidationError``) marks the right cell.
2. Subclass ``TableWindow[Row]``; implement ``reader()``: on the GUI
   thread, read the filter widgets and return the job that fetches the
   rows (one service read, run on the worker; it must not touch widgets).
   Put filter widgets in ``self.filters`` (call ``reload()`` when they
   change) and buttons in ``self.buttons`` with ``add_button``.  Call
   ``reload()`` at the end of ``__init__``.
3. Write through ``run(job, on_done)``: the job is one service call, run on
   the database worker; a refused one shows its Japanese message under the
   table, anything else a warning; afterwards the table reloads (keeping
   the selection) and ``after_change()`` tells the rest of the app.
4. For tables edited in place, mark columns ``editable`` (a text editor:
   typing starts it, Enter commits) or ``checkable`` (space toggles) and
   implement ``edit_cell(row, column, value)``: check the typed text (raise
   ``ValueError`` with the Japanese message for text it cannot read) and
   return the job that saves it.  That job runs on the worker and should
   read the record afresh and apply only this one change, so two quick
   edits of a row never undo each other; it returns the saved row.  A
   refused value is never half saved: the table reloads what is stored and
   shows the message under the table and as the cell's tooltip.

The GUI thread never touches the database: every read and write is a job
on ``context.worker``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMainWindow,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from casedesk.database import Database
from casedesk.errors import ValidationError
from casedesk.figures import fiscal_year_of, japanese_era
from casedesk.parsing import format_date
from ui.context import AppContext

R = TypeVar("R")
T = TypeVar("T")

_ModelIndex = QModelIndex | QPersistentModelIndex

ERROR_COLOR = QColor(176, 0, 32)
# Inactive records (a retired code, an agency no longer used) are greyed.
DIMMED_COLOR = QColor(128, 128, 128)
ERROR_STYLE = "color: #b00020;"


@dataclass(frozen=True)
class Column(Generic[R]):
    """One column of a record table."""

    title: str
    # What the cell shows: str, int, float, date, bool (✓) or None (empty).
    value: Callable[[R], object]
    # The service input's attribute this column shows, for refused values.
    field: str = ""
    # Edited in place as text (``TableWindow.edit_cell``).
    editable: bool = False
    # A check box; ``value`` gives a bool.  Editable when ``editable``.
    checkable: bool = False
    # The text an editor starts with (default: what the cell shows).
    edit_text: Callable[[R], str] | None = None
    align: Qt.AlignmentFlag | None = None
    tooltip: Callable[[R], str | None] | None = None


def display_text(value: object) -> str:
    """How a cell shows a value: numbers with thousands separators, dates
    as 2024-05-14, True as ✓, None as nothing."""
    if value is None or value is False:
        return ""
    if value is True:
        return "✓"
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        return f"{value:,.0f}" if value.is_integer() else f"{value:,.2f}".rstrip("0")
    if isinstance(value, dt.date):
        return format_date(value)
    return str(value)


class RecordTableModel(QAbstractTableModel, Generic[R]):
    """A list of rows shown through ``Column``s.  Rows are replaced whole
    (``set_rows``, ``replace_row``); an edit goes to ``edit_handler``, which
    decides (and saves) and returns whether the value was taken."""

    def __init__(
        self,
        columns: Sequence[Column[R]],
        key: Callable[[R], Hashable],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.columns: list[Column[R]] = list(columns)
        self.key = key
        self._rows: list[R] = []
        self._errors: dict[tuple[Hashable, int], str] = {}
        # Greys a row (an inactive record); None: nothing is greyed.
        self.dimmed: Callable[[R], bool] | None = None
        # (row, column, value) → taken?  Set by the window.
        self.edit_handler: Callable[[int, int, object], bool] | None = None

    # --- rows ------------------------------------------------------------

    @property
    def rows(self) -> list[R]:
        return list(self._rows)

    def row(self, index: int) -> R:
        return self._rows[index]

    def find(self, key: Hashable) -> int:
        """The index of the row with ``key``, or -1."""
        return next((i for i, row in enumerate(self._rows) if self.key(row) == key), -1)

    def set_rows(self, rows: Sequence[R]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._errors.clear()
        self.endResetModel()

    def replace_row(self, index: int, row: R) -> None:
        self._rows[index] = row
        key = self.key(row)
        self._errors = {k: v for k, v in self._errors.items() if k[0] != key}
        self.dataChanged.emit(self.index(index, 0), self.index(index, len(self.columns) - 1))

    def set_error(self, index: int, column: int, message: str) -> None:
        """Mark a cell whose value was refused: red, the message as its tooltip."""
        self._errors[(self.key(self._rows[index]), column)] = message
        cell = self.index(index, column)
        self.dataChanged.emit(cell, cell)

    def error(self, index: int, column: int) -> str:
        return self._errors.get((self.key(self._rows[index]), column), "")

    def column_of(self, field: str) -> int:
        return next((i for i, c in enumerate(self.columns) if c.field == field), -1)

    # --- QAbstractTableModel ---------------------------------------------

    def rowCount(self, parent: _ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.columns):
            return self.columns[section].title
        if orientation == Qt.Orientation.Vertical and 0 <= section < len(self._rows):
            return str(section + 1)
        return None

    def flags(self, index: _ModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        column = self.columns[index.column()]
        if column.checkable and column.editable:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        elif column.editable:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: _ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        row = self._rows[index.row()]
        column = self.columns[index.column()]
        error = self._errors.get((self.key(row), index.column()))
        if role == Qt.ItemDataRole.DisplayRole:
            return "" if column.checkable else display_text(column.value(row))
        if role == Qt.ItemDataRole.EditRole:
            if column.checkable:
                return bool(column.value(row))
            if column.edit_text is not None:
                return column.edit_text(row)
            return display_text(column.value(row))
        if role == Qt.ItemDataRole.CheckStateRole and column.checkable:
            checked = bool(column.value(row))
            return Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.ToolTipRole:
            if error:
                return error
            return column.tooltip(row) if column.tooltip is not None else None
        if role == Qt.ItemDataRole.ForegroundRole:
            if error:
                return QBrush(ERROR_COLOR)
            if self.dimmed is not None and self.dimmed(row):
                return QBrush(DIMMED_COLOR)
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            align = column.align
            shown = column.value(row)
            if align is None and isinstance(shown, int | float) and not isinstance(shown, bool):
                align = Qt.AlignmentFlag.AlignRight
            if align is None:
                return None
            return int(align | Qt.AlignmentFlag.AlignVCenter)
        return None

    def setData(self, index: _ModelIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or self.edit_handler is None:
            return False
        column = self.columns[index.column()]
        if not column.editable:
            return False
        if column.checkable:
            if role != Qt.ItemDataRole.CheckStateRole:
                return False
            checked = Qt.CheckState(value) == Qt.CheckState.Checked
            return self.edit_handler(index.row(), index.column(), checked)
        if role != Qt.ItemDataRole.EditRole:
            return False
        if str(value) == self.data(index, Qt.ItemDataRole.EditRole):
            return True  # the editor was left as it was: nothing to save
        return self.edit_handler(index.row(), index.column(), str(value))


class FiscalYearCombo(QComboBox):
    """A fiscal year, shown in both calendars: "令和6年度（2024年度）".

    Offers the years from ``first`` to the one after the current; ``value()``
    is the Gregorian year its April falls in.
    """

    def __init__(self, first: int = 2019, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        current = fiscal_year_of(dt.date.today())
        for year in range(current + 1, min(first, current) - 1, -1):
            self.addItem(fiscal_year_label(year), year)
        self.set_value(current)

    def value(self) -> int:
        return int(self.currentData())

    def set_value(self, year: int) -> None:
        index = self.findData(year)
        if index < 0:  # a year outside the offered range: put it in its place
            index = next(
                (i for i in range(self.count()) if int(self.itemData(i)) < year), self.count()
            )
            self.insertItem(index, fiscal_year_label(year), year)
        self.setCurrentIndex(index)


def fiscal_year_label(year: int) -> str:
    """令和6年度（2024年度）; 令和元年度（2019年度）for the first year of an era."""
    era, number = japanese_era(year)
    if number == 1:
        return QCoreApplication.translate("FiscalYear", "FY{year} ({era} first year)").format(
            era=era, year=year
        )
    return QCoreApplication.translate("FiscalYear", "FY{year} ({era} {number})").format(
        era=era, number=number, year=year
    )


class TableWindow(QMainWindow, Generic[R]):
    """Filters, a table of records, a message line and buttons (see the
    module docstring).  Non-modal; the 記録 menu opens one of each."""

    # The rows were (re)loaded.
    loaded = Signal()
    # A change was written (``run`` or an edited cell): the job's result.
    saved = Signal(object)
    # A change was refused or failed: the message shown.
    refused = Signal(str)

    def __init__(
        self,
        context: AppContext,
        title: str,
        columns: Sequence[Column[R]],
        key: Callable[[R], Hashable],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.setWindowTitle(title)
        self.model: RecordTableModel[R] = RecordTableModel(columns, key, self)
        self.model.edit_handler = self._cell_edited
        self._reloads_pending = 0
        self._selection_buttons: list[QPushButton] = []

        central = QWidget(self)
        layout = QVBoxLayout(central)
        self.filters = QHBoxLayout()
        layout.addLayout(self.filters)
        self.view = QTableView(central)
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.view.setAlternatingRowColors(True)
        self.view.setWordWrap(False)
        self.view.verticalHeader().setDefaultSectionSize(self.view.fontMetrics().height() + 12)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        layout.addWidget(self.view, 1)
        self.message = QLabel(central)
        self.message.setObjectName("table_message")
        self.message.setWordWrap(True)
        self.message.setStyleSheet(ERROR_STYLE)
        self.message.hide()
        layout.addWidget(self.message)
        self.buttons = QHBoxLayout()
        layout.addLayout(self.buttons)
        self.setCentralWidget(central)
        self.view.selectionModel().selectionChanged.connect(self._update_buttons)
        self.model.modelReset.connect(self._update_buttons)
        close = QShortcut(QKeySequence(QKeySequence.StandardKey.Close), self)
        close.activated.connect(self.close)
        self.resize(900, 560)

    # --- to implement ----------------------------------------------------

    def reader(self) -> Callable[[Database], list[R]]:
        """The job that reads the rows to show.  Called on the GUI thread
        (read the filters here); the job runs on the worker."""
        raise NotImplementedError

    def edit_cell(self, row: R, column: int, value: object) -> Callable[[Database], R]:
        """The job that saves an edited cell (``value``: the typed text, or
        a bool for a check box).  Raise ``ValueError`` with the Japanese
        message for text that cannot be read."""
        raise NotImplementedError

    def describe(self, row: R) -> str:
        """A short name of a row for messages ("5月", an agency's name)."""
        return ""

    def after_change(self) -> None:
        """Tell the rest of the app a change was saved (override to reload
        the lookups when the change is one that forms offer)."""
        self.context.notify_changed(None)

    # --- building ---------------------------------------------------------

    def add_button(
        self, text: str, slot: Callable[[], None], *, needs_selection: bool = False
    ) -> QPushButton:
        """A button under the table; ``needs_selection``: enabled only while
        a row is selected."""
        button = QPushButton(text, self)
        button.clicked.connect(lambda _checked=False: slot())
        self.buttons.addWidget(button)
        if needs_selection:
            self._selection_buttons.append(button)
            button.setEnabled(self.selected_index() >= 0)
        return button

    def fit_columns(self) -> None:
        """Columns as wide as their contents (call after the first load)."""
        self.view.resizeColumnsToContents()

    # --- reading ----------------------------------------------------------

    def reload(self, then: Callable[[], None] | None = None) -> None:
        """Read the rows again on the worker, keeping the selected row."""
        database = self.context.database
        if database is None:
            return
        job = self.reader()
        self._reloads_pending += 1

        def adopt(rows: list[R]) -> None:
            self._reloads_pending -= 1
            selected = self.selected_row()
            key = self.model.key(selected) if selected is not None else None
            self.model.set_rows(rows)
            if key is not None:
                self.select_key(key)
            if then is not None:
                then()
            self.loaded.emit()

        def failed(exc: Exception) -> None:
            self._reloads_pending -= 1
            self._warn(exc)

        self.context.worker.submit(lambda: job(database), adopt, failed)

    @property
    def loading(self) -> bool:
        return self._reloads_pending > 0

    def selected_index(self) -> int:
        rows = self.view.selectionModel().selectedRows()
        return rows[0].row() if rows else -1

    def selected_row(self) -> R | None:
        index = self.selected_index()
        return self.model.row(index) if index >= 0 else None

    def select_key(self, key: Hashable) -> None:
        index = self.model.find(key)
        if index >= 0:
            self.select_index(index)

    def select_index(self, index: int) -> None:
        cell = self.model.index(index, 0)
        self.view.selectionModel().setCurrentIndex(
            cell,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.view.scrollTo(cell)

    # --- writing ----------------------------------------------------------

    def run(self, job: Callable[[Database], T], on_done: Callable[[T], None] | None = None) -> None:
        """Write with one service call on the worker, then reload."""
        database = self.context.require_database()

        def done(result: T) -> None:
            self.clear_message()
            if on_done is not None:
                on_done(result)
            self.after_change()
            self.reload(lambda: self.saved.emit(result))

        self.context.worker.submit(lambda: job(database), done, self._refused)

    def show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.show()
        self.refused.emit(text)

    def clear_message(self) -> None:
        self.message.clear()
        self.message.hide()

    def _refused(self, exc: Exception) -> None:
        if isinstance(exc, ValidationError):
            self.show_message("\n".join(exc.errors.values()))
        else:
            self._warn(exc)

    def _warn(self, exc: Exception) -> None:
        self.context.dialogs.warn(
            self,
            QCoreApplication.translate("TableWindow", "Not saved"),
            QCoreApplication.translate(
                "TableWindow", "The change could not be saved. Nothing was written."
            ),
            f"{type(exc).__name__}: {exc}",
        )

    def _cell_edited(self, index: int, column: int, value: object) -> bool:
        row = self.model.row(index)
        try:
            job = self.edit_cell(row, column, value)
        except ValueError as exc:
            self._mark_refused(index, column, str(exc))
            return False
        database = self.context.require_database()
        key = self.model.key(row)

        def done(saved: R) -> None:
            self.clear_message()
            where = self.model.find(key)
            if where >= 0:
                self.model.replace_row(where, saved)
            self.after_change()
            self.saved.emit(saved)

        def failed(exc: Exception) -> None:
            if not isinstance(exc, ValidationError):
                self.reload()
                self._warn(exc)
                return
            errors = exc.errors

            def mark() -> None:
                where = self.model.find(key)
                if where < 0:
                    self.show_message("\n".join(errors.values()))
                    return
                for field, text in errors.items():
                    at = self.model.column_of(field)
                    self.model.set_error(where, at if at >= 0 else column, text)
                self._show_row_message(where, "\n".join(errors.values()))

            # What is stored comes back: nothing of the refused edit stays.
            self.reload(mark)

        self.context.worker.submit(lambda: job(database), done, failed)
        return True

    def _mark_refused(self, index: int, column: int, text: str) -> None:
        self.model.set_error(index, column, text)
        self._show_row_message(index, text)

    def _show_row_message(self, index: int, text: str) -> None:
        name = self.describe(self.model.row(index))
        self.show_message(
            QCoreApplication.translate("TableWindow", "{row}: {message}").format(
                row=name, message=text
            )
            if name
            else text
        )

    def _update_buttons(self, *_args: object) -> None:
        selected = self.selected_index() >= 0
        for button in self._selection_buttons:
            button.setEnabled(selected)
        self.selection_changed()

    def selection_changed(self) -> None:
        """Called when the selected row changes (update button texts here)."""
