"""Goods handed out (物品提供): the list and the quick-entry form.

The form is built for a counselor logging "生理用品 100 at the school
library" in seconds: the item is preselected (the first of the list, or the
last one she logged from this window), the focus starts in the quantity, and
the date, place kind and place she used last are kept for the next entry.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QSpinBox, QWidget

from casedesk.database import Database
from casedesk.errors import ValidationError
from casedesk.figures import fiscal_year_bounds
from casedesk.goods import (
    QUANTITY_MAX,
    GoodsInput,
    GoodsRow,
    delete_goods,
    event_label,
    get_goods,
    list_goods,
    save_goods,
)
from casedesk.lookups import Option
from casedesk.outreach import OutreachRow, list_outreach_events
from casedesk.parsing import format_date
from db.enums import CodeCategory
from ui.context import AppContext
from ui.fields import DateField, OptionCombo
from ui.forms.base import FormDialog
from ui.records.outreach import PeriodWindow
from ui.records.table_window import Column


def _event_options(rows: list[OutreachRow]) -> list[Option]:
    return [Option(r.id, event_label(r.held_on, r.kind, r.title, r.place)) for r in rows]


class GoodsDialog(FormDialog):
    """A new entry (``goods_id`` None, prefilled from ``template``) or an
    existing one, read on the worker."""

    def __init__(
        self,
        context: AppContext,
        goods_id: uuid.UUID | None = None,
        parent: QWidget | None = None,
        template: GoodsInput | None = None,
    ) -> None:
        title = self.tr("Goods handed out") if goods_id else self.tr("New goods entry")
        super().__init__(context, title, parent)
        self.goods_id = goods_id
        lookups = context.lookups
        self.item = OptionCombo(None, self)
        self.item.set_options(lookups.code_options(CodeCategory.GOODS_ITEM))
        self.add_field("item_id", self.tr("Item"), self.item)
        self.quantity = QSpinBox(self)
        self.quantity.setRange(1, QUANTITY_MAX)
        self.quantity.setGroupSeparatorShown(True)
        self.quantity.setMinimumWidth(self.fontMetrics().horizontalAdvance("100,000") + 40)
        self.add_field("quantity", self.tr("Quantity"), self.quantity)
        self.handed_on = DateField(self)
        self.handed_on.set_value(dt.date.today())
        self.add_field("handed_on", self.tr("Date"), self.handed_on)
        self.place_kind = OptionCombo(self.tr("(none)"), self)
        self.place_kind.set_options(lookups.code_options(CodeCategory.GOODS_PLACE))
        self.add_field("place_kind_id", self.tr("Kind of place"), self.place_kind)
        self.place = QLineEdit(self)
        self.place.setPlaceholderText(self.tr("e.g. North High School library"))
        self.add_field("place", self.tr("Place"), self.place)
        self.outreach_event = OptionCombo(self.tr("(none)"), self)
        self.add_field("outreach_event_id", self.tr("Outreach event"), self.outreach_event)
        self.case_no = QLineEdit(self)
        self.case_no.setPlaceholderText(self.tr("Only for goods given to one client"))
        self.add_field("case_no", self.tr("Case number"), self.case_no)
        self.notes = QPlainTextEdit(self)
        self.notes.setTabChangesFocus(True)
        self.notes.setMaximumHeight(self.fontMetrics().height() * 4)
        self.add_field("notes", self.tr("Notes"), self.notes)
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("あ") * 40)
        self._pending_event: uuid.UUID | None = None
        if goods_id is None:
            if template is not None:
                self._apply_template(template)
            self.quantity.setFocus()
            self.quantity.selectAll()
        else:
            self.buttons.setEnabled(False)
        self._load(goods_id)

    def _apply_template(self, template: GoodsInput) -> None:
        lookups = self.context.lookups
        self.item.set_options(lookups.code_options(CodeCategory.GOODS_ITEM), template.item_id)
        if template.handed_on is not None:
            self.handed_on.set_value(template.handed_on)
        self.place_kind.set_options(
            lookups.code_options(CodeCategory.GOODS_PLACE),
            template.place_kind_id,
        )
        self.place.setText(template.place or "")
        self._pending_event = template.outreach_event_id

    def _load(self, goods_id: uuid.UUID | None) -> None:
        """The events of this fiscal year (and the entry being edited) for the drop-down."""
        database = self.context.require_database()
        first, last = fiscal_year_bounds(dt.date.today())

        def fetch() -> tuple[list[OutreachRow], GoodsInput | None]:
            data = get_goods(database, goods_id) if goods_id is not None else None
            start = first
            if data is not None and data.handed_on is not None:
                start = min(first, data.handed_on - dt.timedelta(days=366))
            return list_outreach_events(database, start, last), data

        self.context.worker.submit(fetch, self._fill, self._load_failed)

    def _fill(self, loaded: tuple[list[OutreachRow], GoodsInput | None]) -> None:
        events, data = loaded
        lookups = self.context.lookups
        if data is None:
            self.outreach_event.set_options(_event_options(events), self._pending_event)
            return
        self.item.set_options(lookups.code_options(CodeCategory.GOODS_ITEM), data.item_id)
        self.quantity.setValue(data.quantity or 1)
        self.handed_on.set_value(data.handed_on)
        self.place_kind.set_options(
            lookups.code_options(CodeCategory.GOODS_PLACE), data.place_kind_id
        )
        self.place.setText(data.place or "")
        self.outreach_event.set_options(_event_options(events), data.outreach_event_id)
        self.case_no.setText(data.case_no or "")
        self.notes.setPlainText(data.notes or "")
        self.buttons.setEnabled(True)
        self.mark_clean()
        self.quantity.setFocus()
        self.quantity.selectAll()

    def _load_failed(self, exc: Exception) -> None:
        self.show_errors(exc.errors if isinstance(exc, ValidationError) else {"": str(exc)})

    def collect(self) -> GoodsInput:
        errors: dict[str, str] = {}
        handed_on = self.read(errors, "handed_on", self.handed_on.value)
        if errors:
            raise ValidationError(errors)
        # A number typed but not yet committed to the spin box still counts.
        self.quantity.interpretText()
        return GoodsInput(
            item_id=self.item.value(),
            quantity=self.quantity.value(),
            handed_on=handed_on,
            place_kind_id=self.place_kind.value(),
            place=self.place.text(),
            outreach_event_id=self.outreach_event.value(),
            case_no=self.case_no.text(),
            notes=self.notes.toPlainText(),
            goods_id=self.goods_id,
        )

    def write(self, database: Database, value: object) -> object:
        assert isinstance(value, GoodsInput)
        return save_goods(database, value)


def goods_columns() -> list[Column[GoodsRow]]:
    return [
        Column(QCoreApplication.translate("GoodsWindow", "Date"), lambda r: r.handed_on),
        Column(QCoreApplication.translate("GoodsWindow", "Item"), lambda r: r.item),
        Column(QCoreApplication.translate("GoodsWindow", "Quantity"), lambda r: r.quantity),
        Column(QCoreApplication.translate("GoodsWindow", "Kind of place"), lambda r: r.place_kind),
        Column(QCoreApplication.translate("GoodsWindow", "Place"), lambda r: r.place),
        Column(QCoreApplication.translate("GoodsWindow", "Outreach event"), lambda r: r.event),
        Column(QCoreApplication.translate("GoodsWindow", "Case"), lambda r: r.case_no),
    ]


class GoodsWindow(PeriodWindow[GoodsRow]):
    """The goods handed out in a period (this fiscal year first)."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(
            context,
            QCoreApplication.translate("GoodsWindow", "Goods handed out"),
            goods_columns(),
            parent,
        )
        # What the last entry saved here used: the next one starts from it.
        self.template: GoodsInput | None = None
        self.resize(1000, 600)
        self.reload()

    def make_fetch(
        self, date_from: dt.date, date_to: dt.date
    ) -> Callable[[Database], list[GoodsRow]]:
        return lambda database: list_goods(database, date_from, date_to)

    def summary(self, rows: list[GoodsRow]) -> str:
        totals: dict[str, int] = {}
        for row in rows:
            totals[row.item] = totals.get(row.item, 0) + row.quantity
        items = "、".join(f"{item} {count:,}" for item, count in sorted(totals.items()))
        text = QCoreApplication.translate("GoodsWindow", "{entries} entries").format(
            entries=f"{len(rows):,}"
        )
        return f"{text} · {items}" if items else text

    def describe(self, row: GoodsRow) -> str:
        return f"{format_date(row.handed_on)} {row.item} {row.quantity:,}"

    def open_form(self, record_id: uuid.UUID | None) -> FormDialog:
        dialog = GoodsDialog(self.context, record_id, self, self.template)
        if record_id is None:
            dialog.saved.connect(lambda _id: self._remember(dialog))
        return dialog

    def _remember(self, dialog: GoodsDialog) -> None:
        self.template = GoodsInput(
            item_id=dialog.item.value(),
            quantity=None,
            handed_on=dialog.handed_on.value(),
            place_kind_id=dialog.place_kind.value(),
            place=dialog.place.text(),
            outreach_event_id=dialog.outreach_event.value(),
        )

    def delete_job(self, record_id: uuid.UUID) -> Callable[[Database], object]:
        return lambda database: delete_goods(database, record_id)
