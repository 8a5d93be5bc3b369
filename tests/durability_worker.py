"""A child process that saves in a loop the way the app saves, and the checks
its parent makes on the database afterwards (tests/test_durability.py,
benchmarks/durability.py).

    python -m tests.durability_worker DB --tag A --seed 1 [--saves N] [--wait-go]

The child opens DB with ``open_database`` (as the app does), says ``ready``,
and then saves through the real services: an intake (a client with her
case) first and every ``--intake-every`` saves, consultations on its cases
in between, with the reads the forms make (defaults, the case header, the
case count) every few saves.  Each save is reported on stdout *after* the
service call returned, i.e. after its transaction committed:

    I <client id hex> <case id hex> <case no> <milliseconds>ms
    C <consultation id hex> <milliseconds>ms

so that whatever a parent has read is a save the user was told was done.
With ``--saves 0`` it saves until killed.  ``--wait-go`` waits for a line on
stdin before the first save (processes started together then save together,
whatever their start-up times); ``--reopen-every K`` closes the database
and opens it again every K saves (the app quit and restarted while the
others save); ``--open-at T`` waits for the clock's time T before opening
(processes creating a new file together); ``--hold-read`` instead holds one read
transaction open (as the GUI does while a save is under way) until a line
arrives on stdin.  Any error goes to stderr with exit status 1: an error the
user would have seen.

Checking that the checks can fail: the environment variable
``CASEDESK_DURABILITY_BREAK`` breaks *this child only* (it monkeypatches
the product code inside this process; nothing in casedesk reads it):

- ``print-before-commit``: report each save when it is flushed, before its
  commit (a save "returned" too early): the kill test must find a lost save;
- ``plain-begin``: write transactions begin with a plain (deferred) BEGIN
  instead of BEGIN IMMEDIATE;
- ``no-busy-timeout``: do not wait for another process's write lock.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import os
import random
import signal
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Select, event, func, select
from sqlalchemy.orm import Session

from casedesk.case_list import count_cases
from casedesk.case_view import load_case_header
from casedesk.consultations import ConsultationInput, consultation_defaults, log_consultation
from casedesk.database import Database, open_database
from casedesk.intake import CaseInput, ClientInput, IntakeResult, create_client_and_case
from db.enums import CodeCategory, RiskLevel, StaffRole, Urgency
from db.ids import stable_uuid
from db.models.cases import Case
from db.models.consultations import (
    Consultation,
    consultation_topics,
    consultation_violence_kinds,
)
from db.models.people import Client
from tests.actors import as_role

BREAK_ENV = "CASEDESK_DURABILITY_BREAK"
BREAKS = ("print-before-commit", "plain-begin", "no-busy-timeout")


def _code(category: CodeCategory, key: str) -> uuid.UUID:
    return stable_uuid("code", category.value, key)


CHANNELS = [_code(CodeCategory.CHANNEL, k) for k in ("line", "phone")]
TOPICS = [_code(CodeCategory.TOPIC, k) for k in ("dv_spouse", "housing", "poverty")]
VIOLENCE_KINDS = [_code(CodeCategory.VIOLENCE_KIND, k) for k in ("physical", "psychological")]
AGE_BANDS = [_code(CodeCategory.AGE_BAND, k) for k in ("20s", "30s")]
# Every consultation the child saves has exactly this many link rows: the
# parent finds a half-written one by counting them.
TOPICS_PER_CONSULTATION = 2
KINDS_PER_CONSULTATION = 1
NARRATIVE_PREFIX = "durability "
# The passphrase of the encrypted runs (--encrypted).
DURABILITY_PASSPHRASE = "durability-test-passphrase"


# --- the child ------------------------------------------------------------


def _say(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def _apply_break(mode: str) -> None:
    if not mode:
        return
    if mode not in BREAKS:
        raise SystemExit(f"{BREAK_ENV}={mode!r}: expected one of {', '.join(BREAKS)}")
    if mode == "plain-begin":
        import casedesk.database

        # Database.transaction asks for the write lock through this execution
        # option; under another name db.engine's begin hook no longer sees it.
        setattr(casedesk.database, "WRITE_OPTION", "durability_plain_begin")  # noqa: B010
    elif mode == "no-busy-timeout":
        import db.engine

        db.engine.BUSY_TIMEOUT_MS = 0
    elif mode == "print-before-commit":

        @event.listens_for(Session, "after_flush")
        def _early(session: Session, _context: Any) -> None:
            # session.new still lists what this flush inserted.
            for obj in session.new:
                if isinstance(obj, Consultation):
                    _say(f"C {obj.id.hex}")
                elif isinstance(obj, Case):
                    _say(f"I {obj.client_id.hex} {obj.id.hex} {obj.case_no}")


def _me(db: Database) -> uuid.UUID | None:
    return db.actor.staff_id if db.actor is not None else None


def save_intake(db: Database, tag: str, n: int, today: dt.date, rng: random.Random) -> IntakeResult:
    return create_client_and_case(
        db,
        ClientInput(
            display_name=f"{tag}-{n}",
            age_band_id=rng.choice(AGE_BANDS),
            phone="090-0000-0000",
            notes=f"{NARRATIVE_PREFIX}{tag} intake {n}",
        ),
        CaseInput(
            opened_on=today,
            lead_counselor_id=_me(db),
            risk_level=RiskLevel.MEDIUM,
            summary=f"{tag} {n}",
        ),
        today=today,
    )


def save_consultation(
    db: Database, case_id: uuid.UUID, tag: str, n: int, today: dt.date, rng: random.Random
) -> uuid.UUID:
    start = dt.time(rng.randrange(9, 20), rng.randrange(60))
    return log_consultation(
        db,
        ConsultationInput(
            case_id=case_id,
            counselor_id=_me(db),
            consulted_on=today - dt.timedelta(days=rng.randrange(30)),
            channel_id=rng.choice(CHANNELS),
            start_time=start,
            main_complaint_id=rng.choice(TOPICS),
            topic_ids=tuple(rng.sample(TOPICS, TOPICS_PER_CONSULTATION)),
            is_dv=True,
            violence_kind_ids=tuple(rng.sample(VIOLENCE_KINDS, KINDS_PER_CONSULTATION)),
            narrative=f"{NARRATIVE_PREFIX}{tag} save {n}: " + "話を聞いた。" * rng.randrange(1, 40),
            urgency=rng.choice(list(Urgency)),
            follow_up_in_days=rng.choice([None, 3, 7]),
        ),
        today=today,
    )


def _read(db: Database, case_id: uuid.UUID) -> None:
    """What the forms read around a save: the case header, the new form's
    defaults, the case list's count."""
    load_case_header(db, case_id)
    consultation_defaults(db, _me(db) or uuid.uuid4(), case_id, dt.datetime.now())
    count_cases(db)


