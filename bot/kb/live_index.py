"""The search index derived from the database, kept per process and rebuilt when stale."""

from __future__ import annotations

import logging
import threading

from sqlalchemy import Engine

from bot.kb import calibration_store, entries
from bot.kb.embeddings import load_embeddings, save_embeddings
from bot.kb.options import IndexOptions
from knowledge.base import KnowledgeBase
from knowledge.documents import Document
from knowledge.errors import KnowledgeFormatError
from knowledge.synonyms import synonyms_version

log = logging.getLogger("coopbot.kb")
DEFAULT = IndexOptions()
_lock = threading.Lock()
# key -> [(entries version, synonyms version), index, {entry id: content hash}]
_cache: dict[tuple, list] = {}


def build(
    engine: Engine,
    forum: str,
    options: IndexOptions = DEFAULT,
    documents=None,
    on_progress=None,
    on_calibrating=None,
) -> KnowledgeBase:
    """Build a fresh index from the stored entries, reusing cached vectors and calibration."""
    documents = entries.documents(engine, forum) if documents is None else documents
    cache = load_embeddings(engine, forum) if options.semantic else {}
    known = set(cache)
    key = calibration_store.fingerprint(documents, options)
    fitted = calibration_store.load(engine, forum, key)
    base = KnowledgeBase.build(
        documents,
        cache,
        options.semantic,
        options.synonyms_file or None,
        on_progress=on_progress,
        anchor_style=options.anchor_style,
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
    options: IndexOptions = DEFAULT,
) -> None:
    """Apply what changed in the database to a live index: far cheaper than a rebuild.

    indexed: the documents the index holds, by id; an entry whose url or services alone
    changed is replaced too (its vector comes from the cache). options: as the index was
    built with."""
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


def current(engine: Engine, forum: str, options: IndexOptions = DEFAULT) -> KnowledgeBase:
    """This process's index, brought up to date when the knowledge base changed.

    An edited synonym file rebuilds it (every term may change); a broken one is logged and
    the index built with the previous version is kept."""
    key = (str(engine.url), forum, options)
    with _lock:
        cached = _cache.get(key)
        stamp = (entries.version(engine, forum), _synonyms_stamp(options.synonyms_file, cached))
        if cached is None or cached[0][1] != stamp[1]:
            cached = _rebuilt(engine, forum, options, cached, stamp)
            _cache[key] = cached
        elif cached[0] != stamp:
            refresh(engine, forum, cached[1], cached[2], options)
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


def _rebuilt(engine, forum, options: IndexOptions, cached, stamp) -> list:
    """Build the index anew; keep the previous one if the synonym file is broken."""
    documents = entries.documents(engine, forum)
    try:
        base = build(engine, forum, options, documents)
    except KnowledgeFormatError as error:
        if cached is None:
            raise
        log.error("synonym file rejected, keeping the previous synonyms: %s", error)
        cached[0] = (cached[0][0], stamp[1])  # say it once, not at every question
        return cached
    return [stamp, base, {d.id: d for d in documents}]
