"""The duplicate check on intake finds her however her name was typed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from casedesk.database import Database, open_database
from casedesk.duplicates import find_duplicates
from db.enums import CaseStatus, ContactKind
from db.ids import stable_uuid
from db.models import Case, Client, Consultation


@pytest.fixture()
def database(tmp_path: Path) -> Iterator[Database]:
    db = open_database(tmp_path / "dups.sqlite3")
    with db.transaction() as s:
        sakura = Client(display_name="さくら", phone="090-1234-5678")
        yuri = Client(display_name="ゆり", display_name_kana="ユリ", line_name="Yuri")
        hanako = Client(display_name="Hさん", real_name="山田 花子", real_name_kana="ヤマダ ハナコ")
        s.add_all([sakura, yuri, hanako])
        s.flush()
        old = Case(
            case_no="2024-0003",
            client_id=sakura.id,
            opened_on=dt.date(2024, 6, 1),
            status=CaseStatus.CLOSED,
            closed_on=dt.date(2024, 9, 1),
        )
        new = Case(case_no="2025-0001", client_id=sakura.id, opened_on=dt.date(2025, 4, 3))
        s.add_all([old, new])
        s.flush()
        for case, day in ((old, dt.date(2024, 6, 1)), (new, dt.date(2025, 5, 20))):
            s.add(
                Consultation(
                    case_id=case.id,
                    consulted_on=day,
                    channel_id=stable_uuid("code", "channel", "phone"),
                    contact_kind=ContactKind.CONTINUING,
                )
            )
    yield db
    db.close()


@pytest.mark.parametrize("typed", ["ｻｸﾗ", "サクラ", "さくら", " さ くら "])
def test_name_in_any_width_or_kana(database: Database, typed: str) -> None:
    (found,) = find_duplicates(database, display_name=typed)
    assert found.display_name == "さくら"
    assert found.matched_on == ("name",)
    # The newest case is offered, with her last contact.
    assert (found.case_no, found.case_status) == ("2025-0001", CaseStatus.OPEN)
    assert found.last_contact == dt.date(2025, 5, 20)


def test_phone_written_differently(database: Database) -> None:
    (found,) = find_duplicates(database, phone="０９０ １２３４ ５６７８")
    assert found.display_name == "さくら" and found.matched_on == ("phone",)


def test_name_and_phone_together_rank_first(database: Database) -> None:
    # More reasons first: ゆり matches by name and kana, さくら by phone only.
    found = find_duplicates(database, display_name="ゆり", phone="09012345678")
    assert [(c.display_name, c.matched_on) for c in found] == [
        ("ゆり", ("name", "kana")),
        ("さくら", ("phone",)),
    ]
    # One reason each: the one in touch most recently comes first.
    found = find_duplicates(database, line_name="yuri", phone="09012345678")
    assert [c.display_name for c in found] == ["さくら", "ゆり"]
    both = find_duplicates(database, display_name="さくら", phone="09012345678")
    assert both[0].display_name == "さくら" and both[0].matched_on == ("name", "phone")


def test_line_name_and_kana_reading_crosswise(database: Database) -> None:
    (by_line,) = find_duplicates(database, line_name="ＹＵＲＩ")
    assert by_line.display_name == "ゆり" and by_line.matched_on == ("line_name",)
    # A display name typed in kana finds a stored kana reading.
    (by_kana,) = find_duplicates(database, display_name="ゆり", kana="ユリ")
    assert set(by_kana.matched_on) == {"name", "kana"}
    # The real name's reading counts, but the candidate shows only the display name.
    (real,) = find_duplicates(database, kana="やまだ はなこ")
    assert real.display_name == "Hさん" and real.matched_on == ("kana",)
    assert real.case_no is None and real.last_contact is None


def test_no_false_matches(database: Database) -> None:
    assert find_duplicates(database, display_name="さくらこ") == []
    assert find_duplicates(database, phone="5678") == []  # too short to mean anything
    assert find_duplicates(database) == []
