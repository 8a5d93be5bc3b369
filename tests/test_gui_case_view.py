"""The case view on the sample database: header, profile, timeline, plan,
the reveal of personal details, reloading on ``records_changed``, and the
signals it leaves to other forms."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select, update

from casedesk.consultations import ConsultationInput, log_consultation
from casedesk.database import Database
from casedesk.plans import IssueInput, PlanItemInput, load_plan, save_issue, save_plan_item
from casedesk.referrals import create_referral
from db.enums import ActionStatus, CodeCategory
from db.models.audit import AuditEntry
from db.models.cases import Case
from db.models.codes import CodeItem
from db.models.people import Client
from tests.actors import as_login
from tests.gui import WAIT_MS, show_form, type_text
from ui.case_view import CaseView
from ui.context import AppContext
from ui.forms.plan_issue import PlanIssueDialog
from ui.forms.plan_item import PlanItemDialog
from ui.plan_model import Column as PlanColumn
from ui.timeline_model import Column as TimelineColumn


def case_id(db: Database, case_no: str) -> uuid.UUID:
    with db.reading() as session:
        return session.scalars(select(Case.id).where(Case.case_no == case_no)).one()


def open_view(qtbot, context: AppContext, cid: uuid.UUID) -> CaseView:
    view = CaseView(context, cid)
    with qtbot.waitSignal(view.loaded, timeout=WAIT_MS):
        show_form(qtbot, view)
    return view


def cell(view: CaseView, row: int, column: int) -> str:
    model = view.timeline_model
    return str(model.data(model.index(row, column)))


def test_header_profile_and_timeline(qtbot, context, sample_db) -> None:
    cid = case_id(sample_db, "2024-0004")
    with sample_db.transaction() as session:
        client = session.get(Client, session.get(Case, cid).client_id)  # type: ignore[union-attr]
        assert client is not None
        client.contact_safety_notes = "夫が携帯を見る。電話不可"
        client.household = "夫、子2人"
    view = open_view(qtbot, context, cid)
    assert view.case_no == "2024-0004"
    assert view.title() == "2024-0004 みどり"
    assert view.case_no_label.text() == "2024-0004"
    assert view.client_label.text() == "みどり"
    assert view.status_label.text() == "対応中"
    # DV, high risk and restricted: all three badges.
    assert view.dv_badge.isVisibleTo(view)
    assert view.risk_badge.isVisibleTo(view) and view.risk_badge.text() == "リスク高"
    assert view.restricted_badge.isVisibleTo(view)
    assert view.restricted_badge.text() == "閲覧制限"
    assert view.profile["age_band"].text() == "30代"
    assert view.profile["household"].text() == "夫、子2人"
    assert view.profile["lead"].text() == "佐藤 花子"
    assert view.safety_label.isVisibleTo(view)
    assert "夫が携帯を見る。電話不可" in view.safety_label.text()
    assert view.sensitive["phone"].text() == "未登録"
    assert not view.reveal_button.isEnabled()
    # Three consultations and the opening, newest first.
    assert view.timeline_model.rowCount() == 4
    assert [cell(view, row, TimelineColumn.DATE) for row in range(4)] == [
        "2024/11/02",
        "2024/10/30",
        "2024/10/13",
        "2024/04/01",
    ]
    assert cell(view, 0, TimelineColumn.KIND) == "相談"
    assert cell(view, 3, TimelineColumn.KIND) == "ケース開始"
    # Selecting a row shows its detail.
    view.timeline_view.selectRow(2)
    assert "2024/10/13" in view.detail.toPlainText()
    assert "LINE（DV）" in view.detail.toPlainText()

    # A healthier case shows no badges.
    calm = open_view(qtbot, context, case_id(sample_db, "2024-0005"))
    assert not calm.dv_badge.isVisibleTo(calm)
    assert not calm.risk_badge.isVisibleTo(calm)
    assert not calm.restricted_badge.isVisibleTo(calm)
    assert not calm.safety_label.isVisibleTo(calm)


def test_a_new_consultation_appears_on_top(qtbot, context, sample_db) -> None:
    cid = case_id(sample_db, "2024-0003")
    view = open_view(qtbot, context, cid)
    assert view.timeline_model.rowCount() == 4
    with sample_db.reading() as session:
        phone = session.scalars(
            select(CodeItem.id).where(
                CodeItem.category == CodeCategory.CHANNEL, CodeItem.label == "電話"
            )
        ).one()
    log_consultation(
        sample_db,
        ConsultationInput(
            consulted_on=dt.date.today(),
            channel_id=phone,
            case_id=cid,
            counselor_id=context.staff_id,
            narrative="住まいの相談",
        ),
    )
    # Another case's change does not reload this view; its own does.
    with qtbot.waitSignal(view.loaded, timeout=WAIT_MS):
        context.notify_changed(case_id(sample_db, "2024-0004"))
        context.notify_changed(cid)
    assert view.timeline_model.rowCount() == 5
    assert cell(view, 0, TimelineColumn.DATE) == f"{dt.date.today():%Y/%m/%d}"
    assert cell(view, 0, TimelineColumn.TITLE) == "電話"
    assert cell(view, 0, TimelineColumn.WHO) == context.lookups.label(context.staff_id)


def test_reveal_shows_the_phone(qtbot, context, sample_db) -> None:
    cid = case_id(sample_db, "2024-0003")
    with sample_db.transaction() as session:
        client = session.get(Client, session.get(Case, cid).client_id)  # type: ignore[union-attr]
        assert client is not None
        client.phone = "090-1111-2222"
        client.real_name = "佐々木 桜"
    view = open_view(qtbot, context, cid)
    assert view.sensitive["phone"].text() == "登録あり（非表示）"
    assert view.sensitive["real_name"].text() == "登録あり（非表示）"
    assert view.sensitive["address"].text() == "未登録"
    assert "記録" in view.reveal_button.toolTip()
    assert view.reveal_button.text() == "表示する"
    with qtbot.waitSignal(view.revealed, timeout=WAIT_MS):
        qtbot.mouseClick(view.reveal_button, Qt.MouseButton.LeftButton)
    assert view.sensitive["phone"].text() == "090-1111-2222"
    assert view.sensitive["real_name"].text() == "佐々木 桜"
    assert view.sensitive["address"].text() == "未登録"
    # A reload hides them again.
    with qtbot.waitSignal(view.loaded, timeout=WAIT_MS):
        context.notify_changed(None)
    assert view.sensitive["phone"].text() == "登録あり（非表示）"


def test_add_a_plan_item_by_keyboard(qtbot, context, sample_db) -> None:
    cid = case_id(sample_db, "2024-0003")
    issue = save_issue(sample_db, cid, IssueInput(title="住まい"))
    view = open_view(qtbot, context, cid)
    assert view.plan_model.rowCount() == 1
    assert view.plan_box.title() == "支援計画（第1版）"
    # One issue: 対応を追加 needs no selection.
    assert view.add_item_button.isEnabled()
    qtbot.mouseClick(view.add_item_button, Qt.MouseButton.LeftButton)
    form = view.active_form
    assert isinstance(form, PlanItemDialog)
    show_form(qtbot, form)
    assert form.windowTitle() == "「住まい」に対応を追加"
    assert form.action.hasFocus()
    type_text(form.action, "市営住宅の申込み")
    qtbot.keyClick(form.action, Qt.Key.Key_Tab)
    type_text(form.goal, "4月までに転居")
    qtbot.keyClick(form.goal, Qt.Key.Key_Tab)
    qtbot.keyClick(form.responsible, Qt.Key.Key_Tab)  # our program
    qtbot.keyClick(form.staff, Qt.Key.Key_Tab)  # (lead counselor); the agency is skipped
    assert form.due_on.hasFocus()
    qtbot.keyClicks(form.due_on, "2024/01/15")
    with qtbot.waitSignal(view.loaded, timeout=WAIT_MS):
        qtbot.keyClick(form, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert not form.isVisible()
    plan = load_plan(sample_db, cid)
    assert plan is not None
    (item,) = plan.issues[0].items
    assert item.issue_id == issue
    assert (item.action, item.goal, item.due_on) == (
        "市営住宅の申込み",
        "4月までに転居",
        dt.date(2024, 1, 15),
    )
    model = view.plan_model
    parent = model.index(0, 0)
    assert model.rowCount(parent) == 1
    assert model.data(model.index(0, PlanColumn.WHAT, parent)) == "市営住宅の申込み"
    assert model.data(model.index(0, PlanColumn.WHO, parent)) == "主担当相談員"
    assert model.data(model.index(0, PlanColumn.STATUS, parent)) == "予定"
    due = model.index(0, PlanColumn.DUE, parent)
    assert model.data(due) == "2024/01/15"
    # Long past: red.
    assert model.data(due, Qt.ItemDataRole.ForegroundRole).color().red() > 150
    # The action also entered the timeline.
    assert view.timeline_model.entry(0).title == "対応を追加：市営住宅の申込み"

    # Mark it done from the plan.
    view.plan_view.setCurrentIndex(model.index(0, 0, parent))
    assert view.done_button.isEnabled()
    with qtbot.waitSignal(view.loaded, timeout=WAIT_MS):
        qtbot.mouseClick(view.done_button, Qt.MouseButton.LeftButton)
    plan = load_plan(sample_db, cid)
    assert plan is not None and plan.issues[0].items[0].status == ActionStatus.DONE
    assert model.data(model.index(0, PlanColumn.STATUS, model.index(0, 0))) == "完了"
    assert not view.done_button.isEnabled()


def test_add_an_issue_from_the_view(qtbot, context, sample_db) -> None:
    cid = case_id(sample_db, "2024-0005")
    view = open_view(qtbot, context, cid)
    assert view.plan_model.rowCount() == 0
    assert not view.add_item_button.isEnabled()
    qtbot.mouseClick(view.add_issue_button, Qt.MouseButton.LeftButton)
    form = view.active_form
    assert form is not None
    show_form(qtbot, form)
    type_text(form.title_edit, "仕事")  # type: ignore[attr-defined]
    with qtbot.waitSignal(view.loaded, timeout=WAIT_MS):
        qtbot.keyClick(form, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert view.plan_model.rowCount() == 1
    assert view.plan_model.data(view.plan_model.index(0, 0)) == "仕事"
    # Enter on the issue opens it for editing.
    view.plan_view.setFocus()
    view.plan_view.setCurrentIndex(view.plan_model.index(0, 0))
    qtbot.keyClick(view.plan_view, Qt.Key.Key_Return)
    edit = view.active_form
    assert isinstance(edit, PlanIssueDialog) and edit is not form
    assert edit.windowTitle() == "課題の編集" and edit.title_edit.text() == "仕事"
    edit.reject()


def test_requests_for_other_forms(qtbot, context, sample_db) -> None:
    cid = case_id(sample_db, "2024-0003")
    referral = create_referral(
        sample_db,
        cid,
        agency_name="市役所 福祉課",
        purpose="生活保護",
        counselor_id=context.staff_id,
        proposed_on=dt.date(2024, 11, 1),
    )
    view = open_view(qtbot, context, cid)
    for button, signal in (
        (view.log_consultation_button, view.log_consultation_requested),
        (view.log_accompaniment_button, view.log_accompaniment_requested),
        (view.create_referral_button, view.create_referral_requested),
    ):
        with qtbot.waitSignal(signal, timeout=WAIT_MS) as blocker:
            qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        assert blocker.args == [cid]
    with sample_db.reading() as session:
        client_id = session.scalars(select(Case.client_id).where(Case.id == cid)).one()
    with qtbot.waitSignal(view.edit_client_requested, timeout=WAIT_MS) as blocker:
        qtbot.mouseClick(view.edit_client_button, Qt.MouseButton.LeftButton)
    assert blocker.args == [client_id]

    # つなぎの状況を更新 only with a referral selected.
    assert cell(view, 0, TimelineColumn.KIND) == "つなぎ"
    view.timeline_view.selectRow(1)  # a consultation
    assert not view.move_referral_button.isEnabled()
    view.timeline_view.selectRow(0)
    assert view.move_referral_button.isEnabled()
    with qtbot.waitSignal(view.move_referral_requested, timeout=WAIT_MS) as blocker:
        qtbot.mouseClick(view.move_referral_button, Qt.MouseButton.LeftButton)
    assert blocker.args == [referral]


def test_close_opens_its_dialog(qtbot, context, sample_db) -> None:
    view = open_view(qtbot, context, case_id(sample_db, "2024-0003"))
    assert view.close_button.text() == "終結"
    qtbot.mouseClick(view.close_button, Qt.MouseButton.LeftButton)
    form = view.active_form
    assert form is not None and form.isVisible()
    assert form.windowTitle() == "ケース 2024-0003 の終結"
    form.reject()
    closed = open_view(qtbot, context, case_id(sample_db, "2024-0002"))
    assert closed.close_button.text() == "再開"
    assert closed.status_label.text() == "終結"
    assert not closed.add_issue_button.isEnabled()


@pytest.mark.parametrize("which", ["timeline", "plan"])
def test_models_pass_the_model_tester(qtbot, qtmodeltester, context, sample_db, which) -> None:
    cid = case_id(sample_db, "2024-0003")
    first = save_issue(sample_db, cid, IssueInput(title="住まい"))
    save_issue(sample_db, cid, IssueInput(title="仕事"))  # no actions
    for action in ("申込み", "同行", "確認"):
        save_plan_item(sample_db, first, PlanItemInput(action=action, due_on=dt.date(2024, 1, 1)))
    view = open_view(qtbot, context, cid)
    model = view.timeline_model if which == "timeline" else view.plan_model
    assert model.rowCount() > 0
    qtmodeltester.check(model)


# --- access (issue 4) -------------------------------------------------------


def views_of(db: Database, cid: uuid.UUID) -> int:
    with db.reading() as session:
        return len(
            session.scalars(
                select(AuditEntry.seq).where(AuditEntry.case_id == cid, AuditEntry.action == "view")
            ).all()
        )


def test_opening_is_one_logged_view_and_reloads_are_not(qtbot, context, sample_db) -> None:
    cid = case_id(sample_db, "2024-0003")
    view = open_view(qtbot, context, cid)
    assert views_of(sample_db, cid) == 1
    with qtbot.waitSignal(view.loaded, timeout=WAIT_MS):
        context.notify_changed(cid)
    assert views_of(sample_db, cid) == 1


def test_a_refused_case_shows_the_refusal_in_the_tab(qtbot, context, sample_db) -> None:
    """鈴木 may not open 2024-0004 (restricted, 佐藤's): the tab says so in
    Japanese, shows nothing of the case, and no error box comes up."""
    cid = case_id(sample_db, "2024-0004")
    context.database = as_login(sample_db, "suzuki")
    view = open_view(qtbot, context, cid)
    assert view.refusal.isVisible() and not view.content.isVisible()
    assert "このケースを開く権限がありません。" in view.refusal.text()
    assert "スーパーバイザー" in view.refusal.text()
    assert view.header is None and view.title() == "ケース"
    assert view.case_no_label.text() == "" and view.client_label.text() == ""
    assert context.dialogs.warnings == []
    assert views_of(sample_db, cid) == 0


def test_a_case_restricted_while_open_is_cleared(qtbot, context, sample_db) -> None:
    cid = case_id(sample_db, "2024-0003")  # 鈴木's, open to 佐藤 until restricted
    view = open_view(qtbot, context, cid)
    assert view.client_label.text() != "" and view.timeline_model.rowCount() > 0
    with sample_db.transaction() as session:
        session.execute(update(Case).where(Case.id == cid).values(restricted=True))
    with qtbot.waitSignal(view.title_changed, timeout=WAIT_MS):
        context.notify_changed(cid)
    assert view.refusal.isVisible() and not view.content.isVisible()
    assert view.client_label.text() == "" and view.timeline_model.rowCount() == 0
    assert view.plan_model.plan is None
    assert not view.close_button.isEnabled()
    assert context.dialogs.warnings == []
