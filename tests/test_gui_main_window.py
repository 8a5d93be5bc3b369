"""The main window, offscreen: it opens a database without blocking, shows the
case list in Japanese, and refuses files it must not touch with a clear message."""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
import threading
import uuid
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QProgressDialog, QPushButton, QTabBar, QWidget
from sqlalchemy import event, text

from casedesk import __version__
from casedesk.case_list import CaseFilters, count_cases
from casedesk.database import open_database
from casedesk.paths import demo_db_path
from db.enums import CaseStatus, RiskLevel
from db.models.cases import Case
from db.models.people import Client
from tests.actors import SAMPLE_PASSWORD, add_supervisor
from tests.gui import TEST_PASSPHRASE, WAIT_MS, RecordingDialogs
from ui.case_list_model import CASE_ID_ROLE, PAGE_SIZE, PLACEHOLDER, CaseListModel, Column
from ui.context import AppContext
from ui.main_window import MainWindow

JAPANESE_HEADERS = [
    "ケース番号",
    "相談者",
    "年代",
    "担当相談員",
    "最終相談日",
    "次の対応予定",
    "状態",
    "DV",
    "リスク",
    "閲覧制限",
]


@pytest.fixture
def dialogs() -> RecordingDialogs:
    return RecordingDialogs()


@pytest.fixture
def window(qtbot, ja_app, data_dir, dialogs):
    win = MainWindow(dialogs)
    qtbot.addWidget(win)  # closed at teardown, which stops its worker thread
    win.show()
    return win


def open_and_wait(qtbot, window: MainWindow, target: Path) -> None:
    with qtbot.waitSignal(window.case_model.loaded, timeout=WAIT_MS):
        window.open_database(target)


def cell(model: CaseListModel, row: int, column: Column) -> object:
    return model.data(model.index(row, column))


def wait_for_row(qtbot, model: CaseListModel, row: int) -> None:
    model.data(model.index(row, 0))  # asks for the page
    qtbot.waitUntil(lambda: model.row_if_loaded(row) is not None, timeout=WAIT_MS)


def test_opens_on_a_database(qtbot, window, sample_db_path) -> None:
    assert window.windowTitle() == "casedesk"
    assert window.location_label.text() == "データベースが開かれていません。"
    open_and_wait(qtbot, window, sample_db_path)

    location = window.database.display_location
    assert Path(location) == sample_db_path.resolve()
    assert window.windowTitle() == f"casedesk — {location}"
    assert window.location_label.text() == f"データベース: {location}"
    assert window.count_label.text() == "ケース 6 件"
    model = window.case_model
    assert model.rowCount() == 6
    assert window.case_view.model() is model
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert headers == JAPANESE_HEADERS

    wait_for_row(qtbot, model, 0)
    assert [cell(model, r, Column.CASE_NO) for r in range(6)] == [
        "2024-0005",
        "2024-0004",
        "2024-0003",
        "2024-0002",
        "2024-0001",
        "2023-0012",
    ]
    # 2024-0004: DV, high risk, restricted, seen last on 2 November.
    assert [cell(model, 1, c) for c in Column] == [
        "2024-0004",
        "みどり",
        "30代",
        "佐藤 花子",
        "2024/11/02",
        "",  # no follow-up is due
        "対応中",
        "あり",
        "高",
        "あり",
    ]
    assert [cell(model, 3, c) for c in Column] == [
        "2024-0002",
        "ゆき",
        "10代以下",
        "佐藤 花子",
        "2024/06/01",
        "",
        "終結",
        "あり",
        "低",
        "",
    ]
    # No contact yet, no counselor, no age band: blank cells, not "None".
    assert [cell(model, 0, c) for c in Column] == [
        "2024-0005",
        "はるか",
        "",
        "",
        "",
        "",
        "対応中",
        "",
        "低",
        "",
    ]


def menu_items(window: MainWindow, position: int) -> list[str]:
    menu = window.menuBar().actions()[position].menu()
    return [a.text() for a in menu.actions() if not a.isSeparator()]


