"""Goods handed out (物品提供): period products and other necessities, as a
door to consultation.

A counselor logs "生理用品 100 at a school library" in seconds: the item,
the quantity, the date and where.  An entry may name the outreach event it
was handed out at and, for goods given to one known client, her case (by
case number, as counselors know cases).
"""

from __future__ import annotations

import datetime as dt
import unicodedata
import uuid
from dataclasses import dataclass

from sqlalchemy import and_, select
from sqlalchemy.orm import Session, aliased

from casedesk.access import visible, visible_cases
from casedesk.audit import AuditAction, record
from casedesk.auth import Actor, Permission, require
from casedesk.checks import check_code, clean_text
from casedesk.database import Database
from casedesk.errors import ValidationError
from casedesk.parsing import format_date
from casedesk.record_changes import changed_fields, filled_fields, snapshot
from db.enums import CodeCategory
from db.models.activities import GoodsDistribution
from db.models.cases import Case
from db.models.codes import CodeItem
from db.models.outreach import OutreachEvent

PLACE_MAX = 200
# Far beyond one handing-out (10,000 packs a year is a big program): a typo.
QUANTITY_MAX = 100_000


@dataclass(frozen=True)
class GoodsInput:
    """What the goods form holds.  ``goods_id`` None = a new entry;
    ``case_no`` is typed by hand ("2024-0003"), blank = no case."""

    item_id: uuid.UUID | None
    quantity: int | None
    handed_on: dt.date | None
    place_kind_id: uuid.UUID | None = None
    place: str | None = None
    outreach_event_id: uuid.UUID | None = None
    case_no: str | None = None
    notes: str | None = None
    goods_id: uuid.UUID | None = None


@dataclass(frozen=True)
class GoodsRow:
    """One line of the goods list."""

    id: uuid.UUID
    handed_on: dt.date
    item_id: uuid.UUID
    item: str
    quantity: int
    place_kind: str | None
    place: str | None
    outreach_event_id: uuid.UUID | None
    # "2024-06-01 出張相談会 区民センター": enough to recognise the event.
    event: str | None
    case_no: str | None


def _check_optional_code(
    session: Session,
    errors: dict[str, str],
    name: str,
    code_id: uuid.UUID | None,
    category: CodeCategory,
    kept: uuid.UUID | None,
) -> None:
    """A retired code the record already had stays allowed."""
    if code_id is None or code_id == kept:
        return
    problem = check_code(session, code_id, category)
    if problem is not None:
        errors[name] = problem


def _case_id(session: Session, actor: Actor, case_no: str | None) -> uuid.UUID | None:
    """The case of a number, among those ``actor`` may open: a case she may
    not open is "no such case", as everywhere."""
    text = clean_text(case_no)
    if text is None:
        return None
    return session.scalar(
        select(Case.id).where(
            Case.case_no == unicodedata.normalize("NFKC", text), visible_cases(actor)
        )
    )


def _validate(
    session: Session, actor: Actor, data: GoodsInput, today: dt.date
) -> tuple[dict[str, str], uuid.UUID | None]:
    errors: dict[str, str] = {}
    current = session.get(GoodsDistribution, data.goods_id) if data.goods_id else None
    if data.goods_id is not None and current is None:
        errors["goods_id"] = "物品提供の記録が見つかりません。削除された可能性があります。"
    if data.item_id is None:
        errors["item_id"] = "物品を選択してください。"
    else:
        _check_optional_code(
            session,
            errors,
            "item_id",
            data.item_id,
            CodeCategory.GOODS_ITEM,
            current.item_id if current else None,
        )
    if data.quantity is None:
        errors["quantity"] = "数量を入力してください。"
    elif data.quantity < 1:
        errors["quantity"] = "数量は1以上にしてください。"
    elif data.quantity > QUANTITY_MAX:
        errors["quantity"] = f"数量は{QUANTITY_MAX:,}以下にしてください。"
    if data.handed_on is None:
        errors["handed_on"] = "提供日を入力してください。"
    elif data.handed_on > today:
        # Goods are logged after they were handed out; a future date is a typo.
        errors["handed_on"] = "提供日に未来の日付は入力できません。"
    _check_optional_code(
        session,
        errors,
        "place_kind_id",
        data.place_kind_id,
        CodeCategory.GOODS_PLACE,
        current.place_kind_id if current else None,
    )
    place = clean_text(data.place)
    if place is not None and len(place) > PLACE_MAX:
        errors["place"] = f"場所は{PLACE_MAX}文字以内で入力してください。"
    if (
        data.outreach_event_id is not None
        and session.get(OutreachEvent, data.outreach_event_id) is None
    ):
        errors["outreach_event_id"] = "アウトリーチの記録が見つかりません。"
    case_id = _case_id(session, actor, data.case_no)
    # Editing an entry that names a case she may not open: the number was
    # not shown to her (``get_goods``), so the case it had is kept.
    if (
        case_id is None
        and clean_text(data.case_no) is None
        and current is not None
        and current.case_id is not None
        and not _may_see(session, actor, current.case_id)
    ):
        case_id = current.case_id
    if clean_text(data.case_no) is not None and case_id is None:
        errors["case_no"] = "このケース番号のケースはありません。"
    return errors, case_id


