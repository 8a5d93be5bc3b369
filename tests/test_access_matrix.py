"""The whole access matrix (issue 4): every role × every action × a
restricted and an unrestricted case, through the public service functions.

The world (tests/access_world.py): counselors A (leads U_A and the
restricted R_A), B (leads U_B and the restricted R_B, assigned to R_A), C (no
link to any case), supervisor S, administrator M.  The rule, written out by
hand in ``OPENS``: A opens U_A, R_A, U_B; B opens all four (R_A as
assigned); C opens the unrestricted ones; S all; M none.  Writes follow
reads.  Counselors may not manage accounts or code lists nor read the audit
trail; a counselor asks for her own due list only.

Each cell checks, when allowed: the call succeeds, what it writes is
written, and its audit entry is there (a view → VIEW, a reveal → REVEAL, a
write → CREATE/EDIT with the case's id); when forbidden: ``AccessDenied``,
no row of any table changed, no audit entry about the case, and no name,
phone or case number of the client in the message.  Lists do not refuse:
the cases the actor may not open are simply not in them, nor anything that
names them (a duplicate match, a due item, a participant, a goods line).

Each test works on its own copy of one world file built once per module.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import tempfile
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from casedesk import (
    accompaniments,
    accounts,
    audit,
    case_list,
    case_view,
    cases,
    code_lists,
    consultations,
    duplicates,
    followups,
    goods,
    group_sessions,
    intake,
    lookups,
    outreach,
    plans,
    referrals,
    timeline,
)
from casedesk.audit import AuditAction
from casedesk.auth import AccessDenied, NotSignedIn
from casedesk.database import Database, open_database
from casedesk.errors import ValidationError
from db.enums import ActionStatus, CodeCategory, ReferralStatus, StaffRole
from db.models.audit import AuditEntry
from db.models.cases import Case
from db.models.people import Client
from tests.access_world import (
    ACTORS,
    CASES,
    LOGINS,
    OPENS,
    R_A,
    R_B,
    TODAY,
    U_A,
    WORLD_CASES,
    A,
    B,
    C,
    M,
    S,
    World,
    build_world,
)
from tests.actors import as_login

NOW = dt.datetime.combine(TODAY, dt.time(10, 30))
# Left out of the "nothing written" snapshot: the audit trail and its head in
# settings (checked apart, entry by entry) and Alembic's revision.
UNCHECKED_TABLES = {"audit_log", "settings", "alembic_version"}


# --- the world, one copy per test ------------------------------------------


@pytest.fixture(scope="module")
def world_file(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, World]:
    path = tmp_path_factory.mktemp("access-world") / "world.sqlite3"
    return path, build_world(path)


@pytest.fixture
def world(world_file: tuple[Path, World]) -> World:
    return world_file[1]


@pytest.fixture
def scratch(tmp_path: Path) -> Iterator[Path]:
    """Where a test's copy of the world lives: in memory (/dev/shm) where
    there is one.  Each save commits with an fsync; on a busy disk the
    matrix's ~1,000 commits took most of its time.  The file, its WAL and
    SQLite's behaviour are the same."""
    shm = Path("/dev/shm")
    if not (shm.is_dir() and os.access(shm, os.W_OK)):
        yield tmp_path
        return
    directory = Path(tempfile.mkdtemp(prefix="casedesk-access-", dir=shm))
    try:
        yield directory
    finally:
        shutil.rmtree(directory, ignore_errors=True)


@pytest.fixture
def base_db(world_file: tuple[Path, World], scratch: Path) -> Iterator[Database]:
    """A fresh copy of the world, acting for nobody (``as_login`` binds one)."""
    source, _ = world_file
    target = scratch / "world.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        if Path(f"{source}{suffix}").exists():
            shutil.copyfile(f"{source}{suffix}", f"{target}{suffix}")
    database = open_database(target)
    yield database
    database.engine.dispose()


def acting(base: Database, who: str | None) -> Database:
    return base.as_user(None) if who is None else as_login(base, LOGINS[who])


# --- what changed -----------------------------------------------------------


