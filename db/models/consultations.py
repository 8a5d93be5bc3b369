"""Consultations (相談): one contact each, on any channel."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import Boolean, Date, ForeignKey, Index, String, Text, Time, Uuid, false
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
        # The case list's filters that the per-case summaries do not answer
        # ("cases with a phone contact in May", "... about housing by phone")
        # collect the matching case ids from one of these: each holds the day
        # and case_id, so with a date range the million rows themselves are
        # never read (casedesk/case_list.py).
        Index(
            "ix_consultations_channel_id_consulted_on_case_id",
            "channel_id",
            "consulted_on",
            "case_id",
        ),
        Index(
            "ix_consultations_main_complaint_id_consulted_on_case_id",
            "main_complaint_id",
            "consulted_on",
            "case_id",
        ),
        # (is_dv, case_id), not with the day: "has this case a DV contact?"
        # (the case view, the list's DV column) must be one probe of it.
        Index("ix_consultations_is_dv_case_id", "is_dv", "case_id"),
        Index("ix_consultations_consulted_on_case_id", "consulted_on", "case_id"),
        # From a further topic (consultation_topics) to its case.
        Index("ix_consultations_id_consulted_on_case_id", "id", "consulted_on", "case_id"),
        # A counselor's due list: her follow-ups up to a date, of the latest
        # consultation of each case only (the others are settled); case_id so
        # that those of closed cases are passed over without reading the row.
        Index(
            "ix_consultations_counselor_id_is_latest_follow_up_on",
            "counselor_id",
            "is_latest",
            "follow_up_on",
            "case_id",
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
    # The case's latest consultation (last day, then last recorded): a later
    # consultation settles an earlier one's follow-up, so only this one's can
    # still be due.  Kept by the database's triggers
    # (db/models/case_summaries.py), never written by the application; false
    # for an anonymous contact.
    is_latest: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())


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
