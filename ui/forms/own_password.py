"""Change my password: the signed-in staff member, for her own account.

The current password is asked first, so that someone passing an unlocked
laptop cannot take the account over; the new one is typed twice.  Whether
the current one is right, and whether the new one is long enough, is the
service's answer (``casedesk.accounts.change_own_password``), shown at its
field.

The password fields and their repetition check are shared with the
administrator's forms (``ui.records.staff``), which import them from here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QLineEdit, QWidget

from casedesk.accounts import MIN_PASSWORD_LENGTH, change_own_password
from casedesk.auth import AccessDenied, NotSignedIn
from casedesk.database import Database
from casedesk.errors import ValidationError
from ui.context import AppContext
from ui.forms.base import FormDialog

T = TypeVar("T")


def refusals_at_field(job: Callable[[], T]) -> T:
    """``job()``, with a refusal of the actor (not an administrator, nobody
    signed in) turned into a ``ValidationError``, so that the form or the
    window shows its Japanese message like any other refusal."""
    try:
        return job()
    except AccessDenied as exc:
        raise ValidationError({"staff_id": exc.message}) from exc
    except NotSignedIn as exc:
        raise ValidationError({"staff_id": str(exc)}) from exc


def add_password_fields(
    form: FormDialog, name: str, label: str, again_label: str
) -> tuple[QLineEdit, QLineEdit]:
    """A password and its repetition, hidden as typed; the first one is
    ``name`` (the service's field), the second ``name + "_again"``."""
    first = QLineEdit(form)
    first.setEchoMode(QLineEdit.EchoMode.Password)
    first.setPlaceholderText(
        QCoreApplication.translate("StaffPasswords", "At least {n} characters").format(
            n=MIN_PASSWORD_LENGTH
        )
    )
    form.add_field(name, label, first)
    again = QLineEdit(form)
    again.setEchoMode(QLineEdit.EchoMode.Password)
    form.add_field(f"{name}_again", again_label, again)
    return first, again


def check_repeated(errors: dict[str, str], name: str, first: QLineEdit, again: QLineEdit) -> None:
    """Note under ``name_again`` when the two typings differ."""
    if first.text() != again.text():
        errors[f"{name}_again"] = QCoreApplication.translate(
            "StaffPasswords", "The two passwords do not match."
        )


@dataclass(frozen=True)
class _Change:
    current: str
    new: str


class OwnPasswordDialog(FormDialog):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, self.tr("Change my password"), parent)
        self.current_password = QLineEdit(self)
        self.current_password.setEchoMode(QLineEdit.EchoMode.Password)
        self.add_field("current_password", self.tr("Current password"), self.current_password)
        self.new_password, self.new_password_again = add_password_fields(
            self, "new_password", self.tr("New password"), self.tr("New password again")
        )
        self.resize(520, self.sizeHint().height())
        self.current_password.setFocus()

    def collect(self) -> _Change:
        errors: dict[str, str] = {}
        check_repeated(errors, "new_password", self.new_password, self.new_password_again)
        if errors:
            raise ValidationError(errors)
        return _Change(self.current_password.text(), self.new_password.text())

    def write(self, database: Database, value: object) -> object:
        assert isinstance(value, _Change)
        refusals_at_field(lambda: change_own_password(database, value.current, value.new))
        return None
