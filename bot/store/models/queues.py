"""The inbox and outbox queues, and the small named state of their processes."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, Index, LargeBinary, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from bot.clock import utcnow
from bot.store.models.forum import DEFAULT_FORUM
from bot.store.status import InboxStatus, OutboxStatus


class InboxEvent(SQLModel, table=True):
    """One delivery received from a sender, normalized, waiting for the worker."""

    __tablename__ = "inbox_event"
    __table_args__ = (
        UniqueConstraint("forum", "source", "delivery_id", name="uq_inbox_delivery"),
        UniqueConstraint("forum", "source", "semantic_key", name="uq_inbox_semantic"),
        Index("ix_inbox_claim", "status", "next_attempt_at"),
        # health's oldest pending event and the retention prune, without scanning the inbox
        Index("ix_inbox_status_received", "status", "received_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    forum: str = Field(default=DEFAULT_FORUM, max_length=64)
    source: str = Field(max_length=32)
    kind: str = Field(max_length=64)
    delivery_id: str | None = Field(default=None, max_length=128)
    semantic_key: str = Field(max_length=255)
    event: str = Field(sa_column=Column(Text, nullable=False))
    raw_body: bytes | None = Field(default=None, sa_column=Column(LargeBinary, nullable=True))
    status: str = Field(default=InboxStatus.PENDING, max_length=16)
    ignored_reason: str | None = Field(default=None, max_length=255)
    attempts: int = 0
    received_at: datetime = Field(default_factory=utcnow)
    next_attempt_at: datetime = Field(default_factory=utcnow)
    done_at: datetime | None = None
    last_error: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    unavailable_since: datetime | None = None  # the forum has not answered its tries since then
    claimed_by: str | None = Field(default=None, max_length=128)  # host:pid of its last worker


class OutboxPost(SQLModel, table=True):
    """One post the bot makes: queued, sent once, retried, or failed with a reason."""

    __tablename__ = "outbox_post"
    __table_args__ = (
        UniqueConstraint("forum", "dedupe_key", name="uq_outbox_dedupe"),
        Index("ix_outbox_claim", "status", "next_attempt_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    forum: str = Field(default=DEFAULT_FORUM, max_length=64)
    dedupe_key: str = Field(max_length=255)
    purpose: str = Field(max_length=32)
    topic_id: int | None = None
    reply_to_post_number: int | None = None
    category_id: int | None = None
    title: str | None = Field(default=None, max_length=255)
    raw: str = Field(sa_column=Column(Text, nullable=False))
    whisper: bool = False
    status: str = Field(default=OutboxStatus.PENDING, max_length=16)
    attempts: int = 0
    created_at: datetime = Field(default_factory=utcnow)
    next_attempt_at: datetime = Field(default_factory=utcnow)
    sent_at: datetime | None = None
    post_id: int | None = None
    post_number: int | None = None
    last_error: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    unavailable_since: datetime | None = None  # the forum has not answered its tries since then
    claimed_by: str | None = Field(default=None, max_length=128)  # host:pid of its last worker
    target_outbox_id: int | None = None  # an edit: the outbox row whose post it rewrites


class KeyValue(SQLModel, table=True):
    """Small named state: reconciliation high-water marks, worker heartbeats."""

    __tablename__ = "key_value"

    forum: str = Field(default=DEFAULT_FORUM, primary_key=True, max_length=64)
    key: str = Field(primary_key=True, max_length=128)
    value: str = Field(sa_column=Column(Text, nullable=False))
    updated_at: datetime = Field(default_factory=utcnow)
