"""The audit trail: appends, the hash chain and what verify detects, the
supervisors' list and export, and ``casedesk audit``.

Tampering is done as an intruder would: plain SQL on the file (sqlite3),
outside casedesk."""

from __future__ import annotations

import csv
import datetime as dt
import os
import sqlite3
import subprocess
import sys
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from sqlalchemy import select

import casedesk.accounts
from casedesk.audit import (
    ANCHOR_KEY,
    AuditAction,
    AuditRow,
    case_viewers,
    count_entries,
    entries,
    entry_hash,
    export_csv,
    last_failed_sign_ins,
    record,
    record_action,
    verify,
)
from casedesk.auth import AccessDenied, Actor, NotSignedIn
from casedesk.cli import main as cli_main
from casedesk.database import Database, open_database
from db.enums import StaffRole
from db.models.audit import SQLITE_TRIGGERS, AuditEntry
from db.models.cases import Case
from db.models.people import Client, Staff
from db.models.settings import Setting

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "correct horse battery"


@dataclass
class Office:
    db: Database  # nobody signed in
    path: Path
    supervisor: Actor
    administrator: Actor
    counselor: Actor
    case_id: uuid.UUID
    other_case_id: uuid.UUID

    def as_(self, actor: Actor) -> Database:
        return self.db.as_user(actor)


@pytest.fixture(autouse=True)
def cheap_hasher(monkeypatch: pytest.MonkeyPatch) -> None:
    # Hashes carry their parameters; the real ones take a quarter second each.
    monkeypatch.setattr(
        casedesk.accounts, "HASHER", PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
    )


@pytest.fixture
def office(tmp_path: Path) -> Iterator[Office]:
    path = tmp_path / "office.sqlite3"
    db = open_database(path)
    actors: dict[StaffRole, Actor] = {}
    with db.transaction() as s:
        people = {
            StaffRole.SUPERVISOR: Staff(login="sv", name="上田 さくら", role=StaffRole.SUPERVISOR),
            StaffRole.ADMINISTRATOR: Staff(
                login="admin", name="管理 太郎", role=StaffRole.ADMINISTRATOR
            ),
            StaffRole.COUNSELOR: Staff(login="co", name="金田 ゆり", role=StaffRole.COUNSELOR),
        }
        for staff in people.values():
            staff.password_hash = casedesk.accounts.hash_password(PASSWORD)
            s.add(staff)
        client = Client(display_name="ひまわり")
        s.add(client)
        s.flush()
        cases = [
            Case(case_no=f"2024-000{i}", client_id=client.id, opened_on=dt.date(2024, 4, 8))
            for i in (1, 2)
        ]
        s.add_all(cases)
        s.flush()
        for role, staff in people.items():
            actors[role] = Actor(staff.id, staff.login, staff.name, staff.role)
        case_ids = [c.id for c in cases]
    yield Office(
        db=db,
        path=path,
        supervisor=actors[StaffRole.SUPERVISOR],
        administrator=actors[StaffRole.ADMINISTRATOR],
        counselor=actors[StaffRole.COUNSELOR],
        case_id=case_ids[0],
        other_case_id=case_ids[1],
    )
    db.close()


def fill(office: Office, count: int) -> None:
    """``count`` varied entries, a few per transaction."""
    who = [office.counselor.staff_id, office.supervisor.staff_id, None]
    actions = list(AuditAction)
    done = 0
    while done < count:
        with office.db.transaction() as s:
            for _ in range(min(7, count - done)):
                record(
                    s,
                    who[done % 3],
                    actions[done % len(actions)],
                    entity_type="consultation",
                    entity_id=uuid.uuid4(),
                    case_id=office.case_id if done % 2 else None,
                    detail={"fields": ["phone", "住所"], "n": done} if done % 4 else None,
                )
                done += 1


def raw(office: Office) -> sqlite3.Connection:
    """The intruder's connection: SQL on the file, no casedesk, and the
    append-only triggers dropped first (as anyone can who has the file)."""
    con = sqlite3.connect(office.path, isolation_level=None)
    for name, _statement in SQLITE_TRIGGERS:
        con.execute(f"DROP TRIGGER IF EXISTS {name}")
    return con


def problem_seqs(office: Office) -> list[int]:
    result = verify(office.as_(office.supervisor))
    assert result.ok == (not result.problems)
    return [seq for seq, _what in result.problems]


