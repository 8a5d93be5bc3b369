"""Access rules and audit entries of the record services (issue 4, parts 2
and 5): consultations, accompaniments, referrals, lookups, code lists,
agencies, figures, outreach, goods and group sessions.

For each: a forbidden actor gets ``AccessDenied`` (nobody signed in,
``NotSignedIn``) and nothing is written, not even an audit entry; an
allowed write leaves its entry, naming the fields and never their text.

The sample's only restricted case, 2024-0004, is 佐藤's: 鈴木 (a counselor)
may not open it; the administrator opens no case at all.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import func, select

from casedesk.accompaniments import AccompanimentInput, log_accompaniment
from casedesk.agencies import AgencyInput, get_agency, list_agencies, save_agency
from casedesk.auth import AccessDenied, NotSignedIn
from casedesk.code_lists import add_code, list_codes, move_code, rename_code, set_code_active
from casedesk.consultations import ConsultationInput, consultation_defaults, log_consultation
from casedesk.database import Database
from casedesk.errors import ValidationError
from casedesk.figures import (
    LineMonthInput,
    TargetInput,
    delete_target,
    list_line_months,
    list_targets,
    save_line_month,
    save_target,
)
from casedesk.goods import delete_goods, get_goods, list_goods, save_goods
from casedesk.group_sessions import (
    delete_group_session,
    get_group_session,
    list_group_sessions,
    save_group_session,
)
from casedesk.lookups import load_lookups
from casedesk.outreach import (
    delete_outreach_event,
    list_outreach_events,
    save_outreach_event,
)
from casedesk.referrals import (
    create_referral,
    move_referral,
    referral_for_move,
    referral_history,
)
from db.enums import CodeCategory, ReferralStatus, StaffRole
from db.ids import stable_uuid
from db.models.audit import AuditEntry
from db.models.cases import Case
from db.models.consultations import Consultation
from db.models.people import Staff
from tests.actors import as_login, as_role
from tests.test_services_goods import pads
from tests.test_services_group_sessions import training
from tests.test_services_outreach import popup

TODAY = dt.date(2024, 11, 20)
NOW = dt.datetime(2024, 11, 20, 10, 0)
LINE = stable_uuid("code", CodeCategory.CHANNEL.value, "line")
WELFARE = stable_uuid("code", "agency_kind", "welfare")


def case_id(db: Database, case_no: str) -> uuid.UUID:
    with db.reading() as s:
        return s.scalars(select(Case.id).where(Case.case_no == case_no)).one()


def staff_id(db: Database, login: str) -> uuid.UUID:
    with db.reading() as s:
        return s.scalars(select(Staff.id).where(Staff.login == login)).one()


def entries(db: Database, entity_type: str) -> list[AuditEntry]:
    with db.reading() as s:
        return list(
            s.scalars(
                select(AuditEntry)
                .where(AuditEntry.entity_type == entity_type)
                .order_by(AuditEntry.seq)
            )
        )


def audit_count(db: Database) -> int:
    with db.reading() as s:
        return s.scalar(select(func.count()).select_from(AuditEntry)) or 0


def fields(entry: AuditEntry) -> list[str]:
    assert entry.detail is not None
    return list(json.loads(entry.detail)["fields"])


def refused(call: Callable[[], Any], db: Database, error: type[Exception] = AccessDenied) -> None:
    """``call`` raises ``error`` and writes no audit entry (the record's own
    tables are checked by each test)."""
    before = audit_count(db)
    with pytest.raises(error):
        call()
    assert audit_count(db) == before


@pytest.fixture
def suzuki(sample_db: Database) -> Database:
    return as_login(sample_db, "suzuki")


@pytest.fixture
def admin(sample_db: Database) -> Database:
    return as_login(sample_db, "admin")


# --- consultations -----------------------------------------------------------


def consultation(db: Database, case: uuid.UUID | None, **changes: Any) -> ConsultationInput:
    values: dict[str, Any] = {
        "consulted_on": TODAY,
        "channel_id": LINE,
        "case_id": case,
        "counselor_id": staff_id(db, "sato"),
        "narrative": "夫からの暴言について相談",
    }
    values.update(changes)
    return ConsultationInput(**values)


def consultation_count(db: Database) -> int:
    with db.reading() as s:
        return s.scalar(select(func.count()).select_from(Consultation)) or 0


def test_consultation_on_a_case_needs_the_case(
    sample_db: Database, suzuki: Database, admin: Database
) -> None:
    restricted = case_id(sample_db, "2024-0004")
    before = consultation_count(sample_db)
    refused(lambda: log_consultation(suzuki, consultation(suzuki, restricted), TODAY), sample_db)
    refused(
        lambda: consultation_defaults(
            suzuki, staff_id(suzuki, "suzuki"), restricted, dt.datetime.now()
        ),
        sample_db,
    )
    # The administrator writes no consultation, with a case or anonymous.
    refused(lambda: log_consultation(admin, consultation(admin, None), TODAY), sample_db)
    refused(lambda: log_consultation(admin, consultation(admin, restricted), TODAY), sample_db)
    refused(
        lambda: log_consultation(sample_db.as_user(None), consultation(sample_db, None), TODAY),
        sample_db,
        NotSignedIn,
    )
    assert consultation_count(sample_db) == before

    new_id = log_consultation(sample_db, consultation(sample_db, restricted), TODAY)
    (entry,) = entries(sample_db, "consultation")
    assert (entry.action, entry.entity_id, entry.case_id) == ("create", new_id, restricted)
    assert entry.staff_id == staff_id(sample_db, "sato")
    assert "narrative" in fields(entry)
    assert "暴言" not in (entry.detail or "")


def test_anonymous_consultation_by_a_counselor(suzuki: Database) -> None:
    new_id = log_consultation(suzuki, consultation(suzuki, None), TODAY)
    (entry,) = entries(suzuki, "consultation")
    assert (entry.action, entry.entity_id, entry.case_id) == ("create", new_id, None)
    assert {"consulted_on", "channel_id", "counselor_id"} <= set(fields(entry))


# --- accompaniments ----------------------------------------------------------


def test_accompaniment_needs_the_case(sample_db: Database, suzuki: Database) -> None:
    restricted = case_id(sample_db, "2024-0004")

    def log(db: Database) -> uuid.UUID:
        data = AccompanimentInput(
            case_id=restricted,
            accompanied_on=TODAY,
            destination_kind_id=WELFARE,
            purpose="生活保護の申請",
        )
        return log_accompaniment(db, data, today=TODAY)

    refused(lambda: log(suzuki), sample_db)
    assert entries(sample_db, "accompaniment") == []
    new_id = log(sample_db)
    (entry,) = entries(sample_db, "accompaniment")
    assert (entry.action, entry.entity_id, entry.case_id) == ("create", new_id, restricted)
    assert "purpose" in fields(entry) and "申請" not in (entry.detail or "")


# --- referrals ---------------------------------------------------------------


def test_referrals_need_the_case(sample_db: Database, suzuki: Database) -> None:
    restricted = case_id(sample_db, "2024-0004")

    def create(db: Database) -> uuid.UUID:
        return create_referral(
            db,
            restricted,
            agency_name="女性相談支援センター",
            purpose="一時保護の相談",
            counselor_id=None,
            proposed_on=TODAY,
        )

    refused(lambda: create(suzuki), sample_db)
    assert entries(sample_db, "referral") == []
    rid = create(sample_db)
    refused(lambda: referral_history(suzuki, rid), sample_db)
    refused(lambda: referral_for_move(suzuki, rid), sample_db)
    refused(
        lambda: move_referral(suzuki, rid, ReferralStatus.CONTACTED, TODAY, None, None), sample_db
    )
    assert referral_for_move(sample_db, rid).status == ReferralStatus.PROPOSED

    move_referral(sample_db, rid, ReferralStatus.CONTACTED, TODAY, None, None)
    created, moved = entries(sample_db, "referral")
    assert (created.action, created.entity_id, created.case_id) == ("create", rid, restricted)
    assert {"agency_name", "purpose", "status"} <= set(fields(created))
    assert (moved.action, moved.entity_id, moved.case_id) == ("edit", rid, restricted)
    assert fields(moved) == ["status"]
    assert [row.status for row in referral_history(sample_db, rid)] == [
        ReferralStatus.PROPOSED,
        ReferralStatus.CONTACTED,
    ]


# --- lookups and code lists --------------------------------------------------


def test_lookups_for_anyone_signed_in(sample_db: Database, admin: Database) -> None:
    assert load_lookups(admin).code_options(CodeCategory.CHANNEL)
    with pytest.raises(NotSignedIn):
        load_lookups(sample_db.as_user(None))


def test_code_lists_are_the_administrators(sample_db: Database, admin: Database) -> None:
    topics = list_codes(sample_db, CodeCategory.TOPIC)  # anyone signed in reads them
    first = topics[0].id
    refused(lambda: add_code(sample_db, CodeCategory.TOPIC, "新しい項目"), sample_db)
    refused(lambda: rename_code(sample_db, first, "改名"), sample_db)
    refused(lambda: set_code_active(sample_db, first, False), sample_db)
    refused(lambda: move_code(sample_db, first, 1), sample_db)
    assert list_codes(admin, CodeCategory.TOPIC) == topics

    new_id = add_code(admin, CodeCategory.TOPIC, "新しい項目")
    rename_code(admin, new_id, "改名した項目")
    set_code_active(admin, new_id, False)
    created, renamed, retired = entries(admin, "code_item")
    assert all(e.staff_id == staff_id(admin, "admin") for e in (created, renamed, retired))
    assert (created.action, created.entity_id) == ("create", new_id)
    assert {"code", "label"} <= set(fields(created))
    assert (renamed.action, fields(renamed)) == ("edit", ["label"])
    assert (retired.action, fields(retired)) == ("edit", ["active"])


# --- agencies ----------------------------------------------------------------


def test_agencies_read_by_casework_and_administrators_written_by_program_staff(
    sample_db: Database, admin: Database
) -> None:
    assert list_agencies(admin) == list_agencies(sample_db)
    refused(lambda: save_agency(admin, AgencyInput(name="北区福祉事務所", kind_id=WELFARE)), admin)

    agency_id = save_agency(sample_db, AgencyInput(name="北区福祉事務所", kind_id=WELFARE))
    assert get_agency(admin, agency_id).name == "北区福祉事務所"
    save_agency(
        sample_db,
        AgencyInput(name="北区福祉事務所", kind_id=WELFARE, phone="03-1234-5678"),
        agency_id,
    )
    created, edited = entries(sample_db, "agency")
    assert (created.action, created.entity_id) == ("create", agency_id)
    assert (edited.action, fields(edited)) == ("edit", ["phone"])
    assert "1234" not in (edited.detail or "")


# --- figures -----------------------------------------------------------------


def test_targets_written_by_supervisors_read_by_program_staff(
    sample_db: Database, admin: Database
) -> None:
    supervisor = as_role(sample_db, StaffRole.SUPERVISOR)
    value = TargetInput(fiscal_year=2024, indicator="consultations_total", target=1200)
    refused(lambda: save_target(sample_db, value), sample_db)
    refused(lambda: list_targets(admin, 2024), sample_db)
    row = save_target(supervisor, value)
    assert row.target_id is not None
    assert [t.target for t in list_targets(sample_db, 2024) if t.target_id] == [1200]
    refused(lambda: delete_target(sample_db, row.target_id), sample_db)  # type: ignore[arg-type]
    save_target(supervisor, TargetInput(2024, "consultations_total", 1300), row.target_id)
    delete_target(supervisor, row.target_id)
    created, edited, deleted = entries(sample_db, "annual_target")
    assert [e.action for e in (created, edited, deleted)] == ["create", "edit", "delete"]
    assert fields(edited) == ["target"]
    assert {e.entity_id for e in (created, edited, deleted)} == {row.target_id}


def test_line_figures_are_program_records(sample_db: Database, admin: Database) -> None:
    month = LineMonthInput(month=dt.date(2024, 6, 1), slots_offered=30, slots_used=12)
    refused(lambda: save_line_month(admin, month), sample_db)
    refused(lambda: list_line_months(admin, 2024), sample_db)
    row = save_line_month(sample_db, month)
    (entry,) = entries(sample_db, "line_monthly_figure")
    assert (entry.action, entry.entity_id) == ("create", row.figure_id)
    assert {"month", "slots_offered", "slots_used"} <= set(fields(entry))


# --- outreach, goods, group sessions -----------------------------------------


def test_outreach_events_are_program_records(sample_db: Database, admin: Database) -> None:
    refused(lambda: save_outreach_event(admin, popup(sample_db)), sample_db)
    refused(lambda: list_outreach_events(admin), sample_db)
    assert list_outreach_events(sample_db) == []
    event_id = save_outreach_event(sample_db, popup(sample_db))
    save_outreach_event(sample_db, popup(sample_db, event_id=event_id, people_approached=50))
    refused(lambda: delete_outreach_event(admin, event_id), sample_db)
    delete_outreach_event(sample_db, event_id)
    created, edited, deleted = entries(sample_db, "outreach_event")
    assert [e.action for e in (created, edited, deleted)] == ["create", "edit", "delete"]
    assert "staff_ids" in fields(created)
    assert fields(edited) == ["people_approached"]


def test_goods_on_a_case_only_by_who_may_open_it(
    sample_db: Database, suzuki: Database, admin: Database
) -> None:
    restricted = case_id(sample_db, "2024-0004")
    refused(lambda: save_goods(admin, pads(sample_db), TODAY), sample_db)
    refused(lambda: list_goods(admin), sample_db)
    # To 鈴木 the restricted case's number is no case at all.
    with pytest.raises(ValidationError) as caught:
        save_goods(suzuki, pads(sample_db, case_no="2024-0004"), TODAY)
    assert list(caught.value.errors) == ["case_no"]
    assert list_goods(sample_db) == []

    goods_id = save_goods(sample_db, pads(sample_db, case_no="2024-0004"), TODAY)
    (entry,) = entries(sample_db, "goods_distribution")
    assert (entry.action, entry.entity_id, entry.case_id) == ("create", goods_id, restricted)
    assert "case_id" in fields(entry)
    # 鈴木 sees the entry but not the case's number; saving it keeps the case.
    (row,) = list_goods(suzuki)
    assert row.case_no is None
    seen = get_goods(suzuki, goods_id)
    assert seen.case_no is None
    save_goods(suzuki, pads(sample_db, goods_id=goods_id, quantity=5), TODAY)
    assert get_goods(sample_db, goods_id).case_no == "2024-0004"
    delete_goods(suzuki, goods_id)
    _, edited, deleted = entries(sample_db, "goods_distribution")
    assert (edited.action, fields(edited), edited.case_id) == ("edit", ["quantity"], restricted)
    assert (deleted.action, deleted.case_id) == ("delete", restricted)


def test_group_sessions_are_program_records(sample_db: Database, admin: Database) -> None:
    refused(lambda: save_group_session(admin, training(sample_db)), sample_db)
    refused(lambda: list_group_sessions(admin), sample_db)
    session_id = save_group_session(sample_db, training(sample_db))
    refused(lambda: get_group_session(admin, session_id), sample_db)
    refused(lambda: delete_group_session(admin, session_id), sample_db)
    assert [row.id for row in list_group_sessions(sample_db)] == [session_id]
    delete_group_session(sample_db, session_id)
    created, deleted = entries(sample_db, "group_session")
    assert (created.action, created.entity_id) == ("create", session_id)
    assert {"theme", "participants_count"} <= set(fields(created))
    assert (deleted.action, deleted.entity_id) == ("delete", session_id)


def test_a_participants_case_number_only_from_cases_the_reader_may_open(
    sample_db: Database, suzuki: Database
) -> None:
    with sample_db.reading() as s:
        client = s.scalars(select(Case.client_id).where(Case.case_no == "2024-0004")).one()
    session_id = save_group_session(sample_db, training(sample_db, client_ids=(client,)))
    (mine,) = get_group_session(sample_db, session_id).participants
    assert mine.case_no == "2024-0004"
    (theirs,) = get_group_session(suzuki, session_id).participants
    assert (theirs.client_id, theirs.case_no) == (client, None)
    # 鈴木 saving the session keeps the participant she cannot look up.
    detail = get_group_session(suzuki, session_id)
    save_group_session(suzuki, detail.data)
    assert [p.client_id for p in get_group_session(sample_db, session_id).participants] == [client]
