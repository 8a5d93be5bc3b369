"""The outreach, goods and group-session windows, driven from the keyboard
as a counselor would: the records land in the database and on screen, and
every table model passes qtmodeltester."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import func, select

from casedesk.figures import fiscal_year_bounds
from casedesk.goods import GoodsInput, save_goods
from casedesk.group_sessions import SessionInput, SurveyCounts, save_group_session
from casedesk.outreach import OutreachInput, save_outreach_event
from db.enums import CodeCategory, Satisfaction
from db.models.activities import (
    GoodsDistribution,
    GroupSession,
    SessionSurveyResponse,
    group_session_clients,
)
from db.models.codes import CodeItem
from db.models.outreach import OutreachEvent, outreach_event_staff
from tests.gui import WAIT_MS, show_form, type_text
from ui.forms.base import FormDialog
from ui.records.goods import GoodsDialog, GoodsWindow
from ui.records.group_sessions import GroupSessionDialog, GroupSessionsWindow
from ui.records.outreach import OutreachDialog, OutreachWindow, PeriodWindow

TODAY = dt.date.today()


def code(db, category: CodeCategory, label: str):
    with db.reading() as session:
        return session.scalars(
            select(CodeItem.id).where(CodeItem.category == category, CodeItem.label == label)
        ).one()


def open_window(qtbot, window: PeriodWindow) -> PeriodWindow:
    show_form(qtbot, window)
    qtbot.waitUntil(lambda: not window.loading, timeout=WAIT_MS)
    return window


def new_form(qtbot, window: PeriodWindow) -> FormDialog:
    # Back in the list window (a desktop activates it when a form closes).
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=WAIT_MS)
    before = window.forms[-1] if window.forms else None
    qtbot.keyClick(window.view, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    form = window.forms[-1]
    assert form is not before
    qtbot.waitUntil(form.isActiveWindow, timeout=WAIT_MS)
    return form


def save(qtbot, window: PeriodWindow, form: FormDialog, rows: int) -> None:
    """Ctrl+Enter, then wait until the list shows ``rows`` rows again."""
    with qtbot.waitSignal(form.context.records_changed, timeout=WAIT_MS):
        qtbot.keyClick(form.focusWidget(), Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not window.loading and window.model.rowCount() == rows, timeout=WAIT_MS)
    assert not form.isVisible()


def tab(qtbot, form: FormDialog) -> None:
    qtbot.keyClick(form.focusWidget(), Qt.Key.Key_Tab)


def texts(window: PeriodWindow, row: int) -> list[str]:
    model = window.model
    return [model.index(row, c).data() for c in range(model.columnCount())]


def test_create_an_outreach_event_by_typing(qtbot, qtmodeltester, context, sample_db) -> None:
    window = open_window(qtbot, OutreachWindow(context))
    assert window.windowTitle() == "アウトリーチ"
    first, last = fiscal_year_bounds(TODAY)
    assert (window.date_from.value(), window.date_to.value()) == (first, last)
    form = new_form(qtbot, window)
    assert isinstance(form, OutreachDialog)
    assert form.kind.hasFocus()
    qtbot.keyClick(form.kind, Qt.Key.Key_Down)  # the first kind: 出張相談会
    assert form.kind.currentText() == "出張相談会"
    tab(qtbot, form)
    assert form.held_on.hasFocus() and form.held_on.text() == TODAY.strftime("%Y/%m/%d")
    tab(qtbot, form)
    qtbot.keyClicks(form.start_time, "13:00")
    tab(qtbot, form)
    qtbot.keyClicks(form.end_time, "1600")
    tab(qtbot, form)
    assert form.place.hasFocus()
    type_text(form.place, "赤羽会館 第1集会室")
    tab(qtbot, form)
    type_text(form.title, "女性のための出張相談会")
    tab(qtbot, form)
    assert form.people_approached.hasFocus()
    qtbot.keyClicks(form.people_approached, "38")
    tab(qtbot, form)
    qtbot.keyClicks(form.consultations_held, "6")
    save(qtbot, window, form, rows=1)

    with sample_db.reading() as session:
        event = session.scalars(select(OutreachEvent)).one()
        staff = session.scalars(select(outreach_event_staff.c.staff_id)).all()
    assert event.held_on == TODAY
    assert (event.start_time, event.end_time) == (dt.time(13, 0), dt.time(16, 0))
    assert (event.place, event.title) == ("赤羽会館 第1集会室", "女性のための出張相談会")
    assert (event.people_approached, event.consultations_held) == (38, 6)
    assert staff == [context.staff_id]  # the counselor at the keyboard, by default
    row = texts(window, 0)
    assert row[:3] == [TODAY.strftime("%Y/%m/%d"), "13:00–16:00", "出張相談会"]
    assert row[5:8] == ["38", "6", "0"]
    assert "1 回" in window.summary_label.text()
    qtmodeltester.check(window.model)

    # Enter on the row opens it again, filled in; a change is saved in place.
    window.select_index(0)
    qtbot.keyClick(window.view, Qt.Key.Key_Return)
    form = window.forms[-1]
    qtbot.waitUntil(lambda: form.buttons.isEnabled() and form.place.text() != "", timeout=WAIT_MS)
    assert form.kind.currentText() == "出張相談会"
    assert not form.dirty
    form.people_approached.setFocus()
    form.people_approached.selectAll()
    qtbot.keyClicks(form.people_approached, "45")
    save(qtbot, window, form, rows=1)
    assert texts(window, 0)[5] == "45"
    with sample_db.reading() as session:
        assert session.scalar(select(func.count(OutreachEvent.id))) == 1


def test_outreach_refusals_at_the_field(qtbot, context, sample_db) -> None:
    window = open_window(qtbot, OutreachWindow(context))
    form = new_form(qtbot, window)
    form.start_time.setText("25:00")
    form.save()
    assert form.error_text("start_time")
    form.start_time.setText("15:00")
    form.end_time.setText("14:00")
    with qtbot.waitSignal(
        context.worker.busy_changed, timeout=WAIT_MS, check_params_cb=lambda busy: not busy
    ):
        form.save()
    assert form.error_text("kind_id") == "種別を選択してください。"
    assert form.error_text("place") == "場所を入力してください。"
    assert form.error_text("end_time") == "終了時刻は開始時刻より後にしてください。"
    assert form.isVisible()
    with sample_db.reading() as session:
        assert session.scalar(select(func.count(OutreachEvent.id))) == 0


def test_delete_refused_while_goods_point_at_the_event(qtbot, context, sample_db) -> None:
    event_id = save_outreach_event(
        sample_db,
        OutreachInput(
            kind_id=code(sample_db, CodeCategory.OUTREACH_KIND, "学校"),
            held_on=TODAY,
            place="北区立第三中学校 保健室",
        ),
    )
    save_goods(
        sample_db,
        GoodsInput(
            item_id=code(sample_db, CodeCategory.GOODS_ITEM, "生理用品"),
            quantity=40,
            handed_on=TODAY,
            outreach_event_id=event_id,
        ),
    )
    window = open_window(qtbot, OutreachWindow(context))
    window.select_index(0)
    with qtbot.waitSignal(window.refused, timeout=WAIT_MS):
        qtbot.keyClick(window.view, Qt.Key.Key_Delete)
    assert len(context.dialogs.questions) == 1
    assert "物品提供1件が記録されているため削除できません" in window.message.text()
    assert window.message.isVisible()
    assert window.model.rowCount() == 1

    # The goods entry goes first; then the event may go.
    goods = open_window(qtbot, GoodsWindow(context))
    goods.select_index(0)
    with qtbot.waitSignal(goods.saved, timeout=WAIT_MS):
        qtbot.keyClick(goods.view, Qt.Key.Key_Delete)
    assert goods.model.rowCount() == 0
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=WAIT_MS)
    window.view.setFocus()
    window.select_index(0)
    with qtbot.waitSignal(window.saved, timeout=WAIT_MS):
        qtbot.keyClick(window.view, Qt.Key.Key_Delete)
    assert window.model.rowCount() == 0
    assert not window.message.isVisible()
    with sample_db.reading() as session:
        assert session.scalar(select(func.count(OutreachEvent.id))) == 0


def test_goods_entry_by_keyboard(qtbot, qtmodeltester, context, sample_db) -> None:
    window = open_window(qtbot, GoodsWindow(context))
    assert window.windowTitle() == "物品提供"
    form = new_form(qtbot, window)
    assert isinstance(form, GoodsDialog)
    # 生理用品 is offered first and the quantity has the focus.
    assert form.item.currentText() == "生理用品"
    assert form.quantity.hasFocus()
    qtbot.keyClicks(form.quantity, "100")
    tab(qtbot, form)
    assert form.handed_on.hasFocus()
    tab(qtbot, form)
    assert form.place_kind.hasFocus()
    for _ in range(3):  # (なし) → 事務所 → 学校 → 図書館
        qtbot.keyClick(form.place_kind, Qt.Key.Key_Down)
    assert form.place_kind.currentText() == "図書館"
    tab(qtbot, form)
    type_text(form.place, "北高校 図書室")
    save(qtbot, window, form, rows=1)
    with sample_db.reading() as session:
        goods = session.scalars(select(GoodsDistribution)).one()
    assert (goods.quantity, goods.handed_on, goods.place) == (100, TODAY, "北高校 図書室")
    assert goods.item_id == code(sample_db, CodeCategory.GOODS_ITEM, "生理用品")
    assert goods.place_kind_id == code(sample_db, CodeCategory.GOODS_PLACE, "図書館")
    assert texts(window, 0)[:5] == [
        TODAY.strftime("%Y/%m/%d"),
        "生理用品",
        "100",
        "図書館",
        "北高校 図書室",
    ]

    # The next entry starts where the last one was handed out.
    form = new_form(qtbot, window)
    assert form.place_kind.currentText() == "図書館"
    assert form.place.text() == "北高校 図書室"
    qtbot.keyClicks(form.quantity, "50")
    tab(qtbot, form)
    tab(qtbot, form)
    tab(qtbot, form)
    tab(qtbot, form)
    tab(qtbot, form)
    assert form.case_no.hasFocus()
    qtbot.keyClicks(form.case_no, "2099-0001")
    with qtbot.waitSignal(
        context.worker.busy_changed, timeout=WAIT_MS, check_params_cb=lambda busy: not busy
    ):
        qtbot.keyClick(form.case_no, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert form.error_text("case_no") == "このケース番号のケースはありません。"
    assert form.case_no.hasFocus()
    form.case_no.selectAll()
    qtbot.keyClicks(form.case_no, "2024-0003")
    save(qtbot, window, form, rows=2)
    assert "生理用品 150" in window.summary_label.text()
    assert "2024-0003" in texts(window, 0) or "2024-0003" in texts(window, 1)
    qtmodeltester.check(window.model)


def test_goods_edit_keeps_its_event(qtbot, context, sample_db) -> None:
    event_id = save_outreach_event(
        sample_db,
        OutreachInput(
            kind_id=code(sample_db, CodeCategory.OUTREACH_KIND, "出張相談会"),
            held_on=TODAY,
            place="赤羽会館",
        ),
    )
    save_goods(
        sample_db,
        GoodsInput(
            item_id=code(sample_db, CodeCategory.GOODS_ITEM, "食料品"),
            quantity=3,
            handed_on=TODAY,
            outreach_event_id=event_id,
        ),
    )
    window = open_window(qtbot, GoodsWindow(context))
    assert texts(window, 0)[5] == f"{TODAY:%Y/%m/%d} 出張相談会 赤羽会館"
    window.select_index(0)
    window.edit_selected()
    form = window.forms[-1]
    assert isinstance(form, GoodsDialog)
    qtbot.waitUntil(form.buttons.isEnabled, timeout=WAIT_MS)
    assert form.item.currentText() == "食料品"
    assert form.outreach_event.value() == event_id
    assert form.quantity.value() == 3
    qtbot.keyClicks(form.quantity, "5")
    save(qtbot, window, form, rows=1)
    with sample_db.reading() as session:
        goods = session.scalars(select(GoodsDistribution)).one()
    assert (goods.quantity, goods.outreach_event_id) == (5, event_id)


def test_a_training_with_survey_counts(qtbot, qtmodeltester, context, sample_db) -> None:
    window = open_window(qtbot, GroupSessionsWindow(context))
    form = new_form(qtbot, window)
    assert isinstance(form, GroupSessionDialog)
    assert form.kind.hasFocus()
    assert not form.survey.isEnabled()  # no kind yet: no survey
    for _ in range(3):  # (選択) → 居場所 → ピアサポート → 研修
        qtbot.keyClick(form.kind, Qt.Key.Key_Down)
    assert form.kind.currentText() == "研修"
    assert form.survey.isEnabled()
    form.theme.setFocus()
    type_text(form.theme, "DV被害者支援の基礎")
    form.participants_count.setFocus()
    form.participants_count.selectAll()
    qtbot.keyClicks(form.participants_count, "43")

    # A known client among the participants, found by her case number.
    search = form.participants.search
    search.setFocus()
    qtbot.keyClicks(search, "2024-0003")
    with qtbot.waitSignal(form.participants.searched, timeout=WAIT_MS):
        qtbot.keyClick(search, Qt.Key.Key_Return)
    assert form.participants.results.hasFocus()
    qtbot.keyClick(form.participants.results, Qt.Key.Key_Return)
    assert [p.case_no for p in form.participants.participants()] == ["2024-0003"]
    assert search.hasFocus() and search.text() == ""

    counts = {"very_good": "18", "good": "22", "neutral": "1", "somewhat_dissatisfied": "2"}
    for level, box in form.survey.counts.items():
        box.setFocus()
        box.selectAll()
        qtbot.keyClicks(box, counts.get(level.value, "0"))
    assert form.survey.share.text() == "回答 43 件 · 大変よかった＋よかった：93.0%"
    save(qtbot, window, form, rows=1)

    with sample_db.reading() as session:
        record = session.scalars(select(GroupSession)).one()
        answers = dict(
            session.execute(
                select(SessionSurveyResponse.satisfaction, func.count()).group_by(
                    SessionSurveyResponse.satisfaction
                )
            ).all()
        )
        linked = session.scalar(select(func.count()).select_from(group_session_clients))
    assert (record.theme, record.participants_count) == ("DV被害者支援の基礎", 43)
    assert answers == {
        Satisfaction.VERY_GOOD: 18,
        Satisfaction.GOOD: 22,
        Satisfaction.NEUTRAL: 1,
        Satisfaction.SOMEWHAT_DISSATISFIED: 2,
    }
    assert linked == 1
    row = texts(window, 0)
    assert row[2:4] == ["研修", "DV被害者支援の基礎"]
    assert row[5:] == ["43", "1", "43", "93.0%"]
    assert "大変よかった＋よかった 93.0%" in window.summary_label.text()
    qtmodeltester.check(window.model)

    # Opened again: the counts and the participant come back; Delete removes her.
    window.select_index(0)
    window.edit_selected()
    form = window.forms[-1]
    assert isinstance(form, GroupSessionDialog)
    qtbot.waitUntil(form.buttons.isEnabled, timeout=WAIT_MS)
    assert form.kind.currentText() == "研修"
    assert form.survey.value() == SurveyCounts(18, 22, 1, 2, 0)
    assert "93.0%" in form.survey.share.text()
    form.participants.chosen.setFocus()
    form.participants.chosen.setCurrentRow(0)
    qtbot.keyClick(form.participants.chosen, Qt.Key.Key_Delete)
    assert form.participants.participants() == []
    assert form.dirty
    save(qtbot, window, form, rows=1)
    assert texts(window, 0)[6] == "0"


def test_head_count_below_known_clients_is_refused(qtbot, context, sample_db) -> None:
    window = open_window(qtbot, GroupSessionsWindow(context))
    form = new_form(qtbot, window)
    qtbot.keyClick(form.kind, Qt.Key.Key_Down)  # 居場所
    search = form.participants.search
    for text in ("2024-0003", "みど"):
        search.setFocus()
        type_text(search, text)
        with qtbot.waitSignal(form.participants.searched, timeout=WAIT_MS):
            qtbot.keyClick(search, Qt.Key.Key_Return)
        qtbot.keyClick(form.participants.results, Qt.Key.Key_Return)
    form.participants_count.setValue(1)
    with qtbot.waitSignal(
        context.worker.busy_changed, timeout=WAIT_MS, check_params_cb=lambda busy: not busy
    ):
        form.save()
    assert form.error_text("participants_count") == (
        "参加者数は、登録した相談者の人数（2人）以上にしてください。"
    )
    with sample_db.reading() as session:
        assert session.scalar(select(func.count(GroupSession.id))) == 0


def test_filters_by_kind_and_period(qtbot, qtmodeltester, context, sample_db) -> None:
    kinds = {
        label: code(sample_db, CodeCategory.SESSION_KIND, label)
        for label in ("居場所", "ピアサポート", "研修")
    }
    first, _ = fiscal_year_bounds(TODAY)
    for n, label in enumerate(("居場所", "ピアサポート", "研修")):
        save_group_session(
            sample_db,
            SessionInput(
                kind_id=kinds[label],
                held_on=first + dt.timedelta(days=n),
                participants_count=10,
                survey=SurveyCounts(very_good=5, good=2, dissatisfied=1)
                if label == "研修"
                else None,
            ),
        )
    # Last fiscal year's session is outside the default period.
    save_group_session(
        sample_db,
        SessionInput(
            kind_id=kinds["居場所"], held_on=first - dt.timedelta(days=1), participants_count=4
        ),
    )
    window = open_window(qtbot, GroupSessionsWindow(context))
    assert window.model.rowCount() == 3
    qtmodeltester.check(window.model)
    combo = window.kind_filter
    combo.setFocus()
    with qtbot.waitSignal(window.loaded, timeout=WAIT_MS):
        combo.setCurrentIndex(combo.findText("研修"))
        combo.activated.emit(combo.currentIndex())
    assert window.model.rowCount() == 1
    assert texts(window, 0)[-1] == "87.5%"

    combo.setCurrentIndex(0)
    window.date_from.setText("R1.4.1")
    with qtbot.waitSignal(window.loaded, timeout=WAIT_MS):
        qtbot.keyClick(window.date_from, Qt.Key.Key_Return)
    assert window.model.rowCount() == 4
    assert "参加者 34 人" in window.summary_label.text()

    # New lookups (an administrator edited a list) keep the kind chosen.
    combo.setCurrentIndex(combo.findText("研修"))
    with qtbot.waitSignal(context.lookups_changed, timeout=WAIT_MS):
        context.reload_lookups()
    assert combo.currentText() == "研修"

    window.date_to.setText("2024-02-30")
    qtbot.keyClick(window.date_to, Qt.Key.Key_Return)
    assert window.message.isVisible() and window.message.text()
    assert window.model.rowCount() == 4


def test_a_hidden_window_reads_again_when_shown(qtbot, context, sample_db) -> None:
    window = open_window(qtbot, GoodsWindow(context))
    window.hide()
    save_goods(
        sample_db,
        GoodsInput(
            item_id=code(sample_db, CodeCategory.GOODS_ITEM, "生理用品"),
            quantity=10,
            handed_on=TODAY,
        ),
    )
    context.notify_changed(None)
    assert window.model.rowCount() == 0
    with qtbot.waitSignal(window.loaded, timeout=WAIT_MS):
        window.show()
    assert window.model.rowCount() == 1


@pytest.mark.parametrize("window_class", [OutreachWindow, GoodsWindow, GroupSessionsWindow])
def test_empty_windows_pass_the_model_tester(qtbot, qtmodeltester, context, window_class) -> None:
    window = open_window(qtbot, window_class(context))
    assert window.model.rowCount() == 0
    qtmodeltester.check(window.model)
