"""The "due" list: what a counselor has to follow up on, this week or before.

One UNION ALL query gathers, for one counselor and the open cases only:

- support-plan actions (``plan_items``) not done or cancelled;
- referrals still being followed (proposed or contacted);
- consultation follow-ups not yet overtaken by a later consultation;
- accompaniment follow-ups, likewise;
- conference roles (役割分担) not done or cancelled;

that are overdue, due today or due within ``horizon_days``.

Indexes.  Overdue items have no lower date bound, so ``due_on <= horizon``
/ ``follow_up_on <= horizon`` is a range over nearly every dated row (on the
1,000,000-consultation demo: 225,000 consultation follow-ups, all 158,000
plan items).  The equality on the counselor column is far narrower, and
SQLite (no ANALYZE statistics) picks it for every part; the date column is
then checked on the rows that index yields.  Measured plan, per part:

- plan items: ix_plan_items_responsible_staff_id twice (MULTI-INDEX OR:
  ``= staff`` and ``IS NULL``, the latter then filtered by the case's lead);
- referrals: ix_referrals_status (proposed, contacted);
- consultations: ix_consultations_counselor_id, then one probe of
  ix_consultations_case_id_consulted_on per candidate ("a later one?");
- accompaniments: ix_accompaniments_staff_id, then the same probe;
- conference roles: ix_conference_roles_staff_id;
- cases, clients, agencies, plans, issues: by primary key.

ix_plan_items_due_on, ix_referrals_follow_up_on,
ix_consultations_follow_up_on, ix_accompaniments_follow_up_on and
ix_conference_roles_due_on remain the planner's alternative (a PostgreSQL
planner with statistics may use them where a counselor has many rows).  On
the 1M demo a counselor's list (~3,000 rows, mostly overdue) takes about
0.8 s (benchmarks/followups.py); consultations (~0.4 s of SQL) and plan
items (~0.2 s) dominate.  A
composite index (counselor_id, follow_up_on) on consultations would take
the consultation part to ~0.24 s; it needs a migration.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    ColumnElement,
    CompoundSelect,
    Select,
    String,
    and_,
    exists,
    func,
    literal,
    literal_column,
    or_,
    select,
    union_all,
)
from sqlalchemy.orm import InstrumentedAttribute, aliased

from casedesk.database import Database
from db.enums import ActionStatus, CaseStatus, PlanStatus, ReferralStatus
from db.models.accompaniments import Accompaniment
from db.models.agencies import Agency
from db.models.cases import Case
from db.models.conferences import ConferenceCase, ConferenceRole
from db.models.consultations import Consultation
from db.models.people import Client
from db.models.plans import PlanItem, SupportIssue, SupportPlan
from db.models.referrals import Referral

DEFAULT_HORIZON_DAYS = 7


class FollowUpKind(StrEnum):
    PLAN_ACTION = "plan_action"
    REFERRAL = "referral"
    CONSULTATION = "consultation"
    ACCOMPANIMENT = "accompaniment"
    CONFERENCE_ROLE = "conference_role"


class Bucket(StrEnum):
    OVERDUE = "overdue"
    TODAY = "today"
    THIS_WEEK = "this_week"


@dataclass(frozen=True)
class FollowUp:
    """One line of the due list."""

    kind: FollowUpKind
    source_id: uuid.UUID  # the plan item, referral, consultation, ... row
    case_id: uuid.UUID
    case_no: str
    client_name: str  # the client's display name (never her real name)
    due_on: dt.date
    what: str
    bucket: Bucket


_OPEN_ACTIONS = (ActionStatus.PLANNED, ActionStatus.IN_PROGRESS)
_FOLLOWED_REFERRALS = (ReferralStatus.PROPOSED, ReferralStatus.CONTACTED)
_REFERRAL_LABELS = {ReferralStatus.PROPOSED: "提案済み", ReferralStatus.CONTACTED: "連絡済み"}


def bucket_of(due_on: dt.date, today: dt.date) -> Bucket:
    if due_on < today:
        return Bucket.OVERDUE
    if due_on == today:
        return Bucket.TODAY
    return Bucket.THIS_WEEK


def _kind(kind: FollowUpKind) -> ColumnElement[str]:
    return literal(kind.value, String).label("kind")


def _later_consultation(case_id: Any, after: Any, *, tie_id: Any = None) -> ColumnElement[bool]:
    """A consultation on ``case_id`` after the day ``after`` (or, with
    ``tie_id``, on that day but recorded later: ids are UUIDv7, in creation
    order).  Answered by ix_consultations_case_id_consulted_on."""
    later = aliased(Consultation)
    if tie_id is None:
        newer: ColumnElement[bool] = later.consulted_on > after
    else:
        newer = and_(
            later.consulted_on >= after,
            or_(later.consulted_on > after, later.id > tie_id),
        )
    return exists().where(later.case_id == case_id, newer)


def due_statement(
    staff_id: uuid.UUID, today: dt.date, *, horizon_days: int = DEFAULT_HORIZON_DAYS
) -> CompoundSelect[Any]:
    """The query behind ``due_followups`` (public so a test or benchmark can
    look at its plan).  Columns: kind, source_id, case_id, case_no,
    client_name, due_on, text, extra; ordered by due date, then case_no
    (then kind and id, so that the order is total)."""
    until = today + dt.timedelta(days=horizon_days)
    is_open = Case.status == CaseStatus.OPEN

    def lead_is_staff(own: InstrumentedAttribute[uuid.UUID | None]) -> ColumnElement[bool]:
        return or_(own == staff_id, and_(own.is_(None), Case.lead_counselor_id == staff_id))

    def parts(
        kind: FollowUpKind, source: Any, due: Any, text: Any, extra: Any
    ) -> list[ColumnElement[Any]]:
        return [
            _kind(kind),
            source.label("source_id"),
            Case.id.label("case_id"),
            Case.case_no.label("case_no"),
            Client.display_name.label("client_name"),
            due.label("due_on"),
            text.label("text"),
            extra.label("extra"),
        ]

    # ix_plan_items_responsible_staff_id (see the module docstring).  Items
    # of a superseded plan version are history: the adopted version carries
    # what is still to do.
    plans: Select[Any] = (
        select(
            *parts(
                FollowUpKind.PLAN_ACTION,
                PlanItem.id,
                PlanItem.due_on,
                PlanItem.action,
                literal(None, String),
            )
        )
        .join(SupportIssue, SupportIssue.id == PlanItem.issue_id)
        .join(SupportPlan, SupportPlan.id == SupportIssue.plan_id)
        .join(Case, Case.id == SupportPlan.case_id)
        .join(Client, Client.id == Case.client_id)
        .where(
            PlanItem.due_on <= until,
            PlanItem.status.in_(_OPEN_ACTIONS),
            SupportPlan.status != PlanStatus.SUPERSEDED,
            lead_is_staff(PlanItem.responsible_staff_id),
            is_open,
        )
    )

    # ix_referrals_status.
    referrals: Select[Any] = (
        select(
            *parts(
                FollowUpKind.REFERRAL,
                Referral.id,
                Referral.follow_up_on,
                func.coalesce(Agency.name, Referral.agency_name),
                Referral.status,
            )
        )
        .join(Case, Case.id == Referral.case_id)
        .join(Client, Client.id == Case.client_id)
        .outerjoin(Agency, Agency.id == Referral.agency_id)
        .where(
            Referral.follow_up_on <= until,
            Referral.status.in_(_FOLLOWED_REFERRALS),
            lead_is_staff(Referral.counselor_id),
            is_open,
        )
    )

    # ix_consultations_counselor_id, then one probe of
    # ix_consultations_case_id_consulted_on per candidate.  A follow-up is
    # done once a later consultation exists on the case; so only the one of
    # the case's latest consultation can still be due.
    consultations: Select[Any] = (
        select(
            *parts(
                FollowUpKind.CONSULTATION,
                Consultation.id,
                Consultation.follow_up_on,
                Consultation.follow_up_note,
                literal(None, String),
            )
        )
        .join(Case, Case.id == Consultation.case_id)
        .join(Client, Client.id == Case.client_id)
        .where(
            Consultation.follow_up_on <= until,
            Consultation.counselor_id == staff_id,
            is_open,
            ~_later_consultation(
                Consultation.case_id, Consultation.consulted_on, tie_id=Consultation.id
            ),
        )
    )

    # ix_accompaniments_staff_id, then the same probe: a consultation
    # after the day of the accompaniment settles its follow-up.
    accompaniments: Select[Any] = (
        select(
            *parts(
                FollowUpKind.ACCOMPANIMENT,
                Accompaniment.id,
                Accompaniment.follow_up_on,
                func.coalesce(Agency.name, Accompaniment.destination_name),
                Accompaniment.purpose,
            )
        )
        .join(Case, Case.id == Accompaniment.case_id)
        .join(Client, Client.id == Case.client_id)
        .outerjoin(Agency, Agency.id == Accompaniment.destination_agency_id)
        .where(
            Accompaniment.follow_up_on <= until,
            Accompaniment.staff_id == staff_id,
            is_open,
            ~_later_consultation(Accompaniment.case_id, Accompaniment.accompanied_on),
        )
    )

    # ix_conference_roles_staff_id.
    roles: Select[Any] = (
        select(
            *parts(
                FollowUpKind.CONFERENCE_ROLE,
                ConferenceRole.id,
                ConferenceRole.due_on,
                ConferenceRole.task,
                literal(None, String),
            )
        )
        .join(ConferenceCase, ConferenceCase.id == ConferenceRole.conference_case_id)
        .join(Case, Case.id == ConferenceCase.case_id)
        .join(Client, Client.id == Case.client_id)
        .where(
            ConferenceRole.due_on <= until,
            ConferenceRole.status.in_(_OPEN_ACTIONS),
            ConferenceRole.staff_id == staff_id,
            is_open,
        )
    )

    return union_all(plans, referrals, consultations, accompaniments, roles).order_by(
        literal_column("due_on"),
        literal_column("case_no"),
        literal_column("kind"),
        literal_column("source_id"),
    )


def _what(kind: FollowUpKind, text: str | None, extra: str | None) -> str:
    if kind is FollowUpKind.REFERRAL:
        where = text or "（つなぎ先未入力）"
        label = _REFERRAL_LABELS.get(ReferralStatus(extra)) if extra else None
        return f"つなぎ先: {where} ({label})" if label else f"つなぎ先: {where}"
    if kind is FollowUpKind.CONSULTATION:
        return text or "相談のフォローアップ"
    if kind is FollowUpKind.ACCOMPANIMENT:
        where = text or extra or ""
        return f"同行支援のフォローアップ: {where}" if where else "同行支援のフォローアップ"
    return text or ""


def due_followups(
    db: Database,
    staff_id: uuid.UUID,
    today: dt.date,
    *,
    horizon_days: int = DEFAULT_HORIZON_DAYS,
) -> list[FollowUp]:
    """Everything of this counselor that is overdue, due today or due within
    ``horizon_days``, on open cases, by due date then case number."""
    stmt = due_statement(staff_id, today, horizon_days=horizon_days)
    with db.reading() as session:
        rows = session.execute(stmt).all()
    result: list[FollowUp] = []
    for row in rows:
        kind = FollowUpKind(row.kind)
        due_on: dt.date = row.due_on
        result.append(
            FollowUp(
                kind=kind,
                source_id=row.source_id,
                case_id=row.case_id,
                case_no=row.case_no,
                client_name=row.client_name,
                due_on=due_on,
                what=_what(kind, row.text, row.extra),
                bucket=bucket_of(due_on, today),
            )
        )
    return result


def due_counts(
    db: Database,
    staff_id: uuid.UUID,
    today: dt.date,
    *,
    horizon_days: int = DEFAULT_HORIZON_DAYS,
) -> dict[Bucket, int]:
    """How many follow-ups fall in each bucket (every bucket present, 0 or more)."""
    counts = dict.fromkeys(Bucket, 0)
    for item in due_followups(db, staff_id, today, horizon_days=horizon_days):
        counts[item.bucket] += 1
    return counts
