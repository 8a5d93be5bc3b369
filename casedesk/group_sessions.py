"""Group sessions: the drop-in space (居場所), peer support (ピアサポート) and
trainings for other agencies' staff (研修), with who came and, after a
training, the satisfaction survey.

Participants are mostly counted, not named (a training's audience comes
from other agencies), so ``participants_count`` is the head count and the
known clients linked to the session (``group_session_clients``) are some of
them: the count may never be smaller than the number linked.

Survey answers are entered in bulk from the paper forms as a count per
satisfaction level and stored one row per answer
(``SessionSurveyResponse``), so that a comment can be kept with its answer
and the year-end report can count answers across sessions.  The figure the
report asks for is the share of 大変よかった + よかった.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field

from sqlalchemy import delete, func, insert, select
from sqlalchemy.orm import Session

from casedesk.access import visible_cases
from casedesk.audit import AuditAction, record
from casedesk.auth import Actor, Permission, require
from casedesk.case_list import CaseFilters, case_ids
from casedesk.checks import check_code, clean_text
from casedesk.client_access import visible_client
from casedesk.database import Database
from casedesk.errors import ValidationError
from casedesk.outreach import check_times
from casedesk.record_changes import changed_fields, filled_fields, snapshot
from db.enums import CodeCategory, Satisfaction
from db.models.activities import GroupSession, SessionSurveyResponse, group_session_clients
from db.models.cases import Case
from db.models.codes import CodeItem
from db.models.people import Client

THEME_MAX = 200
PLACE_MAX = 200
FACILITATOR_MAX = 100
# The code of the training kind in the default list: the one with a survey.
TRAINING_CODE = "training"

# The answers the report counts as satisfied.
SATISFIED = (Satisfaction.VERY_GOOD, Satisfaction.GOOD)
LEVEL_LABELS: dict[Satisfaction, str] = {
    Satisfaction.VERY_GOOD: "大変よかった",
    Satisfaction.GOOD: "よかった",
    Satisfaction.NEUTRAL: "どちらでもない",
    Satisfaction.SOMEWHAT_DISSATISFIED: "やや不満",
    Satisfaction.DISSATISFIED: "不満",
}


@dataclass(frozen=True)
class SurveyCounts:
    """How many answered each level, in the order of the paper form."""

    very_good: int = 0
    good: int = 0
    neutral: int = 0
    somewhat_dissatisfied: int = 0
    dissatisfied: int = 0

    @classmethod
    def from_mapping(cls, counts: Mapping[Satisfaction, int]) -> SurveyCounts:
        return cls(**{level.value: int(counts.get(level, 0)) for level in Satisfaction})

    def get(self, level: Satisfaction) -> int:
        value: int = getattr(self, level.value)
        return value

    @property
    def total(self) -> int:
        return sum(self.get(level) for level in Satisfaction)

    @property
    def satisfied(self) -> int:
        return sum(self.get(level) for level in SATISFIED)

    @property
    def satisfied_share(self) -> float | None:
        """大変よかった + よかった as a fraction of all answers; None without answers."""
        return self.satisfied / self.total if self.total else None


def format_share(share: float | None) -> str:
    """A share as the reports print it: "93.0%" (one decimal), "—" without answers."""
    return "—" if share is None else f"{share * 100:.1f}%"


@dataclass(frozen=True)
class Participant:
    """A known client who came to a session, as the form lists her."""

    client_id: uuid.UUID
    display_name: str
    case_no: str | None


@dataclass(frozen=True)
class SessionInput:
    """What the group-session form holds.  ``session_id`` None = a new
    session; ``survey`` None = leave the stored answers as they are, else
    the answers are made to match these counts."""

    kind_id: uuid.UUID | None
    held_on: dt.date | None
    start_time: dt.time | None = None
    end_time: dt.time | None = None
    theme: str | None = None
    place: str | None = None
    participants_count: int | None = 0
    facilitator: str | None = None
    notes: str | None = None
    client_ids: tuple[uuid.UUID, ...] = field(default_factory=tuple)
    survey: SurveyCounts | None = None
    session_id: uuid.UUID | None = None


@dataclass(frozen=True)
class SessionDetail:
    """A stored session as the form edits it."""

    data: SessionInput
    participants: tuple[Participant, ...]
    survey: SurveyCounts


@dataclass(frozen=True)
class SessionRow:
    """One line of the group-session list."""

    id: uuid.UUID
    held_on: dt.date
    start_time: dt.time | None
    end_time: dt.time | None
    kind_id: uuid.UUID
    kind: str
    theme: str | None
    place: str | None
    participants_count: int
    known_clients: int
    facilitator: str | None
    survey: SurveyCounts


def _check_text(
    errors: dict[str, str], name: str, value: str | None, label: str, limit: int
) -> None:
    text = clean_text(value)
    if text is not None and len(text) > limit:
        errors[name] = f"{label}は{limit}文字以内で入力してください。"


def _check_survey(errors: dict[str, str], survey: SurveyCounts) -> None:
    for level in Satisfaction:
        if survey.get(level) < 0:
            errors[f"survey_{level.value}"] = "回答数は0以上にしてください。"


def _validate(session: Session, data: SessionInput) -> dict[str, str]:
    errors: dict[str, str] = {}
    current = session.get(GroupSession, data.session_id) if data.session_id else None
    if data.session_id is not None and current is None:
        errors["session_id"] = "この会の記録が見つかりません。削除された可能性があります。"
    if data.kind_id is None:
        errors["kind_id"] = "種別を選択してください。"
    elif current is None or current.kind_id != data.kind_id:
        problem = check_code(session, data.kind_id, CodeCategory.SESSION_KIND)
        if problem is not None:
            errors["kind_id"] = problem
    if data.held_on is None:
        errors["held_on"] = "実施日を入力してください。"
    check_times(errors, data.start_time, data.end_time)
    _check_text(errors, "theme", data.theme, "テーマ", THEME_MAX)
    _check_text(errors, "place", data.place, "場所", PLACE_MAX)
    _check_text(errors, "facilitator", data.facilitator, "進行役", FACILITATOR_MAX)
    clients = list(dict.fromkeys(data.client_ids))
    if clients:
        found = session.scalar(select(func.count(Client.id)).where(Client.id.in_(clients)))
        if found != len(clients):
            errors["client_ids"] = "参加者に見つからない相談者が含まれています。"
    if data.participants_count is None:
        errors["participants_count"] = "参加者数を入力してください。"
    elif data.participants_count < 0:
        errors["participants_count"] = "参加者数は0以上にしてください。"
    elif data.participants_count < len(clients):
        errors["participants_count"] = (
            f"参加者数は、登録した相談者の人数（{len(clients)}人）以上にしてください。"
        )
    if data.survey is not None:
        _check_survey(errors, data.survey)
        if (
            "participants_count" not in errors
            and data.participants_count is not None
            and data.survey.total > data.participants_count
        ):
            errors["survey"] = (
                f"アンケートの回答数（{data.survey.total}件）が"
                f"参加者数（{data.participants_count}人）を超えています。"
            )
    return errors


def _stored_counts(session: Session, session_id: uuid.UUID) -> SurveyCounts:
    rows = session.execute(
        select(SessionSurveyResponse.satisfaction, func.count())
        .where(SessionSurveyResponse.session_id == session_id)
        .group_by(SessionSurveyResponse.satisfaction)
    ).all()
    return SurveyCounts.from_mapping({level: count for level, count in rows})


def _match_survey(session: Session, session_id: uuid.UUID, wanted: SurveyCounts) -> None:
    """Add or remove answers so that each level has the wanted count.  Removed
    first are the newest answers without a comment: a comment typed from a
    paper form is worth more than a tally."""
    have = _stored_counts(session, session_id)
    for level in Satisfaction:
        extra = have.get(level) - wanted.get(level)
        if extra > 0:
            doomed = session.scalars(
                select(SessionSurveyResponse.id)
                .where(
                    SessionSurveyResponse.session_id == session_id,
                    SessionSurveyResponse.satisfaction == level,
                )
                .order_by(
                    SessionSurveyResponse.comment.is_not(None),
                    SessionSurveyResponse.created_at.desc(),
                    SessionSurveyResponse.id.desc(),
                )
                .limit(extra)
            ).all()
            session.execute(
                delete(SessionSurveyResponse).where(SessionSurveyResponse.id.in_(doomed))
            )
        elif extra < 0:
            session.add_all(
                SessionSurveyResponse(session_id=session_id, satisfaction=level)
                for _ in range(-extra)
            )


def save_group_session(db: Database, data: SessionInput) -> uuid.UUID:
    """Create or update a session with its known participants and (if given)
    its survey counts, in one transaction; raises ``ValidationError`` and
    writes nothing if any check fails."""
    actor = require(db, Permission.PROGRAM_RECORDS)
    with db.transaction() as session:
        errors = _validate(session, data)
        if errors:
            raise ValidationError(errors)
        assert data.kind_id is not None and data.held_on is not None
        assert data.participants_count is not None
        record = session.get(GroupSession, data.session_id) if data.session_id else None
        before = snapshot(record) if record is not None else None
        clients_before: set[uuid.UUID] = set()
        if record is not None:
            clients_before = set(
                session.scalars(
                    select(group_session_clients.c.client_id).where(
                        group_session_clients.c.session_id == record.id
                    )
                )
            )
            survey_before = _stored_counts(session, record.id)
        if record is None:
            record = GroupSession()
            session.add(record)
        record.kind_id = data.kind_id
        record.held_on = data.held_on
        record.start_time = data.start_time
        record.end_time = data.end_time
        record.theme = clean_text(data.theme)
        record.place = clean_text(data.place)
        record.participants_count = data.participants_count
        record.facilitator = clean_text(data.facilitator)
        record.notes = clean_text(data.notes)
        session.flush()
        session.execute(
            delete(group_session_clients).where(group_session_clients.c.session_id == record.id)
        )
        clients = list(dict.fromkeys(data.client_ids))
        if clients:
            session.execute(
                insert(group_session_clients),
                [{"session_id": record.id, "client_id": c} for c in clients],
            )
        if data.survey is not None:
            _match_survey(session, record.id, data.survey)
        links = []
        if set(clients) != clients_before:
            links.append("client_ids")
        if data.survey is not None and (before is None or data.survey != survey_before):
            links.append("survey")
        if before is None:
            _audit(session, actor, AuditAction.CREATE, record.id, filled_fields(record, *links))
        else:
            changed = changed_fields(before, record, links)
            if changed:
                _audit(session, actor, AuditAction.EDIT, record.id, changed)
        return record.id


def _audit(
    session: Session,
    actor: Actor,
    action: AuditAction,
    session_id: uuid.UUID,
    fields: list[str],
) -> None:
    record(
        session,
        actor.staff_id,
        action,
        entity_type="group_session",
        entity_id=session_id,
        detail={"fields": fields},
    )


def add_survey_answers(db: Database, session_id: uuid.UUID, counts: SurveyCounts) -> SurveyCounts:
    """Add a batch of answers (a count per level) to a session's survey, in
    one transaction; returns the session's counts after it.  The answers
    may not outnumber the participants."""
    actor = require(db, Permission.PROGRAM_RECORDS)
    with db.transaction() as session:
        record = session.get(GroupSession, session_id)
        if record is None:
            raise ValidationError({"session_id": "この会の記録が見つかりません。"})
        errors: dict[str, str] = {}
        _check_survey(errors, counts)
        have = _stored_counts(session, session_id)
        if not errors and have.total + counts.total > record.participants_count:
            errors["survey"] = (
                f"アンケートの回答数（{have.total + counts.total}件）が"
                f"参加者数（{record.participants_count}人）を超えています。"
            )
        if errors:
            raise ValidationError(errors)
        after = SurveyCounts.from_mapping(
            {level: have.get(level) + counts.get(level) for level in Satisfaction}
        )
        _match_survey(session, session_id, after)
        _audit(session, actor, AuditAction.EDIT, session_id, ["survey"])
        return after


# Shown for a participant whose every case the reader may not open: she
# stays on the session (saving it back keeps her), but who she is does not
# reach a counselor who may not open her record.
HIDDEN_PARTICIPANT = "（閲覧制限のある相談者）"


def _participants(session: Session, actor: Actor, session_id: uuid.UUID) -> tuple[Participant, ...]:
    rows = session.execute(
        select(Client.id, Client.display_name, visible_client(actor, Client.id))
        .join(group_session_clients, group_session_clients.c.client_id == Client.id)
        .where(group_session_clients.c.session_id == session_id)
        .order_by(Client.display_name_key, Client.id)
    ).all()
    newest = _newest_case_numbers(session, actor, [r[0] for r in rows])
    return tuple(
        Participant(r[0], r[1] if r[2] else HIDDEN_PARTICIPANT, newest.get(r[0])) for r in rows
    )


def _newest_case_numbers(
    session: Session, actor: Actor, client_ids: list[uuid.UUID]
) -> dict[uuid.UUID, str]:
    """Each client's newest case number among the cases ``actor`` may open."""
    found: dict[uuid.UUID, str] = {}
    if not client_ids:
        return found
    for client_id, case_no in session.execute(
        select(Case.client_id, Case.case_no)
        .where(Case.client_id.in_(client_ids), visible_cases(actor))
        .order_by(Case.case_no)
    ):
        found[client_id] = case_no  # ordered ascending: the newest wins
    return found


