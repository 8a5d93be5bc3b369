"""Building the demo database from the GUI (``casedesk --demo`` and the
"Open demo data" menu).  The build runs on the database worker; this module
holds the part that runs there, which knows nothing of Qt."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from casedesk.database import Database, open_database

# Enough to scroll and try things, quick to build on a slow office laptop.
# ``casedesk demo --consultations N`` builds bigger ones.
DEMO_CONSULTATIONS = 3000


def demo_exists(path: Path) -> bool:
    return path.is_file() and path.stat().st_size > 0


def remove_sqlite_files(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def build_demo_database(
    path: Path,
    consultations: int,
    progress: Callable[[int, int], bool],
) -> Database:
    """Create the demo database at ``path`` and return it open.

    On any failure, Cancel included (``casedesk.demo.DemoCancelled``), the
    half-built file is removed: a half-filled demo database would otherwise
    be opened as it is next time.
    """
    from casedesk.demo import generate  # the generator is big; load it only when needed

    database = open_database(path)
    try:
        generate(database, consultations=consultations, progress=progress)
    except BaseException:
        database.close()
        remove_sqlite_files(path)
        raise
    return database
