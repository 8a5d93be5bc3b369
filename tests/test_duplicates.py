"""The duplicate check on intake finds her however her name was typed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from casedesk.auth import AccessDenied
from casedesk.database import Database, open_database
from casedesk.duplicates import (
    RESTRICTED_MATCH,
    DuplicateCandidate,
    RestrictedMatch,
    find_duplicates,
)
from db.enums import CaseStatus, ContactKind, StaffRole
from db.ids import stable_uuid
from db.models import Case, Client, Consultation, Staff
from tests.actors import as_role


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
    # A counselor: none of these cases is restricted, so she sees them all.
    yield as_role(db, StaffRole.COUNSELOR, login="sato")
    db.close()


def find(db: Database, **terms: str) -> list[DuplicateCandidate]:
    """``find_duplicates`` where no restricted case can match."""
    found = find_duplicates(db, **terms)
    assert all(isinstance(c, DuplicateCandidate) for c in found)
    return [c for c in found if isinstance(c, DuplicateCandidate)]


@pytest.mark.parametrize("typed", ["ｻｸﾗ", "サクラ", "さくら", " さ くら "])
def test_name_in_any_width_or_kana(database: Database, typed: str) -> None:
    (found,) = find(database, display_name=typed)
    assert found.display_name == "さくら"
    assert found.matched_on == ("name",)
    # The newest case is offered, with her last contact.
    assert (found.case_no, found.case_status) == ("2025-0001", CaseStatus.OPEN)
    assert found.last_contact == dt.date(2025, 5, 20)


def test_phone_written_differently(database: Database) -> None:
    (found,) = find(database, phone="０９０ １２３４ ５６７８")
    assert found.display_name == "さくら" and found.matched_on == ("phone",)


def test_name_and_phone_together_rank_first(database: Database) -> None:
    # More reasons first: ゆり matches by name and kana, さくら by phone only.
    found = find(database, display_name="ゆり", phone="09012345678")
    assert [(c.display_name, c.matched_on) for c in found] == [
        ("ゆり", ("name", "kana")),
        ("さくら", ("phone",)),
    ]
    # One reason each: the one in touch most recently comes first.
    found = find(database, line_name="yuri", phone="09012345678")
    assert [c.display_name for c in found] == ["さくら", "ゆり"]
    both = find(database, display_name="さくら", phone="09012345678")
    assert both[0].display_name == "さくら" and both[0].matched_on == ("name", "phone")


def test_line_name_and_kana_reading_crosswise(database: Database) -> None:
    (by_line,) = find(database, line_name="ＹＵＲＩ")
    assert by_line.display_name == "ゆり" and by_line.matched_on == ("line_name",)
    # A display name typed in kana finds a stored kana reading.
    (by_kana,) = find(database, display_name="ゆり", kana="ユリ")
    assert set(by_kana.matched_on) == {"name", "kana"}
    # The real name's reading counts, but the candidate shows only the display name.
    (real,) = find(database, kana="やまだ はなこ")
    assert real.display_name == "Hさん" and real.matched_on == ("kana",)
    assert real.case_no is None and real.last_contact is None


def test_no_false_matches(database: Database) -> None:
    assert find(database, display_name="さくらこ") == []
    assert find(database, phone="5678") == []  # too short to mean anything
    assert find(database) == []


# --- access (issue 4) -------------------------------------------------------


def add_restricted_client(db: Database, name: str, phone: str | None = None) -> Case:
    """A client whose only case is restricted and led by another counselor."""
    with db.transaction() as s:
        other = s.scalars(select(Staff).where(Staff.login == "takahashi")).one_or_none()
        if other is None:
            other = Staff(login="takahashi", name="高橋 由美", role=StaffRole.COUNSELOR)
            s.add(other)
        client = Client(display_name=name, phone=phone)
        s.add(client)
        s.flush()
        case = Case(
            case_no=f"2025-{len(name):04d}",
            client_id=client.id,
            opened_on=dt.date(2025, 7, 1),
            restricted=True,
            lead_counselor_id=other.id,
        )
        s.add(case)
        s.flush()
        s.add(
            Consultation(
                case_id=case.id,
                consulted_on=dt.date(2025, 7, 2),
                channel_id=stable_uuid("code", "channel", "phone"),
                contact_kind=ContactKind.CONTINUING,
            )
        )
        return case


def test_a_restricted_client_is_only_said_to_exist(database: Database) -> None:
    case = add_restricted_client(database, "あおい", phone="080-5555-6666")
    found = find_duplicates(database, display_name="アオイ")
    # Nothing about her: not her name, case number, id or how many.
    assert found == [RESTRICTED_MATCH]
    assert vars(found[0]) == {}
    text = repr(found)
    assert "あおい" not in text and case.case_no not in text and str(case.id) not in text
    # With a visible match too: the restricted one first, said once.
    add_restricted_client(database, "あおいさん", phone="080-5555-6666")
    found = find_duplicates(database, display_name="さくら", phone="08055556666")
    assert found[0] == RESTRICTED_MATCH
    assert [c.display_name for c in found[1:] if isinstance(c, DuplicateCandidate)] == ["さくら"]
    assert sum(isinstance(c, RestrictedMatch) for c in found) == 1
    # A supervisor sees her as any other client.
    supervisor = as_role(database, StaffRole.SUPERVISOR)
    (seen,) = find_duplicates(supervisor, display_name="アオイ")
    assert isinstance(seen, DuplicateCandidate)
    assert (seen.display_name, seen.case_no) == ("あおい", case.case_no)


def test_a_hidden_case_of_a_visible_client_is_not_offered(database: Database) -> None:
    """さくら's newer restricted case (someone else's) is neither offered
    nor counted in her last contact: her newest case open to the counselor is."""
    with database.transaction() as s:
        sakura = s.scalars(select(Client).where(Client.display_name == "さくら")).one()
        other = Staff(login="takahashi", name="高橋 由美", role=StaffRole.COUNSELOR)
        s.add(other)
        s.flush()
        hidden = Case(
            case_no="2025-0099",
            client_id=sakura.id,
            opened_on=dt.date(2025, 8, 1),
            restricted=True,
            lead_counselor_id=other.id,
        )
        s.add(hidden)
        s.flush()
        s.add(
            Consultation(
                case_id=hidden.id,
                consulted_on=dt.date(2025, 8, 2),
                channel_id=stable_uuid("code", "channel", "phone"),
                contact_kind=ContactKind.CONTINUING,
            )
        )
    (found,) = find(database, display_name="さくら")
    assert (found.case_no, found.last_contact) == ("2025-0001", dt.date(2025, 5, 20))
    supervisor = as_role(database, StaffRole.SUPERVISOR)
    (everything,) = find_duplicates(supervisor, display_name="さくら")
    assert isinstance(everything, DuplicateCandidate)
    assert (everything.case_no, everything.last_contact) == ("2025-0099", dt.date(2025, 8, 2))


def test_an_administrator_may_not_search_clients(database: Database) -> None:
    with pytest.raises(AccessDenied):
        find_duplicates(as_role(database, StaffRole.ADMINISTRATOR), display_name="さくら")
