"""Message catalogs: what the bot says to members and volunteers, in French or English."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

CATALOGS = Path(__file__).parent
DEFAULT_LANGUAGE = "fr"


@cache
def catalog(language: str) -> dict[str, str]:
    """Load one language's catalog."""
    path = CATALOGS / f"{language}.json"
    if not path.exists():
        path = CATALOGS / f"{DEFAULT_LANGUAGE}.json"
    return json.loads(path.read_text(encoding="utf-8"))


def say(key: str, language: str, **values) -> str:
    """The message `key` in `language`, filled with values; French when missing."""
    text = catalog(language).get(key) or catalog(DEFAULT_LANGUAGE)[key]
    return text.format(**values)
