"""Clients, their cases and every consultation, simulated day by day.

Each day gets its share of the consultations (see timeline).  About one in
ten is an anonymous one-off; the rest go first to clients whose next contact
is due, then to newcomers.  A newcomer is given, on arrival, how many times
she will get in touch (most once or twice, a few for months) and how often,
so the mix of new and continuing contacts comes out of the order of events:
a client's first consultation in a case is 新規, the later ones 継続.

Working through the days in order keeps every row's time-ordered id close
to its predecessor's, which is what keeps a million inserts fast, and lets
each consultation refer only to things that already exist.
"""

from __future__ import annotations

import datetime as dt
import heapq
import random
from dataclasses import dataclass, field

from casedesk.demo import names
from casedesk.demo import narratives as text
from casedesk.demo.activities import CaseRef, PopupSlot
from casedesk.demo.context import AgencyRef, DemoContext, StaffMember
from casedesk.demo.sampling import Weighted
from db.text_keys import fold, fold_digits

TOPICS = (
    "dv_spouse", "dv_partner", "violence_family", "sexual_violence", "divorce_family",
    "childcare_education", "care", "poverty", "work", "housing", "health", "isolation",
    "relationships", "other",
)  # fmt: skip
TOPIC_WEIGHTS = (14, 5, 5, 3, 10, 7, 3, 11, 8, 5, 12, 8, 7, 2)
DV_TOPICS = frozenset(("dv_spouse", "dv_partner", "violence_family", "sexual_violence"))
RELATED: dict[str, tuple[str, ...]] = {
    "dv_spouse": ("divorce_family", "housing", "poverty", "childcare_education", "health"),
    "dv_partner": ("health", "housing", "relationships", "poverty"),
    "violence_family": ("housing", "health", "isolation", "poverty"),
    "sexual_violence": ("health", "work", "relationships"),
    "divorce_family": ("poverty", "childcare_education", "housing", "dv_spouse"),
    "childcare_education": ("isolation", "poverty", "health", "divorce_family"),
    "care": ("work", "health", "poverty", "isolation"),
    "poverty": ("work", "housing", "health", "childcare_education"),
    "work": ("poverty", "health", "relationships"),
    "housing": ("poverty", "work", "dv_spouse"),
    "health": ("isolation", "work", "relationships", "poverty"),
    "isolation": ("health", "relationships"),
    "relationships": ("health", "isolation", "work"),
    "other": ("isolation", "poverty"),
}
VIOLENCE = ("physical", "psychological", "sexual", "economic", "social")
VIOLENCE_P = (0.5, 0.85, 0.15, 0.3, 0.2)

AGE_BANDS = ("10s", "20s", "30s", "40s", "50s", "60s", "70plus", "unknown")
AGE_LABELS = ("10代", "20代", "30代", "40代", "50代", "60代", "70代以上", "年代不明")
# LINE reaches younger women (台東区: 若年層 50% on SNS against 15% by phone/面接).
AGE_WEIGHTS_LINE = (12, 30, 26, 17, 8, 3, 0.5, 3.5)
AGE_WEIGHTS_OTHER = (4, 15, 22, 24, 18, 9, 4, 4)
AGE_WEIGHTS_ANONYMOUS = (8, 20, 20, 17, 10, 4, 1, 20)

# popup is not drawn: it happens only at the outreach events (PopupSlot).
CHANNELS = ("line", "phone", "email", "interview", "visit", "online")
# Weekday weights: LINE gets the weekend contacts on top, and comes out at
# about half of all consultations, phone a fifth (as in the seeds).
NEW_CHANNEL_WEIGHTS = (34, 25, 8, 12, 6, 5)
ANONYMOUS_CHANNEL_WEIGHTS = (46, 44, 6, 0, 0, 4)
CONTINUING_CHANNEL_WEIGHTS = (26, 26, 5, 25, 11, 7)
# Only LINE runs at weekends and on holidays.
OFFICE_CHANNELS = frozenset(("phone", "email", "interview", "visit", "online"))

LINE_HOURS = tuple(range(10, 22))
LINE_HOUR_WEIGHTS = (2, 2, 2, 4, 4, 4, 5, 6, 8, 10, 10, 7)
DURATIONS = {
    "line": (30, 90), "phone": (10, 60), "email": (10, 30), "interview": (45, 90),
    "visit": (60, 120), "online": (30, 60), "popup": (15, 45),
}  # fmt: skip