def test_menus_are_japanese(window) -> None:
    menus = [action.text() for action in window.menuBar().actions()]
    assert menus == ["ファイル(&F)", "相談(&C)", "記録(&R)", "表示(&V)", "ヘルプ(&H)"]
    assert menu_items(window, 0) == [
        "開く(&O)…",
        "デモデータを開く(&D)",
        "タブを閉じる(&C)",
        "今すぐバックアップ(&B)",
        "ロック(&L)",
        "サインアウト(&O)",
        "終了(&X)",
    ]
    assert menu_items(window, 1) == ["新規相談者(&N)…", "相談を記録(&L)…", "検索(&S)", "印刷(&P)…"]
    assert menu_items(window, 2) == [
        "関係機関(&A)…",
        "アウトリーチ(&O)…",
        "物品提供(&G)…",
        "グループ活動・研修(&S)…",
        "LINE月次実績(&L)…",
        "年間目標(&T)…",
        "選択肢の管理(&C)…",
        "職員アカウント(&F)…",
    ]
    assert window.records_menu is window.menuBar().actions()[2].menu()
    assert menu_items(window, 3) == ["絞り込み(&F)", "対応予定(&D)", "自動ロック(&K)", "言語(&L)"]
    assert [a.text() for a in window.language_menu.actions()] == ["日本語", "English"]
    assert menu_items(window, 4) == ["バージョン情報(&A)"]
    shortcuts = {
        window.new_client_action: "Ctrl+N",
        window.log_consultation_action: "Ctrl+Shift+N",
        window.search_action: "Ctrl+L",
        window.print_action: "Ctrl+P",
        window.filter_action: "Ctrl+Shift+F",
        window.close_tab_action: "Ctrl+W",
    }
    for action, keys in shortcuts.items():
        assert action.shortcut().toString() == keys
    assert not window.print_action.isEnabled()
    assert window.print_action.toolTip() == "後日対応"
    toolbar = [a.text() for a in window.main_toolbar.actions() if not a.isSeparator()]
    assert toolbar == ["新規相談者(&N)…", "相談を記録(&L)…", "絞り込み(&F)", "対応予定(&D)"]


def test_actions_wait_for_a_database(qtbot, window, sample_db_path) -> None:
    assert not window.new_client_action.isEnabled()
    assert not window.log_consultation_action.isEnabled()
    assert not window.counselor_combo.isEnabled()
    assert not window.sign_out_action.isEnabled()
    open_and_wait(qtbot, window, sample_db_path)
    assert window.new_client_action.isEnabled()
    assert window.log_consultation_action.isEnabled()
    assert not window.counselor_combo.isEnabled()  # a counselor's: her own list
    assert window.sign_out_action.isEnabled()
    assert window.context.database is window.database


def test_about_shows_the_version(window, dialogs) -> None:
    window.about_action.trigger()
    [(title, text)] = dialogs.abouts
    assert title == "バージョン情報"
    assert f"casedesk {__version__}" in text
    assert "IPAexゴシック" in text


def test_open_menu_opens_the_chosen_file(qtbot, window, dialogs, sample_db_path) -> None:
    dialogs.choice = None  # the user cancelled the file dialog
    window.open_action.trigger()
    assert window.database is None
    dialogs.choice = sample_db_path
    with qtbot.waitSignal(window.case_model.loaded, timeout=WAIT_MS) as loaded:
        window.open_action.trigger()
    assert loaded.args == [6]


def test_a_file_that_is_not_a_database_is_refused(qtbot, window, dialogs, tmp_path) -> None:
    path = tmp_path / "メモ.sqlite3"
    content = "相談メモ（データベースではない）\n".encode() * 10
    path.write_bytes(content)
    with qtbot.waitSignal(window.open_failed, timeout=WAIT_MS):
        window.open_database(path)
    [(title, text, detail)] = dialogs.warnings
    assert title == "データベースを開けません"
    assert "このファイルは casedesk のデータベースではありません。" in text
    assert "ファイルには手を加えていません。" in text
    assert str(path) in text
    assert detail  # the technical reason, behind the details button
    assert path.read_bytes() == content
    assert window.database is None
    assert window.windowTitle() == "casedesk"


def test_a_database_from_a_newer_casedesk_is_refused(
    qtbot, window, dialogs, sample_db_path
) -> None:
    with sqlite3.connect(sample_db_path) as conn:
        conn.execute("UPDATE alembic_version SET version_num = 'ffff_from_the_future'")
    conn.close()
    before = sample_db_path.read_bytes()
    with qtbot.waitSignal(window.open_failed, timeout=WAIT_MS):
        window.open_database(sample_db_path)
    [(_, text, _)] = dialogs.warnings
    assert text.startswith("このデータベースは新しいバージョンの casedesk で作成されています")
    assert "ffff_from_the_future" in text
    assert "casedesk を更新してから" in text
    assert sample_db_path.read_bytes() == before


