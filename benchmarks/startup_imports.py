"""What importing the GUI costs at start-up, module by module.

    .venv/bin/python benchmarks/startup_imports.py [--runs 5] [--top 25]

Each run is a fresh ``python -X importtime -c "import ui.app"`` (what
``casedesk`` with no subcommand imports before its window shows).  Reported:
the median wall time of the whole import, then the modules with the largest
cumulative import time in the median run (a module's time includes what it
imports first; ``-X importtime`` itself adds some overhead), the self times
summed per package, and whether the modules that should wait until they are
used (alembic, the forms, the record windows, the demo generator) were
imported.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET = "ui.app"
# Imported only when used; none of them should show up at start-up.
DEFERRED = ("alembic", "mako", "casedesk.demo", "ui.case_view", "ui.forms.", "ui.records.")
# ...except the forms' base class: the main window asks open forms to close.
NEEDED = ("ui.forms.base",)


@dataclass(frozen=True)
class Entry:
    name: str
    self_us: int
    cumulative_us: int
    depth: int


def parse(stderr: str) -> list[Entry]:
    entries = []
    for line in stderr.splitlines():
        if not line.startswith("import time:") or "self [us]" in line:
            continue
        self_us, cumulative_us, name = line[len("import time:") :].split("|")
        depth = (len(name) - len(name.lstrip(" ")) - 1) // 2
        entries.append(Entry(name.strip(), int(self_us), int(cumulative_us), depth))
    return entries


def one_run() -> list[Entry]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
    out = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", f"import {TARGET}"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return parse(out.stderr)


def total_ms(entries: list[Entry]) -> float:
    return next(e.cumulative_us for e in entries if e.name == TARGET) / 1000


def by_package(entries: list[Entry]) -> list[tuple[str, float]]:
    """Self times summed per third-party package, or per module of ours
    (``db.models``, ``ui.main_window``), largest first."""
    sums: dict[str, float] = {}
    for entry in entries:
        parts = entry.name.split(".")
        group = ".".join(parts[:2]) if parts[0] in {"casedesk", "db", "ui"} else parts[0]
        sums[group] = sums.get(group, 0.0) + entry.self_us / 1000
    return sorted(sums.items(), key=lambda item: -item[1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="fresh processes")
    parser.add_argument("--top", type=int, default=25, help="modules to list")
    args = parser.parse_args()
    runs = [one_run() for _ in range(args.runs)]
    runs.sort(key=total_ms)
    median_run = runs[len(runs) // 2]
    totals = [total_ms(r) for r in runs]
    print(
        f"import {TARGET}: median {statistics.median(totals):.0f} ms "
        f"(min {min(totals):.0f}, max {max(totals):.0f}) over {args.runs} fresh processes, "
        f"{len(median_run)} modules"
    )
    print(f"\n{'cumulative ms':>13} {'self ms':>8}  module (median run)")
    for entry in sorted(median_run, key=lambda e: -e.cumulative_us)[: args.top]:
        name = "  " * max(entry.depth, 0) + entry.name
        print(f"{entry.cumulative_us / 1000:>13.1f} {entry.self_us / 1000:>8.1f}  {name}")
    print(f"\n{'self ms':>13}  package (self times summed, median run)")
    for group, ms in by_package(median_run)[: args.top]:
        print(f"{ms:>13.1f}  {group}")
    # Packages shown once ("alembic", not its fifty submodules).
    deferred = sorted(
        {
            prefix.rstrip(".") if prefix.endswith(".") else prefix
            for e in median_run
            if e.name not in NEEDED
            for prefix in DEFERRED
            if e.name.startswith(prefix)
        }
    )
    print(f"\nimported although deferred: {', '.join(deferred) if deferred else 'none'}")


if __name__ == "__main__":
    main()
