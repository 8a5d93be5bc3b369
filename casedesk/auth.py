"""Who is acting, and what her role lets her do.

Every service that reads or writes records asks the ``Database`` it is given
for its signed-in ``Actor`` (``actor_of``): a handle that nobody signed in on
reads nothing (``NotSignedIn``).  Sign-in itself is in ``casedesk.accounts``;
which cases an actor may open is in ``casedesk.access``.

Roles (the issue's three, with least privilege):

- a counselor (相談員) works her own cases and the program's unrestricted
  ones, and keeps the program's records (outreach, goods, sessions);
- a supervisor (スーパーバイザー) also opens restricted cases, approves,
  reads the audit trail and produces the reports;
- an administrator (システム管理者) manages staff accounts and code lists,
  reads the audit trail and purges; she does not read case records.  A
  person who is also a counselor or supervisor has a second account, so
  that the one who can create accounts cannot also read every file
  unnoticed.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from db.enums import StaffRole

if TYPE_CHECKING:
    from casedesk.database import Database


class Permission(StrEnum):
    # Cases a counselor may open: her own and the unrestricted ones.
    READ_CASES = "read_cases"
    # Every case, restricted ones included.
    READ_ALL_CASES = "read_all_cases"
    WRITE_CASES = "write_cases"
    # Outreach events, goods, group sessions, LINE figures, agencies.
    PROGRAM_RECORDS = "program_records"
    APPROVE = "approve"
    REPORTS = "reports"
    READ_AUDIT = "read_audit"
    MANAGE_ACCOUNTS = "manage_accounts"
    MANAGE_CODE_LISTS = "manage_code_lists"
    PURGE = "purge"
    # A copy of the whole database (encrypted like it): supervisors and
    # administrators, who answer for the program's records.
    BACKUP = "backup"


ROLE_PERMISSIONS: dict[StaffRole, frozenset[Permission]] = {
    StaffRole.COUNSELOR: frozenset(
        {Permission.READ_CASES, Permission.WRITE_CASES, Permission.PROGRAM_RECORDS}
    ),
    StaffRole.SUPERVISOR: frozenset(
        {
            Permission.READ_CASES,
            Permission.READ_ALL_CASES,
            Permission.WRITE_CASES,
            Permission.PROGRAM_RECORDS,
            Permission.APPROVE,
            Permission.REPORTS,
            Permission.READ_AUDIT,
            Permission.BACKUP,
        }
    ),
    StaffRole.ADMINISTRATOR: frozenset(
        {
            Permission.MANAGE_ACCOUNTS,
            Permission.MANAGE_CODE_LISTS,
            Permission.READ_AUDIT,
            Permission.PURGE,
            Permission.BACKUP,
        }
    ),
}


@dataclass(frozen=True)
class Actor:
    """The signed-in staff member on whose behalf a service runs."""

    staff_id: uuid.UUID
    login: str
    name: str
    role: StaffRole

    def may(self, permission: Permission) -> bool:
        return permission in ROLE_PERMISSIONS[self.role]


class NotSignedIn(Exception):
    """A service was called on a database handle nobody has signed in on."""

    def __init__(self) -> None:
        super().__init__("サインインしていません。")


class AccessDenied(Exception):
    """The actor's role or the case's restriction forbids the action.
    Nothing was read or written.  The message is Japanese, for the screen."""

    def __init__(self, message: str = "この操作を行う権限がありません。") -> None:
        super().__init__(message)
        self.message = message


def actor_of(db: Database) -> Actor:
    """The actor signed in on ``db``; ``NotSignedIn`` when there is none."""
    if db.actor is None:
        raise NotSignedIn
    return db.actor


def require(db: Database, permission: Permission) -> Actor:
    """The actor on ``db``, if her role grants ``permission``."""
    actor = actor_of(db)
    if not actor.may(permission):
        raise AccessDenied
    return actor
