"""Read suggestions for the command line and the volunteers' pages."""

from __future__ import annotations

from sqlalchemy import Engine, select

from bot.store.models import Suggestion
from bot.suggestions.rows import SuggestionRow

T = Suggestion.__table__


def list_suggestions(engine: Engine, forum: str, status: str | None = None) -> list[SuggestionRow]:
    """Suggestions, newest first."""
    query = select(T).where(T.c.forum == forum).order_by(T.c.id.desc())
    if status:
        query = query.where(T.c.status == status)
    with engine.connect() as conn:
        return [SuggestionRow.from_mapping(r) for r in conn.execute(query).mappings()]
