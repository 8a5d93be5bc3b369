"""Partner agencies (連携団体・関係機関): the program's directory."""

from __future__ import annotations

import uuid

from sqlalchemy import Boolean, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base, Record, fk


class Agency(Record, Base):
    __tablename__ = "agencies"

    name: Mapped[str] = mapped_column(String(200), index=True)
    name_kana: Mapped[str | None] = mapped_column(String(200))
    kind_id: Mapped[uuid.UUID] = fk("code_items.id")
    department: Mapped[str | None] = mapped_column(String(200))
    contact_person: Mapped[str | None] = mapped_column(String(100))
    phone: Mapped[str | None] = mapped_column(String(40))
    email: Mapped[str | None] = mapped_column(String(200))
    address: Mapped[str | None] = mapped_column(Text)
    notes: Mapped[str | None] = mapped_column(Text)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
