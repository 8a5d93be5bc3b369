"""Intake (受付): a new client with her first case, a new case for a returning
client, and editing a client's profile.

A client is pseudonymous by default: a display name is all that is
required.  Her real name, its reading, birth date, address, phone and email
are the sensitive fields (``SENSITIVE_FIELDS``): ``client_profile`` leaves
them out unless asked, and says only which of them hold something, so that
the profile form can show "登録あり（非表示）" without reading them.
Reading them goes through ``reveal_client``, the one place where a reveal
is recorded (a REVEAL audit entry naming the fields).

Every write checks the whole input and raises ``ValidationError`` with a
Japanese message per field, or writes everything in one transaction.
Before intake the form runs ``possible_duplicates`` (the folded-name and
phone matching of ``casedesk.duplicates``), so that a returning woman is
not split into two clients.

Access (issue 4): the signed-in actor must be allowed to write cases to
take an intake; a client is seen (profile, reveal, edit, a new case) only by an
actor who may open one of her cases (``casedesk.client_access``), or
``AccessDenied``, for a missing client and a hidden one alike.  Writes are
audited in the same transaction as the change: CREATE of the client and of the case,
EDIT of a client with the names of the changed fields; reveals are REVEAL
entries.  Audit entries about a client are filed under her newest case the
actor may open (its "who looked at this" list).
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, fields, replace

from sqlalchemy import select
from sqlalchemy.orm import Session

from casedesk.access import visible_cases
from casedesk.audit import AuditAction, record
from casedesk.auth import Actor, Permission, actor_of, require
from casedesk.cases import next_case_no
from casedesk.checks import check_code, check_staff, clean_text
from casedesk.client_access import newest_visible_case, require_client
from casedesk.database import Database
from casedesk.duplicates import DuplicateCandidate, RestrictedMatch, find_duplicates
from casedesk.errors import ValidationError
from db.enums import CaseStatus, CodeCategory, RiskLevel
from db.models.cases import Case, CaseAssignment
from db.models.people import Client, Staff

# The fields shown only on an explicit, recorded reveal (see db.models.people.Client).
SENSITIVE_FIELDS: tuple[str, ...] = (
    "real_name",
    "real_name_kana",
    "birth_date",
    "address",
    "phone",
    "email",
)

# The limits of the String columns (db/models/people.py); SQLite would not
# enforce them, but another database and the printed forms would.
_CLIENT_TEXT_LIMITS: dict[str, tuple[int, str]] = {
    "display_name": (100, "表示名"),
    "display_name_kana": (100, "表示名のふりがな"),
    "line_name": (100, "LINE名"),
    "real_name": (100, "氏名"),
    "real_name_kana": (100, "氏名のふりがな"),
    "phone": (40, "電話番号"),
    "email": (200, "メールアドレス"),
}


@dataclass(frozen=True)
class ClientInput:
    """What the client part of the intake and profile forms holds.

    ``is_student`` and ``has_children`` are None when not known.  Text is
    trimmed and blank text stored as NULL.
    """

    display_name: str | None
    display_name_kana: str | None = None
    line_name: str | None = None
    age_band_id: uuid.UUID | None = None
    employment_id: uuid.UUID | None = None
    is_student: bool | None = None
    has_children: bool | None = None
    household: str | None = None
    contact_safety_notes: str | None = None
    consent_to_share: bool = False
    notes: str | None = None
    # --- sensitive (SENSITIVE_FIELDS) ---
    real_name: str | None = None
    real_name_kana: str | None = None
    birth_date: dt.date | None = None
    address: str | None = None
    phone: str | None = None
    email: str | None = None


@dataclass(frozen=True)
class CaseInput:
    """What the case part of the intake form holds (``opened_on`` is required)."""

    opened_on: dt.date | None
    lead_counselor_id: uuid.UUID | None = None
    open_reason: str | None = None
    risk_level: RiskLevel = RiskLevel.LOW
    restricted: bool = False
    summary: str | None = None


@dataclass(frozen=True)
class IntakeResult:
    client_id: uuid.UUID
    case_id: uuid.UUID
    case_no: str


@dataclass(frozen=True)
class OpenedCase:
    case_id: uuid.UUID
    case_no: str


@dataclass(frozen=True)
class SensitiveFields:
    """A client's sensitive fields, as ``reveal_client`` hands them out."""

    real_name: str | None
    real_name_kana: str | None
    birth_date: dt.date | None
    address: str | None
    phone: str | None
    email: str | None


