"""What the bot asks of a helpdesk: read a ticket's notes, add an internal one."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol


class HelpdeskError(Exception):
    """Base of every error a helpdesk client raises."""


class HelpdeskUnavailable(HelpdeskError):
    """No usable answer (5xx, timeout, refused connection): try again later."""


class HelpdeskRejected(HelpdeskError):
    """The helpdesk refused (401, 403, 404, 422): retrying will not help."""

    def __init__(self, status: int, message: str = "") -> None:
        super().__init__(f"HTTP {status}: {message}" if message else f"HTTP {status}")
        self.status = status


@dataclass(frozen=True, kw_only=True)
class TicketRef:
    """A ticket as events name it: Zammad's id, or GitLab's issue id, iid and web URL."""

    system: str
    ticket_id: int
    number: str = ""
    url: str = ""


class HelpdeskClient(Protocol):
    """Every helpdesk call the bot makes; each raises only HelpdeskError subclasses."""

    def notes(self, ticket: TicketRef) -> list[str]:
        """The bodies of the ticket's articles or notes, internal ones included."""
        ...

    def add_note(self, ticket: TicketRef, body: str) -> None:
        """Add an internal note, visible to agents only."""
        ...

    def tags(self, ticket: TicketRef) -> list[str]:
        """The ticket's tags or labels."""
        ...