def get_group_session(db: Database, session_id: uuid.UUID) -> SessionDetail:
    """A session with its participants and survey counts; raises
    ``ValidationError`` if it is gone."""
    actor = require(db, Permission.PROGRAM_RECORDS)
    with db.reading() as session:
        record = session.get(GroupSession, session_id)
        if record is None:
            raise ValidationError({"session_id": "この会の記録が見つかりません。"})
        participants = _participants(session, actor, session_id)
        survey = _stored_counts(session, session_id)
        return SessionDetail(
            data=SessionInput(
                kind_id=record.kind_id,
                held_on=record.held_on,
                start_time=record.start_time,
                end_time=record.end_time,
                theme=record.theme,
                place=record.place,
                participants_count=record.participants_count,
                facilitator=record.facilitator,
                notes=record.notes,
                client_ids=tuple(p.client_id for p in participants),
                survey=survey,
                session_id=record.id,
            ),
            participants=participants,
            survey=survey,
        )


def list_group_sessions(
    db: Database,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    kind_id: uuid.UUID | None = None,
) -> list[SessionRow]:
    """Sessions held in the range (inclusive; None = open-ended), of one kind
    or all, newest first, with their known clients and survey counts."""
    require(db, Permission.PROGRAM_RECORDS)
    known = (
        select(func.count())
        .select_from(group_session_clients)
        .where(group_session_clients.c.session_id == GroupSession.id)
        .correlate(GroupSession)
        .scalar_subquery()
    )
    stmt = select(GroupSession, CodeItem.label, known).join(
        CodeItem, CodeItem.id == GroupSession.kind_id
    )
    if date_from is not None:
        stmt = stmt.where(GroupSession.held_on >= date_from)
    if date_to is not None:
        stmt = stmt.where(GroupSession.held_on <= date_to)
    if kind_id is not None:
        stmt = stmt.where(GroupSession.kind_id == kind_id)
    stmt = stmt.order_by(
        GroupSession.held_on.desc(), GroupSession.start_time.desc(), GroupSession.id.desc()
    )
    with db.reading() as session:
        found = session.execute(stmt).all()
        ids = [record.id for record, _, _ in found]
        counts: dict[uuid.UUID, dict[Satisfaction, int]] = {}
        for start in range(0, len(ids), 500):
            for session_id, level, count in session.execute(
                select(
                    SessionSurveyResponse.session_id,
                    SessionSurveyResponse.satisfaction,
                    func.count(),
                )
                .where(SessionSurveyResponse.session_id.in_(ids[start : start + 500]))
                .group_by(SessionSurveyResponse.session_id, SessionSurveyResponse.satisfaction)
            ):
                counts.setdefault(session_id, {})[level] = count
        return [
            SessionRow(
                id=record.id,
                held_on=record.held_on,
                start_time=record.start_time,
                end_time=record.end_time,
                kind_id=record.kind_id,
                kind=label,
                theme=record.theme,
                place=record.place,
                participants_count=record.participants_count,
                known_clients=int(known_count or 0),
                facilitator=record.facilitator,
                survey=SurveyCounts.from_mapping(counts.get(record.id, {})),
            )
            for record, label, known_count in found
        ]


