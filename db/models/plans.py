"""Issue triage and the support plan (課題の切り分け・支援計画)."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import Date, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base, Record, enum_column, fk, optional_fk
from db.enums import ActionStatus, IssueStatus, PlanStatus, Responsible


class SupportPlan(Record, Base):
    """One version of a case's plan; adopting a new one supersedes the old."""

    __tablename__ = "support_plans"
    __table_args__ = (UniqueConstraint("case_id", "version"),)

    case_id: Mapped[uuid.UUID] = fk("cases.id", ondelete="CASCADE")
    version: Mapped[int] = mapped_column(Integer, default=1)
    status: Mapped[PlanStatus] = mapped_column(enum_column(PlanStatus), default=PlanStatus.DRAFT)
    summary: Mapped[str | None] = mapped_column(Text)
    adopted_on: Mapped[dt.date | None] = mapped_column(Date)
    review_on: Mapped[dt.date | None] = mapped_column(Date, index=True)
    author_id: Mapped[uuid.UUID | None] = optional_fk("staff.id")


class SupportIssue(Record, Base):
    """One of the client's problems, split out so that each gets its own goal."""

    __tablename__ = "support_issues"

    plan_id: Mapped[uuid.UUID] = fk("support_plans.id", ondelete="CASCADE")
    title: Mapped[str] = mapped_column(String(200))
    topic_id: Mapped[uuid.UUID | None] = optional_fk("code_items.id")
    description: Mapped[str | None] = mapped_column(Text)
    goal: Mapped[str | None] = mapped_column(Text)
    status: Mapped[IssueStatus] = mapped_column(enum_column(IssueStatus), default=IssueStatus.OPEN)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)


class PlanItem(Record, Base):
    """An action toward an issue's goal: what, who, by when."""

    __tablename__ = "plan_items"
    __table_args__ = (
        # A counselor's due list: her open actions up to a date, and those
        # of an issue (of the cases she leads); with the status in the key
        # the done ones (over half) are skipped without reading their rows.
        Index(
            "ix_plan_items_responsible_staff_id_status_due_on",
            "responsible_staff_id",
            "status",
            "due_on",
        ),
        Index("ix_plan_items_issue_id_status_due_on", "issue_id", "status", "due_on"),
    )

    issue_id: Mapped[uuid.UUID] = fk("support_issues.id", ondelete="CASCADE")
    goal: Mapped[str | None] = mapped_column(Text)
    action: Mapped[str] = mapped_column(Text)
    responsible: Mapped[Responsible] = mapped_column(
        enum_column(Responsible), default=Responsible.PROGRAM
    )
    responsible_staff_id: Mapped[uuid.UUID | None] = optional_fk("staff.id")
    responsible_agency_id: Mapped[uuid.UUID | None] = optional_fk("agencies.id")
    due_on: Mapped[dt.date | None] = mapped_column(Date, index=True)
    status: Mapped[ActionStatus] = mapped_column(
        enum_column(ActionStatus), default=ActionStatus.PLANNED
    )
    review_on: Mapped[dt.date | None] = mapped_column(Date)
    note: Mapped[str | None] = mapped_column(Text)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
