"""Configurable code lists: channels, topics, age bands, agency kinds, ...

Every office counts in its own categories, so these are rows an
administrator edits, not constants.  Rows are never deleted once used
(``active`` hides them from new records) so that old records and old
year-end figures keep their meaning.
"""

from __future__ import annotations

from sqlalchemy import Boolean, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base, Record, enum_column
from db.enums import CodeCategory


class CodeItem(Record, Base):
    __tablename__ = "code_items"
    __table_args__ = (UniqueConstraint("category", "code"),)

    category: Mapped[CodeCategory] = mapped_column(enum_column(CodeCategory), index=True)
    # A short stable key (ASCII) used by reports and imports; the label is what people see.
    code: Mapped[str] = mapped_column(String(40))
    label: Mapped[str] = mapped_column(String(100))
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # Topics that are a form of violence (DV and the like) set the DV flag
    # of a consultation by default.
    is_dv: Mapped[bool] = mapped_column(Boolean, default=False)
    # Age bands: the upper age of the band, for "若年層 = 39 and under"; None = 不明.
    max_age: Mapped[int | None] = mapped_column(Integer)
