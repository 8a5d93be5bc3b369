"""What the app remembers between runs, in one place (QSettings).

Global: the window's size and layout (toolbars, the due-list dock), the case
list's columns and sort, the last database opened, the UI language.
Per database (keyed by its location, since two offices' databases have
different code ids and staff): the case-list filters and the counselor at
the keyboard.  Ids are stored as text and checked against the open
database's lookups when read back (``restore_filters``): a code deleted
since is dropped, not applied.

Where: ``QSettings()`` under the organization and application names that
``ui.app.configure_application`` sets, unless ``CASEDESK_SETTINGS`` names an
ini file (tests and the screenshot scripts point it into a temporary
directory, so they never touch a developer's real settings).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import uuid
from collections.abc import Iterable
from dataclasses import dataclass

from PySide6.QtCore import QByteArray, QSettings, Qt

from casedesk.case_list import CaseFilters
from casedesk.lookups import Lookups, Option
from db.enums import CaseStatus, CodeCategory

SETTINGS_ENV = "CASEDESK_SETTINGS"
LANGUAGES = ("ja", "en")
# A laptop left open at a pop-up consultation day locks after this long.
DEFAULT_LOCK_MINUTES = 10
# The counselor filter "me": the one at the keyboard, whoever that is.
ME = "me"


def open_settings() -> QSettings:
    """The app's settings store (see the module docstring for where)."""
    path = os.environ.get(SETTINGS_ENV, "").strip()
    if path:
        return QSettings(path, QSettings.Format.IniFormat)
    return QSettings()


@dataclass(frozen=True)
class StoredFilters:
    """The filter bar's choices as remembered: ``counselor`` may be ``ME``."""

    filters: CaseFilters
    counselor_is_me: bool = False


def _database_key(location: str) -> str:
    # A location holds slashes and colons, which QSettings reads as groups
    # or escapes; a short digest is a plain, stable key.
    return "databases/" + hashlib.sha256(location.encode("utf-8")).hexdigest()[:16]


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""


def _uuid(value: object) -> uuid.UUID | None:
    try:
        return uuid.UUID(_text(value)) if value else None
    except ValueError:
        return None


def _date(value: object) -> dt.date | None:
    try:
        return dt.date.fromisoformat(_text(value)) if value else None
    except ValueError:
        return None


def _bytes(value: object) -> QByteArray | None:
    if isinstance(value, QByteArray) and not value.isEmpty():
        return value
    if isinstance(value, bytes | bytearray) and value:
        return QByteArray(bytes(value))
    return None


def _known(option_id: uuid.UUID | None, options: Iterable[Option]) -> uuid.UUID | None:
    if option_id is None:
        return None
    return option_id if any(o.id == option_id for o in options) else None


class AppSettings:
    """Typed access to the settings; wraps one ``QSettings``."""

    def __init__(self, store: QSettings | None = None) -> None:
        self.store = store if store is not None else open_settings()

    def sync(self) -> None:
        self.store.sync()

    # --- global --------------------------------------------------------

    def window_geometry(self) -> QByteArray | None:
        return _bytes(self.store.value("window/geometry"))

    def set_window_geometry(self, value: QByteArray) -> None:
        self.store.setValue("window/geometry", value)

    def window_state(self) -> QByteArray | None:
        return _bytes(self.store.value("window/state"))

    def set_window_state(self, value: QByteArray) -> None:
        self.store.setValue("window/state", value)

    def header_state(self) -> QByteArray | None:
        return _bytes(self.store.value("case_list/header"))

    def set_header_state(self, value: QByteArray) -> None:
        self.store.setValue("case_list/header", value)

    def sort(self) -> tuple[int, Qt.SortOrder] | None:
        column = self.store.value("case_list/sort_column")
        order = self.store.value("case_list/sort_order")
        try:
            number = int(_text(column) or str(column))
        except ValueError:
            return None
        descending = _text(order) == "descending"
        return number, (Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder)

    def set_sort(self, column: int, order: Qt.SortOrder) -> None:
        self.store.setValue("case_list/sort_column", str(column))
        descending = order == Qt.SortOrder.DescendingOrder
        self.store.setValue("case_list/sort_order", "descending" if descending else "ascending")

    def filter_bar_visible(self) -> bool:
        return _text(self.store.value("case_list/filter_bar")) != "hidden"

    def set_filter_bar_visible(self, visible: bool) -> None:
        self.store.setValue("case_list/filter_bar", "shown" if visible else "hidden")

    def last_database(self) -> str | None:
        return _text(self.store.value("last_database")) or None

    def set_last_database(self, location: str) -> None:
        self.store.setValue("last_database", location)

    def language(self) -> str | None:
        value = _text(self.store.value("ui/language"))
        return value if value in LANGUAGES else None

    def set_language(self, language: str) -> None:
        if language not in LANGUAGES:
            raise ValueError(f"unknown language {language!r}")
        self.store.setValue("ui/language", language)

    def auto_lock_minutes(self) -> int:
        """Minutes without input before the window locks (0: never)."""
        value = self.store.value("security/auto_lock_minutes")
        try:
            minutes = int(str(value)) if value is not None else DEFAULT_LOCK_MINUTES
        except ValueError:
            return DEFAULT_LOCK_MINUTES
        return max(0, minutes)

    def set_auto_lock_minutes(self, minutes: int) -> None:
        self.store.setValue("security/auto_lock_minutes", max(0, minutes))

    # --- per database --------------------------------------------------

    def last_login(self, location: str) -> str | None:
        """Who last signed in to this database here (filled in at sign-in)."""
        return _text(self.store.value(_database_key(location) + "/last_login")) or None

    def set_last_login(self, location: str, login: str | None) -> None:
        self.store.setValue(_database_key(location) + "/last_login", login or "")

    def set_filters(self, location: str, stored: StoredFilters) -> None:
        f = stored.filters
        values = {
            "status": f.status.value if f.status is not None else "",
            "counselor": ME if stored.counselor_is_me else str(f.counselor_id or ""),
            "age_band": str(f.age_band_id or ""),
            "channel": str(f.channel_id or ""),
            "topic": str(f.topic_id or ""),
            "dv_only": "yes" if f.dv_only else "",
            "date_from": f.date_from.isoformat() if f.date_from else "",
            "date_to": f.date_to.isoformat() if f.date_to else "",
        }
        group = _database_key(location) + "/filters/"
        for name, value in values.items():
            self.store.setValue(group + name, value)

    def filters(self, location: str, lookups: Lookups) -> StoredFilters:
        """The filters remembered for this database, minus any code or
        counselor id the database no longer has (the quick-search text is
        never remembered: it is a one-off)."""
        group = _database_key(location) + "/filters/"

        def read(name: str) -> object:
            return self.store.value(group + name)

        status_text = _text(read("status"))
        status = CaseStatus(status_text) if status_text in set(CaseStatus) else None
        counselor_text = _text(read("counselor"))
        me = counselor_text == ME
        codes = lookups.code_options
        date_from, date_to = _date(read("date_from")), _date(read("date_to"))
        return StoredFilters(
            CaseFilters(
                status=status,
                counselor_id=None if me else _known(_uuid(counselor_text), lookups.staff),
                age_band_id=_known(_uuid(read("age_band")), codes(CodeCategory.AGE_BAND)),
                channel_id=_known(_uuid(read("channel")), codes(CodeCategory.CHANNEL)),
                topic_id=_known(_uuid(read("topic")), codes(CodeCategory.TOPIC)),
                dv_only=_text(read("dv_only")) == "yes",
                date_from=date_from,
                date_to=date_to,
            ),
            counselor_is_me=me,
        )
