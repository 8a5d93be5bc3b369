"""How fast the case list is in the real window, from a cold process, on a large database.

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/gui_case_list.py \\
        --db /tmp/bench/casedesk-1m.sqlite3 [--runs 3] [--timeline]

Build the database once with ``casedesk demo --db PATH --consultations 1000000``
(about 2.5 minutes, 2 GB).  Each run starts a fresh Python process (this
script with ``--child``) that imports the app, shows ``ui.main_window.MainWindow``
offscreen, opens the database and waits until the case list's first page is
painted; then it applies each filter and the quick search the way the window
does (``CaseListModel.load`` on the database worker) and waits for the new
first page to be painted.  Reported, median over the runs:

- sign-in: the window asks who signs in once the database is open; the
  benchmark answers at once with ``--login`` (a demo account) and its
  password, checked for real (argon2, about a quarter of a second, on the
  database worker), so "list painted" includes the check but not a
  person's typing;
- list painted: wall time from process start (taken by the parent just
  before it starts the child, on the system-wide monotonic clock) to the
  first page painted; on the way: the app's modules imported, the window
  shown, the lookups arrived (the list waits for them, to check the
  remembered filters), the count and first page arrived; after it, the
  ids of the whole list arrived (the model's second job);
- each interaction: load asked for -> first page painted, and -> the whole
  list's ids in (the "all ids" column);
- peak memory of the child (``ru_maxrss``);
- the same SQL as the first job (count and first page's ids, or the
  whole list when that is as quick, then the first page's rows and
  next due actions; compiled by SQLAlchemy with literal values before the
  clock starts) run by the stdlib ``sqlite3`` module in this process, so
  that the ratio shows what the app adds (SQLAlchemy, the worker thread,
  the Qt model and the painting).

``--timeline`` also times ``casedesk.timeline.load_timeline`` on the case
with the most consultations (the "open a big case" hook).

The targets: list painted <= 1.5 s after start, each interaction <= 200 ms,
peak memory < 400 MB.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

T0_ENV = "CASEDESK_BENCH_T0"
PAGE = 200
MONTH = (dt.date(2025, 10, 1), dt.date(2025, 10, 31))
SEARCH = "さ"
# Interactions, in the order run: name -> how to build its filters from the
# code ids (channel "phone", topic "housing").
INTERACTIONS = ["channel phone", "DV only", "topic housing", "one month", f"search '{SEARCH}'"]


def _filters(name: str, codes: dict[str, uuid.UUID]) -> Any:
    from casedesk.case_list import CaseFilters

    return {
        "none": CaseFilters(),
        "channel phone": CaseFilters(channel_id=codes["phone"]),
        "DV only": CaseFilters(dv_only=True),
        "topic housing": CaseFilters(topic_id=codes["housing"]),
        "one month": CaseFilters(date_from=MONTH[0], date_to=MONTH[1]),
        f"search '{SEARCH}'": CaseFilters(text=SEARCH),
    }[name]


def _codes(path: Path) -> dict[str, uuid.UUID]:
    con = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        found = {}
        for category, code in (("channel", "phone"), ("topic", "housing")):
            row = con.execute(
                "SELECT id FROM code_items WHERE category = ? AND code = ?", (category, code)
            ).fetchone()
            found[code] = uuid.UUID(row[0])
        return found
    finally:
        con.close()


# --- the child: one cold start of the app ---------------------------------


def child(db_path: Path, timeline_case: str | None, login: str, password: str) -> None:
    t0 = float(os.environ[T0_ENV])

    def since(start: float) -> float:
        return (time.monotonic() - start) * 1000

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    import resource

    from PySide6.QtWidgets import QApplication

    from casedesk.accounts import sign_in
    from ui.app import configure_application
    from ui.dialogs import Dialogs
    from ui.main_window import MainWindow
    from ui.settings import AppSettings

    marks: dict[str, float] = {}

    class SignsIn(Dialogs):
        """Answers the sign-in at once, as a person would who had typed
        her password: the real check (argon2) on the database worker."""

        def sign_in(self, parent, context, database, *, first_administrator, last_login, done):  # type: ignore[no-untyped-def]
            marks["asked"] = time.monotonic()
            context.worker.submit(lambda: sign_in(database, login, password), done)

    imported_ms = since(t0)
    app = QApplication([sys.argv[0]])
    configure_application(app, language="ja")
    window = MainWindow(SignsIn(), settings=AppSettings())
    window.resize(1280, 800)
    window.show()
    app.processEvents()
    shown_ms = since(t0)
    model = window.case_model
    state: dict[str, Any] = {"loaded": None, "page": None}
    model.loaded.connect(lambda count: state.update(loaded=count, loaded_at=time.monotonic()))
    model.page_loaded.connect(lambda first: state.update(page=first))

    def wait_complete() -> None:
        wait(lambda: model.complete and window.worker.idle)

    window.context.lookups_changed.connect(lambda: state.setdefault("lookups_at", time.monotonic()))

    def wait(condition: Callable[[], bool], timeout_s: float = 120.0) -> None:
        deadline = time.monotonic() + timeout_s
        while not condition():
            if time.monotonic() > deadline:
                raise TimeoutError("the case list did not load")
            app.processEvents()
            time.sleep(0.0005)

    def painted() -> None:
        # The first page is in: the view repaints it (an update request
        # posted by dataChanged) when events are next processed.
        app.processEvents()

    window.open_database(str(db_path))
    wait(lambda: state["loaded"] is not None)
    ids_ms = (state["loaded_at"] - t0) * 1000
    wait(lambda: state["loaded"] == 0 or state["page"] == 0)
    painted()
    result: dict[str, Any] = {
        "imported": imported_ms,
        "shown": shown_ms,
        "lookups": (state["lookups_at"] - t0) * 1000 if "lookups_at" in state else float("nan"),
        "ids": ids_ms,
        "painted": since(t0),
        "cases": state["loaded"],
        "asked": (marks["asked"] - t0) * 1000,
    }
    wait_complete()
    result["all ids"] = since(t0)
    database = window.database
    assert database is not None
    codes = _codes(db_path)
    for name in INTERACTIONS:
        state.update(loaded=None, page=None)
        start = time.monotonic()
        model.load(database, _filters(name, codes))
        wait(lambda: state["loaded"] is not None)
        wait(lambda: state["loaded"] == 0 or state["page"] == 0)
        painted()
        result[name] = since(start)
        result[f"{name} cases"] = state["loaded"]
        wait_complete()
        result[f"{name} all ids"] = since(start)
    if timeline_case is not None:
        from casedesk.timeline import load_timeline

        start = time.monotonic()
        entries = load_timeline(database, uuid.UUID(timeline_case))
        result["timeline"] = since(start)
        result["timeline entries"] = len(entries)
    result["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    window.shutdown()
    print(json.dumps(result), flush=True)


# --- the parent: runs, plain sqlite3, the table ---------------------------


def run_child(
    db: Path, timeline_case: str | None, settings_dir: Path, login: str, password: str
) -> dict[str, Any]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    env["CASEDESK_SETTINGS"] = str(settings_dir / "settings.ini")
    env["CASEDESK_PASSWORD"] = password
    args = [sys.executable, __file__, "--child", "--db", str(db), "--login", login]
    if timeline_case is not None:
        args += ["--timeline-case", timeline_case]
    env[T0_ENV] = repr(time.monotonic())
    out = subprocess.run(args, env=env, capture_output=True, text=True, check=False)
    if out.returncode != 0:
        raise SystemExit(f"child failed:\n{out.stderr}")
    return dict(json.loads(out.stdout.strip().splitlines()[-1]))


def _actor(db: Path, login: str) -> Any:
    from casedesk.auth import Actor
    from db.enums import StaffRole

    con = sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True)
    try:
        row = con.execute("SELECT id, name, role FROM staff WHERE login = ?", (login,)).fetchone()
    finally:
        con.close()
    if row is None:
        raise SystemExit(f"{db}: no staff account {login!r}")
    return Actor(staff_id=uuid.UUID(row[0]), login=login, name=row[1], role=StaffRole(row[2]))


def plain_sqlite(db: Path, names: list[str], runs: int, login: str) -> dict[str, float]:
    """The app's statements for each interaction's first job (count, the
    first page's ids, their rows and next due actions), run by stdlib
    sqlite3."""
    from sqlalchemy.dialects import sqlite as sqlite_dialect

    from casedesk import case_list
    from casedesk.case_list import CaseSort, count_statement, ids_statement, rows_statement

    # Absent before the "next due" column (when timing an older checkout).
    next_due: Callable[[list[uuid.UUID]], Any] | None = getattr(
        case_list, "next_due_statement", None
    )

    dialect = sqlite_dialect.dialect()

    def sql(stmt: Any) -> str:
        return str(stmt.compile(dialect=dialect, compile_kwargs={"literal_binds": True}))

    codes = _codes(db)
    actor = _actor(db, login)
    con = sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True)
    timings: dict[str, float] = {}
    try:
        for name in names:
            # The very statements the first job runs (summaries included),
            # compiled before the clock starts: what sqlite3 itself takes.
            filters = _filters(name, codes)
            whole = getattr(case_list, "collects_before_ordering", lambda _f: True)(filters)
            # list_head: the whole list at once, or the count and a page.
            count_sql = "SELECT 1" if whole else sql(count_statement(filters, actor=actor))
            ids = ids_statement(filters, CaseSort(), actor=actor)
            ids_sql = sql(ids if whole else ids.limit(PAGE))
            page = [uuid.UUID(row[0]) for row in con.execute(ids_sql).fetchall()[:PAGE]]
            page_sql = [sql(rows_statement(page, actor=actor))] if page else []
            if next_due is not None:
                page_sql += [sql(next_due(page[at : at + 100])) for at in range(0, len(page), 100)]
            samples = []
            for _ in range(runs):
                start = time.perf_counter()
                con.execute(count_sql).fetchall()
                con.execute(ids_sql).fetchall()
                for statement in page_sql:
                    con.execute(statement).fetchall()
                samples.append((time.perf_counter() - start) * 1000)
            timings[name] = statistics.median(samples)
    finally:
        con.close()
    return timings


def biggest_case(db: Path) -> tuple[str, int]:
    con = sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True)
    try:
        row = con.execute(
            "SELECT case_id, count(*) FROM consultations WHERE case_id IS NOT NULL "
            "GROUP BY case_id ORDER BY 2 DESC LIMIT 1"
        ).fetchone()
        return str(uuid.UUID(row[0])), int(row[1])
    finally:
        con.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, required=True, help="an existing demo database")
    parser.add_argument("--runs", type=int, default=3, help="fresh processes")
    parser.add_argument("--timeline", action="store_true", help="also open the biggest case")
    parser.add_argument(
        "--login",
        default="supervisor",
        help="who signs in (a demo account; the password from CASEDESK_PASSWORD, else the demo's)",
    )
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--timeline-case", help=argparse.SUPPRESS)
    args = parser.parse_args()
    from casedesk.demo.directory import DEMO_PASSWORD

    password = os.environ.get("CASEDESK_PASSWORD", DEMO_PASSWORD)
    if args.child:
        child(args.db, args.timeline_case, args.login, password)
        return
    if not args.db.is_file():
        raise SystemExit(f"{args.db}: build it first with `casedesk demo --db ...`")
    timeline_case = None
    if args.timeline:
        from importlib.util import find_spec

        if find_spec("casedesk.timeline") is None:
            print("casedesk.timeline is not there yet: --timeline skipped")
        else:
            timeline_case, consultations = biggest_case(args.db)
            print(f"timeline: case {timeline_case} ({consultations} consultations)")
    results = []
    with tempfile.TemporaryDirectory(prefix="casedesk-bench-") as tmp:
        for n in range(args.runs):
            results.append(run_child(args.db, timeline_case, Path(tmp), args.login, password))
            print(f"run {n + 1}/{args.runs} done", flush=True)

    def median(key: str) -> float:
        return float(statistics.median(r[key] for r in results))

    plain = plain_sqlite(args.db, ["none", *INTERACTIONS], runs=3, login=args.login)
    print(
        f"\n{args.db} ({results[0]['cases']:,} cases for {args.login!r}), "
        f"median of {args.runs} cold runs"
    )
    print(
        f"{'step':<24} {'cases':>8} {'app ms':>8} {'sqlite3 ms':>11} {'ratio':>6} "
        f"{'all ids ms':>11}"
    )
    print(f"{'start -> app imported':<24} {'':>8} {median('imported'):>8.0f}")
    print(f"{'start -> window shown':<24} {'':>8} {median('shown'):>8.0f}")
    print(f"{'start -> sign-in asked':<24} {'':>8} {median('asked'):>8.0f}")
    print(f"{'start -> lookups arrived':<24} {'':>8} {median('lookups'):>8.0f}")
    print(f"{'start -> first page in':<24} {results[0]['cases']:>8,} {median('ids'):>8.0f}")
    print(
        f"{'start -> list painted':<24} {results[0]['cases']:>8,} {median('painted'):>8.0f} "
        f"{plain['none']:>11.0f} {'':>6} {median('all ids'):>11.0f}"
    )
    for name in INTERACTIONS:
        app_ms = median(name)
        print(
            f"{name:<24} {results[0][f'{name} cases']:>8,} {app_ms:>8.0f} "
            f"{plain[name]:>11.0f} {app_ms / max(plain[name], 0.1):>6.1f} "
            f"{median(f'{name} all ids'):>11.0f}"
        )
    if timeline_case is not None:
        print(
            f"{'open the biggest case':<24} {results[0]['timeline entries']:>8,} "
            f"{median('timeline'):>8.0f}   (load_timeline, entries)"
        )
    print(f"peak memory: {median('peak_mb'):.0f} MB (max {max(r['peak_mb'] for r in results):.0f})")


if __name__ == "__main__":
    main()
