"""Annual targets and the LINE account's monthly figures."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest

from casedesk.database import Database
from casedesk.errors import ValidationError
from casedesk.figures import (
    INDICATORS,
    LineMonthInput,
    TargetInput,
    delete_target,
    fiscal_year_months,
    fiscal_year_of,
    japanese_era,
    list_line_months,
    list_targets,
    save_line_month,
    save_target,
)
from db.enums import StaffRole
from tests.actors import as_role


def test_indicator_keys() -> None:
    keys = [key for key, _ in INDICATORS]
    assert len(keys) == len(set(keys))
    for key in (
        "consultations_total", "clients_distinct", "clients_new", "line_consultations",
        "accompaniments", "referrals_connected", "outreach_events", "goods_handed_out",
        "trainings", "training_participants",
    ):  # fmt: skip
        assert key in keys
    assert dict(INDICATORS)["consultations_total"] == "延べ相談件数"


def test_fiscal_years() -> None:
    assert fiscal_year_of(dt.date(2024, 4, 1)) == 2024
    assert fiscal_year_of(dt.date(2025, 3, 31)) == 2024
    months = fiscal_year_months(2024)
    assert (len(months), months[0], months[-1]) == (12, dt.date(2024, 4, 1), dt.date(2025, 3, 1))
    assert japanese_era(2024) == ("令和", 6)
    assert japanese_era(2019) == ("令和", 1)
    assert japanese_era(2018) == ("平成", 30)


def test_targets_set_change_delete(sample_db) -> None:
    rows = list_targets(sample_db, 2024)
    assert [r.indicator for r in rows] == [key for key, _ in INDICATORS]
    assert all(r.target is None and r.target_id is None for r in rows)

    saved = save_target(sample_db, TargetInput(2024, "consultations_total", 1200, " 年度当初 "))
    assert (saved.target, saved.note, saved.label) == (1200, "年度当初", "延べ相談件数")
    save_target(sample_db, TargetInput(2024, "consultations_total", 1300.5, None), saved.target_id)
    save_target(sample_db, TargetInput(2025, "consultations_total", 1400, None))
    row = next(r for r in list_targets(sample_db, 2024) if r.indicator == "consultations_total")
    assert (row.target_id, row.target, row.note) == (saved.target_id, 1300.5, None)

    assert saved.target_id is not None
    delete_target(sample_db, saved.target_id)
    row = next(r for r in list_targets(sample_db, 2024) if r.indicator == "consultations_total")
    assert row.target is None
    with pytest.raises(ValidationError) as refused:
        delete_target(sample_db, saved.target_id)
    assert refused.value.errors == {"target_id": "目標が見つかりません。"}


def test_one_target_per_year_and_indicator(sample_db) -> None:
    save_target(sample_db, TargetInput(2024, "accompaniments", 500))
    with pytest.raises(ValidationError) as refused:
        save_target(sample_db, TargetInput(2024, "accompaniments", 600))
    assert refused.value.errors == {
        "indicator": "この年度のこの指標の目標はすでに登録されています。"
    }
    other = save_target(sample_db, TargetInput(2024, "trainings", 6))
    with pytest.raises(ValidationError):
        save_target(sample_db, TargetInput(2024, "accompaniments", 6), other.target_id)


@pytest.mark.parametrize(
    ("value", "field"),
    [
        (TargetInput(2024, "consultations_total", -1), "target"),
        (TargetInput(2024, "consultations_total", None), "target"),
        (TargetInput(2024, "consultations_total", float("nan")), "target"),
        (TargetInput(2024, "consultations_total", 1e12), "target"),
        (TargetInput(2024, "no_such_thing", 1), "indicator"),
        (TargetInput(1999, "consultations_total", 1), "fiscal_year"),
    ],
)
def test_target_refused(sample_db, value: TargetInput, field: str) -> None:
    with pytest.raises(ValidationError) as refused:
        save_target(sample_db, value)
    assert list(refused.value.errors) == [field]
    assert all(r.target is None for r in list_targets(sample_db, 2024))


def test_zero_target_is_allowed(sample_db) -> None:
    assert save_target(sample_db, TargetInput(2024, "goods_handed_out", 0)).target == 0


def test_line_months(sample_db) -> None:
    rows = list_line_months(sample_db, 2024)
    assert [r.month for r in rows] == fiscal_year_months(2024)
    assert all(r.figure_id is None for r in rows)

    may = save_line_month(
        sample_db,
        LineMonthInput(dt.date(2024, 5, 1), friends_registered=42, friends_total=610,
                       slots_offered=120, slots_used=49),
    )  # fmt: skip
    assert may.figure_id is not None
    assert may.utilisation == pytest.approx(40.83, abs=0.01)
    save_line_month(sample_db, LineMonthInput(dt.date(2025, 3, 1), slots_offered=0, slots_used=0))
    rows = list_line_months(sample_db, 2024)
    assert rows[1] == may
    assert rows[11].slots_offered == 0 and rows[11].utilisation is None
    assert list_line_months(sample_db, 2025)[0].figure_id is None

    # Changing a month replaces its row; emptying it removes it.
    changed = save_line_month(sample_db, LineMonthInput(dt.date(2024, 5, 1), friends_total=611))
    assert (changed.figure_id, changed.friends_total, changed.slots_used) == (
        may.figure_id, 611, None
    )  # fmt: skip
    emptied = save_line_month(sample_db, LineMonthInput(dt.date(2024, 5, 1)))
    assert emptied.figure_id is None
    assert list_line_months(sample_db, 2024)[1].figure_id is None


@pytest.mark.parametrize(
    ("value", "field", "message"),
    [
        (LineMonthInput(dt.date(2024, 5, 2), 1), "month", "月は1日の日付で指定してください。"),
        (LineMonthInput(dt.date(2024, 5, 1), -1), "friends_registered",
         "友だち登録者数は0以上の数で入力してください。"),
        (LineMonthInput(dt.date(2024, 5, 1), slots_offered=10, slots_used=11), "slots_used",
         "利用枠数は提供枠数以下にしてください。"),
        (LineMonthInput(dt.date(2024, 5, 1), friends_total=10**9), "friends_total",
         "友だち総数が大きすぎます。"),
    ],
)  # fmt: skip
def test_line_month_refused(sample_db, value: LineMonthInput, field: str, message: str) -> None:
    with pytest.raises(ValidationError) as refused:
        save_line_month(sample_db, value)
    assert refused.value.errors == {field: message}
    assert all(r.figure_id is None for r in list_line_months(sample_db, 2024))


def test_unknown_target(sample_db) -> None:
    with pytest.raises(ValidationError):
        save_target(sample_db, TargetInput(2024, "trainings", 1), uuid.uuid4())


def test_parsing_numbers_typed_in_cells() -> None:
    from casedesk.figures import parse_amount, parse_whole_number

    assert parse_whole_number(" １,２００ ", "提供枠数") == 1200
    assert parse_whole_number("", "提供枠数") is None
    assert parse_whole_number("-3", "提供枠数") == -3  # the service refuses it, with its message
    with pytest.raises(ValueError, match="提供枠数は"):
        parse_whole_number("12.5", "提供枠数")
    with pytest.raises(ValueError):
        parse_whole_number("たくさん", "提供枠数")
    assert parse_amount("70.5%", "目標値") == 70.5
    assert parse_amount("１２００", "目標値") == 1200
    assert parse_amount(" ", "目標値") is None
    for bad in ("abc", "inf", "nan"):
        with pytest.raises(ValueError, match="目標値は"):
            parse_amount(bad, "目標値")


@pytest.fixture
def sample_db(sample_db: Database) -> Database:
    """The sample database acting for a supervisor: the targets are hers."""
    return as_role(sample_db, StaffRole.SUPERVISOR)
