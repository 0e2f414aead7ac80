"""The memory forum's reads: posts, topics, pages of topics, users and categories, as
Discourse answers them."""

from __future__ import annotations

from collections.abc import Callable

from bot.forum.categories import by_path
from bot.forum.client import (
    Category,
    ForumPost,
    ForumRejected,
    ForumUser,
    PostType,
    TopicState,
    TopicSummary,
)
from bot.forum.memory_data import MemoryData, TopicRecord, slugify

PAGE_SIZE = 30  # Discourse's topic list page size
NOT_FOUND = "The requested URL or resource could not be found."


class MemoryReading(MemoryData):
    """Answer a ForumClient's reads from what the memory forum holds."""

    @property
    def posts(self) -> list[ForumPost]:
        """Every post, in creation order."""
        with self._lock:
            return list(self._posts.values())

    @property
    def topics(self) -> list[TopicSummary]:
        """Every topic, in creation order."""
        with self._lock:
            return [self._summary(t) for t in self._topics.values()]

    def topic_posts(self, topic_id: int) -> list[ForumPost]:
        """Return every post of a topic, by post number."""
        with self._lock:
            topic = self._topic(topic_id)
            return [self._posts[i] for i in topic.post_ids]

    def topic(self, topic_id: int) -> TopicState:
        """Return a topic's state; a deleted topic is seen by a staff bot only."""
        with self._lock:
            topic = self._topic(topic_id)
            return TopicState(
                id=topic.id,
                closed=topic.closed,
                deleted=topic.deleted,
                archived=topic.archived,
                category_id=topic.category_id,
            )

    def user(self, username: str) -> ForumUser:
        """Return a seeded user, or one seen posting; 404 for anyone else."""
        with self._lock:
            if username.lower() not in self._users:
                raise ForumRejected(404, NOT_FOUND, "not_found")
            return self._users[username.lower()].as_forum_user()

    def get_post(self, post_id: int) -> ForumPost:
        """Return one post."""
        with self._lock:
            if post_id not in self._posts:
                raise ForumRejected(404, f"post {post_id} not found", "not_found")
            self._topic(self._posts[post_id].topic_id)  # a deleted topic hides its posts
            return self._posts[post_id]

    def latest_topics(self, *, page: int = 0) -> list[TopicSummary]:
        """Return a page of topics, newest created first."""
        return self._page(lambda _topic: True, page)

    def category_topics(self, slug: str, *, page: int = 0) -> list[TopicSummary]:
        """Return a page of a category's topics and its subcategories', newest created first."""
        with self._lock:
            found = by_path(self._categories.values(), slug)
            if found is None:
                raise ForumRejected(404, f"category {slug!r} not found", "not_found")
            family = self._family(found.id)
        return self._page(lambda t: t.category_id in family, page)

    def categories(self) -> list[Category]:
        """Return the categories."""
        with self._lock:
            return list(self._categories.values())

    def about(self) -> dict:
        """Return a basic-info-like dict naming the memory forum."""
        return {"title": "Memory forum (dry run)", "description": "nothing is sent"}

    def _page(self, keep: Callable[[TopicRecord], bool], page: int) -> list[TopicSummary]:
        with self._lock:
            rows = [
                t
                for t in self._topics.values()
                if t.archetype == "regular" and not t.deleted and keep(t)
            ]
            rows.sort(key=lambda t: (t.created_at, t.id), reverse=True)
            return [self._summary(t) for t in rows[page * PAGE_SIZE : (page + 1) * PAGE_SIZE]]

    def _summary(self, topic: TopicRecord) -> TopicSummary:
        posts = [self._posts[i] for i in topic.post_ids]
        regular = [p for p in posts if p.post_type == PostType.REGULAR]
        last = regular[-1].created_at if regular else None
        creator = posts[0] if posts else None
        return TopicSummary(
            id=topic.id,
            title=topic.title,
            category_id=topic.category_id,
            created_at=topic.created_at,
            last_posted_at=last,
            posts_count=sum(p.post_type != PostType.WHISPER for p in posts),
            highest_post_number=len(posts),
            archetype=topic.archetype,
            bumped_at=last,
            slug=slugify(topic.title),
            user_id=creator.user_id if creator else None,
            username=creator.username if creator else "",
            tags=topic.tags,
        )
