"""A case's timeline: everything that happened on it, newest first.

Consultations, accompaniments, referrals and the changes of their status,
support-plan actions (when each was added or last changed), the case
conferences that discussed the case, and the case's opening and closing.

One query per kind, each by the case's index (ix_consultations_case_id_
consulted_on, ix_accompaniments_case_id, ix_referrals_case_id, then
ix_referral_status_changes_referral_id per referral, ix_support_plans_case_id
...), with the names it shows (staff, agencies, codes) joined in by primary
key; so a case costs seven queries whatever its size, never one per row.
The parts are merged and sorted here: a case has hundreds of entries, not
millions, and the sort key (below) wants Python's tuples.

Measured (benchmarks/case_view.py) on the 1,000,000-consultation demo with
an added case of 511 entries: header + timeline about 65 ms, nearly all of
it building the rows in Python; EXPLAIN QUERY PLAN shows every part
starting from its case_id index (consultations by
ix_consultations_case_id_consulted_on, status changes through
ix_referrals_case_id then ix_referral_status_changes_referral_id, plan
items through ix_support_plans_case_id, ix_support_issues_plan_id,
ix_plan_items_issue_id).

With ``limit``, each query takes its newest ``limit`` rows, and the merge
keeps the newest ``limit`` of those.

Order on one day: the opening of a case comes last (it is the oldest thing
that day) and its closing first; between them entries go by time (those
without a time after the timed ones of the day, in the order they were
recorded).
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from sqlalchemy import ColumnElement, func, or_, select
from sqlalchemy.orm import Session, aliased

from casedesk.access import require_case
from casedesk.auth import actor_of
from casedesk.database import Database
from casedesk.referrals import STATUS_LABELS
from db.enums import ActionStatus, ConferenceDecision, PlanStatus, ReferralStatus, Responsible
from db.models.accompaniments import Accompaniment
from db.models.agencies import Agency
from db.models.cases import Case
from db.models.codes import CodeItem
from db.models.conferences import Conference, ConferenceCase
from db.models.consultations import Consultation
from db.models.people import Staff
from db.models.plans import PlanItem, SupportIssue, SupportPlan
from db.models.referrals import Referral, ReferralStatusChange

# Long texts (a consultation's narrative) are cut in SQL: the timeline shows
# a digest; the record's own form shows all of it.
DETAIL_CHARS = 400
TITLE_CHARS = 80

ACTION_STATUS_LABELS: dict[ActionStatus, str] = {
    ActionStatus.PLANNED: "予定",
    ActionStatus.IN_PROGRESS: "実施中",
    ActionStatus.DONE: "完了",
    ActionStatus.CANCELLED: "中止",
}
DECISION_LABELS: dict[ConferenceDecision, str] = {
    ConferenceDecision.CONTINUE: "支援継続",
    ConferenceDecision.CHANGE_PLAN: "計画変更",
    ConferenceDecision.CLOSE: "終結",
}


class TimelineKind(StrEnum):
    CONSULTATION = "consultation"
    ACCOMPANIMENT = "accompaniment"
    REFERRAL = "referral"  # a referral was made (提案)
    REFERRAL_STATUS = "referral_status"  # it moved on (連絡, つながった, 不成立, 再提案)
    PLAN_ITEM = "plan_item"  # a support-plan action was added or changed
    CONFERENCE = "conference"
    CASE_OPENED = "case_opened"
    CASE_CLOSED = "case_closed"


@dataclass(frozen=True)
class TimelineEntry:
    """One line of the timeline.

    ``record_id`` is the row the entry was made from (the consultation, the
    status change, the ``conference_cases`` row, the case); ``target_id`` is
    what opening the entry opens: the same row, except the referral for a
    status change and the conference for a conference entry.
    """

    when: dt.date
    time: dt.time | None
    kind: TimelineKind
    title: str
    detail: str
    who: str | None
    record_id: uuid.UUID
    target_id: uuid.UUID
    # Tie-breaker within a day: when the row was recorded (naive UTC).
    recorded_at: dt.datetime | None = None

    @property
    def referral_id(self) -> uuid.UUID | None:
        """The referral of a referral entry (made or moved on), else None."""
        if self.kind in (TimelineKind.REFERRAL, TimelineKind.REFERRAL_STATUS):
            return self.target_id
        return None


_FIRST = {TimelineKind.CASE_OPENED: 0, TimelineKind.CASE_CLOSED: 2}


def _sort_key(entry: TimelineEntry) -> tuple[Any, ...]:
    phase = _FIRST.get(entry.kind, 1)
    timed = entry.time is not None
    return (
        entry.when,
        phase,
        not timed,  # untimed after timed: they were most likely written up later
        entry.time or dt.time.min,
        entry.recorded_at or dt.datetime.min,
        entry.record_id,
    )


def _clip(text: str | None, limit: int) -> str:
    if not text:
        return ""
    text = text.strip()
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _short(column: Any, limit: int = DETAIL_CHARS) -> ColumnElement[str | None]:
    """The first ``limit`` + 1 characters: enough for ``_clip`` to know it cut."""
    return func.substr(column, 1, limit + 1)


def _lines(*parts: tuple[str, str | None]) -> str:
    """「label：value」 lines of the parts that have a value."""
    out = []
    for label, value in parts:
        if value:
            out.append(f"{label}：{value}" if label else value)
    return "\n".join(out)


def _newest(stmt: Any, limit: int | None, *order: Any) -> Any:
    """``stmt`` newest first (``order`` descending), cut to ``limit`` rows."""
    stmt = stmt.order_by(*(column.desc() for column in order))
    return stmt.limit(limit) if limit is not None else stmt


def _local(stamp: dt.datetime) -> dt.datetime:
    """A naive-UTC change stamp in the computer's local time."""
    return stamp.replace(tzinfo=dt.UTC).astimezone().replace(tzinfo=None)


