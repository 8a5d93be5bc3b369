"""Fill an empty casedesk database with two fiscal years of made-up work."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable

from sqlalchemy import Connection

from casedesk.database import Database
from casedesk.demo.activities import (
    hold_conference,
    hold_group_session,
    plan_conferences,
    plan_group_sessions,
    write_line_figures,
    write_outreach,
    write_standing_goods,
    write_targets,
)
from casedesk.demo.bulk import BulkWriter, bulk_load_pragmas, case_summaries_rebuilt_after
from casedesk.demo.codes import Codes
from casedesk.demo.consultations import ConsultationSimulator, Tally
from casedesk.demo.context import DemoContext
from casedesk.demo.directory import write_agencies, write_staff
from casedesk.demo.outcome import DemoCancelled, DemoCounts, DemoTargetNotEmpty
from casedesk.demo.timeline import build_timeline, fiscal_year

PROGRAM_NAME = "デモ 女性支援相談事業"
# Tables whose rows mean the file is somebody's real records.
_GUARDED_TABLES = ("staff", "cases", "consultations")

Progress = Callable[[int, int], bool]


def generate(
    database: Database,
    *,
    consultations: int,
    seed: int = 1,
    until: dt.date | None = None,
    progress: Progress | None = None,
) -> DemoCounts:
    """Write a demo program's records into an empty database.

    ``consultations`` rows of consultations (about a tenth anonymous, about
    one client per five) with everything around them, spread over two
    fiscal years: from 1 April of the year before the one containing
    ``until`` (default: today) up to ``until``.  The same ``seed`` and
    ``until`` give the same records, except for the UUIDs.

    ``progress(done, total)`` is called after each committed chunk with the
    consultations written so far; return False to stop.  Stopping raises
    DemoCancelled and leaves the chunks written so far in the database: the
    caller must delete the file.

    Raises DemoTargetNotEmpty, without writing anything, if the database
    already holds staff, cases or consultations.  SQLite only: the rows go
    to the driver in SQLite's stored form.
    """
    if consultations < 0:
        raise ValueError("consultations must be 0 or more")
    if database.engine.dialect.name != "sqlite":
        raise ValueError("demo data can only be generated into a SQLite file")
    until = until or dt.date.today()
    rng = random.Random(seed)
    timeline = build_timeline(until, consultations, rng)

    with database.engine.connect() as conn:
        _refuse_non_empty(conn)
        codes = Codes(conn)
        with bulk_load_pragmas(conn):
            writer = BulkWriter(conn)
            ctx = DemoContext(rng=rng, codes=codes, writer=writer, timeline=timeline)
            with case_summaries_rebuilt_after(conn):
                tally = _write_everything(ctx, conn, consultations, progress)
            # Fresh statistics for the query planner: without them SQLite
            # guesses, and on a bulk-loaded file it guesses badly (it probed
            # a million consultations by channel for each case of a filter).
            conn.connection.driver_connection.execute("ANALYZE")  # type: ignore[union-attr]

    w = writer.written
    return DemoCounts(
        staff=w["staff"],
        agencies=w["agencies"],
        clients=w["clients"],
        cases=w["cases"],
        consultations=w["consultations"],
        anonymous_consultations=tally.anonymous,
        referrals=w["referrals"],
        accompaniments=w["accompaniments"],
        conferences=w["conferences"],
        outreach_events=w["outreach_events"],
        goods_distributions=w["goods_distributions"],
        group_sessions=w["group_sessions"],
        surveys=w["consultation_surveys"],
    )


def _refuse_non_empty(conn: Connection) -> None:
    for table in _GUARDED_TABLES:
        if conn.exec_driver_sql(f"SELECT EXISTS (SELECT 1 FROM {table})").scalar():
            conn.rollback()
            raise DemoTargetNotEmpty(
                f"the database already has {table}; demo data goes only into an empty one"
            )


def _write_everything(
    ctx: DemoContext, conn: Connection, total: int, progress: Progress | None
) -> Tally:
    rng, writer = ctx.rng, ctx.writer
    write_staff(ctx)
    write_agencies(ctx)
    popups = write_outreach(ctx, total)
    write_standing_goods(ctx)
    sessions = plan_group_sessions(ctx)
    conferences = plan_conferences(ctx, total)
    simulator = ConsultationSimulator(ctx, popups)
    # Small enough for a lively progress bar, large enough that executemany
    # and the commit are cheap per row.
    chunk = max(1000, min(20_000, total // 50))
    done = 0
    for day in ctx.timeline.days:
        done += simulator.run_day(day.index)
        for plan in sessions.get(day.index, ()):
            attendees = (
                [] if plan.kind == "training" else simulator.active_client_ids(rng.randint(2, 8))
            )
            hold_group_session(ctx, plan, attendees)
        for _ in range(conferences.get(day.index, 0)):
            cases = simulator.conference_candidates(day.index, rng.randint(1, 3))
            if cases:
                hold_conference(ctx, day.index, cases)
        if len(writer.rows["consultations"]) >= chunk:
            writer.flush()
            _report(progress, done, total)

    tally = simulator.tally
    write_line_figures(ctx, tally.line_by_month, tally.line_newcomers_by_month)
    writer.flush()  # the activities' figures below are read back from the tables
    write_targets(ctx, _actuals(conn, tally, ctx.timeline.fiscal_years))
    conn.exec_driver_sql(
        "UPDATE settings SET value = ? WHERE key = 'program_name'", (PROGRAM_NAME,)
    )
    writer.flush()
    _report(progress, done, total)
    return tally


def _report(progress: Progress | None, done: int, total: int) -> None:
    if progress is not None and progress(done, total) is False:
        raise DemoCancelled(f"stopped after {done} of {total} consultations")


def _year_of(iso: str) -> int:
    return fiscal_year(dt.date.fromisoformat(iso))


def _actuals(
    conn: Connection, tally: Tally, fiscal_years: list[int]
) -> dict[int, dict[str, float]]:
    """What each fiscal year achieved, for setting plausible targets."""
    indicators = (
        "consultations_total", "clients_distinct", "line_consultations", "accompaniments",
        "referrals_connected", "outreach_events", "outreach_people", "training_participants",
    )  # fmt: skip
    actual = {fy: dict.fromkeys(indicators, 0.0) for fy in fiscal_years}
    for fy, values in tally.by_year.items():
        actual.setdefault(fy, {}).update(values)

    def add(fy: int, indicator: str, amount: float) -> None:
        year = actual.setdefault(fy, {})
        year[indicator] = year.get(indicator, 0) + amount

    for held_on, approached in conn.exec_driver_sql(
        "SELECT held_on, people_approached FROM outreach_events"
    ):
        add(_year_of(held_on), "outreach_events", 1)
        add(_year_of(held_on), "outreach_people", approached)
    training = conn.exec_driver_sql(
        "SELECT s.held_on, s.participants_count FROM group_sessions s"
        " JOIN code_items k ON k.id = s.kind_id WHERE k.category = 'session_kind'"
        " AND k.code = 'training'"
    )
    for held_on, participants in training:
        add(_year_of(held_on), "training_participants", participants)
    for year in actual.values():
        year["survey_felt_positive_rate"] = 0.0
        year["training_satisfaction_rate"] = 0.0
    return actual
