"""Sending one queued post: once (marker check), retried, waiting out the forum, or failed
with a reason."""

from __future__ import annotations

import logging
from datetime import timedelta

from sqlalchemy import Engine, update

from bot.clock import utcnow
from bot.forum.client import (
    ForumError,
    ForumRateLimited,
    ForumRejected,
    ForumUnavailable,
    PostResult,
)
from bot.settings import Settings
from bot.store import rate_gate, state
from bot.store.outbox import QUEUE, T, load
from bot.store.outbox_markers import already_posted, marker
from bot.store.rows import OutboxRow
from bot.store.status import OutboxStatus

log = logging.getLogger("coopbot.outbox")
TARGET_WAIT_SECONDS = 10.0  # an edit waits this long for its post to exist


def deliver(
    engine: Engine,
    forum_client,
    row_id: int,
    max_attempts: int,
    outage_hours: float = Settings.forum_outage_hours,
) -> OutboxStatus | None:
    """Send one queued post, unless a previous attempt already did; return the new status."""
    row = load(engine, row_id)
    if row is None or not row.status.claimable:
        return row.status if row else None
    if row.target_outbox_id is not None:
        return _deliver_edit(engine, forum_client, row, max_attempts, outage_hours)
    tag = marker(row.forum, row_id)
    try:
        found = already_posted(forum_client, row, tag) if _tried_before(row) else None
        result = found or _post(forum_client, row, f"{row.raw}\n\n{tag}")
    except ForumError as e:
        return _failed(engine, row, e, max_attempts, outage_hours)
    state.note_forum_call(engine, row.forum)
    return _mark_sent(engine, row_id, result)


def _tried_before(row: OutboxRow) -> bool:
    """An earlier try may have posted: a crash leaves its attempt counted, a failure its error
    (a timed-out or unavailable forum costs no attempt, yet may have taken the post)."""
    return row.attempts > 1 or row.last_error is not None


def _failed(
    engine: Engine, row: OutboxRow, error: ForumError, max_attempts: int, outage_hours: float
) -> OutboxStatus:
    """Wait out a rate limit or an outage at no cost in attempts, give up on a refusal."""
    if isinstance(error, ForumRateLimited):
        rate_gate.hold(engine, row.forum, error.retry_after)
        return QUEUE.postpone(engine, row.id, str(error), error.retry_after)
    if isinstance(error, ForumUnavailable):
        return QUEUE.wait_out(engine, row, str(error), timedelta(hours=outage_hours))
    if isinstance(error, ForumRejected):
        if row.whisper and state.is_whisper_refusal(error):
            state.note_whispers_refused(engine, row.forum, error)
        else:
            state.note_forum_call(engine, row.forum, error)
        return QUEUE.give_up(engine, row.id, f"rejected: {error}")
    return QUEUE.retry_later(engine, row.id, str(error), row.attempts, max_attempts)


def _deliver_edit(
    engine: Engine, forum_client, row: OutboxRow, max_attempts: int, outage_hours: float
):
    """Rewrite the target row's post, keeping that row's marker; edits are idempotent."""
    target = load(engine, row.target_outbox_id)
    if target is None or target.status not in (OutboxStatus.SENT, *OutboxStatus.due()):
        reason = f"outbox {row.target_outbox_id} made no post to edit"
        return QUEUE.settle(engine, row.id, OutboxStatus.SKIPPED, reason)
    if target.status != OutboxStatus.SENT or target.post_id is None:
        waiting = f"waiting for outbox {target.id} to be posted"
        return QUEUE.postpone(engine, row.id, waiting, TARGET_WAIT_SECONDS)
    try:
        forum_client.edit_post(target.post_id, f"{row.raw}\n\n{marker(target.forum, target.id)}")
    except ForumError as e:
        return _failed(engine, row, e, max_attempts, outage_hours)
    state.note_forum_call(engine, row.forum)
    return _mark_sent(
        engine,
        row.id,
        PostResult(post_id=target.post_id, topic_id=None, post_number=target.post_number),
    )


def _post(forum_client, row: OutboxRow, raw: str) -> PostResult:
    """Make the API call the row describes."""
    if row.topic_id is None:
        return forum_client.create_topic(row.title, raw, category_id=row.category_id)
    return forum_client.create_post(
        row.topic_id, raw, reply_to_post_number=row.reply_to_post_number, whisper=row.whisper
    )


def _mark_sent(engine: Engine, row_id: int, result: PostResult) -> OutboxStatus:
    """Record the post's ids, or that it waits for a moderator's approval."""
    status = OutboxStatus.ENQUEUED if result.enqueued else OutboxStatus.SENT
    values = {"status": status, "sent_at": utcnow(), "last_error": None, "unavailable_since": None}
    values |= {"post_id": result.post_id, "post_number": result.post_number}
    if result.topic_id is not None:
        values["topic_id"] = result.topic_id
    with engine.begin() as conn:
        conn.execute(update(T).where(T.c.id == row_id).values(**values))
    log.info("outbox %s %s (post %s)", row_id, status, result.post_id)
    return status
