"""What every window and form of one running app shares.

The open database, the worker that alone talks to it, the modal dialogs,
the drop-down choices (``Lookups``) and the counselor at the keyboard.
Forms never reach into the main window; they get an ``AppContext``.

``records_changed`` is how a saved form tells the case list, the open case
views and the due list to refresh: its argument is the case id the change
touched, or None for a change outside any case (an agency, a code list).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable

from PySide6.QtCore import QObject, Signal

from casedesk.database import Database
from casedesk.lookups import Lookups, load_lookups
from ui.dialogs import Dialogs
from ui.worker import DatabaseWorker


class AppContext(QObject):
    records_changed = Signal(object)  # uuid.UUID | None
    lookups_changed = Signal()
    staff_changed = Signal(object)  # uuid.UUID | None

    def __init__(
        self,
        worker: DatabaseWorker,
        dialogs: Dialogs | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.worker = worker
        self.dialogs = dialogs or Dialogs()
        self.database: Database | None = None
        self.lookups = Lookups()
        # The counselor using the app: the default of every "who" field and
        # the owner of the due list.  Chosen in the status bar until sign-in
        # (issue 4) makes it the signed-in account.
        self.staff_id: uuid.UUID | None = None

    def require_database(self) -> Database:
        if self.database is None:
            raise RuntimeError("no database is open")
        return self.database

    def set_database(self, database: Database | None) -> None:
        self.database = database
        self.lookups = Lookups()
        if database is not None:
            self.reload_lookups()

    def reload_lookups(self, then: Callable[[], None] | None = None) -> None:
        database = self.database
        if database is None:
            return

        def adopt(lookups: Lookups) -> None:
            if self.database is database:
                self.lookups = lookups
                self.lookups_changed.emit()
                if then is not None:
                    then()

        self.worker.submit(lambda: load_lookups(database), adopt)

    def set_staff(self, staff_id: uuid.UUID | None) -> None:
        if staff_id != self.staff_id:
            self.staff_id = staff_id
            self.staff_changed.emit(staff_id)

    def notify_changed(self, case_id: uuid.UUID | None) -> None:
        self.records_changed.emit(case_id)
