"""Backups of a casedesk database, and restoring one.

A backup is made with SQLite's online backup API (``db.migrate.backup_sqlite``,
the same mechanism as the copy made before a schema upgrade): it is
consistent even while casedesk is saving, and includes what is still in the
write-ahead log.  The backup of an encrypted database is encrypted with the
same passphrase; SQLCipher refuses to copy it into a plain file, and each
backup is checked after it is written.

Rotating backups (``rotate_backups``): one a day, named with the date,
keeping the newest N.

A restore checks the backup first (it opens with the passphrase, passes
``PRAGMA integrity_check``, and holds a schema revision this casedesk knows
and that is not newer than its own); only then the database is replaced, in
one rename, by a verified copy of the backup.  The file it replaces is kept
aside under ``<name>.before-restore-<time>`` (its changes since the backup
are there, should the wrong backup have been chosen); if anything fails,
it is put back.  Every casedesk window on the database must be closed first.
After a restore, the database opens with the passphrase of the backup.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine

from casedesk.audit import AuditAction, record_action
from casedesk.auth import Permission, require
from casedesk.database import Database
from db import cipher
from db.cipher import FileKind, Key, file_kind
from db.engine import connect_like, is_encrypted, make_engine, sqlite_url
from db.migrate import (
    DatabaseRefused,
    NotACasedeskDatabase,
    SchemaState,
    UpgradeProgress,
    backup_sqlite,
    inspect_database,
)

BACKUP_DIRNAME = "backups"
DAILY_KEEP = 14
_DAILY = re.compile(r"-daily-(\d{4}-\d{2}-\d{2})$")


class BackupRefused(DatabaseRefused):
    """The backup cannot be restored (damaged, not casedesk's, empty): the
    database was not touched."""


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    revision: str
    encrypted: bool


@dataclass(frozen=True)
class Rotation:
    made: Path | None  # today's backup, None if it was already there
    removed: tuple[Path, ...]  # older ones beyond the number kept


@dataclass(frozen=True)
class Restored:
    path: Path
    revision: str
    encrypted: bool
    # The database as it was before the restore; None if there was none.
    replaced: Path | None


def backup_dir(path: Path) -> Path:
    """Where the backups of the database at ``path`` go by default."""
    return path.parent / BACKUP_DIRNAME


def backup_name(path: Path, now: dt.datetime | None = None) -> str:
    stamp = (now or dt.datetime.now()).strftime("%Y%m%d-%H%M%S")
    return f"{path.stem}-{stamp}{path.suffix}"


def daily_name(path: Path, day: dt.date) -> str:
    return f"{path.stem}-daily-{day.isoformat()}{path.suffix}"


def _remove_with_companions(path: Path) -> None:
    for suffix in ("", "-journal", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _backup_engine(engine: Engine, destination: Path, progress: UpgradeProgress | None) -> Path:
    """Back up into a work name and rename it: a backup under its final name
    is always whole."""
    destination = Path(destination)
    if destination.exists():
        raise FileExistsError(destination)
    destination.parent.mkdir(parents=True, exist_ok=True)
    work = destination.with_name(f".{destination.name}.partial")
    _remove_with_companions(work)
    try:
        backup_sqlite(engine, work, progress)
        encrypted = is_encrypted(engine)
        expected = FileKind.ENCRYPTED if encrypted else FileKind.PLAIN
        if file_kind(work) is not expected:
            raise RuntimeError(f"{work}: the backup is not encrypted like the database")
        check = connect_like(engine, work)
        try:
            # The copy reads back (with the key, for an encrypted one).
            check.execute("SELECT count(*) FROM sqlite_master").fetchone()
        finally:
            check.close()
        _fsync(work)
        os.replace(work, destination)
    except BaseException:
        _remove_with_companions(work)
        raise
    return destination


def backup_database(
    db: Database, destination: Path, progress: UpgradeProgress | None = None
) -> Path:
    """Back up the open database ``db`` into the new file ``destination``
    (encrypted with the same key if the database is)."""
    if db.path is None:
        raise ValueError("only a SQLite database can be backed up by casedesk")
    return _backup_engine(db.engine, destination, progress)


def back_up_now(
    db: Database, destination: Path | None = None, progress: UpgradeProgress | None = None
) -> Path:
    """The signed-in supervisor's or administrator's backup of the open
    database (``destination``: a new file in ``backup_dir`` by default),
    recorded in the audit trail as an export of the database."""
    require(db, Permission.BACKUP)
    if db.path is None:
        raise ValueError("only a SQLite database can be backed up by casedesk")
    target = destination or backup_dir(db.path) / backup_name(db.path)
    made = backup_database(db, target, progress)
    record_action(
        db, AuditAction.EXPORT, entity_type="database", detail={"kind": "backup", "file": made.name}
    )
    return made


def backup_file(
    path: Path,
    destination: Path,
    passphrase: str | None = None,
    progress: UpgradeProgress | None = None,
) -> Path:
    """Back up the casedesk database at ``path`` without opening it for
    work (no upgrade is made): for ``casedesk backup``."""
    path = Path(path)
    inspection = inspect_database(path, passphrase)  # refuses what it cannot open
    if inspection.state is SchemaState.EMPTY:
        raise NotACasedeskDatabase(str(path), "there is no database to back up")
    engine = make_engine(sqlite_url(path), passphrase if inspection.encrypted else None)
    try:
        return _backup_engine(engine, destination, progress)
    finally:
        engine.dispose()


def rotate_backups(
    db: Database, directory: Path, keep: int = DAILY_KEEP, today: dt.date | None = None
) -> Rotation:
    """Make today's backup of ``db`` in ``directory`` unless it is there,
    then remove the daily backups beyond the ``keep`` newest."""
    if keep < 1:
        raise ValueError("keep at least one backup")
    if db.path is None:
        raise ValueError("only a SQLite database can be backed up by casedesk")
    today = today or dt.date.today()
    directory = Path(directory)
    target = directory / daily_name(db.path, today)
    made = None if target.exists() else backup_database(db, target)
    dailies: list[tuple[str, Path]] = []
    prefix = f"{db.path.stem}-daily-"
    for candidate in directory.glob(f"{prefix}*{db.path.suffix}"):
        stem = candidate.name[: len(candidate.name) - len(db.path.suffix)]
        match = _DAILY.search(stem)
        if match and stem == f"{db.path.stem}-daily-{match.group(1)}":
            dailies.append((match.group(1), candidate))
    dailies.sort(reverse=True)
    removed: list[Path] = []
    for _day, old in dailies[keep:]:
        _remove_with_companions(old)
        removed.append(old)
    return Rotation(made, tuple(removed))


def verify_backup(path: Path, passphrase: str | None = None) -> BackupInfo:
    """Check that ``path`` is a whole casedesk backup this casedesk can
    restore; raise ``DatabaseRefused`` (``PassphraseRequired``,
    ``WrongPassphrase``, ``DatabaseTooNew``, ``BackupRefused``...) if not.
    Reads only."""
    path = Path(path)
    location = str(path)
    if not path.is_file():
        raise BackupRefused(location, "there is no such backup file")
    inspection = inspect_database(path, passphrase)
    if inspection.state is SchemaState.EMPTY or inspection.revision is None:
        raise BackupRefused(location, "the backup holds no casedesk database")
    # Read-only, and immutable when no -wal is beside it: nothing is
    # written next to the backup (it may be on a read-only medium).
    mode = "mode=ro" if Path(f"{path}-wal").exists() else "mode=ro&immutable=1"
    uri = f"{path.resolve().as_uri()}?{mode}"
    try:
        if inspection.encrypted:
            assert passphrase is not None
            conn = cipher.connect(uri, Key(passphrase), uri=True)
        else:
            conn = sqlite3.connect(uri, uri=True)
        try:
            problems = [row[0] for row in conn.execute("PRAGMA integrity_check(10)")]
        finally:
            conn.close()
    except cipher.database_errors() as exc:
        raise BackupRefused(location, f"the backup cannot be read ({exc})") from exc
    if problems != ["ok"]:
        lines = [line for problem in problems for line in problem.splitlines()]
        raise BackupRefused(
            location, "the backup is damaged (integrity check: " + "; ".join(lines[:3]) + ")"
        )
    return BackupInfo(path, inspection.revision, inspection.encrypted)


def restore_database(
    target: Path,
    source: Path,
    passphrase: str | None = None,
    now: dt.datetime | None = None,
) -> Restored:
    """Replace the database at ``target`` by the backup ``source`` (see the
    module's docstring).  ``passphrase`` opens the backup.  On any failure
    the database is as it was."""
    target, source = Path(target), Path(source)
    info = verify_backup(source, passphrase)
    if target.resolve() == source.resolve():
        raise BackupRefused(str(source), "the backup is the database itself")
    target.parent.mkdir(parents=True, exist_ok=True)
    work = target.with_name(f".{target.name}.restoring")
    _remove_with_companions(work)
    key = passphrase if info.encrypted else None
    # Copied through the backup API (a -wal beside the backup is included),
    # then checked again: the file put in place is the one that was checked.
    engine = make_engine(sqlite_url(source), key)
    try:
        _backup_engine(engine, work, None)
    finally:
        engine.dispose()
    try:
        verify_backup(work, passphrase)
    except BaseException:
        _remove_with_companions(work)
        raise
    stamp = (now or dt.datetime.now()).strftime("%Y%m%d-%H%M%S")
    aside: Path | None = target.with_name(f"{target.name}.before-restore-{stamp}")
    assert aside is not None
    if file_kind(target) is FileKind.EMPTY and not Path(f"{target}-wal").exists():
        aside = None
    moved: list[tuple[Path, Path]] = []
    put_in_place = False
    try:
        if aside is not None:
            # The database with its -wal (committed saves not yet folded
            # into the file): together they are the database as it was.
            for suffix in ("", "-wal", "-journal"):
                here = Path(f"{target}{suffix}")
                if here.exists():
                    there = Path(f"{aside}{suffix}")
                    os.replace(here, there)
                    moved.append((there, here))
            Path(f"{target}-shm").unlink(missing_ok=True)
        os.replace(work, target)
        put_in_place = True
        inspect_database(target, passphrase)
    except BaseException:
        if put_in_place:
            _remove_with_companions(target)
        for there, here in reversed(moved):
            os.replace(there, here)
        _remove_with_companions(work)
        raise
    return Restored(target, info.revision, info.encrypted, aside)
