"""Every post the bot makes: queued, sent once (marker check), retried, failed with a reason."""

from __future__ import annotations

import logging
import re
from datetime import datetime, timedelta

from sqlalchemy import Connection, Engine, select, update

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
EDIT = "whisper-edit"  # the purpose of a row that rewrites the post of another row
TARGET_WAIT_SECONDS = 10.0  # an edit waits this long for its post to exist


def enqueue(engine: Engine, forum: str, *, dedupe_key: str, purpose: str, raw: str, **post) -> int:
    """Queue a post once per dedupe key in its own transaction; return the outbox id."""
    with engine.begin() as conn:
        return queue(conn, forum, dedupe_key=dedupe_key, purpose=purpose, raw=raw, **post)


def queue(conn: Connection, forum: str, *, dedupe_key: str, purpose: str, raw: str, **post) -> int:
    """Queue a post once per dedupe key, in the caller's transaction; return the outbox id
    (the existing one on repeat)."""
    now = utcnow()
    values = {"forum": forum, "dedupe_key": dedupe_key, "purpose": purpose, "raw": raw}
    values |= {"status": OutboxStatus.PENDING, "attempts": 0}
    values |= {"created_at": now, "next_attempt_at": now}
    conn.execute(upsert_insert(conn, T).values(**values, **post).on_conflict_do_nothing())
    query = select(T.c.id).where(T.c.forum == forum, T.c.dedupe_key == dedupe_key)
    return conn.execute(query).scalar_one()


def queue_edit(conn: Connection, forum: str, target_outbox_id: int, *, dedupe_key: str, raw: str):
    """Queue a rewrite of the post another row made; older unsent rewrites of it are skipped.

    An edit replaces the whole post, so only the newest one matters: an older one sent after
    it would bring stale words back."""
    older = (
        (T.c.target_outbox_id == target_outbox_id)
        & T.c.status.in_(OutboxStatus.due())
        & (T.c.dedupe_key != dedupe_key)
    )
    skipped = {"status": OutboxStatus.SKIPPED, "last_error": "replaced by a newer edit"}
    conn.execute(update(T).where(older).values(**skipped))
    return queue(
        conn,
        forum,
        dedupe_key=dedupe_key,
        purpose=EDIT,
        raw=raw,
        target_outbox_id=target_outbox_id,
    )


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
    if row.target_outbox_id is not None:
        return _deliver_edit(engine, forum_client, row, max_attempts, outage_hours)
    tag = marker(row.forum, row_id)
    try:
        found = _already_posted(forum_client, row, tag) if _tried_before(row) else None
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


def cancel(conn: Connection, forum: str, dedupe_keys: list[str], reason: str) -> int:
    """Give up posts not sent yet, in the caller's transaction; return how many."""
    where = (T.c.forum == forum) & T.c.dedupe_key.in_(dedupe_keys)
    where &= T.c.status.in_(OutboxStatus.due())
    values = {"status": OutboxStatus.SKIPPED, "last_error": f"cancelled: {reason}"[:4000]}
    return conn.execute(update(T).where(where).values(**values)).rowcount


def find(conn: Connection, forum: str, dedupe_key: str) -> OutboxRow | None:
    """The post queued under a dedupe key, in the caller's transaction, or None."""
    query = select(T).where(T.c.forum == forum, T.c.dedupe_key == dedupe_key)
    row = conn.execute(query).mappings().first()
    return OutboxRow.of(row) if row else None