REFERRAL_KINDS: dict[str, tuple[str, ...]] = {
    "violence": ("dv_center", "police", "legal", "shelter", "welfare"),
    "money": ("welfare", "welfare", "legal", "npo"),
    "family": ("legal", "government", "child_guidance", "education"),
    "work": ("employment",),
    "health": ("medical",),
    "general": ("npo", "government", "medical"),
}
# Where counselors go with clients: the destinations 神奈川県 counts.
ACCOMPANY_KINDS: dict[str, tuple[str, ...]] = {
    "violence": ("dv_center", "police", "legal", "welfare"),
    "money": ("welfare", "welfare", "government"),
    "family": ("legal", "government", "education", "child_guidance"),
    "work": ("employment",),
    "health": ("medical",),
    "general": ("government", "welfare", "medical"),
}
CLOSE_REASONS = ("resolved", "transferred", "client_request", "moved", "no_contact", "other")
CLOSE_WEIGHTS = (45, 20, 12, 8, 10, 5)
CLOSE_NOTES = {
    "resolved": "課題が整理でき、本人の生活が落ち着いたため終結。",
    "transferred": "関係機関の支援に移行したため終結。",
    "client_request": "本人から相談を終えたいと申し出があった。",
    "moved": "区外へ転居。転居先の窓口を案内した。",
    "no_contact": "連絡が途絶えたため終結。再開はいつでも可能と伝えてある。",
    "other": "その他の理由により終結。",
}
VISIT_PLACES = ("自宅", "近所の喫茶店", "地域包括支援センター相談室", "区役所の相談室")
SPECIALISTS = (("legal", "弁護士"), ("body", "助産師"), ("mind", "公認心理師"))
SPECIALIST_WEIGHTS = (50, 35, 15)


PICK_ANONYMOUS_CHANNEL = Weighted(CHANNELS, ANONYMOUS_CHANNEL_WEIGHTS)
PICK_NEW_CHANNEL = Weighted(CHANNELS, NEW_CHANNEL_WEIGHTS)
PICK_CONTINUING_CHANNEL = Weighted(CHANNELS, CONTINUING_CHANNEL_WEIGHTS)
PICK_LINE_HOUR = Weighted(LINE_HOURS, LINE_HOUR_WEIGHTS)
PICK_TOPIC = Weighted(TOPICS, TOPIC_WEIGHTS)
PICK_AGE_LINE = Weighted(AGE_BANDS, AGE_WEIGHTS_LINE)
PICK_AGE_OTHER = Weighted(AGE_BANDS, AGE_WEIGHTS_OTHER)
PICK_AGE_ANONYMOUS = Weighted(AGE_BANDS, AGE_WEIGHTS_ANONYMOUS)
PICK_SPECIALIST = Weighted([s for s, _ in SPECIALISTS], SPECIALIST_WEIGHTS)
# Urgency by the client's risk level; "none" is for contacts without violence.
PICK_URGENCY = {
    "none": Weighted(("none", "low", "medium", "high"), (55, 35, 9, 1)),
    "low": Weighted(("none", "low", "medium"), (30, 50, 20)),
    "medium": Weighted(("low", "medium", "high"), (30, 50, 20)),
    "high": Weighted(("medium", "high", "immediate"), (35, 50, 15)),
}
# 大阪市: 79.4% glad they consulted; the target for "felt more positive" is 70%.
PICK_GLAD = Weighted(("yes", "no", "unknown"), (79.4, 6, 14.6))
PICK_POSITIVE = Weighted(("yes", "no", "unknown"), (70, 12, 18))
PICK_CLOSE_REASON = Weighted(CLOSE_REASONS, CLOSE_WEIGHTS)
PICK_EMPLOYMENT = Weighted(
    ("regular", "non_regular", "self_employed", "homemaker", "unemployed", "unknown"),
    (20, 35, 4, 15, 16, 10),
)
PICK_RISK_DV = Weighted(("low", "medium", "high"), (50, 35, 15))
PICK_RISK = Weighted(("low", "medium", "high"), (89, 10, 1))

NEWCOMER_RESERVE = 0.12  # share of a day's known contacts kept for newcomers
MAX_SLIP_DAYS = 14  # a due contact that slips longer than this never happens
REOPEN_P = 0.012


def planned_contacts(rng: random.Random) -> int:
    """How many times a newcomer will be in touch: many once, a few for
    months (mean about 5)."""
    r = rng.random()
    if r < 0.43:
        return 1
    if r < 0.59:
        return 2
    if r < 0.69:
        return 3
    if r < 0.77:
        return rng.randint(4, 5)
    if r < 0.88:
        return rng.randint(6, 10)
    if r < 0.965:
        return rng.randint(11, 25)
    if r < 0.996:
        return rng.randint(26, 60)
    return rng.randint(61, 150)


