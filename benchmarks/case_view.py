"""How long the case view takes to read a long case on a large database.

    .venv/bin/python benchmarks/case_view.py --db PATH      # a big demo database
    .venv/bin/python benchmarks/case_view.py --consultations 200000

The demo's cases are short (a handful of contacts each), so a case with
about 500 timeline entries of every kind (consultations, accompaniments,
referrals and their status changes, conferences, plan actions) is added
first: to a *copy* of ``--db`` (the file given is never changed), or to a
demo database generated in a temporary directory.  Then
``load_case_header`` + ``load_timeline`` run five times and the median (and
each part's median) is printed in milliseconds.  Then the same case is
opened in the GUI's ``CaseView`` (offscreen), five times: from creating the
view to its timeline and plan painted, database work on the worker included.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import shutil
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from casedesk.accounts import actor_for  # noqa: E402
from casedesk.case_view import load_case_header  # noqa: E402
from casedesk.database import Database, open_database  # noqa: E402
from casedesk.demo import create_demo_database  # noqa: E402
from casedesk.timeline import load_timeline  # noqa: E402
from db.enums import (  # noqa: E402
    ActionStatus,
    CodeCategory,
    ConferenceDecision,
    ContactKind,
    PlanStatus,
    ReferralStatus,
    Responsible,
    RiskLevel,
    StaffRole,
)
from db.models.accompaniments import Accompaniment  # noqa: E402
from db.models.agencies import Agency  # noqa: E402
from db.models.cases import Case  # noqa: E402
from db.models.codes import CodeItem  # noqa: E402
from db.models.conferences import Conference, ConferenceCase  # noqa: E402
from db.models.consultations import Consultation  # noqa: E402
from db.models.people import Client, Staff  # noqa: E402
from db.models.plans import PlanItem, SupportIssue, SupportPlan  # noqa: E402
from db.models.referrals import Referral, ReferralStatusChange  # noqa: E402

NARRATIVES = [
    "夫からの暴言が続いている。子どもの前でも怒鳴られる。",
    "住まいを探したいが、保証人がいない。",
    "仕事を辞めさせられ、収入がない。生活保護について知りたい。",
    "眠れない日が続く。通院先を紹介してほしい。",
    "離婚の手続きについて相談したい。法テラスを案内した。",
    "LINEで連絡。今日は落ち着いている様子。次回は来所予定。",
]


def _codes(session: Session, category: CodeCategory) -> list[uuid.UUID]:
    return list(session.scalars(select(CodeItem.id).where(CodeItem.category == category)))


def add_long_case(
    database: Database,
    entries: int = 500,
    *,
    case_no: str = "9999-0001",
    until: dt.date | None = None,
    seed: int = 7,
) -> uuid.UUID:
    """Add a case with about ``entries`` timeline entries of every kind, over
    the two years before ``until``; returns its id."""
    rng = random.Random(seed)
    until = until or dt.date.today()
    start = until - dt.timedelta(days=730)

    def day() -> dt.date:
        return start + dt.timedelta(days=rng.randrange(730))

    def minute() -> dt.time:
        return dt.time(rng.randrange(9, 18), rng.choice((0, 15, 30, 45)))

    with database.transaction() as session:
        staff = list(session.scalars(select(Staff.id).limit(5)))
        if not staff:
            member = Staff(login="bench", name="計測 用子", role=StaffRole.COUNSELOR)
            session.add(member)
            session.flush()
            staff = [member.id]
        agency_kinds = _codes(session, CodeCategory.AGENCY_KIND)
        agencies = list(session.scalars(select(Agency.id).limit(20)))
        if not agencies:
            for name in ("中央福祉事務所", "法テラス", "市役所 住宅課", "こころの相談室"):
                agency = Agency(name=name, kind_id=rng.choice(agency_kinds))
                session.add(agency)
                session.flush()
                agencies.append(agency.id)
        channels = _codes(session, CodeCategory.CHANNEL)
        topics = _codes(session, CodeCategory.TOPIC)
        conference_kinds = _codes(session, CodeCategory.CONFERENCE_KIND)

        client = Client(
            display_name="ながいけーす",
            display_name_kana="ナガイケース",
            line_name="long",
            contact_safety_notes="夫が携帯を見る。LINEのみ、電話不可。",
            household="夫、子2人（小学生）",
            phone="090-0000-0000",
            real_name="長井 景子",
            consent_to_share=True,
            consent_recorded_on=start,
        )
        session.add(client)
        session.flush()
        case = Case(
            case_no=case_no,
            client_id=client.id,
            lead_counselor_id=staff[0],
            opened_on=start,
            open_reason="夫からの暴力。避難を検討。",
            risk_level=RiskLevel.HIGH,
            restricted=True,
            summary="DV被害。子ども2人と避難を検討中。住まいと仕事が課題。",
        )
        session.add(case)
        session.flush()

        share = {
            "consultation": 0.66,
            "accompaniment": 0.10,
            "referral": 0.06,
            "conference": 0.02,
            "plan": 0.06,
        }
        counts = {kind: max(1, int(entries * part)) for kind, part in share.items()}
        for n in range(counts["consultation"]):
            start_time = minute()
            session.add(
                Consultation(
                    case_id=case.id,
                    consulted_on=day(),
                    start_time=start_time,
                    end_time=(
                        dt.datetime.combine(dt.date.min, start_time) + dt.timedelta(minutes=30)
                    ).time(),
                    channel_id=rng.choice(channels),
                    counselor_id=rng.choice(staff),
                    contact_kind=ContactKind.NEW if n == 0 else ContactKind.CONTINUING,
                    main_complaint_id=rng.choice(topics),
                    is_dv=rng.random() < 0.4,
                    narrative=rng.choice(NARRATIVES) * rng.randint(1, 4),
                    advice="次回までに必要な書類を確認する。",
                )
            )
        for _ in range(counts["accompaniment"]):
            session.add(
                Accompaniment(
                    case_id=case.id,
                    accompanied_on=day(),
                    start_time=minute(),
                    staff_id=rng.choice(staff),
                    destination_agency_id=rng.choice(agencies),
                    destination_kind_id=rng.choice(agency_kinds),
                    purpose="手続きに同行",
                    outcome="申請を受理された",
                )
            )
        for _ in range(counts["referral"]):
            proposed = day()
            referral = Referral(
                case_id=case.id,
                agency_id=rng.choice(agencies),
                purpose="専門的な支援のため",
                counselor_id=rng.choice(staff),
                status=ReferralStatus.CONNECTED,
                proposed_on=proposed,
            )
            session.add(referral)
            session.flush()
            for step, status in enumerate(
                (ReferralStatus.PROPOSED, ReferralStatus.CONTACTED, ReferralStatus.CONNECTED)
            ):
                session.add(
                    ReferralStatusChange(
                        referral_id=referral.id,
                        status=status,
                        changed_on=proposed + dt.timedelta(days=7 * step),
                        staff_id=referral.counselor_id,
                    )
                )
        for n in range(counts["conference"]):
            conference = Conference(
                kind_id=rng.choice(conference_kinds),
                held_on=day(),
                start_time=minute(),
                title=f"支援調整会議 第{n + 1}回",
                chair_id=staff[0],
            )
            session.add(conference)
            session.flush()
            session.add(
                ConferenceCase(
                    conference_id=conference.id,
                    case_id=case.id,
                    situation="転居先を検討中",
                    support_policy="住宅課と連携する",
                    decision=ConferenceDecision.CONTINUE,
                )
            )
        plan = SupportPlan(case_id=case.id, version=1, status=PlanStatus.ADOPTED, adopted_on=start)
        session.add(plan)
        session.flush()
        issues = []
        for n, title in enumerate(("住まい", "仕事", "子どもの学校", "心身の健康", "離婚")):
            issue = SupportIssue(plan_id=plan.id, title=title, sort_order=n, goal=f"{title}の安定")
            session.add(issue)
            session.flush()
            issues.append(issue.id)
        for n in range(counts["plan"]):
            # Written over the two years, as a plan grows: change stamps too.
            stamp = dt.datetime.combine(day(), minute())
            session.add(
                PlanItem(
                    created_at=stamp,
                    updated_at=stamp,
                    issue_id=issues[n % len(issues)],
                    action=f"対応 {n + 1}：関係機関に確認する",
                    responsible=Responsible.PROGRAM,
                    responsible_staff_id=rng.choice(staff),
                    due_on=day(),
                    status=rng.choice(list(ActionStatus)),
                    sort_order=n,
                )
            )
        return case.id


def _open(args: argparse.Namespace, workdir: Path) -> Database:
    """The copy to work on, acting for a supervisor (who opens every case)."""
    target = workdir / "case-view-bench.sqlite3"
    if args.db is not None:
        print(f"copying {args.db} to {target} ...", flush=True)
        shutil.copyfile(args.db, target)
        for suffix in ("-wal",):
            companion = Path(f"{args.db}{suffix}")
            if companion.exists():
                shutil.copyfile(companion, Path(f"{target}{suffix}"))
        database = open_database(target)
    else:
        print(f"generating {args.consultations:,} consultations into {target} ...", flush=True)
        database, _counts = create_demo_database(target, consultations=args.consultations)
    return _as_supervisor(database)


def _as_supervisor(database: Database) -> Database:
    with database.reading() as session:
        staff = session.scalars(
            select(Staff).where(Staff.role == StaffRole.SUPERVISOR).order_by(Staff.login)
        ).first()
    if staff is None:
        raise SystemExit("the database has no supervisor to act for")
    return database.as_user(actor_for(staff))


def time_gui(database: Database, case_id: uuid.UUID, rounds: int) -> list[float]:
    """Milliseconds from creating a CaseView to the case painted, per round."""
    import os

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QEventLoop
    from PySide6.QtWidgets import QApplication

    from ui.app import configure_application
    from ui.case_view import CaseView
    from ui.context import AppContext
    from ui.worker import DatabaseWorker

    app = QApplication.instance() or QApplication([])
    assert isinstance(app, QApplication)
    configure_application(app, language="ja")
    worker = DatabaseWorker()
    context = AppContext(worker)
    loop = QEventLoop()
    context.lookups_changed.connect(loop.quit)
    context.set_database(database)
    loop.exec()
    times: list[float] = []
    try:
        for _round in range(rounds):
            started = time.perf_counter()
            view = CaseView(context, case_id)
            view.resize(1400, 900)
            view.show()
            done = QEventLoop()
            view.loaded.connect(done.quit)
            done.exec()
            view.grab()  # paint it, as the screen would
            times.append((time.perf_counter() - started) * 1000)
            view.close()
            view.deleteLater()
    finally:
        worker.stop()
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", type=Path, help="an existing (large) database; it is copied")
    parser.add_argument("--consultations", type=int, default=200_000)
    parser.add_argument("--entries", type=int, default=500)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        database = _open(args, Path(tmp))
        try:
            with database.reading() as session:
                total = session.scalar(select(func.count()).select_from(Consultation)) or 0
            case_id = add_long_case(database, args.entries)
            print(f"consultations in the database: {total:,}")
            load_timeline(database, case_id)  # warm the page cache
            headers: list[float] = []
            timelines: list[float] = []
            both: list[float] = []
            size = 0
            for _round in range(args.rounds):
                started = time.perf_counter()
                load_case_header(database, case_id)
                middle = time.perf_counter()
                size = len(load_timeline(database, case_id))
                finished = time.perf_counter()
                headers.append((middle - started) * 1000)
                timelines.append((finished - middle) * 1000)
                both.append((finished - started) * 1000)
            print(f"timeline entries: {size}")
            print(
                f"load_case_header: {statistics.median(headers):.1f} ms (median of {args.rounds})"
            )
            print(f"load_timeline:    {statistics.median(timelines):.1f} ms")
            print(f"header+timeline:  {statistics.median(both):.1f} ms")
            gui = time_gui(database, case_id, args.rounds)
            print(
                f"CaseView opened and painted: {statistics.median(gui):.1f} ms "
                f"(median; max {max(gui):.1f} ms)"
            )
        finally:
            database.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
