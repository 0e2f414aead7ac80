"""The worker: drain the inbox through the handlers, then the outbox to the forum."""

from __future__ import annotations

import logging
import os
import socket
import threading
import time

from sqlalchemy.exc import SQLAlchemyError

from bot.events import Event
from bot.forum.client import ForumRateLimited
from bot.handlers import HANDLERS
from bot.store import inbox, outbox, state
from bot.store.outage import DatabaseOutage
from bot.store.status import InboxStatus

log = logging.getLogger("coopbot.worker")
BATCH = 20
HEARTBEAT_SECONDS = state.WORKER_HEARTBEAT_SECONDS
NO_HANDLER = "no handler"


def process_inbox_row(context, row_id: int) -> InboxStatus | None:
    """Run one claimed row through its handlers; one catch-all per event."""
    engine, settings = context.engine, context.settings
    row = inbox.load(engine, row_id)
    if row is None or not row.status.claimable:
        return None  # gone, or settled by another worker meanwhile
    try:
        event = Event.from_json(row.event)
        handlers = HANDLERS.get(event.kind, ())
        for handler in handlers:
            handler(context, event)
    except ForumRateLimited as e:
        # The forum asked us to wait: not the event's fault, so it costs no attempt.
        log.info("event %s waits %.0f s for the forum's rate limit", row_id, e.retry_after)
        return inbox.wait_for_forum(engine, row_id, str(e), e.retry_after)
    except Exception as e:  # one bad event must not stop the worker
        log.exception("event %s (%s) failed on attempt %s", row_id, row.kind, row.attempts)
        state.note_forum_call(engine, settings.forum_id, e)  # health shows a refused API key
        return inbox.mark_failed(
            engine, row_id, f"{type(e).__name__}: {e}", row.attempts, settings.max_attempts
        )
    if not handlers:  # recorded for later use, but nothing was done with it
        inbox.mark_done(engine, row_id, InboxStatus.IGNORED, NO_HANDLER)
        return InboxStatus.IGNORED
    inbox.mark_done(engine, row_id)
    return InboxStatus.DONE


def drain_once(context, batch: int = BATCH) -> int:
    """Handle one batch of inbox rows and one of outbox rows; return how many."""
    engine, settings = context.engine, context.settings
    handled = 0
    for row_id in inbox.claim(engine, batch):
        process_inbox_row(context, row_id)
        handled += 1
    for row_id in outbox.claim(engine, batch):
        try:
            outbox.deliver(engine, context.forum, row_id, settings.max_attempts)
        except SQLAlchemyError:
            raise  # the database is away: the loop waits for it
        except Exception:  # the row's lease expires and it is tried again
            log.exception("outbox %s failed unexpectedly", row_id)
        handled += 1
    return handled


def run(context, stop: threading.Event | None = None, until_idle: bool = False) -> None:
    """Loop until stopped (or until nothing is left, with until_idle); outlast database outages."""
    stop = stop or threading.Event()
    who = f"{socket.gethostname()}:{os.getpid()}"
    poll = context.settings.worker_poll_seconds
    outage, last_beat = DatabaseOutage(poll), 0.0
    log.info("worker %s started", who)
    while not stop.is_set():
        try:
            last_beat = _beat(context, who, last_beat)
            handled = drain_once(context)
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