def test_a_refused_file_leaves_the_open_database_open(
    qtbot, window, dialogs, sample_db_path, tmp_path
) -> None:
    open_and_wait(qtbot, window, sample_db_path)
    bad = tmp_path / "bad.sqlite3"
    bad.write_text("not a database")
    with qtbot.waitSignal(window.open_failed, timeout=WAIT_MS):
        window.open_database(bad)
    assert window.database is not None
    assert Path(window.database.display_location) == sample_db_path.resolve()
    assert window.case_model.rowCount() == 6
    assert window.count_label.text() == "ケース 6 件"


def test_switching_databases(qtbot, window, sample_db_path, tmp_path) -> None:
    open_and_wait(qtbot, window, sample_db_path)
    first = window.database
    open_and_wait(qtbot, window, tmp_path / "new.sqlite3")  # created on the fly
    assert window.database is not first
    assert window.case_model.rowCount() == 0
    assert window.count_label.text() == "ケース 0 件"
    assert (tmp_path / "new.sqlite3").exists()


def test_model_passes_the_qt_model_tester(qtbot, qtmodeltester, window, sample_db_path) -> None:
    model = window.case_model
    qtmodeltester.check(model)  # empty
    open_and_wait(qtbot, window, sample_db_path)
    qtmodeltester.check(model)  # rows still placeholders: asks for the page
    qtbot.waitUntil(lambda: window.worker.idle, timeout=WAIT_MS)
    qtmodeltester.check(model)  # rows loaded
    assert model.rowCount(model.index(0, 0)) == 0  # a table: no children
    assert model.data(QModelIndex()) is None


@pytest.fixture
def many_cases_path(tmp_path) -> Path:
    """Enough cases for three pages, bulk inserted."""
    path = tmp_path / "many.sqlite3"
    database = open_database(path)
    count = PAGE_SIZE * 2 + 50
    with database.transaction() as session:
        add_supervisor(session)
        clients = [Client(display_name=f"相談者{n}") for n in range(count)]
        session.add_all(clients)
        session.flush()
        session.add_all(
            Case(
                case_no=f"2024-{n:04d}",
                client_id=client.id,
                status=CaseStatus.OPEN,
                opened_on=dt.date(2024, 4, 1),
                risk_level=RiskLevel.LOW,
            )
            for n, client in enumerate(clients)
        )
    database.close()
    return path


def test_rows_are_fetched_a_page_at_a_time(qtbot, window, many_cases_path) -> None:
    open_and_wait(qtbot, window, many_cases_path)
    model = window.case_model
    assert model.rowCount() == PAGE_SIZE * 2 + 50
    # The view asks for what it shows (the first page) and nothing more.
    qtbot.waitUntil(lambda: model.row_if_loaded(0) is not None, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: window.worker.idle, timeout=WAIT_MS)
    assert model.row_if_loaded(PAGE_SIZE) is None
    assert model.row_if_loaded(PAGE_SIZE * 2) is None

    last = model.rowCount() - 1
    assert cell(model, last, Column.CASE_NO) == PLACEHOLDER
    assert cell(model, last, Column.CLIENT) is None
    # The id is known before the row is loaded: selection can follow it.
    assert model.data(model.index(last, 0), CASE_ID_ROLE) == str(model.case_id(last))
    with qtbot.waitSignal(
        model.dataChanged,
        timeout=WAIT_MS,
        check_params_cb=lambda top, bottom, roles: (
            top.row() == PAGE_SIZE * 2 and bottom.row() == last
        ),
    ):
        pass
    assert cell(model, last, Column.CASE_NO) == "2024-0000"
    assert model.row_if_loaded(PAGE_SIZE) is None  # the middle page was never shown

    # Scrolling there makes the view ask for the middle page.
    window.case_view.scrollTo(model.index(PAGE_SIZE + 10, 0))
    qtbot.waitUntil(lambda: model.row_if_loaded(PAGE_SIZE) is not None, timeout=WAIT_MS)
    assert cell(model, PAGE_SIZE, Column.CASE_NO) == f"2024-{PAGE_SIZE + 49:04d}"


