"""Staff members and clients."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import Boolean, Date, DateTime, Index, String, Text, event
from sqlalchemy.orm import Mapped, MappedColumn, mapped_column

from db.base import Base, Record, enum_column, optional_fk
from db.enums import StaffRole
from db.text_keys import fold, fold_digits


def _key_column(length: int) -> MappedColumn[str]:
    return mapped_column(String(length), default="", server_default="", index=True)


class Staff(Record, Base):
    """A counselor, supervisor or administrator of the program."""

    __tablename__ = "staff"

    login: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    name_kana: Mapped[str | None] = mapped_column(String(100))
    role: Mapped[StaffRole] = mapped_column(enum_column(StaffRole))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # Sign-in (argon2 hash) arrives with the security work; null = cannot sign in.
    password_hash: Mapped[str | None] = mapped_column(String(255))
    last_sign_in_at: Mapped[dt.datetime | None] = mapped_column(DateTime)


class Client(Record, Base):
    """A woman who contacts the program.

    Pseudonymous by default: a display name (or LINE name) is all that is
    required.  Real name, address, phone and birth date are optional and are
    the fields that must never be shown or printed unless revealed on purpose.
    """

    __tablename__ = "clients"
    __table_args__ = (
        # The case list's age-band filter: the band's client ids from the
        # index alone.
        Index("ix_clients_age_band_id_id", "age_band_id", "id"),
    )

    display_name: Mapped[str] = mapped_column(String(100), index=True)
    display_name_kana: Mapped[str | None] = mapped_column(String(100), index=True)
    line_name: Mapped[str | None] = mapped_column(String(100), index=True)
    # --- sensitive: shown only on an explicit, logged reveal ---
    real_name: Mapped[str | None] = mapped_column(String(100))
    real_name_kana: Mapped[str | None] = mapped_column(String(100))
    birth_date: Mapped[dt.date | None] = mapped_column(Date)
    address: Mapped[str | None] = mapped_column(Text)
    phone: Mapped[str | None] = mapped_column(String(40))
    email: Mapped[str | None] = mapped_column(String(200))
    # --- attributes that reports count ---
    age_band_id: Mapped[uuid.UUID | None] = optional_fk("code_items.id")
    is_student: Mapped[bool | None] = mapped_column(Boolean)
    employment_id: Mapped[uuid.UUID | None] = optional_fk("code_items.id")
    has_children: Mapped[bool | None] = mapped_column(Boolean)
    household: Mapped[str | None] = mapped_column(Text)
    # How (not) to contact her safely, e.g. "夫が携帯を見る。LINEのみ、電話不可".
    contact_safety_notes: Mapped[str | None] = mapped_column(Text)
    # Consent to share her information with partner agencies.
    consent_to_share: Mapped[bool] = mapped_column(Boolean, default=False)
    consent_recorded_on: Mapped[dt.date | None] = mapped_column(Date)
    consent_scope: Mapped[str | None] = mapped_column(Text)
    notes: Mapped[str | None] = mapped_column(Text)
    # --- folded keys (db.text_keys) for duplicate checks and quick search;
    # kept in step with the text by the ORM hook below, never set by hand ---
    display_name_key: Mapped[str] = _key_column(100)
    display_kana_key: Mapped[str] = _key_column(100)
    line_name_key: Mapped[str] = _key_column(100)
    real_kana_key: Mapped[str] = _key_column(100)
    phone_key: Mapped[str] = _key_column(40)

    def refresh_keys(self) -> None:
        self.display_name_key = fold(self.display_name)
        self.display_kana_key = fold(self.display_name_kana)
        self.line_name_key = fold(self.line_name)
        self.real_kana_key = fold(self.real_name_kana)
        self.phone_key = fold_digits(self.phone)


@event.listens_for(Client, "before_insert")
@event.listens_for(Client, "before_update")
def _refresh_client_keys(_mapper: object, _connection: object, client: Client) -> None:
    client.refresh_keys()
