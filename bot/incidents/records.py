"""Incidents, their timeline and their sources in the database, in the caller's transaction."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Connection, or_, select, update

from bot.clock import utcnow
from bot.incidents.model import IncidentKind, IncidentRow, IncidentStatus, UpdateRow
from bot.store.db import upsert_insert
from bot.store.models.incidents import Incident, IncidentSource, IncidentUpdate

T, U, S = Incident.__table__, IncidentUpdate.__table__, IncidentSource.__table__


def create(
    conn: Connection,
    forum: str,
    *,
    title: str,
    services: tuple[str, ...],
    status: IncidentStatus,
    started_at: datetime,
    kind: IncidentKind = IncidentKind.INCIDENT,
) -> IncidentRow:
    """Record a new incident."""
    now = utcnow()
    values = {"forum": forum, "kind": kind, "title": title[:500], "status": status}
    values |= {"services": ",".join(sorted(set(services)))[:500], "started_at": started_at}
    values |= {"created_at": now, "updated_at": now, "banner": False}
    incident_id = conn.execute(T.insert().values(**values).returning(T.c.id)).scalar_one()
    return load(conn, forum, incident_id)


def load(conn: Connection, forum: str, incident_id: int) -> IncidentRow | None:
    """One incident, or None."""
    row = conn.execute(select(T).where(T.c.forum == forum, T.c.id == incident_id)).mappings()
    found = row.first()
    return IncidentRow.of(found) if found else None


def listed(conn: Connection, forum: str, *, since: datetime | None = None) -> list[IncidentRow]:
    """Open incidents, and those resolved after `since`, oldest first."""
    query = select(T).where(T.c.forum == forum).order_by(T.c.started_at, T.c.id)
    resolved = T.c.status == IncidentStatus.RESOLVED
    query = query.where(~resolved if since is None else or_(~resolved, T.c.resolved_at >= since))
    return [IncidentRow.of(r) for r in conn.execute(query).mappings()]


def recent(conn: Connection, forum: str, limit: int = 50) -> list[IncidentRow]:
    """The newest incidents first, open or not."""
    query = select(T).where(T.c.forum == forum).order_by(T.c.started_at.desc(), T.c.id.desc())
    return [IncidentRow.of(r) for r in conn.execute(query.limit(limit)).mappings()]


def change(conn: Connection, forum: str, incident_id: int, **values) -> None:
    """Change an incident's columns (status, resolved_at, title, topic_id, banner ...)."""
    where = (T.c.forum == forum) & (T.c.id == incident_id)
    conn.execute(update(T).where(where).values(**values, updated_at=utcnow()))


def add_update(
    conn: Connection,
    forum: str,
    incident_id: int,
    *,
    at: datetime,
    status: IncidentStatus,
    message: str,
    source_key: str,
    public: bool = True,
) -> UpdateRow | None:
    """Add a step to the timeline once per source key; None when it was already there."""
    values = {"forum": forum, "incident_id": incident_id, "at": at, "status": status}
    values |= {"message": message, "public": public, "source_key": source_key[:255]}
    stmt = upsert_insert(conn, U).values(**values).on_conflict_do_nothing().returning(U.c.id)
    found = conn.execute(stmt).first()
    if found is None:
        return None
    return load_update(conn, forum, found[0])


def timeline(conn: Connection, forum: str, incident_id: int) -> list[UpdateRow]:
    """An incident's updates, in order."""
    query = select(U).where(U.c.forum == forum, U.c.incident_id == incident_id)
    rows = conn.execute(query.order_by(U.c.at, U.c.id)).mappings()
    return [UpdateRow.of(r) for r in rows]


def source(conn: Connection, forum: str, system: str, external_id: str):
    """A status source's stored state (incident_id, state, since), or None."""
    query = select(S).where(S.c.forum == forum, S.c.system == system)
    return conn.execute(query.where(S.c.external_id == external_id[:255])).mappings().first()


def source_incident(conn: Connection, forum: str, system: str, external_id: str):
    """A status source's stored state and its incident (None when it has none)."""
    found = source(conn, forum, system, external_id)
    incident_id = found["incident_id"] if found else None
    return found, load(conn, forum, incident_id) if incident_id is not None else None


def set_source(conn: Connection, forum: str, system: str, external_id: str, **values) -> None:
    """Create or change a status source's state (state, since, incident_id)."""
    key = {"forum": forum, "system": system, "external_id": external_id[:255]}
    first = {"state": "", "since": utcnow()} | values
    stmt = upsert_insert(conn, S).values(**key, **first)
    conn.execute(stmt.on_conflict_do_update(index_elements=list(key), set_=values))


def sources_of(conn: Connection, forum: str, incident_id: int) -> list[str]:
    """The systems and ids that speak for an incident ("cachet:incident:4")."""
    query = select(S.c.system, S.c.external_id).where(S.c.forum == forum)
    rows = conn.execute(query.where(S.c.incident_id == incident_id).order_by(S.c.id))
    return [f"{system}:{external_id}" for system, external_id in rows]


def hold(conn: Connection, forum: str, update_id: int) -> None:
    """Keep a step's follow-ups back until a volunteer approves its text."""
    where = (U.c.forum == forum) & (U.c.id == update_id)
    conn.execute(update(U).where(where).values(held_at=utcnow()))


def waiting_resolution(conn: Connection, forum: str, incident_id: int) -> UpdateRow | None:
    """The incident's latest resolution when its follow-ups wait for approval, else None."""
    query = select(U).where(U.c.forum == forum, U.c.incident_id == incident_id)
    query = query.where(U.c.status == IncidentStatus.RESOLVED, U.c.public.is_(True))
    found = conn.execute(query.order_by(U.c.id.desc()).limit(1)).mappings().first()
    latest = UpdateRow.of(found) if found else None
    return latest if latest is not None and latest.waiting else None


def approve(conn: Connection, forum: str, update_id: int, *, by: str, message: str) -> bool:
    """Approve a held step with its final message; False when someone approved it first."""
    where = (U.c.forum == forum) & (U.c.id == update_id) & U.c.approved_at.is_(None)
    values = {"approved_by": by[:128], "approved_at": utcnow(), "message": message}
    return conn.execute(update(U).where(where).values(**values)).rowcount == 1


def load_update(conn: Connection, forum: str, update_id: int) -> UpdateRow:
    """One step of a timeline."""
    query = select(U).where(U.c.forum == forum, U.c.id == update_id)
    return UpdateRow.of(conn.execute(query).mappings().one())
