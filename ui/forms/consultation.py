"""Logging a consultation (相談): the form a counselor fills between two chats.

It is built for the keyboard alone.  What can be guessed is filled in when
the form opens (``casedesk.consultations.consultation_defaults``, read on the
worker): today, the time now, the counselor at the keyboard, the channel she
used last, 新規/継続 and the client's age band.  The focus starts on the main
complaint, and the fields she fills every time follow it in the tab order:
other topics, DV, kinds of violence, the narrative, the advice.  The guessed
fields sit above, one Shift+Tab away.  Ctrl+Enter saves.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from itertools import pairwise

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPlainTextEdit,
    QSizePolicy,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from casedesk.auth import AccessDenied, NotSignedIn
from casedesk.consultations import ConsultationInput, consultation_defaults, log_consultation
from casedesk.database import Database
from casedesk.errors import ValidationError
from casedesk.lookups import Option
from casedesk.parsing import format_date
from db.enums import CodeCategory, ContactKind, Urgency
from ui.context import AppContext
from ui.fields import DateField, OptionChecklist, OptionCombo, TimeField
from ui.forms.base import FormDialog

# consultation_defaults needs a counselor id; with nobody chosen at the
# keyboard, this id has no consultations, so the channel falls back to LINE.
_NOBODY = uuid.UUID(int=0)


def contact_kind_label(kind: ContactKind) -> str:
    if kind is ContactKind.NEW:
        return QCoreApplication.translate("ContactKind", "New")
    return QCoreApplication.translate("ContactKind", "Continuing")


def urgency_label(urgency: Urgency) -> str:
    labels = {
        Urgency.NONE: QCoreApplication.translate("Urgency", "None"),
        Urgency.LOW: QCoreApplication.translate("Urgency", "Low"),
        Urgency.MEDIUM: QCoreApplication.translate("Urgency", "Medium"),
        Urgency.HIGH: QCoreApplication.translate("Urgency", "High"),
        Urgency.IMMEDIATE: QCoreApplication.translate("Urgency", "Immediate"),
    }
    return labels[urgency]


class DaysAfterField(QWidget):
    """A follow-up given as "N days after": a spin box (0 = none) and the
    date it comes to, so that the counselor sees what she is agreeing to."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.spin = QSpinBox(self)
        self.spin.setRange(0, 365)
        self.spin.setSpecialValueText(self.tr("none"))
        self.spin.setSuffix(self.tr(" days later"))
        self.spin.setAccelerated(True)
        self.hint = QLabel(self)
        self.hint.setObjectName("days_after_hint")
        row.addWidget(self.spin)
        row.addWidget(self.hint, 1)
        self.setFocusProxy(self.spin)
        self._start: dt.date | None = None
        self.spin.valueChanged.connect(self._show_hint)

    def value(self) -> int | None:
        return self.spin.value() or None

    def set_value(self, days: int | None) -> None:
        self.spin.setValue(days or 0)

    def set_start(self, start: dt.date | None) -> None:
        """The day the days count from (the consultation's date)."""
        self._start = start
        self._show_hint()

    def _show_hint(self, *_args: object) -> None:
        days = self.value()
        if days is None or self._start is None:
            self.hint.clear()
        else:
            self.hint.setText(f"→ {format_date(self._start + dt.timedelta(days=days))}")


def chain_tabs(widgets: Sequence[QWidget]) -> None:
    """Tab goes through ``widgets`` in this order (the order on screen),
    whatever order they were created or placed in their holders."""
    for before, after in pairwise(widgets):
        QWidget.setTabOrder(before, after)


def compact_checklist(checklist: OptionChecklist, rows: int) -> None:
    """Lay a check list out in rows across (as many columns as fit) with
    room for ``rows`` lines, so a long code list stays short on screen."""
    checklist.setFlow(QListView.Flow.LeftToRight)
    checklist.setWrapping(True)
    checklist.setResizeMode(QListView.ResizeMode.Adjust)
    checklist.setSpacing(1)
    item = checklist.sizeHintForRow(0) if checklist.count() else -1
    line = (item if item > 0 else checklist.fontMetrics().height() + 4) + 2 * checklist.spacing()
    checklist.setFixedHeight(rows * line + 2 * checklist.frameWidth() + 4)
    checklist.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)


def text_box(parent: QWidget, lines: int) -> QPlainTextEdit:
    """A multi-line text field that Tab leaves (keyboard-only use)."""
    box = QPlainTextEdit(parent)
    box.setTabChangesFocus(True)
    box.setMinimumHeight(box.fontMetrics().lineSpacing() * lines + 12)
    return box


