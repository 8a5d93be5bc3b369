"""The case header (no sensitive values unless revealed) and the timeline
(every kind of entry, newest first) on a small hand-built case."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import uuid

import pytest
from sqlalchemy import select

from casedesk.auth import AccessDenied, NotSignedIn
from casedesk.case_view import SENSITIVE_FIELDS, load_case_header, reveal_sensitive
from casedesk.cases import close_case
from casedesk.consultations import ConsultationInput, log_consultation
from casedesk.database import Database
from casedesk.plans import IssueInput, PlanItemInput, load_plan, save_issue, save_plan_item
from casedesk.referrals import create_referral, move_referral
from casedesk.timeline import TimelineKind, load_timeline
from db.enums import (
    CaseStatus,
    CodeCategory,
    ConferenceDecision,
    ReferralStatus,
    RiskLevel,
    StaffRole,
)
from db.models.accompaniments import Accompaniment
from db.models.agencies import Agency
from db.models.audit import AuditEntry
from db.models.cases import Case
from db.models.codes import CodeItem
from db.models.conferences import Conference, ConferenceCase
from db.models.people import Client, Staff
from tests.actors import as_login, as_role

SECRETS = {
    "real_name": "山田 花子",
    "real_name_kana": "ヤマダ ハナコ",
    "birth_date": "1990-03-04",
    "address": "横浜市中区1-2-3",
    "phone": "090-1234-5678",
    "email": "hanako@example.jp",
}


def code(db: Database, category: CodeCategory, label: str | None = None) -> uuid.UUID:
    with db.reading() as session:
        query = select(CodeItem.id).where(CodeItem.category == category)
        if label is not None:
            query = query.where(CodeItem.label == label)
        return session.scalars(query.order_by(CodeItem.sort_order)).first()  # type: ignore[return-value]


def staff_id(db: Database, name: str) -> uuid.UUID:
    with db.reading() as session:
        return session.scalars(select(Staff.id).where(Staff.name == name)).one()


def case_id(db: Database, case_no: str) -> uuid.UUID:
    with db.reading() as session:
        return session.scalars(select(Case.id).where(Case.case_no == case_no)).one()


@pytest.fixture
def secret_case(sample_db: Database) -> uuid.UUID:
    """Case 2024-0004 (みどり: DV, high risk, restricted) with every sensitive field filled."""
    cid = case_id(sample_db, "2024-0004")
    with sample_db.transaction() as session:
        case = session.get(Case, cid)
        assert case is not None
        client = session.get(Client, case.client_id)
        assert client is not None
        client.real_name = SECRETS["real_name"]
        client.real_name_kana = SECRETS["real_name_kana"]
        client.birth_date = dt.date(1990, 3, 4)
        client.address = SECRETS["address"]
        client.phone = SECRETS["phone"]
        client.email = SECRETS["email"]
        client.contact_safety_notes = "夫が携帯を見る。LINEのみ"
        client.household = "夫、子2人"
        client.line_name = "mido"
        client.consent_to_share = True
    return cid


def test_header_says_only_whether_sensitive_fields_are_filled(
    sample_db: Database, secret_case: uuid.UUID
) -> None:
    header = load_case_header(sample_db, secret_case)
    assert header.case_no == "2024-0004"
    assert header.display_name == "みどり"
    assert header.age_band == "30代"
    assert header.lead_counselor_name == "佐藤 花子"
    assert header.status == CaseStatus.OPEN
    assert header.risk_level == RiskLevel.HIGH
    assert header.restricted and header.dv_ever and header.consent_to_share
    assert header.contact_safety_notes == "夫が携帯を見る。LINEのみ"
    assert header.sensitive_filled == frozenset(SENSITIVE_FIELDS)
    # No value of a sensitive field appears anywhere in the header.
    text = repr(dataclasses.asdict(header))
    for secret in (*SECRETS.values(), "1990"):
        assert secret not in text


def test_header_of_a_client_without_details(sample_db: Database) -> None:
    header = load_case_header(sample_db, case_id(sample_db, "2024-0005"))
    assert header.sensitive_filled == frozenset()
    assert not header.dv_ever and header.lead_counselor_name is None
    assert not header.is_filled("phone")
    # A case that does not exist is refused like one she may not open.
    with pytest.raises(AccessDenied) as refused:
        load_case_header(sample_db, uuid.uuid4())
    assert refused.value.message == "このケースを開く権限がありません。"


def test_reveal_returns_the_values(sample_db: Database, secret_case: uuid.UUID) -> None:
    assert reveal_sensitive(sample_db, secret_case) == SECRETS
    # Only what is filled.
    assert reveal_sensitive(sample_db, case_id(sample_db, "2024-0005")) == {}


def test_timeline_holds_every_kind_newest_first(sample_db: Database) -> None:
    db = sample_db
    cid = case_id(db, "2024-0005")  # opened 2024-04-01, no contacts yet
    sato = staff_id(db, "佐藤 花子")
    line = code(db, CodeCategory.CHANNEL, "LINE")
    with db.transaction() as session:
        agency = Agency(name="中央福祉事務所", kind_id=code(db, CodeCategory.AGENCY_KIND))
        session.add(agency)
        session.flush()
        agency_id = agency.id
        session.add(
            Accompaniment(
                case_id=cid,
                accompanied_on=dt.date(2024, 5, 10),
                start_time=dt.time(10, 0),
                staff_id=sato,
                destination_agency_id=agency_id,
                destination_kind_id=code(db, CodeCategory.AGENCY_KIND),
                purpose="生活保護の申請",
            )
        )
        conference = Conference(
            kind_id=code(db, CodeCategory.CONFERENCE_KIND),
            held_on=dt.date(2024, 6, 1),
            title="支援調整会議",
            chair_id=sato,
        )
        session.add(conference)
        session.flush()
        session.add(
            ConferenceCase(
                conference_id=conference.id,
                case_id=cid,
                situation="住まいが見つかった",
                decision=ConferenceDecision.CONTINUE,
            )
        )
    log_consultation(
        db,
        ConsultationInput(
            consulted_on=dt.date(2024, 5, 2),
            channel_id=line,
            case_id=cid,
            start_time=dt.time(14, 0),
            counselor_id=sato,
            narrative="夫からの暴言について",
            is_dv=True,
        ),
    )
    log_consultation(
        db,
        ConsultationInput(
            consulted_on=dt.date(2024, 5, 2),
            channel_id=line,
            case_id=cid,
            start_time=dt.time(9, 30),
            counselor_id=sato,
        ),
    )
    referral = create_referral(
        db,
        cid,
        agency_id=agency_id,
        purpose="住まいの相談",
        counselor_id=sato,
        proposed_on=dt.date(2024, 5, 3),
    )
    move_referral(db, referral, ReferralStatus.CONNECTED, dt.date(2024, 5, 20), None, sato)
    issue = save_issue(db, cid, IssueInput(title="住まい"))
    save_plan_item(db, issue, PlanItemInput(action="公営住宅の申込み", due_on=dt.date(2024, 7, 1)))
    close_case(
        db,
        cid,
        dt.date(2024, 6, 30),
        code(db, CodeCategory.CLOSE_REASON),
        "自立",
        sato,
    )

    timeline = load_timeline(db, cid)
    kinds = [entry.kind for entry in timeline]
    # The plan item was written today (its change stamp); the rest by their dates.
    assert kinds == [
        TimelineKind.PLAN_ITEM,
        TimelineKind.CASE_CLOSED,
        TimelineKind.CONFERENCE,
        TimelineKind.REFERRAL_STATUS,
        TimelineKind.ACCOMPANIMENT,
        TimelineKind.REFERRAL,
        TimelineKind.CONSULTATION,
        TimelineKind.CONSULTATION,
        TimelineKind.CASE_OPENED,
    ]
    by_kind = {entry.kind: entry for entry in timeline}
    afternoon, morning = timeline[6], timeline[7]
    assert (afternoon.time, morning.time) == (dt.time(14, 0), dt.time(9, 30))
    assert afternoon.title == "LINE（DV）"
    assert "夫からの暴言について" in afternoon.detail
    assert afternoon.who == "佐藤 花子"
    assert by_kind[TimelineKind.ACCOMPANIMENT].title == "同行：中央福祉事務所"
    assert by_kind[TimelineKind.REFERRAL].referral_id == referral
    change = by_kind[TimelineKind.REFERRAL_STATUS]
    assert change.referral_id == referral and change.record_id != referral
    assert change.title == "つなぎ 中央福祉事務所：つながった"
    assert change.when == dt.date(2024, 5, 20)
    assert by_kind[TimelineKind.CONFERENCE].title.endswith("：支援調整会議")
    assert "住まいが見つかった" in by_kind[TimelineKind.CONFERENCE].detail
    assert by_kind[TimelineKind.PLAN_ITEM].title == "対応を追加：公営住宅の申込み"
    assert "期限：2024-07-01" in by_kind[TimelineKind.PLAN_ITEM].detail
    assert by_kind[TimelineKind.CASE_CLOSED].detail == "自立"
    assert by_kind[TimelineKind.CASE_OPENED].when == dt.date(2024, 4, 1)
    assert by_kind[TimelineKind.REFERRAL_STATUS].referral_id == referral
    assert by_kind[TimelineKind.CONSULTATION].referral_id is None

    # The newest few only.
    newest = load_timeline(db, cid, limit=3)
    assert newest == timeline[:3]


def test_timeline_of_other_cases_stays_out(sample_db: Database) -> None:
    timeline = load_timeline(sample_db, case_id(sample_db, "2024-0003"))
    assert [entry.kind for entry in timeline] == [
        TimelineKind.CONSULTATION,
        TimelineKind.CONSULTATION,
        TimelineKind.CONSULTATION,
        TimelineKind.CASE_OPENED,
    ]
    assert [entry.when for entry in timeline] == [
        dt.date(2024, 10, 30),
        dt.date(2024, 10, 27),
        dt.date(2024, 10, 10),
        dt.date(2024, 4, 1),
    ]


# --- access and audit (issue 4) ---------------------------------------------


def audit_trail(db: Database) -> list[AuditEntry]:
    with db.reading() as session:
        return list(session.scalars(select(AuditEntry).order_by(AuditEntry.seq)))


def test_opening_the_header_is_one_view_entry(sample_db: Database) -> None:
    cid = case_id(sample_db, "2024-0004")
    before = len(audit_trail(sample_db))
    load_case_header(sample_db, cid)
    trail = audit_trail(sample_db)
    assert len(trail) == before + 1
    entry = trail[-1]
    assert sample_db.actor is not None
    assert (entry.action, entry.entity_type, entry.entity_id, entry.case_id, entry.staff_id) == (
        "view",
        "case",
        cid,
        cid,
        sample_db.actor.staff_id,
    )
    # A refresh of a view already open and logged is not another view;
    # nor are the timeline and the plan, parts of the same view.
    load_case_header(sample_db, cid, record_view=False)
    load_timeline(sample_db, cid)
    load_plan(sample_db, cid)
    assert len(audit_trail(sample_db)) == before + 1


def test_reveal_is_recorded_with_the_field_names(
    sample_db: Database, secret_case: uuid.UUID
) -> None:
    before = len(audit_trail(sample_db))
    # Whatever staff id an old caller passes, the trail names who is signed in.
    reveal_sensitive(sample_db, secret_case, staff_id(sample_db, "鈴木 恵"))
    (entry,) = audit_trail(sample_db)[before:]
    assert sample_db.actor is not None
    assert (entry.action, entry.entity_type, entry.case_id, entry.staff_id) == (
        "reveal",
        "client",
        secret_case,
        sample_db.actor.staff_id,
    )
    assert entry.detail is not None
    assert json.loads(entry.detail) == {"fields": list(SENSITIVE_FIELDS)}
    for value in SECRETS.values():
        assert value not in entry.detail
    # Only the fields that were handed out are named.
    reveal_sensitive(sample_db, case_id(sample_db, "2024-0005"))
    assert json.loads(audit_trail(sample_db)[-1].detail or "") == {"fields": []}


@pytest.mark.parametrize("who", ["suzuki", "admin"])
def test_a_case_she_may_not_open_is_refused_and_not_logged(
    sample_db: Database, secret_case: uuid.UUID, who: str
) -> None:
    """2024-0004 is restricted and 佐藤's: 鈴木 (a counselor) may not open
    it, an administrator opens no case at all."""
    other = as_login(sample_db, who)
    before = audit_trail(sample_db)
    for read in (load_case_header, load_timeline, load_plan, reveal_sensitive):
        with pytest.raises(AccessDenied) as refused:
            read(other, secret_case)  # type: ignore[operator]
        assert refused.value.message == "このケースを開く権限がありません。"
    assert audit_trail(sample_db) == before
    # An unrestricted case is open to the counselor; not to the administrator.
    open_case = case_id(sample_db, "2024-0005")
    if who == "suzuki":
        assert load_case_header(other, open_case).case_no == "2024-0005"
    else:
        with pytest.raises(AccessDenied):
            load_case_header(other, open_case)


def test_a_supervisor_opens_the_restricted_case(
    sample_db: Database, secret_case: uuid.UUID
) -> None:
    supervisor = as_role(sample_db, StaffRole.SUPERVISOR)
    assert load_case_header(supervisor, secret_case).restricted
    assert reveal_sensitive(supervisor, secret_case) == SECRETS
    assert supervisor.actor is not None
    assert [e.staff_id for e in audit_trail(sample_db)[-2:]] == [supervisor.actor.staff_id] * 2


def test_nobody_signed_in_reads_nothing(sample_db: Database, secret_case: uuid.UUID) -> None:
    signed_out = sample_db.as_user(None)
    for read in (load_case_header, load_timeline, load_plan, reveal_sensitive):
        with pytest.raises(NotSignedIn):
            read(signed_out, secret_case)  # type: ignore[operator]
