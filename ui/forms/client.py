"""A client's profile: the fields the intake and profile forms share, and the
profile form itself.

The sensitive fields (real name, birth date, address, phone, email) sit in
their own "取扱注意" group.  The profile form opens with them hidden: it
shows only whether each holds something ("登録あり（非表示）"), and reads
them when the counselor presses "表示する（記録されます）", through
``casedesk.intake.reveal_client``, where each reveal is recorded.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace

from PySide6.QtCore import QCoreApplication, QObject, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QWidget,
)

from casedesk.auth import AccessDenied, NotSignedIn
from casedesk.database import Database
from casedesk.errors import ValidationError
from casedesk.intake import (
    ClientInput,
    ClientProfile,
    SensitiveFields,
    client_profile,
    reveal_client,
    update_client,
)
from db.enums import CodeCategory
from ui.context import AppContext
from ui.fields import DateField, OptionCombo
from ui.forms.base import FormDialog


def text_box(parent: QWidget, lines: int = 2) -> QPlainTextEdit:
    """A short multi-line text: Tab moves on (keyboard-only use), and it
    stays a few lines high so that the form fits a laptop screen."""
    box = QPlainTextEdit(parent)
    box.setTabChangesFocus(True)
    height = box.fontMetrics().lineSpacing() * lines
    box.setFixedHeight(height + 2 * box.frameWidth() + 8)
    return box


class TriState(QComboBox):
    """Yes, no, or not known (a question that was not asked is not a no)."""

    def __init__(self, unknown: str, yes: str, no: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.addItem(unknown, None)
        self.addItem(yes, True)
        self.addItem(no, False)

    def value(self) -> bool | None:
        data = self.currentData()
        return data if isinstance(data, bool) else None

    def set_value(self, value: bool | None) -> None:
        self.setCurrentIndex(self.findData(value) if value is not None else 0)


class ClientFields(QObject):
    """The client's fields on a form: the profile in ``basic``, the
    sensitive ones in ``sensitive``.  Field names are ``ClientInput``'s."""

    def __init__(
        self,
        form: FormDialog,
        context: AppContext,
        basic: QFormLayout,
        sensitive: QFormLayout,
    ) -> None:
        super().__init__(form)
        self.form = form
        with form.rows_in(basic):
            self.display_name = QLineEdit(form)
            self.display_name.setPlaceholderText(self.tr("Nickname or LINE name"))
            self.display_name.setMaxLength(100)
            form.add_field("display_name", self.tr("Display name *"), self.display_name)
            self.display_name_kana = QLineEdit(form)
            self.display_name_kana.setMaxLength(100)
            form.add_field("display_name_kana", self.tr("Reading (kana)"), self.display_name_kana)
            self.line_name = QLineEdit(form)
            self.line_name.setMaxLength(100)
            form.add_field("line_name", self.tr("LINE name"), self.line_name)
            self.age_band = OptionCombo(self.tr("(not known)"), form)
            self.age_band.set_options(context.lookups.code_options(CodeCategory.AGE_BAND))
            form.add_field("age_band_id", self.tr("Age band"), self.age_band)
            self.employment = OptionCombo(self.tr("(not known)"), form)
            self.employment.set_options(context.lookups.code_options(CodeCategory.EMPLOYMENT))
            form.add_field("employment_id", self.tr("Employment"), self.employment)
            self.is_student = TriState(
                self.tr("(not known)"), self.tr("Student"), self.tr("Not a student"), form
            )
            form.add_field("is_student", self.tr("Student"), self.is_student)
            self.has_children = TriState(
                self.tr("(not known)"), self.tr("Has children"), self.tr("No children"), form
            )
            form.add_field("has_children", self.tr("Children"), self.has_children)
            self.household = text_box(form)
            form.add_field("household", self.tr("Household"), self.household)
            self.contact_safety_notes = text_box(form)
            self.contact_safety_notes.setPlaceholderText(
                self.tr("e.g. Her husband reads her phone: LINE only, no calls")
            )
            form.add_field(
                "contact_safety_notes", self.tr("Contacting her safely"), self.contact_safety_notes
            )
            self.consent_to_share = QCheckBox(self.tr("She agrees to share with partner agencies"))
            form.add_field("consent_to_share", self.tr("Sharing"), self.consent_to_share)
            self.notes = text_box(form)
            form.add_field("notes", self.tr("Notes"), self.notes)
        with form.rows_in(sensitive):
            self.real_name = QLineEdit(form)
            self.real_name.setMaxLength(100)
            form.add_field("real_name", self.tr("Real name"), self.real_name)
            self.real_name_kana = QLineEdit(form)
            self.real_name_kana.setMaxLength(100)
            form.add_field("real_name_kana", self.tr("Real name (kana)"), self.real_name_kana)
            self.birth_date = DateField(form)
            form.add_field("birth_date", self.tr("Birth date"), self.birth_date)
            self.address = text_box(form)
            form.add_field("address", self.tr("Address"), self.address)
            self.phone = QLineEdit(form)
            self.phone.setMaxLength(40)
            form.add_field("phone", self.tr("Phone"), self.phone)
            self.email = QLineEdit(form)
            self.email.setMaxLength(200)
            form.add_field("email", self.tr("Email"), self.email)
        self._date_placeholder = self.birth_date.placeholderText()
        # Wide enough for a phone number and for "登録あり（非表示）".
        wide = self.real_name.fontMetrics().horizontalAdvance("0" * 24)
        for widget in self.sensitive_widgets().values():
            if widget is not self.birth_date:
                widget.setMinimumWidth(wide)

    def sensitive_widgets(self) -> dict[str, QLineEdit | QPlainTextEdit]:
        return {
            "real_name": self.real_name,
            "real_name_kana": self.real_name_kana,
            "birth_date": self.birth_date,
            "address": self.address,
            "phone": self.phone,
            "email": self.email,
        }

    def value(self, errors: dict[str, str], *, include_sensitive: bool = True) -> ClientInput:
        """The fields as the service's input; an unreadable birth date is
        noted in ``errors``.  Without ``include_sensitive`` the sensitive
        fields are None (they were never shown)."""
        data = ClientInput(
            display_name=self.display_name.text(),
            display_name_kana=self.display_name_kana.text(),
            line_name=self.line_name.text(),
            age_band_id=self.age_band.value(),
            employment_id=self.employment.value(),
            is_student=self.is_student.value(),
            has_children=self.has_children.value(),
            household=self.household.toPlainText(),
            contact_safety_notes=self.contact_safety_notes.toPlainText(),
            consent_to_share=self.consent_to_share.isChecked(),
            notes=self.notes.toPlainText(),
        )
        if not include_sensitive:
            return data
        birth_date = self.form.read(errors, "birth_date", self.birth_date.value)
        return replace(
            data,
            real_name=self.real_name.text(),
            real_name_kana=self.real_name_kana.text(),
            birth_date=birth_date,
            address=self.address.toPlainText(),
            phone=self.phone.text(),
            email=self.email.text(),
        )

    def set_value(self, data: ClientInput) -> None:
        self.display_name.setText(data.display_name or "")
        self.display_name_kana.setText(data.display_name_kana or "")
        self.line_name.setText(data.line_name or "")
        self.age_band.set_value(data.age_band_id)
        self.employment.set_value(data.employment_id)
        self.is_student.set_value(data.is_student)
        self.has_children.set_value(data.has_children)
        self.household.setPlainText(data.household or "")
        self.contact_safety_notes.setPlainText(data.contact_safety_notes or "")
        self.consent_to_share.setChecked(data.consent_to_share)
        self.notes.setPlainText(data.notes or "")

    def hide_sensitive(self, filled: frozenset[str]) -> None:
        """Show only whether each sensitive field holds something."""
        for name, widget in self.sensitive_widgets().items():
            widget.setEnabled(False)
            widget.clear()
            widget.setPlaceholderText(
                self.tr("Recorded (hidden)") if name in filled else self.tr("Not recorded")
            )

    def show_sensitive(self, values: SensitiveFields) -> None:
        for widget in self.sensitive_widgets().values():
            widget.setEnabled(True)
            widget.setPlaceholderText(self._date_placeholder if widget is self.birth_date else "")
        self.real_name.setText(values.real_name or "")
        self.real_name_kana.setText(values.real_name_kana or "")
        self.birth_date.set_value(values.birth_date)
        self.address.setPlainText(values.address or "")
        self.phone.setText(values.phone or "")
        self.email.setText(values.email or "")


