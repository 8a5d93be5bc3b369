"""Referrals through their forms: proposed by keyboard, then moved
提案 → 連絡済み → つながった with the history in view; 不成立 needs a reason."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from sqlalchemy import select

from casedesk.database import Database
from casedesk.referrals import referral_history
from db.enums import CodeCategory, ReferralStatus
from db.ids import stable_uuid
from db.models import Agency, Case, Referral
from tests.gui import WAIT_MS, show_form, type_text
from ui.context import AppContext
from ui.forms.referral import MoveReferralDialog, ReferralDialog

TODAY = dt.date.today()


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


def referral_row(db: Database, referral_id: uuid.UUID) -> Referral:
    with db.reading() as session:
        row = session.get(Referral, referral_id)
        assert row is not None
        return row


@pytest.fixture
def agency(qtbot: Any, context: AppContext, sample_db: Database) -> uuid.UUID:
    with sample_db.transaction() as session:
        center = Agency(
            name="北区配偶者暴力相談支援センター",
            kind_id=stable_uuid("code", CodeCategory.AGENCY_KIND.value, "dv_center"),
        )
        session.add(center)
        session.flush()
        agency_id = center.id
    with qtbot.waitSignal(context.lookups_changed, timeout=WAIT_MS):
        context.reload_lookups()
    return agency_id


def open_move(qtbot: Any, context: AppContext, referral_id: uuid.UUID) -> MoveReferralDialog:
    form = MoveReferralDialog(context, referral_id)
    show_form(qtbot, form)
    qtbot.waitUntil(lambda: form.loaded, timeout=WAIT_MS)
    return form


def offered(form: MoveReferralDialog) -> list[str]:
    return [form.status.itemText(i) for i in range(form.status.count())]


def history_rows(form: MoveReferralDialog) -> list[list[str]]:
    table = form.history
    rows: list[list[str]] = []
    for row in range(table.rowCount()):
        cells = [table.item(row, column) for column in range(table.columnCount())]
        rows.append([cell.text() if cell is not None else "" for cell in cells])
    return rows


def test_proposed_contacted_connected(
    qtbot: Any, qtmodeltester: Any, context: AppContext, sample_db: Database, agency: uuid.UUID
) -> None:
    case = case_id(sample_db, "2024-0003")
    form = ReferralDialog(context, case)
    show_form(qtbot, form)
    assert form.windowTitle() == "つなぎの登録"
    assert form.agency.hasFocus()
    press(qtbot, Qt.Key.Key_Down)
    assert form.agency.value() == agency
    # The typed name is for agencies outside the directory: Tab skips it.
    press(qtbot, Qt.Key.Key_Tab)
    assert form.purpose.hasFocus()
    type_text(focused(), "保護命令の申立てについて相談")
    press(qtbot, Qt.Key.Key_Tab, 2)
    assert form.follow_up_on.hasFocus()
    qtbot.keyClicks(focused(), (TODAY + dt.timedelta(days=7)).strftime("%Y/%m/%d"))
    press(qtbot, Qt.Key.Key_Tab)
    type_text(focused(), "本人の了解を得て事前に電話する")
    with qtbot.waitSignal(form.saved, timeout=WAIT_MS) as saved:
        ctrl_enter(qtbot)
    referral_id = saved.args[0]
    assert isinstance(referral_id, uuid.UUID)
    row = referral_row(sample_db, referral_id)
    assert row.case_id == case and row.agency_id == agency and row.agency_name is None
    assert row.status == ReferralStatus.PROPOSED
    assert row.purpose == "保護命令の申立てについて相談"
    assert row.follow_up_on == TODAY + dt.timedelta(days=7)
    assert row.notes == "本人の了解を得て事前に電話する"
    assert row.counselor_id == context.staff_id

    # 提案 → 連絡済み, with the history above the fields.
    move = open_move(qtbot, context, referral_id)
    assert move.windowTitle() == "つなぎの状況の変更"
    qtmodeltester.check(move.history.model())
    assert move.summary.text() == "北区配偶者暴力相談支援センター：現在「提案」"
    assert history_rows(move) == [[TODAY.strftime("%Y/%m/%d"), "提案", "佐藤 花子", ""]]
    assert offered(move) == ["連絡済み", "つながった", "不成立"]
    assert move.status.hasFocus()
    press(qtbot, Qt.Key.Key_Tab, 2)
    assert move.reason.hasFocus()
    type_text(focused(), "担当者に電話し面談日を調整")
    with qtbot.waitSignal(
        context.records_changed, timeout=WAIT_MS, check_params_cb=lambda changed: changed == case
    ):
        ctrl_enter(qtbot)
    assert referral_row(sample_db, referral_id).status == ReferralStatus.CONTACTED

    # 連絡済み → 不成立 without a reason is refused at the reason.
    move = open_move(qtbot, context, referral_id)
    qtmodeltester.check(move.history.model())
    assert offered(move) == ["つながった", "不成立"]
    assert [r[1] for r in history_rows(move)] == ["提案", "連絡済み"]
    press(qtbot, Qt.Key.Key_Down)
    assert move.status.currentText() == "不成立"
    assert move.reason.placeholderText() == "必須：不成立の理由"
    with qtbot.waitSignal(
        context.worker.busy_changed, timeout=WAIT_MS, check_params_cb=lambda busy: not busy
    ):
        ctrl_enter(qtbot)
    assert move.error_text("reason") == "不成立の理由を入力してください。"
    assert move.reason.hasFocus() and move.isVisible()
    assert referral_row(sample_db, referral_id).status == ReferralStatus.CONTACTED

    # She changes her mind: つながった.
    move.status.setFocus()
    press(qtbot, Qt.Key.Key_Up)
    assert move.status.currentText() == "つながった"
    with qtbot.waitSignal(context.records_changed, timeout=WAIT_MS):
        ctrl_enter(qtbot)
    assert referral_row(sample_db, referral_id).status == ReferralStatus.CONNECTED
    history = referral_history(sample_db, referral_id)
    assert [(h.status, h.changed_on, h.reason) for h in history] == [
        (ReferralStatus.PROPOSED, TODAY, None),
        (ReferralStatus.CONTACTED, TODAY, "担当者に電話し面談日を調整"),
        (ReferralStatus.CONNECTED, TODAY, None),
    ]

    # つながった is final: nothing more is offered.
    move = open_move(qtbot, context, referral_id)
    assert not move.status.isEnabled()
    ctrl_enter(qtbot)
    assert move.error_text("status") == "このつなぎの状況はこれ以上変更できません。"


def test_an_agency_outside_the_directory(
    qtbot: Any, context: AppContext, sample_db: Database
) -> None:
    case = case_id(sample_db, "2024-0003")
    form = ReferralDialog(context, case)
    show_form(qtbot, form)
    # Neither chosen nor named: refused at the agency.
    with qtbot.waitSignal(
        context.worker.busy_changed, timeout=WAIT_MS, check_params_cb=lambda busy: not busy
    ):
        ctrl_enter(qtbot)
    assert form.error_text("agency_id") == (
        "つなぎ先の機関を選択するか、機関名を入力してください。"
    )
    assert form.agency.hasFocus()
    press(qtbot, Qt.Key.Key_Tab)
    assert form.agency_name.hasFocus()
    type_text(focused(), "NPO法人 ほっとハウス")
    with qtbot.waitSignal(form.saved, timeout=WAIT_MS) as saved:
        ctrl_enter(qtbot)
    row = referral_row(sample_db, saved.args[0])
    assert row.agency_id is None and row.agency_name == "NPO法人 ほっとハウス"
    assert row.proposed_on == TODAY and row.follow_up_on is None

    move = open_move(qtbot, context, saved.args[0])
    assert move.summary.text() == "NPO法人 ほっとハウス：現在「提案」"
