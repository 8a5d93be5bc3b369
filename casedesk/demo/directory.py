"""The program's people and partners: staff accounts and the agency directory."""

from __future__ import annotations

from casedesk.accounts import hash_password
from casedesk.demo.agencies import AGENCIES, AGENCY_ADDRESSES, SECRET_ADDRESS_KINDS
from casedesk.demo.context import AgencyRef, DemoContext, StaffMember
from casedesk.demo.names import STAFF_GIVEN, STAFF_NAMES, SURNAMES

CONTACT_TITLES = ("ケースワーカー", "相談員", "係長", "担当", "生活安全課", "事務局")

# The demo's accounts that can sign in (the README lists them): one of each
# role, all with this password.  A demo file is synthetic; a real database
# gets its accounts from its administrator.
DEMO_PASSWORD = "casedesk-demo"
DEMO_LOGINS = {"counselor": "counselor", "supervisor": "supervisor", "administrator": "admin"}


def write_staff(ctx: DemoContext) -> None:
    """10–15 people: two supervisors, one administrator, the rest counselors.
    The first of each role can sign in (``DEMO_LOGINS``, ``DEMO_PASSWORD``);
    the others have no password."""
    rng = ctx.rng
    count = rng.randint(10, 15)
    people = rng.sample(STAFF_NAMES, count)
    given = rng.sample(STAFF_GIVEN, count)
    roles = ["supervisor", "supervisor", "administrator"] + ["counselor"] * (count - 3)
    rows = ctx.writer.buffer("staff")
    # One argon2 hash (a quarter of a second), shared by the three.
    password_hash = hash_password(DEMO_PASSWORD)
    signs_in: set[str] = set()
    for (surname, surname_kana, login), (first, first_kana), role in zip(
        people, given, roles, strict=True
    ):
        staff_id, stamp = ctx.stamp(0, 9 * 60)
        name = f"{surname} {first}"
        stored_hash = None
        if role not in signs_in:
            signs_in.add(role)
            login, stored_hash = DEMO_LOGINS[role], password_hash
        kana = f"{surname_kana} {first_kana}"
        rows.append((staff_id, stamp, stamp, login, name, kana, role, 1, stored_hash))
        ctx.staff.append(StaffMember(id=staff_id, name=name, role=role))


def write_agencies(ctx: DemoContext) -> None:
    rng = ctx.rng
    rows = ctx.writer.buffer("agencies")
    for spec in AGENCIES:
        agency_id, stamp = ctx.stamp(0, 9 * 60 + 30)
        secret = spec.kind in SECRET_ADDRESS_KINDS
        surname = rng.choice(SURNAMES)[0]
        contact = f"{surname}（{rng.choice(CONTACT_TITLES)}）" if rng.random() < 0.7 else None
        phone = f"03-{rng.randint(3900, 3999)}-{rng.randint(0, 9999):04d}"
        rows.append(
            (
                agency_id,
                stamp,
                stamp,
                spec.name,
                spec.kana,
                ctx.codes.id("agency_kind", spec.kind),
                spec.department,
                contact,
                None if secret else phone,
                None,
                None if secret else AGENCY_ADDRESSES.get(spec.kind),
                "所在地・連絡先は非公開。連絡は女性相談支援センター経由" if secret else None,
                1,
            )
        )
        ctx.agencies.append(AgencyRef(id=agency_id, name=spec.name, kind=spec.kind))
