"""The memory forum's data: users, categories, topics and posts, seeded without validation."""

from __future__ import annotations

import html
import itertools
import re
import threading
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field

from bot.clock import parse_time, utcnow
from bot.forum.client import Category, ForumPost, ForumRejected, ForumUser, PostType

ROLE_GROUPS = {  # Discourse's automatic groups for roles
    "admins": lambda u: u.admin,
    "moderators": lambda u: u.moderator,
    "staff": lambda u: u.admin or u.moderator,
}


@dataclass
class TopicRecord:
    """A topic as the memory forum keeps it: its posts by id, and its status."""

    id: int
    title: str
    category_id: int | None
    created_at: str
    archetype: str
    tags: tuple[str, ...] = ()
    post_ids: list[int] = field(default_factory=list)
    closed: bool = False
    archived: bool = False
    deleted: bool = False


@dataclass
class _User:
    """A forum account: its roles and seeded groups."""

    id: int
    username: str
    admin: bool = False
    moderator: bool = False
    groups: list[str] = field(default_factory=list)

    def as_forum_user(self) -> ForumUser:
        roles = [name for name, holds in ROLE_GROUPS.items() if holds(self)]
        return ForumUser(
            username=self.username,
            admin=self.admin,
            moderator=self.moderator,
            groups=tuple(roles + self.groups),
        )


class MemoryData:
    """What a memory forum holds, behind one re-entrant lock; `username` is the bot."""

    def __init__(self, username: str) -> None:
        self.username = username
        self._lock = threading.RLock()
        self._topics: dict[int, TopicRecord] = {}
        self._posts: dict[int, ForumPost] = {}
        self._categories = {
            1: Category(id=1, slug="uncategorized", name="Uncategorized", read_restricted=False)
        }
        self._users: dict[str, _User] = {}  # by lower-case username, as Discourse finds them
        self._next_topic, self._next_post = itertools.count(1), itertools.count(1)
        self._next_category, self._next_user = itertools.count(2), itertools.count(1)
        # the bot acts as an admin, as the fake Discourse's API user does
        self.add_user(username, admin=True)

    def add_user(
        self,
        username: str,
        *,
        admin: bool = False,
        moderator: bool = False,
        groups: tuple[str, ...] = (),
    ) -> int:
        """Seed a user, or give an existing one these roles and groups too; return its id."""
        with self._lock:
            user = self._user(username)
            user.admin, user.moderator = admin, moderator
            user.groups += [g for g in groups if g not in user.groups]
            return user.id

    def add_category(
        self,
        name: str,
        *,
        slug: str | None = None,
        read_restricted: bool = False,
        parent_category_id: int | None = None,
    ) -> int:
        """Seed a category (a subcategory with a parent id); return its id."""
        with self._lock:
            category_id = _fresh(self._next_category, self._categories)
            self._categories[category_id] = Category(
                id=category_id,
                slug=slug or slugify(name),
                name=name,
                read_restricted=read_restricted,
                parent_category_id=parent_category_id,
            )
            return category_id

    def add_topic(
        self,
        title: str,
        raw: str = "First post of a seeded topic.",
        *,
        category_id: int | None = 1,
        username: str = "alice",
        created_at: str | None = None,
        archetype: str = "regular",
        tags: tuple[str, ...] = (),
    ) -> int:
        """Seed a topic with its first post, skipping validations; return the topic id."""
        with self._lock:
            topic_id = _fresh(self._next_topic, self._topics)
            self._topics[topic_id] = TopicRecord(
                topic_id, title, category_id, iso(created_at), archetype, tuple(tags)
            )
            self.add_post(topic_id, raw, username=username, created_at=created_at)
            return topic_id

    def add_post(
        self,
        topic_id: int,
        raw: str,
        *,
        username: str = "alice",
        post_type: int = PostType.REGULAR,
        reply_to_post_number: int | None = None,
        created_at: str | None = None,
    ) -> int:
        """Seed a post, skipping validations; return its id."""
        with self._lock:
            topic, stamp = self._topic(topic_id), iso(created_at)
            numbers = [self._posts[i].post_number for i in topic.post_ids]
            post = ForumPost(
                id=_fresh(self._next_post, self._posts),
                topic_id=topic_id,
                post_number=max(numbers, default=0) + 1,
                username=username,
                raw=raw,
                cooked=cook(raw),
                post_type=int(post_type),
                created_at=stamp,
                updated_at=stamp,
                version=1,
                reply_to_post_number=reply_to_post_number,
                user_id=self._user(username).id,
            )
            self._posts[post.id] = post
            topic.post_ids.append(post.id)
            return post.id

    def learn_category(self, category: Category) -> bool:
        """Add a category a delivery showed, unless one with its id is known; True when new."""
        with self._lock:
            return self._categories.setdefault(category.id, category) is category

    def learn_post(self, post: ForumPost, *, title: str, category_id: int | None) -> None:
        """Add (or update) a post a delivery showed, and its topic when unknown; its author
        is then a user seen posting."""
        with self._lock:
            topic = self._topics.setdefault(
                post.topic_id,
                TopicRecord(post.topic_id, title, category_id, post.created_at, "regular"),
            )
            self._user(post.username)
            self._posts[post.id] = post
            if post.id not in topic.post_ids:
                topic.post_ids.append(post.id)
                topic.post_ids.sort(key=lambda i: self._posts[i].post_number)

    def close_topic(self, topic_id: int, closed: bool = True) -> None:
        """Close a topic (or open it again): only staff may reply."""
        with self._lock:
            self._topic(topic_id).closed = closed

    def archive_topic(self, topic_id: int, archived: bool = True) -> None:
        """Archive a topic (or unarchive it): only staff may reply or edit."""
        with self._lock:
            self._topic(topic_id).archived = archived

    def delete_topic(self, topic_id: int) -> None:
        """Delete a topic: nobody may reply; only staff still see it."""
        with self._lock:
            self._topic(topic_id).deleted = True

    def _user(self, username: str) -> _User:
        """The user of that name, created on first sight."""
        key = username.lower()
        if key not in self._users:
            self._users[key] = _User(next(self._next_user), username)
        return self._users[key]

    def _bot_is_staff(self) -> bool:
        bot = self._user(self.username)
        return bot.admin or bot.moderator

    def _family(self, category_id: int) -> set[int]:
        """A category and its subcategories, at any depth."""
        family = {category_id}
        while True:
            children = {c.id for c in self._categories.values() if c.parent_category_id in family}
            if children <= family:
                return family
            family |= children

    def _topic(self, topic_id: int, *, status: int = 404, message: str = "") -> TopicRecord:
        """A topic the bot can see (staff see deleted ones), or ForumRejected."""
        topic = self._topics.get(topic_id)
        if topic is None or (topic.deleted and not self._bot_is_staff()):
            error_type = "not_found" if status == 404 else None
            raise ForumRejected(status, message or f"topic {topic_id} not found", error_type)
        return topic


def _fresh(ids: Iterator[int], taken: dict) -> int:
    """The next id no record has, learned ones included."""
    return next(i for i in ids if i not in taken)


def iso(value: str | None = None) -> str:
    """Write a time (now by default) as Discourse does: UTC, milliseconds, Z."""
    moment = parse_time(value) if value else utcnow()
    if moment is None:
        raise ValueError(f"not a time: {value!r}")
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def slugify(title: str) -> str:
    """Make an ASCII slug as Discourse's default slug generator does."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_title.lower()).strip("-") or "topic"


def cook(raw: str) -> str:
    """Render raw Markdown crudely; the bot only reads `raw`."""
    return f"<p>{html.escape(raw)}</p>"
