"""Command-line parts for encryption and backups.

``casedesk db encrypt``, ``casedesk db passphrase``, ``casedesk backup`` and
``casedesk restore``; and ``passphrase_for``, which every command that opens
a database asks for the passphrase.

Passphrases come from a prompt (``getpass``: not echoed, not in the shell
history) or, for scripts, from the environment: ``CASEDESK_PASSPHRASE`` (the
database's) and ``CASEDESK_NEW_PASSPHRASE`` (a new one).  Never from an
argument: arguments are visible to every user of the machine (``ps``).
"""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import os
import sys
from pathlib import Path
from typing import Any

from casedesk.encryption import MIN_PASSPHRASE_LENGTH
from casedesk.paths import default_db_path
from db.cipher import FileKind, file_kind
from db.engine import normalize_url, sqlite_path
from db.migrate import DatabaseRefused, PassphraseRequired, WrongPassphrase

PASSPHRASE_ENV = "CASEDESK_PASSPHRASE"
NEW_PASSPHRASE_ENV = "CASEDESK_NEW_PASSPHRASE"

EXIT_OK = 0
EXIT_REFUSED = 2

COMMANDS = ("backup", "restore")
DB_ACTIONS = ("encrypt", "passphrase")


class PassphraseUnavailable(DatabaseRefused):
    """No passphrase could be had (no terminal, none in the environment,
    or the two entries differed): nothing was opened or changed."""

    def __init__(self, message: str) -> None:
        super().__init__("", message)


def passphrase_problem(passphrase: str) -> str | None:
    """Why a new passphrase is not acceptable, in Japanese; None if it is."""
    if len(passphrase) < MIN_PASSPHRASE_LENGTH:
        return f"パスフレーズは {MIN_PASSPHRASE_LENGTH} 文字以上にしてください。"
    return None


def _prompt(text: str) -> str:
    unavailable = PassphraseUnavailable(
        "パスフレーズが入力されませんでした。何も変更していません"
        f"（スクリプトからは環境変数 {PASSPHRASE_ENV} で指定できます）。"
    )
    # No terminal (a script, a pipe): getpass would read the passphrase
    # from stdin with echo on; better to say how to give it.
    if not sys.stdin.isatty():
        raise unavailable
    try:
        return getpass.getpass(text)
    except (EOFError, KeyboardInterrupt, OSError) as exc:
        raise unavailable from exc


def ask_passphrase(location: str) -> str:
    """The passphrase of an existing encrypted database."""
    given = os.environ.get(PASSPHRASE_ENV)
    if given:
        return given
    return _prompt(f"{location} のパスフレーズ: ")


def ask_new_passphrase(env: str = NEW_PASSPHRASE_ENV) -> str:
    """A new passphrase: from ``env``, or typed twice."""
    given = os.environ.get(env)
    if given is None:
        given = _prompt("新しいパスフレーズ: ")
        again = _prompt("もう一度入力してください: ")
        if given != again:
            raise PassphraseUnavailable("2 回の入力が一致しません。何も変更していません。")
    problem = passphrase_problem(given)
    if problem:
        raise PassphraseUnavailable(problem + "何も変更していません。")
    return given


def passphrase_for(target: str | Path, create: bool = True) -> str | None:
    """The passphrase to open the database at ``target`` with: asked only
    for an encrypted SQLite file; for a file still to be created (``create``),
    a new passphrase (new databases are encrypted; ``CASEDESK_PASSPHRASE``
    for scripts)."""
    path = sqlite_path(normalize_url(target))
    if path is None:
        return None
    kind = file_kind(path)
    if kind is FileKind.ENCRYPTED:
        return ask_passphrase(str(path))
    if kind is FileKind.EMPTY and create:
        if os.environ.get(PASSPHRASE_ENV) or sys.stdin.isatty():
            return ask_new_passphrase(PASSPHRASE_ENV)
        # A script that gave no passphrase: no one to ask.  Said loudly.
        print(
            f"注意: {PASSPHRASE_ENV} が指定されていないため、暗号化せずに作成します: {path}",
            file=sys.stderr,
        )
    return None


