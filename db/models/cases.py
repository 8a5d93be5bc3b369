"""Cases: one support episode of a client, and who is assigned to it."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import Boolean, Date, Index, String, Text, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base, Record, enum_column, fk, optional_fk
from db.enums import CaseStatus, RiskLevel


class Case(Record, Base):
    __tablename__ = "cases"
    __table_args__ = (
        # The case list in case-number order, ids read from the index alone
        # (200,000 cases: no visit to the table rows).
        Index("ix_cases_case_no_id", "case_no", "id"),
        # ... and a counselor's cases (the list's counselor filter), and
        # her open ones (that filter with the status, and the due list's
        # items that fall to a case's lead).  Both: without the first SQLite
        # reads every case in number order for the counselor filter alone
        # (0.2 s).  No index led by status alone: with one SQLite drives the
        # due list from every open case, 3 s instead of 0.5 s.
        Index("ix_cases_lead_counselor_id_case_no_id", "lead_counselor_id", "case_no", "id"),
        Index(
            "ix_cases_lead_counselor_id_status_case_no_id",
            "lead_counselor_id",
            "status",
            "case_no",
            "id",
        ),
        # The list's DV filter, already in case-number order.
        Index("ix_cases_dv_ever_case_no_id", "dv_ever", "case_no", "id"),
        # The restricted cases a counselor may not open (casedesk/access.py),
        # from the index alone: a few thousand of 200,000 on the 1M demo, read
        # in 5 ms instead of a scan of every case (0.3 s).
        Index("ix_cases_restricted_lead_counselor_id_id", "restricted", "lead_counselor_id", "id"),
    )

    # What staff say and write ("2024-0123"); the UUID is for machines.
    case_no: Mapped[str] = mapped_column(String(20), unique=True)
    client_id: Mapped[uuid.UUID] = fk("clients.id")
    status: Mapped[CaseStatus] = mapped_column(
        enum_column(CaseStatus), default=CaseStatus.OPEN, index=True
    )
    lead_counselor_id: Mapped[uuid.UUID | None] = optional_fk("staff.id")
    opened_on: Mapped[dt.date] = mapped_column(Date, index=True)
    open_reason: Mapped[str | None] = mapped_column(Text)
    closed_on: Mapped[dt.date | None] = mapped_column(Date)
    close_reason_id: Mapped[uuid.UUID | None] = optional_fk("code_items.id")
    close_note: Mapped[str | None] = mapped_column(Text)
    # A restricted case (high-risk DV, a staff member's acquaintance) is
    # visible only to its assigned staff and supervisors.
    restricted: Mapped[bool] = mapped_column(Boolean, default=False)
    risk_level: Mapped[RiskLevel] = mapped_column(enum_column(RiskLevel), default=RiskLevel.LOW)
    summary: Mapped[str | None] = mapped_column(Text)
    # Some consultation of the case was about DV: kept by the database's
    # triggers from the consultations (db/models/case_summaries.py), never
    # written by the application.
    dv_ever: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())


class CaseAssignment(Record, Base):
    """A staff member assigned to a case besides (or as well as) the lead."""

    __tablename__ = "case_assignments"
    __table_args__ = (UniqueConstraint("case_id", "staff_id"),)

    case_id: Mapped[uuid.UUID] = fk("cases.id", ondelete="CASCADE")
    staff_id: Mapped[uuid.UUID] = fk("staff.id")
    role_note: Mapped[str | None] = mapped_column(String(100))
