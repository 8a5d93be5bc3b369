"""The case-list service on a real SQLite file: counts, order, and what a row says."""

from __future__ import annotations

import uuid

from sqlalchemy import select, text

from casedesk.case_list import (
    CaseFilters,
    CaseRow,
    CaseSort,
    case_ids,
    count_cases,
    fetch_rows,
    rows_statement,
)
from casedesk.database import Database
from db.enums import CaseStatus
from db.models.cases import Case
from tests.conftest import SAMPLE_CASES


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

    database = open_database(tmp_path / "empty.sqlite3")
    try:
        assert count_cases(database) == 0
        assert case_ids(database) == []
    finally:
        database.close()


def test_page_query_uses_the_indexes(sample_db: Database) -> None:
    # The list must stay fast with a million consultations: a page is found
    # by primary key, and each case's last contact and DV flag come from the
    # (case_id, consulted_on) index, never from a scan of consultations.
    stmt = rows_statement(case_ids(sample_db)[:3])
    sql = str(
        stmt.compile(dialect=sample_db.engine.dialect, compile_kwargs={"literal_binds": True})
    )
    with sample_db.engine.connect() as connection:
        plan = connection.exec_driver_sql("EXPLAIN QUERY PLAN " + sql).all()
    details = [str(row[-1]) for row in plan]
    on_consultations = [d for d in details if "consultations" in d]
    assert on_consultations, details
    for detail in on_consultations:
        assert "ix_consultations_case_id_consulted_on" in detail, details
    assert not any(d.startswith("SCAN cases") for d in details), details
