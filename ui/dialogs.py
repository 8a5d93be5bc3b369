"""Modal questions and messages, behind one replaceable object.

The main window never calls QMessageBox or QFileDialog itself but asks its
``Dialogs``.  Tests hand the window a recording subclass, so an error
message can be checked without a modal box blocking the test run.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

if TYPE_CHECKING:
    from casedesk.database import Database
    from ui.context import AppContext


class Dialogs:
    def warn(self, parent: QWidget, title: str, text: str, detail: str | None = None) -> None:
        # The first paragraph is the headline; the rest (what happened to
        # the file, where it is) is informative text, which macOS sets smaller.
        headline, _, rest = text.partition("\n\n")
        box = QMessageBox(
            QMessageBox.Icon.Warning, title, headline, QMessageBox.StandardButton.Ok, parent
        )
        if rest:
            box.setInformativeText(rest)
        if detail:
            # Technical detail (often English, from SQLite) stays behind a button.
            box.setDetailedText(detail)
        box.exec()

    def confirm(self, parent: QWidget, title: str, text: str, yes: str) -> bool:
        """Ask a yes/no question; ``yes`` names the action ("Discard")."""
        box = QMessageBox(
            QMessageBox.Icon.Question, title, text, QMessageBox.StandardButton.NoButton, parent
        )
        go = box.addButton(yes, QMessageBox.ButtonRole.DestructiveRole)
        stay = box.addButton(
            QCoreApplication.translate("Dialogs", "Cancel"), QMessageBox.ButtonRole.RejectRole
        )
        box.setDefaultButton(stay)
        box.exec()
        return box.clickedButton() is go

    def confirm_discard(self, parent: QWidget) -> bool:
        """A changed form is being left: True = throw the changes away."""
        return self.confirm(
            parent,
            QCoreApplication.translate("Dialogs", "Discard changes?"),
            QCoreApplication.translate(
                "Dialogs", "This form has changes that are not saved. Discard them?"
            ),
            QCoreApplication.translate("Dialogs", "Discard"),
        )

    def about(self, parent: QWidget, title: str, text: str) -> None:
        QMessageBox.about(parent, title, text)

    def choose_database(
        self, parent: QWidget, caption: str, directory: Path, name_filter: str
    ) -> Path | None:
        chosen, _ = QFileDialog.getOpenFileName(parent, caption, str(directory), name_filter)
        return Path(chosen) if chosen else None

    def ask_passphrase(
        self, parent: QWidget, location: str, *, new: bool, wrong: bool
    ) -> str | None:
        """The passphrase of an encrypted database (``new``: the one a new
        database will be encrypted with, typed twice); None if cancelled.
        ``wrong``: the last one did not open it, say so."""
        from ui.passphrase_dialog import ask_passphrase

        return ask_passphrase(parent, location, new=new, wrong=wrong)

    def sign_in(
        self,
        parent: QWidget,
        context: AppContext,
        database: Database,
        *,
        first_administrator: bool,
        last_login: str | None,
        done: Callable[[Database | None], None],
    ) -> None:
        """Ask who is signing in to ``database`` (or, on a new database,
        for its first administrator), without blocking: ``done`` gets the
        signed-in handle, or None if she cancelled."""
        # Imported here: the dialogs are forms, and forms know the context,
        # which knows this module.
        from ui.sign_in import FirstAdministratorDialog, SignInDialog

        dialog: SignInDialog | FirstAdministratorDialog
        if first_administrator:
            dialog = FirstAdministratorDialog(context, database, parent)
        else:
            dialog = SignInDialog(context, database, last_login, parent)
        answered: list[bool] = []

        def finish(result: Database | None) -> None:
            if not answered:
                answered.append(True)
                done(result)
            dialog.deleteLater()

        dialog.saved.connect(lambda result: finish(result))
        dialog.rejected.connect(lambda: finish(None))
        dialog.open()
