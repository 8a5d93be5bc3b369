"""Group sessions: the drop-in space, peer support and trainings — the list,
and the form with its participants and, for a training, its survey.

Participants who are known clients are found with the case list's quick
search (a case number or the start of a name) and added with Enter; the
head count stays a number, since most participants are not clients.  The
survey is typed from the paper forms as five counts, and the form shows the
share the year-end report asks for (大変よかった + よかった) as they are typed.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from casedesk.database import Database
from casedesk.errors import ValidationError
from casedesk.group_sessions import (
    TRAINING_CODE,
    Participant,
    SessionDetail,
    SessionInput,
    SessionRow,
    SurveyCounts,
    delete_group_session,
    find_participants,
    format_share,
    get_group_session,
    list_group_sessions,
    save_group_session,
)
from casedesk.parsing import format_date
from db.enums import CodeCategory, Satisfaction
from ui.context import AppContext
from ui.fields import DateField, OptionCombo, TimeField
from ui.forms.base import FormDialog
from ui.records.outreach import PeriodWindow, count_box, time_span
from ui.records.table_window import Column

PARTICIPANT_ROLE = int(Qt.ItemDataRole.UserRole) + 1


def satisfaction_label(level: Satisfaction) -> str:
    labels = {
        Satisfaction.VERY_GOOD: QCoreApplication.translate("Satisfaction", "Very good"),
        Satisfaction.GOOD: QCoreApplication.translate("Satisfaction", "Good"),
        Satisfaction.NEUTRAL: QCoreApplication.translate("Satisfaction", "Neither"),
        Satisfaction.SOMEWHAT_DISSATISFIED: QCoreApplication.translate(
            "Satisfaction", "Somewhat dissatisfied"
        ),
        Satisfaction.DISSATISFIED: QCoreApplication.translate("Satisfaction", "Dissatisfied"),
    }
    return labels[level]


def participant_text(participant: Participant) -> str:
    if participant.case_no:
        return f"{participant.display_name}（{participant.case_no}）"
    return participant.display_name


class _EnterList(QListWidget):
    """A list that reports Enter and Delete on its current item."""

    entered = Signal()
    deleted = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentItem():
            self.entered.emit()
            return
        if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and self.currentItem():
            self.deleted.emit()
            return
        super().keyPressEvent(event)


class _SearchLine(QLineEdit):
    """A search field whose Enter searches: in a dialog, Enter would
    otherwise also press the default button and save the form half-filled."""

    search = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not event.modifiers():
            self.search.emit()
            event.accept()
            return
        super().keyPressEvent(event)


class ParticipantsBox(QWidget):
    """Known clients who came: search (Enter), pick from the results (Enter),
    remove with Delete."""

    changed = Signal()
    # A search finished: how many it found (for tests and the hint).
    searched = Signal(int)

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self._generation = 0
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        self.search = _SearchLine(self)
        self.search.setObjectName("participant_search")
        self.search.setPlaceholderText(self.tr("Case number or name, then Enter"))
        self.search.search.connect(self.run_search)
        row.addWidget(self.search, 1)
        self.hint = QLabel(self)
        row.addWidget(self.hint)
        outer.addLayout(row)
        lists = QHBoxLayout()
        height = self.fontMetrics().height() * 7
        self.results = _EnterList(self)
        self.results.setObjectName("participant_results")
        self.results.setMaximumHeight(height)
        self.results.entered.connect(self.add_current)
        self.results.itemDoubleClicked.connect(lambda _item: self.add_current())
        self.chosen = _EnterList(self)
        self.chosen.setObjectName("participants")
        self.chosen.setMaximumHeight(height)
        self.chosen.deleted.connect(self.remove_current)
        self.chosen.entered.connect(self.remove_current)
        buttons = QVBoxLayout()
        self.add_button = QPushButton(self.tr("Add →"), self)
        self.add_button.clicked.connect(self.add_current)
        self.remove_button = QPushButton(self.tr("Remove"), self)
        self.remove_button.clicked.connect(self.remove_current)
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        lists.addWidget(self.results, 1)
        lists.addLayout(buttons)
        lists.addWidget(self.chosen, 1)
        outer.addLayout(lists)

    # --- searching -----------------------------------------------------

    def run_search(self) -> None:
        text = self.search.text()
        database = self.context.database
        if database is None or not text.strip():
            return
        self._generation += 1
        generation = self._generation
        self.context.worker.submit(
            lambda: find_participants(database, text),
            lambda found: self._show_results(generation, found),
        )

    def _show_results(self, generation: int, found: list[Participant]) -> None:
        if generation != self._generation:
            return
        self.results.clear()
        for participant in found:
            item = QListWidgetItem(participant_text(participant), self.results)
            item.setData(PARTICIPANT_ROLE, participant)
        self.hint.setText(self.tr("{count} found").format(count=len(found)))
        if found:
            self.results.setCurrentRow(0)
            self.results.setFocus()
        self.searched.emit(len(found))

    # --- choosing ------------------------------------------------------

    def participants(self) -> list[Participant]:
        found: list[Participant] = []
        for row in range(self.chosen.count()):
            found.append(self.chosen.item(row).data(PARTICIPANT_ROLE))
        return found

    def client_ids(self) -> tuple[uuid.UUID, ...]:
        return tuple(p.client_id for p in self.participants())

    def set_participants(self, participants: tuple[Participant, ...]) -> None:
        self.chosen.clear()
        for participant in participants:
            self._append(participant)

    def _append(self, participant: Participant) -> None:
        item = QListWidgetItem(participant_text(participant), self.chosen)
        item.setData(PARTICIPANT_ROLE, participant)

    def add_current(self) -> None:
        item = self.results.currentItem()
        if item is None:
            return
        participant: Participant = item.data(PARTICIPANT_ROLE)
        if participant.client_id not in self.client_ids():
            self._append(participant)
            self.changed.emit()
        # Ready for the next name.
        self.search.clear()
        self.results.clear()
        self.hint.clear()
        self.search.setFocus()

    def remove_current(self) -> None:
        row = self.chosen.currentRow()
        if row < 0:
            return
        self.chosen.takeItem(row)
        self.changed.emit()


class SurveyBox(QWidget):
    """Five counts, one per satisfaction level, and the satisfied share."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        self.counts: dict[Satisfaction, QSpinBox] = {}
        for column, level in enumerate(Satisfaction):
            caption = QLabel(satisfaction_label(level), self)
            box = count_box(self)
            box.setObjectName(f"survey_{level.value}")
            caption.setBuddy(box)
            box.valueChanged.connect(self._update)
            grid.addWidget(caption, 0, column)
            grid.addWidget(box, 1, column)
            self.counts[level] = box
        self.share = QLabel(self)
        self.share.setObjectName("survey_share")
        grid.addWidget(self.share, 2, 0, 1, len(Satisfaction))
        self._update()

    def value(self) -> SurveyCounts:
        for box in self.counts.values():
            box.interpretText()
        return SurveyCounts.from_mapping({level: box.value() for level, box in self.counts.items()})

    def set_value(self, counts: SurveyCounts) -> None:
        for level, box in self.counts.items():
            box.blockSignals(True)
            box.setValue(counts.get(level))
            box.blockSignals(False)
        self._update()

    def _update(self) -> None:
        counts = SurveyCounts.from_mapping(
            {level: box.value() for level, box in self.counts.items()}
        )
        self.share.setText(
            self.tr("{total} answers · Very good + Good: {share}").format(
                total=counts.total, share=format_share(counts.satisfied_share)
            )
        )
        self.changed.emit()


