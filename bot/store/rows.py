"""Rows of the queue tables as frozen values, read once from the database."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from bot.store.status import InboxStatus, OutboxStatus


@dataclass(frozen=True, kw_only=True)
class InboxRow:
    """One received event, as the inbox_event table holds it."""

    id: int
    forum: str
    source: str
    kind: str
    delivery_id: str | None
    semantic_key: str
    event: str  # the normalized event, JSON
    raw_body: bytes | None
    status: InboxStatus
    ignored_reason: str | None
    attempts: int
    received_at: datetime
    next_attempt_at: datetime
    done_at: datetime | None
    last_error: str | None
    unavailable_since: datetime | None  # the forum has not answered its tries since then
    claimed_by: str | None  # host:pid of the worker that claimed it last

    @classmethod
    def of(cls, row: Mapping) -> InboxRow:
        """Read a row of inbox_event."""
        return cls(**{**row, "status": InboxStatus(row["status"])})


@dataclass(frozen=True, kw_only=True)
class OutboxRow:
    """One post the bot makes, as the outbox_post table holds it."""

    id: int
    forum: str
    dedupe_key: str
    purpose: str
    topic_id: int | None  # None: the post opens a new topic
    reply_to_post_number: int | None
    category_id: int | None
    title: str | None
    raw: str
    whisper: bool
    status: OutboxStatus
    attempts: int
    created_at: datetime
    next_attempt_at: datetime
    sent_at: datetime | None
    post_id: int | None
    post_number: int | None
    last_error: str | None
    unavailable_since: datetime | None
    claimed_by: str | None
    target_outbox_id: int | None = None  # an edit: the row whose post it rewrites

    @classmethod
    def of(cls, row: Mapping) -> OutboxRow:
        """Read a row of outbox_post."""
        return cls(**{**row, "status": OutboxStatus(row["status"])})
