"""Staff accounts: passwords, sign-in and sign-out, the first administrator.

Passwords are hashed with argon2id (``argon2-cffi``, its recommended
parameters: 64 MiB, 3 passes; about a quarter of a second here, which is
itself a brake on guessing).  A hash made with older parameters is
replaced at the next successful sign-in.

Failed sign-ins are counted from the audit trail (every one is an entry):
after ``FREE_ATTEMPTS`` in a row for one login, each further attempt must
wait ``throttle_delay`` seconds, doubling up to ``MAX_DELAY_S``; an attempt
made while waiting is refused without the password being checked, and
counts too.  The same message answers an unknown login and a wrong
password.  An unknown login is not slowed (every password fails on it)
and its entry does not keep what was typed (see ``_typed``); so the
slowing itself shows, after three tries, that a login exists.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from casedesk.audit import AuditAction, last_failed_sign_ins, record
from casedesk.auth import Actor, Permission, actor_of, require
from casedesk.database import Database
from casedesk.errors import ValidationError
from db.base import utcnow
from db.enums import StaffRole
from db.models.people import Staff

# Replaced in tests by a cheap hasher: hashes carry their own parameters,
# so a hash made by either verifies with either.
HASHER = PasswordHasher()

MIN_PASSWORD_LENGTH = 10
FREE_ATTEMPTS = 3
FIRST_DELAY_S = 5
MAX_DELAY_S = 300

WRONG_CREDENTIALS = "ログイン名またはパスワードが違います。"


class SignInRefused(Exception):
    """Sign-in failed; ``message`` is for the screen (Japanese).
    ``retry_after``: seconds to wait before the next attempt, if any."""

    def __init__(self, message: str, retry_after: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.retry_after = retry_after


def hash_password(password: str) -> str:
    return HASHER.hash(password)


def _matches(stored: str | None, password: str) -> bool:
    if not stored:
        return False
    try:
        return HASHER.verify(stored, password)
    except (VerificationError, InvalidHashError):
        return False


def throttle_delay(failures: int) -> int:
    """Seconds to wait after ``failures`` failed attempts in a row."""
    if failures < FREE_ATTEMPTS:
        return 0
    return int(min(MAX_DELAY_S, FIRST_DELAY_S * 2 ** (failures - FREE_ATTEMPTS)))


def password_problem(password: str) -> str | None:
    """Why a new password is refused (Japanese), or None."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return f"パスワードは {MIN_PASSWORD_LENGTH} 文字以上にしてください。"
    if password.strip() != password:
        return "パスワードの最初と最後に空白は使えません。"
    return None


def actor_for(staff: Staff) -> Actor:
    return Actor(staff_id=staff.id, login=staff.login, name=staff.name, role=staff.role)


@dataclass(frozen=True)
class _Outcome:
    actor: Actor | None
    refusal: SignInRefused | None


def sign_in(db: Database, login: str, password: str, *, now: dt.datetime | None = None) -> Database:
    """A handle on ``db`` acting for the staff member, if the password is
    hers.  Success and failure are both audited; a refusal raises
    ``SignInRefused`` after its audit entry is committed."""
    now = now or utcnow()
    login = login.strip()
    with db.transaction() as session:
        outcome = _attempt(session, login, password, now)
    if outcome.refusal is not None:
        raise outcome.refusal
    assert outcome.actor is not None
    return db.as_user(outcome.actor)


def _typed(staff: Staff | None, login: str) -> dict[str, object]:
    """What a failed attempt's entry says about the login typed: the login
    of an existing account; for an unknown one only that it was unknown,
    since what was typed may be a password put in the wrong field (the
    audit trail is exported, and never holds a secret)."""
    return {"login": login} if staff is not None else {"unknown_login": True}


