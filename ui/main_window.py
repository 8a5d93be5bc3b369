"""The main window: the case list of one open database, with case tabs.

The first tab is the case list (the quick search and the filter bar above
it); each opened case gets a tab of its own (``case_view_factory``).  The
due-list dock shows what the counselor chosen in the status bar has to
follow up on.  Menus and the toolbar carry the actions the app connects to
its forms (``new_client_action``, ``log_consultation_action``,
``records_menu``).  Layout, columns, sort, filters and the counselor are
remembered between runs (``ui.settings``).

Every database call goes through the window's ``DatabaseWorker``; the window
only reacts to results.  ``context`` (``ui.context.AppContext``) is what the
forms and case views share with it.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QLabel,
    QLineEdit,
    QMainWindow,
    QProgressDialog,
    QPushButton,
    QTabBar,
    QTabWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from casedesk import __version__, accounts, backups
from casedesk.auth import AccessDenied, Permission
from casedesk.case_list import CaseFilters
from casedesk.database import Database, open_database
from casedesk.paths import data_dir, demo_db_path
from db.cipher import FileKind, file_kind
from db.engine import normalize_url, sqlite_path
from db.migrate import (
    DatabaseRefused,
    DatabaseTooNew,
    NotACasedeskDatabase,
    UpgradeCancelled,
    UpgradeStage,
    WrongPassphrase,
)
from ui.case_list_model import SORT_KEYS, CaseListModel, Column
from ui.case_table import CaseTableView
from ui.context import AppContext
from ui.dialogs import Dialogs
from ui.due_list import DueListDock
from ui.filter_bar import FilterBar
from ui.forms.base import FormDialog
from ui.i18n import ui_language
from ui.idle_lock import CHOICES_MINUTES, IdleLock
from ui.settings import AppSettings, StoredFilters
from ui.worker import DatabaseWorker, ProgressRelay
from ui.workflows import Workflows

log = logging.getLogger(__name__)

APP_TITLE = "casedesk"
# How long a passing note (a backup was made, the demo build was cancelled)
# stays in the status bar.
NOTE_MS = 15_000
# Enough to scroll and try things, quick to build on a slow office laptop;
# ``casedesk demo --consultations N`` builds bigger ones.
DEMO_CONSULTATIONS = 3000
# How long opening a database may take before a busy dialog appears.
OPEN_BUSY_AFTER_MS = 1000
# The pause in typing after which the quick search runs.
SEARCH_PAUSE_MS = 250


class MainWindow(QMainWindow):
    # A database is open and its case list is being loaded: its location.
    database_opened = Signal(str)
    # Opening a database failed (the message has been shown): the exception.
    open_failed = Signal(object)
    # A case tab was opened or brought forward: the case id.
    case_opened = Signal(object)

    def __init__(
        self,
        dialogs: Dialogs | None = None,
        parent: QWidget | None = None,
        *,
        settings: AppSettings | None = None,
    ) -> None:
        super().__init__(parent)
        self._dialogs = dialogs or Dialogs()
        self.settings = settings if settings is not None else AppSettings()
        self._database: Database | None = None
        # Every database a job opened, so that closing the window closes
        # them all, even one whose open was still under way.
        self._opened: list[Database] = []
        self._demo_relay: ProgressRelay | None = None
        self.demo_consultations = DEMO_CONSULTATIONS
        self._filters = CaseFilters()
        # A database was adopted and its lookups are on their way: then the
        # remembered filters and counselor can be checked and applied.
        self._restore_pending = False
        # The signed-in staff member, made the context's once the list is in.
        self._staff_after_list: uuid.UUID | None = None
        self._restoring_sort = False
        self._database_actions: list[QAction] = []
        self._case_tabs: dict[uuid.UUID, QWidget] = {}
        # Builds the widget of a case tab (``ui.case_view.CaseView``); the
        # app sets it.  None: opening a case does nothing.
        self.case_view_factory: Callable[[AppContext, uuid.UUID], QWidget] | None = None

        self._worker = DatabaseWorker(self)
        self._worker.error.connect(self._on_worker_error)
        self.context = AppContext(self._worker, self._dialogs, self)
        self._model = CaseListModel(self._worker, self)
        self._model.loaded.connect(self._on_list_loaded)
        self._model.failed.connect(self._on_list_failed)
        self._view = CaseTableView(self)
        self._view.set_case_model(self._model)
        self._view.activated.connect(self._open_listed_case)
        header = self._view.horizontalHeader()
        # A click on a column title sorts by it, once the model can sort
        # (CaseListModel.sort); until then an arrow would only mislead.
        sortable = type(self._model).sort is not QAbstractTableModel.sort
        header.setSectionsClickable(sortable)
        header.setSortIndicatorShown(sortable)
        header.setSortIndicator(Column.CASE_NO, Qt.SortOrder.DescendingOrder)
        header.sortIndicatorChanged.connect(self._on_sort_changed)

        self.filter_bar = FilterBar(self.context, self)
        self.filter_bar.filters_changed.connect(self._on_filters_changed)
        list_page = QWidget(self)
        list_page.setObjectName("case_list_page")
        page_layout = QVBoxLayout(list_page)
        page_layout.setContentsMargins(0, 0, 0, 0)
        page_layout.setSpacing(0)
        page_layout.addWidget(self.filter_bar)
        page_layout.addWidget(self._view, 1)
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("tabs")
        self.tabs.setDocumentMode(True)
        self.tabs.setTabsClosable(True)
        self.tabs.setMovable(False)
        self.tabs.addTab(list_page, self.tr("Case list"))
        # The case list stays: no close button on its tab.
        for side in (QTabBar.ButtonPosition.RightSide, QTabBar.ButtonPosition.LeftSide):
            self.tabs.tabBar().setTabButton(0, side, None)
        self.tabs.tabCloseRequested.connect(self.close_tab)
        self.setCentralWidget(self.tabs)

        self.due_dock = DueListDock(self.context, self)
        self.due_dock.open_case_requested.connect(self.open_case)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.due_dock)

        # Hides the window's contents after a while with no input (see
        # ui/idle_lock.py); before the actions, which can lock at once.
        self.idle_lock = IdleLock(
            self, self.context, self.settings.auto_lock_minutes(), self.sign_out
        )
        self._build_actions()
        self._build_menus()
        self._build_toolbars()
        self._build_status_bar()
        self.context.lookups_changed.connect(self._on_lookups_changed)
        self.context.staff_changed.connect(self._on_staff_changed)
        self.context.records_changed.connect(self._on_records_changed)
        self._show_no_database()
        self._update_actions()
        self.resize(1100, 680)
        self._restore_layout()
        # The forms and record windows behind the actions and case tabs.
        self.workflows = Workflows(self)
        self.database_opened.connect(lambda _location: self.workflows.close_record_windows())

    # --- public --------------------------------------------------------

    @property
    def database(self) -> Database | None:
        return self._database

    @property
    def case_model(self) -> CaseListModel:
        return self._model

    @property
    def case_view(self) -> CaseTableView:
        return self._view

    @property
    def worker(self) -> DatabaseWorker:
        return self._worker

    def requires_database(self, action: QAction) -> None:
        """Enable ``action`` only while a database is open (for the actions
        the app adds, e.g. to ``records_menu``)."""
        self._database_actions.append(action)
        action.setEnabled(self._database is not None)

    def _open_listed_case(self, index: QModelIndex) -> None:
        # None: a row whose id is still on its way (shown as a placeholder).
        case_id = self._model.case_id(index.row())
        if case_id is not None:
            self.open_case(case_id)

    def open_case(self, case_id: uuid.UUID) -> None:
        """Show the case in its tab, opening one (through
        ``case_view_factory``) unless it is open already."""
        existing = self._case_tabs.get(case_id)
        if existing is not None:
            self.tabs.setCurrentWidget(existing)
            self.case_opened.emit(case_id)
            return
        factory = self.case_view_factory
        if factory is None or self.context.database is None:
            return
        widget = factory(self.context, case_id)
        self._case_tabs[case_id] = widget
        index = self.tabs.addTab(widget, self._tab_title(widget))
        title_changed = getattr(widget, "title_changed", None)
        if title_changed is not None:
            title_changed.connect(lambda title: self._retitle(widget, str(title)))
        self.tabs.setCurrentIndex(index)
        widget.setFocus()
        self.case_opened.emit(case_id)

    @property
    def open_case_ids(self) -> list[uuid.UUID]:
        """The cases open in tabs, in tab order."""
        by_widget = {id(w): case_id for case_id, w in self._case_tabs.items()}
        found = (by_widget.get(id(self.tabs.widget(i))) for i in range(self.tabs.count()))
        return [case_id for case_id in found if case_id is not None]

    @Slot(int)
    def close_tab(self, index: int) -> None:
        """Close a case tab (the case list's tab stays)."""
        if index <= 0 or index >= self.tabs.count():
            return
        widget = self.tabs.widget(index)
        # The tab's own closeEvent may refuse (a form with unsaved changes).
        if widget is None or not widget.close():
            return
        for case_id, open_widget in list(self._case_tabs.items()):
            if open_widget is widget:
                del self._case_tabs[case_id]
        self.tabs.removeTab(index)
        widget.deleteLater()

    @Slot()
    def close_current_tab(self) -> None:
        self.close_tab(self.tabs.currentIndex())

    def _tab_title(self, widget: QWidget) -> str:
        title = getattr(widget, "title", None)
        if callable(title):
            return str(title())
        return widget.windowTitle() or self.tr("Case")

    def _retitle(self, widget: QWidget, title: str) -> None:
        index = self.tabs.indexOf(widget)
        if index > 0:
            self.tabs.setTabText(index, title)

    def _close_case_tabs(self) -> None:
        for index in range(self.tabs.count() - 1, 0, -1):
            widget = self.tabs.widget(index)
            self.tabs.removeTab(index)
            if widget is not None:
                widget.close()
                widget.deleteLater()
        self._case_tabs.clear()

    def open_database(self, target: str | Path, *, wrong_passphrase: bool = False) -> None:
        """Open (create, upgrade) the database at a path or URL, off the GUI
        thread.  The current database stays open until the new one is.

        An encrypted file asks for its passphrase first, and a new file for
        the passphrase it will be encrypted with (new databases are
        encrypted); a wrong one asks again, saying so."""
        if not wrong_passphrase and not self.leave_open_forms():
            return
        passphrase: str | None = None
        path = sqlite_path(normalize_url(target))
        kind = file_kind(path) if path is not None else None
        if kind is FileKind.ENCRYPTED or kind is FileKind.EMPTY:
            assert path is not None
            passphrase = self._dialogs.ask_passphrase(
                self, str(path), new=kind is FileKind.EMPTY, wrong=wrong_passphrase
            )
            if passphrase is None:
                self._show_current_state()
                return
        self.count_label.setText(self.tr("Opening the database…"))
        # Opening is instant unless an upgrade copies and converts a large
        # file (a minute for a million consultations): then, after a second,
        # a dialog says why the list is not there yet, follows the backup
        # and the upgrade, and can cancel them.  Cancelled, the database is
        # left at its old revision (db.migrate) and the current one stays.
        busy = QProgressDialog(
            self.tr(
                "Opening the database…\n"
                "If it comes from an older casedesk, a backup copy is made "
                "and it is upgraded; a large database takes a minute or two."
            ),
            self.tr("Cancel"),
            0,
            0,
            self,
        )
        busy.setWindowTitle(self.tr("Opening the database"))
        busy.setAutoClose(False)
        busy.setAutoReset(False)
        # Our own timer, not the dialog's minimumDuration: that one starts
        # counting only when a value is set, and would show the dialog for
        # a backup that ends in a moment.
        busy.setMinimumDuration(2**31 - 1)
        busy.hide()
        relay = ProgressRelay(busy)
        busy.canceled.connect(relay.cancel)
        busy.canceled.connect(lambda: self._open_cancelling(busy))
        relay.stage_changed.connect(lambda stage: self._open_stage(busy, UpgradeStage(stage)))
        relay.advanced.connect(lambda done, total: self._open_progress(busy, done, total))
        timer = QTimer(busy)
        timer.setSingleShot(True)
        timer.timeout.connect(busy.show)
        if OPEN_BUSY_AFTER_MS <= 0:
            busy.show()
        else:
            timer.start(OPEN_BUSY_AFTER_MS)

        def finished() -> None:
            timer.stop()
            busy.hide()
            busy.deleteLater()

        def done(database: Database) -> None:
            finished()
            self._sign_in_to(database)

        def failed(exc: Exception) -> None:
            finished()
            if isinstance(exc, WrongPassphrase):
                self.open_database(target, wrong_passphrase=True)
                return
            if isinstance(exc, UpgradeCancelled):
                self._show_current_state()
                self.statusBar().showMessage(
                    self.tr("Opening was cancelled: the database was left as it was."), NOTE_MS
                )
                return
            self._on_open_failed(exc)

        def progress(stage: UpgradeStage, done: int, total: int) -> bool:
            return relay.staged(stage.value, done, total)

        self._worker.submit(
            lambda: self._track(open_database(target, progress, passphrase)), done, failed
        )

    def _open_stage(self, busy: QProgressDialog, stage: UpgradeStage) -> None:
        if busy.property("cancelling"):  # its text says so already
            return
        if stage is UpgradeStage.BACKUP:
            busy.setLabelText(
                self.tr(
                    "This database comes from an older casedesk.\n"
                    "Making a backup copy before upgrading it…"
                )
            )
            busy.setRange(0, 100)
        else:
            busy.setLabelText(
                self.tr(
                    "Upgrading the database for this version of casedesk…\n"
                    "A large database takes a minute or two. "
                    "Cancel leaves it as it was."
                )
            )
            busy.setRange(0, 0)  # one long transaction: no steps to count

    def _open_progress(self, busy: QProgressDialog, done: int, total: int) -> None:
        if busy.maximum() > 0 and total > 0:
            busy.setValue(100 * done // total)

    def _open_cancelling(self, busy: QProgressDialog) -> None:
        busy.setProperty("cancelling", True)
        busy.setLabelText(self.tr("Cancelling… the database is being left as it was."))
        button = busy.findChild(QPushButton)
        if button is not None:
            button.setEnabled(False)
        busy.show()  # a cancelled dialog hides itself; the rollback may take a moment

    def open_demo(self) -> None:
        """Open the demo database, building it first (with a progress
        dialog that can cancel) if it does not exist yet."""
        # The demo generator is needed only here: not imported at start-up.
        from casedesk.demo import create_demo_database, demo_exists

        if not self.leave_open_forms():
            return
        path = demo_db_path()
        if demo_exists(path):
            self.open_database(path)
            return
        if self._demo_relay is not None:  # already building
            return
        relay = ProgressRelay(self)
        dialog = QProgressDialog(
            self.tr("Creating the demo database…"), self.tr("Cancel"), 0, 100, self
        )
        dialog.setWindowTitle(self.tr("Demo data"))
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(0)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.canceled.connect(relay.cancel)
        relay.advanced.connect(lambda done, total: self._demo_progress(dialog, done, total))
        self._demo_relay = relay
        self.count_label.setText(self.tr("Creating the demo database…"))
        count = self.demo_consultations

        def finish() -> None:
            self._demo_relay = None
            dialog.hide()
            dialog.deleteLater()
            relay.deleteLater()

        def done(database: Database) -> None:
            finish()
            self._sign_in_to(database)

        def failed(exc: Exception) -> None:
            finish()
            if relay.cancelled:
                self.statusBar().showMessage(
                    self.tr("Creating the demo data was cancelled."), NOTE_MS
                )
                self._show_current_state()
                return
            self._on_open_failed(exc)

        self._worker.submit(
            lambda: self._track(
                create_demo_database(path, consultations=count, progress=relay.callback)[0]
            ),
            done,
            failed,
        )
        dialog.show()

    # --- menus, toolbars, status bar ----------------------------------

    def _action(self, text: str, shortcut: str | QKeySequence.StandardKey | None = None) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        # Held by the window too, so that the shortcut works from any tab
        # and with a native (macOS) menu bar.
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        self.open_action = self._action(self.tr("&Open…"), QKeySequence.StandardKey.Open)
        self.open_action.triggered.connect(self._choose_database)
        self.demo_action = self._action(self.tr("Open &Demo Data"))
        self.demo_action.triggered.connect(self.open_demo)
        self.close_tab_action = self._action(self.tr("&Close Tab"), "Ctrl+W")
        self.close_tab_action.triggered.connect(self.close_current_tab)
        self.backup_action = self._action(self.tr("&Back Up Now"))
        self.backup_action.triggered.connect(self.back_up_now)
        self.requires_database(self.backup_action)
        self.lock_action = self._action(self.tr("&Lock"), "Ctrl+Shift+L")
        self.lock_action.triggered.connect(lambda: self.idle_lock.lock())
        self.requires_database(self.lock_action)
        self.lock_group = QActionGroup(self)
        self.lock_group.setExclusive(True)
        self.lock_actions: dict[int, QAction] = {}
        chosen_minutes = self.settings.auto_lock_minutes()
        for minutes in CHOICES_MINUTES:
            text = (
                self.tr("After {minutes} minutes").format(minutes=minutes)
                if minutes
                else self.tr("Never")
            )
            action = QAction(text, self.lock_group)
            action.setCheckable(True)
            action.setChecked(minutes == chosen_minutes)
            action.triggered.connect(
                lambda _checked=False, minutes=minutes: self.choose_auto_lock(minutes)
            )
            self.lock_actions[minutes] = action
        self.sign_out_action = self._action(self.tr("Sign &Out"))
        self.sign_out_action.triggered.connect(self.sign_out)
        self.requires_database(self.sign_out_action)
        self.quit_action = self._action(self.tr("&Quit"), QKeySequence.StandardKey.Quit)
        self.quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        self.quit_action.triggered.connect(self.close)

        # The app connects these to the forms (ui.forms.*).
        self.new_client_action = self._action(self.tr("&New Client…"), "Ctrl+N")
        self.new_client_action.setIconText(self.tr("New client"))
        self.log_consultation_action = self._action(self.tr("&Log a Consultation…"), "Ctrl+Shift+N")
        self.log_consultation_action.setIconText(self.tr("Log consultation"))
        for action in (self.new_client_action, self.log_consultation_action):
            self.requires_database(action)
        self.search_action = self._action(self.tr("&Search"), "Ctrl+L")
        self.search_action.triggered.connect(self._focus_search)
        self.print_action = self._action(self.tr("&Print…"), QKeySequence.StandardKey.Print)
        self.print_action.setEnabled(False)
        self.print_action.setToolTip(self.tr("Coming later"))

        self.filter_action = self._action(self.tr("&Filters"), "Ctrl+Shift+F")
        self.filter_action.setCheckable(True)
        self.filter_action.setChecked(True)
        self.filter_action.toggled.connect(self._show_filter_bar)
        self.due_action = self.due_dock.toggleViewAction()
        self.due_action.setText(self.tr("&Due List"))
        self.due_action.setIconText(self.tr("Due list"))
        self.due_action.setShortcut(QKeySequence("Ctrl+Shift+D"))
        self.addAction(self.due_action)

        self.language_group = QActionGroup(self)
        self.language_group.setExclusive(True)
        self.language_actions: dict[str, QAction] = {}
        chosen = self.settings.language() or ui_language(self.settings)
        # Each language is named in itself, as every app's language menu does.
        for code, name in (("ja", "日本語"), ("en", "English")):
            action = QAction(name, self.language_group)
            action.setCheckable(True)
            action.setChecked(code == chosen)
            action.triggered.connect(lambda _checked=False, code=code: self.choose_language(code))
            self.language_actions[code] = action

        self.about_action = self._action(self.tr("&About casedesk"))
        self.about_action.setMenuRole(QAction.MenuRole.AboutRole)
        self.about_action.triggered.connect(self._show_about)

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu(self.tr("&File"))
        file_menu.addAction(self.open_action)
        file_menu.addAction(self.demo_action)
        file_menu.addSeparator()
        file_menu.addAction(self.close_tab_action)
        file_menu.addSeparator()
        file_menu.addAction(self.backup_action)
        file_menu.addSeparator()
        file_menu.addAction(self.lock_action)
        file_menu.addAction(self.sign_out_action)
        file_menu.addAction(self.quit_action)

        self.consultation_menu = bar.addMenu(self.tr("&Consultation"))
        self.consultation_menu.setToolTipsVisible(True)  # why Print is greyed out
        self.consultation_menu.addAction(self.new_client_action)
        self.consultation_menu.addAction(self.log_consultation_action)
        self.consultation_menu.addSeparator()
        self.consultation_menu.addAction(self.search_action)
        self.consultation_menu.addSeparator()
        self.consultation_menu.addAction(self.print_action)

        # Filled by the app: agencies, outreach, goods, sessions, figures, ...
        self.records_menu = bar.addMenu(self.tr("&Records"))
        self.records_menu.setObjectName("records_menu")

        view_menu = bar.addMenu(self.tr("&View"))
        view_menu.addAction(self.filter_action)
        view_menu.addAction(self.due_action)
        view_menu.addSeparator()
        self.lock_menu = view_menu.addMenu(self.tr("Auto Loc&k"))
        for action in self.lock_actions.values():
            self.lock_menu.addAction(action)
        self.language_menu = view_menu.addMenu(self.tr("&Language"))
        for action in self.language_actions.values():
            self.language_menu.addAction(action)
        self.view_menu = view_menu

        help_menu = bar.addMenu(self.tr("&Help"))
        help_menu.addAction(self.about_action)

    def _build_toolbars(self) -> None:
        main = QToolBar(self.tr("Main toolbar"), self)
        main.setObjectName("main_toolbar")  # saveState() needs a name
        main.setMovable(False)
        # No icons yet: text buttons, which also read well at any scale.
        main.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        main.addAction(self.new_client_action)
        main.addAction(self.log_consultation_action)
        main.addSeparator()
        main.addAction(self.filter_action)
        main.addAction(self.due_action)
        self.main_toolbar = main
        self.addToolBar(main)

        bar = QToolBar(self.tr("Search"), self)
        bar.setObjectName("search_bar")  # saveState() needs a name
        bar.setMovable(False)
        self.search_box = QLineEdit(bar)
        self.search_box.setObjectName("quick_search")
        self.search_box.setPlaceholderText(
            self.tr("Search by name, kana reading, LINE name or case number (Ctrl+L)")
        )
        self.search_box.setClearButtonEnabled(True)
        # Room for the placeholder, in the font's own units (any DPI).
        self.search_box.setMinimumWidth(
            self.search_box.fontMetrics().horizontalAdvance(self.search_box.placeholderText())
            + self.search_box.fontMetrics().averageCharWidth() * 6
        )
        bar.addWidget(self.search_box)
        self.search_bar = bar
        self.addToolBar(bar)
        # Wait for a pause in typing: each keystroke of さくら would
        # otherwise queue its own query on the database worker.
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_PAUSE_MS)
        self._search_timer.timeout.connect(self._apply_search)
        self.search_box.textChanged.connect(lambda _text: self._search_timer.start())
        self.search_box.returnPressed.connect(self._apply_search)

    def _build_status_bar(self) -> None:
        self.location_label = QLabel()
        self.location_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.user_label = QLabel()
        self.user_label.setObjectName("signed_in_user")
        self.counselor_label = QLabel(self.tr("Due list of:"))
        # Whose due list the dock shows (and the default "who" of a new
        # record): the signed-in staff member; a supervisor may choose
        # another counselor's here, a counselor only sees her own.
        self.counselor_combo = QComboBox()
        self.counselor_combo.setObjectName("counselor_choice")
        self.counselor_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.counselor_label.setBuddy(self.counselor_combo)
        self.counselor_combo.currentIndexChanged.connect(self._on_counselor_chosen)
        self.count_label = QLabel()
        status = self.statusBar()
        status.addWidget(self.location_label, 1)
        status.addPermanentWidget(self.user_label)
        status.addPermanentWidget(self.counselor_label)
        status.addPermanentWidget(self.counselor_combo)
        status.addPermanentWidget(self.count_label)
        self._fill_counselors()

    def _update_actions(self) -> None:
        has_database = self._database is not None
        for action in self._database_actions:
            action.setEnabled(has_database)
        # Whose due list is shown: her own; a supervisor may look at another's.
        actor = self._database.actor if self._database is not None else None
        self.counselor_combo.setEnabled(actor is not None and actor.may(Permission.READ_ALL_CASES))

    @Slot(bool)
    def _show_filter_bar(self, visible: bool) -> None:
        self.filter_bar.setVisible(visible)
        if visible:
            self.filter_bar.status_combo.setFocus()

    def choose_auto_lock(self, minutes: int) -> None:
        """Lock after ``minutes`` without input from now on (0: never)."""
        self.settings.set_auto_lock_minutes(minutes)
        self.settings.sync()
        self.idle_lock.set_minutes(minutes)
        self.lock_actions[minutes].setChecked(True)

    def choose_language(self, language: str) -> None:
        """Save the UI language for the next start (the menu's choice)."""
        self.settings.set_language(language)
        self.settings.sync()
        self.language_actions[language].setChecked(True)
        self.statusBar().showMessage(
            self.tr("The language will change the next time casedesk starts."), NOTE_MS
        )

    @Slot()
    def _focus_search(self) -> None:
        self.tabs.setCurrentIndex(0)
        self.search_box.setFocus()
        self.search_box.selectAll()

    @Slot()
    def _apply_search(self) -> None:
        self._search_timer.stop()
        filters = replace(self._filters, text=self.search_box.text())
        if filters == self._filters:
            return
        self._filters = filters
        self._load_list()

    @Slot(object)
    def _on_filters_changed(self, stored: StoredFilters) -> None:
        if self._restore_pending:
            # A database is being adopted: its own remembered filters come
            # with its lookups; these (the last database's) must not be
            # saved under its name.
            return
        self._filters = replace(stored.filters, text=self.search_box.text())
        if self._database is not None:
            self.settings.set_filters(self._database.display_location, stored)
        self._load_list()

    def _load_list(self) -> None:
        # While a database is being adopted, the load waits for its
        # remembered filters (_on_lookups_changed).
        if self._database is None or self._restore_pending:
            return
        self.count_label.setText(self.tr("Loading the case list…"))
        self._model.load(self._database, self._filters)

    @Slot(int, Qt.SortOrder)
    def _on_sort_changed(self, column: int, order: Qt.SortOrder) -> None:
        if not self._model.sortable(column):
            # The next due action: put the arrow back where the order is.
            self._show_sort_indicator()
            return
        self.settings.set_sort(column, order)
        if not self._restoring_sort:
            self._model.sort(column, order)

    def _show_sort_indicator(self) -> None:
        current = self._model.current_sort
        column = next(c for c, key in SORT_KEYS.items() if key is current.key)
        order = Qt.SortOrder.DescendingOrder if current.descending else Qt.SortOrder.AscendingOrder
        header = self._view.horizontalHeader()
        header.blockSignals(True)
        header.setSortIndicator(column, order)
        header.blockSignals(False)

    @Slot(object)
    def _on_records_changed(self, _case_id: uuid.UUID | None) -> None:
        # A new client or a closed case changes what the list holds.
        self._load_list()

    def _fill_counselors(self) -> None:
        combo = self.counselor_combo
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(self.tr("(choose)"), None)
        current = self.context.staff_id
        for option in self.context.lookups.staff:
            if option.active or option.id == current:
                combo.addItem(option.label, option.id)
        combo.setCurrentIndex(self._counselor_index(current))
        combo.blockSignals(False)

    def _counselor_index(self, staff_id: uuid.UUID | None) -> int:
        # By equality: QComboBox.findData compares Python objects by
        # identity, and the signed-in actor's id is not the lookups' object.
        combo = self.counselor_combo
        found = (i for i in range(1, combo.count()) if combo.itemData(i) == staff_id)
        return next(found, 0)

    @Slot(int)
    def _on_counselor_chosen(self, _index: int) -> None:
        staff_id = self.counselor_combo.currentData()
        staff_id = staff_id if isinstance(staff_id, uuid.UUID) else None
        self.context.set_staff(staff_id)

    @Slot(object)
    def _on_staff_changed(self, staff_id: uuid.UUID | None) -> None:
        combo = self.counselor_combo
        combo.blockSignals(True)
        combo.setCurrentIndex(self._counselor_index(staff_id))
        combo.blockSignals(False)

    @Slot()
    def _on_lookups_changed(self) -> None:
        self._fill_counselors()
        database = self._database
        if not self._restore_pending or database is None:
            return
        self._restore_pending = False
        location = database.display_location
        lookups = self.context.lookups
        self.filter_bar.set_filters(self.settings.filters(location, lookups))
        self._filters = replace(self.filter_bar.filters, text=self.search_box.text())
        self._load_list()

    @property
    def filters(self) -> CaseFilters:
        return self._filters

    @Slot()
    def _choose_database(self) -> None:
        current = self._database.path if self._database is not None else None
        directory = current.parent if current is not None else data_dir()
        chosen = self._dialogs.choose_database(
            self,
            self.tr("Open a database"),
            directory,
            self.tr("casedesk databases (*.sqlite3 *.sqlite *.db);;All files (*)"),
        )
        if chosen is not None:
            self.open_database(chosen)

    @Slot()
    def _show_about(self) -> None:
        text = self.tr(
            "casedesk {version}\n\n"
            "Case records for women's support programs.\n\n"
            "Japanese text is shown in IPAexGothic (IPA Font License v1.0)."
        ).format(version=__version__)
        self._dialogs.about(self, self.tr("About casedesk"), text)

    # --- results from the worker ---------------------------------------

    def _track(self, database: Database) -> Database:
        # Runs on the worker thread; list.append is atomic.
        self._opened.append(database)
        return database

    @Slot()
    def back_up_now(self) -> None:
        """A backup of the open database into ``backups/`` beside it
        (supervisors and administrators; encrypted like the database), with
        a progress dialog that can cancel."""
        database = self._database
        if database is None:
            return
        if database.path is None:
            self.statusBar().showMessage(
                self.tr("A server database is backed up on the server."), NOTE_MS
            )
            return
        relay = ProgressRelay(self)
        dialog = QProgressDialog(
            self.tr("Making a backup copy of the database…"), self.tr("Cancel"), 0, 100, self
        )
        dialog.setWindowTitle(self.tr("Backup"))
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(0)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.canceled.connect(relay.cancel)
        relay.advanced.connect(
            lambda done, total: dialog.setValue(100 * done // total if total else 100)
        )

        def finish() -> None:
            dialog.hide()
            dialog.deleteLater()
            relay.deleteLater()

        def done(made: Path) -> None:
            finish()
            self.statusBar().showMessage(
                self.tr("Backup made: {path}").format(path=str(made)), NOTE_MS
            )

        def failed(exc: Exception) -> None:
            finish()
            if isinstance(exc, UpgradeCancelled):
                self.statusBar().showMessage(self.tr("The backup was cancelled."), NOTE_MS)
            elif isinstance(exc, AccessDenied):
                self._dialogs.warn(self, self.tr("Backup"), exc.message)
            else:
                self._report_error(self.tr("The backup could not be made."), exc)

        def progress(stage: UpgradeStage, done_pages: int, total: int) -> bool:
            return relay.callback(done_pages, total)

        self._worker.submit(lambda: backups.back_up_now(database, progress=progress), done, failed)
        dialog.show()

    def _sign_in_to(self, database: Database) -> None:
        """Ask who is signing in to a database just opened (or its first
        administrator, if it has none), then show it.  Cancelled, the
        database is closed again and the one already open stays."""
        if database.actor is not None:
            self._adopt(database)
            return
        self.count_label.setText(self.tr("Signing in…"))
        location = database.display_location

        def ask(first: bool) -> None:
            self._dialogs.sign_in(
                self,
                self.context,
                database,
                first_administrator=first,
                last_login=self.settings.last_login(location),
                done=answered,
            )

        def answered(signed_in: Database | None) -> None:
            if signed_in is not None:
                self._adopt(signed_in)
                return
            if self._database is None or self._database.engine is not database.engine:
                self._close_later(database)
            self._show_current_state()

        def failed(exc: Exception) -> None:
            self._close_later(database)
            self._on_open_failed(exc)

        self._worker.submit(lambda: accounts.needs_first_administrator(database), ask, failed)

    @Slot()
    def sign_out(self) -> None:
        """Sign out (audited) and ask who signs in next; the database stays
        open, and nothing of the last user's is left on the screen."""
        database = self._database
        if database is None or not self.leave_open_forms():
            return
        self._close_case_tabs()
        self.workflows.close_record_windows()
        self._model.clear()
        self.context.set_database(None)
        self.context.set_staff(None)
        self.user_label.setText("")
        self._database = None
        self._update_actions()

        def signed_out(plain: Database) -> None:
            self.statusBar().showMessage(self.tr("Signed out."), NOTE_MS)
            self._sign_in_to(plain)

        self._worker.submit(lambda: accounts.sign_out(database), signed_out, self._on_open_failed)

    def _adopt(self, database: Database) -> None:
        old, self._database = self._database, database
        if old is not None and old.engine is not database.engine:
            self._close_case_tabs()  # a case of the other database
        self.setWindowTitle(
            self.tr("casedesk — {location}").format(location=database.display_location)
        )
        self.location_label.setText(
            (
                self.tr("Database (encrypted): {location}")
                if database.encrypted
                else self.tr("Database: {location}")
            ).format(location=database.display_location)
        )
        self.location_label.setToolTip(database.display_location)
        self.count_label.setText(self.tr("Loading the case list…"))
        # The list loads once the lookups are there (_on_lookups_changed):
        # the remembered filters are checked against them first.
        self._restore_pending = True
        self.context.set_database(database)
        actor = database.actor
        # Her due list is asked for once the case list is in (_on_list_loaded):
        # the worker runs jobs in turn, and the list is what she looks at
        # first (a counselor's due list took 0.24 s on the 1M demo).
        self.context.set_staff(None)
        self._staff_after_list = actor.staff_id if actor is not None else None
        self.user_label.setText(
            self.tr("Signed in: {name}").format(name=actor.name) if actor is not None else ""
        )
        if actor is not None:
            self.settings.set_last_login(database.display_location, actor.login)
        if database.path is not None:
            self.settings.set_last_database(str(database.path))
        if old is not None and old.engine is not database.engine:
            self._close_later(old)
        self._update_actions()
        backup = database.opened.backup
        if backup is not None:
            self.statusBar().showMessage(
                self.tr("The database was upgraded. A copy of the old one was kept: {path}").format(
                    path=str(backup)
                ),
                NOTE_MS,
            )
        self.database_opened.emit(database.display_location)

    def _close_later(self, database: Database) -> None:
        # After the jobs already queued for it (the worker runs in order).
        def close() -> None:
            database.close()

        self._worker.submit(close, lambda _: self._forget(database))

    def _forget(self, database: Database) -> None:
        if database in self._opened:
            self._opened.remove(database)

    def _on_open_failed(self, exc: Exception) -> None:
        title = self.tr("Cannot open the database")
        detail: str | None = None
        if isinstance(exc, DatabaseTooNew):
            text = self.tr(
                "This database was created by a newer version of casedesk (schema {revision}). "
                "Update casedesk, then open it again.\n\n"
                "The file has been left as it was.\n{location}"
            ).format(revision=exc.revision, location=exc.location)
        elif isinstance(exc, NotACasedeskDatabase):
            text = self.tr(
                "This file is not a casedesk database.\n\n"
                "The file has been left as it was.\n{location}"
            ).format(location=exc.location)
            detail = exc.detail
        elif isinstance(exc, DatabaseRefused):
            text = self.tr(
                "casedesk cannot open this database.\n\n"
                "The file has been left as it was.\n{location}"
            ).format(location=exc.location)
            detail = exc.detail
        else:
            log.error("opening a database failed", exc_info=exc)
            text = self.tr("The database could not be opened.")
            detail = f"{type(exc).__name__}: {exc}"
        self._show_current_state()
        self._dialogs.warn(self, title, text, detail)
        self.open_failed.emit(exc)

    @Slot(int)
    def _on_list_loaded(self, count: int) -> None:
        self.count_label.setText(self.tr("Cases: {count}").format(count=f"{count:,}"))
        self._adopt_staff()

    def _adopt_staff(self) -> None:
        staff_id, self._staff_after_list = self._staff_after_list, None
        if staff_id is not None:
            self.context.set_staff(staff_id)

    @Slot(object)
    def _on_list_failed(self, exc: Exception) -> None:
        self._adopt_staff()
        self.count_label.setText("")
        self._report_error(self.tr("The case list could not be read from the database."), exc)

    @Slot(object)
    def _on_worker_error(self, exc: Exception) -> None:
        if self._restore_pending:
            # The lookups could not be read: load the list without the
            # remembered filters rather than wait for ever.
            self._restore_pending = False
            self._load_list()
        self._report_error(self.tr("The database reported an error."), exc)

    def _report_error(self, text: str, exc: Exception) -> None:
        log.error("a database job failed", exc_info=exc)
        self._dialogs.warn(self, self.tr("Database error"), text, f"{type(exc).__name__}: {exc}")

    def _demo_progress(self, dialog: QProgressDialog, done: int, total: int) -> None:
        dialog.setValue(100 * done // total if total > 0 else 100)
        dialog.setLabelText(
            self.tr("Creating the demo database…\nConsultations: {done} of {total}").format(
                done=f"{done:,}", total=f"{total:,}"
            )
        )

    # --- state ---------------------------------------------------------

    def _show_current_state(self) -> None:
        if self._database is None:
            self._show_no_database()
        else:
            self._on_list_loaded(self._model.rowCount())

    def _show_no_database(self) -> None:
        self.setWindowTitle(APP_TITLE)
        self.location_label.setText(self.tr("No database is open."))
        self.location_label.setToolTip("")
        self.count_label.setText("")

    def _restore_layout(self) -> None:
        """Size, docks, toolbars, columns and sort as the last run left them."""
        geometry = self.settings.window_geometry()
        if geometry is not None:
            self.restoreGeometry(geometry)
        state = self.settings.window_state()
        if state is None or not self.restoreState(state):
            self.resizeDocks(
                [self.due_dock], [self.due_dock.preferred_width()], Qt.Orientation.Horizontal
            )
        header = self._view.horizontalHeader()
        header_state = self.settings.header_state()
        if header_state is not None:
            header.restoreState(header_state)
        sort = self.settings.sort()
        if sort is not None and self._model.sortable(sort[0]):
            self._restoring_sort = True
            try:
                header.setSortIndicator(*sort)
            finally:
                self._restoring_sort = False
            self._model.sort(*sort)
        self.filter_action.setChecked(self.settings.filter_bar_visible())
        self.filter_bar.setVisible(self.filter_action.isChecked())

    def save_layout(self) -> None:
        """Remember the window's layout for the next run (closing does it)."""
        self.settings.set_window_geometry(self.saveGeometry())
        self.settings.set_window_state(self.saveState())
        self.settings.set_header_state(self._view.horizontalHeader().saveState())
        self.settings.set_filter_bar_visible(self.filter_action.isChecked())
        self.settings.sync()

    def shutdown(self) -> None:
        """Close every database and end the worker thread (idempotent).
        Closing the window does this; ``run_gui`` does it again on quit."""
        if not self._worker.running:
            return
        if self._demo_relay is not None:
            self._demo_relay.cancel()  # else this would wait for the whole build
        self._database = None
        opened = self._opened

        def close_all() -> None:
            for database in opened:
                database.close()

        self._worker.stop(close_all)

    def leave_open_forms(self) -> bool:
        """Close every open form, each asking first if it holds unsaved
        changes; False if she chose to keep one (then nothing closes)."""
        for form in self.findChildren(FormDialog):
            if form.isVisible() and not form.close():
                form.raise_()
                form.activateWindow()
                return False
        return True

    def closeEvent(self, event: QCloseEvent) -> None:
        # A half-typed consultation must not vanish with the window.
        if self._worker.running and not self.leave_open_forms():
            event.ignore()
            return
        if self._worker.running:
            self.save_layout()
        self.shutdown()
        super().closeEvent(event)
