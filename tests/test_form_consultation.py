"""Logging a consultation by keyboard alone, as between two LINE chats:
the guessed defaults, the DV flag following the topics, messages at the
field, the discard prompt and an anonymous contact."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from sqlalchemy import select

from casedesk.consultations import ConsultationInput, dv_by_default, log_consultation
from casedesk.database import Database
from db.enums import CodeCategory, ContactKind, Urgency
from db.ids import stable_uuid
from db.models.cases import Case
from db.models.consultations import (
    Consultation,
    consultation_topics,
    consultation_violence_kinds,
)
from tests.actors import as_login
from tests.gui import WAIT_MS, show_form, type_text
from ui.context import AppContext
from ui.forms.consultation import ConsultationDialog


def code(category: CodeCategory, key: str) -> uuid.UUID:
    return stable_uuid("code", category.value, key)


PHONE = code(CodeCategory.CHANNEL, "phone")
LINE = code(CodeCategory.CHANNEL, "line")
DV_SPOUSE = code(CodeCategory.TOPIC, "dv_spouse")
DIVORCE = code(CodeCategory.TOPIC, "divorce_family")
OTHER = code(CodeCategory.TOPIC, "other")
PHYSICAL = code(CodeCategory.VIOLENCE_KIND, "physical")
PSYCHOLOGICAL = code(CodeCategory.VIOLENCE_KIND, "psychological")
TWENTIES = code(CodeCategory.AGE_BAND, "20s")


def case_id(db: Database, case_no: str) -> uuid.UUID:
    with db.reading() as session:
        return session.scalars(select(Case.id).where(Case.case_no == case_no)).one()


def consultations_of(db: Database, case: uuid.UUID | None) -> list[Consultation]:
    with db.reading() as session:
        query = select(Consultation).order_by(Consultation.created_at)
        query = query.where(
            Consultation.case_id == case if case is not None else Consultation.case_id.is_(None)
        )
        return list(session.scalars(query))


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


def press(qtbot: Any, key: Qt.Key, times: int = 1) -> None:
    """Keys go where the focus is, as on a desktop."""
    for _ in range(times):
        qtbot.keyClick(focused(), key)


def open_form(qtbot: Any, context: AppContext, case: uuid.UUID | None) -> ConsultationDialog:
    form = ConsultationDialog(context, case)
    show_form(qtbot, form)
    qtbot.waitUntil(lambda: form.loaded, timeout=WAIT_MS)
    return form


def save_and_wait(qtbot: Any, form: ConsultationDialog) -> None:
    with qtbot.waitSignal(form.context.records_changed, timeout=WAIT_MS):
        qtbot.keyClick(focused(), Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)


def wait_refused(qtbot: Any, form: ConsultationDialog) -> None:
    with qtbot.waitSignal(
        form.context.worker.busy_changed, timeout=WAIT_MS, check_params_cb=lambda busy: not busy
    ):
        qtbot.keyClick(focused(), Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)


@pytest.fixture
def phoned_before(context: AppContext, sample_db: Database) -> uuid.UUID:
    """The counselor's last consultation (on another case) was a phone call."""
    assert context.staff_id is not None
    return log_consultation(
        sample_db,
        ConsultationInput(
            case_id=case_id(sample_db, "2023-0012"),
            consulted_on=dt.date.today() - dt.timedelta(days=1),
            channel_id=PHONE,
            counselor_id=context.staff_id,
        ),
    )


