"""Keep nothing from read-restricted categories in clear.

A webhook does not say whether a post's category is restricted. The worker asks the forum
(through bot.forum.categories) before any handler runs, scrubs what it finds restricted,
and stores the ids of the restricted categories; receivers read them and keep no content
(no event, no raw body) of a delivery in a category already known restricted.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from dataclasses import MISSING, fields, replace

from bot.events import Event
from bot.forum import categories
from bot.store import inbox, state
from bot.store.inbox import Incoming

log = logging.getLogger("coopbot.restricted")
RESTRICTED = "read-restricted category"
UNKNOWN = "category unknown to the forum"
KNOWN = "categories.read_restricted"  # key_value: JSON list of category ids
KNOWN_SECONDS = 30  # how long a process trusts its copy of the known ids
# What a scrubbed event keeps: where it was and when, no text and no author.
KEPT = frozenset(
    {"post_id", "topic_id", "post_number", "reply_to_post_number", "category_id"}
    | {"created_at", "updated_at", "version"}
)
_lock = threading.Lock()
_known: dict[tuple[str, str], tuple[float, frozenset[int]]] = {}


def category_of(event: Event | None) -> int | None:
    """The forum category of a post or topic event; None for any other event."""
    return getattr(event, "category_id", None)


def reason(forum, category_id: int | None) -> str | None:
    """Why a category's content must not stay in clear, or None for a public one."""
    if categories.is_public(forum, category_id):
        return None
    return RESTRICTED if category_id in categories.restricted_ids(forum) else UNKNOWN


def withhold(incoming: Incoming, reason_for) -> Incoming:
    """The delivery with neither event nor raw body when reason_for(category) says why."""
    category = category_of(incoming.event)
    why = reason_for(category) if category is not None else None
    if why is None:
        return incoming
    return replace(incoming, event=None, raw_body=None, ignored_reason=why)


def withhold_known(engine, forum_id: str, incoming: Incoming) -> Incoming:
    """The delivery without content when its category is already known restricted."""
    return withhold(incoming, lambda c: RESTRICTED if c in known(engine, forum_id) else None)


def without_content(event: Event) -> Event:
    """The event with only its ids and times."""
    return replace(event, **{f.name: _empty(f) for f in fields(event) if f.name not in KEPT})


def _empty(field):
    """A field's default, or the empty text for a required one (a username, a title)."""
    if field.default is not MISSING:
        return field.default
    return field.default_factory() if field.default_factory is not MISSING else ""


def scrub_if_restricted(context, row_id: int, event: Event) -> bool:
    """Scrub and settle an inbox row whose category is not public; True when it was."""
    category = category_of(event)
    if category is None:
        return False
    forum, forum_id = context.forum, context.settings.forum_id
    why = reason(forum, category)
    remember(context.engine, forum_id, categories.restricted_ids(forum))
    if why is None:
        return False
    inbox.scrub(context.engine, row_id, without_content(event).to_json(), why)
    log.info("event %s: %s %s, its content scrubbed", row_id, why, category)
    return True


def known(engine, forum_id: str) -> frozenset[int]:
    """The categories known restricted, as this process last read them."""
    key = (str(engine.url), forum_id)
    with _lock:
        read_at, ids = _known.get(key, (float("-inf"), frozenset()))
    if time.monotonic() - read_at < KNOWN_SECONDS:
        return ids
    stored = state.get(engine, forum_id, KNOWN)
    ids = frozenset(json.loads(stored[0])) if stored else frozenset()
    with _lock:
        _known[key] = (time.monotonic(), ids)
    return ids


def remember(engine, forum_id: str, ids: frozenset[int]) -> None:
    """Store the restricted categories the forum lists, when they changed."""
    if ids == known(engine, forum_id):
        return
    state.put(engine, forum_id, KNOWN, json.dumps(sorted(ids)))
    with _lock:
        _known[(str(engine.url), forum_id)] = (time.monotonic(), ids)


def forget_known() -> None:
    """Drop this process's copies of the known ids (a test that emptied the table)."""
    with _lock:
        _known.clear()
