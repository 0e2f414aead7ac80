"""Volunteers' decisions as feedback for the ranking."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Connection

from bot.kb import feedback
from bot.suggestions.rows import SuggestionRow
from knowledge.search import Hit

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
