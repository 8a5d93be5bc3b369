"""The staff-accounts window and the change-my-password dialog, driven as a
person would (typing, Tab, Ctrl+Enter, buttons); then the database, and a
real sign-in with the password typed, say whether it worked."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from casedesk.accounts import SignInRefused, list_staff, sign_in
from casedesk.auth import AccessDenied
from casedesk.database import Database
from db.enums import StaffRole
from db.models.people import Staff
from tests.actors import SAMPLE_PASSWORD, add_supervisor, as_login
from tests.gui import WAIT_MS, RecordingDialogs, show_form, type_text
from ui.context import AppContext
from ui.forms.base import FormDialog
from ui.forms.own_password import OwnPasswordDialog
from ui.main_window import MainWindow
from ui.records.staff import (
    SetPasswordDialog,
    StaffAccountDialog,
    StaffWindow,
    local_sign_in,
)

NAME, KANA, LOGIN, ROLE, STATUS, CAN_SIGN_IN, LAST_SIGN_IN = range(7)
NEW_PASSWORD = "harukaze-2026"
TOO_SHORT = "パスワードは 10 文字以上にしてください。"
MISMATCH = "2つのパスワードが一致しません。"


@pytest.fixture
def admin(context: AppContext) -> AppContext:
    """The context with the sample's system administrator signed in, and a
    supervisor on the staff too."""
    database = context.require_database()
    with database.transaction() as session:
        add_supervisor(session)
    context.database = as_login(database, "admin")
    return context


def staff(db: Database, login: str) -> Staff | None:
    with db.reading() as session:
        return session.scalars(select(Staff).where(Staff.login == login)).one_or_none()


def dialogs(context: AppContext) -> RecordingDialogs:
    assert isinstance(context.dialogs, RecordingDialogs)
    return context.dialogs


def open_window(qtbot: Any, context: AppContext) -> StaffWindow:
    window = StaffWindow(context)
    show_form(qtbot, window)
    qtbot.waitUntil(lambda: not window.loading and context.worker.idle, timeout=WAIT_MS)
    return window


def shown(window: StaffWindow, column: int) -> list[str]:
    model = window.model
    return [model.index(row, column).data() for row in range(model.rowCount())]


def select_login(window: StaffWindow, login: str) -> int:
    row = shown(window, LOGIN).index(login)
    window.view.setFocus()
    window.select_index(row)
    return row


def open_dialog(qtbot: Any, window: StaffWindow, button: Any) -> FormDialog:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    form = window.dialog
    assert form is not None and form.isVisible()
    qtbot.waitUntil(form.isActiveWindow, timeout=WAIT_MS)
    return form


def save_and_wait_for_answer(qtbot: Any, context: AppContext, form: FormDialog) -> None:
    """Ctrl+Enter on a form the service will refuse: wait for the worker."""
    with qtbot.waitSignal(
        context.worker.busy_changed, timeout=WAIT_MS, check_params_cb=lambda busy: not busy
    ):
        qtbot.keyClick(form, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)


def retype(qtbot: Any, field: Any, text: str) -> None:
    field.setFocus()
    field.selectAll()
    qtbot.keyClick(field, Qt.Key.Key_Delete)
    qtbot.keyClicks(field, text)


def test_add_a_counselor_who_then_signs_in(qtbot, admin, qtmodeltester) -> None:
    db = admin.require_database()
    window = open_window(qtbot, admin)
    assert sorted(shown(window, LOGIN)) == ["admin", "kanri", "sato", "suzuki"]
    assert window.view.isVisible() and not window.refusal.isVisible()
    headers = [
        window.model.headerData(c, Qt.Orientation.Horizontal)
        for c in range(window.model.columnCount())
    ]
    assert headers == [
        "氏名",
        "ふりがな",
        "ログイン名",
        "役割",
        "状態",
        "サインイン可",
        "最終サインイン",
    ]
    roles = dict(zip(shown(window, LOGIN), shown(window, ROLE), strict=True))
    assert roles == {
        "sato": "相談員",
        "suzuki": "相談員",
        "kanri": "スーパーバイザー",
        "admin": "システム管理者",
    }
    assert set(shown(window, STATUS)) == {"有効"}
    qtmodeltester.check(window.model)

    form = open_dialog(qtbot, window, window.new_button)
    assert isinstance(form, StaffAccountDialog)
    assert form.password is not None and form.password_again is not None
    assert form.login.hasFocus()
    # Login, Tab, name, Tab, kana, Tab, role (a counselor unless chosen), Tab, passwords.
    qtbot.keyClicks(form.login, "tanaka")
    qtbot.keyClick(form.login, Qt.Key.Key_Tab)
    assert form.name.hasFocus()
    type_text(form.name, "田中 美咲")
    qtbot.keyClick(form.name, Qt.Key.Key_Tab)
    assert form.name_kana.hasFocus()
    type_text(form.name_kana, "たなか みさき")
    qtbot.keyClick(form.name_kana, Qt.Key.Key_Tab)
    assert form.role.hasFocus()
    assert form.role.currentData() == StaffRole.COUNSELOR.value
    qtbot.keyClick(form.role, Qt.Key.Key_Tab)
    assert form.password.hasFocus()
    qtbot.keyClicks(form.password, "short")
    qtbot.keyClick(form.password, Qt.Key.Key_Tab)
    assert form.password_again.hasFocus()
    qtbot.keyClicks(form.password_again, "short")

    # Too short: the service's message at the password, nothing written.
    save_and_wait_for_answer(qtbot, admin, form)
    assert form.isVisible()
    assert form.error_text("password") == TOO_SHORT
    assert form.error_text("password_again") == ""
    assert staff(db, "tanaka") is None

    # Typed differently the second time: refused at the repetition, before
    # anything is sent.
    retype(qtbot, form.password, NEW_PASSWORD)
    retype(qtbot, form.password_again, "harukaze-2062")
    qtbot.keyClick(form, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert form.isVisible()
    assert form.error_text("password_again") == MISMATCH
    assert form.error_text("password") == ""
    assert form.password_again.hasFocus()
    assert staff(db, "tanaka") is None

    retype(qtbot, form.password_again, NEW_PASSWORD)
    with qtbot.waitSignal(window.loaded, timeout=WAIT_MS):
        qtbot.keyClick(form, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert not form.isVisible()
    stored = staff(db, "tanaka")
    assert stored is not None
    assert (stored.name, stored.name_kana, stored.role, stored.active) == (
        "田中 美咲",
        "たなか みさき",
        StaffRole.COUNSELOR,
        True,
    )
    # The list shows her, selected, able to sign in and never signed in yet.
    selected = window.selected_row()
    assert selected is not None and selected.id == stored.id
    row = shown(window, LOGIN).index("tanaka")
    assert shown(window, NAME)[row] == "田中 美咲"
    assert shown(window, CAN_SIGN_IN)[row] == "✓"
    assert shown(window, LAST_SIGN_IN)[row] == ""
    qtmodeltester.check(window.model)
    # The forms' staff choices offer her.
    qtbot.waitUntil(lambda: "田中 美咲" in [o.label for o in admin.lookups.staff], timeout=WAIT_MS)

    # The password she was given is hers.
    signed_in = sign_in(db.as_user(None), "tanaka", NEW_PASSWORD)
    assert signed_in.actor is not None and signed_in.actor.role is StaffRole.COUNSELOR
    with qtbot.waitSignal(window.loaded, timeout=WAIT_MS):
        window.reload()
    row = shown(window, LOGIN).index("tanaka")
    assert shown(window, LAST_SIGN_IN)[row] != ""
    assert not dialogs(admin).warnings


def test_a_taken_login_is_refused_at_its_field(qtbot, admin) -> None:
    window = open_window(qtbot, admin)
    form = open_dialog(qtbot, window, window.new_button)
    assert isinstance(form, StaffAccountDialog)
    assert form.password is not None and form.password_again is not None
    qtbot.keyClicks(form.login, "sato")
    type_text(form.name, "佐藤 二人目")
    retype(qtbot, form.password, NEW_PASSWORD)
    retype(qtbot, form.password_again, NEW_PASSWORD)
    save_and_wait_for_answer(qtbot, admin, form)
    assert form.error_text("login") == "このログイン名はすでに使われています。"
    assert form.login.hasFocus()
    # Leaving asks first: the form holds typing.
    dialogs(admin).discard = False
    qtbot.keyClick(form, Qt.Key.Key_Escape)
    assert form.isVisible() and dialogs(admin).discard_asked == 1


def test_edit_a_role(qtbot, admin) -> None:
    db = admin.require_database()
    window = open_window(qtbot, admin)
    select_login(window, "suzuki")
    form = open_dialog(qtbot, window, window.edit_button)
    assert isinstance(form, StaffAccountDialog)
    assert form.password is None  # passwords are set apart, not here
    assert form.login.text() == "suzuki" and form.login.isReadOnly()
    assert form.name.hasFocus() and form.name.text() == "鈴木 恵"
    assert not form.dirty
    form.role.setFocus()
    qtbot.keyClick(form.role, Qt.Key.Key_Down)
    assert form.role.currentData() == StaffRole.SUPERVISOR.value
    form.name_kana.setFocus()
    type_text(form.name_kana, "すずき めぐみ")
    with qtbot.waitSignal(window.loaded, timeout=WAIT_MS):
        qtbot.keyClick(form, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    stored = staff(db, "suzuki")
    assert stored is not None
    assert (stored.role, stored.name_kana, stored.name) == (
        StaffRole.SUPERVISOR,
        "すずき めぐみ",
        "鈴木 恵",
    )
    row = shown(window, LOGIN).index("suzuki")
    assert window.model.row(row).role is StaffRole.SUPERVISOR
    assert shown(window, ROLE)[row] == "スーパーバイザー"
    assert shown(window, KANA)[row] == "すずき めぐみ"

    # She cannot take her own administrator role away: said at the role.
    select_login(window, "admin")
    form = open_dialog(qtbot, window, window.edit_button)
    assert isinstance(form, StaffAccountDialog)
    form.role.setFocus()
    qtbot.keyClick(form.role, Qt.Key.Key_Up)
    save_and_wait_for_answer(qtbot, admin, form)
    assert form.error_text("role") == "自分自身の管理者権限は外せません。"
    admin_row = staff(db, "admin")
    assert admin_row is not None and admin_row.role is StaffRole.ADMINISTRATOR


def test_deactivate_then_reactivate(qtbot, admin) -> None:
    db = admin.require_database()
    anybody = db.as_user(None)
    window = open_window(qtbot, admin)
    asked = dialogs(admin)

    select_login(window, "sato")
    assert window.active_button.isEnabled()
    with qtbot.waitSignal(window.saved, timeout=WAIT_MS):
        qtbot.mouseClick(window.active_button, Qt.MouseButton.LeftButton)
    assert len(asked.questions) == 1 and "sato" in asked.questions[0][1]
    sato = staff(db, "sato")
    assert sato is not None and not sato.active
    with pytest.raises(SignInRefused):
        sign_in(anybody, "sato", SAMPLE_PASSWORD)
    # Still listed, last, greyed, not able to sign in; the button offers to undo.
    assert shown(window, LOGIN)[-1] == "sato"
    row = len(shown(window, LOGIN)) - 1
    assert shown(window, STATUS)[row] == "無効"
    assert shown(window, CAN_SIGN_IN)[row] == ""
    assert window.model.index(row, NAME).data(Qt.ItemDataRole.ForegroundRole) is not None
    selected = window.selected_row()
    assert selected is not None and selected.login == "sato"
    assert window.active_button.text() == "有効に戻す(&R)"

    # Asked, and answered no: nothing changes.
    asked.answer = False
    qtbot.mouseClick(window.active_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: admin.worker.idle, timeout=WAIT_MS)
    assert len(asked.questions) == 2
    sato = staff(db, "sato")
    assert sato is not None and not sato.active

    asked.answer = True
    with qtbot.waitSignal(window.saved, timeout=WAIT_MS):
        qtbot.mouseClick(window.active_button, Qt.MouseButton.LeftButton)
    assert len(asked.questions) == 3
    sato = staff(db, "sato")
    assert sato is not None and sato.active
    assert sign_in(anybody, "sato", SAMPLE_PASSWORD).actor is not None
    assert window.active_button.text() == "無効にする(&D)"

    # Her own account: refused, said under the table.
    select_login(window, "admin")
    with qtbot.waitSignal(window.refused, timeout=WAIT_MS):
        qtbot.mouseClick(window.active_button, Qt.MouseButton.LeftButton)
    assert window.message.text() == "自分自身のアカウントは無効にできません。"
    me = staff(db, "admin")
    assert me is not None and me.active
    assert not asked.warnings


def test_set_a_new_password(qtbot, admin) -> None:
    db = admin.require_database()
    window = open_window(qtbot, admin)
    select_login(window, "sato")
    form = open_dialog(qtbot, window, window.password_button)
    assert isinstance(form, SetPasswordDialog)
    assert form.password.hasFocus()
    qtbot.keyClicks(form.password, NEW_PASSWORD)
    qtbot.keyClick(form.password, Qt.Key.Key_Tab)
    qtbot.keyClicks(form.password_again, NEW_PASSWORD + "x")
    qtbot.keyClick(form, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert form.error_text("password_again") != ""
    retype(qtbot, form.password_again, NEW_PASSWORD)
    with qtbot.waitSignal(window.loaded, timeout=WAIT_MS):
        qtbot.keyClick(form, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert not form.isVisible()
    anybody = db.as_user(None)
    with pytest.raises(SignInRefused):
        sign_in(anybody, "sato", SAMPLE_PASSWORD)
    assert sign_in(anybody, "sato", NEW_PASSWORD).actor is not None


def test_a_supervisor_is_told_only_an_administrator_manages_accounts(qtbot, context) -> None:
    database = context.require_database()
    with database.transaction() as session:
        add_supervisor(session)
    supervisor = as_login(database, "kanri")
    context.database = supervisor
    window = open_window(qtbot, context)
    assert window.refusal.isVisible()
    assert window.refusal.text().startswith(
        "職員アカウントを管理できるのはシステム管理者だけです。"
    )
    assert not window.view.isVisible()
    assert not window.new_button.isVisible() and not window.active_button.isVisible()
    assert window.model.rowCount() == 0
    assert not dialogs(context).warnings
    # Not only hidden: the service refuses her too.
    with pytest.raises(AccessDenied):
        list_staff(supervisor)

    # The window is raised again later for an administrator: now the list.
    window.hide()
    context.database = as_login(supervisor, "admin")
    with qtbot.waitSignal(window.loaded, timeout=WAIT_MS):
        window.show()
    assert window.view.isVisible() and not window.refusal.isVisible()
    assert "kanri" in shown(window, LOGIN)


@pytest.fixture
def tokyo_time(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The computer's clock set to Japan (UTC+9, no summer time)."""
    monkeypatch.setenv("TZ", "Asia/Tokyo")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_last_sign_in_is_shown_in_local_time(qtbot, admin, tokyo_time) -> None:
    db = admin.require_database()
    with db.transaction() as session:
        kanri = session.scalars(select(Staff).where(Staff.login == "kanri")).one()
        kanri.last_sign_in_at = dt.datetime(2026, 11, 23, 0, 15)  # naive UTC
    assert local_sign_in(dt.datetime(2026, 11, 22, 15, 0)) == "2026/11/23 00:00"
    window = open_window(qtbot, admin)
    row = shown(window, LOGIN).index("kanri")
    assert shown(window, LAST_SIGN_IN)[row] == "2026/11/23 09:15"


