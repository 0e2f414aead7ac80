"""Catch up through the forum API on what webhooks missed (Discourse never retries a receiver
that was down)."""

from __future__ import annotations

import logging
from dataclasses import replace

from bot import restricted
from bot.forum import categories, discourse_events, discourse_posts
from bot.forum.client import TopicSummary
from bot.incoming import Incoming
from bot.store import inbox, state

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


def topic_incomings(forum_client, topic: TopicSummary, bot_username: str) -> list[Incoming]:
    """The rows a webhook would have delivered for a topic and its posts."""
    # Neither a private message's posts nor those of a category that is not public (read-
    # restricted or unknown to the forum) are read at all; the topic keeps no content.
    row = discourse_events.topic_row(topic)
    found = [restricted.withhold(row, lambda category: restricted.reason(forum_client, category))]
    if not found[0].acted_on:
        return found
    category_slug = categories.slug(forum_client, topic.category_id)
    for post in forum_client.topic_posts(topic.id):
        # post_created fired when the post was first written: version 1, whatever came after
        first_version = replace(post, version=1)
        found.append(
            discourse_posts.post_row(
                "post_created",
                first_version,
                topic_title=topic.title,
                category_id=topic.category_id,
                category_slug=category_slug,
                archetype=topic.archetype,
                bot_username=bot_username,
            )
        )
    return found


def reconcile(context) -> int:
    """Record every topic and post the inbox never saw; return how many were new."""
    engine, settings, forum = context.engine, context.settings, context.forum
    mark = state.get(engine, settings.forum_id, HIGH_WATER)
    since = mark[0] if mark else ""
    categories.forget(forum)  # read them afresh: a topic may sit in a category created since
    sources = [lambda page: forum.latest_topics(page=page)]
    sources += [
        lambda page, p=path: forum.category_topics(p, page=page)
        for path in categories.support_paths(forum, settings.support_categories)
    ]
    topics = {t.id: t for source in sources for t in new_topics(since, source)}
    if not mark:
        # First run: start from now rather than flood the queue with old threads.
        newest = max((t.created_at for t in topics.values()), default="")
        with engine.begin() as conn:
            state.put(conn, settings.forum_id, HIGH_WATER, newest)
        return 0
    restricted.remember(engine, settings.forum_id, categories.restricted_ids(forum))
    recorded = 0
    for topic in sorted(topics.values(), key=lambda t: t.created_at):
        for incoming in topic_incomings(forum, topic, settings.bot_username):
            recorded += inbox.record(engine, incoming, settings.forum_id)
    if topics:
        newest = max(t.created_at for t in topics.values())
        with engine.begin() as conn:
            state.put(conn, settings.forum_id, HIGH_WATER, newest)
    log.info("reconciliation: %d topics seen, %d events recorded", len(topics), recorded)
    return recorded
