"""How quickly Cancel stops the upgrade of a large database, and what it leaves.

    .venv/bin/python benchmarks/upgrade_cancel.py --db /tmp/bench/filters-1m.sqlite3 \\
        [--work /tmp/bench/upgrade] [--cancel-after 10] [--full]

Copies ``--db`` (a current demo database) into ``--work``, takes the copy
back to ``--from-revision`` (default 0003) with alembic's downgrade (as an
older casedesk left it), then opens it the way the app does (``open_database`` with a
progress callback) and cancels:

1. during the backup, after ``--cancel-after`` / 4 seconds;
2. during the upgrade, ``--cancel-after`` seconds into it;

and prints, for each, how long the stage had run, how long Cancel took to
take effect (the callback saying no -> ``UpgradeCancelled`` raised, rollback
included), and whether the file is still at the old revision with no backup
copy left.  ``--full`` then lets one upgrade run to the end and prints its
backup and upgrade times.
"""

from __future__ import annotations

import argparse
import shutil
import sqlite3
import sys
import time
from pathlib import Path
from typing import Any

from sqlalchemy import event

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from casedesk.database import open_database  # noqa: E402
from db.engine import make_engine, sqlite_url  # noqa: E402
from db.migrate import (  # noqa: E402
    UpgradeCancelled,
    UpgradeStage,
    alembic_config,
    inspect_database,
)


def downgrade_to(path: Path, revision: str) -> str:
    from alembic import command

    cfg = alembic_config()
    engine = make_engine(sqlite_url(path))

    # Batch mode rebuilds tables that others refer to; SQLite's advice is to
    # do that with foreign keys off (they cannot be switched off inside the
    # transaction, so before it, on every connection).
    @event.listens_for(engine, "connect")
    def _foreign_keys_off(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.execute("PRAGMA foreign_keys = OFF")

    try:
        with engine.begin() as connection:
            cfg.attributes["connection"] = connection
            command.downgrade(cfg, revision)
    finally:
        engine.dispose()
    return revision


def backups_beside(path: Path) -> list[Path]:
    return [p for p in path.parent.iterdir() if ".backup-" in p.name]


def cancel_in(path: Path, stage: UpgradeStage, after_s: float) -> dict[str, float | bool | str]:
    started: dict[UpgradeStage, float] = {}
    asked: list[float] = []

    def progress(now_stage: UpgradeStage, done: int, total: int) -> bool:
        now = time.monotonic()
        started.setdefault(now_stage, now)
        if now_stage is stage and now - started[stage] >= after_s:
            asked.append(now)
            return False
        return True

    try:
        open_database(path, progress).close()
    except UpgradeCancelled:
        stopped = time.monotonic()
    else:
        return {"cancelled": False}
    inspection = inspect_database(path)
    return {
        "cancelled": True,
        "ran_s": asked[0] - started[stage],
        "cancel_ms": (stopped - asked[0]) * 1000,
        "revision": inspection.revision or "",
        "backup_left": bool(backups_beside(path)),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, required=True, help="a current demo database")
    parser.add_argument("--work", type=Path, default=Path("/tmp/bench/upgrade"))
    parser.add_argument("--cancel-after", type=float, default=10.0, help="seconds")
    parser.add_argument("--full", action="store_true", help="then upgrade to the end")
    parser.add_argument(
        "--from-revision",
        default="0003",
        help="the older schema to start from (0003: the long 0004 upgrade comes next)",
    )
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    for old in args.work.iterdir():
        old.unlink()
    path = args.work / "casedesk.sqlite3"
    start = time.monotonic()
    shutil.copyfile(args.db, path)
    size_mb = path.stat().st_size / 1e6
    revision = downgrade_to(path, args.from_revision)
    consultations = sqlite3.connect(path).execute("SELECT count(*) FROM consultations").fetchone()
    print(
        f"{path}: {size_mb:,.0f} MB, {consultations[0]:,} consultations, "
        f"at revision {revision} (prepared in {time.monotonic() - start:.0f} s)"
    )
    for stage, after in (
        (UpgradeStage.BACKUP, args.cancel_after / 4),
        (UpgradeStage.UPGRADE, args.cancel_after),
    ):
        result = cancel_in(path, stage, after)
        if not result["cancelled"]:
            print(f"cancel in {stage.value}: the upgrade ended before {after:.1f} s")
            return
        print(
            f"cancel in {stage.value:<8} after {result['ran_s']:5.1f} s: stopped in "
            f"{result['cancel_ms']:7.0f} ms; revision {result['revision']}, "
            f"backup copy left: {result['backup_left']}"
        )
    if args.full:
        times: dict[UpgradeStage, float] = {}

        def progress(stage: UpgradeStage, done: int, total: int) -> bool:
            times.setdefault(stage, time.monotonic())
            return True

        start = time.monotonic()
        open_database(path, progress).close()
        end = time.monotonic()
        backup_s = times[UpgradeStage.UPGRADE] - times[UpgradeStage.BACKUP]
        print(
            f"full upgrade: backup {backup_s:.1f} s ({size_mb / backup_s:,.0f} MB/s), "
            f"upgrade {end - times[UpgradeStage.UPGRADE]:.1f} s, total {end - start:.1f} s"
        )


if __name__ == "__main__":
    main()
