"""What the triage page's logins share across processes: DiscourseConnect nonces, attempt counts."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine, case, delete, insert, update

from bot.clock import utcnow
from bot.store.db import upsert_insert
from bot.store.models.accounts import LoginNonce, LoginThrottle

N = LoginNonce.__table__
T = LoginThrottle.__table__


def issue_nonce(engine: Engine, forum: str, nonce: str, max_age: timedelta) -> None:
    """Store a fresh nonce, dropping the stale ones nobody came back with."""
    now = utcnow()
    with engine.begin() as conn:
        conn.execute(delete(N).where(N.c.created_at < now - max_age))
        conn.execute(insert(N).values(nonce=nonce, forum=forum, created_at=now))


def consume_nonce(engine: Engine, forum: str, nonce: str, max_age: timedelta) -> bool:
    """Delete the nonce; True only if it was there and young enough (a second use finds none)."""
    query = delete(N).where(N.c.nonce == nonce, N.c.forum == forum).returning(N.c.created_at)
    with engine.begin() as conn:
        created = conn.execute(query).scalar()
    return created is not None and _aware(created) >= utcnow() - max_age


def allow_attempt(engine: Engine, forum: str, bucket: str, limit: int, window: timedelta) -> bool:
    """Count one attempt in the bucket's window; False once the window holds more than limit."""
    now = utcnow()
    fresh = T.c.window_start >= now - window
    start = upsert_insert(engine, T).values(forum=forum, bucket=bucket, window_start=now, hits=0)
    count = (
        update(T)
        .where(T.c.forum == forum, T.c.bucket == bucket)
        .values(
            hits=case((fresh, T.c.hits + 1), else_=1),
            window_start=case((fresh, T.c.window_start), else_=now),
        )
        .returning(T.c.hits)
    )
    with engine.begin() as conn:
        conn.execute(delete(T).where(T.c.window_start < now - window, T.c.bucket != bucket))
        conn.execute(start.on_conflict_do_nothing())
        hits = conn.execute(count).scalar()
    return hits <= limit


def _aware(moment: datetime) -> datetime:
    """SQLite gives naive datetimes back; they were stored in UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
