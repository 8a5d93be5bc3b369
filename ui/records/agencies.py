"""The partner-agency directory window and the agency form.

Agencies are never deleted (referrals point at them): the directory
deactivates one instead, and shows inactive ones on request.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QPlainTextEdit, QWidget

from casedesk.agencies import (
    AgencyInput,
    AgencyRow,
    list_agencies,
    save_agency,
    set_agency_active,
)
from casedesk.database import Database
from db.enums import CodeCategory
from ui.context import AppContext
from ui.fields import OptionCombo
from ui.forms.base import FormDialog
from ui.records.table_window import Column, TableWindow

# Typing in the search box reads the list again once the typing pauses.
SEARCH_DELAY_MS = 250


@dataclass(frozen=True)
class _Save:
    value: AgencyInput


class AgencyDialog(FormDialog):
    """Add an agency (``agency`` None) or edit one."""

    def __init__(
        self, context: AppContext, agency: AgencyRow | None = None, parent: QWidget | None = None
    ) -> None:
        title = self.tr("New agency") if agency is None else self.tr("Edit agency")
        super().__init__(context, title, parent)
        self.agency = agency
        self.name = QLineEdit(self)
        self.add_field("name", self.tr("Agency name"), self.name)
        self.name_kana = QLineEdit(self)
        self.add_field("name_kana", self.tr("Name (kana)"), self.name_kana)
        self.kind = OptionCombo(self.tr("(choose)"), self)
        kinds = context.lookups.code_options(CodeCategory.AGENCY_KIND)
        # QComboBox.findData compares Python objects by identity, not by
        # equality: hand it the lookups' own id object.
        current = next((o.id for o in kinds if agency and o.id == agency.kind_id), None)
        self.kind.set_options(kinds, current)
        self.add_field("kind_id", self.tr("Kind"), self.kind)
        self.department = QLineEdit(self)
        self.add_field("department", self.tr("Department"), self.department)
        self.contact_person = QLineEdit(self)
        self.add_field("contact_person", self.tr("Contact person"), self.contact_person)
        self.phone = QLineEdit(self)
        self.phone.setPlaceholderText("03-1234-5678")
        self.add_field("phone", self.tr("Phone"), self.phone)
        self.email = QLineEdit(self)
        self.email.setPlaceholderText("name@example.jp")
        self.add_field("email", self.tr("Email"), self.email)
        self.address = QPlainTextEdit(self)
        self.address.setTabChangesFocus(True)
        self.address.setFixedHeight(self.fontMetrics().lineSpacing() * 3 + 12)
        self.add_field("address", self.tr("Address"), self.address)
        self.notes = QPlainTextEdit(self)
        self.notes.setTabChangesFocus(True)
        self.add_field("notes", self.tr("Notes"), self.notes)
        if agency is not None:
            self.name.setText(agency.name)
            self.name_kana.setText(agency.name_kana or "")
            self.department.setText(agency.department or "")
            self.contact_person.setText(agency.contact_person or "")
            self.phone.setText(agency.phone or "")
            self.email.setText(agency.email or "")
            self.address.setPlainText(agency.address or "")
            self.notes.setPlainText(agency.notes or "")
            self.mark_clean()
        self.resize(520, self.sizeHint().height())
        self.name.setFocus()

    def collect(self) -> _Save:
        return _Save(
            AgencyInput(
                name=self.name.text(),
                kind_id=self.kind.value(),
                name_kana=self.name_kana.text(),
                department=self.department.text(),
                contact_person=self.contact_person.text(),
                phone=self.phone.text(),
                email=self.email.text(),
                address=self.address.toPlainText(),
                notes=self.notes.toPlainText(),
            )
        )

    def write(self, database: Database, value: object) -> object:
        assert isinstance(value, _Save)
        return save_agency(database, value.value, self.agency.id if self.agency else None)


def _columns() -> list[Column[AgencyRow]]:
    translate = QCoreApplication.translate
    return [
        Column(translate("AgencyDirectory", "Agency name"), lambda r: r.name),
        Column(translate("AgencyDirectory", "Kana"), lambda r: r.name_kana),
        Column(translate("AgencyDirectory", "Kind"), lambda r: r.kind_label),
        Column(translate("AgencyDirectory", "Department"), lambda r: r.department),
        Column(translate("AgencyDirectory", "Contact person"), lambda r: r.contact_person),
        Column(translate("AgencyDirectory", "Phone"), lambda r: r.phone),
        Column(translate("AgencyDirectory", "Email"), lambda r: r.email),
        Column(translate("AgencyDirectory", "In use"), lambda r: r.active),
        Column(translate("AgencyDirectory", "Notes"), lambda r: (r.notes or "").replace("\n", " ")),
    ]


class AgencyDirectory(TableWindow[AgencyRow]):
    """The directory: search by name or kana, filter by kind and by
    whether in use; add, edit, deactivate (or take back into use)."""

    ACTIVE, INACTIVE, ALL = 0, 1, 2

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, self.tr("Partner agencies"), _columns(), lambda r: r.id, parent)
        self.model.dimmed = lambda r: not r.active
        search_label = QLabel(self.tr("&Search"), self)
        self.search = QLineEdit(self)
        self.search.setPlaceholderText(self.tr("Name or kana"))
        self.search.setClearButtonEnabled(True)
        search_label.setBuddy(self.search)
        self.filters.addWidget(search_label)
        self.filters.addWidget(self.search, 2)
        kind_label = QLabel(self.tr("&Kind"), self)
        self.kind = OptionCombo(self.tr("(all kinds)"), self)
        kind_label.setBuddy(self.kind)
        self.filters.addWidget(kind_label)
        self.filters.addWidget(self.kind)
        self.state = QComboBox(self)
        self.state.addItem(self.tr("In use"), self.ACTIVE)
        self.state.addItem(self.tr("Not in use"), self.INACTIVE)
        self.state.addItem(self.tr("All"), self.ALL)
        self.filters.addWidget(self.state)
        self.new_button = self.add_button(self.tr("&New"), self.new_agency)
        self.edit_button = self.add_button(self.tr("&Edit"), self.edit_agency, needs_selection=True)
        self.active_button = self.add_button(
            self.tr("&Deactivate"), self.toggle_active, needs_selection=True
        )
        self.buttons.addStretch(1)
        self.dialog: AgencyDialog | None = None

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(lambda: self.reload())
        self.search.textChanged.connect(lambda _text: self._search_timer.start())
        self.kind.currentIndexChanged.connect(lambda _i: self.reload())
        self.state.currentIndexChanged.connect(lambda _i: self.reload())
        self.view.setEditTriggers(self.view.EditTrigger.NoEditTriggers)
        self.view.activated.connect(lambda _index: self.edit_agency())
        context.lookups_changed.connect(self._fill_kinds)
        self._fill_kinds()
        self.reload(self.fit_columns)
        self.resize(1000, 560)

    def _fill_kinds(self) -> None:
        self.kind.blockSignals(True)
        self.kind.set_options(self.context.lookups.code_options(CodeCategory.AGENCY_KIND))
        self.kind.blockSignals(False)

    def reader(self) -> Callable[[Database], list[AgencyRow]]:
        state = self.state.currentData()
        active = None if state == self.ALL else state == self.ACTIVE
        text, kind_id = self.search.text(), self.kind.value()
        return lambda database: list_agencies(database, text, kind_id, active)

    def describe(self, row: AgencyRow) -> str:
        return row.name

    def after_change(self) -> None:
        # Forms offer agencies from the lookups: read them again.
        self.context.reload_lookups()
        super().after_change()

    def selection_changed(self) -> None:
        row = self.selected_row()
        if row is not None and not row.active:
            self.active_button.setText(self.tr("&Reactivate"))
        else:
            self.active_button.setText(self.tr("&Deactivate"))

    # --- actions ------------------------------------------------------------

    def new_agency(self) -> None:
        self._open(AgencyDialog(self.context, None, self))

    def edit_agency(self) -> None:
        row = self.selected_row()
        if row is not None:
            self._open(AgencyDialog(self.context, row, self))

    def _open(self, dialog: AgencyDialog) -> None:
        self.dialog = dialog
        dialog.saved.connect(self._on_saved)
        dialog.open()

    def _on_saved(self, agency_id: object) -> None:
        # The form has told the app (records_changed); the lookups remain.
        self.context.reload_lookups()
        self.reload(lambda: self.select_key(agency_id) if agency_id is not None else None)

    def toggle_active(self) -> None:
        row = self.selected_row()
        if row is None:
            return
        if row.active and not self.context.dialogs.confirm(
            self,
            self.tr("Deactivate agency"),
            self.tr(
                "Stop offering {name} for new records? Records that name it keep it; "
                "it can be taken back into use later."
            ).format(name=row.name),
            self.tr("Deactivate"),
        ):
            return
        self.run(lambda db: set_agency_active(db, row.id, not row.active))
