"""Editing the code lists (channels, topics, age bands, agency kinds, ...).

Items are never deleted: consultations, cases and old year-end figures point
at them, and must keep their meaning.  An item no longer wanted is
deactivated: forms stop offering it, old records still show its label.

The ``code`` is a short ASCII key that reports and imports use; it never
changes once given, while the label may be renamed freely.  Labels must be
unique among the active items of a list, so that nobody has to guess which
of two "その他" to choose.

Access: anyone signed in reads the lists; changing them needs
``MANAGE_CODE_LISTS`` (administrators), and each change writes an audit
entry (entity "code_item", the field names) in its transaction.
"""

from __future__ import annotations

import re
import unicodedata
import uuid
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from casedesk.audit import AuditAction, record
from casedesk.auth import Actor, Permission, actor_of, require
from casedesk.checks import clean_text
from casedesk.database import Database
from casedesk.errors import ValidationError
from db.enums import CodeCategory
from db.models.codes import CodeItem

# Every list is the office's own to edit (an administrator's task).
EDITABLE_CATEGORIES: tuple[CodeCategory, ...] = tuple(CodeCategory)

MSG_NOT_FOUND = "項目が見つかりません。"
MSG_LABEL_REQUIRED = "名称を入力してください。"
MSG_LABEL_TAKEN = "同じ名称の項目がすでにあります。"
MSG_CODE_FORMAT = "コードは半角英小文字・数字・「-」「_」の40文字以内で入力してください。"
MSG_CODE_TAKEN = "このコードはすでに使われています。"

_LABEL_MAX = 100
_CODE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,39}$")
_MAX_AGE_LIMIT = 150
# The gap between sort orders, as the seeded lists number them: room to
# insert by hand without renumbering.
_STEP = 10


@dataclass(frozen=True)
class CodeRow:
    id: uuid.UUID
    category: CodeCategory
    code: str
    label: str
    sort_order: int
    active: bool
    is_dv: bool
    max_age: int | None


def list_codes(db: Database, category: CodeCategory) -> list[CodeRow]:
    """Every item of a list, inactive ones too, in their order."""
    actor_of(db)
    with db.reading() as session:
        return [_row(item) for item in _items(session, category)]


def add_code(
    db: Database,
    category: CodeCategory,
    label: str,
    code: str = "",
    *,
    is_dv: bool = False,
    max_age: int | None = None,
) -> uuid.UUID:
    """Append an item to the end of a list.  A blank ``code`` is made from
    an ASCII label ("Zoom" → "zoom") or numbered ("custom-3")."""
    name = _clean_label(label)
    wanted = unicodedata.normalize("NFKC", code).strip().lower()
    actor = require(db, Permission.MANAGE_CODE_LISTS)
    with db.transaction() as session:
        errors: dict[str, str] = {}
        items = _items(session, category)
        _check_label(errors, items, name, None)
        taken = {item.code for item in items}
        if wanted:
            if not _CODE.match(wanted):
                errors["code"] = MSG_CODE_FORMAT
            elif wanted in taken:
                errors["code"] = MSG_CODE_TAKEN
        _check_flags(errors, category, is_dv, max_age)
        if errors:
            raise ValidationError(errors)
        assert name is not None
        item = CodeItem(
            category=category,
            code=wanted or _new_code(name, taken),
            label=name,
            sort_order=max((i.sort_order for i in items), default=0) + _STEP,
            active=True,
            is_dv=is_dv,
            max_age=max_age,
        )
        session.add(item)
        session.flush()
        fields = ["category", "code", "label", "sort_order", "active"]
        fields += [name for name, on in (("is_dv", is_dv), ("max_age", max_age is not None)) if on]
        _audit(session, actor, AuditAction.CREATE, item, fields)
        return item.id


def get_code(db: Database, item_id: uuid.UUID) -> CodeRow:
    actor_of(db)
    with db.reading() as session:
        return _row(_get(session, item_id))


def rename_code(db: Database, item_id: uuid.UUID, label: str) -> None:
    """Change what people see; the code (and every record) stays."""
    name = _clean_label(label)
    actor = require(db, Permission.MANAGE_CODE_LISTS)
    with db.transaction() as session:
        item = _get(session, item_id)
        errors: dict[str, str] = {}
        if item.active:
            _check_label(errors, _items(session, item.category), name, item.id)
        elif name is None:
            errors["label"] = MSG_LABEL_REQUIRED
        elif len(name) > _LABEL_MAX:
            errors["label"] = f"名称は{_LABEL_MAX}文字以内で入力してください。"
        if errors:
            raise ValidationError(errors)
        assert name is not None
        item.label = name
        _audit(session, actor, AuditAction.EDIT, item, ["label"])


