"""Outreach events (アウトリーチ): the list of the year's events and the form
for one.

The list shows beside the hand count of consultations on the day the number
logged against the event afterwards, so a gap is seen at a glance.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Sequence
from operator import attrgetter
from typing import TypeVar

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import QLabel, QLineEdit, QPlainTextEdit, QPushButton, QSpinBox, QWidget

from casedesk.database import Database
from casedesk.errors import ValidationError
from casedesk.figures import fiscal_year_bounds
from casedesk.outreach import (
    OutreachInput,
    OutreachRow,
    delete_outreach_event,
    get_outreach_event,
    list_outreach_events,
    save_outreach_event,
)
from casedesk.parsing import format_date, format_time
from db.enums import CodeCategory
from ui.context import AppContext
from ui.fields import DateField, OptionChecklist, OptionCombo, TimeField
from ui.forms.base import FormDialog
from ui.records.table_window import Column, TableWindow

R = TypeVar("R")

COUNT_MAX = 99_999


def count_box(parent: QWidget, minimum: int = 0) -> QSpinBox:
    """A head count typed as digits (the text is selected on Tab, so typing replaces it)."""
    box = QSpinBox(parent)
    box.setRange(minimum, COUNT_MAX)
    box.setGroupSeparatorShown(True)
    box.setMinimumWidth(box.fontMetrics().horizontalAdvance("99,999 consultations") + 30)
    return box


class OutreachDialog(FormDialog):
    """A new outreach event (``event_id`` None) or an existing one, read on the worker."""

    def __init__(
        self,
        context: AppContext,
        event_id: uuid.UUID | None = None,
        parent: QWidget | None = None,
    ) -> None:
        title = self.tr("New outreach event") if event_id is None else self.tr("Outreach event")
        super().__init__(context, title, parent)
        self.event_id = event_id
        lookups = context.lookups
        self.kind = OptionCombo(self.tr("(choose)"), self)
        self.kind.set_options(lookups.code_options(CodeCategory.OUTREACH_KIND))
        self.add_field("kind_id", self.tr("Kind"), self.kind)
        self.held_on = DateField(self)
        self.held_on.set_value(dt.date.today())
        self.add_field("held_on", self.tr("Date"), self.held_on)
        self.start_time = TimeField(self)
        self.add_field("start_time", self.tr("Start time"), self.start_time)
        self.end_time = TimeField(self)
        self.add_field("end_time", self.tr("End time"), self.end_time)
        self.place = QLineEdit(self)
        self.add_field("place", self.tr("Place"), self.place)
        self.title = QLineEdit(self)
        self.title.setPlaceholderText(self.tr("e.g. Pop-up consultation day for women"))
        self.add_field("title", self.tr("Title"), self.title)
        self.people_approached = count_box(self)
        self.people_approached.setSuffix(self.tr(" people"))
        self.add_field("people_approached", self.tr("People approached"), self.people_approached)
        self.consultations_held = count_box(self)
        self.consultations_held.setSuffix(self.tr(" consultations"))
        self.add_field("consultations_held", self.tr("Consultations held"), self.consultations_held)
        self.staff = OptionChecklist(self)
        self.staff.set_options(lookups.staff)
        self.staff.setMaximumHeight(self.fontMetrics().height() * 6)
        self.add_field("staff_ids", self.tr("Staff"), self.staff)
        self.notes = QPlainTextEdit(self)
        self.notes.setTabChangesFocus(True)
        self.notes.setMaximumHeight(self.fontMetrics().height() * 5)
        self.add_field("notes", self.tr("Notes"), self.notes)
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("あ") * 40)
        if event_id is None:
            if context.staff_id is not None:
                self.staff.set_values([context.staff_id])
            self.kind.setFocus()
        else:
            self._load(event_id)

    def _load(self, event_id: uuid.UUID) -> None:
        self.buttons.setEnabled(False)
        database = self.context.require_database()
        self.context.worker.submit(
            lambda: get_outreach_event(database, event_id), self._fill, self._load_failed
        )

    def _fill(self, data: OutreachInput) -> None:
        lookups = self.context.lookups
        self.kind.set_options(lookups.code_options(CodeCategory.OUTREACH_KIND), data.kind_id)
        self.held_on.set_value(data.held_on)
        self.start_time.set_value(data.start_time)
        self.end_time.set_value(data.end_time)
        self.place.setText(data.place or "")
        self.title.setText(data.title or "")
        self.people_approached.setValue(data.people_approached or 0)
        self.consultations_held.setValue(data.consultations_held or 0)
        self.staff.set_options(lookups.staff, data.staff_ids)
        self.staff.set_values(data.staff_ids)
        self.notes.setPlainText(data.notes or "")
        self.buttons.setEnabled(True)
        self.mark_clean()
        self.kind.setFocus()

    def _load_failed(self, exc: Exception) -> None:
        self.show_errors(exc.errors if isinstance(exc, ValidationError) else {"": str(exc)})

    def collect(self) -> OutreachInput:
        errors: dict[str, str] = {}
        held_on = self.read(errors, "held_on", self.held_on.value)
        start = self.read(errors, "start_time", self.start_time.value)
        end = self.read(errors, "end_time", self.end_time.value)
        if errors:
            raise ValidationError(errors)
        return OutreachInput(
            kind_id=self.kind.value(),
            held_on=held_on,
            place=self.place.text(),
            start_time=start,
            end_time=end,
            title=self.title.text(),
            people_approached=self.people_approached.value(),
            consultations_held=self.consultations_held.value(),
            staff_ids=self.staff.values(),
            notes=self.notes.toPlainText(),
            event_id=self.event_id,
        )

    def write(self, database: Database, value: object) -> object:
        assert isinstance(value, OutreachInput)
        return save_outreach_event(database, value)


def time_span(start: dt.time | None, end: dt.time | None) -> str:
    """13:00–16:00, or the start alone."""
    if start is None:
        return ""
    return f"{format_time(start)}–{format_time(end)}" if end else format_time(start)


class PeriodWindow(TableWindow[R]):
    """Program records of a period: From/To dates (this fiscal year, April to
    March, at first), New / Edit / Delete, and a line of totals.

    Shared by the outreach, goods and group-session lists.  Rows are the
    services' frozen row dataclasses, each with an ``id``.  Subclasses give
    ``make_fetch`` (GUI thread: the filters read into a job for the
    worker), ``summary``, ``open_form`` and ``delete_job``.
    """

    def __init__(
        self,
        context: AppContext,
        title: str,
        columns: Sequence[Column[R]],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(context, title, columns, attrgetter("id"), parent)
        first, last = fiscal_year_bounds(dt.date.today())
        self.date_from = DateField(self)
        self.date_from.setObjectName("date_from")
        self.date_from.set_value(first)
        self.date_to = DateField(self)
        self.date_to.setObjectName("date_to")
        self.date_to.set_value(last)
        for caption, field in (
            (QCoreApplication.translate("PeriodWindow", "&From"), self.date_from),
            (QCoreApplication.translate("PeriodWindow", "&To"), self.date_to),
        ):
            label = QLabel(caption, self)
            label.setBuddy(field)
            field.returnPressed.connect(self.reload)
            self.filters.addWidget(label)
            self.filters.addWidget(field)
        self.show_button = QPushButton(QCoreApplication.translate("PeriodWindow", "Show"), self)
        self.show_button.clicked.connect(lambda _checked=False: self.reload())
        self.filters.addWidget(self.show_button)
        this_year = QPushButton(
            QCoreApplication.translate("PeriodWindow", "This fiscal year"), self
        )
        this_year.clicked.connect(lambda _checked=False: self.show_this_year())
        self.filters.addWidget(this_year)
        self.filters.addStretch(1)
        self._filter_end = self.filters.count() - 1

        self.new_button = self.add_button(
            QCoreApplication.translate("PeriodWindow", "&New…"), self.new_record
        )
        self.new_button.setToolTip(QCoreApplication.translate("PeriodWindow", "New (Ctrl+N)"))
        self.edit_button = self.add_button(
            QCoreApplication.translate("PeriodWindow", "&Edit…"),
            self.edit_selected,
            needs_selection=True,
        )
        self.delete_button = self.add_button(
            QCoreApplication.translate("PeriodWindow", "&Delete…"),
            self.delete_selected,
            needs_selection=True,
        )
        self.buttons.addStretch(1)
        self.summary_label = QLabel(self)
        self.summary_label.setObjectName("summary")
        self.buttons.addWidget(self.summary_label)
        QShortcut(QKeySequence(QKeySequence.StandardKey.New), self, self.new_record)
        delete = QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.view)
        delete.setContext(Qt.ShortcutContext.WidgetShortcut)
        delete.activated.connect(self.delete_selected)
        self.view.activated.connect(lambda _index: self.edit_selected())
        self.loaded.connect(self._show_summary)
        context.records_changed.connect(self._on_records_changed)
        self._fitted = False
        self._stale = False
        self.forms: list[FormDialog] = []

    # --- to implement ----------------------------------------------------

    def make_fetch(self, date_from: dt.date, date_to: dt.date) -> Callable[[Database], list[R]]:
        """The read for the period and the other filters (read here, on the GUI thread)."""
        raise NotImplementedError

    def summary(self, rows: list[R]) -> str:
        return ""

    def open_form(self, record_id: uuid.UUID | None) -> FormDialog:
        raise NotImplementedError

    def delete_job(self, record_id: uuid.UUID) -> Callable[[Database], object]:
        raise NotImplementedError

    # --- filters ----------------------------------------------------------

    def add_filter(self, caption: str, widget: QWidget) -> None:
        """Another filter after the dates (call ``reload`` when it changes)."""
        label = QLabel(caption, self)
        label.setBuddy(widget)
        self.filters.insertWidget(self._filter_end, label)
        self.filters.insertWidget(self._filter_end + 1, widget)
        self._filter_end += 2

    def period(self) -> tuple[dt.date, dt.date] | None:
        """The dates typed, or None (with the message shown) if unreadable."""
        problems: list[str] = []
        values: list[dt.date | None] = []
        for field in (self.date_from, self.date_to):
            try:
                values.append(field.value())
            except ValueError as exc:
                problems.append(str(exc))
                values.append(None)
        if problems:
            self.show_message("\n".join(problems))
            return None
        first = values[0] or dt.date.min
        last = values[1] or dt.date.max
        if last < first:
            self.show_message("期間の終わりは始まり以降の日付にしてください。")
            return None
        return first, last

    def show_this_year(self) -> None:
        first, last = fiscal_year_bounds(dt.date.today())
        self.date_from.set_value(first)
        self.date_to.set_value(last)
        self.reload()

    def reload(self, then: Callable[[], None] | None = None) -> None:
        # Unreadable dates: their message stays shown and the rows stay as they are.
        if self.period() is None:
            return
        self.clear_message()
        super().reload(then)

    def reader(self) -> Callable[[Database], list[R]]:
        period = self.period()
        if period is None:  # reload() checked; a direct caller gets an empty list
            return lambda _database: []
        return self.make_fetch(*period)

    def _show_summary(self) -> None:
        self.summary_label.setText(self.summary(self.model.rows))
        if not self._fitted and self.model.rowCount():
            self._fitted = True
            self.fit_columns()

    def _on_records_changed(self, _case_id: object) -> None:
        # A hidden window reads again when it is shown, not on every save.
        if self.isVisible():
            self.reload()
        else:
            self._stale = True

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self._stale = False
            self.reload()

    # --- records ----------------------------------------------------------

    def new_record(self) -> None:
        self._show_form(self.open_form(None))

    def edit_selected(self) -> None:
        row = self.selected_row()
        if row is not None:
            self._show_form(self.open_form(attrgetter("id")(row)))

    def _show_form(self, form: FormDialog) -> None:
        self.forms = [f for f in self.forms if f.isVisible()]
        self.forms.append(form)
        form.saved.connect(lambda record_id: self.reload(lambda: self.select_key(record_id)))
        form.show()
        form.activateWindow()

    def delete_selected(self) -> None:
        row = self.selected_row()
        if row is None:
            return
        if not self.context.dialogs.confirm(
            self,
            QCoreApplication.translate("PeriodWindow", "Delete record"),
            QCoreApplication.translate("PeriodWindow", "Delete {record}?").format(
                record=self.describe(row)
            ),
            QCoreApplication.translate("PeriodWindow", "Delete"),
        ):
            return
        self.run(self.delete_job(attrgetter("id")(row)))


def outreach_columns() -> list[Column[OutreachRow]]:
    return [
        Column(QCoreApplication.translate("OutreachWindow", "Date"), lambda r: r.held_on),
        Column(
            QCoreApplication.translate("OutreachWindow", "Time"),
            lambda r: time_span(r.start_time, r.end_time),
        ),
        Column(QCoreApplication.translate("OutreachWindow", "Kind"), lambda r: r.kind),
        Column(QCoreApplication.translate("OutreachWindow", "Title"), lambda r: r.title),
        Column(QCoreApplication.translate("OutreachWindow", "Place"), lambda r: r.place),
        Column(
            QCoreApplication.translate("OutreachWindow", "Approached"),
            lambda r: r.people_approached,
        ),
        Column(
            QCoreApplication.translate("OutreachWindow", "Consultations (counted)"),
            lambda r: r.consultations_held,
        ),
        Column(
            QCoreApplication.translate("OutreachWindow", "Consultations (logged)"),
            lambda r: r.consultations_logged,
        ),
        Column(
            QCoreApplication.translate("OutreachWindow", "Staff"),
            lambda r: "、".join(r.staff_names),
        ),
    ]


class OutreachWindow(PeriodWindow[OutreachRow]):
    """The outreach events of a period (this fiscal year first)."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(
            context,
            QCoreApplication.translate("OutreachWindow", "Outreach events"),
            outreach_columns(),
            parent,
        )
        self.resize(1100, 600)
        self.reload()

    def make_fetch(
        self, date_from: dt.date, date_to: dt.date
    ) -> Callable[[Database], list[OutreachRow]]:
        return lambda database: list_outreach_events(database, date_from, date_to)

    def summary(self, rows: list[OutreachRow]) -> str:
        return QCoreApplication.translate(
            "OutreachWindow",
            "{events} events · {approached} people approached · "
            "{held} consultations counted, {logged} logged",
        ).format(
            events=len(rows),
            approached=f"{sum(r.people_approached for r in rows):,}",
            held=f"{sum(r.consultations_held for r in rows):,}",
            logged=f"{sum(r.consultations_logged for r in rows):,}",
        )

    def describe(self, row: OutreachRow) -> str:
        return f"{format_date(row.held_on)} {row.title or row.kind} {row.place}"

    def open_form(self, record_id: uuid.UUID | None) -> FormDialog:
        return OutreachDialog(self.context, record_id, self)

    def delete_job(self, record_id: uuid.UUID) -> Callable[[Database], object]:
        return lambda database: delete_outreach_event(database, record_id)
