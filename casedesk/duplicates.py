"""The duplicate check before a new client is created.

A woman who phoned in spring and writes on LINE in autumn must not become a
second, unconnected client: her history (and any risk noted) would be split.
Before intake, what the counselor typed is folded (db.text_keys) and matched
against every stored name key, crosswise (a display name typed in kana finds
a stored kana reading), and against the phone digits.  All of it runs on
indexes, so the check stays instant on a large database.

Access (issue 4): a counselor must learn nothing about a woman whose every
case is restricted and not hers (``casedesk.client_access``), not even that
her name is stored: such clients are never read into the answer.  That some
exist is said by one ``RestrictedMatch`` (no name, number, id or count) at
the head of the list, so that the counselor asks a supervisor before she
creates a second record of a woman at high risk.  The cases offered and
the last contact are read from the cases she may open only.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from sqlalchemy import ColumnElement, exists, func, not_, or_, select

from casedesk.access import visible_cases
from casedesk.auth import Permission, require
from casedesk.client_access import visible_client
from casedesk.database import Database
from db.enums import CaseStatus
from db.models import Case, Client, Consultation
from db.text_keys import fold, fold_digits

# Phone numbers shorter than this (an extension, a typo) match too much.
_MIN_PHONE_DIGITS = 6


@dataclass(frozen=True)
class RestrictedMatch:
    """Some client the actor may not see matches: nothing more is said
    (ask a supervisor).  Deliberately without fields."""


RESTRICTED_MATCH = RestrictedMatch()


@dataclass(frozen=True)
class DuplicateCandidate:
    client_id: uuid.UUID
    display_name: str
    line_name: str | None
    matched_on: tuple[str, ...]  # "name", "kana", "line_name", "phone"
    case_id: uuid.UUID | None  # her newest case (that the actor may open), to offer
    case_no: str | None
    case_status: CaseStatus | None
    last_contact: dt.date | None


def find_duplicates(
    db: Database,
    *,
    display_name: str | None = None,
    kana: str | None = None,
    line_name: str | None = None,
    phone: str | None = None,
    limit: int = 20,
) -> list[DuplicateCandidate | RestrictedMatch]:
    """The stored clients that may be the woman typed in, best first (the
    actor's own view of them), after one ``RESTRICTED_MATCH`` when clients
    she may not see match too.  Needs ``Permission.READ_CASES``."""
    actor = require(db, Permission.READ_CASES)
    names = {k for k in (fold(display_name), fold(kana), fold(line_name)) if k}
    digits = fold_digits(phone)
    if len(digits) < _MIN_PHONE_DIGITS:
        digits = ""
    if not names and not digits:
        return []

    reasons: dict[str, ColumnElement[bool]] = {}
    if names:
        reasons["name"] = Client.display_name_key.in_(names)
        reasons["kana"] = or_(Client.display_kana_key.in_(names), Client.real_kana_key.in_(names))
        reasons["line_name"] = Client.line_name_key.in_(names)
    if digits:
        reasons["phone"] = Client.phone_key == digits

    matching = or_(*reasons.values())
    seen = visible_client(actor, Client.id)
    with db.reading() as s:
        # Only whether one exists: no row of a hidden client is read.
        hidden_match = bool(s.scalar(select(exists().where(matching, not_(seen)))))
        clients = s.scalars(select(Client).where(matching, seen).limit(limit)).all()
        head: list[DuplicateCandidate | RestrictedMatch] = (
            [RESTRICTED_MATCH] if hidden_match else []
        )
        if not clients:
            return head
        ids = [c.id for c in clients]
        mine = visible_cases(actor)
        newest_case = (
            select(Case.client_id, func.max(Case.opened_on).label("opened_on"))
            .where(Case.client_id.in_(ids), mine)
            .group_by(Case.client_id)
            .subquery()
        )
        cases = {
            case.client_id: case
            for case in s.scalars(
                select(Case)
                .join(
                    newest_case,
                    (Case.client_id == newest_case.c.client_id)
                    & (Case.opened_on == newest_case.c.opened_on),
                )
                .where(mine)
            )
        }
        last_contact = dict(
            s.execute(
                select(Case.client_id, func.max(Consultation.consulted_on))
                .join(Consultation, Consultation.case_id == Case.id)
                .where(Case.client_id.in_(ids), mine)
                .group_by(Case.client_id)
            ).all()
        )
        found: list[DuplicateCandidate] = []
        for client in clients:
            matched = tuple(reason for reason in reasons if _matches(client, reason, names, digits))
            case = cases.get(client.id)
            found.append(
                DuplicateCandidate(
                    client_id=client.id,
                    display_name=client.display_name,
                    line_name=client.line_name,
                    matched_on=matched,
                    case_id=case.id if case else None,
                    case_no=case.case_no if case else None,
                    case_status=case.status if case else None,
                    last_contact=last_contact.get(client.id),
                )
            )
    # Most reasons first (name and phone beats name alone), then most recent contact.
    found.sort(key=lambda c: (-len(c.matched_on), -(c.last_contact or dt.date.min).toordinal()))
    return [*head, *found]


def _matches(client: Client, reason: str, names: set[str], digits: str) -> bool:
    if reason == "name":
        return client.display_name_key in names
    if reason == "kana":
        return client.display_kana_key in names or client.real_kana_key in names
    if reason == "line_name":
        return client.line_name_key in names
    return bool(digits) and client.phone_key == digits
