"""The choices a form offers: code lists, staff and partner agencies.

Forms fill their drop-downs from one ``Lookups`` read when a database opens
(and again after an administrator edits a list), instead of each combo box
querying on its own.  Inactive items are kept, marked, because an old record
may still point at one and must show its label.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import select

from casedesk.auth import actor_of
from casedesk.database import Database
from db.enums import CodeCategory, StaffRole
from db.models.agencies import Agency
from db.models.codes import CodeItem
from db.models.people import Staff


@dataclass(frozen=True)
class Option:
    """One choice: its id, the label people see, and whether new records may use it."""

    id: uuid.UUID
    label: str
    active: bool = True
    # Code items: the kind of agency, the DV flag of a topic, ...
    code: str = ""
    is_dv: bool = False
    kind_id: uuid.UUID | None = None
    role: StaffRole | None = None


@dataclass(frozen=True)
class Lookups:
    codes: dict[CodeCategory, list[Option]] = field(default_factory=dict)
    staff: list[Option] = field(default_factory=list)
    agencies: list[Option] = field(default_factory=list)

    def code_options(self, category: CodeCategory, *, active_only: bool = False) -> list[Option]:
        options = self.codes.get(category, [])
        return [o for o in options if o.active] if active_only else list(options)

    def label(self, option_id: uuid.UUID | None) -> str:
        """The label of any code, staff member or agency id ("" for None or unknown)."""
        if option_id is None:
            return ""
        for option in self._all():
            if option.id == option_id:
                return option.label
        return ""

    def _all(self) -> Iterable[Option]:
        for options in self.codes.values():
            yield from options
        yield from self.staff
        yield from self.agencies


def load_lookups(db: Database) -> Lookups:
    """Every code list, the casework staff and the agencies; for anyone
    signed in (``NotSignedIn`` otherwise): they name no client."""
    actor_of(db)
    with db.reading() as session:
        codes: dict[CodeCategory, list[Option]] = {category: [] for category in CodeCategory}
        for item in session.scalars(
            select(CodeItem).order_by(CodeItem.category, CodeItem.sort_order, CodeItem.label)
        ):
            codes[item.category].append(
                Option(item.id, item.label, item.active, code=item.code, is_dv=item.is_dv)
            )
        staff = [
            Option(s.id, s.name, s.active, code=s.login, role=s.role)
            # The people who do casework: an administrator is never the
            # counselor of a record (casedesk/auth.py).
            for s in session.scalars(
                select(Staff)
                .where(Staff.role != StaffRole.ADMINISTRATOR)
                .order_by(Staff.name_kana, Staff.name)
            )
        ]
        agencies = [
            Option(a.id, a.name, a.active, kind_id=a.kind_id)
            for a in session.scalars(select(Agency).order_by(Agency.name_kana, Agency.name))
        ]
    return Lookups(codes=codes, staff=staff, agencies=agencies)
