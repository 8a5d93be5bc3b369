"""The whole app wired together: the main window's actions and the case
view's buttons open the right forms, a saved form shows where she expects it,
and nothing typed is lost when the window closes."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from sqlalchemy import func, select

from db.models.consultations import Consultation
from tests.gui import WAIT_MS, RecordingDialogs, type_text
from ui.case_view import CaseView
from ui.forms.consultation import ConsultationDialog
from ui.forms.intake import IntakeDialog
from ui.main_window import MainWindow
from ui.timeline_model import Column as TimelineColumn


@pytest.fixture
def dialogs() -> RecordingDialogs:
    return RecordingDialogs()


@pytest.fixture
def window(qtbot, ja_app, data_dir, dialogs, sample_db_path):
    win = MainWindow(dialogs)
    qtbot.addWidget(win)
    win.show()
    win.activateWindow()
    with qtbot.waitSignal(win.case_model.loaded, timeout=WAIT_MS):
        win.open_database(sample_db_path)
    qtbot.waitUntil(lambda: bool(win.context.lookups.staff), timeout=WAIT_MS)
    win.context.set_staff(win.context.lookups.staff[0].id)
    return win


def only(window: MainWindow, kind: type) -> object:
    found = [w for w in window.findChildren(kind) if w.isVisible()]
    assert len(found) == 1, found
    return found[0]


def test_intake_to_case_tab_to_timeline(qtbot, window) -> None:
    # Ctrl+N: the intake form.
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    intake = only(window, IntakeDialog)
    assert isinstance(intake, IntakeDialog)
    type_text(intake.client.display_name, "まどか")
    qtbot.waitUntil(lambda: not intake.search_pending, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: window.worker.idle, timeout=WAIT_MS)
    with qtbot.waitSignal(window.case_opened, timeout=WAIT_MS):
        qtbot.keyClick(intake, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    # The new case opens in its own tab.
    view = window.tabs.currentWidget()
    assert isinstance(view, CaseView)
    qtbot.waitUntil(lambda: view.header is not None, timeout=WAIT_MS)
    assert view.client_label.text() == "まどか"
    assert window.tabs.tabText(window.tabs.currentIndex()).endswith("まどか")

    # Its 相談を記録 button: the consultation form on this case.
    qtbot.mouseClick(view.log_consultation_button, Qt.MouseButton.LeftButton)
    form = only(window, ConsultationDialog)
    assert isinstance(form, ConsultationDialog)
    assert form.case_id == view.case_id
    qtbot.waitUntil(lambda: form.loaded, timeout=WAIT_MS)
    type_text(form.narrative, "はじめての相談。住まいについて。")
    with qtbot.waitSignal(view.loaded, timeout=WAIT_MS):
        qtbot.keyClick(form, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    # At the top of the timeline, newest first.
    model = view.timeline_model
    assert model.data(model.index(0, TimelineColumn.DATE)) == dt.date.today().strftime("%Y/%m/%d")
    assert model.data(model.index(0, TimelineColumn.KIND)) == "相談"


def test_log_consultation_without_a_case_is_anonymous(qtbot, window, sample_db_path) -> None:
    window.case_view.clearSelection()
    window.case_view.setCurrentIndex(window.case_model.index(-1, -1))
    window.log_consultation_action.trigger()
    form = only(window, ConsultationDialog)
    assert isinstance(form, ConsultationDialog)
    assert form.case_id is None
    qtbot.waitUntil(lambda: form.loaded, timeout=WAIT_MS)
    database = window.database
    assert database is not None

    def anonymous() -> int:
        with database.reading() as session:
            return (
                session.scalar(
                    select(func.count())
                    .select_from(Consultation)
                    .where(Consultation.case_id.is_(None))
                )
                or 0
            )

    before = anonymous()
    with qtbot.waitSignal(window.context.records_changed, timeout=WAIT_MS):
        form.save()
    assert anonymous() == before + 1


def test_every_records_window_opens(qtbot, window, dialogs) -> None:
    actions = window.workflows.record_actions
    assert set(actions) == {
        "agencies",
        "outreach",
        "goods",
        "sessions",
        "line",
        "targets",
        "codes",
        "staff",
    }
    titles = [a.text() for a in window.records_menu.actions() if not a.isSeparator()]
    assert titles[0] == "関係機関(&A)…"
    for action in actions.values():
        assert action.isEnabled()
        action.trigger()
    qtbot.waitUntil(lambda: window.worker.idle, timeout=WAIT_MS)
    shown = [w for w in QApplication.topLevelWidgets() if w.isVisible() and w is not window]
    assert len(shown) == 8
    assert not dialogs.warnings
    # Asking again raises the same window instead of a second one.
    actions["agencies"].trigger()
    shown_again = [w for w in QApplication.topLevelWidgets() if w.isVisible() and w is not window]
    assert len(shown_again) == 8


def test_closing_the_window_keeps_a_half_typed_form(qtbot, window, dialogs) -> None:
    window.log_consultation_action.trigger()
    form = only(window, ConsultationDialog)
    assert isinstance(form, ConsultationDialog)
    qtbot.waitUntil(lambda: form.loaded, timeout=WAIT_MS)
    type_text(form.narrative, "途中まで書いた記録")
    dialogs.discard = False
    assert not window.close()
    assert window.isVisible() and form.isVisible()
    assert dialogs.discard_asked == 1
    assert form.narrative.toPlainText() == "途中まで書いた記録"
    # Opening another database asks too, and keeps the form.
    opened = window.database
    window.open_demo()
    assert window.database is opened and form.isVisible()
    dialogs.discard = True
    assert window.close()
