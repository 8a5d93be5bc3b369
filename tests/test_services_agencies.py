"""The partner-agency directory: add, edit, search, deactivate (never delete)."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import func, select

from casedesk.agencies import (
    AgencyInput,
    deactivate_agency,
    get_agency,
    list_agencies,
    save_agency,
    set_agency_active,
)
from casedesk.code_lists import set_code_active
from casedesk.errors import ValidationError
from db.enums import CodeCategory
from db.models.agencies import Agency
from db.models.codes import CodeItem
from tests.actors import as_login


def kind(db, code: str) -> uuid.UUID:
    with db.reading() as session:
        return session.scalars(
            select(CodeItem.id).where(
                CodeItem.category == CodeCategory.AGENCY_KIND, CodeItem.code == code
            )
        ).one()


def count(db) -> int:
    with db.reading() as session:
        return session.scalar(select(func.count()).select_from(Agency)) or 0


def test_create_edit_and_get(sample_db) -> None:
    welfare = kind(sample_db, "welfare")
    agency_id = save_agency(
        sample_db,
        AgencyInput(
            name="  北区福祉事務所（王子） ",
            kind_id=welfare,
            name_kana="キタクフクシジムショ オウジ",
            phone="０３－３９０８－１２３４",
            email="fukushi@city.kita.example.jp",
            notes="",
        ),
    )
    row = get_agency(sample_db, agency_id)
    assert row.name == "北区福祉事務所（王子）"
    assert row.kind_label == "福祉"
    assert row.phone == "03-3908-1234"  # full-width digits stored half-width
    assert row.notes is None and row.active

    police = kind(sample_db, "police")
    save_agency(sample_db, AgencyInput(name="王子警察署", kind_id=police), agency_id)
    row = get_agency(sample_db, agency_id)
    assert (row.name, row.kind_label, row.phone) == ("王子警察署", "警察", None)
    assert count(sample_db) == 1


def test_name_and_kind_required(sample_db) -> None:
    with pytest.raises(ValidationError) as refused:
        save_agency(sample_db, AgencyInput(name=" ", kind_id=None))
    assert refused.value.errors == {
        "name": "機関名を入力してください。",
        "kind_id": "種別を選択してください。",
    }
    channel = uuid.uuid5(uuid.UUID("5d0c6e1c-6f0b-4b8e-9d0e-2f3c4a5b6c7d"), "code/channel/line")
    with pytest.raises(ValidationError) as refused:
        save_agency(sample_db, AgencyInput(name="A", kind_id=channel))
    assert refused.value.errors == {"kind_id": "選択された項目が見つかりません。"}
    assert count(sample_db) == 0


@pytest.mark.parametrize("phone", ["03-1234-5678", "#8008", "(03) 1234 5678 内線12", "+81 3 1234"])
def test_phone_accepted(sample_db, phone: str) -> None:
    save_agency(sample_db, AgencyInput(name="A", kind_id=kind(sample_db, "npo"), phone=phone))


@pytest.mark.parametrize("phone", ["電話してね", "03-1234-abcd", "12"])
def test_phone_refused(sample_db, phone: str) -> None:
    with pytest.raises(ValidationError) as refused:
        save_agency(sample_db, AgencyInput(name="A", kind_id=kind(sample_db, "npo"), phone=phone))
    assert list(refused.value.errors) == ["phone"]


@pytest.mark.parametrize("email", ["a@b", "no-at.example.jp", "a b@example.jp"])
def test_email_refused(sample_db, email: str) -> None:
    with pytest.raises(ValidationError) as refused:
        save_agency(sample_db, AgencyInput(name="A", kind_id=kind(sample_db, "npo"), email=email))
    assert refused.value.errors == {
        "email": "メールアドレスは name@example.jp のように入力してください。"
    }


def test_too_long_is_refused(sample_db) -> None:
    with pytest.raises(ValidationError) as refused:
        save_agency(
            sample_db,
            AgencyInput(name="あ" * 201, kind_id=kind(sample_db, "npo"), contact_person="い" * 101),
        )
    assert refused.value.errors == {
        "name": "機関名は200文字以内で入力してください。",
        "contact_person": "担当者は100文字以内で入力してください。",
    }


def test_inactive_kind_refused_for_new_but_kept_on_edit(sample_db) -> None:
    npo = kind(sample_db, "npo")
    agency_id = save_agency(sample_db, AgencyInput(name="NPO法人あかり", kind_id=npo))
    set_code_active(as_login(sample_db, "admin"), npo, False)
    with pytest.raises(ValidationError) as refused:
        save_agency(sample_db, AgencyInput(name="NPO法人ひかり", kind_id=npo))
    assert refused.value.errors == {"kind_id": "選択された項目は現在使用できません。"}
    save_agency(sample_db, AgencyInput(name="NPO法人あかり", kind_id=npo, notes="memo"), agency_id)
    assert get_agency(sample_db, agency_id).notes == "memo"


def test_search_by_name_kana_kind_and_active(sample_db) -> None:
    welfare, police = kind(sample_db, "welfare"), kind(sample_db, "police")
    oji = save_agency(
        sample_db,
        AgencyInput(name="北区福祉事務所（王子）", kind_id=welfare, name_kana="キタクフクシ"),
    )
    save_agency(
        sample_db, AgencyInput(name="王子警察署", kind_id=police, name_kana="オウジケイサツ")
    )
    save_agency(
        sample_db, AgencyInput(name="Hello Work 王子", kind_id=kind(sample_db, "employment"))
    )

    def names(**kwargs: object) -> list[str]:
        return [row.name for row in list_agencies(sample_db, **kwargs)]  # type: ignore[arg-type]

    assert names() == ["Hello Work 王子", "王子警察署", "北区福祉事務所（王子）"]
    assert names(text="王子", kind_id=police) == ["王子警察署"]
    assert names(text="きたく ふくし") == ["北区福祉事務所（王子）"]  # hiragana finds katakana
    assert names(text="ｹｲｻﾂ") == ["王子警察署"]
    assert names(text="hello") == ["Hello Work 王子"]
    deactivate_agency(sample_db, oji)
    assert "北区福祉事務所（王子）" not in names()
    assert names(active=False) == ["北区福祉事務所（王子）"]
    assert len(names(active=None)) == 3
    set_agency_active(sample_db, oji, True)
    assert len(names()) == 3
    assert count(sample_db) == 3  # deactivating never deletes


def test_unknown_agency(sample_db) -> None:
    missing = uuid.uuid4()
    for call in (
        lambda: get_agency(sample_db, missing),
        lambda: deactivate_agency(sample_db, missing),
        lambda: save_agency(
            sample_db, AgencyInput(name="A", kind_id=kind(sample_db, "npo")), missing
        ),
    ):
        with pytest.raises(ValidationError) as refused:
            call()
        assert refused.value.errors == {"agency_id": "機関が見つかりません。"}
