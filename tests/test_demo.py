"""The demo generator writes consistent, plausible records, and only into an
empty database."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Uuid, select

from casedesk.database import Database, open_database
from casedesk.demo import (
    PROGRAM_NAME,
    DemoCancelled,
    DemoCounts,
    DemoTargetNotEmpty,
    generate,
)
from db.base import Base
from db.enums import StaffRole
from db.models import Consultation, Staff
from db.models.case_summaries import SQLITE_TRIGGERS
from tests.case_summaries import assert_summaries_match

UNTIL = dt.date(2026, 11, 23)
WINDOW_START = dt.date(2025, 4, 1)
CONSULTATIONS = 2000

# DemoCounts field -> the table it counts.
COUNTED_TABLES = {
    "staff": "staff",
    "agencies": "agencies",
    "clients": "clients",
    "cases": "cases",
    "consultations": "consultations",
    "referrals": "referrals",
    "accompaniments": "accompaniments",
    "conferences": "conferences",
    "outreach_events": "outreach_events",
    "goods_distributions": "goods_distributions",
    "group_sessions": "group_sessions",
    "surveys": "consultation_surveys",
}


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Database, DemoCounts]]:
    database = open_database(tmp_path_factory.mktemp("demo") / "demo.sqlite3")
    counts = generate(database, consultations=CONSULTATIONS, seed=7, until=UNTIL)
    yield database, counts
    database.close()


def scalar(database: Database, sql: str) -> object:
    with database.engine.connect() as conn:
        return conn.exec_driver_sql(sql).scalar()


def rows(database: Database, sql: str) -> list[tuple[object, ...]]:
    with database.engine.connect() as conn:
        return [tuple(r) for r in conn.exec_driver_sql(sql)]


def test_counts_match_the_tables(demo: tuple[Database, DemoCounts]) -> None:
    database, counts = demo
    assert counts.consultations == CONSULTATIONS
    for field, table in COUNTED_TABLES.items():
        assert getattr(counts, field) == scalar(database, f"SELECT COUNT(*) FROM {table}"), field
    anonymous = scalar(database, "SELECT COUNT(*) FROM consultations WHERE case_id IS NULL")
    assert counts.anonymous_consultations == anonymous
    assert 0.08 * CONSULTATIONS <= counts.anonymous_consultations <= 0.12 * CONSULTATIONS
    assert 10 <= counts.staff <= 15
    assert counts.agencies >= 50
    # About five consultations per client, a few reopened cases.
    assert 3.5 <= (CONSULTATIONS - counts.anonymous_consultations) / counts.clients <= 6.5
    assert counts.clients <= counts.cases <= counts.clients * 1.1


def test_consultations_lie_in_the_two_fiscal_years(demo: tuple[Database, DemoCounts]) -> None:
    database, _ = demo
    [(first, last)] = rows(
        database, "SELECT MIN(consulted_on), MAX(consulted_on) FROM consultations"
    )
    assert str(first) >= WINDOW_START.isoformat()
    assert str(last) <= UNTIL.isoformat()
    months = rows(database, "SELECT DISTINCT substr(consulted_on, 1, 7) FROM consultations")
    assert len(months) == 20  # April 2025 .. November 2026


def test_first_consultation_of_a_client_is_new_and_the_rest_continuing(
    demo: tuple[Database, DemoCounts],
) -> None:
    database, _ = demo
    wrong = scalar(
        database,
        """
        SELECT COUNT(*) FROM (
            SELECT c.contact_kind,
                   ROW_NUMBER() OVER (
                       PARTITION BY k.client_id ORDER BY c.consulted_on, c.created_at
                   ) AS n
            FROM consultations c JOIN cases k ON k.id = c.case_id)
        WHERE (n = 1) != (contact_kind = 'new')
        """,
    )
    assert wrong == 0
    opened_elsewhere = scalar(
        database,
        """
        SELECT COUNT(*) FROM cases k
        WHERE k.opened_on != (SELECT MIN(consulted_on) FROM consultations c WHERE c.case_id = k.id)
           OR k.closed_on < (SELECT MAX(consulted_on) FROM consultations c WHERE c.case_id = k.id)
        """,
    )
    assert opened_elsewhere == 0


def test_every_channel_appears(demo: tuple[Database, DemoCounts]) -> None:
    database, _ = demo
    used = rows(
        database,
        "SELECT k.code, COUNT(*) FROM consultations c JOIN code_items k ON k.id = c.channel_id"
        " GROUP BY k.code",
    )
    channels = rows(database, "SELECT code FROM code_items WHERE category = 'channel'")
    assert {code for code, _ in used} == {code for (code,) in channels}
    line = dict(used)["line"]
    assert 0.4 * CONSULTATIONS <= int(str(line)) <= 0.65 * CONSULTATIONS


def test_violence_topics_set_the_dv_flag_and_kinds(demo: tuple[Database, DemoCounts]) -> None:
    database, _ = demo
    undeclared = scalar(
        database,
        """
        SELECT COUNT(*) FROM consultations c JOIN code_items k ON k.id = c.main_complaint_id
        WHERE k.is_dv AND (NOT c.is_dv OR NOT EXISTS (
            SELECT 1 FROM consultation_violence_kinds v WHERE v.consultation_id = c.id))
        """,
    )
    assert undeclared == 0
    stray = scalar(
        database,
        "SELECT COUNT(*) FROM consultation_violence_kinds v"
        " JOIN consultations c ON c.id = v.consultation_id WHERE NOT c.is_dv",
    )
    assert stray == 0


def test_referral_status_is_its_latest_change(demo: tuple[Database, DemoCounts]) -> None:
    database, counts = demo
    assert counts.referrals > 0
    mismatched = scalar(
        database,
        """
        SELECT COUNT(*) FROM referrals r
        WHERE r.status != (SELECT s.status FROM referral_status_changes s
                           WHERE s.referral_id = r.id
                           ORDER BY s.changed_on DESC, s.created_at DESC LIMIT 1)
        """,
    )
    assert mismatched == 0
    late = scalar(
        database,
        f"SELECT COUNT(*) FROM referral_status_changes WHERE changed_on > '{UNTIL.isoformat()}'",
    )
    assert late == 0


def test_foreign_keys_hold(demo: tuple[Database, DemoCounts]) -> None:
    database, _ = demo
    assert rows(database, "PRAGMA foreign_key_check") == []


def test_every_row_reads_back_through_the_models(demo: tuple[Database, DemoCounts]) -> None:
    # The generator writes SQLite's stored forms directly; loading every row
    # through the ORM proves they are the forms SQLAlchemy writes and reads.
    database, _ = demo
    mapped = {mapper.local_table.name for mapper in Base.registry.mappers}
    with database.reading() as session:
        for mapper in Base.registry.mappers:
            session.scalars(select(mapper.class_)).all()
        for table in Base.metadata.tables.values():
            if table.name not in mapped:  # link and summary tables
                keys = [c.name for c in table.c if isinstance(c.type, Uuid)]
                for row in session.execute(select(table)):
                    assert all(isinstance(row._mapping[key], uuid.UUID) for key in keys)
        consultation = session.scalars(select(Consultation).limit(1)).one()
        assert isinstance(consultation.consulted_on, dt.date)
        assert consultation.start_time is not None and consultation.narrative


def test_program_name_is_set(demo: tuple[Database, DemoCounts]) -> None:
    database, _ = demo
    name = scalar(database, "SELECT value FROM settings WHERE key = 'program_name'")
    assert name == PROGRAM_NAME


def test_safe_pragmas_are_back_after_the_bulk_load(demo: tuple[Database, DemoCounts]) -> None:
    database, _ = demo
    # The pooled connection the generator used must save with FULL again.
    assert scalar(database, "PRAGMA synchronous") == 2


def test_refuses_a_database_that_has_records(tmp_path: Path) -> None:
    database = open_database(tmp_path / "real.sqlite3")
    try:
        with database.transaction() as session:
            session.add(Staff(login="sato", name="佐藤 由紀子", role=StaffRole.SUPERVISOR))
        with pytest.raises(DemoTargetNotEmpty):
            generate(database, consultations=100, until=UNTIL)
        assert scalar(database, "SELECT COUNT(*) FROM staff") == 1
        for table in ("agencies", "clients", "consultations", "outreach_events"):
            assert scalar(database, f"SELECT COUNT(*) FROM {table}") == 0
        assert scalar(database, "SELECT value FROM settings WHERE key = 'program_name'") == ""
    finally:
        database.close()


def test_progress_returning_false_cancels(tmp_path: Path) -> None:
    database = open_database(tmp_path / "cancelled.sqlite3")
    calls: list[tuple[int, int]] = []

    def stop(done: int, total: int) -> bool:
        calls.append((done, total))
        return False

    try:
        with pytest.raises(DemoCancelled):
            generate(database, consultations=3000, until=UNTIL, progress=stop)
        assert len(calls) == 1
        done, total = calls[0]
        assert total == 3000 and 0 < done < total
        # The load ran without the summary triggers; they are back.
        assert _triggers(database) == {name for name, _sql in SQLITE_TRIGGERS}
    finally:
        database.close()


def _shape(path: Path) -> tuple[list[tuple[object, ...]], list[tuple[object, ...]], DemoCounts]:
    database = open_database(path)
    try:
        counts = generate(database, consultations=1500, seed=42, until=dt.date(2026, 5, 10))
        by_channel = rows(
            database,
            "SELECT k.code, COUNT(*) FROM consultations c JOIN code_items k"
            " ON k.id = c.channel_id GROUP BY k.code ORDER BY k.code",
        )
        by_month = rows(
            database,
            "SELECT substr(consulted_on, 1, 7), COUNT(*) FROM consultations GROUP BY 1 ORDER BY 1",
        )
        return by_channel, by_month, counts
    finally:
        database.close()


def test_same_seed_same_data(tmp_path: Path) -> None:
    first = _shape(tmp_path / "a.sqlite3")
    second = _shape(tmp_path / "b.sqlite3")
    assert first == second
    by_month = first[1]
    assert by_month[0][0] == "2025-04" and by_month[-1][0] == "2026-05"


def test_client_lookup_keys_match_the_folding_rules(
    demo: tuple[Database, DemoCounts],
) -> None:
    # The generator writes rows past the ORM hook, so it must compute the
    # keys itself, exactly as the hook would.
    from sqlalchemy import select

    from db.models import Client
    from db.text_keys import fold, fold_digits

    database, _ = demo
    with database.reading() as s:
        clients = s.scalars(select(Client)).all()
    assert clients
    for c in clients:
        assert c.display_name_key == fold(c.display_name)
        assert c.display_kana_key == fold(c.display_name_kana)
        assert c.line_name_key == fold(c.line_name)
        assert c.real_kana_key == fold(c.real_name_kana)
        assert c.phone_key == fold_digits(c.phone)


def test_planner_statistics_are_fresh_after_the_load(
    demo: tuple[Database, DemoCounts],
) -> None:
    # Without ANALYZE, SQLite probed every consultation of a channel for
    # each case of a filtered case list (minutes instead of milliseconds).
    database, _ = demo
    with database.engine.connect() as conn:
        analysed = {r[0] for r in conn.exec_driver_sql("SELECT tbl FROM sqlite_stat1")}
    assert {"consultations", "cases", "clients"} <= analysed


def test_case_summaries_are_kept_through_the_bulk_load(
    demo: tuple[Database, DemoCounts],
) -> None:
    # The generator's raw inserts go past the application: the database's
    # triggers keep the case list's summaries (db/models/case_summaries.py).
    database, _ = demo
    # Loaded without the triggers, rebuilt once at the end, triggers back.
    assert _triggers(database) == {name for name, _sql in SQLITE_TRIGGERS}
    with database.engine.connect() as conn:
        assert_summaries_match(conn)
        assert conn.exec_driver_sql("SELECT count(*) FROM case_channels").scalar()
        assert conn.exec_driver_sql("SELECT count(*) FROM cases WHERE dv_ever").scalar()


def _triggers(database: Database) -> set[object]:
    """The case summaries' triggers (the audit log has its own)."""
    every = {r[0] for r in rows(database, "SELECT name FROM sqlite_master WHERE type = 'trigger'")}
    return {name for name in every if not str(name).startswith("tr_audit_log_")}
