"""Cases: case numbers, closing and reopening."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import select, update

from casedesk.auth import AccessDenied
from casedesk.cases import close_case, next_case_no, reopen_case
from casedesk.database import Database, open_database
from casedesk.errors import ValidationError
from db.enums import CaseStatus, CodeCategory, StaffRole
from db.ids import stable_uuid
from db.models import Case, Client, CodeItem, Staff
from db.models.audit import AuditEntry
from tests.actors import as_login, as_role

TODAY = dt.date(2026, 6, 30)
RESOLVED = stable_uuid("code", CodeCategory.CLOSE_REASON.value, "resolved")
MOVED = stable_uuid("code", CodeCategory.CLOSE_REASON.value, "moved")
LINE = stable_uuid("code", CodeCategory.CHANNEL.value, "line")


@dataclass
class World:
    db: Database
    sato: uuid.UUID
    client: uuid.UUID
    case: uuid.UUID


@pytest.fixture
def world(tmp_path: Path) -> Iterator[World]:
    database = open_database(tmp_path / "x.sqlite3")
    with database.transaction() as s:
        sato = Staff(login="sato", name="佐藤 花子", role=StaffRole.COUNSELOR)
        client = Client(display_name="みどり")
        s.add_all([sato, client])
        s.flush()
        case = Case(
            case_no="2026-0001",
            client_id=client.id,
            opened_on=dt.date(2026, 4, 10),
            open_reason="LINE相談から継続支援",
        )
        s.add(case)
        s.flush()
        w = World(database, sato.id, client.id, case.id)
    # The counselor 佐藤 acts (the case is not restricted: hers to change).
    w.db = as_login(database, "sato")
    yield w
    database.close()


def snapshot(db: Database, case_id: uuid.UUID) -> dict[str, object]:
    with db.reading() as s:
        case = s.get(Case, case_id)
        assert case is not None
        return {
            "status": case.status,
            "closed_on": case.closed_on,
            "close_reason_id": case.close_reason_id,
            "close_note": case.close_note,
            "open_reason": case.open_reason,
            "summary": case.summary,
        }


def add_cases(db: Database, client_id: uuid.UUID, numbers: list[str]) -> None:
    with db.transaction() as s:
        for number in numbers:
            s.add(Case(case_no=number, client_id=client_id, opened_on=dt.date(2026, 4, 1)))


def test_next_case_no(world: World) -> None:
    with world.db.reading() as s:
        assert next_case_no(s, 2026) == "2026-0002"
        assert next_case_no(s, 2027) == "2027-0001"
    add_cases(world.db, world.client, ["2026-0009", "2026-0010", "2025-0500", "2026-A1", "20260-1"])
    with world.db.reading() as s:
        # Numeric maximum (not string order), only this year, odd numbers ignored.
        assert next_case_no(s, 2026) == "2026-0011"
        assert next_case_no(s, 2025) == "2025-0501"
    add_cases(world.db, world.client, ["2026-9999"])
    with world.db.reading() as s:
        assert next_case_no(s, 2026) == "2026-10000"


def test_close_case(world: World) -> None:
    close_case(
        world.db, world.case, dt.date(2026, 6, 1), RESOLVED, " 就労が安定 ", world.sato, TODAY
    )
    assert snapshot(world.db, world.case) == {
        "status": CaseStatus.CLOSED,
        "closed_on": dt.date(2026, 6, 1),
        "close_reason_id": RESOLVED,
        "close_note": "就労が安定",
        "open_reason": "LINE相談から継続支援",
        "summary": None,
    }


def test_close_on_the_opening_day(world: World) -> None:
    close_case(world.db, world.case, dt.date(2026, 4, 10), MOVED, None, None, TODAY)
    assert snapshot(world.db, world.case)["closed_on"] == dt.date(2026, 4, 10)


@pytest.mark.parametrize(
    ("closed_on", "reason", "field"),
    [
        (dt.date(2026, 6, 1), None, "close_reason_id"),
        (dt.date(2026, 6, 1), LINE, "close_reason_id"),
        (dt.date(2026, 6, 1), uuid.uuid4(), "close_reason_id"),
        (dt.date(2026, 4, 9), RESOLVED, "closed_on"),
        (TODAY + dt.timedelta(days=1), RESOLVED, "closed_on"),
    ],
)
def test_close_refusals(
    world: World, closed_on: dt.date, reason: uuid.UUID | None, field: str
) -> None:
    before = snapshot(world.db, world.case)
    with pytest.raises(ValidationError) as caught:
        close_case(world.db, world.case, closed_on, reason, "メモ", world.sato, TODAY)
    assert list(caught.value.errors) == [field]
    assert snapshot(world.db, world.case) == before


def test_close_refuses_inactive_reason_closed_case_unknown_case_and_staff(world: World) -> None:
    with world.db.transaction() as s:
        s.execute(update(CodeItem).where(CodeItem.id == MOVED).values(active=False))
    with pytest.raises(ValidationError) as caught:
        close_case(world.db, world.case, dt.date(2026, 6, 1), MOVED, None, None, TODAY)
    assert caught.value.errors == {"close_reason_id": "選択された項目は現在使用できません。"}
    with pytest.raises(ValidationError) as caught:
        close_case(world.db, world.case, dt.date(2026, 6, 1), RESOLVED, None, uuid.uuid4(), TODAY)
    assert list(caught.value.errors) == ["staff_id"]
    # An unknown case is refused like one she may not open.
    with pytest.raises(AccessDenied):
        close_case(world.db, uuid.uuid4(), dt.date(2026, 6, 1), RESOLVED, None, None, TODAY)
    close_case(world.db, world.case, dt.date(2026, 6, 1), RESOLVED, "初回", None, TODAY)
    closed = snapshot(world.db, world.case)
    with pytest.raises(ValidationError) as caught:
        close_case(world.db, world.case, dt.date(2026, 6, 2), RESOLVED, "二回目", None, TODAY)
    assert caught.value.errors == {"case_id": "このケースはすでに終結しています。"}
    assert snapshot(world.db, world.case) == closed


def test_reopen_clears_close_and_records_it_in_open_reason(world: World) -> None:
    close_case(world.db, world.case, dt.date(2026, 5, 31), RESOLVED, "安定", world.sato, TODAY)
    reopen_case(world.db, world.case, " 再び夫から連絡 ", dt.date(2026, 6, 15), world.sato, TODAY)
    assert snapshot(world.db, world.case) == {
        "status": CaseStatus.OPEN,
        "closed_on": None,
        "close_reason_id": None,
        "close_note": None,
        "open_reason": "LINE相談から継続支援\n"
        "2026-06-15 再開（2026-05-31 終結：課題解決／佐藤 花子）：再び夫から連絡",
        "summary": None,
    }
    # Closed and reopened again: one line per reopening.
    close_case(world.db, world.case, dt.date(2026, 6, 20), MOVED, None, None, TODAY)
    reopen_case(world.db, world.case, "戻ってきた", dt.date(2026, 6, 20), None, TODAY)
    reason = snapshot(world.db, world.case)["open_reason"]
    assert isinstance(reason, str)
    assert reason.splitlines()[-1] == "2026-06-20 再開（2026-06-20 終結：転居）：戻ってきた"


def test_reopen_without_earlier_open_reason(world: World) -> None:
    with world.db.transaction() as s:
        s.execute(update(Case).where(Case.id == world.case).values(open_reason=None))
    close_case(world.db, world.case, dt.date(2026, 5, 31), RESOLVED, None, None, TODAY)
    reopen_case(world.db, world.case, "再相談", dt.date(2026, 6, 1), None, TODAY)
    assert snapshot(world.db, world.case)["open_reason"] == (
        "2026-06-01 再開（2026-05-31 終結：課題解決）：再相談"
    )


def test_reopen_refusals(world: World) -> None:
    with pytest.raises(ValidationError) as caught:
        reopen_case(world.db, world.case, "理由", dt.date(2026, 6, 1), None, TODAY)
    assert caught.value.errors == {"case_id": "このケースは終結していません。"}
    close_case(world.db, world.case, dt.date(2026, 5, 31), RESOLVED, "安定", None, TODAY)
    closed = snapshot(world.db, world.case)
    cases: list[tuple[str, dt.date, uuid.UUID | None, str]] = [
        ("", dt.date(2026, 6, 1), None, "reason"),
        ("   ", dt.date(2026, 6, 1), None, "reason"),
        ("理由", dt.date(2026, 5, 30), None, "reopened_on"),
        ("理由", TODAY + dt.timedelta(days=1), None, "reopened_on"),
        ("理由", dt.date(2026, 6, 1), uuid.uuid4(), "staff_id"),
    ]
    for reason, reopened_on, staff_id, field in cases:
        with pytest.raises(ValidationError) as caught:
            reopen_case(world.db, world.case, reason, reopened_on, staff_id, TODAY)
        assert list(caught.value.errors) == [field]
        assert snapshot(world.db, world.case) == closed
    with pytest.raises(AccessDenied):
        reopen_case(world.db, uuid.uuid4(), "理由", dt.date(2026, 6, 1), None, TODAY)


# --- access and audit (issue 4) ---------------------------------------------


def trail(db: Database) -> list[tuple[str, str | None, uuid.UUID | None, uuid.UUID | None, str]]:
    with db.reading() as s:
        return [
            (e.action, e.entity_type, e.entity_id, e.staff_id, e.detail or "")
            for e in s.scalars(select(AuditEntry).order_by(AuditEntry.seq))
        ]


def test_close_and_reopen_are_audited(world: World) -> None:
    close_case(world.db, world.case, dt.date(2026, 5, 31), RESOLVED, "安定", world.sato, TODAY)
    reopen_case(world.db, world.case, "再相談", dt.date(2026, 6, 1), world.sato, TODAY)
    (closed, reopened) = trail(world.db)
    assert closed[:4] == ("edit", "case", world.case, world.sato)
    assert json.loads(closed[4]) == {
        "fields": ["status", "closed_on", "close_reason_id", "close_note"]
    }
    assert reopened[:4] == ("edit", "case", world.case, world.sato)
    assert json.loads(reopened[4]) == {
        "fields": ["status", "closed_on", "close_reason_id", "close_note", "open_reason"]
    }
    assert "安定" not in closed[4] and "再相談" not in reopened[4]


def test_a_refused_close_writes_no_entry(world: World) -> None:
    with pytest.raises(ValidationError):
        close_case(world.db, world.case, dt.date(2026, 6, 1), None, None, None, TODAY)
    assert trail(world.db) == []


def restrict_to_another_counselor(world: World) -> None:
    with world.db.transaction() as s:
        other = Staff(login="takahashi", name="高橋 由美", role=StaffRole.COUNSELOR)
        s.add(other)
        s.flush()
        s.execute(
            update(Case)
            .where(Case.id == world.case)
            .values(restricted=True, lead_counselor_id=other.id)
        )


def test_a_restricted_case_of_another_counselor_is_refused(world: World) -> None:
    restrict_to_another_counselor(world)
    before = snapshot(world.db, world.case)
    with pytest.raises(AccessDenied) as refused:
        close_case(world.db, world.case, dt.date(2026, 6, 1), RESOLVED, None, world.sato, TODAY)
    assert refused.value.message == "このケースを開く権限がありません。"
    assert snapshot(world.db, world.case) == before
    assert trail(world.db) == []
    # A supervisor may; an administrator may not even with the case open to all.
    supervisor = as_role(world.db, StaffRole.SUPERVISOR)
    close_case(supervisor, world.case, dt.date(2026, 6, 1), RESOLVED, None, None, TODAY)
    with pytest.raises(AccessDenied):
        reopen_case(world.db, world.case, "理由", dt.date(2026, 6, 2), None, TODAY)
    admin = as_role(world.db, StaffRole.ADMINISTRATOR)
    with world.db.transaction() as s:
        s.execute(update(Case).where(Case.id == world.case).values(restricted=False))
    with pytest.raises(AccessDenied):
        reopen_case(admin, world.case, "理由", dt.date(2026, 6, 2), None, TODAY)
    assert snapshot(world.db, world.case)["status"] == CaseStatus.CLOSED
    assert [entry[3] for entry in trail(world.db)] == [supervisor.actor.staff_id]  # type: ignore[union-attr]
