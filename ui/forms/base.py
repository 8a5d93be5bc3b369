"""What every data-entry form does the same way.

- Fields are laid out in a form with a place for a message under each; a
  refused save (``casedesk.errors.ValidationError``, Japanese messages keyed
  by field name) shows each message at its field and moves the focus to the
  first one.
- Saving is one service call on the database worker, so one transaction:
  the form closes only when it succeeded, and stays open with its text when
  it did not.  Nothing is saved half.
- Ctrl+Enter or Ctrl+S saves (Enter alone does not: it would save a half
  filled form); Esc, Cancel or the window's close button on a
  changed form first asks whether to discard the changes.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from casedesk.auth import AccessDenied, NotSignedIn
from casedesk.database import Database
from casedesk.errors import ValidationError
from ui.context import AppContext
from ui.fields import OptionChecklist

T = TypeVar("T")

ERROR_STYLE = "color: #b00020;"
# Set on a field whose value was refused; the style sheet draws it red.
INVALID_PROPERTY = "invalid"


class FormDialog(QDialog):
    """Subclasses add their fields with ``add_field`` and implement
    ``collect`` (GUI thread: the form's values, as the service's input) and
    ``write`` (worker thread: the service call)."""

    # The service's result, after the transaction committed.
    saved = Signal(object)

    def __init__(self, context: AppContext, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        # The database the form was opened on: if another is opened
        # meanwhile, this form still saves where its record belongs.
        self.database = context.database
        self.setWindowTitle(title)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
        self.setStyleSheet(f'*[{INVALID_PROPERTY}="true"] {{ border: 1px solid #b00020; }}')
        self._fields: dict[str, QWidget] = {}
        self._messages: dict[str, QLabel] = {}
        self._dirty = False
        self._saving = False

        outer = QVBoxLayout(self)
        # Messages that belong to no single field (the case was closed meanwhile).
        self.banner = QLabel(self)
        self.banner.setObjectName("form_banner")
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet(ERROR_STYLE)
        self.banner.hide()
        outer.addWidget(self.banner)
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        outer.addLayout(self.form, 1)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        save = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        save.setText(self.tr("&Save"))
        save.setToolTip(self.tr("Save (Ctrl+Enter)"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        # No default button: Enter in a field must not save a form that is
        # half filled in (she is moving on, or confirming a search box);
        # saving is Ctrl+Enter or the button itself.
        for button in self.buttons.buttons():
            if isinstance(button, QPushButton):
                button.setAutoDefault(False)
                button.setDefault(False)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        outer.addWidget(self.buttons)
        for keys in ("Ctrl+Return", "Ctrl+Enter", "Ctrl+S"):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.activated.connect(self.save)

    # --- building ------------------------------------------------------

    def add_field(self, name: str, label: str, widget: QWidget) -> QWidget:
        """Add a labelled field (``name`` = the service input's attribute,
        which is how refused values find their field)."""
        holder = QWidget(self)
        column = QVBoxLayout(holder)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(widget)
        message = QLabel(holder)
        message.setObjectName(f"error_{name}")
        message.setWordWrap(True)
        message.setStyleSheet(ERROR_STYLE)
        message.hide()
        column.addWidget(message)
        caption = QLabel(label, self)
        caption.setBuddy(widget)
        self.form.addRow(caption, holder)
        widget.setObjectName(name)
        self._fields[name] = widget
        self._messages[name] = message
        self._watch(widget)
        return widget

    @contextmanager
    def rows_in(self, layout: QFormLayout) -> Iterator[None]:
        """Let ``add_field`` lay its rows out in ``layout`` (a column, a group
        box) instead of the form's own; messages still find their fields,
        which are known by name, not by layout."""
        own = self.form
        self.form = layout
        try:
            yield
        finally:
            self.form = own

    def field(self, name: str) -> QWidget:
        return self._fields[name]

    def _watch(self, widget: QWidget) -> None:
        """Any edit of the field makes the form 'changed'."""
        if isinstance(widget, QLineEdit):
            widget.textEdited.connect(self._mark_dirty)
        elif isinstance(widget, QPlainTextEdit | QTextEdit):
            widget.textChanged.connect(self._mark_dirty)
        elif isinstance(widget, QComboBox):
            widget.activated.connect(self._mark_dirty)
            if widget.isEditable():
                widget.editTextChanged.connect(self._mark_dirty)
        elif isinstance(widget, QSpinBox):
            widget.valueChanged.connect(self._mark_dirty)
        elif isinstance(widget, QAbstractSpinBox):
            widget.editingFinished.connect(self._mark_dirty)
        elif isinstance(widget, QAbstractButton | OptionChecklist):
            widget.toggled.connect(self._mark_dirty)
        for child in widget.findChildren(QWidget):
            if child is not widget and child.parent() is widget:
                self._watch(child)

    def _mark_dirty(self, *_args: object) -> None:
        self._dirty = True

    @property
    def dirty(self) -> bool:
        return self._dirty

    def mark_clean(self) -> None:
        """Call after filling the form with a record's current values."""
        self._dirty = False

    # --- to implement --------------------------------------------------

    def collect(self) -> object:
        """The form's values as the service's input; raise ``ValidationError``
        for a value that cannot even be read (a date typed wrong)."""
        raise NotImplementedError

    def write(self, database: Database, value: object) -> object:
        """Save ``value`` with one service call (runs on the worker thread)."""
        raise NotImplementedError

    def changed_case(self, result: object) -> uuid.UUID | None:
        """The case the saved record belongs to, for the views to refresh."""
        return None

    # --- helpers for collect() -----------------------------------------

    @staticmethod
    def read(errors: dict[str, str], name: str, getter: Callable[[], T]) -> T | None:
        """``getter()``, or None with its ``ValueError`` message noted under ``name``."""
        try:
            return getter()
        except ValueError as exc:
            errors[name] = str(exc)
            return None

    # --- saving --------------------------------------------------------

    def save(self) -> None:
        if self._saving:
            return
        self.clear_errors()
        try:
            value = self.collect()
        except ValidationError as exc:
            self.show_errors(exc.errors)
            return
        database = self.database or self.context.require_database()
        self._set_saving(True)
        self.context.worker.submit(
            lambda: self.write(database, value), self._on_saved, self._on_failed
        )

    def _set_saving(self, saving: bool) -> None:
        self._saving = saving
        self.buttons.setEnabled(not saving)

    def _on_saved(self, result: object) -> None:
        self._set_saving(False)
        self._dirty = False
        self.saved.emit(result)
        self.context.notify_changed(self.changed_case(result))
        self.accept()

    def _on_failed(self, exc: Exception) -> None:
        self._set_saving(False)
        if isinstance(exc, ValidationError):
            self.show_errors(exc.errors)
            return
        if isinstance(exc, AccessDenied | NotSignedIn):
            # The service refused who is asking (casedesk.access): say so
            # on the form, which keeps what was typed.
            self.banner.setText(str(exc))
            self.banner.show()
            return
        self.context.dialogs.warn(
            self,
            self.tr("Not saved"),
            self.tr(
                "The record could not be saved. Nothing was written; "
                "the form still holds what you typed."
            ),
            f"{type(exc).__name__}: {exc}",
        )

    def clear_errors(self) -> None:
        self.banner.hide()
        self.banner.clear()
        for name, message in self._messages.items():
            message.hide()
            message.clear()
            self._set_invalid(self._fields[name], False)

    def show_errors(self, errors: dict[str, str]) -> None:
        """Each message under its field; others in the banner; focus the first."""
        loose: list[str] = []
        first: QWidget | None = None
        for name, text in errors.items():
            message = self._messages.get(name)
            if message is None:
                loose.append(text)
                continue
            message.setText(text)
            message.show()
            self._set_invalid(self._fields[name], True)
        for name in self._fields:  # form order, not the service's order
            if name in errors:
                first = self._fields[name]
                break
        if loose:
            self.banner.setText("\n".join(loose))
            self.banner.show()
        if first is not None:
            first.setFocus(Qt.FocusReason.OtherFocusReason)

    def error_text(self, name: str) -> str:
        """The message shown at a field ("" if none), for tests."""
        message = self._messages[name]
        return message.text() if message.isVisibleTo(self) else ""

    @staticmethod
    def _set_invalid(widget: QWidget, invalid: bool) -> None:
        widget.setProperty(INVALID_PROPERTY, invalid)
        widget.style().unpolish(widget)
        widget.style().polish(widget)

    # --- leaving -------------------------------------------------------

    def reject(self) -> None:
        """Esc, Cancel and the close button: ask first if something changed."""
        if self._saving:
            return
        if self._dirty and not self.context.dialogs.confirm_discard(self):
            return
        super().reject()
