"""Per-case summaries of a case's consultations, kept by the database itself.

The case list's channel and topic filters ("cases with a phone contact",
"... about housing") would otherwise collect case ids from a million
consultations and then sort the matching cases (0.3-0.5 s on the 1M demo).
These tables hold one row per (channel or topic, case), keyed so that one
index range yields the matching cases already in case-number order (the
case number is copied here for that; it never changes, and a trigger follows
it if it did).  ``cases.dv_ever`` and ``consultations.is_latest`` are kept
the same way (db/models/cases.py, db/models/consultations.py).

SQLite triggers (``SQLITE_TRIGGERS``) keep all of this in step with every
write, whichever code makes it: the consultation form, the demo generator's
raw inserts, a test's ORM rows, a later edit or delete.  Migration 0004 holds
its own frozen copy and fills the summaries for existing rows; a database
built from the models gets the triggers through the metadata event below.
On another database engine the triggers do not exist: casedesk/case_list.py
then does not read these tables.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Column, Connection, ForeignKey, Index, MetaData, String, Table, Uuid, event

from db.base import Base

case_channels = Table(
    "case_channels",
    Base.metadata,
    Column("channel_id", Uuid, ForeignKey("code_items.id"), primary_key=True),
    Column("case_no", String(20), primary_key=True),
    Column("case_id", Uuid, ForeignKey("cases.id"), primary_key=True),
    # Rewritten per case when a consultation changes or goes.
    Index("ix_case_channels_case_id", "case_id"),
    # The rows are their key: no separate rowid b-tree to keep.
    sqlite_with_rowid=False,
)

# A topic is the main complaint or one of the further topics.
case_topics = Table(
    "case_topics",
    Base.metadata,
    Column("topic_id", Uuid, ForeignKey("code_items.id"), primary_key=True),
    Column("case_no", String(20), primary_key=True),
    Column("case_id", Uuid, ForeignKey("cases.id"), primary_key=True),
    Index("ix_case_topics_case_id", "case_id"),
    sqlite_with_rowid=False,
)


def _refresh_case(case_id: str) -> str:
    """Statements that recompute every summary of the case ``case_id`` (an
    SQL expression such as NEW.case_id) from its consultations."""
    return f"""
    DELETE FROM case_channels WHERE case_id = {case_id};
    INSERT INTO case_channels (channel_id, case_no, case_id)
        SELECT DISTINCT c.channel_id, k.case_no, k.id
        FROM consultations c JOIN cases k ON k.id = c.case_id
        WHERE c.case_id = {case_id};
    DELETE FROM case_topics WHERE case_id = {case_id};
    INSERT INTO case_topics (topic_id, case_no, case_id)
        SELECT c.main_complaint_id, k.case_no, k.id
        FROM consultations c JOIN cases k ON k.id = c.case_id
        WHERE c.case_id = {case_id} AND c.main_complaint_id IS NOT NULL
        UNION
        SELECT t.topic_id, k.case_no, k.id
        FROM consultations c JOIN cases k ON k.id = c.case_id
        JOIN consultation_topics t ON t.consultation_id = c.id
        WHERE c.case_id = {case_id};
    UPDATE cases SET dv_ever = EXISTS (
        SELECT 1 FROM consultations c WHERE c.case_id = cases.id AND c.is_dv
    ) WHERE id = {case_id};
    {_refresh_latest(case_id)}"""


def _refresh_latest(case_id: str) -> str:
    # Latest = last day, then last recorded (ids are UUIDv7, in creation
    # order); the same order the due list used to probe for.
    return f"""
    UPDATE consultations SET is_latest = 0 WHERE case_id = {case_id} AND is_latest;
    UPDATE consultations SET is_latest = 1 WHERE id = (
        SELECT l.id FROM consultations l WHERE l.case_id = {case_id}
        ORDER BY l.consulted_on DESC, l.id DESC LIMIT 1
    );"""


# (name, CREATE TRIGGER statement).  A new consultation only adds to its
# case's summaries (the common write, kept cheap: the demo writes a million);
# an edit or a delete recomputes the case's (and the former case's) from
# scratch.  Updates of is_latest itself fire none of these.
SQLITE_TRIGGERS: list[tuple[str, str]] = [
    (
        "tr_consultations_summarize_insert",
        f"""CREATE TRIGGER tr_consultations_summarize_insert
    AFTER INSERT ON consultations WHEN NEW.case_id IS NOT NULL
