"""Event kind -> handler. Handlers are idempotent: running one twice has the effect of once."""

from __future__ import annotations

import logging
from collections.abc import Callable

from bot.events import Event

log = logging.getLogger("coopbot.handlers")
Handler = Callable[[object, Event], str | None]
HANDLERS: dict[str, list[Handler]] = {}


def handles(*kinds: str):
    """Register a handler for event kinds; it returns None when done, or why it skipped."""

    def register(func: Handler) -> Handler:
        for kind in kinds:
            HANDLERS.setdefault(kind, []).append(func)
        return func

    return register


def handlers_for(kind: str) -> list[Handler]:
    """Every handler registered for a kind (none means the event is recorded only)."""
    return HANDLERS.get(kind, [])


@handles("post_created", "post_edited", "topic_created", "user_changed")
def note_forum_activity(context, event: Event) -> None:
    """Forum activity is kept in the inbox for the digest; nothing else to do yet."""
    log.debug("forum activity %s", event.kind)


@handles("solution_accepted", "solution_unaccepted", "ticket_changed", "incident_updated")
def note_pending_capability(context, event: Event) -> None:
    """Recorded for the capabilities that act on these events."""
    log.debug("recorded %s", event.kind)