def _attempt(session: Session, login: str, password: str, now: dt.datetime) -> _Outcome:
    staff = session.scalars(select(Staff).where(Staff.login == login)).one_or_none()
    failures = last_failed_sign_ins(session, login)
    wait = throttle_delay(len(failures))
    if wait and failures:
        ready_at = failures[0] + dt.timedelta(seconds=wait)
        if now < ready_at:
            remaining = max(1, int((ready_at - now).total_seconds() + 0.999))
            record(
                session,
                staff.id if staff else None,
                AuditAction.SIGN_IN_FAILED,
                entity_type="staff",
                entity_id=staff.id if staff else None,
                detail={**_typed(staff, login), "throttled": True},
                at=now,
            )
            message = (
                "サインインの失敗が続いたため、しばらく受け付けません。"
                f"{remaining} 秒後にもう一度お試しください。"
            )
            return _Outcome(None, SignInRefused(message, remaining))
    if staff is None or not staff.active or not _matches(staff.password_hash, password):
        record(
            session,
            staff.id if staff else None,
            AuditAction.SIGN_IN_FAILED,
            entity_type="staff",
            entity_id=staff.id if staff else None,
            detail=_typed(staff, login),
            at=now,
        )
        after = throttle_delay(len(failures) + 1)
        return _Outcome(None, SignInRefused(WRONG_CREDENTIALS, after or None))
    assert staff.password_hash is not None
    if HASHER.check_needs_rehash(staff.password_hash):
        staff.password_hash = hash_password(password)
    staff.last_sign_in_at = now
    record(session, staff.id, AuditAction.SIGN_IN, entity_type="staff", entity_id=staff.id, at=now)
    return _Outcome(actor_for(staff), None)


def sign_out(db: Database) -> Database:
    """The same database with nobody signed in; the sign-out is audited."""
    actor = db.actor
    if actor is not None:
        with db.transaction() as session:
            record(
                session,
                actor.staff_id,
                AuditAction.SIGN_OUT,
                entity_type="staff",
                entity_id=actor.staff_id,
            )
    return db.as_user(None)


def _anyone_can_sign_in(session: Session) -> bool:
    found = session.scalar(
        select(Staff.id).where(Staff.active.is_(True), Staff.password_hash.is_not(None)).limit(1)
    )
    return found is not None


def needs_first_administrator(db: Database) -> bool:
    """Whether nobody can sign in yet (a new database, or one from before
    accounts): then the app asks for the first administrator.  Once anyone
    can sign in, accounts are made only by an administrator who signed in:
    otherwise whoever opened the file could make herself one."""
    with db.reading() as session:
        return not _anyone_can_sign_in(session)


def _check_new_account(session: Session, login: str, name: str, password: str) -> None:
    errors: dict[str, str] = {}
    if not login:
        errors["login"] = "ログイン名を入力してください。"
    elif session.scalar(select(Staff.id).where(Staff.login == login)) is not None:
        errors["login"] = "このログイン名はすでに使われています。"
    if not name:
        errors["name"] = "氏名を入力してください。"
    problem = password_problem(password)
    if problem:
        errors["password"] = problem
    if errors:
        raise ValidationError(errors)


def create_first_administrator(db: Database, login: str, name: str, password: str) -> Database:
    """The first administrator of a database nobody can sign in to yet,
    signed in.  Refused once anyone can sign in (see
    ``needs_first_administrator``)."""
    login, name = login.strip(), name.strip()
    with db.transaction() as session:
        if _anyone_can_sign_in(session):
            raise ValidationError({"login": "サインインできる職員がすでに登録されています。"})
        _check_new_account(session, login, name, password)
        staff = Staff(
            login=login,
            name=name,
            role=StaffRole.ADMINISTRATOR,
            active=True,
            password_hash=hash_password(password),
            last_sign_in_at=utcnow(),
        )
        session.add(staff)
        session.flush()
        record(session, staff.id, AuditAction.CREATE, entity_type="staff", entity_id=staff.id)
        record(session, staff.id, AuditAction.SIGN_IN, entity_type="staff", entity_id=staff.id)
        actor = actor_for(staff)
    return db.as_user(actor)


def create_staff(
    db: Database,
    *,
    login: str,
    name: str,
    role: StaffRole,
    password: str,
    name_kana: str | None = None,
) -> uuid.UUID:
    """A new staff account (administrators only)."""
    admin = require(db, Permission.MANAGE_ACCOUNTS)
    login, name = login.strip(), name.strip()
    with db.transaction() as session:
        _check_new_account(session, login, name, password)
        staff = Staff(
            login=login,
            name=name,
            name_kana=(name_kana or "").strip() or None,
            role=role,
            active=True,
            password_hash=hash_password(password),
        )
        session.add(staff)
        session.flush()
        record(
            session,
            admin.staff_id,
            AuditAction.CREATE,
            entity_type="staff",
            entity_id=staff.id,
            detail={"role": role.value},
        )
        return staff.id


