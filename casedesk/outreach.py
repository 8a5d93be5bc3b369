"""Outreach events (アウトリーチ): pop-up consultation days, patrols, visits
through schools and welfare volunteers.

An event records where, when, who staffed it, how many women were approached
and how many consulted.  ``consultations_held`` is the count taken by hand on
the day; consultations logged afterwards against the event
(``consultations.outreach_event_id``) are counted beside it, because the two
differ (not every talk at a stall becomes a logged consultation) and the
year-end report needs both.

An event that consultations or goods point at cannot be deleted: those
records would lose where they happened.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import delete, func, insert, select
from sqlalchemy.orm import Session

from casedesk.audit import AuditAction, record
from casedesk.auth import Permission, require
from casedesk.checks import MSG_STAFF_UNKNOWN, check_code, clean_text
from casedesk.database import Database
from casedesk.errors import ValidationError
from casedesk.record_changes import changed_fields, filled_fields, snapshot
from db.enums import CodeCategory
from db.models.activities import GoodsDistribution
from db.models.codes import CodeItem
from db.models.consultations import Consultation
from db.models.outreach import OutreachEvent, outreach_event_staff
from db.models.people import Staff

PLACE_MAX = 200
TITLE_MAX = 200


# The fiscal year starts in April (令和6年度 = 2024-04-01 .. 2025-03-31).
@dataclass(frozen=True)
class OutreachInput:
    """What the outreach form holds.  ``event_id`` None = a new event."""

    kind_id: uuid.UUID | None
    held_on: dt.date | None
    place: str | None
    start_time: dt.time | None = None
    end_time: dt.time | None = None
    title: str | None = None
    people_approached: int | None = 0
    consultations_held: int | None = 0
    staff_ids: tuple[uuid.UUID, ...] = field(default_factory=tuple)
    notes: str | None = None
    event_id: uuid.UUID | None = None


@dataclass(frozen=True)
class OutreachRow:
    """One line of the outreach list."""

    id: uuid.UUID
    held_on: dt.date
    start_time: dt.time | None
    end_time: dt.time | None
    kind_id: uuid.UUID
    kind: str
    place: str
    title: str | None
    people_approached: int
    consultations_held: int
    # Consultations logged with consultations.outreach_event_id = this event.
    consultations_logged: int
    staff_names: tuple[str, ...]


def _check_count(errors: dict[str, str], name: str, value: int | None, label: str) -> None:
    if value is None:
        errors[name] = f"{label}を入力してください（いなければ0）。"
    elif value < 0:
        errors[name] = f"{label}は0以上にしてください。"


def check_times(errors: dict[str, str], start: dt.time | None, end: dt.time | None) -> None:
    """The end after the start, and no end without a start (shared by the
    program records: events and group sessions are timed the same way)."""
    if start is not None and end is not None and end <= start:
        errors["end_time"] = "終了時刻は開始時刻より後にしてください。"
    if end is not None and start is None:
        errors["start_time"] = "終了時刻を入力する場合は開始時刻も入力してください。"


def _validate(session: Session, data: OutreachInput) -> dict[str, str]:
    errors: dict[str, str] = {}
    if data.event_id is not None and session.get(OutreachEvent, data.event_id) is None:
        errors["event_id"] = "アウトリーチの記録が見つかりません。削除された可能性があります。"
    if data.kind_id is None:
        errors["kind_id"] = "種別を選択してください。"
    else:
        problem = check_code(session, data.kind_id, CodeCategory.OUTREACH_KIND)
        if problem is not None:
            # An event keeps a kind that was retired after it was recorded.
            current = session.get(OutreachEvent, data.event_id) if data.event_id else None
            if current is None or current.kind_id != data.kind_id:
                errors["kind_id"] = problem
    if data.held_on is None:
        errors["held_on"] = "実施日を入力してください。"
    check_times(errors, data.start_time, data.end_time)
    place = clean_text(data.place)
    if place is None:
        errors["place"] = "場所を入力してください。"
    elif len(place) > PLACE_MAX:
        errors["place"] = f"場所は{PLACE_MAX}文字以内で入力してください。"
    title = clean_text(data.title)
    if title is not None and len(title) > TITLE_MAX:
        errors["title"] = f"名称は{TITLE_MAX}文字以内で入力してください。"
    _check_count(errors, "people_approached", data.people_approached, "声かけ人数")
    _check_count(errors, "consultations_held", data.consultations_held, "相談件数")
    for staff_id in data.staff_ids:
        if session.get(Staff, staff_id) is None:
            errors["staff_ids"] = MSG_STAFF_UNKNOWN
            break
    return errors


def save_outreach_event(db: Database, data: OutreachInput) -> uuid.UUID:
    """Create or update an event with its staff in one transaction; raises
    ``ValidationError`` and writes nothing if any check fails."""
    actor = require(db, Permission.PROGRAM_RECORDS)
    with db.transaction() as session:
        errors = _validate(session, data)
        if errors:
            raise ValidationError(errors)
        assert data.kind_id is not None and data.held_on is not None
        assert data.people_approached is not None and data.consultations_held is not None
        event = session.get(OutreachEvent, data.event_id) if data.event_id else None
        before = snapshot(event) if event is not None else None
        staff_before: set[uuid.UUID] = set()
        if event is not None:
            staff_before = set(
                session.scalars(
                    select(outreach_event_staff.c.staff_id).where(
                        outreach_event_staff.c.event_id == event.id
                    )
                )
            )
        if event is None:
            event = OutreachEvent()
            session.add(event)
        event.kind_id = data.kind_id
        event.held_on = data.held_on
        event.start_time = data.start_time
        event.end_time = data.end_time
        event.place = clean_text(data.place) or ""
        event.title = clean_text(data.title)
        event.people_approached = data.people_approached
        event.consultations_held = data.consultations_held
        event.notes = clean_text(data.notes)
        session.flush()
        session.execute(
            delete(outreach_event_staff).where(outreach_event_staff.c.event_id == event.id)
        )
        staff = list(dict.fromkeys(data.staff_ids))
        if staff:
            session.execute(
                insert(outreach_event_staff),
                [{"event_id": event.id, "staff_id": s} for s in staff],
            )
        if before is None:
            action, fields = (
                AuditAction.CREATE,
                filled_fields(event, *(["staff_ids"] * bool(staff))),
            )
        else:
            action = AuditAction.EDIT
            fields = changed_fields(before, event, ["staff_ids"] * (set(staff) != staff_before))
        if fields or before is None:
            record(
                session,
                actor.staff_id,
                action,
                entity_type="outreach_event",
                entity_id=event.id,
                detail={"fields": fields},
            )
        return event.id


def get_outreach_event(db: Database, event_id: uuid.UUID) -> OutreachInput:
    """An event as the form edits it; raises ``ValidationError`` if it is gone."""
    require(db, Permission.PROGRAM_RECORDS)
    with db.reading() as session:
        event = session.get(OutreachEvent, event_id)
        if event is None:
            raise ValidationError({"event_id": "アウトリーチの記録が見つかりません。"})
        staff = tuple(
            session.scalars(
                select(outreach_event_staff.c.staff_id)
                .join(Staff, Staff.id == outreach_event_staff.c.staff_id)
                .where(outreach_event_staff.c.event_id == event_id)
                .order_by(Staff.name_kana, Staff.name)
            )
        )
        return OutreachInput(
            kind_id=event.kind_id,
            held_on=event.held_on,
            place=event.place,
            start_time=event.start_time,
            end_time=event.end_time,
            title=event.title,
            people_approached=event.people_approached,
            consultations_held=event.consultations_held,
            staff_ids=staff,
            notes=event.notes,
            event_id=event.id,
        )


def _staff_names(session: Session, ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, list[str]]:
    names: dict[uuid.UUID, list[str]] = {}
    rows = session.execute(
        select(outreach_event_staff.c.event_id, Staff.name)
        .join(Staff, Staff.id == outreach_event_staff.c.staff_id)
        .where(outreach_event_staff.c.event_id.in_(list(ids)))
        .order_by(Staff.name_kana, Staff.name)
    )
    for event_id, name in rows:
        names.setdefault(event_id, []).append(name)
    return names


def list_outreach_events(
    db: Database, date_from: dt.date | None = None, date_to: dt.date | None = None
) -> list[OutreachRow]:
    """Events held in the range (inclusive; None = open-ended), newest first."""
    require(db, Permission.PROGRAM_RECORDS)
    logged = (
        select(func.count(Consultation.id))
        .where(Consultation.outreach_event_id == OutreachEvent.id)
        .correlate(OutreachEvent)
        .scalar_subquery()
    )
    stmt = select(OutreachEvent, CodeItem.label, logged).join(
        CodeItem, CodeItem.id == OutreachEvent.kind_id
    )
    if date_from is not None:
        stmt = stmt.where(OutreachEvent.held_on >= date_from)
    if date_to is not None:
        stmt = stmt.where(OutreachEvent.held_on <= date_to)
    stmt = stmt.order_by(
        OutreachEvent.held_on.desc(), OutreachEvent.start_time.desc(), OutreachEvent.id.desc()
    )
    with db.reading() as session:
        found = session.execute(stmt).all()
        names: dict[uuid.UUID, list[str]] = {}
        ids = [event.id for event, _, _ in found]
        for start in range(0, len(ids), 500):
            names.update(_staff_names(session, ids[start : start + 500]))
        return [
            OutreachRow(
                id=event.id,
                held_on=event.held_on,
                start_time=event.start_time,
                end_time=event.end_time,
                kind_id=event.kind_id,
                kind=label,
                place=event.place,
                title=event.title,
                people_approached=event.people_approached,
                consultations_held=event.consultations_held,
                consultations_logged=int(count or 0),
                staff_names=tuple(names.get(event.id, ())),
            )
            for event, label, count in found
        ]


def delete_outreach_event(db: Database, event_id: uuid.UUID) -> None:
    """Delete an event (its staff links go with it) unless a consultation or
    a goods record points at it."""
    actor = require(db, Permission.PROGRAM_RECORDS)
    with db.transaction() as session:
        event = session.get(OutreachEvent, event_id)
        if event is None:
            raise ValidationError({"event_id": "アウトリーチの記録が見つかりません。"})
        consultations = session.scalar(
            select(func.count(Consultation.id)).where(Consultation.outreach_event_id == event_id)
        )
        goods = session.scalar(
            select(func.count(GoodsDistribution.id)).where(
                GoodsDistribution.outreach_event_id == event_id
            )
        )
        uses = []
        if consultations:
            uses.append(f"相談{consultations}件")
        if goods:
            uses.append(f"物品提供{goods}件")
        if uses:
            raise ValidationError(
                {
                    "event_id": (
                        f"このアウトリーチには{'・'.join(uses)}が記録されているため削除できません。"
                        "先にそれらの記録からアウトリーチの指定を外してください。"
                    )
                }
            )
        session.delete(event)
        record(
            session,
            actor.staff_id,
            AuditAction.DELETE,
            entity_type="outreach_event",
            entity_id=event_id,
            detail={"fields": []},
        )
