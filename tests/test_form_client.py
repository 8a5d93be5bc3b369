"""Editing a client's profile: it loads on the worker, the sensitive fields
stay hidden until revealed on purpose, and a save writes what was edited."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select

from casedesk.database import Database
from casedesk.intake import CaseInput, ClientInput, create_client_and_case
from db.models.cases import Case
from db.models.people import Client
from tests.actors import as_login
from tests.gui import WAIT_MS, show_form, type_text
from ui.context import AppContext
from ui.forms.client import ClientDialog


@pytest.fixture
def client_id(sample_db: Database) -> uuid.UUID:
    return create_client_and_case(
        sample_db,
        ClientInput(
            display_name="みか",
            display_name_kana="ミカ",
            household="夫、子ども2人",
            real_name="山田 美香",
            phone="090-1111-2222",
        ),
        CaseInput(opened_on=dt.date(2025, 5, 1)),
        today=dt.date(2025, 5, 1),
    ).client_id


def stored(db: Database, client_id: uuid.UUID) -> Client:
    with db.reading() as s:
        client = s.get(Client, client_id)
        assert client is not None
        return client


def open_form(qtbot, context: AppContext, client_id: uuid.UUID) -> ClientDialog:
    form = ClientDialog(context, client_id)
    # Nothing can be typed until her profile has been read.
    assert not form.content.isEnabled()
    show_form(qtbot, form)
    qtbot.waitUntil(lambda: form.loaded, timeout=WAIT_MS)
    return form


def save_and_wait(qtbot, form: ClientDialog) -> None:
    with qtbot.waitSignal(form.context.records_changed, timeout=WAIT_MS):
        qtbot.keyClick(form, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)


def test_edit_without_revealing(
    qtbot, context: AppContext, sample_db: Database, client_id: uuid.UUID
) -> None:
    form = open_form(qtbot, context, client_id)
    assert form.windowTitle() == "相談者情報（2025-0001）"
    fields = form.fields
    assert fields.display_name.text() == "みか"
    assert fields.household.toPlainText() == "夫、子ども2人"
    assert fields.display_name.hasFocus() and not form.dirty
    # Hidden: only whether each sensitive field holds something.
    assert form.reveal_button.text() == "表示する（記録されます）"
    assert fields.real_name.text() == "" and not fields.real_name.isEnabled()
    assert fields.real_name.placeholderText() == "登録あり（非表示）"
    assert fields.phone.placeholderText() == "登録あり（非表示）"
    assert fields.email.placeholderText() == "未登録"
    # Loading is not an edit: Esc closes without asking.
    qtbot.keyClick(form, Qt.Key.Key_Escape)
    assert not form.isVisible() and context.dialogs.discard_asked == 0

    form = open_form(qtbot, context, client_id)
    form.fields.display_name.selectAll()
    type_text(form.fields.display_name, "みかさん")
    qtbot.keyClick(form.fields.display_name, Qt.Key.Key_Tab)
    qtbot.keyClick(form.fields.display_name_kana, Qt.Key.Key_End)  # Tab selected it all
    type_text(form.fields.display_name_kana, "サン")
    assert form.dirty
    save_and_wait(qtbot, form)
    assert not form.isVisible()
    client = stored(sample_db, client_id)
    assert (client.display_name, client.display_name_kana) == ("みかさん", "ミカサン")
    # The hidden fields were left as they were.
    assert (client.real_name, client.phone) == ("山田 美香", "090-1111-2222")


def test_reveal_then_edit_a_sensitive_field(
    qtbot, context: AppContext, sample_db: Database, client_id: uuid.UUID
) -> None:
    form = open_form(qtbot, context, client_id)
    qtbot.mouseClick(form.reveal_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: form.revealed, timeout=WAIT_MS)
    fields = form.fields
    assert not form.reveal_button.isVisible()
    assert fields.real_name.isEnabled() and fields.real_name.text() == "山田 美香"
    assert fields.phone.text() == "090-1111-2222" and fields.email.text() == ""
    assert not form.dirty  # showing is not editing
    fields.phone.selectAll()
    type_text(fields.phone, "080-3333-4444")
    type_text(fields.email, "mika@example.jp")
    save_and_wait(qtbot, form)
    client = stored(sample_db, client_id)
    assert (client.phone, client.phone_key) == ("080-3333-4444", "08033334444")
    assert client.email == "mika@example.jp" and client.real_name == "山田 美香"


def test_refused_at_the_field(
    qtbot, context: AppContext, sample_db: Database, client_id: uuid.UUID
) -> None:
    form = open_form(qtbot, context, client_id)
    form.fields.display_name.selectAll()
    qtbot.keyClick(form.fields.display_name, Qt.Key.Key_Delete)
    with qtbot.waitSignal(
        context.worker.busy_changed, timeout=WAIT_MS, check_params_cb=lambda busy: not busy
    ):
        qtbot.keyClick(form, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert form.error_text("display_name") == (
        "表示名（ニックネーム、LINE名など）を入力してください。"
    )
    assert form.isVisible() and stored(sample_db, client_id).display_name == "みか"
    # Changed: leaving asks first.
    context.dialogs.discard = False
    qtbot.keyClick(form, Qt.Key.Key_Escape)
    assert form.isVisible() and context.dialogs.discard_asked == 1
    context.dialogs.discard = True
    form.close()


def test_a_client_she_may_not_see_is_not_loaded(
    qtbot, context: AppContext, sample_db: Database
) -> None:
    """みどり's only case (2024-0004) is restricted and 佐藤's: 鈴木's form
    stays empty and says why, in Japanese."""
    with sample_db.reading() as s:
        secret = s.scalars(select(Case).where(Case.case_no == "2024-0004")).one()
    context.database = as_login(sample_db, "suzuki")
    form = ClientDialog(context, secret.client_id)
    show_form(qtbot, form)
    qtbot.waitUntil(form.banner.isVisible, timeout=WAIT_MS)
    assert form.banner.text() == "この相談者の記録を開く権限がありません。"
    assert not form.loaded and not form.content.isEnabled()
    assert form.fields.display_name.text() == ""
    assert context.dialogs.warnings == []
