"""Intake: a new client with her case, a returning client's new case, the
profile with its sensitive fields kept apart, and the duplicate check."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from dataclasses import replace

import pytest
from sqlalchemy import func, select, update

from casedesk.auth import AccessDenied
from casedesk.database import Database
from casedesk.duplicates import RESTRICTED_MATCH
from casedesk.errors import ValidationError
from casedesk.intake import (
    CaseInput,
    ClientInput,
    DuplicateMatch,
    client_profile,
    create_client_and_case,
    open_case_for_client,
    possible_duplicates,
    reveal_client,
    update_client,
)
from db.enums import CaseStatus, CodeCategory, RiskLevel, StaffRole
from db.models.audit import AuditEntry
from db.models.cases import Case
from db.models.codes import CodeItem
from db.models.people import Client, Staff
from tests.actors import as_login, as_role

TODAY = dt.date(2025, 6, 10)


def counts(db: Database) -> tuple[int, int]:
    with db.reading() as s:
        return (
            s.scalar(select(func.count()).select_from(Client)) or 0,
            s.scalar(select(func.count()).select_from(Case)) or 0,
        )


def code_id(db: Database, category: CodeCategory, label: str) -> uuid.UUID:
    with db.reading() as s:
        return s.scalars(
            select(CodeItem.id).where(CodeItem.category == category, CodeItem.label == label)
        ).one()


def staff_id(db: Database, login: str = "sato") -> uuid.UUID:
    with db.reading() as s:
        return s.scalars(select(Staff.id).where(Staff.login == login)).one()


def client_of(db: Database, client_id: uuid.UUID) -> Client:
    with db.reading() as s:
        client = s.get(Client, client_id)
        assert client is not None
        return client


def test_new_client_and_case_in_one_go(sample_db: Database) -> None:
    twenties = code_id(sample_db, CodeCategory.AGE_BAND, "20代")
    sato = staff_id(sample_db)
    result = create_client_and_case(
        sample_db,
        ClientInput(
            display_name=" みか ",
            display_name_kana="ミカ",
            line_name="mika",
            age_band_id=twenties,
            is_student=True,
            consent_to_share=True,
            phone="090-1111-2222",
            address="  ",
        ),
        CaseInput(
            opened_on=dt.date(2025, 6, 1),
            lead_counselor_id=sato,
            open_reason="LINEで初回相談",
            risk_level=RiskLevel.MEDIUM,
            restricted=True,
        ),
        today=TODAY,
    )
    # The first case of 2025: the sample only has 2023 and 2024 numbers.
    assert result.case_no == "2025-0001"
    client = client_of(sample_db, result.client_id)
    assert (client.display_name, client.display_name_kana, client.line_name) == (
        "みか",
        "ミカ",
        "mika",
    )
    assert client.age_band_id == twenties and client.is_student is True
    assert client.has_children is None
    assert client.consent_to_share and client.consent_recorded_on == TODAY
    assert client.phone == "090-1111-2222" and client.phone_key == "09011112222"
    assert client.address is None  # blank is NULL
    with sample_db.reading() as s:
        case = s.get(Case, result.case_id)
        assert case is not None
        assert case.client_id == result.client_id and case.status == CaseStatus.OPEN
        assert (case.opened_on, case.lead_counselor_id) == (dt.date(2025, 6, 1), sato)
        assert (case.risk_level, case.restricted) == (RiskLevel.MEDIUM, True)
        assert case.open_reason == "LINEで初回相談"


def test_case_numbers_follow_the_year_opened(sample_db: Database) -> None:
    def intake(name: str, opened_on: dt.date) -> str:
        return create_client_and_case(
            sample_db, ClientInput(display_name=name), CaseInput(opened_on=opened_on), TODAY
        ).case_no

    assert intake("A", dt.date(2024, 12, 1)) == "2024-0006"
    assert intake("B", dt.date(2024, 1, 5)) == "2024-0007"
    assert intake("C", dt.date(2023, 5, 1)) == "2023-0013"
    assert intake("D", dt.date(2025, 1, 1)) == "2025-0001"


def test_errors_per_field_and_nothing_written(sample_db: Database) -> None:
    before = counts(sample_db)
    with pytest.raises(ValidationError) as refused:
        create_client_and_case(
            sample_db,
            ClientInput(
                display_name="  ",
                line_name="x" * 101,
                birth_date=TODAY + dt.timedelta(days=1),
                phone="なし",
                email="no-at-sign",
                age_band_id=code_id(sample_db, CodeCategory.CHANNEL, "LINE"),
            ),
            CaseInput(opened_on=TODAY + dt.timedelta(days=1), lead_counselor_id=uuid.uuid4()),
            today=TODAY,
        )
    assert refused.value.errors == {
        "display_name": "表示名（ニックネーム、LINE名など）を入力してください。",
        "line_name": "LINE名は100文字以内で入力してください。",
        "birth_date": "生年月日に未来の日付は入力できません。",
        "phone": "電話番号には数字を入力してください。",
        "email": "メールアドレスの形式が正しくありません（@がありません）。",
        "age_band_id": "選択された項目が見つかりません。",
        "opened_on": "開始日に未来の日付は入力できません。",
        "lead_counselor_id": "職員が見つかりません。",
    }
    with pytest.raises(ValidationError) as refused:
        create_client_and_case(
            sample_db, ClientInput(display_name="A"), CaseInput(opened_on=None), today=TODAY
        )
    assert refused.value.errors == {"opened_on": "開始日を入力してください。"}
    assert counts(sample_db) == before


def test_lengths_follow_the_columns(sample_db: Database) -> None:
    with pytest.raises(ValidationError) as refused:
        create_client_and_case(
            sample_db,
            ClientInput(display_name="あ" * 101, phone="1" * 41, email="a@" + "b" * 199),
            CaseInput(opened_on=TODAY),
            today=TODAY,
        )
    assert set(refused.value.errors) == {"display_name", "phone", "email"}
    # At the limit is fine.
    create_client_and_case(
        sample_db,
        ClientInput(display_name="あ" * 100, phone="1" * 40),
        CaseInput(opened_on=TODAY),
        today=TODAY,
    )


def test_an_inactive_counselor_is_refused(sample_db: Database) -> None:
    suzuki = staff_id(sample_db, "suzuki")
    with sample_db.transaction() as s:
        member = s.get(Staff, suzuki)
        assert member is not None
        member.active = False
    with pytest.raises(ValidationError) as refused:
        create_client_and_case(
            sample_db,
            ClientInput(display_name="A"),
            CaseInput(opened_on=TODAY, lead_counselor_id=suzuki),
            today=TODAY,
        )
    assert refused.value.errors == {"lead_counselor_id": "この相談員は現在無効になっています。"}


def test_one_transaction_when_the_case_fails(
    sample_db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Make the case number collide so that the case insert fails after the
    # client was flushed: the client must not remain either.
    import casedesk.intake

    before = counts(sample_db)
    monkeypatch.setattr(casedesk.intake, "next_case_no", lambda session, year: "2024-0001")
    with pytest.raises(Exception, match="UNIQUE"):
        create_client_and_case(
            sample_db, ClientInput(display_name="A"), CaseInput(opened_on=TODAY), TODAY
        )
    assert counts(sample_db) == before


def returning_client(db: Database) -> tuple[uuid.UUID, uuid.UUID]:
    """ゆき, whose only case (2024-0002) is closed: her client id and case id."""
    with db.reading() as s:
        case = s.scalars(select(Case).where(Case.case_no == "2024-0002")).one()
        return case.client_id, case.id


def test_open_case_for_a_returning_client(sample_db: Database) -> None:
    client_id, _ = returning_client(sample_db)
    opened = open_case_for_client(
        sample_db, client_id, CaseInput(opened_on=TODAY, open_reason="再び相談"), today=TODAY
    )
    assert opened.case_no == "2025-0001"
    with sample_db.reading() as s:
        case = s.get(Case, opened.case_id)
        assert case is not None and case.client_id == client_id
        assert case.status == CaseStatus.OPEN
    # Now she has an open case: a second one is refused, nothing written.
    before = counts(sample_db)
    with pytest.raises(ValidationError) as refused:
        open_case_for_client(sample_db, client_id, CaseInput(opened_on=TODAY), today=TODAY)
    assert refused.value.errors == {
        "client_id": "この相談者には継続中のケース（2025-0001）があります。"
        "新しいケースは、そのケースを終結してから開始してください。"
    }
    # An unknown client is refused like one she may not see.
    with pytest.raises(AccessDenied) as denied:
        open_case_for_client(sample_db, uuid.uuid4(), CaseInput(opened_on=TODAY), today=TODAY)
    assert denied.value.message == "この相談者の記録を開く権限がありません。"
    with pytest.raises(ValidationError) as refused:
        open_case_for_client(
            sample_db, client_id, CaseInput(opened_on=TODAY + dt.timedelta(1)), today=TODAY
        )
    assert "opened_on" in refused.value.errors
    assert counts(sample_db) == before


def test_profile_hides_the_sensitive_fields(sample_db: Database) -> None:
    result = create_client_and_case(
        sample_db,
        ClientInput(
            display_name="みか",
            real_name="山田 美香",
            birth_date=dt.date(1990, 1, 2),
            phone="090-1111-2222",
            notes="メモ",
        ),
        CaseInput(opened_on=TODAY),
        today=TODAY,
    )
    hidden = client_profile(sample_db, result.client_id, include_sensitive=False)
    assert not hidden.sensitive_included
    assert hidden.sensitive_filled == {"real_name", "birth_date", "phone"}
    assert hidden.data.display_name == "みか" and hidden.data.notes == "メモ"
    assert all(
        getattr(hidden.data, name) is None
        for name in ("real_name", "real_name_kana", "birth_date", "address", "phone", "email")
    )
    assert hidden.case_nos == ("2025-0001",)
    shown = client_profile(sample_db, result.client_id, include_sensitive=True)
    assert shown.data.real_name == "山田 美香" and shown.data.birth_date == dt.date(1990, 1, 2)
    revealed = reveal_client(sample_db, result.client_id)
    assert revealed.phone == "090-1111-2222" and revealed.address is None


def test_update_keeps_hidden_sensitive_fields(sample_db: Database) -> None:
    result = create_client_and_case(
        sample_db,
        ClientInput(display_name="みか", real_name="山田 美香", phone="090-1111-2222"),
        CaseInput(opened_on=TODAY),
        today=TODAY,
    )
    profile = client_profile(sample_db, result.client_id, include_sensitive=False)
    update_client(
        sample_db,
        result.client_id,
        replace(profile.data, display_name="みかさん", has_children=True, consent_to_share=True),
        include_sensitive=False,
        today=TODAY,
    )
    client = client_of(sample_db, result.client_id)
    assert (client.display_name, client.display_name_key) == ("みかさん", "みかさん")
    assert client.has_children is True and client.consent_recorded_on == TODAY
    assert (client.real_name, client.phone) == ("山田 美香", "090-1111-2222")
    # With the sensitive fields shown, they are saved as edited.
    shown = client_profile(sample_db, result.client_id, include_sensitive=True)
    update_client(
        sample_db,
        result.client_id,
        replace(shown.data, phone="080-0000-1111", real_name=""),
        include_sensitive=True,
        today=TODAY,
    )
    client = client_of(sample_db, result.client_id)
    assert (client.real_name, client.phone_key) == (None, "08000001111")
    # Refusals land at the field; nothing changes.
    with pytest.raises(ValidationError) as refused:
        update_client(
            sample_db,
            result.client_id,
            replace(shown.data, display_name=""),
            include_sensitive=True,
            today=TODAY,
        )
    assert set(refused.value.errors) == {"display_name"}
    assert client_of(sample_db, result.client_id).display_name == "みかさん"
    # Hidden fields handed in anyway are a bug, not silently dropped.
    with pytest.raises(ValueError):
        update_client(sample_db, result.client_id, shown.data, include_sensitive=False)


@pytest.mark.parametrize(
    ("terms", "reason"),
    [
        ({"kana": "ﾐｶ"}, "kana"),  # half-width katakana finds the stored reading
        ({"display_name": "ミカ"}, "kana"),
        ({"phone": "09011112222"}, "phone"),
        ({"phone": "０９０ー１１１１ー２２２２"}, "phone"),
        ({"line_name": "ＭＩＫＡ"}, "line_name"),
    ],
)
def test_duplicates_found_however_typed(
    sample_db: Database, terms: dict[str, str], reason: str
) -> None:
    result = create_client_and_case(
        sample_db,
        ClientInput(
            display_name="Mさん", display_name_kana="みか", line_name="mika", phone="090-1111-2222"
        ),
        CaseInput(opened_on=TODAY),
        today=TODAY,
    )
    (match,) = possible_duplicates(sample_db, **terms)
    assert isinstance(match, DuplicateMatch)
    assert match.candidate.client_id == result.client_id
    assert reason in match.candidate.matched_on
    assert match.candidate.case_no == "2025-0001"
    assert match.display_name_kana == "みか"


def test_duplicates_of_the_sample_by_display_name(sample_db: Database) -> None:
    (match,) = possible_duplicates(sample_db, kana="ﾕｷ")
    assert isinstance(match, DuplicateMatch)
    assert match.candidate.display_name == "ゆき"
    assert match.candidate.case_status == CaseStatus.CLOSED
    assert possible_duplicates(sample_db, display_name="だれでもない") == []
    assert possible_duplicates(sample_db) == []


# --- access and audit (issue 4) ---------------------------------------------


def trail(db: Database) -> list[tuple[str, str | None, uuid.UUID | None, uuid.UUID | None, str]]:
    """(action, entity type, entity id, case id, detail) of every audit entry."""
    with db.reading() as s:
        return [
            (e.action, e.entity_type, e.entity_id, e.case_id, e.detail or "")
            for e in s.scalars(select(AuditEntry).order_by(AuditEntry.seq))
        ]


def fields_of(detail: str) -> list[str]:
    return list(json.loads(detail)["fields"])


MIKA = ClientInput(display_name="みか", real_name="山田 美香", phone="090-1111-2222")


def test_intake_is_audited_as_two_creations(sample_db: Database) -> None:
    before = len(trail(sample_db))
    result = create_client_and_case(
        sample_db, MIKA, CaseInput(opened_on=TODAY, open_reason="DV"), today=TODAY
    )
    client_entry, case_entry = trail(sample_db)[before:]
    assert client_entry[:4] == ("create", "client", result.client_id, result.case_id)
    assert fields_of(client_entry[4]) == ["display_name", "real_name", "phone"]
    assert case_entry[:4] == ("create", "case", result.case_id, result.case_id)
    assert fields_of(case_entry[4]) == ["case_no", "opened_on", "open_reason", "risk_level"]
    # Names of fields only: none of what was typed.
    assert not any(
        text in client_entry[4] + case_entry[4] for text in ("みか", "山田", "090", "DV")
    )
    with sample_db.reading() as s:
        staff = {e.staff_id for e in s.scalars(select(AuditEntry))}
    assert staff == {staff_id(sample_db, "sato")}


def test_an_administrator_takes_no_intake(sample_db: Database) -> None:
    admin = as_login(sample_db, "admin")
    before = (counts(sample_db), trail(sample_db))
    with pytest.raises(AccessDenied):
        create_client_and_case(admin, MIKA, CaseInput(opened_on=TODAY), today=TODAY)
    with pytest.raises(AccessDenied):
        possible_duplicates(admin, display_name="ゆき")
    assert (counts(sample_db), trail(sample_db)) == before


def test_reveal_and_edit_are_audited(sample_db: Database) -> None:
    result = create_client_and_case(sample_db, MIKA, CaseInput(opened_on=TODAY), today=TODAY)
    before = len(trail(sample_db))
    hidden = client_profile(sample_db, result.client_id, include_sensitive=False)
    assert len(trail(sample_db)) == before  # the profile without them: not a reveal
    reveal_client(sample_db, result.client_id)
    client_profile(sample_db, result.client_id, include_sensitive=True)
    update_client(
        sample_db,
        result.client_id,
        replace(hidden.data, display_name="みかさん", notes="メモ"),
        include_sensitive=False,
        today=TODAY,
    )
    # Saved unchanged: nothing to record.
    update_client(
        sample_db,
        result.client_id,
        replace(hidden.data, display_name="みかさん", notes="メモ"),
        include_sensitive=False,
        today=TODAY,
    )
    reveal, profile_reveal, edit = trail(sample_db)[before:]
    for entry in (reveal, profile_reveal):
        assert entry[:4] == ("reveal", "client", result.client_id, result.case_id)
        assert fields_of(entry[4]) == ["real_name", "phone"]
    assert edit[:4] == ("edit", "client", result.client_id, result.case_id)
    assert fields_of(edit[4]) == ["display_name", "notes"]
    assert "みか" not in edit[4] and "メモ" not in edit[4]


def restricted_client(db: Database) -> uuid.UUID:
    """みどり, whose only case 2024-0004 is restricted and 佐藤's."""
    with db.reading() as s:
        case = s.scalars(select(Case).where(Case.case_no == "2024-0004")).one()
        return case.client_id


