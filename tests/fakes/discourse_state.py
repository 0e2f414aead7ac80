"""The fake Discourse's data: users, groups, categories, topics, posts; seeding and queries."""

from __future__ import annotations

import itertools
import threading

from tests.fakes import discourse_json as shapes
from tests.fakes.discourse_groups import Groups
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
            self.groups = Groups()
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

    def add_user(self, username, *, admin=False, moderator=False, groups=(), name=None) -> int:
        """Seed a user, or give an existing one these roles and groups too; return its id."""
        with self.lock:
            user = self.user_named(username)
            if user is None:
                user = User(next(self._ids["user"]), username)
                self.users[user.id] = user
            user.admin, user.moderator, user.name = admin, moderator, name or user.name
            for name in groups:
                self.groups.add(name, [user.username])
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
            return self.groups.members_of(name, self.users.values())

    def user_groups(self, user: User) -> list[dict]:
        with self.lock:
            return self.groups.of_user(user, self.users.values())

    def can_whisper(self, user: User) -> bool:
        """Whispers need the user in a group of `whispers_allowed_groups` (admins always)."""
        with self.lock:
            allowed = [g for g in self.whispers_allowed_groups if self.groups.exists(g)]
            return self.groups.can_whisper(user, allowed)

    def add_category(
        self, name: str, *, slug: str | None = None, read_restricted=False, parent=None
    ) -> int:
        with self.lock:
            category_id = next(self._ids["category"])
            self.categories[category_id] = Category(
                category_id, name, slug or slugify(name), read_restricted, parent
            )
            return category_id

    def children(self, category_id: int) -> list[Category]:
        with self.lock:
            return [c for c in self.categories.values() if c.parent_category_id == category_id]

    def family(self, category_id: int) -> set[int]:
        """A category and its subcategories at any depth: their topics list together."""
        found = {category_id}
        for child in self.children(category_id):
            found |= self.family(child.id)
        return found

    def slug_path(self, category: Category) -> list[str]:
        parent = self.categories.get(category.parent_category_id)
        return [*(self.slug_path(parent) if parent else []), category.slug]

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

    def visible_topic(self, topic_id: int, user: User) -> Topic:
        """A topic as `user` may see it: a deleted one for staff only."""
        topic = self.topic(topic_id)
        if topic.deleted_at and not user.staff:
            raise not_found()
        return topic

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
        """Regular topics, all or of a category and its subcategories, in creation order."""
        rows = [t for t in self.topics.values() if t.archetype == "regular" and not t.deleted_at]
        family = self.family(category_id) if category_id is not None else None
        return [t for t in rows if family is None or t.category_id in family]

    def category_by_path(self, parts: list[str]) -> Category:
        """Discourse's find_by_slug_path_with_id: an id last, else slugs from the top down."""
        if parts and parts[-1].isdigit():
            found = self.categories.get(int(parts[-1]))
        else:
            found = None
            for slug in parts:
                parent = found.id if found else None
                siblings = self.children(parent) if parent else self._top_level()
                found = next((c for c in siblings if c.slug == slug), None)
                if found is None:
                    break
        if found is None:
            raise not_found()
        return found

    def _top_level(self) -> list[Category]:
        return [c for c in self.categories.values() if c.parent_category_id is None]
