"""The search index derived from the database, kept per process and rebuilt when stale."""

from __future__ import annotations

import logging
import threading

from sqlalchemy import Engine

from bot.kb import calibration_store, entries
from bot.kb.embeddings import load_embeddings, save_embeddings
from knowledge.base import KnowledgeBase
from knowledge.documents import Document
from knowledge.errors import KnowledgeFormatError
from knowledge.synonyms import synonyms_version

log = logging.getLogger("coopbot.kb")
_lock = threading.Lock()
# key -> [(entries version, synonyms version), index, {entry id: content hash}]
_cache: dict[tuple, list] = {}


def build(
    engine: Engine,
    forum: str,
    semantic: bool = True,
    documents=None,
    on_progress=None,
    synonyms_file: str = "",
    anchor_style: str = "github",
    on_calibrating=None,
) -> KnowledgeBase:
    """Build a fresh index from the stored entries, reusing cached vectors.

    synonyms_file: the coop's synonym file (COOPBOT_SYNONYMS_FILE); empty: the default."""
    documents = entries.documents(engine, forum) if documents is None else documents
    cache = load_embeddings(engine, forum) if semantic else {}
    known = set(cache)
    key = calibration_store.fingerprint(documents, (semantic, anchor_style), synonyms_file)
    fitted = calibration_store.load(engine, forum, key)
    base = KnowledgeBase.build(
        documents,
        cache,
        semantic,
        synonyms_file or None,
        on_progress=on_progress,
        anchor_style=anchor_style,
        on_calibrating=on_calibrating,
        fitted=fitted,
    )
    if fitted is None and base.stats().calibration is not None:
        calibration_store.save(engine, forum, key, base.stats().calibration)
    saved = save_embeddings(engine, forum, base.embedding_cache, known) if base.semantic else 0
    log.info("knowledge index: %d entries, %d newly encoded", len(base), saved)
    return base


def refresh(
    engine: Engine,
    forum: str,
    base: KnowledgeBase,
    indexed: dict[str, Document],
    options: tuple[bool, str, str] = (True, "", "github"),
) -> None:
    """Apply what changed in the database to a live index: far cheaper than a rebuild.

    indexed: the documents the index holds, by id; an entry whose url or services alone
    changed is replaced too (its vector comes from the cache). options: semantic, the
    synonym file and the anchor style, as the index was built with."""
    documents = {d.id: d for d in entries.documents(engine, forum)}
    gone = [entry_id for entry_id in indexed if entry_id not in documents]
    changed = [d for d in documents.values() if indexed.get(d.id) != d]
    known = set(base.embedding_cache)
    base.remove(gone)
    base.add(changed)
    if base.semantic:
        save_embeddings(engine, forum, base.embedding_cache, known)
    articles = [d for d in (*changed, *(indexed[i] for i in gone)) if d.kind == "article"]
    indexed.clear()
    indexed.update(documents)
    log.info("knowledge index: %d changed, %d removed", len(changed), len(gone))
    if articles:
        calibration_store.follow(engine, forum, base, list(documents.values()), options)


def current(
    engine: Engine,
    forum: str,
    semantic: bool = True,
    synonyms_file: str = "",
    anchor_style: str = "github",
) -> KnowledgeBase:
    """This process's index, brought up to date when the knowledge base changed.

    An edited synonym file rebuilds it (every term may change); a broken one is logged and
    the index built with the previous version is kept."""
    key = (str(engine.url), forum, semantic, synonyms_file, anchor_style)
    with _lock:
        cached = _cache.get(key)
        stamp = (entries.version(engine, forum), _synonyms_stamp(synonyms_file, cached))
        if cached is None or cached[0][1] != stamp[1]:
            cached = _rebuilt(engine, forum, semantic, (synonyms_file, anchor_style), cached, stamp)
            _cache[key] = cached
        elif cached[0] != stamp:
            refresh(engine, forum, cached[1], cached[2], (semantic, synonyms_file, anchor_style))
            cached[0] = stamp
        return cached[1]


def _synonyms_stamp(synonyms_file: str, cached: list | None) -> tuple:
    """Return the synonym file's version; the cached one if the file cannot be read now."""
    try:
        return synonyms_version(synonyms_file or None)
    except OSError as error:
        if cached is None:
            raise
        log.error("synonym file unreadable, keeping the index as it is: %s", error)
        return cached[0][1]


def _rebuilt(engine, forum, semantic, options: tuple[str, str], cached, stamp) -> list:
    """Build the index anew; keep the previous one if the synonym file is broken.

    options: the synonym file and the anchor style."""
    documents = entries.documents(engine, forum)
    synonyms_file, anchor_style = options
    try:
        base = build(
            engine,
            forum,
            semantic,
            documents,
            synonyms_file=synonyms_file,
            anchor_style=anchor_style,
        )
    except KnowledgeFormatError as error:
        if cached is None:
            raise
        log.error("synonym file rejected, keeping the previous synonyms: %s", error)
        cached[0] = (cached[0][0], stamp[1])  # say it once, not at every question
        return cached
    return [stamp, base, {d.id: d for d in documents}]
