"""Privacy filters applied before anything is stored or posted."""

from __future__ import annotations

import re

EMAIL = re.compile(rb"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
EMAIL_TEXT = re.compile(EMAIL.pattern.decode())
REDACTED = "[e-mail]"
# Every address holds "@domain.tld", a search that starts on a literal and runs at C speed;
# the full pattern retries its local part at every byte, so it runs only when needed.
AT_DOMAIN = re.compile(rb"@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
AT_DOMAIN_TEXT = re.compile(AT_DOMAIN.pattern.decode())


def redact_emails(text: str) -> str:
    """Replace every e-mail address in a text."""
    if AT_DOMAIN_TEXT.search(text) is None:
        return text
    return EMAIL_TEXT.sub(REDACTED, text)


def redact_email_bytes(body: bytes) -> bytes:
    """Replace every e-mail address in a raw body kept for audit."""
    if AT_DOMAIN.search(body) is None:
        return body
    return EMAIL.sub(REDACTED.encode(), body)
