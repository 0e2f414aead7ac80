"""Which categories are public and which are support categories (cached per process)."""

from __future__ import annotations

import logging
import threading
import time
import weakref

from bot.forum.client import ForumError

log = logging.getLogger("coopbot.categories")
REFRESH_SECONDS = 600
_lock = threading.Lock()
# Keyed by the client itself: an id() is reused once a client is gone, and a new forum
# client would then be answered with the categories of another forum.
_cache: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _categories(forum) -> dict:
    """id -> Category, refreshed every few minutes."""
    with _lock:
        cached = _cache.get(forum)
        if cached and time.monotonic() - cached[0] < REFRESH_SECONDS:
            return cached[1]
    found = {c.id: c for c in forum.categories()}
    with _lock:
        _cache[forum] = (time.monotonic(), found)
    return found


def is_public(forum, category_id: int | None) -> bool:
    """False for read-restricted categories, and when the forum cannot tell (fail closed)."""
    try:
        category = _categories(forum).get(category_id)
    except ForumError as e:
        log.warning("cannot read categories: %s", e)
        raise
    return category is not None and not category.read_restricted


def restricted_ids(forum) -> frozenset[int]:
    """The ids of the categories the forum lists as read-restricted."""
    return frozenset(c.id for c in _categories(forum).values() if c.read_restricted)


def is_support(forum, category_id: int | None, support: tuple[str, ...]) -> bool:
    """A public category named in COOPBOT_SUPPORT_CATEGORIES (any public one when unset)."""
    if not is_public(forum, category_id):
        return False
    if not support:
        return True
    category = _categories(forum)[category_id]
    return category.slug in support or str(category.id) in support
