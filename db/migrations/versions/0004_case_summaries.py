"""case summaries: per-case channels and topics, DV ever, latest consultation

The case list's channel, topic and DV filters and the due list's
consultation follow-ups read per-case facts that are otherwise gathered
from a million consultations each time (0.3-0.6 s on the 1M demo):

- ``case_channels`` / ``case_topics``: one row per (channel or topic, case),
  with the case number, so that one index range gives the matching cases in
  list order;
- ``cases.dv_ever``: some consultation of the case was about DV;
- ``consultations.is_latest``: the case's latest consultation (only its
  follow-up can still be due), replacing the (counselor, follow-up) index
  of 0003 by one that leads with it.

SQLite triggers keep them in step with every later write; this migration
fills them for the existing rows, in SQL.  It also widens indexes of 0003:
the consultations' (channel / main complaint / id, case_id) ones gain
the day, so that a filter with a date range is answered from an index; the
due list's plan-item and consultation indexes gain the status / is_latest.
On the 1M demo it takes about a minute (2 shared CPUs) and adds ~175 MB.
The triggers are SQLite's: on another engine they are not created and the
application does not read these summaries.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23 13:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | Sequence[str] | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


# The triggers as of this revision (db/models/case_summaries.py), frozen: a
# later change comes with its own migration.
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
_TRIGGERS: list[tuple[str, str]] = [
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


_FILL = [
    # Distinct (channel, case) and (topic, case) pairs of every consultation
    # that belongs to a case; anonymous contacts are in no case.
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
    """UPDATE cases SET dv_ever = 1
        WHERE id IN (SELECT case_id FROM consultations WHERE is_dv)""",
    # One probe per case for its latest consultation: ~200,000 rows set,
    # not a million rewritten.
    """UPDATE consultations SET is_latest = 1 WHERE id IN (
        SELECT (SELECT l.id FROM consultations l WHERE l.case_id = k.id
                ORDER BY l.consulted_on DESC, l.id DESC LIMIT 1)
        FROM cases k)""",
]


# (0003's index, its replacement), as (name, columns).
_CONSULTATION_INDEXES: list[tuple[tuple[str, list[str]], tuple[str, list[str]]]] = [
    (
        ("ix_consultations_channel_id_case_id", ["channel_id", "case_id"]),
        (
            "ix_consultations_channel_id_consulted_on_case_id",
            ["channel_id", "consulted_on", "case_id"],
        ),
    ),
    (
        ("ix_consultations_main_complaint_id_case_id", ["main_complaint_id", "case_id"]),
        (
            "ix_consultations_main_complaint_id_consulted_on_case_id",
            ["main_complaint_id", "consulted_on", "case_id"],
        ),
    ),
    (
        ("ix_consultations_id_case_id", ["id", "case_id"]),
        ("ix_consultations_id_consulted_on_case_id", ["id", "consulted_on", "case_id"]),
    ),
]


def _summary_table(name: str, key: str) -> None:
    op.create_table(
        name,
        sa.Column(key, sa.Uuid(), nullable=False),
        sa.Column("case_no", sa.String(length=20), nullable=False),
        sa.Column("case_id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f(f"fk_{name}_case_id_cases")),
        sa.ForeignKeyConstraint([key], ["code_items.id"], name=op.f(f"fk_{name}_{key}_code_items")),
        sa.PrimaryKeyConstraint(key, "case_no", "case_id", name=op.f(f"pk_{name}")),
        sqlite_with_rowid=False,
    )


def upgrade() -> None:
    # Plain ALTER TABLE ADD COLUMN (constant default): no rebuild of the
    # million-row table, as a batch operation would do.
    op.add_column(
        "cases",
        sa.Column("dv_ever", sa.Boolean(), server_default=sa.false(), nullable=False),
    )
    op.add_column(
        "consultations",
        sa.Column("is_latest", sa.Boolean(), server_default=sa.false(), nullable=False),
    )
    _summary_table("case_channels", "channel_id")
    _summary_table("case_topics", "topic_id")
    for statement in _FILL:
        op.execute(statement)
    op.create_index("ix_case_channels_case_id", "case_channels", ["case_id"])
    op.create_index("ix_case_topics_case_id", "case_topics", ["case_id"])
    op.create_index("ix_cases_dv_ever_case_no_id", "cases", ["dv_ever", "case_no", "id"])
    # The due list: indexes of 0003 replaced by ones that skip what cannot
    # be due (settled consultations, done actions) without reading rows.
    op.drop_index("ix_consultations_counselor_id_follow_up_on", table_name="consultations")
    op.create_index(
        "ix_consultations_counselor_id_is_latest_follow_up_on",
        "consultations",
        ["counselor_id", "is_latest", "follow_up_on", "case_id"],
    )
    # The case list's filters the summaries do not answer (a channel with
    # a date range, ...): 0003's (key, case_id) indexes of consultations
    # replaced by (key, day, case_id) ones, so that a date range is answered
    # from the index too (phone contacts in one month: 0.6 s -> 0.04 s).
    for old, new in _CONSULTATION_INDEXES:
        op.drop_index(old[0], table_name="consultations")
        op.create_index(new[0], "consultations", new[1])
    op.drop_index("ix_plan_items_responsible_staff_id_due_on", table_name="plan_items")
    op.create_index(
        "ix_plan_items_responsible_staff_id_status_due_on",
        "plan_items",
        ["responsible_staff_id", "status", "due_on"],
    )
    op.create_index(
        "ix_plan_items_issue_id_status_due_on", "plan_items", ["issue_id", "status", "due_on"]
    )
    if op.get_bind().dialect.name == "sqlite":
        for _name, statement in _TRIGGERS:
            op.execute(statement)
        # A file that has planner statistics (the demo is analyzed when
        # generated) gets them for what is new here too, or the planner
        # would guess around the new tables.  A file without any keeps
        # planning without: ANALYZE here would change every query's plan.
        conn = op.get_bind()
        if conn.exec_driver_sql("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'").first():
            for name in (
                "case_channels",
                "case_topics",
                "ix_cases_dv_ever_case_no_id",
                "ix_consultations_counselor_id_is_latest_follow_up_on",
                "ix_plan_items_responsible_staff_id_status_due_on",
                "ix_plan_items_issue_id_status_due_on",
                *(new[0] for _old, new in _CONSULTATION_INDEXES),
            ):
                op.execute(f"ANALYZE {name}")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for name, _statement in reversed(_TRIGGERS):
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.drop_index("ix_plan_items_issue_id_status_due_on", table_name="plan_items")
    op.drop_index("ix_plan_items_responsible_staff_id_status_due_on", table_name="plan_items")
    op.create_index(
        "ix_plan_items_responsible_staff_id_due_on",
        "plan_items",
        ["responsible_staff_id", "due_on"],
    )
    op.drop_index(
        "ix_consultations_counselor_id_is_latest_follow_up_on", table_name="consultations"
    )
    op.create_index(
        "ix_consultations_counselor_id_follow_up_on",
        "consultations",
        ["counselor_id", "follow_up_on", "case_id", "consulted_on"],
    )
    for old, new in reversed(_CONSULTATION_INDEXES):
        op.drop_index(new[0], table_name="consultations")
        op.create_index(old[0], "consultations", old[1])
    op.drop_index("ix_cases_dv_ever_case_no_id", table_name="cases")
    op.drop_table("case_topics")
    op.drop_table("case_channels")
    with op.batch_alter_table("consultations") as batch_op:
        batch_op.drop_column("is_latest")
    with op.batch_alter_table("cases") as batch_op:
        batch_op.drop_column("dv_ever")
