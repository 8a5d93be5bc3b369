"""No save is lost: many SIGKILLs in the middle of saves, and processes saving
to one database at once (issue 4).  Prints what was checked and how fast
the saves went.

    .venv/bin/python benchmarks/durability.py [--runs N] [--seed S]
        [--processes P] [--saves N] [--reopen-every K] [--encrypted] [--break MODE]

Part 1 starts a child (tests/durability_worker.py) that saves through the
real services (intakes and consultations, with the forms' reads between),
SIGKILLs it at a random moment (seeded), reopens the file and checks it:
``PRAGMA integrity_check``, foreign keys, no consultation without all its
topic rows, the case summaries, the audit chain, and every save the child
had reported (it reports a save only after the service call returned).
One file takes all the runs.  Part 2 starts P children together, each
saving N times (and closing and reopening the database every K saves, as
when a counselor quits while others save), and checks that none saw an
error and nothing is missing.

``--break MODE`` breaks the children on purpose (see the worker's
``BREAK_ENV``) to show that the checks catch it; the run then reports
failures instead of stopping at the first.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import signal
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from casedesk.database import open_database  # noqa: E402
from tests.durability_worker import (  # noqa: E402
    BREAK_ENV,
    BREAKS,
    DURABILITY_PASSPHRASE,
    Child,
    Reported,
    assert_all_present,
    check_database,
    kill_at_random,
)


def _fresh(directory: Path, name: str, encrypted: bool) -> Path:
    path = directory / name
    open_database(path, passphrase=DURABILITY_PASSPHRASE if encrypted else None).close()
    return path


def _flag(encrypted: bool) -> list[str]:
    return ["--encrypted"] if encrypted else []


def kills(directory: Path, runs: int, seed: int, encrypted: bool) -> int:
    path = _fresh(directory, "kills.sqlite3", encrypted)
    rng = random.Random(seed)
    everything = Reported()
    failures: list[str] = []
    unreported = 0
    saving_time = 0.0
    saves_while_timed = 0
    started = time.perf_counter()
    for run in range(runs):
        child = Child(path, "--tag", f"K{run}", "--seed", str(run), *_flag(encrypted))
        how = kill_at_random(child, rng)
        reported = child.reported()
        everything.update(reported)
        if child.ready_at is not None and child.ended_at is not None:
            saving_time += child.ended_at - child.ready_at
            saves_while_timed += reported.saves
        try:
            if child.proc.returncode != -signal.SIGKILL:
                raise AssertionError(f"ended by itself: {child.stderr.strip()[-500:]}")
            found = check_database(path, encrypted=encrypted)
            assert_all_present(everything, found)
            extra = found.saves - everything.saves - unreported
            # Committed, then killed before reporting: at most this one save.
            if extra not in (0, 1):
                raise AssertionError(f"{extra} saves more than were reported")
            unreported += extra
        except AssertionError as exc:
            failures.append(f"run {run} ({how}): {exc}")
            print(f"  FAILED run {run} ({how}): {str(exc)[:300]}", flush=True)
            # Count what is there now, so that one loss is not reported again.
            everything = Reported()
            unreported = 0
            try:
                found = check_database(path, encrypted=encrypted)
            except AssertionError:
                break
            everything.consultations |= found.consultations
            everything.clients |= found.clients
            everything.cases |= found.cases
    elapsed = time.perf_counter() - started
    print(f"SIGKILL runs:            {runs} ({elapsed:.1f} s)")
    print(f"saves reported, checked: {everything.saves}")
    print(f"saves committed but killed before reporting: {unreported}")
    if saving_time:
        print(f"saves/s while saving:    {saves_while_timed / saving_time:.1f}")
    print(f"failed runs:             {len(failures)}")
    return len(failures)


def _error_of(stderr: str) -> str:
    """The last exception of a traceback, the code it was raised in and the
    statement it failed on."""
    lines = [line.strip() for line in stderr.strip().splitlines()]
    lines = [line for line in lines if line and set(line) - set("^~ ")]
    at = [n for n, line in enumerate(lines) if re.match(r"^[\w.]+(Error|Exception)\b", line)]
    if not at:
        return " / ".join(lines[-1:])
    error, where = lines[at[-1]], lines[at[-1] - 1]
    statements = [line[:120] for line in lines if line.startswith("[SQL: ")]
    return " / ".join([error, f"at: {where}", *statements[-1:]])


def concurrent(
    directory: Path, processes: int, saves: int, reopen_every: int, encrypted: bool
) -> int:
    path = _fresh(directory, "concurrent.sqlite3", encrypted)
    children = [
        Child(
            path,
            "--tag",
            chr(ord("A") + n),
            "--seed",
            "7",
            "--saves",
            str(saves),
            "--intake-every",
            "5",
            "--reopen-every",
            str(reopen_every),
            "--wait-go",
            *_flag(encrypted),
        )
        for n in range(processes)
    ]
    for child in children:
        child.wait_for(lambda c: c.ready_at is not None)
    started = time.perf_counter()
    for child in children:
        child.send("go")
    codes = [child.finish() for child in children]
    elapsed = time.perf_counter() - started
    problems = [
        f"child {n}: exit {code}: {_error_of(child.stderr)}"
        for n, (code, child) in enumerate(zip(codes, children, strict=True))
        if code != 0 or child.stderr
    ]
    everything = Reported()
    for child in children:
        everything.update(child.reported())
    try:
        found = check_database(path, encrypted=encrypted)
        assert_all_present(everything, found)
        if found.saves != processes * saves:
            problems.append(f"{found.saves} saves in the database, {processes * saves} expected")
    except AssertionError as exc:
        problems.append(str(exc))
    print(
        f"processes saving at once: {processes} x {saves} saves (reads between,"
        f" each reopening the database every {reopen_every} saves)"
    )
    print(f"saves reported, checked: {everything.saves} in {elapsed:.1f} s")
    print(f"saves/s, all together:   {everything.saves / elapsed:.1f}")
    if everything.milliseconds:
        times = sorted(everything.milliseconds)
        print(
            f"one save's call, ms:     median {statistics.median(times):.0f},"
            f" 99th percentile {times[int(len(times) * 0.99)]:.0f}, max {times[-1]:.0f}"
        )
    print(f"errors:                  {len(problems)}")
    for problem in problems:
        print(f"  {problem}")
    return len(problems)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=100, help="SIGKILL runs")
    parser.add_argument("--seed", type=int, default=20261123)
    parser.add_argument("--processes", type=int, default=3)
    parser.add_argument("--saves", type=int, default=200, help="saves per concurrent process")
    parser.add_argument("--reopen-every", type=int, default=20, help="0 = never")
    parser.add_argument("--encrypted", action="store_true", help="on a SQLCipher database")
    parser.add_argument("--break", dest="mode", choices=BREAKS, help="break the children")
    args = parser.parse_args()
    if args.mode:
        os.environ[BREAK_ENV] = args.mode
        print(f"children broken on purpose: {args.mode}")
    with tempfile.TemporaryDirectory(prefix="casedesk-durability-") as directory:
        failed = kills(Path(directory), args.runs, args.seed, args.encrypted)
        print()
        failed += concurrent(
            Path(directory), args.processes, args.saves, args.reopen_every, args.encrypted
        )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
