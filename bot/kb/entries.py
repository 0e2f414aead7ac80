"""The knowledge base in the database: the source of truth the search index derives from."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import Connection, Engine, delete, select, update

from bot.clock import utcnow
from bot.kb.rows import EntryRow, split_services, to_document
from bot.store import state
from bot.store.models.knowledge import KnowledgeEntry
from knowledge.documents import Document, id_key

T = KnowledgeEntry.__table__
VERSION_KEY = "kb.version"
IMPORTED = "import"  # the source of entries from `coopbot kb import`
# What an entry is made of (its text through content_hash): a new url or services alone is a
# change too, or a moved documentation site would keep its old links.
COMPARED = ("content_hash", "title", "url", "services", "kind", "lang")


@dataclass
class ImportReport:
    """What an import changed, entry ids by outcome."""

    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)

    def summary(self) -> str:
        """One line for people."""
        return (
            f"{len(self.added)} added, {len(self.changed)} changed, "
            f"{len(self.unchanged)} unchanged, {len(self.removed)} removed"
        )


def _values(forum: str, document: Document, source: str, topic_id: int | None) -> dict:
    return {
        "forum": forum,
        "entry_id": document.id,
        "kind": document.kind,
        "source": source,
        "title": document.title[:500],
        "body": document.body,
        "services": ",".join(document.services),
        "url": document.url,
        "lang": document.lang,
        "topic_id": topic_id,
        "content_hash": document.content_hash,
        "updated_at": utcnow(),
    }


def upsert(
    conn: Connection,
    forum: str,
    documents: list[Document],
    *,
    source: str = IMPORTED,
    prune: bool = False,
    topic_id: int | None = None,
) -> ImportReport:
    """Insert or update entries by id, with prune drop the source's others, bump the version.

    Everything happens in the caller's transaction: an index never sees half an import."""
    report = ImportReport()
    query = select(T.c.entry_id, T.c.source, *(T.c[k] for k in COMPARED)).where(T.c.forum == forum)
    existing = {r.entry_id: r for r in conn.execute(query)}
    for document in documents:
        values = _values(forum, document, source, topic_id)
        old = existing.get(document.id)
        if old is None:
            conn.execute(T.insert().values(**values))
            report.added.append(document.id)
        elif any(getattr(old, k) != values[k] for k in COMPARED):
            where = (T.c.forum == forum) & (T.c.entry_id == document.id)
            conn.execute(update(T).where(where).values(**values))
            report.changed.append(document.id)
        else:
            report.unchanged.append(document.id)
    if prune:
        keep = {d.id for d in documents}
        gone = [i for i, r in existing.items() if r.source == source and i not in keep]
        conn.execute(delete(T).where(T.c.forum == forum, T.c.entry_id.in_(gone)))
        report.removed.extend(gone)
    if report.added or report.changed or report.removed:
        bump_version(conn, forum)
    return report


def look_alikes(
    conn: Connection, forum: str, documents: list[Document], *, prune: bool = False
) -> list[tuple[str, str, str]]:
    """Return (new id, stored id, its source) of the new ids that read like an entry
    stored under another id and kept by this import (upsert with the source IMPORTED)."""
    new = {id_key(d.id): d.id for d in documents}
    kept = {d.id for d in documents}
    query = select(T.c.entry_id, T.c.source).where(T.c.forum == forum)
    return [
        (new[key], row.entry_id, row.source)
        for row in conn.execute(query)
        if (key := id_key(row.entry_id)) in new
        and new[key] != row.entry_id
        and row.entry_id not in kept
        and not (prune and row.source == IMPORTED)  # pruned: the new id replaces it
    ]


def remove(conn: Connection, forum: str, entry_ids: list[str]) -> int:
    """Delete entries by id and bump the version, in the caller's transaction; return how many."""
    where = (T.c.forum == forum) & T.c.entry_id.in_(entry_ids)
    count = conn.execute(delete(T).where(where)).rowcount
    if count:
        bump_version(conn, forum)
    return count


def documents(engine: Engine, forum: str) -> list[Document]:
    """Every entry of a forum, as the search library sees it."""
    with engine.connect() as conn:
        rows = conn.execute(select(T).where(T.c.forum == forum).order_by(T.c.entry_id))
        return [to_document(r) for r in rows.mappings()]


def entries(engine: Engine, forum: str, entry_id: str | None = None) -> list[EntryRow]:
    """Stored rows (one, when an id is given), by id."""
    query = select(T).where(T.c.forum == forum).order_by(T.c.entry_id)
    if entry_id is not None:
        query = query.where(T.c.entry_id == entry_id)
    with engine.connect() as conn:
        return [EntryRow.from_mapping(r) for r in conn.execute(query).mappings()]


def services(engine: Engine, forum: str, entry_ids: list[str]) -> dict[str, tuple[str, ...]]:
    """The services of some entries, by entry id."""
    query = select(T.c.entry_id, T.c.services).where(
        T.c.forum == forum, T.c.entry_id.in_(entry_ids)
    )
    with engine.connect() as conn:
        return {entry_id: split_services(stored) for entry_id, stored in conn.execute(query)}


def bump_version(conn: Connection, forum: str) -> None:
    """Tell every process that its index is stale (once the transaction commits)."""
    state.put(conn, forum, VERSION_KEY, utcnow().isoformat())


def version(engine: Engine, forum: str) -> str:
    """The knowledge base's current version stamp."""
    found = state.get(engine, forum, VERSION_KEY)
    return found[0] if found else ""