def client_columns(
    form: FormDialog, context: AppContext
) -> tuple[ClientFields, QGroupBox, QGroupBox]:
    """The client's two group boxes ("相談者" and "取扱注意") with their fields."""
    basic_box = QGroupBox(QCoreApplication.translate("ClientFields", "Client"), form)
    basic = QFormLayout(basic_box)
    basic.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
    sensitive_box = QGroupBox(QCoreApplication.translate("ClientFields", "Handle with care"), form)
    sensitive_box.setObjectName("sensitive_group")
    sensitive = QFormLayout(sensitive_box)
    sensitive.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
    return ClientFields(form, context, basic, sensitive), basic_box, sensitive_box


@dataclass(frozen=True)
class _Edit:
    data: ClientInput
    include_sensitive: bool  # whether the sensitive fields were shown, so edited


class ClientDialog(FormDialog):
    """Edit an existing client's profile (not her cases)."""

    def __init__(
        self, context: AppContext, client_id: uuid.UUID, parent: QWidget | None = None
    ) -> None:
        super().__init__(context, self.tr("Client profile"), parent)
        self.client_id = client_id
        self._loaded = False
        self._revealed = False
        self.content = QWidget(self)
        columns = QHBoxLayout(self.content)
        columns.setContentsMargins(0, 0, 0, 0)
        self.fields, basic_box, sensitive_box = client_columns(self, context)
        columns.addWidget(basic_box, 1)
        columns.addWidget(sensitive_box, 1, Qt.AlignmentFlag.AlignTop)
        self.reveal_button = QPushButton(self.tr("Show (this is recorded)"), sensitive_box)
        self.reveal_button.setObjectName("reveal_button")
        self.reveal_button.setToolTip(
            self.tr(
                "Shows the real name, birth date, address and contacts; "
                "who looked and when is recorded."
            )
        )
        self.reveal_button.clicked.connect(self.reveal)
        layout = sensitive_box.layout()
        assert isinstance(layout, QFormLayout)
        layout.insertRow(0, self.reveal_button)
        self.form.addRow(self.content)
        self.fields.hide_sensitive(frozenset())
        # Nothing can be typed or saved until her profile is in.
        self.content.setEnabled(False)
        self._save_button().setEnabled(False)
        database = context.require_database()
        context.worker.submit(
            lambda: client_profile(database, client_id, include_sensitive=False),
            self._loaded_profile,
            self._load_failed,
        )

    def _save_button(self) -> QPushButton:
        return self.buttons.button(QDialogButtonBox.StandardButton.Save)

    @property
    def loaded(self) -> bool:
        return self._loaded

    @property
    def revealed(self) -> bool:
        return self._revealed

    def _loaded_profile(self, profile: ClientProfile) -> None:
        self.fields.set_value(profile.data)
        self.fields.hide_sensitive(profile.sensitive_filled)
        if profile.case_nos:
            self.setWindowTitle(
                self.tr("Client profile ({case_nos})").format(case_nos=", ".join(profile.case_nos))
            )
        self._loaded = True
        self.content.setEnabled(True)
        self._save_button().setEnabled(True)
        self.fields.display_name.setFocus()
        self.mark_clean()

    def _load_failed(self, exc: Exception) -> None:
        self.banner.setText(self.tr("The client could not be loaded."))
        self.banner.show()
        if isinstance(exc, ValidationError):
            self.banner.setText("\n".join(exc.errors.values()))
        elif isinstance(exc, AccessDenied | NotSignedIn):
            self.banner.setText(str(exc))  # the service's Japanese reason

    def reveal(self) -> None:
        """Read the sensitive fields (recorded by the service) and show them."""
        if not self._loaded or self._revealed:
            return
        database = self.context.require_database()
        client_id, staff_id = self.client_id, self.context.staff_id
        self.reveal_button.setEnabled(False)
        # reveal_client records the reveal (REVEAL entry), for the signed-in actor.
        self.context.worker.submit(
            lambda: reveal_client(database, client_id, staff_id),
            self._show_revealed,
            self._reveal_failed,
        )

    def _show_revealed(self, values: SensitiveFields) -> None:
        changed = self.dirty
        self.fields.show_sensitive(values)
        self._revealed = True
        self.reveal_button.hide()
        self.fields.real_name.setFocus()
        if not changed:  # filling the fields is not an edit of hers
            self.mark_clean()

    def _reveal_failed(self, exc: Exception) -> None:
        self.reveal_button.setEnabled(True)
        if isinstance(exc, AccessDenied | NotSignedIn):
            self.banner.setText(str(exc))  # the service's Japanese reason
            self.banner.show()
            return
        self.context.dialogs.warn(
            self,
            self.tr("Not shown"),
            self.tr("The sensitive fields could not be read."),
            f"{type(exc).__name__}: {exc}",
        )

    def save(self) -> None:
        if self._loaded:
            super().save()

    def collect(self) -> _Edit:
        errors: dict[str, str] = {}
        data = self.fields.value(errors, include_sensitive=self._revealed)
        if errors:
            raise ValidationError(errors)
        return _Edit(data, self._revealed)

    def write(self, database: Database, value: object) -> object:
        assert isinstance(value, _Edit)
        update_client(
            database, self.client_id, value.data, include_sensitive=value.include_sensitive
        )
        return self.client_id

    def changed_case(self, result: object) -> uuid.UUID | None:
        # Her name shows in every case of hers: a change beyond one case.
        return None
