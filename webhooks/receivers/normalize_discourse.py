"""Discourse payload -> normalized events, with privacy filters applied first."""

from __future__ import annotations

from bot import events
from bot.forum import discourse_events, discourse_posts
from bot.forum.client import ForumPost, PostType, TopicSummary
from bot.incoming import Incoming
from webhooks.receivers.payload import (
    MalformedEvent,
    integer,
    obj,
    optional_int,
    parse_json,
    text,
    texts,
)

USER_EVENTS = {"user_created", "user_updated", "user_approved", "user_confirmed_email"}


def normalize(headers, body: bytes, bot_username: str) -> Incoming:
    """Turn one Discourse delivery into an Incoming row (ignored ones included)."""
    name = headers.get("X-Discourse-Event", "")
    group = headers.get("X-Discourse-Event-Type", "")
    delivery = headers.get("X-Discourse-Event-Id") or None
    data = parse_json(body)
    if not name or not group:
        raise MalformedEvent("missing X-Discourse-Event or X-Discourse-Event-Type header")
    base = {"source": "discourse", "kind": name, "delivery_id": delivery}
    if group == "ping":
        return Incoming(**base, semantic_key=f"ping:{delivery}", ignored_reason="ping")
    payload = obj(data, group, "")
    if name in discourse_posts.POST_EVENTS:
        return _post(name, payload, group, bot_username, delivery, body)
    if name == "topic_created":
        return discourse_events.topic_row(
            _topic(payload, group), delivery_id=delivery, raw_body=body
        )
    if name in discourse_events.TOPIC_STATUS_EVENTS:
        return _topic_status(name, payload, group, delivery, body)
    if name == "post_liked":
        return _like(payload, group, bot_username, delivery)
    if name in USER_EVENTS:
        return _user(base, name, payload, group, body)
    key = f"{name}:{group}:{payload.get('id')}:{payload.get('updated_at') or delivery}"
    return Incoming(**base, semantic_key=key, ignored_reason="unhandled event type")


def _post(name, post, group, bot_username, delivery, body) -> Incoming:
    """Post-shaped payloads: post_created, post_edited, (un)accepted_solution."""
    where = f"{group}."
    return discourse_posts.post_row(
        name,
        _forum_post(post, where),
        topic_title=text(post, "topic_title"),
        category_id=optional_int(post, "category_id", where),
        category_slug=text(post, "category_slug"),
        archetype=post.get("topic_archetype"),
        bot_username=bot_username,
        deleted=bool(post.get("deleted_at")),
        delivery_id=delivery,
        raw_body=body,
    )


def _topic_status(name, topic, group, delivery, body) -> Incoming:
    """A topic closed, archived or deleted (or opened again): its status flags as sent."""
    return discourse_events.topic_status_row(
        name,
        _topic(topic, group),
        closed=topic.get("closed") is True,
        archived=topic.get("archived") is True,
        delivery_id=delivery,
        raw_body=body,
    )


def _like(like, group, bot_username, delivery) -> Incoming:
    """post_liked: who liked which post (WebHookLikeSerializer: `post` and `user`)."""
    where = f"{group}."
    post, user = obj(like, "post", where), obj(like, "user", where)
    username = text(user, "username")
    if not username:
        raise MalformedEvent(f"{where}user.username: expected a username")
    return discourse_posts.like_row(
        _forum_post(post, f"{where}post."),
        username=username,
        user_id=optional_int(user, "id", f"{where}user."),
        archetype=post.get("topic_archetype"),
        bot_username=bot_username,
        delivery_id=delivery,
    )


def _forum_post(post: dict, where: str) -> ForumPost:
    """A post as WebHookPostSerializer writes it; ids are required."""
    return ForumPost(
        id=integer(post, "id", where),
        topic_id=integer(post, "topic_id", where),
        post_number=integer(post, "post_number", where),
        username=text(post, "username"),
        user_id=optional_int(post, "user_id", where),
        raw=text(post, "raw"),
        cooked=text(post, "cooked"),
        post_type=optional_int(post, "post_type", where) or PostType.REGULAR,
        created_at=text(post, "created_at"),
        updated_at=text(post, "updated_at"),
        version=optional_int(post, "version", where) or 1,
        reply_to_post_number=optional_int(post, "reply_to_post_number", where),
    )


def _topic(topic, group) -> TopicSummary:
    """A topic as WebHookTopicViewSerializer writes it (topic_created and status changes)."""
    where = f"{group}."
    creator = topic.get("created_by") if isinstance(topic.get("created_by"), dict) else {}
    return TopicSummary(
        id=integer(topic, "id", where),
        title=text(topic, "title"),
        category_id=optional_int(topic, "category_id", where),
        created_at=text(topic, "created_at"),
        last_posted_at=text(topic, "last_posted_at") or None,
        posts_count=optional_int(topic, "posts_count", where) or 0,
        highest_post_number=optional_int(topic, "highest_post_number", where) or 0,
        archetype=text(topic, "archetype", "regular"),
        slug=text(topic, "slug"),
        user_id=optional_int(topic, "user_id", where),
        username=text(creator, "username"),
        tags=texts(topic, "tags"),
    )


def _user(base, name, user, group, body) -> Incoming:
    """User events keep the public profile only, never the e-mail address."""
    user_id = integer(user, "id", f"{group}.")
    stamp = user.get("updated_at") or user.get("last_seen_at") or user.get("created_at")
    option = user.get("user_option") if isinstance(user.get("user_option"), dict) else {}
    event = events.UserChanged(
        user_id=user_id,
        username=text(user, "username"),
        name=text(user, "name"),
        action=name.removeprefix("user_"),
        created_at=text(user, "created_at"),
        hide_profile=option.get("hide_profile_and_presence") is True,
    )
    key = f"{name}:user:{user_id}:{stamp}"
    return Incoming(**base, semantic_key=key, event=event, raw_body=body)
