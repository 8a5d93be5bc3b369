#!/usr/bin/env python3
"""One command to set up and run casedesk, one to set up and test it.

    python3 dev.py run [casedesk arguments]   # e.g. python3 dev.py run --demo
    python3 dev.py test [pytest arguments]

Needs only Python 3.11+.  Creates ``.venv`` beside this file on first use and
reinstalls the project whenever pyproject.toml changes.  Uses only the
standard library, since it runs before anything is installed.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
STAMP = VENV / ".casedesk-installed"


def venv_bin(name: str) -> Path:
    folder = "Scripts" if os.name == "nt" else "bin"
    suffix = ".exe" if os.name == "nt" else ""
    return VENV / folder / f"{name}{suffix}"


def setup() -> None:
    if sys.version_info < (3, 11):  # noqa: UP036 (dev.py may be started by an older Python)
        sys.exit(f"casedesk needs Python 3.11 or newer (this is {sys.version.split()[0]})")
    if not venv_bin("python").exists():
        print(f"creating {VENV} ...", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if STAMP.exists() and STAMP.read_text() == wanted:
        return
    print("installing casedesk and its dependencies ...", flush=True)
    python = str(venv_bin("python"))
    pip(python, "--upgrade", "pip")
    pip(python, "--editable", f"{ROOT}[dev]")
    STAMP.write_text(wanted)


def pip(python: str, *args: str) -> None:
    # pip and the build backend print pages of notices on success; show them
    # only when the install fails, where they matter.
    result = subprocess.run(
        [python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", *args],
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        sys.stderr.write(result.stdout + result.stderr)
        sys.exit(f"pip install {' '.join(args)} failed")


def run(args: list[str]) -> int:
    return subprocess.call([str(venv_bin("casedesk")), *args])


def test(args: list[str]) -> int:
    python = str(venv_bin("python"))
    steps = [
        [python, "-m", "ruff", "check", "."],
        [python, "-m", "mypy"],
        [str(venv_bin("lint-imports"))],
        [python, "-m", "pytest", *args],
    ]
    for step in steps:
        print(
            "$",
            " ".join(Path(step[0]).name if i == 0 else a for i, a in enumerate(step)),
            flush=True,
        )
        code = subprocess.call(step, cwd=ROOT)
        if code != 0:
            return code
    return 0


def main() -> int:
    if len(sys.argv) < 2 or sys.argv[1] not in {"run", "test", "setup"}:
        print(__doc__)
        return 2
    setup()
    command, rest = sys.argv[1], sys.argv[2:]
    if command == "run":
        return run(rest)
    if command == "test":
        return test(rest)
    return 0


if __name__ == "__main__":
    sys.exit(main())
