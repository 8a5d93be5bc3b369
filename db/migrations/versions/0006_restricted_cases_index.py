"""restricted cases by lead counselor: the cases a counselor may not open

``ix_cases_restricted_lead_counselor_id_id``: casedesk/access.py asks for the
restricted cases that are not the reader's; without it that question read
every case (0.3 s on the 1,000,000-consultation demo) before each list.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-23 15:30:00
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0006"
down_revision: str | Sequence[str] | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index(
        "ix_cases_restricted_lead_counselor_id_id",
        "cases",
        ["restricted", "lead_counselor_id", "id"],
    )


def downgrade() -> None:
    op.drop_index("ix_cases_restricted_lead_counselor_id_id", table_name="cases")
