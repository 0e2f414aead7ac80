"""The fake Discourse's records and the error it answers with."""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import UTC, datetime

NOT_FOUND = "The requested URL or resource could not be found."
BAD_CREDENTIALS = (
    "You are not permitted to view the requested resource. The API username or key is invalid."  # noqa: E501
)
NO_WHISPER = "Either whispers are not enabled or you do not have access to create whisper posts"
NOT_PERMITTED = "You are not permitted to view the requested resource."


class HttpError(Exception):
    """An error answer in Discourse's shape: `{"errors": [...], "error_type": ...}`, or the
    message alone as text/plain where Discourse renders plain text."""

    def __init__(
        self, status: int, message: str, error_type: str | None = None, *, plain=False, **extra
    ):
        super().__init__(message)
        self.status, self.plain = status, plain
        self.body = {"errors": [message], **({"error_type": error_type} if error_type else {})}
        self.body.update(extra)


class Redirect(Exception):
    """A redirect to `location`: 301 for a non-canonical path, 302 for a login's answer."""

    def __init__(self, location: str, status: int = 301) -> None:
        super().__init__(location)
        self.location, self.status = location, status


def not_found() -> HttpError:
    return HttpError(404, NOT_FOUND, "not_found")


@dataclass
class User:
    id: int
    username: str
    admin: bool = False
    moderator: bool = False
    name: str | None = None

    @property
    def staff(self) -> bool:
        return self.admin or self.moderator


@dataclass
class Category:
    id: int
    name: str
    slug: str
    read_restricted: bool = False
    parent_category_id: int | None = None


@dataclass
class Topic:
    id: int
    title: str
    category_id: int | None
    user_id: int
    created_at: str
    archetype: str = "regular"
    post_ids: list[int] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    closed: bool = False
    archived: bool = False
    deleted_at: str | None = None

    @property
    def slug(self) -> str:
        return slugify(self.title)


@dataclass
class Post:
    id: int
    topic_id: int
    post_number: int
    user_id: int
    raw: str
    post_type: int
    created_at: str
    reply_to_post_number: int | None = None
    version: int = 1
    updated_at: str | None = None
    likes: list[int] = field(default_factory=list)  # who liked it, by user id

    @property
    def cooked(self) -> str:
        return f"<p>{html.escape(self.raw)}</p>"


@dataclass(frozen=True)
class RecordedRequest:
    """One request as the fake received it; `params` merges query and body."""

    method: str
    path: str
    params: dict
    username: str | None


def to_int(value) -> int | None:
    """A form field as an integer, or None."""
    try:
        return int(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None


def now_iso() -> str:
    """Return the current UTC time as Discourse writes it."""
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def iso(value: str | datetime | None) -> str:
    """Normalise a seeded time to Discourse's format, defaulting to now."""
    if value is None:
        return now_iso()
    if isinstance(value, str):
        value = datetime.fromisoformat(value.replace("Z", "+00:00"))
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def slugify(title: str) -> str:
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_title.lower()).strip("-") or "topic"
