"""What the main window remembers between runs: filters and the counselor
per database, sort, columns and layout globally, the language for the next
start.  Every test keeps its settings in tmp_path."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt

from casedesk.case_list import CaseFilters
from casedesk.lookups import Lookups, Option
from db.enums import CaseStatus
from ui.case_list_model import Column
from ui.i18n import ui_language
from ui.main_window import MainWindow
from ui.settings import SETTINGS_ENV, AppSettings, StoredFilters

from .gui import WAIT_MS, RecordingDialogs


@pytest.fixture(autouse=True)
def settings_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "settings" / "casedesk.ini"
    monkeypatch.setenv(SETTINGS_ENV, str(path))
    monkeypatch.delenv("CASEDESK_LANG", raising=False)
    return path


def new_window(qtbot, settings_file: Path) -> MainWindow:
    window = MainWindow(
        RecordingDialogs(),
        settings=AppSettings(QSettings(str(settings_file), QSettings.Format.IniFormat)),
    )
    qtbot.addWidget(window)
    window.show()
    return window


def open_and_wait(qtbot, window: MainWindow, path: Path) -> None:
    with qtbot.waitSignal(window.case_model.loaded, timeout=WAIT_MS):
        window.open_database(path)


def test_a_new_window_comes_back_as_the_last_one_was_left(
    qtbot, ja_app, data_dir, sample_db_path, settings_file
) -> None:
    first = new_window(qtbot, settings_file)
    open_and_wait(qtbot, first, sample_db_path)
    bar = first.filter_bar
    with qtbot.waitSignal(first.case_model.loaded, timeout=WAIT_MS):
        bar.dv_check.setChecked(True)
    with qtbot.waitSignal(first.case_model.loaded, timeout=WAIT_MS):
        bar.status_combo.setCurrentIndex(bar.status_combo.findText("対応中"))
    assert first.case_model.rowCount() == 1
    header = first.case_view.horizontalHeader()
    header.setSortIndicator(Column.CLIENT, Qt.SortOrder.AscendingOrder)
    first.case_view.setColumnWidth(Column.COUNSELOR, 321)
    header.moveSection(header.visualIndex(Column.RISK), 0)
    first.due_dock.hide()
    first.filter_action.setChecked(False)
    first.resize(700, 500)  # within the offscreen screen (800×600)
    size = first.size()  # as wide as the toolbars allow
    assert size.height() == 500  # not the first run's 680
    first.close()
    assert settings_file.is_file()
    assert AppSettings(QSettings(str(settings_file), QSettings.Format.IniFormat)).last_database()

    second = new_window(qtbot, settings_file)
    # The layout is back before any database opens.
    assert second.size() == size
    header = second.case_view.horizontalHeader()
    assert header.sortIndicatorSection() == Column.CLIENT
    assert header.sortIndicatorOrder() == Qt.SortOrder.AscendingOrder
    assert second.case_view.columnWidth(Column.COUNSELOR) == 321
    assert header.visualIndex(Column.RISK) == 0
    assert not second.due_dock.isVisible()
    assert not second.filter_bar.isVisible()
    # The filters come back with the database; the due list is of whoever
    # signed in, and her login is offered at the next sign-in.
    open_and_wait(qtbot, second, sample_db_path)
    assert second.filter_bar.dv_check.isChecked()
    assert second.filter_bar.status_combo.currentText() == "対応中"
    assert second.filters.dv_only and second.filters.status is CaseStatus.OPEN
    assert second.case_model.rowCount() == 1
    assert second.counselor_combo.currentText() == "佐藤 花子"
    staff = {o.label: o.id for o in second.context.lookups.staff}
    assert second.context.staff_id == staff["佐藤 花子"]
    location = str(sample_db_path.resolve())
    assert second.settings.last_login(location) == "sato"

    # Another database has its own filters (none).
    open_and_wait(qtbot, second, sample_db_path.parent / "other.sqlite3")
    assert not second.filter_bar.dv_check.isChecked()
    # A new database: its first administrator signed in, nobody's counselor.
    assert second.database is not None and second.database.actor is not None
    assert second.context.staff_id == second.database.actor.staff_id
    assert second.counselor_combo.currentText() == "（選択してください）"


def test_ids_a_database_no_longer_has_are_dropped(tmp_path) -> None:
    settings = AppSettings(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    staff, channel, gone = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    settings.set_filters(
        "/data/a.sqlite3",
        StoredFilters(
            CaseFilters(
                status=CaseStatus.CLOSED, counselor_id=staff, channel_id=gone, topic_id=channel
            )
        ),
    )
    from db.enums import CodeCategory

    lookups = Lookups(
        codes={CodeCategory.CHANNEL: [Option(channel, "LINE")]}, staff=[Option(staff, "佐藤")]
    )
    stored = settings.filters("/data/a.sqlite3", lookups)
    # The channel is gone; a channel id stored as a topic is no topic.
    assert stored.filters == CaseFilters(status=CaseStatus.CLOSED, counselor_id=staff)
    assert settings.filters("/data/b.sqlite3", lookups) == StoredFilters(CaseFilters())

    settings.set_filters("/data/a.sqlite3", StoredFilters(CaseFilters(), counselor_is_me=True))
    assert settings.filters("/data/a.sqlite3", lookups).counselor_is_me


def test_the_language_is_saved_for_the_next_start(
    qtbot, ja_app, data_dir, settings_file, monkeypatch
) -> None:
    window = new_window(qtbot, settings_file)
    assert window.language_actions["ja"].isChecked()
    window.language_menu.actions()[1].trigger()  # English
    assert window.language_actions["en"].isChecked()
    assert window.statusBar().currentMessage() == "言語は次回の起動時に切り替わります。"
    # The window itself stays Japanese until then.
    assert window.menuBar().actions()[0].text() == "ファイル(&F)"

    saved = AppSettings(QSettings(str(settings_file), QSettings.Format.IniFormat))
    assert saved.language() == "en"
    assert ui_language(saved) == "en"
    assert ui_language() == "en"  # the default settings store (CASEDESK_SETTINGS)
    monkeypatch.setenv("CASEDESK_LANG", "ja")  # the environment wins
    assert ui_language(saved) == "ja"


def test_the_last_database_is_opened_again_only_if_it_is_there(tmp_path) -> None:
    from ui.app import last_database

    settings = AppSettings(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    assert last_database(settings) is None
    path = tmp_path / "office.sqlite3"
    settings.set_last_database(str(path))
    assert last_database(settings) is None  # gone: never recreated empty
    path.write_bytes(b"")
    assert last_database(settings) == path
