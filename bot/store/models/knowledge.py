"""The knowledge base's tables: its entries, their cached vectors, decisions on them."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, LargeBinary, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from bot.clock import utcnow
from bot.store.models.forum import DEFAULT_FORUM


class KnowledgeEntry(SQLModel, table=True):
    """A knowledge-base entry: an article or a solved thread. The source of truth."""

    __tablename__ = "knowledge_entry"
    __table_args__ = (UniqueConstraint("forum", "entry_id", name="uq_knowledge_entry"),)

    id: int | None = Field(default=None, primary_key=True)
    forum: str = Field(default=DEFAULT_FORUM, max_length=64)
    entry_id: str = Field(max_length=128)
    kind: str = Field(default="article", max_length=16)
    source: str = Field(default="import", max_length=32)
    title: str = Field(max_length=500)
    body: str = Field(sa_column=Column(Text, nullable=False))
    services: str = Field(default="", max_length=500)
    url: str = Field(default="", max_length=1000)
    lang: str = Field(default="fr", max_length=8)
    topic_id: int | None = None
    content_hash: str = Field(max_length=64)
    updated_at: datetime = Field(default_factory=utcnow)


class EmbeddingVector(SQLModel, table=True):
    """A cached sentence vector, keyed by the hash of the text it encodes."""

    __tablename__ = "embedding_vector"

    forum: str = Field(default=DEFAULT_FORUM, primary_key=True, max_length=64)
    content_hash: str = Field(primary_key=True, max_length=64)
    vector: bytes = Field(sa_column=Column(LargeBinary, nullable=False))


class Feedback(SQLModel, table=True):
    """A decision on an entry for a question: accepted, approved, edited or rejected."""

    __tablename__ = "feedback"

    id: int | None = Field(default=None, primary_key=True)
    forum: str = Field(default=DEFAULT_FORUM, max_length=64)
    query_terms: str = Field(sa_column=Column(Text, nullable=False))
    entry_id: str = Field(max_length=128)
    outcome: str = Field(max_length=16)
    dedupe_key: str = Field(max_length=255, unique=True)
    created_at: datetime = Field(default_factory=utcnow)