def delete_group_session(db: Database, session_id: uuid.UUID) -> None:
    """Delete a session; its participant links and survey answers go with it."""
    actor = require(db, Permission.PROGRAM_RECORDS)
    with db.transaction() as session:
        record = session.get(GroupSession, session_id)
        if record is None:
            raise ValidationError({"session_id": "この会の記録が見つかりません。"})
        session.delete(record)
        _audit(session, actor, AuditAction.DELETE, session_id, [])


def find_participants(db: Database, text: str, limit: int = 20) -> list[Participant]:
    """Known clients matching the case list's quick search (the start of a
    case number, display name, kana reading or LINE name), one per client,
    newest case first.  The search itself is ``casedesk.case_list``'s."""
    require(db, Permission.PROGRAM_RECORDS)
    if not text.strip():
        return []
    ids = case_ids(db, CaseFilters(text=text))
    with db.reading() as session:
        found: dict[uuid.UUID, Participant] = {}
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            order = {case_id: n for n, case_id in enumerate(chunk, start)}
            rows = session.execute(
                select(Case.id, Case.case_no, Client.id, Client.display_name)
                .join(Client, Client.id == Case.client_id)
                .where(Case.id.in_(chunk))
            ).all()
            for _, case_no, client_id, name in sorted(rows, key=lambda r: order[r[0]]):
                if client_id not in found:
                    found[client_id] = Participant(client_id, name, case_no)
                if len(found) >= limit:
                    return list(found.values())
        return list(found.values())
