"""Starting the GUI: the application object, its font and language, the window."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication

from casedesk.paths import APP_NAME, default_db_path
from ui.fonts import install_bundled_fonts
from ui.i18n import install_translators
from ui.main_window import MainWindow
from ui.settings import AppSettings


def configure_application(app: QApplication, language: str | None = None) -> None:
    """Everything the app needs before its first window: names (QSettings
    and the per-user directories use them), the bundled font, translations."""
    QCoreApplication.setOrganizationName(APP_NAME)
    QCoreApplication.setApplicationName(APP_NAME)
    install_bundled_fonts(app)
    install_translators(app, language)


def application() -> QApplication:
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    return QApplication(sys.argv)


def last_database(settings: AppSettings) -> Path | None:
    """The database file opened last, if it is still there (a file that has
    gone must not be recreated empty in its place)."""
    location = settings.last_database()
    if location is None:
        return None
    path = Path(location)
    return path if path.is_file() else None


def run_gui(target: str | None, *, demo: bool = False) -> int:
    """Open the main window on ``target`` (a path or URL; None: the database
    opened last, else the default one), or on the demo database; return the
    exit code."""
    app = application()
    configure_application(app)
    settings = AppSettings()
    window = MainWindow(settings=settings)
    window.show()
    # The window shows at once; the database opens (or the demo builds)
    # on the worker while the event loop runs.
    if demo:
        window.open_demo()
    elif target is not None:
        window.open_database(target)
    else:
        window.open_database(last_database(settings) or default_db_path())
    try:
        return app.exec()
    finally:
        # Quitting by other means than closing the window (a session logout)
        # must still close the database and stop the worker thread.
        window.shutdown()
