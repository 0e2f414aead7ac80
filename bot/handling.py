"""Run one claimed inbox event through its handlers and settle it by what happened.

Before any handler, a post or topic whose category is not public is scrubbed and settled
(bot/restricted.py). A kind with no handler is ignored ("no handler"); a handler that
declines says why, and the event is ignored with that reason.
"""

from __future__ import annotations

import logging

from bot import restricted
from bot.events import Event
from bot.forum.client import ForumRateLimited, ForumRejected, ForumUnavailable
from bot.handlers import HANDLERS
from bot.store import inbox, rate_gate, state
from bot.store.rows import InboxRow
from bot.store.status import InboxStatus

log = logging.getLogger("coopbot.worker")
NO_HANDLER = "no handler"
GONE = (404, 410)  # what the event is about no longer exists: nothing is left to do


def process_inbox_row(context, row_id: int) -> InboxStatus | None:
    """Run one claimed row through its handlers; one catch-all per event."""
    engine, settings = context.engine, context.settings
    row = inbox.load(engine, row_id)
    if row is None or not row.status.claimable:
        return None  # gone, or settled by another worker meanwhile
    try:
        event = Event.from_json(row.event)
        # Before any handler: a post or topic whose category is not public keeps no content.
        if restricted.scrub_if_restricted(context, row_id, event):
            return InboxStatus.IGNORED
        handlers = HANDLERS.get(event.kind, ())
        declined = [why for handler in handlers if (why := handler(context, event))]
    except ForumRateLimited as e:
        # The forum asked us to wait: not the event's fault, so it costs no attempt.
        log.info("event %s waits %.0f s for the forum's rate limit", row_id, e.retry_after)
        rate_gate.hold(engine, settings.forum_id, e.retry_after)
        return inbox.wait_for_forum(engine, row_id, str(e), e.retry_after)
    except ForumUnavailable as e:
        # Not the event's fault either: it waits for the forum, for up to the outage budget.
        log.info("event %s waits for the forum: %s", row_id, e)
        return inbox.wait_out_forum(engine, row, str(e), settings.forum_outage_hours)
    except ForumRejected as e:
        return settle_refused(context, row, e)
    except Exception as e:  # one bad event must not stop the worker
        log.exception("event %s (%s) failed on attempt %s", row_id, row.kind, row.attempts)
        return inbox.mark_failed(
            engine, row_id, f"{type(e).__name__}: {e}", row.attempts, settings.max_attempts
        )
    if not handlers or declined:  # shown by `coopbot inbox list` and `inbox show`
        reason = "; ".join(declined) if handlers else NO_HANDLER
        inbox.mark_done(engine, row_id, InboxStatus.IGNORED, reason)
        return InboxStatus.IGNORED
    inbox.mark_done(engine, row_id)
    return InboxStatus.DONE


def settle_refused(context, row: InboxRow, error: ForumRejected) -> InboxStatus:
    """Retrying cannot change the forum's answer: settle the event now, with the reason."""
    engine = context.engine
    state.note_forum_call(engine, context.settings.forum_id, error)  # health shows a bad API key
    reason, status = f"forum refused: {error}", refusal_status(error)
    log.warning("event %s (%s) is %s: %s", row.id, row.kind, status, reason)
    if status == InboxStatus.IGNORED:
        inbox.mark_done(engine, row.id, status, reason)
        return status
    return inbox.give_up(engine, row.id, reason)


def refusal_status(error: ForumRejected) -> InboxStatus:
    """Ignored when its subject is gone from the forum; dead when a person must look (rights,
    validation), so that health shows it and `coopbot inbox retry --dead` can replay it."""
    return InboxStatus.IGNORED if error.status in GONE else InboxStatus.DEAD
