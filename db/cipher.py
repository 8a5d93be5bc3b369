"""SQLCipher, the encrypted SQLite of casedesk's encrypted database files.

An encrypted file is an ordinary SQLite database whose every page (the
header included) SQLCipher encrypts with a key derived from the passphrase;
its -wal holds encrypted pages too.  It opens through the ``sqlcipher3``
driver, keyed before any statement runs.

The passphrase travels as a plain ``str`` only as far as the driver's
``set_key`` (the C API ``sqlite3_key``): never in a URL, an SQL statement
(no quoting to get wrong, nothing in a statement log) or a repr.

``sqlcipher3`` is imported only when an encrypted file is opened: a plain
database costs nothing more to open than before.
"""

from __future__ import annotations

import sqlite3
import sys
from enum import Enum
from pathlib import Path
from types import ModuleType
from typing import Any

SQLITE_HEADER = b"SQLite format 3\x00"
# SQLite page sizes are powers of two from 512 to 65536, and a database file
# is a whole number of pages: a file of another size is not a database,
# encrypted or not (an encrypted file has no header to tell it by).
SMALLEST_PAGE = 512


class FileKind(Enum):
    EMPTY = "empty"  # no file, or an empty one
    PLAIN = "plain"  # starts with the SQLite header
    ENCRYPTED = "encrypted"  # no header, the size of a database: SQLCipher's or noise
    NOT_SQLITE = "not-sqlite"


def file_kind(path: Path) -> FileKind:
    """What a file looks like from its first bytes, without opening it."""
    if not path.exists():
        return FileKind.EMPTY
    size = path.stat().st_size
    if size == 0:
        return FileKind.EMPTY
    with path.open("rb") as fh:
        header = fh.read(len(SQLITE_HEADER))
    if header == SQLITE_HEADER:
        return FileKind.PLAIN
    if size >= SMALLEST_PAGE and size % SMALLEST_PAGE == 0:
        return FileKind.ENCRYPTED
    return FileKind.NOT_SQLITE


class Key:
    """A passphrase that does not show itself in a repr, a log or a traceback."""

    __slots__ = ("_passphrase",)

    def __init__(self, passphrase: str) -> None:
        # SQLCipher takes an empty key for "no encryption": that must never
        # happen silently to a file the user believes encrypted.
        if not passphrase:
            raise ValueError("the passphrase is empty")
        self._passphrase = passphrase

    def apply(self, connection: Any) -> None:
        """Key a new driver connection, before any statement runs on it."""
        connection.set_key(self._passphrase)

    def rekey(self, connection: Any) -> None:
        """Re-encrypt the database of a keyed connection under this key
        (``sqlite3_rekey``: one transaction)."""
        connection.reset_key(self._passphrase)

    def __repr__(self) -> str:
        return "Key(<hidden>)"

    __str__ = __repr__


_driver: ModuleType | None = None


def driver() -> ModuleType:
    """The ``sqlcipher3`` DB-API module."""
    global _driver
    if _driver is None:
        from sqlcipher3 import dbapi2  # type: ignore[import-untyped]

        # SQLCipher logs a failed page check (a wrong passphrase) to stderr
        # on top of the error it returns: a counselor at a terminal would
        # see "ERROR CORE hmac check failed" next to our own clear message.
        # The setting is process-wide; errors still reach us as exceptions.
        quiet = dbapi2.connect(":memory:")
        try:
            quiet.execute("PRAGMA cipher_log_level = NONE")
        finally:
            quiet.close()
        _driver = dbapi2
    return _driver


def connect(database: str | Path, key: Key, **kwargs: Any) -> Any:
    """A keyed ``sqlcipher3`` connection (``kwargs`` as for ``sqlite3.connect``)."""
    connection = driver().connect(str(database), **kwargs)
    try:
        key.apply(connection)
    except BaseException:
        connection.close()
        raise
    return connection


def operational_errors() -> tuple[type[Exception], ...]:
    """``OperationalError`` of the drivers loaded: sqlite3's, and
    sqlcipher3's once an encrypted file was opened."""
    errors: list[type[Exception]] = [sqlite3.OperationalError]
    loaded = sys.modules.get("sqlcipher3.dbapi2")
    if loaded is not None:
        errors.append(loaded.OperationalError)
    return tuple(errors)


def database_errors() -> tuple[type[Exception], ...]:
    errors: list[type[Exception]] = [sqlite3.DatabaseError]
    loaded = sys.modules.get("sqlcipher3.dbapi2")
    if loaded is not None:
        errors.append(loaded.DatabaseError)
    return tuple(errors)
