"""Encrypting a casedesk database file, and changing its passphrase.

A casedesk database can be encrypted at rest with SQLCipher: every page of
the file and of its write-ahead log is encrypted with a key derived from a
passphrase (PBKDF2-HMAC-SHA512, SQLCipher 4's defaults).  Without the
passphrase the file is noise; a wrong one opens nothing and changes nothing.

``encrypt_database`` converts a plain database: SQLCipher's
``sqlcipher_export`` copies it into a new encrypted file beside it, the copy
is checked (integrity, schema revision, the number of rows of every table)
and only then replaces the original in one atomic rename; the plaintext
-wal/-shm are removed.

What the conversion cannot reach, and the user must see to by hand:
- backup copies made while the database was plain (the pre-upgrade copies
  ``<name>.backup-*`` beside it, ``casedesk backup`` files, copies on USB
  sticks) still hold plaintext: delete them (``plain_backups_beside`` lists
  the ones beside the file);
- the disk blocks the old file occupied are freed, not overwritten: on an
  SSD nothing reliably overwrites them.  Full-disk encryption (BitLocker,
  FileVault) is the protection against that.

Every casedesk process must have closed the database before a conversion or
a change of passphrase: one still running would keep writing to the old
file.
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass
from enum import IntEnum
from pathlib import Path
from typing import Any

from db import cipher
from db.cipher import FileKind, Key, file_kind
from db.migrate import (
    NotACasedeskDatabase,
    SchemaState,
    inspect_database,
)

# Shorter passphrases are refused: SQLCipher's key derivation slows each
# guess to a fraction of a second, not enough against a short passphrase.
MIN_PASSPHRASE_LENGTH = 8


class Strength(IntEnum):
    TOO_SHORT = 0
    WEAK = 1
    FAIR = 2
    STRONG = 3


def passphrase_strength(passphrase: str) -> Strength:
    """A rough strength, for the hint beside a new passphrase: the bits of
    a random choice of that length from the kinds of characters used.  It
    overrates a dictionary word; it is a hint, not a check."""
    if len(passphrase) < MIN_PASSPHRASE_LENGTH:
        return Strength.TOO_SHORT
    pool = 0
    if any(c.islower() and c.isascii() for c in passphrase):
        pool += 26
    if any(c.isupper() and c.isascii() for c in passphrase):
        pool += 26
    if any(c.isdigit() and c.isascii() for c in passphrase):
        pool += 10
    if any(c.isascii() and not c.isalnum() for c in passphrase):
        pool += 33
    if any(not c.isascii() for c in passphrase):
        pool += 100  # kana and kanji: far more than 100, but guessable words
    distinct = len(set(passphrase))
    bits = min(len(passphrase), 2 * distinct) * math.log2(max(pool, 2))
    if bits < 50:
        return Strength.WEAK
    if bits < 70:
        return Strength.FAIR
    return Strength.STRONG


class EncryptionError(Exception):
    """The file was not converted or rekeyed; it is as it was."""


@dataclass(frozen=True)
class Encrypted:
    path: Path
    revision: str | None
    # Plaintext backups found beside the database: to be deleted by hand.
    plain_backups: tuple[Path, ...]


def is_encrypted(path: Path) -> bool:
    """Whether the file looks encrypted (it has no SQLite header): opening it
    will need a passphrase."""
    return file_kind(Path(path)) is FileKind.ENCRYPTED


def plain_backups_beside(path: Path) -> tuple[Path, ...]:
    """Backups of ``path`` in its folder that are not encrypted."""
    found = [
        candidate
        for candidate in sorted(path.parent.glob(f"{path.name}.backup-*"))
        if candidate.is_file() and file_kind(candidate) is FileKind.PLAIN
    ]
    return tuple(found)


def _work_path(path: Path, purpose: str) -> Path:
    # Beside the database, on the same file system: the rename that puts it
    # in place is atomic.
    return path.with_name(f".{path.name}.{purpose}")


def _remove_with_companions(path: Path) -> None:
    for suffix in ("", "-journal", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def _table_counts(conn: Any, schema: str = "main") -> dict[str, int]:
    names = [
        row[0]
        for row in conn.execute(
            f"SELECT name FROM {schema}.sqlite_master "
            "WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
        )
    ]
    return {
        name: conn.execute(f'SELECT count(*) FROM {schema}."{name}"').fetchone()[0]
        for name in names
    }


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_dir(path: Path) -> None:
    if os.name != "posix":
        return
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def verify_encrypted_copy(
    path: Path, key: Key, revision: str | None, counts: dict[str, int] | None = None
) -> None:
    """Raise EncryptionError unless ``path`` opens with ``key``, passes
    SQLite's integrity check, is at ``revision`` and (if given) holds
    ``counts`` rows per table."""
    if file_kind(path) is not FileKind.ENCRYPTED:
        raise EncryptionError(f"{path}: the copy is not encrypted")
    conn = cipher.connect(path, key)
    try:
        check = [row[0] for row in conn.execute("PRAGMA integrity_check")]
        if check != ["ok"]:
            raise EncryptionError(f"{path}: integrity check failed: {'; '.join(check[:5])}")
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        found = row[0] if row else None
        if found != revision:
            raise EncryptionError(f"{path}: schema revision {found}, expected {revision}")
        if counts is not None and _table_counts(conn) != counts:
            raise EncryptionError(f"{path}: the copy does not hold the same rows")
    except cipher.database_errors() as exc:
        raise EncryptionError(f"{path}: the copy cannot be read ({exc})") from exc
    finally:
        conn.close()


def encrypt_database(path: Path, passphrase: str) -> Encrypted:
    """Convert the plain casedesk database at ``path`` to an encrypted one.

    Nothing is replaced unless the encrypted copy checks out; on any
    failure the original is as it was and the copy is removed.  Old
    plaintext backups are not touched: they must be deleted by hand (the
    result lists those beside the file).
    """
    path = Path(path)
    key = Key(passphrase)
    kind = file_kind(path)
    if kind is FileKind.ENCRYPTED:
        raise EncryptionError(f"{path}: the database is already encrypted")
    if kind is not FileKind.PLAIN:
        raise NotACasedeskDatabase(str(path), "there is no database to encrypt")
    inspection = inspect_database(path)  # refuses what is not casedesk's
    if inspection.state is SchemaState.EMPTY:
        raise NotACasedeskDatabase(str(path), "the database is empty")
    work = _work_path(path, "encrypting")
    _remove_with_companions(work)
    # The plain file through SQLCipher's driver (which reads plain files
    # too): only it has sqlcipher_export.
    source = cipher.driver().connect(str(path), isolation_level=None)
    try:
        source.execute("PRAGMA busy_timeout = 10000")
        source.execute("PRAGMA temp_store = MEMORY")
        source.execute("ATTACH DATABASE ? AS encrypted KEY ?", (str(work), passphrase))
        try:
            # Under the write lock, so the copy is of one state of the file.
            source.execute("BEGIN IMMEDIATE")
            try:
                before = source.execute("PRAGMA data_version").fetchone()[0]
                counts = _table_counts(source)
                source.execute("SELECT sqlcipher_export('encrypted')")
            except BaseException:
                source.execute("ROLLBACK")
                raise
            source.execute("COMMIT")
        finally:
            source.execute("DETACH DATABASE encrypted")
        verify_encrypted_copy(work, key, inspection.revision, counts)
        _fsync(work)
        # A save by another process since the copy would be lost with the
        # old file: then give up (every casedesk should have been closed).
        source.execute("BEGIN IMMEDIATE")
        after = source.execute("PRAGMA data_version").fetchone()[0]
        source.execute("COMMIT")
        if after != before:
            raise EncryptionError(
                f"{path}: the database was changed while it was being encrypted; "
                "close every casedesk window and try again"
            )
        # Fold the log into the plain file and end it, so that closing
        # leaves no plaintext -wal behind to be mistaken for the new file's.
        source.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    except BaseException:
        source.close()
        _remove_with_companions(work)
        raise
    source.close()
    os.replace(work, path)
    for suffix in ("-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    _fsync_dir(path.parent)
    return Encrypted(path, inspection.revision, plain_backups_beside(path))


def change_passphrase(path: Path, old: str, new: str) -> None:
    """Re-encrypt the database at ``path`` under a new passphrase
    (SQLCipher's rekey: one transaction, all or nothing).

    Raises ``db.migrate.WrongPassphrase`` if ``old`` does not open it (the
    file is then untouched).  Backups made before keep the old passphrase.
    """
    path = Path(path)
    old_key, new_key = Key(old), Key(new)
    if file_kind(path) is not FileKind.ENCRYPTED:
        raise EncryptionError(f"{path}: the database is not encrypted; encrypt it first")
    inspection = inspect_database(path, old)  # WrongPassphrase, untouched
    conn = cipher.connect(path, old_key, isolation_level=None)
    try:
        conn.execute("PRAGMA busy_timeout = 10000")
        conn.execute("PRAGMA temp_store = MEMORY")
        new_key.rekey(conn)
        # No frame under the old key stays in the -wal.
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()
    verify_encrypted_copy(path, new_key, inspection.revision)
