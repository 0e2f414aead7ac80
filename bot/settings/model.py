"""The Settings dataclass: every setting of coopbot with its default, read from COOPBOT_*."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from urllib.parse import urlsplit

from bot.masking import mask_database_url, mask_secret
from bot.settings.checks import DEFAULT_DATABASE_URL, LANGUAGES, validate
from bot.settings.reading import cast
from knowledge.anchors import GITHUB

SECRET_FIELDS = (
    "discourse_api_key",
    "discourse_webhook_secret",
    "zammad_webhook_secret",
    "gitlab_webhook_token",
    "cachet_webhook_secret",
    "status_webhook_token",
    "secret_key",
    "health_token",
    "discourse_connect_secret",
    "zammad_api_token",
    "gitlab_api_token",
    "calendar_url",  # a shared calendar's URL is a capability (Nextcloud puts a token in it)
)
LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")


@dataclass(frozen=True, kw_only=True)
class Settings:
    """Every setting of coopbot, with its default."""

    database_url: str = DEFAULT_DATABASE_URL
    forum_id: str = "default"
    discourse_url: str = ""
    discourse_api_key: str = ""
    discourse_api_username: str = "system"
    discourse_timeout: float = 10.0
    discourse_webhook_secret: tuple[str, ...] = ()
    zammad_webhook_secret: tuple[str, ...] = ()
    gitlab_webhook_token: tuple[str, ...] = ()
    cachet_webhook_secret: tuple[str, ...] = ()
    status_webhook_token: tuple[str, ...] = ()
    bot_username: str = "coopbot"
    support_categories: tuple[str, ...] = ()
    triage_groups: tuple[str, ...] = ()
    language: str = "fr"
    timezone: str = "Europe/Paris"
    max_body_bytes: int = 1024 * 1024
    secret_key: str = ""
    raw_retention_days: int = 14
    done_retention_days: int = 30
    max_attempts: int = 8
    forum_outage_hours: float = 48.0
    reconcile_minutes: int = 10
    worker_poll_seconds: float = 1.0
    log_level: str = "INFO"
    suggest_threshold: float | None = None
    synonyms_file: str = ""
    kb_anchor_style: str = GITHUB  # how the documentation site slugs its headings
    health_token: str = ""
    public_url: str = "http://127.0.0.1:8000"
    discourse_connect_secret: str = ""
    digest_cron: str = "0 9 * * mon"  # crontab fields, in the coop's time zone
    digest_category: str = ""  # slug, name or id; unset: no digest is posted
    digest_review: bool = False
    digest_grace_days: int = 2
    governance_categories: tuple[str, ...] = ()
    calendar_url: str = ""
    reply_languages: tuple[str, ...] = LANGUAGES
    auto_reply_categories: tuple[str, ...] = ()
    auto_reply_confidence: float = 0.9
    auto_reply_daily_cap: int = 10
    services_file: str = ""
    incident_auto_threshold: float | None = None
    incident_propose_threshold: float | None = None
    incident_confirm_seconds: int = 300
    incident_review_resolution: bool = False  # a volunteer approves the resolution's text
    status_category: str = ""
    status_page_url: str = ""
    zammad_url: str = ""
    zammad_api_token: str = ""
    gitlab_url: str = ""
    gitlab_api_token: str = ""

    @property
    def dry_run(self) -> bool:
        """True while no Discourse is configured: posts are recorded, not sent."""
        return not self.discourse_url

    @property
    def local_http(self) -> bool:
        """True when volunteers reach the bot over plain http on this machine (development)."""
        url = urlsplit(self.public_url)
        return url.scheme == "http" and url.hostname in LOCAL_HOSTS

    @property
    def discourse_connect(self) -> bool:
        """True when volunteers log in with their forum account (DiscourseConnect)."""
        return bool(self.discourse_connect_secret)

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """Read COOPBOT_* variables, cast and validate them."""
        env = os.environ if environ is None else environ
        values = {}
        for f in fields(cls):
            name = "COOPBOT_" + f.name.upper()
            if env.get(name, "").strip() != "":
                values[f.name] = cast(name, f.type, env[name].strip())
        settings = cls(**values)
        validate(settings)
        return settings

    def with_(self, **changes) -> Settings:
        """Return a copy with some settings changed (tests, CLI flags)."""
        return replace(self, **changes)

    def masked(self) -> dict[str, object]:
        """Every setting, with secrets masked, for display."""
        shown = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if f.name in SECRET_FIELDS:
                value = mask_secret(value)
            elif f.name == "database_url":
                value = mask_database_url(value)
            shown["COOPBOT_" + f.name.upper()] = value
        return shown
