"""The due-list dock: the chosen counselor's follow-ups, overdue first in red,
counts in the title, refreshed on a change, and a case opened with Enter."""

from __future__ import annotations

import datetime as dt
import uuid
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import QLabel, QWidget

from casedesk.consultations import ConsultationInput, log_consultation
from casedesk.database import Database, open_database
from casedesk.followups import Bucket
from casedesk.lookups import load_lookups
from db.enums import CodeCategory
from tests.actors import SAMPLE_PASSWORD, add_supervisor, as_login
from ui.context import AppContext
from ui.due_list import DueColumn
from ui.main_window import MainWindow

from .gui import WAIT_MS, RecordingDialogs

TODAY = dt.date(2024, 11, 15)


def case_id_of(database: Database, case_no: str) -> uuid.UUID:
    from sqlalchemy import select

    from db.models.cases import Case

    with database.reading() as session:
        return session.scalars(select(Case.id).where(Case.case_no == case_no)).one()


def follow_up(
    database: Database, case_no: str, counselor: str, on: dt.date, due: dt.date, note: str
) -> None:
    """A consultation by ``counselor`` with a follow-up, through the service."""
    lookups = load_lookups(database)
    staff = next(o.id for o in lookups.staff if o.label == counselor)
    line = next(o.id for o in lookups.code_options(CodeCategory.CHANNEL) if o.label == "LINE")
    log_consultation(
        database,
        ConsultationInput(
            consulted_on=on,
            channel_id=line,
            case_id=case_id_of(database, case_no),
            counselor_id=staff,
            follow_up_on=due,
            follow_up_note=note,
        ),
    )


@pytest.fixture
def due_db_path(sample_db_path: Path) -> Path:
    database = open_database(sample_db_path)
    with database.transaction() as session:
        add_supervisor(session)
    # Logged by a supervisor: she may write on every case, 鈴木's too.
    database = as_login(database, "kanri")
    try:
        follow_up(database, "2024-0004", "佐藤 花子", TODAY - dt.timedelta(days=5),
                  TODAY - dt.timedelta(days=3), "シェルターの空きを確認")  # fmt: skip
        follow_up(database, "2024-0005", "佐藤 花子", TODAY - dt.timedelta(days=1),
                  TODAY, "折り返し電話")  # fmt: skip
        follow_up(database, "2023-0012", "佐藤 花子", TODAY,
                  TODAY + dt.timedelta(days=3), "家計の相談の予約")  # fmt: skip
        # Someone else's: not on 佐藤's list.
        follow_up(database, "2024-0003", "鈴木 恵", TODAY, TODAY, "鈴木さんの予定")
    finally:
        database.close()
    return sample_db_path


class Dummy(QWidget):
    def __init__(self, context: AppContext, case_id: uuid.UUID) -> None:
        super().__init__()
        self.case_id = case_id
        QLabel(str(case_id), self)

    def title(self) -> str:
        return f"ケース {str(self.case_id)[:4]}"


@pytest.fixture
def window(qtbot, ja_app, data_dir, due_db_path) -> MainWindow:
    dialogs = RecordingDialogs()
    # A supervisor, who may look at each counselor's due list.
    dialogs.credentials = [("kanri", SAMPLE_PASSWORD)]
    win = MainWindow(dialogs)
    qtbot.addWidget(win)
    win.due_dock.today = lambda: TODAY
    win.case_view_factory = Dummy
    win.show()
    win.activateWindow()
    with qtbot.waitSignal(win.case_model.loaded, timeout=WAIT_MS):
        win.open_database(due_db_path)
    # The due list is asked for once the case list is in.
    qtbot.waitUntil(lambda: win.worker.idle and win.context.staff_id is not None, timeout=WAIT_MS)
    return win


def choose_counselor(qtbot, window: MainWindow, name: str) -> None:
    combo = window.counselor_combo
    with qtbot.waitSignal(window.due_dock.refreshed, timeout=WAIT_MS):
        combo.setCurrentIndex(combo.findText(name))


def rows(window: MainWindow) -> list[list[str]]:
    model = window.due_dock.model
    return [
        [model.data(model.index(r, c)) or "" for c in range(model.columnCount())]
        for r in range(model.rowCount())
    ]


