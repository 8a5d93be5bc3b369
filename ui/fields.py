"""Input widgets the forms share: dates and times typed as text, code-list
and staff drop-downs, and a check list for several codes.

Each keeps to the keyboard: a date field takes ``5/14`` or ``R6.5.14``
(``casedesk.parsing``), a drop-down opens with F4 or Alt+Down and finds an
item by its first letters, a check list toggles with the space bar.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable, Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QLineEdit, QListWidget, QListWidgetItem, QWidget

from casedesk.lookups import Option
from casedesk.parsing import format_date, format_time, parse_date, parse_time

ID_ROLE = int(Qt.ItemDataRole.UserRole) + 1


class DateField(QLineEdit):
    """A date typed as text; empty = no date.  ``value()`` raises
    ``ValueError`` with the Japanese message for text it cannot read."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setPlaceholderText("YYYY/MM/DD")
        self.setMaximumWidth(self.fontMetrics().horizontalAdvance("0000/00/00") * 2)

    def value(self) -> dt.date | None:
        return parse_date(self.text())

    def set_value(self, value: dt.date | None) -> None:
        self.setText(format_date(value))


class TimeField(QLineEdit):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setPlaceholderText("HH:MM")
        self.setMaximumWidth(self.fontMetrics().horizontalAdvance("00:00") * 3)

    def value(self) -> dt.time | None:
        return parse_time(self.text())

    def set_value(self, value: dt.time | None) -> None:
        self.setText(format_time(value))


class OptionCombo(QComboBox):
    """A drop-down of ``Option``s (codes, staff, agencies), optionally with
    an empty first entry.  Inactive options are offered only when they are
    the current value of the record being edited."""

    def __init__(self, blank: str | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._blank = blank
        self._options: list[Option] = []
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)

    def set_options(self, options: Sequence[Option], current: uuid.UUID | None = None) -> None:
        keep = current if current is not None else self.value()
        self._options = [o for o in options if o.active or o.id == keep]
        self.blockSignals(True)
        self.clear()
        if self._blank is not None:
            self.addItem(self._blank, None)
        for option in self._options:
            self.addItem(option.label, option.id)
        self.blockSignals(False)
        self.set_value(keep)

    def value(self) -> uuid.UUID | None:
        data = self.currentData()
        return data if isinstance(data, uuid.UUID) else None

    def set_value(self, value: uuid.UUID | None) -> None:
        # Not findData(): it compares Python objects by identity, so a UUID
        # read back from the database would never match the lookups' own.
        index = next((i for i in range(self.count()) if self.itemData(i) == value), -1)
        if index < 0 and self.count():
            index = 0
        self.setCurrentIndex(index)

    def option(self) -> Option | None:
        value = self.value()
        return next((o for o in self._options if o.id == value), None)


class OptionChecklist(QListWidget):
    """Several codes at once (topics, kinds of violence): space toggles."""

    toggled = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.itemChanged.connect(lambda _item: self.toggled.emit())

    def set_options(self, options: Sequence[Option], checked: Iterable[uuid.UUID] = ()) -> None:
        keep = set(checked) or set(self.values())
        self.blockSignals(True)
        self.clear()
        for option in options:
            if not option.active and option.id not in keep:
                continue
            item = QListWidgetItem(option.label, self)
            item.setData(ID_ROLE, option.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(
                Qt.CheckState.Checked if option.id in keep else Qt.CheckState.Unchecked
            )
        self.blockSignals(False)

    def values(self) -> tuple[uuid.UUID, ...]:
        found: list[uuid.UUID] = []
        for row in range(self.count()):
            item = self.item(row)
            if item.checkState() == Qt.CheckState.Checked:
                found.append(item.data(ID_ROLE))
        return tuple(found)

    def set_values(self, values: Iterable[uuid.UUID]) -> None:
        wanted = set(values)
        for row in range(self.count()):
            item = self.item(row)
            item.setCheckState(
                Qt.CheckState.Checked if item.data(ID_ROLE) in wanted else Qt.CheckState.Unchecked
            )
