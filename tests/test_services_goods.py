"""Goods handed out: quick entries, the checks, the case by number, delete."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from casedesk.errors import ValidationError
from casedesk.goods import GoodsInput, delete_goods, get_goods, list_goods, save_goods
from casedesk.outreach import OutreachInput, save_outreach_event
from db.enums import CodeCategory
from db.models.activities import GoodsDistribution
from db.models.cases import Case
from db.models.codes import CodeItem


def code(db, category: CodeCategory, label: str):
    with db.reading() as session:
        return session.scalars(
            select(CodeItem.id).where(CodeItem.category == category, CodeItem.label == label)
        ).one()


def pads(db, **changes) -> GoodsInput:
    values = dict(
        item_id=code(db, CodeCategory.GOODS_ITEM, "生理用品"),
        quantity=100,
        handed_on=dt.date(2024, 9, 12),
        place_kind_id=code(db, CodeCategory.GOODS_PLACE, "図書館"),
        place="北高校 図書室",
    )
    values.update(changes)
    return GoodsInput(**values)  # type: ignore[arg-type]


def test_quick_entry_listed_with_labels(sample_db) -> None:
    goods_id = save_goods(sample_db, pads(sample_db))
    (row,) = list_goods(sample_db, dt.date(2024, 4, 1), dt.date(2025, 3, 31))
    assert row.id == goods_id
    assert (row.item, row.quantity, row.place_kind, row.place) == (
        "生理用品",
        100,
        "図書館",
        "北高校 図書室",
    )
    assert row.handed_on == dt.date(2024, 9, 12)
    assert row.event is None and row.case_no is None
    assert list_goods(sample_db, dt.date(2024, 10, 1), None) == []


def test_event_and_case_by_number(sample_db) -> None:
    event_id = save_outreach_event(
        sample_db,
        OutreachInput(
            kind_id=code(sample_db, CodeCategory.OUTREACH_KIND, "出張相談会"),
            held_on=dt.date(2024, 9, 12),
            place="区民センター",
        ),
    )
    goods_id = save_goods(
        sample_db, pads(sample_db, outreach_event_id=event_id, case_no=" ２０２４-０００３ ")
    )
    (row,) = list_goods(sample_db)
    assert row.event == "2024/09/12 出張相談会 区民センター"
    assert row.case_no == "2024-0003"
    stored = get_goods(sample_db, goods_id)
    assert stored.case_no == "2024-0003" and stored.outreach_event_id == event_id
    with sample_db.reading() as session:
        case_id = session.scalar(select(Case.id).where(Case.case_no == "2024-0003"))
        assert session.scalar(select(GoodsDistribution.case_id)) == case_id

    # Edit: the case taken off, the quantity corrected.
    save_goods(sample_db, pads(sample_db, goods_id=goods_id, quantity=80, case_no=""))
    (row,) = list_goods(sample_db)
    assert (row.quantity, row.case_no) == (80, None)


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"item_id": None}, "item_id", "物品を選択してください。"),
        ({"quantity": None}, "quantity", "数量を入力してください。"),
        ({"quantity": 0}, "quantity", "数量は1以上にしてください。"),
        ({"quantity": 100_001}, "quantity", "数量は100,000以下にしてください。"),
        ({"handed_on": None}, "handed_on", "提供日を入力してください。"),
        (
            {"handed_on": dt.date.today() + dt.timedelta(days=1)},
            "handed_on",
            "提供日に未来の日付は入力できません。",
        ),
        ({"place": "あ" * 201}, "place", "場所は200文字以内で入力してください。"),
        ({"case_no": "2099-0001"}, "case_no", "このケース番号のケースはありません。"),
    ],
)
def test_refused_input_writes_nothing(sample_db, changes, field, message) -> None:
    with pytest.raises(ValidationError) as refused:
        save_goods(sample_db, pads(sample_db, **changes))
    assert refused.value.errors[field] == message
    assert list_goods(sample_db) == []


def test_codes_and_event_are_checked(sample_db) -> None:
    school = code(sample_db, CodeCategory.GOODS_PLACE, "学校")
    with pytest.raises(ValidationError) as refused:
        save_goods(
            sample_db,
            pads(
                sample_db,
                item_id=school,  # a place, not an item
                place_kind_id=code(sample_db, CodeCategory.GOODS_ITEM, "食料品"),
                outreach_event_id=school,  # no such event
            ),
        )
    assert refused.value.errors == {
        "item_id": "選択された項目が見つかりません。",
        "place_kind_id": "選択された項目が見つかりません。",
        "outreach_event_id": "アウトリーチの記録が見つかりません。",
    }


def test_delete(sample_db) -> None:
    goods_id = save_goods(sample_db, pads(sample_db))
    delete_goods(sample_db, goods_id)
    assert list_goods(sample_db) == []
    with pytest.raises(ValidationError) as refused:
        delete_goods(sample_db, goods_id)
    assert refused.value.errors == {"goods_id": "物品提供の記録が見つかりません。"}
    with pytest.raises(ValidationError):
        save_goods(sample_db, pads(sample_db, goods_id=goods_id))