def test_the_dock_lists_the_counselors_follow_ups(qtbot, qtmodeltester, window) -> None:
    dock = window.due_dock
    assert dock.isVisible()
    # The signed-in supervisor's own list (empty); she may look at a counselor's.
    assert dock.windowTitle() == "対応予定（期限切れ 0・今日 0）"
    assert dock.model.rowCount() == 0
    qtmodeltester.check(dock.model)

    choose_counselor(qtbot, window, "佐藤 花子")
    assert dock.windowTitle() == "対応予定（期限切れ 1・今日 1）"
    headers = [dock.model.headerData(c, Qt.Orientation.Horizontal) for c in range(DueColumn.COUNT)]
    assert headers == ["期限", "種別", "ケース番号", "内容"]
    assert rows(window) == [
        ["期限切れ（1）", "", "", ""],
        ["2024/11/12", "相談フォロー", "2024-0004", "シェルターの空きを確認"],
        ["今日（1）", "", "", ""],
        ["2024/11/15", "相談フォロー", "2024-0005", "折り返し電話"],
        ["今週（1）", "", "", ""],
        ["2024/11/18", "相談フォロー", "2023-0012", "家計の相談の予約"],
    ]
    red = dock.model.data(dock.model.index(1, 0), Qt.ItemDataRole.ForegroundRole)
    assert isinstance(red, QBrush) and red.color().red() > 150
    assert dock.model.data(dock.model.index(3, 0), Qt.ItemDataRole.ForegroundRole) is None
    assert dock.view.columnSpan(0, 0) == DueColumn.COUNT  # the heading spans the row
    # Headings cannot be selected.
    assert not dock.model.flags(dock.model.index(0, 0)) & Qt.ItemFlag.ItemIsSelectable
    qtmodeltester.check(dock.model)

    choose_counselor(qtbot, window, "鈴木 恵")
    assert rows(window)[1][3] == "鈴木さんの予定"
    assert dock.windowTitle() == "対応予定（期限切れ 0・今日 1）"


def test_the_list_follows_a_saved_change(qtbot, window) -> None:
    choose_counselor(qtbot, window, "佐藤 花子")
    qtbot.waitUntil(lambda: window.worker.idle, timeout=WAIT_MS)
    # A later consultation settles the overdue follow-up of 2024-0004.
    follow_up(window.database, "2024-0004", "佐藤 花子", TODAY, TODAY + dt.timedelta(days=1),
              "面談の日程")  # fmt: skip
    with qtbot.waitSignal(window.due_dock.refreshed, timeout=WAIT_MS):
        window.context.notify_changed(None)
    assert window.due_dock.model.counts == {
        Bucket.OVERDUE: 0,
        Bucket.TODAY: 1,
        Bucket.THIS_WEEK: 2,
    }
    assert window.due_dock.windowTitle() == "対応予定（期限切れ 0・今日 1）"


def test_enter_opens_the_case_in_a_tab(qtbot, window) -> None:
    dock = window.due_dock
    choose_counselor(qtbot, window, "佐藤 花子")
    view = dock.view
    view.setFocus()
    view.setCurrentIndex(dock.model.index(1, 0))
    expected = case_id_of(window.database, "2024-0004")
    with qtbot.waitSignal(dock.open_case_requested, timeout=WAIT_MS) as opened:
        qtbot.keyClick(view, Qt.Key.Key_Return)
    assert opened.args == [expected]
    assert window.open_case_ids == [expected]
    assert window.tabs.count() == 2
    assert window.tabs.currentWidget().case_id == expected
    assert window.tabs.tabText(1) == f"ケース {str(expected)[:4]}"

    # A heading opens nothing; the same case again reuses its tab.
    window.tabs.setCurrentIndex(0)
    view.setCurrentIndex(dock.model.index(0, 0))
    qtbot.keyClick(view, Qt.Key.Key_Return)
    assert window.tabs.currentIndex() == 0
    view.setCurrentIndex(dock.model.index(1, 0))
    qtbot.keyClick(view, Qt.Key.Key_Return)
    assert window.tabs.count() == 2
    assert window.tabs.currentIndex() == 1


def test_a_counselor_is_refused_anothers_list_quietly(qtbot, ja_app, data_dir, due_db_path) -> None:
    """佐藤 (a counselor) sees her own list; choosing 鈴木's name is refused by
    the service, and the dock says so in its title, without an error dialog."""
    dialogs = RecordingDialogs()
    dialogs.credentials = [("sato", SAMPLE_PASSWORD)]
    win = MainWindow(dialogs)
    qtbot.addWidget(win)
    win.due_dock.today = lambda: TODAY
    win.show()
    with qtbot.waitSignal(win.case_model.loaded, timeout=WAIT_MS):
        win.open_database(due_db_path)
    qtbot.waitUntil(lambda: win.due_dock.model.rowCount() > 0, timeout=WAIT_MS)
    assert win.due_dock.windowTitle() == "対応予定（期限切れ 1・今日 1）"

    choose_counselor(qtbot, win, "鈴木 恵")
    assert win.due_dock.model.rowCount() == 0
    assert win.due_dock.windowTitle() == "対応予定：表示できるのは自分の予定だけです"
    assert "鈴木さんの予定" not in str(rows(win))
    assert dialogs.warnings == []
