"""The case list's table view: sized for a long list and for Japanese text."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from ui.case_list_model import CaseListModel, Column

# What a typical cell of a free-text column holds, to size the columns without
# measuring every row (that would load the whole list).  Full-width samples
# for Japanese names; the fixed-vocabulary columns ask the model.
_SAMPLES: dict[Column, str] = {
    Column.CASE_NO: "2024-00000",
    Column.CLIENT: "あいうえおかきくけこ",
    Column.AGE_BAND: "70代以上",
    Column.COUNSELOR: "あいうえおかき",
    Column.LAST_CONTACT: "2024/00/00",
    Column.NEXT_DUE: "2024/00/00 相談フォロー",
}


def _padding(headers: QFontMetrics) -> int:
    """Cell margins plus room for a sort arrow, in the font's units: a
    larger font or a 150% scale gets a wider margin too."""
    return headers.height() + headers.averageCharWidth()


class CaseTableView(QTableView):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        # Row numbers mean nothing to a counselor; the case number does.
        self.verticalHeader().hide()
        # Fixed row heights: with 200,000 rows the view must not ask each
        # row for its size.
        rows = self.verticalHeader()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(self.fontMetrics().height() + 10)
        header = self.horizontalHeader()
        # Spare width goes to the client's name, the one column whose text
        # varies in length; the flag columns stay narrow.
        header.setStretchLastSection(False)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignCenter)
        header.setHighlightSections(False)

    def set_case_model(self, model: CaseListModel) -> None:
        self.setModel(model)
        self.fit_columns()
        self.horizontalHeader().setSectionResizeMode(Column.CLIENT, QHeaderView.ResizeMode.Stretch)

    def fit_columns(self) -> None:
        """Widen each column to its header or its widest expected text."""
        model = self.model()
        if not isinstance(model, CaseListModel):
            return
        cells = self.fontMetrics()
        headers = self.horizontalHeader().fontMetrics()
        for column in Column:
            title = str(model.headerData(column, Qt.Orientation.Horizontal) or "")
            texts = [*model.vocabulary(column)]
            if column in _SAMPLES:
                texts.append(_SAMPLES[column])
            width = max(
                [headers.horizontalAdvance(title), *(cells.horizontalAdvance(t) for t in texts)]
            )
            self.setColumnWidth(column, width + _padding(headers))