@dataclass(frozen=True)
class ClientProfile:
    """A client's profile for the edit form.

    ``data`` holds the sensitive fields only when ``sensitive_included``;
    otherwise they are None there and ``sensitive_filled`` names the ones
    that hold something.
    """

    client_id: uuid.UUID
    data: ClientInput
    sensitive_included: bool
    sensitive_filled: frozenset[str]
    case_nos: tuple[str, ...]  # her cases, newest first (the form's title)


@dataclass(frozen=True)
class DuplicateMatch:
    """A possible duplicate for the intake panel: ``DuplicateCandidate``
    plus the kana reading of the display name (not the real name's)."""

    candidate: DuplicateCandidate
    display_name_kana: str | None


# What ``possible_duplicates`` lists: clients the actor may see, and at most
# one ``RestrictedMatch`` (first) standing for those she may not.
DuplicateRow = DuplicateMatch | RestrictedMatch


# --- checks ------------------------------------------------------------


def _check_client(session: Session, data: ClientInput, today: dt.date) -> dict[str, str]:
    errors: dict[str, str] = {}
    if clean_text(data.display_name) is None:
        errors["display_name"] = "表示名（ニックネーム、LINE名など）を入力してください。"
    for name, (limit, label) in _CLIENT_TEXT_LIMITS.items():
        text = clean_text(getattr(data, name))
        if text is not None and len(text) > limit:
            errors[name] = f"{label}は{limit}文字以内で入力してください。"
    if data.birth_date is not None and data.birth_date > today:
        errors["birth_date"] = "生年月日に未来の日付は入力できません。"
    phone = clean_text(data.phone)
    if phone is not None and "phone" not in errors and not any(ch.isdigit() for ch in phone):
        errors["phone"] = "電話番号には数字を入力してください。"
    email = clean_text(data.email)
    if email is not None and "email" not in errors and "@" not in email:
        errors["email"] = "メールアドレスの形式が正しくありません（@がありません）。"
    for name, category in (
        ("age_band_id", CodeCategory.AGE_BAND),
        ("employment_id", CodeCategory.EMPLOYMENT),
    ):
        code_id = getattr(data, name)
        if code_id is not None:
            problem = check_code(session, code_id, category)
            if problem is not None:
                errors[name] = problem
    return errors


def _check_case(session: Session, data: CaseInput, today: dt.date) -> dict[str, str]:
    errors: dict[str, str] = {}
    if data.opened_on is None:
        errors["opened_on"] = "開始日を入力してください。"
    elif data.opened_on > today:
        errors["opened_on"] = "開始日に未来の日付は入力できません。"
    check_staff(session, errors, data.lead_counselor_id, "lead_counselor_id")
    if data.lead_counselor_id is not None and "lead_counselor_id" not in errors:
        counselor = session.get(Staff, data.lead_counselor_id)
        if counselor is not None and not counselor.active:
            errors["lead_counselor_id"] = "この相談員は現在無効になっています。"
    if not isinstance(data.risk_level, RiskLevel):
        errors["risk_level"] = "リスクの程度を選択してください。"
    return errors


# --- writing -----------------------------------------------------------


