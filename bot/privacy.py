"""Privacy filters applied before anything is stored or posted."""

from __future__ import annotations

import re

EMAIL = re.compile(rb"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
EMAIL_TEXT = re.compile(EMAIL.pattern.decode())
REDACTED = "[e-mail]"


def redact_emails(text: str) -> str:
    """Replace every e-mail address in a text."""
    return EMAIL_TEXT.sub(REDACTED, text)


def redact_email_bytes(body: bytes) -> bytes:
    """Replace every e-mail address in a raw body kept for audit."""
    return EMAIL.sub(REDACTED.encode(), body)
