"""A migrations folder as a later casedesk release would ship it: ours plus
one more revision.  Lets tests exercise upgrade-with-backup and refusal of a
newer database while the project still has few real revisions."""

from __future__ import annotations

import shutil
from importlib import resources
from pathlib import Path

from alembic.config import Config

from db.migrate import head_revision

NEXT_REVISION = "9999_fake_next_release"


def make_next_release(tmp: Path) -> Config:
    target = tmp / "migrations_next"
    shutil.copytree(Path(str(resources.files("db") / "migrations")), target)
    (target / "versions" / f"{NEXT_REVISION}.py").write_text(
        f'''"""a later release adds a table"""
import sqlalchemy as sa
from alembic import op

revision = "{NEXT_REVISION}"
down_revision = "{head_revision()}"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table("future_things", sa.Column("id", sa.Integer, primary_key=True))


def downgrade() -> None:
    op.drop_table("future_things")
''',
        encoding="utf-8",
    )
    cfg = Config()
    cfg.set_main_option("script_location", str(target))
    return cfg
