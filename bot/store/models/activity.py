"""The digest's record of public forum life: topics, posts, new members.

Only public activity is kept; no text but titles, no e-mail address."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from bot.clock import utcnow
from bot.store.models.forum import DEFAULT_FORUM


class ActivityTopic(SQLModel, table=True):
    """A public topic: who opened it, where, how many posts, whether it was solved."""

    __tablename__ = "activity_topic"
    __table_args__ = (
        UniqueConstraint("forum", "topic_id", name="uq_activity_topic"),
        Index("ix_activity_topic_created", "forum", "created_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    forum: str = Field(default=DEFAULT_FORUM, max_length=64)
    topic_id: int
    title: str = Field(max_length=500)
    category_id: int | None = None
    category: str = Field(default="", max_length=255)
    support: bool = False
    author: str = Field(default="", max_length=255)
    created_at: datetime | None = None
    posts_count: int = 0
    solved: bool = False
    solved_at: datetime | None = None
    accepted_author: str = Field(default="", max_length=255)
    source: str = Field(default="events", max_length=16)
    updated_at: datetime = Field(default_factory=utcnow)


class ActivityPost(SQLModel, table=True):
    """A public post: its topic, its number, its author and its time; never its text."""

    __tablename__ = "activity_post"
    __table_args__ = (
        UniqueConstraint("forum", "post_id", name="uq_activity_post"),
        Index("ix_activity_post_created", "forum", "created_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    forum: str = Field(default=DEFAULT_FORUM, max_length=64)
    post_id: int
    topic_id: int
    post_number: int
    author: str = Field(default="", max_length=255)
    category_id: int | None = None
    created_at: datetime


class ActivityMember(SQLModel, table=True):
    """A member who joined the forum: username and date only; `opted_out` ones are not named."""

    __tablename__ = "activity_member"
    __table_args__ = (
        UniqueConstraint("forum", "username", name="uq_activity_member"),
        Index("ix_activity_member_joined", "forum", "joined_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    forum: str = Field(default=DEFAULT_FORUM, max_length=64)
    username: str = Field(max_length=255)
    user_id: int | None = None
    joined_at: datetime
    opted_out: bool = False
