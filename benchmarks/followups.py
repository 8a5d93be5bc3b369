"""How long the due list takes on a large database.

    .venv/bin/python benchmarks/followups.py [--db PATH] [--consultations N]

With ``--db`` an existing file is reused (or, if missing, a demo database of
N consultations is generated there and kept); without it a demo database is
generated in a temporary directory and removed afterwards.  Then
``due_followups`` (and ``due_counts``) run for every counselor, as of the
demo's last day, and the median and maximum times are printed, with the
query plan of one run.  Each counselor's list is read as that counselor
(the service refuses anyone else's); then every list once more as a
supervisor, who may read them all.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

from sqlalchemy import func, select

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from casedesk.auth import Actor  # noqa: E402
from casedesk.database import Database, open_database  # noqa: E402
from casedesk.demo import create_demo_database  # noqa: E402
from casedesk.followups import Bucket, due_counts, due_followups, due_statement  # noqa: E402
from db.enums import StaffRole  # noqa: E402
from db.models.consultations import Consultation  # noqa: E402
from db.models.people import Staff  # noqa: E402


def _open(path: Path, consultations: int) -> Database:
    if path.exists():
        print(f"reusing {path}")
        return open_database(path)
    print(f"generating {consultations:,} consultations into {path} ...", flush=True)
    started = time.perf_counter()
    database, _counts = create_demo_database(path, consultations=consultations)
    print(f"  generated in {time.perf_counter() - started:.1f} s")
    return database


def run(database: Database, rounds: int) -> None:
    with database.reading() as session:
        total = session.scalar(select(func.count()).select_from(Consultation)) or 0
        today = session.scalar(select(func.max(Consultation.consulted_on))) or dt.date.today()
        people = {
            row.id: Actor(row.id, row.login, row.name, row.role)
            for row in session.scalars(
                select(Staff).where(Staff.role == StaffRole.COUNSELOR).order_by(Staff.login)
            )
        }
    staff = [(staff_id, actor.name) for staff_id, actor in people.items()]
    # A supervisor opens every case; her id is never compared.
    supervisor = Actor(uuid.UUID(int=1), "bench-supervisor", "監督者", StaffRole.SUPERVISOR)
    as_supervisor = database.as_user(supervisor)

    def as_counselor(staff_id: uuid.UUID) -> Database:
        return database.as_user(people[staff_id])

    print(f"consultations: {total:,}; counselors: {len(staff)}; today: {today}")

    explained = database.engine.connect()
    try:
        stmt = due_statement(staff[0][0], today, actor=people[staff[0][0]])
        compiled = stmt.compile(database.engine, compile_kwargs={"literal_binds": True})
        print("query plan (first counselor):")
        for row in explained.exec_driver_sql(f"EXPLAIN QUERY PLAN {compiled}"):
            print(f"  {row[3]}")
    finally:
        explained.close()

    due_followups(as_counselor(staff[0][0]), staff[0][0], today)  # warm the page cache
    times: list[float] = []
    sizes: list[int] = []
    for _round in range(rounds):
        for staff_id, _name in staff:
            started = time.perf_counter()
            items = due_followups(as_counselor(staff_id), staff_id, today)
            times.append((time.perf_counter() - started) * 1000)
            sizes.append(len(items))
    count_times: list[float] = []
    for staff_id, _name in staff:
        started = time.perf_counter()
        counts = due_counts(as_counselor(staff_id), staff_id, today)
        count_times.append((time.perf_counter() - started) * 1000)
    supervisor_times: list[float] = []
    for _round in range(rounds):
        for staff_id, _name in staff:
            started = time.perf_counter()
            due_followups(as_supervisor, staff_id, today)
            supervisor_times.append((time.perf_counter() - started) * 1000)
    print(
        f"due_followups x {len(times)}: median {statistics.median(times):.1f} ms, "
        f"max {max(times):.1f} ms"
    )
    print(
        f"due_counts    x {len(count_times)}: median {statistics.median(count_times):.1f} ms, "
        f"max {max(count_times):.1f} ms"
    )
    print(
        f"due_followups as a supervisor x {len(supervisor_times)}: "
        f"median {statistics.median(supervisor_times):.1f} ms, max {max(supervisor_times):.1f} ms"
    )
    print(f"items per counselor: median {statistics.median(sizes):.0f}, max {max(sizes)}")
    for staff_id, name in staff:
        counts = due_counts(as_counselor(staff_id), staff_id, today)
        print(f"  {name:<12} " + "  ".join(f"{b.value}={counts[b]}" for b in Bucket))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, metavar="PATH", help="file to reuse or create (kept)")
    parser.add_argument("--consultations", type=int, default=1_000_000, metavar="N")
    parser.add_argument("--rounds", type=int, default=3, help="runs per counselor")
    args = parser.parse_args()
    if args.db is not None:
        database = _open(args.db, args.consultations)
        try:
            run(database, args.rounds)
        finally:
            database.close()
        return
    with tempfile.TemporaryDirectory(prefix="casedesk-bench-") as tmp:
        database = _open(Path(tmp) / "demo.sqlite3", args.consultations)
        try:
            run(database, args.rounds)
        finally:
            database.close()


if __name__ == "__main__":
    main()