def test_a_client_whose_cases_she_may_not_open_is_refused(sample_db: Database) -> None:
    client_id = restricted_client(sample_db)
    with sample_db.transaction() as s:
        s.execute(
            update(Case)
            .where(Case.client_id == client_id)
            .values(status=CaseStatus.CLOSED, closed_on=dt.date(2025, 1, 1))
        )
    suzuki = as_login(sample_db, "suzuki")
    stored = client_of(sample_db, client_id)
    before = (counts(sample_db), trail(sample_db))
    profile = client_profile(sample_db, client_id, include_sensitive=False)
    attempts = [
        lambda: client_profile(suzuki, client_id, include_sensitive=False),
        lambda: client_profile(suzuki, client_id, include_sensitive=True),
        lambda: reveal_client(suzuki, client_id),
        lambda: update_client(
            suzuki,
            client_id,
            replace(profile.data, display_name="書き換え"),
            include_sensitive=False,
            today=TODAY,
        ),
        lambda: open_case_for_client(suzuki, client_id, CaseInput(opened_on=TODAY), TODAY),
    ]
    for attempt in attempts:
        with pytest.raises(AccessDenied):
            attempt()
    assert (counts(sample_db), trail(sample_db)) == before
    after = client_of(sample_db, client_id)
    assert (after.display_name, after.updated_at) == (stored.display_name, stored.updated_at)
    # The duplicate check tells her only that a restricted case matches.
    assert possible_duplicates(suzuki, display_name=stored.display_name) == [RESTRICTED_MATCH]
    # A supervisor may do all of it.
    supervisor = as_role(sample_db, StaffRole.SUPERVISOR)
    assert reveal_client(supervisor, client_id).real_name == stored.real_name
    opened = open_case_for_client(supervisor, client_id, CaseInput(opened_on=TODAY), TODAY)
    # Now that she has an unrestricted case, 鈴木 sees her, but not the
    # number of the restricted one.
    assert client_profile(suzuki, client_id, include_sensitive=False).case_nos == (opened.case_no,)
    with sample_db.transaction() as s:
        s.execute(update(Case).where(Case.id == opened.case_id).values(status=CaseStatus.CLOSED))
        s.execute(
            update(Case)
            .where(Case.client_id == client_id, Case.id != opened.case_id)
            .values(status=CaseStatus.OPEN, closed_on=None)
        )
    with pytest.raises(ValidationError) as refused:
        open_case_for_client(suzuki, client_id, CaseInput(opened_on=TODAY), TODAY)
    assert "2024-0004" not in refused.value.errors["client_id"]
    assert "（制限付き）" in refused.value.errors["client_id"]


