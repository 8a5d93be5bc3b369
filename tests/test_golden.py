"""Databases as past releases left them (tests/golden/, one per schema
revision, made by scripts/make_golden_db.py) still open with every record."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlalchemy import func, select

import db.migrate
from casedesk.database import open_database
from db.migrate import head_revision
from db.models import Case, Client, Consultation, ReferralStatusChange, Setting
from tests.fake_release import NEXT_REVISION, make_next_release

GOLDEN = sorted((Path(__file__).parent / "golden").glob("casedesk-*.sqlite3"))


def revision_of(golden: Path) -> str:
    return golden.stem.removeprefix("casedesk-")


def test_there_is_a_golden_file_for_the_newest_schema() -> None:
    # Write it with scripts/make_golden_db.py when adding a migration.
    assert head_revision() in {revision_of(g) for g in GOLDEN}


def assert_records_intact(path: Path) -> None:
    database = open_database(path)
    with database.reading() as s:
        case = s.scalars(select(Case).where(Case.case_no == "2024-0001")).one()
        consultation = s.scalars(select(Consultation).where(Consultation.case_id == case.id)).one()
        assert consultation.narrative == "夫からの暴力。子どもと避難したいとの相談。"
        assert s.scalar(select(func.count()).select_from(ReferralStatusChange)) == 2
        # Keys added by 0002: filled by the migration for older files.
        client = s.get(Client, case.client_id)
        assert client is not None
        assert (client.display_name_key, client.display_kana_key) == ("ひまわり", "ひまわり")
        marker = s.get(Setting, "application")
        assert marker is not None and marker.value == "casedesk"
    database.close()


@pytest.mark.parametrize("golden", GOLDEN, ids=lambda g: g.name)
def test_golden_database_upgrades_to_head(golden: Path, tmp_path: Path) -> None:
    path = tmp_path / "casedesk.sqlite3"
    shutil.copy2(golden, path)
    database = open_database(path)
    assert database.opened.from_revision == revision_of(golden)
    assert database.opened.to_revision == head_revision()
    assert (database.opened.backup is None) == (revision_of(golden) == head_revision())
    database.close()
    assert_records_intact(path)


@pytest.mark.parametrize("golden", GOLDEN, ids=lambda g: g.name)
def test_golden_database_survives_the_next_release(
    golden: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "casedesk.sqlite3"
    shutil.copy2(golden, path)
    next_release = make_next_release(tmp_path)
    monkeypatch.setattr(db.migrate, "alembic_config", lambda: next_release)
    database = open_database(path)
    assert database.opened.to_revision == NEXT_REVISION
    assert database.opened.backup is not None and database.opened.backup.exists()
    database.close()
    assert_records_intact(path)
