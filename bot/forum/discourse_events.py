"""Discourse topics, posts, likes and topic statuses -> inbox rows: one builder for the webhook
and reconciliation; a volunteer's whispered command becomes its parsed command."""

from __future__ import annotations

from bot import events
from bot.forum.client import ForumPost, TopicSummary
from bot.forum.filters import WHISPER, post_filter_reason
from bot.incoming import Incoming
from bot.triage.commands import command_in

SOURCE = "discourse"
# topic_{status}_status_updated fires for every status change, in both directions
TOPIC_STATUS_EVENTS = {
    "topic_closed_status_updated",
    "topic_archived_status_updated",
    "topic_destroyed",
}
POST_EVENTS = {
    "post_created": events.PostCreated,
    "post_edited": events.PostEdited,
    "accepted_solution": events.SolutionAccepted,
    "unaccepted_solution": events.SolutionUnaccepted,
}
# Accepting the bot's reply is a member's act on it: worth learning from, unlike the bot's
# own posts themselves.
KEEPS_BOT_POSTS = {"accepted_solution", "unaccepted_solution"}


def _base(kind: str, key: str, delivery_id: str | None) -> dict:
    """What every Discourse row carries: its source, kind and keys."""
    return {"source": SOURCE, "kind": kind, "semantic_key": key, "delivery_id": delivery_id}


def topic_row(
    topic: TopicSummary, *, delivery_id: str | None = None, raw_body: bytes | None = None
) -> Incoming:
    """A topic_created row; a private message keeps nothing but its key."""
    base = _base("topic_created", events.topic_key(topic.id), delivery_id)
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
    base = _base(kind, events.post_key(kind, post.id, post.version, post.updated_at), delivery_id)
    reason = post_filter_reason(
        archetype=archetype,
        post_type=post.post_type,
        username=post.username,
        bot_username="" if kind in KEEPS_BOT_POSTS else bot_username,
        deleted=deleted,
    )
    if reason == WHISPER and kind == "post_created" and not deleted:
        command = triage_command(post, bot_username)
        if command is not None:  # the whisper's text and raw body stay unstored
            return Incoming(**base, event=command)
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


def triage_command(whisper: ForumPost, bot_username: str) -> events.TriageCommand | None:
    """The command a whisper gives the bot, parsed, with its author; None for other whispers."""
    if whisper.username.lower() == bot_username.lower():
        return None
    command = command_in(whisper.raw, bot_username)
    if command is None:
        return None
    return events.TriageCommand(
        topic_id=whisper.topic_id,
        post_id=whisper.id,
        reply_to_post_number=whisper.reply_to_post_number,
        username=whisper.username,
        user_id=whisper.user_id,
        verb=command.verb,
        argument=command.argument,
    )


def like_row(
    post: ForumPost,
    *,
    username: str,
    user_id: int | None,
    archetype: str | None,
    bot_username: str,
    delivery_id: str | None = None,
) -> Incoming:
    """A post_liked row (`username` liked `post`); only likes on the bot's posts are acted on.

    No raw body is kept: the liked post comes whole, a whisper's text included.
    """
    base = _base("post_liked", events.like_key(post.id, user_id, username), delivery_id)
    bot = bot_username.lower()
    reason = _like_filter_reason(archetype, post.username.lower() == bot, username.lower() == bot)
    if reason:
        return Incoming(**base, ignored_reason=reason)
    event = events.PostLiked(
        post_id=post.id,
        topic_id=post.topic_id,
        post_number=post.post_number,
        username=username,
        user_id=user_id,
    )
    return Incoming(**base, event=event)


def _like_filter_reason(archetype: str | None, on_bot_post: bool, by_bot: bool) -> str | None:
    if archetype == "private_message":
        return "private message"
    if by_bot:
        return "the bot's own like"
    return None if on_bot_post else "like on another's post"


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
    base = _base(name, events.topic_status_key(name, topic.id), delivery_id)
    if topic.archetype == "private_message":
        return Incoming(**base, ignored_reason="private message")
    if name == "topic_destroyed":
        event = events.TopicDeleted(topic_id=topic.id, category_id=topic.category_id)
        return Incoming(**base, event=event, raw_body=raw_body)
    by_archiving = name == "topic_archived_status_updated"
    if not (archived if by_archiving else closed):
        return Incoming(**base, ignored_reason="topic reopened")
    event = events.TopicClosed(
        topic_id=topic.id, category_id=topic.category_id, archived=by_archiving
    )
    return Incoming(**base, event=event, raw_body=raw_body)
