"""An upgrade reports its progress and can be cancelled, at any point, with
the database left at its old revision and no backup copy left behind."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

import db.migrate
from casedesk.database import open_database
from db.migrate import (
    SchemaState,
    UpgradeCancelled,
    UpgradeStage,
    head_revision,
    inspect_database,
)
from tests.test_golden import assert_records_intact

GOLDEN_0003 = Path(__file__).parent / "golden" / "casedesk-0003.sqlite3"


@pytest.fixture
def old_file(tmp_path: Path) -> Path:
    path = tmp_path / "casedesk.sqlite3"
    shutil.copy2(GOLDEN_0003, path)
    return path


def left_as_it_was(path: Path) -> None:
    inspection = inspect_database(path)
    assert (inspection.state, inspection.revision) == (SchemaState.OUTDATED, "0003")
    assert sorted(p.name for p in path.parent.iterdir() if ".backup-" in p.name) == []
    con = sqlite3.connect(path)
    try:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        assert "case_channels" not in tables  # made by 0004
    finally:
        con.close()
    # And it still upgrades, records intact, when opened again.
    database = open_database(path)
    assert database.opened.to_revision == head_revision()
    database.close()
    assert_records_intact(path)


def test_progress_reports_the_backup_then_each_migration(old_file: Path, monkeypatch) -> None:
    monkeypatch.setattr(db.migrate, "BACKUP_PAGES_PER_STEP", 16)
    seen: list[tuple[UpgradeStage, int, int]] = []

    def progress(stage: UpgradeStage, done: int, total: int) -> bool:
        seen.append((stage, done, total))
        return True

    database = open_database(old_file, progress)
    database.close()
    backup = [s for s in seen if s[0] is UpgradeStage.BACKUP]
    assert len(backup) > 2  # in steps, not at once
    assert backup[-1][1] == backup[-1][2] > 0  # every page copied
    upgrade = [(done, total) for stage, done, total in seen if stage is UpgradeStage.UPGRADE]
    steps = len(upgrade) - 1  # 0003 -> 0004 -> ... -> the head
    assert steps >= 2
    assert upgrade == [(done, steps) for done in range(steps + 1)]
    assert seen.index((UpgradeStage.UPGRADE, 0, steps)) > seen.index(backup[-1])


def test_cancel_during_the_backup_removes_the_half_copy(old_file: Path, monkeypatch) -> None:
    monkeypatch.setattr(db.migrate, "BACKUP_PAGES_PER_STEP", 1)
    calls = 0

    def progress(stage: UpgradeStage, done: int, total: int) -> bool:
        nonlocal calls
        assert stage is UpgradeStage.BACKUP  # cancelled before the upgrade
        calls += 1
        return calls < 20  # some pages written, then Cancel

    with pytest.raises(UpgradeCancelled):
        open_database(old_file, progress)
    assert calls == 20
    left_as_it_was(old_file)


def test_cancel_in_the_middle_of_a_migration_rolls_it_back(old_file: Path, monkeypatch) -> None:
    # SQLite polls often enough to stop inside a statement of the migration.
    monkeypatch.setattr(db.migrate, "UPGRADE_POLL_EVERY_OPS", 50)
    polls = 0

    def progress(stage: UpgradeStage, done: int, total: int) -> bool:
        nonlocal polls
        if stage is UpgradeStage.UPGRADE:
            assert done == 0  # never got to the end of it
            polls += 1
            return polls < 40
        return True

    with pytest.raises(UpgradeCancelled):
        open_database(old_file, progress)
    assert polls == 40
    left_as_it_was(old_file)


def test_without_a_progress_callback_nothing_is_polled(old_file: Path) -> None:
    database = open_database(old_file)
    assert database.opened.backup is not None and database.opened.backup.exists()
    database.close()
