"""Write tests/golden/casedesk-<revision>.sqlite3: a small database as this
release leaves it.  Run once per schema revision, before the next migration
is written, and commit the file: tests/test_golden.py upgrades every golden
file to the newest schema and checks that no record was lost (TagStudio keeps
such files for each past schema for the same reason)."""

from __future__ import annotations

import datetime as dt
import sqlite3
import sys
from pathlib import Path

from casedesk.database import open_database
from db.enums import ContactKind, ReferralStatus, StaffRole
from db.ids import stable_uuid
from db.migrate import head_revision
from db.models import Case, Client, Consultation, Referral, ReferralStatusChange, Staff

GOLDEN_DIR = Path(__file__).resolve().parent.parent / "tests" / "golden"


def code(category: str, key: str) -> object:
    return stable_uuid("code", category, key)


def main() -> int:
    target = GOLDEN_DIR / f"casedesk-{head_revision()}.sqlite3"
    if target.exists():
        print(f"{target} exists; golden files are never rewritten", file=sys.stderr)
        return 1
    database = open_database(target)
    with database.transaction() as s:
        staff = Staff(login="golden", name="金田 ゆり", role=StaffRole.COUNSELOR)
        client = Client(
            display_name="ひまわり", display_name_kana="ヒマワリ", real_name="山田 花子"
        )
        s.add_all([staff, client])
        s.flush()
        case = Case(
            case_no="2024-0001",
            client_id=client.id,
            lead_counselor_id=staff.id,
            opened_on=dt.date(2024, 4, 8),
        )
        s.add(case)
        s.flush()
        s.add(
            Consultation(
                case_id=case.id,
                consulted_on=dt.date(2024, 4, 8),
                start_time=dt.time(19, 0),
                end_time=dt.time(19, 50),
                channel_id=code("channel", "line"),
                counselor_id=staff.id,
                contact_kind=ContactKind.NEW,
                main_complaint_id=code("topic", "dv_spouse"),
                is_dv=True,
                narrative="夫からの暴力。子どもと避難したいとの相談。",
            )
        )
        referral = Referral(
            case_id=case.id,
            agency_name="北区配偶者暴力相談支援センター",
            status=ReferralStatus.CONNECTED,
            proposed_on=dt.date(2024, 4, 8),
        )
        s.add(referral)
        s.flush()
        for status, day in ((ReferralStatus.PROPOSED, 8), (ReferralStatus.CONNECTED, 15)):
            s.add(
                ReferralStatusChange(
                    referral_id=referral.id, status=status, changed_on=dt.date(2024, 4, day)
                )
            )
    database.close()
    # One self-contained, compact file (no -wal beside it) to commit.
    con = sqlite3.connect(target, isolation_level=None)
    con.execute("PRAGMA journal_mode = DELETE")
    con.execute("VACUUM")
    con.close()
    print(target)
    return 0


if __name__ == "__main__":
    sys.exit(main())
