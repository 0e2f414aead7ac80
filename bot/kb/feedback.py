"""Volunteers' and members' decisions on entries, stored per (question terms, entry)."""

from __future__ import annotations

import json

from sqlalchemy import Connection, Engine, select

from bot.clock import utcnow
from bot.store.db import upsert_insert
from bot.store.models.knowledge import Feedback
from knowledge.feedback import FeedbackRecord

T = Feedback.__table__


def record(
    conn: Connection, forum: str, query_terms, entry_id: str, outcome: str, dedupe_key: str
) -> bool:
    """Store one decision once (by dedupe key), in the caller's transaction.

    Return False when it was already stored."""
    values = {
        "forum": forum,
        "query_terms": json.dumps(sorted(query_terms)),
        "entry_id": entry_id,
        "outcome": outcome,
        "dedupe_key": dedupe_key[:255],
        "created_at": utcnow(),
    }
    stmt = upsert_insert(conn, T).values(**values).on_conflict_do_nothing().returning(T.c.id)
    return conn.execute(stmt).first() is not None


def records(engine: Engine, forum: str) -> tuple[FeedbackRecord, ...]:
    """Every decision of a forum, as the ranking reads them."""
    query = select(T.c.query_terms, T.c.entry_id, T.c.outcome).where(T.c.forum == forum)
    with engine.connect() as conn:
        return tuple(
            FeedbackRecord(frozenset(json.loads(q)), e, o) for q, e, o in conn.execute(query)
        )
