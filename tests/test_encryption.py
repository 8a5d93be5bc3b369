"""Encryption at rest: an encrypted demo database shows no record in its
bytes; a wrong passphrase opens nothing and changes nothing; converting and
changing the passphrase keep every record; the services work on it."""

from __future__ import annotations

import datetime as dt
import logging
import shutil
import sqlite3
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import func, select

from casedesk.case_list import count_cases
from casedesk.consultations import ConsultationInput, log_consultation
from casedesk.database import open_database
from casedesk.demo import create_demo_database
from casedesk.encryption import (
    EncryptionError,
    change_passphrase,
    encrypt_database,
    is_encrypted,
    plain_backups_beside,
)
from db import cipher
from db.engine import is_encrypted as engine_is_encrypted
from db.engine import make_engine, sqlite_url
from db.enums import CodeCategory, StaffRole
from db.ids import stable_uuid
from db.migrate import (
    HEAD_REVISION,
    NotACasedeskDatabase,
    PassphraseRequired,
    WrongPassphrase,
    inspect_database,
)
from db.models import Case, Consultation
from tests.actors import as_role

PASSPHRASE = "夜明けの灯台-7"
OTHER = "correct horse battery staple"
GOLDEN = Path(__file__).parent / "golden"
LINE = stable_uuid("code", CodeCategory.CHANNEL.value, "line")
# Written into the encrypted database by a test: it must not show in its -wal.
SECRET_NARRATIVE = "避難先は練馬区の姉の家。夫には絶対に知らせないこと。"


@dataclass(frozen=True)
class PlainDemo:
    path: Path
    # Texts of the records, UTF-8: client names and consultation narratives.
    secrets: tuple[bytes, ...]
    counts: dict[str, int]


