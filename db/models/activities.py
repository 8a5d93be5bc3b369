"""Program activities that are not tied to one case: goods handed out and
group sessions (drop-in space, peer support, training) with their surveys."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import Date, Integer, String, Text, Time
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base, Record, enum_column, fk, link_table, optional_fk
from db.enums import Satisfaction


class GoodsDistribution(Record, Base):
    """物品提供: e.g. 生理用品 100 packs at a school library."""

    __tablename__ = "goods_distributions"

    item_id: Mapped[uuid.UUID] = fk("code_items.id")
    quantity: Mapped[int] = mapped_column(Integer)
    handed_on: Mapped[dt.date] = mapped_column(Date, index=True)
    place_kind_id: Mapped[uuid.UUID | None] = optional_fk("code_items.id")
    place: Mapped[str | None] = mapped_column(String(200))
    outreach_event_id: Mapped[uuid.UUID | None] = optional_fk("outreach_events.id")
    case_id: Mapped[uuid.UUID | None] = optional_fk("cases.id")
    notes: Mapped[str | None] = mapped_column(Text)


class GroupSession(Record, Base):
    __tablename__ = "group_sessions"

    kind_id: Mapped[uuid.UUID] = fk("code_items.id")
    held_on: Mapped[dt.date] = mapped_column(Date, index=True)
    start_time: Mapped[dt.time | None] = mapped_column(Time)
    end_time: Mapped[dt.time | None] = mapped_column(Time)
    theme: Mapped[str | None] = mapped_column(String(200))
    place: Mapped[str | None] = mapped_column(String(200))
    # Trainings have anonymous participants from other agencies: a count.
    participants_count: Mapped[int] = mapped_column(Integer, default=0)
    facilitator: Mapped[str | None] = mapped_column(String(100))
    notes: Mapped[str | None] = mapped_column(Text)


# Known clients who came to a drop-in or peer-support session.
group_session_clients = link_table(
    "group_session_clients", ("session_id", "group_sessions.id"), ("client_id", "clients.id")
)


class SessionSurveyResponse(Record, Base):
    """One participant's answer to the satisfaction survey after a training."""

    __tablename__ = "session_survey_responses"

    session_id: Mapped[uuid.UUID] = fk("group_sessions.id", ondelete="CASCADE")
    satisfaction: Mapped[Satisfaction] = mapped_column(enum_column(Satisfaction))
    comment: Mapped[str | None] = mapped_column(Text)
