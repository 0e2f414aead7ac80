"""Forget settled inbox rows past their retention, a batch at a time."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import Engine, delete, select

from bot.clock import utcnow
from bot.store.models.queues import InboxEvent

T = InboxEvent.__table__
SETTLED = ("done", "ignored")
BATCH = 1000  # short transactions: deliveries keep committing between them


def prune_settled(
    engine: Engine, retention_days: int, now: datetime | None = None, batch: int = BATCH
) -> int:
    """Delete done and ignored rows received and settled before the retention; return how many."""
    cutoff = (now or utcnow()) - timedelta(days=retention_days)
    old = select(T.c.id).where(
        T.c.status.in_(SETTLED), T.c.received_at < cutoff, T.c.done_at < cutoff
    )
    total = 0
    while True:
        with engine.begin() as conn:
            ids = list(conn.execute(old.limit(batch)).scalars())
            if ids:
                conn.execute(delete(T).where(T.c.id.in_(ids)))
        total += len(ids)
        if len(ids) < batch:
            return total
