"""Consultations (相談): one contact each, on any channel."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import Boolean, Date, ForeignKey, Index, String, Text, Time, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base, Record, enum_column, fk, link_table, optional_fk
from db.enums import ContactKind, Urgency


class Consultation(Record, Base):
    __tablename__ = "consultations"
    __table_args__ = (
        # The year-end report counts by period, then by channel or complaint.
        Index("ix_consultations_consulted_on_channel_id", "consulted_on", "channel_id"),
        # A case's timeline and its last contact, newest first.
        Index("ix_consultations_case_id_consulted_on", "case_id", "consulted_on"),
        # The case list's filters ("cases with a phone contact", "... about
        # housing", "... with DV", "... in May") collect the matching case ids
        # from one of these alone: each holds case_id, so the million rows
        # themselves are never read (casedesk/case_list.py).
        Index("ix_consultations_channel_id_case_id", "channel_id", "case_id"),
        Index("ix_consultations_main_complaint_id_case_id", "main_complaint_id", "case_id"),
        Index("ix_consultations_is_dv_case_id", "is_dv", "case_id"),
        Index("ix_consultations_consulted_on_case_id", "consulted_on", "case_id"),
        # From a further topic (consultation_topics) to its case.
        Index("ix_consultations_id_case_id", "id", "case_id"),
        # A counselor's due list: her follow-ups up to a date, with what
        # the "overtaken by a later consultation?" probe needs, so that the
        # ~30,000 candidates of a counselor are not read from the table.
        Index(
            "ix_consultations_counselor_id_follow_up_on",
            "counselor_id",
            "follow_up_on",
            "case_id",
            "consulted_on",
        ),
    )

    # Null for an anonymous one-off contact: those count too (as 匿名).
    case_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("cases.id"))
    consulted_on: Mapped[dt.date] = mapped_column(Date, index=True)
    start_time: Mapped[dt.time | None] = mapped_column(Time)
    end_time: Mapped[dt.time | None] = mapped_column(Time)
    channel_id: Mapped[uuid.UUID] = fk("code_items.id")
    counselor_id: Mapped[uuid.UUID | None] = optional_fk("staff.id")
    # 専門相談 (法律相談, からだの相談): the kind of specialist, else null.
    specialist_id: Mapped[uuid.UUID | None] = optional_fk("code_items.id")
    specialist_name: Mapped[str | None] = mapped_column(String(100))
    contact_kind: Mapped[ContactKind] = mapped_column(enum_column(ContactKind))
    # Age band at the time of the contact: known for anonymous contacts too,
    # and it does not move when a client later changes band.
    age_band_id: Mapped[uuid.UUID | None] = optional_fk("code_items.id")
    main_complaint_id: Mapped[uuid.UUID | None] = optional_fk("code_items.id")
    is_dv: Mapped[bool] = mapped_column(Boolean, default=False)
    narrative: Mapped[str | None] = mapped_column(Text)
    advice: Mapped[str | None] = mapped_column(Text)
    urgency: Mapped[Urgency] = mapped_column(enum_column(Urgency), default=Urgency.NONE)
    follow_up_on: Mapped[dt.date | None] = mapped_column(Date, index=True)
    follow_up_note: Mapped[str | None] = mapped_column(Text)
    # Where a visit or a pop-up consultation took place.
    place: Mapped[str | None] = mapped_column(String(200))
    outreach_event_id: Mapped[uuid.UUID | None] = optional_fk("outreach_events.id")


# Further topics of a consultation (several), besides the main complaint.
consultation_topics = link_table(
    "consultation_topics", ("consultation_id", "consultations.id"), ("topic_id", "code_items.id")
)
# The case list's topic filter: a topic's consultations without reading the
# link rows themselves.
Index(
    "ix_consultation_topics_topic_id_consultation_id",
    consultation_topics.c.topic_id,
    consultation_topics.c.consultation_id,
)

# Kinds of violence (身体的・精神的・性的・経済的・社会的), several allowed.
consultation_violence_kinds = link_table(
    "consultation_violence_kinds",
    ("consultation_id", "consultations.id"),
    ("violence_kind_id", "code_items.id"),
)
