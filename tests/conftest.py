"""Shared fixtures.  Qt runs offscreen: no display is needed, in CI or here."""

from __future__ import annotations

import datetime as dt
import os
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

# Before anything imports Qt: the platform plugin is chosen once, at startup.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from argon2 import PasswordHasher

import casedesk.accounts
from casedesk.accounts import hash_password
from casedesk.database import Database, open_database
from db.enums import CaseStatus, CodeCategory, ContactKind, RiskLevel, StaffRole
from db.models.cases import Case
from db.models.codes import CodeItem
from db.models.consultations import Consultation
from db.models.people import Client, Staff
from tests.actors import SAMPLE_PASSWORD, as_login

# argon2's real parameters take a quarter of a second per hash; tests that
# sign in would spend minutes on them.  Hashes carry their own parameters,
# so the product's code paths are the same.
casedesk.accounts.HASHER = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)

# GUI helpers and the ``context`` fixture (an AppContext on the sample database).
pytest_plugins = ["tests.gui"]

# The offscreen platform plugin has no window manager to pass size hints to,
# and says so (QPlatformWindow's base implementation) whenever a top-level
# window with a layout is shown (and raise() when a window is brought to the
# front).  Those messages are about the test
# platform, not about casedesk; every other Qt warning still fails a test.
OFFSCREEN_NOISE = r"^This plugin does not support (propagateSizeHints|raise)\(\)$"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        item.add_marker(pytest.mark.qt_log_ignore(OFFSCREEN_NOISE, extend=True))


@pytest.fixture(autouse=True)
def settings_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test keeps the app's settings (QSettings) in its tmp_path,
    never in the developer's own."""
    from ui.settings import SETTINGS_ENV

    path = tmp_path / "settings" / "casedesk.ini"
    monkeypatch.setenv(SETTINGS_ENV, str(path))
    return path


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """casedesk's per-user data directory, inside the test's tmp_path."""
    directory = tmp_path / "data"
    monkeypatch.setenv("CASEDESK_DATA_DIR", str(directory))
    return directory


@pytest.fixture(scope="session")
def ja_app(qapp: Any) -> Any:
    """The QApplication set up as ``casedesk`` sets it up: bundled font and
    the Japanese translation (whatever CASEDESK_LANG the developer has)."""
    from ui.app import configure_application

    if not qapp.property("casedesk_configured"):
        configure_application(qapp, language="ja")
        qapp.setProperty("casedesk_configured", True)
    return qapp


@dataclass(frozen=True)
class SampleCase:
    case_no: str
    display_name: str
    age_band: str | None
    counselor: str | None
    last_contact: dt.date | None
    status: CaseStatus
    is_dv: bool
    risk_level: RiskLevel
    restricted: bool


# Six cases with every kind of value the list shows, newest case number first.
# fmt: off
SAMPLE_CASES: list[SampleCase] = [
    SampleCase("2024-0005", "はるか", None, None, None,
               CaseStatus.OPEN, False, RiskLevel.LOW, False),
    SampleCase("2024-0004", "みどり", "30代", "佐藤 花子", dt.date(2024, 11, 2),
               CaseStatus.OPEN, True, RiskLevel.HIGH, True),
    SampleCase("2024-0003", "LINE：さくら", "20代", "鈴木 恵", dt.date(2024, 10, 30),
               CaseStatus.OPEN, False, RiskLevel.MEDIUM, False),
    SampleCase("2024-0002", "ゆき", "10代以下", "佐藤 花子", dt.date(2024, 6, 1),
               CaseStatus.CLOSED, True, RiskLevel.LOW, False),
    SampleCase("2024-0001", "あおい", "不明", "鈴木 恵", dt.date(2024, 4, 15),
               CaseStatus.CLOSED, False, RiskLevel.LOW, False),
    SampleCase("2023-0012", "ことり", "40代", None, dt.date(2024, 2, 20),
               CaseStatus.OPEN, False, RiskLevel.LOW, False),
]
# fmt: on


def build_sample_database(path: Path) -> Database:
    """A small database built with the ORM, so that tests can assert exact rows."""
    database = open_database(path)
    with database.transaction() as session:
        codes = {(item.category, item.label): item.id for item in session.scalars(select(CodeItem))}
        line = codes[(CodeCategory.CHANNEL, "LINE")]
        staff: dict[str, uuid.UUID] = {}
        for login, name in (("sato", "佐藤 花子"), ("suzuki", "鈴木 恵")):
            member = Staff(
                login=login,
                name=name,
                role=StaffRole.COUNSELOR,
                password_hash=hash_password(SAMPLE_PASSWORD),
            )
            session.add(member)
            session.flush()
            staff[name] = member.id
        # An administrator, who manages accounts and reads no case (the
        # GUI tests sign in as 佐藤, a counselor; the only restricted case
        # is hers, so she sees the whole sample).
        session.add(
            Staff(
                login="admin",
                name="システム 管理者",
                role=StaffRole.ADMINISTRATOR,
                password_hash=hash_password(SAMPLE_PASSWORD),
            )
        )
        for sample in reversed(SAMPLE_CASES):  # oldest first, as they were opened
            client = Client(
                display_name=sample.display_name,
                age_band_id=codes[(CodeCategory.AGE_BAND, sample.age_band)]
                if sample.age_band
                else None,
            )
            session.add(client)
            session.flush()
            case = Case(
                case_no=sample.case_no,
                client_id=client.id,
                status=sample.status,
                lead_counselor_id=staff[sample.counselor] if sample.counselor else None,
                opened_on=dt.date(2024, 4, 1),
                risk_level=sample.risk_level,
                restricted=sample.restricted,
            )
            session.add(case)
            session.flush()
            if sample.last_contact is None:
                continue
            # Three contacts, the latest last in time but not in insertion
            # order, and DV on an earlier one: the list must look at all.
            dates = [
                sample.last_contact - dt.timedelta(days=20),
                sample.last_contact,
                sample.last_contact - dt.timedelta(days=3),
            ]
            for n, day in enumerate(dates):
                session.add(
                    Consultation(
                        case_id=case.id,
                        consulted_on=day,
                        channel_id=line,
                        contact_kind=ContactKind.NEW if n == 0 else ContactKind.CONTINUING,
                        is_dv=sample.is_dv and n == 0,
                    )
                )
        # An anonymous one-off contact belongs to no case and must not
        # disturb the list.
        session.add(
            Consultation(
                case_id=None,
                consulted_on=dt.date(2025, 1, 5),
                channel_id=line,
                contact_kind=ContactKind.NEW,
                is_dv=True,
            )
        )
    return database


@pytest.fixture
def sample_db(tmp_path: Path) -> Iterator[Database]:
    """The sample database, acting for 佐藤, a counselor: the only restricted
    case is hers, so she opens every case of the sample.  Tests of who may
    do what bind other actors (tests/actors.py)."""
    database = build_sample_database(tmp_path / "sample.sqlite3")
    yield as_login(database, "sato")
    database.close()


@pytest.fixture
def sample_db_path(tmp_path: Path) -> Path:
    """The sample database as a closed file, for the GUI to open itself."""
    path = tmp_path / "sample.sqlite3"
    build_sample_database(path).close()
    return path
