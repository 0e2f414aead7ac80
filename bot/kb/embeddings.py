"""Vectors of a forum's entries, cached in the database by content hash."""

from __future__ import annotations

import numpy as np
from sqlalchemy import Engine, select

from bot.store.db import upsert_insert
from bot.store.models.knowledge import EmbeddingVector

V = EmbeddingVector.__table__


def load_embeddings(engine: Engine, forum: str) -> dict[str, np.ndarray]:
    """Every cached vector of a forum, by content hash."""
    with engine.connect() as conn:
        rows = conn.execute(select(V.c.content_hash, V.c.vector).where(V.c.forum == forum))
        return {h: np.frombuffer(v, dtype=np.float32) for h, v in rows}


def save_embeddings(engine: Engine, forum: str, cache: dict, known: set[str]) -> int:
    """Store the vectors computed since loading; return how many."""
    new = [(h, v) for h, v in cache.items() if h not in known]
    if not new:
        return 0
    rows = [
        {"forum": forum, "content_hash": h, "vector": np.asarray(v, dtype=np.float32).tobytes()}
        for h, v in new
    ]
    with engine.begin() as conn:
        conn.execute(upsert_insert(engine, V).on_conflict_do_nothing(), rows)
    return len(new)