def rehash(con: sqlite3.Connection, office: Office, seq: int) -> None:
    """Recompute one row's hash after an edit, as someone who read this
    module would (the chain's next link still names the old hash)."""
    with office.db.reading() as s:
        e = s.get(AuditEntry, seq)
        assert e is not None
        digest = entry_hash(
            seq=e.seq,
            uid=e.uid,
            at=e.at,
            staff_id=e.staff_id,
            action=e.action,
            entity_type=e.entity_type,
            entity_id=e.entity_id,
            case_id=e.case_id,
            detail=e.detail,
            prev_hash=e.prev_hash,
        )
    con.execute("UPDATE audit_log SET hash = ? WHERE seq = ?", (digest, seq))


# --- the chain ---------------------------------------------------------------


def test_a_long_chain_verifies(office: Office) -> None:
    fill(office, 300)
    result = verify(office.as_(office.administrator))
    assert result.ok and result.problems == []
    assert result.entries == 300
    with office.db.reading() as s:
        head = s.get(AuditEntry, 300)
        anchor = s.get(Setting, ANCHOR_KEY)
        seqs = s.scalars(select(AuditEntry.seq).order_by(AuditEntry.seq)).all()
    assert head is not None and anchor is not None
    assert seqs == list(range(1, 301))
    assert (result.head_seq, result.head_hash) == (300, head.hash)
    assert anchor.value == f"300:{head.hash}"


@pytest.mark.parametrize(
    "statement",
    ["UPDATE audit_log SET action = 'print' WHERE seq = 2", "DELETE FROM audit_log WHERE seq = 3"],
)
def test_sql_cannot_change_the_trail_while_the_triggers_stand(
    office: Office, statement: str
) -> None:
    fill(office, 5)
    con = sqlite3.connect(office.path, isolation_level=None)
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        con.execute(statement)
    con.close()
    assert problem_seqs(office) == []


def test_an_empty_trail_verifies(office: Office) -> None:
    result = verify(office.as_(office.supervisor))
    assert result.ok and result.entries == 0 and result.head_hash is None


@pytest.mark.parametrize(
    "column, value",
    [
        ("action", "'print'"),
        ("at", "'2020-01-01 00:00:00.000000'"),
        ("detail", "'{}'"),
        ("detail", "NULL"),
        ("staff_id", "NULL"),
        ("case_id", "NULL"),
        ("entity_id", "NULL"),
    ],
)
def test_an_edited_entry_is_reported_at_its_seq(office: Office, column: str, value: str) -> None:
    fill(office, 40)
    con = raw(office)
    # Entry 14 has every column filled (staff, case, detail).
    con.execute(f"UPDATE audit_log SET {column} = {value} WHERE seq = 14")
    con.close()
    assert problem_seqs(office) == [14]


def test_an_edit_with_its_hash_recomputed_breaks_the_next_link(office: Office) -> None:
    fill(office, 40)
    con = raw(office)
    con.execute("UPDATE audit_log SET action = 'search' WHERE seq = 21")
    rehash(con, office, 21)
    con.close()
    assert problem_seqs(office) == [22]


def test_a_deleted_middle_entry_is_reported(office: Office) -> None:
    fill(office, 40)
    con = raw(office)
    con.execute("DELETE FROM audit_log WHERE seq = 17")
    con.close()
    result = verify(office.as_(office.supervisor))
    assert not result.ok
    assert [seq for seq, _ in result.problems] == [17]
    assert "削除" in result.problems[0][1]


def test_deleted_newest_entries_are_reported_and_stay_reported(office: Office) -> None:
    fill(office, 40)
    con = raw(office)
    con.execute("DELETE FROM audit_log WHERE seq >= 39")
    con.close()
    assert problem_seqs(office) == [39]
    # Work goes on: the next entry follows the anchor, so the gap remains.
    with office.db.transaction() as s:
        entry = record(s, office.counselor.staff_id, AuditAction.VIEW)
    assert entry.seq == 41
    assert problem_seqs(office) == [39]


def test_a_removed_anchor_is_reported_and_stays_reported(office: Office) -> None:
    fill(office, 10)
    con = raw(office)
    con.execute("DELETE FROM settings WHERE key = ?", (ANCHOR_KEY,))
    con.close()
    assert problem_seqs(office) == [10]
    with office.db.transaction() as s:
        record(s, office.counselor.staff_id, AuditAction.VIEW)
    assert problem_seqs(office) == [11]


