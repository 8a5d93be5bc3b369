"""The administrator's staff-accounts window and its forms.

Accounts are never deleted (records name the staff member who wrote them):
an account is deactivated instead, and can be reactivated.  Only a system
administrator manages accounts (``Permission.MANAGE_ACCOUNTS``); anyone
else who opens the window is told so instead of seeing the list.  The
service refuses her anyway: the window only spares her a list of errors.

Passwords are typed twice and compared here, before anything is sent: a
mistyped initial password would lock the new colleague out.  Their length
and form are checked by the service (``casedesk.accounts.password_problem``),
whose message appears at the field like any refused value.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QBoxLayout, QComboBox, QLabel, QLineEdit, QWidget

from casedesk.accounts import (
    StaffAccount,
    create_staff,
    list_staff,
    set_active,
    set_password,
    update_staff,
)
from casedesk.auth import Actor, Permission
from casedesk.database import Database
from casedesk.errors import ValidationError
from db.enums import StaffRole
from ui.context import AppContext
from ui.forms.base import FormDialog
from ui.forms.own_password import add_password_fields, check_repeated, refusals_at_field
from ui.records.table_window import Column, TableWindow

# How a sign-in time is shown: 2026/11/23 09:15, the computer's local time.
SIGN_IN_FORMAT = "%Y/%m/%d %H:%M"


def role_label(role: StaffRole) -> str:
    """相談員, スーパーバイザー or システム管理者."""
    translate = QCoreApplication.translate
    match role:
        case StaffRole.COUNSELOR:
            return translate("StaffRole", "Support counselor")
        case StaffRole.SUPERVISOR:
            return translate("StaffRole", "Supervisor")
        case StaffRole.ADMINISTRATOR:
            return translate("StaffRole", "System administrator")


def local_sign_in(stamp: dt.datetime | None) -> str:
    """A stored sign-in time (naive UTC) as local time, 2026/11/23 09:15."""
    if stamp is None:
        return ""
    return stamp.replace(tzinfo=dt.UTC).astimezone().strftime(SIGN_IN_FORMAT)


def may_manage_accounts(database: Database | None) -> bool:
    actor: Actor | None = database.actor if database is not None else None
    return actor is not None and actor.may(Permission.MANAGE_ACCOUNTS)


@dataclass(frozen=True)
class _NewAccount:
    login: str
    name: str
    name_kana: str
    role: StaffRole
    password: str


@dataclass(frozen=True)
class _AccountChange:
    name: str
    name_kana: str
    role: StaffRole


class StaffAccountDialog(FormDialog):
    """Add an account (``account`` None: login, names, role and an initial
    password typed twice) or edit one's names and role."""

    def __init__(
        self,
        context: AppContext,
        account: StaffAccount | None = None,
        parent: QWidget | None = None,
    ) -> None:
        title = self.tr("New staff account") if account is None else self.tr("Edit staff account")
        super().__init__(context, title, parent)
        self.account = account
        self.login = QLineEdit(self)
        self.add_field("login", self.tr("Login name"), self.login)
        self.name = QLineEdit(self)
        self.add_field("name", self.tr("Staff name"), self.name)
        self.name_kana = QLineEdit(self)
        self.add_field("name_kana", self.tr("Name (kana)"), self.name_kana)
        self.role = QComboBox(self)
        for role in (StaffRole.COUNSELOR, StaffRole.SUPERVISOR, StaffRole.ADMINISTRATOR):
            self.role.addItem(role_label(role), role.value)
        self.add_field("role", self.tr("Staff role"), self.role)
        self.password: QLineEdit | None = None
        self.password_again: QLineEdit | None = None
        if account is None:
            self.password, self.password_again = add_password_fields(
                self, "password", self.tr("Initial password"), self.tr("Password again")
            )
            self.login.setFocus()
        else:
            # The login is how she signs in and how the audit trail names
            # her attempts: it stays as it was made.
            self.login.setText(account.login)
            self.login.setReadOnly(True)
            self.login.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            self.login.setToolTip(self.tr("A login name cannot be changed."))
            self.name.setText(account.name)
            self.name_kana.setText(account.name_kana or "")
            self.role.setCurrentIndex(self.role.findData(account.role.value))
            self.mark_clean()
            self.name.setFocus()
        self.resize(520, self.sizeHint().height())

    def collect(self) -> _NewAccount | _AccountChange:
        role = StaffRole(self.role.currentData())
        if self.account is not None:
            return _AccountChange(self.name.text(), self.name_kana.text(), role)
        assert self.password is not None and self.password_again is not None
        errors: dict[str, str] = {}
        check_repeated(errors, "password", self.password, self.password_again)
        if errors:
            raise ValidationError(errors)
        return _NewAccount(
            self.login.text(),
            self.name.text(),
            self.name_kana.text(),
            role,
            self.password.text(),
        )

    def write(self, database: Database, value: object) -> object:
        if isinstance(value, _NewAccount):
            return refusals_at_field(
                lambda: create_staff(
                    database,
                    login=value.login,
                    name=value.name,
                    role=value.role,
                    password=value.password,
                    name_kana=value.name_kana,
                )
            )
        assert isinstance(value, _AccountChange) and self.account is not None
        staff_id = self.account.id
        refusals_at_field(
            lambda: update_staff(
                database, staff_id, name=value.name, name_kana=value.name_kana, role=value.role
            )
        )
        return staff_id


