"""Times the case list's filters and quick search on a demo database.

    python benchmarks/case_list_filters.py --db PATH            # an existing demo file
    python benchmarks/case_list_filters.py --consultations N    # build one first (temp dir)

Prints, per filter: matching cases, and milliseconds for the count, the
ordered id list and the first 200-row page (median of 5 runs).
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import select

from casedesk.case_list import CaseFilters, case_ids, count_cases, fetch_rows
from casedesk.database import Database, open_database
from casedesk.demo import create_demo_database
from db.enums import CaseStatus, CodeCategory
from db.models import CodeItem, Staff


def median_ms(fn: Callable[[], object], runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def code(db: Database, category: CodeCategory, key: str):  # type: ignore[no-untyped-def]
    with db.reading() as s:
        return s.scalars(
            select(CodeItem.id).where(CodeItem.category == category, CodeItem.code == key)
        ).one()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", type=Path)
    parser.add_argument("--consultations", type=int, default=200_000)
    args = parser.parse_args()
    if args.db and args.db.exists():
        db = open_database(args.db)
    else:
        path = args.db or Path(tempfile.mkdtemp()) / "bench.sqlite3"
        print(f"building {args.consultations:,} consultations in {path} ...")
        db, _ = create_demo_database(path, consultations=args.consultations)
    with db.reading() as s:
        counselor = s.scalars(select(Staff.id).where(Staff.role == "counselor")).first()
    filters = {
        "none": CaseFilters(),
        "status open": CaseFilters(status=CaseStatus.OPEN),
        "counselor": CaseFilters(counselor_id=counselor),
        "age band 20s": CaseFilters(age_band_id=code(db, CodeCategory.AGE_BAND, "20s")),
        "channel phone": CaseFilters(channel_id=code(db, CodeCategory.CHANNEL, "phone")),
        "topic housing": CaseFilters(topic_id=code(db, CodeCategory.TOPIC, "housing")),
        "DV only": CaseFilters(dv_only=True),
        "one month": CaseFilters(
            date_from=__import__("datetime").date(2025, 10, 1),
            date_to=__import__("datetime").date(2025, 10, 31),
        ),
        # Summaries with a case filter; and combinations the summaries do
        # not answer (one consultation must meet both: the consultations
        # are asked).
        "phone + open": CaseFilters(
            channel_id=code(db, CodeCategory.CHANNEL, "phone"), status=CaseStatus.OPEN
        ),
        "phone + housing": CaseFilters(
            channel_id=code(db, CodeCategory.CHANNEL, "phone"),
            topic_id=code(db, CodeCategory.TOPIC, "housing"),
        ),
        "phone in Oct": CaseFilters(
            channel_id=code(db, CodeCategory.CHANNEL, "phone"),
            date_from=__import__("datetime").date(2025, 10, 1),
            date_to=__import__("datetime").date(2025, 10, 31),
        ),
        "search 'さ'": CaseFilters(text="さ"),
        "search 'ｻｸﾗ'": CaseFilters(text="ｻｸﾗ"),
        "search '2025-01'": CaseFilters(text="2025-01"),
    }
    print(f"{'filter':<18} {'cases':>8} {'count ms':>9} {'ids ms':>8} {'page ms':>8} {'total':>7}")
    for name, f in filters.items():
        ids = case_ids(db, f)
        counted = median_ms(lambda f=f: count_cases(db, f))
        listed = median_ms(lambda f=f: case_ids(db, f))
        paged = median_ms(lambda ids=ids: fetch_rows(db, ids[:200]))
        print(
            f"{name:<18} {len(ids):>8,} {counted:>9.1f} {listed:>8.1f} {paged:>8.1f} "
            f"{counted + listed + paged:>7.1f}"
        )
    db.close()


if __name__ == "__main__":
    main()