def test_a_forged_entry_appended_by_sql_is_reported(office: Office) -> None:
    fill(office, 20)
    with office.db.reading() as s:
        head = s.get(AuditEntry, 20)
        assert head is not None and head.hash is not None
    forged = {
        "seq": 21,
        "uid": uuid.uuid4(),
        "at": dt.datetime(2024, 5, 1, 10, 0),
        "staff_id": office.counselor.staff_id,
        "action": "view",
        "entity_type": "case",
        "entity_id": office.case_id,
        "case_id": office.case_id,
        "detail": None,
        "prev_hash": head.hash,
    }
    # A well-formed row, hash and link right: only the anchor knows.
    digest = entry_hash(**forged)  # type: ignore[arg-type]
    con = raw(office)
    con.execute(
        "INSERT INTO audit_log (seq, uid, at, staff_id, action, entity_type, entity_id,"
        " case_id, detail, prev_hash, hash) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
        (
            21,
            forged["uid"].hex,  # type: ignore[attr-defined]
            "2024-05-01 10:00:00.000000",
            office.counselor.staff_id.hex,
            "view",
            "case",
            office.case_id.hex,
            office.case_id.hex,
            None,
            head.hash,
            digest,
        ),
    )
    con.close()
    assert problem_seqs(office) == [21]


def test_a_forged_entry_before_the_first_is_reported(office: Office) -> None:
    fill(office, 5)
    con = raw(office)
    con.execute(
        "INSERT INTO audit_log (seq, uid, at, action, prev_hash, hash)"
        " VALUES (0, ?, '2024-01-01 00:00:00.000000', 'view', ?, ?)",
        (uuid.uuid4().hex, "0" * 64, "f" * 64),
    )
    con.close()
    assert 0 in problem_seqs(office)


def test_two_swapped_entries_are_reported(office: Office) -> None:
    fill(office, 30)
    con = raw(office)
    # Exchange the rows' places in the chain (their seqs), contents intact.
    con.execute("UPDATE audit_log SET seq = -1 WHERE seq = 12")
    con.execute("UPDATE audit_log SET seq = 12 WHERE seq = 13")
    con.execute("UPDATE audit_log SET seq = 13 WHERE seq = -1")
    con.close()
    assert problem_seqs(office) == [12, 13]


def test_a_rebuilt_chain_is_caught_only_by_a_head_kept_elsewhere(office: Office) -> None:
    fill(office, 20)
    kept = verify(office.as_(office.supervisor))
    assert kept.head_seq == 20 and kept.head_hash is not None
    # Someone who knows the algorithm edits entry 5 and rebuilds every
    # hash after it, and the anchor: the chain alone cannot tell.
    con = raw(office)
    con.execute("UPDATE audit_log SET action = 'search' WHERE seq = 5")
    for seq in range(5, 21):
        if seq > 5:
            (prev,) = con.execute("SELECT hash FROM audit_log WHERE seq = ?", (seq - 1,)).fetchone()
            con.execute("UPDATE audit_log SET prev_hash = ? WHERE seq = ?", (prev, seq))
        rehash(con, office, seq)
    (head,) = con.execute("SELECT hash FROM audit_log WHERE seq = 20").fetchone()
    con.execute("UPDATE settings SET value = ? WHERE key = ?", (f"20:{head}", ANCHOR_KEY))
    con.close()
    supervisor = office.as_(office.supervisor)
    assert verify(supervisor).ok
    caught = verify(supervisor, expect=(20, kept.head_hash))
    assert [seq for seq, _ in caught.problems] == [20]


# --- appending ---------------------------------------------------------------


def test_an_entry_rolls_back_with_its_action(office: Office) -> None:
    fill(office, 3)
    with pytest.raises(RuntimeError), office.db.transaction() as s:
        record(s, office.counselor.staff_id, AuditAction.EDIT, entity_type="case")
        raise RuntimeError("the save failed")
    with office.db.reading() as s:
        assert s.scalars(select(AuditEntry.seq)).all() == [1, 2, 3]
    with office.db.transaction() as s:
        assert record(s, None, AuditAction.VIEW).seq == 4
    assert problem_seqs(office) == []


