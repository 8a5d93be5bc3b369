"""The passphrase of an encrypted database: asked when it opens, or chosen
(typed twice, with a strength hint) when a new database is created.

The dialog only collects the passphrase; opening the database with it
happens on the worker thread (``casedesk.database.open_database(...,
passphrase=...)``).  When that fails with ``db.migrate.WrongPassphrase`` the
caller shows the dialog again after ``show_wrong()``: the message is at the
field, and the field is cleared for a new try.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from casedesk.encryption import MIN_PASSPHRASE_LENGTH, Strength, passphrase_strength

ERROR_STYLE = "color: #b00020;"


class PassphraseDialog(QDialog):
    """``new=False``: the passphrase of an existing encrypted database.
    ``new=True``: a passphrase for a database being created, typed twice."""

    def __init__(self, location: str, *, new: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.new = new
        self.setWindowTitle(self.tr("Choose a passphrase") if new else self.tr("Passphrase"))
        self.setModal(True)
        layout = QVBoxLayout(self)
        if new:
            intro = self.tr(
                "The new database will be encrypted. Choose a passphrase for it.\n"
                "If the passphrase is forgotten, no one can recover the records: "
                "keep it somewhere safe."
            )
        else:
            intro = self.tr("This database is encrypted. Enter its passphrase.")
        self.intro = QLabel(intro)
        self.intro.setWordWrap(True)
        layout.addWidget(self.intro)
        self.location = QLabel(location)
        self.location.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.location.setWordWrap(True)
        layout.addWidget(self.location)

        form = QFormLayout()
        self.field = QLineEdit()
        self.field.setEchoMode(QLineEdit.EchoMode.Password)
        self.field.setObjectName("passphrase")
        form.addRow(self.tr("Passphrase:"), self.field)
        # Shown at the field: a wrong passphrase, or (new) the strength.
        self.message = QLabel()
        self.message.setObjectName("passphraseMessage")
        self.message.setWordWrap(True)
        form.addRow("", self.message)
        self.again: QLineEdit | None = None
        self.mismatch: QLabel | None = None
        if new:
            self.again = QLineEdit()
            self.again.setEchoMode(QLineEdit.EchoMode.Password)
            self.again.setObjectName("passphraseAgain")
            form.addRow(self.tr("Again:"), self.again)
            self.mismatch = QLabel()
            self.mismatch.setObjectName("passphraseMismatch")
            self.mismatch.setStyleSheet(ERROR_STYLE)
            form.addRow("", self.mismatch)
            self.again.textChanged.connect(self._update)
        layout.addLayout(form)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.field.textChanged.connect(self._update)
        self._update()
        self.field.setFocus()

    def passphrase(self) -> str:
        return self.field.text()

    def show_wrong(self) -> None:
        """The passphrase just tried did not open the database."""
        self.field.clear()  # before the message: typing clears it
        self.message.setStyleSheet(ERROR_STYLE)
        self.message.setText(
            self.tr("The passphrase is wrong. The database was not changed. Try again.")
        )
        self.field.setFocus()

    def _strength_text(self, strength: Strength) -> str:
        if strength is Strength.TOO_SHORT:
            return self.tr("Too short: at least {count} characters.").format(
                count=MIN_PASSPHRASE_LENGTH
            )
        if strength is Strength.WEAK:
            return self.tr("Weak: easy to guess. A longer passphrase is safer.")
        if strength is Strength.FAIR:
            return self.tr("Fair. A few more words would make it strong.")
        return self.tr("Strong.")

    def _update(self) -> None:
        text = self.field.text()
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        if not self.new:
            self.message.clear()
            ok.setEnabled(bool(text))
            return
        assert self.again is not None and self.mismatch is not None
        strength = passphrase_strength(text)
        self.message.setStyleSheet(ERROR_STYLE if strength is Strength.TOO_SHORT else "")
        self.message.setText(self._strength_text(strength) if text else "")
        again = self.again.text()
        differ = bool(again) and again != text
        self.mismatch.setText(self.tr("The two passphrases differ.") if differ else "")
        ok.setEnabled(strength is not Strength.TOO_SHORT and again == text)


def ask_passphrase(
    parent: QWidget | None, location: str, *, new: bool = False, wrong: bool = False
) -> str | None:
    """Show the dialog (after a wrong try: with the message); the passphrase,
    or None if the user cancelled."""
    dialog = PassphraseDialog(location, new=new, parent=parent)
    if wrong:
        dialog.show_wrong()
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.passphrase()
