"""Volunteers' decisions and members' acceptances as feedback for the ranking."""

from __future__ import annotations

import logging
from collections.abc import Sequence

from sqlalchemy import Connection

from bot.kb import feedback
from bot.suggestions import queries
from bot.suggestions.rows import SuggestionRow, SuggestionStatus
from knowledge.hits import Hit

log = logging.getLogger("coopbot.suggestions")
# Only this reason says the entries were wrong for the question; the others (answered
# already, not a question) say nothing about the entries and must not withhold them.
WRONG_ARTICLE = "wrong_article"


def kept_in(text: str, hits: Sequence[Hit]) -> tuple[Hit, ...]:
    """The hits an edited reply still links (or names, when they have no address)."""
    return tuple(h for h in hits if (h.url or h.title) in text)


def approved(
    conn: Connection, row: SuggestionRow, hits: Sequence[Hit], edited_text: str | None
) -> None:
    """Record approval of the published entries; an edited reply counts as `edited`."""
    outcome = "edited" if edited_text is not None else "approved"
    for hit in hits:
        key = f"decision:{row.id}:{hit.entry_id}"
        feedback.record(conn, row.forum, row.query_terms, hit.entry_id, outcome, key)


def rejected(conn: Connection, row: SuggestionRow, hits: Sequence[Hit], reason: str) -> None:
    """Record rejection of the drafted entries when the reason says they were wrong."""
    if reason != WRONG_ARTICLE:
        return
    for hit in hits:
        key = f"decision:{row.id}:{hit.entry_id}"
        feedback.record(conn, row.forum, row.query_terms, hit.entry_id, "rejected", key)


def learn_accepted_reply(context, event) -> None:
    """A member accepting the bot's reply as the solution confirms the entries it linked.

    A volunteer's answer stays a thread entry (bot.kb.threads); the bot's reply is only
    links to entries the base already holds, so it teaches the ranking instead."""
    settings = context.settings
    if event.username.lower() != settings.bot_username.lower():
        return
    row = queries.for_topic(context.engine, settings.forum_id, event.topic_id)
    if row is None or row.status is not SuggestionStatus.APPROVED:
        log.info("topic %s: accepted bot post has no approved suggestion", event.topic_id)
        return
    with context.engine.begin() as conn:
        for entry_id in row.published:
            key = f"accepted:{event.topic_id}:{event.post_id}:{entry_id}"
            feedback.record(conn, settings.forum_id, row.query_terms, entry_id, "accepted", key)
