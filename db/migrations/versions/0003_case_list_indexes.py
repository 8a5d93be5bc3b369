"""case list and due list indexes

On the 1,000,000-consultation demo the case list's channel, topic, DV and
date filters read the consultation rows themselves (1.5-5 s): each new
consultations index holds case_id, so the matching cases come from an index
alone; cases and clients get covering indexes for the list's order and its
counselor and age-band filters.  The due list gets (counselor, date)
indexes on each kind of follow-up.  Indexes only: no data to fill.  On the
1M demo this migration takes about half a minute and adds ~450 MB.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23 12:10:00
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op


revision: str = "0003"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# (name, table, columns), as in the models (db/models/).  Plain CREATE
# INDEX: no batch table rebuild needed.
_INDEXES: list[tuple[str, str, list[str]]] = [
    # The case list (casedesk/case_list.py).
    ("ix_cases_case_no_id", "cases", ["case_no", "id"]),
    ("ix_cases_lead_counselor_id_case_no_id", "cases", ["lead_counselor_id", "case_no", "id"]),
    (
        "ix_cases_lead_counselor_id_status_case_no_id",
        "cases",
        ["lead_counselor_id", "status", "case_no", "id"],
    ),
    ("ix_clients_age_band_id_id", "clients", ["age_band_id", "id"]),
    ("ix_consultations_channel_id_case_id", "consultations", ["channel_id", "case_id"]),
    (
        "ix_consultations_main_complaint_id_case_id",
        "consultations",
        ["main_complaint_id", "case_id"],
    ),
    ("ix_consultations_is_dv_case_id", "consultations", ["is_dv", "case_id"]),
    ("ix_consultations_consulted_on_case_id", "consultations", ["consulted_on", "case_id"]),
    ("ix_consultations_id_case_id", "consultations", ["id", "case_id"]),
    (
        "ix_consultation_topics_topic_id_consultation_id",
        "consultation_topics",
        ["topic_id", "consultation_id"],
    ),
    # The due list (casedesk/followups.py).
    (
        "ix_consultations_counselor_id_follow_up_on",
        "consultations",
        ["counselor_id", "follow_up_on", "case_id", "consulted_on"],
    ),
    ("ix_plan_items_responsible_staff_id_due_on", "plan_items", ["responsible_staff_id", "due_on"]),
    ("ix_referrals_counselor_id_follow_up_on", "referrals", ["counselor_id", "follow_up_on"]),
    ("ix_accompaniments_staff_id_follow_up_on", "accompaniments", ["staff_id", "follow_up_on"]),
]


def upgrade() -> None:
    for name, table, columns in _INDEXES:
        op.create_index(name, table, columns, unique=False)


def downgrade() -> None:
    for name, table, _columns in reversed(_INDEXES):
        op.drop_index(name, table_name=table)