def table_counts(path: Path, passphrase: str | None = None) -> dict[str, int]:
    conn = cipher.connect(path, cipher.Key(passphrase)) if passphrase else sqlite3.connect(path)
    try:
        names = [
            row[0]
            for row in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        return {n: conn.execute(f'SELECT count(*) FROM "{n}"').fetchone()[0] for n in names}
    finally:
        conn.close()


@pytest.fixture(scope="module")
def plain_demo(tmp_path_factory: pytest.TempPathFactory) -> PlainDemo:
    path = tmp_path_factory.mktemp("plain") / "demo.sqlite3"
    database, _counts = create_demo_database(
        path, consultations=400, seed=3, until=dt.date(2026, 11, 1)
    )
    database.close()
    conn = sqlite3.connect(path)
    try:
        # Names and narratives long enough that finding one by chance in
        # random bytes is out of the question.
        names = [
            row[0]
            for row in conn.execute(
                "SELECT DISTINCT display_name FROM clients "
                "WHERE length(display_name) >= 4 ORDER BY display_name LIMIT 8"
            )
        ]
        narratives = [
            row[0]
            for row in conn.execute(
                "SELECT DISTINCT narrative FROM consultations WHERE length(narrative) >= 12 "
                "ORDER BY length(narrative) DESC LIMIT 8"
            )
        ]
    finally:
        conn.close()
    assert len(names) >= 3 and len(narratives) >= 3
    secrets = tuple(text.encode("utf-8") for text in names + narratives)
    return PlainDemo(path, secrets, table_counts(path))


@pytest.fixture
def plain_copy(plain_demo: PlainDemo, tmp_path: Path) -> Path:
    path = tmp_path / "case.sqlite3"
    shutil.copyfile(plain_demo.path, path)
    return path


@pytest.fixture
def encrypted(plain_copy: Path) -> Path:
    encrypt_database(plain_copy, PASSPHRASE)
    return plain_copy


def files_of(path: Path) -> dict[str, bytes]:
    """Every file in the database's folder, by name, with its bytes."""
    return {p.name: p.read_bytes() for p in sorted(path.parent.iterdir()) if p.is_file()}


def leaked(data: bytes, secrets: tuple[bytes, ...]) -> list[str]:
    return [s.decode() for s in secrets if s in data]


def test_the_plain_demo_shows_its_records_in_its_bytes(plain_demo: PlainDemo) -> None:
    # The check below must be able to fail: in the plain file they are there.
    assert leaked(plain_demo.path.read_bytes(), plain_demo.secrets) == [
        s.decode() for s in plain_demo.secrets
    ]


def test_an_encrypted_demo_shows_no_record_in_its_file_wal_or_backups(
    plain_demo: PlainDemo, encrypted: Path
) -> None:
    assert is_encrypted(encrypted)
    assert leaked(encrypted.read_bytes(), plain_demo.secrets) == []
    # No plaintext -wal/-shm of the old file is left beside it.
    assert not Path(f"{encrypted}-wal").exists()

    database = open_database(encrypted, passphrase=PASSPHRASE)
    try:
        assert database.encrypted
        db = as_role(database, StaffRole.SUPERVISOR)
        with db.reading() as session:
            case_id = session.scalars(select(Case.id).limit(1)).one()
        log_consultation(
            db,
            ConsultationInput(
                consulted_on=dt.date(2026, 11, 2),
                channel_id=LINE,
                case_id=case_id,
                narrative=SECRET_NARRATIVE,
            ),
            today=dt.date(2026, 11, 2),
        )
        # The database is still open: the new consultation is in the -wal.
        wal = Path(f"{encrypted}-wal").read_bytes()
        assert len(wal) > 0
        secrets = (*plain_demo.secrets, SECRET_NARRATIVE.encode())
        assert leaked(wal, secrets) == []
        for name, data in files_of(encrypted).items():
            assert leaked(data, secrets) == [], name
    finally:
        database.close()
    for name, data in files_of(encrypted).items():
        assert leaked(data, (*plain_demo.secrets, SECRET_NARRATIVE.encode())) == [], name


def test_the_wal_check_can_fail_on_a_plain_database(plain_copy: Path) -> None:
    database = open_database(plain_copy)
    try:
        db = as_role(database, StaffRole.SUPERVISOR)
        log_consultation(
            db,
            ConsultationInput(
                consulted_on=dt.date(2026, 11, 2), channel_id=LINE, narrative=SECRET_NARRATIVE
            ),
            today=dt.date(2026, 11, 2),
        )
        assert SECRET_NARRATIVE.encode() in Path(f"{plain_copy}-wal").read_bytes()
    finally:
        database.close()


@pytest.mark.parametrize("given", [None, OTHER])
def test_a_wrong_or_missing_passphrase_is_refused_and_changes_nothing(
    encrypted: Path, given: str | None
) -> None:
    before = files_of(encrypted)
    expected = PassphraseRequired if given is None else WrongPassphrase
    with pytest.raises(expected) as refused:
        open_database(encrypted, passphrase=given)
    assert refused.value.location == str(encrypted)
    with pytest.raises(expected):
        inspect_database(encrypted, given)
    assert files_of(encrypted) == before  # byte for byte, and no -wal/-shm


def test_a_wrong_passphrase_is_refused_while_a_wal_is_pending(encrypted: Path) -> None:
    database = open_database(encrypted, passphrase=PASSPHRASE)
    try:
        with as_role(database, StaffRole.SUPERVISOR).transaction() as session:
            session.get(Case, session.scalars(select(Case.id).limit(1)).one())
        before = files_of(encrypted)
        with pytest.raises(WrongPassphrase):
            open_database(encrypted, passphrase=OTHER)
        assert files_of(encrypted) == before
    finally:
        database.close()


def test_a_new_database_is_created_encrypted_with_a_passphrase(tmp_path: Path) -> None:
    path = tmp_path / "new.sqlite3"
    database = open_database(path, passphrase=PASSPHRASE)
    try:
        assert database.encrypted
        assert PASSPHRASE not in repr(database)
        assert PASSPHRASE not in database.display_location
    finally:
        database.close()
    assert is_encrypted(path)
    assert not path.read_bytes().startswith(cipher.SQLITE_HEADER)
    assert inspect_database(path, PASSPHRASE).revision == HEAD_REVISION
    with pytest.raises(PassphraseRequired):
        open_database(path)


def test_a_plain_database_opened_with_a_passphrase_stays_plain(plain_copy: Path) -> None:
    database = open_database(plain_copy, passphrase=PASSPHRASE)
    database.close()
    assert not database.encrypted
    assert plain_copy.read_bytes().startswith(cipher.SQLITE_HEADER)


def test_a_file_that_is_no_database_is_still_refused_as_such(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("買い物リスト\n", encoding="utf-8")
    with pytest.raises(NotACasedeskDatabase) as refused:
        open_database(path, passphrase=PASSPHRASE)
    assert not isinstance(refused.value, PassphraseRequired | WrongPassphrase)


def test_converting_keeps_every_record(plain_demo: PlainDemo, plain_copy: Path) -> None:
    # A plaintext pre-upgrade backup beside it, which the user must delete.
    old_backup = plain_copy.with_name(f"{plain_copy.name}.backup-20260101-000000-rev0003")
    shutil.copyfile(plain_copy, old_backup)
    result = encrypt_database(plain_copy, PASSPHRASE)
    assert result.revision == HEAD_REVISION
    assert result.plain_backups == (old_backup,)
    assert plain_backups_beside(plain_copy) == (old_backup,)
    assert table_counts(plain_copy, PASSPHRASE) == plain_demo.counts
    # No work file is left beside it.
    assert sorted(p.name for p in plain_copy.parent.iterdir()) == sorted(
        [plain_copy.name, old_backup.name]
    )


def test_converting_twice_is_refused(encrypted: Path) -> None:
    before = encrypted.read_bytes()
    with pytest.raises(EncryptionError):
        encrypt_database(encrypted, PASSPHRASE)
    assert encrypted.read_bytes() == before


def test_converting_a_file_that_is_not_casedesks_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite3"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE notes (body TEXT)")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    with pytest.raises(NotACasedeskDatabase):
        encrypt_database(path, PASSPHRASE)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["other.sqlite3"]


def test_changing_the_passphrase_keeps_the_records(plain_demo: PlainDemo, encrypted: Path) -> None:
    change_passphrase(encrypted, PASSPHRASE, OTHER)
    with pytest.raises(WrongPassphrase):
        inspect_database(encrypted, PASSPHRASE)
    assert table_counts(encrypted, OTHER) == plain_demo.counts
    database = open_database(encrypted, passphrase=OTHER)
    database.close()


def test_changing_the_passphrase_with_a_wrong_old_one_changes_nothing(encrypted: Path) -> None:
    before = files_of(encrypted)
    with pytest.raises(WrongPassphrase):
        change_passphrase(encrypted, OTHER, "whatever-new")
    assert files_of(encrypted) == before


def test_the_services_work_on_an_encrypted_database(plain_demo: PlainDemo, encrypted: Path) -> None:
    database = open_database(encrypted, passphrase=PASSPHRASE)
    try:
        db = as_role(database, StaffRole.SUPERVISOR)
        cases = count_cases(db)
        assert cases == plain_demo.counts["cases"]
        with db.reading() as session:
            case_id = session.scalars(select(Case.id).order_by(Case.case_no).limit(1)).one()
        new_id = log_consultation(
            db,
            ConsultationInput(
                consulted_on=dt.date(2026, 11, 2),
                channel_id=LINE,
                case_id=case_id,
                narrative=SECRET_NARRATIVE,
            ),
            today=dt.date(2026, 11, 2),
        )
    finally:
        database.close()
    reopened = open_database(encrypted, passphrase=PASSPHRASE)
    try:
        with reopened.reading() as session:
            saved = session.get(Consultation, new_id)
            assert saved is not None and saved.narrative == SECRET_NARRATIVE
            total = session.scalar(select(func.count()).select_from(Consultation))
        assert total == plain_demo.counts["consultations"] + 1
    finally:
        reopened.close()


def test_the_pre_upgrade_backup_of_an_encrypted_database_is_encrypted(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    shutil.copyfile(GOLDEN / "casedesk-0003.sqlite3", path)
    encrypt_database(path, PASSPHRASE)
    database = open_database(path, passphrase=PASSPHRASE)
    database.close()
    backup = database.opened.backup
    assert backup is not None and database.opened.from_revision == "0003"
    assert is_encrypted(backup)
    assert inspect_database(backup, PASSPHRASE).revision == "0003"
    with pytest.raises(PassphraseRequired):
        inspect_database(backup)


def test_the_passphrase_is_in_no_url_repr_or_statement_log(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "logged.sqlite3"
    caplog.set_level(logging.DEBUG, logger="sqlalchemy")
    engine = make_engine(sqlite_url(path), passphrase=PASSPHRASE, echo="debug")
    try:
        with engine.connect() as conn:
            # Temporary tables, sorts and indexes stay in memory: no
            # temporary file holds plaintext.
            assert conn.exec_driver_sql("PRAGMA temp_store").scalar() == 2  # MEMORY
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            conn.exec_driver_sql("CREATE TABLE t (x)")
        assert engine_is_encrypted(engine)
        shown = [str(engine.url), repr(engine), engine.url.render_as_string(hide_password=False)]
        assert caplog.text  # the statements were logged
        for text in (*shown, caplog.text):
            assert PASSPHRASE not in text
    finally:
        engine.dispose()
    assert is_encrypted(path)


def test_an_empty_passphrase_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        open_database(tmp_path / "x.sqlite3", passphrase="")
    assert not (tmp_path / "x.sqlite3").exists()
