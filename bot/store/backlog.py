"""Queue figures for health: bounded counts through the status indexes, never a table scan."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import Engine, Select, func, literal, or_, select

from bot.clock import utcnow
from bot.store.models.queues import InboxEvent, OutboxPost

INBOX, OUTBOX = InboxEvent.__table__, OutboxPost.__table__
COUNT_CAP = 10_000  # counts stop there: past it the number matters less than the cost
OUTBOX_FAILING_ATTEMPTS = 3  # a post failed this often is a trend, not a hiccup
OUTBOX_FAILING_OUTAGE = timedelta(minutes=15)  # a forum away this long (costing no attempt) too
# An event waiting this long is not flowing: a forum down before the outbox (its handler
# reads the forum) keeps events failing and retried, and nothing else would say so.
INBOX_WAITING = timedelta(minutes=15)


def _capped_count(table, *conditions, cap: int):
    """count(*) of at most `cap` matching rows: an index range, however large the table."""
    rows = select(literal(1)).select_from(table).where(*conditions).limit(cap).subquery()
    return select(func.count()).select_from(rows).scalar_subquery()


def _oldest(status: str):
    """The received time of the oldest row of a status, read at the head of its index."""
    return select(func.min(INBOX.c.received_at)).where(INBOX.c.status == status).scalar_subquery()


def inbox_query(cap: int = COUNT_CAP) -> Select:
    """Pending, failed and dead counts and the oldest waiting rows, in one statement."""
    counts = [
        _capped_count(INBOX, INBOX.c.status == s, cap=cap).label(s)
        for s in ("pending", "failed", "dead")
    ]
    return select(*counts, _oldest("pending").label("p"), _oldest("failed").label("f"))


def outbox_query(cap: int = COUNT_CAP, now: datetime | None = None) -> Select:
    """Failed and dead counts, and how many failed posts keep failing."""
    away = OUTBOX.c.unavailable_since <= (now or utcnow()) - OUTBOX_FAILING_OUTAGE
    failing = (
        OUTBOX.c.status == "failed",
        or_(OUTBOX.c.attempts >= OUTBOX_FAILING_ATTEMPTS, away),
    )
    return select(
        _capped_count(OUTBOX, OUTBOX.c.status == "failed", cap=cap).label("failed"),
        _capped_count(OUTBOX, *failing, cap=cap).label("failing"),
        _capped_count(OUTBOX, OUTBOX.c.status == "dead", cap=cap).label("dead"),
    )


def inbox_figures(engine: Engine, now: datetime | None = None, cap: int = COUNT_CAP) -> dict:
    """Counts of the rows that need attention, and how long the oldest one has waited."""
    with engine.connect() as conn:
        row = conn.execute(inbox_query(cap)).one()
    now = now or utcnow()
    waiting = [_aware(t, now) for t in (row.p, row.f) if t is not None]
    age = (now - min(waiting)).total_seconds() if waiting else 0.0
    counts = {"pending": row.pending, "failed": row.failed, "dead": row.dead}
    return {"counts": counts, "counts_capped_at": cap, "oldest_pending_seconds": round(age, 1)}


def outbox_figures(engine: Engine, cap: int = COUNT_CAP) -> dict:
    """Counts of the posts that did not go out."""
    with engine.connect() as conn:
        return dict(conn.execute(outbox_query(cap)).one()._mapping)


def _aware(moment: datetime, now: datetime) -> datetime:
    """SQLite gives naive datetimes back."""
    return moment if moment.tzinfo else moment.replace(tzinfo=now.tzinfo)
