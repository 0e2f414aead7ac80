"""Find e-mail addresses in one pass over a text: a scan around each "@".

A pattern searched over the whole text retries its local part at every character, which
is quadratic on a long run of letters; here each "@" reads the domain after it and the
local part before it, and neither read crosses another "@", so each character is read
at most twice whatever the text.
"""

from __future__ import annotations

import re

REDACTED = "[e-mail]"
# Combining accents: a decomposed "é" is an "e" and one of these.
MARKS = "\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
# A local part: RFC 5322's characters and dots, and any letter or digit (RFC 6531).
LOCAL_CHARACTER = rf"[\w{MARKS}.!#$%&'*+/=?^`{{|}}~-]"
# Read backwards from the "@", on the reversed text: the run, cut at its first letter or
# digit when it has one, so that "**marie@..." keeps its "**".
LOCAL_BACKWARDS = re.compile(rf"{LOCAL_CHARACTER}*[\w{MARKS}]|{LOCAL_CHARACTER}+")
# A quoted local part ("john doe"@...), read backwards too; RFC 5321 caps it at 64.
QUOTED_BACKWARDS = re.compile(r'"[^"\\\n]{1,64}"')
# "@", then labels of letters (any script), digits and hyphens ending on a top-level
# domain of letters or punycode; localhost; an IP literal. Each label ends on a dot, so the
# labels cannot be split two ways and a failed match gives back each character once.
AT_DOMAIN = re.compile(
    rf"@(?:(?:[\w{MARKS}-]+\.)+(?:xn--[\w-]+|[^\W\d_]{{2,}})"
    r"|localhost\b"
    r"|\[(?:IPv6:[0-9a-f:.]+|\d{1,3}(?:\.\d{1,3}){3})\])",
    re.I,
)


def redact_emails(text: str) -> str:
    """Replace every e-mail address in a text."""
    if "@" not in text:
        return text
    backwards = None
    pieces, done = [], 0
    for domain in AT_DOMAIN.finditer(text):
        backwards = backwards or text[::-1]
        start = _local_start(backwards, domain.start(), done)
        if start is not None:
            pieces += (text[done:start], REDACTED)
            done = domain.end()
    pieces.append(text[done:])
    return "".join(pieces)


def _local_start(backwards: str, at: int, floor: int) -> int | None:
    """Where the local part before the "@" at `at` starts (not before floor), or None."""
    # backwards[len - 1 - i] is text[i]: the character before the "@" is backwards[len - at].
    first, last = len(backwards) - at, len(backwards) - floor
    for pattern in (QUOTED_BACKWARDS, LOCAL_BACKWARDS):
        local = pattern.match(backwards, first, last)
        if local:
            return at - (local.end() - first)
    return None
