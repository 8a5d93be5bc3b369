"""Accompaniment (同行支援): going with the client to an agency."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import Date, Index, String, Text, Time
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base, Record, fk, optional_fk


class Accompaniment(Record, Base):
    __tablename__ = "accompaniments"
    __table_args__ = (
        # A counselor's due list: her accompaniment follow-ups up to a date.
        Index("ix_accompaniments_staff_id_follow_up_on", "staff_id", "follow_up_on"),
    )

    case_id: Mapped[uuid.UUID] = fk("cases.id")
    accompanied_on: Mapped[dt.date] = mapped_column(Date, index=True)
    start_time: Mapped[dt.time | None] = mapped_column(Time)
    end_time: Mapped[dt.time | None] = mapped_column(Time)
    staff_id: Mapped[uuid.UUID | None] = optional_fk("staff.id")
    destination_agency_id: Mapped[uuid.UUID | None] = optional_fk("agencies.id")
    # Reports count by destination kind, also for agencies not in the directory.
    destination_kind_id: Mapped[uuid.UUID] = fk("code_items.id")
    destination_name: Mapped[str | None] = mapped_column(String(200))
    purpose: Mapped[str | None] = mapped_column(Text)
    outcome: Mapped[str | None] = mapped_column(Text)
    follow_up_on: Mapped[dt.date | None] = mapped_column(Date, index=True)
    notes: Mapped[str | None] = mapped_column(Text)
