"""The forum as the bot sees it: a small Protocol, its value types and its errors."""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum
from typing import Protocol


class ForumError(Exception):
    """Base of every error a forum client raises."""


class ForumUnavailable(ForumError):
    """The forum gave no usable answer (5xx, timeout, refused or dropped connection)."""


class ForumRateLimited(ForumError):
    """The forum answered 429; try again after `retry_after` seconds."""

    def __init__(self, retry_after: float, message: str = "rate limited") -> None:
        super().__init__(f"{message} (retry after {retry_after:g} s)")
        self.retry_after = retry_after


class ForumRejected(ForumError):
    """The forum refused the request (403, 404, 422 ...): retrying will not help."""

    def __init__(self, status: int, message: str = "", error_type: str | None = None) -> None:
        super().__init__(f"HTTP {status}: {message}" if message else f"HTTP {status}")
        self.status = status
        self.error_type = error_type


class PostType(IntEnum):
    """Discourse's `post_type` values."""

    REGULAR = 1
    MODERATOR_ACTION = 2
    SMALL_ACTION = 3
    WHISPER = 4


@dataclass(frozen=True, kw_only=True)
class PostResult:
    """What creating a post gave: ids, or nothing but `enqueued` when it awaits approval."""

    post_id: int | None
    topic_id: int | None
    post_number: int | None
    enqueued: bool = False


@dataclass(frozen=True, kw_only=True)
class ForumPost:
    """One post, with its Markdown source."""

    id: int
    topic_id: int
    post_number: int
    username: str
    raw: str
    cooked: str
    post_type: int
    created_at: str
    updated_at: str
    version: int
    reply_to_post_number: int | None = None
    user_id: int | None = None


@dataclass(frozen=True, kw_only=True)
class TopicSummary:
    """One row of a topic list; `user_id` and `username` name who opened the topic."""

    id: int
    title: str
    category_id: int | None
    created_at: str
    last_posted_at: str | None
    posts_count: int
    highest_post_number: int
    archetype: str
    bumped_at: str | None = None
    slug: str = ""
    user_id: int | None = None
    username: str = ""
    tags: tuple[str, ...] = ()


@dataclass(frozen=True, kw_only=True)
class Category:
    """A category; `read_restricted` ones are not public, nor are their subcategories."""

    id: int
    slug: str
    name: str
    read_restricted: bool
    parent_category_id: int | None = None


@dataclass(frozen=True, kw_only=True)
class ForumUser:
    """A forum account's roles and the names of the groups it belongs to."""

    username: str
    admin: bool = False
    moderator: bool = False
    groups: tuple[str, ...] = ()


@dataclass(frozen=True, kw_only=True)
class TopicState:
    """Whether a topic still takes replies: closed, archived and deleted ones do not."""

    id: int
    closed: bool
    deleted: bool
    archived: bool
    category_id: int | None

    @property
    def open(self) -> bool:
        """True while members can reply."""
        return not (self.closed or self.deleted or self.archived)


class ForumClient(Protocol):
    """Every forum call the bot makes; each raises only ForumError subclasses."""

    def create_post(
        self,
        topic_id: int,
        raw: str,
        *,
        reply_to_post_number: int | None = None,
        whisper: bool = False,
    ) -> PostResult:
        """Post `raw` in a topic, as a whisper when asked."""
        ...

    def create_topic(self, title: str, raw: str, *, category_id: int) -> PostResult:
        """Open a topic in a category."""
        ...

    def edit_post(self, post_id: int, raw: str) -> None:
        """Replace a post's text (the bot edits its own whispers)."""
        ...

    def topic_posts(self, topic_id: int) -> list[ForumPost]:
        """Return every post of a topic visible to the bot, in order, raw included."""
        ...

    def topic(self, topic_id: int) -> TopicState:
        """Return whether a topic is closed, archived or deleted, and its category."""
        ...

    def user(self, username: str) -> ForumUser:
        """Return a user's roles and groups."""
        ...

    def get_post(self, post_id: int) -> ForumPost:
        """Return one post."""
        ...

    def latest_topics(self, *, page: int = 0) -> list[TopicSummary]:
        """Return a page of topics, newest created first."""
        ...

    def category_topics(self, slug: str, *, page: int = 0) -> list[TopicSummary]:
        """Return a page of a category's topics, its subcategories' included.

        `slug` is a top-level slug, a slug path (`parent/child`) or an id, as in Discourse's
        /c/ URLs: a subcategory's bare slug is not found.
        """
        ...

    def categories(self) -> list[Category]:
        """Return every category the bot can see, subcategories included."""
        ...

    def accept_solution(self, post_id: int) -> None:
        """Mark a post as its topic's solution."""
        ...

    def about(self) -> dict:
        """Return the site's basic information; a cheap check of URL and credentials."""
        ...

    def make_banner(self, topic_id: int) -> None:
        """Pin a topic as the site's banner (it replaces any other; staff only)."""
        ...

    def remove_banner(self, topic_id: int) -> None:
        """Unpin a topic from the banner."""
        ...
