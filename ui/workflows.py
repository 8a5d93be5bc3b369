"""Which form or window each action opens.

The main window knows its menus, the case views know their buttons, the
forms know their fields; none of them knows the others.  ``Workflows`` is
the one place that connects them: a menu action or a case view's request
opens the form for it, and a saved intake opens the new case's tab.

Forms open non-modal (a counselor may look something up in the case while
she writes) and are deleted when they close.  Record windows (agencies,
outreach, ...) are made once and raised again on the next request.

The form, record-window and case-view modules are imported when first
opened, not at start-up: together they take about a third of a second to
import, which the case list would otherwise wait for.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog, QWidget

from ui.case_list_model import CASE_ID_ROLE
from ui.context import AppContext

if TYPE_CHECKING:
    from ui.main_window import MainWindow

RecordWindowFactory = Callable[[AppContext, QWidget], QWidget]


# --- the record windows, each imported when first asked for ---------------


def _agencies(context: AppContext, parent: QWidget) -> QWidget:
    from ui.records.agencies import AgencyDirectory

    return AgencyDirectory(context, parent)


def _outreach(context: AppContext, parent: QWidget) -> QWidget:
    from ui.records.outreach import OutreachWindow

    return OutreachWindow(context, parent)


def _goods(context: AppContext, parent: QWidget) -> QWidget:
    from ui.records.goods import GoodsWindow

    return GoodsWindow(context, parent)


def _group_sessions(context: AppContext, parent: QWidget) -> QWidget:
    from ui.records.group_sessions import GroupSessionsWindow

    return GroupSessionsWindow(context, parent)


def _line_figures(context: AppContext, parent: QWidget) -> QWidget:
    from ui.records.line_figures import LineFiguresWindow

    return LineFiguresWindow(context, parent)


def _targets(context: AppContext, parent: QWidget) -> QWidget:
    from ui.records.targets import TargetsWindow

    return TargetsWindow(context, parent)


def _code_lists(context: AppContext, parent: QWidget) -> QWidget:
    from ui.records.code_lists import CodeListEditor

    return CodeListEditor(context, parent)


def _staff(context: AppContext, parent: QWidget) -> QWidget:
    from ui.records.staff import StaffWindow

    return StaffWindow(context, parent)


class Workflows(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.context = window.context
        self._record_windows: dict[str, QWidget] = {}
        self.record_actions: dict[str, QAction] = {}
        window.case_view_factory = self.make_case_view
        window.new_client_action.triggered.connect(self.new_client)
        window.log_consultation_action.triggered.connect(self.log_consultation_here)
        self._fill_records_menu()

    # --- case views ----------------------------------------------------

    def make_case_view(self, context: AppContext, case_id: uuid.UUID) -> QWidget:
        from ui.case_view import CaseView

        view = CaseView(context, case_id)
        view.log_consultation_requested.connect(self.log_consultation)
        view.log_accompaniment_requested.connect(self.log_accompaniment)
        view.create_referral_requested.connect(self.create_referral)
        view.move_referral_requested.connect(self.move_referral)
        view.edit_client_requested.connect(self.edit_client)
        return view

    def current_case(self) -> uuid.UUID | None:
        """The case she is looking at: the open case tab, else the case
        selected in the list; None on the list with nothing selected."""
        from ui.case_view import CaseView

        tab = self.window.tabs.currentWidget()
        if isinstance(tab, CaseView):
            return tab.case_id
        index = self.window.case_view.currentIndex()
        if tab is not None and index.isValid():
            data = index.siblingAtColumn(0).data(CASE_ID_ROLE)
            if isinstance(data, uuid.UUID):
                return data
        return None

    # --- forms ---------------------------------------------------------

    def _show(self, form: QDialog) -> QDialog:
        form.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        form.show()
        form.raise_()
        form.activateWindow()
        return form

    def new_client(self) -> QDialog:
        from ui.forms.intake import IntakeDialog

        form = IntakeDialog(self.context, self.window)
        form.open_case_requested.connect(self.window.open_case)
        return self._show(form)

    def log_consultation_here(self) -> QDialog:
        """Ctrl+Shift+N: on the case in view, or an anonymous contact."""
        return self.log_consultation(self.current_case())

    def log_consultation(self, case_id: uuid.UUID | None) -> QDialog:
        from ui.forms.consultation import ConsultationDialog

        return self._show(ConsultationDialog(self.context, case_id, self.window))

    def log_accompaniment(self, case_id: uuid.UUID) -> QDialog:
        from ui.forms.accompaniment import AccompanimentDialog

        return self._show(AccompanimentDialog(self.context, case_id, self.window))

    def create_referral(self, case_id: uuid.UUID) -> QDialog:
        from ui.forms.referral import ReferralDialog

        return self._show(ReferralDialog(self.context, case_id, self.window))

    def move_referral(self, referral_id: uuid.UUID) -> QDialog:
        from ui.forms.referral import MoveReferralDialog

        return self._show(MoveReferralDialog(self.context, referral_id, self.window))

    def edit_client(self, client_id: uuid.UUID) -> QDialog:
        from ui.forms.client import ClientDialog

        return self._show(ClientDialog(self.context, client_id, self.window))

    def change_own_password(self) -> QDialog:
        """The signed-in staff member's own password (for the File menu)."""
        from ui.forms.own_password import OwnPasswordDialog

        return self._show(OwnPasswordDialog(self.context, self.window))

    # --- the program's other records -----------------------------------

    def _fill_records_menu(self) -> None:
        entries: list[tuple[str, str, RecordWindowFactory | None]] = [
            ("agencies", self.tr("Partner &Agencies…"), _agencies),
            ("outreach", self.tr("&Outreach Events…"), _outreach),
            ("goods", self.tr("&Goods Handed Out…"), _goods),
            ("sessions", self.tr("Group &Sessions…"), _group_sessions),
            ("", "", None),
            ("line", self.tr("&LINE Figures by Month…"), _line_figures),
            ("targets", self.tr("Annual &Targets…"), _targets),
            ("", "", None),
            ("codes", self.tr("&Code Lists…"), _code_lists),
            ("staff", self.tr("Sta&ff Accounts…"), _staff),
        ]
        menu = self.window.records_menu
        for key, text, factory in entries:
            if factory is None:
                menu.addSeparator()
                continue
            action = QAction(text, self.window)
            action.setObjectName(f"records_{key}")
            action.triggered.connect(
                lambda _checked=False, key=key, factory=factory: self.show_records(key, factory)
            )
            menu.addAction(action)
            self.window.requires_database(action)
            self.record_actions[key] = action

    def show_records(self, key: str, factory: RecordWindowFactory) -> QWidget:
        window = self._record_windows.get(key)
        if window is None:
            window = factory(self.context, self.window)
            # Its own top-level window, not a child painted into ours.
            window.setWindowFlag(Qt.WindowType.Window, True)
            self._record_windows[key] = window
        window.show()
        window.raise_()
        window.activateWindow()
        return window

    def close_record_windows(self) -> None:
        for window in self._record_windows.values():
            window.close()
