"""Closing a case with a reason, and reopening it with a reason."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from PySide6.QtWidgets import QPlainTextEdit, QWidget

from casedesk.cases import close_case, reopen_case
from casedesk.database import Database
from casedesk.errors import ValidationError
from db.enums import CodeCategory
from ui.context import AppContext
from ui.fields import DateField, OptionCombo
from ui.forms.base import FormDialog


@dataclass(frozen=True)
class _Close:
    closed_on: dt.date
    close_reason_id: uuid.UUID | None
    note: str


@dataclass(frozen=True)
class _Reopen:
    reopened_on: dt.date
    reason: str


class CloseCaseDialog(FormDialog):
    def __init__(
        self, context: AppContext, case_id: uuid.UUID, case_no: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(context, self.tr("Close case {case_no}").format(case_no=case_no), parent)
        self.case_id = case_id
        self.closed_on = DateField(self)
        self.closed_on.set_value(dt.date.today())
        self.add_field("closed_on", self.tr("Closed on"), self.closed_on)
        self.reason = OptionCombo(self.tr("(choose)"), self)
        self.reason.set_options(context.lookups.code_options(CodeCategory.CLOSE_REASON))
        self.add_field("close_reason_id", self.tr("Reason"), self.reason)
        self.note = QPlainTextEdit(self)
        self.note.setTabChangesFocus(True)
        self.add_field("note", self.tr("Note"), self.note)
        self.reason.setFocus()

    def collect(self) -> _Close:
        errors: dict[str, str] = {}
        closed_on = self.read(errors, "closed_on", self.closed_on.value)
        if closed_on is None and "closed_on" not in errors:
            errors["closed_on"] = "終結日を入力してください。"
        if errors:
            raise ValidationError(errors)
        assert closed_on is not None
        return _Close(closed_on, self.reason.value(), self.note.toPlainText())

    def write(self, database: Database, value: object) -> object:
        assert isinstance(value, _Close)
        close_case(
            database,
            self.case_id,
            value.closed_on,
            value.close_reason_id,
            value.note,
            self.context.staff_id,
        )
        return self.case_id

    def changed_case(self, result: object) -> uuid.UUID | None:
        return self.case_id


class ReopenCaseDialog(FormDialog):
    def __init__(
        self, context: AppContext, case_id: uuid.UUID, case_no: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(context, self.tr("Reopen case {case_no}").format(case_no=case_no), parent)
        self.case_id = case_id
        self.reopened_on = DateField(self)
        self.reopened_on.set_value(dt.date.today())
        self.add_field("reopened_on", self.tr("Reopened on"), self.reopened_on)
        self.reason = QPlainTextEdit(self)
        self.reason.setTabChangesFocus(True)
        self.add_field("reason", self.tr("Reason"), self.reason)
        self.reason.setFocus()

    def collect(self) -> _Reopen:
        errors: dict[str, str] = {}
        reopened_on = self.read(errors, "reopened_on", self.reopened_on.value)
        if reopened_on is None and "reopened_on" not in errors:
            errors["reopened_on"] = "再開日を入力してください。"
        if errors:
            raise ValidationError(errors)
        assert reopened_on is not None
        return _Reopen(reopened_on, self.reason.toPlainText())

    def write(self, database: Database, value: object) -> object:
        assert isinstance(value, _Reopen)
        reopen_case(database, self.case_id, value.reason, value.reopened_on, self.context.staff_id)
        return self.case_id

    def changed_case(self, result: object) -> uuid.UUID | None:
        return self.case_id