def test_detail_refuses_record_text(office: Office) -> None:
    with pytest.raises(ValueError, match="field names"), office.db.transaction() as s:
        record(s, office.counselor.staff_id, AuditAction.EDIT, detail={"phone": "090-1234-5678"})
    with office.db.reading() as s:
        assert s.scalars(select(AuditEntry)).all() == []


def test_detail_is_stored_as_sorted_json(office: Office) -> None:
    some_id = uuid.uuid4()
    with office.db.transaction() as s:
        record(s, None, AuditAction.EDIT, detail={"fields": ["phone"], "id": some_id, "a": 1})
    rows = entries(office.as_(office.supervisor))
    assert rows[0].detail == {"a": 1, "fields": ["phone"], "id": str(some_id)}


def test_aware_times_are_stored_as_utc(office: Office) -> None:
    jst = dt.timezone(dt.timedelta(hours=9))
    with office.db.transaction() as s:
        record(s, None, AuditAction.VIEW, at=dt.datetime(2024, 4, 8, 9, 30, tzinfo=jst))
    assert entries(office.as_(office.supervisor))[0].at == dt.datetime(2024, 4, 8, 0, 30)
    assert problem_seqs(office) == []


WORKER = """
import sys
from casedesk.audit import AuditAction, record
from casedesk.database import open_database
db = open_database(sys.argv[1])
for i in range(int(sys.argv[2])):
    with db.transaction() as s:
        record(s, None, AuditAction.VIEW, detail={"worker": sys.argv[3], "i": i})
db.close()
"""


def test_two_processes_appending_at_once_keep_one_chain(office: Office) -> None:
    fill(office, 5)
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    workers = [
        subprocess.Popen(
            [sys.executable, "-c", WORKER, str(office.path), "100", name],
            cwd=ROOT,
            env=env,
            stderr=subprocess.PIPE,
            text=True,
        )
        for name in ("a", "b")
    ]
    for worker in workers:
        _out, err = worker.communicate(timeout=300)
        assert worker.returncode == 0, err
    result = verify(office.as_(office.supervisor))
    assert result.ok, result.problems
    assert result.entries == 205
    by_worker = {
        name: sum(
            1
            for row in entries(office.as_(office.supervisor), limit=None)
            if row.detail.get("worker") == name
        )
        for name in ("a", "b")
    }
    assert by_worker == {"a": 100, "b": 100}


# --- sign-in throttling ------------------------------------------------------


def test_failed_sign_ins_count_since_the_last_success(office: Office) -> None:
    base = dt.datetime(2024, 4, 8, 9, 0)
    sv = office.supervisor.staff_id
    with office.db.transaction() as s:
        for minute in (0, 1):
            record(
                s,
                sv,
                AuditAction.SIGN_IN_FAILED,
                detail={"login": "sv"},
                at=base + dt.timedelta(minutes=minute),
            )
        record(s, sv, AuditAction.SIGN_IN, at=base + dt.timedelta(minutes=2))
        # After the success: one failure by the account, one typed by
        # someone else, one for a login that does not exist.
        record(
            s,
            sv,
            AuditAction.SIGN_IN_FAILED,
            detail={"login": "sv"},
            at=base + dt.timedelta(minutes=3),
        )
        record(
            s,
            None,
            AuditAction.SIGN_IN_FAILED,
            detail={"login": "nobody"},
            at=base + dt.timedelta(minutes=4),
        )
        record(
            s,
            sv,
            AuditAction.SIGN_IN_FAILED,
            detail={"login": "sv", "throttled": True},
            at=base + dt.timedelta(minutes=5),
        )
    with office.db.reading() as s:
        assert last_failed_sign_ins(s, "sv") == [
            base + dt.timedelta(minutes=5),
            base + dt.timedelta(minutes=3),
        ]
        assert last_failed_sign_ins(s, "nobody") == [base + dt.timedelta(minutes=4)]
        assert last_failed_sign_ins(s, "co") == []


# --- reading, access ---------------------------------------------------------


