"""Claiming due rows from a queue table (inbox, outbox) with a lease."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from sqlalchemy import Engine, Table, select, update

from bot.clock import utcnow

LEASE = timedelta(minutes=2)  # a claimed row returns to the queue if its worker dies
BACKOFF_BASE_SECONDS = 5
BACKOFF_CAP_SECONDS = 3600
CLAIMABLE = ("pending", "failed")


def claim(engine: Engine, table: Table, limit: int = 10, now: datetime | None = None) -> list[int]:
    """Lease due rows to this worker; SKIP LOCKED lets several workers share the load."""
    now = now or utcnow()
    due = (
        select(table.c.id)
        .where(table.c.status.in_(CLAIMABLE), table.c.next_attempt_at <= now)
        .order_by(table.c.next_attempt_at, table.c.id)
        .limit(limit)
    )
    if engine.dialect.name == "postgresql":
        due = due.with_for_update(skip_locked=True)
    lease = (
        update(table)
        .where(table.c.id.in_(due.scalar_subquery()))
        .values(next_attempt_at=now + LEASE, attempts=table.c.attempts + 1)
        .returning(table.c.id)
    )
    with engine.begin() as conn:
        return sorted(conn.execute(lease).scalars())


def backoff_seconds(attempts: int, rng: random.Random | None = None) -> float:
    """Exponential backoff with jitter in the upper half, capped."""
    ceiling = min(BACKOFF_CAP_SECONDS, BACKOFF_BASE_SECONDS * 2 ** max(0, attempts - 1))
    return (rng or random).uniform(ceiling / 2, ceiling)


def retry_later(
    engine: Engine, table: Table, row_id: int, error: str, attempts: int, max_attempts: int
) -> str:
    """Schedule a retry with backoff, or give up once every attempt is spent."""
    if attempts >= max_attempts:
        return give_up(engine, table, row_id, error)
    return postpone(engine, table, row_id, error, backoff_seconds(attempts))


def postpone(engine: Engine, table: Table, row_id: int, error: str, delay: float) -> str:
    """Try the row again after `delay` seconds, whatever its attempts."""
    due = utcnow() + timedelta(seconds=delay)
    return _settle(engine, table, row_id, "failed", error, next_attempt_at=due)


def give_up(engine: Engine, table: Table, row_id: int, error: str) -> str:
    """Declare the row dead: only a person queues it again."""
    return _settle(engine, table, row_id, "dead", error)


def _settle(engine: Engine, table: Table, row_id: int, status: str, error: str, **values) -> str:
    """Record the row's new status and why."""
    values |= {"status": status, "last_error": error[:4000]}
    with engine.begin() as conn:
        conn.execute(update(table).where(table.c.id == row_id).values(**values))
    return status
