"""No save is ever lost: a process killed in the middle of its saves, and
processes saving to one database at once (issue 4).

The saving is done by child processes (tests/durability_worker.py) through
the real services on a real file; each reports a save only after the
service call returned.  benchmarks/durability.py runs the same with more
runs and prints the figures.
"""

from __future__ import annotations

import datetime as dt
import random
import signal
import time
from pathlib import Path

from sqlalchemy import func, select

from casedesk.database import open_database
from db.enums import StaffRole
from db.models.consultations import Consultation
from tests.actors import as_role
from tests.durability_worker import (
    Child,
    Reported,
    assert_all_present,
    check_database,
    kill_at_random,
    save_consultation,
    save_intake,
)

KILL_RUNS = 20
SAVES = 100  # per process; benchmarks/durability.py does more


def _fresh(tmp_path: Path) -> Path:
    path = tmp_path / "durability.sqlite3"
    open_database(path).close()  # migrated once, before the children open it
    return path


def _assert_no_error(children: list[Child]) -> None:
    """Each child ends by itself and cleanly: no error a user would see."""
    ended = [(child.finish(), child.stderr) for child in children]
    problems = [f"exit {code}:\n{stderr[-2000:]}" for code, stderr in ended if code or stderr]
    assert not problems, "\n".join(problems)


def test_a_process_killed_mid_save_loses_nothing(tmp_path: Path) -> None:
    # One file through all the runs: each run reopens what the last killed
    # process left (its WAL included) and saves on top of it.
    path = _fresh(tmp_path)
    rng = random.Random(20261123)
    everything = Reported()
    for run in range(KILL_RUNS):
        child = Child(path, "--tag", f"K{run}", "--seed", str(run))
        how = kill_at_random(child, rng)
        assert child.proc.returncode == -signal.SIGKILL, (
            f"run {run}: the child ended by itself before the kill ({how}): {child.stderr}"
        )
        everything.update(child.reported())
        found = check_database(path)  # integrity, nothing half-written
        assert_all_present(everything, found)
        # A kill between a commit and its report leaves one save unreported;
        # more would be a save written twice or by someone else.
        assert found.saves - everything.saves <= run + 1
    assert everything.saves >= KILL_RUNS  # the kills did land among saves


def test_processes_saving_at_once_all_succeed(tmp_path: Path) -> None:
    path = _fresh(tmp_path)
    # Intakes often, so that the processes also compete for case numbers;
    # each quits and restarts now and then while the others save.
    args = ["--seed", "7", "--saves", str(SAVES), "--intake-every", "5", "--reopen-every", "10"]
    children = [Child(path, "--tag", tag, *args, "--wait-go") for tag in ("A", "B", "C")]
    for child in children:
        child.wait_for(lambda c: c.ready_at is not None)
    for child in children:  # all start saving together, whatever their start-up time
        child.send("go")
    _assert_no_error(children)
    assert [child.lines[-1] for child in children] == [f"done {SAVES}"] * len(children)

    everything = Reported()
    for child in children:
        everything.update(child.reported())
    found = check_database(path)
    assert_all_present(everything, found)
    assert found.saves == everything.saves == len(children) * SAVES
    year = dt.date.today().year
    numbers = [f"{year}-{n:04d}" for n in range(1, len(everything.cases) + 1)]
    assert sorted(found.cases.values()) == numbers


def test_processes_creating_one_new_database_at_once(tmp_path: Path) -> None:
    # Two apps started on a file that does not exist yet: both create and
    # migrate it, and neither may fail.
    path = tmp_path / "new.sqlite3"
    open_at = str(time.time() + 2)  # after both have started up
    children = [
        Child(path, "--tag", tag, "--saves", "5", "--open-at", open_at) for tag in ("A", "B")
    ]
    _assert_no_error(children)
    everything = Reported()
    for child in children:
        everything.update(child.reported())
    assert check_database(path).saves == everything.saves == 10


def test_saving_while_another_process_holds_a_read(tmp_path: Path) -> None:
    path = _fresh(tmp_path)
    reader = Child(path, "--hold-read")
    reader.wait_for(lambda c: any(line.startswith("holding") for line in c.lines))
    writer = Child(path, "--tag", "W", "--saves", "60")
    _assert_no_error([writer])
    reader.send("release")
    _assert_no_error([reader])

    consultations = len(writer.reported().consultations)
    # The reader's snapshot did not move while it was open; afterwards it sees all.
    assert reader.lines[-1] == f"released 0 0 {consultations}"
    assert_all_present(writer.reported(), check_database(path))


def test_saving_while_the_same_process_reads(tmp_path: Path) -> None:
    # The GUI loads a list or a case on one connection while a form saves
    # on another.
    opened = open_database(tmp_path / "durability.sqlite3")
    try:
        db = as_role(opened, StaffRole.COUNSELOR, login="durability")
        today = dt.date.today()
        rng = random.Random(3)
        case_id = save_intake(db, "S", 1, today, rng).case_id
        with db.reading() as session:
            count = select(func.count()).select_from(Consultation)
            assert session.scalar(count) == 0
            saved = save_consultation(db, case_id, "S", 2, today, rng)
            assert session.scalar(count) == 0
        with db.reading() as session:
            assert session.get(Consultation, saved) is not None
    finally:
        opened.close()
