"""Closing and reopening a case through its forms, typed as a person would;
also the behaviour every form shares (``ui.forms.base``): messages at the
field, nothing half-saved, the discard prompt."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select

from db.enums import CaseStatus
from db.models.cases import Case
from tests.actors import as_login
from tests.gui import WAIT_MS, show_form, type_text
from ui.forms.case_status import CloseCaseDialog, ReopenCaseDialog


def case_row(db, case_no: str) -> Case:
    with db.reading() as session:
        return session.scalars(select(Case).where(Case.case_no == case_no)).one()


@pytest.fixture
def open_case(sample_db) -> Case:
    return case_row(sample_db, "2024-0003")


def save_and_wait(qtbot, form) -> None:
    with qtbot.waitSignal(form.context.records_changed, timeout=WAIT_MS):
        qtbot.keyClick(form, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)


def test_close_then_reopen(qtbot, context, sample_db, open_case) -> None:
    form = CloseCaseDialog(context, open_case.id, open_case.case_no)
    show_form(qtbot, form)
    assert form.windowTitle() == "ケース 2024-0003 の終結"
    # The reason has the focus: choose the first one by keyboard.
    assert form.reason.hasFocus()
    qtbot.keyClick(form.reason, Qt.Key.Key_Down)
    chosen = form.reason.currentText()
    assert chosen
    qtbot.keyClick(form.reason, Qt.Key.Key_Tab)
    type_text(form.note, "自立した生活へ")
    save_and_wait(qtbot, form)
    assert not form.isVisible()
    closed = case_row(sample_db, "2024-0003")
    assert closed.status == CaseStatus.CLOSED
    assert closed.closed_on == dt.date.today()
    assert closed.close_note == "自立した生活へ"

    form = ReopenCaseDialog(context, open_case.id, open_case.case_no)
    show_form(qtbot, form)
    type_text(form.reason, "再び相談あり")
    save_and_wait(qtbot, form)
    reopened = case_row(sample_db, "2024-0003")
    assert reopened.status == CaseStatus.OPEN
    assert reopened.open_reason is not None and "再び相談あり" in reopened.open_reason


def test_messages_at_the_field_and_nothing_saved(qtbot, context, sample_db, open_case) -> None:
    form = CloseCaseDialog(context, open_case.id, open_case.case_no)
    show_form(qtbot, form)
    # A date it cannot read is refused before the database is asked.
    form.closed_on.setText("2024-02-30")
    form.save()
    assert "2024-05-14" in form.error_text("closed_on")
    assert form.closed_on.hasFocus()
    # The service refuses a missing reason (and a future date) at their fields.
    form.closed_on.setText("2999-01-01")
    with qtbot.waitSignal(
        context.worker.busy_changed, timeout=WAIT_MS, check_params_cb=lambda b: not b
    ):
        form.save()
    assert form.error_text("close_reason_id") == "終結理由を選択してください。"
    assert form.error_text("closed_on") == "終結日に未来の日付は入力できません。"
    assert form.error_text("note") == ""
    assert form.isVisible()
    assert case_row(sample_db, "2024-0003").status == CaseStatus.OPEN


def test_leaving_a_changed_form_asks_first(qtbot, context, open_case) -> None:
    dialogs = context.dialogs
    form = ReopenCaseDialog(context, open_case.id, open_case.case_no)
    show_form(qtbot, form)
    # Unchanged: Esc just closes.
    qtbot.keyClick(form, Qt.Key.Key_Escape)
    assert not form.isVisible() and dialogs.discard_asked == 0

    form = ReopenCaseDialog(context, open_case.id, open_case.case_no)
    show_form(qtbot, form)
    type_text(form.reason, "メモ")
    dialogs.discard = False
    qtbot.keyClick(form, Qt.Key.Key_Escape)
    assert form.isVisible() and dialogs.discard_asked == 1
    assert form.reason.toPlainText() == "メモ"
    dialogs.discard = True
    form.close()
    assert not form.isVisible() and dialogs.discard_asked == 2


def test_a_case_she_may_not_change_is_refused_on_the_form(qtbot, context, sample_db) -> None:
    """2024-0004 is restricted and 佐藤's: 鈴木's close is refused, in
    Japanese on the form, which keeps what she typed; nothing is written."""
    secret = case_row(sample_db, "2024-0004")
    context.database = as_login(sample_db, "suzuki")
    form = CloseCaseDialog(context, secret.id, secret.case_no)
    show_form(qtbot, form)
    qtbot.keyClick(form.reason, Qt.Key.Key_Down)
    type_text(form.note, "メモ")
    qtbot.keyClick(form, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(form.banner.isVisible, timeout=WAIT_MS)
    assert form.banner.text() == "このケースを開く権限がありません。"
    assert form.isVisible() and form.note.toPlainText() == "メモ"
    assert context.dialogs.warnings == []
    assert case_row(sample_db, "2024-0004").status == CaseStatus.OPEN
    qtbot.waitUntil(lambda: context.worker.idle, timeout=WAIT_MS)
