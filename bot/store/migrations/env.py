"""Alembic environment: run migrations against the configured URL."""

from alembic import context
from sqlalchemy import create_engine
from sqlmodel import SQLModel

from bot.store import models  # noqa: F401  (registers the tables on the metadata)

config = context.config


def run_migrations_online() -> None:
    """Run the migrations in one transaction per revision."""
    engine = create_engine(config.get_main_option("sqlalchemy.url"))
    with engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=SQLModel.metadata,
            render_as_batch=connection.dialect.name == "sqlite",
        )
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


run_migrations_online()
