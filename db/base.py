"""Declarative base and the columns every table shares."""

from __future__ import annotations

import datetime as dt
import uuid
from enum import StrEnum
from typing import Any

from sqlalchemy import Column, DateTime, Enum, ForeignKey, MetaData, Table, Uuid
from sqlalchemy.orm import DeclarativeBase, Mapped, MappedColumn, mapped_column

from db.ids import uuid7

# Named constraints: Alembic can only alter or drop what has a stable name,
# and SQLite's batch migrations rebuild tables by these names.  Never change
# this: the migrations (the baseline too) name CHECK constraints through it.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> dt.datetime:
    """Change stamps are naive UTC: SQLite keeps no time zone, and sync
    compares stamps from machines in different settings."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Record:
    """Mixin: a UUID primary key and change stamps (created/updated)."""

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid7)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)


def enum_column(enum: type[StrEnum], name: str | None = None) -> Enum:
    """Store a StrEnum as its short value in a VARCHAR with a CHECK
    constraint: portable between SQLite and PostgreSQL, and readable in a
    raw dump of the file.

    ``name`` names the CHECK constraint (ck_<table>_<name>); give it when a
    table has two columns of one enum, since PostgreSQL refuses two
    constraints of one name in a table.
    """
    return Enum(
        enum,
        name=name or enum.__name__.lower(),
        native_enum=False,
        create_constraint=True,
        length=32,
        values_callable=lambda e: [m.value for m in e],
        validate_strings=True,
    )


def fk(target: str, *, ondelete: str | None = None) -> MappedColumn[Any]:
    """A UUID foreign key column, indexed (every one of ours is used to join or filter)."""
    return mapped_column(Uuid, ForeignKey(target, ondelete=ondelete), nullable=False, index=True)


def optional_fk(target: str, *, ondelete: str | None = None) -> MappedColumn[Any]:
    return mapped_column(Uuid, ForeignKey(target, ondelete=ondelete), nullable=True, index=True)


def link_table(name: str, owner: tuple[str, str], other: tuple[str, str]) -> Table:
    """A many-to-many table: (owner column, "owners.id") to (other column, "others.id").

    Links go with their owner (ON DELETE CASCADE); the other side is indexed
    for counting ("consultations per topic").
    """
    owner_col, owner_target = owner
    other_col, other_target = other
    return Table(
        name,
        Base.metadata,
        Column(owner_col, Uuid, ForeignKey(owner_target, ondelete="CASCADE"), primary_key=True),
        Column(other_col, Uuid, ForeignKey(other_target), primary_key=True, index=True),
    )
