"""The worker: drain the inbox through the handlers, then the outbox to the forum."""

from __future__ import annotations

import logging
import threading
import time

from sqlalchemy.exc import SQLAlchemyError

from bot.handling import process_inbox_row
from bot.store import claims, inbox, outbox, outbox_delivery, rate_gate, state
from bot.store.outage import DatabaseOutage

log = logging.getLogger("coopbot.worker")
BATCH = 20
HEARTBEAT_SECONDS = state.WORKER_HEARTBEAT_SECONDS


def drain_once(context, batch: int = BATCH, who: str | None = None) -> int:
    """Handle one batch of inbox rows and one of outbox rows, claimed as `who`; return how many."""
    engine, settings = context.engine, context.settings
    handled, forum = 0, settings.forum_id
    if rate_gate.remaining(engine, forum):  # the forum asked every worker to wait
        return 0
    for row_id in inbox.claim(engine, batch, who=who):
        if wait := rate_gate.remaining(engine, forum):  # a row of this batch met the limit
            inbox.wait_for_forum(engine, row_id, rate_gate.REASON, wait)
        else:
            process_inbox_row(context, row_id)
        handled += 1
    for row_id in outbox.claim(engine, batch, who=who):
        if wait := rate_gate.remaining(engine, forum):
            outbox.QUEUE.postpone(engine, row_id, rate_gate.REASON, wait)
            handled += 1
            continue
        try:
            outbox_delivery.deliver(
                engine, context.forum, row_id, settings.max_attempts, settings.forum_outage_hours
            )
        except SQLAlchemyError:
            raise  # the database is away: the loop waits for it
        except Exception:  # the row's lease expires and it is tried again
            log.exception("outbox %s failed unexpectedly", row_id)
        handled += 1
    return handled


def run(context, stop: threading.Event | None = None, until_idle: bool = False) -> None:
    """Loop until stopped (or until nothing is left, with until_idle); outlast database outages."""
    stop = stop or threading.Event()
    who = claims.identity()
    poll = context.settings.worker_poll_seconds
    outage, last_beat, released = DatabaseOutage(poll), 0.0, False
    log.info("worker %s started", who)
    while not stop.is_set():
        try:
            if not released:  # what a crashed predecessor held need not wait for its lease
                claims.release_dead(context.engine, who)
                released = True
            last_beat = _beat(context, who, last_beat)
            handled = drain_once(context, who=who)
        except SQLAlchemyError as e:
            stop.wait(outage.failed(e))
            continue
        except Exception:  # a bug must not stop the worker either
            log.exception("worker iteration failed")
            handled = 0
        outage.over()
        if handled == 0:
            if until_idle:
                return
            stop.wait(poll)


def _beat(context, who: str, last_beat: float) -> float:
    """Write the heartbeat when one is due; return when it was last written."""
    if time.monotonic() - last_beat <= HEARTBEAT_SECONDS:
        return last_beat
    with context.engine.begin() as conn:
        state.put(conn, context.settings.forum_id, state.WORKER_HEARTBEAT, who)
    return time.monotonic()
