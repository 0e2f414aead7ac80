"""An incident scenario in the formats of ../shared/eval/incidents, as the events it makes.

Incidents become a status page's updates at their times, threads the first posts Discourse
would send, tickets Zammad's new tickets.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from bot.clock import parse_time
from bot.events import IncidentUpdated, PostCreated, TicketChanged
from bot.forum.memory import MemoryForum

SYSTEM = "eval"  # the status page the scenario's incidents come from


@dataclass(frozen=True)
class Scenario:
    """Incidents, threads and tickets in the formats of ../shared/eval/incidents."""

    incidents: list[dict]
    threads: list[dict]
    tickets: list[dict]

    @classmethod
    def load(cls, incidents: str | Path, threads: str | Path, tickets=None) -> Scenario:
        """Read the files (JSON, JSON lines, JSON lines)."""
        return cls(
            json.loads(Path(incidents).read_text(encoding="utf-8")),
            _jsonl(threads),
            _jsonl(tickets) if tickets else [],
        )

    def expected(self) -> dict[tuple[str, int], str | None]:
        """(topic|ticket, id) -> the incident it belongs to, or None."""
        found = {("topic", t["topic_id"]): t.get("expected_incident") for t in self.threads}
        return found | {
            ("ticket", t["ticket_id"]): t.get("expected_incident") for t in self.tickets
        }


def _jsonl(path) -> list[dict]:
    lines = Path(path).read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def events(scenario: Scenario, forum: MemoryForum) -> list[tuple]:
    """Every event of the scenario with its time; status events first at equal times."""
    out = []
    for incident in scenario.incidents:
        for update in incident.get("updates") or [_opening(incident)]:
            out.append((parse_time(update["at"]), 0, _status_event(incident, update)))
    names = sorted({t.get("category") or "Support" for t in scenario.threads})
    ids = {name: forum.add_category(name) for name in names}
    for thread in scenario.threads:
        out.append((parse_time(thread["created_at"]), 1, _post(thread, ids)))
    for ticket in scenario.tickets:
        out.append((parse_time(ticket["created_at"]), 1, _ticket(ticket)))
    return sorted(out, key=lambda e: (e[0], e[1]))


def _opening(incident: dict) -> dict:
    return {"at": incident["started_at"], "status": "investigating", "message": ""}


def _status_event(incident: dict, update: dict) -> IncidentUpdated:
    return IncidentUpdated(
        system=SYSTEM,
        external_id=incident["id"],
        title=incident["title"],
        status=update["status"],
        message=update.get("message") or "",
        components=tuple(incident.get("services") or ()),
        started_at=incident["started_at"],
        updated_at=update["at"],
        resolved_at=incident.get("resolved_at") or "" if update["status"] == "resolved" else "",
    )


def _post(thread: dict, categories: dict[str, int]) -> PostCreated:
    return PostCreated(
        post_id=thread["topic_id"],
        topic_id=thread["topic_id"],
        post_number=1,
        username="member",
        raw=thread["body"],
        topic_title=thread["title"],
        category_id=categories[thread.get("category") or "Support"],
        created_at=thread["created_at"],
    )


def _ticket(ticket: dict) -> TicketChanged:
    return TicketChanged(
        system="zammad",
        ticket_id=ticket["ticket_id"],
        number=str(ticket["ticket_id"]),
        title=ticket["title"],
        body=ticket["body"],
        state="new",
        action="created",
        tags=tuple(ticket.get("tags") or ()),
        created_at=ticket["created_at"],
        updated_at=ticket["created_at"],
    )
