"""Editing the code lists: codes, labels, order, retiring, DV and age flags."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import func, select

from casedesk.code_lists import (
    EDITABLE_CATEGORIES,
    add_code,
    list_codes,
    move_code,
    rename_code,
    set_code_active,
    set_code_dv,
    set_code_max_age,
)
from casedesk.database import Database
from casedesk.errors import ValidationError
from casedesk.lookups import load_lookups
from db.enums import CodeCategory
from db.models.codes import CodeItem
from tests.actors import as_login

TOPIC = CodeCategory.TOPIC


def labels(db, category: CodeCategory = TOPIC) -> list[str]:
    return [row.label for row in list_codes(db, category)]


def item(db, label: str, category: CodeCategory = TOPIC):
    return next(row for row in list_codes(db, category) if row.label == label)


def test_every_category_is_editable() -> None:
    assert set(EDITABLE_CATEGORIES) == set(CodeCategory)


def test_add_appends_with_a_generated_code(sample_db) -> None:
    first = add_code(sample_db, TOPIC, " ストーカー被害 ", is_dv=True)
    second = add_code(sample_db, TOPIC, "SNSトラブル")
    third = add_code(sample_db, CodeCategory.CHANNEL, "Zoom")
    rows = list_codes(sample_db, TOPIC)
    assert [r.label for r in rows[-2:]] == ["ストーカー被害", "SNSトラブル"]
    assert [r.code for r in rows[-2:]] == ["custom-1", "custom-2"]
    assert rows[-1].sort_order > rows[-2].sort_order > rows[-3].sort_order
    assert rows[-2].is_dv and rows[-2].id == first and rows[-1].id == second
    assert item(sample_db, "Zoom", CodeCategory.CHANNEL).code == "zoom"
    assert item(sample_db, "Zoom", CodeCategory.CHANNEL).id == third
    # Forms see it once the lookups are read again.
    assert "ストーカー被害" in [o.label for o in load_lookups(sample_db).code_options(TOPIC)]


def test_add_with_a_code(sample_db) -> None:
    add_code(sample_db, TOPIC, "ストーカー", "Stalking")
    assert item(sample_db, "ストーカー").code == "stalking"
    with pytest.raises(ValidationError) as refused:
        add_code(sample_db, TOPIC, "つきまとい", "stalking")
    assert refused.value.errors == {"code": "このコードはすでに使われています。"}
    with pytest.raises(ValidationError) as refused:
        add_code(sample_db, TOPIC, "つきまとい", "つきまとい")
    assert list(refused.value.errors) == ["code"]
    # The same code in another list is fine: codes are unique per list.
    add_code(sample_db, CodeCategory.CHANNEL, "Stalking hotline", "stalking")


def test_label_required_and_unique_among_active(sample_db) -> None:
    before = labels(sample_db)
    with pytest.raises(ValidationError) as refused:
        add_code(sample_db, TOPIC, "  ")
    assert refused.value.errors == {"label": "名称を入力してください。"}
    with pytest.raises(ValidationError) as refused:
        add_code(sample_db, TOPIC, "その他")
    assert refused.value.errors == {"label": "同じ名称の項目がすでにあります。"}
    with pytest.raises(ValidationError):
        add_code(sample_db, TOPIC, "あ" * 101)
    assert labels(sample_db) == before
    # Another list may use the label; a retired item does not block it.
    add_code(sample_db, CodeCategory.GOODS_ITEM, "介護")
    set_code_active(sample_db, item(sample_db, "その他").id, False)
    add_code(sample_db, TOPIC, "その他")
    # ... but taking the retired one back now would make two.
    retired = next(r for r in list_codes(sample_db, TOPIC) if r.label == "その他" and not r.active)
    with pytest.raises(ValidationError) as refused:
        set_code_active(sample_db, retired.id, True)
    assert refused.value.errors == {"label": "同じ名称の項目がすでにあります。"}


def test_rename(sample_db) -> None:
    housing = item(sample_db, "住まい")
    rename_code(sample_db, housing.id, "住まい・住居")
    renamed = item(sample_db, "住まい・住居")
    assert (renamed.id, renamed.code) == (housing.id, "housing")
    with pytest.raises(ValidationError) as refused:
        rename_code(sample_db, housing.id, "介護")
    assert refused.value.errors == {"label": "同じ名称の項目がすでにあります。"}
    with pytest.raises(ValidationError):
        rename_code(sample_db, housing.id, "")
    rename_code(sample_db, housing.id, "住まい・住居")  # its own label is not a clash


def test_move_up_and_down(sample_db) -> None:
    start = labels(sample_db)
    second = item(sample_db, start[1])
    move_code(sample_db, second.id, -1)
    assert labels(sample_db)[:2] == [start[1], start[0]]
    move_code(sample_db, second.id, -1)  # at the top it stays
    assert labels(sample_db)[:2] == [start[1], start[0]]
    last = item(sample_db, start[-1])
    move_code(sample_db, last.id, 1)
    assert labels(sample_db)[-1] == start[-1]
    move_code(sample_db, last.id, -1)
    assert labels(sample_db)[-2:] == [start[-1], start[-2]]
    orders = [row.sort_order for row in list_codes(sample_db, TOPIC)]
    assert orders == [10 * n for n in range(1, len(orders) + 1)]


def test_deactivate_keeps_the_row(sample_db) -> None:
    care = item(sample_db, "介護")
    set_code_active(sample_db, care.id, False)
    assert not item(sample_db, "介護").active
    assert "介護" not in [
        o.label for o in load_lookups(sample_db).code_options(TOPIC, active_only=True)
    ]
    with sample_db.reading() as session:
        assert session.scalar(select(func.count()).where(CodeItem.id == care.id)) == 1
    set_code_active(sample_db, care.id, True)
    assert item(sample_db, "介護").active


def test_dv_only_for_topics(sample_db) -> None:
    care = item(sample_db, "介護")
    set_code_dv(sample_db, care.id, True)
    assert item(sample_db, "介護").is_dv
    line = item(sample_db, "LINE", CodeCategory.CHANNEL)
    with pytest.raises(ValidationError) as refused:
        set_code_dv(sample_db, line.id, True)
    assert list(refused.value.errors) == ["is_dv"]
    with pytest.raises(ValidationError):
        add_code(sample_db, CodeCategory.CHANNEL, "FAX", is_dv=True)


def test_max_age_only_for_age_bands(sample_db) -> None:
    band = item(sample_db, "20代", CodeCategory.AGE_BAND)
    assert band.max_age == 29
    set_code_max_age(sample_db, band.id, 24)
    assert item(sample_db, "20代", CodeCategory.AGE_BAND).max_age == 24
    set_code_max_age(sample_db, band.id, None)
    assert item(sample_db, "20代", CodeCategory.AGE_BAND).max_age is None
    with pytest.raises(ValidationError) as refused:
        set_code_max_age(sample_db, band.id, 151)
    assert list(refused.value.errors) == ["max_age"]
    with pytest.raises(ValidationError) as refused:
        set_code_max_age(sample_db, item(sample_db, "介護").id, 30)
    assert list(refused.value.errors) == ["max_age"]
    add_code(sample_db, CodeCategory.AGE_BAND, "18歳未満", max_age=17)
    assert item(sample_db, "18歳未満", CodeCategory.AGE_BAND).max_age == 17


def test_unknown_item(sample_db) -> None:
    with pytest.raises(ValidationError) as refused:
        rename_code(sample_db, uuid.uuid4(), "x")
    assert refused.value.errors == {"item_id": "項目が見つかりません。"}


@pytest.fixture
def sample_db(sample_db: Database) -> Database:
    """The sample database acting for its administrator: the lists are hers."""
    return as_login(sample_db, "admin")
