"""Fixed vocabularies that the program logic depends on.

Lists an office may change (channels, topics, age bands, agency kinds, ...)
are not here: they are rows of ``code_items``.  These values are stored as
short ASCII strings; their Japanese labels live in the UI translations.
"""

from __future__ import annotations

from enum import StrEnum


class StaffRole(StrEnum):
    COUNSELOR = "counselor"
    SUPERVISOR = "supervisor"
    ADMINISTRATOR = "administrator"


class CaseStatus(StrEnum):
    OPEN = "open"
    CLOSED = "closed"


class RiskLevel(StrEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"


class ContactKind(StrEnum):
    """新規 / 継続: whether a consultation is the client's first contact."""

    NEW = "new"
    CONTINUING = "continuing"


class Urgency(StrEnum):
    NONE = "none"
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    IMMEDIATE = "immediate"


class PlanStatus(StrEnum):
    DRAFT = "draft"
    PENDING_APPROVAL = "pending_approval"
    ADOPTED = "adopted"
    SUPERSEDED = "superseded"


class IssueStatus(StrEnum):
    OPEN = "open"
    RESOLVED = "resolved"
    DROPPED = "dropped"


class ActionStatus(StrEnum):
    PLANNED = "planned"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    CANCELLED = "cancelled"


class Responsible(StrEnum):
    """Who carries out a plan action: the program itself or a partner agency."""

    PROGRAM = "program"
    AGENCY = "agency"
    CLIENT = "client"


class ReferralStatus(StrEnum):
    """提案 → 連絡 → つながった, or 不成立."""

    PROPOSED = "proposed"
    CONTACTED = "contacted"
    CONNECTED = "connected"
    NOT_CONNECTED = "not_connected"


class ConferenceDecision(StrEnum):
    CONTINUE = "continue"
    CHANGE_PLAN = "change_plan"
    CLOSE = "close"


class Satisfaction(StrEnum):
    """Training survey: 大変よかった / よかった / どちらでもない / やや不満 / 不満."""

    VERY_GOOD = "very_good"
    GOOD = "good"
    NEUTRAL = "neutral"
    SOMEWHAT_DISSATISFIED = "somewhat_dissatisfied"
    DISSATISFIED = "dissatisfied"


class YesNo(StrEnum):
    YES = "yes"
    NO = "no"
    UNKNOWN = "unknown"


class CodeCategory(StrEnum):
    """The configurable code lists (see ``db.models.codes``)."""

    CHANNEL = "channel"
    TOPIC = "topic"
    VIOLENCE_KIND = "violence_kind"
    AGE_BAND = "age_band"
    AGENCY_KIND = "agency_kind"
    EMPLOYMENT = "employment"
    SPECIALIST = "specialist"
    OUTREACH_KIND = "outreach_kind"
    CONFERENCE_KIND = "conference_kind"
    SESSION_KIND = "session_kind"
    GOODS_ITEM = "goods_item"
    GOODS_PLACE = "goods_place"
    CLOSE_REASON = "close_reason"