def test_counselors_and_the_signed_out_cannot_read_the_trail(
    office: Office, tmp_path: Path
) -> None:
    fill(office, 5)
    counselor = office.as_(office.counselor)
    out = tmp_path / "audit.csv"
    for call in (
        lambda db: verify(db),
        lambda db: entries(db),
        lambda db: count_entries(db),
        lambda db: case_viewers(db, office.case_id),
        lambda db: export_csv(db, out),
    ):
        with pytest.raises(AccessDenied):
            call(counselor)
        with pytest.raises(NotSignedIn):
            call(office.db)
    assert not out.exists()
    with office.db.reading() as s:
        assert len(s.scalars(select(AuditEntry)).all()) == 5


def test_entries_filter_newest_first_with_staff_names(office: Office) -> None:
    co, sv = office.counselor.staff_id, office.supervisor.staff_id
    day = dt.date(2024, 4, 8)

    def local(day: dt.date, hour: int) -> dt.datetime:
        # A local wall-clock time, as aware: record stores it as UTC.
        return dt.datetime.combine(day, dt.time(hour)).astimezone()

    with office.db.transaction() as s:
        record(s, co, AuditAction.VIEW, case_id=office.case_id, at=local(day, 0))
        record(s, co, AuditAction.EDIT, case_id=office.case_id, at=local(day, 23))
        record(s, sv, AuditAction.VIEW, case_id=office.other_case_id, at=local(day, 12))
        record(
            s,
            co,
            AuditAction.PRINT,
            case_id=office.other_case_id,
            at=local(day, 1) + dt.timedelta(days=1),
        )
        record(
            s,
            None,
            AuditAction.SIGN_IN_FAILED,
            detail={"login": "x"},
            at=local(day, 2) - dt.timedelta(days=1),
        )
    db = office.as_(office.supervisor)

    def seqs(rows: list[AuditRow]) -> list[int]:
        return [row.seq for row in rows]

    assert seqs(entries(db)) == [5, 4, 3, 2, 1]
    assert seqs(entries(db, staff_id=co)) == [4, 2, 1]
    assert seqs(entries(db, action=AuditAction.VIEW)) == [3, 1]
    assert seqs(entries(db, action=[AuditAction.VIEW, "print"])) == [4, 3, 1]
    assert seqs(entries(db, case_id=office.case_id)) == [2, 1]
    assert seqs(entries(db, date_from=day, date_to=day)) == [3, 2, 1]
    assert seqs(entries(db, date_from=day)) == [4, 3, 2, 1]
    assert seqs(entries(db, date_to=day)) == [5, 3, 2, 1]
    assert seqs(entries(db, limit=2)) == [5, 4]
    assert seqs(entries(db, limit=2, offset=2)) == [3, 2]
    assert count_entries(db) == 5
    assert count_entries(db, staff_id=co, date_from=day) == 3
    first = entries(db, staff_id=co, case_id=office.case_id, action="edit")[0]
    assert (first.staff_login, first.staff_name, first.case_no) == ("co", "金田 ゆり", "2024-0001")
    assert first.action_label == "編集"
    failed = entries(db, action=AuditAction.SIGN_IN_FAILED)[0]
    assert failed.staff_name is None and failed.detail == {"login": "x"}


def test_who_looked_at_a_case(office: Office) -> None:
    co, sv = office.counselor.staff_id, office.supervisor.staff_id
    with office.db.transaction() as s:
        record(
            s,
            co,
            AuditAction.VIEW,
            entity_type="case",
            entity_id=office.case_id,
            case_id=office.case_id,
        )
        record(s, co, AuditAction.EDIT, entity_type="consultation", case_id=office.case_id)
        record(
            s,
            sv,
            AuditAction.REVEAL,
            entity_type="client",
            case_id=office.case_id,
            detail={"fields": ["phone"]},
        )
        record(s, sv, AuditAction.VIEW, entity_type="case", case_id=office.other_case_id)
        record(s, co, AuditAction.PRINT, entity_type="case", case_id=office.case_id)
    seen = case_viewers(office.as_(office.supervisor), office.case_id)
    assert [(v.staff_name, v.action) for v in seen] == [
        ("金田 ゆり", "print"),
        ("上田 さくら", "reveal"),
        ("金田 ゆり", "view"),
    ]
    assert seen[1].action_label == "個人情報の表示" and seen[1].entity_type == "client"
    assert seen[0].at >= seen[1].at >= seen[2].at


# --- export ------------------------------------------------------------------


