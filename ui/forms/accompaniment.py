"""Logging an accompaniment (同行支援), done or planned ahead."""

from __future__ import annotations

import datetime as dt
import uuid

from PySide6.QtWidgets import QLineEdit, QWidget

from casedesk.accompaniments import AccompanimentInput, log_accompaniment
from casedesk.database import Database
from casedesk.errors import ValidationError
from db.enums import CodeCategory
from ui.context import AppContext
from ui.fields import DateField, OptionCombo, TimeField
from ui.forms.base import FormDialog
from ui.forms.consultation import DaysAfterField, chain_tabs, text_box


class AccompanimentDialog(FormDialog):
    """Log an accompaniment on ``case_id``.  Choosing an agency of the
    directory fills in its kind; an agency that is not in the directory is
    typed as a name, with its kind chosen by hand (reports count by kind)."""

    def __init__(
        self, context: AppContext, case_id: uuid.UUID, parent: QWidget | None = None
    ) -> None:
        super().__init__(context, "", parent)
        self.setWindowTitle(self.tr("Log an accompaniment"))
        self.case_id = case_id
        lookups = context.lookups
        self.accompanied_on = DateField(self)
        self.accompanied_on.set_value(dt.date.today())
        self.accompanied_on.setToolTip(self.tr("A future date records a planned accompaniment."))
        self.add_field("accompanied_on", self.tr("Date"), self.accompanied_on)
        self.start_time = TimeField(self)
        self.add_field("start_time", self.tr("Start time"), self.start_time)
        self.end_time = TimeField(self)
        self.add_field("end_time", self.tr("End time"), self.end_time)
        self.staff = OptionCombo(self.tr("(none)"), self)
        self.staff.set_options(lookups.staff)
        self.staff.set_value(context.staff_id)
        self.add_field("staff_id", self.tr("Staff"), self.staff)
        self.agency = OptionCombo(self.tr("(not in the directory)"), self)
        self.agency.set_options(lookups.agencies)
        self.add_field("destination_agency_id", self.tr("Agency"), self.agency)
        self.kind = OptionCombo(self.tr("(choose)"), self)
        self.kind.set_options(lookups.code_options(CodeCategory.AGENCY_KIND))
        self.add_field("destination_kind_id", self.tr("Kind of agency"), self.kind)
        self.destination_name = QLineEdit(self)
        self.destination_name.setPlaceholderText(
            self.tr("An agency not in the directory, or the section visited")
        )
        self.add_field("destination_name", self.tr("Destination"), self.destination_name)
        self.purpose = text_box(self, 3)
        self.add_field("purpose", self.tr("Purpose"), self.purpose)
        self.outcome = text_box(self, 3)
        self.add_field("outcome", self.tr("Outcome"), self.outcome)
        self.follow_up_on = DateField(self)
        self.add_field("follow_up_on", self.tr("Follow up on"), self.follow_up_on)
        self.follow_up_days = DaysAfterField(self)
        self.add_field("follow_up_in_days", self.tr("or after"), self.follow_up_days)
        self.notes = text_box(self, 2)
        self.add_field("notes", self.tr("Notes"), self.notes)

        chain_tabs(
            [
                self.accompanied_on,
                self.start_time,
                self.end_time,
                self.staff,
                self.agency,
                self.kind,
                self.destination_name,
                self.purpose,
                self.outcome,
                self.follow_up_on,
                self.follow_up_days.spin,
                self.notes,
            ]
        )
        self.agency.currentIndexChanged.connect(self._agency_chosen)
        self.accompanied_on.textChanged.connect(self._date_changed)
        self._date_changed()
        self.resize(600, 620)
        # The date (today) and the staff (her) are usually right; where she
        # went is what she types first.
        self.agency.setFocus()

    def _agency_chosen(self, *_args: object) -> None:
        """An agency of the directory brings its own kind."""
        option = self.agency.option()
        if option is not None and option.kind_id is not None:
            self.kind.set_value(option.kind_id)

    def _date_changed(self, *_args: object) -> None:
        try:
            self.follow_up_days.set_start(self.accompanied_on.value())
        except ValueError:
            self.follow_up_days.set_start(None)

    def collect(self) -> AccompanimentInput:
        errors: dict[str, str] = {}
        accompanied_on = self.read(errors, "accompanied_on", self.accompanied_on.value)
        start_time = self.read(errors, "start_time", self.start_time.value)
        end_time = self.read(errors, "end_time", self.end_time.value)
        follow_up_on = self.read(errors, "follow_up_on", self.follow_up_on.value)
        if errors:
            raise ValidationError(errors)
        return AccompanimentInput(
            case_id=self.case_id,
            accompanied_on=accompanied_on,
            start_time=start_time,
            end_time=end_time,
            staff_id=self.staff.value(),
            destination_agency_id=self.agency.value(),
            destination_kind_id=self.kind.value(),
            destination_name=self.destination_name.text(),
            purpose=self.purpose.toPlainText(),
            outcome=self.outcome.toPlainText(),
            follow_up_on=follow_up_on,
            follow_up_in_days=self.follow_up_days.value(),
            notes=self.notes.toPlainText(),
        )

    def write(self, database: Database, value: object) -> object:
        assert isinstance(value, AccompanimentInput)
        return log_accompaniment(database, value)

    def changed_case(self, result: object) -> uuid.UUID | None:
        return self.case_id
