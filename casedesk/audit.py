"""The audit trail: an entry for every case view, reveal, change, print,
export and sign-in, chained by hashes so that an edited or deleted entry
is detected.

Writing: ``record`` appends one entry inside the caller's write
transaction (``db.transaction()``), so the entry commits or rolls back
with the action it describes.  Each entry's hash covers its own fields and
the previous entry's hash; the chain's head (its seq and hash) is also kept
in ``settings`` (``ANCHOR_KEY``), updated in the same transaction, so that
deleting the newest entries is detected too.  A new entry follows the
anchor, not whatever row happens to be last: a tail deleted by SQL stays a
visible gap after later appends instead of being papered over.

Appends are serialised: on SQLite by the write transaction itself (it
begins IMMEDIATE), on PostgreSQL by a transaction-scoped advisory lock.

What ``detail`` may hold: ids, counts, flags and field NAMES (e.g.
``{"fields": ["phone"]}``), never a client's name, address, phone,
narrative or other record text: the audit trail is read and exported by
people who may not read the records.  ``record`` refuses a detail with a
key that names such a field (``FORBIDDEN_DETAIL_KEYS``).  A failed sign-in
records the login that was typed.

Reading (``verify``, ``entries``, ``case_viewers``, ``export_csv``) needs
``Permission.READ_AUDIT`` (supervisors and administrators).

On SQLite, triggers also refuse any UPDATE or DELETE of an entry
(``db.models.audit``): the chain is for whoever drops them first.

What the chain cannot do: someone who can write the database file and
knows this module can rebuild every hash and the anchor after a change.
Against that, keep the head's seq and hash (printed by ``casedesk audit
verify``) or an export somewhere else, and compare later
(``verify(db, expect=(seq, hash))``).
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import json
import os
import uuid
from collections.abc import Collection, Iterator, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any, cast

from sqlalchemy import (
    Connection,
    Select,
    Table,
    bindparam,
    func,
    insert,
    select,
    text,
    update,
)
from sqlalchemy.orm import Session

from casedesk.auth import Permission, require
from casedesk.database import Database
from db.base import utcnow
from db.ids import uuid7
from db.models.audit import AuditEntry
from db.models.cases import Case
from db.models.people import Staff
from db.models.settings import Setting


class AuditAction(StrEnum):
    VIEW = "view"
    REVEAL = "reveal"
    CREATE = "create"
    EDIT = "edit"
    DELETE = "delete"
    UNDELETE = "undelete"
    PURGE = "purge"
    PRINT = "print"
    EXPORT = "export"
    SEARCH = "search"
    SIGN_IN = "sign_in"
    SIGN_OUT = "sign_out"
    SIGN_IN_FAILED = "sign_in_failed"
    APPROVE = "approve"
    REJECT = "reject"


# For exports and the command line (the GUI translates through Qt).
ACTION_LABELS_JA: dict[AuditAction, str] = {
    AuditAction.VIEW: "閲覧",
    AuditAction.REVEAL: "個人情報の表示",
    AuditAction.CREATE: "作成",
    AuditAction.EDIT: "編集",
    AuditAction.DELETE: "削除",
    AuditAction.UNDELETE: "削除の取り消し",
    AuditAction.PURGE: "完全削除",
    AuditAction.PRINT: "印刷",
    AuditAction.EXPORT: "書き出し",
    AuditAction.SEARCH: "検索",
    AuditAction.SIGN_IN: "サインイン",
    AuditAction.SIGN_OUT: "サインアウト",
    AuditAction.SIGN_IN_FAILED: "サインイン失敗",
    AuditAction.APPROVE: "承認",
    AuditAction.REJECT: "却下",
}

# Actions that show a case's contents to someone: the "who looked at this" list.
LOOKING_ACTIONS: tuple[AuditAction, ...] = (
    AuditAction.VIEW,
    AuditAction.REVEAL,
    AuditAction.PRINT,
    AuditAction.EXPORT,
)

# Bump only with a migration that rehashes: old entries verify with the old form.
CHAIN_FORMAT = "casedesk-audit-1"
# The prev_hash of the first entry.
GENESIS_HASH = "0" * 64
# settings key holding "<seq>:<hash>" of the chain's newest entry.
ANCHOR_KEY = "audit_chain_head"
# pg_advisory_xact_lock key serialising appends on PostgreSQL ("audit" in ASCII).
PG_LOCK_KEY = 0x6175646974

# Keys of ``detail`` that would put record text into the trail.  A guard
# against the obvious mistake (``detail={"phone": client.phone}``), not a
# proof: values are not inspected.
FORBIDDEN_DETAIL_KEYS = frozenset(
    {
        "name",
        "real_name",
        "real_name_kana",
        "display_name",
        "display_name_kana",
        "line_name",
        "address",
        "phone",
        "email",
        "birth_date",
        "narrative",
        "notes",
        "household",
        "contact_safety_notes",
        "password",
    }
)


# --- writing -----------------------------------------------------------------


def _id_text(value: uuid.UUID | None) -> str | None:
    return None if value is None else str(value)


def _naive_utc(at: dt.datetime) -> dt.datetime:
    if at.tzinfo is not None:
        at = at.astimezone(dt.UTC).replace(tzinfo=None)
    return at


# json.dumps with these options would build an encoder per call (verify
# hashes every entry); the output is the same.
_CANONICAL = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


def entry_hash(
    *,
    seq: int,
    uid: uuid.UUID,
    at: dt.datetime,
    staff_id: uuid.UUID | None,
    action: str,
    entity_type: str | None,
    entity_id: uuid.UUID | None,
    case_id: uuid.UUID | None,
    detail: str | None,
    prev_hash: str | None,
) -> str:
    """sha256 (hex) of an entry's canonical form: a JSON array of its fields
    in a fixed order, ids hyphenated, ``at`` naive UTC to the microsecond,
    ``detail`` as the stored JSON text."""
    canonical = _CANONICAL.encode(
        [
            CHAIN_FORMAT,
            seq,
            str(uid),
            at.isoformat(timespec="microseconds"),
            _id_text(staff_id),
            str(action),
            entity_type,
            _id_text(entity_id),
            _id_text(case_id),
            detail,
            prev_hash,
        ]
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _json_default(value: object) -> object:
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, dt.date | dt.time):  # datetime is a date
        return value.isoformat()
    if isinstance(value, set | frozenset):
        return sorted(value, key=str)
    raise TypeError(f"audit detail cannot hold a {type(value).__name__}")


def _check_keys(value: object) -> None:
    if isinstance(value, Mapping):
        for key, item in value.items():
            if str(key) in FORBIDDEN_DETAIL_KEYS:
                raise ValueError(
                    f"audit detail must not hold record text ({key!r}); "
                    'record field names instead, e.g. {"fields": ["phone"]}'
                )
            _check_keys(item)
    elif isinstance(value, list | tuple | set | frozenset):
        for item in value:
            _check_keys(item)


def detail_text(detail: Mapping[str, object] | None) -> str | None:
    """The stored (and hashed) JSON form of a detail: sorted keys, compact."""
    if detail is None:
        return None
    _check_keys(detail)
    return json.dumps(
        detail,
        ensure_ascii=False,
        sort_keys=True,
        separators=(",", ":"),
        default=_json_default,
    )


@dataclass(frozen=True)
class _Anchor:
    seq: int
    hash: str


def _parse_anchor(value: str | None) -> _Anchor | None:
    if not value:
        return None
    seq_text, _, digest = value.partition(":")
    try:
        seq = int(seq_text)
    except ValueError:
        return None
    if len(digest) != 64:
        return None
    return _Anchor(seq, digest)


# Prepared once: appending is on the path of every view and save.
_AUDIT = cast(Table, AuditEntry.__table__)
_SETTINGS = cast(Table, Setting.__table__)
_SELECT_ANCHOR = select(_SETTINGS.c.value).where(_SETTINGS.c.key == ANCHOR_KEY)
# max(): SQLite and PostgreSQL read it off the end of the primary key.
_SELECT_LAST_SEQ = select(func.max(_AUDIT.c.seq))
_UPDATE_ANCHOR = (
    update(_SETTINGS).where(_SETTINGS.c.key == ANCHOR_KEY).values(value=bindparam("anchor"))
)
_INSERT_ANCHOR = insert(_SETTINGS).values(key=ANCHOR_KEY, value=bindparam("anchor"))
_INSERT_ENTRY = insert(_AUDIT)


# The head as record() needs it, in one round trip: whether the anchor row
# exists, its value, the last seq.
_SELECT_HEAD = select(
    _SELECT_ANCHOR.exists(),
    _SELECT_ANCHOR.scalar_subquery(),
    _SELECT_LAST_SEQ.scalar_subquery(),
)


def _read_anchor(conn: Connection) -> tuple[bool, _Anchor | None]:
    """(whether the settings row exists, its parsed value)."""
    row = conn.execute(_SELECT_ANCHOR).first()
    if row is None:
        return False, None
    return True, _parse_anchor(row[0])


def _lock_chain(conn: Connection) -> None:
    # SQLite: the write transaction began IMMEDIATE and holds the only write
    # lock.  (Called in a read transaction instead, SQLite refuses the first
    # write if another process appended meanwhile: an error, never a fork.)
    # PostgreSQL lets two transactions read the same head: lock first.
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": PG_LOCK_KEY})


def record(
    session: Session,
    staff_id: uuid.UUID | None,
    action: AuditAction,
    *,
    entity_type: str | None = None,
    entity_id: uuid.UUID | None = None,
    case_id: uuid.UUID | None = None,
    detail: Mapping[str, object] | None = None,
    at: dt.datetime | None = None,
) -> AuditEntry:
    """Append one entry to the chain inside the caller's open write
    transaction (``db.transaction()``): it is saved with the action it
    describes, or not at all.

    ``staff_id``: who acted (None for a failed sign-in with an unknown
    login).  ``entity_type``/``entity_id``: the record acted on (e.g.
    "consultation" and its id); ``case_id``: the case it belongs to, for
    the case's "who looked at this" list.  ``detail``: ids, counts and
    field names only (see the module's notes); ``ValueError`` for a key
    that names record text.  ``at``: when (default now; naive UTC, or
    aware and converted).

    Returns the entry as written (not attached to the session: the row is
    inserted directly, which keeps an append to three short statements)."""
    action = AuditAction(action)
    stored_detail = detail_text(detail)
    stamp = _naive_utc(at) if at is not None else utcnow()
    # The caller's pending objects first (the staff member or record the
    # entry names may be new in this transaction): the rows go in directly.
    session.flush()
    conn = session.connection()
    _lock_chain(conn)
    anchor_exists, anchor_value, last_seq = conn.execute(_SELECT_HEAD).one()
    anchor = _parse_anchor(anchor_value)
    # Normally the anchor and the last row agree.  When they do not, the
    # chain was tampered with: follow the anchor (a missing one: the
    # genesis), so that the break stays visible to ``verify``, and take a
    # seq past both, so that the user's action is never refused for it.
    seq = max(anchor.seq if anchor else 0, last_seq or 0) + 1
    prev_hash = anchor.hash if anchor else GENESIS_HASH
    values: dict[str, Any] = {
        "seq": seq,
        "uid": uuid7(),
        "at": stamp,
        "staff_id": staff_id,
        "action": action.value,
        "entity_type": entity_type,
        "entity_id": entity_id,
        "case_id": case_id,
        "detail": stored_detail,
        "prev_hash": prev_hash,
    }
    values["hash"] = entry_hash(**values)
    conn.execute(_INSERT_ENTRY, values)
    anchor_value = {"anchor": f"{seq}:{values['hash']}"}
    conn.execute(_UPDATE_ANCHOR if anchor_exists else _INSERT_ANCHOR, anchor_value)
    return AuditEntry(**values)


def record_action(
    db: Database,
    action: AuditAction,
    *,
    entity_type: str | None = None,
    entity_id: uuid.UUID | None = None,
    case_id: uuid.UUID | None = None,
    detail: Mapping[str, object] | None = None,
) -> None:
    """``record`` in a transaction of its own, for the signed-in actor: for
    actions that write nothing else (a case opened, a page printed)."""
    actor = db.actor
    with db.transaction() as session:
        record(
            session,
            actor.staff_id if actor else None,
            action,
            entity_type=entity_type,
            entity_id=entity_id,
            case_id=case_id,
            detail=detail,
        )


def last_failed_sign_ins(session: Session, login: str) -> list[dt.datetime]:
    """When sign-in failed for ``login`` since its last successful sign-in,
    newest first (for throttling).  Needs no permission: it runs before
    anyone is signed in."""
    staff_id = session.execute(select(Staff.id).where(Staff.login == login)).scalar()
    since = 0
    if staff_id is not None:
        since = (
            session.execute(
                select(AuditEntry.seq)
                .where(AuditEntry.action == AuditAction.SIGN_IN.value)
                .where(AuditEntry.staff_id == staff_id)
                .order_by(AuditEntry.seq.desc())
                .limit(1)
            ).scalar()
            or 0
        )
    rows = session.execute(
        select(AuditEntry.at, AuditEntry.staff_id, AuditEntry.detail)
        .where(AuditEntry.action == AuditAction.SIGN_IN_FAILED.value)
        .where(AuditEntry.seq > since)
        .order_by(AuditEntry.seq.desc())
    )
    found: list[dt.datetime] = []
    for at, who, stored in rows:
        mine = staff_id is not None and who == staff_id
        if mine or _detail_dict(stored).get("login") == login:
            found.append(at)
    return found


def _detail_dict(stored: str | None) -> dict[str, Any]:
    if not stored:
        return {}
    try:
        value = json.loads(stored)
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


# --- verifying ---------------------------------------------------------------


@dataclass
class AuditVerification:
    """The result of ``verify``.  ``problems``: (seq, what), in seq order;
    ``head_hash``: the newest entry's hash (None for an empty trail)."""

    ok: bool
    entries: int
    problems: list[tuple[int, str]] = field(default_factory=list)
    head_seq: int | None = None
    head_hash: str | None = None


_VERIFY_COLUMNS = (
    AuditEntry.seq,
    AuditEntry.uid,
    AuditEntry.at,
    AuditEntry.staff_id,
    AuditEntry.action,
    AuditEntry.entity_type,
    AuditEntry.entity_id,
    AuditEntry.case_id,
    AuditEntry.detail,
    AuditEntry.prev_hash,
    AuditEntry.hash,
)


def _span(first: int, last: int) -> str:
    return f"記録 {first}" if first == last else f"記録 {first}〜{last}"


def verify(db: Database, *, expect: tuple[int, str] | None = None) -> AuditVerification:
    """Walk the whole chain: every entry's hash, its link to the one before,
    no gap in seq, and the newest entry against the anchor in settings.

    ``expect``: a (seq, hash) noted earlier off the machine; the entry
    ``seq`` must still have that hash (catches a chain rebuilt since)."""
    require(db, Permission.READ_AUDIT)
    problems: list[tuple[int, str]] = []
    count = 0
    prev_seq = 0
    prev_hash: str | None = GENESIS_HASH
    prev_altered = False
    expected_hash_seen = False
    anchor_row_hash: str | None = None
    # One read transaction: the anchor and the rows are one snapshot (on
    # SQLite any read transaction is; PostgreSQL's default is not).
    with db.reading() as session:
        if session.get_bind().dialect.name == "postgresql":
            session.connection(execution_options={"isolation_level": "REPEATABLE READ"})
        anchor_exists, anchor = _read_anchor(session.connection())
        rows = session.execute(
            select(*_VERIFY_COLUMNS).order_by(AuditEntry.seq),
            execution_options={"yield_per": 2000},
        )
        for seq, uid, at, staff_id, action, etype, eid, case_id, detail, link, digest in rows:
            count += 1
            computed = entry_hash(
                seq=seq,
                uid=uid,
                at=at,
                staff_id=staff_id,
                action=action,
                entity_type=etype,
                entity_id=eid,
                case_id=case_id,
                detail=detail,
                prev_hash=link,
            )
            altered = computed != digest
            if altered:
                problems.append((seq, "内容が書き換えられています（ハッシュが一致しません）"))
            if seq > prev_seq + 1:
                missing = _span(prev_seq + 1, seq - 1)
                problems.append((prev_seq + 1, f"{missing} が削除されています"))
            elif seq < prev_seq + 1:  # only a first seq below 1 can be
                problems.append((seq, "通番が 1 より前です（差し込まれた記録）"))
            elif link != prev_hash and not altered and not prev_altered:
                # (Next to an entry already reported, a broken link says
                # nothing more.)
                problems.append(
                    (
                        seq,
                        f"直前の記録 {prev_seq} とつながっていません"
                        "（書き換え・差し込み・入れ替えのいずれか）",
                    )
                )
            if expect is not None and seq == expect[0]:
                expected_hash_seen = True
                if digest != expect[1]:
                    problems.append((seq, "控えておいたハッシュと一致しません（作り直された記録）"))
            if anchor is not None and seq == anchor.seq:
                anchor_row_hash = digest
            prev_seq, prev_hash, prev_altered = seq, digest, altered
    last_seq = prev_seq
    if count and not anchor_exists:
        problems.append((last_seq, "最新の記録の控え（settings）が消されています"))
    elif anchor_exists and anchor is None:
        problems.append((last_seq, "最新の記録の控え（settings）が壊れています"))
    elif anchor is not None:
        if anchor.seq > last_seq:
            problems.append(
                (last_seq + 1, f"末尾の {_span(last_seq + 1, anchor.seq)} が削除されています")
            )
        elif anchor.seq < last_seq:
            problems.append(
                (
                    anchor.seq + 1,
                    f"{_span(anchor.seq + 1, last_seq)} は casedesk が書いた記録ではありません"
                    "（最新の記録の控えより後にあります）",
                )
            )
        if anchor_row_hash is not None and anchor_row_hash != anchor.hash:
            problems.append(
                (anchor.seq, "最新の記録の控えとハッシュが一致しません（書き換えられています）")
            )
    if expect is not None and not expected_hash_seen:
        problems.append((expect[0], "控えておいた記録がありません（削除されています）"))
    problems.sort(key=lambda p: p[0])
    return AuditVerification(
        ok=not problems,
        entries=count,
        problems=problems,
        head_seq=last_seq or None,
        head_hash=prev_hash if count else None,
    )


# --- reading -----------------------------------------------------------------


@dataclass(frozen=True)
class AuditRow:
    """One entry as the supervisors' list shows it.  ``at`` is naive UTC
    (``local_time`` gives the computer's local time)."""

    seq: int
    at: dt.datetime
    staff_id: uuid.UUID | None
    staff_login: str | None
    staff_name: str | None
    action: str
    entity_type: str | None
    entity_id: uuid.UUID | None
    case_id: uuid.UUID | None
    case_no: str | None
    detail: dict[str, Any]
    hash: str | None

    @property
    def action_label(self) -> str:
        try:
            return ACTION_LABELS_JA[AuditAction(self.action)]
        except ValueError:
            return self.action


# The supervisors' list: a select of several columns.
_RowsSelect = Select[*tuple[Any, ...]]


def local_time(stamp: dt.datetime) -> dt.datetime:
    """A naive-UTC stamp in the computer's local time (naive)."""
    return stamp.replace(tzinfo=dt.UTC).astimezone().replace(tzinfo=None)


def _utc_start_of(day: dt.date) -> dt.datetime:
    """The first instant of a local calendar day, as naive UTC.  A datetime
    is taken as it is (naive: UTC)."""
    if isinstance(day, dt.datetime):
        return _naive_utc(day)
    local_midnight = dt.datetime.combine(day, dt.time()).astimezone()
    return local_midnight.astimezone(dt.UTC).replace(tzinfo=None)


def _filtered(
    stmt: _RowsSelect,
    *,
    staff_id: uuid.UUID | None,
    action: AuditAction | str | Collection[AuditAction | str] | None,
    case_id: uuid.UUID | None,
    date_from: dt.date | None,
    date_to: dt.date | None,
) -> _RowsSelect:
    if staff_id is not None:
        stmt = stmt.where(AuditEntry.staff_id == staff_id)
    if action is not None:
        if isinstance(action, str):
            stmt = stmt.where(AuditEntry.action == AuditAction(action).value)
        else:
            stmt = stmt.where(AuditEntry.action.in_([AuditAction(a).value for a in action]))
    if case_id is not None:
        stmt = stmt.where(AuditEntry.case_id == case_id)
    if date_from is not None:
        stmt = stmt.where(AuditEntry.at >= _utc_start_of(date_from))
    if isinstance(date_to, dt.datetime):
        stmt = stmt.where(AuditEntry.at <= _naive_utc(date_to))
    elif date_to is not None:
        # Inclusive: before the start of the next day.
        stmt = stmt.where(AuditEntry.at < _utc_start_of(date_to + dt.timedelta(days=1)))
    return stmt


def _row_statement() -> _RowsSelect:
    return (
        select(
            AuditEntry.seq,
            AuditEntry.at,
            AuditEntry.staff_id,
            Staff.login,
            Staff.name,
            AuditEntry.action,
            AuditEntry.entity_type,
            AuditEntry.entity_id,
            AuditEntry.case_id,
            Case.case_no,
            AuditEntry.detail,
            AuditEntry.hash,
        )
        .outerjoin(Staff, Staff.id == AuditEntry.staff_id)
        .outerjoin(Case, Case.id == AuditEntry.case_id)
        .order_by(AuditEntry.seq.desc())
    )


def _audit_row(row: Any) -> AuditRow:
    seq, at, staff_id, login, name, action, etype, eid, case_id, case_no, detail, digest = row
    return AuditRow(
        seq=seq,
        at=at,
        staff_id=staff_id,
        staff_login=login,
        staff_name=name,
        action=action,
        entity_type=etype,
        entity_id=eid,
        case_id=case_id,
        case_no=case_no,
        detail=_detail_dict(detail),
        hash=digest,
    )


def entries(
    db: Database,
    *,
    staff_id: uuid.UUID | None = None,
    action: AuditAction | str | Collection[AuditAction | str] | None = None,
    case_id: uuid.UUID | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    limit: int | None = 200,
    offset: int = 0,
) -> list[AuditRow]:
    """The trail, newest first, filtered: by who, by action (one or
    several), by case, by local calendar days ``date_from``..``date_to``
    (both inclusive).  ``limit`` None: all."""
    require(db, Permission.READ_AUDIT)
    stmt = _filtered(
        _row_statement(),
        staff_id=staff_id,
        action=action,
        case_id=case_id,
        date_from=date_from,
        date_to=date_to,
    )
    if limit is not None:
        stmt = stmt.limit(limit)
    if offset:
        stmt = stmt.offset(offset)
    with db.reading() as session:
        return [_audit_row(row) for row in session.execute(stmt)]


def count_entries(
    db: Database,
    *,
    staff_id: uuid.UUID | None = None,
    action: AuditAction | str | Collection[AuditAction | str] | None = None,
    case_id: uuid.UUID | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
) -> int:
    """How many entries ``entries`` would list with these filters and no limit."""
    require(db, Permission.READ_AUDIT)
    stmt = _filtered(
        select(func.count()).select_from(AuditEntry),
        staff_id=staff_id,
        action=action,
        case_id=case_id,
        date_from=date_from,
        date_to=date_to,
    )
    with db.reading() as session:
        return int(session.execute(stmt).scalar_one())


@dataclass(frozen=True)
class CaseViewing:
    """Someone saw (part of) a case: viewed, revealed, printed or exported."""

    at: dt.datetime  # naive UTC
    staff_id: uuid.UUID | None
    staff_login: str | None
    staff_name: str | None
    action: str
    entity_type: str | None
    entity_id: uuid.UUID | None

    @property
    def action_label(self) -> str:
        return ACTION_LABELS_JA[AuditAction(self.action)]


def case_viewers(db: Database, case_id: uuid.UUID) -> list[CaseViewing]:
    """Who looked at the case (views, reveals, prints, exports), newest first."""
    require(db, Permission.READ_AUDIT)
    stmt = (
        select(
            AuditEntry.at,
            AuditEntry.staff_id,
            Staff.login,
            Staff.name,
            AuditEntry.action,
            AuditEntry.entity_type,
            AuditEntry.entity_id,
        )
        .outerjoin(Staff, Staff.id == AuditEntry.staff_id)
        .where(AuditEntry.case_id == case_id)
        .where(AuditEntry.action.in_([a.value for a in LOOKING_ACTIONS]))
        .order_by(AuditEntry.seq.desc())
    )
    with db.reading() as session:
        return [CaseViewing(*row) for row in session.execute(stmt)]


# --- exporting ---------------------------------------------------------------

CSV_HEADER = [
    "通番",
    "日時",
    "日時(UTC)",
    "職員ログイン名",
    "職員名",
    "操作",
    "操作コード",
    "対象の種類",
    "対象ID",
    "ケース番号",
    "ケースID",
    "詳細",
    "ハッシュ",
]


def _csv_line(row: AuditRow) -> list[str]:
    def text_of(value: object) -> str:
        return "" if value is None else str(value)

    return [
        str(row.seq),
        local_time(row.at).isoformat(sep=" ", timespec="seconds"),
        row.at.isoformat(sep=" ", timespec="microseconds"),
        text_of(row.staff_login),
        text_of(row.staff_name),
        row.action_label,
        row.action,
        text_of(row.entity_type),
        text_of(row.entity_id),
        text_of(row.case_no),
        text_of(row.case_id),
        json.dumps(row.detail, ensure_ascii=False, sort_keys=True) if row.detail else "",
        text_of(row.hash),
    ]


def _filters_detail(filters: Mapping[str, object]) -> dict[str, object]:
    shown: dict[str, object] = {}
    for key, value in filters.items():
        if value is None:
            continue
        if isinstance(value, Collection) and not isinstance(value, str):
            shown[key] = sorted(str(v) for v in value)
        else:
            shown[key] = value
    return shown


def export_csv(
    db: Database,
    path: Path | str,
    *,
    staff_id: uuid.UUID | None = None,
    action: AuditAction | str | Collection[AuditAction | str] | None = None,
    case_id: uuid.UUID | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
) -> int:
    """Write the (filtered) trail to a CSV file, newest first, in UTF-8 with
    a BOM (Excel then reads the Japanese right); returns the rows written.

    The export is itself an EXPORT entry, committed with the file: if the
    entry cannot be saved the file is removed, and a file that cannot be
    written leaves no entry.  It is written beside ``path`` and renamed
    into place, so a reader never sees half a file."""
    actor = require(db, Permission.READ_AUDIT)
    target = Path(path)
    filters: dict[str, Any] = {
        "staff_id": staff_id,
        "action": action,
        "case_id": case_id,
        "date_from": date_from,
        "date_to": date_to,
    }
    stmt = _filtered(_row_statement(), **filters)
    partial = target.with_name(f".{target.name}.partial")
    written = 0
    placed = False
    try:
        # Read in a read transaction: the write lock (other people's saves
        # wait for it) is taken only to record the export and rename.
        with db.reading() as session, partial.open("w", encoding="utf-8-sig", newline="") as out:
            writer = csv.writer(out)
            writer.writerow(CSV_HEADER)
            for row in _iter_rows(session, stmt):
                writer.writerow(_csv_line(row))
                written += 1
            out.flush()
            os.fsync(out.fileno())
        with db.transaction() as session:
            record(
                session,
                actor.staff_id,
                AuditAction.EXPORT,
                # No case_id: reading the trail about a case is not
                # looking at the case (its "who looked at this" list).
                entity_type="audit_log",
                detail={"rows": written, "filters": _filters_detail(filters)},
            )
            os.replace(partial, target)
            placed = True
    except BaseException:
        partial.unlink(missing_ok=True)
        if placed:  # the entry did not commit: no file without its entry
            target.unlink(missing_ok=True)
        raise
    return written


def _iter_rows(session: Session, stmt: _RowsSelect) -> Iterator[AuditRow]:
    for row in session.execute(stmt, execution_options={"yield_per": 2000}):
        yield _audit_row(row)
