"""Referrals (つなぎ), followed until the client is actually connected."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import Date, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base, Record, enum_column, fk, optional_fk
from db.enums import ReferralStatus


class Referral(Record, Base):
    __tablename__ = "referrals"
    __table_args__ = (
        # A counselor's due list: her referrals to follow up, up to a date.
        Index("ix_referrals_counselor_id_follow_up_on", "counselor_id", "follow_up_on"),
    )

    case_id: Mapped[uuid.UUID] = fk("cases.id")
    agency_id: Mapped[uuid.UUID | None] = optional_fk("agencies.id")
    # For an agency not (yet) in the directory.
    agency_name: Mapped[str | None] = mapped_column(String(200))
    purpose: Mapped[str | None] = mapped_column(Text)
    counselor_id: Mapped[uuid.UUID | None] = optional_fk("staff.id")
    # The current status: written only together with a new ReferralStatusChange
    # row (one transaction), so that lists can filter on it without a subquery.
    status: Mapped[ReferralStatus] = mapped_column(
        enum_column(ReferralStatus), default=ReferralStatus.PROPOSED, index=True
    )
    proposed_on: Mapped[dt.date] = mapped_column(Date, index=True)
    follow_up_on: Mapped[dt.date | None] = mapped_column(Date, index=True)
    notes: Mapped[str | None] = mapped_column(Text)


class ReferralStatusChange(Record, Base):
    """The history: every status a referral went through, when and why."""

    __tablename__ = "referral_status_changes"

    referral_id: Mapped[uuid.UUID] = fk("referrals.id", ondelete="CASCADE")
    status: Mapped[ReferralStatus] = mapped_column(enum_column(ReferralStatus), index=True)
    changed_on: Mapped[dt.date] = mapped_column(Date, index=True)
    reason: Mapped[str | None] = mapped_column(Text)
    staff_id: Mapped[uuid.UUID | None] = optional_fk("staff.id")
