"""A pending suggestion gives way when the question turns out to be an incident's symptom."""

from __future__ import annotations

from sqlalchemy import Connection, update

from bot.store.models import Suggestion
from bot.suggestions.rows import SuggestionStatus

T = Suggestion.__table__


def supersede(conn: Connection, forum: str, topic_id: int) -> bool:
    """Withdraw a topic's pending suggestion, in the caller's transaction; True if there was one."""
    where = (T.c.forum == forum) & (T.c.topic_id == topic_id)
    where &= T.c.status == SuggestionStatus.PENDING
    changed = conn.execute(update(T).where(where).values(status=SuggestionStatus.SUPERSEDED))
    return changed.rowcount > 0
