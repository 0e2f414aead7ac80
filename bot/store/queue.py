"""A queue table (inbox, outbox): rows leased to workers, retried with backoff, given up."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Engine, Table, case, select, update

from bot.clock import aware, utcnow
from bot.store.rows import InboxRow, OutboxRow
from bot.store.status import QueueStatus

LEASE = timedelta(minutes=2)  # a claimed row returns to the queue if its worker dies
BACKOFF_BASE_SECONDS = 5
BACKOFF_CAP_SECONDS = 3600
# While the forum is unavailable a row waits about as long as the outage has lasted, up to
# ten minutes: few tries in a long outage, and a return noticed within minutes.
OUTAGE_BACKOFF_CAP_SECONDS = 600


@dataclass(frozen=True)
class Queue:
    """A table of rows that workers claim, the statuses its rows take, the type they are read as."""

    table: Table
    status: type[QueueStatus]
    row: type[InboxRow | OutboxRow]

    def load(self, engine: Engine, row_id: int) -> InboxRow | OutboxRow | None:
        """Return one row, or None."""
        with engine.connect() as conn:
            found = conn.execute(select(self.table).where(self.table.c.id == row_id))
            row = found.mappings().first()
        return self.row.of(row) if row else None

    def claim(
        self, engine: Engine, limit: int = 10, now: datetime | None = None, who: str | None = None
    ) -> list[int]:
        """Lease due rows to a worker; SKIP LOCKED lets several workers share the load."""
        now, table = now or utcnow(), self.table
        due = (
            select(table.c.id)
            .where(table.c.status.in_(self.status.due()), table.c.next_attempt_at <= now)
            .order_by(table.c.next_attempt_at, table.c.id)
            .limit(limit)
        )
        if engine.dialect.name == "postgresql":
            due = due.with_for_update(skip_locked=True)
        lease = (
            update(table)
            .where(table.c.id.in_(due.scalar_subquery()))
            .values(next_attempt_at=now + LEASE, attempts=table.c.attempts + 1, claimed_by=who)
            .returning(table.c.id)
        )
        with engine.begin() as conn:
            return sorted(conn.execute(lease).scalars())

    def retry_later(
        self, engine: Engine, row_id: int, error: str, attempts: int, max_attempts: int
    ) -> QueueStatus:
        """Schedule a retry with backoff, or give up once every attempt is spent."""
        if attempts >= max_attempts:
            return self.give_up(engine, row_id, error)
        due = utcnow() + timedelta(seconds=backoff_seconds(attempts))
        return self.settle(engine, row_id, self.status.FAILED, error, next_attempt_at=due)

    def postpone(self, engine: Engine, row_id: int, error: str, delay: float) -> QueueStatus:
        """Try the row again after `delay` seconds; this try costs no attempt (a rate limit)."""
        due = utcnow() + timedelta(seconds=delay)
        return self.settle(engine, row_id, self.status.FAILED, error, **self._refund(due))

    def wait_out(
        self, engine: Engine, row: InboxRow | OutboxRow, error: str, outage: timedelta
    ) -> QueueStatus:
        """The forum did not answer: try again later at no cost in attempts, until it has been
        unavailable to this row for longer than `outage`."""
        now = utcnow()
        since = aware(row.unavailable_since) if row.unavailable_since else now
        if now - since > outage:
            hours = outage.total_seconds() / 3600
            return self.give_up(engine, row.id, f"forum unavailable for {hours:g} h: {error}")
        due = now + timedelta(seconds=outage_backoff_seconds(now - since))
        values = self._refund(due) | {"unavailable_since": since}
        return self.settle(engine, row.id, self.status.FAILED, error, **values)

    def claimants(self, engine: Engine, host: str, now: datetime | None = None) -> set[str]:
        """Who, on this host, holds a lease on a row now."""
        table = self.table
        held = (
            select(table.c.claimed_by)
            .distinct()
            .where(
                table.c.status.in_(self.status.due()),
                table.c.next_attempt_at > (now or utcnow()),
                table.c.claimed_by.startswith(f"{host}:", autoescape=True),
            )
        )
        with engine.connect() as conn:
            return set(conn.execute(held).scalars())

    def release(self, engine: Engine, claimants: list[str]) -> int:
        """Give the rows these workers hold back to the queue now; return how many."""
        table = self.table
        held = (table.c.status.in_(self.status.due()), table.c.claimed_by.in_(claimants))
        values = {"next_attempt_at": utcnow(), "claimed_by": None}
        with engine.begin() as conn:
            return conn.execute(update(table).where(*held).values(**values)).rowcount

    def give_up(self, engine: Engine, row_id: int, error: str) -> QueueStatus:
        """Declare the row dead: only a person queues it again."""
        return self.settle(engine, row_id, self.status.DEAD, error)

    def _refund(self, due: datetime) -> dict:
        """The values that schedule the row and give back the attempt its claim counted."""
        attempts = self.table.c.attempts
        return {"next_attempt_at": due, "attempts": case((attempts > 0, attempts - 1), else_=0)}

    def settle(
        self, engine: Engine, row_id: int, status: QueueStatus, error: str, **values
    ) -> QueueStatus:
        """Record the row's new status and why; its lease and an outage it waited out end."""
        values = {"unavailable_since": None, "claimed_by": None} | values
        values |= {"status": status, "last_error": error[:4000]}
        with engine.begin() as conn:
            conn.execute(update(self.table).where(self.table.c.id == row_id).values(**values))
        return status


def backoff_seconds(attempts: int, rng: random.Random | None = None) -> float:
    """Exponential backoff with jitter in the upper half, capped."""
    ceiling = min(BACKOFF_CAP_SECONDS, BACKOFF_BASE_SECONDS * 2 ** max(0, attempts - 1))
    return (rng or random).uniform(ceiling / 2, ceiling)


def outage_backoff_seconds(lasted: timedelta, rng: random.Random | None = None) -> float:
    """About as long as the outage has lasted (so tries thin out as it goes on), capped."""
    ceiling = min(OUTAGE_BACKOFF_CAP_SECONDS, max(BACKOFF_BASE_SECONDS, lasted.total_seconds()))
    return (rng or random).uniform(ceiling / 2, ceiling)