def test_change_my_own_password(qtbot, context) -> None:
    context.database = as_login(context.require_database(), "sato")
    anybody = context.require_database().as_user(None)
    form = OwnPasswordDialog(context)
    show_form(qtbot, form)
    assert form.current_password.hasFocus()
    qtbot.keyClicks(form.current_password, "not-my-password")
    qtbot.keyClick(form.current_password, Qt.Key.Key_Tab)
    assert form.new_password.hasFocus()
    qtbot.keyClicks(form.new_password, NEW_PASSWORD)
    qtbot.keyClick(form.new_password, Qt.Key.Key_Tab)
    assert form.new_password_again.hasFocus()
    qtbot.keyClicks(form.new_password_again, "harukaze")

    # Typed differently twice: said at the repetition, nothing sent.
    qtbot.keyClick(form, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert form.error_text("new_password_again") == MISMATCH
    assert form.new_password_again.hasFocus()

    # The current password is wrong: said at it.
    retype(qtbot, form.new_password_again, NEW_PASSWORD)
    save_and_wait_for_answer(qtbot, context, form)
    assert form.error_text("current_password") == "現在のパスワードが違います。"
    assert form.error_text("new_password_again") == ""
    assert form.current_password.hasFocus()

    # A new password too short: said at it.
    retype(qtbot, form.current_password, SAMPLE_PASSWORD)
    retype(qtbot, form.new_password, "short")
    retype(qtbot, form.new_password_again, "short")
    save_and_wait_for_answer(qtbot, context, form)
    assert form.error_text("new_password") == TOO_SHORT
    with pytest.raises(SignInRefused):
        sign_in(anybody, "sato", "short")

    retype(qtbot, form.new_password, NEW_PASSWORD)
    retype(qtbot, form.new_password_again, NEW_PASSWORD)
    with qtbot.waitSignal(form.saved, timeout=WAIT_MS):
        qtbot.keyClick(form, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert not form.isVisible()
    assert sign_in(anybody, "sato", NEW_PASSWORD).actor is not None
    with pytest.raises(SignInRefused):
        sign_in(anybody, "sato", SAMPLE_PASSWORD)
    assert not dialogs(context).warnings


def test_the_records_menu_opens_the_window(qtbot, ja_app, data_dir, sample_db_path) -> None:
    recorded = RecordingDialogs()
    window = MainWindow(recorded)
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.case_model.loaded, timeout=WAIT_MS):
        window.open_database(sample_db_path)
    action = window.workflows.record_actions["staff"]
    assert action in window.records_menu.actions() and action.isEnabled()
    assert action.text() == "職員アカウント(&F)…"
    action.trigger()
    staff_window = [w for w in QApplication.topLevelWidgets() if isinstance(w, StaffWindow)]
    assert len(staff_window) == 1 and staff_window[0].isVisible()
    form = window.workflows.change_own_password()
    assert isinstance(form, OwnPasswordDialog) and form.isVisible()
    form.close()
    qtbot.waitUntil(lambda: window.worker.idle, timeout=WAIT_MS)
    assert not recorded.warnings
