"""`coopbot kb sync-category`: a documentation category's topics as articles."""

from __future__ import annotations

import sys

from bot.context import Context
from bot.forum import categories
from bot.forum.client import ForumError
from bot.kb import entries
from bot.store.db import open_engine
from knowledge.documents import Document

MAX_PAGES = 50


def register(kbsub) -> None:
    """Add `kb sync-category` to the knowledge-base commands."""
    sync = kbsub.add_parser("sync-category", help="import a documentation category's topics")
    sync.add_argument("slug", help="the category's slug, or parent/child for a subcategory")
    sync.set_defaults(func=cmd_sync_category)


def cmd_sync_category(settings, args) -> int:
    """Import each topic's first post of a documentation category, updating what changed."""
    context = Context.build(settings)
    try:
        category_id, path, refusal = _resolve(context, args.slug)
        if refusal:
            print(f"coopbot kb sync-category: {refusal}; nothing was imported", file=sys.stderr)
            return 1
        documents = list(_category_documents(context, path))
    except ForumError as e:
        print(f"coopbot kb sync-category: the forum answered: {e}", file=sys.stderr)
        return 1
    finally:
        context.close()
    # the source names the category by id: a path may not fit the column, and a slug may change
    source = f"category:{category_id}"
    with open_engine(settings.database_url) as engine, engine.begin() as conn:
        report = entries.upsert(conn, settings.forum_id, documents, source=source, prune=True)
    print(f"category {path}: {report.summary()}")
    return 0


def _resolve(context, name: str) -> tuple[int, str, str]:
    """The category's id and slug path, and why it cannot feed the knowledge base ('' if not)."""
    by_id = {c.id: c for c in context.forum.categories()}
    found = categories.find(by_id, name)
    if not found:
        return 0, "", f"the forum has no category {name!r}"
    paths = sorted(categories.slug_path(by_id, c) for c in found)
    if len(found) > 1:
        return 0, "", f"{name!r} names several categories ({', '.join(paths)}): give the path"
    refusal = categories.restriction(by_id, found[0].id)
    if refusal:  # its entries would be suggested in public topics
        return 0, "", f"{refusal}: its topics stay out of public answers"
    return found[0].id, paths[0], ""


def _category_documents(context, slug: str):
    """Yield one article per topic of the category (its first post)."""
    base = context.settings.discourse_url.rstrip("/")
    for page in range(MAX_PAGES):
        topics = context.forum.category_topics(slug, page=page)
        if not topics:
            return
        for topic in topics:
            posts = context.forum.topic_posts(topic.id)
            if posts:
                print(f"  {topic.title}", flush=True)
                yield Document(
                    f"doc-{topic.id}", topic.title, posts[0].raw, url=f"{base}/t/{topic.id}"
                )
