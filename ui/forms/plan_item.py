"""Adding or editing an action (対応) of a support-plan issue.

Who carries it out is chosen first (our program, a partner agency, the
client); only the matching "which one" drop-down is enabled, and a value
left in a disabled one is not sent, so the service never sees both.
"""

from __future__ import annotations

import uuid

from PySide6.QtWidgets import QComboBox, QLineEdit, QPlainTextEdit, QWidget

from casedesk.database import Database
from casedesk.errors import ValidationError
from casedesk.plans import PlanItemInput, PlanItemRow, save_plan_item
from db.enums import ActionStatus, Responsible
from ui.context import AppContext
from ui.fields import DateField, OptionCombo
from ui.forms.base import FormDialog
from ui.plan_model import action_status_label, responsible_label


class PlanItemDialog(FormDialog):
    """``item`` None = a new action of the issue ``issue_id``."""

    def __init__(
        self,
        context: AppContext,
        case_id: uuid.UUID,
        issue_id: uuid.UUID,
        item: PlanItemRow | None = None,
        issue_title: str = "",
        parent: QWidget | None = None,
    ) -> None:
        if item is not None:
            title = self.tr("Edit action")
        elif issue_title:
            title = self.tr("Add action to “{issue}”").format(issue=issue_title)
        else:
            title = self.tr("Add action")
        super().__init__(context, title, parent)
        self.case_id = case_id
        self.issue_id = issue_id
        self.item_id = item.id if item is not None else None

        self.action = QPlainTextEdit(self)
        self.action.setTabChangesFocus(True)
        self.action.setFixedHeight(self.action.fontMetrics().lineSpacing() * 2 + 12)
        self.add_field("action", self.tr("Action"), self.action)
        self.goal = QLineEdit(self)
        self.add_field("goal", self.tr("Goal"), self.goal)
        self.responsible = QComboBox(self)
        for who in Responsible:
            self.responsible.addItem(responsible_label(who), who)
        self.add_field("responsible", self.tr("Carried out by"), self.responsible)
        self.staff = OptionCombo(self.tr("(lead counselor)"), self)
        staff = context.lookups.staff
        self.staff.set_options(staff, item.responsible_staff_id if item else None)
        self.add_field("responsible_staff_id", self.tr("Staff member"), self.staff)
        self.agency = OptionCombo(self.tr("(choose)"), self)
        agencies = context.lookups.agencies
        self.agency.set_options(agencies, item.responsible_agency_id if item else None)
        self.add_field("responsible_agency_id", self.tr("Agency"), self.agency)
        self.due_on = DateField(self)
        self.add_field("due_on", self.tr("Due"), self.due_on)
        self.status = QComboBox(self)
        for status in ActionStatus:
            self.status.addItem(action_status_label(status), status)
        self.add_field("status", self.tr("Status"), self.status)
        self.review_on = DateField(self)
        self.add_field("review_on", self.tr("Review on"), self.review_on)
        self.note = QPlainTextEdit(self)
        self.note.setTabChangesFocus(True)
        self.note.setFixedHeight(self.note.fontMetrics().lineSpacing() * 3 + 12)
        self.add_field("note", self.tr("Note"), self.note)
        self.responsible.currentIndexChanged.connect(self._enable_who)
        self.setMinimumWidth(520)

        if item is not None:
            self.action.setPlainText(item.action)
            self.goal.setText(item.goal or "")
            self.responsible.setCurrentIndex(self.responsible.findData(item.responsible))
            self.due_on.set_value(item.due_on)
            self.status.setCurrentIndex(self.status.findData(item.status))
            self.review_on.set_value(item.review_on)
            self.note.setPlainText(item.note or "")
        self._enable_who()
        self.mark_clean()
        self.action.setFocus()

    def _who(self) -> Responsible:
        return Responsible(self.responsible.currentData())

    def _enable_who(self, *_args: object) -> None:
        who = self._who()
        self.staff.setEnabled(who == Responsible.PROGRAM)
        self.agency.setEnabled(who == Responsible.AGENCY)

    def collect(self) -> PlanItemInput:
        errors: dict[str, str] = {}
        due_on = self.read(errors, "due_on", self.due_on.value)
        review_on = self.read(errors, "review_on", self.review_on.value)
        if not self.action.toPlainText().strip():
            errors["action"] = "対応を入力してください。"
        if errors:
            raise ValidationError(errors)
        who = self._who()
        return PlanItemInput(
            action=self.action.toPlainText(),
            goal=self.goal.text(),
            responsible=who,
            responsible_staff_id=self.staff.value() if who == Responsible.PROGRAM else None,
            responsible_agency_id=self.agency.value() if who == Responsible.AGENCY else None,
            due_on=due_on,
            status=ActionStatus(self.status.currentData()),
            review_on=review_on,
            note=self.note.toPlainText(),
        )

    def write(self, database: Database, value: object) -> object:
        assert isinstance(value, PlanItemInput)
        return save_plan_item(database, self.issue_id, value, self.item_id)

    def changed_case(self, result: object) -> uuid.UUID | None:
        return self.case_id