def _hold_the_worker_after_the_first_page(window: MainWindow) -> threading.Event:
    """Queue a job that waits for the returned event right after the first
    page arrives, ahead of the job that reads the whole list."""
    release = threading.Event()

    def hold(_count: int) -> None:
        window.case_model.loaded.disconnect(hold)
        window.worker.submit(lambda: release.wait(WAIT_MS / 1000), lambda _: None)

    window.case_model.loaded.connect(hold)
    return release


def test_the_first_page_shows_before_the_whole_list(qtbot, window, many_cases_path) -> None:
    release = _hold_the_worker_after_the_first_page(window)
    open_and_wait(qtbot, window, many_cases_path)
    model = window.case_model
    try:
        # The count and the first page are in; the other ids are not yet.
        assert model.rowCount() == PAGE_SIZE * 2 + 50
        assert not model.complete
        assert cell(model, 0, Column.CASE_NO) == f"2024-{PAGE_SIZE * 2 + 49:04d}"
        last = model.rowCount() - 1
        assert model.case_id(last) is None
        assert model.data(model.index(last, 0), CASE_ID_ROLE) is None
        assert cell(model, last, Column.CASE_NO) == PLACEHOLDER  # shown: asked for
        # Activating a row whose case is unknown does nothing (no tab).
        window.case_view.activated.emit(model.index(last, 0))
        assert window.open_case_ids == []
    finally:
        release.set()
    # The page shown while waiting is fetched once its ids arrive.
    qtbot.waitUntil(lambda: model.row_if_loaded(last) is not None, timeout=WAIT_MS)
    assert model.complete
    assert cell(model, last, Column.CASE_NO) == "2024-0000"
    assert model.row_if_loaded(PAGE_SIZE) is None  # never shown, never read


def test_a_case_added_between_the_two_jobs_resets_the_list(qtbot, window, many_cases_path) -> None:
    release = _hold_the_worker_after_the_first_page(window)
    open_and_wait(qtbot, window, many_cases_path)
    model = window.case_model
    try:
        with window.database.transaction() as session:
            client = Client(display_name="後から来た人")
            session.add(client)
            session.flush()
            session.add(
                Case(
                    case_no="2024-9999",
                    client_id=client.id,
                    status=CaseStatus.OPEN,
                    opened_on=dt.date(2024, 4, 1),
                    risk_level=RiskLevel.LOW,
                )
            )
    finally:
        release.set()
    with qtbot.waitSignal(model.loaded, timeout=WAIT_MS) as blocker:
        pass
    assert blocker.args == [PAGE_SIZE * 2 + 51]
    assert model.complete and model.rowCount() == PAGE_SIZE * 2 + 51
    assert window.count_label.text() == f"ケース {PAGE_SIZE * 2 + 51} 件"
    wait_for_row(qtbot, model, 0)
    assert cell(model, 0, Column.CASE_NO) == "2024-9999"


def test_a_list_replaced_before_it_is_read_is_not_read(qtbot, window, many_cases_path) -> None:
    release = _hold_the_worker_after_the_first_page(window)
    open_and_wait(qtbot, window, many_cases_path)
    model = window.case_model
    statements: list[str] = []
    engine = window.database.engine

    def record(conn, cursor, statement, *args) -> None:
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    try:
        model.load(window.database, CaseFilters(text="相談者12"))
    finally:
        release.set()
    qtbot.waitUntil(lambda: window.worker.idle and model.rowCount() < 50, timeout=WAIT_MS)
    event.remove(engine, "before_cursor_execute", record)
    # Every list read after the search was typed is the search's: the stale
    # whole list (no LIMIT, no name condition) was skipped.
    lists = [s for s in statements if "ORDER BY" in s and "FROM cases" in s]
    assert lists and all("display_name_key" in s for s in lists)
    assert model.complete


def demo_available() -> bool:
    try:
        from casedesk.demo import generate  # noqa: F401
    except ImportError:
        return False
    return True


needs_demo = pytest.mark.skipif(not demo_available(), reason="casedesk.demo not there yet")


