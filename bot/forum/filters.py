"""What the bot must never act on: private messages, whispers, staff actions, itself."""

from __future__ import annotations

from bot.forum.client import PostType

WHISPER = "whisper"
PRIVATE_MESSAGE = "private message"
FILTERED_POST_TYPES = {
    PostType.MODERATOR_ACTION: "moderator action",
    PostType.SMALL_ACTION: "small action",
}
DESTROYED = "topic_destroyed"
ARCHIVED = "topic_archived_status_updated"


def topic_filter_reason(archetype: str | None) -> str | None:
    """Why a topic's event must be recorded as ignored: a private message; else None."""
    return PRIVATE_MESSAGE if archetype == "private_message" else None


def post_filter_reason(
    *,
    archetype: str | None,
    post_type: int | None,
    username: str,
    bot_username: str,
    deleted: bool = False,
) -> str | None:
    """Why a post must be recorded as ignored, or None when the bot may act on it."""
    if archetype == "private_message":
        return PRIVATE_MESSAGE
    post_type = post_type or PostType.REGULAR
    if post_type == PostType.WHISPER:
        return WHISPER
    if post_type in FILTERED_POST_TYPES:
        return FILTERED_POST_TYPES[post_type]
    if username.lower() == bot_username.lower():
        return "the bot's own post"
    if deleted:
        return "deleted post"
    return None


def like_filter_reason(archetype: str | None, on_bot_post: bool, by_bot: bool) -> str | None:
    """Why a like must be recorded as ignored: only a member's like on the bot's post counts."""
    if archetype == "private_message":
        return PRIVATE_MESSAGE
    if by_bot:
        return "the bot's own like"
    return None if on_bot_post else "like on another's post"


def status_filter_reason(
    name: str, archetype: str | None, *, closed: bool, archived: bool
) -> str | None:
    """Why a topic status change must be recorded as ignored: a private message, or a topic
    opened again (the flag its event names is off); None for a close, archive or deletion."""
    if archetype == "private_message":
        return PRIVATE_MESSAGE
    if name == DESTROYED:
        return None
    return None if (archived if name == ARCHIVED else closed) else "topic reopened"
