"""Settled inbox rows are forgotten past their retention, by a daily clock job."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import update

from bot import scheduler
from bot.clock import utcnow
from bot.store import inbox, retention
from bot.store.models.queues import InboxEvent
from tests.bot.test_inbox_worker import incoming

INBOX = InboxEvent.__table__


def test_settled_rows_past_retention_are_pruned_in_batches(engine):
    for n in range(7):
        inbox.record(engine, incoming(n), "default")
    old = utcnow() - timedelta(days=31)
    with engine.begin() as conn:
        conn.execute(update(INBOX).values(status="done", received_at=old, done_at=old))
        conn.execute(update(INBOX).where(INBOX.c.id % 3 == 0).values(status="dead"))
    inbox.record(engine, incoming(99), "default")  # recent and pending: kept
    kept = {r.id for r in inbox.list_rows(engine) if r.status != "done"}
    assert retention.prune_settled(engine, 30, batch=2) == 7 - (len(kept) - 1)
    assert {r.id for r in inbox.list_rows(engine)} == kept


def test_the_clock_prunes_daily_next_to_the_raw_body_purge(context):
    from apscheduler.schedulers.background import BackgroundScheduler

    clock = BackgroundScheduler(timezone=context.settings.timezone)
    scheduler.add_jobs(clock, context)
    assert {"purge_raw", "prune_settled"} <= {job.id for job in clock.get_jobs()}
