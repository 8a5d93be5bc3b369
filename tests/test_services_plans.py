"""The support plan: a draft made with the first issue, issues and actions
created and edited, refused input (nothing written), and the due list still
reading the actions."""

from __future__ import annotations

import datetime as dt
import json
import uuid

import pytest
from sqlalchemy import func, select

from casedesk.auth import AccessDenied
from casedesk.database import Database
from casedesk.errors import ValidationError
from casedesk.followups import FollowUpKind, due_followups
from casedesk.plans import (
    IssueInput,
    PlanItemInput,
    load_plan,
    save_issue,
    save_plan_item,
    set_item_status,
)
from db.enums import (
    ActionStatus,
    CodeCategory,
    IssueStatus,
    PlanStatus,
    Responsible,
)
from db.models.agencies import Agency
from db.models.audit import AuditEntry
from db.models.cases import Case
from db.models.codes import CodeItem
from db.models.people import Staff
from db.models.plans import PlanItem, SupportIssue, SupportPlan
from tests.actors import as_login


def case_id(db: Database, case_no: str) -> uuid.UUID:
    with db.reading() as session:
        return session.scalars(select(Case.id).where(Case.case_no == case_no)).one()


def staff_id(db: Database, name: str) -> uuid.UUID:
    with db.reading() as session:
        return session.scalars(select(Staff.id).where(Staff.name == name)).one()


def count(db: Database, model: type) -> int:
    with db.reading() as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


@pytest.fixture
def agency(sample_db: Database) -> uuid.UUID:
    with sample_db.transaction() as session:
        kind = session.scalars(
            select(CodeItem.id).where(CodeItem.category == CodeCategory.AGENCY_KIND)
        ).first()
        row = Agency(name="法テラス", kind_id=kind)
        session.add(row)
        session.flush()
        return row.id


def test_first_issue_makes_a_draft_plan(sample_db: Database) -> None:
    cid = case_id(sample_db, "2024-0003")
    assert load_plan(sample_db, cid) is None
    with sample_db.reading() as session:
        topic = session.scalars(
            select(CodeItem.id).where(CodeItem.category == CodeCategory.TOPIC)
        ).first()
    first = save_issue(sample_db, cid, IssueInput(title=" 住まい ", topic_id=topic, goal="転居"))
    second = save_issue(sample_db, cid, IssueInput(title="仕事"))
    plan = load_plan(sample_db, cid)
    assert plan is not None
    assert (plan.version, plan.status) == (1, PlanStatus.DRAFT)
    assert [issue.id for issue in plan.issues] == [first, second]
    assert plan.issues[0].title == "住まい"
    assert plan.issues[0].goal == "転居"
    assert plan.issues[0].topic_id == topic and plan.issues[0].topic
    assert count(sample_db, SupportPlan) == 1

    # Editing keeps the issue and its place.
    save_issue(
        sample_db, cid, IssueInput(title="住まい（転居）", status=IssueStatus.RESOLVED), first
    )
    plan = load_plan(sample_db, cid)
    assert plan is not None
    assert plan.issues[0].title == "住まい（転居）"
    assert plan.issues[0].status == IssueStatus.RESOLVED
    assert plan.issues[0].goal is None


def test_superseded_plans_are_not_current(sample_db: Database) -> None:
    cid = case_id(sample_db, "2024-0003")
    with sample_db.transaction() as session:
        session.add(SupportPlan(case_id=cid, version=1, status=PlanStatus.SUPERSEDED))
    assert load_plan(sample_db, cid) is None
    save_issue(sample_db, cid, IssueInput(title="住まい"))
    plan = load_plan(sample_db, cid)
    assert plan is not None and plan.version == 2


def test_issue_refusals(sample_db: Database) -> None:
    cid = case_id(sample_db, "2024-0003")
    with pytest.raises(ValidationError) as refused:
        save_issue(sample_db, cid, IssueInput(title="  "))
    assert refused.value.errors == {"title": "課題を入力してください。"}
    with pytest.raises(ValidationError) as refused:
        save_issue(sample_db, cid, IssueInput(title="あ" * 201, topic_id=uuid.uuid4()))
    assert set(refused.value.errors) == {"title", "topic_id"}
    closed = case_id(sample_db, "2024-0002")
    with pytest.raises(ValidationError) as refused:
        save_issue(sample_db, closed, IssueInput(title="住まい"))
    assert refused.value.errors == {"case_id": "終結したケースには課題を追加できません。"}
    # Nothing was written, not even the draft plan.
    assert count(sample_db, SupportPlan) == 0
    assert count(sample_db, SupportIssue) == 0


