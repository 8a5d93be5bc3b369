"""The code-list editor: the office's own channels, topics, age bands, ...

Categories on the left, the items of the chosen one on the right.  Items
are added, renamed (edit the label cell, or 名称変更), moved up and down,
and deactivated, never deleted: records point at them.  Every change
reloads ``context.lookups`` so that the drop-downs of every form offer it.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QSplitter,
    QWidget,
)

from casedesk.auth import Actor, Permission
from casedesk.code_lists import (
    EDITABLE_CATEGORIES,
    CodeRow,
    add_code,
    get_code,
    list_codes,
    move_code,
    rename_code,
    set_code_active,
    set_code_dv,
    set_code_max_age,
)
from casedesk.database import Database
from casedesk.figures import parse_whole_number
from db.enums import CodeCategory
from ui.context import AppContext
from ui.records.table_window import Column, TableWindow

LABEL, CODE, ACTIVE, DV, MAX_AGE = range(5)


def category_label(category: CodeCategory) -> str:
    return _CATEGORY_LABELS[category]()


# Looked up when shown, so that the language in force is the one used.
_CATEGORY_LABELS: dict[CodeCategory, Callable[[], str]] = {
    CodeCategory.CHANNEL: lambda: QCoreApplication.translate("CodeListEditor", "Channels"),
    CodeCategory.TOPIC: lambda: QCoreApplication.translate("CodeListEditor", "Topics"),
    CodeCategory.VIOLENCE_KIND: lambda: QCoreApplication.translate(
        "CodeListEditor", "Kinds of violence"
    ),
    CodeCategory.AGE_BAND: lambda: QCoreApplication.translate("CodeListEditor", "Age bands"),
    CodeCategory.AGENCY_KIND: lambda: QCoreApplication.translate("CodeListEditor", "Agency kinds"),
    CodeCategory.EMPLOYMENT: lambda: QCoreApplication.translate("CodeListEditor", "Employment"),
    CodeCategory.SPECIALIST: lambda: QCoreApplication.translate(
        "CodeListEditor", "Specialist consultations"
    ),
    CodeCategory.OUTREACH_KIND: lambda: QCoreApplication.translate(
        "CodeListEditor", "Outreach kinds"
    ),
    CodeCategory.CONFERENCE_KIND: lambda: QCoreApplication.translate(
        "CodeListEditor", "Conference kinds"
    ),
    CodeCategory.SESSION_KIND: lambda: QCoreApplication.translate(
        "CodeListEditor", "Group session kinds"
    ),
    CodeCategory.GOODS_ITEM: lambda: QCoreApplication.translate("CodeListEditor", "Goods items"),
    CodeCategory.GOODS_PLACE: lambda: QCoreApplication.translate("CodeListEditor", "Goods places"),
    CodeCategory.CLOSE_REASON: lambda: QCoreApplication.translate(
        "CodeListEditor", "Close reasons"
    ),
}


def _columns() -> list[Column[CodeRow]]:
    translate = QCoreApplication.translate
    return [
        Column(
            translate("CodeListEditor", "Label"), lambda r: r.label, field="label", editable=True
        ),
        Column(translate("CodeListEditor", "Code"), lambda r: r.code, field="code"),
        Column(
            translate("CodeListEditor", "Status"),
            lambda r: (
                translate("CodeListEditor", "In use")
                if r.active
                else translate("CodeListEditor", "Not in use")
            ),
            field="active",
            align=Qt.AlignmentFlag.AlignCenter,
        ),
        Column(
            translate("CodeListEditor", "DV"),
            lambda r: r.is_dv,
            field="is_dv",
            editable=True,
            checkable=True,
        ),
        Column(
            translate("CodeListEditor", "Max age"),
            lambda r: r.max_age,
            field="max_age",
            editable=True,
            edit_text=lambda r: "" if r.max_age is None else str(r.max_age),
            tooltip=lambda r: translate(
                "CodeListEditor", "The highest age in this band; empty = unknown"
            ),
        ),
    ]


class CodeListEditor(TableWindow[CodeRow]):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, self.tr("Code lists"), _columns(), lambda r: r.id, parent)
        self.model.dimmed = lambda r: not r.active
        self.categories = QListWidget(self)
        self.categories.setObjectName("categories")
        for category in EDITABLE_CATEGORIES:
            item = QListWidgetItem(category_label(category), self.categories)
            item.setData(Qt.ItemDataRole.UserRole, category.value)
        self.categories.setCurrentRow(0)
        self.categories.setMaximumWidth(200)
        table_part = self.takeCentralWidget()
        assert table_part is not None
        splitter = QSplitter(self)
        splitter.addWidget(self.categories)
        splitter.addWidget(table_part)
        splitter.setStretchFactor(1, 1)
        splitter.setChildrenCollapsible(False)
        splitter.setSizes([200, 800])
        self.setCentralWidget(splitter)
        self.categories.setSpacing(2)
        # The label takes the spare width, not the narrow last column.
        header = self.view.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(LABEL, QHeaderView.ResizeMode.Stretch)

        self.heading = QLabel(self)
        self.filters.addWidget(self.heading, 1)
        self.new_label = QLineEdit(self)
        self.new_label.setObjectName("new_label")
        self.new_label.setPlaceholderText(self.tr("New item"))
        self.new_code = QLineEdit(self)
        self.new_code.setObjectName("new_code")
        self.new_code.setPlaceholderText(self.tr("Code (optional)"))
        self.new_code.setMinimumWidth(self.fontMetrics().horizontalAdvance("コード（省略可）") + 16)
        self.buttons.addWidget(self.new_label, 2)
        self.buttons.addWidget(self.new_code, 1)
        self.add_item_button = self.add_button(self.tr("&Add"), self.add_item)
        self.new_label.returnPressed.connect(self.add_item)
        self.new_code.returnPressed.connect(self.add_item)
        self.buttons.addSpacing(16)
        self.rename_button = self.add_button(
            self.tr("&Rename"), self.rename_item, needs_selection=True
        )
        self.up_button = self.add_button(
            self.tr("Move &up"), lambda: self.move_item(-1), needs_selection=True
        )
        self.down_button = self.add_button(
            self.tr("Move do&wn"), lambda: self.move_item(1), needs_selection=True
        )
        self.active_button = self.add_button(
            self.tr("&Deactivate"), self.toggle_active, needs_selection=True
        )
        self._edit_controls: list[QWidget] = [
            self.new_label,
            self.new_code,
            self.add_item_button,
            self.rename_button,
            self.up_button,
            self.down_button,
            self.active_button,
        ]
        # Anyone signed in reads the lists; only an administrator changes
        # them.  The service refuses anyone else anyway (casedesk.code_lists):
        # this spares her buttons that can only fail.
        self.refusal = QLabel(
            self.tr(
                "Only a system administrator can change the code lists.\n"
                "You can read them here; sign in with an administrator account "
                "to add, rename, reorder or retire items."
            ),
            self,
        )
        self.refusal.setObjectName("code_list_refusal")
        self.refusal.setWordWrap(True)
        self.refusal.hide()
        self.buttons.addWidget(self.refusal, 1)
        self._edit_triggers = self.view.editTriggers()
        self._shown_for: Actor | None = None
        self._apply_access()
        self.categories.currentRowChanged.connect(lambda _row: self._category_changed())
        self._category_changed()
        self.resize(1000, 600)

    @property
    def permitted(self) -> bool:
        database = self.context.database
        actor = database.actor if database is not None else None
        return actor is not None and actor.may(Permission.MANAGE_CODE_LISTS)

    def _apply_access(self) -> None:
        """Editing for an administrator; the lists and an explanation for anyone else."""
        database = self.context.database
        self._shown_for = database.actor if database is not None else None
        permitted = self.permitted
        for control in self._edit_controls:
            control.setVisible(permitted)
        self.refusal.setVisible(not permitted)
        self.view.setEditTriggers(
            self._edit_triggers if permitted else QAbstractItemView.EditTrigger.NoEditTriggers
        )

    def showEvent(self, event: QShowEvent) -> None:
        # The window is made once and raised again, perhaps after someone
        # else has signed in.
        database = self.context.database
        if (database.actor if database is not None else None) != self._shown_for:
            self._apply_access()
        super().showEvent(event)

    @property
    def category(self) -> CodeCategory:
        item = self.categories.currentItem()
        return CodeCategory(item.data(Qt.ItemDataRole.UserRole)) if item else CodeCategory.CHANNEL

    def set_category(self, category: CodeCategory) -> None:
        self.categories.setCurrentRow(EDITABLE_CATEGORIES.index(category))

    def _category_changed(self) -> None:
        category = self.category
        self.heading.setText(category_label(category))
        self.view.setColumnHidden(DV, category != CodeCategory.TOPIC)
        self.view.setColumnHidden(MAX_AGE, category != CodeCategory.AGE_BAND)
        self.clear_message()
        self.reload(self.fit_columns)

    def reader(self) -> Callable[[Database], list[CodeRow]]:
        category = self.category
        return lambda database: list_codes(database, category)

    def describe(self, row: CodeRow) -> str:
        return row.label

    def after_change(self) -> None:
        # Every form's drop-downs come from the lookups.
        self.context.reload_lookups()
        super().after_change()

    def selection_changed(self) -> None:
        row = self.selected_row()
        if row is not None and not row.active:
            self.active_button.setText(self.tr("Ac&tivate"))
        else:
            self.active_button.setText(self.tr("&Deactivate"))

    # --- in-place edits -------------------------------------------------

    def edit_cell(self, row: CodeRow, column: int, value: object) -> Callable[[Database], CodeRow]:
        item_id = row.id
        if column == LABEL:
            label = str(value)

            def rename(db: Database) -> CodeRow:
                rename_code(db, item_id, label)
                return get_code(db, item_id)

            return rename
        if column == DV:
            checked = bool(value)

            def set_dv(db: Database) -> CodeRow:
                set_code_dv(db, item_id, checked)
                return get_code(db, item_id)

            return set_dv
        if column == MAX_AGE:
            max_age = parse_whole_number(str(value), "上限年齢")

            def set_max_age(db: Database) -> CodeRow:
                set_code_max_age(db, item_id, max_age)
                return get_code(db, item_id)

            return set_max_age
        raise ValueError("この列は編集できません。")

    # --- buttons ----------------------------------------------------------

    def add_item(self) -> None:
        category, label, code = self.category, self.new_label.text(), self.new_code.text()

        def added(item_id: object) -> None:
            self.new_label.clear()
            self.new_code.clear()
            self.saved.connect(self._select_added, Qt.ConnectionType.SingleShotConnection)
            self._added = item_id

        self.run(lambda db: add_code(db, category, label, code), added)

    def _select_added(self, _result: object) -> None:
        self.select_key(self._added)

    def rename_item(self) -> None:
        index = self.selected_index()
        if index >= 0:
            self.view.setFocus()
            self.view.edit(self.model.index(index, LABEL))

    def move_item(self, step: int) -> None:
        row = self.selected_row()
        if row is not None:
            self.run(lambda db: move_code(db, row.id, step))

    def toggle_active(self) -> None:
        row = self.selected_row()
        if row is not None:
            self.run(lambda db: set_code_active(db, row.id, not row.active))
