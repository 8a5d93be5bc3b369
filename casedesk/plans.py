"""The support plan (支援計画) of a case: its issues (課題) and their actions.

A case's plan is versioned (``support_plans.version``); adopting a new
version supersedes the old one.  The *current* plan is the latest version
that is not superseded, whether a draft or adopted: that is what the
counselors work on.  Adding the first issue to a case that has none creates
a draft plan (version 1, or the next number after superseded ones), so that
a counselor can start writing issues down without a separate "new plan" step.

Each action says who carries it out (``Responsible``):

- the program: a staff member, or nobody named = the case's lead counselor
  (the due list reads it so);
- a partner agency: which one is required;
- the client herself: neither a staff member nor an agency.

Every save is one transaction, and a refused save writes nothing and raises
``ValidationError`` with a Japanese message per field.

Access (issue 4): reading a plan needs a case the signed-in actor may open,
every save one she may change (``casedesk.access.require_case``), checked
before anything else (so that a refusal tells nothing about the case), or
``AccessDenied``.  Each save writes its audit entries (CREATE or EDIT, with
the names of the fields set or changed) in the same transaction as the save.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased

from casedesk.access import require_case
from casedesk.audit import AuditAction, record
from casedesk.auth import actor_of
from casedesk.checks import check_code, check_staff, clean_text
from casedesk.database import Database
from casedesk.errors import ValidationError
from db.enums import (
    ActionStatus,
    CaseStatus,
    CodeCategory,
    IssueStatus,
    PlanStatus,
    Responsible,
)
from db.models.agencies import Agency
from db.models.cases import Case
from db.models.codes import CodeItem
from db.models.people import Staff
from db.models.plans import PlanItem, SupportIssue, SupportPlan

TITLE_MAX = 200


@dataclass(frozen=True)
class PlanItemRow:
    id: uuid.UUID
    issue_id: uuid.UUID
    action: str
    goal: str | None
    responsible: Responsible
    responsible_staff_id: uuid.UUID | None
    responsible_staff_name: str | None
    responsible_agency_id: uuid.UUID | None
    responsible_agency_name: str | None
    due_on: dt.date | None
    status: ActionStatus
    review_on: dt.date | None
    note: str | None

    @property
    def is_open(self) -> bool:
        return self.status in (ActionStatus.PLANNED, ActionStatus.IN_PROGRESS)

    def overdue(self, today: dt.date) -> bool:
        return self.is_open and self.due_on is not None and self.due_on < today


@dataclass(frozen=True)
class IssueRow:
    id: uuid.UUID
    plan_id: uuid.UUID
    title: str
    topic_id: uuid.UUID | None
    topic: str | None
    description: str | None
    goal: str | None
    status: IssueStatus
    items: tuple[PlanItemRow, ...]


@dataclass(frozen=True)
class Plan:
    """The current plan of a case, its issues in order, each with its actions."""

    id: uuid.UUID
    case_id: uuid.UUID
    version: int
    status: PlanStatus
    summary: str | None
    adopted_on: dt.date | None
    review_on: dt.date | None
    issues: tuple[IssueRow, ...]


@dataclass(frozen=True)
class IssueInput:
    title: str | None
    topic_id: uuid.UUID | None = None
    description: str | None = None
    goal: str | None = None
    status: IssueStatus = IssueStatus.OPEN


@dataclass(frozen=True)
class PlanItemInput:
    """An action.  ``responsible_staff_id`` only with ``Responsible.PROGRAM``
    (None = the case's lead counselor), ``responsible_agency_id`` required
    with ``Responsible.AGENCY``; with ``Responsible.CLIENT`` neither."""

    action: str | None
    goal: str | None = None
    responsible: Responsible = Responsible.PROGRAM
    responsible_staff_id: uuid.UUID | None = None
    responsible_agency_id: uuid.UUID | None = None
    due_on: dt.date | None = None
    status: ActionStatus = ActionStatus.PLANNED
    review_on: dt.date | None = None
    note: str | None = None


def _current_plan(session: Session, case_id: uuid.UUID) -> SupportPlan | None:
    return session.scalar(
        select(SupportPlan)
        .where(SupportPlan.case_id == case_id, SupportPlan.status != PlanStatus.SUPERSEDED)
        .order_by(SupportPlan.version.desc())
        .limit(1)
    )


def load_plan(db: Database, case_id: uuid.UUID) -> Plan | None:
    """The case's current plan (None if it has none yet): three queries.
    Not audited by itself: part of the case view (its header logs the view)."""
    actor = actor_of(db)
    with db.reading() as session:
        require_case(session, actor, case_id)
        plan = _current_plan(session, case_id)
        if plan is None:
            return None
        topic = aliased(CodeItem)
        issue_rows = session.execute(
            select(SupportIssue, topic.label)
            .outerjoin(topic, topic.id == SupportIssue.topic_id)
            .where(SupportIssue.plan_id == plan.id)
            .order_by(SupportIssue.sort_order, SupportIssue.created_at, SupportIssue.id)
        ).all()
        item_rows = session.execute(
            select(PlanItem, Staff.name, Agency.name)
            .join(SupportIssue, SupportIssue.id == PlanItem.issue_id)
            .outerjoin(Staff, Staff.id == PlanItem.responsible_staff_id)
            .outerjoin(Agency, Agency.id == PlanItem.responsible_agency_id)
            .where(SupportIssue.plan_id == plan.id)
            .order_by(PlanItem.sort_order, PlanItem.created_at, PlanItem.id)
        ).all()
        items: dict[uuid.UUID, list[PlanItemRow]] = {}
        for item, staff_name, agency_name in item_rows:
            items.setdefault(item.issue_id, []).append(
                PlanItemRow(
                    id=item.id,
                    issue_id=item.issue_id,
                    action=item.action,
                    goal=item.goal,
                    responsible=item.responsible,
                    responsible_staff_id=item.responsible_staff_id,
                    responsible_staff_name=staff_name,
                    responsible_agency_id=item.responsible_agency_id,
                    responsible_agency_name=agency_name,
                    due_on=item.due_on,
                    status=item.status,
                    review_on=item.review_on,
                    note=item.note,
                )
            )
        issues = tuple(
            IssueRow(
                id=issue.id,
                plan_id=issue.plan_id,
                title=issue.title,
                topic_id=issue.topic_id,
                topic=label,
                description=issue.description,
                goal=issue.goal,
                status=issue.status,
                items=tuple(items.get(issue.id, [])),
            )
            for issue, label in issue_rows
        )
        return Plan(
            id=plan.id,
            case_id=plan.case_id,
            version=plan.version,
            status=plan.status,
            summary=plan.summary,
            adopted_on=plan.adopted_on,
            review_on=plan.review_on,
            issues=issues,
        )


def _draft_plan(
    session: Session, case_id: uuid.UUID, author_id: uuid.UUID | None, staff_id: uuid.UUID
) -> SupportPlan:
    """The current plan, or a new draft after the last version (recorded
    in the audit trail as created by ``staff_id``)."""
    plan = _current_plan(session, case_id)
    if plan is not None:
        return plan
    last = session.scalar(
        select(func.max(SupportPlan.version)).where(SupportPlan.case_id == case_id)
    )
    plan = SupportPlan(
        case_id=case_id,
        version=(last or 0) + 1,
        status=PlanStatus.DRAFT,
        author_id=author_id,
    )
    session.add(plan)
    session.flush()
    record(
        session,
        staff_id,
        AuditAction.CREATE,
        entity_type="support_plan",
        entity_id=plan.id,
        case_id=case_id,
        detail={"fields": ["version", "status"]},
    )
    return plan


def _changed(row: object, values: dict[str, object]) -> list[str]:
    """Set ``values`` on ``row``; the names of those that changed."""
    changed = [name for name, value in values.items() if getattr(row, name) != value]
    for name in changed:
        setattr(row, name, values[name])
    return changed


def _check_issue(session: Session, data: IssueInput) -> tuple[dict[str, str], str | None]:
    errors: dict[str, str] = {}
    title = clean_text(data.title)
    if title is None:
        errors["title"] = "課題を入力してください。"
    elif len(title) > TITLE_MAX:
        errors["title"] = f"課題は{TITLE_MAX}文字以内で入力してください。"
    if data.topic_id is not None:
        problem = check_code(session, data.topic_id, CodeCategory.TOPIC)
        if problem is not None:
            errors["topic_id"] = problem
    return errors, title


def save_issue(
    db: Database,
    case_id: uuid.UUID,
    data: IssueInput,
    issue_id: uuid.UUID | None = None,
    author_id: uuid.UUID | None = None,
) -> uuid.UUID:
    """Add an issue to the case's current plan (creating a draft plan if the
    case has none), or, with ``issue_id``, change that issue.  Returns the
    issue's id.  A closed case takes no new issues.  Audited: CREATE or
    EDIT of the "support_issue" (and CREATE of a new draft "support_plan")."""
    actor = actor_of(db)
    with db.transaction() as session:
        case: Case = require_case(session, actor, case_id, write=True)
        errors, title = _check_issue(session, data)
        issue: SupportIssue | None = None
        if issue_id is not None:
            issue = session.get(SupportIssue, issue_id)
            plan = session.get(SupportPlan, issue.plan_id) if issue is not None else None
            if issue is None or plan is None or plan.case_id != case_id:
                errors["issue_id"] = "課題が見つかりません。"
        elif case.status != CaseStatus.OPEN:
            errors["case_id"] = "終結したケースには課題を追加できません。"
        check_staff(session, errors, author_id, "author_id")
        if errors:
            raise ValidationError(errors)
        assert title is not None
        created = issue is None
        if issue is None:
            plan = _draft_plan(session, case_id, author_id, actor.staff_id)
            last = session.scalar(
                select(func.max(SupportIssue.sort_order)).where(SupportIssue.plan_id == plan.id)
            )
            issue = SupportIssue(plan_id=plan.id, sort_order=(last or 0) + 1)
            session.add(issue)
        changed = _changed(
            issue,
            {
                "title": title,
                "topic_id": data.topic_id,
                "description": clean_text(data.description),
                "goal": clean_text(data.goal),
                "status": data.status,
            },
        )
        session.flush()
        if created or changed:
            record(
                session,
                actor.staff_id,
                AuditAction.CREATE if created else AuditAction.EDIT,
                entity_type="support_issue",
                entity_id=issue.id,
                case_id=case_id,
                detail={"fields": changed},
            )
        return issue.id


def _case_of_issue(session: Session, issue_id: uuid.UUID) -> uuid.UUID | None:
    return session.scalar(
        select(SupportPlan.case_id)
        .join(SupportIssue, SupportIssue.plan_id == SupportPlan.id)
        .where(SupportIssue.id == issue_id)
    )


def _check_item(session: Session, data: PlanItemInput) -> dict[str, str]:
    errors: dict[str, str] = {}
    if clean_text(data.action) is None:
        errors["action"] = "対応を入力してください。"
    staff_id, agency_id = data.responsible_staff_id, data.responsible_agency_id
    if data.responsible == Responsible.PROGRAM:
        if agency_id is not None:
            errors["responsible_agency_id"] = (
                "担当が「当プログラム」の場合は関係機関を指定できません。"
            )
        if staff_id is not None:
            member = session.get(Staff, staff_id)
            if member is None:
                errors["responsible_staff_id"] = "職員が見つかりません。"
            elif not member.active:
                errors["responsible_staff_id"] = "この職員は現在無効になっています。"
    elif data.responsible == Responsible.AGENCY:
        if staff_id is not None:
            errors["responsible_staff_id"] = "担当が「関係機関」の場合は職員を指定できません。"
        if agency_id is None:
            errors["responsible_agency_id"] = "担当の関係機関を選択してください。"
        elif session.get(Agency, agency_id) is None:
            errors["responsible_agency_id"] = "機関が見つかりません。"
    else:
        if staff_id is not None:
            errors["responsible_staff_id"] = "担当が「本人」の場合は職員を指定できません。"
        if agency_id is not None:
            errors["responsible_agency_id"] = "担当が「本人」の場合は関係機関を指定できません。"
    return errors


def save_plan_item(
    db: Database,
    issue_id: uuid.UUID,
    data: PlanItemInput,
    item_id: uuid.UUID | None = None,
) -> uuid.UUID:
    """Add an action to an issue, or, with ``item_id``, change that action
    (it may move to ``issue_id``, another issue of the same plan).  Returns
    the action's id.  Audited: CREATE or EDIT of the "plan_item"."""
    actor = actor_of(db)
    with db.transaction() as session:
        # The cases first: a refusal must come before anything is said
        # about the issue or the action.
        case_id = _case_of_issue(session, issue_id)
        if case_id is not None:
            require_case(session, actor, case_id, write=True)
        item: PlanItem | None = None
        if item_id is not None:
            item = session.get(PlanItem, item_id)
            item_case = _case_of_issue(session, item.issue_id) if item is not None else None
            if item_case is not None and item_case != case_id:
                require_case(session, actor, item_case, write=True)
        errors = _check_item(session, data)
        issue = session.get(SupportIssue, issue_id) if case_id is not None else None
        if issue is None:
            errors["issue_id"] = "課題が見つかりません。"
        if item_id is not None:
            if item is None:
                errors["item_id"] = "対応が見つかりません。"
            elif issue is not None and item.issue_id != issue_id:
                old = session.get(SupportIssue, item.issue_id)
                if old is None or old.plan_id != issue.plan_id:
                    errors["issue_id"] = "別の計画の課題には移せません。"
        if errors:
            raise ValidationError(errors)
        action = clean_text(data.action)
        assert action is not None
        created = item is None
        if item is None:
            last = session.scalar(
                select(func.max(PlanItem.sort_order)).where(PlanItem.issue_id == issue_id)
            )
            item = PlanItem(issue_id=issue_id, sort_order=(last or 0) + 1)
            session.add(item)
        changed = _changed(
            item,
            {
                "issue_id": issue_id,
                "action": action,
                "goal": clean_text(data.goal),
                "responsible": data.responsible,
                "responsible_staff_id": data.responsible_staff_id,
                "responsible_agency_id": data.responsible_agency_id,
                "due_on": data.due_on,
                "status": data.status,
                "review_on": data.review_on,
                "note": clean_text(data.note),
            },
        )
        session.flush()
        if created or changed:
            record(
                session,
                actor.staff_id,
                AuditAction.CREATE if created else AuditAction.EDIT,
                entity_type="plan_item",
                entity_id=item.id,
                case_id=case_id,
                detail={"fields": changed},
            )
        return item.id


def set_item_status(db: Database, item_id: uuid.UUID, status: ActionStatus) -> uuid.UUID:
    """Change only an action's status (完了 from the plan's button).  Returns
    the case's id, for the views to refresh.  Audited: EDIT of the
    "plan_item" (fields ["status"]) when the status changes."""
    actor = actor_of(db)
    with db.transaction() as session:
        row = session.execute(
            select(PlanItem, SupportPlan.case_id)
            .join(SupportIssue, SupportIssue.id == PlanItem.issue_id)
            .join(SupportPlan, SupportPlan.id == SupportIssue.plan_id)
            .where(PlanItem.id == item_id)
        ).one_or_none()
        if row is None:
            raise ValidationError({"item_id": "対応が見つかりません。"})
        item, case_id = row
        require_case(session, actor, case_id, write=True)
        if _changed(item, {"status": status}):
            record(
                session,
                actor.staff_id,
                AuditAction.EDIT,
                entity_type="plan_item",
                entity_id=item.id,
                case_id=case_id,
                detail={"fields": ["status"]},
            )
        return case_id
