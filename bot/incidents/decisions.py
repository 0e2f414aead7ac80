"""Volunteers' decisions on incidents, each one transaction: reopen, approve a resolution held
for review, link a report, unlink it.

The command line, the triage page and whispered commands all come through these functions.
"""

from __future__ import annotations

from bot.clock import utcnow
from bot.incidents import links, notices, records, review
from bot.incidents.actions import Change, change_in, load_incident
from bot.incidents.model import (
    IncidentRow,
    IncidentStatus,
    LinkRow,
    LinkState,
    ReportKind,
    UpdateRow,
)
from bot.incidents.reading import reader
from bot.incidents.texts import voice
from bot.privacy import redact_emails


class AlreadyOpen(ValueError):
    """Only a resolved incident can be reopened."""

    def __init__(self, incident_id: int) -> None:
        super().__init__(f"incident {incident_id} is open: nothing to reopen")
        self.incident_id = incident_id


class NothingToApprove(LookupError):
    """The incident has no resolution waiting for a volunteer."""

    def __init__(self, incident_id: int) -> None:
        super().__init__(f"incident {incident_id} has no resolution waiting for approval")
        self.incident_id = incident_id


class ReportNotFound(LookupError):
    """The bot never saw this topic or ticket."""

    def __init__(self, label: str) -> None:
        super().__init__(
            f"coopbot has not seen {label}: only topics and tickets it read can be linked"
        )


def reopen_incident(
    context, incident_id: int, message: str = "", by: str = "volunteer", key: str = ""
) -> IncidentRow:
    """Reopen a resolved incident (a member says it still fails); a message is told."""
    rd = reader(context)
    with context.engine.begin() as conn:
        incident = load_incident(conn, context.settings, incident_id)
        if incident.status.open:
            raise AlreadyOpen(incident_id)
        at = utcnow()
        step = Change(IncidentStatus.INVESTIGATING, message, at, source_key=key)
        return change_in(conn, context.settings, rd, incident, review.reopening(step, by))


def approve_resolution(
    context, incident_id: int, by: str = "volunteer", text: str | None = None
) -> UpdateRow:
    """Approve a resolution held for review, its text possibly edited: it fans out once."""
    rd = reader(context)
    settings = context.settings
    with context.engine.begin() as conn:
        incident = load_incident(conn, settings, incident_id)
        held = records.waiting_resolution(conn, settings.forum_id, incident.id)
        if held is None or incident.status.open:
            raise NothingToApprove(incident_id)
        message = held.message if text is None else redact_emails(text.strip())
        if not records.approve(conn, settings.forum_id, held.id, by=by, message=message):
            raise NothingToApprove(incident_id)  # another volunteer approved it meanwhile
        approved = records.load_update(conn, settings.forum_id, held.id)
        notices.follow_up(conn, settings, voice(settings, rd.catalogue), incident, approved)
        return approved


def link_report(
    context, incident_id: int, kind: ReportKind, system: str, report_id: int, by: str = "volunteer"
) -> LinkRow:
    """A volunteer links a report (or accepts the bot's proposal): it is told once."""
    rd = reader(context)
    settings = context.settings
    with context.engine.begin() as conn:
        report_key = (kind, system, report_id)
        incident, report, link = _set_link(
            conn, settings, incident_id, report_key, LinkState.ACCEPTED, by
        )
        notices.notify(conn, settings, voice(settings, rd.catalogue), incident, link, report)
        return link


def unlink_report(
    context, incident_id: int, kind: ReportKind, system: str, report_id: int, by: str = "volunteer"
) -> LinkRow:
    """A volunteer unlinks a report: the bot says nothing more in its thread."""
    settings = context.settings
    with context.engine.begin() as conn:
        report_key = (kind, system, report_id)
        incident, report, link = _set_link(
            conn, settings, incident_id, report_key, LinkState.UNLINKED, by
        )
        notices.withdraw(conn, settings, incident.id, report)
        return link


def _set_link(conn, settings, incident_id: int, report_key: tuple, state: LinkState, by: str):
    """Set the state of a report's link to an incident; both must exist."""
    incident = load_incident(conn, settings, incident_id)
    report = _report(conn, settings, *report_key)
    link = links.set_link(conn, settings.forum_id, incident.id, report.id, state, decided_by=by)
    return incident, report, link


def _report(conn, settings, kind: ReportKind, system: str, report_id: int):
    found = links.find_report(conn, settings.forum_id, kind, system, report_id)
    if found is None:
        label = f"topic {report_id}" if kind is ReportKind.TOPIC else f"{system} ticket {report_id}"
        raise ReportNotFound(label)
    return found
