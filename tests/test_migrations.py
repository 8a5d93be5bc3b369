"""Schema creation, upgrade with backup, and refusal of files we must not touch."""

from __future__ import annotations

import datetime as dt
import hashlib
import sqlite3
import uuid
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import func, select, text
from sqlalchemy.exc import IntegrityError

import db.migrate
from casedesk.database import open_database
from db.base import Base
from db.enums import CodeCategory
from db.ids import stable_uuid
from db.migrate import (
    DatabaseTooNew,
    NotACasedeskDatabase,
    SchemaState,
    head_revision,
    inspect_database,
)
from db.models import CodeItem, Consultation, Setting
from tests.fake_release import NEXT_REVISION, make_next_release


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def side_files(path: Path) -> list[Path]:
    return [p for p in path.parent.iterdir() if p != path]


def test_new_database_matches_models(tmp_path: Path) -> None:
    database = open_database(tmp_path / "new.sqlite3")
    assert database.opened.from_revision is None
    assert database.opened.to_revision == head_revision()
    assert database.opened.backup is None
    with database.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []
    database.close()


def test_alembic_check_finds_no_drift(tmp_path: Path) -> None:
    # The same check as `alembic check`: autogenerate against a database at
    # head must propose nothing, or a model changed without a migration.
    database = open_database(tmp_path / "check.sqlite3")
    cfg = db.migrate.alembic_config()
    with database.engine.connect() as conn:
        cfg.attributes["connection"] = conn
        command.check(cfg)
    database.close()


def test_baseline_seeds_default_code_lists(tmp_path: Path) -> None:
    database = open_database(tmp_path / "codes.sqlite3")
    with database.reading() as s:
        per_category = dict(
            s.execute(select(CodeItem.category, func.count()).group_by(CodeItem.category)).all()
        )
        assert set(per_category) == set(CodeCategory)
        channels = s.scalars(
            select(CodeItem.label)
            .where(CodeItem.category == CodeCategory.CHANNEL)
            .order_by(CodeItem.sort_order)
        ).all()
        assert channels == ["LINE", "電話", "メール", "面接", "訪問", "出張相談会", "オンライン"]
        dv = s.scalars(
            select(CodeItem.label).where(CodeItem.category == CodeCategory.TOPIC, CodeItem.is_dv)
        ).all()
        assert "夫等からの暴力" in dv and "介護" not in dv
        # The same default has the same id in every database (merging later).
        line = s.scalar(select(CodeItem).where(CodeItem.code == "line"))
        assert line is not None and line.id == stable_uuid("code", "channel", "line")
        assert s.get(Setting, "application") is not None
    database.close()


def test_pragmas_on_every_new_connection(tmp_path: Path) -> None:
    database = open_database(tmp_path / "pragmas.sqlite3")
    for _ in range(2):
        with database.engine.connect() as conn:
            assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
            assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
            assert conn.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL
            assert conn.execute(text("PRAGMA busy_timeout")).scalar() == 10_000
        database.engine.dispose()  # the next loop gets a brand-new connection
    database.close()


def test_foreign_keys_are_enforced(tmp_path: Path) -> None:
    database = open_database(tmp_path / "fk.sqlite3")
    from datetime import date

    from db.enums import ContactKind
    from db.ids import uuid7

    with pytest.raises(IntegrityError), database.transaction() as s:
        s.add(
            Consultation(
                case_id=uuid7(),  # no such case
                consulted_on=date(2024, 5, 1),
                channel_id=stable_uuid("code", "channel", "line"),
                contact_kind=ContactKind.NEW,
            )
        )
    with database.reading() as s:
        assert s.scalar(select(func.count()).select_from(Consultation)) == 0
    database.close()


def test_failed_action_leaves_nothing_half_written(tmp_path: Path) -> None:
    database = open_database(tmp_path / "tx.sqlite3")
    with pytest.raises(RuntimeError), database.transaction() as s:
        s.add(Setting(key="half", value="written"))
        s.flush()
        raise RuntimeError("the user's action failed halfway")
    with database.reading() as s:
        assert s.get(Setting, "half") is None
    database.close()


