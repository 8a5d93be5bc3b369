"""The filter bar above the case list: status, counselor, channel, topic,
age band, DV only and a date range of the consultations.

Every choice applies at once (the window reloads the list on the worker);
a date applies when the field is left or Enter is pressed, and only if it
can be read: otherwise the Japanese message shows next to it and the list
keeps the last good date.  The bar emits ``CaseFilters`` without the quick
search text, which the window adds.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import replace

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QWidget,
)

from casedesk.case_list import CaseFilters
from db.enums import CaseStatus, CodeCategory
from ui.context import AppContext
from ui.fields import DateField, OptionCombo
from ui.settings import StoredFilters

# The counselor combo's entry for "the counselor at the keyboard".
_ME = "me"
_ERROR_COLOR = "#b00020"


class FilterBar(QWidget):
    # The filters changed: the new StoredFilters (its CaseFilters has no text).
    filters_changed = Signal(object)

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("filter_bar")
        self.context = context
        self._filters = CaseFilters()
        self._me = False

        self.status_combo = QComboBox(self)
        self.status_combo.addItem(self.tr("All"), None)
        # Plain strings as item data: Qt would turn a StrEnum into str anyway.
        self.status_combo.addItem(self.tr("Open"), CaseStatus.OPEN.value)
        self.status_combo.addItem(self.tr("Closed"), CaseStatus.CLOSED.value)
        self.counselor_combo = QComboBox(self)
        self.counselor_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        everyone = self.tr("(all)")
        self.channel_combo = OptionCombo(everyone, self)
        self.topic_combo = OptionCombo(everyone, self)
        self.age_band_combo = OptionCombo(everyone, self)
        self.dv_check = QCheckBox(self.tr("&DV only"), self)
        self.date_from = DateField(self)
        self.date_to = DateField(self)
        self.date_error = QLabel(self)
        self.date_error.setObjectName("date_error")
        self.date_error.setStyleSheet(f"color: {_ERROR_COLOR};")
        self.date_error.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.clear_button = QPushButton(self.tr("C&lear filters"), self)

        # Mnemonics: none of the menu bar's (F, C, R, V, H), so Alt+letter
        # is never ambiguous.
        grid = QGridLayout(self)
        grid.setContentsMargins(6, 2, 6, 2)
        row0 = [
            (self.tr("&Status"), self.status_combo),
            (self.tr("C&ounselor"), self.counselor_combo),
            (self.tr("Cha&nnel"), self.channel_combo),
            (self.tr("&Topic"), self.topic_combo),
            (self.tr("&Age"), self.age_band_combo),
        ]
        for n, (text, widget) in enumerate(row0):
            label = QLabel(text, self)
            label.setBuddy(widget)
            grid.addWidget(label, 0, 2 * n, Qt.AlignmentFlag.AlignRight)
            grid.addWidget(widget, 0, 2 * n + 1)
        dates = QHBoxLayout()
        dates.addWidget(self.dv_check)
        dates.addSpacing(self.fontMetrics().horizontalAdvance("MM"))
        from_label = QLabel(self.tr("Consulted fro&m"), self)
        from_label.setBuddy(self.date_from)
        dates.addWidget(from_label)
        dates.addWidget(self.date_from)
        to_label = QLabel(self.tr("to"), self)
        to_label.setBuddy(self.date_to)
        dates.addWidget(to_label)
        dates.addWidget(self.date_to)
        dates.addWidget(self.date_error, 1)
        dates.addWidget(self.clear_button)
        grid.addLayout(dates, 1, 0, 1, 2 * len(row0))
        grid.setColumnStretch(2 * len(row0), 1)
        grid.addWidget(QWidget(self), 0, 2 * len(row0))  # takes the spare width

        self.status_combo.currentIndexChanged.connect(self._changed)
        self.counselor_combo.currentIndexChanged.connect(self._changed)
        for combo in (self.channel_combo, self.topic_combo, self.age_band_combo):
            combo.currentIndexChanged.connect(self._changed)
        self.dv_check.toggled.connect(self._changed)
        for field in (self.date_from, self.date_to):
            field.editingFinished.connect(self._changed)
        self.clear_button.clicked.connect(self.clear)
        context.lookups_changed.connect(self._fill)
        context.staff_changed.connect(self._on_staff_changed)
        self._fill()

    # --- public --------------------------------------------------------

    @property
    def filters(self) -> CaseFilters:
        """The filters in force ("me" resolved to the counselor at the keyboard)."""
        return self._filters

    @property
    def stored(self) -> StoredFilters:
        return StoredFilters(self._filters, self._me)

    def set_filters(self, stored: StoredFilters) -> None:
        """Show ``stored`` (remembered ones) without emitting ``filters_changed``."""
        f = stored.filters
        widgets: list[QWidget] = [
            self.status_combo,
            self.counselor_combo,
            self.channel_combo,
            self.topic_combo,
            self.age_band_combo,
            self.dv_check,
        ]
        for widget in widgets:
            widget.blockSignals(True)
        try:
            status = f.status.value if f.status is not None else None
            self.status_combo.setCurrentIndex(max(0, self.status_combo.findData(status)))
            counselor: object = _ME if stored.counselor_is_me else f.counselor_id
            self.counselor_combo.setCurrentIndex(max(0, self.counselor_combo.findData(counselor)))
            self.channel_combo.set_value(f.channel_id)
            self.topic_combo.set_value(f.topic_id)
            self.age_band_combo.set_value(f.age_band_id)
            self.dv_check.setChecked(f.dv_only)
            self.date_from.set_value(f.date_from)
            self.date_to.set_value(f.date_to)
        finally:
            for widget in widgets:
                widget.blockSignals(False)
        self.date_error.clear()
        self._me = stored.counselor_is_me
        self._filters = self._read(f)

    @Slot()
    def clear(self) -> None:
        """Back to every case (the Clear filters button)."""
        self.set_filters(StoredFilters(CaseFilters()))
        self.filters_changed.emit(self.stored)

    # --- internals -----------------------------------------------------

    @Slot()
    def _fill(self) -> None:
        """Fill the drop-downs from the lookups, keeping the choices made."""
        lookups = self.context.lookups
        kept = self.stored
        self.counselor_combo.blockSignals(True)
        self.counselor_combo.clear()
        self.counselor_combo.addItem(self.tr("(all)"), None)
        self.counselor_combo.addItem(self.tr("Me"), _ME)
        for option in lookups.staff:
            if option.active or option.id == kept.filters.counselor_id:
                self.counselor_combo.addItem(option.label, option.id)
        self.counselor_combo.blockSignals(False)
        for combo, category in (
            (self.channel_combo, CodeCategory.CHANNEL),
            (self.topic_combo, CodeCategory.TOPIC),
            (self.age_band_combo, CodeCategory.AGE_BAND),
        ):
            combo.blockSignals(True)
            combo.set_options(lookups.code_options(category))
            combo.blockSignals(False)
        self.set_filters(kept)

    @Slot(object)
    def _on_staff_changed(self, _staff_id: uuid.UUID | None) -> None:
        if self._me:
            self._changed()

    def _read_date(self, field: DateField, last: dt.date | None) -> tuple[dt.date | None, str]:
        try:
            return field.value(), ""
        except ValueError as exc:
            return last, str(exc)

    def _read(self, last: CaseFilters) -> CaseFilters:
        """The filters the widgets show; an unreadable date keeps ``last``'s
        and leaves its message in ``date_error``."""
        counselor = self.counselor_combo.currentData()
        self._me = counselor == _ME
        counselor_id = self.context.staff_id if self._me else counselor
        date_from, error_from = self._read_date(self.date_from, last.date_from)
        date_to, error_to = self._read_date(self.date_to, last.date_to)
        self.date_error.setText(error_from or error_to)
        status = self.status_combo.currentData()
        return replace(
            last,
            status=CaseStatus(status) if status in set(CaseStatus) else None,
            counselor_id=counselor_id if isinstance(counselor_id, uuid.UUID) else None,
            channel_id=self.channel_combo.value(),
            topic_id=self.topic_combo.value(),
            age_band_id=self.age_band_combo.value(),
            dv_only=self.dv_check.isChecked(),
            date_from=date_from,
            date_to=date_to,
        )

    def _changed(self, *_args: object) -> None:
        # Connected to signals with and without arguments: no @Slot here.
        filters = self._read(self._filters)
        if filters == self._filters:
            return
        self._filters = filters
        self.filters_changed.emit(self.stored)
