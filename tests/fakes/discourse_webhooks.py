"""What Discourse's webhooks would send about the fake's topics and posts."""

from __future__ import annotations

from tests.fakes import discourse_json as shapes
from tests.fakes.discourse_state import ForumState

# WebHookPostSerializer's include_...? false: what only a viewer of the page needs
NOT_IN_WEBHOOKS = {"can_edit", "actions_summary", "yours"}


def topic_payload(state: ForumState, topic_id: int) -> dict:
    """A topic_created body: WebHookTopicViewSerializer's keys the bot may read."""
    with state.lock:
        topic = state.topic(topic_id)
        posts = [state.posts[i] for i in topic.post_ids]
        creator, last = state.users[topic.user_id], state.users[posts[-1].user_id]
        view = {
            **shapes.topic_stats(topic, posts),
            "user_id": topic.user_id,
            "tags": state.tags_json(topic),
            "created_by": {**shapes.user_brief(creator), "name": None},
            "last_poster": {**shapes.user_brief(last), "name": None},
        }
    return {"topic": view}


def post_payload(state: ForumState, post_id: int) -> dict:
    """A post_created body: WebHookPostSerializer, PostSerializer less the viewer's rights and
    actions, plus the topic's fields."""
    with state.lock:
        post = state.post(post_id)
        topic = state.topics[post.topic_id]
        category = state.categories.get(topic.category_id)
        shown = state.post_json(post, include_raw=True)
        body = {
            **{k: v for k, v in shown.items() if k not in NOT_IN_WEBHOOKS},
            "topic_title": topic.title,
            "category_id": topic.category_id,
            "category_slug": category.slug if category else None,
            "topic_archetype": topic.archetype,
            "topic_posts_count": len(topic.post_ids),
        }
    return {"post": body}


def like_payload(state: ForumState, post_id: int, username: str) -> dict:
    """A post_liked body: WebHookLikeSerializer, the post as in post_created and the liker as
    BasicUserSerializer writes them."""
    with state.lock:
        liker = state.user_named(username)
        if liker is None:
            raise KeyError(username)
        post = post_payload(state, post_id)["post"]
        return {"like": {"post": post, "user": {**shapes.user_brief(liker), "name": liker.name}}}
