"""Statuses of the queue tables, stored as their string values."""

from __future__ import annotations

from enum import StrEnum


class QueueStatus(StrEnum):
    """What every queue table's statuses share: pending and failed rows are due."""

    @classmethod
    def due(cls) -> tuple[QueueStatus, ...]:
        """The statuses a worker may claim."""
        return (cls.PENDING, cls.FAILED)

    @property
    def claimable(self) -> bool:
        """True while a worker may still take the row."""
        return self in self.due()


class InboxStatus(QueueStatus):
    """Where a received event stands."""

    PENDING = "pending"  # waiting for a worker
    DONE = "done"
    IGNORED = "ignored"  # recorded, not acted on: ping, private message, whisper ...
    FAILED = "failed"  # will be retried
    DEAD = "dead"  # gave up after the last attempt


class OutboxStatus(QueueStatus):
    """Where a post the bot makes stands."""

    PENDING = "pending"  # waiting for a worker
    SENT = "sent"
    ENQUEUED = "enqueued"  # posted, waiting for a moderator's approval
    FAILED = "failed"  # will be retried
    DEAD = "dead"  # refused by the forum, or gave up after the last attempt
    # never sent: a newer edit replaced an edit, an edit's post never existed, or a notice
    # was cancelled (outbox.cancel)
    SKIPPED = "skipped"
