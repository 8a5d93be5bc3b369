"""Accompaniment (同行支援): a counselor goes with the client to an agency.

``log_accompaniment`` checks the whole form and writes one accompaniment in
one transaction, or writes nothing and raises ``ValidationError`` with a
Japanese message per field.

Accompaniments are often arranged ahead (the appointment at the welfare
office is next Tuesday), so a future date is allowed: it is a planned
accompaniment.  Only a date more than a year ahead is refused, as a typo.

Reports count accompaniments by destination kind, also for agencies that are
not in the directory, so the kind is required; choosing an agency of the
directory without a kind takes the agency's own kind.

Access: logging one needs the case open to the actor for writing
(``require_case(write=True)``); each one writes a CREATE audit entry.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from sqlalchemy.orm import Session

from casedesk.access import require_case
from casedesk.audit import AuditAction, record
from casedesk.auth import actor_of
from casedesk.checks import check_code, clean_text
from casedesk.database import Database
from casedesk.errors import ValidationError
from casedesk.record_changes import filled_fields
from db.enums import CaseStatus, CodeCategory
from db.models.accompaniments import Accompaniment
from db.models.agencies import Agency
from db.models.cases import Case
from db.models.people import Staff

# How far ahead an accompaniment may be planned; later dates are typos.
MAX_DAYS_AHEAD = 366
_NAME_MAX = 200


@dataclass(frozen=True)
class AccompanimentInput:
    """What the accompaniment form holds.

    ``destination_kind_id`` None with an agency = the agency's kind.  Give
    the follow-up either as a date (``follow_up_on``) or as a number of days
    after the accompaniment (``follow_up_in_days``), not both.
    """

    case_id: uuid.UUID
    accompanied_on: dt.date | None
    start_time: dt.time | None = None
    end_time: dt.time | None = None
    staff_id: uuid.UUID | None = None
    destination_agency_id: uuid.UUID | None = None
    destination_kind_id: uuid.UUID | None = None
    destination_name: str | None = None
    purpose: str | None = None
    outcome: str | None = None
    follow_up_on: dt.date | None = None
    follow_up_in_days: int | None = None
    notes: str | None = None


def _validate(
    session: Session, data: AccompanimentInput, today: dt.date
) -> tuple[dict[str, str], uuid.UUID | None]:
    """The errors, and the destination kind to store."""
    errors: dict[str, str] = {}
    case = session.get(Case, data.case_id)
    if case is None:
        errors["case_id"] = "ケースが見つかりません。"
    elif case.status != CaseStatus.OPEN:
        errors["case_id"] = "終結したケースには同行支援を登録できません。"
    if data.accompanied_on is None:
        errors["accompanied_on"] = "同行日を入力してください。"
    elif data.accompanied_on > today + dt.timedelta(days=MAX_DAYS_AHEAD):
        errors["accompanied_on"] = "同行日は1年以内の日付にしてください。"
    if (
        data.start_time is not None
        and data.end_time is not None
        and data.end_time <= data.start_time
    ):
        errors["end_time"] = "終了時刻は開始時刻より後にしてください。"
    if data.end_time is not None and data.start_time is None:
        errors["start_time"] = "終了時刻を入力する場合は開始時刻も入力してください。"
    if data.staff_id is not None:
        staff = session.get(Staff, data.staff_id)
        if staff is None:
            errors["staff_id"] = "職員が見つかりません。"
        elif not staff.active:
            errors["staff_id"] = "この職員は現在無効になっています。"
    kind_id = data.destination_kind_id
    if data.destination_agency_id is not None:
        agency = session.get(Agency, data.destination_agency_id)
        if agency is None:
            errors["destination_agency_id"] = "機関が見つかりません。"
        elif kind_id is None:
            kind_id = agency.kind_id
    if kind_id is None:
        errors["destination_kind_id"] = "同行先の種別を選択してください。"
    elif data.destination_kind_id is not None:
        problem = check_code(session, data.destination_kind_id, CodeCategory.AGENCY_KIND)
        if problem is not None:
            errors["destination_kind_id"] = problem
    name = clean_text(data.destination_name)
    if name is not None and len(name) > _NAME_MAX:
        errors["destination_name"] = f"同行先の名称は{_NAME_MAX}文字以内で入力してください。"
    if data.follow_up_on is not None and data.follow_up_in_days is not None:
        errors["follow_up_on"] = "フォローアップは日付か日数のどちらか一方で指定してください。"
    elif data.follow_up_in_days is not None and data.follow_up_in_days < 0:
        errors["follow_up_in_days"] = "フォローアップまでの日数は0以上にしてください。"
    elif (
        data.follow_up_on is not None
        and data.accompanied_on is not None
        and data.follow_up_on < data.accompanied_on
    ):
        errors["follow_up_on"] = "フォローアップ日は同行日以降にしてください。"
    return errors, kind_id


def log_accompaniment(
    db: Database, data: AccompanimentInput, today: dt.date | None = None
) -> uuid.UUID:
    """Check and save one accompaniment (done or planned) on an open case.

    ``today`` (default: the local date) bounds how far ahead it may be planned.
    Raises ``ValidationError`` and writes nothing if any check fails;
    ``AccessDenied`` if the actor may not change the case.
    """
    today = today or dt.date.today()
    actor = actor_of(db)
    with db.transaction() as session:
        require_case(session, actor, data.case_id, write=True)
        errors, kind_id = _validate(session, data, today)
        if errors:
            raise ValidationError(errors)
        assert data.accompanied_on is not None and kind_id is not None
        follow_up_on = data.follow_up_on
        if data.follow_up_in_days is not None:
            follow_up_on = data.accompanied_on + dt.timedelta(days=data.follow_up_in_days)
        accompaniment = Accompaniment(
            case_id=data.case_id,
            accompanied_on=data.accompanied_on,
            start_time=data.start_time,
            end_time=data.end_time,
            staff_id=data.staff_id,
            destination_agency_id=data.destination_agency_id,
            destination_kind_id=kind_id,
            destination_name=clean_text(data.destination_name),
            purpose=clean_text(data.purpose),
            outcome=clean_text(data.outcome),
            follow_up_on=follow_up_on,
            notes=clean_text(data.notes),
        )
        session.add(accompaniment)
        session.flush()
        record(
            session,
            actor.staff_id,
            AuditAction.CREATE,
            entity_type="accompaniment",
            entity_id=accompaniment.id,
            case_id=data.case_id,
            detail={"fields": filled_fields(accompaniment)},
        )
        return accompaniment.id
