"""Discourse's JSON answers read into the forum client's value types."""

from __future__ import annotations

from collections.abc import Iterator

from bot.forum.client import (
    Category,
    ForumPost,
    ForumUser,
    PostResult,
    TopicState,
    TopicSummary,
)


def post_result(data: dict | None) -> PostResult:
    """A create's answer: the new post's ids, or `enqueued` when it awaits approval."""
    if not data:
        raise ValueError("empty answer to a post creation")
    if data.get("action") == "enqueued":
        # the post waits for a moderator: no post exists yet, only a reviewable
        return PostResult(post_id=None, topic_id=None, post_number=None, enqueued=True)
    return PostResult(
        post_id=data["id"], topic_id=data["topic_id"], post_number=data["post_number"]
    )


def forum_post(p: dict) -> ForumPost:
    """A post as PostSerializer writes it."""
    reply_to = p.get("reply_to_post_number")
    return ForumPost(
        id=p["id"],
        topic_id=p["topic_id"],
        post_number=p["post_number"],
        username=p["username"],
        raw=p.get("raw") or "",
        cooked=p.get("cooked") or "",
        post_type=p["post_type"],
        created_at=p["created_at"],
        updated_at=p.get("updated_at") or p["created_at"],
        version=p.get("version", 1),
        reply_to_post_number=int(reply_to) if reply_to is not None else None,
        user_id=p.get("user_id"),
    )


def topic_list(data: dict) -> list[TopicSummary]:
    """The rows of a topic list; their users are listed once beside them."""
    usernames = {u["id"]: u["username"] for u in data.get("users") or []}
    return [_topic_summary(t, usernames) for t in data["topic_list"]["topics"]]


def _topic_summary(t: dict, usernames: dict[int, str]) -> TopicSummary:
    # Discourse lists the topic's creator first among its posters
    creator = (t.get("posters") or [{}])[0].get("user_id")
    return TopicSummary(
        id=t["id"],
        title=t["title"],
        category_id=t.get("category_id"),
        created_at=t["created_at"],
        last_posted_at=t.get("last_posted_at"),
        posts_count=t["posts_count"],
        highest_post_number=t["highest_post_number"],
        archetype=t.get("archetype", "regular"),
        bumped_at=t.get("bumped_at"),
        slug=t.get("slug", ""),
        user_id=creator,
        username=usernames.get(creator, ""),
        tags=_tag_names(t.get("tags") or []),
    )


def _tag_names(tags: list) -> tuple[str, ...]:
    """Tags are names in older Discourse, objects with a name in newer ones."""
    return tuple(t["name"] if isinstance(t, dict) else t for t in tags)


def categories(rows: list[dict]) -> list[Category]:
    """/categories.json?include_subcategories=true, flattened: each category once."""
    return list({c["id"]: category(c) for c in _flatten(rows)}.values())


def _flatten(rows: list[dict]) -> Iterator[dict]:
    """Each category, then its subcategories, at any depth."""
    for row in rows:
        yield row
        yield from _flatten(row.get("subcategory_list") or [])


def category(c: dict) -> Category:
    """A row of /categories.json (a subcategory names its parent)."""
    return Category(
        id=c["id"],
        slug=c["slug"],
        name=c["name"],
        read_restricted=c["read_restricted"],
        parent_category_id=c.get("parent_category_id"),
    )


def topic_state(t: dict) -> TopicState:
    """A topic view's status flags; `deleted_at` is set on a deleted topic staff still see."""
    return TopicState(
        id=t["id"],
        closed=bool(t.get("closed")),
        deleted=t.get("deleted_at") is not None,
        archived=bool(t.get("archived")),
        category_id=t.get("category_id"),
    )


def forum_user(u: dict) -> ForumUser:
    """A user as UserSerializer writes it: roles, and groups as BasicGroupSerializer objects."""
    return ForumUser(
        username=u["username"],
        admin=bool(u.get("admin")),
        moderator=bool(u.get("moderator")),
        groups=tuple(g["name"] for g in u.get("groups") or []),
    )