def test_items_created_edited_and_done(sample_db: Database, agency: uuid.UUID) -> None:
    cid = case_id(sample_db, "2024-0003")
    suzuki = staff_id(sample_db, "鈴木 恵")
    issue = save_issue(sample_db, cid, IssueInput(title="離婚"))
    item = save_plan_item(
        sample_db,
        issue,
        PlanItemInput(
            action="法律相談を予約する",
            goal="離婚の手続きを知る",
            responsible_staff_id=suzuki,
            due_on=dt.date(2024, 11, 5),
            note=" ",
        ),
    )
    other = save_plan_item(
        sample_db,
        issue,
        PlanItemInput(
            action="弁護士との面談",
            responsible=Responsible.AGENCY,
            responsible_agency_id=agency,
            status=ActionStatus.IN_PROGRESS,
        ),
    )
    plan = load_plan(sample_db, cid)
    assert plan is not None
    first, second = plan.issues[0].items
    assert (first.id, second.id) == (item, other)
    assert first.responsible_staff_name == "鈴木 恵" and first.note is None
    assert first.overdue(dt.date(2024, 11, 6)) and not first.overdue(dt.date(2024, 11, 5))
    assert second.responsible_agency_name == "法テラス"

    save_plan_item(
        sample_db,
        issue,
        PlanItemInput(action="本人が法テラスに電話する", responsible=Responsible.CLIENT),
        item,
    )
    assert set_item_status(sample_db, other, ActionStatus.DONE) == cid
    plan = load_plan(sample_db, cid)
    assert plan is not None
    first, second = plan.issues[0].items
    assert first.action == "本人が法テラスに電話する"
    assert first.responsible == Responsible.CLIENT and first.responsible_staff_id is None
    assert first.due_on is None
    assert second.status == ActionStatus.DONE and not second.overdue(dt.date(2099, 1, 1))
    assert count(sample_db, PlanItem) == 2


def test_item_refusals(sample_db: Database, agency: uuid.UUID) -> None:
    cid = case_id(sample_db, "2024-0003")
    sato = staff_id(sample_db, "佐藤 花子")
    issue = save_issue(sample_db, cid, IssueInput(title="離婚"))
    cases = [
        (PlanItemInput(action=""), {"action": "対応を入力してください。"}),
        (
            PlanItemInput(action="電話", responsible=Responsible.AGENCY),
            {"responsible_agency_id": "担当の関係機関を選択してください。"},
        ),
        (
            PlanItemInput(
                action="電話",
                responsible=Responsible.AGENCY,
                responsible_agency_id=agency,
                responsible_staff_id=sato,
            ),
            {"responsible_staff_id": "担当が「関係機関」の場合は職員を指定できません。"},
        ),
        (
            PlanItemInput(action="電話", responsible_agency_id=agency),
            {"responsible_agency_id": "担当が「当プログラム」の場合は関係機関を指定できません。"},
        ),
        (
            PlanItemInput(action="電話", responsible=Responsible.CLIENT, responsible_staff_id=sato),
            {"responsible_staff_id": "担当が「本人」の場合は職員を指定できません。"},
        ),
        (
            PlanItemInput(action="電話", responsible_staff_id=uuid.uuid4()),
            {"responsible_staff_id": "職員が見つかりません。"},
        ),
    ]
    for data, errors in cases:
        with pytest.raises(ValidationError) as refused:
            save_plan_item(sample_db, issue, data)
        assert refused.value.errors == errors
    with pytest.raises(ValidationError) as refused:
        save_plan_item(sample_db, uuid.uuid4(), PlanItemInput(action="電話"))
    assert refused.value.errors == {"issue_id": "課題が見つかりません。"}
    with pytest.raises(ValidationError) as refused:
        set_item_status(sample_db, uuid.uuid4(), ActionStatus.DONE)
    assert refused.value.errors == {"item_id": "対応が見つかりません。"}
    assert count(sample_db, PlanItem) == 0


