"""Replay an incident scenario through the real linking code and measure its links.

Incidents arrive as status-page events at their updates' times, threads as the first posts
Discourse would send, tickets as Zammad's new tickets, all in time order, into a temporary
database with the knowledge base imported. Precision and recall are counted on the links
the bot made: automatic ones, and automatic plus proposed ones.
"""

from __future__ import annotations

import tempfile
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import select

from bot.context import Context
from bot.forum.memory import MemoryForum
from bot.incidents import sources, tickets, topics
from bot.incidents.model import LinkState
from bot.incidents.scenario import SYSTEM, Scenario, events
from bot.kb import entries
from bot.store.db import open_engine, upgrade
from bot.store.models.incident_reports import IncidentLink, IncidentReport
from bot.store.models.incidents import IncidentSource

KINDS = ("auto", "auto_or_proposed")
__all__ = ["Scenario", "evaluate", "format_report", "measure"]


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


def replay(context: Context, scenario: Scenario) -> None:
    """Feed the events, in time order, to the handlers the worker would run."""
    handle = {
        "incident_updated": sources.on_status,
        "post_created": topics.on_post,
        "ticket_changed": tickets.on_ticket,
    }
    for _, _, event in events(scenario, context.forum):
        handle[event.kind](context, event)


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