def test_logged_by_keyboard_alone(
    qtbot: Any, context: AppContext, sample_db: Database, phoned_before: uuid.UUID
) -> None:
    case = case_id(sample_db, "2024-0003")
    before = len(consultations_of(sample_db, case))
    form = open_form(qtbot, context, case)
    assert form.windowTitle() == "相談の記録"
    # The defaults: today, now, her, the phone she used last, 継続 (さくら
    # consulted before) as the hint of 自動, her age band.
    assert form.consulted_on.value() == dt.date.today()
    assert form.start_time.value() is not None
    assert form.counselor.value() == context.staff_id
    assert form.channel.currentText() == "電話"
    assert form.contact_kind.currentText() == "自動（継続）"
    assert form.age_band.currentText() == "20代"
    assert not form.dirty

    # The main complaint has the focus: the first topic is DV by a spouse.
    assert form.main_complaint.hasFocus()
    press(qtbot, Qt.Key.Key_Down)
    assert form.main_complaint.value() == DV_SPOUSE
    assert form.is_dv.isChecked() and form.violence_kinds.isEnabled()
    assert form.is_dv.isChecked() == dv_by_default(sample_db, [DV_SPOUSE])
    # Other topics: the last one (その他), with the space bar.
    press(qtbot, Qt.Key.Key_Tab)
    assert form.topics.hasFocus()
    press(qtbot, Qt.Key.Key_End)
    press(qtbot, Qt.Key.Key_Space)
    assert form.topics.values() == (OTHER,)
    press(qtbot, Qt.Key.Key_Tab)
    assert form.is_dv.hasFocus()
    # Kinds of violence: the first two.
    press(qtbot, Qt.Key.Key_Tab)
    assert form.violence_kinds.hasFocus()
    press(qtbot, Qt.Key.Key_Space)
    press(qtbot, Qt.Key.Key_Right)
    press(qtbot, Qt.Key.Key_Space)
    assert set(form.violence_kinds.values()) == {PHYSICAL, PSYCHOLOGICAL}
    press(qtbot, Qt.Key.Key_Tab)
    assert form.narrative.hasFocus()
    type_text(focused(), "夫から毎晩怒鳴られている。子どもの前でも暴言がある。")
    press(qtbot, Qt.Key.Key_Tab)
    assert form.advice.hasFocus()
    type_text(focused(), "配偶者暴力相談支援センターを案内した。")
    press(qtbot, Qt.Key.Key_Tab)
    assert form.urgency.hasFocus()
    press(qtbot, Qt.Key.Key_Down, 2)
    press(qtbot, Qt.Key.Key_Tab)
    assert form.follow_up_on.hasFocus()
    # Follow up in 7 days, typed into the spin box.
    press(qtbot, Qt.Key.Key_Tab)
    assert form.follow_up_days.spin.hasFocus()
    qtbot.keyClicks(focused(), "7")
    assert form.follow_up_days.value() == 7
    save_and_wait(qtbot, form)
    assert not form.isVisible()

    rows = consultations_of(sample_db, case)
    assert len(rows) == before + 1
    row = rows[-1]
    assert row.consulted_on == dt.date.today()
    assert row.counselor_id == context.staff_id
    assert row.channel_id == PHONE
    assert row.contact_kind == ContactKind.CONTINUING
    assert row.age_band_id == TWENTIES
    assert row.main_complaint_id == DV_SPOUSE
    assert row.is_dv
    assert row.narrative == "夫から毎晩怒鳴られている。子どもの前でも暴言がある。"
    assert row.advice == "配偶者暴力相談支援センターを案内した。"
    assert row.urgency == Urgency.MEDIUM
    assert row.follow_up_on == dt.date.today() + dt.timedelta(days=7)
    with sample_db.reading() as session:
        topics = session.scalars(
            select(consultation_topics.c.topic_id).where(
                consultation_topics.c.consultation_id == row.id
            )
        ).all()
        kinds = session.scalars(
            select(consultation_violence_kinds.c.violence_kind_id).where(
                consultation_violence_kinds.c.consultation_id == row.id
            )
        ).all()
    assert list(topics) == [OTHER]
    assert set(kinds) == {PHYSICAL, PSYCHOLOGICAL}


def test_dv_follows_the_topics_until_she_sets_it(
    qtbot: Any, context: AppContext, sample_db: Database
) -> None:
    form = open_form(qtbot, context, case_id(sample_db, "2024-0003"))
    press(qtbot, Qt.Key.Key_Down)  # 夫等からの暴力
    assert form.is_dv.isChecked()
    press(qtbot, Qt.Key.Key_Down, 4)  # 離婚・家族関係: no violence
    assert form.main_complaint.value() == DIVORCE
    assert not form.is_dv.isChecked() and not form.violence_kinds.isEnabled()
    press(qtbot, Qt.Key.Key_Up, 4)
    assert form.is_dv.isChecked()
    # She unticks it herself: the topics no longer decide.
    press(qtbot, Qt.Key.Key_Tab, 2)
    assert form.is_dv.hasFocus()
    press(qtbot, Qt.Key.Key_Space)
    assert not form.is_dv.isChecked()
    form.main_complaint.setFocus()
    press(qtbot, Qt.Key.Key_Down)
    press(qtbot, Qt.Key.Key_Up)
    assert not form.is_dv.isChecked()


