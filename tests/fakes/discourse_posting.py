"""POST /posts.json as PostsController#create does it, memoization and approval queue included."""

from __future__ import annotations

import itertools
import time

from tests.fakes.discourse_records import NO_WHISPER, HttpError, User, now_iso, to_int
from tests.fakes.discourse_state import ForumState

MEMO_SECONDS = 120.0  # DistributedMemoizer.memoize(signature_for(params), 120) for API creates
MIN_POST_LENGTH = 20
MIN_TITLE_LENGTH = 15
TOPIC_NOT_FOUND = "Something has gone wrong. Perhaps this topic was closed or deleted."


class Posting:
    """Creates posts and topics for API users; replays identical creates for 120 s."""

    def __init__(self, state: ForumState) -> None:
        self.state = state
        self.reset()

    def reset(self) -> None:
        self.require_approval = False
        self.memo_seconds = MEMO_SECONDS
        self.pending: list[dict] = []
        self._memo: dict[tuple, tuple[float, int, dict]] = {}
        self._pending_ids = itertools.count(1)

    def create(self, user: User, params: dict) -> tuple[int, dict]:
        """Answer a create request: (status, body)."""
        # Discourse casts whisper before memoizing, so a refused whisper is never replayed;
        # older Discourse compares with the string "true", which the adapter must send
        whisper = params.get("whisper") == "true"
        if whisper and not self.state.can_whisper(user):
            raise HttpError(403, NO_WHISPER, "invalid_access")
        key = (user.id, tuple(sorted((k, str(v)) for k, v in params.items())))
        now = time.monotonic()
        with self.state.lock:
            stamp, status, body = self._memo.get(key, (None, 0, {}))
            if stamp is None or now - stamp >= self.memo_seconds:
                status, body = self._perform(user, params, whisper)
                self._memo[key] = (now, status, body)
        return status, body

    def _perform(self, user: User, params: dict, whisper: bool) -> tuple[int, dict]:
        try:
            if params.get("title") and not params.get("topic_id"):
                return self._new_topic(user, params)
            return self._new_post(user, params, whisper)
        except _Invalid as e:
            return 422, {"action": "create_post", "errors": [str(e)], "success": False}

    def _new_post(self, user: User, params: dict, whisper: bool) -> tuple[int, dict]:
        topic = self.state.topics.get(to_int(params.get("topic_id")))
        # PostCreator: no post in a deleted topic, staff alone in a closed or archived one
        if (
            topic is None
            or topic.deleted_at
            or ((topic.closed or topic.archived) and not user.staff)
        ):
            raise _Invalid(TOPIC_NOT_FOUND)
        topic_id = topic.id
        raw = _checked("Body", params.get("raw", ""), MIN_POST_LENGTH)
        if self.require_approval and not user.staff:  # NewPostManager exempts staff
            return self._enqueue(user, raw=raw, topic_id=topic_id)
        post_id = self.state.add_post(
            topic_id,
            raw,
            username=user.username,
            post_type=4 if whisper else 1,
            reply_to_post_number=to_int(params.get("reply_to_post_number")),
        )
        return 200, self.state.post_json(self.state.posts[post_id], include_raw=True)

    def _new_topic(self, user: User, params: dict) -> tuple[int, dict]:
        category_id = to_int(params.get("category")) or 1
        if category_id not in self.state.categories:
            raise _Invalid("Category can't be blank")
        title = _checked("Title", params["title"], MIN_TITLE_LENGTH)
        raw = _checked("Body", params.get("raw", ""), MIN_POST_LENGTH)
        if self.require_approval and not user.staff:  # NewPostManager exempts staff
            return self._enqueue(user, raw=raw, title=title, category_id=category_id)
        topic_id = self.state.add_topic(title, raw, category_id=category_id, username=user.username)
        first = self.state.posts[self.state.topics[topic_id].post_ids[0]]
        return 200, self.state.post_json(first, include_raw=True)

    def _enqueue(self, user: User, **fields) -> tuple[int, dict]:
        """Queue the post for review: 200, no post id (NewPostResultSerializer)."""
        pending = {"id": next(self._pending_ids), "created_at": now_iso(), **fields}
        self.pending.append({**pending, "username": user.username})
        pending_post = {
            "id": pending["id"],
            "raw": fields["raw"],
            "created_at": pending["created_at"],
        }
        return 200, {
            "action": "enqueued",
            "pending_post": pending_post,
            "pending_count": len(self.pending),
            "success": True,
        }


class _Invalid(Exception):
    """A validation error: Discourse answers 422 with the message."""


def _checked(name: str, text: str, minimum: int) -> str:
    if len(text.strip()) < minimum:
        raise _Invalid(f"{name} is too short (minimum is {minimum} characters)")
    return text
