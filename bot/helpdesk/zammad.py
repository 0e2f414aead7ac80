"""Zammad's REST API: a ticket's articles, and an internal note."""

from __future__ import annotations

from bot.helpdesk.client import HelpdeskError, TicketRef
from bot.helpdesk.http import call


class ZammadHelpdesk:
    """A HelpdeskClient for one Zammad, with an agent's API token."""

    def __init__(self, url: str, token: str, *, timeout: float = 10.0) -> None:
        self.url = url.rstrip("/")
        self.headers = {"Authorization": f"Token token={token}"}
        self.timeout = timeout

    def notes(self, ticket: TicketRef) -> list[str]:
        """GET /api/v1/ticket_articles/by_ticket/{id}: every article's body."""
        url = f"{self.url}/api/v1/ticket_articles/by_ticket/{ticket.ticket_id}"
        articles = call("GET", url, headers=self.headers, timeout=self.timeout)
        if not isinstance(articles, list):
            raise HelpdeskError(f"GET {url}: expected a list of articles")
        return [str(a.get("body") or "") for a in articles if isinstance(a, dict)]

    def tags(self, ticket: TicketRef) -> list[str]:
        """GET /api/v1/tags?object=Ticket&o_id={id}: Zammad's webhooks do not carry them."""
        url = f"{self.url}/api/v1/tags"
        params = {"object": "Ticket", "o_id": ticket.ticket_id}
        found = call("GET", url, headers=self.headers, timeout=self.timeout, params=params)
        tags = found.get("tags") if isinstance(found, dict) else None
        return [str(t) for t in tags] if isinstance(tags, list) else []

    def add_note(self, ticket: TicketRef, body: str) -> None:
        """POST /api/v1/ticket_articles: an internal note, which the customer never sees."""
        note = {
            "ticket_id": ticket.ticket_id,
            "body": body,
            "content_type": "text/plain",
            "type": "note",
            "internal": True,
        }
        url = f"{self.url}/api/v1/ticket_articles"
        call("POST", url, headers=self.headers, timeout=self.timeout, json=note)
