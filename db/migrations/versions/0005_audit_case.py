"""audit trail: the case of each entry

``audit_log.case_id``: the case an entry is about (a consultation viewed,
a client's phone revealed), indexed for the case's "who looked at this"
list.  No foreign key: purging a case must neither be blocked by its audit
entries nor delete them.  Nothing wrote the audit log before this revision,
so there is nothing to fill.

Append-only on SQLite: triggers refuse any UPDATE or DELETE of an audit
row (the hash chain catches whoever drops them first).  On another engine
they are not created.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23 14:40:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | Sequence[str] | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


# The triggers as of this revision (db/models/audit.py), frozen.
_TRIGGERS: list[tuple[str, str]] = [
    (
        f"tr_audit_log_no_{verb.lower()}",
        f"""CREATE TRIGGER tr_audit_log_no_{verb.lower()} BEFORE {verb} ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END""",
    )
    for verb in ("UPDATE", "DELETE")
]


def upgrade() -> None:
    # Plain ALTER TABLE ADD COLUMN (nullable, no default): no table rebuild.
    op.add_column("audit_log", sa.Column("case_id", sa.Uuid(), nullable=True))
    op.create_index("ix_audit_log_case_id", "audit_log", ["case_id"], unique=False)
    if op.get_bind().dialect.name == "sqlite":
        for _name, statement in _TRIGGERS:
            op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for name, _statement in reversed(_TRIGGERS):
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.drop_index("ix_audit_log_case_id", table_name="audit_log")
    with op.batch_alter_table("audit_log") as batch_op:
        batch_op.drop_column("case_id")
