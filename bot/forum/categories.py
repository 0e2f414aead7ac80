"""Which categories are public and which are support categories (cached per forum client)."""

from __future__ import annotations

import logging
import threading
import time
import weakref
from collections.abc import Iterable

from bot.forum.client import Category, ForumError

log = logging.getLogger("coopbot.categories")
REFRESH_SECONDS = 600
DRY_RUN_NOTE = (
    "the dry-run forum knows a category only once COOPBOT_SUPPORT_CATEGORIES names its slug or id"
)
_lock = threading.Lock()
# Keyed by the client itself: an id() is reused once a client is gone, and a new forum
# client would then be answered with the categories of another forum.
_cache: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _categories(forum) -> dict[int, Category]:
    """id -> Category, refreshed every few minutes."""
    with _lock:
        cached = _cache.get(forum)
        if cached and time.monotonic() - cached[0] < REFRESH_SECONDS:
            return cached[1]
    try:
        found = {c.id: c for c in forum.categories()}
    except ForumError as e:  # the caller fails closed: nothing is treated as public
        log.warning("cannot read categories: %s", e)
        raise
    with _lock:
        _cache[forum] = (time.monotonic(), found)
    return found


def forget(forum) -> None:
    """Drop a forum's cached categories (the dry-run forum has just learned one, or
    reconciliation starts and wants the categories created since)."""
    with _lock:
        _cache.pop(forum, None)


def lineage(by_id: dict[int, Category], category: Category) -> list[Category | None]:
    """The category and its parents, nearest first; None stands for an unknown parent."""
    chain: list[Category | None] = [category]
    while chain[-1] is not None and chain[-1].parent_category_id is not None:
        if len(chain) > len(by_id):  # a parent loop: Discourse forbids it, so trust nothing
            return [*chain, None]
        chain.append(by_id.get(chain[-1].parent_category_id))
    return chain


def slug_path(by_id: dict[int, Category], category: Category) -> str:
    """The category's /c/ path: `parent/child`."""
    return "/".join(c.slug for c in reversed(lineage(by_id, category)) if c is not None)


def restriction(by_id: dict[int, Category], category_id: int | None) -> str | None:
    """Why a category is not public (unknown counts as private), or None when it is."""
    category = by_id.get(category_id)
    if category is None:
        return f"category {category_id} is unknown to the forum, hence private"
    label = _label(by_id, category)
    for ancestor in lineage(by_id, category):
        if ancestor is None:
            return f"{label} has a parent unknown to the forum, hence private"
        if ancestor is category and ancestor.read_restricted:
            return f"{label} is read-restricted"
        if ancestor.read_restricted:
            return f"{label} is inside {_label(by_id, ancestor)}, which is read-restricted"
    return None


def named(by_id: dict[int, Category], category: Category, names: Iterable[str]) -> bool:
    """True when `names` hold the category or a parent: by id, slug or slug path."""
    wanted = set(names)
    for c in lineage(by_id, category):
        if c is not None and wanted & {str(c.id), c.slug, slug_path(by_id, c)}:
            return True
    return False


def find(by_id: dict[int, Category], name: str) -> list[Category]:
    """The categories a setting or an argument names (a bare slug may name several)."""
    return [
        c
        for c in by_id.values()
        if name in (str(c.id), slug_path(by_id, c)) or ("/" not in name and c.slug == name)
    ]


def by_path(categories: Iterable[Category], path: str) -> Category | None:
    """Resolve a /c/ path as Discourse does: slugs from the top level down, or an id last."""
    rows, parts = list(categories), path.strip("/").split("/")
    if parts[-1].isdigit():
        return next((c for c in rows if c.id == int(parts[-1])), None)
    found = None
    for slug in parts:
        parent = found.id if found else None
        found = next((c for c in rows if c.slug == slug and c.parent_category_id == parent), None)
        if found is None:
            return None
    return found


def support_paths(forum, support: tuple[str, ...]) -> list[str]:
    """The /c/ paths of the categories COOPBOT_SUPPORT_CATEGORIES names that the forum has."""
    by_id = _categories(forum)
    return sorted({slug_path(by_id, c) for name in support for c in find(by_id, name)})


def public_named(forum, name: str) -> Category | None:
    """The one public category a setting names (id, slug or slug path), from the cached
    list; None when the forum has none, or several, or it is not public."""
    by_id = _categories(forum)
    found = [c for c in find(by_id, name) if restriction(by_id, c.id) is None]
    return found[0] if len(found) == 1 else None


def slug(forum, category_id: int | None) -> str:
    """The category's own slug, as Discourse's post webhooks send it; '' when unknown."""
    category = _categories(forum).get(category_id)
    return category.slug if category else ""


def restricted_ids(forum) -> frozenset[int]:
    """The categories the forum lists as read-restricted, or inside one that is."""
    by_id = _categories(forum)
    return frozenset(
        c.id
        for c in by_id.values()
        if any(a is not None and a.read_restricted for a in lineage(by_id, c))
    )


def public_refusal(forum, category_id: int | None) -> str | None:
    """Why nothing from this category may be kept in clear or reach the knowledge base, or
    None when it is public."""
    by_id = _categories(forum)
    why = restriction(by_id, category_id)
    if why and category_id not in by_id and getattr(forum, "learns", False):
        return f"{why}: {DRY_RUN_NOTE}"
    return why


def support_refusal(forum, category_id: int | None, support: tuple[str, ...]) -> str | None:
    """Why a topic in this category gets no suggestion, or None when it may get one."""
    by_id = _categories(forum)
    why = public_refusal(forum, category_id)
    if why or not support or named(by_id, by_id[category_id], support):
        return why
    return f"{_label(by_id, by_id[category_id])} is not in COOPBOT_SUPPORT_CATEGORIES"


def _label(by_id: dict[int, Category], category: Category) -> str:
    return f"category {category.id} ({slug_path(by_id, category)})"


def names(forum) -> dict[int, str]:
    """id -> name of every category the forum lists; empty when the forum cannot tell."""
    try:
        return {i: c.name for i, c in _categories(forum).items()}
    except ForumError as e:
        log.warning("cannot read categories: %s", e)
        return {}
