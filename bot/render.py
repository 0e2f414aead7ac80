"""Markdown bodies of the bot's posts."""

from __future__ import annotations

import re

from bot.messages import say

MENTION = re.compile(r"@(?=\w)")


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


def quoted(markdown: str) -> str:
    """A Markdown block quote of a text whose @mentions notify nobody."""
    # a zero-width space after @ keeps the name readable but no longer a mention
    unmentioned = MENTION.sub("@\u200b", markdown)
    return "\n".join(f"> {line}" if line else ">" for line in unmentioned.splitlines())
