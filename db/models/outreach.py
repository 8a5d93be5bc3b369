"""Outreach events (アウトリーチ): pop-up consultation days, patrols, visits
through schools and welfare volunteers.  A visit to a known client is a
consultation on her case with the 訪問 channel, not an event."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import Date, Integer, String, Text, Time
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base, Record, fk, link_table


class OutreachEvent(Record, Base):
    __tablename__ = "outreach_events"

    kind_id: Mapped[uuid.UUID] = fk("code_items.id")
    held_on: Mapped[dt.date] = mapped_column(Date, index=True)
    start_time: Mapped[dt.time | None] = mapped_column(Time)
    end_time: Mapped[dt.time | None] = mapped_column(Time)
    place: Mapped[str] = mapped_column(String(200))
    title: Mapped[str | None] = mapped_column(String(200))
    people_approached: Mapped[int] = mapped_column(Integer, default=0)
    # Counted on the day; consultations logged against the event are linked
    # by consultations.outreach_event_id as well.
    consultations_held: Mapped[int] = mapped_column(Integer, default=0)
    notes: Mapped[str | None] = mapped_column(Text)


outreach_event_staff = link_table(
    "outreach_event_staff", ("event_id", "outreach_events.id"), ("staff_id", "staff.id")
)
