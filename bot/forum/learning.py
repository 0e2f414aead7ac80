"""The dry-run forum has no API to ask: the worker shows it what each delivery carries.

The worker may run in another process than the web server, so the forum learns from the
event the worker holds, in the worker's own process: a named category before the worker
checks whether the category is public (bot/restricted.py), then the topic and post as the
first handler of the table.
"""

from __future__ import annotations

from bot.forum import categories
from bot.forum.client import Category, ForumPost, PostType
from bot.forum.memory import MemoryForum


def named_category(event, support: tuple[str, ...]) -> Category | None:
    """The event's category when COOPBOT_SUPPORT_CATEGORIES names it, else None.

    A webhook payload never says whether a category is read-restricted (Discourse serializes
    it as the system user, who sees everything), so a category the coop did not name stays
    unknown, hence private.
    """
    slug = event.category_slug
    if event.category_id is None or not slug:  # no slug: the topic has no category
        return None
    # by slug or id only: a payload does not show a subcategory's parent, so no path matches
    if not set(support) & {slug, str(event.category_id)}:
        return None
    return Category(id=event.category_id, slug=slug, name=slug, read_restricted=False)


def learn(context, event) -> None:
    """The handler that shows the dry-run forum a delivery (a no-op on a real forum)."""
    teach(context.forum, event, context.settings.support_categories)


def learn_category(context, event) -> None:
    """Show the dry-run forum the category of a post event when the coop named it: the
    worker calls it before it checks the category (a no-op on a real forum)."""
    teach_category(context.forum, event, context.settings.support_categories)


def teach(forum, event, support: tuple[str, ...]) -> None:
    """Show a learning forum the category, topic and post a post event carries."""
    if not _learning(forum):
        return
    teach_category(forum, event, support)
    forum.learn_post(_post(event), title=event.topic_title, category_id=event.category_id)


def teach_category(forum, event, support: tuple[str, ...]) -> None:
    """Show a learning forum the category a post event names, when the coop named it."""
    if not _learning(forum) or not hasattr(event, "category_slug"):  # a topic event: no slug
        return
    category = named_category(event, support)
    if category is not None and forum.learn_category(category):
        categories.forget(forum)


def _learning(forum) -> bool:
    return isinstance(forum, MemoryForum) and forum.learns


def _post(event) -> ForumPost:
    """The post as the forum would return it."""
    return ForumPost(
        id=event.post_id,
        topic_id=event.topic_id,
        post_number=event.post_number,
        username=event.username,
        raw=event.raw,
        cooked="",
        post_type=PostType.REGULAR,  # whispers and staff actions never reach a handler
        created_at=event.created_at,
        updated_at=event.updated_at or event.created_at,
        version=event.version,
        reply_to_post_number=event.reply_to_post_number,
        user_id=event.user_id,
    )
