"""Markdown bodies of the bot's posts."""

from __future__ import annotations

from bot.messages import say


def suggestion_draft(hits, username: str, language: str) -> str:
    """The reply a volunteer will approve, edit or reject."""
    username = username or say("suggestion.member", language)
    lines = [say("suggestion.intro", language, username=username), ""]
    for hit in hits:
        key = "suggestion.item" if hit.get("url") else "suggestion.item_no_url"
        values = {"title": hit["title"], "url": hit.get("url"), "snippet": hit["snippet"]}
        lines.append(say(key, language, **values))
    lines += ["", say("suggestion.outro", language)]
    return "\n".join(lines)
