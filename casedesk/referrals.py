"""Referrals (つなぎ): 提案 → 連絡 → つながった, or 不成立, with their history.

``referrals.status`` is the current status; every change of it appends a
``ReferralStatusChange`` in the same transaction, so the history always ends
with the current status.

Access: creating or moving a referral needs its case open to the actor for
writing, reading one's history the case open to her (``require_case``).
Each write records a CREATE or EDIT audit entry in its transaction.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from casedesk.access import require_case
from casedesk.audit import AuditAction, record
from casedesk.auth import Actor, actor_of
from casedesk.checks import check_staff, clean_text
from casedesk.database import Database
from casedesk.errors import ValidationError
from casedesk.record_changes import filled_fields
from db.enums import CaseStatus, ReferralStatus
from db.models.agencies import Agency
from db.models.people import Staff
from db.models.referrals import Referral, ReferralStatusChange

# Where a referral may go from each status.  つながった is final; 不成立 may be
# tried again (back to 提案).
ALLOWED_TRANSITIONS: dict[ReferralStatus, frozenset[ReferralStatus]] = {
    ReferralStatus.PROPOSED: frozenset(
        {ReferralStatus.CONTACTED, ReferralStatus.CONNECTED, ReferralStatus.NOT_CONNECTED}
    ),
    ReferralStatus.CONTACTED: frozenset({ReferralStatus.CONNECTED, ReferralStatus.NOT_CONNECTED}),
    ReferralStatus.NOT_CONNECTED: frozenset({ReferralStatus.PROPOSED}),
    ReferralStatus.CONNECTED: frozenset(),
}

STATUS_LABELS: dict[ReferralStatus, str] = {
    ReferralStatus.PROPOSED: "提案",
    ReferralStatus.CONTACTED: "連絡",
    ReferralStatus.CONNECTED: "つながった",
    ReferralStatus.NOT_CONNECTED: "不成立",
}

_AGENCY_NAME_MAX = 200


@dataclass(frozen=True)
class StatusChangeRow:
    """One line of a referral's history, oldest first."""

    status: ReferralStatus
    changed_on: dt.date
    reason: str | None
    staff_id: uuid.UUID | None
    staff_name: str | None


def create_referral(
    db: Database,
    case_id: uuid.UUID,
    *,
    agency_id: uuid.UUID | None = None,
    agency_name: str | None = None,
    purpose: str | None,
    counselor_id: uuid.UUID | None,
    proposed_on: dt.date,
    follow_up_on: dt.date | None = None,
    notes: str | None = None,
) -> uuid.UUID:
    """Record a referral of an open case to an agency of the directory
    (``agency_id``) or one named by hand (``agency_name``), with its first
    history entry, 提案 on ``proposed_on``."""
    name = clean_text(agency_name)
    actor = actor_of(db)
    with db.transaction() as session:
        errors: dict[str, str] = {}
        case = require_case(session, actor, case_id, write=True)
        if case.status != CaseStatus.OPEN:
            errors["case_id"] = "終結したケースにはつなぎを登録できません。"
        if agency_id is None and name is None:
            errors["agency_id"] = "つなぎ先の機関を選択するか、機関名を入力してください。"
        elif agency_id is not None and name is not None:
            errors["agency_name"] = "機関の選択と機関名の入力はどちらか一方にしてください。"
        elif agency_id is not None and session.get(Agency, agency_id) is None:
            errors["agency_id"] = "機関が見つかりません。"
        elif name is not None and len(name) > _AGENCY_NAME_MAX:
            errors["agency_name"] = f"機関名は{_AGENCY_NAME_MAX}文字以内で入力してください。"
        check_staff(session, errors, counselor_id, "counselor_id")
        if follow_up_on is not None and follow_up_on < proposed_on:
            errors["follow_up_on"] = "フォローアップ日は提案日以降にしてください。"
        if errors:
            raise ValidationError(errors)
        referral = Referral(
            case_id=case_id,
            agency_id=agency_id,
            agency_name=name,
            purpose=clean_text(purpose),
            counselor_id=counselor_id,
            status=ReferralStatus.PROPOSED,
            proposed_on=proposed_on,
            follow_up_on=follow_up_on,
            notes=clean_text(notes),
        )
        session.add(referral)
        session.flush()
        session.add(
            ReferralStatusChange(
                referral_id=referral.id,
                status=ReferralStatus.PROPOSED,
                changed_on=proposed_on,
                staff_id=counselor_id,
            )
        )
        record(
            session,
            actor.staff_id,
            AuditAction.CREATE,
            entity_type="referral",
            entity_id=referral.id,
            case_id=case_id,
            detail={"fields": filled_fields(referral)},
        )
        return referral.id


def _last_change(session: Session, referral_id: uuid.UUID) -> ReferralStatusChange | None:
    return session.scalar(
        select(ReferralStatusChange)
        .where(ReferralStatusChange.referral_id == referral_id)
        .order_by(
            ReferralStatusChange.changed_on.desc(),
            ReferralStatusChange.created_at.desc(),
            ReferralStatusChange.id.desc(),
        )
        .limit(1)
    )


