"""Discourse payload -> normalized events, with privacy filters applied first."""

from __future__ import annotations

from bot import events
from bot.forum.filters import post_filter_reason
from bot.store.inbox import Incoming
from webhooks.receivers.payload import (
    MalformedEvent,
    integer,
    obj,
    optional_int,
    parse_json,
    text,
    texts,
)

POST_EVENTS = {
    "post_created": events.PostCreated,
    "post_edited": events.PostEdited,
    "accepted_solution": events.SolutionAccepted,
    "unaccepted_solution": events.SolutionUnaccepted,
}
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
    if name in POST_EVENTS:
        return _post(base, name, payload, group, bot_username, body)
    if name == "topic_created":
        return _topic(base, payload, group, body)
    if name in USER_EVENTS:
        return _user(base, name, payload, group, body)
    key = f"{name}:{group}:{payload.get('id')}:{payload.get('updated_at') or delivery}"
    return Incoming(**base, semantic_key=key, ignored_reason="unhandled event type")


def _post(base, name, post, group, bot_username, body) -> Incoming:
    """Post-shaped payloads: post_created, post_edited, (un)accepted_solution."""
    where = f"{group}."
    post_id = integer(post, "id", where)
    version = optional_int(post, "version") or 1
    stamp = version if name.startswith("post_") else text(post, "updated_at")
    key = f"{name}:post:{post_id}:{stamp}"
    reason = _filter_reason(post, bot_username)
    if reason:
        return Incoming(**base, semantic_key=key, ignored_reason=reason)
    event = POST_EVENTS[name](
        post_id=post_id,
        topic_id=integer(post, "topic_id", where),
        post_number=integer(post, "post_number", where),
        username=text(post, "username"),
        user_id=optional_int(post, "user_id"),
        raw=text(post, "raw"),
        topic_title=text(post, "topic_title"),
        category_id=optional_int(post, "category_id"),
        category_slug=text(post, "category_slug"),
        created_at=text(post, "created_at"),
        updated_at=text(post, "updated_at"),
        version=version,
        reply_to_post_number=optional_int(post, "reply_to_post_number"),
    )
    return Incoming(**base, semantic_key=key, event=event, raw_body=body)


def _filter_reason(post: dict, bot_username: str) -> str | None:
    """Why a post must not be acted on, or None."""
    return post_filter_reason(
        archetype=post.get("topic_archetype"),
        post_type=optional_int(post, "post_type"),
        username=text(post, "username"),
        bot_username=bot_username,
        deleted=bool(post.get("deleted_at")),
    )


def _topic(base, topic, group, body) -> Incoming:
    """topic_created: public topics only; private messages keep no content."""
    topic_id = integer(topic, "id", f"{group}.")
    key = f"topic_created:topic:{topic_id}"
    if topic.get("archetype") == "private_message":
        return Incoming(**base, semantic_key=key, ignored_reason="private message")
    creator = topic.get("created_by") if isinstance(topic.get("created_by"), dict) else {}
    event = events.TopicCreated(
        topic_id=topic_id,
        title=text(topic, "title"),
        category_id=optional_int(topic, "category_id"),
        user_id=optional_int(topic, "user_id"),
        username=text(creator, "username"),
        created_at=text(topic, "created_at"),
        tags=texts(topic, "tags"),
    )
    return Incoming(**base, semantic_key=key, event=event, raw_body=body)


def _user(base, name, user, group, body) -> Incoming:
    """User events keep the public profile only, never the e-mail address."""
    user_id = integer(user, "id", f"{group}.")
    stamp = user.get("updated_at") or user.get("last_seen_at") or user.get("created_at")
    event = events.UserChanged(
        user_id=user_id,
        username=text(user, "username"),
        name=text(user, "name"),
        action=name.removeprefix("user_"),
        created_at=text(user, "created_at"),
    )
    key = f"{name}:user:{user_id}:{stamp}"
    return Incoming(**base, semantic_key=key, event=event, raw_body=body)
