"""What the audit trail costs: appending, and verifying a long chain.

    .venv/bin/python benchmarks/audit.py [--appends N] [--verify N] [--keep DIR]

Prints the time for N appends each in its own transaction (as the app
makes them: one per view or save, each committed to disk), the same N in
one transaction (the cost of ``record`` itself), appends on a chain that
is already long (the cost must not grow with it), the query plans of the
head lookups, and the time ``verify`` takes over the whole chain.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from casedesk.audit import _SELECT_HEAD, AuditAction, record, verify  # noqa: E402
from casedesk.auth import Actor  # noqa: E402
from casedesk.database import Database, open_database  # noqa: E402
from db.enums import StaffRole  # noqa: E402
from db.models.people import Staff  # noqa: E402


def _append(db: Database, staff: uuid.UUID, count: int, per_transaction: int) -> float:
    case = uuid.uuid4()
    start = time.perf_counter()
    done = 0
    while done < count:
        with db.transaction() as s:
            for _ in range(min(per_transaction, count - done)):
                record(
                    s,
                    staff,
                    AuditAction.VIEW,
                    entity_type="consultation",
                    entity_id=uuid.uuid4(),
                    case_id=case,
                    detail={"fields": ["phone"]},
                )
                done += 1
    return time.perf_counter() - start


def _plans(db: Database) -> None:
    with db.engine.connect() as conn:
        for stmt in (_SELECT_HEAD,):
            sql = str(stmt.compile(conn, compile_kwargs={"literal_binds": True}))
            plan = conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}").all()
            print(f"  {' '.join(sql.split())}\n    -> {'; '.join(row[-1] for row in plan)}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--appends", type=int, default=10_000)
    parser.add_argument("--verify", type=int, default=100_000)
    parser.add_argument("--keep", type=Path, help="directory to keep the database in")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / "audit-bench.sqlite3"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        db = open_database(path)
        with db.transaction() as s:
            staff = Staff(login="bench", name="監査 試験", role=StaffRole.SUPERVISOR)
            s.add(staff)
            s.flush()
            actor = Actor(staff.id, staff.login, staff.name, staff.role)
        n = args.appends
        took = _append(db, staff.id, n, 1)
        print(
            f"{n:,} appends, one transaction each:   {took:7.2f} s "
            f"({1000 * took / n:.2f} ms each, commit included)"
        )
        took = _append(db, staff.id, n, n)
        print(
            f"{n:,} appends, in one transaction:     {took:7.2f} s "
            f"({1000 * took / n:.3f} ms each: record() alone)"
        )
        have = 2 * n
        if args.verify > have:
            print(f"filling the chain to {args.verify:,} entries ...", flush=True)
            _append(db, staff.id, args.verify - have, 5000)
        took = _append(db, staff.id, 1000, 1000)
        print(
            f"1,000 appends on a chain of {max(args.verify, have):,}:  {took:7.2f} s "
            f"({took:.3f} ms each; compare with the line above)"
        )
        print("head lookup (one statement, per append):")
        _plans(db)
        signed_in = db.as_user(actor)
        start = time.perf_counter()
        result = verify(signed_in)
        took = time.perf_counter() - start
        print(
            f"verify over {result.entries:,} entries:      {took:7.2f} s "
            f"({1e6 * took / max(result.entries, 1):.1f} us each), ok={result.ok}"
        )
        size = path.stat().st_size
        print(f"database file: {size / 1e6:.1f} MB ({size / max(result.entries, 1):.0f} B/entry)")
        db.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
