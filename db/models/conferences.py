"""Case conferences (ケース会議 / 支援調整会議)."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import Boolean, Date, String, Text, Time, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base, Record, enum_column, fk, optional_fk
from db.enums import ActionStatus, ConferenceDecision


class Conference(Record, Base):
    __tablename__ = "conferences"

    kind_id: Mapped[uuid.UUID] = fk("code_items.id")
    held_on: Mapped[dt.date] = mapped_column(Date, index=True)
    start_time: Mapped[dt.time | None] = mapped_column(Time)
    end_time: Mapped[dt.time | None] = mapped_column(Time)
    place: Mapped[str | None] = mapped_column(String(200))
    online: Mapped[bool] = mapped_column(Boolean, default=False)
    title: Mapped[str | None] = mapped_column(String(200))
    chair_id: Mapped[uuid.UUID | None] = optional_fk("staff.id")
    notes: Mapped[str | None] = mapped_column(Text)


class ConferenceParticipant(Record, Base):
    """A staff member, or the person who attended for a partner agency."""

    __tablename__ = "conference_participants"

    conference_id: Mapped[uuid.UUID] = fk("conferences.id", ondelete="CASCADE")
    staff_id: Mapped[uuid.UUID | None] = optional_fk("staff.id")
    agency_id: Mapped[uuid.UUID | None] = optional_fk("agencies.id")
    person_name: Mapped[str | None] = mapped_column(String(100))
    role: Mapped[str | None] = mapped_column(String(100))


class ConferenceCase(Record, Base):
    """One case discussed at a conference, and what was decided for it."""

    __tablename__ = "conference_cases"
    __table_args__ = (UniqueConstraint("conference_id", "case_id"),)

    conference_id: Mapped[uuid.UUID] = fk("conferences.id", ondelete="CASCADE")
    case_id: Mapped[uuid.UUID] = fk("cases.id")
    situation: Mapped[str | None] = mapped_column(Text)
    progress_evaluation: Mapped[str | None] = mapped_column(Text)
    support_policy: Mapped[str | None] = mapped_column(Text)
    lead_agency_id: Mapped[uuid.UUID | None] = optional_fk("agencies.id")
    decision: Mapped[ConferenceDecision | None] = mapped_column(enum_column(ConferenceDecision))
    next_meeting_on: Mapped[dt.date | None] = mapped_column(Date)


class ConferenceRole(Record, Base):
    """役割分担: who does what by when; becomes a follow-up on the case."""

    __tablename__ = "conference_roles"

    conference_case_id: Mapped[uuid.UUID] = fk("conference_cases.id", ondelete="CASCADE")
    agency_id: Mapped[uuid.UUID | None] = optional_fk("agencies.id")
    staff_id: Mapped[uuid.UUID | None] = optional_fk("staff.id")
    person_name: Mapped[str | None] = mapped_column(String(100))
    task: Mapped[str] = mapped_column(Text)
    due_on: Mapped[dt.date | None] = mapped_column(Date, index=True)
    status: Mapped[ActionStatus] = mapped_column(
        enum_column(ActionStatus), default=ActionStatus.PLANNED
    )