def _apply_client(
    client: Client, data: ClientInput, today: dt.date, *, include_sensitive: bool
) -> list[str]:
    """Set the form's values on ``client``; the names of the fields whose
    value changed (for the audit trail: names only, never the values)."""
    before = {column: getattr(client, column) for column in _AUDITED_CLIENT_FIELDS}
    was_consented = bool(client.consent_to_share)
    client.display_name = clean_text(data.display_name) or ""
    client.display_name_kana = clean_text(data.display_name_kana)
    client.line_name = clean_text(data.line_name)
    client.age_band_id = data.age_band_id
    client.employment_id = data.employment_id
    client.is_student = data.is_student
    client.has_children = data.has_children
    client.household = clean_text(data.household)
    client.contact_safety_notes = clean_text(data.contact_safety_notes)
    client.notes = clean_text(data.notes)
    client.consent_to_share = data.consent_to_share
    # The date consent was given is what a partner agency may ask for; a
    # withdrawn consent has none.
    if data.consent_to_share and not was_consented:
        client.consent_recorded_on = today
    elif not data.consent_to_share:
        client.consent_recorded_on = None
    if include_sensitive:
        client.real_name = clean_text(data.real_name)
        client.real_name_kana = clean_text(data.real_name_kana)
        client.birth_date = data.birth_date
        client.address = clean_text(data.address)
        client.phone = clean_text(data.phone)
        client.email = clean_text(data.email)
    return [name for name, value in before.items() if getattr(client, name) != value]


# The client's fields an edit may change, as named in the audit trail.
_AUDITED_CLIENT_FIELDS: tuple[str, ...] = (
    "display_name",
    "display_name_kana",
    "line_name",
    "age_band_id",
    "employment_id",
    "is_student",
    "has_children",
    "household",
    "contact_safety_notes",
    "notes",
    "consent_to_share",
    "consent_recorded_on",
    *SENSITIVE_FIELDS,
)


def _add_case(session: Session, client_id: uuid.UUID, data: CaseInput) -> Case:
    assert data.opened_on is not None  # checked by _check_case
    # Numbered by the calendar year it was opened in ("2026-0001"); inside
    # the transaction, so two intakes cannot take the same number (case_no
    # is unique: the second would fail and write nothing).
    case = Case(
        case_no=next_case_no(session, data.opened_on.year),
        client_id=client_id,
        status=CaseStatus.OPEN,
        lead_counselor_id=data.lead_counselor_id,
        opened_on=data.opened_on,
        open_reason=clean_text(data.open_reason),
        risk_level=data.risk_level,
        restricted=data.restricted,
        summary=clean_text(data.summary),
    )
    session.add(case)
    session.flush()
    return case


def create_client_and_case(
    db: Database, client: ClientInput, case: CaseInput, today: dt.date | None = None
) -> IntakeResult:
    """Create a client and her first case, in one transaction.

    ``today`` (default: the local date) bounds the opening and birth dates.
    The duplicate check is the form's business (``possible_duplicates``):
    a counselor may decide that a match is another woman.  Needs
    ``Permission.WRITE_CASES``; audited as a CREATE of the client and a
    CREATE of the case (field names only).
    """
    today = today or dt.date.today()
    actor = require(db, Permission.WRITE_CASES)
    with db.transaction() as session:
        errors = _check_client(session, client, today) | _check_case(session, case, today)
        if errors:
            raise ValidationError(errors)
        row = Client(display_name="")
        set_fields = _apply_client(row, client, today, include_sensitive=True)
        filled = [name for name in set_fields if getattr(row, name) not in (None, "", False)]
        session.add(row)
        session.flush()
        new_case = _add_case(session, row.id, case)
        record(
            session,
            actor.staff_id,
            AuditAction.CREATE,
            entity_type="client",
            entity_id=row.id,
            case_id=new_case.id,
            detail={"fields": filled},
        )
        _assign_taker(session, actor, new_case)
        _record_new_case(session, actor, new_case)
        return IntakeResult(row.id, new_case.id, new_case.case_no)


