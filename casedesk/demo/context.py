"""What every part of the generator shares: the random source, the calendar,
the code ids, the staff and agencies written so far, and the row buffers."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from casedesk.demo.bulk import BulkWriter
from casedesk.demo.codes import Codes
from casedesk.demo.timeline import Day, Timeline
from db.ids import uuid7

# Dates past ``until`` that rows may point at (follow-ups, due dates, reviews).
FUTURE_DAYS = 400


@dataclass(frozen=True)
class StaffMember:
    id: str
    name: str
    role: str


@dataclass(frozen=True)
class AgencyRef:
    id: str
    name: str
    kind: str


@dataclass
class DemoContext:
    rng: random.Random
    codes: Codes
    writer: BulkWriter
    timeline: Timeline
    staff: list[StaffMember] = field(default_factory=list)
    agencies: list[AgencyRef] = field(default_factory=list)
    _iso: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        start = self.timeline.start
        total = len(self.timeline.days) + FUTURE_DAYS
        self._iso = [(start + dt.timedelta(days=i)).isoformat() for i in range(total)]

    @property
    def last_index(self) -> int:
        """Index of ``until``: nothing may have happened after it."""
        return len(self.timeline.days) - 1

    def day(self, index: int) -> Day:
        return self.timeline.days[index]

    def iso(self, index: int) -> str:
        """A date as stored, also for days after ``until`` (follow-ups)."""
        return self._iso[min(index, len(self._iso) - 1)]

    def stamp(self, index: int, minute: int) -> tuple[str, str]:
        """A new time-ordered id and the created/updated text for a row
        written at ``minute`` (JST) of day ``index``."""
        ms, text = self.timeline.days[min(index, self.last_index)].stamp(minute)
        return uuid7(ms).hex, text

    def next_office_day(self, index: int) -> int:
        """The first office day on or after ``index`` (may pass ``until``)."""
        days = self.timeline.days
        while index <= self.last_index and not days[index].office_open:
            index += 1
        return index

    @property
    def counselors(self) -> list[StaffMember]:
        return [s for s in self.staff if s.role == "counselor"]

    @property
    def supervisors(self) -> list[StaffMember]:
        return [s for s in self.staff if s.role == "supervisor"]

    def agencies_of(self, kind: str) -> list[AgencyRef]:
        return [a for a in self.agencies if a.kind == kind]
