"""The orders the case list can be sorted in.

Each key is an SQL expression over ``cases`` alone or a subquery correlated
to it, so that sorting stays in SQL and the list stays a list of ids
(``casedesk.case_list.case_ids``).  The subqueries each read one row by
primary key (the client, her age band, the counselor) or one index entry
(the latest consultation, from ``ix_consultations_case_id_consulted_on``).
The next due action is not a sort key: it is the earliest of five kinds of
follow-up, which SQL would have to compute for every case of the office.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from sqlalchemy import ColumnElement, case, func, literal_column, select

from db.enums import RiskLevel
from db.models.cases import Case
from db.models.codes import CodeItem
from db.models.consultations import Consultation
from db.models.people import Client, Staff


class SortKey(StrEnum):
    CASE_NO = "case_no"
    CLIENT = "client"
    AGE_BAND = "age_band"
    COUNSELOR = "counselor"
    LAST_CONTACT = "last_contact"
    STATUS = "status"
    DV = "dv"
    RISK = "risk"
    RESTRICTED = "restricted"


# Keys a case may have no value for; they sort last in either direction.
NULLABLE_KEYS = frozenset({SortKey.AGE_BAND, SortKey.COUNSELOR, SortKey.LAST_CONTACT})


@dataclass(frozen=True)
class CaseSort:
    """Newest case first by default: case numbers are "<year>-<serial>"."""

    key: SortKey = SortKey.CASE_NO
    descending: bool = True


def sort_expression(key: SortKey) -> ColumnElement[Any]:
    """What the list is ordered by for ``key`` (the case id breaks ties)."""
    match key:
        case SortKey.CASE_NO:
            return Case.__table__.c.case_no
        case SortKey.CLIENT:
            # The folded kana reading where there is one, else the folded
            # display name: あいうえお order, whatever width or script was typed.
            reading = func.coalesce(
                func.nullif(Client.display_kana_key, ""), Client.display_name_key
            )
            return (
                select(reading).where(Client.id == Case.client_id).correlate(Case).scalar_subquery()
            )
        case SortKey.AGE_BAND:
            return (
                select(CodeItem.sort_order)
                .join(Client, Client.age_band_id == CodeItem.id)
                .where(Client.id == Case.client_id)
                .correlate(Case)
                .scalar_subquery()
            )
        case SortKey.COUNSELOR:
            return (
                select(func.coalesce(Staff.name_kana, Staff.name))
                .where(Staff.id == Case.lead_counselor_id)
                .correlate(Case)
                .scalar_subquery()
            )
        case SortKey.LAST_CONTACT:
            return (
                select(func.max(Consultation.consulted_on))
                .where(Consultation.case_id == Case.id)
                .correlate(Case)
                .scalar_subquery()
            )
        case SortKey.STATUS:
            return Case.__table__.c.status
        case SortKey.DV:
            return (
                select(literal_column("1"))
                .where(Consultation.case_id == Case.id, Consultation.is_dv.is_(True))
                .correlate(Case)
                .exists()
            )
        case SortKey.RISK:
            # By severity, not by the stored word.
            return case(
                {RiskLevel.LOW.value: 0, RiskLevel.MEDIUM.value: 1, RiskLevel.HIGH.value: 2},
                value=Case.__table__.c.risk_level,
                else_=0,
            )
        case SortKey.RESTRICTED:
            return Case.__table__.c.restricted
