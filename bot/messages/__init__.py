"""What the bot says to members and volunteers, from gettext catalogs (French, English).

The source texts are English (`texts.py`); bot/messages/<lang>/LC_MESSAGES/bot.po holds a
language's translations, compiled to the bot.mo beside it that ships in the package.
"""

from __future__ import annotations

import gettext
from functools import cache
from pathlib import Path

from bot.messages.texts import MESSAGES

CATALOGS = Path(__file__).parent
DOMAIN = "bot"


@cache
def translations(language: str) -> gettext.NullTranslations:
    """One language's catalog; the English source texts when it has none."""
    try:
        return gettext.translation(DOMAIN, CATALOGS, languages=[language])
    except FileNotFoundError:
        return gettext.NullTranslations()


def say(key: str, language: str, **values) -> str:
    """The message `key` in `language`, filled with values; English when untranslated."""
    return translations(language).pgettext(key, MESSAGES[key]).format(**values)