class ConsultationDialog(FormDialog):
    """Log one consultation on ``case_id``, or an anonymous one-off contact
    (``case_id`` None).  ``loaded`` turns true once the defaults are in."""

    def __init__(
        self, context: AppContext, case_id: uuid.UUID | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(context, "", parent)
        self.case_id = case_id
        self.loaded = False
        self._dv_touched = False
        if case_id is None:
            self.setWindowTitle(self.tr("Log an anonymous consultation"))
        else:
            self.setWindowTitle(self.tr("Log a consultation"))
        lookups = context.lookups
        self._topics: Sequence[Option] = lookups.code_options(CodeCategory.TOPIC)

        # Two columns, so that the whole form fits a 1366×768 laptop screen.
        whole = self.form
        columns = QHBoxLayout()
        columns.setSpacing(24)
        left, right = QFormLayout(), QFormLayout()
        for column in (left, right):
            column.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
            # A nested layout would take the 24 px between the columns as
            # its own spacing; keep the form's.
            column.setHorizontalSpacing(whole.horizontalSpacing())
            column.setVerticalSpacing(whole.verticalSpacing())
            # Extra height goes to the text boxes (right), or below the
            # last field (left), not between the rows.
            stack = QVBoxLayout()
            stack.addLayout(column)
            if column is left:
                stack.addStretch(1)
            columns.addLayout(stack, 1)
        whole.addRow(columns)

        with self.rows_in(left):
            self.consulted_on = DateField(self)
            self.add_field("consulted_on", self.tr("Date"), self.consulted_on)
            self.start_time = TimeField(self)
            self.add_field("start_time", self.tr("Start time"), self.start_time)
            self.end_time = TimeField(self)
            self.add_field("end_time", self.tr("End time"), self.end_time)
            self.channel = OptionCombo(None, self)
            self.channel.set_options(lookups.code_options(CodeCategory.CHANNEL))
            self.add_field("channel_id", self.tr("Channel"), self.channel)
            self.counselor = OptionCombo(self.tr("(none)"), self)
            self.counselor.set_options(lookups.staff)
            self.counselor.set_value(context.staff_id)
            self.add_field("counselor_id", self.tr("Counselor"), self.counselor)
            self.contact_kind = QComboBox(self)
            # Its first item grows a hint ("Automatic (continuing)") once loaded.
            self.contact_kind.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            self.contact_kind.addItem(self.tr("Automatic"), None)
            for kind in ContactKind:
                self.contact_kind.addItem(contact_kind_label(kind), kind)
            self.contact_kind.setToolTip(
                self.tr("Automatic: new unless the client has consulted before")
            )
            self.add_field("contact_kind", self.tr("New / continuing"), self.contact_kind)
            self.age_band = OptionCombo(self.tr("(none)"), self)
            self.age_band.set_options(lookups.code_options(CodeCategory.AGE_BAND))
            self.add_field("age_band_id", self.tr("Age band"), self.age_band)
            self.main_complaint = OptionCombo(self.tr("(choose)"), self)
            self.main_complaint.set_options(self._topics)
            self.add_field("main_complaint_id", self.tr("Main complaint"), self.main_complaint)
            self.topics = OptionChecklist(self)
            self.topics.set_options(self._topics)
            compact_checklist(self.topics, 4)
            self.add_field("topic_ids", self.tr("Other topics"), self.topics)
            self.is_dv = QCheckBox(self.tr("Violence involved"), self)
            self.add_field("is_dv", self.tr("DV"), self.is_dv)
            self.violence_kinds = OptionChecklist(self)
            self.violence_kinds.set_options(lookups.code_options(CodeCategory.VIOLENCE_KIND))
            compact_checklist(self.violence_kinds, 1)
            self.violence_kinds.setEnabled(False)
            self.add_field("violence_kind_ids", self.tr("Kinds of violence"), self.violence_kinds)

        with self.rows_in(right):
            self.narrative = text_box(self, 8)
            self.add_field("narrative", self.tr("Consultation details"), self.narrative)
            self.advice = text_box(self, 4)
            self.add_field("advice", self.tr("Response and advice"), self.advice)
            self.urgency = QComboBox(self)
            for urgency in Urgency:
                self.urgency.addItem(urgency_label(urgency), urgency)
            self.add_field("urgency", self.tr("Urgency"), self.urgency)
            self.follow_up_on = DateField(self)
            self.add_field("follow_up_on", self.tr("Follow up on"), self.follow_up_on)
            self.follow_up_days = DaysAfterField(self)
            self.add_field("follow_up_in_days", self.tr("or after"), self.follow_up_days)
            self.follow_up_note = QLineEdit(self)
            self.add_field("follow_up_note", self.tr("Follow-up note"), self.follow_up_note)
            self.place = QLineEdit(self)
            self.place.setPlaceholderText(self.tr("For a visit or a pop-up consultation day"))
            self.add_field("place", self.tr("Place"), self.place)
            self.specialist = OptionCombo(self.tr("(none)"), self)
            self.specialist.set_options(lookups.code_options(CodeCategory.SPECIALIST))
            self.add_field("specialist_id", self.tr("Specialist"), self.specialist)

        chain_tabs(
            [
                self.consulted_on,
                self.start_time,
                self.end_time,
                self.channel,
                self.counselor,
                self.contact_kind,
                self.age_band,
                self.main_complaint,
                self.topics,
                self.is_dv,
                self.violence_kinds,
                self.narrative,
                self.advice,
                self.urgency,
                self.follow_up_on,
                self.follow_up_days.spin,
                self.follow_up_note,
                self.place,
                self.specialist,
            ]
        )

        self.main_complaint.currentIndexChanged.connect(self._follow_topics)
        self.topics.toggled.connect(self._follow_topics)
        self.is_dv.clicked.connect(self._dv_clicked)
        self.is_dv.toggled.connect(self.violence_kinds.setEnabled)
        self.consulted_on.textChanged.connect(self._date_changed)

        now = dt.datetime.now().replace(second=0, microsecond=0)
        self.consulted_on.set_value(now.date())
        self.start_time.set_value(now.time())
        self.resize(1080, 640)
        # The focus starts at the main complaint, not the narrative: one
        # arrow key picks it, it decides the DV flag and kinds of violence
        # right after it, and Tab then runs forward through them into the
        # narrative and the advice.  Starting in the narrative would cost
        # four Shift+Tabs back to the complaint and four Tabs forward again.
        self.main_complaint.setFocus()
        self._load_defaults(now)

    # --- defaults -------------------------------------------------------

    def _load_defaults(self, now: dt.datetime) -> None:
        database = self.context.require_database()
        counselor = self.context.staff_id or _NOBODY
        case_id = self.case_id
        self.context.worker.submit(
            lambda: consultation_defaults(database, counselor, case_id, now),
            self._adopt_defaults,
            self._defaults_refused,
        )

    def _defaults_refused(self, exc: Exception) -> None:
        """The case is not hers to open (casedesk.access): say so on the form,
        as a refused save would, instead of a database-error box."""
        if isinstance(exc, AccessDenied | NotSignedIn):
            self.banner.setText(str(exc))
            self.banner.show()
            self.loaded = True
        else:
            self.context.worker.error.emit(exc)

    def _adopt_defaults(self, defaults: ConsultationInput) -> None:
        """Fill in what was guessed, unless she has started typing already."""
        kind = defaults.contact_kind
        if kind is not None:
            self.contact_kind.setItemText(
                0, self.tr("Automatic ({kind})").format(kind=contact_kind_label(kind))
            )
        if not self.dirty:
            self.channel.set_value(defaults.channel_id)
            if defaults.age_band_id is not None:
                self.age_band.set_value(defaults.age_band_id)
            self.mark_clean()
        self.loaded = True

    # --- reacting to input ---------------------------------------------

    def _follow_topics(self, *_args: object) -> None:
        """Tick DV when a form of violence is among the topics, untick it
        when none is, until she sets the box herself.  The topic options
        carry the same ``is_dv`` flag that ``dv_by_default`` reads, so this
        needs no trip to the database on every key press."""
        if self._dv_touched:
            return
        chosen = {*self.topics.values(), self.main_complaint.value()}
        self.is_dv.setChecked(any(o.is_dv for o in self._topics if o.id in chosen))

    def _dv_clicked(self, *_args: object) -> None:
        self._dv_touched = True

    def _date_changed(self, *_args: object) -> None:
        try:
            self.follow_up_days.set_start(self.consulted_on.value())
        except ValueError:
            self.follow_up_days.set_start(None)

    # --- saving ---------------------------------------------------------

    def collect(self) -> ConsultationInput:
        errors: dict[str, str] = {}
        consulted_on = self.read(errors, "consulted_on", self.consulted_on.value)
        start_time = self.read(errors, "start_time", self.start_time.value)
        end_time = self.read(errors, "end_time", self.end_time.value)
        follow_up_on = self.read(errors, "follow_up_on", self.follow_up_on.value)
        if errors:
            raise ValidationError(errors)
        is_dv = self.is_dv.isChecked()
        # Item data come back as plain str: Qt stores a StrEnum as a string.
        kind = self.contact_kind.currentData()
        urgency = self.urgency.currentData()
        return ConsultationInput(
            case_id=self.case_id,
            consulted_on=consulted_on,
            start_time=start_time,
            end_time=end_time,
            channel_id=self.channel.value(),
            counselor_id=self.counselor.value(),
            contact_kind=ContactKind(kind) if kind else None,
            age_band_id=self.age_band.value(),
            main_complaint_id=self.main_complaint.value(),
            topic_ids=self.topics.values(),
            is_dv=is_dv,
            # Kinds ticked before she unticked DV are not what she means.
            violence_kind_ids=self.violence_kinds.values() if is_dv else (),
            narrative=self.narrative.toPlainText(),
            advice=self.advice.toPlainText(),
            urgency=Urgency(urgency) if urgency else Urgency.NONE,
            follow_up_on=follow_up_on,
            follow_up_in_days=self.follow_up_days.value(),
            follow_up_note=self.follow_up_note.text(),
            place=self.place.text(),
            specialist_id=self.specialist.value(),
        )

    def write(self, database: Database, value: object) -> object:
        assert isinstance(value, ConsultationInput)
        return log_consultation(database, value)

    def changed_case(self, result: object) -> uuid.UUID | None:
        return self.case_id
