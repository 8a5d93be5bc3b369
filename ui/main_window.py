"""The main window: the case list of one open database.

A shell for the case workflows to grow into: menus, the list, a status bar.
Every database call goes through the window's ``DatabaseWorker``; the window
only reacts to results.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal, Slot
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QLabel,
    QLineEdit,
    QMainWindow,
    QProgressDialog,
    QToolBar,
    QWidget,
)

from casedesk import __version__
from casedesk.case_list import CaseFilters
from casedesk.database import Database, open_database
from casedesk.demo import create_demo_database, demo_exists
from casedesk.paths import data_dir, demo_db_path
from db.migrate import DatabaseRefused, DatabaseTooNew, NotACasedeskDatabase
from ui.case_list_model import CaseListModel
from ui.case_table import CaseTableView
from ui.dialogs import Dialogs
from ui.worker import DatabaseWorker, ProgressRelay

log = logging.getLogger(__name__)

APP_TITLE = "casedesk"
# How long a passing note (a backup was made, the demo build was cancelled)
# stays in the status bar.
NOTE_MS = 15_000
# Enough to scroll and try things, quick to build on a slow office laptop;
# ``casedesk demo --consultations N`` builds bigger ones.
DEMO_CONSULTATIONS = 3000
# The pause in typing after which the quick search runs.
SEARCH_PAUSE_MS = 250


class MainWindow(QMainWindow):
    # A database is open and its case list is being loaded: its location.
    database_opened = Signal(str)
    # Opening a database failed (the message has been shown): the exception.
    open_failed = Signal(object)

    def __init__(self, dialogs: Dialogs | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._dialogs = dialogs or Dialogs()
        self._database: Database | None = None
        # Every database a job opened, so that closing the window closes
        # them all, even one whose open was still under way.
        self._opened: list[Database] = []
        self._demo_relay: ProgressRelay | None = None
        self.demo_consultations = DEMO_CONSULTATIONS
        self._filters = CaseFilters()

        self._worker = DatabaseWorker(self)
        self._worker.error.connect(self._on_worker_error)
        self._model = CaseListModel(self._worker, self)
        self._model.loaded.connect(self._on_list_loaded)
        self._model.failed.connect(self._on_list_failed)
        self._view = CaseTableView(self)
        self._view.set_case_model(self._model)
        self.setCentralWidget(self._view)

        self._build_menus()
        self._build_search_bar()
        self.location_label = QLabel()
        self.location_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.count_label = QLabel()
        self.statusBar().addWidget(self.location_label, 1)
        self.statusBar().addPermanentWidget(self.count_label)
        self._show_no_database()
        self.resize(1100, 680)

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

    def open_database(self, target: str | Path) -> None:
        """Open (create, upgrade) the database at a path or URL, off the GUI
        thread.  The current database stays open until the new one is."""
        self.count_label.setText(self.tr("Opening the database…"))
        self._worker.submit(
            lambda: self._track(open_database(target)),
            self._adopt,
            self._on_open_failed,
        )

    def open_demo(self) -> None:
        """Open the demo database, building it first (with a progress
        dialog that can cancel) if it does not exist yet."""
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
            self._adopt(database)

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

    # --- menus ---------------------------------------------------------

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu(self.tr("&File"))
        self.open_action = QAction(self.tr("&Open…"), self)
        self.open_action.setShortcut(QKeySequence.StandardKey.Open)
        self.open_action.triggered.connect(self._choose_database)
        file_menu.addAction(self.open_action)
        self.demo_action = QAction(self.tr("Open &Demo Data"), self)
        self.demo_action.triggered.connect(self.open_demo)
        file_menu.addAction(self.demo_action)
        file_menu.addSeparator()
        self.quit_action = QAction(self.tr("&Quit"), self)
        self.quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        self.quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        self.quit_action.triggered.connect(self.close)
        file_menu.addAction(self.quit_action)

        help_menu = self.menuBar().addMenu(self.tr("&Help"))
        self.about_action = QAction(self.tr("&About casedesk"), self)
        self.about_action.setMenuRole(QAction.MenuRole.AboutRole)
        self.about_action.triggered.connect(self._show_about)
        help_menu.addAction(self.about_action)

    def _build_search_bar(self) -> None:
        bar = QToolBar(self.tr("Search"), self)
        bar.setObjectName("search_bar")  # saveState() needs a name
        bar.setMovable(False)
        self.search_box = QLineEdit(bar)
        self.search_box.setObjectName("quick_search")
        self.search_box.setPlaceholderText(
            self.tr("Search by name, kana reading, LINE name or case number (Ctrl+L)")
        )
        self.search_box.setClearButtonEnabled(True)
        self.search_box.setMinimumWidth(360)
        bar.addWidget(self.search_box)
        self.addToolBar(bar)
        focus = QAction(self.tr("Quick search"), self)
        focus.setShortcut(QKeySequence("Ctrl+L"))
        focus.triggered.connect(self._focus_search)
        self.addAction(focus)
        # Wait for a pause in typing: each keystroke of さくら would
        # otherwise queue its own query on the database worker.
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_PAUSE_MS)
        self._search_timer.timeout.connect(self._apply_search)
        self.search_box.textChanged.connect(lambda _text: self._search_timer.start())
        self.search_box.returnPressed.connect(self._apply_search)

    @Slot()
    def _focus_search(self) -> None:
        self.search_box.setFocus()
        self.search_box.selectAll()

    @Slot()
    def _apply_search(self) -> None:
        self._search_timer.stop()
        filters = replace(self._filters, text=self.search_box.text())
        if filters == self._filters:
            return
        self._filters = filters
        if self._database is not None:
            self.count_label.setText(self.tr("Loading the case list…"))
            self._model.load(self._database, self._filters)

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

    def _adopt(self, database: Database) -> None:
        old, self._database = self._database, database
        self.setWindowTitle(
            self.tr("casedesk — {location}").format(location=database.display_location)
        )
        self.location_label.setText(
            self.tr("Database: {location}").format(location=database.display_location)
        )
        self.location_label.setToolTip(database.display_location)
        self.count_label.setText(self.tr("Loading the case list…"))
        self._model.load(database, self._filters)
        if old is not None and old is not database:
            self._close_later(old)
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

    @Slot(object)
    def _on_list_failed(self, exc: Exception) -> None:
        self.count_label.setText("")
        self._report_error(self.tr("The case list could not be read from the database."), exc)

    @Slot(object)
    def _on_worker_error(self, exc: Exception) -> None:
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

    def closeEvent(self, event: QCloseEvent) -> None:
        self.shutdown()
        super().closeEvent(event)
