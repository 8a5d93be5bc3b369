"""The case list: how many cases match, in what order, and what a row shows.

Built for a large office database (hundreds of thousands of cases, a million
consultations): SQL does the counting, ordering and per-case aggregates, and
the caller asks for rows a page at a time.  The list is taken in two steps:

1. ``case_ids`` gives the ordered ids of every matching case (cheap: one
   index scan).  A view keeps that list as its snapshot, so row *n* stays the
   same case while the user scrolls even if someone else adds a case.  A
   view that wants its first screen sooner asks ``list_head`` first (the
   count and the first page's ids) and the whole list after
   (ui/case_list_model.py).
2. ``fetch_rows`` turns a page of those ids into display rows, with each
   case's next due action (asked for the page's ids only).

A channel, topic or DV filter on its own is answered from per-case
summaries that the database keeps with triggers (db/models/case_summaries.py:
``case_channels``, ``case_topics``, ``cases.dv_ever``), not from the million
consultations: count, ids and first page in 55-65 ms instead of 250-550 ms
on the 1,000,000-consultation demo (~200,000 cases).  Combined with another
consultation filter or a date range, where one consultation must meet them
all, the consultations are asked as before.  Figures are in
benchmarks/case_list_filters.py and benchmarks/gui_case_list.py.

Filters and sort keys (casedesk/case_sort.py) are frozen dataclasses so they
can be passed to a worker thread and compared; adding a filter means adding
a field and one clause in ``_apply_case_filters`` or
``_consultation_clause``.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any, overload

from sqlalchemy import (
    ColumnElement,
    Executable,
    Select,
    SQLColumnExpression,
    String,
    Table,
    and_,
    exists,
    func,
    literal,
    literal_column,
    or_,
    select,
    true,
    type_coerce,
    union_all,
)
from sqlalchemy.orm import Session, aliased

from casedesk.access import case_row_visible, hidden_cases, visible
from casedesk.auth import Actor, Permission, actor_of
from casedesk.case_sort import NULLABLE_KEYS, sort_expression
from casedesk.case_sort import CaseSort as CaseSort
from casedesk.case_sort import SortKey as SortKey
from casedesk.database import Database
from casedesk.followups import FollowUpKind
from db.enums import ActionStatus, CaseStatus, PlanStatus, ReferralStatus, RiskLevel
from db.models.accompaniments import Accompaniment
from db.models.agencies import Agency
from db.models.case_summaries import case_channels, case_topics
from db.models.cases import Case
from db.models.codes import CodeItem
from db.models.conferences import ConferenceCase, ConferenceRole
from db.models.consultations import Consultation, consultation_topics
from db.models.people import Client, Staff
from db.models.plans import PlanItem, SupportIssue, SupportPlan
from db.models.referrals import Referral
from db.text_keys import fold

# SQLite builds before 3.32 allow only 999 bound parameters per statement;
# pages are far smaller than this, but a caller may pass more ids.
_MAX_IDS_PER_QUERY = 500
# The next-due query names the ids once in each of its five parts.
_MAX_IDS_PER_DUE_QUERY = _MAX_IDS_PER_QUERY // 5


@dataclass(frozen=True)
class CaseFilters:
    """What narrows the case list.  The default shows every case.

    ``channel_id``, ``topic_id``, ``dv_only`` and the date range are about
    the case's consultations: a case matches when one consultation meets all
    of them together (a LINE contact about housing in May, not a LINE
    contact in April and a housing one in June).  ``text`` is the quick
    search: the start of a display name, kana reading or LINE name (folded,
    so ｻｸ finds さくら), or of a case number.
    """

    status: CaseStatus | None = None
    counselor_id: uuid.UUID | None = None
    age_band_id: uuid.UUID | None = None
    channel_id: uuid.UUID | None = None
    topic_id: uuid.UUID | None = None
    dv_only: bool = False
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    text: str = ""


@dataclass(frozen=True)
class CaseRow:
    """One line of the case list: only what a counselor scans for."""

    id: uuid.UUID
    case_no: str
    display_name: str
    age_band: str | None
    lead_counselor: str | None
    last_contact: dt.date | None
    status: CaseStatus
    is_dv: bool
    risk_level: RiskLevel
    restricted: bool
    # The earliest open follow-up of an open case (as the due list has it:
    # plan action, referral, consultation or accompaniment follow-up,
    # conference task), what kind it is and what it says; None when there
    # is none or the case is closed.
    next_due_on: dt.date | None = None
    next_due_kind: FollowUpKind | None = None
    next_due_what: str | None = None


class CaseIds(Sequence[uuid.UUID]):
    """The ordered ids of a case list, kept as the database stores them (32
    hex digits) and made ``uuid.UUID`` only when read.

    Building 200,000 UUID objects takes about 0.36 s, more than the query
    itself; a view reads a few hundred of them.  Compares equal to any
    sequence of the same UUIDs (a list too)."""

    __slots__ = ("_keys",)

    def __init__(self, keys: list[str]) -> None:
        self._keys = keys

    def __len__(self) -> int:
        return len(self._keys)

    @overload
    def __getitem__(self, index: int) -> uuid.UUID: ...
    @overload
    def __getitem__(self, index: slice) -> list[uuid.UUID]: ...
    def __getitem__(self, index: int | slice) -> uuid.UUID | list[uuid.UUID]:
        if isinstance(index, slice):
            return [uuid.UUID(key) for key in self._keys[index]]
        return uuid.UUID(self._keys[index])

    def __iter__(self) -> Iterator[uuid.UUID]:
        return (uuid.UUID(key) for key in self._keys)

    def __contains__(self, value: object) -> bool:
        return isinstance(value, uuid.UUID) and value.hex in self._keys

    def __eq__(self, other: object) -> bool:
        if isinstance(other, CaseIds):
            return self._keys == other._keys
        if isinstance(other, Sequence) and not isinstance(other, str):
            return len(other) == len(self) and all(a == b for a, b in zip(self, other, strict=True))
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]  # mutable-looking, like a list

    def __repr__(self) -> str:
        return f"CaseIds({len(self)} ids)"


def _prefix(column: SQLColumnExpression[str], prefix: str) -> ColumnElement[bool]:
    # A range, not LIKE: SQLite uses an ordinary index for a range but not
    # for LIKE (which is case-insensitive there), and the keys are folded.
    return and_(column >= prefix, column < prefix + "\U0010ffff")


def _consultation_conditions(consultation: Any, filters: CaseFilters) -> list[ColumnElement[bool]]:
    """The filters on one consultation, for ``Consultation`` or an alias of it."""
    conditions: list[ColumnElement[bool]] = []
    if filters.channel_id is not None:
        conditions.append(consultation.channel_id == filters.channel_id)
    if filters.dv_only:
        conditions.append(consultation.is_dv.is_(True))
    if filters.date_from is not None:
        conditions.append(consultation.consulted_on >= filters.date_from)
    if filters.date_to is not None:
        conditions.append(consultation.consulted_on <= filters.date_to)
    return conditions


def _summary_table(filters: CaseFilters) -> tuple[Table, ColumnElement[bool]] | None:
    """The per-case summary (db/models/case_summaries.py) that alone answers
    the consultation filters, with its condition; None when none does.

    A summary knows "some consultation of the case was on the phone" but
    not which one, so it answers a channel or a topic filter only when it is
    the one consultation filter: with a second one (or a date range) both
    must hold for one consultation, and the consultations are asked."""
    if filters.date_from is not None or filters.date_to is not None or filters.dv_only:
        return None
    if filters.channel_id is not None and filters.topic_id is None:
        return case_channels, case_channels.c.channel_id == filters.channel_id
    if filters.topic_id is not None and filters.channel_id is None:
        return case_topics, case_topics.c.topic_id == filters.topic_id
    return None


def _dv_flag_answers(filters: CaseFilters) -> bool:
    """Whether "DV only" is the one consultation filter: cases.dv_ever answers it."""
    return (
        filters.dv_only
        and filters.channel_id is None
        and filters.topic_id is None
        and filters.date_from is None
        and filters.date_to is None
    )


def _consultation_clause(filters: CaseFilters, *, summaries: bool) -> ColumnElement[bool] | None:
    if summaries:
        if _dv_flag_answers(filters):
            return Case.dv_ever.is_(True)
        found = _summary_table(filters)
        if found is not None:
            table, condition = found
            return Case.id.in_(select(table.c.case_id).where(condition))
    conditions = _consultation_conditions(Consultation, filters)
    if not conditions and filters.topic_id is None:
        return None
    # The matching case ids are collected from the consultations first,
    # then the cases looked up: SQLite answers the collection from one
    # index holding case_id (channel, main complaint or date, with the day:
    # migration 0004; DV: 0003), so that a channel or complaint with a date
    # range does not read the million rows.  A correlated EXISTS per case
    # instead probed the consultations 200,000 times (1.5-5 s on the 1M
    # demo).  DISTINCT: the list SQLite builds for IN is 3-4 times shorter.
    matching: Select[Any] = select(Consultation.case_id).where(*conditions).distinct()
    if filters.topic_id is None:
        return Case.id.in_(matching)
    # A topic is the main complaint or one of the further topics: two
    # branches, each answered by its own index, rather than one OR that no
    # index answers.
    as_main = matching.where(Consultation.main_complaint_id == filters.topic_id)
    linked = aliased(Consultation)
    as_further = (
        select(linked.case_id)
        .join(consultation_topics, consultation_topics.c.consultation_id == linked.id)
        .where(
            consultation_topics.c.topic_id == filters.topic_id,
            *_consultation_conditions(linked, filters),
        )
    )
    return or_(Case.id.in_(as_main), Case.id.in_(as_further))


def _has_case_filters(filters: CaseFilters) -> bool:
    return (
        filters.status is not None
        or filters.counselor_id is not None
        or filters.age_band_id is not None
        or bool(fold(filters.text.strip()))
    )


def _apply_case_filters(stmt: Select[Any], filters: CaseFilters) -> Select[Any]:
    """The filters on the case itself and its client (not its consultations)."""
    if filters.status is not None:
        stmt = stmt.where(Case.status == filters.status)
    if filters.counselor_id is not None:
        stmt = stmt.where(Case.lead_counselor_id == filters.counselor_id)
    if filters.age_band_id is not None:
        stmt = stmt.where(
            Case.client_id.in_(select(Client.id).where(Client.age_band_id == filters.age_band_id))
        )
    text = filters.text.strip()
    key = fold(text)
    if key:
        by_name = select(Client.id).where(
            or_(
                _prefix(Client.display_name_key, key),
                _prefix(Client.display_kana_key, key),
                _prefix(Client.line_name_key, key),
            )
        )
        # "2025-00" finds cases by number as well as by name.
        by_number = _prefix(Case.case_no, unicodedata.normalize("NFKC", text))
        stmt = stmt.where(or_(Case.client_id.in_(by_name), by_number))
    return stmt


def _apply_filters(
    stmt: Select[Any], filters: CaseFilters, *, summaries: bool = True
) -> Select[Any]:
    """``stmt`` (over cases) narrowed by every filter.  ``summaries``: the
    per-case summaries may be read (SQLite, where triggers keep them)."""
    stmt = _apply_case_filters(stmt, filters)
    consultation = _consultation_clause(filters, summaries=summaries)
    if consultation is not None:
        stmt = stmt.where(consultation)
    return stmt


def _summaries_kept(db: Database) -> bool:
    # The summaries' triggers are SQLite's (db/models/case_summaries.py).
    return db.engine.dialect.name == "sqlite"


def _rule(actor: Actor | None, case_id: Any) -> ColumnElement[bool]:
    # None: the caller applies casedesk.access itself (see case_ids).
    return true() if actor is None else visible(actor, case_id)


def count_statement(
    filters: CaseFilters,
    *,
    actor: Actor | None,
    summaries: bool = True,
    within: Select[Any] | None = None,
) -> Select[Any]:
    """The query behind ``count_cases``: the cases ``actor`` may open that
    match (public so a benchmark can time it).  ``actor`` None: every case,
    for a caller that applies the access rule itself; ``within``: only the
    cases of that query of ids."""
    found = _summary_table(filters) if summaries else None
    if found is None:
        stmt = select(func.count()).select_from(Case).where(_rule(actor, Case.id))
        if within is not None:
            stmt = stmt.where(Case.id.in_(within))
        return _apply_filters(stmt, filters, summaries=summaries)
    table, condition = found
    # The summary's index range alone; the cases only when they filter too.
    stmt = select(func.count()).select_from(table).where(condition, _rule(actor, table.c.case_id))
    if within is not None:
        stmt = stmt.where(table.c.case_id.in_(within))
    if _has_case_filters(filters):
        stmt = _apply_case_filters(stmt.join(Case, Case.id == table.c.case_id), filters)
    return stmt


def ids_statement(
    filters: CaseFilters, sort: CaseSort, *, actor: Actor | None, summaries: bool = True
) -> Select[tuple[str]]:
    """The query behind ``case_ids``: the ids of the matching cases that
    ``actor`` may open, as stored (text), in display order (public so a
    benchmark can time it).  ``actor`` None: every matching case, for a
    caller that applies the access rule itself."""
    found = _summary_table(filters) if summaries and sort.key is SortKey.CASE_NO else None
    if found is None:
        column = sort_expression(sort.key)
        key = type_coerce(Case.id, String)
        stmt = _apply_filters(
            select(key).where(_rule(actor, Case.id)), filters, summaries=summaries
        )
        # The id breaks ties so that the order is total and repeatable;
        # with it the order is read from ix_cases_case_no_id alone.
        order: tuple[ColumnElement[Any], ...] = (column, Case.__table__.c.id)
    else:
        # The summary holds the case number: its index range is already in
        # list order, so the matching cases are neither looked up nor sorted
        # (0.06 s instead of 0.3 s for 64,000 phone cases on the 1M demo).
        table, condition = found
        key = type_coerce(table.c.case_id, String)
        stmt = select(key).select_from(table).where(condition, _rule(actor, table.c.case_id))
        if _has_case_filters(filters):
            stmt = _apply_case_filters(stmt.join(Case, Case.id == table.c.case_id), filters)
        order = (table.c.case_no, table.c.case_id)
    ordered = [c.desc() if sort.descending else c.asc() for c in order]
    if sort.key in NULLABLE_KEYS:
        # Cases without the value (no contact yet, no counselor) at the end
        # both ways, on SQLite as on PostgreSQL (which differ by default).
        ordered[0] = ordered[0].nulls_last()
    return stmt.order_by(*ordered)


def _hidden_keys(session: Session, actor: Actor) -> frozenset[str] | None:
    """The stored ids (32 hex digits) of the cases ``actor`` may not open;
    None when she opens every case.

    A list applies the rule by leaving these out rather than in SQL: they
    are few (restricted and someone else's), and "id NOT IN (...)" checked
    against each of 200,000 ids cost 0.4 s where the whole list costs 0.1 s
    (1M demo)."""
    hidden = hidden_cases(actor)
    if hidden is None:
        return None
    # As stored (text on SQLite), straight from the driver: through the Uuid
    # type 4,000 ids took 60 ms of the query's 20 (1M demo).
    as_text = select(type_coerce(hidden.subquery().c.id, String))
    result = session.connection().execute(as_text)
    try:
        keys = [row[0] for row in result.cursor.fetchall()]
    finally:
        result.close()
    if keys and not isinstance(keys[0], str):
        return frozenset(uuid.UUID(str(key)).hex for key in keys)  # PostgreSQL's UUIDs
    return frozenset(keys)


def count_cases(db: Database, filters: CaseFilters | None = None) -> int:
    """How many matching cases the signed-in actor may open."""
    actor = actor_of(db)
    if not actor.may(Permission.READ_CASES):
        return 0
    with db.reading() as session:
        return _count(session, actor, filters or CaseFilters(), _summaries_kept(db), None)


def _count(
    session: Session,
    actor: Actor,
    filters: CaseFilters,
    summaries: bool,
    hidden_keys: frozenset[str] | None,
) -> int:
    every = count_statement(filters, actor=None, summaries=summaries)
    total = int(session.execute(every).scalar_one())
    hidden = hidden_cases(actor)
    if hidden is None or total == 0:
        return total
    if hidden_keys is not None and filters == CaseFilters():
        return total - len(hidden_keys)  # every hidden case is in the total
    # Those she may not open, counted from their short list.
    out = count_statement(filters, actor=None, summaries=summaries, within=hidden)
    return total - int(session.execute(out).scalar_one())


def case_ids(
    db: Database,
    filters: CaseFilters | None = None,
    sort: CaseSort | None = None,
    *,
    limit: int | None = None,
) -> CaseIds:
    """Ids of the matching cases the signed-in actor may open, in display
    order (the list's snapshot); ``limit``: only the first so many (the page
    a view shows at once)."""
    actor = actor_of(db)
    if not actor.may(Permission.READ_CASES):
        return CaseIds([])
    with db.reading() as session:
        ids, _hidden = _ids(session, actor, filters, sort, _summaries_kept(db), limit)
    return ids


def _ids(
    session: Session,
    actor: Actor,
    filters: CaseFilters | None,
    sort: CaseSort | None,
    summaries: bool,
    limit: int | None,
) -> tuple[CaseIds, frozenset[str] | None]:
    # The stored text, not UUIDs: see CaseIds.  The access rule is applied
    # below, in Python (see _hidden_keys).
    stmt = ids_statement(
        filters or CaseFilters(), sort or CaseSort(), actor=None, summaries=summaries
    )
    hidden = _hidden_keys(session, actor)
    if limit is not None:
        # Enough rows that the first ``limit`` visible ones are among them.
        stmt = stmt.limit(limit + len(hidden or ()))
    result = session.connection().execute(stmt)
    try:
        # Straight from the driver's cursor: SQLAlchemy's row-by-row
        # fetch took 0.35 s of 0.5 s for 200,000 ids, this 0.15 s.
        keys = [row[0] for row in result.cursor.fetchall()]
    finally:
        result.close()
    if keys and not isinstance(keys[0], str):
        # A driver with a native UUID type (PostgreSQL) returns UUIDs.
        keys = [uuid.UUID(str(key)).hex for key in keys]
    if hidden:
        keys = [key for key in keys if key not in hidden]
        if limit is not None:
            keys = keys[:limit]
    return CaseIds(keys), hidden


@dataclass(frozen=True)
class ListHead:
    """What a view needs to paint its first screen: how many cases match
    and the first ids, in order (all of them when ``complete``)."""

    count: int
    ids: CaseIds
    complete: bool


def collects_before_ordering(filters: CaseFilters) -> bool:
    """Whether SQLite must collect every matching case before it can put the
    first in order: a date range (the consultations of the period) or a
    quick search (three name indexes and the case number).  Then the whole
    list costs what its first page costs (66 and 60 ms for one month on
    the 1M demo, 56 and 56 ms for a search), and counting it apart
    collects it a second time.  Without them the list is read in order
    from an index, and its first page alone is a fraction of a millisecond.
    """
    return (
        filters.date_from is not None
        or filters.date_to is not None
        or bool(fold(filters.text.strip()))
    )


def list_head(
    db: Database, filters: CaseFilters | None = None, sort: CaseSort | None = None, *, limit: int
) -> ListHead:
    """The count and the first ``limit`` ids of the list, by the quicker of
    two ways: count and first page, or the whole list at once."""
    filters = filters or CaseFilters()
    actor = actor_of(db)
    if not actor.may(Permission.READ_CASES):
        return ListHead(0, CaseIds([]), complete=True)
    summaries = _summaries_kept(db)
    with db.reading() as session:
        if collects_before_ordering(filters):
            ids, _hidden = _ids(session, actor, filters, sort, summaries, None)
            return ListHead(len(ids), ids, complete=True)
        first, hidden = _ids(session, actor, filters, sort, summaries, limit)
        if len(first) < limit:
            return ListHead(len(first), first, complete=True)
        count = _count(session, actor, filters, summaries, hidden)
    return ListHead(max(count, len(first)), first, complete=False)


def rows_statement(ids: Sequence[uuid.UUID], *, actor: Actor) -> Executable:
    """The query behind ``fetch_rows``: the rows of those of ``ids`` that
    ``actor`` may open (public so a test can check its plan)."""
    age_band = aliased(CodeItem)
    # Correlated subqueries run once per case of the page only, and each is
    # answered from the (case_id, consulted_on) index, not by scanning the
    # million consultations.
    last_contact = (
        select(func.max(Consultation.consulted_on))
        .where(Consultation.case_id == Case.id)
        .correlate(Case)
        .scalar_subquery()
    )
    # SELECT 1, not EXISTS's SELECT *: answered from the index alone.
    any_dv = (
        select(literal_column("1"))
        .where(Consultation.case_id == Case.id, Consultation.is_dv.is_(True))
        .correlate(Case)
        .exists()
    )
    return (
        select(
            Case.id,
            Case.case_no,
            Client.display_name,
            age_band.label,
            Staff.name,
            last_contact.label("last_contact"),
            Case.status,
            any_dv.label("is_dv"),
            Case.risk_level,
            Case.restricted,
        )
        .join(Client, Client.id == Case.client_id)
        .outerjoin(age_band, age_band.id == Client.age_band_id)
        .outerjoin(Staff, Staff.id == Case.lead_counselor_id)
        # The rule asked of the page's own rows (access.case_row_visible).
        .where(Case.id.in_(ids), case_row_visible(actor))
    )


def next_due_statement(ids: Sequence[uuid.UUID]) -> Executable:
    """Every open follow-up of the cases ``ids`` (public so a test can check
    its plan): columns case_id, due_on, kind, what.  The same items as the
    due list (casedesk/followups.py) for these cases, whoever is responsible;
    each part is found from its case_id index, for the page's cases only."""

    def kind(value: FollowUpKind) -> ColumnElement[str]:
        return literal(value.value, String).label("kind")

    open_actions = (ActionStatus.PLANNED, ActionStatus.IN_PROGRESS)
    plans = (
        select(
            SupportPlan.case_id.label("case_id"),
            PlanItem.due_on.label("due_on"),
            kind(FollowUpKind.PLAN_ACTION),
            PlanItem.action.label("what"),
        )
        .join(SupportIssue, SupportIssue.id == PlanItem.issue_id)
        .join(SupportPlan, SupportPlan.id == SupportIssue.plan_id)
        .where(
            SupportPlan.case_id.in_(ids),
            SupportPlan.status != PlanStatus.SUPERSEDED,
            PlanItem.status.in_(open_actions),
            PlanItem.due_on.is_not(None),
        )
    )
    referrals = (
        select(
            Referral.case_id,
            Referral.follow_up_on,
            kind(FollowUpKind.REFERRAL),
            func.coalesce(Agency.name, Referral.agency_name),
        )
        .outerjoin(Agency, Agency.id == Referral.agency_id)
        .where(
            Referral.case_id.in_(ids),
            # coalesce, a no-op on this NOT NULL column: SQLite (no
            # statistics) would otherwise read every proposed or contacted
            # referral by ix_referrals_status (2 values) rather than the
            # page's by case id (100).
            func.coalesce(Referral.status, Referral.status).in_(
                (ReferralStatus.PROPOSED, ReferralStatus.CONTACTED)
            ),
            Referral.follow_up_on.is_not(None),
        )
    )
    # As in the due list: a later consultation on the case settles a
    # consultation's or an accompaniment's follow-up.
    later = aliased(Consultation)
    consultations = select(
        Consultation.case_id,
        Consultation.follow_up_on,
        kind(FollowUpKind.CONSULTATION),
        Consultation.follow_up_note,
    ).where(
        Consultation.case_id.in_(ids),
        Consultation.follow_up_on.is_not(None),
        ~exists().where(
            later.case_id == Consultation.case_id,
            later.consulted_on >= Consultation.consulted_on,
            or_(later.consulted_on > Consultation.consulted_on, later.id > Consultation.id),
        ),
    )
    after = aliased(Consultation)
    accompaniments = (
        select(
            Accompaniment.case_id,
            Accompaniment.follow_up_on,
            kind(FollowUpKind.ACCOMPANIMENT),
            func.coalesce(Agency.name, Accompaniment.destination_name),
        )
        .outerjoin(Agency, Agency.id == Accompaniment.destination_agency_id)
        .where(
            Accompaniment.case_id.in_(ids),
            Accompaniment.follow_up_on.is_not(None),
            ~exists().where(
                after.case_id == Accompaniment.case_id,
                after.consulted_on > Accompaniment.accompanied_on,
            ),
        )
    )
    roles = (
        select(
            ConferenceCase.case_id,
            ConferenceRole.due_on,
            kind(FollowUpKind.CONFERENCE_ROLE),
            ConferenceRole.task,
        )
        .join(ConferenceCase, ConferenceCase.id == ConferenceRole.conference_case_id)
        .where(
            ConferenceCase.case_id.in_(ids),
            ConferenceRole.status.in_(open_actions),
            ConferenceRole.due_on.is_not(None),
        )
    )
    return union_all(plans, referrals, consultations, accompaniments, roles)


# Of two items due the same day, the one the due list shows first.
_KIND_ORDER = {kind: n for n, kind in enumerate(FollowUpKind)}


def _next_due(
    session: Session, ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, tuple[dt.date, FollowUpKind, str | None]]:
    earliest: dict[uuid.UUID, tuple[dt.date, FollowUpKind, str | None]] = {}
    for start in range(0, len(ids), _MAX_IDS_PER_DUE_QUERY):
        chunk = ids[start : start + _MAX_IDS_PER_DUE_QUERY]
        for case_id, due_on, kind_value, what in session.execute(next_due_statement(chunk)):
            kind = FollowUpKind(kind_value)
            known = earliest.get(case_id)
            if known is None or (due_on, _KIND_ORDER[kind]) < (known[0], _KIND_ORDER[known[1]]):
                earliest[case_id] = (due_on, kind, what)
    return earliest


def _fetch_chunk(session: Session, actor: Actor, ids: Sequence[uuid.UUID]) -> list[CaseRow]:
    rows = session.execute(rows_statement(ids, actor=actor)).all()
    # Closed cases have nothing due (the due list leaves them out too).
    due = _next_due(session, [r[0] for r in rows if r[6] is CaseStatus.OPEN])
    result: list[CaseRow] = []
    for r in rows:
        due_on, kind, what = due.get(r[0], (None, None, None))
        result.append(
            CaseRow(
                id=r[0],
                case_no=r[1],
                display_name=r[2],
                age_band=r[3],
                lead_counselor=r[4],
                last_contact=r[5],
                status=r[6],
                is_dv=bool(r[7]),
                risk_level=r[8],
                restricted=bool(r[9]),
                next_due_on=due_on,
                next_due_kind=kind,
                next_due_what=what,
            )
        )
    return result


def fetch_rows(db: Database, ids: Sequence[uuid.UUID]) -> list[CaseRow]:
    """Display rows for ``ids``, in the order given.

    A case deleted since its id was listed is left out; the caller matches
    rows to its ids by ``CaseRow.id``.
    """
    actor = actor_of(db)
    found: dict[uuid.UUID, CaseRow] = {}
    with db.reading() as session:
        for start in range(0, len(ids), _MAX_IDS_PER_QUERY):
            for row in _fetch_chunk(session, actor, ids[start : start + _MAX_IDS_PER_QUERY]):
                found[row.id] = row
    return [found[i] for i in ids if i in found]
