"""Opening a casedesk database: check, back up, upgrade, then hand out sessions."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from casedesk.auth import Actor
from db.cipher import FileKind, file_kind
from db.engine import (
    WRITE_OPTION,
    make_engine,
    make_session_factory,
    normalize_url,
    sqlite_path,
)
from db.migrate import (
    UpgradeProgress,
    UpgradeResult,
    inspect_database,
    upgrade,
)


@dataclass
class Database:
    """An open, up-to-date casedesk database."""

    url: str
    engine: Engine
    sessions: sessionmaker[Session]
    opened: UpgradeResult
    # Encrypted with SQLCipher (for the window's title and menus).  The
    # passphrase itself is kept by no one but the engine's connect hook.
    encrypted: bool = False
    # The staff member signed in on this handle (casedesk.accounts.sign_in
    # gives a handle with one); services read nothing without one.
    actor: Actor | None = None

    def as_user(self, actor: Actor | None) -> Database:
        """A handle on the same open database acting for ``actor`` (None:
        signed out).  The engine is shared: closing either closes both."""
        return dataclasses.replace(self, actor=actor)

    @property
    def path(self) -> Path | None:
        return sqlite_path(self.url)

    @property
    def display_location(self) -> str:
        path = self.path
        return str(path) if path else self.engine.url.render_as_string(hide_password=True)

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One user action = one transaction: everything or nothing is saved.

        It takes the database's write lock when it begins (see
        ``db.engine.WRITE_OPTION``), so that two processes saving at once
        wait for each other instead of failing."""
        writer = self.engine.execution_options(**{WRITE_OPTION: True})
        with self.sessions(bind=writer) as session, session.begin():
            yield session

    @contextmanager
    def reading(self) -> Iterator[Session]:
        with self.sessions() as session:
            yield session

    def close(self) -> None:
        try:
            if self.engine.dialect.name == "sqlite":
                # SQLite's advice for long-lived applications: let it refresh
                # the planner statistics it found missing or stale while we
                # ran.  That may write (ANALYZE), so take the write lock first,
                # waiting busy_timeout like a save: begun as a read, SQLite
                # refuses the upgrade at once ("database is locked") when
                # another process has written since.
                with self.engine.connect() as conn:
                    raw = conn.connection.driver_connection
                    raw.execute("BEGIN IMMEDIATE")  # type: ignore[union-attr]
                    try:
                        raw.execute("PRAGMA optimize")  # type: ignore[union-attr]
                    except BaseException:
                        raw.execute("ROLLBACK")  # type: ignore[union-attr]
                        raise
                    raw.execute("COMMIT")  # type: ignore[union-attr]
        finally:
            self.engine.dispose()


def open_database(
    target: str | Path,
    progress: UpgradeProgress | None = None,
    passphrase: str | None = None,
) -> Database:
    """Open (creating or upgrading as needed) the database at a path or URL.

    Raises ``db.migrate.DatabaseRefused`` for a file that is not a casedesk
    database or comes from a newer casedesk; such a file is left untouched.
    An encrypted file needs its ``passphrase``: without one
    ``db.migrate.PassphraseRequired``, with another ``db.migrate.WrongPassphrase``
    (both DatabaseRefused: nothing is written).  A new SQLite database is
    created encrypted when a passphrase is given; an existing plain one
    stays plain (``casedesk.encryption.encrypt_database`` converts it).
    ``progress`` follows a backup and upgrade and may cancel them
    (``db.migrate.UpgradeCancelled``: the database is left at its revision).
    """
    url = normalize_url(target)
    inspection = inspect_database(url, passphrase)  # refuses before anything is written
    path = sqlite_path(url)
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
    # Only a file not written yet can be made encrypted by keying it.
    new_file = path is not None and file_kind(path) is FileKind.EMPTY
    encrypt = inspection.encrypted or (new_file and passphrase is not None)
    engine = make_engine(url, passphrase if encrypt else None)
    try:
        result = upgrade(engine, inspection, progress)
    except BaseException:
        engine.dispose()
        raise
    return Database(
        url=url,
        engine=engine,
        sessions=make_session_factory(engine),
        opened=result,
        encrypted=encrypt,
    )


def remove_database_files(path: Path) -> None:
    """Delete a SQLite file with its -wal/-shm/-journal companions (a
    half-built demo, a file replaced on purpose): a stale -wal beside a new
    file would be replayed into it."""
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
