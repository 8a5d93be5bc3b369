"""Logging a consultation (相談): defaults for the form, checks, and one write.

A counselor logs a contact right after it (a LINE chat, a call, a pop-up
event).  ``consultation_defaults`` fills in what can be guessed;
``log_consultation`` checks the whole form and writes the consultation with
its topics and kinds of violence in one transaction, or writes nothing and
raises ``ValidationError`` with a Japanese message per field.

Access: a consultation on a case needs that case open to the actor for
writing (``require_case(write=True)``); an anonymous one (no case) needs
``WRITE_CASES``.  Each one logged writes a CREATE audit entry (field names
only) in the same transaction.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from casedesk.access import require_case
from casedesk.audit import AuditAction, record
from casedesk.auth import Permission, actor_of, require
from casedesk.checks import check_code, clean_text
from casedesk.database import Database
from casedesk.errors import ValidationError
from casedesk.record_changes import filled_fields
from db.enums import CodeCategory, ContactKind, Urgency
from db.ids import stable_uuid
from db.models.cases import Case
from db.models.codes import CodeItem
from db.models.consultations import (
    Consultation,
    consultation_topics,
    consultation_violence_kinds,
)
from db.models.outreach import OutreachEvent
from db.models.people import Client, Staff

# The channel offered when a counselor has logged nothing yet.
DEFAULT_CHANNEL_ID = stable_uuid("code", CodeCategory.CHANNEL.value, "line")


@dataclass(frozen=True)
class ConsultationInput:
    """What the consultation form holds.

    ``contact_kind`` None = derive 新規/継続 from the client's history.
    ``age_band_id`` None = take the client's current age band (a snapshot).
    Give the follow-up either as a date (``follow_up_on``) or as a number of
    days after the consultation (``follow_up_in_days``), not both.
    """

    consulted_on: dt.date | None
    channel_id: uuid.UUID | None
    case_id: uuid.UUID | None = None
    start_time: dt.time | None = None
    end_time: dt.time | None = None
    counselor_id: uuid.UUID | None = None
    contact_kind: ContactKind | None = None
    main_complaint_id: uuid.UUID | None = None
    topic_ids: tuple[uuid.UUID, ...] = field(default_factory=tuple)
    is_dv: bool = False
    violence_kind_ids: tuple[uuid.UUID, ...] = field(default_factory=tuple)
    narrative: str | None = None
    advice: str | None = None
    urgency: Urgency = Urgency.NONE
    follow_up_on: dt.date | None = None
    follow_up_in_days: int | None = None
    follow_up_note: str | None = None
    specialist_id: uuid.UUID | None = None
    place: str | None = None
    age_band_id: uuid.UUID | None = None
    outreach_event_id: uuid.UUID | None = None


def _check_codes(
    session: Session,
    errors: dict[str, str],
    name: str,
    code_ids: Iterable[uuid.UUID],
    category: CodeCategory,
) -> None:
    for code_id in code_ids:
        problem = check_code(session, code_id, category)
        if problem is not None:
            errors[name] = problem
            return


def _client_id(session: Session, case_id: uuid.UUID | None) -> uuid.UUID | None:
    if case_id is None:
        return None
    return session.scalar(select(Case.client_id).where(Case.id == case_id))


def derive_contact_kind(
    session: Session, case_id: uuid.UUID | None, consulted_on: dt.date | None
) -> ContactKind:
    """新規 unless the case's client already has a consultation, in any of
    her cases, on or before ``consulted_on`` (None = at any time).

    An anonymous contact (no case) is always 新規: nothing links it to an
    earlier one.
    """
    client_id = _client_id(session, case_id)
    if client_id is None:
        return ContactKind.NEW
    query = (
        select(Consultation.id)
        .join(Case, Case.id == Consultation.case_id)
        .where(Case.client_id == client_id)
    )
    if consulted_on is not None:
        query = query.where(Consultation.consulted_on <= consulted_on)
    earlier = session.scalar(query.limit(1))
    return ContactKind.NEW if earlier is None else ContactKind.CONTINUING


def _client_age_band(session: Session, case_id: uuid.UUID | None) -> uuid.UUID | None:
    if case_id is None:
        return None
    return session.scalar(
        select(Client.age_band_id).join(Case, Case.client_id == Client.id).where(Case.id == case_id)
    )


def _last_channel(session: Session, counselor_id: uuid.UUID) -> uuid.UUID | None:
    """The channel of this counselor's latest consultation, if still active."""
    return session.scalar(
        select(Consultation.channel_id)
        .join(CodeItem, CodeItem.id == Consultation.channel_id)
        .where(Consultation.counselor_id == counselor_id, CodeItem.active)
        .order_by(
            Consultation.consulted_on.desc(),
            Consultation.start_time.desc(),
            Consultation.created_at.desc(),
        )
        .limit(1)
    )