def move_referral(
    db: Database,
    referral_id: uuid.UUID,
    status: ReferralStatus,
    changed_on: dt.date,
    reason: str | None,
    staff_id: uuid.UUID | None,
) -> None:
    """Move a referral to ``status``: 不成立 needs a reason, and a change may
    not be dated before the previous one."""
    why = clean_text(reason)
    actor = actor_of(db)
    with db.transaction() as session:
        referral = _referral(session, actor, referral_id, write=True)
        errors: dict[str, str] = {}
        current = referral.status
        if status not in ALLOWED_TRANSITIONS[current]:
            if current == ReferralStatus.CONNECTED:
                errors["status"] = "「つながった」になったつなぎの状況は変更できません。"
            else:
                errors["status"] = (
                    f"「{STATUS_LABELS[current]}」から「{STATUS_LABELS[status]}」には"
                    "変更できません。"
                )
        if status == ReferralStatus.NOT_CONNECTED and why is None:
            errors["reason"] = "不成立の理由を入力してください。"
        last = _last_change(session, referral_id)
        previous_on = last.changed_on if last is not None else referral.proposed_on
        if changed_on < previous_on:
            errors["changed_on"] = (
                f"変更日は前回の変更日（{previous_on:%Y-%m-%d}）以降にしてください。"
            )
        check_staff(session, errors, staff_id)
        if errors:
            raise ValidationError(errors)
        referral.status = status
        session.add(
            ReferralStatusChange(
                referral_id=referral_id,
                status=status,
                changed_on=changed_on,
                reason=why,
                staff_id=staff_id,
            )
        )
        record(
            session,
            actor.staff_id,
            AuditAction.EDIT,
            entity_type="referral",
            entity_id=referral_id,
            case_id=referral.case_id,
            detail={"fields": ["status"], "status": status.value},
        )


def _referral(
    session: Session, actor: Actor, referral_id: uuid.UUID, *, write: bool = False
) -> Referral:
    """The referral, if its case is open to ``actor`` (``AccessDenied`` if not)."""
    referral = session.get(Referral, referral_id)
    if referral is None:
        raise ValidationError({"referral_id": "つなぎが見つかりません。"})
    require_case(session, actor, referral.case_id, write=write)
    return referral


def referral_history(db: Database, referral_id: uuid.UUID) -> list[StatusChangeRow]:
    """Every status the referral went through, oldest first."""
    actor = actor_of(db)
    with db.reading() as session:
        _referral(session, actor, referral_id)
        rows = session.execute(
            select(
                ReferralStatusChange.status,
                ReferralStatusChange.changed_on,
                ReferralStatusChange.reason,
                ReferralStatusChange.staff_id,
                Staff.name,
            )
            .outerjoin(Staff, Staff.id == ReferralStatusChange.staff_id)
            .where(ReferralStatusChange.referral_id == referral_id)
            .order_by(
                ReferralStatusChange.changed_on,
                ReferralStatusChange.created_at,
                ReferralStatusChange.id,
            )
        ).all()
        return [
            StatusChangeRow(
                status=row[0], changed_on=row[1], reason=row[2], staff_id=row[3], staff_name=row[4]
            )
            for row in rows
        ]


# The order in which the next statuses are offered: forward first.
STATUS_ORDER: tuple[ReferralStatus, ...] = (
    ReferralStatus.PROPOSED,
    ReferralStatus.CONTACTED,
    ReferralStatus.CONNECTED,
    ReferralStatus.NOT_CONNECTED,
)


@dataclass(frozen=True)
class ReferralForMove:
    """What the "move a referral" form shows before the counselor chooses."""

    referral_id: uuid.UUID
    case_id: uuid.UUID
    agency: str  # the directory's name, else the name typed in
    purpose: str | None
    status: ReferralStatus
    next_statuses: tuple[ReferralStatus, ...]
    history: list[StatusChangeRow]


def referral_for_move(db: Database, referral_id: uuid.UUID) -> ReferralForMove:
    """The referral's agency, current status, the statuses it may move to
    (``ALLOWED_TRANSITIONS``) and its history, oldest first."""
    actor = actor_of(db)
    with db.reading() as session:
        _referral(session, actor, referral_id)
        row = session.execute(
            select(
                Referral.case_id,
                Referral.purpose,
                Referral.status,
                func.coalesce(Agency.name, Referral.agency_name),
            )
            .outerjoin(Agency, Agency.id == Referral.agency_id)
            .where(Referral.id == referral_id)
        ).one_or_none()
        if row is None:
            raise ValidationError({"referral_id": "つなぎが見つかりません。"})
    status: ReferralStatus = row[2]
    return ReferralForMove(
        referral_id=referral_id,
        case_id=row[0],
        agency=row[3] or "",
        purpose=row[1],
        status=status,
        next_statuses=tuple(s for s in STATUS_ORDER if s in ALLOWED_TRANSITIONS[status]),
        history=referral_history(db, referral_id),
    )