def refused_message(exc: DatabaseRefused) -> str | None:
    """The message for a refusal about the passphrase or a backup; None
    for others."""
    from casedesk.backups import BackupRefused

    if isinstance(exc, PassphraseUnavailable):
        return exc.detail
    if isinstance(exc, BackupRefused):
        return (
            f"このバックアップは復元できません（{exc.detail}）。"
            f"データベースには手を加えていません: {exc.location}"
        )
    if isinstance(exc, PassphraseRequired):
        return (
            f"このデータベースは暗号化されています。パスフレーズを入力するか、"
            f"環境変数 {PASSPHRASE_ENV} で指定してください。"
            f"ファイルには手を加えていません: {exc.location}"
        )
    if isinstance(exc, WrongPassphrase):
        return (
            "パスフレーズが違います（または casedesk のデータベースではありません）。"
            f"ファイルには手を加えていません: {exc.location}"
        )
    return None


def add_db_actions(dbsub: Any) -> None:
    """``casedesk db encrypt`` and ``casedesk db passphrase``."""
    p = dbsub.add_parser("encrypt", help="encrypt an unencrypted database (asks a passphrase)")
    p.add_argument("--db", dest="sub_db", metavar="PATH")
    p = dbsub.add_parser("passphrase", help="change the passphrase of an encrypted database")
    p.add_argument("--db", dest="sub_db", metavar="PATH")


def add_commands(sub: Any) -> None:
    """``casedesk backup`` and ``casedesk restore``."""
    p = sub.add_parser("backup", help="back up the database (encrypted like it)")
    p.add_argument("--db", dest="sub_db", metavar="PATH")
    p.add_argument("--out", type=Path, metavar="FILE", help="backup file to write")
    p.add_argument(
        "--daily",
        action="store_true",
        help="make today's backup in the backups folder unless made, keep the newest --keep",
    )
    p.add_argument("--keep", type=int, default=14, metavar="N")
    p = sub.add_parser("restore", help="replace the database by a checked backup")
    p.add_argument("--db", dest="sub_db", metavar="PATH")
    p.add_argument("source", type=Path, metavar="FROM_FILE")
    p.add_argument("--yes", action="store_true", help="do not ask for confirmation")


def handles(args: argparse.Namespace) -> bool:
    if args.command in COMMANDS:
        return True
    return args.command == "db" and getattr(args, "db_command", None) in DB_ACTIONS


def _path(args: argparse.Namespace) -> Path | None:
    chosen = getattr(args, "sub_db", None) or getattr(args, "db", None)
    return sqlite_path(normalize_url(chosen or default_db_path()))


def run(args: argparse.Namespace) -> int:
    """Run one of this module's commands (``handles(args)`` is true).
    ``DatabaseRefused`` is left to the caller's message."""
    path = _path(args)
    if path is None:
        print("この操作は SQLite のファイルにだけ使えます。", file=sys.stderr)
        return EXIT_REFUSED
    try:
        if args.command == "backup":
            return _backup(args, path)
        if args.command == "restore":
            return _restore(args, path)
        if args.db_command == "encrypt":
            return _encrypt(path)
        return _change(path)
    except PassphraseUnavailable as exc:
        print(exc.detail, file=sys.stderr)
        return EXIT_REFUSED


def _existing(path: Path) -> bool:
    if file_kind(path) is FileKind.EMPTY:
        print(f"データベースがありません: {path}", file=sys.stderr)
        return False
    return True


