"""Text every database can store: no lone surrogate, no NUL (pure).

JSON may escape half an emoji ("\\ud83d"); no UTF-8 can encode it, so no database stores
it. Nor does PostgreSQL store NUL ("\\u0000") in text: an event holding one would fail at
every attempt. Both become U+FFFD, in webhook payloads and in the forum's answers alike."""

from __future__ import annotations

import re

UNSTORABLE = re.compile("[\ud800-\udfff\x00]")
REPLACEMENT = "\ufffd"


def storable(value):
    """Replace lone surrogates and NULs by U+FFFD in every string of a document, keys included."""
    if isinstance(value, str):
        return UNSTORABLE.sub(REPLACEMENT, value) if _suspect(value) else value
    if isinstance(value, dict):
        return {storable(k): storable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [storable(v) for v in value]
    return value


def _suspect(text: str) -> bool:
    """Say whether a string may hold a lone surrogate or a NUL (most are plain ASCII)."""
    return not text.isascii() or "\x00" in text
