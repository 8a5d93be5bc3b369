"""``casedesk audit verify`` and ``casedesk audit export``.

Both read the audit trail, so both need a signed-in supervisor or
administrator.  The handlers (``verify_command``, ``export_command``) take a
``Database`` already bound to her; ``run_audit`` gets one from
``open_signed_in``, the one place where the command line's sign-in plugs in.
"""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from casedesk.database import Database

EXIT_OK = 0
EXIT_PROBLEMS = 1
EXIT_REFUSED = 2

USER_ENV = "CASEDESK_USER"
PASSWORD_ENV = "CASEDESK_PASSWORD"


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"日付は YYYY-MM-DD の形で指定してください: {text!r}"
        ) from None


def _seq_and_hash(text: str) -> tuple[int, str]:
    seq, _, digest = text.partition(":")
    if not seq.isdigit() or len(digest) != 64:
        raise argparse.ArgumentTypeError(
            f"控えは「通番:ハッシュ」（verify が表示したもの）で指定してください: {text!r}"
        )
    return int(seq), digest.lower()


def add_audit_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register ``audit verify`` and ``audit export`` under ``sub``."""
    audit = sub.add_parser("audit", help="check or export the audit trail (supervisors)")
    actions = audit.add_subparsers(dest="audit_command", metavar="ACTION", required=True)
    check = actions.add_parser(
        "verify", help="check that no audit entry was altered, removed or inserted"
    )
    check.add_argument("--db", dest="sub_db", metavar="PATH|URL", help="database file or URL")
    check.add_argument(
        "--expect",
        type=_seq_and_hash,
        metavar="SEQ:HASH",
        help="a head printed by an earlier verify and kept elsewhere: it must still hold",
    )
    export = actions.add_parser("export", help="write the audit trail to a CSV file")
    export.add_argument("--db", dest="sub_db", metavar="PATH|URL", help="database file or URL")
    export.add_argument(
        "--out", required=True, type=Path, metavar="FILE.csv", help="UTF-8 with BOM, for Excel"
    )
    export.add_argument(
        "--from", dest="date_from", type=_date, metavar="YYYY-MM-DD", help="first day (local)"
    )
    export.add_argument(
        "--to", dest="date_to", type=_date, metavar="YYYY-MM-DD", help="last day, included"
    )
    export.add_argument("--force", action="store_true", help="replace an existing file")


def verify_command(db: Database, expect: tuple[int, str] | None = None) -> int:
    """Print the verification; 0 when the trail is intact, 1 otherwise."""
    from casedesk.audit import verify

    result = verify(db, expect=expect)
    if result.ok:
        print(f"監査記録に改ざんは見つかりませんでした（{result.entries:,} 件）。")
        if result.head_seq is not None:
            print(f"最新の記録: {result.head_seq}:{result.head_hash}")
            print(
                "この値をこのパソコンの外に控えておくと、記録全体の作り直しも"
                "後で --expect で見つけられます。"
            )
        return EXIT_OK
    print(
        f"監査記録に問題が {len(result.problems)} か所あります（{result.entries:,} 件を確認）:",
        file=sys.stderr,
    )
    for seq, what in result.problems:
        print(f"  記録 {seq}: {what}", file=sys.stderr)
    return EXIT_PROBLEMS


def export_command(
    db: Database,
    out: Path,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    *,
    force: bool = False,
) -> int:
    from casedesk.audit import export_csv

    if date_from and date_to and date_from > date_to:
        print("--from は --to より前の日付にしてください。", file=sys.stderr)
        return EXIT_REFUSED
    if out.exists() and not force:
        print(f"{out} は既にあります。置き換えるときは --force を付けてください。", file=sys.stderr)
        return EXIT_REFUSED
    if not out.parent.is_dir():
        print(f"書き出し先のフォルダがありません: {out.parent}", file=sys.stderr)
        return EXIT_REFUSED
    rows = export_csv(db, out, date_from=date_from, date_to=date_to)
    print(f"監査記録 {rows:,} 件を書き出しました: {out}")
    return EXIT_OK


class NoDatabase(Exception):
    """The database to audit does not exist (it is not created for that)."""


def open_signed_in(args: argparse.Namespace) -> Database:
    """The database of ``--db`` with its user signed in: ``CASEDESK_USER`` and
    ``CASEDESK_PASSWORD`` for scripts, else asked at the terminal.

    The command line's one sign-in point for these commands: when cli.py
    has a shared one (encryption passphrase too), use it here instead.
    Raises ``casedesk.accounts.SignInRefused`` on a wrong password."""
    from casedesk.accounts import sign_in
    from casedesk.cli_backup import passphrase_for
    from casedesk.database import open_database
    from casedesk.paths import default_db_path
    from db.engine import normalize_url, sqlite_path

    chosen = getattr(args, "sub_db", None) or getattr(args, "db", None)
    url = normalize_url(chosen or default_db_path())
    path = sqlite_path(url)
    if path is not None and not path.exists():
        raise NoDatabase(f"データベースがありません: {path}")
    database = open_database(url, passphrase=passphrase_for(url, create=False))
    try:
        login = os.environ.get(USER_ENV) or input("ログイン名: ")
        password = os.environ.get(PASSWORD_ENV)
        if password is None:
            password = getpass.getpass("パスワード: ")
        return sign_in(database, login, password)
    except BaseException:
        database.close()
        raise


def run_audit(
    args: argparse.Namespace,
    open_db: Callable[[argparse.Namespace], Database] = open_signed_in,
) -> int:
    """``casedesk audit ...``: sign in (``open_db``), run, sign out."""
    from casedesk.accounts import SignInRefused, sign_out
    from casedesk.auth import AccessDenied, NotSignedIn

    try:
        db = open_db(args)
    except SignInRefused as exc:
        print(exc.message, file=sys.stderr)
        return EXIT_REFUSED
    except NoDatabase as exc:
        print(exc, file=sys.stderr)
        return EXIT_REFUSED
    try:
        if args.audit_command == "verify":
            return verify_command(db, args.expect)
        return export_command(db, args.out, args.date_from, args.date_to, force=args.force)
    except (AccessDenied, NotSignedIn) as exc:
        print(f"{exc} 監査記録はスーパーバイザーとシステム管理者だけが読めます。", file=sys.stderr)
        return EXIT_REFUSED
    finally:
        try:
            sign_out(db)
        finally:
            db.close()
