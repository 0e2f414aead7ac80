"""What the bot must never act on: private messages, whispers, staff actions, itself."""

from __future__ import annotations

REGULAR, MODERATOR_ACTION, SMALL_ACTION, WHISPER = 1, 2, 3, 4
FILTERED_POST_TYPES = {MODERATOR_ACTION: "moderator action", SMALL_ACTION: "small action"}


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
    post_type = post_type or REGULAR
    if post_type == WHISPER:
        return "whisper"
    if post_type in FILTERED_POST_TYPES:
        return FILTERED_POST_TYPES[post_type]
    if username.lower() == bot_username.lower():
        return "the bot's own post"
    if deleted:
        return "deleted post"
    return None