def _assign_taker(session: Session, actor: Actor, case: Case) -> None:
    """A counselor who opens a restricted case led by someone else (or by
    nobody yet) is assigned to it: otherwise the case she has just taken
    would be closed to her at once (casedesk/access.py)."""
    if (
        case.restricted
        and not actor.may(Permission.READ_ALL_CASES)
        and case.lead_counselor_id != actor.staff_id
    ):
        session.add(CaseAssignment(case_id=case.id, staff_id=actor.staff_id, role_note="受付"))
        session.flush()


def _record_new_case(session: Session, actor: Actor, case: Case) -> None:
    fields = [
        name
        for name in ("lead_counselor_id", "open_reason", "risk_level", "restricted", "summary")
        if getattr(case, name) not in (None, "", False)
    ]
    record(
        session,
        actor.staff_id,
        AuditAction.CREATE,
        entity_type="case",
        entity_id=case.id,
        case_id=case.id,
        detail={"fields": ["case_no", "opened_on", *fields]},
    )


def open_case_for_client(
    db: Database, client_id: uuid.UUID, case: CaseInput, today: dt.date | None = None
) -> OpenedCase:
    """A new case for a returning client whose earlier cases are all closed.

    While she has an open case, new contacts belong to it (or it is
    reopened, ``casedesk.cases.reopen_case``), so a second open case is
    refused.  The actor must be allowed to see the client (one of her cases
    is open to her) and to write cases; audited as a CREATE of the case.
    """
    today = today or dt.date.today()
    actor = actor_of(db)
    with db.transaction() as session:
        require_client(session, actor, client_id, write=True)
        errors = _check_case(session, case, today)
        still_open = session.execute(
            select(Case.case_no, Case.id)
            .where(Case.client_id == client_id, Case.status == CaseStatus.OPEN)
            .order_by(Case.opened_on.desc())
            .limit(1)
        ).one_or_none()
        if still_open is not None:
            # The number only of a case she may open: a restricted case of
            # someone else's is not named, not even here.
            number = (
                f"（{still_open.case_no}）"
                if session.scalar(
                    select(Case.id).where(Case.id == still_open.id, visible_cases(actor))
                )
                else "（制限付き）"
            )
            errors["client_id"] = (
                f"この相談者には継続中のケース{number}があります。"
                "新しいケースは、そのケースを終結してから開始してください。"
            )
        if errors:
            raise ValidationError(errors)
        new_case = _add_case(session, client_id, case)
        _assign_taker(session, actor, new_case)
        _record_new_case(session, actor, new_case)
        return OpenedCase(new_case.id, new_case.case_no)


# --- reading and editing a profile --------------------------------------


def _sensitive_of(client: Client) -> SensitiveFields:
    return SensitiveFields(
        real_name=client.real_name,
        real_name_kana=client.real_name_kana,
        birth_date=client.birth_date,
        address=client.address,
        phone=client.phone,
        email=client.email,
    )


def reveal_client(
    db: Database, client_id: uuid.UUID, staff_id: uuid.UUID | None = None
) -> SensitiveFields:
    """The sensitive fields of a client, read on purpose by the signed-in actor.

    The only way the sensitive fields leave the service layer, so that each
    reveal is recorded in one place: a REVEAL entry (entity "client", the
    names of the fields that hold something), in the same transaction as
    the read.  Who asked is the signed-in actor (``staff_id`` is kept for
    old callers and ignored).
    """
    del staff_id
    actor = actor_of(db)
    with db.transaction() as session:
        client = require_client(session, actor, client_id)
        revealed = _sensitive_of(client)
        record(
            session,
            actor.staff_id,
            AuditAction.REVEAL,
            entity_type="client",
            entity_id=client.id,
            case_id=newest_visible_case(session, actor, client.id),
            detail={"fields": sorted(_filled_sensitive(revealed), key=SENSITIVE_FIELDS.index)},
        )
        return revealed


def _filled_sensitive(stored: SensitiveFields) -> frozenset[str]:
    return frozenset(
        f.name for f in fields(SensitiveFields) if getattr(stored, f.name) not in (None, "")
    )