def test_a_save_takes_the_write_lock_when_it_begins(tmp_path: Path) -> None:
    # BEGIN IMMEDIATE: another process cannot slip a write in between this
    # save's first read and its first write (which would fail the save).
    path = tmp_path / "lock.sqlite3"
    database = open_database(path)
    other = sqlite3.connect(path, timeout=0, isolation_level=None)
    try:
        with database.transaction() as s:
            s.execute(select(func.count()).select_from(Setting))  # a read first
            with pytest.raises(sqlite3.OperationalError, match="locked"):
                other.execute("BEGIN IMMEDIATE")
        other.execute("BEGIN IMMEDIATE")  # free again once it committed
        other.execute("ROLLBACK")
        with database.reading() as s:  # reading takes no write lock
            s.execute(select(func.count()).select_from(Setting))
            other.execute("BEGIN IMMEDIATE")
            other.execute("ROLLBACK")
    finally:
        other.close()
        database.close()


def test_outdated_database_is_backed_up_then_upgraded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "old.sqlite3"
    old = open_database(path)  # as the current release leaves it
    with old.transaction() as s:
        s.merge(Setting(key="program_name", value="北区つながりサポート"))
    old.close()
    current_head = head_revision()
    next_release = make_next_release(tmp_path)
    monkeypatch.setattr(db.migrate, "alembic_config", lambda: next_release)
    assert inspect_database(str(path)).state is SchemaState.OUTDATED

    upgraded = open_database(path)
    backup = upgraded.opened.backup
    assert backup is not None and backup.parent == path.parent
    assert upgraded.opened.from_revision == current_head
    assert upgraded.opened.to_revision == NEXT_REVISION
    with upgraded.reading() as s:
        assert s.get(Setting, "program_name").value == "北区つながりサポート"  # type: ignore[union-attr]
        s.execute(text("SELECT count(*) FROM future_things"))
    upgraded.close()

    # The backup is the database as it was before the upgrade, complete.
    con = sqlite3.connect(backup)
    try:
        assert con.execute("SELECT version_num FROM alembic_version").fetchone()[0] != NEXT_REVISION
        assert (
            con.execute("SELECT value FROM settings WHERE key = 'program_name'").fetchone()[0]
            == "北区つながりサポート"
        )
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        names = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        assert "future_things" not in names
    finally:
        con.close()


