"""Test helpers: a database handle acting for a staff member of a role,
without going through the password check (tests of sign-in itself use
``casedesk.accounts.sign_in``)."""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session

from casedesk.accounts import hash_password
from casedesk.auth import Actor
from casedesk.database import Database
from db.enums import StaffRole
from db.models.people import Staff

# For statement builders that only need a role (a supervisor opens every
# case, so the id is never compared).
SUPERVISOR = Actor(
    staff_id=uuid.UUID(int=1), login="supervisor", name="監督者", role=StaffRole.SUPERVISOR
)

# The password of the accounts that tests/conftest.py puts in the sample
# database (hashed with the cheap test hasher).
SAMPLE_PASSWORD = "sample-password"


def actor_of_login(db: Database, login: str) -> Actor:
    with db.reading() as session:
        staff = session.scalars(select(Staff).where(Staff.login == login)).one()
        return Actor(staff_id=staff.id, login=staff.login, name=staff.name, role=staff.role)


def as_login(db: Database, login: str) -> Database:
    """``db`` acting for the existing staff member ``login``."""
    return db.as_user(actor_of_login(db, login))


def as_role(db: Database, role: StaffRole, login: str | None = None) -> Database:
    """``db`` acting for a staff member of ``role``: ``login`` if she
    exists, else a new one made for the test."""
    login = login or f"test-{role.value}"
    with db.transaction() as session:
        staff = session.scalars(select(Staff).where(Staff.login == login)).one_or_none()
        if staff is None:
            staff = Staff(login=login, name=f"テスト {role.value}", role=role, active=True)
            session.add(staff)
            session.flush()
        actor = Actor(staff_id=staff.id, login=staff.login, name=staff.name, role=staff.role)
    return db.as_user(actor)


def add_supervisor(session: Session, login: str = "kanri") -> Staff:
    """A supervisor who can sign in with ``SAMPLE_PASSWORD`` (for a database
    a test builds itself, so that the window's sign-in finds her)."""
    staff = Staff(
        login=login,
        name="管理 陽子",
        role=StaffRole.SUPERVISOR,
        active=True,
        password_hash=hash_password(SAMPLE_PASSWORD),
    )
    session.add(staff)
    session.flush()
    return staff
