"""Referrals: creation with the first history entry, the allowed moves, the history."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import func, select

from casedesk.database import Database, open_database
from casedesk.errors import ValidationError
from casedesk.referrals import (
    StatusChangeRow,
    create_referral,
    move_referral,
    referral_history,
)
from db.enums import CaseStatus, ReferralStatus, StaffRole
from db.ids import stable_uuid
from db.models import Agency, Case, Client, Referral, ReferralStatusChange, Staff
from tests.actors import as_login

P, C, OK, NG = (
    ReferralStatus.PROPOSED,
    ReferralStatus.CONTACTED,
    ReferralStatus.CONNECTED,
    ReferralStatus.NOT_CONNECTED,
)
D1 = dt.date(2026, 5, 1)


@dataclass
class World:
    db: Database
    sato: uuid.UUID
    case: uuid.UUID
    closed_case: uuid.UUID
    agency: uuid.UUID


@pytest.fixture
def world(tmp_path: Path) -> Iterator[World]:
    database = open_database(tmp_path / "x.sqlite3")
    with database.transaction() as s:
        sato = Staff(login="sato", name="佐藤 花子", role=StaffRole.COUNSELOR)
        client = Client(display_name="みどり")
        agency = Agency(
            name="北区福祉事務所", kind_id=stable_uuid("code", "agency_kind", "welfare")
        )
        s.add_all([sato, client, agency])
        s.flush()
        case = Case(case_no="2026-0001", client_id=client.id, opened_on=dt.date(2026, 4, 1))
        closed = Case(
            case_no="2026-0002",
            client_id=client.id,
            opened_on=dt.date(2026, 4, 1),
            status=CaseStatus.CLOSED,
            closed_on=dt.date(2026, 4, 20),
        )
        s.add_all([case, closed])
        s.flush()
        w = World(database, sato.id, case.id, closed.id, agency.id)
    w.db = as_login(database, "sato")
    yield w
    database.close()


def counts(db: Database) -> tuple[int, int]:
    with db.reading() as s:
        return (
            s.scalar(select(func.count()).select_from(Referral)) or 0,
            s.scalar(select(func.count()).select_from(ReferralStatusChange)) or 0,
        )


def new_referral(w: World) -> uuid.UUID:
    return create_referral(
        w.db,
        w.case,
        agency_id=w.agency,
        purpose=" 生活保護の申請 ",
        counselor_id=w.sato,
        proposed_on=D1,
        follow_up_on=dt.date(2026, 5, 8),
    )


def status_of(db: Database, referral_id: uuid.UUID) -> ReferralStatus:
    with db.reading() as s:
        referral = s.get(Referral, referral_id)
        assert referral is not None
        return referral.status


def test_create_writes_referral_and_proposed_change(world: World) -> None:
    rid = new_referral(world)
    with world.db.reading() as s:
        r = s.get(Referral, rid)
        assert r is not None
        assert (r.case_id, r.agency_id, r.agency_name) == (world.case, world.agency, None)
        assert r.purpose == "生活保護の申請"
        assert r.counselor_id == world.sato
        assert r.status == P
        assert (r.proposed_on, r.follow_up_on) == (D1, dt.date(2026, 5, 8))
    assert referral_history(world.db, rid) == [
        StatusChangeRow(P, D1, None, world.sato, "佐藤 花子")
    ]
    assert counts(world.db) == (1, 1)


def test_create_with_a_named_agency(world: World) -> None:
    rid = create_referral(
        world.db,
        world.case,
        agency_name="  こども食堂ひまわり ",
        purpose=None,
        counselor_id=None,
        proposed_on=D1,
    )
    with world.db.reading() as s:
        r = s.get(Referral, rid)
        assert r is not None
        assert (r.agency_id, r.agency_name, r.follow_up_on) == (None, "こども食堂ひまわり", None)
    assert referral_history(world.db, rid) == [StatusChangeRow(P, D1, None, None, None)]


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"agency_id": None}, "agency_id"),
        ({"agency_id": None, "agency_name": "   "}, "agency_id"),
        ({"agency_id": uuid.uuid4()}, "agency_id"),
        ({"agency_name": "別の機関"}, "agency_name"),
        ({"agency_id": None, "agency_name": "あ" * 201}, "agency_name"),
        ({"follow_up_on": dt.date(2026, 4, 30)}, "follow_up_on"),
        ({"counselor_id": uuid.uuid4()}, "counselor_id"),
        ({"case_id": "closed"}, "case_id"),
    ],
)
def test_create_refusals(world: World, kwargs: dict[str, object], field: str) -> None:
    args: dict[str, object] = {
        "case_id": world.case,
        "agency_id": world.agency,
        "purpose": "相談",
        "counselor_id": world.sato,
        "proposed_on": D1,
    }
    args.update(kwargs)
    if args["case_id"] == "closed":
        args["case_id"] = world.closed_case
    with pytest.raises(ValidationError) as caught:
        create_referral(world.db, **args)  # type: ignore[arg-type]
    assert list(caught.value.errors) == [field]
    assert counts(world.db) == (0, 0)


def test_a_full_path_to_connected(world: World) -> None:
    rid = new_referral(world)
    move_referral(world.db, rid, C, dt.date(2026, 5, 2), "電話で予約", world.sato)
    assert status_of(world.db, rid) == C
    move_referral(world.db, rid, OK, dt.date(2026, 5, 2), None, None)
    assert status_of(world.db, rid) == OK
    assert referral_history(world.db, rid) == [
        StatusChangeRow(P, D1, None, world.sato, "佐藤 花子"),
        StatusChangeRow(C, dt.date(2026, 5, 2), "電話で予約", world.sato, "佐藤 花子"),
        StatusChangeRow(OK, dt.date(2026, 5, 2), None, None, None),
    ]


def test_not_connected_then_retry(world: World) -> None:
    rid = new_referral(world)
    move_referral(world.db, rid, NG, dt.date(2026, 5, 3), "  本人が辞退  ", world.sato)
    move_referral(world.db, rid, P, dt.date(2026, 5, 10), None, world.sato)
    move_referral(world.db, rid, OK, dt.date(2026, 5, 12), None, world.sato)
    history = referral_history(world.db, rid)
    assert [(h.status, h.changed_on, h.reason) for h in history] == [
        (P, D1, None),
        (NG, dt.date(2026, 5, 3), "本人が辞退"),
        (P, dt.date(2026, 5, 10), None),
        (OK, dt.date(2026, 5, 12), None),
    ]
    assert status_of(world.db, rid) == OK


# Every (from, to) pair outside the allowed transitions.
ALLOWED = {(P, C), (P, OK), (P, NG), (C, OK), (C, NG), (NG, P)}
PATH_TO = {P: [], C: [C], OK: [OK], NG: [NG]}
FORBIDDEN = [(a, b) for a in ReferralStatus for b in ReferralStatus if (a, b) not in ALLOWED]


@pytest.mark.parametrize(("start", "target"), FORBIDDEN)
def test_forbidden_transitions(world: World, start: ReferralStatus, target: ReferralStatus) -> None:
    rid = new_referral(world)
    for step in PATH_TO[start]:
        move_referral(world.db, rid, step, D1, "理由", world.sato)
    before = counts(world.db)
    with pytest.raises(ValidationError) as caught:
        move_referral(world.db, rid, target, dt.date(2026, 5, 5), "理由", world.sato)
    assert list(caught.value.errors) == ["status"]
    assert status_of(world.db, rid) == start
    assert counts(world.db) == before


def test_not_connected_needs_a_reason(world: World) -> None:
    rid = new_referral(world)
    for reason in (None, "", "  "):
        with pytest.raises(ValidationError) as caught:
            move_referral(world.db, rid, NG, dt.date(2026, 5, 3), reason, world.sato)
        assert caught.value.errors == {"reason": "不成立の理由を入力してください。"}
    assert status_of(world.db, rid) == P
    assert counts(world.db) == (1, 1)


def test_change_not_before_the_previous_one(world: World) -> None:
    rid = new_referral(world)
    with pytest.raises(ValidationError) as caught:
        move_referral(world.db, rid, C, dt.date(2026, 4, 30), None, world.sato)
    assert list(caught.value.errors) == ["changed_on"]
    move_referral(world.db, rid, C, dt.date(2026, 5, 4), None, world.sato)
    with pytest.raises(ValidationError) as caught:
        move_referral(world.db, rid, OK, dt.date(2026, 5, 3), None, world.sato)
    assert list(caught.value.errors) == ["changed_on"]
    assert status_of(world.db, rid) == C
    assert counts(world.db) == (1, 2)


def test_move_unknown_referral_or_staff(world: World) -> None:
    with pytest.raises(ValidationError) as caught:
        move_referral(world.db, uuid.uuid4(), C, D1, None, None)
    assert list(caught.value.errors) == ["referral_id"]
    rid = new_referral(world)
    with pytest.raises(ValidationError) as caught:
        move_referral(world.db, rid, C, D1, None, uuid.uuid4())
    assert list(caught.value.errors) == ["staff_id"]
    assert counts(world.db) == (1, 1)


def test_several_problems_at_once(world: World) -> None:
    rid = new_referral(world)
    move_referral(world.db, rid, OK, dt.date(2026, 5, 5), None, None)
    with pytest.raises(ValidationError) as caught:
        move_referral(world.db, rid, NG, dt.date(2026, 5, 1), None, None)
    assert set(caught.value.errors) == {"status", "reason", "changed_on"}
    assert counts(world.db) == (1, 2)
