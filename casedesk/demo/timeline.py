"""The demo's calendar: two fiscal years of days, how busy each one is, and
the time stamps rows get.

The monthly shape follows 神奈川県's 令和5年度 chart (quiet in spring, a
peak in November, busy all winter); weekends are quieter since only LINE
runs then, and the New Year holiday is quietest.  The second year is busier
than the first, as the seeds report for a program that is becoming known.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

# Consultations per month in 神奈川県 令和5年度 (seed 004), April first.
MONTH_WEIGHT: dict[int, float] = {
    4: 288, 5: 254, 6: 231, 7: 251, 8: 361, 9: 299,
    10: 336, 11: 474, 12: 416, 1: 403, 2: 393, 3: 375,
}  # fmt: skip
WEEKDAY_WEIGHT = (1.0, 1.0, 1.0, 1.0, 1.0, 0.55, 0.5)  # Monday first
SECOND_YEAR_GROWTH = 1.12
# Offices close on these (month, day); the movable holidays are left out,
# which only makes a few Mondays look like ordinary days.
FIXED_HOLIDAYS = frozenset(
    {
        (1, 1), (1, 2), (1, 3), (2, 11), (2, 23), (4, 29), (5, 3), (5, 4), (5, 5),
        (8, 11), (11, 3), (11, 23), (12, 29), (12, 30), (12, 31),
    }
)  # fmt: skip
JST_OFFSET_MINUTES = 9 * 60
_EPOCH = dt.date(1970, 1, 1)


def fiscal_year(day: dt.date) -> int:
    """年度: April to March, named by the year it starts in."""
    return day.year if day.month >= 4 else day.year - 1


def window_start(until: dt.date) -> dt.date:
    """1 April of the fiscal year before the one that contains ``until``."""
    return dt.date(fiscal_year(until) - 1, 4, 1)


@dataclass(frozen=True)
class Day:
    date: dt.date
    iso: str
    index: int
    fiscal_year: int
    office_open: bool  # weekday and not a holiday: phone, 面接 and visits happen
    # Naive-UTC stamps (see db.base.utcnow): the JST day starts at 15:00 UTC
    # the day before.
    _iso_before: str
    _midnight_ms: int

    def stamp(self, minute: int) -> tuple[int, str]:
        """Epoch milliseconds and the stored text of local (JST) ``minute`` of
        this day, as naive UTC."""
        utc_minute = minute - JST_OFFSET_MINUTES
        ms = self._midnight_ms + utc_minute * 60_000
        if utc_minute >= 0:
            date_text = self.iso
        else:
            date_text = self._iso_before
            utc_minute += 24 * 60
        hour, rest = divmod(utc_minute, 60)
        return ms, f"{date_text} {hour:02d}:{rest:02d}:00.000000"


def make_day(date: dt.date, index: int) -> Day:
    days = (date - _EPOCH).days
    holiday = (date.month, date.day) in FIXED_HOLIDAYS
    return Day(
        date=date,
        iso=date.isoformat(),
        index=index,
        fiscal_year=fiscal_year(date),
        office_open=date.weekday() < 5 and not holiday,
        _iso_before=(date - dt.timedelta(days=1)).isoformat(),
        _midnight_ms=days * 86_400_000,
    )


def day_weight(date: dt.date, first_fiscal_year: int, jitter: float) -> float:
    weight = MONTH_WEIGHT[date.month] * WEEKDAY_WEIGHT[date.weekday()] * jitter
    if (date.month, date.day) in FIXED_HOLIDAYS:
        weight *= 0.5
    if fiscal_year(date) > first_fiscal_year:
        weight *= SECOND_YEAR_GROWTH
    return weight


def apportion(total: int, weights: list[float]) -> list[int]:
    """Split ``total`` into integers proportional to ``weights`` that add up
    exactly (largest remainder; ties go to the earlier index, so the result
    is deterministic)."""
    whole = sum(weights)
    if total <= 0 or whole <= 0:
        return [0] * len(weights)
    shares = [total * w / whole for w in weights]
    counts = [int(s) for s in shares]
    short = total - sum(counts)
    order = sorted(range(len(weights)), key=lambda i: (counts[i] - shares[i], i))
    for i in order[:short]:
        counts[i] += 1
    return counts


@dataclass(frozen=True)
class Timeline:
    start: dt.date
    until: dt.date
    days: list[Day]
    consultations_per_day: list[int]
    # Expected consultations in each fiscal year had it run to 31 March, so
    # that the current year's targets are full-year figures.
    full_year_consultations: dict[int, int]

    @property
    def fiscal_years(self) -> list[int]:
        first = fiscal_year(self.start)
        return [first, first + 1]


def build_timeline(until: dt.date, consultations: int, rng: random.Random) -> Timeline:
    start = window_start(until)
    first_fy = fiscal_year(start)
    end_of_second_year = dt.date(first_fy + 2, 3, 31)
    all_dates: list[dt.date] = []
    date = start
    while date <= end_of_second_year:
        all_dates.append(date)
        date += dt.timedelta(days=1)
    weights = [day_weight(d, first_fy, rng.uniform(0.85, 1.15)) for d in all_dates]
    shown = [i for i, d in enumerate(all_dates) if d <= until]
    shown_weight = sum(weights[i] for i in shown) or 1.0
    per_fy: dict[int, float] = {}
    for d, w in zip(all_dates, weights, strict=True):
        per_fy[fiscal_year(d)] = per_fy.get(fiscal_year(d), 0.0) + w
    full_year = {fy: round(consultations * w / shown_weight) for fy, w in per_fy.items()}
    days = [make_day(all_dates[i], n) for n, i in enumerate(shown)]
    quotas = apportion(consultations, [weights[i] for i in shown])
    return Timeline(
        start=start,
        until=until,
        days=days,
        consultations_per_day=quotas,
        full_year_consultations=full_year,
    )
