"""The code lists (channels, topics, age bands, …) as the database has them.

Looked up by (category, code) at run time: an office may have edited labels
or added codes, and ids must never be hard-coded.
"""

from __future__ import annotations

from sqlalchemy import Connection


class MissingCode(LookupError):
    """A default code the generator relies on was deleted from code_items."""


class Codes:
    def __init__(self, conn: Connection) -> None:
        rows = conn.exec_driver_sql("SELECT category, code, id FROM code_items").all()
        # Ids as stored (32 hex digits on SQLite), ready to go into row tuples.
        self._ids: dict[tuple[str, str], str] = {(r[0], r[1]): str(r[2]) for r in rows}

    def id(self, category: str, code: str) -> str:
        try:
            return self._ids[(category, code)]
        except KeyError:
            raise MissingCode(f"code_items has no {category}/{code}") from None

    def ids(self, category: str, codes: tuple[str, ...] | list[str]) -> dict[str, str]:
        return {code: self.id(category, code) for code in codes}
