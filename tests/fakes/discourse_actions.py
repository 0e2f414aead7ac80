"""Edits and likes as Discourse's PostsController#update and PostActionsController#create make
them, with PostGuardian's rules."""

from __future__ import annotations

from tests.fakes.discourse_records import (
    NOT_PERMITTED,
    HttpError,
    Post,
    Topic,
    User,
    not_found,
    now_iso,
    to_int,
)
from tests.fakes.discourse_state import ForumState

LIKE = 2  # PostActionType.types[:like]
MIN_POST_LENGTH = 20
ALREADY_DONE = "You've already performed this action."


class Actions:
    """What a user does to an existing post: edit it, like it."""

    def __init__(self, state: ForumState) -> None:
        self.state = state

    def edit(self, user: User, post_id: int, params: dict) -> tuple[int, dict]:
        """PUT /posts/{id} with post[raw]: a new version unless the text is the same."""
        post = self._post(post_id, user)
        raw = params.get("post[raw]")
        if raw is None:
            raise HttpError(400, "param is missing or the value is empty: post")
        if not self._can_edit(user, post, self.state.topics[post.topic_id]):
            raise HttpError(403, NOT_PERMITTED, "invalid_access")
        if len(raw.strip()) < MIN_POST_LENGTH:
            raise HttpError(422, f"Body is too short (minimum is {MIN_POST_LENGTH} characters)")
        if raw != post.raw:
            post.raw, post.version, post.updated_at = raw, post.version + 1, now_iso()
        return 200, {"post": self.state.post_json(post, include_raw=True)}

    def like(self, user: User, params: dict) -> tuple[int, dict]:
        """POST /post_actions with id and post_action_type_id=2 (the only action faked)."""
        if str(params.get("post_action_type_id")) != str(LIKE):
            raise HttpError(400, "param is missing or the value is empty: post_action_type_id")
        post = self._post(to_int(params.get("id")), user)
        topic = self.state.topics[post.topic_id]
        if user.id in post.likes:
            raise HttpError(403, ALREADY_DONE, "invalid_access")
        # PostGuardian#post_can_act?: not on one's own post, nor in an archived topic
        if post.user_id == user.id or topic.archived:
            raise HttpError(403, NOT_PERMITTED, "invalid_access")
        post.likes.append(user.id)
        return 200, self.state.post_json(post, include_raw=False)

    def _post(self, post_id: int | None, user: User) -> Post:
        """A post `user` can see: whispers for whisperers, deleted topics for staff."""
        post = self.state.posts.get(post_id)
        if post is None or (post.post_type == 4 and not self.state.can_whisper(user)):
            raise not_found()
        self.state.visible_topic(post.topic_id, user)
        return post

    @staticmethod
    def _can_edit(user: User, post: Post, topic: Topic) -> bool:
        """PostGuardian#can_edit_post?: staff anything they may post in, others their own
        posts while the topic is neither archived nor deleted."""
        if user.admin:
            return True
        if user.staff:
            return not topic.deleted_at
        return post.user_id == user.id and not (topic.archived or topic.deleted_at)
