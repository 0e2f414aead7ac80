"""Small named state in the key_value table: high-water marks, heartbeats."""

from __future__ import annotations

from sqlalchemy import Connection, Engine, select

from bot.clock import utcnow
from bot.store.db import upsert_insert
from bot.store.models import KeyValue

T = KeyValue.__table__
WORKER_HEARTBEAT = "worker.heartbeat"
CLOCK_HEARTBEAT = "clock.heartbeat"


def put(conn: Connection, forum: str, key: str, value: str) -> None:
    """Set a value, replacing any earlier one, in the caller's transaction."""
    stmt = upsert_insert(conn, T).values(forum=forum, key=key, value=value, updated_at=utcnow())
    stmt = stmt.on_conflict_do_update(
        index_elements=["forum", "key"],
        set_={"value": stmt.excluded.value, "updated_at": stmt.excluded.updated_at},
    )
    conn.execute(stmt)


def get(engine: Engine, forum: str, key: str) -> tuple[str, object] | None:
    """Return (value, updated_at) or None."""
    query = select(T.c.value, T.c.updated_at).where(T.c.forum == forum, T.c.key == key)
    with engine.connect() as conn:
        row = conn.execute(query).first()
    return (row[0], row[1]) if row else None