class GroupSessionDialog(FormDialog):
    """A new session (``session_id`` None) or an existing one, read on the worker."""

    def __init__(
        self,
        context: AppContext,
        session_id: uuid.UUID | None = None,
        parent: QWidget | None = None,
        kind_id: uuid.UUID | None = None,
    ) -> None:
        title = self.tr("New group session") if session_id is None else self.tr("Group session")
        super().__init__(context, title, parent)
        self.session_id = session_id
        lookups = context.lookups
        self.kind = OptionCombo(self.tr("(choose)"), self)
        self.kind.set_options(lookups.code_options(CodeCategory.SESSION_KIND), kind_id)
        self.kind.currentIndexChanged.connect(lambda _i: self._enable_survey())
        self.add_field("kind_id", self.tr("Kind"), self.kind)
        self.held_on = DateField(self)
        self.held_on.set_value(dt.date.today())
        self.add_field("held_on", self.tr("Date"), self.held_on)
        self.start_time = TimeField(self)
        self.add_field("start_time", self.tr("Start time"), self.start_time)
        self.end_time = TimeField(self)
        self.add_field("end_time", self.tr("End time"), self.end_time)
        self.theme = QLineEdit(self)
        self.add_field("theme", self.tr("Theme"), self.theme)
        self.place = QLineEdit(self)
        self.add_field("place", self.tr("Place"), self.place)
        self.facilitator = QLineEdit(self)
        self.add_field("facilitator", self.tr("Facilitator"), self.facilitator)
        self.participants_count = count_box(self)
        self.participants_count.setSuffix(self.tr(" people"))
        self.add_field("participants_count", self.tr("Participants (all)"), self.participants_count)
        self.participants = ParticipantsBox(context, self)
        self.participants.changed.connect(self._mark_dirty)
        self.add_field("client_ids", self.tr("Known clients"), self.participants)
        self.survey = SurveyBox(self)
        self.add_field("survey", self.tr("Survey (training)"), self.survey)
        self.notes = QPlainTextEdit(self)
        self.notes.setTabChangesFocus(True)
        self.notes.setMaximumHeight(self.fontMetrics().height() * 4)
        self.add_field("notes", self.tr("Notes"), self.notes)
        self._enable_survey()
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("あ") * 58)
        if session_id is None:
            self.kind.setFocus()
        else:
            self._load(session_id)

    def is_training(self) -> bool:
        option = self.kind.option()
        return option is not None and option.code == TRAINING_CODE

    def _enable_survey(self) -> None:
        """The survey belongs to trainings; answers already typed stay editable."""
        self.survey.setEnabled(self.is_training() or self.survey.value().total > 0)

    def _load(self, session_id: uuid.UUID) -> None:
        self.buttons.setEnabled(False)
        database = self.context.require_database()
        self.context.worker.submit(
            lambda: get_group_session(database, session_id), self._fill, self._load_failed
        )

    def _fill(self, detail: SessionDetail) -> None:
        data = detail.data
        self.kind.set_options(
            self.context.lookups.code_options(CodeCategory.SESSION_KIND), data.kind_id
        )
        self.held_on.set_value(data.held_on)
        self.start_time.set_value(data.start_time)
        self.end_time.set_value(data.end_time)
        self.theme.setText(data.theme or "")
        self.place.setText(data.place or "")
        self.facilitator.setText(data.facilitator or "")
        self.participants_count.setValue(data.participants_count or 0)
        self.participants.set_participants(detail.participants)
        self.survey.set_value(detail.survey)
        self.notes.setPlainText(data.notes or "")
        self._enable_survey()
        self.buttons.setEnabled(True)
        self.mark_clean()
        self.kind.setFocus()

    def _load_failed(self, exc: Exception) -> None:
        self.show_errors(exc.errors if isinstance(exc, ValidationError) else {"": str(exc)})

    def show_errors(self, errors: dict[str, str]) -> None:
        # One count of the survey refused: shown under the survey as a whole.
        folded: dict[str, str] = {}
        for name, text in errors.items():
            folded.setdefault("survey" if name.startswith("survey_") else name, text)
        super().show_errors(folded)

    def collect(self) -> SessionInput:
        errors: dict[str, str] = {}
        held_on = self.read(errors, "held_on", self.held_on.value)
        start = self.read(errors, "start_time", self.start_time.value)
        end = self.read(errors, "end_time", self.end_time.value)
        if errors:
            raise ValidationError(errors)
        self.participants_count.interpretText()
        return SessionInput(
            kind_id=self.kind.value(),
            held_on=held_on,
            start_time=start,
            end_time=end,
            theme=self.theme.text(),
            place=self.place.text(),
            participants_count=self.participants_count.value(),
            facilitator=self.facilitator.text(),
            notes=self.notes.toPlainText(),
            client_ids=self.participants.client_ids(),
            survey=self.survey.value() if self.survey.isEnabled() else None,
            session_id=self.session_id,
        )

    def write(self, database: Database, value: object) -> object:
        assert isinstance(value, SessionInput)
        return save_group_session(database, value)