class Client:
    """A client while her case is active.  Only active clients are kept in
    memory; the rest are already in the database."""

    __slots__ = (
        "age_band", "case_id", "channel", "counselor", "fiscal_years", "gap", "hard",
        "has_plan", "id", "last", "main", "pool", "remaining", "reopen", "returned", "risk",
        "seen", "slots", "violence",
    )  # fmt: skip

    def __init__(self) -> None:
        self.id = ""
        self.case_id = ""
        self.age_band = ""
        self.channel = "line"
        self.counselor = ""
        self.main = "other"
        self.pool: list[str] = []
        self.violence: list[str] = []
        self.risk = "low"
        self.remaining = 1
        self.seen = 0
        self.last = 0
        self.gap = 7.0
        self.reopen = False
        self.returned = False  # she has had an earlier case
        self.hard = False
        self.has_plan = False
        self.fiscal_years = 0  # bit per fiscal year she was in touch in
        self.slots: dict[str, object] = {}


@dataclass
class Tally:
    """What the year-end figures would show, for the targets and the LINE
    account figures (row counts come from the writer)."""

    anonymous: int = 0
    by_year: dict[int, dict[str, float]] = field(default_factory=dict)
    line_by_month: dict[dt.date, int] = field(default_factory=dict)
    line_newcomers_by_month: dict[dt.date, int] = field(default_factory=dict)

    def add(self, fiscal_year: int, indicator: str, amount: float = 1) -> None:
        year = self.by_year.setdefault(fiscal_year, {})
        year[indicator] = year.get(indicator, 0) + amount


ANONYMOUS, NEWCOMER, CONTINUING = 0, 1, 2


class Contact:
    """One consultation of the day, before it is written."""

    __slots__ = ("channel", "client", "created", "end", "kind", "slot", "start")

    def __init__(self, kind: int, client: Client | None, channel: str) -> None:
        self.kind = kind
        self.client = client
        self.channel = channel
        self.slot: PopupSlot | None = None
        self.start = 0
        self.end = 0
        self.created = 0


def _clock(minute: int) -> str:
    return f"{minute // 60:02d}:{minute % 60:02d}:00.000000"


