"""Opening a database that takes a while (an upgrade of a large file) shows
a busy dialog, which goes away when the list is there."""

from __future__ import annotations

import shutil
from pathlib import Path

from PySide6.QtWidgets import QProgressDialog

import ui.main_window as main_window_module
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
