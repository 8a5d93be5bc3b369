"""How long the demo generator takes at scale.

    .venv/bin/python benchmarks/demo_generation.py [--consultations N] [--db PATH]

Generates N consultations (default 1,000,000) into a new SQLite file (by
default in a temporary directory, removed afterwards) and prints the time,
consultations per second, the row count of every table and the file size.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import inspect

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from casedesk.database import open_database  # noqa: E402
from casedesk.demo import generate  # noqa: E402


def _size(path: Path) -> int:
    return sum(
        p.stat().st_size for p in (path, Path(f"{path}-wal"), Path(f"{path}-shm")) if p.exists()
    )


def run(consultations: int, path: Path, until: dt.date | None, seed: int) -> None:
    if path.exists():
        raise SystemExit(f"{path} exists; give a new file")
    database = open_database(path)
    last_shown = [0.0]
    started = time.perf_counter()

    def progress(done: int, total: int) -> bool:
        now = time.perf_counter()
        if now - last_shown[0] >= 5 or done == total:
            last_shown[0] = now
            elapsed = now - started
            print(f"  {done:>10,} / {total:,}  {elapsed:7.1f} s", file=sys.stderr, flush=True)
        return True

    counts = generate(
        database, consultations=consultations, seed=seed, until=until, progress=progress
    )
    seconds = time.perf_counter() - started
    with database.engine.connect() as conn:
        tables = sorted(inspect(conn).get_table_names())
        rows = {t: conn.exec_driver_sql(f"SELECT COUNT(*) FROM {t}").scalar() or 0 for t in tables}
    database.close()  # checkpoints the WAL into the file

    print(f"consultations:      {counts.consultations:,}")
    print(f"total seconds:      {seconds:.1f}")
    print(f"consultations/s:    {counts.consultations / seconds:,.0f}")
    print(f"file size:          {_size(path) / 1024**2:,.1f} MiB")
    print(f"counts:             {counts}")
    print("rows per table:")
    for table, count in rows.items():
        print(f"  {table:<28} {count:>12,}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--consultations", type=int, default=1_000_000, metavar="N")
    parser.add_argument("--db", type=Path, metavar="PATH", help="file to create (kept)")
    parser.add_argument("--until", type=dt.date.fromisoformat, metavar="YYYY-MM-DD")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    if args.db is not None:
        run(args.consultations, args.db, args.until, args.seed)
        return
    with tempfile.TemporaryDirectory(prefix="casedesk-bench-") as tmp:
        run(args.consultations, Path(tmp) / "demo.sqlite3", args.until, args.seed)


if __name__ == "__main__":
    main()
