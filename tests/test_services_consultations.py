"""Logging a consultation: what is written, what is refused, and the form defaults."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select, update

from casedesk.consultations import (
    ConsultationInput,
    consultation_defaults,
    dv_by_default,
    log_consultation,
)
from casedesk.database import Database, open_database
from casedesk.errors import ValidationError
from db.enums import CodeCategory, ContactKind, StaffRole, Urgency
from db.ids import stable_uuid
from db.models import (
    Case,
    Client,
    CodeItem,
    Consultation,
    Staff,
    consultation_topics,
    consultation_violence_kinds,
)
from tests.actors import as_login
from tests.case_summaries import assert_summaries_match, stored

TODAY = dt.date(2026, 5, 20)


def code(category: CodeCategory, key: str) -> uuid.UUID:
    return stable_uuid("code", category.value, key)


LINE = code(CodeCategory.CHANNEL, "line")
PHONE = code(CodeCategory.CHANNEL, "phone")
DV_SPOUSE = code(CodeCategory.TOPIC, "dv_spouse")
HOUSING = code(CodeCategory.TOPIC, "housing")
POVERTY = code(CodeCategory.TOPIC, "poverty")
PHYSICAL = code(CodeCategory.VIOLENCE_KIND, "physical")
PSYCHOLOGICAL = code(CodeCategory.VIOLENCE_KIND, "psychological")
AGE_30S = code(CodeCategory.AGE_BAND, "30s")
AGE_20S = code(CodeCategory.AGE_BAND, "20s")
LEGAL = code(CodeCategory.SPECIALIST, "legal")


@dataclass
class World:
    db: Database
    sato: uuid.UUID
    suzuki: uuid.UUID
    case_a: uuid.UUID  # client みどり (30代)
    case_b: uuid.UUID  # an earlier, closed-or-not case of the same client
    case_c: uuid.UUID  # client はるか, no age band


@pytest.fixture
def world(tmp_path: Path) -> Iterator[World]:
    database = open_database(tmp_path / "x.sqlite3")
    with database.transaction() as s:
        sato = Staff(login="sato", name="佐藤 花子", role=StaffRole.COUNSELOR)
        suzuki = Staff(login="suzuki", name="鈴木 恵", role=StaffRole.COUNSELOR)
        midori = Client(display_name="みどり", age_band_id=AGE_30S)
        haruka = Client(display_name="はるか")
        s.add_all([sato, suzuki, midori, haruka])
        s.flush()
        case_a = Case(case_no="2026-0002", client_id=midori.id, opened_on=dt.date(2026, 4, 10))
        case_b = Case(case_no="2026-0001", client_id=midori.id, opened_on=dt.date(2026, 4, 1))
        case_c = Case(case_no="2026-0003", client_id=haruka.id, opened_on=dt.date(2026, 4, 15))
        s.add_all([case_a, case_b, case_c])
        s.flush()
        w = World(database, sato.id, suzuki.id, case_a.id, case_b.id, case_c.id)
    # 佐藤, a counselor: every case here is unrestricted, so she opens them all.
    w.db = as_login(database, "sato")
    yield w
    database.close()


def valid_input(w: World, **changes: Any) -> ConsultationInput:
    base = ConsultationInput(
        case_id=w.case_a,
        consulted_on=dt.date(2026, 5, 1),
        start_time=dt.time(19, 0),
        end_time=dt.time(20, 15),
        channel_id=LINE,
        counselor_id=w.sato,
        main_complaint_id=DV_SPOUSE,
        topic_ids=(HOUSING, POVERTY),
        is_dv=True,
        violence_kind_ids=(PHYSICAL, PSYCHOLOGICAL),
        narrative="  夫からの暴力について。  ",
        advice="配暴センターを案内",
        urgency=Urgency.HIGH,
        follow_up_in_days=7,
        follow_up_note="LINEで様子を聞く",
    )
    return replace(base, **changes)


def counts(db: Database) -> tuple[int, int, int]:
    with db.reading() as s:
        return (
            s.scalar(select(func.count()).select_from(Consultation)) or 0,
            s.scalar(select(func.count()).select_from(consultation_topics)) or 0,
            s.scalar(select(func.count()).select_from(consultation_violence_kinds)) or 0,
        )


def test_log_writes_consultation_topics_and_violence_kinds(world: World) -> None:
    new_id = log_consultation(world.db, valid_input(world), today=TODAY)
    with world.db.reading() as s:
        c = s.get(Consultation, new_id)
        assert c is not None
        assert c.case_id == world.case_a
        assert c.consulted_on == dt.date(2026, 5, 1)
        assert (c.start_time, c.end_time) == (dt.time(19, 0), dt.time(20, 15))
        assert c.channel_id == LINE
        assert c.counselor_id == world.sato
        assert c.contact_kind == ContactKind.NEW
        assert c.main_complaint_id == DV_SPOUSE
        assert c.is_dv is True
        assert c.urgency == Urgency.HIGH
        assert c.narrative == "夫からの暴力について。"
        assert c.advice == "配暴センターを案内"
        # follow_up_in_days counts from the consultation date, not from today.
        assert c.follow_up_on == dt.date(2026, 5, 8)
        assert c.follow_up_note == "LINEで様子を聞く"
        # The client's age band, snapshotted.
        assert c.age_band_id == AGE_30S
        topics = set(
            s.scalars(
                select(consultation_topics.c.topic_id).where(
                    consultation_topics.c.consultation_id == new_id
                )
            )
        )
        assert topics == {HOUSING, POVERTY}
        kinds = set(
            s.scalars(
                select(consultation_violence_kinds.c.violence_kind_id).where(
                    consultation_violence_kinds.c.consultation_id == new_id
                )
            )
        )
        assert kinds == {PHYSICAL, PSYCHOLOGICAL}


def test_contact_kind_is_continuing_after_any_of_her_cases(world: World) -> None:
    first = log_consultation(
        world.db, valid_input(world, case_id=world.case_b, consulted_on=dt.date(2026, 4, 2)), TODAY
    )
    second = log_consultation(world.db, valid_input(world), TODAY)
    other_client = log_consultation(world.db, valid_input(world, case_id=world.case_c), TODAY)
    with world.db.reading() as s:
        kinds = {
            cid: s.scalar(select(Consultation.contact_kind).where(Consultation.id == cid))
            for cid in (first, second, other_client)
        }
    assert kinds == {
        first: ContactKind.NEW,
        second: ContactKind.CONTINUING,
        other_client: ContactKind.NEW,
    }


def test_explicit_values_are_kept(world: World) -> None:
    new_id = log_consultation(
        world.db,
        valid_input(
            world,
            contact_kind=ContactKind.CONTINUING,
            age_band_id=AGE_20S,
            follow_up_in_days=None,
            follow_up_on=dt.date(2026, 5, 1),
            topic_ids=(HOUSING, HOUSING),
            specialist_id=LEGAL,
            place="  北区役所  ",
        ),
        TODAY,
    )
    with world.db.reading() as s:
        c = s.get(Consultation, new_id)
        assert c is not None
        assert c.contact_kind == ContactKind.CONTINUING
        assert c.age_band_id == AGE_20S
        assert c.follow_up_on == dt.date(2026, 5, 1)
        assert c.specialist_id == LEGAL
        assert c.place == "北区役所"
    assert counts(world.db) == (1, 1, 2)


def test_anonymous_contact_is_new_without_age_band(world: World) -> None:
    new_id = log_consultation(
        world.db,
        ConsultationInput(case_id=None, consulted_on=TODAY, channel_id=PHONE),
        TODAY,
    )
    with world.db.reading() as s:
        c = s.get(Consultation, new_id)
        assert c is not None
        assert c.case_id is None
        assert c.contact_kind == ContactKind.NEW
        assert c.age_band_id is None
        assert c.is_dv is False
        assert c.urgency == Urgency.NONE
        assert c.follow_up_on is None
    assert counts(world.db) == (1, 0, 0)


# Each rule of the form: the change that breaks it, and the field it is shown at.
INVALID: dict[str, tuple[Callable[[World], dict[str, Any]], str]] = {
    "no date": (lambda w: {"consulted_on": None}, "consulted_on"),
    "future date": (lambda w: {"consulted_on": TODAY + dt.timedelta(days=1)}, "consulted_on"),
    "no channel": (lambda w: {"channel_id": None}, "channel_id"),
    "channel of another list": (lambda w: {"channel_id": HOUSING}, "channel_id"),
    "unknown channel": (lambda w: {"channel_id": uuid.uuid4()}, "channel_id"),
    "end before start": (lambda w: {"end_time": dt.time(18, 59)}, "end_time"),
    "end equals start": (lambda w: {"end_time": dt.time(19, 0)}, "end_time"),
    "end without start": (lambda w: {"start_time": None}, "start_time"),
    "unknown counselor": (lambda w: {"counselor_id": uuid.uuid4()}, "counselor_id"),
    "complaint not a topic": (lambda w: {"main_complaint_id": LINE}, "main_complaint_id"),
    "topic not a topic": (lambda w: {"topic_ids": (HOUSING, PHYSICAL)}, "topic_ids"),
    "violence kind not one": (lambda w: {"violence_kind_ids": (DV_SPOUSE,)}, "violence_kind_ids"),
    "violence without DV": (lambda w: {"is_dv": False}, "is_dv"),
    "specialist not one": (lambda w: {"specialist_id": AGE_30S}, "specialist_id"),
    "age band not one": (lambda w: {"age_band_id": LEGAL}, "age_band_id"),
    "unknown outreach event": (lambda w: {"outreach_event_id": uuid.uuid4()}, "outreach_event_id"),
    "follow-up before": (
        lambda w: {"follow_up_in_days": None, "follow_up_on": dt.date(2026, 4, 30)},
        "follow_up_on",
    ),
    "follow-up twice": (lambda w: {"follow_up_on": dt.date(2026, 5, 9)}, "follow_up_on"),
    "negative days": (lambda w: {"follow_up_in_days": -1}, "follow_up_in_days"),
    "place too long": (lambda w: {"place": "あ" * 201}, "place"),
}


@pytest.mark.parametrize("rule", list(INVALID))
def test_each_rule_reports_its_field_and_writes_nothing(world: World, rule: str) -> None:
    changes, field = INVALID[rule]
    with pytest.raises(ValidationError) as caught:
        log_consultation(world.db, valid_input(world, **changes(world)), today=TODAY)
    assert list(caught.value.errors) == [field]
    assert caught.value.errors[field]  # a message to show
    assert counts(world.db) == (0, 0, 0)


def test_inactive_codes_are_refused(world: World) -> None:
    with world.db.transaction() as s:
        s.execute(update(CodeItem).where(CodeItem.id.in_([PHONE, POVERTY])).values(active=False))
    with pytest.raises(ValidationError) as caught:
        log_consultation(world.db, valid_input(world, channel_id=PHONE), TODAY)
    assert set(caught.value.errors) == {"channel_id", "topic_ids"}
    assert caught.value.errors["channel_id"] == "選択された項目は現在使用できません。"
    assert counts(world.db) == (0, 0, 0)


def test_all_problems_are_reported_at_once(world: World) -> None:
    with pytest.raises(ValidationError) as caught:
        log_consultation(
            world.db,
            valid_input(world, channel_id=None, end_time=dt.time(8, 0), is_dv=False),
            TODAY,
        )
    assert caught.value.errors == {
        "channel_id": "相談方法を選択してください。",
        "end_time": "終了時刻は開始時刻より後にしてください。",
        "is_dv": "暴力の種類を選んだ場合は「DV」にチェックしてください。",
    }


def test_today_is_allowed(world: World) -> None:
    log_consultation(world.db, valid_input(world, consulted_on=TODAY), TODAY)
    assert counts(world.db)[0] == 1


def test_defaults_for_a_first_contact(world: World) -> None:
    now = dt.datetime(2026, 5, 20, 21, 7, 33, 123)
    form = consultation_defaults(world.db, world.sato, world.case_a, now)
    assert form.consulted_on == dt.date(2026, 5, 20)
    assert form.start_time == dt.time(21, 7)
    assert form.end_time is None
    assert form.counselor_id == world.sato
    assert form.case_id == world.case_a
    assert form.channel_id == LINE  # nothing logged yet
    assert form.contact_kind == ContactKind.NEW
    assert form.age_band_id == AGE_30S


def test_defaults_follow_the_counselors_last_channel_and_history(world: World) -> None:
    log_consultation(
        world.db,
        valid_input(world, case_id=world.case_b, channel_id=PHONE, consulted_on=TODAY),
        TODAY,
    )
    log_consultation(
        world.db,
        valid_input(world, case_id=world.case_c, counselor_id=world.suzuki),
        TODAY,
    )
    now = dt.datetime(2026, 5, 21, 10, 0)
    sato_form = consultation_defaults(world.db, world.sato, world.case_a, now)
    assert sato_form.channel_id == PHONE
    # Her earlier consultation was on another of her cases: still 継続.
    assert sato_form.contact_kind == ContactKind.CONTINUING
    suzuki_form = consultation_defaults(world.db, world.suzuki, None, now)
    assert suzuki_form.channel_id == LINE
    assert suzuki_form.contact_kind == ContactKind.NEW
    assert suzuki_form.age_band_id is None
    # The defaults are a form that can be logged as is.
    log_consultation(world.db, sato_form, dt.date(2026, 5, 21))
    assert counts(world.db)[0] == 3


def test_defaults_skip_a_channel_no_longer_in_use(world: World) -> None:
    log_consultation(world.db, valid_input(world, channel_id=PHONE), TODAY)
    with world.db.transaction() as s:
        s.execute(update(CodeItem).where(CodeItem.id == PHONE).values(active=False))
    form = consultation_defaults(world.db, world.sato, None, dt.datetime(2026, 5, 21, 9, 0))
    assert form.channel_id == LINE


def test_dv_by_default_follows_the_topic_flags(world: World) -> None:
    assert dv_by_default(world.db, []) is False
    assert dv_by_default(world.db, [HOUSING, POVERTY]) is False
    assert dv_by_default(world.db, [HOUSING, DV_SPOUSE]) is True
    assert dv_by_default(world.db, [code(CodeCategory.TOPIC, "sexual_violence")]) is True
    # A violence *kind* is not a topic.
    assert dv_by_default(world.db, [PHYSICAL]) is False


def test_logging_keeps_the_case_summaries_in_step(world: World) -> None:
    # The case list's channel/topic/DV filters and the due list read
    # per-case summaries that the database keeps (db/models/case_summaries.py).
    first = log_consultation(
        world.db, valid_input(world, is_dv=False, violence_kind_ids=()), today=TODAY
    )
    later = log_consultation(
        world.db,
        valid_input(
            world, consulted_on=dt.date(2026, 5, 9), channel_id=PHONE, main_complaint_id=None,
            topic_ids=(), is_dv=True, violence_kind_ids=(),
        ),
        today=TODAY,
    )  # fmt: skip
    # Entered afterwards for an earlier day: not the case's latest.
    backdated = log_consultation(
        world.db, valid_input(world, consulted_on=dt.date(2026, 4, 20)), today=TODAY
    )
    # Same day as `later`, recorded after it: the latest now.
    same_day = log_consultation(
        world.db,
        valid_input(world, consulted_on=dt.date(2026, 5, 9), is_dv=False, violence_kind_ids=()),
        today=TODAY,
    )
    anonymous = log_consultation(
        world.db, valid_input(world, case_id=None, age_band_id=AGE_20S), today=TODAY
    )
    with world.db.engine.connect() as conn:
        assert_summaries_match(conn)
        found = stored(conn)
    a = world.case_a.hex
    assert {(c, case) for c, _no, case in found.channels} == {(LINE.hex, a), (PHONE.hex, a)}
    assert {(t, case) for t, _no, case in found.topics} == {
        (DV_SPOUSE.hex, a),
        (HOUSING.hex, a),
        (POVERTY.hex, a),
    }
    assert {no for _c, no, _case in found.channels} == {"2026-0002"}
    assert found.dv_cases == {a}
    # Ids are UUIDv7: recorded later, larger (unless within one millisecond).
    assert found.latest == {max(later.hex, same_day.hex)}
    assert {first.hex, backdated.hex, anonymous.hex}.isdisjoint(found.latest)


def test_a_case_without_dv_contacts_is_not_flagged(world: World) -> None:
    log_consultation(
        world.db,
        valid_input(world, case_id=world.case_c, is_dv=False, violence_kind_ids=()),
        today=TODAY,
    )
    with world.db.reading() as s:
        case = s.get(Case, world.case_c)
        assert case is not None and case.dv_ever is False
    log_consultation(world.db, valid_input(world, case_id=world.case_c), today=TODAY)
    with world.db.reading() as s:
        case = s.get(Case, world.case_c)
        assert case is not None and case.dv_ever is True
