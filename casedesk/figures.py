"""Figures entered by hand: the annual targets (目標) the program owes its
funder, and the LINE account's monthly statistics.

Neither can be counted from the records: targets are promises made at the
start of a fiscal year, and friend registrations and consultation slots live
in the LINE account's own console.  The year-end report sets them beside
what the records count (実績) and computes the achievement rate.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
import uuid
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from casedesk.audit import AuditAction, record
from casedesk.auth import AccessDenied, Actor, Permission, actor_of, require
from casedesk.checks import clean_text
from casedesk.database import Database
from casedesk.errors import ValidationError
from casedesk.record_changes import changed_fields, filled_fields, snapshot
from db.models.figures import AnnualTarget, LineMonthlyFigure

# The indicators of the year-end report that a target can be set for: the
# report's keys, with the Japanese name the report prints.  A key never
# changes once used (targets are stored by it); add new ones at the end.
INDICATORS: tuple[tuple[str, str], ...] = (
    ("consultations_total", "延べ相談件数"),
    ("clients_distinct", "実人数"),
    ("clients_new", "新規相談者数"),
    ("line_consultations", "LINE相談件数"),
    ("line_friends_registered", "LINE友だち登録者数"),
    ("accompaniments", "同行支援件数"),
    ("referrals_connected", "関係機関につながった人数"),
    ("outreach_events", "アウトリーチ実施回数"),
    ("outreach_people", "アウトリーチで接触した人数"),
    ("goods_handed_out", "物品提供数"),
    ("trainings", "研修実施回数"),
    ("training_participants", "研修参加者数"),
    ("training_satisfaction_rate", "研修満足度（%）"),
    ("survey_felt_positive_rate", "前向きな気持ちになった割合（%）"),
)
INDICATOR_LABELS: dict[str, str] = dict(INDICATORS)

MSG_TARGET_NOT_FOUND = "目標が見つかりません。"
MSG_FISCAL_YEAR = "年度は2000年度から2100年度までで入力してください。"

# Numeric(12, 2): ten digits before the point.
_TARGET_MAX = 9_999_999_999
# A LINE account's monthly counts; anything larger is a typing slip.
_COUNT_MAX = 10_000_000
_FIRST_YEAR, _LAST_YEAR = 2000, 2100


def fiscal_year_of(day: dt.date) -> int:
    """年度: April to March, named by the year it starts in (2024 = 令和6年度)."""
    return day.year if day.month >= 4 else day.year - 1


def fiscal_year_bounds(day: dt.date) -> tuple[dt.date, dt.date]:
    """The first and last day of the fiscal year holding ``day``: the period
    every program list opens on, as the year-end report counts it."""
    year = fiscal_year_of(day)
    return dt.date(year, 4, 1), dt.date(year + 1, 3, 31)


def fiscal_year_months(fiscal_year: int) -> list[dt.date]:
    """The first days of April .. March of a fiscal year."""
    return [dt.date(fiscal_year + (month < 4), month, 1) for month in (*range(4, 13), *range(1, 4))]


def japanese_era(fiscal_year: int) -> tuple[str, int]:
    """The era name and year of a fiscal year ("令和", 6 for 2024); year 1
    is written 元 (令和元年度 = 2019).  A fiscal year takes the era of its
    April, so FY2018 is 平成30年度 although 令和 began in May 2019."""
    if fiscal_year >= 2019:
        return "令和", fiscal_year - 2018
    if fiscal_year >= 1989:
        return "平成", fiscal_year - 1988
    return "昭和", fiscal_year - 1925


def parse_whole_number(text: str, caption: str) -> int | None:
    """A count as typed in a table cell ("1,200", full-width digits); None
    for an empty cell.  ``ValueError`` carries the Japanese message."""
    value = _number_text(text)
    if not value:
        return None
    if not re.fullmatch(r"-?[0-9]+", value):
        raise ValueError(f"{caption}は 0、12、1,200 のように整数で入力してください。")
    return int(value)


def parse_amount(text: str, caption: str) -> float | None:
    """A number that may have decimals (a target of 70.5%); None if empty."""
    value = _number_text(text).removesuffix("%")
    if not value:
        return None
    try:
        number = float(value)
    except ValueError:
        raise ValueError(f"{caption}は 120 や 70.5 のように数字で入力してください。") from None
    if not math.isfinite(number):
        raise ValueError(f"{caption}は 120 や 70.5 のように数字で入力してください。")
    return number


def _number_text(text: str) -> str:
    # Full-width digits from a Japanese input method count; so do separators.
    return unicodedata.normalize("NFKC", text).replace(",", "").replace(" ", "").strip()


# --- annual targets ----------------------------------------------------


@dataclass(frozen=True)
class TargetInput:
    fiscal_year: int
    indicator: str
    target: float | None
    note: str | None = None


@dataclass(frozen=True)
class TargetRow:
    """One indicator of a fiscal year, with its target if one is set."""

    indicator: str
    label: str
    target_id: uuid.UUID | None
    target: float | None
    note: str | None


def list_targets(db: Database, fiscal_year: int) -> list[TargetRow]:
    """Every indicator of the report in its order, set or not, then any
    stored indicator this version does not know (kept visible, not lost).
    For whoever keeps the program's records or writes the reports."""
    actor = actor_of(db)
    if not (actor.may(Permission.PROGRAM_RECORDS) or actor.may(Permission.REPORTS)):
        raise AccessDenied
    with db.reading() as session:
        stored = {
            t.indicator: t
            for t in session.scalars(
                select(AnnualTarget).where(AnnualTarget.fiscal_year == fiscal_year)
            )
        }
    rows: list[TargetRow] = []
    keys = [key for key, _ in INDICATORS] + sorted(set(stored) - set(INDICATOR_LABELS))
    for key in keys:
        target = stored.get(key)
        rows.append(
            TargetRow(
                indicator=key,
                label=INDICATOR_LABELS.get(key, key),
                target_id=target.id if target else None,
                target=target.target if target else None,
                note=target.note if target else None,
            )
        )
    return rows


