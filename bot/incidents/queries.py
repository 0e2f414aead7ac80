"""Incidents as volunteers read them: a list, and one incident with its timeline and links."""

from __future__ import annotations

from sqlalchemy import Engine

from bot.incidents import links, records
from bot.incidents.model import IncidentRow


def summary(incident: IncidentRow, linked: list) -> dict:
    """One incident in a list: what it is, where it stands, how many reports it holds."""
    count = sum(1 for link, _ in linked if link.state.linked)
    waiting = sum(1 for link, _ in linked if link.state == "proposed")
    still = sum(1 for link, _ in linked if link.state.linked and link.still_failing_at)
    return incident.to_dict() | {"reports": count, "proposed": waiting, "still_failing": still}


def overview(engine: Engine, forum: str, everything: bool = False) -> list[dict]:
    """Open incidents (every recent one with `everything`), newest first."""
    with engine.connect() as conn:
        found = records.recent(conn, forum) if everything else records.listed(conn, forum)[::-1]
        return [summary(i, links.links_of(conn, forum, i.id)) for i in found]


def detail(engine: Engine, forum: str, incident_id: int) -> dict | None:
    """One incident: its timeline, its sources, its linked and proposed reports."""
    with engine.connect() as conn:
        incident = records.load(conn, forum, incident_id)
        if incident is None:
            return None
        linked = links.links_of(conn, forum, incident_id)
        notices = links.notices_of(conn, forum, [link.id for link, _ in linked])
        timeline = [u.to_dict() for u in records.timeline(conn, forum, incident_id)]
        sources = records.sources_of(conn, forum, incident_id)
        waiting = records.waiting_resolution(conn, forum, incident_id)
    return summary(incident, linked) | {
        "sources": sources,
        "waiting_resolution": waiting.to_dict() if waiting and not incident.status.open else None,
        "timeline": timeline,
        "links": [_link(link, report, notices.get(link.id, [])) for link, report in linked],
    }


def _link(link, report, notices: list[str]) -> dict:
    """A linked or proposed report, with why and what it was told."""
    return {
        "report": report.label,
        "kind": str(report.kind),
        "system": report.system,
        "id": report.report_id,
        "title": report.title,
        "url": report.url,
        "state": str(link.state),
        "score": round(link.score, 3),
        "scores": link.scores,
        "decided_by": link.decided_by,
        "notices": notices,
        "still_failing_at": link.still_failing_at.isoformat() if link.still_failing_at else None,
        "still_failing_post": link.still_failing_post,
    }