@needs_demo
def test_opens_on_a_new_demo_database(qtbot, window, data_dir) -> None:
    window.demo_consultations = 300
    with qtbot.waitSignal(window.case_model.loaded, timeout=120_000) as loaded:
        window.demo_action.trigger()
        progress = window.findChildren(QProgressDialog)
        assert progress and progress[0].isVisible()
    assert demo_db_path().is_file()
    assert demo_db_path().parent == data_dir
    assert loaded.args[0] == count_cases(window.database) > 0
    assert window.windowTitle() == f"casedesk — {demo_db_path().resolve()}"
    qtbot.waitUntil(lambda: not window.findChildren(QProgressDialog), timeout=WAIT_MS)

    # The second time it opens the file that is there, without building.
    with qtbot.waitSignal(window.case_model.loaded, timeout=WAIT_MS) as again:
        window.open_demo()
        assert not [d for d in window.findChildren(QProgressDialog) if d.isVisible()]
    assert again.args == loaded.args


@needs_demo
def test_cancelling_the_demo_build_leaves_no_file(qtbot, window, data_dir) -> None:
    window.demo_consultations = 3000
    window.open_demo()
    [progress] = window.findChildren(QProgressDialog)
    [cancel] = progress.findChildren(QPushButton)
    assert cancel.text() == "キャンセル"
    cancel.click()
    qtbot.waitUntil(lambda: window.worker.idle, timeout=120_000)
    assert window.database is None
    assert not demo_db_path().exists()
    assert window.statusBar().currentMessage() == "デモデータの作成を中止しました。"


def test_run_gui_opens_the_window_and_quits(qtbot, ja_app, data_dir, sample_db_path) -> None:
    from ui.app import run_gui
    from ui.sign_in import SignInDialog

    seen: list[MainWindow] = []
    signed: list[SignInDialog] = []

    def close_when_loaded() -> None:
        [win] = [
            w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()
        ]
        seen.append(win)
        win.case_model.loaded.connect(lambda count: count and win.close())

    def sign_in_when_asked() -> None:
        # The real sign-in dialog, answered as a person would: the login,
        # Enter, the password, Enter.
        dialogs = [w for w in QApplication.topLevelWidgets() if isinstance(w, SignInDialog)]
        shown = [d for d in dialogs if d.isVisible() and d not in signed]
        if not shown:
            QTimer.singleShot(20, sign_in_when_asked)
            return
        dialog = shown[0]
        signed.append(dialog)
        # (Keys go to the fields themselves: which window is active when
        # the dialog opens offscreen varies, so focus is not relied on.)
        dialog.login.selectAll()  # a remembered login may be there
        qtbot.keyClicks(dialog.login, "sato")
        qtbot.keyClicks(dialog.password, SAMPLE_PASSWORD)
        qtbot.keyClick(dialog.password, Qt.Key.Key_Return)

    QTimer.singleShot(0, close_when_loaded)
    QTimer.singleShot(0, sign_in_when_asked)
    # A guard against a hang; stopped below so it cannot fire in a later test.
    guard = QTimer()
    guard.setSingleShot(True)
    guard.timeout.connect(QApplication.quit)
    guard.start(60_000)
    try:
        assert run_gui(str(sample_db_path)) == 0
    finally:
        guard.stop()
    [win] = seen
    assert len(signed) == 1
    assert win.windowTitle() == f"casedesk — {sample_db_path.resolve()}"
    assert win.user_label.text() == "サインイン中: 佐藤 花子"
    assert not win.worker.running
    win.deleteLater()


# --- the database worker ---------------------------------------------------


@pytest.fixture
def worker(qtbot):
    from ui.worker import DatabaseWorker

    w = DatabaseWorker()
    yield w
    w.stop()


def test_worker_runs_jobs_off_the_gui_thread_in_order(qtbot, worker) -> None:
    gui_thread = threading.get_ident()
    ran_on: list[int] = []
    results: list[tuple[int, int]] = []

    def job(n: int) -> int:
        ran_on.append(threading.get_ident())
        return n * n

    for n in range(5):
        worker.submit(lambda n=n: job(n), lambda r, n=n: results.append((n, r)))
    assert not worker.idle
    qtbot.waitUntil(lambda: worker.idle, timeout=WAIT_MS)
    assert results == [(n, n * n) for n in range(5)]  # callbacks in submission order
    assert len(set(ran_on)) == 1 and ran_on[0] != gui_thread  # one thread, not the GUI's


