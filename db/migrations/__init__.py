"""Alembic migration scripts (script_location ``db:migrations``)."""
