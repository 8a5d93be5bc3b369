"""The partner-agency directory (連携団体・関係機関).

Agencies are never deleted: referrals, accompaniments and plan actions point
at them, and an old record must still name the agency it went to.  An agency
the program no longer works with is deactivated instead; forms then stop
offering it for new records.
"""

from __future__ import annotations

import re
import unicodedata
import uuid
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from casedesk.audit import AuditAction, record
from casedesk.auth import AccessDenied, Actor, Permission, actor_of, require
from casedesk.checks import MSG_CODE_INACTIVE, MSG_CODE_UNKNOWN, clean_text
from casedesk.database import Database
from casedesk.errors import ValidationError
from casedesk.record_changes import changed_fields, filled_fields, snapshot
from db.enums import CodeCategory
from db.models.agencies import Agency
from db.models.codes import CodeItem

MSG_NOT_FOUND = "機関が見つかりません。"
MSG_PHONE = "電話番号は 03-1234-5678 のように数字とハイフンで入力してください。"
MSG_EMAIL = "メールアドレスは name@example.jp のように入力してください。"

# Column widths of ``db.models.agencies``: refused here with a message
# rather than by the database with an error nobody can read.
_MAX_LENGTHS = {
    "name": ("機関名", 200),
    "name_kana": ("ふりがな", 200),
    "department": ("部署", 200),
    "contact_person": ("担当者", 100),
    "phone": ("電話番号", 40),
    "email": ("メールアドレス", 200),
}
# Digits with the usual separators; "#8008" (the DV hotline) and an
# extension written after the number ("内線123", "ext. 12") are real entries.
_PHONE = re.compile(r"^\+?[0-9#()\- ]+((内線|ext\.?)\s*[0-9]+)?$", re.IGNORECASE)
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]+$")


@dataclass(frozen=True)
class AgencyInput:
    """What the agency form edits."""

    name: str
    kind_id: uuid.UUID | None
    name_kana: str | None = None
    department: str | None = None
    contact_person: str | None = None
    phone: str | None = None
    email: str | None = None
    address: str | None = None
    notes: str | None = None


@dataclass(frozen=True)
class AgencyRow:
    """One agency of the directory, with the label of its kind."""

    id: uuid.UUID
    name: str
    name_kana: str | None
    kind_id: uuid.UUID
    kind_label: str
    department: str | None
    contact_person: str | None
    phone: str | None
    email: str | None
    address: str | None
    notes: str | None
    active: bool

    def as_input(self) -> AgencyInput:
        return AgencyInput(
            name=self.name,
            kind_id=self.kind_id,
            name_kana=self.name_kana,
            department=self.department,
            contact_person=self.contact_person,
            phone=self.phone,
            email=self.email,
            address=self.address,
            notes=self.notes,
        )


def search_key(text: str) -> str:
    """``text`` folded for matching: full-width and half-width forms alike,
    hiragana as katakana, no spaces, lower case; so that "ほっかいどう",
    "ホッカイドウ" and "ﾎｯｶｲﾄﾞｳ" all find the same kana."""
    folded = unicodedata.normalize("NFKC", text).lower()
    folded = "".join(chr(ord(ch) + 0x60) if "\u3041" <= ch <= "\u3096" else ch for ch in folded)
    return re.sub(r"\s+", "", folded)


def list_agencies(
    db: Database,
    text: str = "",
    kind_id: uuid.UUID | None = None,
    active: bool | None = True,
) -> list[AgencyRow]:
    """The directory in kana order, filtered by a text in the name or its
    kana, by kind, and by being active (True), inactive (False) or either
    (None).  The directory holds hundreds of rows at most, so the text is
    matched in Python, where kana can be folded."""
    wanted = search_key(text)
    _reader(db)
    with db.reading() as session:
        query = select(Agency, CodeItem.label).join(CodeItem, CodeItem.id == Agency.kind_id)
        if kind_id is not None:
            query = query.where(Agency.kind_id == kind_id)
        if active is not None:
            query = query.where(Agency.active.is_(active))
        rows = [_row(agency, label) for agency, label in session.execute(query).all()]
    # In kana order, hiragana and katakana alike; an agency without kana
    # sorts by its name.
    rows.sort(key=lambda row: (search_key(row.name_kana or row.name), row.name))
    if not wanted:
        return rows
    return [
        row
        for row in rows
        if wanted in search_key(row.name) or wanted in search_key(row.name_kana or "")
    ]


def get_agency(db: Database, agency_id: uuid.UUID) -> AgencyRow:
    _reader(db)
    with db.reading() as session:
        agency = session.get(Agency, agency_id)
        if agency is None:
            raise ValidationError({"agency_id": MSG_NOT_FOUND})
        kind = session.get(CodeItem, agency.kind_id)
        return _row(agency, kind.label if kind is not None else "")


