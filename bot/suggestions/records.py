"""Writes to the suggestion table, each in the caller's transaction."""

from __future__ import annotations

import json
from dataclasses import asdict

from sqlalchemy import Connection, update

from bot.clock import utcnow
from bot.store.db import upsert_insert
from bot.store.models.suggestions import Suggestion
from bot.suggestions import queries
from bot.suggestions.rows import SuggestionRow, SuggestionStatus
from knowledge.hits import Hit

T = Suggestion.__table__


class DecisionError(ValueError):
    """A decision that cannot be taken on this suggestion."""


class SuggestionNotFound(DecisionError):
    """No suggestion has this id."""

    def __init__(self, suggestion_id: int) -> None:
        super().__init__(f"no suggestion #{suggestion_id}")
        self.suggestion_id = suggestion_id


class AlreadyDecided(DecisionError):
    """Someone decided on the suggestion first; `row` says who, what and when."""

    def __init__(self, row: SuggestionRow) -> None:
        who = row.decided_by or "the bot"
        when = f"{row.decided_at:%Y-%m-%d %H:%M} UTC" if row.decided_at else "?"
        super().__init__(f"suggestion #{row.id} was already {row.status} by {who} at {when}")
        self.row = row


def hits_json(hits: tuple[Hit, ...]) -> str:
    """The hits column."""
    return json.dumps([asdict(h) for h in hits], ensure_ascii=False)


def insert(conn: Connection, values: dict) -> int | None:
    """Store a new pending suggestion; None when the topic already has one."""
    stmt = upsert_insert(conn, T).values(**values).on_conflict_do_nothing().returning(T.c.id)
    row = conn.execute(stmt).first()
    return row[0] if row else None


def change(conn: Connection, suggestion_id: int, **values) -> None:
    """Set columns of one suggestion."""
    conn.execute(update(T).where(T.c.id == suggestion_id).values(**values))


def refresh(conn: Connection, suggestion_id: int, **values) -> bool:
    """Replace a pending suggestion's search results; False once it is decided."""
    pending = (T.c.id == suggestion_id) & (T.c.status == SuggestionStatus.PENDING)
    return conn.execute(update(T).where(pending).values(**values)).rowcount == 1


def decide(
    conn: Connection,
    forum: str,
    suggestion_id: int,
    status: SuggestionStatus,
    *,
    actor: str | None,
    source: str,
    reason: str | None = None,
) -> SuggestionRow:
    """Settle a pending suggestion and return it; refuse one that is gone or decided.

    The status test is in the UPDATE itself: of two volunteers deciding at once, the
    second one's statement waits for the first one's row lock, then matches nothing."""
    values = {"status": status, "decided_by": actor, "decided_at": utcnow()}
    values |= {"decision_source": source, "reason": reason}
    pending = (T.c.forum == forum) & (T.c.id == suggestion_id)
    pending &= T.c.status == SuggestionStatus.PENDING
    if conn.execute(update(T).where(pending).values(**values)).rowcount == 1:
        return queries.get(conn, forum, suggestion_id)
    row = queries.get(conn, forum, suggestion_id)
    if row is None:
        raise SuggestionNotFound(suggestion_id)
    raise AlreadyDecided(row)
