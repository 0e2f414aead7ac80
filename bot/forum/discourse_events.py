"""Discourse topics and topic statuses -> inbox rows, and the row every Discourse builder makes:
one builder for the webhook and reconciliation (posts and likes: discourse_posts.py)."""

from __future__ import annotations

from bot import events
from bot.forum import filters
from bot.forum.client import TopicSummary
from bot.incoming import Incoming

SOURCE = "discourse"
# topic_{status}_status_updated fires for every status change, in both directions
TOPIC_STATUS_EVENTS = {
    "topic_closed_status_updated",
    filters.ARCHIVED,
    filters.DESTROYED,
}


def inbox_row(
    kind: str,
    key: str,
    delivery_id: str | None,
    reason: str | None,
    event: events.Event,
    raw_body: bytes | None = None,
) -> Incoming:
    """The row of one delivery: ignored for a reason, it keeps only its key (never the event
    nor the raw body); otherwise the event and raw body."""
    base = {"source": SOURCE, "kind": kind, "semantic_key": key, "delivery_id": delivery_id}
    if reason:
        return Incoming(**base, ignored_reason=reason)
    return Incoming(**base, event=event, raw_body=raw_body)


def topic_row(
    topic: TopicSummary, *, delivery_id: str | None = None, raw_body: bytes | None = None
) -> Incoming:
    """A topic_created row; a private message keeps nothing but its key."""
    event = events.TopicCreated(
        topic_id=topic.id,
        title=topic.title,
        category_id=topic.category_id,
        user_id=topic.user_id,
        username=topic.username,
        created_at=topic.created_at,
        tags=topic.tags,
    )
    key, reason = events.topic_key(topic.id), filters.topic_filter_reason(topic.archetype)
    return inbox_row("topic_created", key, delivery_id, reason, event, raw_body)


def topic_status_row(
    name: str,
    topic: TopicSummary,
    *,
    closed: bool,
    archived: bool,
    delivery_id: str | None = None,
    raw_body: bytes | None = None,
) -> Incoming:
    """A row for a key of TOPIC_STATUS_EVENTS: a topic closed, archived or deleted."""
    if name == filters.DESTROYED:
        event = events.TopicDeleted(topic_id=topic.id, category_id=topic.category_id)
    else:
        by_archiving = name == filters.ARCHIVED
        event = events.TopicClosed(
            topic_id=topic.id, category_id=topic.category_id, archived=by_archiving
        )
    reason = filters.status_filter_reason(name, topic.archetype, closed=closed, archived=archived)
    key = events.topic_status_key(name, topic.id)
    return inbox_row(name, key, delivery_id, reason, event, raw_body)
