"""The digest_run table: one row per (forum, ISO week), whose unique key decides who posts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from sqlalchemy import Connection, Engine, select, update

from bot.clock import utcnow
from bot.digest.stored import aware
from bot.store.db import insert_ignoring_conflicts
from bot.store.models.digest import DigestRun

T = DigestRun.__table__


class RunStatus(StrEnum):
    """Where a week's digest stands."""

    CLAIMED = "claimed"  # a clock took the week; it is being built (again, after a crash)
    REVIEW = "review"  # built and stored, waiting for a volunteer to publish it
    QUEUED = "queued"  # handed to the outbox, which posts it once


@dataclass(frozen=True, kw_only=True)
class RunRow:
    """One week's digest run."""

    id: int
    forum: str
    week: str
    status: RunStatus
    title: str
    raw: str | None
    outbox_id: int | None
    decided_by: str | None
    created_at: datetime
    updated_at: datetime

    @classmethod
    def of(cls, row) -> RunRow:
        """Read a row of digest_run."""
        values = {**row, "status": RunStatus(row["status"])}
        return cls(**values | {k: aware(row[k]) for k in ("created_at", "updated_at")})


def claim(conn: Connection, forum: str, week: str) -> RunRow:
    """Take the week unless a row exists; return the week's row either way."""
    now = utcnow()
    values = {"forum": forum, "week": week, "status": RunStatus.CLAIMED}
    values |= {"created_at": now, "updated_at": now, "title": ""}
    conn.execute(insert_ignoring_conflicts(conn.dialect.name, T).values(**values))
    return load(conn, forum, week)


def load(conn: Connection, forum: str, week: str) -> RunRow | None:
    """The week's row, if any."""
    query = select(T).where(T.c.forum == forum, T.c.week == week)
    row = conn.execute(query).mappings().first()
    return RunRow.of(row) if row else None


def settle(conn: Connection, run_id: int, status: RunStatus, **values) -> None:
    """Move a run on (to review with its text, or to queued with its outbox row)."""
    values |= {"status": status, "updated_at": utcnow()}
    conn.execute(update(T).where(T.c.id == run_id).values(**values))


def waiting_for_review(engine: Engine, forum: str) -> list[RunRow]:
    """Digests built and stored for a volunteer, oldest week first."""
    query = select(T).where(T.c.forum == forum, T.c.status == RunStatus.REVIEW).order_by(T.c.week)
    with engine.connect() as conn:
        return [RunRow.of(r) for r in conn.execute(query).mappings()]
