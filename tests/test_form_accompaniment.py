"""Logging an accompaniment by keyboard: the agency's kind filled in, a
follow-up "N days after" that lands on the due list, messages at the field."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from sqlalchemy import func, select

from casedesk.database import Database
from casedesk.followups import FollowUpKind, due_followups
from db.enums import CodeCategory
from db.ids import stable_uuid
from db.models import Accompaniment, Agency, Case
from tests.gui import WAIT_MS, show_form, type_text
from ui.context import AppContext
from ui.forms.accompaniment import AccompanimentDialog

WELFARE = stable_uuid("code", CodeCategory.AGENCY_KIND.value, "welfare")


def case_id(db: Database, case_no: str) -> uuid.UUID:
    with db.reading() as session:
        return session.scalars(select(Case.id).where(Case.case_no == case_no)).one()


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


def press(qtbot: Any, key: Qt.Key, times: int = 1) -> None:
    for _ in range(times):
        qtbot.keyClick(focused(), key)


def ctrl_enter(qtbot: Any) -> None:
    qtbot.keyClick(focused(), Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)


@pytest.fixture
def agency(qtbot: Any, context: AppContext, sample_db: Database) -> uuid.UUID:
    """A welfare office in the directory, offered by the form."""
    with sample_db.transaction() as session:
        office = Agency(name="北区福祉事務所", kind_id=WELFARE)
        session.add(office)
        session.flush()
        agency_id = office.id
    with qtbot.waitSignal(context.lookups_changed, timeout=WAIT_MS):
        context.reload_lookups()
    return agency_id


def count(db: Database) -> int:
    with db.reading() as session:
        return session.scalar(select(func.count()).select_from(Accompaniment)) or 0


def test_logged_with_a_follow_up_in_days(
    qtbot: Any, context: AppContext, sample_db: Database, agency: uuid.UUID
) -> None:
    assert context.staff_id is not None
    case = case_id(sample_db, "2024-0003")
    form = AccompanimentDialog(context, case)
    show_form(qtbot, form)
    assert form.windowTitle() == "同行支援の記録"
    assert form.staff.value() == context.staff_id
    assert form.accompanied_on.value() == dt.date.today()
    # Where she went comes first; the directory's agency brings its kind.
    assert form.agency.hasFocus()
    press(qtbot, Qt.Key.Key_Down)
    assert form.agency.value() == agency
    assert form.kind.value() == WELFARE
    press(qtbot, Qt.Key.Key_Tab, 2)
    assert form.destination_name.hasFocus()
    type_text(focused(), "生活支援課")
    press(qtbot, Qt.Key.Key_Tab)
    assert form.purpose.hasFocus()
    type_text(focused(), "生活保護の申請")
    press(qtbot, Qt.Key.Key_Tab)
    type_text(focused(), "申請を受理された")
    press(qtbot, Qt.Key.Key_Tab, 2)
    assert form.follow_up_days.spin.hasFocus()
    qtbot.keyClicks(focused(), "3")
    due_on = dt.date.today() + dt.timedelta(days=3)
    assert form.follow_up_days.hint.text() == f"→ {due_on:%Y/%m/%d}"
    with qtbot.waitSignal(
        context.records_changed, timeout=WAIT_MS, check_params_cb=lambda changed: changed == case
    ):
        ctrl_enter(qtbot)
    assert not form.isVisible()

    with sample_db.reading() as session:
        row = session.scalars(select(Accompaniment)).one()
        assert row.case_id == case
        assert row.staff_id == context.staff_id
        assert row.destination_agency_id == agency
        assert row.destination_kind_id == WELFARE
        assert row.destination_name == "生活支援課"
        assert row.purpose == "生活保護の申請"
        assert row.outcome == "申請を受理された"
        assert row.follow_up_on == due_on
    due = due_followups(sample_db, context.staff_id, dt.date.today())
    assert [(d.kind, d.source_id, d.due_on) for d in due] == [
        (FollowUpKind.ACCOMPANIMENT, row.id, due_on)
    ]
    assert due[0].what == "同行支援のフォローアップ: 北区福祉事務所"


def test_messages_at_the_field(qtbot: Any, context: AppContext, sample_db: Database) -> None:
    form = AccompanimentDialog(context, case_id(sample_db, "2024-0003"))
    show_form(qtbot, form)
    # A destination typed by hand needs its kind; the end comes after the start.
    form.start_time.setText("14:00")
    form.end_time.setText("13:00")
    form.destination_name.setFocus()
    type_text(focused(), "王子警察署")
    with qtbot.waitSignal(
        context.worker.busy_changed, timeout=WAIT_MS, check_params_cb=lambda busy: not busy
    ):
        ctrl_enter(qtbot)
    assert form.error_text("end_time") == "終了時刻は開始時刻より後にしてください。"
    assert form.error_text("destination_kind_id") == "同行先の種別を選択してください。"
    assert form.end_time.hasFocus()
    # An unreadable follow-up date is refused before the database.
    form.follow_up_on.setText("13/45")
    ctrl_enter(qtbot)
    assert "2024-05-14" in form.error_text("follow_up_on")
    assert form.isVisible()
    assert count(sample_db) == 0
