"""Check the values a cast alone cannot, in a fixed order: the first problem stops start-up."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.settings.access import (
    check_group_names,
    check_health_token,
    check_triage,
    check_webhook_secrets,
)
from bot.settings.loadable import check_cron, check_services, check_synonyms
from bot.settings.reading import SettingsError
from knowledge.anchors import STYLES as ANCHOR_STYLES

if TYPE_CHECKING:
    from bot.settings.model import Settings

DEFAULT_DATABASE_URL = "sqlite:///coopbot.db"
LANGUAGES = ("fr", "en")


def validate(s: Settings) -> None:
    """Check values that a cast alone cannot."""
    _check_choices(s)
    _check_addresses(s)
    _check_fraction("COOPBOT_SUGGEST_THRESHOLD", s.suggest_threshold)
    _check_fraction("COOPBOT_AUTO_REPLY_CONFIDENCE", s.auto_reply_confidence)
    _check_fraction("COOPBOT_INCIDENT_AUTO_THRESHOLD", s.incident_auto_threshold)
    _check_fraction("COOPBOT_INCIDENT_PROPOSE_THRESHOLD", s.incident_propose_threshold)
    if s.synonyms_file:
        check_synonyms(s.synonyms_file)
    if s.services_file:
        check_services(s.services_file)
    _check_helpdesk(s)
    check_webhook_secrets(s)
    _check_names(s)
    check_group_names(s.triage_groups)
    check_cron(s.digest_cron, s.timezone)
    check_health_token(s)
    check_triage(s)


def _check_choices(s: Settings) -> None:
    """Refuse an unknown language, anchor style or time zone."""
    if s.language not in LANGUAGES:
        raise SettingsError(f"COOPBOT_LANGUAGE: expected one of fr, en, got {s.language!r}")
    if s.kb_anchor_style not in ANCHOR_STYLES:
        raise SettingsError(
            f"COOPBOT_KB_ANCHOR_STYLE: expected one of {', '.join(ANCHOR_STYLES)},"
            f" got {s.kb_anchor_style!r}"
        )
    try:
        ZoneInfo(s.timezone)
    except (ZoneInfoNotFoundError, ValueError):
        raise SettingsError(
            f"COOPBOT_TIMEZONE: expected an IANA time zone such as Europe/Paris, got {s.timezone!r}"
        ) from None


def _check_addresses(s: Settings) -> None:
    """Refuse a malformed forum or database address, or a forum without its API key."""
    if s.discourse_url and not re.match(r"^https?://[^\s/]+", s.discourse_url):
        raise SettingsError(
            f"COOPBOT_DISCOURSE_URL: expected http(s)://host, got {s.discourse_url!r}"
        )
    if s.discourse_url and not s.discourse_api_key:
        raise SettingsError("COOPBOT_DISCOURSE_API_KEY: required when COOPBOT_DISCOURSE_URL is set")
    if not re.match(r"^[a-z]+(\+[a-z0-9]+)?://", s.database_url):
        raise SettingsError(
            f"COOPBOT_DATABASE_URL: expected a SQLAlchemy URL such as {DEFAULT_DATABASE_URL}, "
            f"got {s.database_url!r}"
        )


def _check_fraction(name: str, value: float | None) -> None:
    """A confidence is in (0, 1]; the cast already refused zero and below."""
    if value is not None and value > 1:
        raise SettingsError(f"{name}: expected a number in (0, 1], got {value}")


def _check_helpdesk(s: Settings) -> None:
    """A helpdesk API needs its URL and its token together."""
    for name in ("zammad", "gitlab"):
        url, token = getattr(s, f"{name}_url"), getattr(s, f"{name}_api_token")
        if token and not re.match(r"^https?://[^\s/]+", url):
            raise SettingsError(
                f"COOPBOT_{name.upper()}_URL: expected http(s)://host with "
                f"COOPBOT_{name.upper()}_API_TOKEN, got {url!r}"
            )


def _check_names(s: Settings) -> None:
    """Refuse an unknown reply language or a malformed forum id."""
    unknown = [lang for lang in s.reply_languages if lang not in LANGUAGES]
    if unknown:
        raise SettingsError(
            f"COOPBOT_REPLY_LANGUAGES: expected some of {', '.join(LANGUAGES)}, got {unknown}"
        )
    if not re.match(r"^[A-Za-z0-9_-]{1,64}$", s.forum_id):
        raise SettingsError(
            f"COOPBOT_FORUM_ID: expected letters, digits, - or _, got {s.forum_id!r}"
        )
