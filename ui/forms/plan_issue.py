"""Adding or editing an issue (課題) of a case's support plan."""

from __future__ import annotations

import uuid

from PySide6.QtWidgets import QComboBox, QLineEdit, QPlainTextEdit, QWidget

from casedesk.database import Database
from casedesk.errors import ValidationError
from casedesk.plans import IssueInput, IssueRow, save_issue
from db.enums import CodeCategory, IssueStatus
from ui.context import AppContext
from ui.fields import OptionCombo
from ui.forms.base import FormDialog
from ui.plan_model import issue_status_label


def _text_box(parent: QWidget, lines: int = 3) -> QPlainTextEdit:
    box = QPlainTextEdit(parent)
    box.setTabChangesFocus(True)
    box.setFixedHeight(box.fontMetrics().lineSpacing() * lines + 12)
    return box


class PlanIssueDialog(FormDialog):
    """``issue`` None = a new issue (the case's plan is made if it has none)."""

    def __init__(
        self,
        context: AppContext,
        case_id: uuid.UUID,
        issue: IssueRow | None = None,
        parent: QWidget | None = None,
    ) -> None:
        title = self.tr("Edit issue") if issue is not None else self.tr("Add issue")
        super().__init__(context, title, parent)
        self.case_id = case_id
        self.issue_id = issue.id if issue is not None else None
        self.title_edit = QLineEdit(self)
        self.title_edit.setMaxLength(200)
        self.add_field("title", self.tr("Issue"), self.title_edit)
        self.topic = OptionCombo(self.tr("(none)"), self)
        topics = context.lookups.code_options(CodeCategory.TOPIC)
        self.topic.set_options(topics, issue.topic_id if issue else None)
        self.add_field("topic_id", self.tr("Topic"), self.topic)
        self.description = _text_box(self)
        self.add_field("description", self.tr("Description"), self.description)
        self.goal = _text_box(self, 2)
        self.add_field("goal", self.tr("Goal"), self.goal)
        self.status = QComboBox(self)
        for status in IssueStatus:
            self.status.addItem(issue_status_label(status), status)
        self.add_field("status", self.tr("Status"), self.status)
        self.setMinimumWidth(480)
        if issue is not None:
            self.title_edit.setText(issue.title)
            self.description.setPlainText(issue.description or "")
            self.goal.setPlainText(issue.goal or "")
            self.status.setCurrentIndex(self.status.findData(issue.status))
            self.mark_clean()
        self.title_edit.setFocus()

    def collect(self) -> IssueInput:
        if not self.title_edit.text().strip():
            # Refused here as well, so an empty form does not wait for the worker.
            raise ValidationError({"title": "課題を入力してください。"})
        return IssueInput(
            title=self.title_edit.text(),
            topic_id=self.topic.value(),
            description=self.description.toPlainText(),
            goal=self.goal.toPlainText(),
            status=IssueStatus(self.status.currentData()),
        )

    def write(self, database: Database, value: object) -> object:
        assert isinstance(value, IssueInput)
        return save_issue(database, self.case_id, value, self.issue_id, self.context.staff_id)

    def changed_case(self, result: object) -> uuid.UUID | None:
        return self.case_id
