"""Program activities around the consultations: outreach events, goods handed
out, group sessions and their surveys, case conferences, LINE account
figures and the annual targets."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import NamedTuple

from casedesk.demo import narratives as text
from casedesk.demo.context import DemoContext, StaffMember
from casedesk.demo.names import SURNAMES
from casedesk.demo.timeline import apportion

OUTREACH_KINDS = ("popup", "patrol", "school", "welfare_volunteer", "event", "other")
OUTREACH_WEIGHTS = (35, 20, 15, 10, 12, 8)
# Share of all consultations held at pop-up events (出張相談会).
POPUP_SHARE = 0.035
# Training satisfaction: the shares 神奈川県 reports for its three trainings.
SATISFACTION = ("very_good", "good", "neutral", "somewhat_dissatisfied", "dissatisfied")
SATISFACTION_WEIGHTS = (41, 52, 2, 4.5, 0.5)


class PopupSlot(NamedTuple):
    """A pop-up consultation day: which event, where, how many consultations."""

    event_id: str
    place: str
    consultations: int
    start_minute: int
    end_minute: int


class CaseRef(NamedTuple):
    case_id: str
    counselor_id: str
    topic: str


def _clock(minute: int) -> str:
    return f"{minute // 60:02d}:{minute % 60:02d}:00.000000"


def _staff_team(ctx: DemoContext, size: int) -> list[StaffMember]:
    workers = [s for s in ctx.staff if s.role != "administrator"]
    return ctx.rng.sample(workers, min(size, len(workers)))


def write_outreach(ctx: DemoContext, consultations: int) -> dict[int, list[PopupSlot]]:
    """Outreach events with their staff and goods handed out there.

    Returns the pop-up days: the consultation generator records exactly
    that many consultations on the 出張相談会 channel at each event.
    """
    rng = ctx.rng
    days = ctx.timeline.days
    quotas = ctx.timeline.consultations_per_day
    count = max(24, min(800, consultations // 2500))
    planned: list[tuple[int, int, str]] = []
    for n in range(count):
        # A few pop-up days whatever the draw, so that every channel is used.
        kind = "popup" if n < 4 else rng.choices(OUTREACH_KINDS, OUTREACH_WEIGHTS)[0]
        index = rng.randrange(len(days))
        if kind in ("school", "welfare_volunteer", "patrol"):
            index = min(ctx.next_office_day(index), ctx.last_index)
        start = 19 * 60 if kind == "patrol" else rng.choice((10, 11, 13, 14)) * 60
        planned.append((index, start, kind))
    planned.sort()
    popups = [i for i, (_, _, kind) in enumerate(planned) if kind == "popup"]
    popup_counts = apportion(
        round(consultations * POPUP_SHARE), [rng.uniform(0.5, 1.5) for _ in popups]
    )
    per_event = dict(zip(popups, popup_counts, strict=True))

    slots: dict[int, list[PopupSlot]] = {}
    events = ctx.writer.buffer("outreach_events")
    event_staff = ctx.writer.buffer("outreach_event_staff")
    goods = ctx.writer.buffer("goods_distributions")
    item_period = ctx.codes.id("goods_item", "period")
    item_food = ctx.codes.id("goods_item", "food")
    place_event = ctx.codes.id("goods_place", "event")
    used_today: dict[int, int] = {}
    for n, (index, start, kind) in enumerate(planned):
        end = start + (120 if kind == "patrol" else rng.choice((120, 180, 240)))
        place = rng.choice(text.OUTREACH_PLACES[kind])
        event_id, stamp = ctx.stamp(index, end + 30)
        held = 0
        if kind == "popup":
            # At most half of the day's consultations happen at pop-ups.
            room = quotas[index] // 2 - used_today.get(index, 0)
            held = max(0, min(per_event.get(n, 0), room))
            used_today[index] = used_today.get(index, 0) + held
            if held:
                slots.setdefault(index, []).append(PopupSlot(event_id, place, held, start, end))
            approached = held + rng.randint(20, 120)
        elif kind == "patrol":
            approached = rng.randint(15, 80)
        elif kind == "school":
            approached = rng.randint(80, 400)
        else:
            approached = rng.randint(10, 150)
        if kind != "popup":
            held = rng.randint(0, 4)
        notes = "生理用品と相談カードを配布" if rng.random() < 0.5 else None
        events.append(
            (
                event_id, stamp, stamp, ctx.codes.id("outreach_kind", kind), ctx.iso(index),
                _clock(start), _clock(end), place, text.OUTREACH_TITLES[kind], approached, held,
                notes,
            )
        )  # fmt: skip
        for member in _staff_team(ctx, rng.randint(2, 3)):
            event_staff.append((event_id, member.id))
        if kind in ("popup", "event", "patrol") and rng.random() < 0.6:
            goods_id, _ = ctx.stamp(index, end + 31)
            item = item_period if rng.random() < 0.8 else item_food
            goods.append(
                (
                    goods_id, stamp, stamp, item, rng.randint(5, 40) * 5, ctx.iso(index),
                    place_event, place, event_id, None, None,
                )
            )  # fmt: skip
    return slots


def write_standing_goods(ctx: DemoContext) -> None:
    """Period products and other necessities left at schools, libraries and
    partner offices each month, by the hundred (大阪市 handed out 10,000 packs)."""
    rng = ctx.rng
    goods = ctx.writer.buffer("goods_distributions")
    items = ("period", "food", "hygiene", "other")
    places = ("school", "library", "office", "other")
    days = ctx.timeline.days
    month_starts = [d.index for d in days if d.date.day == 1] or [0]
    for first in month_starts:
        handed: list[tuple[int, str, str]] = []
        for _ in range(rng.randint(3, 7)):
            index = min(first + rng.randrange(28), ctx.last_index)
            item = rng.choices(items, (80, 8, 10, 2))[0]
            place_kind = rng.choices(places, (35, 30, 15, 20))[0]
            handed.append((index, item, place_kind))
        handed.sort()
        for index, item, place_kind in handed:
            goods_id, stamp = ctx.stamp(index, 16 * 60)
            quantity = rng.randint(5, 50) * 10 if item == "period" else rng.randint(10, 60)
            goods.append(
                (
                    goods_id, stamp, stamp, ctx.codes.id("goods_item", item), quantity,
                    ctx.iso(index), ctx.codes.id("goods_place", place_kind),
                    rng.choice(text.GOODS_PLACES[place_kind]), None, None,
                    "相談窓口の案内カードを同封" if rng.random() < 0.4 else None,
                )
            )  # fmt: skip


@dataclass(frozen=True)
class SessionPlan:
    day: int
    kind: str


def plan_group_sessions(ctx: DemoContext) -> dict[int, list[SessionPlan]]:
    """Drop-in space every Wednesday, peer support on the second Saturday,
    three trainings for other agencies' staff a year (as 神奈川県 runs)."""
    plans: dict[int, list[SessionPlan]] = {}
    trained: set[tuple[int, int]] = set()
    for day in ctx.timeline.days:
        date = day.date
        kinds: list[str] = []
        if date.weekday() == 2 and day.office_open:
            kinds.append("drop_in")
        if date.weekday() == 5 and 8 <= date.day <= 14:
            kinds.append("peer")
        month = (date.year, date.month)
        if date.month in (9, 11, 3) and date.day >= 15 and day.office_open and month not in trained:
            trained.add(month)
            kinds.append("training")
        for kind in kinds:
            plans.setdefault(day.index, []).append(SessionPlan(day.index, kind))
    return plans


