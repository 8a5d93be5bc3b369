"""The passphrase dialog: masked entry, a wrong passphrase shown at the field,
and a new passphrase typed twice with a strength hint."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QLineEdit

from casedesk.database import open_database
from db.migrate import WrongPassphrase
from tests.gui import type_text
from ui.passphrase_dialog import PassphraseDialog

PASSPHRASE = "夜明けの灯台-7"


def ok_enabled(dialog: PassphraseDialog) -> bool:
    return dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled()


def make(
    qtbot: Any, location: str = "/data/casedesk.sqlite3", new: bool = False
) -> PassphraseDialog:
    dialog = PassphraseDialog(location, new=new)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_the_passphrase_is_masked_and_required(qtbot: Any, ja_app: Any) -> None:
    dialog = make(qtbot)
    assert dialog.field.echoMode() == QLineEdit.EchoMode.Password
    assert dialog.again is None  # asked once for an existing database
    assert not ok_enabled(dialog)
    qtbot.keyClicks(dialog.field, "secret words")
    assert ok_enabled(dialog)
    assert dialog.passphrase() == "secret words"
    assert "secret words" not in dialog.field.displayText()


def test_a_wrong_passphrase_is_shown_at_the_field_and_a_retry_opens(
    qtbot: Any, ja_app: Any, tmp_path: Path
) -> None:
    path = tmp_path / "enc.sqlite3"
    open_database(path, passphrase=PASSPHRASE).close()
    dialog = make(qtbot, str(path))
    qtbot.keyClicks(dialog.field, "not it")
    qtbot.mouseClick(
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton
    )
    assert dialog.result() == PassphraseDialog.DialogCode.Accepted
    with pytest.raises(WrongPassphrase):
        open_database(path, passphrase=dialog.passphrase())

    dialog.show_wrong()
    dialog.show()
    expected = dialog.tr("The passphrase is wrong. The database was not changed. Try again.")
    assert dialog.message.text() == expected != ""
    assert dialog.field.text() == ""  # cleared for the next try
    assert not ok_enabled(dialog)
    dialog.field.setFocus()
    type_text(dialog.field, PASSPHRASE)  # as an input method commits it
    assert dialog.message.text() == ""  # typing again clears the message
    database = open_database(path, passphrase=dialog.passphrase())
    database.close()
    assert database.encrypted


def test_a_new_passphrase_is_typed_twice_and_must_be_long_enough(qtbot: Any, ja_app: Any) -> None:
    dialog = make(qtbot, new=True)
    assert dialog.again is not None and dialog.mismatch is not None
    assert dialog.again.echoMode() == QLineEdit.EchoMode.Password
    qtbot.keyClicks(dialog.field, "short")
    assert dialog.message.text() == dialog.tr("Too short: at least {count} characters.").format(
        count=8
    )
    qtbot.keyClicks(dialog.again, "short")
    assert not ok_enabled(dialog)  # matching, but too short

    dialog.field.clear()
    dialog.again.clear()
    qtbot.keyClicks(dialog.field, "correct horse battery staple")
    assert dialog.message.text() == dialog.tr("Strong.")
    qtbot.keyClicks(dialog.again, "correct horse battery stapel")
    assert dialog.mismatch.text() == dialog.tr("The two passphrases differ.")
    assert not ok_enabled(dialog)

    dialog.again.clear()
    qtbot.keyClicks(dialog.again, "correct horse battery staple")
    assert dialog.mismatch.text() == ""
    assert ok_enabled(dialog)
    assert dialog.passphrase() == "correct horse battery staple"


def test_the_strength_hint_follows_the_passphrase(qtbot: Any, ja_app: Any) -> None:
    dialog = make(qtbot, new=True)
    qtbot.keyClicks(dialog.field, "password")
    assert dialog.message.text() == dialog.tr("Weak: easy to guess. A longer passphrase is safer.")
    dialog.field.clear()
    type_text(dialog.field, PASSPHRASE)  # as an input method commits it
    assert dialog.message.text() == dialog.tr("Fair. A few more words would make it strong.")
