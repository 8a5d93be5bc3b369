"""Group sessions: checks, known participants found by the quick search,
the head count against them, survey counts stored as rows and the share of
大変よかった + よかった."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest
from sqlalchemy import func, select

from casedesk.errors import ValidationError
from casedesk.group_sessions import (
    SessionInput,
    SurveyCounts,
    add_survey_answers,
    delete_group_session,
    find_participants,
    format_share,
    get_group_session,
    list_group_sessions,
    save_group_session,
)
from db.enums import CodeCategory, Satisfaction
from db.models.activities import SessionSurveyResponse, group_session_clients
from db.models.codes import CodeItem


def code(db, category: CodeCategory, label: str):
    with db.reading() as session:
        return session.scalars(
            select(CodeItem.id).where(CodeItem.category == category, CodeItem.label == label)
        ).one()


def training(db, **changes) -> SessionInput:
    values = dict(
        kind_id=code(db, CodeCategory.SESSION_KIND, "研修"),
        held_on=dt.date(2024, 11, 20),
        start_time=dt.time(14, 0),
        end_time=dt.time(16, 30),
        theme="DV被害者支援の基礎",
        place="男女共同参画センター 研修室",
        participants_count=43,
        facilitator="NPO法人 ひだまり",
    )
    values.update(changes)
    return SessionInput(**values)  # type: ignore[arg-type]


def rows_by_level(db) -> dict[Satisfaction, int]:
    with db.reading() as session:
        return dict(
            session.execute(
                select(SessionSurveyResponse.satisfaction, func.count()).group_by(
                    SessionSurveyResponse.satisfaction
                )
            ).all()
        )


def test_survey_counts_stored_as_rows_and_share(sample_db) -> None:
    counts = SurveyCounts(very_good=18, good=22, neutral=1, somewhat_dissatisfied=2)
    session_id = save_group_session(sample_db, training(sample_db, survey=counts))
    assert rows_by_level(sample_db) == {
        Satisfaction.VERY_GOOD: 18,
        Satisfaction.GOOD: 22,
        Satisfaction.NEUTRAL: 1,
        Satisfaction.SOMEWHAT_DISSATISFIED: 2,
    }
    (row,) = list_group_sessions(sample_db, dt.date(2024, 4, 1), dt.date(2025, 3, 31))
    assert row.id == session_id and row.kind == "研修"
    assert row.survey == counts
    assert row.survey.total == 43
    assert format_share(row.survey.satisfied_share) == "93.0%"

    # Corrected counts: rows added and removed to match, a commented answer kept.
    with sample_db.transaction() as session:
        answer = session.scalars(
            select(SessionSurveyResponse).where(
                SessionSurveyResponse.satisfaction == Satisfaction.GOOD
            )
        ).first()
        assert answer is not None
        answer.comment = "事例がわかりやすかった"
    fewer = SurveyCounts(very_good=20, good=1)
    save_group_session(sample_db, training(sample_db, session_id=session_id, survey=fewer))
    assert rows_by_level(sample_db) == {Satisfaction.VERY_GOOD: 20, Satisfaction.GOOD: 1}
    with sample_db.reading() as session:
        assert (
            session.scalar(
                select(SessionSurveyResponse.comment).where(
                    SessionSurveyResponse.satisfaction == Satisfaction.GOOD
                )
            )
            == "事例がわかりやすかった"
        )
    # survey=None leaves the answers alone.
    save_group_session(sample_db, training(sample_db, session_id=session_id, theme="改題"))
    assert get_group_session(sample_db, session_id).survey == fewer


def test_add_answers_in_bulk(sample_db) -> None:
    session_id = save_group_session(sample_db, training(sample_db, participants_count=10))
    after = add_survey_answers(sample_db, session_id, SurveyCounts(very_good=3, good=2))
    assert after == SurveyCounts(very_good=3, good=2)
    after = add_survey_answers(sample_db, session_id, SurveyCounts(very_good=1, dissatisfied=1))
    assert after == SurveyCounts(very_good=4, good=2, dissatisfied=1)
    assert format_share(after.satisfied_share) == "85.7%"
    with pytest.raises(ValidationError) as refused:
        add_survey_answers(sample_db, session_id, SurveyCounts(neutral=4))
    assert refused.value.errors == {
        "survey": "アンケートの回答数（11件）が参加者数（10人）を超えています。"
    }
    with pytest.raises(ValidationError) as refused:
        add_survey_answers(sample_db, session_id, SurveyCounts(neutral=-1))
    assert refused.value.errors == {"survey_neutral": "回答数は0以上にしてください。"}
    assert get_group_session(sample_db, session_id).survey.total == 7


def test_share_without_answers() -> None:
    assert SurveyCounts().satisfied_share is None
    assert format_share(None) == "—"
    assert SurveyCounts.from_mapping({Satisfaction.GOOD: 2}).satisfied == 2


def test_participants_found_by_quick_search_and_linked(sample_db) -> None:
    by_number = find_participants(sample_db, "2024-0003")
    assert [(p.display_name, p.case_no) for p in by_number] == [("LINE：さくら", "2024-0003")]
    by_name = find_participants(sample_db, "みど")
    assert [p.display_name for p in by_name] == ["みどり"]
    assert find_participants(sample_db, "  ") == []
    assert len(find_participants(sample_db, "2024", limit=2)) == 2

    drop_in = code(sample_db, CodeCategory.SESSION_KIND, "居場所")
    clients = (by_number[0].client_id, by_name[0].client_id)
    data = SessionInput(
        kind_id=drop_in, held_on=dt.date(2024, 10, 5), participants_count=6, client_ids=clients
    )
    session_id = save_group_session(sample_db, data)
    detail = get_group_session(sample_db, session_id)
    assert {p.display_name for p in detail.participants} == {"LINE：さくら", "みどり"}
    assert {p.case_no for p in detail.participants} == {"2024-0003", "2024-0004"}
    (row,) = list_group_sessions(sample_db, kind_id=drop_in)
    assert (row.participants_count, row.known_clients) == (6, 2)
    assert (
        list_group_sessions(sample_db, kind_id=code(sample_db, CodeCategory.SESSION_KIND, "研修"))
        == []
    )

    # Removing one: the links follow the form.
    save_group_session(
        sample_db,
        SessionInput(
            kind_id=drop_in,
            held_on=dt.date(2024, 10, 5),
            participants_count=6,
            client_ids=clients[:1],
            session_id=session_id,
        ),
    )
    with sample_db.reading() as session:
        assert session.scalars(select(group_session_clients.c.client_id)).all() == [clients[0]]

    # The head count may not be below the known clients.
    with pytest.raises(ValidationError) as refused:
        save_group_session(
            sample_db,
            SessionInput(
                kind_id=drop_in,
                held_on=dt.date(2024, 10, 5),
                participants_count=1,
                client_ids=clients,
            ),
        )
    assert refused.value.errors == {
        "participants_count": "参加者数は、登録した相談者の人数（2人）以上にしてください。"
    }


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"kind_id": None}, "kind_id", "種別を選択してください。"),
        ({"held_on": None}, "held_on", "実施日を入力してください。"),
        ({"participants_count": None}, "participants_count", "参加者数を入力してください。"),
        ({"participants_count": -1}, "participants_count", "参加者数は0以上にしてください。"),
        ({"end_time": dt.time(13, 0)}, "end_time", "終了時刻は開始時刻より後にしてください。"),
        ({"theme": "あ" * 201}, "theme", "テーマは200文字以内で入力してください。"),
        ({"facilitator": "あ" * 101}, "facilitator", "進行役は100文字以内で入力してください。"),
        (
            {"survey": SurveyCounts(very_good=40, good=4)},
            "survey",
            "アンケートの回答数（44件）が参加者数（43人）を超えています。",
        ),
        ({"survey": SurveyCounts(good=-1)}, "survey_good", "回答数は0以上にしてください。"),
    ],
)
def test_refused_input_writes_nothing(sample_db, changes, field, message) -> None:
    with pytest.raises(ValidationError) as refused:
        save_group_session(sample_db, training(sample_db, **changes))
    assert refused.value.errors[field] == message
    assert list_group_sessions(sample_db) == []


def test_unknown_kind_and_client(sample_db) -> None:
    not_a_session_kind = code(sample_db, CodeCategory.GOODS_ITEM, "食料品")
    with pytest.raises(ValidationError) as refused:
        save_group_session(
            sample_db,
            training(sample_db, kind_id=not_a_session_kind, client_ids=(not_a_session_kind,)),
        )
    assert refused.value.errors == {
        "kind_id": "選択された項目が見つかりません。",
        "client_ids": "参加者に見つからない相談者が含まれています。",
    }


def test_delete_takes_answers_and_links(sample_db) -> None:
    (sakura,) = find_participants(sample_db, "2024-0003")
    session_id = save_group_session(
        sample_db,
        training(sample_db, client_ids=(sakura.client_id,), survey=SurveyCounts(very_good=5)),
    )
    delete_group_session(sample_db, session_id)
    assert list_group_sessions(sample_db) == []
    assert rows_by_level(sample_db) == {}
    with sample_db.reading() as session:
        assert session.execute(select(group_session_clients)).all() == []
    with pytest.raises(ValidationError):
        delete_group_session(sample_db, session_id)
    with pytest.raises(ValidationError):
        get_group_session(sample_db, session_id)


def test_a_participant_she_may_not_open_is_kept_but_not_named(sample_db) -> None:
    from casedesk.group_sessions import HIDDEN_PARTICIPANT
    from tests.actors import as_login

    # 佐藤 records a drop-in attended by みどり (2024-0004: restricted, hers)
    # and さくら; 鈴木, who may not open みどり's case, opens the session.
    midori = find_participants(sample_db, "みど")[0]
    sakura = find_participants(sample_db, "2024-0003")[0]
    drop_in = code(sample_db, CodeCategory.SESSION_KIND, "居場所")
    data = SessionInput(
        kind_id=drop_in,
        held_on=dt.date(2024, 10, 5),
        participants_count=4,
        client_ids=(midori.client_id, sakura.client_id),
    )
    session_id = save_group_session(sample_db, data)
    suzuki = as_login(sample_db, "suzuki")
    shown = {p.client_id: p for p in get_group_session(suzuki, session_id).participants}
    assert shown[midori.client_id].display_name == HIDDEN_PARTICIPANT
    assert shown[midori.client_id].case_no is None
    assert shown[sakura.client_id].display_name == "LINE：さくら"
    # Saved back as shown, both stay on the session.
    save_group_session(suzuki, replace(data, session_id=session_id, client_ids=tuple(shown)))
    again = get_group_session(sample_db, session_id)
    assert {p.display_name for p in again.participants} == {"みどり", "LINE：さくら"}
