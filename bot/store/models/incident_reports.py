"""Members' reports of an incident: the report, its link, the notices it got."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, Index, LargeBinary, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from bot.clock import utcnow
from bot.store.models.forum import DEFAULT_FORUM


class IncidentReport(SQLModel, table=True):
    """A member's topic or ticket as linking reads it: terms and vector, never its text."""

    __tablename__ = "incident_report"
    __table_args__ = (
        UniqueConstraint("forum", "kind", "system", "report_id", name="uq_incident_report"),
        Index("ix_incident_report_created", "forum", "created_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    forum: str = Field(default=DEFAULT_FORUM, max_length=64)
    kind: str = Field(max_length=16)  # topic or ticket
    system: str = Field(max_length=16)  # discourse, zammad, gitlab
    report_id: int
    number: str = Field(default="", max_length=64)
    title: str = Field(default="", max_length=500)  # public topics only
    url: str = Field(default="", max_length=1000)
    created_at: datetime = Field(default_factory=utcnow)
    lang: str = Field(default="fr", max_length=8)
    terms: str = Field(sa_column=Column(Text, nullable=False))
    vector: bytes | None = Field(default=None, sa_column=Column(LargeBinary, nullable=True))
    services: str = Field(default="", max_length=500)
    symptoms: str = Field(default="", max_length=1000)


class IncidentLink(SQLModel, table=True):
    """A report linked to an incident: automatically, proposed, accepted or unlinked."""

    __tablename__ = "incident_link"
    __table_args__ = (UniqueConstraint("forum", "incident_id", "report", name="uq_incident_link"),)

    id: int | None = Field(default=None, primary_key=True)
    forum: str = Field(default=DEFAULT_FORUM, max_length=64)
    incident_id: int = Field(index=True)
    report: int = Field(index=True)  # incident_report.id
    state: str = Field(max_length=16)
    score: float = 0.0
    scores: str = Field(default="{}", sa_column=Column(Text, nullable=False))
    decided_by: str | None = Field(default=None, max_length=64)
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
    still_failing_at: datetime | None = None  # a member said it still fails after the fix
    still_failing_post: int | None = None


class IncidentNotice(SQLModel, table=True):
    """Every notice and follow-up a linked report got: once each, whatever replays."""

    __tablename__ = "incident_notice"
    __table_args__ = (UniqueConstraint("forum", "link", "purpose", name="uq_incident_notice"),)

    id: int | None = Field(default=None, primary_key=True)
    forum: str = Field(default=DEFAULT_FORUM, max_length=64)
    link: int = Field(index=True)  # incident_link.id
    purpose: str = Field(max_length=64)  # notice, update:ID, resolved
    outbox_id: int | None = None  # a thread's post
    created_at: datetime = Field(default_factory=utcnow)