def test_newer_database_is_refused_untouched(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "newer.sqlite3"
    next_release = make_next_release(tmp_path)
    with monkeypatch.context() as m:
        m.setattr(db.migrate, "alembic_config", lambda: next_release)
        open_database(path).close()
    before, neighbours = digest(path), side_files(path)

    with pytest.raises(DatabaseTooNew) as refused:
        open_database(path)
    assert refused.value.revision == NEXT_REVISION
    assert digest(path) == before
    assert side_files(path) == neighbours  # no backup, no -wal/-shm left behind


@pytest.mark.parametrize(
    "content",
    [
        b"%PDF-1.7\n this is a report, not a database\n",
        "相談記録.xlsx のつもりのテキスト".encode(),
        b"SQLite format 3\x00" + b"\xff" * 200,  # a header, then garbage
    ],
)
def test_non_database_file_is_refused_untouched(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "notes.sqlite3"
    path.write_bytes(content)
    before, neighbours = digest(path), side_files(path)
    with pytest.raises(NotACasedeskDatabase):
        open_database(path)
    assert digest(path) == before
    assert side_files(path) == neighbours


def test_another_applications_sqlite_file_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite3"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE photos (id INTEGER PRIMARY KEY, name TEXT)")
    con.execute("INSERT INTO photos (name) VALUES ('a.jpg')")
    con.commit()
    con.close()
    before = digest(path)
    with pytest.raises(NotACasedeskDatabase):
        open_database(path)
    assert digest(path) == before
    assert side_files(path) == []


def test_empty_file_becomes_a_new_database(tmp_path: Path) -> None:
    path = tmp_path / "empty.sqlite3"
    path.touch()
    database = open_database(path)
    assert database.opened.to_revision == head_revision()
    database.close()


def test_0003_adds_the_list_indexes_to_an_older_database(tmp_path: Path) -> None:
    # A database as revision 0002 left it, with a case, then opened by this
    # release: the indexes of 0003 are added and the schema matches the models.
    from db.engine import make_engine
    from db.migrate import upgrade_to

    path = tmp_path / "v2.sqlite3"
    engine = make_engine(f"sqlite:///{path}")
    upgrade_to(engine, "0002")
    with engine.begin() as conn:
        names = {r[0] for r in conn.exec_driver_sql("SELECT name FROM sqlite_master")}
        assert "ix_consultations_consulted_on_case_id" not in names
        conn.exec_driver_sql(
            "INSERT INTO clients (id, display_name, display_name_key, display_kana_key, "
            "line_name_key, real_kana_key, phone_key, consent_to_share, created_at, updated_at) "
            "VALUES "
            "('0195eef1d12075528b43d259667f0ca1', 'ひまわり', 'ひまわり', '', '', '', '', 0, "
            "'2024-04-08 00:00:00', '2024-04-08 00:00:00')"
        )
        conn.exec_driver_sql(
            "INSERT INTO cases (id, case_no, client_id, status, opened_on, restricted, "
            "risk_level, created_at, updated_at) VALUES ('0195eef1d12075528b43d259667f0ca7', "
            "'2024-0001', '0195eef1d12075528b43d259667f0ca1', 'open', '2024-04-08', 0, 'low', "
            "'2024-04-08 00:00:00', '2024-04-08 00:00:00')"
        )
    engine.dispose()

    database = open_database(path)
    assert database.opened.from_revision == "0002"
    with database.engine.connect() as conn:
        indexes = {
            r[0]: r[1]
            for r in conn.exec_driver_sql(
                "SELECT name, tbl_name FROM sqlite_master WHERE type = 'index'"
            )
        }
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []
    for name, table in [
        ("ix_cases_case_no_id", "cases"),
        ("ix_consultations_channel_id_consulted_on_case_id", "consultations"),
        ("ix_consultations_main_complaint_id_consulted_on_case_id", "consultations"),
        ("ix_consultations_is_dv_case_id", "consultations"),
        ("ix_consultations_consulted_on_case_id", "consultations"),
        ("ix_consultation_topics_topic_id_consultation_id", "consultation_topics"),
        ("ix_consultations_counselor_id_is_latest_follow_up_on", "consultations"),
        ("ix_plan_items_responsible_staff_id_status_due_on", "plan_items"),
    ]:
        assert indexes.get(name) == table, name
    from casedesk.case_list import case_ids, fetch_rows
    from db.enums import StaffRole
    from tests.actors import as_role

    database = as_role(database, StaffRole.SUPERVISOR)
    rows = fetch_rows(database, case_ids(database))
    assert [(r.case_no, r.display_name, r.next_due_on) for r in rows] == [
        ("2024-0001", "ひまわり", None)
    ]
    database.close()


def test_0004_fills_the_case_summaries_of_an_older_database(tmp_path: Path) -> None:
    # A database as revision 0003 left it, with consultations (anonymous
    # ones, further topics, DV, two on one day), then opened by this
    # release: the summaries are filled from the existing rows and equal a
    # plain recomputation; later writes keep them (the triggers exist).
    from db.engine import make_engine
    from db.ids import uuid7
    from db.migrate import upgrade_to
    from tests.case_summaries import assert_summaries_match, stored

    def code(category: str, key: str) -> str:
        return stable_uuid("code", category, key).hex

    path = tmp_path / "v3.sqlite3"
    engine = make_engine(f"sqlite:///{path}")
    upgrade_to(engine, "0003")
    stamp = "'2024-04-08 00:00:00', '2024-04-08 00:00:00'"
    cases = {"2024-0001": uuid7().hex, "2024-0002": uuid7().hex, "2024-0003": uuid7().hex}
    client = uuid7().hex
    consultations = [
        # (case_no or None, day, channel, main complaint, DV, further topics)
        ("2024-0001", "2024-04-08", "line", "dv_spouse", 1, ["housing"]),
        ("2024-0001", "2024-05-01", "phone", None, 0, []),
        ("2024-0001", "2024-05-01", "phone", "poverty", 0, []),  # same day, recorded later
        ("2024-0001", "2024-04-20", "line", None, 0, []),  # entered late for an earlier day
        ("2024-0002", "2024-06-01", "visit", "housing", 0, ["work"]),
        (None, "2024-06-02", "phone", "dv_spouse", 1, ["poverty"]),  # anonymous
    ]
    # In recording order (two made in one millisecond need not be).
    ids = sorted(uuid7().hex for _ in consultations)
    with engine.begin() as conn:
        conn.exec_driver_sql(
            "INSERT INTO clients (id, display_name, display_name_key, display_kana_key, "
            "line_name_key, real_kana_key, phone_key, consent_to_share, created_at, updated_at) "
            f"VALUES ('{client}', 'ひまわり', 'ひまわり', '', '', '', '', 0, {stamp})"
        )
        for case_no, case_id in cases.items():
            conn.exec_driver_sql(
                "INSERT INTO cases (id, case_no, client_id, status, opened_on, restricted, "
                f"risk_level, created_at, updated_at) VALUES ('{case_id}', '{case_no}', "
                f"'{client}', 'open', '2024-04-08', 0, 'low', {stamp})"
            )
        for consultation_id, (case_no, day, channel, main, dv, further) in zip(
            ids, consultations, strict=True
        ):
            conn.exec_driver_sql(
                "INSERT INTO consultations (id, case_id, consulted_on, channel_id, "
                "contact_kind, main_complaint_id, is_dv, urgency, created_at, updated_at) "
                "VALUES (?, ?, ?, ?, 'continuing', ?, ?, 'none', '2024-04-08 00:00:00', "
                "'2024-04-08 00:00:00')",
                (
                    consultation_id,
                    cases[case_no] if case_no else None,
                    day,
                    code("channel", channel),
                    code("topic", main) if main else None,
                    dv,
                ),
            )
            for topic in further:
                conn.exec_driver_sql(
                    "INSERT INTO consultation_topics (consultation_id, topic_id) VALUES (?, ?)",
                    (consultation_id, code("topic", topic)),
                )
    engine.dispose()

    database = open_database(path)
    assert database.opened.from_revision == "0003"
    with database.engine.connect() as conn:
        assert compare_metadata(MigrationContext.configure(conn), Base.metadata) == []
        assert_summaries_match(conn)
        found = stored(conn)
    first, second = cases["2024-0001"], cases["2024-0002"]
    assert found.dv_cases == {first}
    assert found.latest == {ids[2], ids[4]}
    assert {(topic, case) for topic, _no, case in found.topics} == {
        (code("topic", "dv_spouse"), first),
        (code("topic", "housing"), first),
        (code("topic", "poverty"), first),
        (code("topic", "housing"), second),
        (code("topic", "work"), second),
    }
    assert len(found.channels) == 3

    from casedesk.case_list import CaseFilters, case_ids
    from casedesk.consultations import ConsultationInput, log_consultation
    from db.enums import StaffRole
    from tests.actors import as_role

    database = as_role(database, StaffRole.SUPERVISOR)

    log_consultation(
        database,
        ConsultationInput(
            case_id=uuid.UUID(cases["2024-0003"]),
            consulted_on=dt.date(2024, 7, 1),
            channel_id=stable_uuid("code", "channel", "phone"),
            is_dv=True,
        ),
        today=dt.date(2024, 7, 1),
    )
    with database.engine.connect() as conn:
        assert_summaries_match(conn)
    phone = stable_uuid("code", "channel", "phone")
    assert [i.hex for i in case_ids(database, CaseFilters(channel_id=phone))] == [
        cases["2024-0003"],
        first,
    ]
    database.close()


def test_a_schema_built_from_the_models_has_the_summary_triggers(tmp_path: Path) -> None:
    # Migration 0004 creates the triggers; a schema made by create_all
    # (tests, tools) gets the same ones from the models.
    from db.engine import make_engine
    from db.models.audit import SQLITE_TRIGGERS as AUDIT_TRIGGERS  # (and 0005's)
    from db.models.case_summaries import SQLITE_TRIGGERS as SUMMARY_TRIGGERS

    SQLITE_TRIGGERS = SUMMARY_TRIGGERS + AUDIT_TRIGGERS
    engine = make_engine(f"sqlite:///{tmp_path / 'models.sqlite3'}")
    Base.metadata.create_all(engine)
    with engine.connect() as conn:
        names = {
            r[0]
            for r in conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        }
    engine.dispose()
    assert names == {name for name, _sql in SQLITE_TRIGGERS}
    migrated = open_database(tmp_path / "migrated.sqlite3")
    with migrated.engine.connect() as conn:
        created = dict(
            conn.exec_driver_sql("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'").all()
        )
    migrated.close()
    # The migration's frozen copy is still the models' text.
    assert created == dict(SQLITE_TRIGGERS)
