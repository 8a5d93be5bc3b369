"""Dates and times as counselors type them."""

from __future__ import annotations

import datetime as dt

import pytest

from casedesk.parsing import MSG_DATE, MSG_TIME, format_date, parse_date, parse_time

TODAY = dt.date(2024, 11, 23)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-05-14", dt.date(2024, 5, 14)),
        ("2024/5/14", dt.date(2024, 5, 14)),
        ("２０２４／５／１４", dt.date(2024, 5, 14)),
        ("20240514", dt.date(2024, 5, 14)),
        ("2024年5月14日", dt.date(2024, 5, 14)),
        ("5/14", dt.date(2024, 5, 14)),
        ("R6.5.14", dt.date(2024, 5, 14)),
        ("令和6年5月14日", dt.date(2024, 5, 14)),
        ("R元.5.1", dt.date(2019, 5, 1)),
        ("H31.4.30", dt.date(2019, 4, 30)),
        ("今日", TODAY),
        ("きのう", dt.date(2024, 11, 22)),
        ("", None),
        ("  ", None),
    ],
)
def test_dates(text: str, expected: dt.date | None) -> None:
    assert parse_date(text, TODAY) == expected


@pytest.mark.parametrize("text", ["2024-02-30", "14/5", "来週", "2024-5", "R6.13.1"])
def test_unreadable_dates_say_how_to_type_them(text: str) -> None:
    with pytest.raises(ValueError, match="2024-05-14") as caught:
        parse_date(text, TODAY)
    assert str(caught.value) == MSG_DATE


@pytest.mark.parametrize(
    ("text", "expected"),
    [("14:30", dt.time(14, 30)), ("1430", dt.time(14, 30)), ("９:05", dt.time(9, 5)), ("", None)],
)
def test_times(text: str, expected: dt.time | None) -> None:
    assert parse_time(text) == expected


@pytest.mark.parametrize("text", ["25:00", "14:61", "2pm", "1"])
def test_unreadable_times(text: str) -> None:
    with pytest.raises(ValueError) as caught:
        parse_time(text)
    assert str(caught.value) == MSG_TIME


def test_dates_are_shown_the_japanese_office_way() -> None:
    assert format_date(dt.date(2024, 5, 14)) == "2024/05/14"
    assert format_date(None) == ""
    # And what is shown reads back.
    assert parse_date(format_date(dt.date(2024, 5, 14))) == dt.date(2024, 5, 14)