def _share(row: SessionRow) -> str:
    return format_share(row.survey.satisfied_share) if row.survey.total else ""


def session_columns() -> list[Column[SessionRow]]:
    right = Qt.AlignmentFlag.AlignRight
    return [
        Column(QCoreApplication.translate("GroupSessionsWindow", "Date"), lambda r: r.held_on),
        Column(
            QCoreApplication.translate("GroupSessionsWindow", "Time"),
            lambda r: time_span(r.start_time, r.end_time),
        ),
        Column(QCoreApplication.translate("GroupSessionsWindow", "Kind"), lambda r: r.kind),
        Column(QCoreApplication.translate("GroupSessionsWindow", "Theme"), lambda r: r.theme),
        Column(QCoreApplication.translate("GroupSessionsWindow", "Place"), lambda r: r.place),
        Column(
            QCoreApplication.translate("GroupSessionsWindow", "Participants"),
            lambda r: r.participants_count,
        ),
        Column(
            QCoreApplication.translate("GroupSessionsWindow", "Known clients"),
            lambda r: r.known_clients,
        ),
        Column(
            QCoreApplication.translate("GroupSessionsWindow", "Answers"),
            lambda r: r.survey.total or None,
            align=right,
        ),
        Column(
            QCoreApplication.translate("GroupSessionsWindow", "Very good + Good"),
            _share,
            align=right,
        ),
    ]