def test_export_is_utf8_with_bom_names_resolved_and_itself_audited(
    office: Office, tmp_path: Path
) -> None:
    fill(office, 12)
    out = tmp_path / "監査記録.csv"
    written = export_csv(office.as_(office.supervisor), out)
    assert written == 12
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    with out.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    assert rows[0][:6] == ["通番", "日時", "日時(UTC)", "職員ログイン名", "職員名", "操作"]
    assert [row[0] for row in rows[1:]] == [str(n) for n in range(12, 0, -1)]
    names = {row[4] for row in rows[1:]}
    assert names == {"金田 ゆり", "上田 さくら", ""}
    assert "2024-0001" in {row[9] for row in rows[1:]}
    # The export is an entry of its own, and the chain holds.
    newest = entries(office.as_(office.supervisor), limit=1)[0]
    assert (newest.seq, newest.action, newest.staff_login) == (13, "export", "sv")
    assert newest.detail["rows"] == 12
    assert problem_seqs(office) == []
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".partial")] == []


def test_export_filters_by_local_days(office: Office, tmp_path: Path) -> None:
    day = dt.date(2024, 4, 8)
    with office.db.transaction() as s:
        for offset in (-1, 0, 1):
            stamp = dt.datetime.combine(day + dt.timedelta(days=offset), dt.time(12)).astimezone()
            record(s, office.counselor.staff_id, AuditAction.VIEW, at=stamp)
    out = tmp_path / "day.csv"
    assert export_csv(office.as_(office.administrator), out, date_from=day, date_to=day) == 1
    with out.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    assert [row[0] for row in rows[1:]] == ["2"]
    assert rows[1][1] == "2024-04-08 12:00:00"


# --- the command line --------------------------------------------------------


def signed_in_as(monkeypatch: pytest.MonkeyPatch, login: str, password: str = PASSWORD) -> None:
    monkeypatch.setenv("CASEDESK_USER", login)
    monkeypatch.setenv("CASEDESK_PASSWORD", password)


