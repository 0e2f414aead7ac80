"""Discourse posts and likes -> inbox rows, one builder for the webhook and reconciliation; a
volunteer's whispered command becomes its parsed command."""

from __future__ import annotations

from bot import events
from bot.forum import filters
from bot.forum.client import ForumPost
from bot.forum.discourse_events import inbox_row
from bot.incoming import Incoming
from bot.triage.commands import command_in

POST_EVENTS = {
    "post_created": events.PostCreated,
    "post_edited": events.PostEdited,
    "accepted_solution": events.SolutionAccepted,
    "unaccepted_solution": events.SolutionUnaccepted,
}
# Accepting the bot's reply is a member's act on it: worth learning from, unlike the bot's
# own posts themselves.
KEEPS_BOT_POSTS = {"accepted_solution", "unaccepted_solution"}


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
    reason = filters.post_filter_reason(
        archetype=archetype,
        post_type=post.post_type,
        username=post.username,
        bot_username="" if kind in KEEPS_BOT_POSTS else bot_username,
        deleted=deleted,
    )
    if reason == filters.WHISPER and kind == "post_created" and not deleted:
        command = triage_command(post, bot_username)
        if command is not None:  # the whisper's text and raw body stay unstored
            return inbox_row(kind, key, delivery_id, None, command)
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
    return inbox_row(kind, key, delivery_id, reason, event, raw_body)


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
    bot = bot_username.lower()
    reason = filters.like_filter_reason(
        archetype, on_bot_post=post.username.lower() == bot, by_bot=username.lower() == bot
    )
    event = events.PostLiked(
        post_id=post.id,
        topic_id=post.topic_id,
        post_number=post.post_number,
        username=username,
        user_id=user_id,
    )
    key = events.like_key(post.id, user_id, username)
    return inbox_row("post_liked", key, delivery_id, reason, event)
