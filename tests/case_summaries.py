"""The per-case summaries (db/models/case_summaries.py) recomputed from the
consultations the plain way, for tests that check the database kept them."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection


@dataclass(frozen=True)
class Summaries:
    channels: set[tuple[str, str, str]]  # (channel_id, case_no, case_id)
    topics: set[tuple[str, str, str]]  # (topic_id, case_no, case_id)
    dv_cases: set[str]
    latest: set[str]  # consultation ids


def _rows(conn: Connection, sql: str) -> set[tuple[str, str, str]]:
    return {(str(a), str(b), str(c)) for a, b, c in conn.exec_driver_sql(sql)}


def stored(conn: Connection) -> Summaries:
    return Summaries(
        channels=_rows(conn, "SELECT channel_id, case_no, case_id FROM case_channels"),
        topics=_rows(conn, "SELECT topic_id, case_no, case_id FROM case_topics"),
        dv_cases={r[0] for r in conn.exec_driver_sql("SELECT id FROM cases WHERE dv_ever")},
        latest={r[0] for r in conn.exec_driver_sql("SELECT id FROM consultations WHERE is_latest")},
    )


def recomputed(conn: Connection) -> Summaries:
    consultations = list(
        conn.exec_driver_sql(
            "SELECT c.id, c.case_id, k.case_no, c.consulted_on, c.channel_id,"
            " c.main_complaint_id, c.is_dv FROM consultations c JOIN cases k ON k.id = c.case_id"
        )
    )
    further = list(
        conn.exec_driver_sql(
            "SELECT t.topic_id, k.case_no, k.id FROM consultation_topics t"
            " JOIN consultations c ON c.id = t.consultation_id JOIN cases k ON k.id = c.case_id"
        )
    )
    # The latest of a case: the last day, then the last recorded (the
    # largest UUIDv7, compared as stored).
    newest: dict[str, tuple[str, str]] = {}
    for row in consultations:
        key = (row.consulted_on, row.id)
        if row.case_id not in newest or key > newest[row.case_id]:
            newest[row.case_id] = key
    return Summaries(
        channels={(r.channel_id, r.case_no, r.case_id) for r in consultations},
        topics={
            (r.main_complaint_id, r.case_no, r.case_id)
            for r in consultations
            if r.main_complaint_id is not None
        }
        | {(str(a), str(b), str(c)) for a, b, c in further},
        dv_cases={r.case_id for r in consultations if r.is_dv},
        latest={consultation_id for _day, consultation_id in newest.values()},
    )


def assert_summaries_match(conn: Connection) -> None:
    assert stored(conn) == recomputed(conn)