def save_target(db: Database, value: TargetInput, target_id: uuid.UUID | None = None) -> TargetRow:
    """Set a target (``target_id`` None) or change one; one target per
    indicator and fiscal year.  Targets are the supervisors' (REPORTS)."""
    note = clean_text(value.note)
    actor = require(db, Permission.REPORTS)
    with db.transaction() as session:
        target = None
        if target_id is not None:
            target = session.get(AnnualTarget, target_id)
            if target is None:
                raise ValidationError({"target_id": MSG_TARGET_NOT_FOUND})
        errors: dict[str, str] = {}
        if not _FIRST_YEAR <= value.fiscal_year <= _LAST_YEAR:
            errors["fiscal_year"] = MSG_FISCAL_YEAR
        if value.indicator not in INDICATOR_LABELS:
            errors["indicator"] = "指標が見つかりません。"
        if value.target is None:
            errors["target"] = "目標値を入力してください。"
        elif not math.isfinite(value.target) or value.target < 0:
            errors["target"] = "目標値は0以上の数で入力してください。"
        elif value.target > _TARGET_MAX:
            errors["target"] = "目標値が大きすぎます。"
        if not errors:
            other = session.scalar(
                select(AnnualTarget).where(
                    AnnualTarget.fiscal_year == value.fiscal_year,
                    AnnualTarget.indicator == value.indicator,
                )
            )
            if other is not None and (target is None or other.id != target.id):
                errors["indicator"] = "この年度のこの指標の目標はすでに登録されています。"
        if errors:
            raise ValidationError(errors)
        assert value.target is not None
        before = snapshot(target) if target is not None else None
        if target is None:
            target = AnnualTarget()
            session.add(target)
        target.fiscal_year = value.fiscal_year
        target.indicator = value.indicator
        target.target = round(value.target, 2)
        target.note = note
        session.flush()
        if before is None:
            _audit(
                session,
                actor,
                AuditAction.CREATE,
                "annual_target",
                target.id,
                filled_fields(target),
            )
        else:
            _audit(
                session,
                actor,
                AuditAction.EDIT,
                "annual_target",
                target.id,
                changed_fields(before, target),
            )
        return TargetRow(
            indicator=target.indicator,
            label=INDICATOR_LABELS[target.indicator],
            target_id=target.id,
            target=target.target,
            note=target.note,
        )


def delete_target(db: Database, target_id: uuid.UUID) -> None:
    """Remove a target: nothing points at one, and a year without a target
    for an indicator simply reports no achievement rate for it."""
    actor = require(db, Permission.REPORTS)
    with db.transaction() as session:
        target = session.get(AnnualTarget, target_id)
        if target is None:
            raise ValidationError({"target_id": MSG_TARGET_NOT_FOUND})
        session.delete(target)
        _audit(session, actor, AuditAction.DELETE, "annual_target", target_id, [])


# --- LINE monthly figures ----------------------------------------------


@dataclass(frozen=True)
class LineMonthInput:
    month: dt.date  # the first day of the month
    friends_registered: int | None = None
    friends_total: int | None = None
    slots_offered: int | None = None
    slots_used: int | None = None
    notes: str | None = None