def _consultations(session: Session, case_id: uuid.UUID, limit: int | None) -> list[TimelineEntry]:
    channel = aliased(CodeItem)
    complaint = aliased(CodeItem)
    stmt = _newest(
        select(
            Consultation.id,
            Consultation.consulted_on,
            Consultation.start_time,
            Consultation.end_time,
            Consultation.is_dv,
            Consultation.created_at,
            Consultation.follow_up_on,
            _short(Consultation.narrative).label("narrative"),
            _short(Consultation.advice, 200).label("advice"),
            channel.label.label("channel"),
            complaint.label.label("complaint"),
            Staff.name.label("who"),
        )
        .join(channel, channel.id == Consultation.channel_id)
        .outerjoin(complaint, complaint.id == Consultation.main_complaint_id)
        .outerjoin(Staff, Staff.id == Consultation.counselor_id)
        .where(Consultation.case_id == case_id),
        limit,
        Consultation.consulted_on,
        Consultation.start_time,
    )
    entries = []
    for row in session.execute(stmt):
        title = row.channel + (f"：{row.complaint}" if row.complaint else "")
        if row.is_dv:
            title += "（DV）"
        span = ""
        if row.start_time is not None and row.end_time is not None:
            span = f"{row.start_time:%H:%M}〜{row.end_time:%H:%M}"
        follow = f"{row.follow_up_on:%Y-%m-%d}" if row.follow_up_on else None
        entries.append(
            TimelineEntry(
                when=row.consulted_on,
                time=row.start_time,
                kind=TimelineKind.CONSULTATION,
                title=title,
                detail=_lines(
                    ("時間", span),
                    ("", _clip(row.narrative, DETAIL_CHARS)),
                    ("助言", _clip(row.advice, 200)),
                    ("フォローアップ", follow),
                ),
                who=row.who,
                record_id=row.id,
                target_id=row.id,
                recorded_at=row.created_at,
            )
        )
    return entries


def _accompaniments(session: Session, case_id: uuid.UUID, limit: int | None) -> list[TimelineEntry]:
    kind = aliased(CodeItem)
    stmt = _newest(
        select(
            Accompaniment.id,
            Accompaniment.accompanied_on,
            Accompaniment.start_time,
            Accompaniment.created_at,
            func.coalesce(Agency.name, Accompaniment.destination_name, kind.label).label("where"),
            _short(Accompaniment.purpose, 200).label("purpose"),
            _short(Accompaniment.outcome, 200).label("outcome"),
            Staff.name.label("who"),
        )
        .join(kind, kind.id == Accompaniment.destination_kind_id)
        .outerjoin(Agency, Agency.id == Accompaniment.destination_agency_id)
        .outerjoin(Staff, Staff.id == Accompaniment.staff_id)
        .where(Accompaniment.case_id == case_id),
        limit,
        Accompaniment.accompanied_on,
        Accompaniment.start_time,
    )
    return [
        TimelineEntry(
            when=row.accompanied_on,
            time=row.start_time,
            kind=TimelineKind.ACCOMPANIMENT,
            title=f"同行：{row.where}",
            detail=_lines(("目的", _clip(row.purpose, 200)), ("結果", _clip(row.outcome, 200))),
            who=row.who,
            record_id=row.id,
            target_id=row.id,
            recorded_at=row.created_at,
        )
        for row in session.execute(stmt)
    ]


