"""Sorting the case list by any column but the next due action, in SQL."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt

from casedesk.case_list import CaseFilters, case_ids
from casedesk.case_sort import CaseSort, SortKey
from casedesk.database import Database
from db.enums import CaseStatus
from tests.gui import WAIT_MS, RecordingDialogs
from tests.test_case_list_service import ids_by_case_no
from ui.case_list_model import CaseListModel, Column
from ui.worker import DatabaseWorker


def listed(db: Database, key: SortKey, descending: bool = False, **filters: object) -> list[str]:
    numbers = {v: k for k, v in ids_by_case_no(db).items()}
    sort = CaseSort(key, descending)
    return [numbers[i] for i in case_ids(db, CaseFilters(**filters), sort)]  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("key", "ascending"),
    [
        # Folded names: "LINE：さくら" is "line:さくら", before the kana.
        (
            SortKey.CLIENT,
            ["2024-0003", "2024-0001", "2023-0012", "2024-0005", "2024-0004", "2024-0002"],
        ),
        # Oldest contact first; はるか has none and comes last both ways.
        (
            SortKey.LAST_CONTACT,
            ["2023-0012", "2024-0001", "2024-0002", "2024-0003", "2024-0004", "2024-0005"],
        ),
        # By the code list's order (10代以下, 20代, 30代, 40代, ..., 不明), no band last.
        (
            SortKey.AGE_BAND,
            ["2024-0002", "2024-0003", "2024-0004", "2023-0012", "2024-0001", "2024-0005"],
        ),
        # Low, medium, high (not alphabetical), ties by case number.
        (
            SortKey.RISK,
            ["2023-0012", "2024-0001", "2024-0002", "2024-0005", "2024-0003", "2024-0004"],
        ),
    ],
)
def test_sort_keys(sample_db: Database, key: SortKey, ascending: list[str]) -> None:
    assert listed(sample_db, key) == ascending


def test_descending_keeps_the_empty_ones_last(sample_db: Database) -> None:
    newest_first = listed(sample_db, SortKey.LAST_CONTACT, descending=True)
    assert newest_first[0] == "2024-0004"
    assert newest_first[-1] == "2024-0005"  # no contact yet
    by_counselor = listed(sample_db, SortKey.COUNSELOR, descending=True)
    assert by_counselor[-2:] == ["2024-0005", "2023-0012"]  # no counselor, by number


def test_every_key_runs_with_a_filter(sample_db: Database) -> None:
    for key in SortKey:
        for descending in (False, True):
            found = listed(sample_db, key, descending, status=CaseStatus.CLOSED)
            assert sorted(found) == ["2024-0001", "2024-0002"]


def test_clicking_a_column_sorts_the_model(qtbot, ja_app, sample_db: Database) -> None:
    worker = DatabaseWorker()
    model = CaseListModel(worker)
    try:
        with qtbot.waitSignal(model.loaded, timeout=WAIT_MS):
            model.load(sample_db)
        with qtbot.waitSignal(model.loaded, timeout=WAIT_MS):
            model.sort(Column.LAST_CONTACT, Qt.SortOrder.DescendingOrder)
        assert model.current_sort == CaseSort(SortKey.LAST_CONTACT, descending=True)
        numbers = {v: k for k, v in ids_by_case_no(sample_db).items()}
        assert numbers[model.case_id(0)] == "2024-0004"
        # A reload (new filters) keeps the order.
        with qtbot.waitSignal(model.loaded, timeout=WAIT_MS):
            model.load(sample_db, CaseFilters(status=CaseStatus.OPEN))
        assert numbers[model.case_id(0)] == "2024-0004"
        # The next due action cannot be sorted on: nothing happens.
        assert not model.sortable(Column.NEXT_DUE)
        model.sort(Column.NEXT_DUE, Qt.SortOrder.AscendingOrder)
        assert model.current_sort.key is SortKey.LAST_CONTACT
    finally:
        worker.stop()


def test_header_clicks_sort_and_the_next_due_column_does_not(
    qtbot, ja_app, data_dir, sample_db_path
) -> None:
    from ui.main_window import MainWindow

    window = MainWindow(RecordingDialogs())
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.case_model.loaded, timeout=WAIT_MS):
        window.open_database(sample_db_path)
    header = window.case_view.horizontalHeader()
    model = window.case_model

    def click(column: Column) -> None:
        x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
        qtbot.mouseClick(
            header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, header.height() // 2)
        )

    with qtbot.waitSignal(model.loaded, timeout=WAIT_MS):
        click(Column.LAST_CONTACT)
    assert model.current_sort.key is SortKey.LAST_CONTACT
    assert header.sortIndicatorSection() == Column.LAST_CONTACT
    click(Column.NEXT_DUE)
    assert model.current_sort.key is SortKey.LAST_CONTACT
    assert header.sortIndicatorSection() == Column.LAST_CONTACT
