"""Referrals (つなぎ): proposing one, and moving it on to 連絡済み, つながった
or 不成立 with its history in view."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from casedesk.auth import AccessDenied, NotSignedIn
from casedesk.database import Database
from casedesk.errors import ValidationError
from casedesk.parsing import format_date
from casedesk.referrals import (
    ReferralForMove,
    StatusChangeRow,
    create_referral,
    move_referral,
    referral_for_move,
)
from db.enums import ReferralStatus
from ui.context import AppContext
from ui.fields import DateField, OptionCombo
from ui.forms.base import FormDialog
from ui.forms.consultation import chain_tabs, text_box


def status_label(status: ReferralStatus) -> str:
    labels = {
        ReferralStatus.PROPOSED: QCoreApplication.translate("ReferralStatus", "Proposed"),
        ReferralStatus.CONTACTED: QCoreApplication.translate("ReferralStatus", "Contacted"),
        ReferralStatus.CONNECTED: QCoreApplication.translate("ReferralStatus", "Connected"),
        ReferralStatus.NOT_CONNECTED: QCoreApplication.translate("ReferralStatus", "Not connected"),
    }
    return labels[status]


@dataclass(frozen=True)
class _NewReferral:
    agency_id: uuid.UUID | None
    agency_name: str
    purpose: str
    proposed_on: dt.date
    follow_up_on: dt.date | None
    notes: str


@dataclass(frozen=True)
class _Move:
    status: ReferralStatus
    changed_on: dt.date
    reason: str


class ReferralDialog(FormDialog):
    """Propose a referral of ``case_id`` to an agency of the directory or
    to one named by hand; it starts as 提案, the counselor at the keyboard
    following it."""

    def __init__(
        self, context: AppContext, case_id: uuid.UUID, parent: QWidget | None = None
    ) -> None:
        super().__init__(context, "", parent)
        self.setWindowTitle(self.tr("New referral"))
        self.case_id = case_id
        self.agency = OptionCombo(self.tr("(not in the directory)"), self)
        self.agency.set_options(context.lookups.agencies)
        self.add_field("agency_id", self.tr("Agency"), self.agency)
        self.agency_name = QLineEdit(self)
        self.agency_name.setPlaceholderText(self.tr("Only for an agency not in the directory"))
        self.add_field("agency_name", self.tr("Agency name"), self.agency_name)
        self.purpose = text_box(self, 3)
        self.add_field("purpose", self.tr("Purpose"), self.purpose)
        self.proposed_on = DateField(self)
        self.proposed_on.set_value(dt.date.today())
        self.add_field("proposed_on", self.tr("Proposed on"), self.proposed_on)
        self.follow_up_on = DateField(self)
        self.add_field("follow_up_on", self.tr("Follow up on"), self.follow_up_on)
        self.notes = text_box(self, 2)
        self.add_field("notes", self.tr("Notes"), self.notes)
        chain_tabs(
            [
                self.agency,
                self.agency_name,
                self.purpose,
                self.proposed_on,
                self.follow_up_on,
                self.notes,
            ]
        )
        # A typed name is for an agency outside the directory only.
        self.agency.currentIndexChanged.connect(self._agency_chosen)
        self.resize(560, 460)
        self.agency.setFocus()

    def _agency_chosen(self, *_args: object) -> None:
        self.agency_name.setEnabled(self.agency.value() is None)

    def collect(self) -> _NewReferral:
        errors: dict[str, str] = {}
        proposed_on = self.read(errors, "proposed_on", self.proposed_on.value)
        follow_up_on = self.read(errors, "follow_up_on", self.follow_up_on.value)
        if proposed_on is None and "proposed_on" not in errors:
            errors["proposed_on"] = "提案日を入力してください。"
        if errors:
            raise ValidationError(errors)
        assert proposed_on is not None
        agency_id = self.agency.value()
        return _NewReferral(
            agency_id=agency_id,
            agency_name=self.agency_name.text() if agency_id is None else "",
            purpose=self.purpose.toPlainText(),
            proposed_on=proposed_on,
            follow_up_on=follow_up_on,
            notes=self.notes.toPlainText(),
        )

    def write(self, database: Database, value: object) -> object:
        assert isinstance(value, _NewReferral)
        return create_referral(
            database,
            self.case_id,
            agency_id=value.agency_id,
            agency_name=value.agency_name,
            purpose=value.purpose,
            counselor_id=self.context.staff_id,
            proposed_on=value.proposed_on,
            follow_up_on=value.follow_up_on,
            notes=value.notes,
        )

    def changed_case(self, result: object) -> uuid.UUID | None:
        return self.case_id


class MoveReferralDialog(FormDialog):
    """Move referral ``referral_id`` to its next status.  Its history is
    read on the worker when the form opens (``loaded`` turns true then);
    only the statuses it may move to are offered."""

    HISTORY_COLUMNS = 4

    def __init__(
        self, context: AppContext, referral_id: uuid.UUID, parent: QWidget | None = None
    ) -> None:
        super().__init__(context, "", parent)
        self.setWindowTitle(self.tr("Move referral"))
        self.referral_id = referral_id
        self.loaded = False
        self._referral: ReferralForMove | None = None

        self.summary = QLabel(self)
        self.summary.setObjectName("referral_summary")
        self.summary.setWordWrap(True)
        self.history = QTableWidget(0, self.HISTORY_COLUMNS, self)
        self.history.setObjectName("referral_history")
        self.history.setHorizontalHeaderLabels(
            [self.tr("Date"), self.tr("Status"), self.tr("Staff"), self.tr("Reason")]
        )
        self.history.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.history.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        # Read-only context: the keyboard goes from field to field past it.
        self.history.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.history.verticalHeader().hide()
        self.history.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = self.history.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.history.setMinimumHeight(self.history.fontMetrics().height() * 7)
        self.form.addRow(self.summary)
        self.form.addRow(self.history)

        self.status = QComboBox(self)
        self.status.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.add_field("status", self.tr("New status"), self.status)
        self.changed_on = DateField(self)
        self.changed_on.set_value(dt.date.today())
        self.add_field("changed_on", self.tr("Date"), self.changed_on)
        self.reason = text_box(self, 3)
        self.add_field("reason", self.tr("Reason or note"), self.reason)
        chain_tabs([self.status, self.changed_on, self.reason])
        self.status.currentIndexChanged.connect(self._status_chosen)
        self.resize(600, 480)
        self.status.setFocus()
        self._load()

    def _load(self) -> None:
        database = self.context.require_database()
        referral_id = self.referral_id
        self.context.worker.submit(
            lambda: referral_for_move(database, referral_id), self._adopt, self._load_failed
        )

    def _adopt(self, referral: ReferralForMove) -> None:
        self._referral = referral
        current = status_label(referral.status)
        self.summary.setText(
            self.tr("{agency}: now {status}").format(
                agency=referral.agency or self.tr("(no agency)"), status=current
            )
        )
        self._show_history(referral.history)
        self.status.clear()
        for status in referral.next_statuses:
            self.status.addItem(status_label(status), status)
        if not referral.next_statuses:
            self.status.addItem(self.tr("(no further status)"), None)
            self.status.setEnabled(False)
        self.mark_clean()
        self.loaded = True

    def _load_failed(self, exc: Exception) -> None:
        if isinstance(exc, ValidationError):
            self.show_errors(exc.errors)
        elif isinstance(exc, AccessDenied | NotSignedIn):
            # Its case is not hers to open (casedesk.access): the message is Japanese.
            self.banner.setText(str(exc))
            self.banner.show()
        else:
            self.banner.setText(f"{type(exc).__name__}: {exc}")
            self.banner.show()
        self.loaded = True

    def _show_history(self, rows: list[StatusChangeRow]) -> None:
        self.history.setRowCount(len(rows))
        for row, change in enumerate(rows):
            cells = [
                format_date(change.changed_on),
                status_label(change.status),
                change.staff_name or "",
                change.reason or "",
            ]
            for column, text in enumerate(cells):
                self.history.setItem(row, column, QTableWidgetItem(text))

    def _status_chosen(self, *_args: object) -> None:
        """A reason is required for 不成立: say so where she types it."""
        required = self.status.currentData() == ReferralStatus.NOT_CONNECTED.value
        self.reason.setPlaceholderText(
            self.tr("Required: why the referral did not work out") if required else ""
        )

    def collect(self) -> _Move:
        errors: dict[str, str] = {}
        changed_on = self.read(errors, "changed_on", self.changed_on.value)
        if changed_on is None and "changed_on" not in errors:
            errors["changed_on"] = "変更日を入力してください。"
        # Item data come back as plain str: Qt stores a StrEnum as a string.
        data = self.status.currentData()
        if not self.loaded:
            errors["status"] = "つなぎを読み込み中です。"
        elif not data:
            errors["status"] = "このつなぎの状況はこれ以上変更できません。"
        if errors:
            raise ValidationError(errors)
        assert changed_on is not None
        return _Move(ReferralStatus(data), changed_on, self.reason.toPlainText())

    def write(self, database: Database, value: object) -> object:
        assert isinstance(value, _Move)
        move_referral(
            database,
            self.referral_id,
            value.status,
            value.changed_on,
            value.reason,
            self.context.staff_id,
        )
        return self.referral_id

    def changed_case(self, result: object) -> uuid.UUID | None:
        return self._referral.case_id if self._referral is not None else None