def consultation_defaults(
    db: Database, counselor_id: uuid.UUID, case_id: uuid.UUID | None, now: dt.datetime
) -> ConsultationInput:
    """A new form: today, starting now (to the minute, no end time yet), this
    counselor and the channel she used last (LINE if none), 新規/継続 from
    the client's history, and the client's age band.  Reading the case's
    history needs the case open to the actor; an anonymous form, READ_CASES."""
    actor = actor_of(db) if case_id is not None else require(db, Permission.READ_CASES)
    with db.reading() as session:
        if case_id is not None:
            require_case(session, actor, case_id)
        channel_id = _last_channel(session, counselor_id) or DEFAULT_CHANNEL_ID
        return ConsultationInput(
            case_id=case_id,
            consulted_on=now.date(),
            start_time=now.time().replace(second=0, microsecond=0, tzinfo=None),
            end_time=None,
            channel_id=channel_id,
            counselor_id=counselor_id,
            contact_kind=derive_contact_kind(session, case_id, None),
            age_band_id=_client_age_band(session, case_id),
        )


def dv_by_default(db: Database, topic_ids: Iterable[uuid.UUID]) -> bool:
    """Whether the DV box should be ticked for these topics (main complaint
    and others): true when any of them is a form of violence (``is_dv``).
    The counselor may still untick it."""
    actor_of(db)
    ids = list(topic_ids)
    if not ids:
        return False
    with db.reading() as session:
        hit = session.scalar(
            select(CodeItem.id)
            .where(CodeItem.id.in_(ids), CodeItem.category == CodeCategory.TOPIC, CodeItem.is_dv)
            .limit(1)
        )
    return hit is not None


def _unique(ids: Iterable[uuid.UUID]) -> list[uuid.UUID]:
    return list(dict.fromkeys(ids))


def _validate(session: Session, data: ConsultationInput, today: dt.date) -> dict[str, str]:
    errors: dict[str, str] = {}
    if data.consulted_on is None:
        errors["consulted_on"] = "相談日を入力してください。"
    elif data.consulted_on > today:
        errors["consulted_on"] = "相談日に未来の日付は入力できません。"
    if data.channel_id is None:
        errors["channel_id"] = "相談方法を選択してください。"
    else:
        _check_codes(session, errors, "channel_id", [data.channel_id], CodeCategory.CHANNEL)
    if (
        data.start_time is not None
        and data.end_time is not None
        and data.end_time <= data.start_time
    ):
        errors["end_time"] = "終了時刻は開始時刻より後にしてください。"
    if data.end_time is not None and data.start_time is None:
        errors["start_time"] = "終了時刻を入力する場合は開始時刻も入力してください。"
    if data.case_id is not None and session.get(Case, data.case_id) is None:
        errors["case_id"] = "ケースが見つかりません。"
    if data.counselor_id is not None:
        counselor = session.get(Staff, data.counselor_id)
        if counselor is None:
            errors["counselor_id"] = "相談員が見つかりません。"
        elif not counselor.active:
            errors["counselor_id"] = "この相談員は現在無効になっています。"
    if data.main_complaint_id is not None:
        _check_codes(
            session, errors, "main_complaint_id", [data.main_complaint_id], CodeCategory.TOPIC
        )
    _check_codes(session, errors, "topic_ids", data.topic_ids, CodeCategory.TOPIC)
    _check_codes(
        session, errors, "violence_kind_ids", data.violence_kind_ids, CodeCategory.VIOLENCE_KIND
    )
    if data.violence_kind_ids and not data.is_dv:
        errors["is_dv"] = "暴力の種類を選んだ場合は「DV」にチェックしてください。"
    if data.specialist_id is not None:
        _check_codes(
            session, errors, "specialist_id", [data.specialist_id], CodeCategory.SPECIALIST
        )
    if data.age_band_id is not None:
        _check_codes(session, errors, "age_band_id", [data.age_band_id], CodeCategory.AGE_BAND)
    if (
        data.outreach_event_id is not None
        and session.get(OutreachEvent, data.outreach_event_id) is None
    ):
        errors["outreach_event_id"] = "アウトリーチの記録が見つかりません。"
    if data.follow_up_on is not None and data.follow_up_in_days is not None:
        errors["follow_up_on"] = "フォローアップは日付か日数のどちらか一方で指定してください。"
    elif data.follow_up_in_days is not None and data.follow_up_in_days < 0:
        errors["follow_up_in_days"] = "フォローアップまでの日数は0以上にしてください。"
    elif (
        data.follow_up_on is not None
        and data.consulted_on is not None
        and data.follow_up_on < data.consulted_on
    ):
        errors["follow_up_on"] = "フォローアップ日は相談日以降にしてください。"
    if data.place is not None and len(data.place.strip()) > 200:
        errors["place"] = "場所は200文字以内で入力してください。"
    return errors


