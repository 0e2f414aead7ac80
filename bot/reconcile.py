"""Catch up through the forum API on what webhooks missed (Discourse never retries a receiver
that was down)."""

from __future__ import annotations

import logging

from bot import restricted
from bot.events import PostCreated, TopicCreated
from bot.forum import categories
from bot.forum.filters import post_filter_reason
from bot.store import inbox, state
from bot.store.inbox import Incoming

log = logging.getLogger("coopbot.reconcile")
HIGH_WATER = "reconcile.latest_created_at"
MAX_PAGES = 10


def new_topics(since: str, fetch_page) -> list:
    """Topics created after the high-water mark, newest first, across a few pages."""
    found = []
    for page in range(MAX_PAGES):
        topics = fetch_page(page)
        fresh = [t for t in topics if t.created_at > since]
        found.extend(fresh)
        if len(fresh) < len(topics) or not topics:
            break
    return found


def topic_incomings(forum_client, topic, bot_username: str) -> list[Incoming]:
    """The events a webhook would have delivered for a topic and its posts."""
    key = f"topic_created:topic:{topic.id}"
    private = topic.archetype == "private_message"
    # Neither a private message's posts nor a restricted category's are read at all.
    withheld = "private message" if private else restricted.reason(forum_client, topic.category_id)
    if withheld:
        return [
            Incoming(
                source="discourse",
                kind="topic_created",
                semantic_key=key,
                ignored_reason=withheld,
            )
        ]
    created = TopicCreated(
        topic_id=topic.id,
        title=topic.title,
        category_id=topic.category_id,
        created_at=topic.created_at,
    )
    found = [Incoming(source="discourse", kind="topic_created", semantic_key=key, event=created)]
    for post in forum_client.topic_posts(topic.id):
        found.append(_post_incoming(post, topic, bot_username))
    return found


def _post_incoming(post, topic, bot_username: str) -> Incoming:
    """A post_created as the webhook would have normalized it."""
    key = f"post_created:post:{post.id}:1"
    reason = post_filter_reason(
        archetype=topic.archetype,
        post_type=post.post_type,
        username=post.username,
        bot_username=bot_username,
    )
    if reason:
        return Incoming(
            source="discourse", kind="post_created", semantic_key=key, ignored_reason=reason
        )
    event = PostCreated(
        post_id=post.id,
        topic_id=topic.id,
        post_number=post.post_number,
        username=post.username,
        raw=post.raw,
        topic_title=topic.title,
        category_id=topic.category_id,
        created_at=post.created_at,
        updated_at=post.updated_at,
        version=1,
        reply_to_post_number=post.reply_to_post_number,
    )
    return Incoming(source="discourse", kind="post_created", semantic_key=key, event=event)


def reconcile(context) -> int:
    """Record every topic and post the inbox never saw; return how many were new."""
    engine, settings, forum = context.engine, context.settings, context.forum
    mark = state.get(engine, settings.forum_id, HIGH_WATER)
    since = mark[0] if mark else ""
    sources = [lambda page: forum.latest_topics(page=page)]
    sources += [
        lambda page, s=slug: forum.category_topics(s, page=page)
        for slug in settings.support_categories
    ]
    topics = {t.id: t for source in sources for t in new_topics(since, source)}
    if not mark:
        # First run: start from now rather than flood the queue with old threads.
        newest = max((t.created_at for t in topics.values()), default="")
        state.put(engine, settings.forum_id, HIGH_WATER, newest)
        return 0
    restricted.remember(engine, settings.forum_id, categories.restricted_ids(forum))
    recorded = 0
    for topic in sorted(topics.values(), key=lambda t: t.created_at):
        for incoming in topic_incomings(forum, topic, settings.bot_username):
            recorded += inbox.record(engine, incoming, settings.forum_id)
    if topics:
        newest = max(t.created_at for t in topics.values())
        state.put(engine, settings.forum_id, HIGH_WATER, newest)
    log.info("reconciliation: %d topics seen, %d events recorded", len(topics), recorded)
    return recorded