def _agency_name() -> ColumnElement[str | None]:
    return func.coalesce(Agency.name, Referral.agency_name)


def _referrals(session: Session, case_id: uuid.UUID, limit: int | None) -> list[TimelineEntry]:
    stmt = _newest(
        select(
            Referral.id,
            Referral.proposed_on,
            Referral.status,
            Referral.created_at,
            _agency_name().label("agency"),
            _short(Referral.purpose, 200).label("purpose"),
            Staff.name.label("who"),
        )
        .outerjoin(Agency, Agency.id == Referral.agency_id)
        .outerjoin(Staff, Staff.id == Referral.counselor_id)
        .where(Referral.case_id == case_id),
        limit,
        Referral.proposed_on,
    )
    return [
        TimelineEntry(
            when=row.proposed_on,
            time=None,
            kind=TimelineKind.REFERRAL,
            title=f"つなぎ：{row.agency or '（つなぎ先未入力）'}",
            detail=_lines(
                ("目的", _clip(row.purpose, 200)),
                ("現在の状況", STATUS_LABELS[ReferralStatus(row.status)]),
            ),
            who=row.who,
            record_id=row.id,
            target_id=row.id,
            recorded_at=row.created_at,
        )
        for row in session.execute(stmt)
    ]


def _referral_changes(
    session: Session, case_id: uuid.UUID, limit: int | None
) -> list[TimelineEntry]:
    # The first 提案 of a referral is written with it and is already its
    # REFERRAL entry; a later 提案 (tried again after 不成立) is a change.
    stmt = _newest(
        select(
            ReferralStatusChange.id,
            ReferralStatusChange.referral_id,
            ReferralStatusChange.status,
            ReferralStatusChange.changed_on,
            ReferralStatusChange.created_at,
            _short(ReferralStatusChange.reason, 200).label("reason"),
            _agency_name().label("agency"),
            Staff.name.label("who"),
        )
        .join(Referral, Referral.id == ReferralStatusChange.referral_id)
        .outerjoin(Agency, Agency.id == Referral.agency_id)
        .outerjoin(Staff, Staff.id == ReferralStatusChange.staff_id)
        .where(
            Referral.case_id == case_id,
            or_(
                ReferralStatusChange.status != ReferralStatus.PROPOSED,
                ReferralStatusChange.changed_on != Referral.proposed_on,
            ),
        ),
        limit,
        ReferralStatusChange.changed_on,
        ReferralStatusChange.created_at,
    )
    return [
        TimelineEntry(
            when=row.changed_on,
            time=None,
            kind=TimelineKind.REFERRAL_STATUS,
            title=f"つなぎ {row.agency or '（つなぎ先未入力）'}：{STATUS_LABELS[row.status]}",
            detail=_lines(("理由", _clip(row.reason, 200))),
            who=row.who,
            record_id=row.id,
            target_id=row.referral_id,
            recorded_at=row.created_at,
        )
        for row in session.execute(stmt)
    ]


def _plan_items(session: Session, case_id: uuid.UUID, limit: int | None) -> list[TimelineEntry]:
    # Items of a superseded plan version are copies of history the adopted
    # version carries on (see casedesk.followups).
    stmt = _newest(
        select(
            PlanItem.id,
            PlanItem.action,
            PlanItem.goal,
            PlanItem.responsible,
            PlanItem.due_on,
            PlanItem.status,
            PlanItem.created_at,
            PlanItem.updated_at,
            SupportIssue.title.label("issue"),
            Staff.name.label("staff"),
            Agency.name.label("agency"),
        )
        .join(SupportIssue, SupportIssue.id == PlanItem.issue_id)
        .join(SupportPlan, SupportPlan.id == SupportIssue.plan_id)
        .outerjoin(Staff, Staff.id == PlanItem.responsible_staff_id)
        .outerjoin(Agency, Agency.id == PlanItem.responsible_agency_id)
        .where(SupportPlan.case_id == case_id, SupportPlan.status != PlanStatus.SUPERSEDED),
        limit,
        PlanItem.updated_at,
    )
    entries = []
    for row in session.execute(stmt):
        changed = _local(row.updated_at)
        added = abs((row.updated_at - row.created_at).total_seconds()) < 1
        status = ACTION_STATUS_LABELS[ActionStatus(row.status)]
        verb = "対応を追加" if added else f"対応を更新（{status}）"
        who = row.staff or row.agency
        if who is None and row.responsible == Responsible.CLIENT:
            who = "本人"
        entries.append(
            TimelineEntry(
                when=changed.date(),
                time=changed.time().replace(second=0, microsecond=0),
                kind=TimelineKind.PLAN_ITEM,
                title=f"{verb}：{_clip(row.action, TITLE_CHARS)}",
                detail=_lines(
                    ("課題", row.issue),
                    ("対応", row.action),
                    ("目標", row.goal),
                    ("期限", f"{row.due_on:%Y-%m-%d}" if row.due_on else None),
                    ("状況", status),
                ),
                who=who,
                record_id=row.id,
                target_id=row.id,
                recorded_at=row.updated_at,
            )
        )
    return entries


