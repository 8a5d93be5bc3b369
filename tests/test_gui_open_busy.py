"""Opening a database that takes a while (an upgrade of a large file) shows
a busy dialog, which goes away when the list is there."""

from __future__ import annotations

import shutil
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QProgressDialog, QPushButton

import db.migrate
import ui.main_window as main_window_module
from db.migrate import SchemaState, inspect_database
from tests.gui import WAIT_MS, RecordingDialogs
from ui.main_window import MainWindow

GOLDEN = Path(__file__).parent / "golden"


def test_busy_dialog_while_an_old_database_is_upgraded(
    qtbot, ja_app, data_dir, tmp_path, monkeypatch
) -> None:
    # Show it at once instead of after a second, so a small file shows it too.
    monkeypatch.setattr(main_window_module, "OPEN_BUSY_AFTER_MS", 0)
    old = tmp_path / "old.sqlite3"
    shutil.copyfile(GOLDEN / "casedesk-0001.sqlite3", old)
    window = MainWindow(RecordingDialogs())
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.case_model.loaded, timeout=WAIT_MS):
        window.open_database(old)
        busy = [d for d in window.findChildren(QProgressDialog) if d.isVisible()]
        assert len(busy) == 1
        assert busy[0].windowTitle() == "データベースを開いています"
        assert "バックアップ" in busy[0].labelText()
    qtbot.waitUntil(
        lambda: not [d for d in window.findChildren(QProgressDialog) if d.isVisible()],
        timeout=WAIT_MS,
    )
    assert window.database is not None and window.database.opened.backup is not None


def test_cancel_leaves_the_old_database_as_it_was_and_the_current_one_open(
    qtbot, ja_app, data_dir, tmp_path, monkeypatch, sample_db_path
) -> None:
    monkeypatch.setattr(main_window_module, "OPEN_BUSY_AFTER_MS", 0)
    # Small steps, so that the small golden file takes long enough to cancel.
    monkeypatch.setattr(db.migrate, "BACKUP_PAGES_PER_STEP", 1)
    monkeypatch.setattr(db.migrate, "UPGRADE_POLL_EVERY_OPS", 50)
    old = tmp_path / "old" / "casedesk.sqlite3"
    old.parent.mkdir()
    shutil.copyfile(GOLDEN / "casedesk-0003.sqlite3", old)
    dialogs = RecordingDialogs()
    window = MainWindow(dialogs)
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.case_model.loaded, timeout=WAIT_MS):
        window.open_database(sample_db_path)
    current = window.database

    window.open_database(old)
    busy = next(d for d in window.findChildren(QProgressDialog) if d.isVisible())
    button = busy.findChild(QPushButton)
    assert button is not None and button.text() == "キャンセル"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert "取り消しています" in busy.labelText()
    assert not button.isEnabled()
    qtbot.waitUntil(
        lambda: "データベースは元のままです" in window.statusBar().currentMessage(),
        timeout=WAIT_MS,
    )
    assert not [d for d in window.findChildren(QProgressDialog) if d.isVisible()]
    assert window.database is current  # still open, still shown
    assert window.count_label.text().startswith("ケース")
    assert dialogs.warnings == []
    inspection = inspect_database(old)
    assert (inspection.state, inspection.revision) == (SchemaState.OUTDATED, "0003")
    assert [p.name for p in old.parent.iterdir() if ".backup-" in p.name] == []
