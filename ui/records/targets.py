"""Annual targets (目標): one row per indicator of the year-end report.

Type a target into its cell and press Enter: it is saved at once.  Emptying
the cell removes the target.  A note can be added to a row that has a
target.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QAbstractItemView, QLabel, QWidget

from casedesk.auth import Actor, Permission
from casedesk.database import Database
from casedesk.figures import (
    TargetInput,
    TargetRow,
    delete_target,
    list_targets,
    parse_amount,
    save_target,
)
from ui.context import AppContext
from ui.records.table_window import Column, FiscalYearCombo, TableWindow

INDICATOR, TARGET, NOTE = range(3)


def _columns() -> list[Column[TargetRow]]:
    translate = QCoreApplication.translate
    return [
        Column(translate("TargetsWindow", "Indicator"), lambda r: r.label, field="indicator"),
        Column(
            translate("TargetsWindow", "Target"),
            lambda r: r.target,
            field="target",
            editable=True,
            edit_text=lambda r: "" if r.target is None else f"{r.target:g}",
        ),
        Column(
            translate("TargetsWindow", "Note"),
            lambda r: (r.note or "").replace("\n", " "),
            field="note",
            editable=True,
            edit_text=lambda r: r.note or "",
        ),
    ]


def _current(db: Database, fiscal_year: int, indicator: str) -> TargetRow:
    return next(r for r in list_targets(db, fiscal_year) if r.indicator == indicator)


class TargetsWindow(TableWindow[TargetRow]):
    """The targets of one fiscal year, edited in the table."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(
            context, self.tr("Annual targets"), _columns(), lambda r: r.indicator, parent
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
            self.tr("Type a target and press Enter to save it; empty the cell to remove it."),
            self,
        )
        hint.setWordWrap(True)
        self.buttons.addWidget(hint, 1)
        self.hint = hint
        # Counselors read the targets; setting them is the supervisors' (the
        # service refuses anyone else: casedesk.figures).
        self.refusal = QLabel(
            self.tr("Only a supervisor can set the annual targets. You can read them here."),
            self,
        )
        self.refusal.setObjectName("targets_refusal")
        self.refusal.setWordWrap(True)
        self.buttons.addWidget(self.refusal, 1)
        self._edit_triggers = self.view.editTriggers()
        self._shown_for: Actor | None = None
        self._apply_access()
        self.year.currentIndexChanged.connect(lambda _i: self._year_changed())
        self.resize(760, 560)
        self.reload(self._first_load)

    @property
    def permitted(self) -> bool:
        database = self.context.database
        actor = database.actor if database is not None else None
        return actor is not None and actor.may(Permission.REPORTS)

    def _apply_access(self) -> None:
        database = self.context.database
        self._shown_for = database.actor if database is not None else None
        permitted = self.permitted
        self.hint.setVisible(permitted)
        self.refusal.setVisible(not permitted)
        self.view.setEditTriggers(
            self._edit_triggers if permitted else QAbstractItemView.EditTrigger.NoEditTriggers
        )

    def showEvent(self, event: QShowEvent) -> None:
        database = self.context.database
        if (database.actor if database is not None else None) != self._shown_for:
            self._apply_access()
        super().showEvent(event)

    def _first_load(self) -> None:
        self.fit_columns()
        self.view.setColumnWidth(TARGET, max(self.view.columnWidth(TARGET), 120))

    def _year_changed(self) -> None:
        self.clear_message()
        self.reload()

    def reader(self) -> Callable[[Database], list[TargetRow]]:
        fiscal_year = self.year.value()
        return lambda database: list_targets(database, fiscal_year)

    def describe(self, row: TargetRow) -> str:
        return row.label

    def edit_cell(
        self, row: TargetRow, column: int, value: object
    ) -> Callable[[Database], TargetRow]:
        fiscal_year, indicator = self.year.value(), row.indicator
        text = str(value)
        if column == TARGET:
            target = parse_amount(text, "目標値")

            def set_target(db: Database) -> TargetRow:
                current = _current(db, fiscal_year, indicator)
                if target is None:
                    if current.target_id is not None:
                        delete_target(db, current.target_id)
                    return _current(db, fiscal_year, indicator)
                return save_target(
                    db,
                    TargetInput(fiscal_year, indicator, target, current.note),
                    current.target_id,
                )

            return set_target
        if column == NOTE:

            def set_note(db: Database) -> TargetRow:
                current = _current(db, fiscal_year, indicator)
                if current.target_id is None and not text.strip():
                    return current
                # A note alone is refused by the service ("目標値を入力してください").
                return save_target(
                    db,
                    TargetInput(fiscal_year, indicator, current.target, text),
                    current.target_id,
                )

            return set_note
        raise ValueError("この列は編集できません。")