def test_messages_at_the_field(qtbot: Any, context: AppContext, sample_db: Database) -> None:
    case = case_id(sample_db, "2024-0003")
    before = len(consultations_of(sample_db, case))
    form = open_form(qtbot, context, case)
    # An unreadable date is refused on the spot, before the database.
    form.consulted_on.setFocus()
    form.consulted_on.selectAll()
    qtbot.keyClicks(focused(), "2024-13-45")
    qtbot.keyClick(focused(), Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert "2024-05-14" in form.error_text("consulted_on")
    assert form.consulted_on.hasFocus()
    # The end before the start is refused by the service, at the end time.
    form.consulted_on.selectAll()
    qtbot.keyClicks(focused(), "today")
    press(qtbot, Qt.Key.Key_Tab)
    assert form.start_time.hasFocus()
    form.start_time.selectAll()
    qtbot.keyClicks(focused(), "1000")
    press(qtbot, Qt.Key.Key_Tab)
    qtbot.keyClicks(focused(), "0930")
    wait_refused(qtbot, form)
    assert form.error_text("consulted_on") == ""
    assert form.error_text("end_time") == "終了時刻は開始時刻より後にしてください。"
    assert form.end_time.hasFocus()
    assert form.isVisible()
    assert len(consultations_of(sample_db, case)) == before


def test_leaving_asks_only_after_a_change(
    qtbot: Any, context: AppContext, sample_db: Database
) -> None:
    dialogs = context.dialogs
    case = case_id(sample_db, "2024-0003")
    # The defaults filled in are not her changes: Esc just closes.
    form = open_form(qtbot, context, case)
    press(qtbot, Qt.Key.Key_Escape)
    assert not form.isVisible()
    assert dialogs.discard_asked == 0  # type: ignore[attr-defined]

    form = open_form(qtbot, context, case)
    form.narrative.setFocus()
    type_text(focused(), "途中まで")
    dialogs.discard = False  # type: ignore[attr-defined]
    press(qtbot, Qt.Key.Key_Escape)
    assert form.isVisible() and dialogs.discard_asked == 1  # type: ignore[attr-defined]
    assert form.narrative.toPlainText() == "途中まで"
    dialogs.discard = True  # type: ignore[attr-defined]
    press(qtbot, Qt.Key.Key_Escape)
    assert not form.isVisible() and dialogs.discard_asked == 2  # type: ignore[attr-defined]


def test_anonymous_contact(qtbot: Any, context: AppContext, sample_db: Database) -> None:
    before = len(consultations_of(sample_db, None))
    form = open_form(qtbot, context, None)
    assert form.windowTitle() == "匿名の相談の記録"
    # Nothing links her to an earlier contact: 新規; no age band known.
    assert form.contact_kind.currentText() == "自動（新規）"
    assert form.age_band.value() is None
    assert form.channel.value() == LINE  # this counselor has logged nothing yet
    press(qtbot, Qt.Key.Key_Down, 5)  # 離婚・家族関係
    press(qtbot, Qt.Key.Key_Tab, 3)  # past other topics and DV; kinds are off
    assert form.narrative.hasFocus()
    type_text(focused(), "離婚後の生活費が不安。")
    with qtbot.waitSignal(
        context.records_changed, timeout=WAIT_MS, check_params_cb=lambda case: case is None
    ):
        qtbot.keyClick(focused(), Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    rows = consultations_of(sample_db, None)
    assert len(rows) == before + 1
    row = rows[-1]
    assert row.case_id is None
    assert row.contact_kind == ContactKind.NEW
    assert row.main_complaint_id == DIVORCE
    assert not row.is_dv
    assert row.narrative == "離婚後の生活費が不安。"
    assert row.channel_id == LINE


def test_a_case_she_may_not_open_is_refused_on_the_form(
    qtbot: Any, context: AppContext, sample_db: Database
) -> None:
    """鈴木 opens the form on 佐藤's restricted case 2024-0004: the form says
    the case is not hers to open, and saving writes nothing."""
    restricted = case_id(sample_db, "2024-0004")
    before = [c.id for c in consultations_of(sample_db, restricted)]
    with qtbot.waitSignal(context.lookups_changed, timeout=WAIT_MS):
        context.set_database(as_login(sample_db, "suzuki"))
    form = open_form(qtbot, context, restricted)
    assert form.banner.isVisible()
    assert form.banner.text() == "このケースを開く権限がありません。"
    assert context.dialogs.warnings == []
    wait_refused(qtbot, form)
    assert form.isVisible()
    assert form.banner.text() == "このケースを開く権限がありません。"
    assert [c.id for c in consultations_of(sample_db, restricted)] == before
