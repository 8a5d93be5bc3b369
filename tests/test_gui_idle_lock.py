"""Auto-lock: the window hides what it shows after a while with no input,
keeps a half-typed form, and comes back only with the password."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from db.models.audit import AuditEntry
from tests.actors import SAMPLE_PASSWORD
from tests.gui import WAIT_MS, RecordingDialogs, type_text
from ui.forms.consultation import ConsultationDialog
from ui.main_window import MainWindow


def open_window(qtbot, dialogs, sample_db_path) -> MainWindow:
    window = MainWindow(dialogs)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    with qtbot.waitSignal(window.case_model.loaded, timeout=WAIT_MS):
        window.open_database(sample_db_path)
    return window


def visible_windows(window: MainWindow) -> list[object]:
    return [w for w in QApplication.topLevelWidgets() if w.isVisible() and w is not window]


def test_locks_when_idle_keeps_the_form_and_unlocks_with_the_password(
    qtbot, ja_app, data_dir, settings_file, sample_db_path
) -> None:
    dialogs = RecordingDialogs()
    window = open_window(qtbot, dialogs, sample_db_path)
    lock = window.idle_lock
    window.log_consultation_action.trigger()
    [form] = [w for w in window.findChildren(ConsultationDialog) if w.isVisible()]
    qtbot.waitUntil(lambda: form.loaded, timeout=WAIT_MS)
    type_text(form.narrative, "途中まで書いた記録")

    # Nobody touches anything: it locks by itself.
    lock.set_interval_ms(50)
    with qtbot.waitSignal(lock.locked_changed, timeout=WAIT_MS):
        pass
    assert lock.locked and lock.cover.isVisible()
    assert lock.cover.geometry() == window.rect()
    # Opaque: where the case list was, only the cover's grey is painted.
    image = window.grab().toImage()
    for x, y in ((60, 160), (300, 400), (window.width() - 100, 120)):
        assert image.pixelColor(x, y).name() == "#f2f2f2", (x, y)
    assert not form.isVisible() and visible_windows(window) == []
    assert "佐藤 花子" in lock.cover.who.text()
    # Shortcuts and clicks do not reach the hidden window.
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert visible_windows(window) == []

    # A wrong password: said on the cover, still locked.
    qtbot.keyClicks(lock.cover.password, "not her password")
    qtbot.keyClick(lock.cover.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(lock.cover.message.text()), timeout=WAIT_MS)
    assert lock.cover.message.text() == "ログイン名またはパスワードが違います。"
    assert lock.locked and lock.cover.password.text() == ""

    qtbot.keyClicks(lock.cover.password, SAMPLE_PASSWORD)
    with qtbot.waitSignal(lock.locked_changed, timeout=WAIT_MS) as unlocked:
        qtbot.keyClick(lock.cover.password, Qt.Key.Key_Return)
    assert unlocked.args == [False]
    assert not lock.cover.isVisible()
    assert form.isVisible() and form.narrative.toPlainText() == "途中まで書いた記録"
    database = window.database
    assert database is not None
    with database.reading() as session:
        actions = list(
            session.scalars(select(AuditEntry.action).order_by(AuditEntry.seq.desc()).limit(2))
        )
    assert actions == ["sign_in", "sign_in_failed"]  # the unlock is audited
    form.mark_clean()
    form.close()


def test_lock_now_and_sign_out_from_the_cover(qtbot, ja_app, data_dir, sample_db_path) -> None:
    dialogs = RecordingDialogs()
    window = open_window(qtbot, dialogs, sample_db_path)
    lock = window.idle_lock
    window.lock_action.trigger()
    assert lock.locked
    # Someone else: she signs out from the cover, and the window asks who is next.
    dialogs.credentials = None
    lock.cover.sign_out_button.click()
    qtbot.waitUntil(lambda: len(dialogs.sign_ins) == 2, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: window.worker.idle, timeout=WAIT_MS)
    assert not lock.locked and window.case_model.rowCount() == 0
    assert window.context.database is None
    # Nobody signed in: nothing to lock.
    window.idle_lock.lock()
    assert not lock.locked


def test_the_lock_delay_is_chosen_in_the_view_menu_and_kept(
    qtbot, ja_app, data_dir, settings_file
) -> None:
    window = MainWindow(RecordingDialogs())
    qtbot.addWidget(window)
    assert window.lock_actions[10].isChecked()  # the default
    assert window.lock_actions[0].text() == "しない"
    assert window.lock_actions[5].text() == "5 分後"
    window.lock_actions[30].trigger()
    assert window.settings.auto_lock_minutes() == 30
    again = MainWindow(RecordingDialogs())
    qtbot.addWidget(again)
    assert again.lock_actions[30].isChecked()