class GroupSessionsWindow(PeriodWindow[SessionRow]):
    """The group sessions of a period (this fiscal year first), of one kind or all."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(
            context,
            QCoreApplication.translate("GroupSessionsWindow", "Group sessions"),
            session_columns(),
            parent,
        )
        self.kind_filter = OptionCombo(
            QCoreApplication.translate("GroupSessionsWindow", "(all kinds)"), self
        )
        self.kind_filter.setObjectName("kind_filter")
        self.kind_filter.set_options(context.lookups.code_options(CodeCategory.SESSION_KIND))
        self.kind_filter.activated.connect(lambda _i: self.reload())
        self.add_filter(
            QCoreApplication.translate("GroupSessionsWindow", "&Kind"), self.kind_filter
        )
        context.lookups_changed.connect(self._refresh_kinds)
        self.resize(1100, 600)
        self.reload()

    def _refresh_kinds(self) -> None:
        """An administrator edited the kinds: offer the new list, keeping the choice."""
        self.kind_filter.set_options(
            self.context.lookups.code_options(CodeCategory.SESSION_KIND),
            self.kind_filter.value(),
        )

    def make_fetch(
        self, date_from: dt.date, date_to: dt.date
    ) -> Callable[[Database], list[SessionRow]]:
        kind_id = self.kind_filter.value()
        return lambda database: list_group_sessions(database, date_from, date_to, kind_id)

    def summary(self, rows: list[SessionRow]) -> str:
        survey = SurveyCounts.from_mapping(
            {level: sum(r.survey.get(level) for r in rows) for level in Satisfaction}
        )
        text = QCoreApplication.translate(
            "GroupSessionsWindow", "{sessions} sessions · {people} participants"
        ).format(sessions=len(rows), people=f"{sum(r.participants_count for r in rows):,}")
        if survey.total:
            text += " · " + QCoreApplication.translate(
                "GroupSessionsWindow", "survey: {total} answers, Very good + Good {share}"
            ).format(total=survey.total, share=format_share(survey.satisfied_share))
        return text

    def describe(self, row: SessionRow) -> str:
        return f"{format_date(row.held_on)} {row.kind} {row.theme or ''}".strip()

    def open_form(self, record_id: uuid.UUID | None) -> FormDialog:
        return GroupSessionDialog(self.context, record_id, self, self.kind_filter.value())

    def delete_job(self, record_id: uuid.UUID) -> Callable[[Database], object]:
        return lambda database: delete_group_session(database, record_id)