def client_profile(
    db: Database,
    client_id: uuid.UUID,
    *,
    include_sensitive: bool,
    staff_id: uuid.UUID | None = None,
) -> ClientProfile:
    """A client's profile for editing; the sensitive fields only when
    ``include_sensitive`` (then read through ``reveal_client``: a REVEAL
    entry).  Without them it is not audited: it shows what the case view,
    whose opening is logged, shows of her."""
    actor = actor_of(db)
    with db.reading() as session:
        client = require_client(session, actor, client_id)
        stored = _sensitive_of(client)
        data = ClientInput(
            display_name=client.display_name,
            display_name_kana=client.display_name_kana,
            line_name=client.line_name,
            age_band_id=client.age_band_id,
            employment_id=client.employment_id,
            is_student=client.is_student,
            has_children=client.has_children,
            household=client.household,
            contact_safety_notes=client.contact_safety_notes,
            consent_to_share=bool(client.consent_to_share),
            notes=client.notes,
        )
        case_nos = tuple(
            session.scalars(
                select(Case.case_no)
                .where(Case.client_id == client_id, visible_cases(actor))
                .order_by(Case.opened_on.desc(), Case.case_no.desc())
            )
        )
    filled = _filled_sensitive(stored)
    if include_sensitive:
        revealed = reveal_client(db, client_id, staff_id)
        data = replace(data, **{name: getattr(revealed, name) for name in SENSITIVE_FIELDS})
    return ClientProfile(client_id, data, include_sensitive, filled, case_nos)


def update_client(
    db: Database,
    client_id: uuid.UUID,
    data: ClientInput,
    *,
    include_sensitive: bool,
    today: dt.date | None = None,
) -> None:
    """Save an edited profile in one transaction.

    With ``include_sensitive`` False the stored sensitive fields are kept as
    they are (the form never showed them), and ``data`` must not carry any:
    a value there would be silently dropped, so it is refused as a bug.

    The actor must be allowed to see and write the client; audited as an EDIT
    (entity "client") naming the fields that changed, when any did.
    """
    if not include_sensitive:
        given = [name for name in SENSITIVE_FIELDS if getattr(data, name) is not None]
        if given:
            raise ValueError(f"sensitive fields given without include_sensitive: {given}")
    today = today or dt.date.today()
    actor = actor_of(db)
    with db.transaction() as session:
        client = require_client(session, actor, client_id, write=True)
        errors = _check_client(session, data, today)
        if errors:
            raise ValidationError(errors)
        changed = _apply_client(client, data, today, include_sensitive=include_sensitive)
        if changed:
            record(
                session,
                actor.staff_id,
                AuditAction.EDIT,
                entity_type="client",
                entity_id=client.id,
                case_id=newest_visible_case(session, actor, client.id),
                detail={"fields": changed},
            )


# --- the duplicate check -------------------------------------------------


def possible_duplicates(
    db: Database,
    *,
    display_name: str | None = None,
    kana: str | None = None,
    line_name: str | None = None,
    phone: str | None = None,
) -> list[DuplicateRow]:
    """``casedesk.duplicates.find_duplicates``, in its order, with each
    client's display-name kana for the panel; a ``RestrictedMatch`` is
    passed on as it is (it names nobody)."""
    found = find_duplicates(
        db, display_name=display_name, kana=kana, line_name=line_name, phone=phone
    )
    candidates = [c for c in found if isinstance(c, DuplicateCandidate)]
    kana_of: dict[uuid.UUID, str | None] = {}
    if candidates:
        with db.reading() as session:
            kana_of = dict(
                session.execute(
                    select(Client.id, Client.display_name_kana).where(
                        Client.id.in_([c.client_id for c in candidates])
                    )
                ).all()
            )
    return [
        DuplicateMatch(c, kana_of.get(c.client_id)) if isinstance(c, DuplicateCandidate) else c
        for c in found
    ]
