"""The fake Discourse's data: users, groups, categories, topics, posts; seeding and queries."""

from __future__ import annotations

import itertools
import threading

from tests.fakes import discourse_json as shapes
from tests.fakes.discourse_records import (
    BAD_CREDENTIALS,
    Category,
    HttpError,
    Post,
    Topic,
    User,
    iso,
    not_found,
    slugify,
)

AUTO_GROUPS = {
    "admins": lambda u: u.admin,
    "moderators": lambda u: u.moderator,
    "staff": lambda u: u.admin or u.moderator,
}


class ForumState:
    """Everything the fake forum holds, behind one re-entrant lock."""

    def __init__(self, api_username: str) -> None:
        self.lock = threading.RLock()
        self.api_username = api_username
        self.reset()

    def reset(self) -> None:
        """Forget everything but the system user, the API user and Uncategorized."""
        with self.lock:
            self.users = {-1: User(-1, "system", admin=True)}
            self.groups: dict[str, set[str]] = {}
            self.whispers_allowed_groups = ["staff"]
            self.categories = {1: Category(1, "Uncategorized", "uncategorized")}
            self.topics: dict[int, Topic] = {}
            self.posts: dict[int, Post] = {}
            self.accepted: dict[int, int] = {}
            self.tag_ids: dict[str, int] = {}
            self.banner_topic_id: int | None = None
            self._ids = {kind: itertools.count(1) for kind in ("user", "topic", "post")}
            self._ids["category"] = itertools.count(2)
            self.add_user(self.api_username, admin=True)

    def add_user(self, username: str, *, admin: bool = False, moderator: bool = False) -> int:
        with self.lock:
            user = User(next(self._ids["user"]), username, admin=admin, moderator=moderator)
            self.users[user.id] = user
            return user.id

    def user_named(self, username: str | None) -> User | None:
        with self.lock:
            return next((u for u in self.users.values() if u.username == username), None)

    def authenticate(self, key: str | None, username: str | None, expected_key: str) -> User:
        """Return the API user, or raise Discourse's 403 for a wrong key or username."""
        user = self.user_named(username)
        if key != expected_key or user is None:
            raise HttpError(403, BAD_CREDENTIALS, "invalid_access")
        return user

    def group_members(self, name: str) -> list[User]:
        with self.lock:
            if name in AUTO_GROUPS:
                return [u for u in self.users.values() if u.id > 0 and AUTO_GROUPS[name](u)]
            if name not in self.groups:
                raise not_found()
            return [u for u in self.users.values() if u.username in self.groups[name]]

    def can_whisper(self, user: User) -> bool:
        """Whispers need the user in a group of `whispers_allowed_groups`."""
        with self.lock:
            allowed = [
                g for g in self.whispers_allowed_groups if g in self.groups or g in AUTO_GROUPS
            ]
            return user.id == -1 or any(user in self.group_members(g) for g in allowed)

    def add_category(self, name: str, *, slug: str | None = None, read_restricted=False) -> int:
        with self.lock:
            category_id = next(self._ids["category"])
            self.categories[category_id] = Category(
                category_id, name, slug or slugify(name), read_restricted
            )
            return category_id

    def add_topic(
        self,
        title,
        raw="First post of a seeded topic.",
        *,
        category_id=1,
        username="alice",
        created_at=None,
        archetype="regular",
        tags=(),
    ) -> int:
        with self.lock:
            user = self.user_named(username) or self.users[self.add_user(username)]
            topic = Topic(
                next(self._ids["topic"]), title, category_id, user.id, iso(created_at), archetype
            )
            topic.tags = list(tags)
            for name in tags:
                self.tag_ids.setdefault(name, len(self.tag_ids) + 1)
            self.topics[topic.id] = topic
            self.add_post(topic.id, raw, username=username, created_at=topic.created_at)
            return topic.id

    def add_post(
        self,
        topic_id,
        raw,
        *,
        username="alice",
        post_type=1,
        reply_to_post_number=None,
        created_at=None,
    ) -> int:
        with self.lock:
            topic = self.topic(topic_id)
            user = self.user_named(username) or self.users[self.add_user(username)]
            post = Post(
                next(self._ids["post"]),
                topic_id,
                len(topic.post_ids) + 1,
                user.id,
                raw,
                int(post_type),
                iso(created_at),
                reply_to_post_number,
            )
            self.posts[post.id] = post
            topic.post_ids.append(post.id)
            return post.id

    def topic(self, topic_id: int) -> Topic:
        if topic_id not in self.topics:
            raise not_found()
        return self.topics[topic_id]

    def post(self, post_id: int) -> Post:
        if post_id not in self.posts:
            raise not_found()
        return self.posts[post_id]

    def visible_posts(self, topic: Topic, user: User) -> list[Post]:
        """A topic's posts as `user` sees them: whispers only for whisperers."""
        whisperer = self.can_whisper(user)
        posts = [self.posts[i] for i in topic.post_ids]
        return [p for p in posts if p.post_type != 4 or whisperer]

    def tags_json(self, topic: Topic) -> list[dict]:
        """A topic's tags as TopicTagsMixin writes them on a site with tagging on."""
        return [shapes.tag(name, self.tag_ids[name]) for name in topic.tags]

    def post_json(self, post: Post, *, include_raw: bool) -> dict:
        topic = self.topics[post.topic_id]
        return shapes.post(post, topic, self.users[post.user_id], include_raw=include_raw)

    def topics_in(self, category_id: int | None) -> list[Topic]:
        """Regular topics, all or of one category, in creation order."""
        rows = [t for t in self.topics.values() if t.archetype == "regular"]
        return [t for t in rows if category_id is None or t.category_id == category_id]

    def category_by_path(self, parts: list[str]) -> Category:
        if parts and parts[-1].isdigit():
            found = self.categories.get(int(parts[-1]))
        else:
            found = next((c for c in self.categories.values() if c.slug == parts[-1]), None)
        if found is None:
            raise not_found()
        return found
