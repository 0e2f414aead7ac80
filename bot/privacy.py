"""Privacy filters applied before anything is stored or posted."""

from __future__ import annotations

import json
import re

from bot.emails import REDACTED, redact_emails
from bot.events import Event

__all__ = ["REDACTED", "redact_data", "redact_emails", "redact_event_json", "redact_json_body"]

# A JSON body may spell "@" as an escape; only a body holding neither is left unparsed.
AT_SIGN_BYTES = re.compile(rb"@|\\u0040", re.I)


def redact_data(value):
    """Return JSON-like data with every address in its strings and keys replaced."""
    # An explicit stack: a sender's JSON may nest deeper than Python's recursion limit.
    holder: list = [None]
    stack = [(value, holder, 0)]
    while stack:
        item, parent, key = stack.pop()
        if isinstance(item, str):
            parent[key] = redact_emails(item)
        elif isinstance(item, dict):
            parent[key] = copy = {}
            for name, member in item.items():
                name = redact_emails(name) if isinstance(name, str) else name
                copy[name] = None
                stack.append((member, copy, name))
        elif isinstance(item, list | tuple):
            parent[key] = copy = [None] * len(item)
            stack.extend((member, copy, index) for index, member in enumerate(item))
        else:
            parent[key] = item
    return holder[0]


def redact_event_json(event: Event) -> str:
    """The event's JSON for the inbox, every address in its fields replaced."""
    text = event.to_json()
    if "@" not in text:  # the JSON of an address always shows its "@" (ensure_ascii=False)
        return text
    return Event.from_dict(redact_data(event.to_dict())).to_json()


def redact_json_body(body: bytes) -> bytes | None:
    """A raw JSON body with every address in its strings replaced; None when unreadable."""
    if AT_SIGN_BYTES.search(body) is None:
        return body
    try:
        data = json.loads(body)
    except (ValueError, RecursionError):  # never stored when it cannot be checked
        return None
    redacted = redact_data(data)
    if redacted == data:
        return body
    return json.dumps(redacted, ensure_ascii=False, separators=(",", ":")).encode()
