"""The support-plan forms: an issue and an action, created and edited as a
person would (keyboard, Ctrl+Enter), with refusals shown at their fields."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select

from casedesk.database import Database
from casedesk.plans import IssueInput, PlanItemInput, load_plan, save_issue, save_plan_item
from db.enums import ActionStatus, CodeCategory, IssueStatus, Responsible
from db.models.agencies import Agency
from db.models.cases import Case
from db.models.codes import CodeItem
from tests.actors import as_login
from tests.gui import WAIT_MS, show_form, type_text
from ui.forms.plan_issue import PlanIssueDialog
from ui.forms.plan_item import PlanItemDialog


@pytest.fixture
def case_id(sample_db: Database) -> uuid.UUID:
    with sample_db.reading() as session:
        return session.scalars(select(Case.id).where(Case.case_no == "2024-0003")).one()


def save_and_wait(qtbot, form) -> None:
    with qtbot.waitSignal(form.context.records_changed, timeout=WAIT_MS) as blocker:
        qtbot.keyClick(form, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert blocker.args == [form.case_id]


def wait_idle(qtbot, context) -> None:
    qtbot.waitUntil(lambda: context.worker.idle, timeout=WAIT_MS)


def test_new_issue_then_edit_it(qtbot, context, sample_db, case_id) -> None:
    form = PlanIssueDialog(context, case_id)
    show_form(qtbot, form)
    assert form.windowTitle() == "課題を追加"
    assert form.title_edit.hasFocus()
    type_text(form.title_edit, "住まい")
    qtbot.keyClick(form.title_edit, Qt.Key.Key_Tab)
    qtbot.keyClick(form.topic, Qt.Key.Key_Down)  # the first topic
    topic_label = form.topic.currentText()
    qtbot.keyClick(form.topic, Qt.Key.Key_Tab)
    type_text(form.description, "DVから逃れて友人宅に滞在中")
    qtbot.keyClick(form.description, Qt.Key.Key_Tab)
    type_text(form.goal, "安全な住まいを得る")
    save_and_wait(qtbot, form)
    plan = load_plan(sample_db, case_id)
    assert plan is not None
    (issue,) = plan.issues
    assert issue.title == "住まい" and issue.topic == topic_label
    assert issue.description == "DVから逃れて友人宅に滞在中"
    assert issue.goal == "安全な住まいを得る"
    assert issue.status == IssueStatus.OPEN

    form = PlanIssueDialog(context, case_id, issue)
    show_form(qtbot, form)
    assert form.windowTitle() == "課題の編集"
    assert form.title_edit.text() == "住まい" and form.topic.currentText() == topic_label
    assert not form.dirty  # loaded values are not changes
    form.status.setFocus()
    qtbot.keyClick(form.status, Qt.Key.Key_Down)  # 未解決 → 解決
    assert form.status.currentText() == "解決"
    save_and_wait(qtbot, form)
    plan = load_plan(sample_db, case_id)
    assert plan is not None and plan.issues[0].status == IssueStatus.RESOLVED
    assert len(plan.issues) == 1


def test_issue_title_required(qtbot, context, sample_db, case_id) -> None:
    form = PlanIssueDialog(context, case_id)
    show_form(qtbot, form)
    qtbot.keyClick(form, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert form.error_text("title") == "課題を入力してください。"
    assert form.isVisible()
    assert load_plan(sample_db, case_id) is None
    # Unchanged: Esc closes without asking.
    qtbot.keyClick(form, Qt.Key.Key_Escape)
    assert not form.isVisible() and context.dialogs.discard_asked == 0


def test_new_action_for_an_agency(qtbot, context, sample_db, case_id) -> None:
    with sample_db.transaction() as session:
        kind = session.scalars(
            select(CodeItem.id).where(CodeItem.category == CodeCategory.AGENCY_KIND)
        ).first()
        session.add(Agency(name="法テラス", kind_id=kind))
    with qtbot.waitSignal(context.lookups_changed, timeout=WAIT_MS):
        context.reload_lookups()
    issue = save_issue(sample_db, case_id, IssueInput(title="離婚"))
    form = PlanItemDialog(context, case_id, issue, issue_title="離婚")
    show_form(qtbot, form)
    type_text(form.action, "弁護士との面談")
    qtbot.keyClick(form.action, Qt.Key.Key_Tab)
    qtbot.keyClick(form.goal, Qt.Key.Key_Tab)
    # 関係機関: the staff drop-down goes off, the agency one on.
    qtbot.keyClick(form.responsible, Qt.Key.Key_Down)
    assert form.responsible.currentText() == "関係機関"
    assert not form.staff.isEnabled() and form.agency.isEnabled()
    # No agency chosen yet: refused at the agency field.
    with qtbot.waitSignal(
        context.worker.busy_changed, timeout=WAIT_MS, check_params_cb=lambda busy: not busy
    ):
        qtbot.keyClick(form, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert form.error_text("responsible_agency_id") == "担当の関係機関を選択してください。"
    assert form.agency.hasFocus()
    qtbot.keyClick(form.agency, Qt.Key.Key_Down)
    assert form.agency.currentText() == "法テラス"
    qtbot.keyClick(form.agency, Qt.Key.Key_Tab)
    assert form.due_on.hasFocus()
    qtbot.keyClicks(form.due_on, "2024-12-01")
    save_and_wait(qtbot, form)
    plan = load_plan(sample_db, case_id)
    assert plan is not None
    (item,) = plan.issues[0].items
    assert item.action == "弁護士との面談"
    assert item.responsible == Responsible.AGENCY
    assert item.responsible_agency_name == "法テラス"
    assert item.responsible_staff_id is None
    assert item.due_on == dt.date(2024, 12, 1)


def test_edit_an_action(qtbot, context, sample_db, case_id) -> None:
    issue = save_issue(sample_db, case_id, IssueInput(title="仕事"))
    save_plan_item(
        sample_db,
        issue,
        PlanItemInput(
            action="ハローワークに同行",
            goal="求職登録",
            responsible_staff_id=context.staff_id,
            due_on=dt.date(2024, 11, 20),
            review_on=dt.date(2024, 12, 1),
            note="午前中のみ",
        ),
    )
    plan = load_plan(sample_db, case_id)
    assert plan is not None
    item = plan.issues[0].items[0]
    form = PlanItemDialog(context, case_id, issue, item)
    show_form(qtbot, form)
    assert form.windowTitle() == "対応の編集"
    assert form.action.toPlainText() == "ハローワークに同行"
    assert form.goal.text() == "求職登録"
    assert form.staff.value() == context.staff_id and form.staff.isEnabled()
    assert not form.agency.isEnabled()
    assert form.due_on.text() == "2024/11/20"
    assert form.review_on.text() == "2024/12/01"
    assert form.note.toPlainText() == "午前中のみ"
    assert not form.dirty
    # A date it cannot read is refused before the database is asked.
    form.due_on.setText("11/31")
    form.save()
    assert form.error_text("due_on")
    form.due_on.setText("2024-11-25")
    form.status.setCurrentIndex(form.status.findData(ActionStatus.IN_PROGRESS))
    save_and_wait(qtbot, form)
    wait_idle(qtbot, context)
    plan = load_plan(sample_db, case_id)
    assert plan is not None
    (changed,) = plan.issues[0].items
    assert changed.id == item.id
    assert changed.due_on == dt.date(2024, 11, 25)
    assert changed.status == ActionStatus.IN_PROGRESS
    assert changed.note == "午前中のみ"


def test_an_issue_on_a_case_she_may_not_change_is_refused(qtbot, context, sample_db) -> None:
    """2024-0004 is restricted and 佐藤's: 鈴木's issue is refused on the form."""
    with sample_db.reading() as session:
        secret = session.scalars(select(Case.id).where(Case.case_no == "2024-0004")).one()
    context.database = as_login(sample_db, "suzuki")
    form = PlanIssueDialog(context, secret)
    show_form(qtbot, form)
    type_text(form.title_edit, "住まい")
    qtbot.keyClick(form, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(form.banner.isVisible, timeout=WAIT_MS)
    assert form.banner.text() == "このケースを開く権限がありません。"
    assert form.isVisible() and form.title_edit.text() == "住まい"
    assert context.dialogs.warnings == []
    assert load_plan(sample_db, secret) is None
    wait_idle(qtbot, context)