def snapshot(db: Database) -> dict[str, list[str]]:
    """Every row of every table but the audit trail's, as text."""
    tables: dict[str, list[str]] = {}
    # On the driver's own connection, in one read transaction: SQLAlchemy's
    # statement handling took most of the time of ~50 small queries.
    with db.engine.connect() as conn:
        raw = conn.connection.driver_connection
        assert raw is not None
        names = [
            row[0]
            for row in raw.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        for name in names:
            if name not in UNCHECKED_TABLES:
                rows = raw.execute(f'SELECT * FROM "{name}"').fetchall()
                tables[name] = sorted(repr(row) for row in rows)
    return tables


def changed_tables(before: dict[str, list[str]], after: dict[str, list[str]]) -> set[str]:
    return {name for name in before.keys() | after.keys() if before.get(name) != after.get(name)}


def last_seq(db: Database) -> int:
    with db.reading() as session:
        return int(session.scalar(select(func.coalesce(func.max(AuditEntry.seq), 0))) or 0)


def entries_since(db: Database, seq: int) -> list[AuditEntry]:
    with db.reading() as session:
        return list(
            session.scalars(select(AuditEntry).where(AuditEntry.seq > seq).order_by(AuditEntry.seq))
        )


def assert_no_record_text(db: Database, seq: int) -> None:
    """The entries written since ``seq`` hold ids and field names only: no
    client's name or phone (the trail is read by people who may not read
    the records)."""
    for entry in entries_since(db, seq):
        shown = [s for k in CASES for s in secrets_of(k)[:3] if s in (entry.detail or "")]
        assert not shown, f"audit detail of {entry.action} holds {shown}"


def secrets_of(key: str) -> list[str]:
    spec = WORLD_CASES[key]
    return [spec.display_name, spec.real_name, spec.phone, spec.case_no]


def leaked(value: object, keys: frozenset[str] | set[str], world: World) -> list[str]:
    """The names, phones, case numbers and ids of ``keys``' cases found in
    ``repr(value)``."""
    shown = repr(value)
    found = [s for key in keys for s in secrets_of(key) if s in shown]
    for key in keys:
        for ident in (world.case_id(key), world.cases[key].client_id):
            if str(ident) in shown or repr(ident) in shown:
                found.append(f"{key} id {ident}")
    return found


# --- one case: the actions ----------------------------------------------------


@dataclass(frozen=True)
class CaseAction:
    name: str
    # (db acting for the actor, the world, the case key, the actor's staff id)
    run: Callable[[Database, World, str, uuid.UUID], object]
    # The audit actions one of which must be recorded, about the case, when
    # allowed (None: not audited, e.g. a read that is not a view).
    audit: frozenset[AuditAction] | None = None
    # The tables the action must change when allowed (empty: a read).
    writes: frozenset[str] = frozenset()
    # What a refusal raises.
    refusals: tuple[type[Exception], ...] = (AccessDenied,)
    # Field names the entry's detail must list ({"fields": [...]}).
    fields: frozenset[str] = frozenset()
    # The entry's entity_type, when the conventions fix it.
    entity_type: str | None = None


def _ids(world: World, key: str) -> Any:
    return world.cases[key]


def _close_and_reopen(db: Database, world: World, key: str, me: uuid.UUID) -> None:
    reason = world.code(CodeCategory.CLOSE_REASON, "課題解決")
    cases.close_case(db, world.case_id(key), TODAY, reason, "解決", me, today=TODAY)
    cases.reopen_case(db, world.case_id(key), "再度の相談", TODAY, me, today=TODAY)


def _update_client(db: Database, world: World, key: str, me: uuid.UUID) -> None:
    spec = WORLD_CASES[key]
    data = intake.ClientInput(
        display_name=spec.display_name,
        age_band_id=world.code(CodeCategory.AGE_BAND, "30代"),
        household="子ども2人",
    )
    intake.update_client(db, world.cases[key].client_id, data, include_sensitive=False, today=TODAY)


def _log_consultation(db: Database, world: World, key: str, me: uuid.UUID) -> uuid.UUID:
    data = consultations.ConsultationInput(
        consulted_on=TODAY,
        channel_id=world.code(CodeCategory.CHANNEL, "電話"),
        case_id=world.case_id(key),
        counselor_id=me,
        narrative="電話で近況を聞いた",
    )
    return consultations.log_consultation(db, data, today=TODAY)


def _log_accompaniment(db: Database, world: World, key: str, me: uuid.UUID) -> uuid.UUID:
    data = accompaniments.AccompanimentInput(
        case_id=world.case_id(key),
        accompanied_on=TODAY,
        staff_id=me,
        destination_kind_id=world.code(CodeCategory.AGENCY_KIND, "司法"),
        destination_name="家庭裁判所",
    )
    return accompaniments.log_accompaniment(db, data, today=TODAY)


def _save_goods_for_case(db: Database, world: World, key: str, me: uuid.UUID) -> uuid.UUID:
    data = goods.GoodsInput(
        item_id=world.code(CodeCategory.GOODS_ITEM, "生理用品"),
        quantity=1,
        handed_on=TODAY,
        case_no=WORLD_CASES[key].case_no,
    )
    return goods.save_goods(db, data, today=TODAY)


CREATE = frozenset({AuditAction.CREATE})
# Every client of the world has these filled: a reveal names them.
REVEALED = frozenset({"real_name", "phone"})
EDIT = frozenset({AuditAction.EDIT})
CREATE_OR_EDIT = frozenset({AuditAction.CREATE, AuditAction.EDIT})

CASE_ACTIONS: list[CaseAction] = [
    CaseAction(
        "case_view.load_case_header",
        lambda db, w, k, me: case_view.load_case_header(db, w.case_id(k)),
        audit=frozenset({AuditAction.VIEW}),
        entity_type="case",
    ),
    CaseAction(
        "case_view.reveal_sensitive",
        lambda db, w, k, me: case_view.reveal_sensitive(db, w.case_id(k), me),
        audit=frozenset({AuditAction.REVEAL}),
        fields=REVEALED,
    ),
    CaseAction(
        "intake.reveal_client",
        lambda db, w, k, me: intake.reveal_client(db, _ids(w, k).client_id, me),
        audit=frozenset({AuditAction.REVEAL}),
        fields=REVEALED,
    ),
    CaseAction(
        "intake.client_profile",
        lambda db, w, k, me: intake.client_profile(
            db, _ids(w, k).client_id, include_sensitive=False
        ),
    ),
    CaseAction(
        "intake.client_profile(include_sensitive)",
        lambda db, w, k, me: intake.client_profile(
            db, _ids(w, k).client_id, include_sensitive=True, staff_id=me
        ),
        audit=frozenset({AuditAction.REVEAL}),
        fields=REVEALED,
    ),
    CaseAction(
        "timeline.load_timeline",
        lambda db, w, k, me: timeline.load_timeline(db, w.case_id(k)),
    ),
    CaseAction("plans.load_plan", lambda db, w, k, me: plans.load_plan(db, w.case_id(k))),
    CaseAction(
        "referrals.referral_history",
        lambda db, w, k, me: referrals.referral_history(db, _ids(w, k).referral_id),
    ),
    CaseAction(
        "referrals.referral_for_move",
        lambda db, w, k, me: referrals.referral_for_move(db, _ids(w, k).referral_id),
    ),
    CaseAction(
        "consultations.consultation_defaults",
        lambda db, w, k, me: consultations.consultation_defaults(db, me, w.case_id(k), NOW),
    ),
    CaseAction(
        "plans.save_issue(new)",
        lambda db, w, k, me: plans.save_issue(
            db, w.case_id(k), plans.IssueInput(title="就労"), author_id=me
        ),
        audit=CREATE,
        writes=frozenset({"support_issues"}),
    ),
    CaseAction(
        "plans.save_issue(edit)",
        lambda db, w, k, me: plans.save_issue(
            db,
            w.case_id(k),
            plans.IssueInput(title="住まいの確保", goal="転居先を決める"),
            issue_id=_ids(w, k).issue_id,
        ),
        audit=EDIT,
        writes=frozenset({"support_issues"}),
    ),
    CaseAction(
        "plans.save_plan_item(new)",
        lambda db, w, k, me: plans.save_plan_item(
            db, _ids(w, k).issue_id, plans.PlanItemInput(action="不動産店に同行する")
        ),
        audit=CREATE,
        writes=frozenset({"plan_items"}),
    ),
    CaseAction(
        "plans.set_item_status",
        lambda db, w, k, me: plans.set_item_status(db, _ids(w, k).item_id, ActionStatus.DONE),
        audit=EDIT,
        writes=frozenset({"plan_items"}),
    ),
    CaseAction(
        "consultations.log_consultation",
        _log_consultation,
        audit=CREATE,
        writes=frozenset({"consultations"}),
    ),
    CaseAction(
        "accompaniments.log_accompaniment",
        _log_accompaniment,
        audit=CREATE,
        writes=frozenset({"accompaniments"}),
    ),
    CaseAction(
        "referrals.create_referral",
        lambda db, w, k, me: referrals.create_referral(
            db,
            w.case_id(k),
            agency_name="法テラス",
            purpose="離婚の相談",
            counselor_id=me,
            proposed_on=TODAY,
        ),
        audit=CREATE,
        writes=frozenset({"referrals", "referral_status_changes"}),
    ),
    CaseAction(
        "referrals.move_referral",
        lambda db, w, k, me: referrals.move_referral(
            db, _ids(w, k).referral_id, ReferralStatus.CONTACTED, TODAY, None, me
        ),
        audit=CREATE_OR_EDIT,
        writes=frozenset({"referrals", "referral_status_changes"}),
    ),
    CaseAction(
        "cases.close_case+reopen_case",
        _close_and_reopen,
        audit=EDIT,
        writes=frozenset({"cases"}),
    ),
    CaseAction(
        "intake.update_client",
        _update_client,
        audit=EDIT,
        writes=frozenset({"clients"}),
    ),
    CaseAction(
        "goods.save_goods(case_no)",
        _save_goods_for_case,
        audit=CREATE,
        writes=frozenset({"goods_distributions"}),
        # A case number is typed by hand: one she may not open is "no such
        # case", exactly as a mistyped one (nothing told about it).
        refusals=(AccessDenied, ValidationError),
    ),
]


def _case_cells() -> list[Any]:
    cells = []
    for action in CASE_ACTIONS:
        for who in ACTORS:
            for key in CASES:
                allowed = key in OPENS[who]
                cells.append(
                    pytest.param(
                        action,
                        who,
                        key,
                        allowed,
                        id=f"{action.name}-{who}-{key}-{'allow' if allowed else 'deny'}",
                    )
                )
    return cells


def _audit_about(entry: AuditEntry, world: World, key: str) -> bool:
    """The entry names the case, or its client."""
    return entry.case_id == world.case_id(key) or entry.entity_id == world.cases[key].client_id


@pytest.mark.parametrize(("action", "who", "key", "allowed"), _case_cells())
def test_case_action(
    base_db: Database, world: World, action: CaseAction, who: str, key: str, allowed: bool
) -> None:
    db = acting(base_db, who)
    me = world.staff[who]
    before, seq = snapshot(db), last_seq(db)
    if allowed:
        result = action.run(db, world, key, me)
        changed = changed_tables(before, snapshot(db))
        missing = action.writes - changed
        assert not missing, f"{action.name} by {who} on {key}: {missing} not written"
        if not action.writes:
            assert not changed, f"{action.name} (a read) changed {changed}"
        if action.audit is not None:
            new = entries_since(db, seq)
            mine = [
                e
                for e in new
                if e.staff_id == me
                and e.action in {a.value for a in action.audit}
                and e.case_id == world.case_id(key)
            ]
            assert mine, (
                f"{action.name} by {who} on {key}: no {sorted(action.audit)} audit entry; "
                f"got {[(e.action, e.entity_type, e.case_id) for e in new]}"
            )
            if action.entity_type is not None:
                assert action.entity_type in {e.entity_type for e in mine}
            if action.fields:
                listed = {f for e in mine for f in json.loads(e.detail or "{}").get("fields", [])}
                assert action.fields <= listed, f"REVEAL detail lists {listed}"
        assert_no_record_text(db, seq)
        # What it returns is about this case only: nothing of a case the
        # actor may not open rides along.
        others = set(CASES) - OPENS[who]
        assert not leaked(result, others, world)
        return
    with pytest.raises(action.refusals) as refused:
        action.run(db, world, key, me)
    message = str(refused.value)
    assert not [s for s in secrets_of(key) if s in message], message
    assert str(world.case_id(key)) not in message
    assert not changed_tables(before, snapshot(db)), f"{action.name} wrote while refused"
    about = [
        (e.action, e.entity_type) for e in entries_since(db, seq) if _audit_about(e, world, key)
    ]
    assert not about, f"refused, yet audited as done: {about}"


@pytest.mark.parametrize("action", CASE_ACTIONS, ids=[a.name for a in CASE_ACTIONS])
def test_case_action_not_signed_in(base_db: Database, world: World, action: CaseAction) -> None:
    db = acting(base_db, None)
    before = snapshot(db)
    with pytest.raises(NotSignedIn):
        action.run(db, world, R_A, world.staff[A])
    assert not changed_tables(before, snapshot(db))


# --- lists: the case list, duplicates, participants, goods, due list ----------

ALL_SEE = [pytest.param(who, id=who) for who in ACTORS]


def _list_or_refused(call: Callable[[], Any], who: str) -> Any:
    """The administrator reads no case: a list either refuses her or is empty."""
    if who == M:
        try:
            result = call()
        except AccessDenied:
            return None
        return result
    return call()


@pytest.mark.parametrize("who", ALL_SEE)
def test_case_list(base_db: Database, world: World, who: str) -> None:
    db = acting(base_db, who)
    expected = {world.case_id(k) for k in OPENS[who]}
    count = _list_or_refused(lambda: case_list.count_cases(db), who)
    if count is not None:
        assert count == len(expected)
    ids = _list_or_refused(lambda: case_list.case_ids(db), who)
    if ids is not None:
        assert set(ids) == expected
    head = _list_or_refused(lambda: case_list.list_head(db, limit=50), who)
    if head is not None:
        assert head.count == len(expected)
        assert set(head.ids) == expected
    # A quick search for a hidden case's name or number finds nothing.
    for key in set(CASES) - OPENS[who]:
        for typed in (WORLD_CASES[key].display_name, WORLD_CASES[key].case_no):
            filters = case_list.CaseFilters(text=typed)
            found = _list_or_refused(partial(case_list.case_ids, db, filters), who)
            assert not found, f"searching {typed!r} finds {key}"
            counted = _list_or_refused(partial(case_list.count_cases, db, filters), who)
            assert not counted
    # Asked for rows by id (a stale or guessed id), the forbidden ones are left out.
    every = [world.case_id(k) for k in CASES]
    rows = _list_or_refused(lambda: case_list.fetch_rows(db, every), who)
    if rows is not None:
        assert {row.id for row in rows} == expected
        assert not leaked(rows, set(CASES) - OPENS[who], world)


def _search_cells() -> list[Any]:
    return [
        pytest.param(who, key, by, id=f"{who}-{key}-{by}")
        for who in ACTORS
        for key in CASES
        for by in ("display_name", "phone")
    ]


@pytest.mark.parametrize(("who", "key", "by"), _search_cells())
def test_duplicates(base_db: Database, world: World, who: str, key: str, by: str) -> None:
    """A match in a case she may not open does not show its name, number or id."""
    db = acting(base_db, who)
    spec = WORLD_CASES[key]
    name_typed = spec.display_name if by == "display_name" else None
    phone_typed = spec.phone if by == "phone" else None
    hidden = set(CASES) - OPENS[who]
    calls: list[tuple[str, Callable[[], object]]] = [
        (
            "find_duplicates",
            lambda: duplicates.find_duplicates(db, display_name=name_typed, phone=phone_typed),
        ),
        (
            "possible_duplicates",
            lambda: intake.possible_duplicates(db, display_name=name_typed, phone=phone_typed),
        ),
    ]
    for name, call in calls:
        found = _list_or_refused(call, who)
        if found is None:
            continue
        assert not leaked(found, hidden, world), f"{name} shows {leaked(found, hidden, world)}"
        if key in OPENS[who]:
            # ... and a case she may open is still found (the check is not
            # simply switched off).
            assert spec.case_no in repr(found), f"{name} lost {key}"


@pytest.mark.parametrize(("who", "key"), [(w, k) for w in ACTORS for k in CASES])
def test_group_session_participants(base_db: Database, world: World, who: str, key: str) -> None:
    db = acting(base_db, who)
    spec = WORLD_CASES[key]
    if who == M:
        with pytest.raises(AccessDenied):
            group_sessions.find_participants(db, spec.display_name)
        return
    found = group_sessions.find_participants(db, spec.display_name)
    hidden = set(CASES) - OPENS[who]
    assert not leaked(found, hidden, world)
    if key in OPENS[who]:
        assert [p.client_id for p in found] == [world.cases[key].client_id]


@pytest.mark.parametrize("who", ALL_SEE)
def test_goods_list_hides_forbidden_case_numbers(base_db: Database, world: World, who: str) -> None:
    db = acting(base_db, who)
    if who == M:
        with pytest.raises(AccessDenied):
            goods.list_goods(db)
        return
    rows = goods.list_goods(db)
    assert rows, "the world's goods line is listed"
    case_nos = {row.case_no for row in rows}
    if R_A in OPENS[who]:
        assert WORLD_CASES[R_A].case_no in case_nos
    else:
        assert WORLD_CASES[R_A].case_no not in case_nos


def _due_cells() -> list[Any]:
    cells = []
    for who in ACTORS:
        for whose in (A, B, C):
            allowed = who in (S, whose)
            cells.append(
                pytest.param(
                    who, whose, allowed, id=f"{who}-asks-{whose}-{'allow' if allowed else 'deny'}"
                )
            )
    return cells


@pytest.mark.parametrize(("who", "whose", "allowed"), _due_cells())
def test_due_list(base_db: Database, world: World, who: str, whose: str, allowed: bool) -> None:
    db = acting(base_db, who)
    staff_id = world.staff[whose]
    if not allowed:
        with pytest.raises(AccessDenied) as refused:
            followups.due_followups(db, staff_id, TODAY)
        assert not [s for k in CASES for s in secrets_of(k) if s in str(refused.value)]
        with pytest.raises(AccessDenied):
            followups.due_counts(db, staff_id, TODAY)
        return
    items = followups.due_followups(db, staff_id, TODAY)
    seen = {world.key_of(item.case_id) for item in items}
    # Only cases the ASKER may open, and every item of the cases she leads.
    assert seen <= OPENS[who], f"{who}'s view of {whose}'s list shows {seen - OPENS[who]}"
    leads = {k for k in CASES if WORLD_CASES[k].lead == whose}
    assert leads <= seen
    assert not leaked(items, set(CASES) - OPENS[who], world)
    counts = followups.due_counts(db, staff_id, TODAY)
    assert sum(counts.values()) == len(items)


LIST_CALLS: list[tuple[str, Callable[[Database, World], object]]] = [
    ("case_list.count_cases", lambda db, w: case_list.count_cases(db)),
    ("case_list.case_ids", lambda db, w: case_list.case_ids(db)),
    ("case_list.list_head", lambda db, w: case_list.list_head(db, limit=10)),
    ("case_list.fetch_rows", lambda db, w: case_list.fetch_rows(db, [w.case_id(R_A)])),
    (
        "duplicates.find_duplicates",
        lambda db, w: duplicates.find_duplicates(db, display_name=WORLD_CASES[R_A].display_name),
    ),
    (
        "intake.possible_duplicates",
        lambda db, w: intake.possible_duplicates(db, phone=WORLD_CASES[R_A].phone),
    ),
    (
        "group_sessions.find_participants",
        lambda db, w: group_sessions.find_participants(db, WORLD_CASES[R_A].display_name),
    ),
    ("followups.due_followups", lambda db, w: followups.due_followups(db, w.staff[A], TODAY)),
    ("followups.due_counts", lambda db, w: followups.due_counts(db, w.staff[A], TODAY)),
]


@pytest.mark.parametrize("call", [c for _, c in LIST_CALLS], ids=[n for n, _ in LIST_CALLS])
def test_lists_not_signed_in(
    base_db: Database, world: World, call: Callable[[Database, World], object]
) -> None:
    with pytest.raises(NotSignedIn):
        call(acting(base_db, None), world)


def test_due_list_leaves_out_an_item_named_to_her_on_a_case_she_may_not_open(
    base_db: Database, world: World
) -> None:
    """R_B's plan has an action named to A; A may not open R_B."""
    items = followups.due_followups(acting(base_db, A), world.staff[A], TODAY)
    assert world.cross_item_id not in {item.source_id for item in items}
    everything = followups.due_followups(acting(base_db, S), world.staff[A], TODAY)
    assert world.cross_item_id in {item.source_id for item in everything}


# --- actions on no case: by role --------------------------------------------


@dataclass(frozen=True)
class RoleAction:
    name: str
    run: Callable[[Database, World, uuid.UUID], object]
    allowed: frozenset[str]
    audit: frozenset[AuditAction] | None = None
    writes: frozenset[str] = frozenset()


WORKERS = frozenset({A, B, C, S})
AUDIT_READERS = frozenset({S, M})
ADMINS = frozenset({M})


def _anonymous_consultation(db: Database, world: World, me: uuid.UUID) -> uuid.UUID:
    data = consultations.ConsultationInput(
        consulted_on=TODAY,
        channel_id=world.code(CodeCategory.CHANNEL, "LINE"),
        counselor_id=me,
        narrative="匿名の相談",
    )
    return consultations.log_consultation(db, data, today=TODAY)


def _save_outreach(db: Database, world: World, me: uuid.UUID) -> uuid.UUID:
    data = outreach.OutreachInput(
        kind_id=world.code(CodeCategory.OUTREACH_KIND, "パトロール"),
        held_on=TODAY,
        place="駅前",
        staff_ids=(me,),
    )
    return outreach.save_outreach_event(db, data)


def _save_goods(db: Database, world: World, me: uuid.UUID) -> uuid.UUID:
    data = goods.GoodsInput(
        item_id=world.code(CodeCategory.GOODS_ITEM, "食料品"), quantity=3, handed_on=TODAY
    )
    return goods.save_goods(db, data, today=TODAY)


def _save_group_session(db: Database, world: World, me: uuid.UUID) -> uuid.UUID:
    data = group_sessions.SessionInput(
        kind_id=world.code(CodeCategory.SESSION_KIND, "居場所"), held_on=TODAY, participants_count=4
    )
    return group_sessions.save_group_session(db, data)


def _beside(db: Database, name: str) -> Path:
    assert db.path is not None
    return db.path.parent / name


def _create_staff(db: Database, world: World, me: uuid.UUID) -> uuid.UUID:
    return accounts.create_staff(
        db, login="newcomer", name="新人 さん", role=StaffRole.COUNSELOR, password="a-long-password"
    )


def _rename_code(db: Database, world: World, me: uuid.UUID) -> None:
    code_lists.rename_code(db, world.code(CodeCategory.CHANNEL, "訪問"), "家庭訪問")


def _deactivate_code(db: Database, world: World, me: uuid.UUID) -> None:
    code_lists.set_code_active(db, world.code(CodeCategory.CHANNEL, "訪問"), False)


ROLE_ACTIONS: list[RoleAction] = [
    RoleAction(
        "consultations.log_consultation(anonymous)",
        _anonymous_consultation,
        WORKERS,
        audit=CREATE,
        writes=frozenset({"consultations"}),
    ),
    RoleAction(
        "consultations.consultation_defaults(anonymous)",
        lambda db, w, me: consultations.consultation_defaults(db, me, None, NOW),
        WORKERS,
    ),
    RoleAction(
        "intake.create_client_and_case",
        lambda db, w, me: intake.create_client_and_case(
            db,
            intake.ClientInput(display_name="はつね"),
            intake.CaseInput(opened_on=TODAY, lead_counselor_id=me),
            today=TODAY,
        ),
        WORKERS,
        audit=CREATE,
        writes=frozenset({"clients", "cases"}),
    ),
    RoleAction(
        "outreach.list_outreach_events",
        lambda db, w, me: outreach.list_outreach_events(db),
        WORKERS,
    ),
    RoleAction(
        "outreach.save_outreach_event",
        _save_outreach,
        WORKERS,
        audit=CREATE,
        writes=frozenset({"outreach_events"}),
    ),
    RoleAction("goods.list_goods", lambda db, w, me: goods.list_goods(db), WORKERS),
    RoleAction(
        "goods.save_goods",
        _save_goods,
        WORKERS,
        audit=CREATE,
        writes=frozenset({"goods_distributions"}),
    ),
    RoleAction(
        "group_sessions.list_group_sessions",
        lambda db, w, me: group_sessions.list_group_sessions(db),
        WORKERS,
    ),
    RoleAction(
        "group_sessions.save_group_session",
        _save_group_session,
        WORKERS,
        audit=CREATE,
        writes=frozenset({"group_sessions"}),
    ),
    # The code lists (and the forms' lookups built from them) hold no case
    # data: every signed-in role reads them.
    RoleAction(
        "code_lists.list_codes",
        lambda db, w, me: code_lists.list_codes(db, CodeCategory.CHANNEL),
        frozenset(ACTORS),
    ),
    RoleAction(
        "lookups.load_lookups",
        lambda db, w, me: lookups.load_lookups(db),
        frozenset(ACTORS),
    ),
    RoleAction(
        "code_lists.set_code_dv",
        lambda db, w, me: code_lists.set_code_dv(db, w.code(CodeCategory.TOPIC, "住まい"), True),
        ADMINS,
        audit=EDIT,
        writes=frozenset({"code_items"}),
    ),
    RoleAction(
        "code_lists.add_code",
        lambda db, w, me: code_lists.add_code(db, CodeCategory.CHANNEL, "手紙"),
        ADMINS,
        audit=CREATE,
        writes=frozenset({"code_items"}),
    ),
    RoleAction(
        "code_lists.rename_code",
        _rename_code,
        ADMINS,
        audit=EDIT,
        writes=frozenset({"code_items"}),
    ),
    RoleAction(
        "code_lists.set_code_active",
        _deactivate_code,
        ADMINS,
        audit=EDIT,
        writes=frozenset({"code_items"}),
    ),
    RoleAction(
        "accounts.create_staff",
        _create_staff,
        ADMINS,
        audit=CREATE,
        writes=frozenset({"staff"}),
    ),
    RoleAction("accounts.list_staff", lambda db, w, me: accounts.list_staff(db), ADMINS),
    RoleAction(
        "accounts.set_active",
        lambda db, w, me: accounts.set_active(db, w.staff[C], False),
        ADMINS,
        audit=EDIT,
        writes=frozenset({"staff"}),
    ),
    RoleAction(
        "code_lists.move_code",
        lambda db, w, me: code_lists.move_code(db, w.code(CodeCategory.CHANNEL, "訪問"), -1),
        ADMINS,
        audit=EDIT,
        writes=frozenset({"code_items"}),
    ),
    RoleAction(
        "audit.case_viewers",
        lambda db, w, me: audit.case_viewers(db, w.case_id(R_A)),
        AUDIT_READERS,
    ),
    RoleAction(
        "accounts.set_password",
        lambda db, w, me: accounts.set_password(db, w.staff[C], "another-long-password"),
        ADMINS,
        audit=EDIT,
        writes=frozenset({"staff"}),
    ),
    RoleAction("audit.entries", lambda db, w, me: audit.entries(db), AUDIT_READERS),
    RoleAction("audit.count_entries", lambda db, w, me: audit.count_entries(db), AUDIT_READERS),
    RoleAction(
        "audit.export_csv",
        lambda db, w, me: audit.export_csv(db, _beside(db, "audit.csv")),
        AUDIT_READERS,
        audit=frozenset({AuditAction.EXPORT}),
    ),
    RoleAction("audit.verify", lambda db, w, me: audit.verify(db), AUDIT_READERS),
]


def _role_cells() -> list[Any]:
    return [
        pytest.param(
            action,
            who,
            who in action.allowed,
            id=f"{action.name}-{who}-{'allow' if who in action.allowed else 'deny'}",
        )
        for action in ROLE_ACTIONS
        for who in ACTORS
    ]


@pytest.mark.parametrize(("action", "who", "allowed"), _role_cells())
def test_role_action(
    base_db: Database, world: World, action: RoleAction, who: str, allowed: bool
) -> None:
    db = acting(base_db, who)
    me = world.staff[who]
    before, seq = snapshot(db), last_seq(db)
    if allowed:
        action.run(db, world, me)
        changed = changed_tables(before, snapshot(db))
        missing = action.writes - changed
        assert not missing, f"{action.name} by {who}: {missing} not written"
        if not action.writes:
            assert not changed, f"{action.name} (a read) changed {changed}"
        if action.audit is not None:
            new = entries_since(db, seq)
            wanted = {a.value for a in action.audit}
            assert [e for e in new if e.staff_id == me and e.action in wanted], (
                f"{action.name} by {who}: no {sorted(wanted)} audit entry; "
                f"got {[(e.action, e.entity_type) for e in new]}"
            )
        assert_no_record_text(db, seq)
        return
    with pytest.raises(AccessDenied) as refused:
        action.run(db, world, me)
    assert not [s for k in CASES for s in secrets_of(k) if s in str(refused.value)]
    assert not changed_tables(before, snapshot(db)), f"{action.name} wrote while refused"


@pytest.mark.parametrize("action", ROLE_ACTIONS, ids=[a.name for a in ROLE_ACTIONS])
def test_role_action_not_signed_in(base_db: Database, world: World, action: RoleAction) -> None:
    db = acting(base_db, None)
    before = snapshot(db)
    with pytest.raises(NotSignedIn):
        action.run(db, world, world.staff[S])
    assert not changed_tables(before, snapshot(db))


# --- one record reached through another case ----------------------------------


def test_an_issue_of_a_hidden_case_is_not_edited_through_an_open_case(
    base_db: Database, world: World
) -> None:
    """A may open U_A but not R_B: R_B's issue, named with U_A's id, stays put."""
    db = acting(base_db, A)
    before = snapshot(db)
    with pytest.raises((AccessDenied, ValidationError)) as refused:
        plans.save_issue(
            db,
            world.case_id(U_A),
            plans.IssueInput(title="書き換え"),
            issue_id=world.cases[R_B].issue_id,
        )
    assert not [s for s in secrets_of(R_B) if s in str(refused.value)]
    assert not changed_tables(before, snapshot(db))


def test_an_action_of_a_hidden_case_is_not_edited_or_moved_through_an_open_case(
    base_db: Database, world: World
) -> None:
    db = acting(base_db, A)
    before = snapshot(db)
    # R_B's action, saved under U_A's issue.
    with pytest.raises((AccessDenied, ValidationError)):
        plans.save_plan_item(
            db,
            world.cases[U_A].issue_id,
            plans.PlanItemInput(action="書き換え"),
            item_id=world.cases[R_B].item_id,
        )
    # U_A's action, moved under R_B's issue.
    with pytest.raises((AccessDenied, ValidationError)):
        plans.save_plan_item(
            db,
            world.cases[R_B].issue_id,
            plans.PlanItemInput(action="移動"),
            item_id=world.cases[U_A].item_id,
        )
    # R_B's action named to A: she may not close it from her due list either.
    with pytest.raises(AccessDenied):
        plans.set_item_status(db, world.cross_item_id or uuid.uuid4(), ActionStatus.DONE)
    assert not changed_tables(before, snapshot(db))


@pytest.mark.parametrize("who", [A, B, C, S])
def test_group_session_participants_of_a_hidden_case(
    base_db: Database, world: World, who: str
) -> None:
    """The drop-in session of U_A's and R_A's clients: R_A's case number is
    not shown to who may not open it, and saving the session back as shown
    keeps every participant (nothing is lost by what was hidden)."""
    db = acting(base_db, who)
    assert world.group_session_id is not None
    detail = group_sessions.get_group_session(db, world.group_session_id)
    shown = {p.case_no for p in detail.participants}
    assert (WORLD_CASES[R_A].case_no in shown) == (R_A in OPENS[who])
    assert WORLD_CASES[U_A].case_no in shown
    group_sessions.save_group_session(db, detail.data)
    everything = group_sessions.get_group_session(acting(base_db, S), world.group_session_id)
    assert {p.client_id for p in everything.participants} == {
        world.cases[U_A].client_id,
        world.cases[R_A].client_id,
    }


def test_group_session_refused_to_the_administrator(base_db: Database, world: World) -> None:
    assert world.group_session_id is not None
    with pytest.raises(AccessDenied):
        group_sessions.get_group_session(acting(base_db, M), world.group_session_id)


@pytest.mark.parametrize(
    ("who", "allowed"), [pytest.param(w, R_A in OPENS[w], id=w) for w in ACTORS]
)
def test_a_new_case_for_a_returning_client(
    base_db: Database, world: World, who: str, allowed: bool
) -> None:
    """R_A, closed by the supervisor; her client comes back."""
    reason = world.code(CodeCategory.CLOSE_REASON, "連絡途絶")
    cases.close_case(
        acting(base_db, S), world.case_id(R_A), TODAY, reason, None, world.staff[S], today=TODAY
    )
    db = acting(base_db, who)
    client_id = world.cases[R_A].client_id
    data = intake.CaseInput(opened_on=TODAY, lead_counselor_id=world.staff[A], restricted=True)
    before, seq = snapshot(db), last_seq(db)
    if allowed:
        opened = intake.open_case_for_client(db, client_id, data, today=TODAY)
        assert [
            e
            for e in entries_since(db, seq)
            if e.action == AuditAction.CREATE.value and e.case_id == opened.case_id
        ]
        return
    with pytest.raises(AccessDenied) as refused:
        intake.open_case_for_client(db, client_id, data, today=TODAY)
    assert not [s for s in secrets_of(R_A) if s in str(refused.value)]
    assert not changed_tables(before, snapshot(db))


# --- a client with an unrestricted and a restricted case ------------------------


@dataclass(frozen=True)
class TwoCaseClient:
    client_id: uuid.UUID
    open_case: uuid.UUID  # unrestricted, older
    restricted_case: uuid.UUID  # restricted, newer, led by B


TWO_CASE_NAME = "ふたば"
OPEN_NO, RESTRICTED_NO = "2024-0201", "2025-0202"


def add_two_case_client(db: Database, world: World) -> TwoCaseClient:
    """A client who came back: her first case unrestricted, her newer one
    restricted and B's.  A and C may open the first only."""
    with db.transaction() as session:
        client = Client(display_name=TWO_CASE_NAME, real_name="二葉 光", phone="070-8080-9090")
        session.add(client)
        session.flush()
        first = Case(
            case_no=OPEN_NO,
            client_id=client.id,
            lead_counselor_id=world.staff[B],
            opened_on=dt.date(2024, 5, 1),
        )
        second = Case(
            case_no=RESTRICTED_NO,
            client_id=client.id,
            lead_counselor_id=world.staff[B],
            opened_on=dt.date(2025, 5, 1),
            restricted=True,
        )
        session.add_all([first, second])
        session.flush()
        return TwoCaseClient(client.id, first.id, second.id)


@pytest.mark.parametrize("who", [A, C])
def test_a_client_shows_only_the_cases_one_may_open(
    base_db: Database, world: World, who: str
) -> None:
    """Her profile, the duplicate check and the participant search name her
    unrestricted case, never the restricted one (not even as her newest)."""
    two = add_two_case_client(base_db, world)
    db = acting(base_db, who)
    hidden = (RESTRICTED_NO, str(two.restricted_case))

    profile = intake.client_profile(db, two.client_id, include_sensitive=False)
    assert profile.case_nos == (OPEN_NO,)

    for answer in (
        duplicates.find_duplicates(db, display_name=TWO_CASE_NAME),
        duplicates.find_duplicates(db, phone="070-8080-9090"),
    ):
        found = [c for c in answer if isinstance(c, duplicates.DuplicateCandidate)]
        assert [c.client_id for c in found] == [two.client_id]
        assert found[0].case_id == two.open_case
        assert found[0].case_no == OPEN_NO
        assert not [h for h in hidden if h in repr(found)]
    matches = intake.possible_duplicates(db, display_name=TWO_CASE_NAME)
    assert not [h for h in hidden if h in repr(matches)]

    participants = group_sessions.find_participants(db, TWO_CASE_NAME)
    assert [(p.client_id, p.case_no) for p in participants] == [(two.client_id, OPEN_NO)]

    seq = last_seq(db)
    intake.reveal_client(db, two.client_id, world.staff[who])
    assert two.restricted_case not in {e.case_id for e in entries_since(db, seq)}


def test_the_supervisor_sees_both_cases_of_the_client(base_db: Database, world: World) -> None:
    two = add_two_case_client(base_db, world)
    db = acting(base_db, S)
    profile = intake.client_profile(db, two.client_id, include_sensitive=False)
    assert set(profile.case_nos) == {OPEN_NO, RESTRICTED_NO}
    found = duplicates.find_duplicates(db, display_name=TWO_CASE_NAME)
    assert [c.case_no for c in found if isinstance(c, duplicates.DuplicateCandidate)] == [
        RESTRICTED_NO  # her newest
    ]


# --- the table itself ---------------------------------------------------------


def test_the_rule_as_written_matches_casedesk_access(base_db: Database, world: World) -> None:
    """The hand-written ``OPENS`` agrees with casedesk/access.py on this
    world (so a failing cell is a service's fault, not the table's)."""
    from casedesk.access import may_open

    for who in ACTORS:
        actor = acting(base_db, who).actor
        assert actor is not None
        with base_db.reading() as session:
            opens = {k for k in CASES if may_open(session, actor, world.case_id(k))}
        assert opens == OPENS[who], who


def test_a_refused_case_and_a_missing_one_read_alike(base_db: Database, world: World) -> None:
    """A guessed id tells nothing: C is refused R_A exactly as she is
    refused a case that does not exist."""
    db = acting(base_db, C)
    with pytest.raises(AccessDenied) as forbidden:
        case_view.load_case_header(db, world.case_id(R_A))
    with pytest.raises(AccessDenied) as missing:
        case_view.load_case_header(db, uuid.uuid4())
    assert str(forbidden.value) == str(missing.value)
