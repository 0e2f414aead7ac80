"""Show settings without showing their secrets."""

from __future__ import annotations

import re

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

MASK = "***"
# Query parameters that drivers read as credentials (password=, sslpassword=, auth tokens).
SECRET_PARAMETER = re.compile(r"pass|pwd|secret|token|key", re.I)


def mask_secret(value) -> str:
    """Show that a secret is set without showing it."""
    if isinstance(value, tuple):
        return ", ".join(mask_secret(v) for v in value) or "(not set)"
    return f"***{len(value)} chars" if value else "(not set)"


def mask_database_url(value: str) -> str:
    """The URL as SQLAlchemy reads it, password and credential parameters masked."""
    fully_masked = value.split("://", 1)[0] + "://" + MASK if "://" in value else MASK
    try:
        url = make_url(value)
    except (ArgumentError, ValueError):
        return fully_masked
    # A second @ means an unescaped one in the password, which SQLAlchemy reads as part of
    # the host or database: no part of the URL can be shown safely.
    if value.count("@") > 1 or ("@" in value and url.username is None):
        return fully_masked
    secret = {name: MASK for name in url.query if SECRET_PARAMETER.search(name)}
    shown = url.update_query_dict(secret).render_as_string(hide_password=True)
    return shown.replace("%2A%2A%2A", MASK)  # the query's mask, escaped by the rendering
