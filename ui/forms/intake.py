"""Intake (受付): a new client and her first case, on one form.

While the counselor types a name, reading, LINE name or phone, the form
looks for stored clients that may be her (after a 300 ms pause, on the
database worker) and lists them with a button that opens her case instead.

Saving first checks for duplicates once more, on the worker, just before
the write: if any possible duplicate has not been shown to her yet, nothing
is created; the panel is highlighted and the banner says to press Save
again.  The second press creates the client, since she has seen the list
and decided this is someone else.  A match with a restricted case she may
not open (shown only as "ask a supervisor") holds a save back the same way.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QVBoxLayout,
    QWidget,
)

from casedesk.database import Database
from casedesk.errors import ValidationError
from casedesk.intake import (
    CaseInput,
    ClientInput,
    DuplicateMatch,
    DuplicateRow,
    IntakeResult,
    OpenedCase,
    create_client_and_case,
    open_case_for_client,
    possible_duplicates,
)
from db.enums import RiskLevel
from ui.context import AppContext
from ui.duplicate_panel import DuplicatePanel
from ui.fields import DateField, OptionCombo
from ui.forms.base import FormDialog
from ui.forms.client import client_columns, text_box

# How long typing must pause before the duplicate check runs.
SEARCH_DELAY_MS = 300


@dataclass(frozen=True)
class _Terms:
    """What the duplicate check looks for."""

    display_name: str
    kana: str
    line_name: str
    phone: str

    @property
    def empty(self) -> bool:
        return not (self.display_name or self.kana or self.line_name or self.phone)


@dataclass(frozen=True)
class _Intake:
    client: ClientInput
    case: CaseInput
    terms: _Terms
    # The clients already shown to her as possible duplicates.
    acknowledged: frozenset[uuid.UUID]
    # A restricted match was shown to her.
    restricted_acknowledged: bool = False


@dataclass(frozen=True)
class _NewCase:
    """A new case for a returning client found among the duplicates."""

    client_id: uuid.UUID
    case: CaseInput


class _UnseenDuplicates(Exception):
    """Raised on the worker when a save found duplicates she has not seen."""

    def __init__(self, matches: list[DuplicateRow]) -> None:
        super().__init__(f"{len(matches)} possible duplicate(s)")
        self.matches = matches


def _client_ids(matches: list[DuplicateRow]) -> set[uuid.UUID]:
    return {m.candidate.client_id for m in matches if isinstance(m, DuplicateMatch)}


def _has_restricted(matches: list[DuplicateRow]) -> bool:
    return any(not isinstance(m, DuplicateMatch) for m in matches)


def _search(database: Database, terms: _Terms) -> list[DuplicateRow]:
    return possible_duplicates(
        database,
        display_name=terms.display_name,
        kana=terms.kana,
        line_name=terms.line_name,
        phone=terms.phone,
    )


class IntakeDialog(FormDialog):
    """New client and case.  ``open_case_requested(case_id)`` asks the main
    window to open a case: an existing client's (chosen from the duplicates)
    or the one just created."""

    open_case_requested = Signal(object)

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, self.tr("New client and case"), parent)
        self._acknowledged: frozenset[uuid.UUID] = frozenset()
        self._restricted_acknowledged = False
        self._search_serial = 0

        content = QWidget(self)
        columns = QHBoxLayout(content)
        columns.setContentsMargins(0, 0, 0, 0)
        self.client, basic_box, sensitive_box = client_columns(self, context)
        left = QVBoxLayout()
        left.addWidget(basic_box)
        left.addStretch(1)
        columns.addLayout(left, 1)
        right = QVBoxLayout()
        right.addWidget(sensitive_box)
        right.addWidget(self._case_box(context))
        right.addStretch(1)
        columns.addLayout(right, 1)
        self.duplicates = DuplicatePanel(self)
        self.duplicates.open_requested.connect(self._open_existing)
        self.duplicates.new_case_requested.connect(self.save_new_case_for)
        self._returning: uuid.UUID | None = None
        outer = QVBoxLayout()
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(content, 1)
        outer.addWidget(self.duplicates)
        holder = QWidget(self)
        holder.setLayout(outer)
        self.form.addRow(holder)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.search_now)
        for box in (
            self.client.display_name,
            self.client.display_name_kana,
            self.client.line_name,
            self.client.phone,
        ):
            box.textChanged.connect(lambda _text: self._timer.start())
        self.saved.connect(self._created)
        self.client.display_name.setFocus()

    def _case_box(self, context: AppContext) -> QGroupBox:
        box = QGroupBox(self.tr("Case"), self)
        layout = QFormLayout(box)
        layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        with self.rows_in(layout):
            self.opened_on = DateField(self)
            self.opened_on.set_value(dt.date.today())
            self.add_field("opened_on", self.tr("Opened on"), self.opened_on)
            self.lead_counselor = OptionCombo(self.tr("(none)"), self)
            self.lead_counselor.set_options(context.lookups.staff, current=context.staff_id)
            self.add_field("lead_counselor_id", self.tr("Lead counselor"), self.lead_counselor)
            self.risk_level = QComboBox(self)
            for level, text in (
                (RiskLevel.LOW, self.tr("Low")),
                (RiskLevel.MEDIUM, self.tr("Medium")),
                (RiskLevel.HIGH, self.tr("High")),
            ):
                self.risk_level.addItem(text, level)
            self.add_field("risk_level", self.tr("Risk"), self.risk_level)
            self.restricted = QCheckBox(self.tr("Only her counselors and supervisors may see it"))
            self.add_field("restricted", self.tr("Restricted"), self.restricted)
            self.open_reason = text_box(self, lines=3)
            self.add_field("open_reason", self.tr("Reason for opening"), self.open_reason)
        return box

    # --- the duplicate check while typing ---------------------------------

    def terms(self) -> _Terms:
        return _Terms(
            display_name=self.client.display_name.text().strip(),
            kana=self.client.display_name_kana.text().strip(),
            line_name=self.client.line_name.text().strip(),
            phone=self.client.phone.text().strip(),
        )

    @property
    def search_pending(self) -> bool:
        return self._timer.isActive()

    def search_now(self) -> None:
        """Run the duplicate check for what is typed now (the pause ended)."""
        self._timer.stop()
        self._search_serial += 1
        serial = self._search_serial
        terms = self.terms()
        if terms.empty:
            self._show_matches([])
            return
        database = self.context.require_database()

        def done(matches: list[DuplicateRow]) -> None:
            if serial == self._search_serial:  # an older search answers late: drop it
                self._show_matches(matches)

        def failed(_exc: Exception) -> None:
            if serial == self._search_serial:
                self.duplicates.set_failed()

        self.context.worker.submit(lambda: _search(database, terms), done, failed)

    def _show_matches(self, matches: list[DuplicateRow]) -> None:
        self.duplicates.set_matches(matches)
        unseen_restricted = _has_restricted(matches) and not self._restricted_acknowledged
        if not _client_ids(matches) <= self._acknowledged or unseen_restricted:
            self.duplicates.set_highlighted(False)

    def _open_existing(self, case_id: uuid.UUID) -> None:
        """She is already a client: open her case instead of creating one.
        What was typed here is dropped without asking, since she chose the
        stored record over it."""
        if self._saving:
            return
        self.open_case_requested.emit(case_id)
        self.mark_clean()
        self.reject()

    def save_new_case_for(self, client_id: uuid.UUID) -> None:
        """Save the case part only, as a new case of a returning client; the
        client part is not used (her stored profile stays as it is)."""
        if self._saving:
            return
        self._returning = client_id
        try:
            self.save()
        finally:
            self._returning = None

    # --- saving ---------------------------------------------------------

    def collect(self) -> _Intake | _NewCase:
        errors: dict[str, str] = {}
        returning = self._returning
        client = self.client.value(errors) if returning is None else None
        opened_on = self.read(errors, "opened_on", self.opened_on.value)
        if opened_on is None and "opened_on" not in errors:
            errors["opened_on"] = "開始日を入力してください。"
        if errors:
            raise ValidationError(errors)
        # Qt hands the enum back as its plain string value.
        risk = RiskLevel(self.risk_level.currentData())
        case = CaseInput(
            opened_on=opened_on,
            lead_counselor_id=self.lead_counselor.value(),
            open_reason=self.open_reason.toPlainText(),
            risk_level=risk,
            restricted=self.restricted.isChecked(),
        )
        if returning is not None:
            return _NewCase(returning, case)
        assert client is not None
        self._timer.stop()  # the save checks for duplicates itself
        return _Intake(
            client, case, self.terms(), self._acknowledged, self._restricted_acknowledged
        )

    def write(self, database: Database, value: object) -> object:
        if isinstance(value, _NewCase):
            return open_case_for_client(database, value.client_id, value.case)
        assert isinstance(value, _Intake)
        # Checked again here, just before the write: she may have pressed
        # Save before the check while typing had answered.
        matches = _search(database, value.terms) if not value.terms.empty else []
        unseen_restricted = _has_restricted(matches) and not value.restricted_acknowledged
        if not _client_ids(matches) <= value.acknowledged or unseen_restricted:
            raise _UnseenDuplicates(matches)
        return create_client_and_case(database, value.client, value.case)

    def _on_failed(self, exc: Exception) -> None:
        if not isinstance(exc, _UnseenDuplicates):
            super()._on_failed(exc)
            return
        self._search_serial += 1  # what this check found is the latest word
        self._acknowledged = self._acknowledged | _client_ids(exc.matches)
        self._restricted_acknowledged = self._restricted_acknowledged or _has_restricted(
            exc.matches
        )
        self.duplicates.set_matches(exc.matches)
        self.duplicates.set_highlighted(True)
        super()._on_failed(
            ValidationError(
                {
                    "duplicates": self.tr(
                        "There may be a duplicate. To create a new client anyway, press Save again."
                    )
                }
            )
        )
        self.duplicates.table.setFocus(Qt.FocusReason.OtherFocusReason)

    def changed_case(self, result: object) -> uuid.UUID | None:
        return result.case_id if isinstance(result, IntakeResult | OpenedCase) else None

    def _created(self, result: object) -> None:
        if isinstance(result, IntakeResult | OpenedCase):
            self.open_case_requested.emit(result.case_id)

    def done(self, code: int) -> None:
        self._timer.stop()
        super().done(code)
