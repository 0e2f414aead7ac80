"""What the bot must never act on: private messages, whispers, staff actions, itself."""

from __future__ import annotations

from bot.forum.client import PostType

WHISPER = "whisper"
FILTERED_POST_TYPES = {
    PostType.MODERATOR_ACTION: "moderator action",
    PostType.SMALL_ACTION: "small action",
}


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
        return "private message"
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
