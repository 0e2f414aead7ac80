"""The durable inbox: record deliveries once, let workers claim and settle them."""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta

from sqlalchemy import Connection, Engine, and_, bindparam, select, update

from bot.clock import utcnow
from bot.events import Event
from bot.incoming import Incoming
from bot.privacy import redact_event_json, redact_json_body
from bot.store.db import insert_ignoring_conflicts, write_lock
from bot.store.models.queues import InboxEvent
from bot.store.prepared import PreparedInsert
from bot.store.queue import Queue
from bot.store.rows import InboxRow
from bot.store.status import InboxStatus

T = InboxEvent.__table__
QUEUE = Queue(T, InboxStatus, InboxRow)
_PREPARED: dict[tuple[str, str], PreparedInsert] = {}
UNSET_ON_RECORD = ("id", "last_error", "unavailable_since", "claimed_by")  # NULL at first


def record(engine: Engine, incoming: Incoming, forum: str) -> bool:
    """Commit a delivery; return False when it was already recorded."""
    now = utcnow()
    values = {
        "forum": forum,
        "source": incoming.source,
        "kind": _fit(incoming.kind, 64),
        "delivery_id": fit_key(incoming.delivery_id, 128) if incoming.delivery_id else None,
        "semantic_key": fit_key(incoming.semantic_key, 255),
        "event": redact_event_json(incoming.event) if incoming.event else "{}",
        "raw_body": redact_json_body(incoming.raw_body) if incoming.raw_body else None,
        "status": InboxStatus.PENDING if incoming.acted_on else InboxStatus.IGNORED,
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


def fit_key(key: str, length: int) -> str:
    """Fit a key that decides duplicates in its column without making two keys one.

    A key too long (or holding NUL) keeps a readable prefix and gains a SHA-256 of the whole.
    """
    if len(key) <= length and "\x00" not in key:
        return key
    digest = hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()
    return f"{_fit(key, length - len(digest) - 1)}#{digest}"


def _record_statement(engine: Engine) -> PreparedInsert:
    """Compiled once per driver: SQLAlchemy's per-call execution was most of a request's CPU."""
    dialect = engine.dialect
    key = (dialect.name, dialect.driver)
    if key not in _PREPARED:
        columns = [c.name for c in T.columns if c.name not in UNSET_ON_RECORD]
        statement = insert_ignoring_conflicts(dialect.name, T).values(
            {name: bindparam(name) for name in columns}
        )
        _PREPARED[key] = PreparedInsert.compile(dialect, statement.returning(T.c.id))
    return _PREPARED[key]


def claim(
    engine: Engine, limit: int = 10, now: datetime | None = None, who: str | None = None
) -> list[int]:
    """Lease due inbox rows to this worker (`who`, host:pid)."""
    return QUEUE.claim(engine, limit, now, who)


def load(engine: Engine, row_id: int) -> InboxRow | None:
    """Return one inbox row."""
    return QUEUE.load(engine, row_id)


def mark_done(
    engine: Engine,
    row_id: int,
    status: InboxStatus = InboxStatus.DONE,
    reason: str | None = None,
) -> None:
    """Settle a row as handled (or ignored by its handler, with the reason it gave)."""
    reason = _fit(reason, 255) if reason else None
    with engine.begin() as conn:
        conn.execute(
            update(T)
            .where(T.c.id == row_id)
            .values(
                status=status,
                done_at=utcnow(),
                last_error=None,
                unavailable_since=None,
                ignored_reason=reason,
            )
        )


def scrub(conn: Connection, row_id: int, event: str, reason: str) -> None:
    """Replace a row's event and drop its raw body, settling it as ignored for a reason, in
    the caller's transaction."""
    values = {
        "event": event,
        "raw_body": None,
        "status": InboxStatus.IGNORED,
        "ignored_reason": _fit(reason, 255),
        "done_at": utcnow(),
        "last_error": None,
        "unavailable_since": None,
    }
    conn.execute(update(T).where(T.c.id == row_id).values(**values))


def mark_failed(
    engine: Engine, row_id: int, error: str, attempts: int, max_attempts: int
) -> InboxStatus:
    """Schedule a retry with backoff, or declare the row dead; return the new status."""
    return QUEUE.retry_later(engine, row_id, error, attempts, max_attempts)


def give_up(engine: Engine, row_id: int, error: str) -> InboxStatus:
    """Declare the row dead at once: retrying cannot help; a person may queue it again."""
    return QUEUE.give_up(engine, row_id, error)


def wait_for_forum(engine: Engine, row_id: int, error: str, delay: float) -> InboxStatus:
    """Try a row again once the forum's rate limit has passed; it spends no attempt."""
    return QUEUE.postpone(engine, row_id, error, delay)


def wait_out_forum(engine: Engine, row: InboxRow, error: str, outage_hours: float) -> InboxStatus:
    """Try a row again while the forum is unavailable, at no attempt, for up to the hours."""
    return QUEUE.wait_out(engine, row, error, timedelta(hours=outage_hours))


def retry(engine: Engine, row_ids: list[int] | None = None, dead: bool = False) -> int:
    """Put rows (by id, or every dead one) back in the queue; return how many."""
    where = T.c.status == InboxStatus.DEAD if dead else T.c.id.in_(row_ids or [])
    values = {
        "status": InboxStatus.PENDING,
        "attempts": 0,
        "next_attempt_at": utcnow(),
        "done_at": None,
    }
    with engine.begin() as conn:
        return conn.execute(update(T).where(where).values(**values)).rowcount


def purge_raw_bodies(engine: Engine, retention_days: int, now: datetime | None = None) -> int:
    """Forget raw bodies older than the retention period; the normalized event stays."""
    cutoff = (now or utcnow()) - timedelta(days=retention_days)
    old = and_(T.c.received_at < cutoff, T.c.raw_body.is_not(None))
    with engine.begin() as conn:
        return conn.execute(update(T).where(old).values(raw_body=None)).rowcount


def list_rows(engine: Engine, status: InboxStatus | None = None, limit: int = 50) -> list[InboxRow]:
    """Newest rows first, optionally of one status."""
    query = select(T).order_by(T.c.id.desc()).limit(limit)
    if status:
        query = query.where(T.c.status == status)
    with engine.connect() as conn:
        return [InboxRow.of(row) for row in conn.execute(query).mappings()]


def schedule(
    conn: Connection, forum: str, event: Event, key: str, due: datetime | None = None
) -> None:
    """Queue one of the bot's own events (a delayed check, a note to send) once per key,
    in the caller's transaction, for a worker to handle from `due` (now by default)."""
    now = utcnow()
    values = {
        "forum": forum,
        "source": "coopbot",
        "kind": event.kind,
        "semantic_key": fit_key(key, 255),
        "event": redact_event_json(event),
        "status": InboxStatus.PENDING,
        "attempts": 0,
        "received_at": now,
        "next_attempt_at": max(due or now, now),
    }
    conn.execute(insert_ignoring_conflicts(conn.dialect.name, T).values(**values))
