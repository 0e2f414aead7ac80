"""Every post the bot makes: queued, sent once (marker check), retried, failed with a reason."""

from __future__ import annotations

import logging
import re
from datetime import datetime, timedelta

from sqlalchemy import Engine, select, update

from bot.clock import utcnow
from bot.forum.client import (
    ForumError,
    ForumRateLimited,
    ForumRejected,
    ForumUnavailable,
    PostResult,
)
from bot.settings import Settings
from bot.store import state
from bot.store.db import upsert_insert
from bot.store.models import OutboxPost
from bot.store.queue import Queue
from bot.store.rows import OutboxRow
from bot.store.status import OutboxStatus

log = logging.getLogger("coopbot.outbox")
T = OutboxPost.__table__
QUEUE = Queue(T, OutboxStatus, OutboxRow)
MARKER = "<!-- coopbot:outbox:{forum}:{id} -->"
MARKER_RE = re.compile(r"<!-- coopbot:outbox:([A-Za-z0-9_-]+):(\d+) -->")


def enqueue(engine: Engine, forum: str, *, dedupe_key: str, purpose: str, raw: str, **post) -> int:
    """Queue a post once per dedupe key; return the outbox id (the existing one on repeat)."""
    now = utcnow()
    values = {"forum": forum, "dedupe_key": dedupe_key, "purpose": purpose, "raw": raw}
    values |= {"status": OutboxStatus.PENDING, "attempts": 0}
    values |= {"created_at": now, "next_attempt_at": now}
    with engine.begin() as conn:
        conn.execute(upsert_insert(engine, T).values(**values, **post).on_conflict_do_nothing())
        query = select(T.c.id).where(T.c.forum == forum, T.c.dedupe_key == dedupe_key)
        return conn.execute(query).scalar_one()


def claim(
    engine: Engine, limit: int = 10, now: datetime | None = None, who: str | None = None
) -> list[int]:
    """Lease due outbox rows to this worker (`who`, host:pid)."""
    return QUEUE.claim(engine, limit, now, who)


def load(engine: Engine, row_id: int) -> OutboxRow | None:
    """Return one outbox row."""
    return QUEUE.load(engine, row_id)


def marker(forum: str, outbox_id: int) -> str:
    """The invisible tag that lets a retry find its own earlier post."""
    return MARKER.format(forum=forum, id=outbox_id)


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
    tag = marker(row.forum, row_id)
    try:
        found = _already_posted(forum_client, row, tag) if _tried_before(row) else None
        result = found or _post(forum_client, row, f"{row.raw}\n\n{tag}")
    except ForumRateLimited as e:
        return QUEUE.postpone(engine, row_id, str(e), e.retry_after)
    except ForumUnavailable as e:
        return QUEUE.wait_out(engine, row, str(e), timedelta(hours=outage_hours))
    except ForumRejected as e:
        state.note_forum_call(engine, row.forum, e)
        return QUEUE.give_up(engine, row_id, f"rejected: {e}")
    except ForumError as e:
        return QUEUE.retry_later(engine, row_id, str(e), row.attempts, max_attempts)
    state.note_forum_call(engine, row.forum)
    return _mark_sent(engine, row_id, result)


def _tried_before(row: OutboxRow) -> bool:
    """An earlier try may have posted: a crash leaves its attempt counted, a failure its error
    (a timed-out or unavailable forum costs no attempt, yet may have taken the post)."""
    return row.attempts > 1 or row.last_error is not None


def _already_posted(forum_client, row: OutboxRow, tag: str) -> PostResult | None:
    """Look for the marker in the topic, so a crash after posting never posts twice."""
    if row.topic_id is None:
        return _find_topic_with_marker(forum_client, row, tag)
    for post in forum_client.topic_posts(row.topic_id):
        if tag in post.raw:
            return PostResult(post_id=post.id, topic_id=post.topic_id, post_number=post.post_number)
    return None


def _find_topic_with_marker(forum_client, row: OutboxRow, tag: str) -> PostResult | None:
    """A new topic: look among the newest topics with the same title."""
    for topic in forum_client.latest_topics():
        if topic.title == row.title:
            posts = forum_client.topic_posts(topic.id)
            if posts and tag in posts[0].raw:
                return PostResult(post_id=posts[0].id, topic_id=topic.id, post_number=1)
    return None


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
