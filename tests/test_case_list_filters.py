"""The case list's filters and quick search, done in SQL."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from sqlalchemy import delete, insert, select, update

from casedesk.auth import actor_of
from casedesk.case_list import (
    CaseFilters,
    CaseSort,
    case_ids,
    count_cases,
    count_statement,
    fetch_rows,
    ids_statement,
)
from casedesk.database import Database
from db.enums import CaseStatus, CodeCategory, ContactKind
from db.models import Case, CodeItem, Consultation, Staff, consultation_topics
from tests.actors import SUPERVISOR
from tests.case_summaries import assert_summaries_match


def code(db: Database, category: CodeCategory, label: str):  # type: ignore[no-untyped-def]
    with db.reading() as s:
        return s.scalars(
            select(CodeItem.id).where(CodeItem.category == category, CodeItem.label == label)
        ).one()


def listed(db: Database, filters: CaseFilters) -> list[str]:
    ids = case_ids(db, filters)
    assert count_cases(db, filters) == len(ids)
    return [row.case_no for row in fetch_rows(db, ids)]


def add_contact(db: Database, case_no: str, **fields) -> None:  # type: ignore[no-untyped-def]
    with db.transaction() as s:
        case = s.scalars(select(Case).where(Case.case_no == case_no)).one()
        s.add(Consultation(case_id=case.id, contact_kind=ContactKind.CONTINUING, **fields))


def test_status_counselor_and_age_band(sample_db: Database) -> None:
    with sample_db.reading() as s:
        sato = s.scalars(select(Staff.id).where(Staff.login == "sato")).one()
    assert listed(sample_db, CaseFilters(counselor_id=sato)) == ["2024-0004", "2024-0002"]
    assert listed(sample_db, CaseFilters(status=CaseStatus.CLOSED)) == ["2024-0002", "2024-0001"]
    thirties = code(sample_db, CodeCategory.AGE_BAND, "30代")
    assert listed(sample_db, CaseFilters(age_band_id=thirties)) == ["2024-0004"]
    assert listed(sample_db, CaseFilters(counselor_id=sato, status=CaseStatus.CLOSED)) == [
        "2024-0002"
    ]


def test_dv_and_date_range_apply_to_one_consultation(sample_db: Database) -> None:
    assert listed(sample_db, CaseFilters(dv_only=True)) == ["2024-0004", "2024-0002"]
    october = CaseFilters(date_from=dt.date(2024, 10, 1), date_to=dt.date(2024, 10, 31))
    assert listed(sample_db, october) == ["2024-0004", "2024-0003"]
    # 2024-0004's DV contact was on 13 October; its November contact was not DV.
    november_dv = CaseFilters(dv_only=True, date_from=dt.date(2024, 11, 1))
    assert listed(sample_db, november_dv) == []
    assert listed(sample_db, CaseFilters(dv_only=True, date_to=dt.date(2024, 10, 13))) == [
        "2024-0004",
        "2024-0002",
    ]


def test_channel_and_topic(sample_db: Database) -> None:
    phone = code(sample_db, CodeCategory.CHANNEL, "電話")
    housing = code(sample_db, CodeCategory.TOPIC, "住まい")
    work = code(sample_db, CodeCategory.TOPIC, "仕事・就労")
    add_contact(
        sample_db, "2024-0002", consulted_on=dt.date(2024, 6, 3), channel_id=phone,
        main_complaint_id=housing,
    )  # fmt: skip
    line = code(sample_db, CodeCategory.CHANNEL, "LINE")
    add_contact(sample_db, "2024-0001", consulted_on=dt.date(2024, 4, 20), channel_id=line)
    with sample_db.transaction() as s:
        last = s.scalars(select(Consultation).order_by(Consultation.created_at.desc())).first()
        assert last is not None
        s.execute(insert(consultation_topics), [{"consultation_id": last.id, "topic_id": work}])

    assert listed(sample_db, CaseFilters(channel_id=phone)) == ["2024-0002"]
    assert listed(sample_db, CaseFilters(topic_id=housing)) == ["2024-0002"]
    # A further topic counts as well as the main complaint.
    assert listed(sample_db, CaseFilters(topic_id=work)) == ["2024-0001"]
    assert listed(sample_db, CaseFilters(topic_id=housing, channel_id=line)) == []


def test_quick_search_by_name_kana_or_number(sample_db: Database) -> None:
    assert listed(sample_db, CaseFilters(text="みど")) == ["2024-0004"]
    assert listed(sample_db, CaseFilters(text="ﾐﾄﾞﾘ")) == ["2024-0004"]
    assert listed(sample_db, CaseFilters(text="LINE")) == ["2024-0003"]
    assert listed(sample_db, CaseFilters(text="2023")) == ["2023-0012"]
    all_2024 = ["2024-0005", "2024-0004", "2024-0003", "2024-0002", "2024-0001"]
    assert listed(sample_db, CaseFilters(text="2024-000")) == all_2024
    # Typed with the IME still in full-width mode.
    assert listed(sample_db, CaseFilters(text="２０２４－０００")) == all_2024
    assert listed(sample_db, CaseFilters(text="２０２３")) == ["2023-0012"]
    assert listed(sample_db, CaseFilters(text="  ")) == listed(sample_db, CaseFilters())
    assert listed(sample_db, CaseFilters(text="xyz")) == []
    assert listed(sample_db, CaseFilters(text="ゆ", status=CaseStatus.OPEN)) == []


def test_further_topic_with_other_filters_on_the_same_consultation(sample_db: Database) -> None:
    # The further-topic branch applies the channel, DV and dates to the
    # linked consultation itself.
    phone = code(sample_db, CodeCategory.CHANNEL, "電話")
    work = code(sample_db, CodeCategory.TOPIC, "仕事・就労")
    add_contact(
        sample_db, "2024-0003", consulted_on=dt.date(2024, 9, 2), channel_id=phone, is_dv=True
    )
    with sample_db.transaction() as s:
        last = s.scalars(select(Consultation).order_by(Consultation.created_at.desc())).first()
        assert last is not None
        s.execute(insert(consultation_topics), [{"consultation_id": last.id, "topic_id": work}])
    assert listed(sample_db, CaseFilters(topic_id=work)) == ["2024-0003"]
    assert listed(sample_db, CaseFilters(topic_id=work, channel_id=phone, dv_only=True)) == [
        "2024-0003"
    ]
    september = CaseFilters(date_from=dt.date(2024, 9, 1), date_to=dt.date(2024, 9, 30))
    assert listed(sample_db, replace(september, topic_id=work)) == ["2024-0003"]
    # Its other contacts are LINE and in October: not together with the topic.
    line = code(sample_db, CodeCategory.CHANNEL, "LINE")
    assert listed(sample_db, CaseFilters(topic_id=work, channel_id=line)) == []
    assert listed(sample_db, CaseFilters(topic_id=work, date_from=dt.date(2024, 10, 1))) == []
    # The DV-only filter now finds it as well, by that one contact.
    assert listed(sample_db, CaseFilters(dv_only=True)) == ["2024-0004", "2024-0003", "2024-0002"]
    assert listed(sample_db, CaseFilters(dv_only=True, channel_id=line)) == [
        "2024-0004",
        "2024-0002",
    ]


def test_filters_combine_with_status_counselor_and_search(sample_db: Database) -> None:
    with sample_db.reading() as s:
        sato = s.scalars(select(Staff.id).where(Staff.login == "sato")).one()
    line = code(sample_db, CodeCategory.CHANNEL, "LINE")
    assert listed(sample_db, CaseFilters(channel_id=line)) == [
        "2024-0004",
        "2024-0003",
        "2024-0002",
        "2024-0001",
        "2023-0012",
    ]
    assert listed(sample_db, CaseFilters(channel_id=line, counselor_id=sato)) == [
        "2024-0004",
        "2024-0002",
    ]
    assert listed(
        sample_db, CaseFilters(channel_id=line, counselor_id=sato, status=CaseStatus.OPEN)
    ) == ["2024-0004"]
    assert listed(sample_db, CaseFilters(dv_only=True, text="ゆ")) == ["2024-0002"]
    # The anonymous DV contact (no case) never lists anything.
    january = CaseFilters(date_from=dt.date(2025, 1, 1), dv_only=True)
    assert listed(sample_db, january) == []


def _with_and_without_summaries(db: Database, filters: CaseFilters, sort: CaseSort) -> None:
    with db.engine.connect() as conn:
        actor = actor_of(db)
        fast = [r[0] for r in conn.execute(ids_statement(filters, sort, actor=actor))]
        plain = [
            r[0] for r in conn.execute(ids_statement(filters, sort, actor=actor, summaries=False))
        ]
        assert fast == plain, filters
        counted = conn.execute(count_statement(filters, actor=actor)).scalar_one()
        assert (
            counted
            == conn.execute(count_statement(filters, actor=actor, summaries=False)).scalar_one()
        )
        assert counted == len(plain)


def test_summaries_answer_as_the_consultations_do(sample_db: Database) -> None:
    # The per-case summaries (db/models/case_summaries.py) answer a channel,
    # topic or DV filter alone; every combination must list the same cases,
    # in the same order, as asking the consultations.
    phone = code(sample_db, CodeCategory.CHANNEL, "電話")
    line = code(sample_db, CodeCategory.CHANNEL, "LINE")
    housing = code(sample_db, CodeCategory.TOPIC, "住まい")
    work = code(sample_db, CodeCategory.TOPIC, "仕事・就労")
    add_contact(
        sample_db, "2024-0003", consulted_on=dt.date(2024, 9, 2), channel_id=phone,
        main_complaint_id=housing, is_dv=True,
    )  # fmt: skip
    with sample_db.transaction() as s:
        last = s.scalars(select(Consultation).order_by(Consultation.created_at.desc())).first()
        assert last is not None
        s.execute(insert(consultation_topics), [{"consultation_id": last.id, "topic_id": work}])
    with sample_db.reading() as s:
        sato = s.scalars(select(Staff.id).where(Staff.login == "sato")).one()
    consultation_filters = [
        CaseFilters(),
        CaseFilters(channel_id=phone),
        CaseFilters(channel_id=line),
        CaseFilters(topic_id=housing),
        CaseFilters(topic_id=work),
        CaseFilters(dv_only=True),
        CaseFilters(channel_id=line, topic_id=work),
        CaseFilters(channel_id=phone, dv_only=True),
        CaseFilters(channel_id=line, date_from=dt.date(2024, 10, 1)),
        CaseFilters(dv_only=True, date_to=dt.date(2024, 10, 13)),
    ]
    case_filters = [
        {},
        {"status": CaseStatus.OPEN},
        {"counselor_id": sato},
        {"text": "2024-000"},
        {"text": "ゆ"},
    ]
    for base in consultation_filters:
        for extra in case_filters:
            for descending in (True, False):
                _with_and_without_summaries(
                    sample_db, replace(base, **extra), CaseSort(descending=descending)
                )
    # Only the summaries are read for a filter they answer alone.
    assert "case_channels" in str(
        ids_statement(CaseFilters(channel_id=line), CaseSort(), actor=SUPERVISOR)
    )
    assert "consultations" not in str(count_statement(CaseFilters(topic_id=work), actor=SUPERVISOR))
    assert "consultations" not in str(
        ids_statement(CaseFilters(dv_only=True), CaseSort(), actor=SUPERVISOR)
    )


def test_summaries_follow_edits_and_deletes(sample_db: Database) -> None:
    # Nothing edits or deletes a consultation yet; the database keeps the
    # summaries right when something does.
    phone = code(sample_db, CodeCategory.CHANNEL, "電話")
    housing = code(sample_db, CodeCategory.TOPIC, "住まい")
    with sample_db.transaction() as s:
        moved = s.scalars(
            select(Consultation).where(Consultation.case_id.is_not(None)).limit(1)
        ).one()
        other = s.scalars(select(Case.id).where(Case.id != moved.case_id).limit(1)).one()
        moved.channel_id = phone
        moved.main_complaint_id = housing
        moved.is_dv = True
        moved.consulted_on = dt.date(2020, 1, 1)
        s.flush()
        moved.case_id = other
    with sample_db.engine.connect() as conn:
        assert_summaries_match(conn)
    with sample_db.transaction() as s:
        s.execute(delete(consultation_topics))
        s.execute(update(Consultation).values(case_id=None).where(Consultation.id == moved.id))
    with sample_db.engine.connect() as conn:
        assert_summaries_match(conn)
    with sample_db.transaction() as s:
        s.execute(delete(Consultation).where(Consultation.is_dv.is_(True)))
    with sample_db.engine.connect() as conn:
        assert_summaries_match(conn)
        assert conn.exec_driver_sql("SELECT count(*) FROM cases WHERE dv_ever").scalar() == 0
    assert listed(sample_db, CaseFilters(dv_only=True)) == []