def set_password(db: Database, staff_id: uuid.UUID, password: str) -> None:
    """An administrator sets a staff member's password (a new account, a
    forgotten password)."""
    admin = require(db, Permission.MANAGE_ACCOUNTS)
    problem = password_problem(password)
    if problem:
        raise ValidationError({"password": problem})
    with db.transaction() as session:
        staff = session.get(Staff, staff_id)
        if staff is None:
            raise ValidationError({"staff_id": "この職員は登録されていません。"})
        _store_password(session, staff, password, by=admin)


def _store_password(session: Session, staff: Staff, password: str, *, by: Actor) -> None:
    staff.password_hash = hash_password(password)
    record(
        session,
        by.staff_id,
        AuditAction.EDIT,
        entity_type="staff",
        entity_id=staff.id,
        detail={"fields": ["password"]},
    )


def change_own_password(db: Database, current: str, new: str) -> None:
    """The signed-in staff member changes her own password."""
    actor = actor_of(db)
    problem = password_problem(new)
    if problem:
        raise ValidationError({"new_password": problem})
    with db.transaction() as session:
        staff = session.get(Staff, actor.staff_id)
        if staff is None or not _matches(staff.password_hash, current):
            raise ValidationError({"current_password": "現在のパスワードが違います。"})
        _store_password(session, staff, new, by=actor)


def set_active(db: Database, staff_id: uuid.UUID, active: bool) -> None:
    """Deactivate (she can no longer sign in; her records keep her name)
    or reactivate an account.  An administrator cannot lock herself out."""
    admin = require(db, Permission.MANAGE_ACCOUNTS)
    if staff_id == admin.staff_id and not active:
        raise ValidationError({"staff_id": "自分自身のアカウントは無効にできません。"})
    with db.transaction() as session:
        staff = session.get(Staff, staff_id)
        if staff is None:
            raise ValidationError({"staff_id": "この職員は登録されていません。"})
        staff.active = active
        record(
            session,
            admin.staff_id,
            AuditAction.EDIT,
            entity_type="staff",
            entity_id=staff_id,
            detail={"fields": ["active"], "active": active},
        )


@dataclass(frozen=True)
class StaffAccount:
    """A line of the administrator's account list (never the hash)."""

    id: uuid.UUID
    login: str
    name: str
    name_kana: str | None
    role: StaffRole
    active: bool
    can_sign_in: bool
    last_sign_in_at: dt.datetime | None


def list_staff(db: Database) -> list[StaffAccount]:
    """Every staff account, active ones first, by name (administrators only)."""
    require(db, Permission.MANAGE_ACCOUNTS)
    with db.reading() as session:
        rows = session.scalars(
            select(Staff).order_by(Staff.active.desc(), Staff.name_kana, Staff.name)
        )
        return [
            StaffAccount(
                id=staff.id,
                login=staff.login,
                name=staff.name,
                name_kana=staff.name_kana,
                role=staff.role,
                active=staff.active,
                can_sign_in=staff.active and staff.password_hash is not None,
                last_sign_in_at=staff.last_sign_in_at,
            )
            for staff in rows
        ]


def update_staff(
    db: Database,
    staff_id: uuid.UUID,
    *,
    name: str,
    name_kana: str | None,
    role: StaffRole,
) -> None:
    """Change a staff member's name or role (administrators only).  An
    administrator cannot take her own administrator role away: the
    database would be left with nobody to manage accounts."""
    admin = require(db, Permission.MANAGE_ACCOUNTS)
    name = name.strip()
    if not name:
        raise ValidationError({"name": "氏名を入力してください。"})
    if staff_id == admin.staff_id and role is not StaffRole.ADMINISTRATOR:
        raise ValidationError({"role": "自分自身の管理者権限は外せません。"})
    with db.transaction() as session:
        staff = session.get(Staff, staff_id)
        if staff is None:
            raise ValidationError({"staff_id": "この職員は登録されていません。"})
        changed = [
            field
            for field, old, new in (
                ("name", staff.name, name),
                ("name_kana", staff.name_kana, (name_kana or "").strip() or None),
                ("role", staff.role, role),
            )
            if old != new
        ]
        staff.name = name
        staff.name_kana = (name_kana or "").strip() or None
        staff.role = role
        if changed:
            record(
                session,
                admin.staff_id,
                AuditAction.EDIT,
                entity_type="staff",
                entity_id=staff_id,
                detail={"fields": changed},
            )
