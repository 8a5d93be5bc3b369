"""The possible duplicates an intake form offers while the counselor types.

A woman who wrote on LINE in spring and phones in autumn should be found,
not entered again: the panel lists the stored clients whose name, reading,
LINE name or phone matches what was typed (``casedesk.intake.possible_duplicates``),
with her newest case, and a button to open that case instead.

When a client the counselor may not see matches (all her cases restricted
and not this counselor's), the service says only that (``RestrictedMatch``):
the panel shows it as one row across the table, first, telling her to ask
a supervisor; that row has no case to open and no client to continue.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from PySide6.QtCore import (
    QAbstractTableModel,
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from casedesk.duplicates import RestrictedMatch
from casedesk.intake import DuplicateMatch, DuplicateRow
from casedesk.parsing import format_date
from db.enums import CaseStatus

CASE_ID_ROLE = int(Qt.ItemDataRole.UserRole) + 1
MATCH_ROLE = int(Qt.ItemDataRole.UserRole) + 2

_Index = QModelIndex | QPersistentModelIndex

# Drawn around the panel when a save was held back for it.
HIGHLIGHT_STYLE = (
    "QGroupBox#duplicate_panel { border: 2px solid #d97706; border-radius: 4px;"
    " margin-top: 1.2em; padding-top: 4px; }"
    " QGroupBox#duplicate_panel::title { subcontrol-origin: margin; left: 8px; color: #b45309; }"
)


class DuplicateModel(QAbstractTableModel):
    """One row per possible duplicate, in the service's order (best first);
    a ``RestrictedMatch`` row says only that, across all the columns."""

    COLUMNS = 7  # case no., name, kana, LINE name, status, matched on, last contact

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows: list[DuplicateRow] = []

    def set_matches(self, matches: Sequence[DuplicateRow]) -> None:
        self.beginResetModel()
        self._rows = list(matches)
        self.endResetModel()

    def matches(self) -> list[DuplicateRow]:
        return list(self._rows)

    def restricted_rows(self) -> list[int]:
        return [row for row, match in enumerate(self._rows) if isinstance(match, RestrictedMatch)]

    def restricted_text(self) -> str:
        return self.tr("A restricted case matches what was typed. Ask a supervisor.")

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self.COLUMNS

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        titles = (
            self.tr("Case No."),
            self.tr("Display name"),
            self.tr("Reading"),
            self.tr("LINE name"),
            self.tr("Status"),
            self.tr("Matched on"),
            self.tr("Last contact"),
        )
        return titles[section] if 0 <= section < len(titles) else None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        match = self._rows[index.row()]
        if isinstance(match, RestrictedMatch):
            return self._restricted_data(index.column(), role)
        found = match.candidate
        if role == CASE_ID_ROLE:
            return found.case_id
        if role == MATCH_ROLE:
            return match
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        column = index.column()
        if column == 0:
            return found.case_no or self.tr("(no case)")
        if column == 1:
            return found.display_name
        if column == 2:
            return match.display_name_kana or ""
        if column == 3:
            return found.line_name or ""
        if column == 4:
            return self._status_text(found.case_status)
        if column == 5:
            return self.tr(", ").join(self._reason_text(r) for r in found.matched_on)
        if column == 6:
            return format_date(found.last_contact)
        return None

    def _restricted_data(self, column: int, role: int) -> object:
        # Nothing about her but that she exists: no id in any role.
        if role == MATCH_ROLE:
            return RestrictedMatch()
        if column != 0:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.restricted_text()
        if role == Qt.ItemDataRole.ForegroundRole:
            return QBrush(QColor("#b45309"))
        return None

    def _status_text(self, status: CaseStatus | None) -> str:
        if status is CaseStatus.OPEN:
            return self.tr("Open")
        if status is CaseStatus.CLOSED:
            return self.tr("Closed")
        return ""

    def _reason_text(self, reason: str) -> str:
        texts = {
            "name": self.tr("display name"),
            "kana": self.tr("reading"),
            "line_name": self.tr("LINE name"),
            "phone": self.tr("phone"),
        }
        return texts.get(reason, reason)


class DuplicatePanel(QGroupBox):
    """The list of possible duplicates and the button that opens one's case."""

    # The case id of the chosen client's newest case.
    open_requested = Signal(object)
    # The client id of a returning client (her cases all closed) who needs a new case.
    new_case_requested = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Is she already registered?"), parent)
        self.setObjectName("duplicate_panel")
        layout = QVBoxLayout(self)
        self.status = QLabel(self)
        self.status.setObjectName("duplicate_status")
        self.status.setWordWrap(True)
        # Two lines always: a longer message must not make the form jump.
        self.status.setMinimumHeight(self.status.fontMetrics().lineSpacing() * 2 + 4)
        self.status.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self.status)
        self.model = DuplicateModel(self)
        self.table = QTableView(self)
        self.table.setObjectName("duplicate_table")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)  # Tab leaves the table, as in the form
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.activated.connect(lambda _index: self.request_open())
        # Room for three matches, always there: the form must not jump (and
        # squeeze its fields) when the first match arrives.
        rows = 3
        self.table.setFixedHeight(
            self.table.horizontalHeader().sizeHint().height()
            + rows * self.table.verticalHeader().defaultSectionSize()
            + 2 * self.table.frameWidth()
        )
        layout.addWidget(self.table)
        row = QHBoxLayout()
        row.addStretch(1)
        self.new_case_button = QPushButton(self.tr("Start a new case for her"), self)
        self.new_case_button.setObjectName("new_case_for_duplicate")
        self.new_case_button.setToolTip(
            self.tr(
                "Her earlier case is closed: a new case for the same client, "
                "with the case details of this form."
            )
        )
        self.new_case_button.clicked.connect(self.request_new_case)
        row.addWidget(self.new_case_button)
        self.open_button = QPushButton(self.tr("Open this client's case"), self)
        self.open_button.setObjectName("open_duplicate_case")
        self.open_button.clicked.connect(self.request_open)
        row.addWidget(self.open_button)
        layout.addLayout(row)
        selection = self.table.selectionModel()
        selection.currentChanged.connect(lambda *_: self._update_button())
        self.set_matches([])

    def set_matches(self, matches: Sequence[DuplicateRow]) -> None:
        """Show ``matches`` (best first, the first client selected)."""
        self.model.set_matches(matches)
        self.table.clearSpans()
        for row in self.model.restricted_rows():
            self.table.setSpan(row, 0, 1, DuplicateModel.COLUMNS)
        clients = [m for m in matches if isinstance(m, DuplicateMatch)]
        restricted = len(clients) < len(matches)
        if clients and restricted:
            self.status.setText(
                self.tr(
                    "{count} stored client(s) may be her, and a restricted case matches: "
                    "ask a supervisor."
                ).format(count=len(clients))
            )
        elif restricted:
            self.status.setText(
                self.tr(
                    "A restricted case matches. Ask a supervisor before you create a new client."
                )
            )
        elif clients:
            self.status.setText(
                self.tr(
                    "{count} stored client(s) may be her. "
                    "If she is one of them, open her case instead."
                ).format(count=len(clients))
            )
        if matches:
            first = next((row for row, m in enumerate(matches) if isinstance(m, DuplicateMatch)), 0)
            self.table.selectionModel().setCurrentIndex(
                self.model.index(first, 0),
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows,
            )
        else:
            self.status.setText(
                self.tr(
                    "Stored clients with the same name, reading, LINE name or phone "
                    "appear here as you type."
                )
            )
        self._update_button()

    def set_failed(self) -> None:
        self.model.set_matches([])
        self.table.clearSpans()
        self.status.setText(self.tr("The check for earlier clients could not run."))
        self._update_button()

    def set_highlighted(self, highlighted: bool) -> None:
        self.setStyleSheet(HIGHLIGHT_STYLE if highlighted else "")

    @property
    def highlighted(self) -> bool:
        return bool(self.styleSheet())

    def current_match(self) -> DuplicateMatch | None:
        index = self.table.selectionModel().currentIndex()
        if not index.isValid():
            return None
        value = self.model.data(index, MATCH_ROLE)
        return value if isinstance(value, DuplicateMatch) else None

    def current_case_id(self) -> uuid.UUID | None:
        match = self.current_match()
        return match.candidate.case_id if match is not None else None

    def select_row(self, row: int) -> None:
        self.table.selectRow(row)

    def _update_button(self) -> None:
        match = self.current_match()
        self.open_button.setEnabled(match is not None and match.candidate.case_id is not None)
        # While her case is open, new contacts belong to it: no second case.
        self.new_case_button.setEnabled(
            match is not None and match.candidate.case_status is not CaseStatus.OPEN
        )

    def request_open(self) -> None:
        case_id = self.current_case_id()
        if case_id is not None:
            self.open_requested.emit(case_id)

    def request_new_case(self) -> None:
        match = self.current_match()
        if match is not None and match.candidate.case_status is not CaseStatus.OPEN:
            self.new_case_requested.emit(match.candidate.client_id)
