"""Where casedesk keeps its files on this machine."""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_data_path

APP_NAME = "casedesk"
DB_FILENAME = "casedesk.sqlite3"
DEMO_FILENAME = "casedesk-demo.sqlite3"


def data_dir() -> Path:
    """The per-user data directory (``CASEDESK_DATA_DIR`` overrides it, for tests
    and for offices that keep data on an encrypted volume).

    Linux: ~/.local/share/casedesk; Windows: %LOCALAPPDATA%\\casedesk;
    macOS: ~/Library/Application Support/casedesk.
    """
    override = os.environ.get("CASEDESK_DATA_DIR")
    if override:
        return Path(override).expanduser()
    return user_data_path(APP_NAME, appauthor=False)


def default_db_path() -> Path:
    return data_dir() / DB_FILENAME


def demo_db_path() -> Path:
    return data_dir() / DEMO_FILENAME