@dataclass(frozen=True)
class LineMonthRow:
    """One month of a fiscal year; ``figure_id`` None = nothing entered yet."""

    month: dt.date
    figure_id: uuid.UUID | None
    friends_registered: int | None
    friends_total: int | None
    slots_offered: int | None
    slots_used: int | None
    notes: str | None

    @property
    def utilisation(self) -> float | None:
        """Slots used per slot offered, in percent (台東区 reports 40.7%)."""
        if self.slots_offered and self.slots_used is not None:
            return 100.0 * self.slots_used / self.slots_offered
        return None

    def as_input(self) -> LineMonthInput:
        return LineMonthInput(
            month=self.month,
            friends_registered=self.friends_registered,
            friends_total=self.friends_total,
            slots_offered=self.slots_offered,
            slots_used=self.slots_used,
            notes=self.notes,
        )


_COUNT_FIELDS = {
    "friends_registered": "友だち登録者数",
    "friends_total": "友だち総数",
    "slots_offered": "提供枠数",
    "slots_used": "利用枠数",
}


def list_line_months(db: Database, fiscal_year: int) -> list[LineMonthRow]:
    """Twelve rows, April to March; a month with nothing entered is empty."""
    require(db, Permission.PROGRAM_RECORDS)
    months = fiscal_year_months(fiscal_year)
    with db.reading() as session:
        stored = {
            f.month: f
            for f in session.scalars(
                select(LineMonthlyFigure).where(
                    LineMonthlyFigure.month >= months[0], LineMonthlyFigure.month <= months[-1]
                )
            )
        }
        return [
            _line_row(stored[month]) if month in stored else _empty_month(month) for month in months
        ]


def save_line_month(db: Database, value: LineMonthInput) -> LineMonthRow:
    """Store one month's figures (creating or replacing the month's row).
    A month emptied of every figure and note is removed."""
    actor = require(db, Permission.PROGRAM_RECORDS)
    notes = clean_text(value.notes)
    errors: dict[str, str] = {}
    if value.month.day != 1:
        errors["month"] = "月は1日の日付で指定してください。"
    for name, caption in _COUNT_FIELDS.items():
        number = getattr(value, name)
        if number is not None and number < 0:
            errors[name] = f"{caption}は0以上の数で入力してください。"
        elif number is not None and number > _COUNT_MAX:
            errors[name] = f"{caption}が大きすぎます。"
    offered, used = value.slots_offered, value.slots_used
    if (
        offered is not None
        and used is not None
        and used > offered
        and "slots_used" not in errors
        and "slots_offered" not in errors
    ):
        errors["slots_used"] = "利用枠数は提供枠数以下にしてください。"
    if errors:
        raise ValidationError(errors)
    counts = {name: getattr(value, name) for name in _COUNT_FIELDS}
    with db.transaction() as session:
        figure = session.scalar(
            select(LineMonthlyFigure).where(LineMonthlyFigure.month == value.month)
        )
        if all(number is None for number in counts.values()) and notes is None:
            if figure is not None:
                session.delete(figure)
                _audit(session, actor, AuditAction.DELETE, _LINE, figure.id, [])
            return _empty_month(value.month)
        before = snapshot(figure) if figure is not None else None
        if figure is None:
            figure = LineMonthlyFigure(month=value.month)
            session.add(figure)
        for name, number in counts.items():
            setattr(figure, name, number)
        figure.notes = notes
        session.flush()
        if before is None:
            _audit(session, actor, AuditAction.CREATE, _LINE, figure.id, filled_fields(figure))
        else:
            changed = changed_fields(before, figure)
            if changed:
                _audit(session, actor, AuditAction.EDIT, _LINE, figure.id, changed)
        return _line_row(figure)


_LINE = "line_monthly_figure"


def _audit(
    session: Session,
    actor: Actor,
    action: AuditAction,
    entity_type: str,
    entity_id: uuid.UUID,
    fields: list[str],
) -> None:
    record(
        session,
        actor.staff_id,
        action,
        entity_type=entity_type,
        entity_id=entity_id,
        detail={"fields": fields},
    )


def _empty_month(month: dt.date) -> LineMonthRow:
    return LineMonthRow(month, None, None, None, None, None, None)


def _line_row(figure: LineMonthlyFigure) -> LineMonthRow:
    return LineMonthRow(
        month=figure.month,
        figure_id=figure.id,
        friends_registered=figure.friends_registered,
        friends_total=figure.friends_total,
        slots_offered=figure.slots_offered,
        slots_used=figure.slots_used,
        notes=figure.notes,
    )
