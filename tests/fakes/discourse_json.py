"""Discourse's JSON shapes, trimmed to the fields its serializers always send."""

from __future__ import annotations

from tests.fakes.discourse_records import Category, Post, Topic, User, slugify

CHUNK_SIZE = 20  # posts carried by /t/{id}.json; the rest are only listed in `stream`
PER_PAGE = 30
AVATAR = "/letter_avatar_proxy/v4/letter/c/3be4f8/{size}.png"


def user_brief(user: User) -> dict:
    return {"id": user.id, "username": user.username, "avatar_template": AVATAR}


def tag(name: str, tag_id: int) -> dict:
    """A tag as recent Discourse writes it in topics and topic lists."""
    return {"id": tag_id, "name": name, "slug": slugify(name)}


def post(p: Post, topic: Topic, user: User, *, include_raw: bool) -> dict:
    """A post as PostSerializer writes it."""
    body = {
        "id": p.id,
        "name": None,
        "username": user.username,
        "avatar_template": AVATAR,
        "created_at": p.created_at,
        "cooked": p.cooked,
        "post_number": p.post_number,
        "post_type": p.post_type,
        "updated_at": p.updated_at or p.created_at,
        "reply_count": 0,
        "reply_to_post_number": p.reply_to_post_number,
        "quote_count": 0,
        "incoming_link_count": 0,
        "reads": 0,
        "readers_count": 0,
        "score": 0,
        "yours": False,
        "topic_id": topic.id,
        "topic_slug": topic.slug,
        "display_username": None,
        "primary_group_name": None,
        "version": p.version,
        "can_edit": True,
        "user_title": None,
        "actions_summary": [{"id": 2, "count": len(p.likes)}] if p.likes else [],
        "moderator": user.moderator,
        "admin": user.admin,
        "staff": user.admin or user.moderator,
        "user_id": user.id,
        "hidden": False,
        "trust_level": 1,
        "deleted_at": None,
        "user_deleted": False,
        "edit_reason": None,
        "wiki": False,
        "reviewable_id": None,
        "post_url": f"/t/{topic.slug}/{topic.id}/{p.post_number}",
    }
    if include_raw:
        body["raw"] = p.raw
    return body


def topic_stats(topic: Topic, posts: list[Post]) -> dict:
    """Counters shared by topic views and list items; whispers do not bump."""
    regular = [p for p in posts if p.post_type == 1]
    last = regular[-1].created_at if regular else None
    return {
        "id": topic.id,
        "title": topic.title,
        "fancy_title": topic.title,
        "slug": topic.slug,
        "posts_count": sum(p.post_type != 4 for p in posts),
        "reply_count": max(0, len(regular) - 1),
        "highest_post_number": max((p.post_number for p in posts), default=0),
        "created_at": topic.created_at,
        "last_posted_at": last,
        "bumped": True,
        "bumped_at": last or topic.created_at,
        "archetype": topic.archetype,
        "category_id": topic.category_id,
        "visible": True,
        "closed": topic.closed,
        "archived": topic.archived,
        "pinned": False,
        "views": 0,
        "like_count": 0,
    }


def list_item(topic: Topic, posts: list[Post], users: dict[int, User], tags: list) -> dict:
    """A row of /latest.json or /c/{slug}/{id}.json; the topic's creator is the first poster."""
    last_poster = users[posts[-1].user_id].username if posts else None
    posters = [
        {"extras": "latest single", "description": "Original Poster", "user_id": topic.user_id}
    ]
    return {
        **topic_stats(topic, posts),
        "unseen": False,
        "image_url": None,
        "last_poster_username": last_poster,
        "pinned_globally": False,
        "posters": posters,
        "tags": tags,
    }


def topic_list(rows: list[dict], users: list[User], more_url: str | None) -> dict:
    listing = {"can_create_topic": True, "per_page": PER_PAGE, "topics": rows}
    if more_url:
        listing["more_topics_url"] = more_url
    return {"users": [user_brief(u) for u in users], "primary_groups": [], "topic_list": listing}


def topic_view(topic: Topic, posts: list[dict], stream: list[int], stats: dict, **more) -> dict:
    """GET /t/{id}.json: the first chunk of posts, every id in `stream`; `creator`, `tags`."""
    return {
        "post_stream": {"posts": posts[:CHUNK_SIZE], "stream": stream},
        "timeline_lookup": [[1, 0]],
        **{k: v for k, v in stats.items() if k not in ("bumped", "bumped_at")},
        "user_id": topic.user_id,
        "deleted_at": topic.deleted_at,
        "tags": more["tags"],
        "draft_key": f"topic_{topic.id}",
        "chunk_size": CHUNK_SIZE,
        "details": {
            "can_edit": True,
            "notification_level": 1,
            "created_by": {**user_brief(more["creator"]), "name": None},
        },
    }


def user(u: User, groups: list[dict]) -> dict:
    """GET /u/{username}.json: UserSerializer's public fields, groups as BasicGroupSerializer."""
    profile = {
        **user_brief(u),
        "name": u.name,
        "last_posted_at": None,
        "last_seen_at": None,
        "created_at": "2024-01-01T00:00:00.000Z",
        "trust_level": 1,
        "moderator": u.moderator,
        "admin": u.admin,
        "title": None,
        "badge_count": 0,
        "primary_group_name": None,
        "staged": False,
        "groups": groups,
    }
    return {"user_badges": [], "user": profile}


def group(group_id: int, name: str, *, automatic: bool, user_count: int) -> dict:
    """A group as BasicGroupSerializer writes it."""
    return {
        "id": group_id,
        "automatic": automatic,
        "name": name,
        "display_name": name,
        "user_count": user_count,
        "mentionable_level": 0,
        "messageable_level": 0,
        "visibility_level": 0,
        "primary_group": False,
        "title": None,
        "grant_trust_level": None,
        "flair_url": None,
        "flair_bg_color": None,
        "flair_color": None,
        "bio_cooked": None,
        "public_admission": False,
        "public_exit": False,
        "allow_membership_requests": False,
        "full_name": None,
        "default_notification_level": 3,
    }


def category(c: Category, topic_count: int, children: list[Category]) -> dict:
    """A category as CategoryDetailedSerializer writes it in /categories.json."""
    row = {
        "id": c.id,
        "name": c.name,
        "color": "0088CC",
        "text_color": "FFFFFF",
        "slug": c.slug,
        "topic_count": topic_count,
        "post_count": 0,
        "position": c.id,
        "description": None,
        "topic_url": None,
        "read_restricted": c.read_restricted,
        "permission": 1,
        "has_children": bool(children),
        "subcategory_count": len(children) or None,
        "subcategory_ids": [child.id for child in children],
    }
    if c.parent_category_id is not None:  # BasicCategorySerializer sends it only when set
        row["parent_category_id"] = c.parent_category_id
    return row


def basic_info(title: str) -> dict:
    return {
        "logo_url": "",
        "logo_small_url": "",
        "apple_touch_icon_url": "",
        "favicon_url": "",
        "title": title,
        "description": "A fake Discourse for tests",
        "header_primary_color": "333333",
        "header_background_color": "ffffff",
        "login_required": False,
        "locale": "fr",
        "include_in_discourse_discover": False,
        "mobile_logo_url": "",
    }
