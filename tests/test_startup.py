"""What the app imports on the way to its case list.

Alembic and the forms are a good part of a second to import; a start on a
database that is already current needs neither.  These tests keep it so:
each import check runs in a fresh interpreter, since this test process has
long imported everything.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import db.migrate
from casedesk.database import open_database
from db.migrate import (
    HEAD_REVISION,
    SchemaState,
    head_revision,
    inspect_database,
    is_head,
    known_revisions,
)

ROOT = Path(__file__).resolve().parent.parent

# Imported when first used, never at start-up.
LATER = [
    "alembic",
    "mako",
    "casedesk.demo",
    "ui.case_view",
    "ui.forms.intake",
    "ui.forms.consultation",
    "ui.records.agencies",
    "ui.records.code_lists",
]


def loaded_after(code: str) -> dict[str, bool]:
    """Run ``code`` in a fresh interpreter; which of LATER it imported."""
    probe = (
        f"{code}\nimport json, sys\nprint(json.dumps({{m: m in sys.modules for m in {LATER!r}}}))"
    )
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
    out = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    found = json.loads(out.stdout.strip().splitlines()[-1])
    assert isinstance(found, dict)
    return {str(k): bool(v) for k, v in found.items()}


def test_head_revision_constant_is_alembics_head() -> None:
    # A new migration must bump db.migrate.HEAD_REVISION (until then every
    # open takes alembic's slow path, correct but slow).
    assert head_revision() == HEAD_REVISION


def test_a_stale_head_constant_never_skips_an_upgrade(monkeypatch: pytest.MonkeyPatch) -> None:
    # As if a migration had been added without bumping HEAD_REVISION: a
    # database at the constant's revision must still count as outdated.
    head = head_revision()
    older = sorted(known_revisions() - {head})[-1]
    monkeypatch.setattr(db.migrate, "HEAD_REVISION", older)
    assert not is_head(older)
    assert is_head(head)


def test_opening_a_current_database_does_not_import_alembic(tmp_path: Path) -> None:
    path = tmp_path / "current.sqlite3"
    open_database(path).close()  # created at the head, by alembic, here
    assert inspect_database(path).state is SchemaState.CURRENT

    loaded = loaded_after(
        "from casedesk.database import open_database\n"
        f"database = open_database({str(path)!r})\n"
        f"assert database.opened.to_revision == {HEAD_REVISION!r}\n"
        "assert database.opened.backup is None\n"
        "database.close()"
    )
    assert loaded["alembic"] is False


def test_a_new_database_is_still_created_by_alembic(tmp_path: Path) -> None:
    path = tmp_path / "new.sqlite3"
    loaded = loaded_after(
        f"from casedesk.database import open_database\nopen_database({str(path)!r}).close()"
    )
    assert loaded["alembic"] is True
    assert inspect_database(path).state is SchemaState.CURRENT


def test_the_main_window_imports_no_form_at_start_up() -> None:
    loaded = loaded_after("import ui.app")
    assert [name for name, present in loaded.items() if present] == []