class _Session:
    """The database as the app holds it: opened, signed in, closed on quit."""

    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.opened, self.db = self._open()

    def _open(self) -> tuple[Database, Database]:
        passphrase = DURABILITY_PASSPHRASE if self.args.encrypted else None
        opened = open_database(self.args.db, passphrase=passphrase)
        # Services act for a signed-in staff member; a counselor of her own
        # (the password check is not what is tested here).
        return opened, as_role(opened, StaffRole.COUNSELOR, login=f"durability-{self.args.tag}")

    def reopen(self) -> Database:
        self.close()
        self.opened, self.db = self._open()
        return self.db

    def close(self) -> None:
        self.opened.close()


def _save_loop(app: _Session, args: argparse.Namespace, report_after: bool) -> int:
    db = app.db
    rng = random.Random(f"{args.tag}/{args.seed}")
    today = dt.date.today()
    cases: list[uuid.UUID] = []
    n = 0
    while args.saves == 0 or n < args.saves:
        n += 1
        started = time.perf_counter()
        if not cases or n % args.intake_every == 0:
            intake = save_intake(db, args.tag, n, today, rng)
            cases.append(intake.case_id)
            line = f"I {intake.client_id.hex} {intake.case_id.hex} {intake.case_no}"
        else:
            consultation_id = save_consultation(db, rng.choice(cases), args.tag, n, today, rng)
            line = f"C {consultation_id.hex}"
        if report_after:
            _say(f"{line} {(time.perf_counter() - started) * 1000:.1f}ms")
        if args.read_every and n % args.read_every == 0:
            _read(db, rng.choice(cases))
        if args.reopen_every and n % args.reopen_every == 0:
            # The app quit and started again while the others go on saving.
            db = app.reopen()
    return n


