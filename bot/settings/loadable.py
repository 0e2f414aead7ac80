"""Check that what a setting names can be loaded: the digest schedule, the synonym file, the
service catalogue."""

from __future__ import annotations

from bot.settings.reading import SettingsError


def check_cron(expression: str, timezone: str) -> None:
    """Stop start-up on a digest schedule APScheduler cannot read."""
    from apscheduler.triggers.cron import CronTrigger

    try:
        CronTrigger.from_crontab(expression, timezone=timezone)
    except ValueError as error:
        raise SettingsError(
            f"COOPBOT_DIGEST_CRON: expected crontab fields such as '0 9 * * mon', "
            f"got {expression!r} ({error})"
        ) from None


def check_synonyms(path: str) -> None:
    """Stop start-up on a synonym file that cannot be read or parsed."""
    from knowledge.errors import KnowledgeFormatError
    from knowledge.synonyms import load_synonyms

    try:
        load_synonyms(path)
    except OSError as error:
        raise SettingsError(f"COOPBOT_SYNONYMS_FILE: cannot read {path!r}: {error}") from None
    except KnowledgeFormatError as error:
        raise SettingsError(f"COOPBOT_SYNONYMS_FILE: {error}") from None


def check_services(path: str) -> None:
    """Stop start-up on a service catalogue with errors, one line each."""
    from bot.incidents.catalogue import check_catalogue

    problems = check_catalogue(path)
    if problems:
        raise SettingsError("\n".join(f"COOPBOT_SERVICES_FILE: {p}" for p in problems))
