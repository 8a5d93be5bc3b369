"""Bring a database to the schema this version of casedesk expects.

Rules (learned from calibre, beets and Vorta):
- a new or empty database is created at the newest schema;
- an older casedesk database is copied to a backup beside it, then upgraded;
- a database written by a newer casedesk, or a file that is not a casedesk
  database at all, is refused and left exactly as it was (byte for byte).

An upgrade can be cancelled (``progress`` returns False): during the backup
the half-written copy is removed; during the upgrade itself SQLite aborts
the statement under way (a progress handler polls the callback) and the
one transaction that holds every migration rolls back.  Either way the
database stays at its old revision with nothing lost, and
``UpgradeCancelled`` is raised.

Alembic (with Mako and its script directory scan) costs about a third of a
second to import, on every start.  A database already at ``HEAD_REVISION``
(nearly every start) is recognised without it; alembic is imported only to
create, upgrade, or judge a revision this casedesk does not expect.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from enum import Enum
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Engine, inspect, text

from db import cipher
from db.engine import WRITE_OPTION, connect_like, make_engine, normalize_url, sqlite_path

if TYPE_CHECKING:
    from alembic.config import Config

# The newest revision in db/migrations/versions.  A new migration must bump
# it (tests/test_startup.py checks it against alembic's own head).
HEAD_REVISION = "0006"

SQLITE_HEADER = cipher.SQLITE_HEADER
APPLICATION_MARKER = "casedesk"


class DatabaseRefused(Exception):
    """The database cannot be opened by this version; it was not touched."""

    def __init__(self, location: str, detail: str) -> None:
        super().__init__(f"{location}: {detail}")
        self.location = location
        self.detail = detail


class NotACasedeskDatabase(DatabaseRefused):
    pass


class DatabaseTooNew(DatabaseRefused):
    def __init__(self, location: str, revision: str) -> None:
        super().__init__(location, f"schema revision {revision} is newer than this casedesk")
        self.revision = revision


class PassphraseRequired(DatabaseRefused):
    """The file is encrypted (or is no database at all) and no passphrase
    was given; it was not touched."""

    def __init__(self, location: str) -> None:
        super().__init__(location, "the database is encrypted: its passphrase is needed")


class WrongPassphrase(DatabaseRefused):
    """The passphrase does not open the file (or the file is no database at
    all: an encrypted file cannot be told from noise); it was not touched."""

    def __init__(self, location: str) -> None:
        super().__init__(location, "the passphrase does not open this database")


class UpgradeCancelled(Exception):
    """The user cancelled an upgrade: the database is as it was before."""


class UpgradeStage(Enum):
    BACKUP = "backup"  # done/total: pages copied of the file's pages
    UPGRADE = "upgrade"  # done/total: migrations applied of those to apply


# progress(stage, done, total) -> False to cancel.  Called on the thread
# that opens the database, often: it must be quick.
UpgradeProgress = Callable[[UpgradeStage, int, int], bool]

# Pages the backup copies between two progress reports (4 MB of 4 KB pages).
BACKUP_PAGES_PER_STEP = 1024
# SQLite virtual machine instructions between two polls of the progress
# callback during an upgrade: about a hundred polls a second, so that
# Cancel stops a long statement at once without slowing it.
UPGRADE_POLL_EVERY_OPS = 100_000


class SchemaState(Enum):
    EMPTY = "empty"  # no file, an empty file, or a database with no tables
    CURRENT = "current"
    OUTDATED = "outdated"


@dataclass(frozen=True)
class Inspection:
    state: SchemaState
    revision: str | None
    # The file is encrypted with SQLCipher (and the passphrase opened it).
    encrypted: bool = False


def alembic_config() -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(resources.files("db") / "migrations"))
    return cfg


# The migrations shipped with this casedesk.  Tests stand in a later release
# by replacing ``alembic_config``; then HEAD_REVISION no longer describes the
# scripts, and only alembic can tell.
_SHIPPED_CONFIG = alembic_config


def head_revision() -> str:
    """The newest revision of the migration scripts, as alembic reads them."""
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def known_revisions() -> set[str]:
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(alembic_config())
    return {rev.revision for rev in script.walk_revisions()}


def _head_constant_holds() -> bool:
    """Whether HEAD_REVISION still names the newest shipped script (named
    ``NNNN_what.py``): a migration added without bumping the constant must
    not let a database at the old head pass for current, unupgraded."""
    if alembic_config is not _SHIPPED_CONFIG:
        return False
    versions = resources.files("db") / "migrations" / "versions"
    names = sorted(
        entry.name
        for entry in versions.iterdir()
        if entry.name.endswith(".py") and entry.name[:1].isdigit()
    )
    return bool(names) and names[-1].startswith(f"{HEAD_REVISION}_")


def is_head(revision: str) -> bool:
    """Whether a stored revision is this casedesk's newest, without importing
    alembic for the usual answer (yes)."""
    if revision == HEAD_REVISION and _head_constant_holds():
        return True
    return revision == head_revision()


def _classify(
    location: str, tables: set[str], marker: str | None, revision: str | None
) -> Inspection:
    if not tables:
        return Inspection(SchemaState.EMPTY, None)
    if marker != APPLICATION_MARKER or revision is None:
        raise NotACasedeskDatabase(location, "the database holds tables that are not casedesk's")
    if is_head(revision):
        return Inspection(SchemaState.CURRENT, revision)
    if revision not in known_revisions():
        raise DatabaseTooNew(location, revision)
    return Inspection(SchemaState.OUTDATED, revision)


def _inspect_sqlite_file(path: Path, passphrase: str | None = None) -> Inspection:
    location = str(path)
    kind = cipher.file_kind(path)
    if kind is cipher.FileKind.EMPTY:
        return Inspection(SchemaState.EMPTY, None)
    if kind is cipher.FileKind.NOT_SQLITE:
        raise NotACasedeskDatabase(location, "the file is not a SQLite database")
    encrypted = kind is cipher.FileKind.ENCRYPTED
    if encrypted and passphrase is None:
        raise PassphraseRequired(location)
    # Read-only and, when no write-ahead log is pending, immutable: SQLite
    # then creates no -wal or -shm file and cannot change a byte.
    wal_pending = Path(f"{path}-wal").exists()
    mode = "mode=ro" if wal_pending else "mode=ro&immutable=1"
    uri = f"{path.resolve().as_uri()}?{mode}"
    try:
        if encrypted:
            assert passphrase is not None
            conn = cipher.connect(uri, cipher.Key(passphrase), uri=True)
        else:
            conn = sqlite3.connect(uri, uri=True)
        try:
            tables, marker, revision = _read_identity(conn)
        finally:
            conn.close()
    except cipher.database_errors() as exc:
        if encrypted and "not a database" in str(exc):
            raise WrongPassphrase(location) from None
        raise NotACasedeskDatabase(
            location, f"the file cannot be read as a database ({exc})"
        ) from exc
    inspection = _classify(location, tables, marker, revision)
    return Inspection(inspection.state, inspection.revision, encrypted)


def _read_identity(conn: Any) -> tuple[set[str], str | None, str | None]:
    """Tables, application marker and schema revision, on a driver connection."""
    tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    marker = revision = None
    if "settings" in tables:
        row = conn.execute("SELECT value FROM settings WHERE key = 'application'").fetchone()
        marker = row[0] if row else None
    if "alembic_version" in tables:
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        revision = row[0] if row else None
    return tables, marker, revision


def _inspect_engine(engine: Engine) -> Inspection:
    location = engine.url.render_as_string(hide_password=True)
    with engine.connect() as conn:
        tables = set(inspect(conn).get_table_names())
        marker = revision = None
        if "settings" in tables:
            marker = conn.execute(
                text("SELECT value FROM settings WHERE key = 'application'")
            ).scalar()
        if "alembic_version" in tables:
            revision = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
    return _classify(location, tables, marker, revision)


def inspect_database(target: str | Path, passphrase: str | None = None) -> Inspection:
    """What state the database (a path or URL) is in; raises DatabaseRefused
    without touching it.

    An encrypted SQLite file needs its ``passphrase`` (``PassphraseRequired``
    without one, ``WrongPassphrase`` with another); a plain file ignores it."""
    url = normalize_url(target)
    path = sqlite_path(url)
    if path is not None:
        return _inspect_sqlite_file(path, passphrase)
    engine = make_engine(url)
    try:
        return _inspect_engine(engine)
    finally:
        engine.dispose()


def backup_path_for(path: Path, revision: str | None, now: dt.datetime | None = None) -> Path:
    stamp = (now or dt.datetime.now()).strftime("%Y%m%d-%H%M%S")
    return path.with_name(f"{path.name}.backup-{stamp}-rev{revision or 'none'}")


def backup_sqlite(
    engine: Engine, destination: Path, progress: UpgradeProgress | None = None
) -> Path:
    """A consistent copy through SQLite's online backup API: it includes what
    is still in the write-ahead log, which a plain file copy would miss.
    The copy of an encrypted database is encrypted with the same key (the
    two SQLCipher connections decrypt and encrypt the pages; SQLCipher
    refuses to back up into a plain file).
    Cancelled (``progress`` returned False), it leaves no file behind."""
    destination.parent.mkdir(parents=True, exist_ok=True)
    if destination.exists():
        raise FileExistsError(destination)

    def step(_status: int, remaining: int, total: int) -> None:
        assert progress is not None
        if not progress(UpgradeStage.BACKUP, total - remaining, total):
            raise UpgradeCancelled  # sqlite3 stops the backup and re-raises it

    raw = engine.raw_connection()
    try:
        source = raw.driver_connection
        target = connect_like(engine, destination)
        try:
            if progress is None:
                source.backup(target)  # type: ignore[union-attr]
            else:
                source.backup(  # type: ignore[union-attr]
                    target, pages=BACKUP_PAGES_PER_STEP, progress=step
                )
        finally:
            target.close()
    except BaseException:
        for suffix in ("", "-journal", "-wal", "-shm"):
            Path(f"{destination}{suffix}").unlink(missing_ok=True)
        raise
    finally:
        raw.close()
    return destination


@dataclass(frozen=True)
class UpgradeResult:
    from_revision: str | None
    to_revision: str
    backup: Path | None


def upgrade(
    engine: Engine, inspection: Inspection, progress: UpgradeProgress | None = None
) -> UpgradeResult:
    """Create or upgrade the schema of a database ``inspect_database``
    accepted.  ``progress`` reports the backup and the migrations and can
    cancel them (see the module's docstring)."""
    backup: Path | None = None
    if inspection.state is SchemaState.CURRENT and inspection.revision is not None:
        return UpgradeResult(inspection.revision, inspection.revision, None)
    from alembic import command
    from alembic.script import ScriptDirectory

    cfg = alembic_config()
    script = ScriptDirectory.from_config(cfg)
    head = script.get_current_head()
    assert head is not None
    steps = len(list(script.iterate_revisions(head, inspection.revision or "base")))
    path = sqlite_path(engine.url.render_as_string(hide_password=False))
    if inspection.state is SchemaState.OUTDATED and path is not None:
        backup = backup_sqlite(engine, backup_path_for(path, inspection.revision), progress)
    try:
        done = 0

        def applied(**_kwargs: Any) -> None:
            nonlocal done
            done += 1
            if progress is not None and not progress(UpgradeStage.UPGRADE, done, steps):
                raise UpgradeCancelled

        if progress is not None and not progress(UpgradeStage.UPGRADE, 0, steps):
            raise UpgradeCancelled
        # The write lock at once: two processes creating or upgrading one
        # file take turns, and the second finds the schema already current.
        writer = engine.execution_options(**{WRITE_OPTION: True})
        with writer.begin() as connection, _cancellable(connection, progress, lambda: done, steps):
            cfg.attributes["connection"] = connection
            cfg.attributes["on_version_apply"] = applied
            command.upgrade(cfg, "head")
    except UpgradeCancelled:
        _forget(backup)
        raise
    except Exception as exc:
        if progress is None or not _interrupted(exc):
            raise
        _forget(backup)
        raise UpgradeCancelled from exc
    return UpgradeResult(inspection.revision, head, backup)


def _interrupted(exc: BaseException) -> bool:
    """Whether SQLite aborted a statement because the progress handler said
    so (the driver's error, as it is or wrapped by SQLAlchemy)."""
    found: BaseException | None = exc
    while found is not None:
        if isinstance(found, cipher.operational_errors()) and "interrupted" in str(found):
            return True
        found = getattr(found, "orig", None) or found.__cause__
    return False


def _forget(backup: Path | None) -> None:
    """Remove the backup of an upgrade that was cancelled: the database it
    copies was rolled back, so it is a second copy of an intact file (a
    large one: the 1M-consultation demo is 2.8 GB)."""
    if backup is not None:
        for suffix in ("", "-journal", "-wal", "-shm"):
            Path(f"{backup}{suffix}").unlink(missing_ok=True)


@contextmanager
def _cancellable(
    connection: Connection,
    progress: UpgradeProgress | None,
    done: Callable[[], int],
    steps: int,
) -> Iterator[None]:
    """While the migrations run, SQLite asks ``progress`` every so many
    instructions; False makes it abort the statement under way
    ("interrupted"), and the transaction rolls back."""
    driver = connection.connection.driver_connection
    # sqlite3's connection, or sqlcipher3's (the same interface).
    if progress is None or driver is None or not hasattr(driver, "set_progress_handler"):
        yield
        return

    def poll() -> int:
        return 0 if progress(UpgradeStage.UPGRADE, done(), steps) else 1

    driver.set_progress_handler(poll, UPGRADE_POLL_EVERY_OPS)
    try:
        yield
    finally:
        driver.set_progress_handler(None, 0)


def upgrade_to(engine: Engine, revision: str) -> None:
    """Bring an (empty or older) database to one given revision: for tests
    that build a database as an earlier casedesk left it."""
    from alembic import command

    cfg = alembic_config()
    with engine.begin() as connection:
        cfg.attributes["connection"] = connection
        command.upgrade(cfg, revision)
