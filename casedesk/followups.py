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
plan items).  Each part therefore starts from a (counselor, ..., date)
index (migrations 0003 and 0004), so that the equality and the range are
both answered by the index.  Plan, per part (EXPLAIN QUERY PLAN on the 1M
demo):

- plan items named to the counselor:
  ix_plan_items_responsible_staff_id_status_due_on (open ones only);
- plan items named to no one, on her cases: her open cases from
  ix_cases_lead_counselor_id_status_case_no_id, then plans, issues by their
  parent's id and items by ix_plan_items_issue_id_status_due_on (an IN
  subquery: reaching them by "responsible IS NULL" read 60% of all items);
- referrals: ix_referrals_counselor_id_follow_up_on (MULTI-INDEX OR with
  ``IS NULL``, then the case's lead);
- consultations: ix_consultations_counselor_id_is_latest_follow_up_on, the
  latest consultation of each case only (``is_latest``, kept by database
  triggers: db/models/case_summaries.py); only there can a follow-up still
  be due.  On a database without the triggers (not SQLite) each dated
  follow-up is probed for a later consultation instead;
- accompaniments: ix_accompaniments_staff_id_follow_up_on, then one probe
  of ix_consultations_case_id_consulted_on per candidate ("a later one?");
- conference roles: ix_conference_roles_staff_id;
- cases, clients, agencies: by primary key.

On the 1M demo a counselor's list (~3,000 rows, mostly overdue) went from
about 2.1 s to 0.45-0.65 s with 0003, and to about 0.2 s with 0004: the
consultation part read ~30,000 dated follow-ups per counselor, probing each
for a later consultation, to find ~1,400 still due; it now reads ~7,000
(the latest of each of her cases, open or closed).

Access: a counselor asks for her own list only; a supervisor (READ_ALL_CASES)
for any counselor's.  Every part also carries the access rule
(``casedesk.access.case_row_visible``): an item on a case the actor may not open (a
restricted case she was taken off, while the item still names her) is never
read.  Each part reads its case's row by primary key anyway, so the rule is
asked of that row ("unrestricted, or she leads it, or she is assigned":
one probe of ix_case_assignments_staff_id, built once), and every part
still starts from the index named above.  ``visible(actor, Case.id)``
("not one of the hidden cases") builds its list once per part: before
migration 0006 that scanned all of ``cases`` each time (a counselor's list
on the 1M demo went from ~0.3 s to ~0.67 s); with 0006's index its cost
over the unconditioned list was still over twice the row rule's
(interleaved runs on the 1M demo: +28% against +12%, the supervisor's list
being the base).  For a supervisor there is no condition at all.
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

from casedesk.access import case_row_visible
from casedesk.auth import AccessDenied, Actor, Permission, require
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
    order).

    Two probes, the second asked only when the first finds nothing: "a
    later day" is answered from ix_consultations_case_id_consulted_on
    alone, while comparing ids reads table rows.  One probe comparing
    both read a row for every candidate (30,000 per counselor on the 1M
    demo, ~0.1 s)."""
    later = aliased(Consultation)
    # SELECT 1, not EXISTS's SELECT *: with * SQLite reads the table row of
    # every consultation the index finds.
    next_day = (
        select(literal_column("1"))
        .where(later.case_id == case_id, later.consulted_on > after)
        .exists()
    )
    if tie_id is None:
        return next_day
    same_day = aliased(Consultation)
    recorded_later = exists().where(
        same_day.case_id == case_id, same_day.consulted_on == after, same_day.id > tie_id
    )
    return or_(next_day, recorded_later)


def due_statement(
    staff_id: uuid.UUID,
    today: dt.date,
    *,
    actor: Actor,
    horizon_days: int = DEFAULT_HORIZON_DAYS,
    summaries: bool = True,
    ordered: bool = True,
) -> CompoundSelect[Any]:
    """The query behind ``due_followups`` (public so a test or benchmark can
    look at its plan).  Columns: kind, source_id, case_id, case_no,
    client_name, due_on, text, extra; ordered by due date, then case_no
    (then kind and id, so that the order is total).  ``summaries``: read
    ``consultations.is_latest`` (SQLite, where triggers keep it: see
    db/models/case_summaries.py) rather than probing for later consultations.
    ``ordered`` False: leave the order to the caller (``_sort_key``).
    ``actor``: only items on cases she may open (each part's condition)."""
    until = today + dt.timedelta(days=horizon_days)
    # The case is open (not closed) and the actor may open it.
    case_open = Case.status == CaseStatus.OPEN
    is_open = and_(case_open, case_row_visible(actor))

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

    # Items of a superseded plan version are history: the adopted version
    # carries what is still to do.  An item is hers if it names her, or
    # names no one on a case she leads.  Two disjoint branches (UNION ALL
    # keeps each item once), split by the case's lead so that each starts
    # from an index: items naming her on others' cases, from
    # ix_plan_items_responsible_staff_id_status_due_on; and her or no one's items
    # on her own open cases, reached from those cases.  Most items name no
    # one (60% on the demo): reached by "responsible IS NULL" every one of
    # them was read and its case looked up.
    def plan_items(*where: ColumnElement[bool]) -> Select[Any]:
        return (
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
                is_open,
                *where,
            )
        )

    # Split by the case's lead, so that each branch has an index to start
    # from and no item comes twice.
    own_plans = plan_items(
        PlanItem.responsible_staff_id == staff_id,
        or_(Case.lead_counselor_id.is_(None), Case.lead_counselor_id != staff_id),
    )
    # The issues of her cases' plans first, then their items by issue
    # (SQLite would otherwise read every dated item in due-date order).
    her_issues = (
        select(SupportIssue.id)
        .join(SupportPlan, SupportPlan.id == SupportIssue.plan_id)
        .join(Case, Case.id == SupportPlan.case_id)
        .where(Case.lead_counselor_id == staff_id, case_open)
    )
    lead_plans = plan_items(
        PlanItem.issue_id.in_(her_issues),
        Case.lead_counselor_id == staff_id,
        # Hers or no one's: a form no plan_items index answers.
        func.coalesce(PlanItem.responsible_staff_id, Case.lead_counselor_id) == staff_id,
    )

    # ix_referrals_counselor_id_follow_up_on.
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

    # A follow-up is done once a later consultation exists on the case; so
    # only the one of the case's latest consultation can still be due.  With
    # the summaries (SQLite) that is consultations.is_latest, kept by the
    # database: ix_consultations_counselor_id_is_latest_follow_up_on yields
    # her open candidates alone.  Without them, each of her follow-ups (about
    # 30,000 per counselor on the 1M demo, 0.35 s) is probed for a later
    # consultation.
    settled_later = (
        Consultation.is_latest.is_(True)
        if summaries
        else ~_later_consultation(
            Consultation.case_id, Consultation.consulted_on, tie_id=Consultation.id
        )
    )
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
            settled_later,
        )
    )

    # ix_accompaniments_staff_id_follow_up_on, then the same probe: a consultation
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

    every = union_all(own_plans, lead_plans, referrals, consultations, accompaniments, roles)
    if not ordered:
        return every
    return every.order_by(
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
    ``horizon_days``, on open cases the actor may open, by due date then
    case number.  ``AccessDenied`` when a counselor asks for someone else's."""
    actor = _reader(db, staff_id)
    stmt = due_statement(
        staff_id,
        today,
        actor=actor,
        horizon_days=horizon_days,
        summaries=db.engine.dialect.name == "sqlite",
        # Sorted here: SQLite sorts each part, then merges them (~25 ms of
        # ~230 for a counselor's 3,000 items on the 1M demo); Python sorts
        # the whole list in about 2 ms.
        ordered=False,
    )
    with db.reading() as session:
        result = session.connection().execute(stmt)
        try:
            # Straight from the driver's cursor, converted here: SQLAlchemy's
            # row processing took ~40 ms of a 3,000-item list.
            raw = result.cursor.fetchall()
        finally:
            result.close()
    items: list[FollowUp] = []
    for kind_value, source_id, case_id, case_no, client_name, due, text, extra in raw:
        kind = FollowUpKind(kind_value)
        due_on = _date(due)
        items.append(
            FollowUp(
                kind=kind,
                source_id=_uuid(source_id),
                case_id=_uuid(case_id),
                case_no=case_no,
                client_name=client_name,
                due_on=due_on,
                what=_what(kind, text, extra),
                bucket=bucket_of(due_on, today),
            )
        )
    items.sort(key=_sort_key)
    return items


def _reader(db: Database, staff_id: uuid.UUID) -> Actor:
    """The actor, if she may read ``staff_id``'s due list: her own, or
    anyone's for a supervisor."""
    actor = require(db, Permission.READ_CASES)
    if staff_id != actor.staff_id and not actor.may(Permission.READ_ALL_CASES):
        raise AccessDenied("他の相談員の予定を見る権限がありません。")
    return actor


def _uuid(value: Any) -> uuid.UUID:
    # SQLite stores 32 hex digits; a driver with a native type gives UUIDs.
    return value if isinstance(value, uuid.UUID) else uuid.UUID(value)


def _date(value: Any) -> dt.date:
    # SQLite stores ISO text (YYYY-MM-DD).
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(value)


def _sort_key(item: FollowUp) -> tuple[dt.date, str, str, uuid.UUID]:
    """The order of ``due_statement(ordered=True)``: due date, case number,
    kind, id (UUIDs compare as their stored hex text does)."""
    return (item.due_on, item.case_no, item.kind.value, item.source_id)


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
