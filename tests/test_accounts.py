"""Sign-in, sign-out, throttling and accounts, through the service layer."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from casedesk import accounts
from casedesk.accounts import (
    SignInRefused,
    change_own_password,
    create_first_administrator,
    create_staff,
    needs_first_administrator,
    set_active,
    set_password,
    sign_in,
    sign_out,
    throttle_delay,
)
from casedesk.audit import AuditAction
from casedesk.auth import AccessDenied, NotSignedIn, Permission, require
from casedesk.case_list import count_cases
from casedesk.database import Database, open_database
from casedesk.errors import ValidationError
from db.enums import StaffRole
from db.models.audit import AuditEntry
from db.models.people import Staff
from tests.actors import SAMPLE_PASSWORD, as_login, as_role

T0 = dt.datetime(2026, 11, 23, 9, 0, 0)


def actions(db: Database) -> list[tuple[str, str | None]]:
    with db.reading() as s:
        rows = s.execute(select(AuditEntry.action, AuditEntry.detail).order_by(AuditEntry.seq))
        return [(r[0], r[1]) for r in rows]


@pytest.fixture
def plain_db(sample_db: Database) -> Database:
    return sample_db.as_user(None)


def test_sign_in_gives_a_handle_acting_for_her(plain_db: Database) -> None:
    with pytest.raises(NotSignedIn):
        count_cases(plain_db)  # nobody signed in: nothing is read
    db = sign_in(plain_db, "sato", SAMPLE_PASSWORD, now=T0)
    assert db.actor is not None
    assert (db.actor.login, db.actor.name, db.actor.role) == (
        "sato",
        "佐藤 花子",
        StaffRole.COUNSELOR,
    )
    assert count_cases(db) > 0
    with db.reading() as s:
        staff = s.scalars(select(Staff).where(Staff.login == "sato")).one()
        assert staff.last_sign_in_at == T0
    assert actions(plain_db)[-1][0] == AuditAction.SIGN_IN
    signed_out = sign_out(db)
    assert signed_out.actor is None
    assert actions(plain_db)[-1][0] == AuditAction.SIGN_OUT


def test_a_wrong_password_and_an_unknown_login_say_the_same(plain_db: Database) -> None:
    with pytest.raises(SignInRefused) as wrong:
        sign_in(plain_db, "sato", "not her password", now=T0)
    with pytest.raises(SignInRefused) as unknown:
        sign_in(plain_db, "nobody", "whatever", now=T0)
    assert wrong.value.message == unknown.value.message == accounts.WRONG_CREDENTIALS
    failed = [d for a, d in actions(plain_db) if a == AuditAction.SIGN_IN_FAILED]
    assert len(failed) == 2 and '"sato"' in (failed[0] or "")
    # What was typed as an unknown login may be a password in the wrong field.
    assert "nobody" not in (failed[1] or "") and "unknown_login" in (failed[1] or "")
    # The password is never written down, not even a wrong one.
    assert all("not her password" not in (d or "") for _a, d in actions(plain_db))


def test_failures_in_a_row_are_slowed(plain_db: Database) -> None:
    assert [throttle_delay(n) for n in range(7)] == [0, 0, 0, 5, 10, 20, 40]
    assert throttle_delay(50) == accounts.MAX_DELAY_S
    now = T0
    for _ in range(3):
        with pytest.raises(SignInRefused):
            sign_in(plain_db, "sato", "wrong", now=now)
    # The fourth attempt within 5 s is refused without checking the password,
    # even the right one, and says how long to wait.
    with pytest.raises(SignInRefused) as early:
        sign_in(plain_db, "sato", SAMPLE_PASSWORD, now=now + dt.timedelta(seconds=2))
    assert early.value.retry_after == 3 and "3 秒後" in early.value.message
    # The refused attempt counted: now 10 s from it.
    later = now + dt.timedelta(seconds=2 + 10)
    db = sign_in(plain_db, "sato", SAMPLE_PASSWORD, now=later)
    assert db.actor is not None
    # A success clears the count: the next wrong one is not slowed.
    with pytest.raises(SignInRefused) as fresh:
        sign_in(plain_db, "sato", "wrong", now=later + dt.timedelta(seconds=1))
    assert fresh.value.retry_after is None
    # Another login's failures do not slow her.
    sign_in(plain_db, "suzuki", SAMPLE_PASSWORD, now=later + dt.timedelta(seconds=1))


def test_an_inactive_or_passwordless_account_cannot_sign_in(plain_db: Database) -> None:
    admin = sign_in(plain_db, "admin", SAMPLE_PASSWORD, now=T0)
    sato = as_login(plain_db, "sato").actor
    assert sato is not None
    set_active(admin, sato.staff_id, False)
    with pytest.raises(SignInRefused):
        sign_in(plain_db, "sato", SAMPLE_PASSWORD, now=T0)
    with plain_db.transaction() as s:
        s.add(Staff(login="nopass", name="無 パス", role=StaffRole.COUNSELOR))
    with pytest.raises(SignInRefused):
        sign_in(plain_db, "nopass", "", now=T0)


def test_first_administrator_on_a_new_database(tmp_path) -> None:
    db = open_database(tmp_path / "new.sqlite3")
    assert needs_first_administrator(db)
    with pytest.raises(ValidationError) as short:
        create_first_administrator(db, "admin", "管理者", "short")
    assert "10 文字以上" in short.value.errors["password"]
    admin = create_first_administrator(db, "admin", "管理 花子", "a long passphrase")
    assert admin.actor is not None and admin.actor.role is StaffRole.ADMINISTRATOR
    assert not needs_first_administrator(db)
    with pytest.raises(ValidationError):  # only the first
        create_first_administrator(db, "admin2", "二人目", "a long passphrase")
    assert sign_in(db, "admin", "a long passphrase").actor is not None
    db.close()


def test_nobody_makes_herself_administrator_where_someone_can_sign_in(
    plain_db: Database,
) -> None:
    # The sample has counselors and a supervisor who can sign in: opening
    # the file is not enough to create an administrator.
    assert not needs_first_administrator(plain_db)
    with pytest.raises(ValidationError):
        create_first_administrator(plain_db, "intruder", "侵入者", "a long passphrase")
    with plain_db.reading() as s:
        assert s.scalar(select(Staff.id).where(Staff.login == "intruder")) is None


def test_only_an_administrator_manages_accounts(sample_db: Database) -> None:
    plain = sample_db.as_user(None)
    admin = as_login(plain, "admin")
    new_id = create_staff(
        admin, login="tanaka", name="田中 理恵", role=StaffRole.COUNSELOR, password="first password"
    )
    assert sign_in(plain, "tanaka", "first password").actor is not None
    with pytest.raises(ValidationError) as taken:
        create_staff(admin, login="tanaka", name="x", role=StaffRole.COUNSELOR, password="x" * 12)
    assert "使われています" in taken.value.errors["login"]
    set_password(admin, new_id, "second password")
    assert sign_in(plain, "tanaka", "second password").actor is not None
    with pytest.raises(ValidationError):
        set_active(admin, admin.actor.staff_id, False)  # type: ignore[union-attr]
    for someone in (as_role(plain, StaffRole.SUPERVISOR), as_login(plain, "sato")):
        with pytest.raises(AccessDenied):
            create_staff(someone, login="x", name="x", role=StaffRole.COUNSELOR, password="x" * 12)
        with pytest.raises(AccessDenied):
            set_password(someone, new_id, "third password")


def test_changing_her_own_password(plain_db: Database) -> None:
    sato = sign_in(plain_db, "sato", SAMPLE_PASSWORD)
    with pytest.raises(ValidationError) as wrong:
        change_own_password(sato, "not it", "a new password")
    assert "現在のパスワード" in wrong.value.errors["current_password"]
    change_own_password(sato, SAMPLE_PASSWORD, "a new password")
    assert sign_in(plain_db, "sato", "a new password").actor is not None
    with pytest.raises(SignInRefused):
        sign_in(plain_db, "sato", SAMPLE_PASSWORD)


@pytest.mark.parametrize(
    ("role", "granted"),
    [
        (
            StaffRole.COUNSELOR,
            {Permission.READ_CASES, Permission.WRITE_CASES, Permission.PROGRAM_RECORDS},
        ),
        (
            StaffRole.ADMINISTRATOR,
            {
                Permission.MANAGE_ACCOUNTS,
                Permission.MANAGE_CODE_LISTS,
                Permission.READ_AUDIT,
                Permission.PURGE,
                Permission.BACKUP,
            },
        ),
    ],
)
def test_roles_grant_only_their_permissions(
    sample_db: Database, role: StaffRole, granted: set[Permission]
) -> None:
    login = {StaffRole.COUNSELOR: "sato", StaffRole.ADMINISTRATOR: "admin"}[role]
    db = as_login(sample_db, login)
    for permission in Permission:
        if permission in granted:
            require(db, permission)
        else:
            with pytest.raises(AccessDenied):
                require(db, permission)


def test_a_stale_hash_is_upgraded_at_sign_in(plain_db: Database, monkeypatch) -> None:
    from argon2 import PasswordHasher

    stronger = PasswordHasher(time_cost=2, memory_cost=16, parallelism=1)
    monkeypatch.setattr(accounts, "HASHER", stronger)
    sign_in(plain_db, "sato", SAMPLE_PASSWORD)
    with plain_db.reading() as s:
        stored = s.scalars(select(Staff.password_hash).where(Staff.login == "sato")).one()
    assert stored is not None and "m=16,t=2,p=1" in stored