def test_cli_verify_exit_codes(
    office: Office, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    fill(office, 20)
    signed_in_as(monkeypatch, "sv")
    assert cli_main(["audit", "verify", "--db", str(office.path)]) == 0
    out = capsys.readouterr().out
    assert "改ざんは見つかりませんでした" in out
    # Its own sign-in is in the trail (entry 21); the head printed is that.
    with office.db.reading() as s:
        head = s.get(AuditEntry, 21)
        assert head is not None and head.action == "sign_in"
    assert f"21:{head.hash}" in out
    con = raw(office)
    con.execute("UPDATE audit_log SET detail = '{\"fields\":[]}' WHERE seq = 7")
    con.close()
    assert cli_main(["audit", "verify", "--db", str(office.path)]) == 1
    err = capsys.readouterr().err
    assert "記録 7:" in err
    # A head kept elsewhere that no longer holds.
    bad = f"21:{'0' * 64}"
    assert cli_main(["audit", "verify", "--db", str(office.path), "--expect", bad]) == 1
    assert "記録 21:" in capsys.readouterr().err


def test_cli_refuses_a_counselor_and_a_wrong_password(
    office: Office, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    signed_in_as(monkeypatch, "co")
    assert cli_main(["audit", "verify", "--db", str(office.path)]) == 2
    assert "権限" in capsys.readouterr().err
    signed_in_as(monkeypatch, "sv", "wrong password")
    assert cli_main(["audit", "verify", "--db", str(office.path)]) == 2
    assert "パスワード" in capsys.readouterr().err


def test_cli_export(
    office: Office,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    fill(office, 4)
    signed_in_as(monkeypatch, "admin")
    out = tmp_path / "audit.csv"
    argv = ["audit", "export", "--db", str(office.path), "--out", str(out)]
    assert cli_main(argv) == 0
    assert "件を書き出しました" in capsys.readouterr().out
    with out.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    # The four, and the administrator's own sign-in before the export.
    assert [row[0] for row in rows[1:]] == ["5", "4", "3", "2", "1"]
    assert rows[1][4] == "管理 太郎"
    assert cli_main(argv) == 2  # exists: not replaced without --force
    assert "--force" in capsys.readouterr().err
    assert cli_main([*argv, "--force", "--from", "2000-01-01", "--to", "2000-01-02"]) == 0
    with out.open(encoding="utf-8-sig", newline="") as f:
        assert len(list(csv.reader(f))) == 1  # the header only


# --- the migration -----------------------------------------------------------


def test_0005_adds_the_case_column_and_goes_back(tmp_path: Path) -> None:
    from alembic import command

    from db.engine import make_engine
    from db.migrate import alembic_config, upgrade_to

    engine = make_engine(f"sqlite:///{tmp_path / 'v4.sqlite3'}")
    upgrade_to(engine, "0004")
    with engine.begin() as conn:
        conn.exec_driver_sql(
            "INSERT INTO audit_log (seq, uid, at, action) "
            f"VALUES (1, '{uuid.uuid4().hex}', '2024-04-08 00:00:00.000000', 'view')"
        )
    upgrade_to(engine, "0005")
    with engine.connect() as conn:
        columns = {row[1] for row in conn.exec_driver_sql("PRAGMA table_info(audit_log)")}
        indexes = {row[1] for row in conn.exec_driver_sql("PRAGMA index_list(audit_log)")}
        triggers = {
            row[0]
            for row in conn.exec_driver_sql(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_log'"
            )
        }
    assert "case_id" in columns and "ix_audit_log_case_id" in indexes
    assert triggers == {name for name, _ in SQLITE_TRIGGERS}
    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0004")
    with engine.connect() as conn:
        columns = {row[1] for row in conn.exec_driver_sql("PRAGMA table_info(audit_log)")}
        count = conn.exec_driver_sql("SELECT count(*) FROM audit_log").scalar()
        triggers_left = conn.exec_driver_sql(
            "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_log'"
        ).scalar()
    assert "case_id" not in columns and count == 1 and triggers_left == 0
    upgrade_to(engine, "0005")
    engine.dispose()


def test_an_export_that_cannot_be_written_leaves_no_entry(office: Office, tmp_path: Path) -> None:
    fill(office, 3)
    with pytest.raises(FileNotFoundError):
        export_csv(office.as_(office.supervisor), tmp_path / "missing" / "audit.csv")
    assert [row.seq for row in entries(office.as_(office.supervisor))] == [3, 2, 1]


def test_record_action_records_for_the_signed_in_actor(office: Office) -> None:
    record_action(
        office.as_(office.counselor),
        AuditAction.PRINT,
        entity_type="case",
        entity_id=office.case_id,
        case_id=office.case_id,
    )
    (seen,) = case_viewers(office.as_(office.supervisor), office.case_id)
    assert (seen.staff_login, seen.action) == ("co", "print")


def test_detail_refuses_nested_record_text(office: Office) -> None:
    with pytest.raises(ValueError), office.db.transaction() as s:
        record(s, None, AuditAction.EDIT, detail={"changes": [{"narrative": "夫からの暴力"}]})
    with office.db.reading() as s:
        assert s.scalars(select(AuditEntry)).all() == []


def test_an_entry_may_name_staff_created_in_its_transaction(office: Office) -> None:
    with office.db.transaction() as s:
        staff = Staff(id=uuid.uuid4(), login="new", name="新人 はな", role=StaffRole.COUNSELOR)
        s.add(staff)  # not flushed: record() must flush it before its insert
        record(s, staff.id, AuditAction.CREATE, entity_type="staff", entity_id=staff.id)
    (row,) = entries(office.as_(office.supervisor))
    assert row.staff_login == "new"


def test_cli_verify_on_an_encrypted_database(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "encrypted.sqlite3"
    db = open_database(path, passphrase="a long office passphrase")
    with db.transaction() as s:
        staff = Staff(login="sv", name="上田 さくら", role=StaffRole.SUPERVISOR)
        staff.password_hash = casedesk.accounts.hash_password(PASSWORD)
        s.add(staff)
        s.flush()
        record(s, staff.id, AuditAction.VIEW, entity_type="case")
    db.close()
    monkeypatch.setenv("CASEDESK_PASSPHRASE", "a long office passphrase")
    signed_in_as(monkeypatch, "sv")
    assert cli_main(["audit", "verify", "--db", str(path)]) == 0
    assert "（2 件）" in capsys.readouterr().out  # the view and the CLI's own sign-in


def test_cli_refuses_a_missing_database(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    signed_in_as(monkeypatch, "sv")
    missing = tmp_path / "missing.sqlite3"
    assert cli_main(["audit", "verify", "--db", str(missing)]) == 2
    assert "ありません" in capsys.readouterr().err
    assert not missing.exists()
