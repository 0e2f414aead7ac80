"""Which categories are public and which are support categories (cached per process)."""

from __future__ import annotations

import logging
import threading
import time

from bot.forum.client import ForumError

log = logging.getLogger("coopbot.categories")
REFRESH_SECONDS = 600
_lock = threading.Lock()
_cache: dict[int, tuple[float, dict]] = {}


def _categories(forum) -> dict:
    """id -> Category, refreshed every few minutes."""
    key = id(forum)
    with _lock:
        cached = _cache.get(key)
        if cached and time.monotonic() - cached[0] < REFRESH_SECONDS:
            return cached[1]
    found = {c.id: c for c in forum.categories()}
    with _lock:
        _cache[key] = (time.monotonic(), found)
    return found


def is_public(forum, category_id: int | None) -> bool:
    """False for read-restricted categories, and when the forum cannot tell (fail closed)."""
    try:
        category = _categories(forum).get(category_id)
    except ForumError as e:
        log.warning("cannot read categories: %s", e)
        raise
    return category is not None and not category.read_restricted


def is_support(forum, category_id: int | None, support: tuple[str, ...]) -> bool:
    """A public category named in COOPBOT_SUPPORT_CATEGORIES (any public one when unset)."""
    if not is_public(forum, category_id):
        return False
    if not support:
        return True
    category = _categories(forum)[category_id]
    return category.slug in support or str(category.id) in support


def find(forum, category: int | str | None):
    """A category by id, or by slug (or id) as text, from the cached list; None if unknown."""
    found = _categories(forum)
    if isinstance(category, str):
        return next((c for c in found.values() if category in (c.slug, str(c.id))), None)
    return found.get(category)