def _hold_read(db: Database) -> None:
    """One read transaction kept open while others write: its snapshot must
    not move, and the writers must not fail."""
    with db.reading() as session:
        before = session.scalar(select(func.count()).select_from(Consultation))
        _say(f"holding {before}")
        sys.stdin.readline()
        during = session.scalar(select(func.count()).select_from(Consultation))
    with db.reading() as session:
        after = session.scalar(select(func.count()).select_from(Consultation))
    _say(f"released {before} {during} {after}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("db", type=Path)
    parser.add_argument("--tag", default="A", help="names this child's rows")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--saves", type=int, default=0, help="0 = until killed")
    parser.add_argument("--intake-every", type=int, default=10)
    parser.add_argument("--read-every", type=int, default=3, help="0 = no reads")
    parser.add_argument("--open-at", type=float, default=0, help="time.time() to open at")
    parser.add_argument("--reopen-every", type=int, default=0, help="close and reopen")
    parser.add_argument("--wait-go", action="store_true")
    parser.add_argument("--hold-read", action="store_true")
    parser.add_argument("--encrypted", action="store_true", help="DB is (or is made) encrypted")
    args = parser.parse_args(argv)
    mode = os.environ.get(BREAK_ENV, "")
    _apply_break(mode)
    if args.open_at:
        # Processes started together open the file at one moment, whatever
        # their start-up times.
        time.sleep(max(0.0, args.open_at - time.time()))
    app = _Session(args)
    try:
        _say("ready")
        if args.hold_read:
            _hold_read(app.db)
            return 0
        if args.wait_go:
            sys.stdin.readline()
        saved = _save_loop(app, args, report_after=mode != "print-before-commit")
        _say(f"done {saved}")
    finally:
        app.close()
    return 0


# --- the parent's side ------------------------------------------------------

ROOT = Path(__file__).resolve().parent.parent


class Child:
    """A worker process, its stdout read line by line as it comes."""

    def __init__(self, path: Path, *args: str) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "tests.durability_worker", str(path), *args],
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            encoding="utf-8",
        )
        self.lines: list[str] = []
        self.ready_at: float | None = None  # perf_counter when it said "ready"
        self.ended_at: float | None = None  # ... when it was killed or ended
        self._errors: list[str] = []
        self._closed = False
        self._changed = threading.Condition()
        self._threads = [
            threading.Thread(target=self._read_stdout, daemon=True),
            threading.Thread(target=self._read_stderr, daemon=True),
        ]
        for thread in self._threads:
            thread.start()

    def _read_stdout(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            with self._changed:
                self.lines.append(line.rstrip("\n"))
                if self.ready_at is None and line.startswith("ready"):
                    self.ready_at = time.perf_counter()
                self._changed.notify_all()
        with self._changed:
            self._closed = True
            self._changed.notify_all()

    def _read_stderr(self) -> None:
        assert self.proc.stderr is not None
        self._errors.append(self.proc.stderr.read())

    @property
    def saves(self) -> int:
        return sum(1 for line in self.lines if line[:2] in ("C ", "I "))

    def wait_for(self, condition: Callable[[Child], bool], timeout: float = 60) -> None:
        """Until ``condition`` holds (or the child's stdout closed)."""
        with self._changed:
            self._changed.wait_for(lambda: self._closed or condition(self), timeout)

    def send(self, line: str = "go") -> None:
        assert self.proc.stdin is not None
        # A child that already failed has closed its end: its stderr tells why.
        with contextlib.suppress(BrokenPipeError):
            self.proc.stdin.write(line + "\n")
            self.proc.stdin.flush()

    def kill(self) -> None:
        os.kill(self.proc.pid, signal.SIGKILL)
        self.ended_at = time.perf_counter()
        self.finish()

    def finish(self, timeout: float = 120) -> int:
        """Wait for the child to end and for its output to be read."""
        if self.proc.stdin is not None:
            with contextlib.suppress(BrokenPipeError):
                self.proc.stdin.close()
        returncode = self.proc.wait(timeout)
        self.ended_at = self.ended_at or time.perf_counter()
        for thread in self._threads:
            thread.join(timeout)
        for stream in (self.proc.stdout, self.proc.stderr):
            if stream is not None:
                stream.close()
        return returncode

    @property
    def stderr(self) -> str:
        return "".join(self._errors)

    def reported(self) -> Reported:
        reported = Reported()
        for line in self.lines:
            reported.add_line(line)
        return reported


def kill_at_random(child: Child, rng: random.Random) -> str:
    """SIGKILL ``child`` at a moment drawn from ``rng``: mostly in the middle
    of its stream of saves, sometimes while it is still opening the
    database.  Returns how, for messages."""
    draw = rng.random()
    if draw < 0.1:
        delay = rng.uniform(0, 1.0)
        time.sleep(delay)
        how = f"{delay:.3f} s after start"
    elif draw < 0.55:
        # Right after a save was reported: the next one is under way.
        count = rng.randint(1, 15)
        child.wait_for(lambda c: c.saves >= count)
        how = f"after {count} saves"
    else:
        delay = rng.uniform(0, 0.2)
        child.wait_for(lambda c: c.ready_at is not None)
        time.sleep(delay)
        how = f"{delay:.3f} s after ready"
    child.kill()
    return how


@dataclass
class Reported:
    """What one or more children reported as saved."""

    consultations: set[uuid.UUID] = field(default_factory=set)
    clients: set[uuid.UUID] = field(default_factory=set)
    cases: dict[uuid.UUID, str] = field(default_factory=dict)  # id -> case no
    milliseconds: list[float] = field(default_factory=list)  # each save's call

    def update(self, other: Reported) -> None:
        self.consultations |= other.consultations
        self.clients |= other.clients
        self.cases |= other.cases
        self.milliseconds += other.milliseconds

    def add_line(self, line: str) -> None:
        parts = line.split()
        if parts and parts[-1].endswith("ms"):
            self.milliseconds.append(float(parts[-1].removesuffix("ms")))
        if parts and parts[0] == "C":
            self.consultations.add(uuid.UUID(hex=parts[1]))
        elif parts and parts[0] == "I":
            self.clients.add(uuid.UUID(hex=parts[1]))
            self.cases[uuid.UUID(hex=parts[2])] = parts[3]

    @property
    def saves(self) -> int:
        return len(self.consultations) + len(self.cases)


@dataclass(frozen=True)
class Found:
    """What the database holds after the children, checked for consistency."""

    consultations: set[uuid.UUID]
    clients: set[uuid.UUID]
    cases: dict[uuid.UUID, str]

    @property
    def saves(self) -> int:
        return len(self.consultations) + len(self.cases)


def _pairs(session: Session, stmt: Select[Any, Any]) -> dict[Any, Any]:
    return {key: value for key, value in session.execute(stmt)}


def check_database(path: Path, *, encrypted: bool = False) -> Found:
    """Reopen the file as the app does and check that it is sound and that
    no save is half-written.  Raises AssertionError with what is wrong."""
    from casedesk.audit import verify
    from tests.case_summaries import recomputed, stored

    db = open_database(path, passphrase=DURABILITY_PASSPHRASE if encrypted else None)
    try:
        # The audit trail is one hash chain that every process appends to.
        audit = verify(as_role(db, StaffRole.SUPERVISOR, login="durability-check"))
        assert audit.ok, f"audit trail: {audit.problems}"
        with db.engine.connect() as conn:
            integrity = [row[0] for row in conn.exec_driver_sql("PRAGMA integrity_check")]
            assert integrity == ["ok"], f"integrity_check: {integrity}"
            broken_keys = list(conn.exec_driver_sql("PRAGMA foreign_key_check"))
            assert broken_keys == [], f"foreign_key_check: {broken_keys}"
            # The per-case summaries are kept by triggers in the same
            # transaction as the consultation: they must match.
            assert stored(conn) == recomputed(conn), "case summaries differ from consultations"
        with db.reading() as session:
            consultations = set(session.scalars(select(Consultation.id)))
            topics = _pairs(
                session,
                select(consultation_topics.c.consultation_id, func.count()).group_by(
                    consultation_topics.c.consultation_id
                ),
            )
            kinds = _pairs(
                session,
                select(consultation_violence_kinds.c.consultation_id, func.count()).group_by(
                    consultation_violence_kinds.c.consultation_id
                ),
            )
            half = sorted(
                c.hex
                for c in consultations
                if topics.get(c) != TOPICS_PER_CONSULTATION
                or kinds.get(c) != KINDS_PER_CONSULTATION
            )
            assert not half, f"consultations without all their topics or kinds: {half}"
            clients = set(session.scalars(select(Client.id)))
            cases = _pairs(session, select(Case.id, Case.case_no))
            without_case = clients - set(session.scalars(select(Case.client_id)))
            assert not without_case, f"clients without their case: {sorted(without_case)}"
    finally:
        db.close()
    return Found(consultations, clients, cases)


def assert_all_present(reported: Reported, found: Found) -> None:
    """Every save a child reported is in the database, as reported."""
    lost = reported.consultations - found.consultations
    assert not lost, f"{len(lost)} reported consultations lost: {sorted(c.hex for c in lost)}"
    lost_clients = reported.clients - found.clients
    assert not lost_clients, f"reported clients lost: {sorted(c.hex for c in lost_clients)}"
    for case_id, case_no in reported.cases.items():
        assert found.cases.get(case_id) == case_no, (
            f"reported case {case_no} ({case_id.hex}) lost or renumbered:"
            f" {found.cases.get(case_id)}"
        )


if __name__ == "__main__":
    sys.exit(main())
