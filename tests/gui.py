"""Helpers for driving casedesk's widgets the way a person would."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QWidget

from casedesk.accounts import SignInRefused, create_first_administrator, sign_in
from casedesk.database import Database
from casedesk.demo.directory import DEMO_LOGINS, DEMO_PASSWORD
from tests.actors import SAMPLE_PASSWORD
from ui.context import AppContext
from ui.dialogs import Dialogs
from ui.worker import DatabaseWorker

WAIT_MS = 20_000
# What RecordingDialogs answers when a passphrase is asked for.
TEST_PASSPHRASE = "test passphrase 2026"


class RecordingDialogs(Dialogs):
    """Records what would have been shown instead of blocking on a modal box;
    ``discard`` is the answer to "discard changes?"."""

    def __init__(self) -> None:
        self.warnings: list[tuple[str, str, str | None]] = []
        self.abouts: list[tuple[str, str]] = []
        self.questions: list[tuple[str, str]] = []
        self.choice: Path | None = None
        self.answer = True
        self.discard_asked = 0
        self.discard = True
        # Sign-in: the accounts tried in turn (the sample's counselor 佐藤,
        # a supervisor "kanri" that a test may add (tests.actors.add_supervisor),
        # the demo's supervisor), or the first administrator made on a new
        # database; or None to cancel.  ``sign_ins`` records the databases asked about.
        self.credentials: list[tuple[str, str]] | None = [
            ("sato", SAMPLE_PASSWORD),
            ("kanri", SAMPLE_PASSWORD),
            (DEMO_LOGINS["supervisor"], DEMO_PASSWORD),
        ]
        self.first_administrator = ("admin", "管理 花子", "first admin password")
        # Passphrases given when asked, in turn (the last one again once
        # they run out); None: cancel.  ``passphrase_asks`` records
        # (location, new, wrong).
        self.passphrases: list[str] | None = [TEST_PASSPHRASE]
        self.passphrase_asks: list[tuple[str, bool, bool]] = []
        self.sign_ins: list[tuple[str, bool]] = []

    def warn(self, parent: QWidget, title: str, text: str, detail: str | None = None) -> None:
        self.warnings.append((title, text, detail))

    def about(self, parent: QWidget, title: str, text: str) -> None:
        self.abouts.append((title, text))

    def confirm(self, parent: QWidget, title: str, text: str, yes: str) -> bool:
        self.questions.append((title, text))
        return self.answer

    def confirm_discard(self, parent: QWidget) -> bool:
        self.discard_asked += 1
        return self.discard

    def choose_database(
        self, parent: QWidget, caption: str, directory: Path, name_filter: str
    ) -> Path | None:
        return self.choice

    def ask_passphrase(
        self, parent: QWidget, location: str, *, new: bool, wrong: bool
    ) -> str | None:
        self.passphrase_asks.append((location, new, wrong))
        if self.passphrases is None:
            return None
        return self.passphrases.pop(0) if len(self.passphrases) > 1 else self.passphrases[0]

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
        self.sign_ins.append((database.display_location, first_administrator))
        credentials = self.credentials
        if credentials is None:
            done(None)
            return
        admin = self.first_administrator

        def attempt() -> Database:
            if first_administrator:
                return create_first_administrator(database, *admin)
            for login, password in credentials:
                try:
                    return sign_in(database, login, password)
                except SignInRefused:
                    continue
            raise SignInRefused("none of the test accounts signs in")

        context.worker.submit(attempt, done)


def show_form(qtbot: Any, widget: QWidget) -> None:
    """Show a top-level widget and make it the active window, so that focus
    and keyboard shortcuts work as on a desktop."""
    qtbot.addWidget(widget)
    widget.show()
    widget.activateWindow()
    qtbot.waitUntil(widget.isActiveWindow, timeout=WAIT_MS)


def type_text(widget: QWidget, text: str) -> None:
    """Type ``text`` as an input method commits it: QTest's key clicks
    carry ASCII only, and a counselor types Japanese."""
    event = QInputMethodEvent("", [])
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


@pytest.fixture
def context(qtbot: Any, ja_app: Any, sample_db: Database) -> Iterator[AppContext]:
    """An AppContext on the sample database, its lookups loaded, with
    recording dialogs (``context.dialogs``) and the first counselor signed in."""
    worker = DatabaseWorker()
    ctx = AppContext(worker, RecordingDialogs())
    with qtbot.waitSignal(ctx.lookups_changed, timeout=WAIT_MS):
        ctx.set_database(sample_db)
    ctx.set_staff(ctx.lookups.staff[0].id)
    yield ctx
    worker.stop()