def hold_group_session(ctx: DemoContext, plan: SessionPlan, attendees: list[str]) -> None:
    rng = ctx.rng
    start = 14 * 60 if plan.kind == "training" else rng.choice((10, 13, 14)) * 60
    end = start + (120 if plan.kind != "drop_in" else 180)
    session_id, stamp = ctx.stamp(plan.day, end + 20)
    training = plan.kind == "training"
    count = rng.randint(40, 110) if training else len(attendees) + rng.randint(0, 4)
    facilitator = (
        f"{rng.choice(SURNAMES)[0]}（{rng.choice(('弁護士', '臨床心理士', '社会福祉士'))}）"
        if training
        else rng.choice(ctx.staff).name
    )
    ctx.writer.buffer("group_sessions").append(
        (
            session_id, stamp, stamp, ctx.codes.id("session_kind", plan.kind), ctx.iso(plan.day),
            _clock(start), _clock(end), rng.choice(text.SESSION_THEMES[plan.kind]),
            "オンライン（Zoom）" if training else rng.choice(text.SESSION_PLACES[:2]),
            count, facilitator, None,
        )
    )  # fmt: skip
    if training:
        responses = ctx.writer.buffer("session_survey_responses")
        for _ in range(int(count * rng.uniform(0.6, 0.85))):
            response_id, _ = ctx.stamp(plan.day, end + 30)
            answer = rng.choices(SATISFACTION, SATISFACTION_WEIGHTS)[0]
            comment = rng.choice(text.TRAINING_COMMENTS) if rng.random() < 0.2 else None
            responses.append((response_id, stamp, stamp, session_id, answer, comment))
    else:
        links = ctx.writer.buffer("group_session_clients")
        for client_id in attendees:
            links.append((session_id, client_id))


