"""The world of the access matrix (tests/test_access_matrix.py): five staff
members of every role and four cases, restricted and not, each with every
kind of record, built with the ORM on a real migrated file.

- counselor A leads U_A (unrestricted) and R_A (restricted);
- counselor B leads U_B and R_B (restricted) and is assigned to R_A
  (``case_assignments``) without leading it;
- counselor C has no link to any case;
- supervisor S, administrator M.

Every case has a consultation, a plan (issue + action), a referral (with its
history) and an accompaniment, each with a follow-up due in the week of
``TODAY``, named to the case's lead.  R_B also has a plan action named to
A (a due item on a case A may not open).  Goods were handed out on R_A,
and the clients of U_A and R_A came to a drop-in session.  An anonymous
consultation belongs to no case.  Every client has a real name and a phone
(the sensitive fields), so that every reveal reveals something.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import insert, select

from casedesk.database import Database, open_database
from db.enums import (
    ActionStatus,
    CaseStatus,
    CodeCategory,
    ContactKind,
    ReferralStatus,
    Responsible,
    RiskLevel,
    StaffRole,
)
from db.models.accompaniments import Accompaniment
from db.models.activities import GoodsDistribution, GroupSession, group_session_clients
from db.models.cases import Case, CaseAssignment
from db.models.codes import CodeItem
from db.models.consultations import Consultation
from db.models.people import Client, Staff
from db.models.plans import PlanItem, SupportIssue, SupportPlan
from db.models.referrals import Referral, ReferralStatusChange

# The day the tests pretend it is: every follow-up of the world is due by then.
TODAY = dt.date(2025, 6, 2)
OPENED = dt.date(2025, 4, 1)

# Actors, by the letter the matrix uses.
A, B, C, S, M = "A", "B", "C", "S", "M"
ACTORS = (A, B, C, S, M)
LOGINS = {A: "aoki", B: "baba", C: "chiba", S: "sugi", M: "mori"}
ROLES = {
    A: StaffRole.COUNSELOR,
    B: StaffRole.COUNSELOR,
    C: StaffRole.COUNSELOR,
    S: StaffRole.SUPERVISOR,
    M: StaffRole.ADMINISTRATOR,
}
STAFF_NAMES = {A: "青木 彩", B: "馬場 文", C: "千葉 智", S: "杉 聡子", M: "森 真理"}

# Cases, by the name the matrix uses.
U_A, R_A, U_B, R_B = "U_A", "R_A", "U_B", "R_B"
CASES = (U_A, R_A, U_B, R_B)


@dataclass(frozen=True)
class WorldCase:
    key: str
    case_no: str
    lead: str
    restricted: bool
    display_name: str
    real_name: str
    phone: str


# Names unlike each other (and unlike any staff name), so that a search or an
# error message that shows one is caught.
WORLD_CASES: dict[str, WorldCase] = {
    U_A: WorldCase(U_A, "2025-0101", A, False, "うみかぜ", "海野 渚", "070-1111-2233"),
    R_A: WorldCase(R_A, "2025-0102", A, True, "ひだまり", "山田 紫乃", "090-4321-8765"),
    U_B: WorldCase(U_B, "2025-0103", B, False, "そよかぜ", "風間 葵", "070-5555-6677"),
    R_B: WorldCase(R_B, "2025-0104", B, True, "こもれび", "川上 澪", "080-2468-1357"),
}

# Which cases each actor may open: the rule of casedesk/access.py, written
# out by hand so that a change of the rule fails here.
OPENS: dict[str, frozenset[str]] = {
    A: frozenset({U_A, R_A, U_B}),
    B: frozenset(CASES),  # the unrestricted ones, her own, and R_A (assigned)
    C: frozenset({U_A, U_B}),
    S: frozenset(CASES),
    M: frozenset(),
}


@dataclass
class CaseIds:
    case_id: uuid.UUID
    client_id: uuid.UUID
    consultation_id: uuid.UUID
    plan_id: uuid.UUID
    issue_id: uuid.UUID
    item_id: uuid.UUID
    referral_id: uuid.UUID
    accompaniment_id: uuid.UUID


@dataclass
class World:
    staff: dict[str, uuid.UUID] = field(default_factory=dict)
    cases: dict[str, CaseIds] = field(default_factory=dict)
    anonymous_consultation_id: uuid.UUID | None = None
    # R_B's plan action named to A.
    cross_item_id: uuid.UUID | None = None
    # A drop-in session that R_A's and U_A's clients came to.
    group_session_id: uuid.UUID | None = None
    codes: dict[tuple[CodeCategory, str], uuid.UUID] = field(default_factory=dict)

    def case_id(self, key: str) -> uuid.UUID:
        return self.cases[key].case_id

    def key_of(self, case_id: uuid.UUID) -> str:
        for key, ids in self.cases.items():
            if ids.case_id == case_id:
                return key
        raise KeyError(case_id)

    def code(self, category: CodeCategory, label: str) -> uuid.UUID:
        return self.codes[(category, label)]


def build_world(path: Path) -> World:
    """Build the world in a new file at ``path`` and close it."""
    database = open_database(path)
    try:
        return _fill(database)
    finally:
        database.close()


def _fill(database: Database) -> World:
    world = World()
    with database.transaction() as session:
        world.codes = {
            (item.category, item.label): item.id for item in session.scalars(select(CodeItem))
        }
        line = world.code(CodeCategory.CHANNEL, "LINE")
        police = world.code(CodeCategory.AGENCY_KIND, "警察")
        for letter in ACTORS:
            member = Staff(
                login=LOGINS[letter], name=STAFF_NAMES[letter], role=ROLES[letter], active=True
            )
            session.add(member)
            session.flush()
            world.staff[letter] = member.id
        for key in CASES:
            spec = WORLD_CASES[key]
            lead = world.staff[spec.lead]
            client = Client(
                display_name=spec.display_name,
                real_name=spec.real_name,
                phone=spec.phone,
                age_band_id=world.code(CodeCategory.AGE_BAND, "30代"),
            )
            session.add(client)
            session.flush()
            case = Case(
                case_no=spec.case_no,
                client_id=client.id,
                status=CaseStatus.OPEN,
                lead_counselor_id=lead,
                opened_on=OPENED,
                risk_level=RiskLevel.HIGH if spec.restricted else RiskLevel.LOW,
                restricted=spec.restricted,
            )
            session.add(case)
            session.flush()
            consultation = Consultation(
                case_id=case.id,
                consulted_on=OPENED,
                channel_id=line,
                counselor_id=lead,
                contact_kind=ContactKind.NEW,
                narrative=f"{spec.display_name}さんの相談",
                follow_up_on=TODAY - dt.timedelta(days=3),
            )
            session.add(consultation)
            plan = SupportPlan(case_id=case.id, version=1, author_id=lead)
            session.add(plan)
            session.flush()
            issue = SupportIssue(plan_id=plan.id, title="住まい", sort_order=1)
            session.add(issue)
            session.flush()
            item = PlanItem(
                issue_id=issue.id,
                action="住居の相談に同行する",
                responsible=Responsible.PROGRAM,
                responsible_staff_id=lead,
                due_on=TODAY - dt.timedelta(days=1),
                status=ActionStatus.PLANNED,
            )
            session.add(item)
            referral = Referral(
                case_id=case.id,
                agency_name="市役所 福祉課",
                purpose="生活保護の相談",
                counselor_id=lead,
                status=ReferralStatus.PROPOSED,
                proposed_on=OPENED,
                follow_up_on=TODAY,
            )
            session.add(referral)
            session.flush()
            session.add(
                ReferralStatusChange(
                    referral_id=referral.id,
                    status=ReferralStatus.PROPOSED,
                    changed_on=OPENED,
                    staff_id=lead,
                )
            )
            accompaniment = Accompaniment(
                case_id=case.id,
                accompanied_on=OPENED + dt.timedelta(days=2),
                staff_id=lead,
                destination_kind_id=police,
                destination_name="中央警察署",
                follow_up_on=TODAY + dt.timedelta(days=2),
            )
            session.add(accompaniment)
            session.flush()
            world.cases[key] = CaseIds(
                case_id=case.id,
                client_id=client.id,
                consultation_id=consultation.id,
                plan_id=plan.id,
                issue_id=issue.id,
                item_id=item.id,
                referral_id=referral.id,
                accompaniment_id=accompaniment.id,
            )
        session.add(
            CaseAssignment(
                case_id=world.case_id(R_A), staff_id=world.staff[B], role_note="サブ担当"
            )
        )
        cross = PlanItem(
            issue_id=world.cases[R_B].issue_id,
            action="弁護士との面談を調整する",
            responsible=Responsible.PROGRAM,
            responsible_staff_id=world.staff[A],
            due_on=TODAY - dt.timedelta(days=2),
            status=ActionStatus.PLANNED,
        )
        session.add(cross)
        session.add(
            GoodsDistribution(
                item_id=world.code(CodeCategory.GOODS_ITEM, "食料品"),
                quantity=2,
                handed_on=OPENED,
                case_id=world.case_id(R_A),
            )
        )
        drop_in = GroupSession(
            kind_id=world.code(CodeCategory.SESSION_KIND, "居場所"),
            held_on=OPENED + dt.timedelta(days=7),
            participants_count=5,
        )
        session.add(drop_in)
        session.flush()
        session.execute(
            insert(group_session_clients),
            [
                {"session_id": drop_in.id, "client_id": world.cases[key].client_id}
                for key in (U_A, R_A)
            ],
        )
        world.group_session_id = drop_in.id
        anonymous = Consultation(
            case_id=None,
            consulted_on=OPENED,
            channel_id=line,
            counselor_id=world.staff[C],
            contact_kind=ContactKind.NEW,
        )
        session.add(anonymous)
        session.flush()
        world.cross_item_id = cross.id
        world.anonymous_consultation_id = anonymous.id
    return world