def save_goods(db: Database, data: GoodsInput, today: dt.date | None = None) -> uuid.UUID:
    """Create or update one entry; raises ``ValidationError`` and writes
    nothing if any check fails.  ``today`` (default: the local date) bounds
    the date."""
    actor = require(db, Permission.PROGRAM_RECORDS)
    with db.transaction() as session:
        errors, case_id = _validate(session, actor, data, today or dt.date.today())
        if errors:
            raise ValidationError(errors)
        assert data.item_id is not None and data.quantity is not None
        assert data.handed_on is not None
        goods = session.get(GoodsDistribution, data.goods_id) if data.goods_id else None
        before = snapshot(goods) if goods is not None else None
        if goods is None:
            goods = GoodsDistribution()
            session.add(goods)
        goods.item_id = data.item_id
        goods.quantity = data.quantity
        goods.handed_on = data.handed_on
        goods.place_kind_id = data.place_kind_id
        goods.place = clean_text(data.place)
        goods.outreach_event_id = data.outreach_event_id
        goods.case_id = case_id
        goods.notes = clean_text(data.notes)
        session.flush()
        if before is None:
            _audit(session, actor, AuditAction.CREATE, goods, filled_fields(goods))
        else:
            changed = changed_fields(before, goods)
            if changed:
                _audit(session, actor, AuditAction.EDIT, goods, changed)
        return goods.id


def _may_see(session: Session, actor: Actor, case_id: uuid.UUID) -> bool:
    return (
        session.scalar(select(Case.id).where(Case.id == case_id, visible_cases(actor))) is not None
    )


def _audit(
    session: Session,
    actor: Actor,
    action: AuditAction,
    goods: GoodsDistribution,
    fields: list[str],
) -> None:
    record(
        session,
        actor.staff_id,
        action,
        entity_type="goods_distribution",
        entity_id=goods.id,
        case_id=goods.case_id,
        detail={"fields": fields},
    )


def get_goods(db: Database, goods_id: uuid.UUID) -> GoodsInput:
    """An entry as the form edits it; raises ``ValidationError`` if it is gone.
    The case number only of a case the actor may open."""
    actor = require(db, Permission.PROGRAM_RECORDS)
    with db.reading() as session:
        goods = session.get(GoodsDistribution, goods_id)
        if goods is None:
            raise ValidationError({"goods_id": "物品提供の記録が見つかりません。"})
        case_no = (
            session.scalar(
                select(Case.case_no).where(Case.id == goods.case_id, visible_cases(actor))
            )
            if goods.case_id
            else None
        )
        return GoodsInput(
            item_id=goods.item_id,
            quantity=goods.quantity,
            handed_on=goods.handed_on,
            place_kind_id=goods.place_kind_id,
            place=goods.place,
            outreach_event_id=goods.outreach_event_id,
            case_no=case_no,
            notes=goods.notes,
            goods_id=goods.id,
        )


def event_label(held_on: dt.date, kind: str, title: str | None, place: str) -> str:
    """How an outreach event is named in lists and drop-downs."""
    return f"{format_date(held_on)} {title or kind} {place}".strip()


def list_goods(
    db: Database, date_from: dt.date | None = None, date_to: dt.date | None = None
) -> list[GoodsRow]:
    """Entries handed out in the range (inclusive; None = open-ended), newest
    first; the case number only of a case the actor may open."""
    actor = require(db, Permission.PROGRAM_RECORDS)
    item = aliased(CodeItem)
    place_kind = aliased(CodeItem)
    event_kind = aliased(CodeItem)
    stmt = (
        select(
            GoodsDistribution,
            item.label,
            place_kind.label,
            OutreachEvent.held_on,
            event_kind.label,
            OutreachEvent.title,
            OutreachEvent.place,
            Case.case_no,
        )
        .join(item, item.id == GoodsDistribution.item_id)
        .outerjoin(place_kind, place_kind.id == GoodsDistribution.place_kind_id)
        .outerjoin(OutreachEvent, OutreachEvent.id == GoodsDistribution.outreach_event_id)
        .outerjoin(event_kind, event_kind.id == OutreachEvent.kind_id)
        .outerjoin(Case, and_(Case.id == GoodsDistribution.case_id, visible(actor, Case.id)))
    )
    if date_from is not None:
        stmt = stmt.where(GoodsDistribution.handed_on >= date_from)
    if date_to is not None:
        stmt = stmt.where(GoodsDistribution.handed_on <= date_to)
    stmt = stmt.order_by(
        GoodsDistribution.handed_on.desc(),
        GoodsDistribution.created_at.desc(),
        GoodsDistribution.id.desc(),
    )
    with db.reading() as session:
        return [
            GoodsRow(
                id=goods.id,
                handed_on=goods.handed_on,
                item_id=goods.item_id,
                item=item_label,
                quantity=goods.quantity,
                place_kind=place_label,
                place=goods.place,
                outreach_event_id=goods.outreach_event_id,
                event=(
                    event_label(event_on, event_kind_label or "", title, event_place or "")
                    if event_on is not None
                    else None
                ),
                case_no=case_no,
            )
            for (
                goods,
                item_label,
                place_label,
                event_on,
                event_kind_label,
                title,
                event_place,
                case_no,
            ) in session.execute(stmt)
        ]


def delete_goods(db: Database, goods_id: uuid.UUID) -> None:
    """Delete one entry (nothing points at goods)."""
    actor = require(db, Permission.PROGRAM_RECORDS)
    with db.transaction() as session:
        goods = session.get(GoodsDistribution, goods_id)
        if goods is None:
            raise ValidationError({"goods_id": "物品提供の記録が見つかりません。"})
        _audit(session, actor, AuditAction.DELETE, goods, [])
        session.delete(goods)
