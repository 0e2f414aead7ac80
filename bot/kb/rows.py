"""A stored knowledge entry as a typed row, and as the search library reads it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from knowledge.documents import Document


@dataclass(frozen=True, kw_only=True)
class EntryRow:
    """One knowledge entry as the database holds it."""

    id: int
    forum: str
    entry_id: str
    kind: str
    source: str
    title: str
    body: str
    services: tuple[str, ...]
    url: str
    lang: str
    topic_id: int | None
    content_hash: str
    updated_at: datetime

    @classmethod
    def from_mapping(cls, row) -> EntryRow:
        """Read a row of the knowledge_entry table."""
        return cls(**{**row, "services": split_services(row["services"])})


def split_services(stored: str) -> tuple[str, ...]:
    """Read the services column, stored comma-separated."""
    return tuple(s for s in stored.split(",") if s)


def to_document(row) -> Document:
    """A row of the knowledge_entry table as the search library sees it.

    Straight from the row: a whole base is read at every rebuild, and a typed row first
    would triple the cost."""
    services = split_services(row["services"])
    return Document(
        row["entry_id"], row["title"], row["body"], services, row["url"], row["lang"], row["kind"]
    )
