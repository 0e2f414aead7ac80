"""The triage page's accounts: local volunteers, login nonces, login throttles."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

from bot.clock import utcnow
from bot.store.models.forum import DEFAULT_FORUM


class Volunteer(SQLModel, table=True):
    """A local account of the triage page, used when DiscourseConnect is off."""

    __tablename__ = "volunteer"
    __table_args__ = (UniqueConstraint("forum", "username", name="uq_volunteer_username"),)

    id: int | None = Field(default=None, primary_key=True)
    forum: str = Field(default=DEFAULT_FORUM, max_length=64)
    username: str = Field(max_length=64)
    password_hash: str = Field(max_length=255)
    created_at: datetime = Field(default_factory=utcnow)


class LoginNonce(SQLModel, table=True):
    """A DiscourseConnect nonce: issued with the redirect, deleted when used or stale."""

    __tablename__ = "login_nonce"

    nonce: str = Field(primary_key=True, max_length=64)
    forum: str = Field(default=DEFAULT_FORUM, max_length=64)
    created_at: datetime = Field(default_factory=utcnow, index=True)


class LoginThrottle(SQLModel, table=True):
    """Login attempts counted per bucket (address or name) in a fixed window."""

    __tablename__ = "login_throttle"

    forum: str = Field(default=DEFAULT_FORUM, primary_key=True, max_length=64)
    bucket: str = Field(primary_key=True, max_length=255)
    window_start: datetime = Field(default_factory=utcnow)
    hits: int = 0
