"""What encryption at rest (SQLCipher) costs: the same work on a plain and an
encrypted copy of one demo database.

    .venv/bin/python benchmarks/encryption_cost.py --db PATH [--runs 7] [--writes 200]

``PATH`` (a plain demo database, e.g. from ``casedesk demo --consultations
100000``) is not modified: it is copied (online backup API) into a work
folder, and a copy of that is converted with
``casedesk.encryption.encrypt_database``.  The steps: opening (SQLCipher
derives the key from the passphrase on every new connection), the case
list's statements (``count_cases``, ``case_ids``, ``fetch_rows`` of the first
page) for a few filters, the timeline of the case with the most
consultations, and ``--writes`` consultations logged one by one through the
service (one transaction each, ``synchronous = FULL``), in bursts of 20.

Three columns:
- plain: the plain copy as casedesk opens it (Python's sqlite3, whose
  SQLite is the system's);
- plain/sqlcipher: the same file through the sqlcipher3 driver without a
  key (SQLCipher's bundled, newer SQLite): against this one the ratio is
  the cost of the encryption itself, not of a different SQLite version;
- encrypted.
Both files are freshly compacted (VACUUM; the conversion writes a compact
file).  The runs of the three alternate (the machine's other work hits all
of them alike); each figure is the median of ``--runs`` after a warm-up.
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import sqlite3
import statistics
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from casedesk.auth import Actor
from casedesk.backups import backup_file
from casedesk.case_list import CaseFilters, case_ids, count_cases, fetch_rows
from casedesk.consultations import ConsultationInput, log_consultation
from casedesk.database import Database, open_database
from casedesk.encryption import encrypt_database
from casedesk.timeline import load_timeline
from db import cipher
from db.engine import make_engine, make_session_factory, sqlite_url
from db.enums import CaseStatus, CodeCategory, StaffRole
from db.ids import stable_uuid
from db.migrate import UpgradeResult, inspect_database
from db.models import Consultation, Staff

PASSPHRASE = "benchmark passphrase 2026"
LINE = stable_uuid("code", CodeCategory.CHANNEL.value, "line")
PHONE = stable_uuid("code", CodeCategory.CHANNEL.value, "phone")
BURST = 20
COLUMNS = ("plain", "plain/sqlcipher", "encrypted")

Step = Callable[[Database], Callable[[], object]]


def supervisor(db: Database) -> Database:
    with db.reading() as s:
        staff = s.scalars(select(Staff).where(Staff.role == StaffRole.SUPERVISOR)).first()
        if staff is None:
            staff = s.scalars(select(Staff)).first()
        assert staff is not None
        actor = Actor(
            staff_id=staff.id, login=staff.login, name=staff.name, role=StaffRole.SUPERVISOR
        )
    return db.as_user(actor)


def biggest_case(db: Database) -> uuid.UUID:
    with db.reading() as s:
        row = s.execute(
            select(Consultation.case_id, func.count())
            .where(Consultation.case_id.is_not(None))
            .group_by(Consultation.case_id)
            .order_by(func.count().desc())
            .limit(1)
        ).one()
    case_id = row[0]
    assert case_id is not None
    return case_id


def open_through_sqlcipher(path: Path) -> Database:
    """The plain file on the sqlcipher3 driver, unkeyed (see the docstring)."""
    revision = inspect_database(path).revision
    assert revision is not None
    engine = make_engine(sqlite_url(path), module=cipher.driver())
    return Database(
        url=sqlite_url(path),
        engine=engine,
        sessions=make_session_factory(engine),
        opened=UpgradeResult(revision, revision, None),
    )


def _step(fn: Callable[[Database, Any], object], arg: Any) -> Step:
    return lambda db: lambda: fn(db, arg)


def steps(db0: Database) -> dict[str, Step]:
    """The steps, each a function of the database to time it on (the copies
    hold the same rows, so the ids found on ``db0`` hold on all)."""
    case_id = biggest_case(db0)
    filters = {
        "all cases": CaseFilters(),
        "status open": CaseFilters(status=CaseStatus.OPEN),
        "channel phone": CaseFilters(channel_id=PHONE),
        "DV only": CaseFilters(dv_only=True),
        "search 'さ'": CaseFilters(text="さ"),
    }
    found: dict[str, Step] = {}
    for name, f in filters.items():
        found[f"count  {name}"] = _step(count_cases, f)
        found[f"ids    {name}"] = _step(case_ids, f)
        found[f"page   {name}"] = _step(fetch_rows, case_ids(db0, f)[:200])
    found["timeline of the biggest case"] = lambda db: lambda: load_timeline(db, case_id)

    def burst(db: Database) -> Callable[[], object]:
        def run() -> None:
            for n in range(BURST):
                log_consultation(
                    db,
                    ConsultationInput(
                        consulted_on=dt.date(2026, 11, 2),
                        channel_id=LINE,
                        case_id=case_id,
                        narrative=f"ベンチマークの相談 {n}",
                    ),
                    today=dt.date(2026, 11, 2),
                )

        return run

    found[f"log {BURST} consultations"] = burst
    return found


def interleaved(fns: list[Callable[[], object]], runs: int) -> list[float]:
    """Median milliseconds of each function, their runs alternating."""
    for fn in fns:
        fn()  # warm-up: the page cache and the OS file cache
    times: list[list[float]] = [[] for _ in fns]
    for _ in range(runs):
        for i, fn in enumerate(fns):
            start = time.perf_counter()
            fn()
            times[i].append((time.perf_counter() - start) * 1000)
    return [statistics.median(t) for t in times]


def prepare(source: Path, work: Path) -> tuple[Path, Path, float]:
    work.mkdir(parents=True, exist_ok=True)
    plain = work / "plain.sqlite3"
    encrypted = work / "encrypted.sqlite3"
    for old in work.glob("*.sqlite3*"):
        old.unlink()
    print(f"copying {source} to {work} ...")
    backup_file(source, plain)
    open_database(plain).close()  # this casedesk's schema, before it is duplicated
    conn = sqlite3.connect(plain, isolation_level=None)
    conn.execute("VACUUM")
    conn.close()
    shutil.copyfile(plain, encrypted)
    start = time.perf_counter()
    encrypt_database(encrypted, PASSPHRASE)
    return plain, encrypted, time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, required=True, help="a plain demo database (kept)")
    parser.add_argument("--work", type=Path, help="work folder (default: a new temp folder)")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--writes", type=int, default=200, help="consultations logged per db")
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="casedesk-enc-"))
    plain, encrypted, converted = prepare(args.db, work)
    print(
        f"database: {plain.stat().st_size / 1e6:,.0f} MB; encrypt_database took {converted:.1f} s"
    )

    results: dict[str, list[float]] = {}

    def opener(path: Path, key: str | None) -> Callable[[], object]:
        def once() -> None:
            db = open_database(path, passphrase=key)
            with db.reading() as s:
                s.scalar(select(func.count()).select_from(Staff))
            db.close()

        return once

    plain_open, enc_open = interleaved(
        [opener(plain, None), opener(encrypted, PASSPHRASE)], args.runs
    )
    results["open (+1 query)"] = [plain_open, float("nan"), enc_open]

    databases = [
        open_database(plain),
        open_through_sqlcipher(plain),
        open_database(encrypted, passphrase=PASSPHRASE),
    ]
    try:
        acting = [supervisor(db) for db in databases]
        for name, step in steps(acting[0]).items():
            runs = args.runs
            if name.startswith("log "):
                # The warm-up burst counts too: --writes in all per database.
                runs = max(1, args.writes // BURST - 1)
            results[name] = interleaved([step(db) for db in acting], runs)
    finally:
        for db in databases:
            db.close()

    print(f"\nmedian ms of {args.runs} alternating runs after a warm-up")
    print(
        f"{'step':<32} {COLUMNS[0]:>8} {COLUMNS[1]:>16} {COLUMNS[2]:>10} "
        f"{'enc/plain':>10} {'enc/sqlcipher':>14}"
    )
    totals = [0.0, 0.0, 0.0]
    for name, (p, q, e) in results.items():
        if name.startswith("open"):
            ratio_q = "-"
        else:
            ratio_q = f"{e / q:.2f}"
            for i, value in enumerate((p, q, e)):
                totals[i] += value
        shown_q = "-" if q != q else f"{q:.1f}"
        print(f"{name:<32} {p:>8.1f} {shown_q:>16} {e:>10.1f} {e / p:>10.2f} {ratio_q:>14}")
    p, q, e = totals
    print(
        f"{'total (without open)':<32} {p:>8.1f} {q:>16.1f} {e:>10.1f} "
        f"{e / p:>10.2f} {e / q:>14.2f}"
    )
    per_write = [v / BURST for v in results[f"log {BURST} consultations"]]
    print(
        "one consultation logged: "
        + ", ".join(f"{c} {v:.1f} ms" for c, v in zip(COLUMNS, per_write, strict=True))
    )


if __name__ == "__main__":
    main()
