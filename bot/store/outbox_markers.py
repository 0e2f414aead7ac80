"""The invisible marker in every post the bot makes, and the search for it that keeps a retry
from posting twice."""

from __future__ import annotations

import re

from bot.forum.client import PostResult
from bot.store.rows import OutboxRow

MARKER = "<!-- coopbot:outbox:{forum}:{id} -->"
MARKER_RE = re.compile(r"<!-- coopbot:outbox:([A-Za-z0-9_-]+):(\d+) -->")


def marker(forum: str, outbox_id: int) -> str:
    """The invisible tag that lets a retry find its own earlier post."""
    return MARKER.format(forum=forum, id=outbox_id)


def already_posted(forum_client, row: OutboxRow, tag: str) -> PostResult | None:
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
