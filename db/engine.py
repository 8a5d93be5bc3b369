"""The one place that makes engines and sessions.

Every database access in casedesk goes through ``make_engine`` and
``make_session_factory`` so that the same code runs on a local SQLite file
(plain, or encrypted with SQLCipher: ``db.cipher``) and on a shared
PostgreSQL server.
"""

from __future__ import annotations

import sqlite3
import weakref
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.orm import Session, sessionmaker

from db import cipher

# Waiting this long for another connection's write lock is better than
# failing a counselor's save with "database is locked".
BUSY_TIMEOUT_MS = 10_000
# Execution option of the connections that a write transaction runs on
# (casedesk.database.Database.transaction): they begin IMMEDIATE on SQLite.
WRITE_OPTION = "casedesk_write"


def sqlite_url(path: Path | str) -> str:
    return URL.create("sqlite+pysqlite", database=str(Path(path))).render_as_string()


def normalize_url(target: str | Path) -> str:
    """Accept a database URL or a plain file path (``--db PATH``)."""
    text = str(target)
    if "://" in text:
        return text
    return sqlite_url(Path(text).expanduser().resolve())


def sqlite_path(url: str) -> Path | None:
    """The file behind a SQLite URL, or None for other databases and :memory:."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database:
        return None
    if parsed.database == ":memory:":
        return None
    return Path(parsed.database)


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy, not the sqlite3 module, decide when transactions
        # begin (the driver's own guessing breaks SAVEPOINT and transactional
        # DDL; see the SQLAlchemy SQLite dialect notes).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute("PRAGMA foreign_keys = ON")
            cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            # WAL: readers never block the writer (the GUI reads while a
            # save is under way).  FULL: a committed consultation survives a
            # power cut on a laptop, which WAL's default NORMAL does not promise.
            cursor.execute("PRAGMA journal_mode = WAL")
            cursor.execute("PRAGMA synchronous = FULL")
            # Sorts, temporary indexes and the like stay in memory: a
            # temporary file would hold plaintext of an encrypted database.
            cursor.execute("PRAGMA temp_store = MEMORY")
        finally:
            cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        # A transaction that will write takes the write lock at once
        # (IMMEDIATE), waiting up to busy_timeout for another process to
        # finish.  A plain BEGIN would read first, and on its first write
        # fail at once with "database is locked" if another process had
        # written meanwhile (SQLite cannot wait for a snapshot to become
        # current): an error a counselor would see on saving.
        write = connection.get_execution_options().get(WRITE_OPTION, False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


# The key of each engine on an encrypted file, for the connections that are
# not the engine's own (a backup's destination): see ``connect_like``.
_KEYS: weakref.WeakKeyDictionary[Engine, cipher.Key] = weakref.WeakKeyDictionary()


def make_engine(url: str, passphrase: str | None = None, **kwargs: Any) -> Engine:
    """An engine on ``url``; with a ``passphrase``, on a SQLCipher-encrypted
    SQLite file (created encrypted if it does not exist yet).

    Every new connection is keyed before anything else runs on it.  The
    passphrase is in neither the URL nor any statement."""
    key: cipher.Key | None = None
    if passphrase is not None:
        key = cipher.Key(passphrase)
        if sqlite_path(url) is None:
            raise ValueError("only a SQLite file can be encrypted")
        # SQLAlchemy's SQLite dialect on the sqlcipher3 driver (a fork of
        # sqlite3 with the same interface).  Its own "pysqlcipher" dialect
        # would want the passphrase in the URL.
        kwargs["module"] = cipher.driver()
    engine = create_engine(url, **kwargs)
    if key is not None:
        _KEYS[engine] = key
        _key_connections(engine, key)
    if engine.dialect.name == "sqlite":
        _configure_sqlite(engine)
    return engine


def _key_connections(engine: Engine, key: cipher.Key) -> None:
    @event.listens_for(engine, "do_connect")
    def _connect(_dialect: Any, _record: Any, cargs: Any, cparams: Any) -> Any:
        # Runs before the "connect" listeners (and the dialect's first
        # queries): no statement can reach the file unkeyed.
        (database,) = cargs  # the pysqlite dialect passes the file alone
        return cipher.connect(database, key, **cparams)


def is_encrypted(engine: Engine) -> bool:
    return engine in _KEYS


def connect_like(engine: Engine, database: str | Path, **kwargs: Any) -> Any:
    """A driver connection to another SQLite file, keyed like ``engine``'s
    (plain sqlite3 for a plain engine): where a backup is written, so that
    a copy of an encrypted database is encrypted with the same key."""
    key = _KEYS.get(engine)
    if key is None:
        return sqlite3.connect(database, **kwargs)
    return cipher.connect(database, key, **kwargs)


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    # Objects stay readable after commit: services return them to the UI
    # after their short ``with`` block has closed the session.
    return sessionmaker(engine, expire_on_commit=False)
