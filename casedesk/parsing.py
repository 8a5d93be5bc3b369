"""Reading dates and times as counselors type them.

A form field is a plain text box, so that it can be left empty and typed
without a mouse: ``2024-05-14``, ``2024/5/14``, ``20240514``, ``5/14`` (this
year), ``R6.5.14`` (令和) and ``今日`` are all read.  A value that cannot be
read raises ``ValueError`` with the Japanese message to show at the field.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

MSG_DATE = "日付は 2024-05-14、5/14、R6.5.14 のように入力してください。"
MSG_TIME = "時刻は 14:30 または 1430 のように入力してください。"

# Era letter (or name) → the Gregorian year of its first year.
_ERAS = {"r": 2018, "令和": 2018, "h": 1988, "平成": 1988, "s": 1925, "昭和": 1925}
_ERA = re.compile(r"^(r|h|s|令和|平成|昭和)(\d{1,2}|元)[./年-](\d{1,2})[./月-](\d{1,2})日?$")
_YMD = re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$")
_MD = re.compile(r"^(\d{1,2})[-/.月](\d{1,2})日?$")
_TIME = re.compile(r"^(\d{1,2})[:時]?(\d{2})分?$")


def _normalize(text: str) -> str:
    # Full-width digits and slashes from a Japanese input method count too.
    return unicodedata.normalize("NFKC", text).strip().lower().replace(" ", "")


def parse_date(text: str, today: dt.date | None = None) -> dt.date | None:
    """The date in ``text``; None for an empty field."""
    value = _normalize(text)
    if not value:
        return None
    today = today or dt.date.today()
    if value in ("今日", "きょう", "today"):
        return today
    if value in ("昨日", "きのう", "yesterday"):
        return today - dt.timedelta(days=1)
    try:
        if match := _ERA.match(value):
            era, year, month, day = match.groups()
            number = 1 if year == "元" else int(year)
            return dt.date(_ERAS[era] + number, int(month), int(day))
        if match := _YMD.match(value):
            return dt.date(*(int(part) for part in match.groups()))
        if re.fullmatch(r"\d{8}", value):
            return dt.date(int(value[:4]), int(value[4:6]), int(value[6:]))
        if match := _MD.match(value):
            return dt.date(today.year, int(match.group(1)), int(match.group(2)))
    except ValueError:  # 2024-02-30
        pass
    raise ValueError(MSG_DATE)


def parse_time(text: str) -> dt.time | None:
    """The time of day in ``text``; None for an empty field."""
    value = _normalize(text)
    if not value:
        return None
    match = _TIME.match(value)
    if match is not None:
        hour, minute = int(match.group(1)), int(match.group(2))
        if hour < 24 and minute < 60:
            return dt.time(hour, minute)
    raise ValueError(MSG_TIME)


def format_date(value: dt.date | None) -> str:
    """How every screen shows a date: 2024/05/14, as Japanese offices write it."""
    return value.strftime("%Y/%m/%d") if value is not None else ""


def format_time(value: dt.time | None) -> str:
    return value.strftime("%H:%M") if value is not None else ""
