"""An in-memory forum: the dry-run default (posts recorded, nothing sent) and a test fake."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import replace

from bot.forum.client import ForumPost, ForumRejected, PostResult, PostType
from bot.forum.memory_data import cook, iso
from bot.forum.memory_reading import MemoryReading

MEMO_SECONDS = 120.0  # Discourse answers an identical API create within 120 s with the same post
MIN_POST_LENGTH = 20  # Discourse's default min_post_length and min_first_post_length
MIN_TITLE_LENGTH = 15  # Discourse's default min_topic_title_length
TOPIC_NOT_FOUND = "Something has gone wrong. Perhaps this topic was closed or deleted."
NO_WHISPER = "Either whispers are not enabled or you do not have access to create whisper posts"
NOT_PERMITTED = "You are not permitted to view the requested resource."


class MemoryForum(MemoryReading):
    """A ForumClient keeping everything in memory, thread-safe, inspectable and seedable."""

    def __init__(
        self,
        *,
        username: str = "coopbot",
        whispers_allowed: bool = True,
        require_approval: bool = False,
        memo_seconds: float = MEMO_SECONDS,
        clock: Callable[[], float] = time.monotonic,
        learns: bool = False,
    ) -> None:
        super().__init__(username)
        self.learns = learns  # the dry run: no API to ask, so deliveries teach it
        self.whispers_allowed = whispers_allowed
        self.require_approval = require_approval
        self.memo_seconds = memo_seconds
        self._clock = clock
        self._memo: dict[tuple, tuple[float, PostResult | ForumRejected]] = {}
        self.enqueued: list[dict] = []
        self.accepted: dict[int, int] = {}  # topic id -> accepted post id
        self.banner_topic_id: int | None = None  # the topic pinned as the banner

    def create_post(
        self,
        topic_id: int,
        raw: str,
        *,
        reply_to_post_number: int | None = None,
        whisper: bool = False,
    ) -> PostResult:
        """Record a post in a topic, as Discourse would."""
        if whisper and not self.whispers_allowed:
            raise ForumRejected(403, NO_WHISPER, "invalid_access")
        key = ("post", topic_id, raw, reply_to_post_number, whisper)
        return self._memoized(
            key, lambda: self._new_post(topic_id, raw, reply_to_post_number, whisper)
        )

    def create_topic(self, title: str, raw: str, *, category_id: int) -> PostResult:
        """Record a new topic and its first post."""
        return self._memoized(
            ("topic", title, raw, category_id), lambda: self._new_topic(title, raw, category_id)
        )

    def edit_post(self, post_id: int, raw: str) -> None:
        """Replace a post's text as Discourse's PostRevisor would; the same text changes nothing."""
        with self._lock:
            post = self.get_post(post_id)
            topic = self._topics[post.topic_id]
            # PostGuardian#can_edit_post?: staff edit any post, others their own while the
            # topic is neither archived nor deleted
            own = post.username.lower() == self.username.lower()
            if not self._bot_is_staff() and (not own or topic.archived or topic.deleted):
                raise ForumRejected(403, NOT_PERMITTED, "invalid_access")
            _check_length("Body", raw, MIN_POST_LENGTH)
            if raw != post.raw:
                self._posts[post_id] = replace(
                    post, raw=raw, cooked=cook(raw), version=post.version + 1, updated_at=iso()
                )

    def accept_solution(self, post_id: int) -> None:
        """Mark a post as its topic's solution; the first post cannot be one."""
        with self._lock:
            post = self.get_post(post_id)
            if post.post_number == 1 or post.post_type == PostType.WHISPER:
                raise ForumRejected(403, "this post cannot be accepted", "invalid_access")
            self.accepted[post.topic_id] = post_id

    def _new_post(self, topic_id, raw, reply_to_post_number, whisper) -> PostResult:
        with self._lock:
            topic = self._topic(topic_id, status=422, message=TOPIC_NOT_FOUND)
            # Discourse's can_create_post_on_topic?: none in a deleted topic, staff alone in a
            # closed or archived one
            if topic.deleted or ((topic.closed or topic.archived) and not self._bot_is_staff()):
                raise ForumRejected(422, TOPIC_NOT_FOUND, None)
            _check_length("Body", raw, MIN_POST_LENGTH)
            if self.require_approval and not self._bot_is_staff():  # staff are exempt
                return self._enqueue(topic_id=topic_id, raw=raw)
            post_type = PostType.WHISPER if whisper else PostType.REGULAR
            post_id = self.add_post(
                topic_id,
                raw,
                username=self.username,
                post_type=post_type,
                reply_to_post_number=reply_to_post_number,
            )
            return _result(self._posts[post_id])

    def _new_topic(self, title, raw, category_id) -> PostResult:
        with self._lock:
            if category_id not in self._categories:
                raise ForumRejected(422, "Category can't be blank", None)
            _check_length("Title", title, MIN_TITLE_LENGTH)
            _check_length("Body", raw, MIN_POST_LENGTH)
            if self.require_approval and not self._bot_is_staff():  # staff are exempt
                return self._enqueue(title=title, raw=raw, category_id=category_id)
            topic_id = self.add_topic(title, raw, category_id=category_id, username=self.username)
            return _result(self._posts[self._topics[topic_id].post_ids[0]])

    def _enqueue(self, **fields) -> PostResult:
        self.enqueued.append(fields)
        return PostResult(post_id=None, topic_id=None, post_number=None, enqueued=True)

    def _memoized(self, key: tuple, create: Callable[[], PostResult]) -> PostResult:
        """Replay an identical create made within memo_seconds, errors included."""
        with self._lock:
            now = self._clock()
            stamp, outcome = self._memo.get(key, (None, None))
            if stamp is None or now - stamp >= self.memo_seconds:
                try:
                    outcome = create()
                except ForumRejected as e:
                    outcome = e
                self._memo[key] = (now, outcome)
        if isinstance(outcome, ForumRejected):
            raise outcome
        return outcome

    def make_banner(self, topic_id: int) -> None:
        """Pin a topic as the banner; Discourse keeps one banner at a time."""
        with self._lock:
            self._topic(topic_id)
            self.banner_topic_id = topic_id

    def remove_banner(self, topic_id: int) -> None:
        """Unpin a topic; removing a topic that is not the banner changes nothing."""
        with self._lock:
            self._topic(topic_id)
            if self.banner_topic_id == topic_id:
                self.banner_topic_id = None


def _check_length(name: str, text: str, minimum: int) -> None:
    if len(text.strip()) < minimum:
        message = f"{name} is too short (minimum is {minimum} characters)"
        raise ForumRejected(422, message, None)


def _result(post: ForumPost) -> PostResult:
    return PostResult(post_id=post.id, topic_id=post.topic_id, post_number=post.post_number)
