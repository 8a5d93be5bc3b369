"""The case-list service on a real SQLite file: counts, order, and what a row says."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select, text

from casedesk.case_list import (
    CaseFilters,
    CaseRow,
    CaseSort,
    case_ids,
    count_cases,
    fetch_rows,
    list_head,
    next_due_statement,
    rows_statement,
)
from casedesk.database import Database
from casedesk.followups import FollowUpKind, due_followups
from db.enums import ActionStatus, CaseStatus, ContactKind, StaffRole
from db.models.cases import Case, CaseAssignment
from db.models.consultations import Consultation
from db.models.plans import PlanItem
from tests.actors import SUPERVISOR, actor_of_login, as_login, as_role
from tests.conftest import SAMPLE_CASES
from tests.test_services_followups import TODAY, World, build_world, day


def ids_by_case_no(db: Database) -> dict[str, uuid.UUID]:
    with db.reading() as session:
        return {case.case_no: case.id for case in session.scalars(select(Case))}


def test_count(sample_db: Database) -> None:
    assert count_cases(sample_db) == len(SAMPLE_CASES)
    assert count_cases(sample_db, CaseFilters(status=CaseStatus.OPEN)) == 4
    assert count_cases(sample_db, CaseFilters(status=CaseStatus.CLOSED)) == 2


def test_default_order_is_newest_case_number_first(sample_db: Database) -> None:
    numbers = {v: k for k, v in ids_by_case_no(sample_db).items()}
    listed = [numbers[i] for i in case_ids(sample_db)]
    assert listed == [s.case_no for s in SAMPLE_CASES]
    assert listed[0] == "2024-0005" and listed[-1] == "2023-0012"


def test_ascending_order_and_filter(sample_db: Database) -> None:
    numbers = {v: k for k, v in ids_by_case_no(sample_db).items()}
    ascending = [numbers[i] for i in case_ids(sample_db, sort=CaseSort(descending=False))]
    assert ascending == sorted(s.case_no for s in SAMPLE_CASES)
    closed = case_ids(sample_db, CaseFilters(status=CaseStatus.CLOSED))
    assert [numbers[i] for i in closed] == ["2024-0002", "2024-0001"]


def test_list_head_gives_the_count_and_the_first_ids(sample_db: Database) -> None:
    everything = case_ids(sample_db)
    head = list_head(sample_db, limit=4)
    assert (head.count, list(head.ids), head.complete) == (6, everything[:4], False)
    # A first page shorter than asked is the whole list.
    head = list_head(sample_db, CaseFilters(status=CaseStatus.CLOSED), limit=4)
    assert (head.count, head.complete) == (2, True)
    assert head.ids == case_ids(sample_db, CaseFilters(status=CaseStatus.CLOSED))


def test_list_head_reads_a_collected_list_whole(sample_db: Database) -> None:
    # A quick search or a date range is collected before it is ordered:
    # the whole list comes at once, as quick as its first page.
    for filters in (
        CaseFilters(text="2024"),
        CaseFilters(date_from=dt.date(2024, 1, 1), date_to=dt.date(2024, 12, 31)),
    ):
        head = list_head(sample_db, filters, limit=2)
        assert head.complete and head.count > 2
        assert head.ids == case_ids(sample_db, filters)


def test_rows_say_what_the_counselor_needs(sample_db: Database) -> None:
    ids = case_ids(sample_db)
    rows = fetch_rows(sample_db, ids)
    assert [row.id for row in rows] == ids
    for row, sample in zip(rows, SAMPLE_CASES, strict=True):
        assert row == CaseRow(
            id=row.id,
            case_no=sample.case_no,
            display_name=sample.display_name,
            age_band=sample.age_band,
            lead_counselor=sample.counselor,
            last_contact=sample.last_contact,
            status=sample.status,
            is_dv=sample.is_dv,
            risk_level=sample.risk_level,
            restricted=sample.restricted,
        ), sample.case_no


def test_a_page_comes_back_in_the_order_asked(sample_db: Database) -> None:
    by_no = ids_by_case_no(sample_db)
    wanted = [by_no["2024-0001"], by_no["2024-0004"], by_no["2023-0012"]]
    rows = fetch_rows(sample_db, wanted)
    assert [row.case_no for row in rows] == ["2024-0001", "2024-0004", "2023-0012"]
    assert fetch_rows(sample_db, []) == []


def test_a_deleted_case_is_left_out(sample_db: Database) -> None:
    ids = case_ids(sample_db)
    gone = ids[0]
    with sample_db.transaction() as session:
        session.execute(text("DELETE FROM cases WHERE case_no = '2024-0005'"))
    rows = fetch_rows(sample_db, ids)
    assert gone not in {row.id for row in rows}
    assert len(rows) == len(ids) - 1


def test_more_ids_than_one_statement_takes(sample_db: Database) -> None:
    # Unknown ids are skipped; the known ones still come back, in order.
    ids = case_ids(sample_db)
    padded = [uuid.uuid4() for _ in range(700)] + ids[::-1] + [uuid.uuid4() for _ in range(700)]
    rows = fetch_rows(sample_db, padded)
    assert [row.id for row in rows] == ids[::-1]


def test_empty_database(tmp_path) -> None:
    from casedesk.database import open_database

    database = as_role(open_database(tmp_path / "empty.sqlite3"), StaffRole.SUPERVISOR)
    try:
        assert count_cases(database) == 0
        assert case_ids(database) == []
    finally:
        database.close()


def test_page_query_uses_the_indexes(sample_db: Database) -> None:
    # The list must stay fast with a million consultations: a page is found
    # by primary key, and each case's last contact and DV flag come from an
    # index led by case_id ((case_id, consulted_on), (is_dv, case_id)), never
    # from a scan of consultations.
    stmt = rows_statement(case_ids(sample_db)[:3], actor=SUPERVISOR)
    sql = str(
        stmt.compile(dialect=sample_db.engine.dialect, compile_kwargs={"literal_binds": True})
    )
    with sample_db.engine.connect() as connection:
        plan = connection.exec_driver_sql("EXPLAIN QUERY PLAN " + sql).all()
    details = [str(row[-1]) for row in plan]
    on_consultations = [d for d in details if "consultations" in d]
    assert on_consultations, details
    for detail in on_consultations:
        assert "INDEX ix_consultations_" in detail and "case_id=?" in detail, details
    assert not any(d.startswith("SCAN cases") for d in details), details


def test_ids_are_a_sequence_of_uuids(sample_db: Database) -> None:
    # The snapshot keeps the stored text and makes UUIDs on reading.
    ids = case_ids(sample_db)
    as_list = list(ids)
    assert all(isinstance(i, uuid.UUID) for i in as_list)
    assert ids == as_list and as_list == ids
    assert ids == case_ids(sample_db)
    assert ids != as_list[::-1]
    assert ids[0] == as_list[0] and ids[-1] == as_list[-1]
    assert ids[1:3] == as_list[1:3]
    assert as_list[2] in ids and uuid.uuid4() not in ids and "x" not in ids
    assert len(ids) == len(SAMPLE_CASES)
    assert ids.index(as_list[3]) == 3


def test_no_follow_ups_no_next_due(sample_db: Database) -> None:
    rows = fetch_rows(sample_db, case_ids(sample_db))
    assert [(r.next_due_on, r.next_due_kind, r.next_due_what) for r in rows] == [
        (None, None, None)
    ] * len(SAMPLE_CASES)


@pytest.fixture
def world(tmp_path: Path) -> Iterator[World]:
    w = build_world(tmp_path / "followups.sqlite3")
    yield w
    w.db.close()


def test_next_due_is_the_earliest_open_follow_up(world: World) -> None:
    rows = {row.id: row for row in fetch_rows(world.db, case_ids(world.db))}
    # Whoever is responsible: the other counselor's items count too.  The
    # superseded plan's action, done and cancelled items, and con_old
    # (overtaken by a later consultation) do not.
    own = rows[world.own_case]
    assert (own.next_due_on, own.next_due_kind, own.next_due_what) == (
        day(-3),
        FollowUpKind.PLAN_ACTION,
        "行動 plan_lead",
    )
    others = rows[world.others_case]
    assert (others.next_due_on, others.next_due_kind, others.next_due_what) == (
        day(-1),
        FollowUpKind.CONSULTATION,
        "メモ con_others_case",
    )
    # A closed case has nothing due, though an item of it is still open.
    closed = rows[world.closed_case]
    assert (closed.next_due_on, closed.next_due_kind, closed.next_due_what) == (None, None, None)


def test_next_due_agrees_with_the_due_lists(world: World) -> None:
    # Every open item of the open cases is on some counselor's due list
    # (no horizon): the column shows the earliest of each case's.
    order = list(FollowUpKind)
    earliest: dict[uuid.UUID, tuple[dt.date, int]] = {}
    for staff_id in (world.mine, world.other):
        for item in due_followups(world.db, staff_id, TODAY, horizon_days=100_000):
            key = (item.due_on, order.index(item.kind))
            earliest[item.case_id] = min(earliest.get(item.case_id, key), key)
    rows = fetch_rows(world.db, case_ids(world.db))
    shown = {
        row.id: (row.next_due_on, order.index(row.next_due_kind))
        for row in rows
        if row.next_due_on is not None and row.next_due_kind is not None
    }
    assert shown == earliest


def test_later_items_and_a_new_consultation_move_the_next_due(world: World) -> None:
    with world.db.transaction() as s:
        # The plan action is done; a consultation today settles the
        # consultation follow-up of the other case and sets a new one.
        item = s.get(PlanItem, world.ids["plan_lead"])
        assert item is not None
        item.status = ActionStatus.DONE
        s.add(
            Consultation(
                case_id=world.others_case,
                consulted_on=TODAY,
                channel_id=world.line,
                contact_kind=ContactKind.CONTINUING,
                follow_up_on=day(20),
            )
        )
    rows = {row.id: row for row in fetch_rows(world.db, [world.own_case, world.others_case])}
    own = rows[world.own_case]
    # role_mine and role_other (day -1) are next; conference roles follow
    # consultations in the due list's order of kinds.
    assert (own.next_due_on, own.next_due_kind) == (day(-1), FollowUpKind.CONFERENCE_ROLE)
    others = rows[world.others_case]
    # The new consultation settles acc_mine (day 1) as well: its plan
    # action (day 2) comes before the new follow-up (day 20).
    assert (others.next_due_on, others.next_due_kind) == (day(2), FollowUpKind.PLAN_ACTION)


def test_next_due_query_uses_case_indexes(world: World) -> None:
    # Asked for the page's ids only: every part starts from a case_id index.
    stmt = next_due_statement(case_ids(world.db)[:3])
    sql = str(stmt.compile(dialect=world.db.engine.dialect, compile_kwargs={"literal_binds": True}))
    with world.db.engine.connect() as connection:
        plan = connection.exec_driver_sql("EXPLAIN QUERY PLAN " + sql).all()
    details = [str(row[-1]) for row in plan]
    assert not any(d.startswith("SCAN") for d in details), details
    for table in ("support_plans", "referrals", "consultations", "accompaniments"):
        assert any(d.startswith(f"SEARCH {table} ") and "(case_id=?)" in d for d in details), [
            table,
            *details,
        ]


def test_the_list_shows_the_next_due_action(qtbot, qtmodeltester, ja_app, world: World) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt

    from tests.gui import WAIT_MS
    from ui.case_list_model import CaseListModel, Column
    from ui.worker import DatabaseWorker

    worker = DatabaseWorker()
    try:
        model = CaseListModel(worker)
        with qtbot.waitSignal(model.loaded, timeout=WAIT_MS):
            model.load(world.db)
        model.data(model.index(0, 0))  # asks for the page
        qtbot.waitUntil(lambda: model.row_if_loaded(0) is not None, timeout=WAIT_MS)
        qtmodeltester.check(model)
        title = model.headerData(Column.NEXT_DUE, Qt.Orientation.Horizontal)
        assert title == "次の対応予定"

        def cell(case_no: str, role: Qt.ItemDataRole = Qt.ItemDataRole.DisplayRole) -> object:
            for row in range(model.rowCount()):
                if model.data(model.index(row, Column.CASE_NO)) == case_no:
                    return model.data(model.index(row, Column.NEXT_DUE), role)
            raise AssertionError(case_no)

        # 2025-0002 is the own case, 2025-0001 the other's, 2025-0003 closed.
        assert cell("2025-0002") == f"{day(-3):%Y/%m/%d} 支援計画"
        assert cell("2025-0002", Qt.ItemDataRole.ToolTipRole) == "行動 plan_lead"
        assert cell("2025-0001") == f"{day(-1):%Y/%m/%d} 相談フォロー"
        assert cell("2025-0003") == ""
        # Overdue (the test's dates are in the past): in red.
        brush = cell("2025-0002", Qt.ItemDataRole.ForegroundRole)
        assert brush is not None and brush.color().red() > 150  # type: ignore[attr-defined]
        assert cell("2025-0003", Qt.ItemDataRole.ForegroundRole) is None
        assert [model.kind_text(k) for k in FollowUpKind] == [
            "支援計画",
            "つなぎ",
            "相談フォロー",
            "同行支援",
            "ケース会議",
        ]
    finally:
        worker.stop()


def test_a_restricted_case_is_left_out_for_a_counselor_who_may_not_open_it(
    sample_db: Database,
) -> None:
    # 2024-0004 is restricted and 佐藤's: 鈴木 does not see it anywhere,
    # whichever way the list is taken; an administrator sees no case at all.
    numbers = {v: k for k, v in ids_by_case_no(sample_db).items()}
    suzuki = as_login(sample_db, "suzuki")
    everything = [s.case_no for s in SAMPLE_CASES]
    hers = [n for n in everything if n != "2024-0004"]
    assert [numbers[i] for i in case_ids(suzuki)] == hers
    assert count_cases(suzuki) == len(hers)
    head = list_head(suzuki, limit=2)
    assert [numbers[i] for i in head.ids] == hers[:2] and head.count == len(hers)
    dv = CaseFilters(dv_only=True)  # answered from the DV summary
    assert [numbers[i] for i in case_ids(suzuki, dv)] == ["2024-0002"]
    assert count_cases(suzuki, dv) == 1
    assert [numbers[i] for i in case_ids(sample_db, dv)] == ["2024-0004", "2024-0002"]
    assert fetch_rows(suzuki, [ids_by_case_no(sample_db)["2024-0004"]]) == []
    # Assigned to it, she sees it.
    with sample_db.transaction() as session:
        session.add(
            CaseAssignment(
                case_id=ids_by_case_no(sample_db)["2024-0004"],
                staff_id=actor_of_login(sample_db, "suzuki").staff_id,
            )
        )
    assert [numbers[i] for i in case_ids(suzuki)] == everything
    admin = as_login(sample_db, "admin")
    assert case_ids(admin) == [] and count_cases(admin) == 0
