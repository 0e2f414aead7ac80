"""Markdown bodies of the bot's posts, and their sanitized HTML for the volunteers' page."""

from __future__ import annotations

import markdown
import nh3

from bot.messages import say

# Images would load from wherever a member pointed them: the page loads nothing from outside.
PREVIEW_TAGS = frozenset(nh3.ALLOWED_TAGS - {"img"})
PREVIEW_BYTES = 100_000


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


def html_preview(text: str) -> str:
    """Markdown as sanitized HTML: no script, style, image or event attribute survives."""
    html = markdown.markdown(text[:PREVIEW_BYTES], extensions=["fenced_code", "tables"])
    return nh3.clean(html, tags=PREVIEW_TAGS, link_rel="noopener noreferrer nofollow")
