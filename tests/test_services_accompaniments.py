"""Accompaniments: checks, the agency's kind taken over, planned ones, follow-ups."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from sqlalchemy import func, select

from casedesk.accompaniments import AccompanimentInput, log_accompaniment
from casedesk.auth import AccessDenied
from casedesk.database import Database
from casedesk.errors import ValidationError
from casedesk.followups import FollowUpKind, due_followups
from db.enums import CodeCategory
from db.ids import stable_uuid
from db.models import Accompaniment, Agency, Case, Staff

TODAY = dt.date(2026, 5, 10)
WELFARE = stable_uuid("code", CodeCategory.AGENCY_KIND.value, "welfare")
POLICE = stable_uuid("code", CodeCategory.AGENCY_KIND.value, "police")


def case_id(db: Database, case_no: str) -> uuid.UUID:
    with db.reading() as s:
        return s.scalars(select(Case.id).where(Case.case_no == case_no)).one()


def staff_id(db: Database, name: str) -> uuid.UUID:
    with db.reading() as s:
        return s.scalars(select(Staff.id).where(Staff.name == name)).one()


def add_agency(db: Database) -> uuid.UUID:
    with db.transaction() as s:
        agency = Agency(name="北区福祉事務所", kind_id=WELFARE)
        s.add(agency)
        s.flush()
        return agency.id


def count(db: Database) -> int:
    with db.reading() as s:
        return s.scalar(select(func.count()).select_from(Accompaniment)) or 0


def test_agency_kind_taken_and_follow_up_in_days(sample_db: Database) -> None:
    agency = add_agency(sample_db)
    sato = staff_id(sample_db, "佐藤 花子")
    new_id = log_accompaniment(
        sample_db,
        AccompanimentInput(
            case_id=case_id(sample_db, "2024-0003"),
            accompanied_on=TODAY,
            start_time=dt.time(10, 0),
            end_time=dt.time(11, 30),
            staff_id=sato,
            destination_agency_id=agency,
            purpose="  生活保護の申請  ",
            outcome="",
            follow_up_in_days=3,
        ),
        today=TODAY,
    )
    with sample_db.reading() as s:
        row = s.get(Accompaniment, new_id)
        assert row is not None
        assert row.destination_kind_id == WELFARE
        assert row.follow_up_on == TODAY + dt.timedelta(days=3)
        assert row.purpose == "生活保護の申請"
        assert row.outcome is None
    due = due_followups(sample_db, sato, TODAY)
    assert [(d.kind, d.source_id, d.due_on) for d in due] == [
        (FollowUpKind.ACCOMPANIMENT, new_id, TODAY + dt.timedelta(days=3))
    ]


def test_planned_ahead_with_a_named_destination(sample_db: Database) -> None:
    # Not in the directory: the kind chosen by hand, a date next month.
    new_id = log_accompaniment(
        sample_db,
        AccompanimentInput(
            case_id=case_id(sample_db, "2024-0003"),
            accompanied_on=TODAY + dt.timedelta(days=30),
            destination_kind_id=POLICE,
            destination_name="王子警察署",
            follow_up_on=TODAY + dt.timedelta(days=31),
        ),
        today=TODAY,
    )
    with sample_db.reading() as s:
        row = s.get(Accompaniment, new_id)
        assert row is not None and row.destination_name == "王子警察署"
        assert row.destination_kind_id == POLICE and row.destination_agency_id is None


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"destination_kind_id": None}, "destination_kind_id", "同行先の種別を選択してください。"),
        ({"destination_kind_id": WELFARE, "accompanied_on": None}, "accompanied_on", None),
        ({"accompanied_on": TODAY + dt.timedelta(days=400)}, "accompanied_on", None),
        ({"end_time": dt.time(9, 0)}, "end_time", "終了時刻は開始時刻より後にしてください。"),
        ({"start_time": None}, "start_time", None),
        ({"follow_up_on": TODAY, "follow_up_in_days": 2}, "follow_up_on", None),
        ({"follow_up_in_days": -1}, "follow_up_in_days", None),
        ({"follow_up_on": TODAY - dt.timedelta(days=1)}, "follow_up_on", None),
        ({"destination_agency_id": uuid.uuid4()}, "destination_agency_id", None),
        (
            {"destination_kind_id": stable_uuid("code", "channel", "line")},
            "destination_kind_id",
            None,
        ),
        ({"staff_id": uuid.uuid4()}, "staff_id", "職員が見つかりません。"),
        ({"destination_name": "あ" * 201}, "destination_name", None),
    ],
)
def test_refused_at_the_field(
    sample_db: Database, changes: dict[str, object], field: str, message: str | None
) -> None:
    values: dict[str, object] = {
        "case_id": case_id(sample_db, "2024-0003"),
        "accompanied_on": TODAY,
        "start_time": dt.time(10, 0),
        "end_time": dt.time(11, 0),
        "destination_kind_id": WELFARE,
    }
    values.update(changes)
    with pytest.raises(ValidationError) as refused:
        log_accompaniment(sample_db, AccompanimentInput(**values), today=TODAY)  # type: ignore[arg-type]
    assert field in refused.value.errors
    if message is not None:
        assert refused.value.errors[field] == message
    assert count(sample_db) == 0


def test_closed_or_missing_case_refused(sample_db: Database) -> None:
    def log(target: uuid.UUID) -> None:
        log_accompaniment(
            sample_db,
            AccompanimentInput(case_id=target, accompanied_on=TODAY, destination_kind_id=WELFARE),
            today=TODAY,
        )

    with pytest.raises(ValidationError) as refused:
        log(case_id(sample_db, "2024-0002"))
    assert "case_id" in refused.value.errors
    # A missing case is refused like one she may not open (a guessed id tells nothing).
    with pytest.raises(AccessDenied):
        log(uuid.uuid4())
    assert count(sample_db) == 0
