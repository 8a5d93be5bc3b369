"""The audit trail: who viewed, revealed, changed, printed or exported what.

Append-only.  Each entry carries the hash of the previous one so that an
altered or deleted entry breaks the chain (verified by the security layer).
"""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import BigInteger, DateTime, Index, Integer, String, Text, Uuid
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
    detail: Mapped[str | None] = mapped_column(Text)  # JSON
    prev_hash: Mapped[str | None] = mapped_column(String(64))
    hash: Mapped[str | None] = mapped_column(String(64))
