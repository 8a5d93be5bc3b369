"""What a demo generation run produced, and the ways it can stop early."""

from __future__ import annotations

from dataclasses import dataclass


class DemoCancelled(Exception):
    """The progress callback asked to stop.  The database is left half
    filled (the chunks written so far are committed): delete the file."""


class DemoTargetNotEmpty(Exception):
    """The database already holds staff, cases or consultations.  Demo data
    mixed into a real program's records could never be told apart from them
    again, so the generator refuses and writes nothing."""


@dataclass(frozen=True)
class DemoCounts:
    """Rows written, by what a demo user would count."""

    staff: int
    agencies: int
    clients: int
    cases: int
    consultations: int
    anonymous_consultations: int
    referrals: int
    accompaniments: int
    conferences: int
    outreach_events: int
    goods_distributions: int
    group_sessions: int
    surveys: int
