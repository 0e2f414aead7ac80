"""The search index derived from the database, kept per process and rebuilt when stale."""

from __future__ import annotations

import logging
import threading

import numpy as np
from sqlalchemy import Engine, select

from bot import kb
from bot.db import upsert_insert
from bot.models import EmbeddingVector
from knowledge.base import KnowledgeBase

log = logging.getLogger("coopbot.kb")
V = EmbeddingVector.__table__
_lock = threading.Lock()
_cache: dict[tuple, tuple[str, KnowledgeBase]] = {}


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
        {"content_hash": h, "vector": np.asarray(v, dtype=np.float32).tobytes()} for h, v in new
    ]
    with engine.begin() as conn:
        conn.execute(upsert_insert(engine, V).on_conflict_do_nothing(), rows)
    return len(new)


def build(engine: Engine, forum: str, semantic: bool = True) -> KnowledgeBase:
    """Build a fresh index from the stored entries, reusing cached vectors."""
    cache = load_embeddings(engine, forum) if semantic else {}
    known = set(cache)
    base = KnowledgeBase.build(kb.documents(engine, forum), cache, semantic=semantic)
    saved = save_embeddings(engine, forum, base.embedding_cache, known) if base.semantic else 0
    log.info("knowledge index: %d entries, %d newly encoded", len(base), saved)
    return base


def current(engine: Engine, forum: str, semantic: bool = True) -> KnowledgeBase:
    """This process's index, rebuilt when the knowledge base changed since it was built."""
    stamp = kb.version(engine, forum)
    key = (str(engine.url), forum, semantic)
    with _lock:
        cached = _cache.get(key)
        if cached is None or cached[0] != stamp:
            _cache[key] = (stamp, build(engine, forum, semantic))
        return _cache[key][1]
