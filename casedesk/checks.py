"""Field checks and clean-up that every service applies the same way."""

from __future__ import annotations

import uuid

from sqlalchemy.orm import Session

from db.enums import CodeCategory
from db.models import CodeItem, Staff

MSG_CODE_UNKNOWN = "選択された項目が見つかりません。"
MSG_CODE_INACTIVE = "選択された項目は現在使用できません。"
MSG_STAFF_UNKNOWN = "職員が見つかりません。"


def clean_text(value: str | None) -> str | None:
    """Blank input is stored as NULL; other text is trimmed."""
    if value is None:
        return None
    return value.strip() or None


def check_code(session: Session, code_id: uuid.UUID, category: CodeCategory) -> str | None:
    """The message for a code that is not an active item of ``category``, else None."""
    item = session.get(CodeItem, code_id)
    if item is None or item.category != category:
        return MSG_CODE_UNKNOWN
    if not item.active:
        return MSG_CODE_INACTIVE
    return None


def check_staff(
    session: Session, errors: dict[str, str], staff_id: uuid.UUID | None, name: str = "staff_id"
) -> None:
    """Note under ``name`` a staff member who does not exist (None is allowed)."""
    if staff_id is not None and session.get(Staff, staff_id) is None:
        errors[name] = MSG_STAFF_UNKNOWN
