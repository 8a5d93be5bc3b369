"""The LINE account's monthly figures, entered by hand from its console.

Twelve rows, April to March of the chosen fiscal year.  Each edited cell is
saved with the rest of its month as stored; utilisation (slots used per slot
offered) is computed, not typed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import replace

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QLabel, QWidget

from casedesk.database import Database
from casedesk.figures import (
    LineMonthRow,
    list_line_months,
    parse_whole_number,
    save_line_month,
)
from ui.context import AppContext
from ui.records.table_window import Column, FiscalYearCombo, TableWindow

MONTH, REGISTERED, TOTAL, OFFERED, USED, UTILISATION, NOTES = range(7)

# Column → (the field of LineMonthInput, its name in messages).
_COUNTS: dict[int, tuple[str, str]] = {
    REGISTERED: ("friends_registered", "友だち登録者数"),
    TOTAL: ("friends_total", "友だち総数"),
    OFFERED: ("slots_offered", "提供枠数"),
    USED: ("slots_used", "利用枠数"),
}


def month_label(month: dt.date) -> str:
    return QCoreApplication.translate("LineFiguresWindow", "{month}/{year}").format(
        month=month.month, year=month.year
    )


def _count(name: str) -> Callable[[LineMonthRow], str]:
    def text(row: LineMonthRow) -> str:
        value = getattr(row, name)
        return "" if value is None else str(value)

    return text


def _columns() -> list[Column[LineMonthRow]]:
    translate = QCoreApplication.translate
    titles = {
        REGISTERED: translate("LineFiguresWindow", "Friends registered"),
        TOTAL: translate("LineFiguresWindow", "Friends in total"),
        OFFERED: translate("LineFiguresWindow", "Slots offered"),
        USED: translate("LineFiguresWindow", "Slots used"),
    }
    columns: list[Column[LineMonthRow]] = [
        Column(translate("LineFiguresWindow", "Month"), lambda r: month_label(r.month))
    ]
    for column, (name, _caption) in _COUNTS.items():
        columns.append(
            Column(
                titles[column],
                lambda r, name=name: getattr(r, name),  # type: ignore[misc]
                field=name,
                editable=True,
                edit_text=_count(name),
            )
        )
    columns.append(
        Column(
            translate("LineFiguresWindow", "Utilisation"),
            lambda r: "" if r.utilisation is None else f"{r.utilisation:.1f}%",
            align=Qt.AlignmentFlag.AlignRight,
            tooltip=lambda r: translate("LineFiguresWindow", "Slots used ÷ slots offered"),
        )
    )
    columns.append(
        Column(
            translate("LineFiguresWindow", "Notes"),
            lambda r: (r.notes or "").replace("\n", " "),
            field="notes",
            editable=True,
            edit_text=lambda r: r.notes or "",
        )
    )
    return columns


class LineFiguresWindow(TableWindow[LineMonthRow]):
    """One fiscal year of LINE figures, edited in the table."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(
            context, self.tr("LINE monthly figures"), _columns(), lambda r: r.month, parent
        )
        label = QLabel(self.tr("&Fiscal year"), self)
        self.year = FiscalYearCombo(parent=self)
        self.year.setObjectName("fiscal_year")
        label.setBuddy(self.year)
        self.filters.addWidget(label)
        self.filters.addWidget(self.year)
        # The rows are named (a month, an indicator): no need to number them.
        self.view.verticalHeader().hide()
        self.filters.addStretch(1)
        hint = QLabel(
            self.tr("Type a figure and press Enter: each month is saved as you go."), self
        )
        hint.setWordWrap(True)
        self.buttons.addWidget(hint, 1)
        self.year.currentIndexChanged.connect(lambda _i: self._year_changed())
        self.resize(900, 520)
        self.reload(self._first_load)

    def _first_load(self) -> None:
        self.fit_columns()
        for column in _COUNTS:
            self.view.setColumnWidth(column, max(self.view.columnWidth(column), 110))

    def _year_changed(self) -> None:
        self.clear_message()
        self.reload()

    def reader(self) -> Callable[[Database], list[LineMonthRow]]:
        fiscal_year = self.year.value()
        return lambda database: list_line_months(database, fiscal_year)

    def describe(self, row: LineMonthRow) -> str:
        return month_label(row.month)

    def edit_cell(
        self, row: LineMonthRow, column: int, value: object
    ) -> Callable[[Database], LineMonthRow]:
        month, fiscal_year = row.month, self.year.value()
        if column in _COUNTS:
            name, caption = _COUNTS[column]
            change: dict[str, object] = {name: parse_whole_number(str(value), caption)}
        elif column == NOTES:
            change = {"notes": str(value)}
        else:
            raise ValueError("この列は編集できません。")

        def save(db: Database) -> LineMonthRow:
            # The month as stored now, with this one change: an earlier edit
            # of the same month, still on its way, is not undone.
            current = next(r for r in list_line_months(db, fiscal_year) if r.month == month)
            return save_line_month(db, replace(current.as_input(), **change))  # type: ignore[arg-type]

        return save