def test_worker_reports_errors(qtbot, worker) -> None:
    def boom() -> None:
        raise ValueError("壊れた")

    caught: list[Exception] = []
    worker.submit(boom, lambda _: pytest.fail("no result expected"), caught.append)
    qtbot.waitUntil(lambda: bool(caught), timeout=WAIT_MS)
    assert isinstance(caught[0], ValueError)
    # Without a handler of its own, the error comes out of the error signal.
    with qtbot.waitSignal(worker.error, timeout=WAIT_MS) as blocker:
        worker.submit(boom, lambda _: None)
    assert str(blocker.args[0]) == "壊れた"


def test_worker_stop_runs_the_last_job_and_drops_callbacks(qtbot) -> None:
    from ui.worker import DatabaseWorker

    w = DatabaseWorker()
    done: list[str] = []
    w.submit(lambda: done.append("queued"), lambda _: done.append("callback"))
    w.stop(lambda: done.append("last"))
    assert done == ["queued", "last"]
    assert not w.running
    with pytest.raises(RuntimeError):
        w.submit(lambda: None, lambda _: None)
    w.stop()  # twice is fine


def test_a_list_that_cannot_be_read_is_reported(qtbot, window, dialogs, sample_db_path) -> None:
    open_and_wait(qtbot, window, sample_db_path)
    model = window.case_model
    qtbot.waitUntil(lambda: model.row_if_loaded(0) is not None, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: window.worker.idle, timeout=WAIT_MS)
    # Break the database behind the worker's back (no job is running).
    with window.database.transaction() as session:
        session.execute(text("ALTER TABLE cases RENAME TO cases_gone"))
    with qtbot.waitSignal(model.failed, timeout=WAIT_MS):
        model.load(window.database)
    [(title, text_, detail)] = dialogs.warnings
    assert title == "データベースのエラー"
    assert text_ == "データベースからケース一覧を読み込めませんでした。"
    assert "cases" in (detail or "")


def test_failing_pages_are_reported_once(qtbot, window, dialogs, many_cases_path) -> None:
    open_and_wait(qtbot, window, many_cases_path)
    qtbot.waitUntil(lambda: window.worker.idle, timeout=WAIT_MS)
    model = window.case_model
    with window.database.transaction() as session:
        session.execute(text("ALTER TABLE clients RENAME TO clients_gone"))
    for row in (PAGE_SIZE, PAGE_SIZE * 2):  # two pages the view has not shown yet
        assert cell(model, row, Column.CASE_NO) == PLACEHOLDER
    qtbot.waitUntil(lambda: window.worker.idle, timeout=WAIT_MS)
    assert len(dialogs.warnings) == 1
    assert dialogs.warnings[0][1] == "データベースからケース一覧を読み込めませんでした。"


def test_typing_narrows_the_list_and_clearing_restores_it(qtbot, window, sample_db_path) -> None:
    open_and_wait(qtbot, window, sample_db_path)
    assert window.search_box.placeholderText().startswith("名前")

    # Ctrl+L from the list puts the cursor in the search box.
    window.case_view.setFocus()
    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert window.search_box.hasFocus()

    # Japanese arrives from the input method as a committed string (QTest
    # types ASCII only); half-width katakana finds みどり.
    with qtbot.waitSignal(window.case_model.loaded, timeout=WAIT_MS):
        commit = QInputMethodEvent("", [])
        commit.setCommitString("ﾐﾄﾞ")
        QApplication.sendEvent(window.search_box, commit)
    assert window.search_box.text() == "ﾐﾄﾞ"
    assert window.case_model.rowCount() == 1
    wait_for_row(qtbot, window.case_model, 0)
    model = window.case_model
    assert model.data(model.index(0, Column.CASE_NO)) == "2024-0004"
    assert window.count_label.text() == "ケース 1 件"

    # Enter runs it at once; a case number works too.
    window.search_box.setText("2023")
    with qtbot.waitSignal(window.case_model.loaded, timeout=WAIT_MS):
        qtbot.keyClick(window.search_box, Qt.Key.Key_Return)
    assert window.case_model.rowCount() == 1

    with qtbot.waitSignal(window.case_model.loaded, timeout=WAIT_MS):
        window.search_box.clear()
    assert window.case_model.rowCount() == 6
    assert window.count_label.text() == "ケース 6 件"


# --- tabs ------------------------------------------------------------------


class CaseTab(QWidget):
    """Stands in for ui.case_view.CaseView: a title that arrives later."""

    title_changed = Signal(str)

    def __init__(self, context: AppContext, case_id: uuid.UUID) -> None:
        super().__init__()
        self.context = context
        self.case_id = case_id

    def title(self) -> str:
        return "ケース"


