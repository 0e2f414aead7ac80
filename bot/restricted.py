"""Keep nothing from read-restricted categories in clear.

A webhook does not say whether a post's category is restricted. The worker asks the forum
(through bot.forum.categories, subcategories included) before any handler runs, scrubs what
is not public (read-restricted, inside a read-restricted parent, or unknown to the forum:
failing closed), and stores the ids of the restricted categories; receivers read them and
keep no content (no event, no raw body) of a delivery in a category already known
restricted. The dry-run forum, which has no category list to ask, is first shown the
category when COOPBOT_SUPPORT_CATEGORIES names it.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from dataclasses import MISSING, fields, replace

from bot.events import Event
from bot.forum import categories, learning
from bot.incoming import Incoming
from bot.store import inbox, state

log = logging.getLogger("coopbot.restricted")
RESTRICTED = "read-restricted category"  # what a receiver says of a withheld delivery
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
    """Why a category's content must not stay in clear (read-restricted, inside a restricted
    parent, or unknown to the forum: failing closed), or None for a public one."""
    return categories.public_refusal(forum, category_id)


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


def scrub_if_restricted(context, row_id: int, event: Event) -> str | None:
    """Scrub and settle an inbox row whose category is not public; the reason when it was.

    The dry-run forum first learns the category when COOPBOT_SUPPORT_CATEGORIES names it
    (it has no API to ask), so that a named category is public and the rest stays private.
    """
    category = category_of(event)
    if category is None:
        return None
    engine, forum, forum_id = context.engine, context.forum, context.settings.forum_id
    learning.learn_category(context, event)
    why = reason(forum, category)
    ids = categories.restricted_ids(forum)
    changed = ids != known(engine, forum_id)
    if why is None and not changed:
        return None
    with engine.begin() as conn:  # the restricted ids and the scrubbed row, together
        if changed:
            state.put(conn, forum_id, KNOWN, json.dumps(sorted(ids)))
        if why is not None:
            inbox.scrub(conn, row_id, without_content(event).to_json(), why)
    if changed:
        _keep(engine, forum_id, ids)
    if why is not None:
        log.info("event %s (category %s) scrubbed: %s", row_id, category, why)
    return why


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
    with engine.begin() as conn:
        state.put(conn, forum_id, KNOWN, json.dumps(sorted(ids)))
    _keep(engine, forum_id, ids)


def _keep(engine, forum_id: str, ids: frozenset[int]) -> None:
    """This process's copy of the ids just stored."""
    with _lock:
        _known[(str(engine.url), forum_id)] = (time.monotonic(), ids)


def forget_known() -> None:
    """Drop this process's copies of the known ids (a test that emptied the table)."""
    with _lock:
        _known.clear()