def save_agency(db: Database, value: AgencyInput, agency_id: uuid.UUID | None = None) -> uuid.UUID:
    """Add an agency (``agency_id`` None) or change one; its id."""
    fields = {
        "name": clean_text(value.name),
        "name_kana": clean_text(value.name_kana),
        "department": clean_text(value.department),
        "contact_person": clean_text(value.contact_person),
        "phone": _clean_phone(value.phone),
        "email": clean_text(value.email),
        "address": clean_text(value.address),
        "notes": clean_text(value.notes),
    }
    actor = require(db, Permission.PROGRAM_RECORDS)
    with db.transaction() as session:
        agency = None
        if agency_id is not None:
            agency = session.get(Agency, agency_id)
            if agency is None:
                raise ValidationError({"agency_id": MSG_NOT_FOUND})
        errors: dict[str, str] = {}
        if fields["name"] is None:
            errors["name"] = "機関名を入力してください。"
        for name, (caption, limit) in _MAX_LENGTHS.items():
            text = fields[name]
            if text is not None and len(text) > limit and name not in errors:
                errors[name] = f"{caption}は{limit}文字以内で入力してください。"
        _check_kind(session, errors, value.kind_id, agency.kind_id if agency else None)
        phone = fields["phone"]
        if phone is not None and "phone" not in errors and not _valid_phone(phone):
            errors["phone"] = MSG_PHONE
        email = fields["email"]
        if email is not None and "email" not in errors and not _EMAIL.match(email):
            errors["email"] = MSG_EMAIL
        if errors:
            raise ValidationError(errors)
        assert value.kind_id is not None
        before = snapshot(agency) if agency is not None else None
        if agency is None:
            agency = Agency(kind_id=value.kind_id, active=True)
            session.add(agency)
        agency.kind_id = value.kind_id
        agency.name = fields["name"] or ""
        agency.name_kana = fields["name_kana"]
        agency.department = fields["department"]
        agency.contact_person = fields["contact_person"]
        agency.phone = phone
        agency.email = email
        agency.address = fields["address"]
        agency.notes = fields["notes"]
        session.flush()
        if before is None:
            _audit(session, actor, AuditAction.CREATE, agency.id, filled_fields(agency))
        else:
            changed = changed_fields(before, agency)
            if changed:
                _audit(session, actor, AuditAction.EDIT, agency.id, changed)
        return agency.id


def set_agency_active(db: Database, agency_id: uuid.UUID, active: bool) -> None:
    """Deactivate an agency (forms stop offering it; old records keep
    naming it) or take it back into use."""
    actor = require(db, Permission.PROGRAM_RECORDS)
    with db.transaction() as session:
        agency = session.get(Agency, agency_id)
        if agency is None:
            raise ValidationError({"agency_id": MSG_NOT_FOUND})
        if agency.active != active:
            agency.active = active
            _audit(session, actor, AuditAction.EDIT, agency.id, ["active"])


def _reader(db: Database) -> Actor:
    """The actor, if she may read the directory: casework staff (it names
    where clients were referred) and administrators (who keep the code
    lists its kinds come from)."""
    actor = actor_of(db)
    if not (actor.may(Permission.READ_CASES) or actor.may(Permission.MANAGE_CODE_LISTS)):
        raise AccessDenied
    return actor


def _audit(
    session: Session, actor: Actor, action: AuditAction, agency_id: uuid.UUID, fields: list[str]
) -> None:
    record(
        session,
        actor.staff_id,
        action,
        entity_type="agency",
        entity_id=agency_id,
        detail={"fields": fields},
    )


def deactivate_agency(db: Database, agency_id: uuid.UUID) -> None:
    set_agency_active(db, agency_id, False)


def _check_kind(
    session: Session, errors: dict[str, str], kind_id: uuid.UUID | None, current: uuid.UUID | None
) -> None:
    """An active agency kind; an agency may keep a kind that was retired
    since it was entered."""
    if kind_id is None:
        errors["kind_id"] = "種別を選択してください。"
        return
    item = session.get(CodeItem, kind_id)
    if item is None or item.category != CodeCategory.AGENCY_KIND:
        errors["kind_id"] = MSG_CODE_UNKNOWN
    elif not item.active and kind_id != current:
        errors["kind_id"] = MSG_CODE_INACTIVE


def _clean_phone(value: str | None) -> str | None:
    # Full-width digits from a Japanese input method are stored half-width.
    text = clean_text(value)
    return unicodedata.normalize("NFKC", text) if text is not None else None


def _valid_phone(phone: str) -> bool:
    return bool(_PHONE.match(phone)) and sum(ch.isdigit() for ch in phone) >= 3


def _row(agency: Agency, kind_label: str) -> AgencyRow:
    return AgencyRow(
        id=agency.id,
        name=agency.name,
        name_kana=agency.name_kana,
        kind_id=agency.kind_id,
        kind_label=kind_label,
        department=agency.department,
        contact_person=agency.contact_person,
        phone=agency.phone,
        email=agency.email,
        address=agency.address,
        notes=agency.notes,
        active=agency.active,
    )
