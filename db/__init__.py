"""Persistence layer: typed SQLAlchemy models, the engine/session factory and
Alembic migrations. Knows nothing of casedesk services or of Qt."""
