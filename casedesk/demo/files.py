"""Demo database files: build one whole, or not at all."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from casedesk.database import Database, open_database, remove_database_files
from casedesk.demo.generator import generate
from casedesk.demo.outcome import DemoCounts


def demo_exists(path: Path) -> bool:
    return path.is_file() and path.stat().st_size > 0


def create_demo_database(
    path: Path,
    *,
    consultations: int,
    seed: int = 1,
    until: dt.date | None = None,
    progress: Callable[[int, int], bool] | None = None,
) -> tuple[Database, DemoCounts]:
    """Create a demo database at ``path`` and return it open.

    On any failure, Cancel (``DemoCancelled``) and Ctrl+C included, the
    half-built file is removed: a half-filled demo would otherwise be opened
    as it is next time.
    """
    database = open_database(path)
    try:
        counts = generate(
            database, consultations=consultations, seed=seed, until=until, progress=progress
        )
    except BaseException:
        database.close()
        remove_database_files(path)
        raise
    return database, counts
