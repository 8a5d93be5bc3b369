"""Outreach events: the checks, staff, the logged-consultation count, and a
delete refused while consultations or goods point at the event."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from casedesk.errors import ValidationError
from casedesk.figures import fiscal_year_bounds
from casedesk.goods import GoodsInput, delete_goods, save_goods
from casedesk.outreach import (
    OutreachInput,
    delete_outreach_event,
    get_outreach_event,
    list_outreach_events,
    save_outreach_event,
)
from db.enums import CodeCategory, ContactKind, StaffRole
from db.models.codes import CodeItem
from db.models.consultations import Consultation
from db.models.outreach import OutreachEvent, outreach_event_staff
from db.models.people import Staff


def code(db, category: CodeCategory, label: str):
    with db.reading() as session:
        return session.scalars(
            select(CodeItem.id).where(CodeItem.category == category, CodeItem.label == label)
        ).one()


def staff_ids(db):
    with db.reading() as session:
        # The counselors who staffed it (the sample also has a supervisor
        # and an administrator, who sign in for other tests).
        query = select(Staff.id).where(Staff.role == StaffRole.COUNSELOR).order_by(Staff.login)
        return list(session.scalars(query))


def popup(db, **changes) -> OutreachInput:
    values = dict(
        kind_id=code(db, CodeCategory.OUTREACH_KIND, "出張相談会"),
        held_on=dt.date(2024, 6, 1),
        place="北区役所 区民ホール",
        start_time=dt.time(13, 0),
        end_time=dt.time(16, 0),
        title="女性のための出張相談会",
        people_approached=42,
        consultations_held=5,
        staff_ids=tuple(staff_ids(db)),
        notes="雨天",
    )
    values.update(changes)
    return OutreachInput(**values)  # type: ignore[arg-type]


def test_fiscal_year_runs_april_to_march() -> None:
    assert fiscal_year_bounds(dt.date(2024, 4, 1)) == (dt.date(2024, 4, 1), dt.date(2025, 3, 31))
    assert fiscal_year_bounds(dt.date(2025, 3, 31)) == (dt.date(2024, 4, 1), dt.date(2025, 3, 31))
    assert fiscal_year_bounds(dt.date(2025, 1, 10)) == (dt.date(2024, 4, 1), dt.date(2025, 3, 31))


def test_save_list_and_edit(sample_db) -> None:
    event_id = save_outreach_event(sample_db, popup(sample_db, place="  北区役所 区民ホール "))
    rows = list_outreach_events(sample_db, dt.date(2024, 4, 1), dt.date(2025, 3, 31))
    assert len(rows) == 1
    row = rows[0]
    assert row.id == event_id
    assert row.kind == "出張相談会"
    assert row.place == "北区役所 区民ホール"
    assert (row.people_approached, row.consultations_held, row.consultations_logged) == (42, 5, 0)
    assert sorted(row.staff_names) == ["佐藤 花子", "鈴木 恵"]

    stored = get_outreach_event(sample_db, event_id)
    assert stored.event_id == event_id and stored.notes == "雨天"
    first = staff_ids(sample_db)[0]
    changed = popup(sample_db, event_id=event_id, staff_ids=(first,), people_approached=50)
    assert save_outreach_event(sample_db, changed) == event_id
    with sample_db.reading() as session:
        assert session.scalar(select(OutreachEvent.people_approached)) == 50
        links = session.execute(select(outreach_event_staff.c.staff_id)).scalars().all()
    assert links == [first]
    # Out of the range: not listed.
    assert list_outreach_events(sample_db, dt.date(2024, 7, 1), None) == []


def test_consultations_logged_against_the_event_are_counted(sample_db) -> None:
    event_id = save_outreach_event(sample_db, popup(sample_db))
    line = code(sample_db, CodeCategory.CHANNEL, "LINE")
    with sample_db.transaction() as session:
        for _ in range(3):
            session.add(
                Consultation(
                    consulted_on=dt.date(2024, 6, 1),
                    channel_id=line,
                    contact_kind=ContactKind.NEW,
                    outreach_event_id=event_id,
                )
            )
    (row,) = list_outreach_events(sample_db)
    assert row.consultations_logged == 3
    assert row.consultations_held == 5  # the hand count stays as typed


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"kind_id": None}, "kind_id", "種別を選択してください。"),
        ({"held_on": None}, "held_on", "実施日を入力してください。"),
        ({"place": "   "}, "place", "場所を入力してください。"),
        ({"place": "あ" * 201}, "place", "場所は200文字以内で入力してください。"),
        ({"title": "あ" * 201}, "title", "名称は200文字以内で入力してください。"),
        ({"people_approached": -1}, "people_approached", "声かけ人数は0以上にしてください。"),
        ({"consultations_held": -2}, "consultations_held", "相談件数は0以上にしてください。"),
        (
            {"consultations_held": None},
            "consultations_held",
            "相談件数を入力してください（いなければ0）。",
        ),
        (
            {"end_time": dt.time(12, 0)},
            "end_time",
            "終了時刻は開始時刻より後にしてください。",
        ),
        (
            {"start_time": None},
            "start_time",
            "終了時刻を入力する場合は開始時刻も入力してください。",
        ),
    ],
)
def test_refused_input_writes_nothing(sample_db, changes, field, message) -> None:
    with pytest.raises(ValidationError) as refused:
        save_outreach_event(sample_db, popup(sample_db, **changes))
    assert refused.value.errors[field] == message
    assert list_outreach_events(sample_db) == []


def test_codes_and_staff_are_checked(sample_db) -> None:
    wrong_kind = code(sample_db, CodeCategory.CHANNEL, "LINE")
    ghost = code(sample_db, CodeCategory.GOODS_ITEM, "生理用品")  # an id, but not staff
    with pytest.raises(ValidationError) as refused:
        save_outreach_event(sample_db, popup(sample_db, kind_id=wrong_kind, staff_ids=(ghost,)))
    assert refused.value.errors == {
        "kind_id": "選択された項目が見つかりません。",
        "staff_ids": "職員が見つかりません。",
    }


def test_retired_kind_kept_on_an_old_event_only(sample_db) -> None:
    patrol = code(sample_db, CodeCategory.OUTREACH_KIND, "パトロール")
    event_id = save_outreach_event(sample_db, popup(sample_db, kind_id=patrol))
    with sample_db.transaction() as session:
        session.get(CodeItem, patrol).active = False  # type: ignore[union-attr]
    save_outreach_event(sample_db, popup(sample_db, kind_id=patrol, event_id=event_id, notes="x"))
    with pytest.raises(ValidationError) as refused:
        save_outreach_event(sample_db, popup(sample_db, kind_id=patrol))
    assert refused.value.errors["kind_id"] == "選択された項目は現在使用できません。"


def test_delete_refused_while_referenced(sample_db) -> None:
    event_id = save_outreach_event(sample_db, popup(sample_db))
    line = code(sample_db, CodeCategory.CHANNEL, "LINE")
    with sample_db.transaction() as session:
        consultation = Consultation(
            consulted_on=dt.date(2024, 6, 1),
            channel_id=line,
            contact_kind=ContactKind.NEW,
            outreach_event_id=event_id,
        )
        session.add(consultation)
    goods_id = save_goods(
        sample_db,
        GoodsInput(
            item_id=code(sample_db, CodeCategory.GOODS_ITEM, "生理用品"),
            quantity=30,
            handed_on=dt.date(2024, 6, 1),
            outreach_event_id=event_id,
        ),
    )
    with pytest.raises(ValidationError) as refused:
        delete_outreach_event(sample_db, event_id)
    assert refused.value.errors["event_id"].startswith(
        "このアウトリーチには相談1件・物品提供1件が記録されているため削除できません。"
    )
    with sample_db.transaction() as session:
        session.delete(session.get(Consultation, consultation.id))
    with pytest.raises(ValidationError) as refused:
        delete_outreach_event(sample_db, event_id)
    assert "物品提供1件" in refused.value.errors["event_id"]
    assert "相談1件" not in refused.value.errors["event_id"]

    delete_goods(sample_db, goods_id)
    delete_outreach_event(sample_db, event_id)
    assert list_outreach_events(sample_db) == []
    with sample_db.reading() as session:
        assert session.execute(select(outreach_event_staff)).all() == []
    with pytest.raises(ValidationError):
        delete_outreach_event(sample_db, event_id)
    with pytest.raises(ValidationError):
        get_outreach_event(sample_db, event_id)