class SetPasswordDialog(FormDialog):
    """An administrator gives an account a new password (a forgotten one,
    or an account made without one), typed twice."""

    def __init__(
        self, context: AppContext, account: StaffAccount, parent: QWidget | None = None
    ) -> None:
        super().__init__(
            context, self.tr("Set password for {name}").format(name=account.name), parent
        )
        self.account = account
        intro = QLabel(
            self.tr(
                "{name} ({login}) signs in with this password from now on. "
                "Tell it to her in person, not by email."
            ).format(name=account.name, login=account.login),
            self,
        )
        intro.setWordWrap(True)
        self.form.addRow(intro)
        self.password, self.password_again = add_password_fields(
            self, "password", self.tr("New password"), self.tr("New password again")
        )
        self.resize(520, self.sizeHint().height())
        self.password.setFocus()

    def collect(self) -> str:
        errors: dict[str, str] = {}
        check_repeated(errors, "password", self.password, self.password_again)
        if errors:
            raise ValidationError(errors)
        return self.password.text()

    def write(self, database: Database, value: object) -> object:
        assert isinstance(value, str)
        staff_id = self.account.id
        refusals_at_field(lambda: set_password(database, staff_id, value))
        return staff_id


def _columns() -> list[Column[StaffAccount]]:
    translate = QCoreApplication.translate
    active = translate("StaffWindow", "Active")
    inactive = translate("StaffWindow", "Inactive")
    return [
        Column(translate("StaffWindow", "Staff name"), lambda r: r.name, field="name"),
        Column(translate("StaffWindow", "Name (kana)"), lambda r: r.name_kana, field="name_kana"),
        Column(translate("StaffWindow", "Login name"), lambda r: r.login, field="login"),
        Column(translate("StaffWindow", "Staff role"), lambda r: role_label(r.role), field="role"),
        Column(
            translate("StaffWindow", "Account status"),
            lambda r: active if r.active else inactive,
            field="active",
        ),
        Column(
            translate("StaffWindow", "Can sign in"),
            lambda r: r.can_sign_in,
            align=Qt.AlignmentFlag.AlignCenter,
            tooltip=lambda r: (
                None
                if r.can_sign_in
                else translate(
                    "StaffWindow",
                    "No password is set, or the account is inactive: she cannot sign in.",
                )
            ),
        ),
        Column(
            translate("StaffWindow", "Last sign-in"), lambda r: local_sign_in(r.last_sign_in_at)
        ),
    ]


