"""The filter bar above the case list: each choice narrows the list at once,
a date that cannot be read is refused next to its field, and one button
clears everything (but the quick search)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from casedesk.parsing import MSG_DATE
from ui.case_list_model import Column
from ui.main_window import MainWindow

from .gui import WAIT_MS, RecordingDialogs


@pytest.fixture
def window(qtbot, ja_app, data_dir, sample_db_path) -> MainWindow:
    win = MainWindow(RecordingDialogs())
    qtbot.addWidget(win)
    win.show()
    win.activateWindow()
    with qtbot.waitSignal(win.case_model.loaded, timeout=WAIT_MS):
        win.open_database(sample_db_path)
    return win


def case_numbers(qtbot, window: MainWindow) -> list[str]:
    model = window.case_model
    if model.rowCount():
        model.data(model.index(0, 0))
        qtbot.waitUntil(lambda: model.row_if_loaded(0) is not None, timeout=WAIT_MS)
    return [model.data(model.index(row, Column.CASE_NO)) for row in range(model.rowCount())]


def test_the_bar_is_shown_and_toggles_with_ctrl_shift_f(qtbot, window) -> None:
    bar = window.filter_bar
    assert bar.isVisible()
    qtbot.keyClick(
        window,
        Qt.Key.Key_F,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert not bar.isVisible()
    assert not window.filter_action.isChecked()
    window.filter_action.trigger()
    assert bar.isVisible()
    assert [bar.status_combo.itemText(i) for i in range(3)] == ["すべて", "対応中", "終結"]
    counselors = [bar.counselor_combo.itemText(i) for i in range(bar.counselor_combo.count())]
    assert counselors == ["（すべて）", "自分", "佐藤 花子", "鈴木 恵"]
    assert bar.clear_button.text() == "条件をクリア(&L)"


def test_status_counselor_and_me(qtbot, window) -> None:
    bar = window.filter_bar
    with qtbot.waitSignal(window.case_model.loaded, timeout=WAIT_MS):
        bar.status_combo.setCurrentIndex(bar.status_combo.findText("終結"))
    assert case_numbers(qtbot, window) == ["2024-0002", "2024-0001"]

    with qtbot.waitSignal(window.case_model.loaded, timeout=WAIT_MS):
        bar.counselor_combo.setCurrentIndex(bar.counselor_combo.findText("佐藤 花子"))
    assert case_numbers(qtbot, window) == ["2024-0002"]

    # "自分" follows the counselor chosen in the status bar.
    with qtbot.waitSignal(window.case_model.loaded, timeout=WAIT_MS):
        window.counselor_combo.setCurrentIndex(window.counselor_combo.findText("鈴木 恵"))
        bar.counselor_combo.setCurrentIndex(bar.counselor_combo.findText("自分"))
    assert case_numbers(qtbot, window) == ["2024-0001"]
    with qtbot.waitSignal(window.case_model.loaded, timeout=WAIT_MS):
        window.counselor_combo.setCurrentIndex(window.counselor_combo.findText("佐藤 花子"))
    assert case_numbers(qtbot, window) == ["2024-0002"]


def test_channel_dv_and_dates_narrow_the_list(qtbot, window) -> None:
    bar = window.filter_bar
    # Every sample consultation came by LINE; the case without one drops out.
    bar.channel_combo.setFocus()
    with qtbot.waitSignal(window.case_model.loaded, timeout=WAIT_MS):
        qtbot.keyClicks(bar.channel_combo, "LINE")
    assert bar.channel_combo.currentText() == "LINE"
    assert window.case_model.rowCount() == 5

    with qtbot.waitSignal(window.case_model.loaded, timeout=WAIT_MS):
        bar.dv_check.setFocus()
        qtbot.keyClick(bar.dv_check, Qt.Key.Key_Space)
    assert bar.dv_check.isChecked()
    assert case_numbers(qtbot, window) == ["2024-0004", "2024-0002"]

    with qtbot.waitSignal(window.case_model.loaded, timeout=WAIT_MS):
        qtbot.keyClick(bar.dv_check, Qt.Key.Key_Space)
    assert window.case_model.rowCount() == 5

    # A date applies when Enter is pressed (or the field is left).
    bar.date_from.setFocus()
    qtbot.keyClicks(bar.date_from, "2024-10-01")
    with qtbot.waitSignal(window.case_model.loaded, timeout=WAIT_MS):
        qtbot.keyClick(bar.date_from, Qt.Key.Key_Return)
    assert case_numbers(qtbot, window) == ["2024-0004", "2024-0003"]
    assert window.filters.date_from is not None

    bar.date_to.setFocus()
    qtbot.keyClicks(bar.date_to, "2024-10-12")
    with qtbot.waitSignal(window.case_model.loaded, timeout=WAIT_MS):
        qtbot.keyClick(bar.date_to, Qt.Key.Key_Tab)
    assert case_numbers(qtbot, window) == ["2024-0003"]
    assert window.count_label.text() == "ケース 1 件"


def test_a_bad_date_is_refused_next_to_the_field(qtbot, window) -> None:
    bar = window.filter_bar
    loads: list[int] = []
    window.case_model.loaded.connect(loads.append)
    bar.date_from.setFocus()
    qtbot.keyClicks(bar.date_from, "2024-13-45")
    qtbot.keyClick(bar.date_from, Qt.Key.Key_Return)
    assert bar.date_error.text() == MSG_DATE
    assert bar.date_error.isVisible()
    assert window.filters.date_from is None
    qtbot.waitUntil(lambda: window.worker.idle, timeout=WAIT_MS)
    assert loads == []  # nothing was applied
    assert window.case_model.rowCount() == 6

    # Corrected (the Reiwa form), it applies and the message goes.
    bar.date_from.clear()
    qtbot.keyClicks(bar.date_from, "R6.10.1")
    with qtbot.waitSignal(window.case_model.loaded, timeout=WAIT_MS):
        qtbot.keyClick(bar.date_from, Qt.Key.Key_Return)
    assert bar.date_error.text() == ""
    assert window.case_model.rowCount() == 2


def test_clearing_keeps_the_quick_search(qtbot, window) -> None:
    bar = window.filter_bar
    with qtbot.waitSignal(window.case_model.loaded, timeout=WAIT_MS):
        bar.dv_check.setChecked(True)
    with qtbot.waitSignal(window.case_model.loaded, timeout=WAIT_MS):
        window.search_box.setText("2024")
        qtbot.keyClick(window.search_box, Qt.Key.Key_Return)
    assert window.case_model.rowCount() == 2
    bar.date_to.setText("nope")
    with qtbot.waitSignal(window.case_model.loaded, timeout=WAIT_MS):
        qtbot.mouseClick(bar.clear_button, Qt.MouseButton.LeftButton)
    assert not bar.dv_check.isChecked()
    assert bar.date_to.text() == ""
    assert bar.date_error.text() == ""
    assert window.search_box.text() == "2024"
    assert window.filters.text == "2024"
    assert window.case_model.rowCount() == 5
