"""Helpdesks the bot writes internal notes in: Zammad and GitLab, each behind one Protocol."""

from __future__ import annotations

from bot.helpdesk.client import (
    HelpdeskClient,
    HelpdeskError,
    HelpdeskRejected,
    HelpdeskUnavailable,
    TicketRef,
)

__all__ = [
    "HelpdeskClient",
    "HelpdeskError",
    "HelpdeskRejected",
    "HelpdeskUnavailable",
    "TicketRef",
    "client_for",
]


def client_for(settings, system: str) -> HelpdeskClient | None:
    """The helpdesk adapter of a system when its API token is set, else None."""
    timeout = settings.discourse_timeout
    if system == "zammad" and settings.zammad_api_token:
        from bot.helpdesk.zammad import ZammadHelpdesk

        return ZammadHelpdesk(settings.zammad_url, settings.zammad_api_token, timeout=timeout)
    if system == "gitlab" and settings.gitlab_api_token:
        from bot.helpdesk.gitlab import GitLabHelpdesk

        return GitLabHelpdesk(settings.gitlab_url, settings.gitlab_api_token, timeout=timeout)
    return None
