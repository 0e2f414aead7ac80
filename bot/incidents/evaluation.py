"""Replay an incident scenario through the real linking code and measure its links.

Incidents arrive as status-page events at their updates' times, threads as the first posts
Discourse would send, tickets as Zammad's new tickets, all in time order, into a temporary
database with the knowledge base imported. Precision and recall are counted on the links
the bot made: automatic ones, and automatic plus proposed ones.
"""

from __future__ import annotations

import json
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from bot.clock import parse_time
from bot.context import Context
from bot.events import IncidentUpdated, PostCreated, TicketChanged
from bot.forum.memory import MemoryForum
from bot.incidents import sources, tickets, topics
from bot.incidents.model import LinkState
from bot.kb import entries
from bot.store.db import open_engine, upgrade
from bot.store.models import IncidentLink, IncidentReport, IncidentSource

SYSTEM = "eval"  # the status page the scenario's incidents come from
KINDS = ("auto", "auto_or_proposed")


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


def evaluate(settings, scenario: Scenario, documents) -> dict:
    """Replay the scenario on a fresh temporary database; return the measures."""
    with _scratch(settings, documents) as context:
        replay(context, scenario)
        return measure(scenario, outcomes(context))


@contextmanager
def _scratch(settings, documents):
    """A temporary database holding the knowledge base, and a dry-run forum."""
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'incidents.db'}"
        upgrade(url)
        with open_engine(url) as engine:
            with engine.begin() as conn:
                entries.upsert(conn, settings.forum_id, list(documents))
            forum = MemoryForum()
            yield Context(settings.with_(database_url=url), engine, forum)


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


def replay(context: Context, scenario: Scenario) -> None:
    """Feed the events, in time order, to the handlers the worker would run."""
    handle = {
        "incident_updated": sources.on_status,
        "post_created": topics.on_post,
        "ticket_changed": tickets.on_ticket,
    }
    for _, _, event in events(scenario, context.forum):
        handle[event.kind](context, event)


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


def outcomes(context: Context) -> dict[tuple[str, int], tuple[str, str]]:
    """(topic|ticket, id) -> (incident, auto|proposed) for every link the bot made."""
    L, R, S = IncidentLink.__table__, IncidentReport.__table__, IncidentSource.__table__
    query = (
        select(R.c.kind, R.c.report_id, S.c.external_id, L.c.state)
        .join(L, L.c.report == R.c.id)
        .join(S, (S.c.incident_id == L.c.incident_id) & (S.c.system == SYSTEM))
        .where(L.c.state.in_([LinkState.AUTO, LinkState.PROPOSED]))
    )
    with context.engine.connect() as conn:
        return {
            (kind, rid): (incident, state) for kind, rid, incident, state in conn.execute(query)
        }


def measure(scenario: Scenario, found: dict) -> dict:
    """Precision and recall of automatic, and automatic plus proposed, links."""
    expected = scenario.expected()
    result = {kind: _counts(expected, found, kind) for kind in KINDS}
    result["by_incident"] = {
        i["id"]: {kind: _counts(expected, found, kind, i["id"]) for kind in KINDS}
        for i in scenario.incidents
    }
    return result


def _counts(expected: dict, found: dict, kind: str, incident: str | None = None) -> dict:
    """tp, fp, fn, precision and recall, for one incident or all."""
    states = ("auto",) if kind == "auto" else ("auto", "proposed")
    made = {item: inc for item, (inc, state) in found.items() if state in states}
    if incident is not None:
        made = {item: inc for item, inc in made.items() if inc == incident}
        expected = {item: inc for item, inc in expected.items() if inc == incident}
    tp = sum(expected.get(item) == inc for item, inc in made.items())
    fp = len(made) - tp
    fn = sum(1 for item, inc in expected.items() if inc and made.get(item) != inc)
    return {
        "precision": round(tp / (tp + fp), 3) if tp + fp else None,
        "recall": round(tp / (tp + fn), 3) if tp + fn else None,
        "tp": tp,
        "fp": fp,
        "fn": fn,
    }


def format_report(result: dict) -> str:
    """The measures for people: overall, then by incident, automatic then with proposals."""
    lines = [
        f"{'':<10}{'automatic links':^34}{'automatic + proposed':^34}",
        f"{'':<10}" + f"{'precision':>16}{'recall':>7}{'tp/fp/fn':>11}" * len(KINDS),
    ]
    for name, counts in [("overall", result), *result["by_incident"].items()]:
        cells = "".join(
            f"{_share(counts[k]['precision']):>16}{_share(counts[k]['recall']):>7}"
            f"{'/'.join(str(counts[k][n]) for n in ('tp', 'fp', 'fn')):>11}"
            for k in KINDS
        )
        lines.append(f"{name:<10}{cells}")
    return "\n".join(lines)


def _share(value) -> str:
    return "-" if value is None else f"{value:.3f}"
