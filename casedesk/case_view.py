"""What the case view shows at its top: the case and its client, without
the client's identifying details.

A client's real name, kana reading, birth date, address, phone and email are
shown only when a counselor asks for them on purpose (``reveal_sensitive``),
and that reveal is logged (a REVEAL audit entry naming the fields).
``load_case_header`` therefore never reads those values out of the
database at all: SQL answers only whether each one is filled, so they
cannot leak into a screenshot, a log line or a tooltip by accident.

Both refuse (``AccessDenied``) a case the signed-in actor may not open, and
a case that does not exist, alike.  Opening the header is the case view:
it writes one VIEW audit entry.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from sqlalchemy import ColumnElement, and_, exists, select
from sqlalchemy.orm import InstrumentedAttribute, aliased

from casedesk.access import require_case
from casedesk.audit import AuditAction, record, record_action
from casedesk.auth import actor_of
from casedesk.database import Database
from db.enums import CaseStatus, RiskLevel
from db.models.cases import Case
from db.models.codes import CodeItem
from db.models.consultations import Consultation
from db.models.people import Client, Staff

# The client fields shown only on an explicit reveal, in display order.
SENSITIVE_FIELDS: tuple[str, ...] = (
    "real_name",
    "real_name_kana",
    "birth_date",
    "address",
    "phone",
    "email",
)


@dataclass(frozen=True)
class CaseHeader:
    """The case and the non-identifying part of its client.

    ``sensitive_filled`` holds the names (of ``SENSITIVE_FIELDS``) of the
    sensitive fields that have a value; the values themselves are never here.
    """

    case_id: uuid.UUID
    case_no: str
    status: CaseStatus
    opened_on: dt.date
    open_reason: str | None
    closed_on: dt.date | None
    close_reason: str | None  # the label of the close reason code
    close_note: str | None
    lead_counselor_id: uuid.UUID | None
    lead_counselor_name: str | None
    risk_level: RiskLevel
    restricted: bool
    dv_ever: bool  # any consultation of the case was about DV
    summary: str | None
    client_id: uuid.UUID
    display_name: str
    display_name_kana: str | None
    line_name: str | None
    age_band: str | None  # the label of the client's age band
    household: str | None
    contact_safety_notes: str | None
    consent_to_share: bool
    consent_recorded_on: dt.date | None
    consent_scope: str | None
    sensitive_filled: frozenset[str]

    def is_filled(self, field: str) -> bool:
        return field in self.sensitive_filled


def _filled(column: InstrumentedAttribute[str | None]) -> ColumnElement[bool]:
    """True when a text (or date) column holds something other than blanks."""
    return and_(column.is_not(None), column != "")


def load_case_header(db: Database, case_id: uuid.UUID, *, record_view: bool = True) -> CaseHeader:
    """The header of one case: one query (by primary keys, and one probe of
    ix_consultations_case_id_consulted_on for the DV flag), after the
    access check.

    Opening a case is a view: a VIEW audit entry (entity "case") is written
    before the header is handed out.  ``record_view`` False is for a view
    already open and logged that only refreshes what it shows (the case
    tab reloads after every save); it is not a way to look unlogged."""
    actor = actor_of(db)
    lead = aliased(Staff)
    close_reason = aliased(CodeItem)
    age_band = aliased(CodeItem)
    dv_ever = exists().where(Consultation.case_id == Case.id, Consultation.is_dv)
    filled = [
        _filled(Client.real_name).label("real_name"),
        _filled(Client.real_name_kana).label("real_name_kana"),
        Client.birth_date.is_not(None).label("birth_date"),
        _filled(Client.address).label("address"),
        _filled(Client.phone).label("phone"),
        _filled(Client.email).label("email"),
    ]
    stmt = (
        select(
            Case.id,
            Case.case_no,
            Case.status,
            Case.opened_on,
            Case.open_reason,
            Case.closed_on,
            close_reason.label.label("close_reason"),
            Case.close_note,
            Case.lead_counselor_id,
            lead.name.label("lead_name"),
            Case.risk_level,
            Case.restricted,
            dv_ever.label("dv_ever"),
            Case.summary,
            Client.id.label("client_id"),
            Client.display_name,
            Client.display_name_kana,
            Client.line_name,
            age_band.label.label("age_band"),
            Client.household,
            Client.contact_safety_notes,
            Client.consent_to_share,
            Client.consent_recorded_on,
            Client.consent_scope,
            *filled,
        )
        .join(Client, Client.id == Case.client_id)
        .outerjoin(lead, lead.id == Case.lead_counselor_id)
        .outerjoin(close_reason, close_reason.id == Case.close_reason_id)
        .outerjoin(age_band, age_band.id == Client.age_band_id)
        .where(Case.id == case_id)
    )
    with db.reading() as session:
        require_case(session, actor, case_id)
        row = session.execute(stmt).one()
    if record_view:
        record_action(db, AuditAction.VIEW, entity_type="case", entity_id=case_id, case_id=case_id)
    return CaseHeader(
        case_id=row.id,
        case_no=row.case_no,
        status=row.status,
        opened_on=row.opened_on,
        open_reason=row.open_reason,
        closed_on=row.closed_on,
        close_reason=row.close_reason,
        close_note=row.close_note,
        lead_counselor_id=row.lead_counselor_id,
        lead_counselor_name=row.lead_name,
        risk_level=row.risk_level,
        restricted=bool(row.restricted),
        dv_ever=bool(row.dv_ever),
        summary=row.summary,
        client_id=row.client_id,
        display_name=row.display_name,
        display_name_kana=row.display_name_kana,
        line_name=row.line_name,
        age_band=row.age_band,
        household=row.household,
        contact_safety_notes=row.contact_safety_notes,
        consent_to_share=bool(row.consent_to_share),
        consent_recorded_on=row.consent_recorded_on,
        consent_scope=row.consent_scope,
        sensitive_filled=frozenset(name for name in SENSITIVE_FIELDS if getattr(row, name)),
    )


def reveal_sensitive(
    db: Database, case_id: uuid.UUID, staff_id: uuid.UUID | None = None
) -> dict[str, str]:
    """The client's sensitive fields that are filled, by name (of
    ``SENSITIVE_FIELDS``), as text (the birth date as YYYY-MM-DD).

    Who asked is the signed-in actor (``staff_id`` is kept for old callers
    and ignored: the trail must name who really asked).  A REVEAL audit
    entry (entity "client", filed under the case) naming the fields handed
    out is written in the same transaction as the read, so that no value
    leaves without its log line.
    """
    del staff_id
    actor = actor_of(db)
    stmt = select(Client).join(Case, Case.client_id == Client.id).where(Case.id == case_id)
    with db.transaction() as session:
        require_case(session, actor, case_id)
        client = session.scalars(stmt).one()
        values: dict[str, str] = {}
        for name in SENSITIVE_FIELDS:
            value = getattr(client, name)
            if isinstance(value, dt.date):
                values[name] = f"{value:%Y-%m-%d}"
            elif isinstance(value, str) and value.strip():
                values[name] = value
        record(
            session,
            actor.staff_id,
            AuditAction.REVEAL,
            entity_type="client",
            entity_id=client.id,
            case_id=case_id,
            detail={"fields": [name for name in SENSITIVE_FIELDS if name in values]},
        )
        return values
