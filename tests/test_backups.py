"""Backups (encrypted like the database), rotation, and a restore that checks
the backup before it replaces anything."""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import func, select

from casedesk.backups import (
    BackupRefused,
    backup_database,
    backup_file,
    restore_database,
    rotate_backups,
    verify_backup,
)
from casedesk.cli import EXIT_OK, EXIT_REFUSED, main
from casedesk.cli_backup import NEW_PASSPHRASE_ENV, PASSPHRASE_ENV
from casedesk.consultations import ConsultationInput, log_consultation
from casedesk.database import Database, open_database
from casedesk.demo import create_demo_database
from casedesk.encryption import encrypt_database, is_encrypted
from db.enums import CodeCategory, StaffRole
from db.ids import stable_uuid
from db.migrate import (
    HEAD_REVISION,
    DatabaseRefused,
    DatabaseTooNew,
    NotACasedeskDatabase,
    PassphraseRequired,
    WrongPassphrase,
)
from db.models import Consultation
from tests.actors import as_role

PASSPHRASE = "夜明けの灯台-7"
LINE = stable_uuid("code", CodeCategory.CHANNEL.value, "line")
LATER_NARRATIVE = "バックアップの後に記録した相談。転居先の市役所に同行予定。"


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, tuple[bytes, ...]]:
    path = tmp_path_factory.mktemp("demo") / "demo.sqlite3"
    database, _ = create_demo_database(path, consultations=200, seed=5, until=dt.date(2026, 11, 1))
    database.close()
    conn = sqlite3.connect(path)
    try:
        texts = [
            row[0]
            for row in conn.execute(
                "SELECT DISTINCT narrative FROM consultations WHERE length(narrative) >= 12 "
                "ORDER BY length(narrative) DESC LIMIT 6"
            )
        ]
    finally:
        conn.close()
    assert texts
    return path, tuple(t.encode("utf-8") for t in texts)


@pytest.fixture(params=["plain", "encrypted"])
def case_db(
    request: pytest.FixtureRequest, demo_file: tuple[Path, tuple[bytes, ...]], tmp_path: Path
) -> Path:
    path = tmp_path / "work" / "case.sqlite3"
    path.parent.mkdir()
    shutil.copyfile(demo_file[0], path)
    if request.param == "encrypted":
        encrypt_database(path, PASSPHRASE)
    return path


def key_of(path: Path) -> str | None:
    return PASSPHRASE if is_encrypted(path) else None


def consultations(database: Database) -> int:
    with database.reading() as session:
        return session.scalar(select(func.count()).select_from(Consultation)) or 0


def log_later(database: Database) -> None:
    log_consultation(
        as_role(database, StaffRole.SUPERVISOR),
        ConsultationInput(
            consulted_on=dt.date(2026, 11, 2), channel_id=LINE, narrative=LATER_NARRATIVE
        ),
        today=dt.date(2026, 11, 2),
    )


def snapshot(directory: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(directory.iterdir()) if p.is_file()}


def test_a_backup_is_encrypted_like_the_database_and_holds_the_wal(
    case_db: Path, demo_file: tuple[Path, tuple[bytes, ...]], tmp_path: Path
) -> None:
    database = open_database(case_db, passphrase=key_of(case_db))
    try:
        log_later(database)  # still in the -wal while the database is open
        total = consultations(database)
        out = backup_database(database, tmp_path / "out" / "b.sqlite3")
    finally:
        database.close()
    assert is_encrypted(out) == database.encrypted
    data = out.read_bytes()
    secrets = (*demo_file[1], LATER_NARRATIVE.encode())
    if database.encrypted:
        assert [s for s in secrets if s in data] == []
    else:  # the check above can fail: in a plain backup they are there
        assert all(s in data for s in secrets)
    info = verify_backup(out, key_of(case_db))
    assert info.revision == HEAD_REVISION and info.encrypted == database.encrypted
    copy = open_database(out, passphrase=key_of(case_db))
    try:
        assert consultations(copy) == total
    finally:
        copy.close()
    # Only the backup itself: no work file left beside it.
    assert [p.name for p in out.parent.iterdir()] == ["b.sqlite3"]


