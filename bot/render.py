"""Markdown bodies of the bot's posts."""

from __future__ import annotations

from bot.messages import say

SNIPPET_CHARS = 220


def suggestion_draft(hits, username: str, language: str) -> str:
    """The reply a volunteer will approve, edit or reject."""
    lines = [say("suggestion.intro", language, username=username or "membre"), ""]
    for hit in hits:
        snippet = _shorten(hit["snippet"])
        key = "suggestion.item" if hit.get("url") else "suggestion.item_no_url"
        lines.append(say(key, language, title=hit["title"], url=hit.get("url"), snippet=snippet))
    lines += ["", say("suggestion.outro", language)]
    return "\n".join(lines)


def _shorten(text: str) -> str:
    """One line, cut at a word boundary."""
    flat = " ".join(text.split())
    if len(flat) <= SNIPPET_CHARS:
        return flat
    return flat[:SNIPPET_CHARS].rsplit(" ", 1)[0] + " …"
