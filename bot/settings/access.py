"""Check the settings that guard access: webhook secrets, the health token, the triage login."""

from __future__ import annotations

import re
from dataclasses import fields
from typing import TYPE_CHECKING

from bot.settings.reading import SettingsError

if TYPE_CHECKING:
    from bot.settings.model import Settings

MIN_SECRET_LENGTH = 12  # Discourse refuses shorter webhook secrets; a short token is guessable
CONNECT_SECRET_MIN_CHARS = 10  # as Discourse's own discourse_connect_secret


def check_webhook_secrets(s: Settings) -> None:
    """Refuse a webhook secret or token too short to be safe, without showing it."""
    for f in fields(s):
        if not f.name.endswith(("_webhook_secret", "_webhook_token")):
            continue
        for value in getattr(s, f.name):
            if len(value) < MIN_SECRET_LENGTH:
                raise SettingsError(
                    f"COOPBOT_{f.name.upper()}: expected at least {MIN_SECRET_LENGTH} characters "
                    f"(Discourse's own minimum), got {len(value)}"
                )


def check_group_names(groups: tuple[str, ...]) -> None:
    """Discourse group names: letters, digits, `_`, `.` and `-`, at most 60 of them."""
    for group in groups:
        if not re.fullmatch(r"[\w.-]{1,60}", group):
            raise SettingsError(
                f"COOPBOT_TRIAGE_GROUPS: expected comma-separated Discourse group names, "
                f"got {group!r}"
            )


def check_health_token(s: Settings) -> None:
    """Refuse a health token too short to be safe, without showing it."""
    if s.health_token and len(s.health_token) < MIN_SECRET_LENGTH:
        raise SettingsError(
            f"COOPBOT_HEALTH_TOKEN: expected at least {MIN_SECRET_LENGTH} characters, "
            f"got {len(s.health_token)}"
        )


def check_triage(s: Settings) -> None:
    """The page's address and its login: Secure cookies need https away from this machine."""
    if not re.match(r"^https?://[^\s/]+", s.public_url):
        raise SettingsError(f"COOPBOT_PUBLIC_URL: expected http(s)://host, got {s.public_url!r}")
    if s.public_url.startswith("http://") and not s.local_http:
        raise SettingsError(
            "COOPBOT_PUBLIC_URL: expected https:// (plain http only on 127.0.0.1 or localhost), "
            f"got {s.public_url!r}"
        )
    if s.discourse_connect_secret and not s.discourse_url:
        raise SettingsError("COOPBOT_DISCOURSE_CONNECT_SECRET: needs COOPBOT_DISCOURSE_URL")
    if s.discourse_connect_secret and len(s.discourse_connect_secret) < CONNECT_SECRET_MIN_CHARS:
        raise SettingsError(
            f"COOPBOT_DISCOURSE_CONNECT_SECRET: expected at least {CONNECT_SECRET_MIN_CHARS} "
            f"characters, got {len(s.discourse_connect_secret)}"
        )
