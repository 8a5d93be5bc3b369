"""Save a picture of the main window, rendered offscreen, to look at.

    .venv/bin/python scripts/screenshot_main_window.py               # on a fresh demo database
    .venv/bin/python scripts/screenshot_main_window.py --db FILE     # on an existing database

Writes ``screenshots/main_window.png`` (or ``--out``).  With no ``--db`` the
demo database is built in a temporary data directory, so your own data and
your own demo database are never touched; the window's settings go to that
directory too (``CASEDESK_SETTINGS``).  It signs in as ``--login`` (the
demo's supervisor by default; the password from ``CASEDESK_PASSWORD``, else
the demo's).  The filter bar and the due-list dock are shown, with the
counselor who has the most follow-ups chosen.  Checks by
eye what tests cannot: Japanese shows as text (not boxes), and columns fit
what they hold.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEventLoop, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from casedesk.accounts import sign_in  # noqa: E402
from casedesk.database import Database  # noqa: E402
from casedesk.demo.directory import DEMO_LOGINS, DEMO_PASSWORD  # noqa: E402
from casedesk.followups import due_followups  # noqa: E402
from ui.app import configure_application  # noqa: E402
from ui.context import AppContext  # noqa: E402
from ui.dialogs import Dialogs  # noqa: E402
from ui.main_window import MainWindow  # noqa: E402
from ui.settings import SETTINGS_ENV  # noqa: E402

TIMEOUT_MS = 300_000


class SignsIn(Dialogs):
    """Answers the window's sign-in with one account, without a dialog."""

    def __init__(self, login: str, password: str) -> None:
        self.login, self.password = login, password

    def sign_in(
        self,
        parent: QWidget,
        context: AppContext,
        database: Database,
        *,
        first_administrator: bool,
        last_login: str | None,
        done: Callable[[Database | None], None],
    ) -> None:
        login, password = self.login, self.password
        context.worker.submit(lambda: sign_in(database, login, password), done)


def wait_until(app: QApplication, done: object, what: str) -> None:
    """Run the event loop until ``done()`` is true (or give up)."""
    assert callable(done)
    loop = QEventLoop()
    poll = QTimer()
    poll.timeout.connect(lambda: loop.quit() if done() else None)
    poll.start(50)
    guard = QTimer()
    guard.setSingleShot(True)
    guard.timeout.connect(loop.quit)
    guard.start(TIMEOUT_MS)
    loop.exec()
    poll.stop()
    if not done():
        raise SystemExit(f"gave up waiting for {what}")
    guard.stop()


def choose_busiest_counselor(app: QApplication, window: MainWindow) -> None:
    """Choose, in the status bar, the counselor with the most follow-ups due,
    so that the dock has something to show."""
    database = window.database
    wait_until(app, lambda: window.worker.idle, "the worker")
    if database is None or not window.context.lookups.staff:
        return
    today = window.due_dock.today()
    busiest = max(
        window.context.lookups.staff,
        key=lambda option: len(due_followups(database, option.id, today)),
    )
    refreshed: list[bool] = []
    window.due_dock.refreshed.connect(lambda: refreshed.append(True))
    combo = window.counselor_combo
    combo.setCurrentIndex(combo.findData(busiest.id))
    wait_until(app, lambda: bool(refreshed) and window.worker.idle, "the due list")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="database to show (default: a new demo database)")
    parser.add_argument("--out", type=Path, default=ROOT / "screenshots" / "main_window.png")
    parser.add_argument("--width", type=int, default=1280)
    parser.add_argument("--height", type=int, default=800)
    parser.add_argument("--consultations", type=int, default=3000, help="size of the demo database")
    parser.add_argument("--login", default=DEMO_LOGINS["supervisor"], help="who signs in")
    args = parser.parse_args(argv)

    app = QApplication.instance() or QApplication([sys.argv[0]])
    assert isinstance(app, QApplication)
    configure_application(app)
    scratch = tempfile.TemporaryDirectory(prefix="casedesk-shot-")
    os.environ["CASEDESK_DATA_DIR"] = scratch.name  # the demo goes here, not to your data
    os.environ[SETTINGS_ENV] = str(Path(scratch.name) / "settings.ini")  # nor your settings
    password = os.environ.get("CASEDESK_PASSWORD", DEMO_PASSWORD)
    window = MainWindow(SignsIn(args.login, password))
    window.demo_consultations = args.consultations
    window.resize(args.width, args.height)
    window.show()
    loaded: list[int] = []
    window.case_model.loaded.connect(loaded.append)
    window.open_failed.connect(lambda exc: sys.exit(f"cannot open: {exc}"))
    if args.db is None:
        window.open_demo()
    else:
        window.open_database(args.db)
    wait_until(app, lambda: bool(loaded), "the case list")
    model = window.case_model
    if model.rowCount():
        # The view asks for the rows it shows; wait until they are there.
        wait_until(
            app, lambda: model.row_if_loaded(0) is not None and window.worker.idle, "the first page"
        )
        window.case_view.selectRow(1)
    choose_busiest_counselor(app, window)
    app.processEvents()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    if not window.grab().save(str(args.out)):
        raise SystemExit(f"could not write {args.out}")
    print(f"{args.out}: {model.rowCount():,} cases, window {args.width}x{args.height}")
    window.close()
    scratch.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
