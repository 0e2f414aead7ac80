"""Markdown bodies of the bot's posts, and their sanitized HTML for the volunteers' page."""

from __future__ import annotations

import re
import threading
from functools import lru_cache

import markdown
import nh3

from bot.messages import say

MENTION = re.compile(r"@(?=\w)")
# Images would load from wherever a member pointed them: the page loads nothing from outside.
PREVIEW_TAGS = frozenset(nh3.ALLOWED_TAGS - {"img"})
PREVIEW_BYTES = 100_000
_local = threading.local()  # a Markdown converter is reusable but not thread-safe


def suggestion_draft(hits, username: str, language: str, *, automatic: bool = False) -> str:
    """The reply a volunteer will approve, edit or reject; an automatic one says it is."""
    username = username or say("suggestion.member", language)
    lines = [say("suggestion.intro", language, username=username), ""]
    for hit in hits:
        key = "suggestion.item" if hit.get("url") else "suggestion.item_no_url"
        values = {"title": hit["title"], "url": hit.get("url"), "snippet": hit["snippet"]}
        lines.append(say(key, language, **values))
    lines += ["", say("suggestion.outro", language)]
    if automatic:
        lines += ["", say("suggestion.automatic", language)]
    return "\n".join(lines)


def quoted(text: str) -> str:
    """A Markdown block quote of a text whose @mentions notify nobody."""
    # a zero-width space after @ keeps the name readable but no longer a mention
    unmentioned = MENTION.sub("@\u200b", text)
    return "\n".join(f"> {line}" if line else ">" for line in unmentioned.splitlines())


def html_preview(text: str) -> str:
    """Markdown as sanitized HTML: no script, style, image or event attribute survives."""
    html = _converter().reset().convert(text[:PREVIEW_BYTES])
    return nh3.clean(html, tags=PREVIEW_TAGS, link_rel="noopener noreferrer nofollow")


def _converter() -> markdown.Markdown:
    """This thread's Markdown converter (building one loads its extensions: slow)."""
    if not hasattr(_local, "converter"):
        _local.converter = markdown.Markdown(extensions=["fenced_code", "tables"])
    return _local.converter


@lru_cache(maxsize=512)
def stored_preview(text: str) -> str:
    """html_preview of a stored text (a question, a draft): the queue shows the same ones to
    every volunteer, so they are rendered once. Volunteers' edits are not cached."""
    return html_preview(text)