class ConsultationSimulator:
    def __init__(self, ctx: DemoContext, popups: dict[int, list[PopupSlot]]) -> None:
        self.ctx = ctx
        self.rng = ctx.rng
        self.popups = popups
        self.tally = Tally()
        # Active clients by the day their next contact is due.
        self.heap: list[tuple[int, int, Client]] = []
        self._seq = 0
        self._cumulative = 0
        self.last = ctx.last_index
        # Active high-risk or long cases: what conferences discuss.
        self.hard: dict[str, Client] = {}
        self.case_numbers: dict[int, int] = {}
        self.first_fy = ctx.timeline.fiscal_years[0]
        c = ctx.codes
        self.topic_ids = c.ids("topic", list(TOPICS))
        self.violence_ids = c.ids("violence_kind", list(VIOLENCE))
        self.age_ids = c.ids("age_band", list(AGE_BANDS))
        self.age_labels = dict(zip(AGE_BANDS, AGE_LABELS, strict=True))
        self.channel_ids = c.ids("channel", [*CHANNELS, "popup"])
        self.specialist_ids = c.ids("specialist", [s for s, _ in SPECIALISTS])
        self.close_ids = c.ids("close_reason", list(CLOSE_REASONS))
        self.employment_ids = c.ids(
            "employment",
            ["regular", "non_regular", "self_employed", "student", "homemaker", "unemployed",
             "unknown"],
        )  # fmt: skip
        self.agency_kind_ids = c.ids(
            "agency_kind", sorted({k for ks in ACCOMPANY_KINDS.values() for k in ks})
        )
        self.goods_period = c.id("goods_item", "period")
        self.goods_office = c.id("goods_place", "office")
        self.counselors: list[StaffMember] = ctx.counselors or ctx.staff
        self.supervisors: list[StaffMember] = ctx.supervisors or ctx.staff
        self.by_kind: dict[str, list[AgencyRef]] = {}
        for agency in ctx.agencies:
            self.by_kind.setdefault(agency.kind, []).append(agency)
        surnames = self.rng.sample([s for s, _ in names.SURNAMES], len(SPECIALISTS))
        self.specialist_names = {
            code: f"{title} {surname}"
            for (code, title), surname in zip(SPECIALISTS, surnames, strict=True)
        }
        w = ctx.writer
        self.out_clients = w.buffer("clients")
        self.out_cases = w.buffer("cases")
        self.out_assignments = w.buffer("case_assignments")
        self.out_consultations = w.buffer("consultations")
        self.out_topics = w.buffer("consultation_topics")
        self.out_violence = w.buffer("consultation_violence_kinds")
        self.out_surveys = w.buffer("consultation_surveys")

    # --- the day ----------------------------------------------------------

    def run_day(self, index: int) -> int:
        """Write one day's consultations; returns how many."""
        rng = self.rng
        quota = self.ctx.timeline.consultations_per_day[index]
        # Every tenth consultation counted from the start is anonymous, so
        # the share is exact at any size.
        anonymous = (self._cumulative + quota) // 10 - self._cumulative // 10
        self._cumulative += quota
        known = quota - anonymous
        capacity = known - int(known * NEWCOMER_RESERVE)
        continuing: list[Client] = []
        heap = self.heap
        while heap and len(continuing) < capacity and heap[0][0] <= index:
            due, _, client = heapq.heappop(heap)
            if index - due > MAX_SLIP_DAYS:
                self._end_case(client, dropped=True)
            else:
                continuing.append(client)

        office = self.ctx.day(index).office_open
        contacts: list[Contact] = []
        for _ in range(anonymous):
            channel = PICK_ANONYMOUS_CHANNEL.pick(rng)
            contacts.append(Contact(ANONYMOUS, None, channel if office else "line"))
        for _ in range(known - len(continuing)):
            channel = PICK_NEW_CHANNEL.pick(rng)
            contacts.append(Contact(NEWCOMER, None, channel if office else "line"))
        for client in continuing:
            channel = client.channel if rng.random() < 0.8 else PICK_CONTINUING_CHANNEL.pick(rng)
            if not office and channel in OFFICE_CHANNELS:
                channel = "line"
            contacts.append(Contact(CONTINUING, client, channel))

        for slot in self.popups.get(index, ()):
            free = [i for i, c in enumerate(contacts) if c.slot is None]
            for i in rng.sample(free, min(slot.consultations, len(free))):
                contacts[i].slot = slot
                contacts[i].channel = "popup"

        for contact in contacts:
            self._times(contact)
        # Written in the order they were logged, so ids rise with the rows.
        contacts.sort(key=lambda c: c.created)
        for contact in contacts:
            self._consult(index, contact)
        return quota

    def _times(self, contact: Contact) -> None:
        rng = self.rng
        channel = contact.channel
        low, high = DURATIONS[channel]
        if contact.slot is not None:
            start = rng.randrange(contact.slot.start_minute, contact.slot.end_minute - low, 5)
        elif channel == "line":
            start = PICK_LINE_HOUR.pick(rng) * 60 + 5 * rng.randrange(12)
        elif channel == "interview":
            start = rng.choice((10, 11, 13, 14, 15, 16)) * 60 + rng.choice((0, 30))
        elif channel == "visit":
            start = rng.choice((10, 11, 13, 14, 15)) * 60
        elif channel == "online":
            start = rng.randrange(10 * 60, 19 * 60, 15)
        else:
            start = rng.randrange(10 * 60, 16 * 60 + 30, 5)
        contact.start = start
        contact.end = min(start + 5 * rng.randint(low // 5, high // 5), 23 * 60 + 50)
        contact.created = min(contact.end + rng.randint(3, 40), 23 * 60 + 59)

    # --- one consultation -----------------------------------------------------

    def _consult(self, index: int, contact: Contact) -> None:
        ctx, rng = self.ctx, self.rng
        day = ctx.day(index)
        consultation_id, stamp = ctx.stamp(index, contact.created)
        channel = contact.channel
        client = contact.client
        new = contact.kind != CONTINUING
        if contact.kind == NEWCOMER:
            client = self._arrive(index, channel, contact.created)
        elif client is not None and client.reopen:
            self._reopen(client, index, contact.created)
        bit = 1 << (day.fiscal_year - self.first_fy)
        tally = self.tally
        tally.add(day.fiscal_year, "consultations_total")

        if client is None:
            tally.anonymous += 1
            main = PICK_TOPIC.pick(rng)
            pool = [main, *rng.sample(RELATED[main], 1)]
            age_band = PICK_AGE_ANONYMOUS.pick(rng)
            violence = self._violence_kinds(pool)
            risk = "low"
            slots = self._slots(age_band, None)
            counselor = rng.choice(self.counselors).id
            case_id = None
            seen = 1
        else:
            if not client.fiscal_years & bit:
                client.fiscal_years |= bit
                tally.add(day.fiscal_year, "clients_distinct")
            client.seen += 1
            seen = client.seen
            # Her main complaint mostly stays; sometimes another of her problems leads.
            main = client.main if seen == 1 or rng.random() < 0.72 else rng.choice(client.pool)
            pool = client.pool
            age_band = client.age_band
            violence = client.violence
            risk = client.risk
            slots = client.slots
            slots["gap"] = index - client.last
            slots["seen"] = seen
            counselor = client.counselor if rng.random() < 0.7 else rng.choice(self.counselors).id
            case_id = client.case_id
            # 新規 is her first contact ever: a returning client's new case
            # starts 継続, so "new clients" counts each woman once.
            new = seen == 1 and not client.returned

        others = [t for t in pool if t != main]
        r = rng.random()
        if r < 0.45 or not others:
            further: list[str] = []
        else:
            further = rng.sample(others, min(1 if r < 0.8 else 2, len(others)))
        is_dv = main in DV_TOPICS or any(t in DV_TOPICS for t in further)
        urgency = self._urgency(is_dv, risk)
        follow_up_on = follow_up_note = None
        if client is not None and rng.random() < 0.25:
            follow_up_on = ctx.iso(index + rng.randint(3, 21))
            follow_up_note = rng.choice(text.FOLLOW_UP_NOTES)
        specialist_id = specialist_name = None
        if channel == "line" and rng.random() < 0.012:
            code = PICK_SPECIALIST.pick(rng)
            specialist_id, specialist_name = self.specialist_ids[code], self.specialist_names[code]
        if contact.slot is not None:
            place: str | None = contact.slot.place
        elif channel == "interview":
            place = "相談室"
        elif channel == "visit":
            place = rng.choice(VISIT_PLACES)
        else:
            place = None
        narrative = text.narrative(
            rng, main=main, further=further, channel=channel, new=new, slots=slots
        )
        self.out_consultations.append(
            (
                consultation_id, stamp, stamp, case_id, day.iso, _clock(contact.start),
                _clock(contact.end), self.channel_ids[channel], counselor, specialist_id,
                specialist_name, "new" if new else "continuing", self.age_ids[age_band],
                self.topic_ids[main], 1 if is_dv else 0, narrative, text.advice(rng, main),
                urgency, follow_up_on, follow_up_note, place,
                contact.slot.event_id if contact.slot is not None else None,
            )
        )  # fmt: skip
        for topic in further:
            self.out_topics.append((consultation_id, self.topic_ids[topic]))
        if is_dv:
            for kind in violence:
                self.out_violence.append((consultation_id, self.violence_ids[kind]))
        if channel == "line":
            month = day.date.replace(day=1)
            tally.line_by_month[month] = tally.line_by_month.get(month, 0) + 1
            tally.add(day.fiscal_year, "line_consultations")
            if new:
                tally.line_newcomers_by_month[month] = (
                    tally.line_newcomers_by_month.get(month, 0) + 1
                )
            if rng.random() < 0.06:
                self._survey(index, consultation_id if rng.random() < 0.6 else None, stamp)
        if client is not None:
            self._follow_through(client, index, main, channel, contact.created)
            self._schedule(client, index)

    def _urgency(self, is_dv: bool, risk: str) -> str:
        return PICK_URGENCY[risk if is_dv else "none"].pick(self.rng)

    def _violence_kinds(self, pool: list[str]) -> list[str]:
        if not any(t in DV_TOPICS for t in pool):
            return []
        rng = self.rng
        kinds = [k for k, p in zip(VIOLENCE, VIOLENCE_P, strict=True) if rng.random() < p]
        if "sexual_violence" in pool and "sexual" not in kinds:
            kinds.append("sexual")
        return kinds or ["psychological"]

    def _slots(self, age_band: str, household: str | None) -> dict[str, object]:
        rng = self.rng
        return {
            "area": rng.choice(text.AREAS),
            "household": household or rng.choice(text.HOUSEHOLDS),
            "age": self.age_labels[age_band],
            "years": rng.randint(2, 25),
            "child": rng.choice(text.CHILD_WORDS),
            "child_age": rng.randint(3, 17),
            "amount": rng.randint(3, 30) * 10,
            "gap": 0,
            "seen": 1,
        }

    def _survey(self, index: int, consultation_id: str | None, stamp: str) -> None:
        rng = self.rng
        survey_id, _ = self.ctx.stamp(index, 23 * 60 + 59)
        self.out_surveys.append(
            (
                survey_id, stamp, stamp, consultation_id, self.channel_ids["line"],
                self.ctx.iso(index),
                PICK_GLAD.pick(rng),
                PICK_POSITIVE.pick(rng),
                rng.choice(text.SURVEY_COMMENTS) if rng.random() < 0.15 else None,
            )
        )  # fmt: skip

    # --- clients and cases -------------------------------------------------

    def _arrive(self, index: int, channel: str, minute: int) -> Client:
        ctx, rng = self.ctx, self.rng
        client = Client()
        client_id, stamp = ctx.stamp(index, minute)
        client.id = client_id
        client.channel = channel if channel != "popup" else rng.choice(("line", "phone"))
        uses_line = client.channel == "line" or rng.random() < 0.25
        age_band = (PICK_AGE_LINE if client.channel == "line" else PICK_AGE_OTHER).pick(rng)
        client.age_band = age_band
        in_person = channel in ("interview", "visit", "popup")
        display, display_kana, line_name = names.pseudonym(rng, uses_line)
        real_name = real_kana = birth_date = address = phone = email = None
        if rng.random() < (0.35 if in_person else 0.12):
            real_name, real_kana = names.real_name(rng)
            band = AGE_BANDS.index(age_band)
            if band < 7 and rng.random() < 0.6:
                age = 10 * (band + 1) + rng.randint(0 if band else 5, 9)
                born = ctx.day(index).date - dt.timedelta(days=365 * age + rng.randrange(365))
                birth_date = born.isoformat()
        if rng.random() < (0.4 if in_person else 0.1):
            address = names.address(rng)
        if rng.random() < (0.5 if channel == "phone" else 0.15):
            phone = names.mobile_phone(rng)
        if rng.random() < (0.9 if channel == "email" else 0.03):
            email = names.email(rng)
        if age_band == "10s":
            student: bool | None = rng.random() < 0.75
        elif age_band == "20s":
            student = rng.random() < 0.18
        else:
            student = False
        if rng.random() < 0.2:
            student = None
        employment = "student" if student else PICK_EMPLOYMENT.pick(rng)
        children_p = 0.55 if age_band in ("30s", "40s") else 0.25 if age_band == "20s" else 0.3
        has_children: bool | None = age_band != "10s" and rng.random() < children_p
        household: str | None = rng.choice(
            text.HOUSEHOLDS_WITH_CHILDREN if has_children else text.HOUSEHOLDS_WITHOUT_CHILDREN
        )
        if rng.random() < 0.15:
            has_children, household = None, None

        main = PICK_TOPIC.pick(rng)
        related = RELATED[main]
        client.main = main
        client.pool = [main, *rng.sample(related, rng.randint(1, min(3, len(related))))]
        client.violence = self._violence_kinds(client.pool)
        dv = main in DV_TOPICS
        client.risk = (PICK_RISK_DV if dv else PICK_RISK).pick(rng)
        client.remaining = planned_contacts(rng)
        client.gap = rng.uniform(3, 8) if client.remaining > 20 else rng.uniform(5, 25)
        client.counselor = rng.choice(self.counselors).id
        client.slots = self._slots(age_band, household)
        safety = rng.choice(text.SAFETY_NOTES) if client.violence and rng.random() < 0.5 else None
        consent = rng.random() < 0.3
        self.out_clients.append(
            (
                client_id, stamp, stamp, display, display_kana, line_name, real_name, real_kana,
                birth_date, address, phone, email, self.age_ids[age_band],
                None if student is None else int(student), self.employment_ids[employment],
                None if has_children is None else int(has_children), household, safety,
                int(consent), ctx.iso(index) if consent else None,
                "福祉事務所・ハローワーク等の関係機関への情報提供" if consent else None,
                "外国籍。やさしい日本語で対応" if rng.random() < 0.02 else None,
                # Rows bypass the ORM hook that computes the lookup keys.
                fold(display), fold(display_kana), fold(line_name), fold(real_kana),
                fold_digits(phone),
            )
        )  # fmt: skip
        self._open_case(client, index, minute)
        return client

    def _open_case(self, client: Client, index: int, minute: int) -> None:
        ctx, rng = self.ctx, self.rng
        case_id, stamp = ctx.stamp(index, minute)
        client.case_id = case_id
        client.seen = 0
        client.has_plan = False
        fiscal_year = ctx.day(index).fiscal_year
        number = self.case_numbers.get(fiscal_year, 0) + 1
        self.case_numbers[fiscal_year] = number
        restricted = rng.random() < (0.45 if client.risk == "high" else 0.004)
        long_case = client.risk == "medium" and client.remaining > 12
        client.hard = client.risk == "high" or restricted or long_case
        self.out_cases.append(
            (
                case_id, stamp, stamp, f"{fiscal_year}-{number:04d}", client.id, "open",
                client.counselor, ctx.iso(index), rng.choice(text.OPEN_REASONS), None, None, None,
                int(restricted), client.risk, text.CASE_SUMMARIES[client.main],
            )
        )  # fmt: skip
        others = [s for s in self.counselors if s.id != client.counselor]
        assigned: list[tuple[str, str]] = []
        if others and rng.random() < 0.2:
            assigned.append((rng.choice(others).id, "副担当"))
        if restricted:
            assigned.append((rng.choice(self.supervisors).id, "スーパーバイザー"))
        seen_ids = {client.counselor}
        for staff_id, note in assigned:
            if staff_id not in seen_ids:
                seen_ids.add(staff_id)
                row_id, _ = ctx.stamp(index, minute)
                self.out_assignments.append((row_id, stamp, stamp, case_id, staff_id, note))
        if client.hard:
            self.hard[client.id] = client

    def _reopen(self, client: Client, index: int, minute: int) -> None:
        """A closed client comes back: a second case (its first contact is 継続)."""
        client.reopen = False
        client.returned = True
        if self.rng.random() < 0.5:
            client.main = self.rng.choice(client.pool)
        self._open_case(client, index, minute)

    def _schedule(self, client: Client, index: int) -> None:
        rng = self.rng
        client.last = index
        client.remaining -= 1
        if client.remaining <= 0:
            self._end_case(client, dropped=False)
            return
        if client.seen >= 2 and client.remaining >= 2 and rng.random() < REOPEN_P:
            closed_on = index + rng.randint(14, 45)
            due = closed_on + rng.randint(30, 150)
            if due <= self.last:
                self._close(client, closed_on, rng.choice(("resolved", "client_request")))
                client.reopen = True
                self._push(due, client)
                return
        due = index + max(1, int(rng.expovariate(1 / client.gap)))
        if due > self.last:
            # Still going when the data ends: her case stays open.
            self.hard.pop(client.id, None)
            return
        self._push(due, client)

    def _push(self, due: int, client: Client) -> None:
        self._seq += 1
        heapq.heappush(self.heap, (due, self._seq, client))

    def _end_case(self, client: Client, *, dropped: bool) -> None:
        """Her last contact has been: most cases are closed some weeks later."""
        rng = self.rng
        self.hard.pop(client.id, None)
        if client.reopen:
            return  # her case was closed when the return was planned
        closed_on = client.last + (rng.randint(30, 90) if dropped else rng.randint(14, 60))
        if closed_on > self.last or rng.random() < 0.08:
            return
        reason = "no_contact" if dropped and rng.random() < 0.7 else PICK_CLOSE_REASON.pick(rng)
        self._close(client, closed_on, reason)

    def _close(self, client: Client, closed_on: int, reason: str) -> None:
        self.hard.pop(client.id, None)
        _, stamp = self.ctx.stamp(closed_on, 17 * 60)
        self.ctx.writer.closed_cases.append(
            (
                self.ctx.iso(closed_on),
                self.close_ids[reason],
                CLOSE_NOTES[reason],
                stamp,
                client.case_id,
            )
        )

    # --- what follows from a consultation --------------------------------------

    def _follow_through(
        self, client: Client, index: int, main: str, channel: str, minute: int
    ) -> None:
        rng = self.rng
        continuing = client.seen > 1
        if rng.random() < (0.035 if continuing else 0.01):
            self._refer(client, index, main, minute)
        if continuing and rng.random() < 0.045:
            self._accompany(client, index, main)
        if client.seen == 3 and not client.has_plan and rng.random() < 0.4:
            self._plan(client, index, minute)
        if (
            channel in ("interview", "visit", "popup")
            and main in ("poverty", "health")
            and rng.random() < 0.25
        ):
            goods_id, stamp = self.ctx.stamp(index, minute)
            self.ctx.writer.buffer("goods_distributions").append(
                (
                    goods_id, stamp, stamp, self.goods_period, rng.randint(1, 3),
                    self.ctx.iso(index), self.goods_office, "相談室", None, client.case_id, None,
                )
            )  # fmt: skip

    def _agency(self, kind: str, p: float) -> AgencyRef | None:
        choices = self.by_kind.get(kind)
        if choices and self.rng.random() < p:
            return self.rng.choice(choices)
        return None

    def _refer(self, client: Client, index: int, main: str, minute: int) -> None:
        ctx, rng = self.ctx, self.rng
        kind = rng.choice(REFERRAL_KINDS[text.TOPIC_GROUP[main]])
        agency = self._agency(kind, 0.85)
        referral_id, stamp = ctx.stamp(index, minute)
        history: list[tuple[str, int]] = [("proposed", index)]
        if rng.random() < 0.85:
            contacted = index + rng.randint(1, 10)
            if contacted <= self.last:
                history.append(("contacted", contacted))
                r = rng.random()
                outcome_day = contacted + rng.randint(1, 30)
                if outcome_day <= self.last and r < 0.9:
                    history.append(("connected" if r < 0.75 else "not_connected", outcome_day))
        status, last_day = history[-1]
        final = status in ("connected", "not_connected")
        self.ctx.writer.buffer("referrals").append(
            (
                referral_id, stamp, stamp, client.case_id, agency.id if agency else None,
                None if agency else "区外の支援機関", rng.choice(text.PURPOSES[kind]),
                client.counselor, status, ctx.iso(index),
                None if final else ctx.iso(last_day + rng.randint(7, 14)), None,
            )
        )  # fmt: skip
        changes = self.ctx.writer.buffer("referral_status_changes")
        for step, day in history:
            change_id, change_stamp = ctx.stamp(day, minute if day == index else 16 * 60)
            reasons = text.REFERRAL_REASONS.get(step)
            changes.append(
                (
                    change_id, change_stamp, change_stamp, referral_id, step, ctx.iso(day),
                    rng.choice(reasons) if reasons else None, client.counselor,
                )
            )  # fmt: skip
        if status == "connected":
            self.tally.add(ctx.day(last_day).fiscal_year, "referrals_connected")

    def _accompany(self, client: Client, index: int, main: str) -> None:
        ctx, rng = self.ctx, self.rng
        day = ctx.next_office_day(index + rng.randint(1, 14))
        if day > self.last:
            return
        kind = rng.choice(ACCOMPANY_KINDS[text.TOPIC_GROUP[main]])
        agency = self._agency(kind, 0.8)
        start = rng.choice((10, 11, 13, 14, 15)) * 60
        end = start + rng.choice((60, 90, 120, 180))
        row_id, stamp = ctx.stamp(day, end + 30)
        ctx.writer.buffer("accompaniments").append(
            (
                row_id, stamp, stamp, client.case_id, ctx.iso(day), _clock(start), _clock(end),
                client.counselor if rng.random() < 0.8 else rng.choice(self.counselors).id,
                agency.id if agency else None, self.agency_kind_ids[kind],
                agency.name if agency else "区外の窓口", rng.choice(text.PURPOSES[kind]),
                rng.choice(text.ACCOMPANIMENT_OUTCOMES),
                ctx.iso(day + rng.randint(7, 21)) if rng.random() < 0.3 else None, None,
            )
        )  # fmt: skip
        self.tally.add(ctx.day(day).fiscal_year, "accompaniments")

    def _plan(self, client: Client, index: int, minute: int) -> None:
        """課題の切り分け: a plan with an issue per problem, each with actions."""
        rng = self.rng
        client.has_plan = True
        topics = [client.main, *[t for t in client.pool if t != client.main][:2]]
        revised = client.remaining > 12 and index + 180 <= self.last
        if index > self.last - 14:
            status = rng.choice(("draft", "pending_approval"))
        else:
            status = "superseded" if revised else "adopted"
        self._write_plan(client, index, minute, 1, status, topics)
        if revised:
            self._write_plan(client, index + 180, 15 * 60, 2, "adopted", topics)

    def _write_plan(
        self, client: Client, index: int, minute: int, version: int, status: str, topics: list[str]
    ) -> None:
        ctx, rng = self.ctx, self.rng
        w = ctx.writer
        plan_id, stamp = ctx.stamp(index, minute)
        adopted = status in ("adopted", "superseded")
        w.buffer("support_plans").append(
            (
                plan_id, stamp, stamp, client.case_id, version, status,
                rng.choice(text.PLAN_SUMMARIES), ctx.iso(index) if adopted else None,
                ctx.iso(index + 90), client.counselor,
            )
        )  # fmt: skip
        issues = w.buffer("support_issues")
        items = w.buffer("plan_items")
        for order, topic in enumerate(topics, start=1):
            title, goal, actions = text.ISSUES[topic]
            issue_id, _ = ctx.stamp(index, minute)
            chosen = rng.sample(actions, rng.randint(1, len(actions)))
            statuses: list[str] = []
            item_rows = []
            for n, (action, responsible, kind) in enumerate(chosen, start=1):
                due = index + rng.randint(14, 90)
                if due <= self.last:
                    item_status = rng.choices(
                        ("done", "in_progress", "planned", "cancelled"), (60, 25, 10, 5)
                    )[0]
                else:
                    item_status = rng.choice(("planned", "in_progress"))
                statuses.append(item_status)
                agency = self._agency(kind, 1.0) if responsible == "agency" and kind else None
                item_id, _ = ctx.stamp(index, minute)
                item_rows.append(
                    (
                        item_id, stamp, stamp, issue_id, goal if n == 1 else None, action,
                        responsible, client.counselor if responsible == "program" else None,
                        agency.id if agency else None, ctx.iso(due), item_status,
                        ctx.iso(due + 14), None, n,
                    )
                )  # fmt: skip
            if all(s in ("done", "cancelled") for s in statuses):
                issue_status = "resolved" if "done" in statuses else "dropped"
            else:
                issue_status = "open"
            issues.append(
                (
                    issue_id, stamp, stamp, plan_id, title, self.topic_ids[topic],
                    text.SITUATIONS[topic][0], goal, issue_status, order,
                )
            )  # fmt: skip
            items.extend(item_rows)

    # --- for the activities of the day ---------------------------------------------

    def conference_candidates(self, index: int, count: int) -> list[CaseRef]:
        """Up to ``count`` active hard cases in touch within the last two months."""
        recent = [c for c in self.hard.values() if c.seen and index - c.last <= 60]
        chosen = self.rng.sample(recent, min(count, len(recent)))
        return [CaseRef(c.case_id, c.counselor, c.main) for c in chosen]

    def active_client_ids(self, count: int) -> list[str]:
        """Some clients with a contact still to come, for a drop-in session."""
        heap = self.heap
        picked = self.rng.sample(range(len(heap)), min(count, len(heap)))
        return [heap[i][2].id for i in picked]