def move_code(db: Database, item_id: uuid.UUID, step: int) -> None:
    """Move an item up (``step`` -1) or down (+1) in its list; at either end
    it stays.  The list is renumbered 10, 20, 30, ... as it is stored."""
    actor = require(db, Permission.MANAGE_CODE_LISTS)
    with db.transaction() as session:
        item = _get(session, item_id)
        items = _items(session, item.category)
        index = next(i for i, other in enumerate(items) if other.id == item.id)
        target = max(0, min(len(items) - 1, index + step))
        items.insert(target, items.pop(index))
        for order, other in enumerate(items, start=1):
            if other.sort_order != order * _STEP:
                other.sort_order = order * _STEP
        _audit(session, actor, AuditAction.EDIT, item, ["sort_order"])


def set_code_active(db: Database, item_id: uuid.UUID, active: bool) -> None:
    """Retire an item from new records, or take it back; taking it back is
    refused while another active item has its label."""
    actor = require(db, Permission.MANAGE_CODE_LISTS)
    with db.transaction() as session:
        item = _get(session, item_id)
        if active and not item.active:
            errors: dict[str, str] = {}
            _check_label(errors, _items(session, item.category), item.label, item.id)
            if errors:
                raise ValidationError(errors)
        item.active = active
        _audit(session, actor, AuditAction.EDIT, item, ["active"])


def set_code_dv(db: Database, item_id: uuid.UUID, is_dv: bool) -> None:
    """Whether a topic is a form of violence (it sets a consultation's DV flag)."""
    actor = require(db, Permission.MANAGE_CODE_LISTS)
    with db.transaction() as session:
        item = _get(session, item_id)
        errors: dict[str, str] = {}
        _check_flags(errors, item.category, is_dv, item.max_age)
        if errors:
            raise ValidationError(errors)
        item.is_dv = is_dv
        _audit(session, actor, AuditAction.EDIT, item, ["is_dv"])


def set_code_max_age(db: Database, item_id: uuid.UUID, max_age: int | None) -> None:
    """The upper age of an age band (None = 不明), for "若年層 = 39 and under"."""
    actor = require(db, Permission.MANAGE_CODE_LISTS)
    with db.transaction() as session:
        item = _get(session, item_id)
        errors: dict[str, str] = {}
        _check_flags(errors, item.category, item.is_dv, max_age)
        if errors:
            raise ValidationError(errors)
        item.max_age = max_age
        _audit(session, actor, AuditAction.EDIT, item, ["max_age"])


def _audit(
    session: Session, actor: Actor, action: AuditAction, item: CodeItem, fields: list[str]
) -> None:
    record(
        session,
        actor.staff_id,
        action,
        entity_type="code_item",
        entity_id=item.id,
        detail={"fields": fields, "category": item.category.value},
    )


def _items(session: Session, category: CodeCategory) -> list[CodeItem]:
    return list(
        session.scalars(
            select(CodeItem)
            .where(CodeItem.category == category)
            .order_by(CodeItem.sort_order, CodeItem.label, CodeItem.id)
        )
    )


def _get(session: Session, item_id: uuid.UUID) -> CodeItem:
    item = session.get(CodeItem, item_id)
    if item is None:
        raise ValidationError({"item_id": MSG_NOT_FOUND})
    return item


def _clean_label(label: str) -> str | None:
    # Full-width letters and digits are stored half-width, as in every list
    # the baseline seeded; so "ＬＩＮＥ" and "LINE" are one label.
    text = clean_text(label)
    return unicodedata.normalize("NFKC", text) if text is not None else None


def _check_label(
    errors: dict[str, str], items: list[CodeItem], name: str | None, own_id: uuid.UUID | None
) -> None:
    if name is None:
        errors["label"] = MSG_LABEL_REQUIRED
    elif len(name) > _LABEL_MAX:
        errors["label"] = f"名称は{_LABEL_MAX}文字以内で入力してください。"
    elif any(i.active and i.id != own_id and i.label == name for i in items):
        errors["label"] = MSG_LABEL_TAKEN


def _check_flags(
    errors: dict[str, str], category: CodeCategory, is_dv: bool, max_age: int | None
) -> None:
    if is_dv and category != CodeCategory.TOPIC:
        errors["is_dv"] = "DVの区分は相談内容の項目にだけ設定できます。"
    if max_age is not None:
        if category != CodeCategory.AGE_BAND:
            errors["max_age"] = "上限年齢は年代の項目にだけ設定できます。"
        elif not 0 <= max_age <= _MAX_AGE_LIMIT:
            errors["max_age"] = f"上限年齢は0から{_MAX_AGE_LIMIT}までの数で入力してください。"


def _new_code(label: str, taken: set[str]) -> str:
    """A code for a label: the label itself when it is a usable ASCII key,
    else the first free "custom-<n>"."""
    slug = re.sub(r"[^a-z0-9]+", "_", label.lower()).strip("_")[:40]
    usable = slug and slug == re.sub(r"\s+", "_", label.lower()) and _CODE.match(slug)
    if usable and slug not in taken:
        return slug
    n = 1
    while f"custom-{n}" in taken:
        n += 1
    return f"custom-{n}"


def _row(item: CodeItem) -> CodeRow:
    return CodeRow(
        id=item.id,
        category=item.category,
        code=item.code,
        label=item.label,
        sort_order=item.sort_order,
        active=item.active,
        is_dv=item.is_dv,
        max_age=item.max_age,
    )
