"""The ``casedesk`` command line.

``casedesk`` alone opens the GUI (``ui.launcher`` does that, since this
package never imports Qt); the subcommands here work headless, for scripts,
servers and checks.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Sequence
from pathlib import Path

from casedesk import __version__, cli_backup
from casedesk.cli_audit import add_audit_parser, run_audit
from casedesk.database import open_database, remove_database_files
from casedesk.paths import default_db_path, demo_db_path
from db.engine import normalize_url, sqlite_path
from db.migrate import DatabaseRefused, DatabaseTooNew, head_revision, inspect_database

EXIT_OK = 0
EXIT_REFUSED = 2
EXIT_CANCELLED = 130


def refused_message(exc: DatabaseRefused) -> str:
    about_passphrase = cli_backup.refused_message(exc)
    if about_passphrase is not None:
        return about_passphrase
    if isinstance(exc, DatabaseTooNew):
        return (
            f"このデータベースは新しいバージョンの casedesk で作成されています"
            f"（スキーマ {exc.revision}）。casedesk を更新してから開いてください。"
            f"ファイルには手を加えていません: {exc.location}"
        )
    return (
        f"casedesk のデータベースではないため開けません（{exc.detail}）。"
        f"ファイルには手を加えていません: {exc.location}"
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="casedesk",
        description="女性支援のケース管理 casedesk。引数なしで画面を開きます。",
    )
    parser.add_argument("--version", action="version", version=f"casedesk {__version__}")
    parser.add_argument(
        "--db",
        metavar="PATH|URL",
        help=f"database file or URL (default: {default_db_path()})",
    )
    parser.add_argument(
        "--demo",
        action="store_true",
        help=f"open the demo database ({demo_db_path()}), creating it if needed",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    demo = sub.add_parser("demo", help="build a synthetic demo database")
    demo.add_argument("--db", dest="sub_db", metavar="PATH", help="file to create")
    demo.add_argument("--consultations", type=int, default=5000, metavar="N")
    demo.add_argument("--seed", type=int, default=1)
    demo.add_argument("--until", type=dt.date.fromisoformat, metavar="YYYY-MM-DD")
    demo.add_argument("--force", action="store_true", help="replace an existing file")

    dbcmd = sub.add_parser("db", help="database maintenance")
    dbsub = dbcmd.add_subparsers(dest="db_command", metavar="ACTION", required=True)
    for name, text in (
        ("info", "show where the database is and its schema revision"),
        ("upgrade", "create or upgrade the schema (backing up first)"),
    ):
        p = dbsub.add_parser(name, help=text)
        p.add_argument("--db", dest="sub_db", metavar="PATH|URL")
    add_audit_parser(sub)
    cli_backup.add_db_actions(dbsub)  # db encrypt, db passphrase
    cli_backup.add_commands(sub)  # backup, restore
    return parser


def _target(args: argparse.Namespace, default: Path) -> str:
    chosen = getattr(args, "sub_db", None) or args.db
    return normalize_url(chosen or default)


def _cmd_demo(args: argparse.Namespace) -> int:
    from casedesk.demo import DemoCancelled, create_demo_database

    if args.consultations < 0:
        print("--consultations は 0 以上で指定してください。", file=sys.stderr)
        return EXIT_REFUSED
    url = _target(args, demo_db_path())
    path = sqlite_path(url)
    if path is None:
        print("デモデータは SQLite のファイルにだけ作成できます。", file=sys.stderr)
        return EXIT_REFUSED
    if path.exists() and path.stat().st_size > 0:
        if not args.force:
            print(
                f"{path} は既にあります。作り直すときは --force を付けてください。",
                file=sys.stderr,
            )
            return EXIT_REFUSED
        remove_database_files(path)
    shown = [-1]

    def progress(done: int, total: int) -> bool:
        percent = 100 * done // max(total, 1)
        if percent != shown[0]:
            shown[0] = percent
            print(f"\r相談 {done:,} / {total:,} 件 ({percent}%)", end="", file=sys.stderr)
        return True

    try:
        database, counts = create_demo_database(
            path,
            consultations=args.consultations,
            seed=args.seed,
            until=args.until,
            progress=progress,
        )
    except (DemoCancelled, KeyboardInterrupt):
        print("\n中止しました。作りかけのファイルは削除しました。", file=sys.stderr)
        return EXIT_CANCELLED
    database.close()
    print(file=sys.stderr)
    print(f"デモデータベースを作成しました: {path}")
    print(
        f"相談 {counts.consultations:,} 件（匿名 {counts.anonymous_consultations:,} 件）、"
        f"相談者 {counts.clients:,} 人、ケース {counts.cases:,} 件、職員 {counts.staff} 人"
    )
    return EXIT_OK


def _cmd_db(args: argparse.Namespace) -> int:
    url = _target(args, default_db_path())
    if args.db_command == "info":
        inspection = inspect_database(url, cli_backup.passphrase_for(url, create=False))
        path = sqlite_path(url)
        print(f"location: {path if path else url}")
        print(f"state:    {inspection.state.value}")
        print(f"revision: {inspection.revision or '-'} (this casedesk: {head_revision()})")
        return EXIT_OK
    database = open_database(url, passphrase=cli_backup.passphrase_for(url))
    result = database.opened
    database.close()
    if result.from_revision == result.to_revision:
        print(f"既に最新です（スキーマ {result.to_revision}）。")
    else:
        print(
            f"スキーマを {result.from_revision or '(新規)'} から {result.to_revision} にしました。"
        )
    if result.backup:
        print(f"更新前のバックアップ: {result.backup}")
    return EXIT_OK


def parse(argv: Sequence[str] | None = None) -> argparse.Namespace:
    return build_parser().parse_args(argv)


def run(args: argparse.Namespace) -> int:
    """Run a headless subcommand (``args.command`` is set)."""
    try:
        if args.command == "demo":
            return _cmd_demo(args)
        if cli_backup.handles(args):
            return cli_backup.run(args)
        if args.command == "db":
            return _cmd_db(args)
        if args.command == "audit":
            return run_audit(args)
    except DatabaseRefused as exc:
        print(refused_message(exc), file=sys.stderr)
        return EXIT_REFUSED
    raise AssertionError(f"unknown command {args.command!r}")


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m casedesk``: the headless commands only."""
    args = parse(argv)
    if args.command is None:
        print("画面を開くには casedesk コマンドを使ってください。", file=sys.stderr)
        return EXIT_REFUSED
    return run(args)
