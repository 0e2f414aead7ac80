"""Engine creation, connection tuning and schema migrations."""

from __future__ import annotations

import fcntl
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext, suppress
from functools import cache
from pathlib import Path

from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

MIGRATIONS = Path(__file__).parent / "migrations"
SQLITE_BUSY_MS = 30_000
# SQLite backs off 1, 2, 5 ... 25 ms when a writer meets another; a lock queues them instead.
_SQLITE_WRITES = threading.Lock()


class DatabaseUnavailable(RuntimeError):
    """The database cannot be reached or cannot commit."""


def make_engine(url: str) -> Engine:
    """Create an engine tuned for the embedded (SQLite) or production (PostgreSQL) case."""
    if url.startswith("sqlite"):
        create_private_sqlite_file(url)
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})
        event.listen(engine, "connect", _tune_sqlite)
        return engine
    # No pre-ping: it costs a round trip per delivery, and a disconnect already empties
    # the pool (that one request answers 503, which the sender may retry).
    return create_engine(url, pool_size=5, max_overflow=5, pool_timeout=10)


def create_private_sqlite_file(url: str) -> None:
    """Create a new SQLite database file readable by its owner only."""
    database = make_url(url).database if url.startswith("sqlite") else None
    if not database or database.startswith((":memory:", "file:")):
        return
    # SQLite would create it 0644; it gives its -wal and -shm files the file's own mode.
    with suppress(OSError):  # it exists, or SQLite will say why it cannot be created
        os.close(os.open(database, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))


def _tune_sqlite(dbapi_connection, _record) -> None:
    """WAL lets the web server read while the worker writes; busy_timeout queues writers."""
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_MS}")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


@contextmanager
def open_engine(url: str) -> Iterator[Engine]:
    """An engine for one command, disposed at the end so no connection is left open."""
    engine = make_engine(url)
    try:
        yield engine
    finally:
        engine.dispose()


INSERTS = {"postgresql": pg_insert, "sqlite": sqlite_insert}


def upsert_insert(bind: Engine | Connection, table):
    """An INSERT that supports ON CONFLICT on both PostgreSQL and SQLite."""
    return INSERTS[bind.dialect.name](table)


def insert_ignoring_conflicts(dialect: str, table):
    """INSERT ... ON CONFLICT DO NOTHING: the unique constraints decide what was seen."""
    return INSERTS[dialect](table).on_conflict_do_nothing()


def write_lock(engine: Engine):
    """Queue SQLite writers on locks that wake them at once, not on SQLite's busy sleeps."""
    if engine.dialect.name != "sqlite":
        return nullcontext()
    database = engine.url.database
    if not database or database == ":memory:":
        return _SQLITE_WRITES
    return _writers_queue(database)


@contextmanager
def _writers_queue(database: str) -> Iterator[None]:
    """This process's lock, then a lock file shared with the other processes."""
    with _SQLITE_WRITES:
        descriptor = _lock_file(database)
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(descriptor, fcntl.LOCK_UN)


@cache
def _lock_file(database: str) -> int:
    """One descriptor per process for the lock file beside the database."""
    return os.open(f"{database}-writers", os.O_RDWR | os.O_CREAT, 0o600)


def ping(engine: Engine) -> bool:
    """True when the database answers a trivial query."""
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        return True
    except SQLAlchemyError:
        return False


def alembic_config(url: str):
    """Build the Alembic configuration for the project's migrations."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade(url: str, revision: str = "head") -> None:
    """Bring the schema up to the given revision, keeping existing data."""
    from alembic import command

    create_private_sqlite_file(url)
    command.upgrade(alembic_config(url), revision)


def current_revision(engine: Engine) -> str | None:
    """Return the schema's current Alembic revision, or None when unmigrated."""
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()