def test_cases_open_in_tabs_that_are_reused_and_closed(qtbot, window, sample_db_path) -> None:
    open_and_wait(qtbot, window, sample_db_path)
    assert isinstance(window.context, AppContext)
    assert window.context.database is window.database
    assert window.tabs.count() == 1
    assert window.tabs.tabText(0) == "ケース一覧"
    view, model = window.case_view, window.case_model
    wait_for_row(qtbot, model, 0)

    # Without a factory nothing opens (the app's Workflows sets one).
    window.case_view_factory = None
    view.setFocus()
    view.setCurrentIndex(model.index(1, 0))
    qtbot.keyClick(view, Qt.Key.Key_Return)
    assert window.tabs.count() == 1

    window.case_view_factory = CaseTab
    with qtbot.waitSignal(window.case_opened, timeout=WAIT_MS) as opened:
        qtbot.keyClick(view, Qt.Key.Key_Return)
    second = model.case_id(1)
    assert opened.args == [second]
    assert window.tabs.count() == 2 and window.tabs.currentIndex() == 1
    tab = window.tabs.currentWidget()
    assert isinstance(tab, CaseTab) and tab.context is window.context
    tab.title_changed.emit("2024-0004 みどり")
    assert window.tabs.tabText(1) == "2024-0004 みどり"

    # A double-click on another row opens a second tab; the first row again
    # brings its tab forward.
    window.tabs.setCurrentIndex(0)
    rect = view.visualRect(model.index(2, Column.CLIENT))
    # QTest's double-click needs the click before it, as a hand makes one.
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.open_case_ids == [second, model.case_id(2)]
    window.tabs.setCurrentIndex(0)
    window.open_case(second)
    assert window.tabs.count() == 3 and window.tabs.currentIndex() == 1

    # Ctrl+W closes the current case tab, never the list.
    qtbot.keyClick(window, Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier)
    assert window.open_case_ids == [model.case_id(2)]
    window.tabs.setCurrentIndex(0)
    window.close_tab_action.trigger()
    assert window.tabs.count() == 2
    bar = window.tabs.tabBar()
    assert bar.tabButton(0, QTabBar.ButtonPosition.RightSide) is None
    assert bar.tabButton(1, QTabBar.ButtonPosition.RightSide) is not None

    # Another database: the cases of this one close.
    open_and_wait(qtbot, window, sample_db_path.parent / "other.sqlite3")
    assert window.tabs.count() == 1
    assert window.open_case_ids == []


def test_the_status_bar_shows_the_counselor_choice(qtbot, window, sample_db_path) -> None:
    assert window.counselor_label.text() == "予定の担当者:"
    open_and_wait(qtbot, window, sample_db_path)
    # Signed in as the counselor 佐藤: her own due list, and nobody else's.
    # The administrator is nobody's counselor.
    assert window.user_label.text() == "サインイン中: 佐藤 花子"
    combo = window.counselor_combo
    assert [combo.itemText(i) for i in range(combo.count())] == [
        "（選択してください）",
        "佐藤 花子",
        "鈴木 恵",
    ]
    assert combo.currentText() == "佐藤 花子" and not combo.isEnabled()
    assert window.count_label.text() == "ケース 6 件"


def test_signing_out_clears_the_screen_and_asks_who_is_next(
    qtbot, window, dialogs, sample_db_path
) -> None:
    with open_database(sample_db_path).transaction() as session:
        add_supervisor(session)
    open_and_wait(qtbot, window, sample_db_path)
    sato = window.database
    assert sato is not None and sato.actor is not None and sato.actor.login == "sato"
    window.open_case(window.case_model.case_id(0))
    assert window.tabs.count() == 2

    # The next one at the keyboard is the supervisor.
    dialogs.credentials = [("kanri", SAMPLE_PASSWORD)]
    with qtbot.waitSignal(window.case_model.loaded, timeout=WAIT_MS, check_params_cb=bool):
        window.sign_out_action.trigger()
        # At once, before anyone signs in again: nothing of 佐藤's is shown.
        assert window.tabs.count() == 1
        assert window.case_model.rowCount() == 0
        assert window.user_label.text() == ""
        assert window.context.database is None
    assert window.database is not None and window.database.actor is not None
    assert window.database.actor.login == "kanri"
    assert window.database.engine is sato.engine  # the same file, still open
    assert window.user_label.text() == "サインイン中: 管理 陽子"
    assert dialogs.sign_ins[-1] == (sato.display_location, False)
    # A supervisor may look at a counselor's due list.
    combo = window.counselor_combo
    assert combo.isEnabled() and combo.currentText() == "管理 陽子"
    with qtbot.waitSignal(window.context.staff_changed, timeout=WAIT_MS) as changed:
        combo.setCurrentIndex(combo.findText("鈴木 恵"))
    assert changed.args == [window.context.lookups.staff[2].id]
    with window.database.reading() as session:
        actions = [
            row[0]
            for row in session.execute(
                text("SELECT action FROM audit_log ORDER BY seq DESC LIMIT 2")
            )
        ]
    assert actions == ["sign_in", "sign_out"]


