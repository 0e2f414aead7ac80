"""Discourse topics and posts -> inbox rows: one builder for the webhook and reconciliation."""

from __future__ import annotations

from bot import events
from bot.forum.client import ForumPost, TopicSummary
from bot.forum.filters import post_filter_reason
from bot.incoming import Incoming

SOURCE = "discourse"
POST_EVENTS = {
    "post_created": events.PostCreated,
    "post_edited": events.PostEdited,
    "accepted_solution": events.SolutionAccepted,
    "unaccepted_solution": events.SolutionUnaccepted,
}


def topic_row(
    topic: TopicSummary, *, delivery_id: str | None = None, raw_body: bytes | None = None
) -> Incoming:
    """A topic_created row; a private message keeps nothing but its key."""
    kind, key = "topic_created", events.topic_key(topic.id)
    base = {"source": SOURCE, "kind": kind, "semantic_key": key, "delivery_id": delivery_id}
    if topic.archetype == "private_message":
        return Incoming(**base, ignored_reason="private message")
    event = events.TopicCreated(
        topic_id=topic.id,
        title=topic.title,
        category_id=topic.category_id,
        user_id=topic.user_id,
        username=topic.username,
        created_at=topic.created_at,
        tags=topic.tags,
    )
    return Incoming(**base, event=event, raw_body=raw_body)


def post_row(
    kind: str,
    post: ForumPost,
    *,
    topic_title: str,
    category_id: int | None,
    category_slug: str = "",
    archetype: str | None,
    bot_username: str,
    deleted: bool = False,
    delivery_id: str | None = None,
    raw_body: bytes | None = None,
) -> Incoming:
    """A post event's row (kind: a key of POST_EVENTS); a filtered post keeps only its key."""
    key = events.post_key(kind, post.id, post.version, post.updated_at)
    base = {"source": SOURCE, "kind": kind, "semantic_key": key, "delivery_id": delivery_id}
    reason = post_filter_reason(
        archetype=archetype,
        post_type=post.post_type,
        username=post.username,
        bot_username=bot_username,
        deleted=deleted,
    )
    if reason:
        return Incoming(**base, ignored_reason=reason)
    event = POST_EVENTS[kind](
        post_id=post.id,
        topic_id=post.topic_id,
        post_number=post.post_number,
        username=post.username,
        user_id=post.user_id,
        raw=post.raw,
        topic_title=topic_title,
        category_id=category_id,
        category_slug=category_slug,
        created_at=post.created_at,
        updated_at=post.updated_at,
        version=post.version,
        reply_to_post_number=post.reply_to_post_number,
    )
    return Incoming(**base, event=event, raw_body=raw_body)