def _encrypt(path: Path) -> int:
    from casedesk.encryption import EncryptionError, encrypt_database

    if not _existing(path):
        return EXIT_REFUSED
    if file_kind(path) is FileKind.ENCRYPTED:
        print(f"既に暗号化されています: {path}", file=sys.stderr)
        return EXIT_REFUSED
    passphrase = ask_new_passphrase(PASSPHRASE_ENV)
    try:
        result = encrypt_database(path, passphrase)
    except EncryptionError as exc:
        print(f"暗号化できませんでした。元のファイルはそのままです: {exc}", file=sys.stderr)
        return EXIT_REFUSED
    print(f"データベースを暗号化しました: {path}")
    print("パスフレーズを忘れると、データは誰にも戻せません。安全な場所に控えてください。")
    if result.plain_backups:
        print("次のバックアップは暗号化されていません。不要なら手で削除してください:")
        for backup in result.plain_backups:
            print(f"  {backup}")
    return EXIT_OK


def _change(path: Path) -> int:
    from casedesk.encryption import EncryptionError, change_passphrase

    if not _existing(path):
        return EXIT_REFUSED
    if file_kind(path) is not FileKind.ENCRYPTED:
        print(
            f"暗号化されていません。先に casedesk db encrypt で暗号化してください: {path}",
            file=sys.stderr,
        )
        return EXIT_REFUSED
    old = ask_passphrase(str(path))
    new = ask_new_passphrase(NEW_PASSPHRASE_ENV)
    try:
        change_passphrase(path, old, new)
    except EncryptionError as exc:
        print(f"変更できませんでした: {exc}", file=sys.stderr)
        return EXIT_REFUSED
    print(f"パスフレーズを変更しました: {path}")
    print("これまでのバックアップは古いパスフレーズのままです。")
    return EXIT_OK


def _backup(args: argparse.Namespace, path: Path) -> int:
    from casedesk.backups import backup_dir, backup_file, backup_name, rotate_backups
    from casedesk.database import open_database

    if not _existing(path):
        return EXIT_REFUSED
    passphrase = ask_passphrase(str(path)) if file_kind(path) is FileKind.ENCRYPTED else None
    if args.daily:
        if args.keep < 1:
            print("--keep は 1 以上で指定してください。", file=sys.stderr)
            return EXIT_REFUSED
        directory = args.out or backup_dir(path)
        database = open_database(path, passphrase=passphrase)
        try:
            rotation = rotate_backups(database, directory, keep=args.keep)
        finally:
            database.close()
        if rotation.made:
            print(f"バックアップを作成しました: {rotation.made}")
        else:
            print("今日のバックアップは作成済みです。")
        for old in rotation.removed:
            print(f"古いバックアップを削除しました: {old}")
        return EXIT_OK
    out = args.out or backup_dir(path) / backup_name(path)
    if out.exists():
        print(f"{out} は既にあります。別のファイル名を指定してください。", file=sys.stderr)
        return EXIT_REFUSED
    made = backup_file(path, out, passphrase)
    note = "（データベースと同じパスフレーズで暗号化）" if passphrase else ""
    print(f"バックアップを作成しました{note}: {made}")
    return EXIT_OK


def _restore(args: argparse.Namespace, path: Path) -> int:
    from casedesk.backups import restore_database, verify_backup

    source: Path = args.source
    kind = file_kind(source) if source.is_file() else FileKind.NOT_SQLITE
    passphrase = ask_passphrase(str(source)) if kind is FileKind.ENCRYPTED else None
    info = verify_backup(source, passphrase)  # DatabaseRefused: nothing done
    print(f"バックアップを確認しました（スキーマ {info.revision}、整合性 ok）: {source}")
    if not args.yes:
        if not sys.stdin.isatty():
            print("確認のため --yes を付けて実行してください。", file=sys.stderr)
            return EXIT_REFUSED
        answer = input(f"{path} をこのバックアップの内容で置き換えます。よろしいですか [y/N]: ")
        if answer.strip().lower() not in ("y", "yes"):
            print("中止しました。何も変更していません。")
            return EXIT_REFUSED
    restored = restore_database(path, source, passphrase, now=dt.datetime.now())
    print(f"復元しました: {restored.path}")
    if restored.replaced:
        print(f"置き換える前のデータベースは残してあります: {restored.replaced}")
    if restored.encrypted:
        print("復元したデータベースはバックアップを作成したときのパスフレーズで開きます。")
    return EXIT_OK
