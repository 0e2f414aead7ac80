"""Small named state in the key_value table: high-water marks, heartbeats, refusals."""

from __future__ import annotations

from sqlalchemy import Connection, Engine, delete, select

from bot.clock import utcnow
from bot.forum.client import ForumRejected
from bot.store.db import upsert_insert
from bot.store.models.queues import KeyValue

T = KeyValue.__table__
WORKER_HEARTBEAT = "worker.heartbeat"
WORKER_HEARTBEAT_SECONDS = 15
CLOCK_HEARTBEAT = "clock.heartbeat"
FORUM_REFUSED = "forum.refused"  # the forum's last refusal of the bot's key or rights
REFUSALS = (401, 403)
# Discourse refused the bot's whispers (not in whispers_allowed_groups, or whispers off):
# none is sent until a person clears it; volunteers use the triage page meanwhile.
WHISPERS_REFUSED = "whispers.refused"
WHISPER_REFUSALS = (403, 422)


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
    with engine.connect() as conn:
        return get_in(conn, forum, key)


def get_in(conn: Connection, forum: str, key: str) -> tuple[str, object] | None:
    """Return (value, updated_at) or None, in the caller's transaction."""
    query = select(T.c.value, T.c.updated_at).where(T.c.forum == forum, T.c.key == key)
    row = conn.execute(query).first()
    return (row[0], row[1]) if row else None


def forget(engine: Engine, forum: str, key: str) -> None:
    """Remove a value."""
    with engine.begin() as conn:
        conn.execute(delete(T).where(T.c.forum == forum, T.c.key == key))


def note_forum_call(engine: Engine, forum: str, error: Exception | None = None) -> None:
    """Remember that the forum refused the bot (401, 403); a call that went through forgets it."""
    if error is None:
        forget(engine, forum, FORUM_REFUSED)
    elif isinstance(error, ForumRejected) and error.status in REFUSALS:
        with engine.begin() as conn:
            put(conn, forum, FORUM_REFUSED, str(error)[:500])


def is_whisper_refusal(error: ForumRejected) -> bool:
    """A 403 on a whisper is Discourse refusing whispers; a 422 only when it names them."""
    if error.status not in WHISPER_REFUSALS:
        return False
    # a 422 is also a deleted topic or a short body: those must not stop every whisper
    return error.status == 403 or "whisper" in str(error).lower()


def note_whispers_refused(engine: Engine, forum: str, error: ForumRejected) -> None:
    """Remember the first refusal of a whisper and its reason; later ones change nothing."""
    if get(engine, forum, WHISPERS_REFUSED) is not None:
        return
    with engine.begin() as conn:
        put(conn, forum, WHISPERS_REFUSED, str(error)[:500])


def whispers_refused(engine: Engine, forum: str) -> str | None:
    """Why Discourse refused the bot's whispers, or None while they go through."""
    found = get(engine, forum, WHISPERS_REFUSED)
    return found[0] if found else None
