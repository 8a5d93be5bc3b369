"""Bring a database to the schema this version of casedesk expects.

Rules (learned from calibre, beets and Vorta):
- a new or empty database is created at the newest schema;
- an older casedesk database is copied to a backup beside it, then upgraded;
- a database written by a newer casedesk, or a file that is not a casedesk
  database at all, is refused and left exactly as it was (byte for byte).

Alembic (with Mako and its script directory scan) costs about a third of a
second to import, on every start.  A database already at ``HEAD_REVISION``
(nearly every start) is recognised without it; alembic is imported only to
create, upgrade, or judge a revision this casedesk does not expect.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from dataclasses import dataclass
from enum import Enum
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, inspect, text

from db.engine import make_engine, normalize_url, sqlite_path

if TYPE_CHECKING:
    from alembic.config import Config

# The newest revision in db/migrations/versions.  A new migration must bump
# it (tests/test_startup.py checks it against alembic's own head).
HEAD_REVISION = "0004"

SQLITE_HEADER = b"SQLite format 3\x00"
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


class SchemaState(Enum):
    EMPTY = "empty"  # no file, an empty file, or a database with no tables
    CURRENT = "current"
    OUTDATED = "outdated"


@dataclass(frozen=True)
class Inspection:
    state: SchemaState
    revision: str | None


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


def _inspect_sqlite_file(path: Path) -> Inspection:
    location = str(path)
    if not path.exists() or path.stat().st_size == 0:
        return Inspection(SchemaState.EMPTY, None)
    with path.open("rb") as fh:
        header = fh.read(len(SQLITE_HEADER))
    if header != SQLITE_HEADER:
        raise NotACasedeskDatabase(location, "the file is not a SQLite database")
    # Read-only and, when no write-ahead log is pending, immutable: SQLite
    # then creates no -wal or -shm file and cannot change a byte.
    wal_pending = Path(f"{path}-wal").exists()
    mode = "mode=ro" if wal_pending else "mode=ro&immutable=1"
    uri = f"{path.resolve().as_uri()}?{mode}"
    try:
        conn = sqlite3.connect(uri, uri=True)
        try:
            tables = {
                row[0]
                for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            }
            marker = revision = None
            if "settings" in tables:
                row = conn.execute(
                    "SELECT value FROM settings WHERE key = 'application'"
                ).fetchone()
                marker = row[0] if row else None
            if "alembic_version" in tables:
                row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
                revision = row[0] if row else None
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise NotACasedeskDatabase(
            location, f"the file cannot be read as a database ({exc})"
        ) from exc
    return _classify(location, tables, marker, revision)


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


def inspect_database(target: str | Path) -> Inspection:
    """What state the database (a path or URL) is in; raises DatabaseRefused
    without touching it."""
    url = normalize_url(target)
    path = sqlite_path(url)
    if path is not None:
        return _inspect_sqlite_file(path)
    engine = make_engine(url)
    try:
        return _inspect_engine(engine)
    finally:
        engine.dispose()


def backup_path_for(path: Path, revision: str | None, now: dt.datetime | None = None) -> Path:
    stamp = (now or dt.datetime.now()).strftime("%Y%m%d-%H%M%S")
    return path.with_name(f"{path.name}.backup-{stamp}-rev{revision or 'none'}")


def backup_sqlite(engine: Engine, destination: Path) -> Path:
    """A consistent copy through SQLite's online backup API: it includes what
    is still in the write-ahead log, which a plain file copy would miss."""
    destination.parent.mkdir(parents=True, exist_ok=True)
    if destination.exists():
        raise FileExistsError(destination)
    raw = engine.raw_connection()
    try:
        source = raw.driver_connection
        target = sqlite3.connect(destination)
        try:
            source.backup(target)  # type: ignore[union-attr]
        finally:
            target.close()
    finally:
        raw.close()
    return destination


@dataclass(frozen=True)
class UpgradeResult:
    from_revision: str | None
    to_revision: str
    backup: Path | None


def upgrade(engine: Engine, inspection: Inspection) -> UpgradeResult:
    """Create or upgrade the schema of a database ``inspect_database`` accepted."""
    backup: Path | None = None
    if inspection.state is SchemaState.CURRENT and inspection.revision is not None:
        return UpgradeResult(inspection.revision, inspection.revision, None)
    from alembic import command

    head = head_revision()
    path = sqlite_path(engine.url.render_as_string(hide_password=False))
    if inspection.state is SchemaState.OUTDATED and path is not None:
        backup = backup_sqlite(engine, backup_path_for(path, inspection.revision))
    cfg = alembic_config()
    with engine.begin() as connection:
        cfg.attributes["connection"] = connection
        command.upgrade(cfg, "head")
    return UpgradeResult(inspection.revision, head, backup)


def upgrade_to(engine: Engine, revision: str) -> None:
    """Bring an (empty or older) database to one given revision: for tests
    that build a database as an earlier casedesk left it."""
    from alembic import command

    cfg = alembic_config()
    with engine.begin() as connection:
        cfg.attributes["connection"] = connection
        command.upgrade(cfg, revision)
