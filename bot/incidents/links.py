"""Members' reports, their links to incidents, and the notices they got, in the database."""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import datetime

import numpy as np
from sqlalchemy import Connection, select, update

from bot.clock import utcnow
from bot.incidents.model import LinkRow, LinkState, ReportKind, ReportRow
from bot.store.db import upsert_insert
from bot.store.models.incident_reports import IncidentLink, IncidentNotice, IncidentReport

R, L, N = IncidentReport.__table__, IncidentLink.__table__, IncidentNotice.__table__


def save_report(conn: Connection, forum: str, **values) -> tuple[ReportRow, bool]:
    """Store a report once (kind, system, id); return it and whether it was new."""
    vector = values.pop("vector", None)
    row = {
        "forum": forum,
        "terms": json.dumps(sorted(values.pop("terms"))),
        "vector": None if vector is None else np.asarray(vector, np.float32).tobytes(),
        "services": ",".join(sorted(values.pop("services", ()))),
        "symptoms": ",".join(sorted(values.pop("symptoms", ())))[:1000],
        **values,
    }
    row["title"] = row.get("title", "")[:500]
    stmt = upsert_insert(conn, R).values(**row).on_conflict_do_nothing().returning(R.c.id)
    new = conn.execute(stmt).first() is not None
    return find_report(conn, forum, values["kind"], values["system"], values["report_id"]), new


def find_report(
    conn: Connection, forum: str, kind: ReportKind, system: str, report_id: int
) -> ReportRow | None:
    """One report by what it is, or None."""
    query = select(R).where(R.c.forum == forum, R.c.kind == kind, R.c.system == system)
    found = conn.execute(query.where(R.c.report_id == report_id)).mappings().first()
    return ReportRow.of(found) if found else None


def reports_since(conn: Connection, forum: str, since: datetime) -> list[ReportRow]:
    """Reports written since a moment, oldest first."""
    query = select(R).where(R.c.forum == forum, R.c.created_at >= since)
    rows = conn.execute(query.order_by(R.c.created_at, R.c.id)).mappings()
    return [ReportRow.of(r) for r in rows]


def links_of_report(conn: Connection, forum: str, report: int) -> list[LinkRow]:
    """Every link of one report."""
    query = select(L).where(L.c.forum == forum, L.c.report == report).order_by(L.c.id)
    return [LinkRow.of(r) for r in conn.execute(query).mappings()]


def links_of(conn: Connection, forum: str, incident_id: int) -> list[tuple[LinkRow, ReportRow]]:
    """Every link of an incident with its report, oldest first."""
    query = (
        select(L, *[c.label(f"r_{c.name}") for c in R.c])
        .join(R, R.c.id == L.c.report)
        .where(L.c.forum == forum, L.c.incident_id == incident_id)
        .order_by(L.c.id)
    )
    out = []
    for row in conn.execute(query).mappings():
        link = LinkRow.of({c.name: row[c.name] for c in L.c})
        out.append((link, ReportRow.of({c.name: row[f"r_{c.name}"] for c in R.c})))
    return out


def peer_vectors(conn: Connection, forum: str, incident_ids) -> dict[int, list[np.ndarray]]:
    """The vectors of the reports linked to each incident (automatically or by a volunteer)."""
    query = (
        select(L.c.incident_id, R.c.vector)
        .join(R, R.c.id == L.c.report)
        .where(L.c.forum == forum, L.c.incident_id.in_(list(incident_ids)))
        .where(L.c.state.in_([LinkState.AUTO, LinkState.ACCEPTED]), R.c.vector.is_not(None))
    )
    found = defaultdict(list)
    for incident_id, vector in conn.execute(query):
        found[incident_id].append(np.frombuffer(vector, dtype=np.float32))
    return found


def set_link(
    conn: Connection,
    forum: str,
    incident_id: int,
    report: int,
    state: LinkState,
    *,
    score: float | None = None,
    scores: dict | None = None,
    decided_by: str | None = None,
) -> LinkRow:
    """Create a link or change its state (and score); return it."""
    now = utcnow()
    changes = {"state": state, "updated_at": now, "decided_by": decided_by}
    if score is not None:
        changes |= {"score": score, "scores": json.dumps(scores or {})}
    key = {"forum": forum, "incident_id": incident_id, "report": report}
    first = {"score": 0.0, "scores": "{}", "created_at": now} | changes
    stmt = upsert_insert(conn, L).values(**key, **first)
    conn.execute(stmt.on_conflict_do_update(index_elements=list(key), set_=changes))
    query = select(L).where(L.c.forum == forum, L.c.incident_id == incident_id)
    return LinkRow.of(conn.execute(query.where(L.c.report == report)).mappings().one())


def note_still_failing(conn: Connection, link_id: int, post_id: int) -> None:
    """Record that a member said, after the fix, that it still fails."""
    values = {"still_failing_at": utcnow(), "still_failing_post": post_id, "updated_at": utcnow()}
    conn.execute(update(L).where(L.c.id == link_id).values(**values))


def add_notice(conn: Connection, forum: str, link: int, purpose: str) -> int | None:
    """Record a notice or follow-up once; its id, or None when it was already given."""
    values = {"forum": forum, "link": link, "purpose": purpose[:64], "created_at": utcnow()}
    stmt = upsert_insert(conn, N).values(**values).on_conflict_do_nothing().returning(N.c.id)
    found = conn.execute(stmt).first()
    return found[0] if found else None


def set_notice_post(conn: Connection, notice_id: int, outbox_id: int) -> None:
    """Remember which outbox post carries a notice."""
    conn.execute(update(N).where(N.c.id == notice_id).values(outbox_id=outbox_id))


def notices_of(conn: Connection, forum: str, link_ids) -> dict[int, list[str]]:
    """The purposes of the notices each link got, in order."""
    query = select(N.c.link, N.c.purpose).where(N.c.forum == forum, N.c.link.in_(list(link_ids)))
    found = defaultdict(list)
    for link, purpose in conn.execute(query.order_by(N.c.id)):
        found[link].append(purpose)
    return found