class StaffWindow(TableWindow[StaffAccount]):
    """Every staff account, active ones first: add, edit, set a password,
    deactivate or reactivate.  For system administrators only."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, self.tr("Staff accounts"), _columns(), lambda r: r.id, parent)
        self.model.dimmed = lambda r: not r.active
        self.new_button = self.add_button(self.tr("&New Account…"), self.new_account)
        self.edit_button = self.add_button(
            self.tr("&Edit…"), self.edit_account, needs_selection=True
        )
        self.password_button = self.add_button(
            self.tr("Set &Password…"), self.set_password, needs_selection=True
        )
        self.active_button = self.add_button(
            self.tr("&Deactivate"), self.toggle_active, needs_selection=True
        )
        self.buttons.addStretch(1)
        self._action_buttons = [
            self.new_button,
            self.edit_button,
            self.password_button,
            self.active_button,
        ]
        self.refusal = QLabel(
            self.tr(
                "Only a system administrator can manage staff accounts.\n"
                "Sign in with an administrator account to add accounts, change them "
                "or set passwords."
            ),
            self,
        )
        self.refusal.setObjectName("staff_refusal")
        self.refusal.setWordWrap(True)
        self.refusal.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.refusal.hide()
        # In the table's place, taking its room.
        central = self.centralWidget()
        layout = central.layout() if central is not None else None
        assert isinstance(layout, QBoxLayout)
        layout.insertWidget(layout.indexOf(self.view), self.refusal, 1)
        self.dialog: FormDialog | None = None
        self.view.setEditTriggers(self.view.EditTrigger.NoEditTriggers)
        self.view.activated.connect(lambda _index: self.edit_account())
        # Whose list is shown: the window is made once and raised again,
        # perhaps after someone else has signed in.
        self._shown_for: Actor | None = None
        self._apply_access()
        self.resize(1000, 480)

    @property
    def permitted(self) -> bool:
        return may_manage_accounts(self.context.database)

    def _apply_access(self) -> None:
        """The list for an administrator; the explanation for anyone else."""
        database = self.context.database
        self._shown_for = database.actor if database is not None else None
        permitted = self.permitted
        self.view.setVisible(permitted)
        for button in self._action_buttons:
            button.setVisible(permitted)
        self.refusal.setVisible(not permitted)
        if permitted:
            self.reload(self.fit_columns)
        else:
            self.clear_message()
            self.model.set_rows([])

    def showEvent(self, event: QShowEvent) -> None:
        database = self.context.database
        if (database.actor if database is not None else None) != self._shown_for:
            self._apply_access()
        super().showEvent(event)

    def reader(self) -> Callable[[Database], list[StaffAccount]]:
        if not self.permitted:
            return lambda _database: []
        return list_staff

    def describe(self, row: StaffAccount) -> str:
        return row.name

    def after_change(self) -> None:
        # Forms offer the staff as "who" choices: read them again.
        self.context.reload_lookups()
        super().after_change()

    def selection_changed(self) -> None:
        row = self.selected_row()
        if row is not None and not row.active:
            self.active_button.setText(self.tr("&Reactivate"))
        else:
            self.active_button.setText(self.tr("&Deactivate"))

    # --- actions ------------------------------------------------------------

    def new_account(self) -> None:
        if self.permitted:
            self._open(StaffAccountDialog(self.context, None, self))

    def edit_account(self) -> None:
        row = self.selected_row()
        if row is not None and self.permitted:
            self._open(StaffAccountDialog(self.context, row, self))

    def set_password(self) -> None:
        row = self.selected_row()
        if row is not None and self.permitted:
            self._open(SetPasswordDialog(self.context, row, self))

    def _open(self, dialog: FormDialog) -> None:
        self.dialog = dialog
        dialog.saved.connect(self._on_saved)
        dialog.open()

    def _on_saved(self, staff_id: object) -> None:
        # The form has told the app (records_changed); the lookups remain.
        self.context.reload_lookups()
        self.reload(lambda: self.select_key(staff_id) if isinstance(staff_id, uuid.UUID) else None)

    def toggle_active(self) -> None:
        row = self.selected_row()
        if row is None or not self.permitted:
            return
        who = {"name": row.name, "login": row.login}
        if row.active:
            asked = self.context.dialogs.confirm(
                self,
                self.tr("Deactivate account"),
                self.tr(
                    "{name} ({login}) will no longer be able to sign in. Records keep her "
                    "name, and the account can be reactivated later."
                ).format(**who),
                self.tr("Deactivate"),
            )
        else:
            asked = self.context.dialogs.confirm(
                self,
                self.tr("Reactivate account"),
                self.tr("{name} ({login}) will be able to sign in again.").format(**who),
                self.tr("Reactivate"),
            )
        if asked:
            staff_id, active = row.id, not row.active
            self.run(lambda db: refusals_at_field(lambda: set_active(db, staff_id, active)))
