"""The due list on a real SQLite file: what appears, in which bucket, in what order."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from casedesk.access import case_row_visible, visible_cases
from casedesk.auth import AccessDenied, NotSignedIn, actor_of
from casedesk.database import Database, open_database
from casedesk.followups import (
    Bucket,
    FollowUp,
    FollowUpKind,
    due_counts,
    due_followups,
    due_statement,
)
from db.enums import (
    ActionStatus,
    CaseStatus,
    CodeCategory,
    ContactKind,
    PlanStatus,
    ReferralStatus,
    StaffRole,
)
from db.models.accompaniments import Accompaniment
from db.models.agencies import Agency
from db.models.cases import Case, CaseAssignment
from db.models.codes import CodeItem
from db.models.conferences import Conference, ConferenceCase, ConferenceRole
from db.models.consultations import Consultation
from db.models.people import Client, Staff
from db.models.plans import PlanItem, SupportIssue, SupportPlan
from db.models.referrals import Referral
from tests.actors import as_login, as_role

TODAY = dt.date(2025, 6, 10)


def day(offset: int) -> dt.date:
    return TODAY + dt.timedelta(days=offset)


@dataclass(frozen=True)
class World:
    db: Database
    mine: uuid.UUID  # the counselor whose list is asked for
    other: uuid.UUID
    own_case: uuid.UUID  # open, lead = mine
    others_case: uuid.UUID  # open, lead = other
    closed_case: uuid.UUID  # closed, lead = mine
    line: uuid.UUID
    ids: dict[str, uuid.UUID]  # source rows by a short name


def _code(session: Session, category: CodeCategory) -> uuid.UUID:
    stmt = select(CodeItem.id).where(CodeItem.category == category).order_by(CodeItem.sort_order)
    return session.execute(stmt.limit(1)).scalar_one()


def _case(
    session: Session, no: str, name: str, lead: uuid.UUID, status: CaseStatus = CaseStatus.OPEN
) -> uuid.UUID:
    client = Client(display_name=name)
    session.add(client)
    session.flush()
    case = Case(
        case_no=no,
        client_id=client.id,
        status=status,
        lead_counselor_id=lead,
        opened_on=dt.date(2025, 4, 1),
    )
    session.add(case)
    session.flush()
    return case.id


def _add(session: Session, ids: dict[str, uuid.UUID], name: str, row: object) -> None:
    session.add(row)
    session.flush()
    ids[name] = row.id  # type: ignore[attr-defined]


def build_world(path: Path) -> World:
    db = open_database(path)
    ids: dict[str, uuid.UUID] = {}
    with db.transaction() as s:
        line = _code(s, CodeCategory.CHANNEL)
        agency_kind = _code(s, CodeCategory.AGENCY_KIND)
        conference_kind = _code(s, CodeCategory.CONFERENCE_KIND)
        mine_row = Staff(login="sato", name="佐藤 花子", role=StaffRole.COUNSELOR)
        other_row = Staff(login="suzuki", name="鈴木 恵", role=StaffRole.COUNSELOR)
        s.add_all([mine_row, other_row])
        s.flush()
        mine, other = mine_row.id, other_row.id
        own = _case(s, "2025-0002", "はるか", mine)
        others = _case(s, "2025-0001", "みどり", other)
        closed = _case(s, "2025-0003", "ゆき", mine, CaseStatus.CLOSED)
        agency = Agency(name="北区福祉事務所", kind_id=agency_kind)
        s.add(agency)
        s.flush()

        # --- support plan actions ---
        def plan_items(case_id: uuid.UUID, status: PlanStatus, version: int = 1) -> uuid.UUID:
            plan = SupportPlan(case_id=case_id, status=status, version=version)
            s.add(plan)
            s.flush()
            issue = SupportIssue(plan_id=plan.id, title="住まい")
            s.add(issue)
            s.flush()
            return issue.id

        issue = plan_items(own, PlanStatus.ADOPTED, 2)
        for name, due, who, status in [
            ("plan_lead", day(-3), None, ActionStatus.PLANNED),  # via the lead: overdue
            ("plan_mine", day(7), mine, ActionStatus.IN_PROGRESS),  # the last day of the week
            ("plan_done", day(0), mine, ActionStatus.DONE),
            ("plan_cancelled", day(0), None, ActionStatus.CANCELLED),
            ("plan_beyond", day(8), mine, ActionStatus.PLANNED),
            ("plan_other", day(0), other, ActionStatus.PLANNED),
            ("plan_undated", None, mine, ActionStatus.PLANNED),
        ]:
            item = PlanItem(
                issue_id=issue,
                action=f"行動 {name}",
                responsible_staff_id=who,
                due_on=due,
                status=status,
            )
            _add(s, ids, name, item)
        # Mine on another counselor's case; and one on a closed case.
        item = PlanItem(
            issue_id=plan_items(others, PlanStatus.ADOPTED),
            action="家計の相談に同行",
            responsible_staff_id=mine,
            due_on=day(2),
        )
        _add(s, ids, "plan_on_others_case", item)
        item = PlanItem(issue_id=plan_items(closed, PlanStatus.ADOPTED), action="x")
        item.due_on, item.responsible_staff_id = day(0), mine
        _add(s, ids, "plan_closed", item)
        # An action of a superseded plan version is history, not a to-do.
        item = PlanItem(
            issue_id=plan_items(own, PlanStatus.SUPERSEDED), action="古い", due_on=day(0)
        )
        _add(s, ids, "plan_superseded", item)

        # --- referrals ---
        for name, ref_status, who, due, agency_id in [
            ("ref_proposed", ReferralStatus.PROPOSED, None, day(0), None),
            ("ref_contacted", ReferralStatus.CONTACTED, mine, day(2), agency.id),
            ("ref_connected", ReferralStatus.CONNECTED, mine, day(0), None),
            ("ref_not_connected", ReferralStatus.NOT_CONNECTED, mine, day(0), None),
            ("ref_other", ReferralStatus.PROPOSED, other, day(0), None),
            ("ref_no_date", ReferralStatus.PROPOSED, mine, None, None),
        ]:
            referral = Referral(
                case_id=own,
                agency_id=agency_id,
                agency_name=None if agency_id else "女性相談支援センター",
                counselor_id=who,
                status=ref_status,
                proposed_on=day(-20),
                follow_up_on=due,
            )
            _add(s, ids, name, referral)

        # --- consultations: only the latest one of a case can be due ---
        def consultation(
            name: str, case_id: uuid.UUID, on: dt.date, who: uuid.UUID, due: dt.date | None
        ) -> None:
            row = Consultation(
                case_id=case_id,
                consulted_on=on,
                channel_id=line,
                counselor_id=who,
                contact_kind=ContactKind.CONTINUING,
                follow_up_on=due,
                follow_up_note=f"メモ {name}" if due else None,
            )
            _add(s, ids, name, row)

        consultation("con_old", own, day(-10), mine, day(-5))  # overtaken by con_latest
        consultation("con_latest", own, day(-2), mine, day(3))
        consultation("con_others_case", others, day(-6), other, day(-1))
        consultation("con_closed", closed, day(-3), mine, day(0))

        # --- accompaniments ---
        for name, case_id, who, on, due in [
            ("acc_mine", others, mine, day(-4), day(1)),
            ("acc_other", own, other, day(-1), day(1)),  # after con_latest: still due
        ]:
            row = Accompaniment(
                case_id=case_id,
                accompanied_on=on,
                staff_id=who,
                destination_kind_id=agency_kind,
                destination_agency_id=agency.id,
                follow_up_on=due,
            )
            _add(s, ids, name, row)

        # --- conference roles ---
        conference = Conference(kind_id=conference_kind, held_on=day(-7))
        s.add(conference)
        s.flush()
        discussed = ConferenceCase(conference_id=conference.id, case_id=own)
        s.add(discussed)
        s.flush()
        for name, who, due, status in [
            ("role_mine", mine, day(-1), ActionStatus.PLANNED),
            ("role_done", mine, day(-1), ActionStatus.DONE),
            ("role_other", other, day(-1), ActionStatus.PLANNED),
        ]:
            role = ConferenceRole(
                conference_case_id=discussed.id,
                staff_id=who,
                task=f"役割 {name}",
                due_on=due,
                status=status,
            )
            _add(s, ids, name, role)
    # Acting for a supervisor: the tests of who sees what are in test_access.py.
    return World(as_role(db, StaffRole.SUPERVISOR), mine, other, own, others, closed, line, ids)


@pytest.fixture
def world(tmp_path: Path) -> Iterator[World]:
    w = build_world(tmp_path / "followups.sqlite3")
    yield w
    w.db.close()


def names(w: World, items: list[FollowUp]) -> list[str]:
    by_id = {v: k for k, v in w.ids.items()}
    return [by_id[item.source_id] for item in items]


def test_each_kind_in_its_bucket_and_in_order(world: World) -> None:
    items = due_followups(world.db, world.mine, TODAY)
    assert [(n, i.bucket, i.due_on) for n, i in zip(names(world, items), items, strict=True)] == [
        ("plan_lead", Bucket.OVERDUE, day(-3)),
        ("role_mine", Bucket.OVERDUE, day(-1)),
        ("ref_proposed", Bucket.TODAY, day(0)),
        ("acc_mine", Bucket.THIS_WEEK, day(1)),
        # Same day: by case number, 2025-0001 before 2025-0002.
        ("plan_on_others_case", Bucket.THIS_WEEK, day(2)),
        ("ref_contacted", Bucket.THIS_WEEK, day(2)),
        ("con_latest", Bucket.THIS_WEEK, day(3)),
        ("plan_mine", Bucket.THIS_WEEK, day(7)),
    ]
    assert {i.kind for i in items} == set(FollowUpKind)


def test_a_line_says_what_and_for_whom(world: World) -> None:
    due = due_followups(world.db, world.mine, TODAY)
    items = dict(zip(names(world, due), due, strict=True))
    assert items["ref_contacted"] == FollowUp(
        kind=FollowUpKind.REFERRAL,
        source_id=world.ids["ref_contacted"],
        case_id=world.own_case,
        case_no="2025-0002",
        client_name="はるか",
        due_on=day(2),
        what="つなぎ先: 北区福祉事務所 (連絡済み)",
        bucket=Bucket.THIS_WEEK,
    )
    assert items["ref_proposed"].what == "つなぎ先: 女性相談支援センター (提案済み)"
    assert items["con_latest"].what == "メモ con_latest"
    assert items["plan_lead"].what == "行動 plan_lead"
    assert items["role_mine"].what == "役割 role_mine"
    assert items["acc_mine"].what == "同行支援のフォローアップ: 北区福祉事務所"
    assert items["acc_mine"].case_no == "2025-0001"
    assert items["acc_mine"].client_name == "みどり"


def test_the_other_counselor_sees_only_hers(world: World) -> None:
    items = due_followups(world.db, world.other, TODAY)
    assert sorted(names(world, items)) == sorted(
        ["con_others_case", "plan_other", "ref_other", "acc_other", "role_other"]
    )


def test_the_horizon_can_be_widened(world: World) -> None:
    items = due_followups(world.db, world.mine, TODAY, horizon_days=8)
    assert names(world, items)[-1] == "plan_beyond"


def test_a_later_consultation_settles_the_follow_ups(world: World) -> None:
    with world.db.transaction() as s:
        # Same day as con_latest but recorded after it: that counts as later.
        s.add(
            Consultation(
                case_id=world.own_case,
                consulted_on=day(-2),
                channel_id=world.line,
                counselor_id=world.other,
                contact_kind=ContactKind.CONTINUING,
            )
        )
        s.add(
            Consultation(
                case_id=world.others_case,
                consulted_on=day(-1),
                channel_id=world.line,
                counselor_id=world.other,
                contact_kind=ContactKind.CONTINUING,
            )
        )
    remaining = names(world, due_followups(world.db, world.mine, TODAY))
    assert "con_latest" not in remaining
    assert "acc_mine" not in remaining
    assert "con_old" not in remaining
    assert "ref_proposed" in remaining and "plan_lead" in remaining


def test_an_earlier_consultation_does_not_settle_an_accompaniment(world: World) -> None:
    with world.db.transaction() as s:
        s.add(
            Consultation(
                case_id=world.others_case,
                consulted_on=day(-5),
                channel_id=world.line,
                counselor_id=world.other,
                contact_kind=ContactKind.CONTINUING,
            )
        )
    assert "acc_mine" in names(world, due_followups(world.db, world.mine, TODAY))


def test_closing_a_case_empties_its_follow_ups(world: World) -> None:
    with world.db.transaction() as s:
        case = s.get(Case, world.own_case)
        assert case is not None
        case.status = CaseStatus.CLOSED
    assert names(world, due_followups(world.db, world.mine, TODAY)) == [
        "acc_mine",
        "plan_on_others_case",
    ]


def test_counts(world: World) -> None:
    assert due_counts(world.db, world.mine, TODAY) == {
        Bucket.OVERDUE: 2,
        Bucket.TODAY: 1,
        Bucket.THIS_WEEK: 5,
    }
    assert due_counts(world.db, uuid.uuid4(), TODAY) == dict.fromkeys(Bucket, 0)


def test_no_table_is_scanned_whole(world: World) -> None:
    """Every part starts from an index (see casedesk.followups): on a
    million consultations a full scan would take seconds."""
    stmt = due_statement(world.mine, TODAY, actor=actor_of(world.db))
    compiled = stmt.compile(world.db.engine, compile_kwargs={"literal_binds": True})
    with world.db.engine.connect() as conn:
        plan = [row[3] for row in conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {compiled}")]
    scans = [step for step in plan if step.startswith("SCAN")]
    assert scans == [], plan


# --- who may read which list ------------------------------------------------


def _restrict_others_case(world: World) -> None:
    with world.db.transaction() as s:
        case = s.get(Case, world.others_case)
        assert case is not None
        case.restricted = True


def test_a_counselor_reads_her_own_list_only(world: World) -> None:
    sato = as_login(world.db, "sato")
    assert names(world, due_followups(sato, world.mine, TODAY)) == names(
        world, due_followups(world.db, world.mine, TODAY)
    )
    with pytest.raises(AccessDenied):
        due_followups(sato, world.other, TODAY)
    with pytest.raises(AccessDenied):
        due_counts(sato, world.other, TODAY)
    # A supervisor reads anyone's; an administrator nobody's; nobody signed in, nothing.
    assert "plan_other" in names(world, due_followups(world.db, world.other, TODAY))
    admin = as_role(world.db, StaffRole.ADMINISTRATOR)
    with pytest.raises(AccessDenied):
        due_followups(admin, admin.actor.staff_id, TODAY)  # type: ignore[union-attr]
    with pytest.raises(NotSignedIn):
        due_followups(world.db.as_user(None), world.mine, TODAY)


def test_items_on_a_case_she_may_not_open_are_left_out(world: World) -> None:
    """Her plan action and accompaniment on 鈴木's case disappear from her
    list once the case is restricted, and come back when she is assigned."""
    _restrict_others_case(world)
    sato = as_login(world.db, "sato")
    on_others_case = {"plan_on_others_case", "acc_mine"}
    assert on_others_case <= set(names(world, due_followups(world.db, world.mine, TODAY)))
    mine = due_followups(sato, world.mine, TODAY)
    assert on_others_case.isdisjoint(names(world, mine))
    assert {item.case_id for item in mine} == {world.own_case}
    assert sum(due_counts(sato, world.mine, TODAY).values()) == len(mine)
    with world.db.transaction() as s:
        s.add(CaseAssignment(case_id=world.others_case, staff_id=world.mine))
    assert on_others_case <= set(names(world, due_followups(sato, world.mine, TODAY)))


def test_the_row_rule_selects_what_visible_cases_selects(world: World) -> None:
    """``case_row_visible`` restates ``casedesk.access.visible_cases`` for a
    row already read: both must pick the same cases for every actor."""
    _restrict_others_case(world)
    with world.db.transaction() as s:
        restricted_own = s.get(Case, world.closed_case)
        assert restricted_own is not None
        restricted_own.restricted = True
        lone = Client(display_name="ひとり")
        s.add(lone)
        s.flush()
        # Restricted, led by no one, with 佐藤 assigned; and one she is not on.
        for no, assigned in (("2025-0004", True), ("2025-0005", False)):
            case = Case(
                case_no=no, client_id=lone.id, restricted=True, opened_on=dt.date(2025, 4, 1)
            )
            s.add(case)
            s.flush()
            if assigned:
                s.add(CaseAssignment(case_id=case.id, staff_id=world.mine))
    actors = [
        as_login(world.db, "sato").actor,
        as_login(world.db, "suzuki").actor,
        world.db.actor,
        as_role(world.db, StaffRole.ADMINISTRATOR).actor,
    ]
    with world.db.reading() as s:
        for actor in actors:
            assert actor is not None
            by_rule = set(s.scalars(select(Case.id).where(case_row_visible(actor))))
            by_access = set(s.scalars(select(Case.id).where(visible_cases(actor))))
            assert by_rule == by_access, actor.login
    # And the rule does tell them apart (so the comparison means something).
    sato = actor_of(as_login(world.db, "sato"))
    with world.db.reading() as s:
        # Hers (2025-0002, the closed 2025-0003) and the one she is assigned to, of five.
        mine = select(func.count()).select_from(Case).where(case_row_visible(sato))
        assert s.scalar(mine) == 3


def test_a_counselors_plan_still_starts_from_the_indexes(world: World) -> None:
    """The access rule adds no scan: for a counselor, every part still starts
    from its index (the module's notes), and the cases are read by key."""
    sato = actor_of(as_login(world.db, "sato"))
    stmt = due_statement(world.mine, TODAY, actor=sato)
    compiled = stmt.compile(world.db.engine, compile_kwargs={"literal_binds": True})
    with world.db.engine.connect() as conn:
        plan = [row[3] for row in conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {compiled}")]
    assert [step for step in plan if step.startswith("SCAN")] == [], plan
    starts = [
        "ix_plan_items_responsible_staff_id_status_due_on",
        "ix_cases_lead_counselor_id_status_case_no_id",
        "ix_referrals_counselor_id_follow_up_on",
        "ix_consultations_counselor_id_is_latest_follow_up_on",
        "ix_accompaniments_staff_id_follow_up_on",
        "ix_conference_roles_staff_id",
    ]
    for index in starts:
        assert any(index in step for step in plan), (index, plan)
    assert any("ix_case_assignments_staff_id" in step for step in plan), plan