BEGIN
    INSERT OR IGNORE INTO case_channels (channel_id, case_no, case_id)
        SELECT NEW.channel_id, k.case_no, k.id FROM cases k WHERE k.id = NEW.case_id;
    INSERT OR IGNORE INTO case_topics (topic_id, case_no, case_id)
        SELECT NEW.main_complaint_id, k.case_no, k.id FROM cases k
        WHERE k.id = NEW.case_id AND NEW.main_complaint_id IS NOT NULL;
    UPDATE cases SET dv_ever = 1 WHERE id = NEW.case_id AND NEW.is_dv AND NOT dv_ever;
    {_refresh_latest("NEW.case_id")}
END""",
    ),
    (
        "tr_consultations_summarize_update",
        f"""CREATE TRIGGER tr_consultations_summarize_update
    AFTER UPDATE OF case_id, consulted_on, channel_id, main_complaint_id, is_dv
    ON consultations
BEGIN
    {_refresh_case("OLD.case_id")}
    {_refresh_case("NEW.case_id")}
    UPDATE consultations SET is_latest = 0 WHERE id = NEW.id AND NEW.case_id IS NULL;
END""",
    ),
    (
        "tr_consultations_summarize_delete",
        f"""CREATE TRIGGER tr_consultations_summarize_delete
    AFTER DELETE ON consultations WHEN OLD.case_id IS NOT NULL
BEGIN
    {_refresh_case("OLD.case_id")}
END""",
    ),
    (
        "tr_consultation_topics_summarize_insert",
        """CREATE TRIGGER tr_consultation_topics_summarize_insert
    AFTER INSERT ON consultation_topics
BEGIN
    INSERT OR IGNORE INTO case_topics (topic_id, case_no, case_id)
        SELECT NEW.topic_id, k.case_no, k.id
        FROM consultations c JOIN cases k ON k.id = c.case_id
        WHERE c.id = NEW.consultation_id;
END""",
    ),
    (
        "tr_consultation_topics_summarize_change",
        f"""CREATE TRIGGER tr_consultation_topics_summarize_change
    AFTER UPDATE ON consultation_topics
BEGIN
    {_refresh_case("(SELECT case_id FROM consultations WHERE id = OLD.consultation_id)")}
    {_refresh_case("(SELECT case_id FROM consultations WHERE id = NEW.consultation_id)")}
END""",
    ),
    (
        "tr_consultation_topics_summarize_delete",
        f"""CREATE TRIGGER tr_consultation_topics_summarize_delete
    AFTER DELETE ON consultation_topics
BEGIN
    {_refresh_case("(SELECT case_id FROM consultations WHERE id = OLD.consultation_id)")}
END""",
    ),
    (
        "tr_cases_summarize_case_no",
        """CREATE TRIGGER tr_cases_summarize_case_no
    AFTER UPDATE OF case_no ON cases
BEGIN
    UPDATE case_channels SET case_no = NEW.case_no WHERE case_id = NEW.id;
    UPDATE case_topics SET case_no = NEW.case_no WHERE case_id = NEW.id;
END""",
    ),
]

# Every summary recomputed from the consultations, in set-wise SQL: for a
# bulk load that runs without the triggers (the demo generator: per-row
# triggers doubled its time) and then rebuilds once.
REBUILD_SQL: list[str] = [
    "DELETE FROM case_channels",
    "DELETE FROM case_topics",
    """INSERT INTO case_channels (channel_id, case_no, case_id)
        SELECT DISTINCT c.channel_id, k.case_no, k.id
        FROM consultations c JOIN cases k ON k.id = c.case_id""",
    """INSERT INTO case_topics (topic_id, case_no, case_id)
        SELECT c.main_complaint_id, k.case_no, k.id
        FROM consultations c JOIN cases k ON k.id = c.case_id
        WHERE c.main_complaint_id IS NOT NULL
        UNION
        SELECT t.topic_id, k.case_no, k.id
        FROM consultation_topics t
        JOIN consultations c ON c.id = t.consultation_id
        JOIN cases k ON k.id = c.case_id""",
    # IS NOT NULL: an anonymous DV contact would make IN answer NULL.
    """UPDATE cases SET dv_ever = (
        id IN (SELECT case_id FROM consultations WHERE is_dv AND case_id IS NOT NULL)
    )""",
    "UPDATE consultations SET is_latest = 0 WHERE is_latest",
    # One probe per case for its latest consultation.
    """UPDATE consultations SET is_latest = 1 WHERE id IN (
        SELECT (SELECT l.id FROM consultations l WHERE l.case_id = k.id
                ORDER BY l.consulted_on DESC, l.id DESC LIMIT 1)
        FROM cases k)""",
]


def _create_triggers(_metadata: MetaData, connection: Connection, **_kw: Any) -> None:
    if connection.dialect.name == "sqlite":
        for _name, statement in SQLITE_TRIGGERS:
            connection.exec_driver_sql(statement)


event.listen(Base.metadata, "after_create", _create_triggers)
