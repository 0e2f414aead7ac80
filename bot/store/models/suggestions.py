"""Suggested answers and the audit log of volunteers' decisions on them."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, Index, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from bot.clock import utcnow
from bot.store.models.forum import DEFAULT_FORUM


class Suggestion(SQLModel, table=True):
    """Knowledge-base answers proposed for a new support topic, and the decision on them."""

    __tablename__ = "suggestion"
    __table_args__ = (
        UniqueConstraint("forum", "topic_id", name="uq_suggestion_topic"),
        # the volunteers' queue: pending ones, oldest first
        Index("ix_suggestion_queue", "forum", "status", "created_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    forum: str = Field(default=DEFAULT_FORUM, max_length=64)
    topic_id: int
    post_id: int
    title: str = Field(max_length=500)
    status: str = Field(default="pending", max_length=16)
    lang: str = Field(default="fr", max_length=8)
    query_terms: str = Field(sa_column=Column(Text, nullable=False))
    hits: str = Field(sa_column=Column(Text, nullable=False))
    draft: str = Field(sa_column=Column(Text, nullable=False))
    best_score: float = 0.0
    threshold: float = 0.0
    created_at: datetime = Field(default_factory=utcnow)
    username: str = Field(default="", max_length=64)  # who asked: the reply greets them
    category_id: int | None = None
    services: str = Field(default="", max_length=500)  # comma-separated, of the drafted entries
    decided_by: str | None = Field(default=None, max_length=64)
    decided_at: datetime | None = None
    decision_source: str | None = Field(default=None, max_length=16)
    reason: str | None = Field(default=None, max_length=32)
    # the entry ids the approved reply links, comma-separated
    published: str = Field(default="", max_length=1000)
    whisper_outbox_id: int | None = None
    reply_outbox_id: int | None = None


class AuditLine(SQLModel, table=True):
    """One decision on a suggestion: who, what, when, from where. No whisper text, no e-mail."""

    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_forum_at", "forum", "at"),)

    id: int | None = Field(default=None, primary_key=True)
    forum: str = Field(default=DEFAULT_FORUM, max_length=64)
    at: datetime = Field(default_factory=utcnow)
    actor: str = Field(max_length=64)
    source: str = Field(max_length=16)
    action: str = Field(max_length=32)
    suggestion_id: int | None = None
    detail: str = Field(sa_column=Column(Text, nullable=False))  # JSON