def plan_conferences(ctx: DemoContext, consultations: int) -> dict[int, int]:
    """Conference days (office days only) and how many meet that day."""
    rng = ctx.rng
    count = max(12, min(600, consultations // 2000))
    office_days = [d.index for d in ctx.timeline.days if d.office_open]
    planned: dict[int, int] = {}
    for _ in range(count if office_days else 0):
        index = rng.choice(office_days)
        planned[index] = planned.get(index, 0) + 1
    return planned


def hold_conference(ctx: DemoContext, index: int, cases: list[CaseRef]) -> None:
    """One conference on ``cases``: who came, what was decided, who does what."""
    rng = ctx.rng
    kind = rng.choices(
        ("case_conference", "coordination", "case_review", "internal"), (50, 25, 15, 10)
    )[0]
    start = rng.choice((10, 13, 14, 15)) * 60
    end = start + rng.choice((60, 90, 120))
    conference_id, stamp = ctx.stamp(index, end + 60)
    chairs = ctx.supervisors or ctx.staff
    chair = rng.choice(chairs)
    online = rng.random() < 0.3
    w = ctx.writer
    w.buffer("conferences").append(
        (
            conference_id, stamp, stamp, ctx.codes.id("conference_kind", kind), ctx.iso(index),
            _clock(start), _clock(end), None if online else "相談室 会議スペース",
            1 if online else 0, rng.choice(text.CONFERENCE_TITLES), chair.id,
            "取扱注意。氏名は伏せて配布すること。",
        )
    )  # fmt: skip
    participants = w.buffer("conference_participants")
    staff_ids = {chair.id}
    part_id, _ = ctx.stamp(index, end + 61)
    participants.append((part_id, stamp, stamp, conference_id, chair.id, None, None, "司会"))
    for ref in cases:
        if ref.counselor_id not in staff_ids:
            staff_ids.add(ref.counselor_id)
            part_id, _ = ctx.stamp(index, end + 61)
            participants.append(
                (part_id, stamp, stamp, conference_id, ref.counselor_id, None, None, "担当相談員")
            )
    agencies = [] if kind == "internal" else rng.sample(ctx.agencies, rng.randint(2, 4))
    people: list[tuple[str, str]] = []
    for agency in agencies:
        person = f"{rng.choice(SURNAMES)[0]}（{agency.name}）"
        people.append((agency.id, person))
        part_id, _ = ctx.stamp(index, end + 61)
        participants.append(
            (part_id, stamp, stamp, conference_id, None, agency.id, person, "関係機関")
        )
    case_rows = w.buffer("conference_cases")
    roles = w.buffer("conference_roles")
    for ref in cases:
        cc_id, _ = ctx.stamp(index, end + 62)
        decision = rng.choices(("continue", "change_plan", "close"), (70, 25, 5))[0]
        case_rows.append(
            (
                cc_id, stamp, stamp, conference_id, ref.case_id, rng.choice(text.SITUATIONS_SHORT),
                rng.choice(text.PROGRESS), rng.choice(text.POLICIES),
                rng.choice(agencies).id if agencies else None, decision,
                ctx.iso(index + rng.randint(28, 60)),
            )
        )  # fmt: skip
        for _ in range(rng.randint(2, 3)):
            role_id, _ = ctx.stamp(index, end + 63)
            due = index + rng.randint(14, 45)
            status = "done" if due <= ctx.last_index and rng.random() < 0.7 else "planned"
            agency_id: str | None = None
            role_person: str | None = None
            staff_id: str | None = ref.counselor_id
            if people and rng.random() < 0.6:
                agency_id, role_person = rng.choice(people)
                staff_id = None
            roles.append(
                (
                    role_id, stamp, stamp, cc_id, agency_id, staff_id, role_person,
                    rng.choice(text.ROLE_TASKS), ctx.iso(due), status,
                )
            )  # fmt: skip


def write_line_figures(
    ctx: DemoContext, line_consultations: dict[dt.date, int], line_newcomers: dict[dt.date, int]
) -> None:
    """友だち登録者数 and slot use per month, as entered by hand.  About a
    fifth of friends ever consult (台東区: 22.6%); slots run at 35–55% use
    (台東区: 40.7%)."""
    rng = ctx.rng
    rows = ctx.writer.buffer("line_monthly_figures")
    total = rng.randint(300, 900)
    months = sorted({d.date.replace(day=1) for d in ctx.timeline.days})
    for month in months:
        used = line_consultations.get(month, 0)
        registered = int(line_newcomers.get(month, 0) * rng.uniform(3.5, 5.0)) + rng.randint(5, 40)
        total += registered - int(total * rng.uniform(0.003, 0.01))  # some block the account
        offered = max(used, round(used / rng.uniform(0.35, 0.55))) if used else 0
        index = (month - ctx.timeline.start).days
        row_id, stamp = ctx.stamp(min(index + 32, ctx.last_index), 17 * 60)
        rows.append(
            (row_id, stamp, stamp, month.isoformat(), registered, total, offered, used, None)
        )


def write_targets(ctx: DemoContext, actual_by_year: dict[int, dict[str, float]]) -> None:
    """目標 for both fiscal years: what the program promised its funder.

    Set near what it turned out to achieve (achievement rates of roughly
    85–120%, as in the seeds); the current year's are full-year figures.
    """
    rng = ctx.rng
    rows = ctx.writer.buffer("annual_targets")
    for fiscal_year, actual in sorted(actual_by_year.items()):
        so_far = actual.get("consultations_total", 0.0)
        full = ctx.timeline.full_year_consultations.get(fiscal_year, 0)
        scale = full / so_far if so_far else 1.0
        year_start = (dt.date(fiscal_year, 4, 1) - ctx.timeline.start).days
        for indicator, value in sorted(actual.items()):
            if indicator == "survey_felt_positive_rate":
                target = 70.0  # 大阪市's target
            elif indicator == "training_satisfaction_rate":
                target = 97.0  # 神奈川県's target
            else:
                expected = value * scale if indicator != "clients_distinct" else value * scale**0.8
                target = float(max(10, round(expected * rng.uniform(0.85, 1.15), -1)))
            row_id, stamp = ctx.stamp(min(year_start, ctx.last_index), 9 * 60)
            note = "年度当初に設定" if rng.random() < 0.3 else None
            rows.append((row_id, stamp, stamp, fiscal_year, indicator, target, note))
