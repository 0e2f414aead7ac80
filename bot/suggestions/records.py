"""Writes to the suggestion table, each in the caller's transaction."""

from __future__ import annotations

import json
from dataclasses import asdict

from sqlalchemy import Connection, update

from bot.store.db import upsert_insert
from bot.store.models import Suggestion
from knowledge.search import Hit

T = Suggestion.__table__


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
