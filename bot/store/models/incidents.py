"""Incidents: the incident, its timeline, and the status sources that opened it."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, Index, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from bot.clock import utcnow
from bot.store.models.forum import DEFAULT_FORUM


class Incident(SQLModel, table=True):
    """A service incident or maintenance: what it touches, where it stands, since when."""

    __tablename__ = "incident"
    __table_args__ = (Index("ix_incident_status", "forum", "status"),)

    id: int | None = Field(default=None, primary_key=True)
    forum: str = Field(default=DEFAULT_FORUM, max_length=64)
    kind: str = Field(default="incident", max_length=16)
    title: str = Field(max_length=500)
    services: str = Field(default="", max_length=500)
    status: str = Field(default="investigating", max_length=16)
    started_at: datetime = Field(default_factory=utcnow)
    resolved_at: datetime | None = None
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
    topic_id: int | None = None  # the incident's own topic in the status category
    banner: bool = False  # pinned as the site's banner


class IncidentUpdate(SQLModel, table=True):
    """One step of an incident's timeline; public ones are told in every linked thread."""

    __tablename__ = "incident_update"
    __table_args__ = (
        UniqueConstraint("forum", "incident_id", "source_key", name="uq_incident_update"),
    )

    id: int | None = Field(default=None, primary_key=True)
    forum: str = Field(default=DEFAULT_FORUM, max_length=64)
    incident_id: int = Field(index=True)
    at: datetime = Field(default_factory=utcnow)
    status: str = Field(max_length=16)
    message: str = Field(sa_column=Column(Text, nullable=False))
    public: bool = True
    source_key: str = Field(max_length=255)
    # COOPBOT_INCIDENT_REVIEW_RESOLUTION: a resolution's follow-ups wait for a volunteer
    held_at: datetime | None = None
    approved_by: str | None = Field(default=None, max_length=128)
    approved_at: datetime | None = None


class IncidentSource(SQLModel, table=True):
    """A status page incident, monitor or component, and the incident it opened."""

    __tablename__ = "incident_source"
    __table_args__ = (
        UniqueConstraint("forum", "system", "external_id", name="uq_incident_source"),
    )

    id: int | None = Field(default=None, primary_key=True)
    forum: str = Field(default=DEFAULT_FORUM, max_length=64)
    system: str = Field(max_length=32)
    external_id: str = Field(max_length=255)
    incident_id: int | None = None
    state: str = Field(max_length=16)  # what the source last said: down, up, open, resolved
    since: datetime = Field(default_factory=utcnow)