def test_a_backup_never_overwrites_a_file(case_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "exists.sqlite3"
    out.write_bytes(b"keep me")
    with pytest.raises(FileExistsError):
        backup_file(case_db, out, key_of(case_db))
    assert out.read_bytes() == b"keep me"


def test_rotation_makes_one_backup_a_day_and_keeps_the_newest(
    case_db: Path, tmp_path: Path
) -> None:
    directory = tmp_path / "rotating"
    directory.mkdir()
    unrelated = directory / "notes.txt"
    unrelated.write_text("x")
    database = open_database(case_db, passphrase=key_of(case_db))
    try:
        first = rotate_backups(database, directory, keep=3, today=dt.date(2026, 11, 1))
        assert first.made == directory / "case-daily-2026-11-01.sqlite3"
        again = rotate_backups(database, directory, keep=3, today=dt.date(2026, 11, 1))
        assert again.made is None and again.removed == ()
        for day in range(2, 6):
            rotation = rotate_backups(database, directory, keep=3, today=dt.date(2026, 11, day))
    finally:
        database.close()
    assert rotation.removed == (directory / "case-daily-2026-11-02.sqlite3",)
    assert sorted(p.name for p in directory.iterdir()) == [
        "case-daily-2026-11-03.sqlite3",
        "case-daily-2026-11-04.sqlite3",
        "case-daily-2026-11-05.sqlite3",
        "notes.txt",
    ]
    for backup in directory.glob("case-daily-*"):
        assert is_encrypted(backup) == is_encrypted(case_db)


def test_restore_replaces_the_database_and_keeps_the_old_one_aside(
    case_db: Path, tmp_path: Path
) -> None:
    key = key_of(case_db)
    backup = backup_file(case_db, tmp_path / "b.sqlite3", key)
    database = open_database(case_db, passphrase=key)
    try:
        before = consultations(database)
        log_later(database)
    finally:
        database.close()
    restored = restore_database(case_db, backup, key, now=dt.datetime(2026, 11, 3, 9, 0))
    assert restored.replaced == case_db.with_name("case.sqlite3.before-restore-20261103-090000")
    back = open_database(case_db, passphrase=key)
    aside = open_database(restored.replaced, passphrase=key)
    try:
        assert consultations(back) == before
        # The consultation logged after the backup is in the file kept aside.
        assert consultations(aside) == before + 1
    finally:
        back.close()
        aside.close()
    assert is_encrypted(case_db) == (key is not None)


def _too_new(path: Path, key: str | None) -> None:
    database = open_database(path, passphrase=key)
    try:
        with database.engine.begin() as conn:
            conn.exec_driver_sql("UPDATE alembic_version SET version_num = '9999'")
    finally:
        database.close()


def _damaged(path: Path, _key: str | None) -> None:
    data = bytearray(path.read_bytes())
    middle = len(data) // 2
    data[middle : middle + 4096] = bytes(4096)
    path.write_bytes(bytes(data))


def _not_casedesks(path: Path, _key: str | None) -> None:
    path.unlink()
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE notes (body TEXT)")
    conn.commit()
    conn.close()


@pytest.mark.parametrize(
    ("spoil", "refusal"),
    [
        (_too_new, DatabaseTooNew),
        (_damaged, DatabaseRefused),
        (_not_casedesks, NotACasedeskDatabase),
    ],
)
def test_a_bad_backup_is_refused_and_nothing_changes(
    case_db: Path, tmp_path: Path, spoil: object, refusal: type[Exception]
) -> None:
    key = key_of(case_db)
    backup = backup_file(case_db, tmp_path / "bad.sqlite3", key)
    spoil(backup, key)  # type: ignore[operator]
    before = snapshot(case_db.parent)
    with pytest.raises(refusal):
        restore_database(case_db, backup, key)
    assert snapshot(case_db.parent) == before


def test_a_damaged_backup_fails_the_integrity_check(case_db: Path, tmp_path: Path) -> None:
    key = key_of(case_db)
    backup = backup_file(case_db, tmp_path / "bad.sqlite3", key)
    _damaged(backup, key)
    with pytest.raises(BackupRefused):
        verify_backup(backup, key)


def test_an_encrypted_backup_needs_its_passphrase(tmp_path: Path, case_db: Path) -> None:
    if not is_encrypted(case_db):
        pytest.skip("for an encrypted database")
    backup = backup_file(case_db, tmp_path / "b.sqlite3", PASSPHRASE)
    before = snapshot(case_db.parent)
    with pytest.raises(PassphraseRequired):
        restore_database(case_db, backup, None)
    with pytest.raises(WrongPassphrase):
        restore_database(case_db, backup, "not the passphrase")
    assert snapshot(case_db.parent) == before


def test_cli_backup_and_restore(
    case_db: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    if is_encrypted(case_db):
        monkeypatch.setenv(PASSPHRASE_ENV, PASSPHRASE)
    out = tmp_path / "cli-backup.sqlite3"
    assert main(["backup", "--db", str(case_db), "--out", str(out)]) == EXIT_OK
    assert is_encrypted(out) == is_encrypted(case_db)
    assert main(["backup", "--db", str(case_db), "--daily", "--keep", "2"]) == EXIT_OK
    assert len(list((case_db.parent / "backups").glob("case-daily-*.sqlite3"))) == 1
    # Without --yes and no terminal to ask, nothing is done.
    before = snapshot(case_db.parent)
    assert main(["restore", "--db", str(case_db), str(out)]) == EXIT_REFUSED
    assert snapshot(case_db.parent) == before
    assert main(["restore", "--db", str(case_db), str(out), "--yes"]) == EXIT_OK
    assert "復元しました" in capsys.readouterr().out


def test_cli_restore_refuses_a_bad_backup_with_a_clear_message(
    case_db: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv(PASSPHRASE_ENV, PASSPHRASE)
    bad = tmp_path / "bad.sqlite3"
    bad.write_bytes(b"this is not a backup at all\n")
    before = snapshot(case_db.parent)
    assert main(["restore", "--db", str(case_db), str(bad), "--yes"]) == EXIT_REFUSED
    assert "ファイルには手を加えていません" in capsys.readouterr().err
    assert snapshot(case_db.parent) == before


def test_cli_encrypt_and_change_passphrase(
    case_db: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    if is_encrypted(case_db):
        pytest.skip("for a plain database")
    monkeypatch.setenv(PASSPHRASE_ENV, PASSPHRASE)
    assert main(["db", "encrypt", "--db", str(case_db)]) == EXIT_OK
    assert is_encrypted(case_db)
    monkeypatch.setenv(NEW_PASSPHRASE_ENV, "short")
    assert main(["db", "passphrase", "--db", str(case_db)]) == EXIT_REFUSED
    assert "8 文字以上" in capsys.readouterr().err
    monkeypatch.setenv(NEW_PASSPHRASE_ENV, "a much longer passphrase")
    assert main(["db", "passphrase", "--db", str(case_db)]) == EXIT_OK
    monkeypatch.setenv(PASSPHRASE_ENV, "a much longer passphrase")
    assert main(["db", "info", "--db", str(case_db)]) == EXIT_OK
    monkeypatch.setenv(PASSPHRASE_ENV, PASSPHRASE)
    assert main(["db", "info", "--db", str(case_db)]) == EXIT_REFUSED
    assert "パスフレーズが違います" in capsys.readouterr().err


def test_restore_onto_a_machine_with_no_database_yet(case_db: Path, tmp_path: Path) -> None:
    key = key_of(case_db)
    backup = backup_file(case_db, tmp_path / "b.sqlite3", key)
    target = tmp_path / "new-laptop" / "casedesk.sqlite3"
    restored = restore_database(target, backup, key)
    assert restored.replaced is None
    assert sorted(p.name for p in target.parent.iterdir()) == ["casedesk.sqlite3"]
    database = open_database(target, passphrase=key)
    database.close()
    assert database.encrypted == (key is not None)


def test_cli_without_a_passphrase_to_hand_says_how_to_give_one(
    case_db: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    if not is_encrypted(case_db):
        pytest.skip("for an encrypted database")
    monkeypatch.delenv(PASSPHRASE_ENV, raising=False)
    before = snapshot(case_db.parent)
    assert main(["backup", "--db", str(case_db)]) == EXIT_REFUSED
    assert PASSPHRASE_ENV in capsys.readouterr().err
    assert snapshot(case_db.parent) == before


def test_back_up_now_is_for_supervisors_and_administrators_and_audited(case_db: Path) -> None:
    from casedesk.auth import AccessDenied
    from casedesk.backups import back_up_now
    from db.models.audit import AuditEntry

    database = open_database(case_db, passphrase=key_of(case_db))
    try:
        counselor = as_role(database, StaffRole.COUNSELOR)
        with pytest.raises(AccessDenied):
            back_up_now(counselor)
        assert not (case_db.parent / "backups").exists()
        for role in (StaffRole.SUPERVISOR, StaffRole.ADMINISTRATOR):
            made = back_up_now(as_role(database, role))
            assert made.parent == case_db.parent / "backups" and made.is_file()
            made.rename(made.with_name(f"{role.value}-{made.name}"))  # the next has the same stamp
        with database.reading() as session:
            entries = session.scalars(select(AuditEntry).where(AuditEntry.action == "export")).all()
        assert [e.entity_type for e in entries] == ["database", "database"]
        assert all('"backup"' in (e.detail or "") for e in entries)
    finally:
        database.close()