def test_due_list_reads_plan_items(sample_db: Database) -> None:
    cid = case_id(sample_db, "2024-0003")  # lead: 鈴木 恵
    suzuki = staff_id(sample_db, "鈴木 恵")
    issue = save_issue(sample_db, cid, IssueInput(title="住まい"))
    item = save_plan_item(
        sample_db, issue, PlanItemInput(action="住宅課に同行", due_on=dt.date(2024, 11, 1))
    )
    # (鈴木's own due list: 佐藤 may not read another counselor's.)
    as_suzuki = as_login(sample_db, "suzuki")
    due = due_followups(as_suzuki, suzuki, dt.date(2024, 11, 3))
    assert [(d.kind, d.source_id, d.what) for d in due] == [
        (FollowUpKind.PLAN_ACTION, item, "住宅課に同行")
    ]
    set_item_status(sample_db, item, ActionStatus.DONE)
    assert due_followups(as_suzuki, suzuki, dt.date(2024, 11, 3)) == []


# --- access and audit (issue 4) ---------------------------------------------


def trail(db: Database) -> list[tuple[str, str | None, uuid.UUID | None, list[str]]]:
    """(action, entity type, case id, field names) of every audit entry."""
    with db.reading() as session:
        return [
            (e.action, e.entity_type, e.case_id, json.loads(e.detail or "{}").get("fields"))
            for e in session.scalars(select(AuditEntry).order_by(AuditEntry.seq))
        ]


def test_saves_are_audited_with_field_names(sample_db: Database) -> None:
    cid = case_id(sample_db, "2024-0003")
    before = len(trail(sample_db))
    issue = save_issue(sample_db, cid, IssueInput(title="住まい", goal="転居"))
    item = save_plan_item(sample_db, issue, PlanItemInput(action="住宅課に同行"))
    save_issue(sample_db, cid, IssueInput(title="住まい", goal="公営住宅"), issue)
    save_issue(sample_db, cid, IssueInput(title="住まい", goal="公営住宅"), issue)  # no change
    set_item_status(sample_db, item, ActionStatus.DONE)
    set_item_status(sample_db, item, ActionStatus.DONE)  # no change
    assert trail(sample_db)[before:] == [
        ("create", "support_plan", cid, ["version", "status"]),
        ("create", "support_issue", cid, ["title", "goal", "status"]),
        ("create", "plan_item", cid, ["action", "responsible", "status"]),
        ("edit", "support_issue", cid, ["goal"]),
        ("edit", "plan_item", cid, ["status"]),
    ]
    with sample_db.reading() as session:
        texts = [e.detail or "" for e in session.scalars(select(AuditEntry))]
    assert not any("住宅課" in text or "公営住宅" in text for text in texts)


def test_a_case_she_may_not_open_takes_no_plan(sample_db: Database) -> None:
    """2024-0004 is restricted and 佐藤's: 鈴木 may not read or change its plan."""
    cid = case_id(sample_db, "2024-0004")
    issue = save_issue(sample_db, cid, IssueInput(title="安全"))
    item = save_plan_item(sample_db, issue, PlanItemInput(action="保護命令の相談"))
    other = as_login(sample_db, "suzuki")
    before = (trail(sample_db), count(sample_db, SupportIssue), count(sample_db, PlanItem))
    attempts = [
        lambda: load_plan(other, cid),
        lambda: save_issue(other, cid, IssueInput(title="別の課題")),
        lambda: save_issue(other, cid, IssueInput(title="書き換え"), issue),
        lambda: save_plan_item(other, issue, PlanItemInput(action="別の対応")),
        lambda: save_plan_item(other, issue, PlanItemInput(action="書き換え"), item),
        lambda: set_item_status(other, item, ActionStatus.DONE),
        # An action of the hidden case moved through an issue of her own.
        lambda: save_plan_item(
            other,
            save_issue(other, case_id(sample_db, "2024-0003"), IssueInput(title="x")),
            PlanItemInput(action="移す"),
            item,
        ),
    ]
    for attempt in attempts:
        with pytest.raises(AccessDenied):
            attempt()
    # (the last attempt's own issue on 2024-0003 was saved and audited: not the point)
    after = (trail(sample_db), count(sample_db, SupportIssue), count(sample_db, PlanItem))
    assert after[0][: len(before[0])] == before[0]
    assert [t[1] for t in after[0][len(before[0]) :]] == ["support_plan", "support_issue"]
    assert after[2] == before[2]
    plan = load_plan(sample_db, cid)
    assert plan is not None
    assert [(i.title, [a.action for a in i.items]) for i in plan.issues] == [
        ("安全", ["保護命令の相談"])
    ]
    assert plan.issues[0].items[0].status == ActionStatus.PLANNED
