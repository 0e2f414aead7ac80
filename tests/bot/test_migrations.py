"""Migrations build exactly the models' schema and keep data across upgrades."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlmodel import SQLModel

from bot.store import inbox, models  # noqa: F401  (registers the tables)
from bot.store.db import current_revision, upgrade
from tests.bot.test_inbox_worker import incoming


def test_migrated_schema_matches_the_models(engine):
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), SQLModel.metadata)
    assert diff == []


def test_upgrade_again_keeps_existing_data(engine, database_url):
    inbox.record(engine, incoming(1), "default")
    revision = current_revision(engine)
    upgrade(database_url)
    assert current_revision(engine) == revision
    assert len(inbox.list_rows(engine)) == 1
