"""Which fields of a record a write set or changed: the field NAMES that an
audit entry's ``detail`` holds (``{"fields": [...]}``), never their values
(casedesk/audit.py says why)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from sqlalchemy import inspect

# Kept by the database or the ORM, not by the person writing.
_BOOKKEEPING = frozenset({"id", "created_at", "updated_at"})


def _columns(row: object) -> list[str]:
    return [a.key for a in inspect(row).mapper.column_attrs if a.key not in _BOOKKEEPING]


def snapshot(row: object) -> dict[str, object]:
    """The row's column values before an edit (compare with ``changed_fields``)."""
    return {name: getattr(row, name) for name in _columns(row)}


def filled_fields(row: object, *extra: str) -> list[str]:
    """The columns a new row was given a value (not None or ""), and ``extra``
    (link tables such as "topic_ids" that were filled)."""
    names = [name for name in _columns(row) if getattr(row, name) not in (None, "")]
    return names + [name for name in extra if name not in names]


def changed_fields(
    before: Mapping[str, object], row: object, extra: Iterable[str] = ()
) -> list[str]:
    """The columns whose value differs from ``before``, then ``extra``."""
    names = [name for name, value in before.items() if getattr(row, name) != value]
    return names + [name for name in extra if name not in names]