def _conferences(session: Session, case_id: uuid.UUID, limit: int | None) -> list[TimelineEntry]:
    kind = aliased(CodeItem)
    stmt = _newest(
        select(
            ConferenceCase.id,
            ConferenceCase.conference_id,
            ConferenceCase.decision,
            ConferenceCase.next_meeting_on,
            ConferenceCase.created_at,
            _short(ConferenceCase.situation, 200).label("situation"),
            _short(ConferenceCase.support_policy, 200).label("policy"),
            Conference.held_on,
            Conference.start_time,
            Conference.title,
            kind.label.label("kind"),
            Staff.name.label("who"),
        )
        .join(Conference, Conference.id == ConferenceCase.conference_id)
        .join(kind, kind.id == Conference.kind_id)
        .outerjoin(Staff, Staff.id == Conference.chair_id)
        .where(ConferenceCase.case_id == case_id),
        limit,
        Conference.held_on,
        Conference.start_time,
    )
    entries = []
    for row in session.execute(stmt):
        decision = DECISION_LABELS[ConferenceDecision(row.decision)] if row.decision else None
        following = f"{row.next_meeting_on:%Y-%m-%d}" if row.next_meeting_on else None
        title = row.kind + (f"：{row.title}" if row.title else "")
        entries.append(
            TimelineEntry(
                when=row.held_on,
                time=row.start_time,
                kind=TimelineKind.CONFERENCE,
                title=_clip(title, TITLE_CHARS),
                detail=_lines(
                    ("状況", _clip(row.situation, 200)),
                    ("支援方針", _clip(row.policy, 200)),
                    ("決定", decision),
                    ("次回", following),
                ),
                who=row.who,
                record_id=row.id,
                target_id=row.conference_id,
                recorded_at=row.created_at,
            )
        )
    return entries


def _case_events(session: Session, case_id: uuid.UUID) -> list[TimelineEntry]:
    reason = aliased(CodeItem)
    row = session.execute(
        select(
            Case.opened_on,
            Case.closed_on,
            Case.created_at,
            Case.updated_at,
            _short(Case.open_reason, 200).label("open_reason"),
            _short(Case.close_note, 200).label("close_note"),
            reason.label.label("reason"),
            Staff.name.label("lead"),
        )
        .outerjoin(reason, reason.id == Case.close_reason_id)
        .outerjoin(Staff, Staff.id == Case.lead_counselor_id)
        .where(Case.id == case_id)
    ).one_or_none()
    if row is None:
        return []
    entries = [
        TimelineEntry(
            when=row.opened_on,
            time=None,
            kind=TimelineKind.CASE_OPENED,
            title="ケース開始",
            detail=_clip(row.open_reason, 200),
            who=row.lead,
            record_id=case_id,
            target_id=case_id,
            recorded_at=row.created_at,
        )
    ]
    if row.closed_on is not None:
        entries.append(
            TimelineEntry(
                when=row.closed_on,
                time=None,
                kind=TimelineKind.CASE_CLOSED,
                title="ケース終結" + (f"：{row.reason}" if row.reason else ""),
                detail=_clip(row.close_note, 200),
                who=None,
                record_id=case_id,
                target_id=case_id,
                recorded_at=row.updated_at,
            )
        )
    return entries


def load_timeline(
    db: Database, case_id: uuid.UUID, limit: int | None = None
) -> list[TimelineEntry]:
    """The case's timeline, newest first (all of it, or the newest ``limit``).

    ``AccessDenied`` for a case the actor may not open (or that does not
    exist).  Not audited by itself: it is part of the case view, whose
    header (``casedesk.case_view.load_case_header``) writes the VIEW entry."""
    actor = actor_of(db)
    with db.reading() as session:
        require_case(session, actor, case_id)
        entries = [
            *_consultations(session, case_id, limit),
            *_accompaniments(session, case_id, limit),
            *_referrals(session, case_id, limit),
            *_referral_changes(session, case_id, limit),
            *_plan_items(session, case_id, limit),
            *_conferences(session, case_id, limit),
            *_case_events(session, case_id),
        ]
    entries.sort(key=_sort_key, reverse=True)
    return entries[:limit] if limit is not None else entries
