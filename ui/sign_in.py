"""Signing in to an open database, and making its first administrator.

Both are forms (``ui.forms.base.FormDialog``): the password is checked on
the database worker (argon2 takes a quarter of a second, by design), and a
refusal is shown under the password field.  Unlike a record form, Enter in
the password field signs in, and closing asks nothing: nothing typed here
is worth keeping.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QLabel, QLineEdit, QWidget

from casedesk.accounts import SignInRefused, create_first_administrator, sign_in
from casedesk.database import Database
from casedesk.errors import ValidationError
from ui.context import AppContext
from ui.forms.base import FormDialog

# Pixels of the database's path shown above the fields.
LOCATION_WIDTH = 340


@dataclass(frozen=True)
class _Credentials:
    login: str
    password: str


class _AccountForm(FormDialog):
    """What the two dialogs share: the database they act on (not yet the
    window's) and a form that never asks to discard."""

    def __init__(
        self, context: AppContext, database: Database, title: str, parent: QWidget | None
    ) -> None:
        super().__init__(context, title, parent)
        self.database = database
        self.setMinimumWidth(420)
        # One line, shortened in the middle if long (the file name and the
        # folder's start say which database); the whole path on hover.
        location = database.display_location
        note = QLabel(self)
        note.setObjectName("database_location")
        note.setText(
            note.fontMetrics().elidedText(location, Qt.TextElideMode.ElideMiddle, LOCATION_WIDTH)
        )
        note.setToolTip(location)
        note.setStyleSheet("color: #555;")
        self.form.addRow(self.tr("Database"), note)

    def _mark_dirty(self, *_args: object) -> None:
        pass  # nothing here is kept: Esc closes without asking

    def _on_saved(self, result: object) -> None:
        # Not a record: nothing for the views to refresh.
        self._set_saving(False)
        self.saved.emit(result)
        self.accept()


class SignInDialog(_AccountForm):
    """Login name and password; ``saved`` carries the signed-in ``Database``."""

    def __init__(
        self,
        context: AppContext,
        database: Database,
        last_login: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(context, database, self.tr("Sign in to casedesk"), parent)
        self.login = QLineEdit(self)
        self.add_field("login", self.tr("Login name"), self.login)
        self.password = QLineEdit(self)
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.add_field("password", self.tr("Password"), self.password)
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText(self.tr("&Sign in"))
        self.login.returnPressed.connect(self.password.setFocus)
        self.password.returnPressed.connect(self.save)
        if last_login:
            self.login.setText(last_login)
            self.password.setFocus()
        else:
            self.login.setFocus()

    def collect(self) -> _Credentials:
        errors: dict[str, str] = {}
        login = self.login.text().strip()
        if not login:
            errors["login"] = self.tr("Enter your login name.")
        if not self.password.text():
            errors["password"] = self.tr("Enter your password.")
        if errors:
            raise ValidationError(errors)
        return _Credentials(login, self.password.text())

    def write(self, database: Database, value: object) -> Database:
        assert isinstance(value, _Credentials)
        try:
            return sign_in(database, value.login, value.password)
        except SignInRefused as refused:
            raise ValidationError({"password": refused.message}) from refused

    def _on_failed(self, exc: Exception) -> None:
        # A wrong password is typed again from scratch.
        self.password.clear()
        super()._on_failed(exc)


@dataclass(frozen=True)
class _NewAdministrator:
    login: str
    name: str
    password: str


class FirstAdministratorDialog(_AccountForm):
    """A new database has nobody who can manage accounts: make her first."""

    def __init__(
        self, context: AppContext, database: Database, parent: QWidget | None = None
    ) -> None:
        super().__init__(context, database, self.tr("Create the administrator"), parent)
        intro = QLabel(
            self.tr(
                "This database has no administrator yet. The administrator creates the "
                "staff accounts and manages the code lists; she does not read case records. "
                "A person who also counsels uses a second account for that."
            ),
            self,
        )
        intro.setWordWrap(True)
        self.form.insertRow(0, intro)
        self.login = QLineEdit(self)
        self.add_field("login", self.tr("Login name"), self.login)
        self.name = QLineEdit(self)
        self.add_field("name", self.tr("Name"), self.name)
        self.password = QLineEdit(self)
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.add_field("password", self.tr("Password"), self.password)
        self.confirm = QLineEdit(self)
        self.confirm.setEchoMode(QLineEdit.EchoMode.Password)
        self.add_field("confirm", self.tr("Password again"), self.confirm)
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText(self.tr("&Create"))
        self.login.setFocus()

    def collect(self) -> _NewAdministrator:
        if self.password.text() != self.confirm.text():
            raise ValidationError({"confirm": self.tr("The two passwords differ.")})
        return _NewAdministrator(self.login.text(), self.name.text(), self.password.text())

    def write(self, database: Database, value: object) -> Database:
        assert isinstance(value, _NewAdministrator)
        return create_first_administrator(database, value.login, value.name, value.password)
