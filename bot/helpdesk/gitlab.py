"""GitLab's REST API: an issue's notes, and an internal note."""

from __future__ import annotations

import re
from urllib.parse import quote

from bot.helpdesk.client import HelpdeskRejected, TicketRef
from bot.helpdesk.http import call

# https://git.example.coop/group/project/-/issues/23 (and the older .../project/issues/23)
ISSUE_PATH = re.compile(r"^/(?P<project>.+?)(?:/-)?/issues/(?P<iid>\d+)/?$")
PER_PAGE = 100


class GitLabHelpdesk:
    """A HelpdeskClient for one GitLab, with a token allowed to comment on issues."""

    def __init__(self, url: str, token: str, *, timeout: float = 10.0) -> None:
        self.url = url.rstrip("/")
        self.headers = {"PRIVATE-TOKEN": token}
        self.timeout = timeout

    def notes(self, ticket: TicketRef) -> list[str]:
        """GET .../issues/{iid}/notes: the bodies of the issue's notes."""
        found = call(
            "GET",
            self._notes_url(ticket),
            headers=self.headers,
            timeout=self.timeout,
            params={"per_page": PER_PAGE, "sort": "desc"},
        )
        return [str(n.get("body") or "") for n in found if isinstance(n, dict)]

    def add_note(self, ticket: TicketRef, body: str) -> None:
        """POST .../issues/{iid}/notes with internal: true (agents and reporters+ only)."""
        call(
            "POST",
            self._notes_url(ticket),
            headers=self.headers,
            timeout=self.timeout,
            json={"body": body, "internal": True},
        )

    def tags(self, _ticket: TicketRef) -> list[str]:
        """GitLab's Issue Hook carries the labels already."""
        return []

    def _notes_url(self, ticket: TicketRef) -> str:
        """The notes of an issue on this GitLab; an issue elsewhere is refused, never called."""
        if not ticket.url.startswith(self.url + "/"):
            raise HelpdeskRejected(0, f"issue {ticket.url!r} is not on {self.url}")
        match = ISSUE_PATH.match(ticket.url[len(self.url) :])
        if match is None:
            raise HelpdeskRejected(0, f"cannot read a project and an issue in {ticket.url!r}")
        project = quote(match["project"], safe="")
        return f"{self.url}/api/v4/projects/{project}/issues/{match['iid']}/notes"
