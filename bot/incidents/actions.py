"""Use cases on an incident's timeline, each one transaction: open, update, resolve.

Status pages, monitors, tagged tickets and volunteers (the command line, the triage page and
whispered commands) all come through these functions; volunteers' other decisions (reopen,
approve a resolution, link, unlink) are in decisions.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection

from bot.clock import utcnow
from bot.incidents import notices, records, reports, review
from bot.incidents.model import IncidentKind, IncidentRow, IncidentStatus
from bot.incidents.reading import Reader, reader
from bot.incidents.texts import voice
from bot.privacy import redact_emails


class IncidentNotFound(LookupError):
    """No such incident."""

    def __init__(self, incident_id: int) -> None:
        super().__init__(f"no incident {incident_id}")
        self.incident_id = incident_id


@dataclass(frozen=True)
class Change:
    """A step of the timeline: a new status (None: unchanged), a message, when, and the key
    that makes a replay of the same step a no-op."""

    status: IncidentStatus | None
    message: str = ""
    at: datetime | None = None
    public: bool = True
    source_key: str = ""


def open_incident(
    context,
    *,
    title: str,
    services: tuple[str, ...],
    change: Change,
    started_at: datetime | None = None,
    kind: IncidentKind = IncidentKind.INCIDENT,
) -> IncidentRow:
    """Open an incident, say its first message, and link the reports that describe it."""
    rd = reader(context)
    with context.engine.begin() as conn:
        return open_in(conn, context.settings, rd, title, services, change, started_at, kind)


def open_in(conn: Connection, settings, rd: Reader, title, services, change, started_at, kind):
    """Open an incident in the caller's transaction."""
    at = change.at or utcnow()
    status = change.status or IncidentStatus.INVESTIGATING
    incident = records.create(
        conn,
        settings.forum_id,
        title=redact_emails(title),
        services=services,
        status=status,
        started_at=min(started_at or at, at),
        kind=kind,
    )
    _step(
        conn, settings, incident.id, change, status, at, change.source_key or f"open:{incident.id}"
    )
    reports.rescore(conn, settings, rd)
    return records.load(conn, settings.forum_id, incident.id)


def update_incident(context, incident_id: int, change: Change) -> IncidentRow:
    """Add a step to an incident's timeline; a public one is told in every linked thread."""
    rd = reader(context)
    with context.engine.begin() as conn:
        incident = load_incident(conn, context.settings, incident_id)
        return change_in(conn, context.settings, rd, incident, change)


def change_in(conn: Connection, settings, rd: Reader, incident: IncidentRow, change: Change):
    """Apply a change in the caller's transaction; a replayed one changes nothing."""
    at = change.at or utcnow()
    status = change.status or incident.status
    key = change.source_key or f"update:{at.isoformat()}:{status}"
    update = _step(conn, settings, incident.id, change, status, at, key)
    if update is None:
        return incident
    resolved_at = at if status is IncidentStatus.RESOLVED else None
    records.change(conn, settings.forum_id, incident.id, status=status, resolved_at=resolved_at)
    incident = records.load(conn, settings.forum_id, incident.id)
    if review.holds(settings, update):
        records.hold(conn, settings.forum_id, update.id)
    else:
        notices.follow_up(conn, settings, voice(settings, rd.catalogue), incident, update)
    if incident.status.open:
        reports.rescore(conn, settings, rd)
    return incident


def _step(conn, settings, incident_id: int, change: Change, status, at, key: str):
    """Record a step of the timeline once per key."""
    return records.add_update(
        conn,
        settings.forum_id,
        incident_id,
        at=at,
        status=status,
        message=redact_emails(change.message),
        public=change.public,
        source_key=key,
    )


def resolve_in(conn: Connection, settings, rd: Reader, incident: IncidentRow, at, key: str):
    """Resolve an incident in the caller's transaction, without a message of its own."""
    return change_in(
        conn, settings, rd, incident, Change(IncidentStatus.RESOLVED, "", at, source_key=key)
    )


def resolve_incident(context, incident_id: int, message: str = "", at=None) -> IncidentRow:
    """Resolve an incident: every linked thread hears it once, invited to say if it still fails."""
    return update_incident(
        context, incident_id, Change(IncidentStatus.RESOLVED, message, at or utcnow())
    )


def load_incident(conn, settings, incident_id: int) -> IncidentRow:
    """Load an incident, or raise IncidentNotFound."""
    found = records.load(conn, settings.forum_id, incident_id)
    if found is None:
        raise IncidentNotFound(incident_id)
    return found
