"""The durable inbox: record deliveries once, let workers claim and settle them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Engine, and_, bindparam, func, select, update

from bot.clock import utcnow
from bot.events import Event
from bot.privacy import redact_event_json, redact_json_body
from bot.store import queue
from bot.store.db import insert_ignoring_conflicts, write_lock
from bot.store.models import InboxEvent
from bot.store.prepared import PreparedInsert

T = InboxEvent.__table__
_PREPARED: dict[tuple[str, str], PreparedInsert] = {}


@dataclass(frozen=True, kw_only=True)
class Incoming:
    """A verified, normalized delivery, ready to be recorded."""

    source: str
    kind: str
    semantic_key: str
    event: Event | None = None
    delivery_id: str | None = None
    ignored_reason: str | None = None
    raw_body: bytes | None = None

    @property
    def acted_on(self) -> bool:
        """False for pings, unhandled types and filtered events."""
        return self.event is not None and self.ignored_reason is None


def record(engine: Engine, incoming: Incoming, forum: str) -> bool:
    """Commit a delivery; return False when it was already recorded."""
    now = utcnow()
    values = {
        "forum": forum,
        "source": incoming.source,
        "kind": _fit(incoming.kind, 64),
        "delivery_id": _fit(incoming.delivery_id, 128) if incoming.delivery_id else None,
        "semantic_key": _fit(incoming.semantic_key, 255),
        "event": redact_event_json(incoming.event) if incoming.event else "{}",
        "raw_body": redact_json_body(incoming.raw_body) if incoming.raw_body else None,
        "status": "pending" if incoming.acted_on else "ignored",
        "ignored_reason": _fit(incoming.ignored_reason, 255) if incoming.ignored_reason else None,
        "attempts": 0,
        "received_at": now,
        "next_attempt_at": now,
        "done_at": None if incoming.acted_on else now,
    }
    row = _record_statement(engine).run(engine, values, lock=write_lock(engine))
    return row is not None


def _fit(value: str, length: int) -> str:
    """Fit a sender's string in its column: PostgreSQL refuses NUL and overlong values."""
    return value.replace("\x00", "")[:length]


def _record_statement(engine: Engine) -> PreparedInsert:
    """Compiled once per driver: SQLAlchemy's per-call execution was most of a request's CPU."""
    dialect = engine.dialect
    key = (dialect.name, dialect.driver)
    if key not in _PREPARED:
        columns = [c.name for c in T.columns if c.name not in ("id", "last_error")]
        statement = insert_ignoring_conflicts(dialect.name, T).values(
            {name: bindparam(name) for name in columns}
        )
        _PREPARED[key] = PreparedInsert.compile(dialect, statement.returning(T.c.id))
    return _PREPARED[key]


def claim(engine: Engine, limit: int = 10, now: datetime | None = None) -> list[int]:
    """Lease due inbox rows to this worker."""
    return queue.claim(engine, T, limit, now)


def load(engine: Engine, row_id: int) -> InboxEvent | None:
    """Return one inbox row as a detached object."""
    with engine.connect() as conn:
        row = conn.execute(select(T).where(T.c.id == row_id)).mappings().first()
    return InboxEvent(**row) if row else None


def mark_done(engine: Engine, row_id: int, status: str = "done", reason: str | None = None) -> None:
    """Settle a row as handled (or ignored by its handler)."""
    with engine.begin() as conn:
        conn.execute(
            update(T)
            .where(T.c.id == row_id)
            .values(status=status, done_at=utcnow(), last_error=None, ignored_reason=reason)
        )


def scrub(engine: Engine, row_id: int, event: str, reason: str) -> None:
    """Replace a row's event and drop its raw body, settling it as ignored for a reason."""
    values = {"event": event, "raw_body": None, "status": "ignored", "ignored_reason": reason}
    with engine.begin() as conn:
        conn.execute(
            update(T).where(T.c.id == row_id).values(**values, done_at=utcnow(), last_error=None)
        )


def mark_failed(engine: Engine, row_id: int, error: str, attempts: int, max_attempts: int) -> str:
    """Schedule a retry with backoff, or declare the row dead; return the new status."""
    return queue.retry_later(engine, T, row_id, error, attempts, max_attempts)


def retry(engine: Engine, row_ids: list[int] | None = None, dead: bool = False) -> int:
    """Put rows (by id, or every dead one) back in the queue; return how many."""
    where = T.c.status == "dead" if dead else T.c.id.in_(row_ids or [])
    values = {"status": "pending", "attempts": 0, "next_attempt_at": utcnow(), "done_at": None}
    with engine.begin() as conn:
        return conn.execute(update(T).where(where).values(**values)).rowcount


def backlog(engine: Engine, now: datetime | None = None) -> dict:
    """Count rows by status and the age of the oldest pending one."""
    now = now or utcnow()
    with engine.connect() as conn:
        counts = dict(conn.execute(select(T.c.status, func.count()).group_by(T.c.status)).all())
        oldest = conn.execute(
            select(func.min(T.c.received_at)).where(T.c.status.in_(("pending", "failed")))
        ).scalar()
    if oldest is not None and oldest.tzinfo is None:
        oldest = oldest.replace(tzinfo=now.tzinfo)
    age = (now - oldest).total_seconds() if oldest else 0.0
    return {"counts": counts, "oldest_pending_seconds": round(age, 1)}


def purge_raw_bodies(engine: Engine, retention_days: int, now: datetime | None = None) -> int:
    """Forget raw bodies older than the retention period; the normalized event stays."""
    cutoff = (now or utcnow()) - timedelta(days=retention_days)
    old = and_(T.c.received_at < cutoff, T.c.raw_body.is_not(None))
    with engine.begin() as conn:
        return conn.execute(update(T).where(old).values(raw_body=None)).rowcount


def list_rows(engine: Engine, status: str | None = None, limit: int = 50) -> list[InboxEvent]:
    """Newest rows first, optionally of one status."""
    query = select(T).order_by(T.c.id.desc()).limit(limit)
    if status:
        query = query.where(T.c.status == status)
    with engine.connect() as conn:
        return [InboxEvent(**row) for row in conn.execute(query).mappings()]
