"""Settings: the only reader of the environment."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.masking import mask_database_url, mask_secret
from knowledge.anchors import STYLES as ANCHOR_STYLES

DEFAULT_DATABASE_URL = "sqlite:///coopbot.db"
LANGUAGES = ("fr", "en")
MIN_SECRET_LENGTH = 12  # Discourse refuses shorter webhook secrets; a short token is guessable
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
CONNECT_SECRET_MIN_CHARS = 10  # as Discourse's own discourse_connect_secret
LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")
BOOLEANS = {"true": True, "1": True, "yes": True, "on": True}
BOOLEANS |= {"false": False, "0": False, "no": False, "off": False}


class SettingsError(ValueError):
    """An environment variable holds a value coopbot cannot use."""


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
    kb_anchor_style: str = "github"  # how the documentation site slugs its headings
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
                values[f.name] = _cast(name, f.type, env[name].strip())
        settings = cls(**values)
        _validate(settings)
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


def _cast(name: str, kind: str, raw: str):
    """Cast one variable to the field's type, or raise SettingsError naming it."""
    if kind == "int":
        if not raw.isdigit() or int(raw) <= 0:
            raise SettingsError(f"{name}: expected a positive integer, got {raw!r}")
        return int(raw)
    if kind.startswith("float"):
        try:
            value = float(raw)
        except ValueError:
            value = -1.0
        if value <= 0:
            raise SettingsError(f"{name}: expected a positive number, got {raw!r}")
        return value
    if kind == "bool":
        if raw.lower() not in BOOLEANS:
            raise SettingsError(f"{name}: expected true or false, got {raw!r}")
        return BOOLEANS[raw.lower()]
    if kind.startswith("tuple"):
        return tuple(part.strip() for part in raw.split(",") if part.strip())
    return raw


def _validate(s: Settings) -> None:
    """Check values that a cast alone cannot."""
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
    _check_fraction("COOPBOT_SUGGEST_THRESHOLD", s.suggest_threshold)
    _check_fraction("COOPBOT_AUTO_REPLY_CONFIDENCE", s.auto_reply_confidence)
    _check_fraction("COOPBOT_INCIDENT_AUTO_THRESHOLD", s.incident_auto_threshold)
    _check_fraction("COOPBOT_INCIDENT_PROPOSE_THRESHOLD", s.incident_propose_threshold)
    if s.synonyms_file:
        _check_synonyms(s.synonyms_file)
    if s.services_file:
        _check_services(s.services_file)
    _check_helpdesk(s)
    _check_webhook_secrets(s)
    unknown = [lang for lang in s.reply_languages if lang not in LANGUAGES]
    if unknown:
        raise SettingsError(
            f"COOPBOT_REPLY_LANGUAGES: expected some of {', '.join(LANGUAGES)}, got {unknown}"
        )
    if not re.match(r"^[A-Za-z0-9_-]{1,64}$", s.forum_id):
        raise SettingsError(
            f"COOPBOT_FORUM_ID: expected letters, digits, - or _, got {s.forum_id!r}"
        )
    _check_group_names(s.triage_groups)
    _check_cron(s.digest_cron, s.timezone)
    if s.health_token and len(s.health_token) < MIN_SECRET_LENGTH:
        raise SettingsError(
            f"COOPBOT_HEALTH_TOKEN: expected at least {MIN_SECRET_LENGTH} characters, "
            f"got {len(s.health_token)}"
        )
    _validate_triage(s)


def _validate_triage(s: Settings) -> None:
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


def _check_cron(expression: str, timezone: str) -> None:
    """Stop start-up on a digest schedule APScheduler cannot read."""
    from apscheduler.triggers.cron import CronTrigger

    try:
        CronTrigger.from_crontab(expression, timezone=timezone)
    except ValueError as error:
        raise SettingsError(
            f"COOPBOT_DIGEST_CRON: expected crontab fields such as '0 9 * * mon', "
            f"got {expression!r} ({error})"
        ) from None


def _check_group_names(groups: tuple[str, ...]) -> None:
    """Discourse group names: letters, digits, `_`, `.` and `-`, at most 60 of them."""
    for group in groups:
        if not re.fullmatch(r"[\w.-]{1,60}", group):
            raise SettingsError(
                f"COOPBOT_TRIAGE_GROUPS: expected comma-separated Discourse group names, "
                f"got {group!r}"
            )


def _check_webhook_secrets(s: Settings) -> None:
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


def _check_fraction(name: str, value: float | None) -> None:
    """A confidence is in (0, 1]; the cast already refused zero and below."""
    if value is not None and value > 1:
        raise SettingsError(f"{name}: expected a number in (0, 1], got {value}")


def _check_synonyms(path: str) -> None:
    """Stop start-up on a synonym file that cannot be read or parsed."""
    from knowledge.errors import KnowledgeFormatError
    from knowledge.synonyms import load_synonyms

    try:
        load_synonyms(path)
    except OSError as error:
        raise SettingsError(f"COOPBOT_SYNONYMS_FILE: cannot read {path!r}: {error}") from None
    except KnowledgeFormatError as error:
        raise SettingsError(f"COOPBOT_SYNONYMS_FILE: {error}") from None


def _check_services(path: str) -> None:
    """Stop start-up on a service catalogue with errors, one line each."""
    from bot.incidents.catalogue import check_catalogue

    problems = check_catalogue(path)
    if problems:
        raise SettingsError("\n".join(f"COOPBOT_SERVICES_FILE: {p}" for p in problems))


def _check_helpdesk(s: Settings) -> None:
    """A helpdesk API needs its URL and its token together."""
    for name in ("zammad", "gitlab"):
        url, token = getattr(s, f"{name}_url"), getattr(s, f"{name}_api_token")
        if token and not re.match(r"^https?://[^\s/]+", url):
            raise SettingsError(
                f"COOPBOT_{name.upper()}_URL: expected http(s)://host with "
                f"COOPBOT_{name.upper()}_API_TOKEN, got {url!r}"
            )
