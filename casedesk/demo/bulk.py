"""Buffered bulk inserts for the demo generator.

Rows are plain tuples already in SQLite's stored form (UUIDs as 32 hex
digits, dates as ISO text, booleans as 0/1: what SQLAlchemy's SQLite types
write), so that a chunk goes to the driver's ``executemany`` without the
per-value type processing that makes Core inserts several times slower at a
million rows.  The tests read every table back through the ORM to prove the
forms match.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Connection

from db.models.case_summaries import REBUILD_SQL, SQLITE_TRIGGERS

# Column order of every row tuple, per table; parents before children so
# that a flush satisfies every foreign key in order.
COLUMNS: dict[str, tuple[str, ...]] = {
    "staff": (
        "id",
        "created_at",
        "updated_at",
        "login",
        "name",
        "name_kana",
        "role",
        "active",
        "password_hash",
    ),
    "agencies": (
        "id", "created_at", "updated_at", "name", "name_kana", "kind_id", "department",
        "contact_person", "phone", "email", "address", "notes", "active",
    ),
    "outreach_events": (
        "id", "created_at", "updated_at", "kind_id", "held_on", "start_time", "end_time",
        "place", "title", "people_approached", "consultations_held", "notes",
    ),
    "outreach_event_staff": ("event_id", "staff_id"),
    "clients": (
        "id", "created_at", "updated_at", "display_name", "display_name_kana", "line_name",
        "real_name", "real_name_kana", "birth_date", "address", "phone", "email", "age_band_id",
        "is_student", "employment_id", "has_children", "household", "contact_safety_notes",
        "consent_to_share", "consent_recorded_on", "consent_scope", "notes",
        "display_name_key", "display_kana_key", "line_name_key", "real_kana_key", "phone_key",
    ),
    "cases": (
        "id", "created_at", "updated_at", "case_no", "client_id", "status", "lead_counselor_id",
        "opened_on", "open_reason", "closed_on", "close_reason_id", "close_note", "restricted",
        "risk_level", "summary",
    ),
    "case_assignments": ("id", "created_at", "updated_at", "case_id", "staff_id", "role_note"),
    "consultations": (
        "id", "created_at", "updated_at", "case_id", "consulted_on", "start_time", "end_time",
        "channel_id", "counselor_id", "specialist_id", "specialist_name", "contact_kind",
        "age_band_id", "main_complaint_id", "is_dv", "narrative", "advice", "urgency",
        "follow_up_on", "follow_up_note", "place", "outreach_event_id",
    ),
    "consultation_topics": ("consultation_id", "topic_id"),
    "consultation_violence_kinds": ("consultation_id", "violence_kind_id"),
    "consultation_surveys": (
        "id", "created_at", "updated_at", "consultation_id", "channel_id", "answered_on",
        "glad_consulted", "felt_positive", "comment",
    ),
    "support_plans": (
        "id", "created_at", "updated_at", "case_id", "version", "status", "summary",
        "adopted_on", "review_on", "author_id",
    ),
    "support_issues": (
        "id", "created_at", "updated_at", "plan_id", "title", "topic_id", "description", "goal",
        "status", "sort_order",
    ),
    "plan_items": (
        "id", "created_at", "updated_at", "issue_id", "goal", "action", "responsible",
        "responsible_staff_id", "responsible_agency_id", "due_on", "status", "review_on",
        "note", "sort_order",
    ),
    "referrals": (
        "id", "created_at", "updated_at", "case_id", "agency_id", "agency_name", "purpose",
        "counselor_id", "status", "proposed_on", "follow_up_on", "notes",
    ),
    "referral_status_changes": (
        "id", "created_at", "updated_at", "referral_id", "status", "changed_on", "reason",
        "staff_id",
    ),
    "accompaniments": (
        "id", "created_at", "updated_at", "case_id", "accompanied_on", "start_time", "end_time",
        "staff_id", "destination_agency_id", "destination_kind_id", "destination_name",
        "purpose", "outcome", "follow_up_on", "notes",
    ),
    "conferences": (
        "id", "created_at", "updated_at", "kind_id", "held_on", "start_time", "end_time",
        "place", "online", "title", "chair_id", "notes",
    ),
    "conference_participants": (
        "id", "created_at", "updated_at", "conference_id", "staff_id", "agency_id",
        "person_name", "role",
    ),
    "conference_cases": (
        "id", "created_at", "updated_at", "conference_id", "case_id", "situation",
        "progress_evaluation", "support_policy", "lead_agency_id", "decision", "next_meeting_on",
    ),
    "conference_roles": (
        "id", "created_at", "updated_at", "conference_case_id", "agency_id", "staff_id",
        "person_name", "task", "due_on", "status",
    ),
    "goods_distributions": (
        "id", "created_at", "updated_at", "item_id", "quantity", "handed_on", "place_kind_id",
        "place", "outreach_event_id", "case_id", "notes",
    ),
    "group_sessions": (
        "id", "created_at", "updated_at", "kind_id", "held_on", "start_time", "end_time",
        "theme", "place", "participants_count", "facilitator", "notes",
    ),
    "group_session_clients": ("session_id", "client_id"),
    "session_survey_responses": (
        "id", "created_at", "updated_at", "session_id", "satisfaction", "comment",
    ),
    "line_monthly_figures": (
        "id", "created_at", "updated_at", "month", "friends_registered", "friends_total",
        "slots_offered", "slots_used", "notes",
    ),
    "annual_targets": (
        "id", "created_at", "updated_at", "fiscal_year", "indicator", "target", "note",
    ),
}  # fmt: skip

CLOSE_CASE_SQL = (
    "UPDATE cases SET status = 'closed', closed_on = ?, close_reason_id = ?, close_note = ?,"
    " updated_at = ? WHERE id = ?"
)

Row = tuple[Any, ...]


def _insert_sql(table: str, columns: tuple[str, ...]) -> str:
    marks = ", ".join("?" for _ in columns)
    return f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})"


class BulkWriter:
    """Per-table row buffers, flushed together in foreign-key order."""

    def __init__(self, conn: Connection) -> None:
        self._conn = conn
        self._sql = {table: _insert_sql(table, cols) for table, cols in COLUMNS.items()}
        self.rows: dict[str, list[Row]] = {table: [] for table in COLUMNS}
        self.closed_cases: list[Row] = []
        self.written: dict[str, int] = dict.fromkeys(COLUMNS, 0)

    def buffer(self, table: str) -> list[Row]:
        """The append target for ``table``; callers keep it to skip a lookup per row."""
        return self.rows[table]

    def flush(self) -> None:
        """Write every buffered row and commit."""
        for table, rows in self.rows.items():
            if rows:
                self._conn.exec_driver_sql(self._sql[table], rows)
                self.written[table] += len(rows)
                rows.clear()
        if self.closed_cases:
            self._conn.exec_driver_sql(CLOSE_CASE_SQL, self.closed_cases)
            self.closed_cases.clear()
        self._conn.commit()


@contextmanager
def bulk_load_pragmas(conn: Connection) -> Iterator[None]:
    """Trade durability for speed on this connection while it loads, then
    put back what db.engine set.

    synchronous=OFF skips the fsync at each commit.  Acceptable here because
    a demo file holds nothing that cannot be generated again, and a crash
    or cancel mid-load leaves a file the caller deletes anyway.  The larger
    page cache keeps the indexes of a million-row table in memory while they
    are filled.  The connection goes back to the pool afterwards, so the
    settings must be restored: a counselor's later save on it must be FULL.
    """
    raw = conn.connection.driver_connection
    assert raw is not None
    if conn.in_transaction():
        conn.commit()
    # Pragmas are sent outside any transaction (the driver connection is in
    # autocommit mode, db.engine sets isolation_level None).
    before = raw.execute("PRAGMA cache_size").fetchone()[0]
    raw.execute("PRAGMA synchronous = OFF")
    raw.execute("PRAGMA cache_size = -262144")  # 256 MiB
    try:
        yield
    finally:
        try:
            if conn.in_transaction():
                conn.rollback()
            raw.execute("PRAGMA synchronous = FULL")
            raw.execute(f"PRAGMA cache_size = {int(before)}")
        except Exception:
            # Never hand an unsafe connection back to the pool.
            conn.invalidate()
            raise


@contextmanager
def case_summaries_rebuilt_after(conn: Connection) -> Iterator[None]:
    """Load without the case-summary triggers (db/models/case_summaries.py),
    then rebuild the summaries once, set-wise, and put the triggers back.

    The triggers update a case's summaries for each inserted consultation:
    they doubled the time of a bulk load (100,000 consultations: 19 s ->
    37 s); the rebuild costs a few seconds.  If the load fails or is
    cancelled the triggers come back but the summaries are not rebuilt:
    the caller deletes such a file.
    """
    if conn.in_transaction():
        conn.commit()
    for name, _statement in SQLITE_TRIGGERS:
        conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS {name}")
    conn.commit()
    try:
        yield
    except BaseException:
        if conn.in_transaction():
            conn.rollback()
        _create_triggers(conn)
        raise
    for statement in REBUILD_SQL:
        conn.exec_driver_sql(statement)
    _create_triggers(conn)


def _create_triggers(conn: Connection) -> None:
    for _name, statement in SQLITE_TRIGGERS:
        conn.exec_driver_sql(statement)
    conn.commit()
