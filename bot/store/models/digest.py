"""The digest's other records (incidents, tickets, weeks, coop events) and its weekly runs."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from bot.clock import utcnow
from bot.store.models.forum import DEFAULT_FORUM


class ActivityIncident(SQLModel, table=True):
    """A service incident, from its start to its resolution."""

    __tablename__ = "activity_incident"
    __table_args__ = (
        UniqueConstraint("forum", "source_key", "started_at", name="uq_activity_incident"),
    )

    id: int | None = Field(default=None, primary_key=True)
    forum: str = Field(default=DEFAULT_FORUM, max_length=64)
    source_key: str = Field(max_length=255)  # system:external id, or import:id
    title: str = Field(max_length=500)
    services: str = Field(default="", max_length=500)
    started_at: datetime
    resolved_at: datetime | None = None
    url: str = Field(default="", max_length=1000)
    updated_at: datetime = Field(default_factory=utcnow)


class ActivityTicket(SQLModel, table=True):
    """When a ticket was opened and closed; nothing of its content."""

    __tablename__ = "activity_ticket"
    __table_args__ = (UniqueConstraint("forum", "system", "ticket_id", name="uq_activity_ticket"),)

    id: int | None = Field(default=None, primary_key=True)
    forum: str = Field(default=DEFAULT_FORUM, max_length=64)
    system: str = Field(max_length=32)
    ticket_id: int
    opened_at: datetime | None = None
    closed_at: datetime | None = None


class ActivityWeek(SQLModel, table=True):
    """What an imported week states as a whole: its moment, its forum, its ticket figures."""

    __tablename__ = "activity_week"

    forum: str = Field(default=DEFAULT_FORUM, primary_key=True, max_length=64)
    week: str = Field(primary_key=True, max_length=8)
    as_of: datetime | None = None
    forum_url: str = Field(default="", max_length=1000)
    tickets_opened: int | None = None
    tickets_closed: int | None = None
    tickets_open: int | None = None


class CoopEventRecord(SQLModel, table=True):
    """A date of coop life: general assembly, vote, maintenance window."""

    __tablename__ = "coop_event"
    __table_args__ = (UniqueConstraint("forum", "uid", name="uq_coop_event"),)

    id: int | None = Field(default=None, primary_key=True)
    forum: str = Field(default=DEFAULT_FORUM, max_length=64)
    uid: str = Field(max_length=255)
    kind: str = Field(max_length=32)
    title: str = Field(max_length=500)
    starts_at: datetime
    ends_at: datetime | None = None
    location: str = Field(default="", max_length=500)
    topic_id: int | None = None
    voters: int | None = None
    eligible: int | None = None


class DigestRun(SQLModel, table=True):
    """The one digest of a (forum, ISO week): its unique row decides who posts it."""

    __tablename__ = "digest_run"
    __table_args__ = (UniqueConstraint("forum", "week", name="uq_digest_run"),)

    id: int | None = Field(default=None, primary_key=True)
    forum: str = Field(default=DEFAULT_FORUM, max_length=64)
    week: str = Field(max_length=8)
    status: str = Field(max_length=16)
    title: str = Field(default="", max_length=255)
    raw: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    outbox_id: int | None = None
    decided_by: str | None = Field(default=None, max_length=255)
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
