"""The layers go one way only: ui -> casedesk -> db.  Checked two ways, so
that neither a static import nor a lazy one can sneak Qt below ui/."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_import_contracts_hold() -> None:
    lint = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run([str(lint)], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Contracts: 2 kept, 0 broken" in result.stdout


def test_headless_modules_load_no_qt() -> None:
    # Import every module below casedesk/ and db/ in a fresh interpreter and
    # make sure none of them pulled in Qt or the ui package, even lazily at
    # import time.
    code = """
import importlib, pkgutil, sys
import casedesk, db
for pkg in (casedesk, db):
    for mod in pkgutil.walk_packages(pkg.__path__, pkg.__name__ + "."):
        if mod.name.startswith("db.migrations") or mod.name == "casedesk.__main__":
            continue
        importlib.import_module(mod.name)
bad = sorted(m for m in sys.modules if m.split(".")[0] in {"PySide6", "shiboken6", "ui"})
print(bad)
sys.exit(1 if bad else 0)
"""
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
