"""Cases: numbering, closing and reopening.

Reopening clears the close fields (a reopened case is open, and the year-end
figures count closed cases by ``closed_on``), so the close being undone would
be lost.  It is kept in ``open_reason``, the case's running account of why it
is open: reopening appends one line

    2026-05-01 再開（2026-03-31 終結：課題解決／佐藤 花子）：<reason>

with the reopening date, the close it undoes and who reopened it.
``summary`` is left to the counselors' own words.

Closing and reopening need a case the signed-in actor may change
(``casedesk.access.require_case``, checked first: ``AccessDenied``); each
writes an EDIT audit entry (entity "case", the changed field names) with
the change.  ``next_case_no`` is not an access question: numbering must see
every case's number, restricted ones included, and hands out none of them.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session

from casedesk.access import require_case
from casedesk.audit import AuditAction, record
from casedesk.auth import actor_of
from casedesk.checks import check_code, check_staff, clean_text
from casedesk.database import Database
from casedesk.errors import ValidationError
from db.enums import CaseStatus, CodeCategory
from db.models.cases import Case
from db.models.codes import CodeItem
from db.models.people import Staff

_SERIAL = re.compile(r"^(\d{4})-(\d+)$")


def next_case_no(session: Session, year: int) -> str:
    """The next case number of ``year``: "2026-0001", then max + 1.

    Numbers that do not follow "<year>-<digits>" (typed in by hand, imported)
    are ignored; the serial grows past 4 digits if a year needs it.
    """
    prefix = f"{year:04d}-"
    numbers = session.scalars(select(Case.case_no).where(Case.case_no.like(f"{prefix}%"))).all()
    serials = [
        int(match.group(2))
        for number in numbers
        if (match := _SERIAL.match(number)) is not None and match.group(1) == f"{year:04d}"
    ]
    return f"{prefix}{max(serials, default=0) + 1:04d}"


def _record_edit(
    session: Session, staff_id: uuid.UUID, case: Case, before: dict[str, object]
) -> None:
    fields = [name for name, value in before.items() if getattr(case, name) != value]
    record(
        session,
        staff_id,
        AuditAction.EDIT,
        entity_type="case",
        entity_id=case.id,
        case_id=case.id,
        detail={"fields": fields},
    )


def _snapshot(case: Case, names: tuple[str, ...]) -> dict[str, object]:
    return {name: getattr(case, name) for name in names}


_CLOSE_FIELDS = ("status", "closed_on", "close_reason_id", "close_note")
_REOPEN_FIELDS = ("status", "closed_on", "close_reason_id", "close_note", "open_reason")


def close_case(
    db: Database,
    case_id: uuid.UUID,
    closed_on: dt.date,
    close_reason_id: uuid.UUID | None,
    note: str | None,
    staff_id: uuid.UUID | None,
    today: dt.date | None = None,
) -> None:
    """Close an open case with a reason (code list ``close_reason``).

    ``closed_on`` may not be before the case was opened nor after ``today``
    (default: the local date).
    """
    today = today or dt.date.today()
    actor = actor_of(db)
    with db.transaction() as session:
        case = require_case(session, actor, case_id, write=True)
        errors: dict[str, str] = {}
        if case.status != CaseStatus.OPEN:
            errors["case_id"] = "このケースはすでに終結しています。"
        if close_reason_id is None:
            errors["close_reason_id"] = "終結理由を選択してください。"
        else:
            problem = check_code(session, close_reason_id, CodeCategory.CLOSE_REASON)
            if problem is not None:
                errors["close_reason_id"] = problem
        if closed_on < case.opened_on:
            errors["closed_on"] = f"終結日は開始日（{case.opened_on:%Y-%m-%d}）以降にしてください。"
        elif closed_on > today:
            errors["closed_on"] = "終結日に未来の日付は入力できません。"
        check_staff(session, errors, staff_id)
        if errors:
            raise ValidationError(errors)
        before = _snapshot(case, _CLOSE_FIELDS)
        case.status = CaseStatus.CLOSED
        case.closed_on = closed_on
        case.close_reason_id = close_reason_id
        case.close_note = clean_text(note)
        _record_edit(session, actor.staff_id, case, before)


def reopen_case(
    db: Database,
    case_id: uuid.UUID,
    reason: str,
    reopened_on: dt.date,
    staff_id: uuid.UUID | None,
    today: dt.date | None = None,
) -> None:
    """Reopen a closed case: the reason is required; the close fields are
    cleared and the close is recorded in ``open_reason`` (see the module
    docstring)."""
    today = today or dt.date.today()
    why = clean_text(reason)
    actor = actor_of(db)
    with db.transaction() as session:
        case = require_case(session, actor, case_id, write=True)
        errors: dict[str, str] = {}
        if case.status != CaseStatus.CLOSED:
            errors["case_id"] = "このケースは終結していません。"
        if why is None:
            errors["reason"] = "再開の理由を入力してください。"
        if case.closed_on is not None and reopened_on < case.closed_on:
            errors["reopened_on"] = (
                f"再開日は終結日（{case.closed_on:%Y-%m-%d}）以降にしてください。"
            )
        elif reopened_on > today:
            errors["reopened_on"] = "再開日に未来の日付は入力できません。"
        check_staff(session, errors, staff_id)
        if errors:
            raise ValidationError(errors)
        closed = [f"{case.closed_on:%Y-%m-%d} 終結"] if case.closed_on else []
        if case.close_reason_id is not None:
            label = session.scalar(
                select(CodeItem.label).where(CodeItem.id == case.close_reason_id)
            )
            if closed and label:
                closed[0] += f"：{label}"
        if staff_id is not None:
            name = session.scalar(select(Staff.name).where(Staff.id == staff_id))
            if name:
                closed.append(name)
        detail = f"（{'／'.join(closed)}）" if closed else ""
        line = f"{reopened_on:%Y-%m-%d} 再開{detail}：{why}"
        before = _snapshot(case, _REOPEN_FIELDS)
        case.open_reason = f"{case.open_reason.rstrip()}\n{line}" if case.open_reason else line
        case.status = CaseStatus.OPEN
        case.closed_on = None
        case.close_reason_id = None
        case.close_note = None
        _record_edit(session, actor.staff_id, case, before)
