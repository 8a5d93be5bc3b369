"""The audit trail: who viewed, revealed, changed, printed or exported what.

Append-only: on SQLite, triggers (``SQLITE_TRIGGERS``) refuse any UPDATE
or DELETE of a row, so that no code path and no casual edit in a database
browser changes the trail.  Someone who drops the triggers first is caught
by the chain: each entry carries the hash of the previous one, so that an
altered or deleted entry breaks it; ``casedesk.audit`` writes the entries
and verifies the chain.  ``detail`` holds ids and field names only,
never a client's name, address, phone or narrative.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from sqlalchemy import (
    BigInteger,
    Connection,
    DateTime,
    Index,
    Integer,
    String,
    Table,
    Text,
    Uuid,
    event,
)
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base, optional_fk, utcnow
from db.ids import uuid7


class AuditEntry(Base):
    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_log_entity", "entity_type", "entity_id"),)

    # The chain order; an integer so the order is total on one database.
    seq: Mapped[int] = mapped_column(
        BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True
    )
    # Stable id so that entries from a synced laptop keep their identity.
    uid: Mapped[uuid.UUID] = mapped_column(Uuid, unique=True, default=uuid7)
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, index=True)
    staff_id: Mapped[uuid.UUID | None] = optional_fk("staff.id")
    action: Mapped[str] = mapped_column(String(40), index=True)
    entity_type: Mapped[str | None] = mapped_column(String(40))
    entity_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    # The case the entry is about (a consultation viewed, a client's phone
    # revealed), for the case's "who looked at this" list.  Deliberately no
    # foreign key: purging a case must neither be blocked by its audit
    # entries nor take them with it.
    case_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, index=True)
    detail: Mapped[str | None] = mapped_column(Text)  # JSON
    prev_hash: Mapped[str | None] = mapped_column(String(64))
    hash: Mapped[str | None] = mapped_column(String(64))


# As created by migration 0005 (frozen there); a schema built from the
# models gets them through the event below.  A later migration that must
# rewrite rows drops and recreates them.
SQLITE_TRIGGERS: list[tuple[str, str]] = [
    (
        f"tr_audit_log_no_{verb.lower()}",
        f"""CREATE TRIGGER tr_audit_log_no_{verb.lower()} BEFORE {verb} ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END""",
    )
    for verb in ("UPDATE", "DELETE")
]


def _create_triggers(_table: Table, connection: Connection, **_kw: Any) -> None:
    if connection.dialect.name == "sqlite":
        for _name, statement in SQLITE_TRIGGERS:
            connection.exec_driver_sql(statement)


event.listen(AuditEntry.__table__, "after_create", _create_triggers)