def test_a_counselor_who_takes_a_restricted_case_for_another_is_assigned(
    sample_db: Database,
) -> None:
    from casedesk.case_view import load_case_header
    from db.models.cases import CaseAssignment

    sato = as_login(sample_db, "sato")
    suzuki = as_login(sample_db, "suzuki")
    assert suzuki.actor is not None and sato.actor is not None
    # 鈴木 takes the intake of a high-risk client and makes 佐藤 the lead.
    result = create_client_and_case(
        suzuki,
        ClientInput(display_name="あやめ"),
        CaseInput(opened_on=TODAY, lead_counselor_id=sato.actor.staff_id, restricted=True),
        TODAY,
    )
    with sample_db.reading() as session:
        assigned = session.scalars(
            select(CaseAssignment.staff_id).where(CaseAssignment.case_id == result.case_id)
        ).all()
    assert assigned == [suzuki.actor.staff_id]
    assert load_case_header(suzuki, result.case_id).case_no == result.case_no
    # A lead taking her own restricted case needs no assignment.
    own = create_client_and_case(
        sato,
        ClientInput(display_name="すみれ"),
        CaseInput(opened_on=TODAY, lead_counselor_id=sato.actor.staff_id, restricted=True),
        TODAY,
    )
    with sample_db.reading() as session:
        count = session.scalar(
            select(func.count())
            .select_from(CaseAssignment)
            .where(CaseAssignment.case_id == own.case_id)
        )
    assert count == 0