def log_consultation(
    db: Database, data: ConsultationInput, today: dt.date | None = None
) -> uuid.UUID:
    """Check and save one consultation with its topics and kinds of violence.

    ``today`` (default: the local date) bounds the consultation date.
    Raises ``ValidationError`` and writes nothing if any check fails;
    ``AccessDenied`` if the actor may not change the case (or, with no case,
    write consultations at all).
    """
    today = today or dt.date.today()
    actor = actor_of(db) if data.case_id is not None else require(db, Permission.WRITE_CASES)
    with db.transaction() as session:
        if data.case_id is not None:
            require_case(session, actor, data.case_id, write=True)
        errors = _validate(session, data, today)
        if errors:
            raise ValidationError(errors)
        assert data.consulted_on is not None and data.channel_id is not None
        follow_up_on = data.follow_up_on
        if data.follow_up_in_days is not None:
            follow_up_on = data.consulted_on + dt.timedelta(days=data.follow_up_in_days)
        contact_kind = data.contact_kind
        if contact_kind is None:
            contact_kind = derive_contact_kind(session, data.case_id, data.consulted_on)
        consultation = Consultation(
            case_id=data.case_id,
            consulted_on=data.consulted_on,
            start_time=data.start_time,
            end_time=data.end_time,
            channel_id=data.channel_id,
            counselor_id=data.counselor_id,
            specialist_id=data.specialist_id,
            contact_kind=contact_kind,
            age_band_id=data.age_band_id or _client_age_band(session, data.case_id),
            main_complaint_id=data.main_complaint_id,
            is_dv=data.is_dv,
            narrative=clean_text(data.narrative),
            advice=clean_text(data.advice),
            urgency=data.urgency,
            follow_up_on=follow_up_on,
            follow_up_note=clean_text(data.follow_up_note),
            place=clean_text(data.place),
            outreach_event_id=data.outreach_event_id,
        )
        session.add(consultation)
        session.flush()
        topics = _unique(data.topic_ids)
        if topics:
            session.execute(
                insert(consultation_topics),
                [{"consultation_id": consultation.id, "topic_id": t} for t in topics],
            )
        kinds = _unique(data.violence_kind_ids)
        if kinds:
            session.execute(
                insert(consultation_violence_kinds),
                [{"consultation_id": consultation.id, "violence_kind_id": k} for k in kinds],
            )
        links = [name for name, ids in (("topic_ids", topics), ("violence_kind_ids", kinds)) if ids]
        record(
            session,
            actor.staff_id,
            AuditAction.CREATE,
            entity_type="consultation",
            entity_id=consultation.id,
            case_id=data.case_id,
            detail={"fields": filled_fields(consultation, *links)},
        )
        return consultation.id
