"""Figures entered by hand: LINE account statistics per month, and the
annual targets the program owes its funder."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, Integer, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base, Record


class LineMonthlyFigure(Record, Base):
    __tablename__ = "line_monthly_figures"

    # The first day of the month.
    month: Mapped[dt.date] = mapped_column(Date, unique=True)
    friends_registered: Mapped[int | None] = mapped_column(Integer)  # 友だち登録者数 (new)
    friends_total: Mapped[int | None] = mapped_column(Integer)  # at the end of the month
    slots_offered: Mapped[int | None] = mapped_column(Integer)  # consultation slots (枠)
    slots_used: Mapped[int | None] = mapped_column(Integer)
    notes: Mapped[str | None] = mapped_column(Text)


class AnnualTarget(Record, Base):
    """目標 for one indicator in one fiscal year (April to March)."""

    __tablename__ = "annual_targets"
    __table_args__ = (UniqueConstraint("fiscal_year", "indicator"),)

    fiscal_year: Mapped[int] = mapped_column(Integer, index=True)  # 2024 = 令和6年度
    indicator: Mapped[str] = mapped_column(String(60))  # a report key, e.g. consultations_total
    target: Mapped[float] = mapped_column(Numeric(12, 2, asdecimal=False))
    note: Mapped[str | None] = mapped_column(Text)
