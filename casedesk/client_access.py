"""Which clients an actor may see: those with a case she may open.

A client has no restriction of her own: her record is read through her
cases (the case view's header shows her display name, household and safety
notes).  So a client is open to an actor when at least one of her cases is
(``casedesk.access``), or when she has no case at all (only after a purge).
A client whose every case is restricted and someone else's is hidden from a
counselor exactly like those cases: not in the duplicate check's answers,
not in a profile, not given a new case.
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import ColumnElement, exists, false, or_, select, true
from sqlalchemy.orm import Session

from casedesk.access import hidden_cases, visible_cases
from casedesk.auth import AccessDenied, Actor, Permission
from db.models.cases import Case
from db.models.people import Client

CLIENT_DENIED = "この相談者の記録を開く権限がありません。"
CLIENT_WRITE_DENIED = "この相談者の記録を変更する権限がありません。"


def visible_client(actor: Actor, client_id: ColumnElement[uuid.UUID] | Any) -> ColumnElement[bool]:
    """A condition on a client id column: the clients ``actor`` may see."""
    if not actor.may(Permission.READ_CASES):
        return false()
    if hidden_cases(actor) is None:
        return true()
    return or_(
        exists().where(Case.client_id == client_id, visible_cases(actor)),
        ~exists().where(Case.client_id == client_id),
    )


def require_client(
    session: Session, actor: Actor, client_id: uuid.UUID, *, write: bool = False
) -> Client:
    """The client, if ``actor`` may see her (and change her, with ``write``).
    A missing client and a hidden one are refused alike."""
    if write and not actor.may(Permission.WRITE_CASES):
        raise AccessDenied(CLIENT_WRITE_DENIED)
    client = session.scalars(
        select(Client).where(Client.id == client_id, visible_client(actor, Client.id))
    ).first()
    if client is None:
        raise AccessDenied(CLIENT_DENIED)
    return client


def newest_visible_case(session: Session, actor: Actor, client_id: uuid.UUID) -> uuid.UUID | None:
    """The id of the client's newest case that ``actor`` may open: the case
    an audit entry about the client is filed under (its "who looked at this")."""
    return session.scalar(
        select(Case.id)
        .where(Case.client_id == client_id, visible_cases(actor))
        .order_by(Case.opened_on.desc(), Case.case_no.desc())
        .limit(1)
    )