def test_cancelling_sign_in_leaves_the_database_closed(
    qtbot, window, dialogs, sample_db_path
) -> None:
    dialogs.credentials = None
    window.open_database(sample_db_path)
    qtbot.waitUntil(lambda: bool(dialogs.sign_ins), timeout=WAIT_MS)
    qtbot.waitUntil(lambda: window.worker.idle, timeout=WAIT_MS)
    assert window.database is None and window.context.database is None
    assert window.count_label.text() == ""
    assert window.location_label.text() == "データベースが開かれていません。"


def test_a_new_database_is_encrypted_and_its_first_administrator_made(
    qtbot, window, dialogs, tmp_path
) -> None:
    path = tmp_path / "office.sqlite3"
    open_and_wait(qtbot, window, path)
    assert dialogs.passphrase_asks == [(str(path), True, False)]
    assert dialogs.sign_ins == [(str(path), True)]  # the first administrator
    database = window.database
    assert database is not None and database.encrypted
    assert database.actor is not None and database.actor.login == "admin"
    assert path.read_bytes()[:16] != b"SQLite format 3\x00"
    assert window.location_label.text() == f"データベース（暗号化）: {path}"


def test_a_wrong_passphrase_asks_again_and_a_cancel_opens_nothing(
    qtbot, window, dialogs, sample_db_path, tmp_path
) -> None:
    from casedesk.encryption import encrypt_database

    encrypt_database(sample_db_path, TEST_PASSPHRASE)
    dialogs.passphrases = ["not the passphrase", TEST_PASSPHRASE]
    open_and_wait(qtbot, window, sample_db_path)
    location = str(sample_db_path)
    assert dialogs.passphrase_asks == [(location, False, False), (location, False, True)]
    assert window.database is not None and window.database.encrypted
    assert window.case_model.rowCount() == 6

    other = tmp_path / "other.sqlite3"
    shutil.copyfile(sample_db_path, other)
    before = other.read_bytes()
    dialogs.passphrases = None  # she cancels
    window.open_database(other)
    assert window.database is not None and window.database.path == sample_db_path.resolve()
    assert other.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("other")) == [
        "other.sqlite3"
    ]
    assert dialogs.warnings == []


def test_back_up_now_for_a_supervisor_not_for_a_counselor(
    qtbot, window, dialogs, sample_db_path
) -> None:
    open_and_wait(qtbot, window, sample_db_path)  # 佐藤, a counselor
    window.backup_action.trigger()
    qtbot.waitUntil(lambda: bool(dialogs.warnings), timeout=WAIT_MS)
    assert dialogs.warnings[-1][1] == "この操作を行う権限がありません。"
    assert not (sample_db_path.parent / "backups").exists()

    with open_database(sample_db_path).transaction() as session:
        add_supervisor(session)
    dialogs.credentials = [("kanri", SAMPLE_PASSWORD)]
    with qtbot.waitSignal(window.case_model.loaded, timeout=WAIT_MS, check_params_cb=bool):
        window.sign_out_action.trigger()
    window.backup_action.trigger()
    qtbot.waitUntil(
        lambda: window.statusBar().currentMessage().startswith("バックアップを作成しました"),
        timeout=WAIT_MS,
    )
    [made] = (sample_db_path.parent / "backups").iterdir()
    assert made.name.startswith("sample-") and made.suffix == ".sqlite3"
    assert not [d for d in window.findChildren(QProgressDialog) if d.isVisible()]
