"""Every post the bot makes, queued once per dedupe key; cancelled, found and claimed here,
sent by outbox_delivery.py."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Connection, Engine, select, update

from bot.clock import utcnow
from bot.store.db import upsert_insert
from bot.store.models.queues import OutboxPost
from bot.store.queue import Queue
from bot.store.rows import OutboxRow
from bot.store.status import OutboxStatus

T = OutboxPost.__table__
QUEUE = Queue(T, OutboxStatus, OutboxRow)
EDIT = "whisper-edit"  # the purpose of a row that rewrites the post of another row


def enqueue(engine: Engine, forum: str, *, dedupe_key: str, purpose: str, raw: str, **post) -> int:
    """Queue a post once per dedupe key in its own transaction; return the outbox id."""
    with engine.begin() as conn:
        return queue(conn, forum, dedupe_key=dedupe_key, purpose=purpose, raw=raw, **post)


def queue(conn: Connection, forum: str, *, dedupe_key: str, purpose: str, raw: str, **post) -> int:
    """Queue a post once per dedupe key, in the caller's transaction; return the outbox id
    (the existing one on repeat)."""
    now = utcnow()
    values = {"forum": forum, "dedupe_key": dedupe_key, "purpose": purpose, "raw": raw}
    values |= {"status": OutboxStatus.PENDING, "attempts": 0}
    values |= {"created_at": now, "next_attempt_at": now}
    conn.execute(upsert_insert(conn, T).values(**values, **post).on_conflict_do_nothing())
    query = select(T.c.id).where(T.c.forum == forum, T.c.dedupe_key == dedupe_key)
    return conn.execute(query).scalar_one()


def queue_edit(conn: Connection, forum: str, target_outbox_id: int, *, dedupe_key: str, raw: str):
    """Queue a rewrite of the post another row made; older unsent rewrites of it are skipped.

    An edit replaces the whole post, so only the newest one matters: an older one sent after
    it would bring stale words back."""
    older = (
        (T.c.target_outbox_id == target_outbox_id)
        & T.c.status.in_(OutboxStatus.due())
        & (T.c.dedupe_key != dedupe_key)
    )
    skipped = {"status": OutboxStatus.SKIPPED, "last_error": "replaced by a newer edit"}
    conn.execute(update(T).where(older).values(**skipped))
    return queue(
        conn,
        forum,
        dedupe_key=dedupe_key,
        purpose=EDIT,
        raw=raw,
        target_outbox_id=target_outbox_id,
    )


def cancel(conn: Connection, forum: str, dedupe_keys: list[str], reason: str) -> int:
    """Give up posts not sent yet, in the caller's transaction; return how many."""
    where = (T.c.forum == forum) & T.c.dedupe_key.in_(dedupe_keys)
    where &= T.c.status.in_(OutboxStatus.due())
    values = {"status": OutboxStatus.SKIPPED, "last_error": f"cancelled: {reason}"[:4000]}
    return conn.execute(update(T).where(where).values(**values)).rowcount


def find(conn: Connection, forum: str, dedupe_key: str) -> OutboxRow | None:
    """The post queued under a dedupe key, in the caller's transaction, or None."""
    query = select(T).where(T.c.forum == forum, T.c.dedupe_key == dedupe_key)
    row = conn.execute(query).mappings().first()
    return OutboxRow.of(row) if row else None


def claim(
    engine: Engine, limit: int = 10, now: datetime | None = None, who: str | None = None
) -> list[int]:
    """Lease due outbox rows to this worker (`who`, host:pid)."""
    return QUEUE.claim(engine, limit, now, who)


def load(engine: Engine, row_id: int) -> OutboxRow | None:
    """Return one outbox row."""
    return QUEUE.load(engine, row_id)
