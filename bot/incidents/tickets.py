"""Helpdesk tickets: a new one is a report; one tagged `incident` opens an incident (and is
linked to it), which closes with it. Linked tickets get internal notes when allowed."""

from __future__ import annotations

import logging
from dataclasses import replace

from bot.clock import parse_time, utcnow
from bot.events import TicketChanged, TicketNote
from bot.helpdesk import HelpdeskRejected, TicketRef, client_for
from bot.incidents import links, notices, records
from bot.incidents.actions import Change, open_in, resolve_in
from bot.incidents.model import IncidentKind, IncidentStatus, LinkState, ReportKind
from bot.incidents.reading import reader
from bot.incidents.reports import NewReport, consider, save
from bot.incidents.sources import services_of
from bot.incidents.texts import voice

log = logging.getLogger("coopbot.incidents")
INCIDENT_TAG = "incident"
CLOSED = {"closed", "merged", "removed"}
NEW = ("created",)


def on_ticket(context, event: TicketChanged) -> None:
    """A ticket tagged `incident` speaks for an incident; any other new ticket is a report."""
    event = replace(event, tags=_tags(context, event))
    if INCIDENT_TAG in {t.casefold() for t in event.tags}:
        incident_ticket(context, event)
    elif event.action in NEW:
        consider(context, report_of(context, event))


def _tags(context, event: TicketChanged) -> tuple[str, ...]:
    """The event's tags, or, when it has none, the helpdesk's (Zammad's webhooks send none)."""
    client = None if event.tags else client_for(context.settings, event.system)
    if client is None:
        return event.tags
    ref = TicketRef(system=event.system, ticket_id=event.ticket_id, url=event.url)
    return tuple(client.tags(ref))


def report_of(context, event: TicketChanged) -> NewReport:
    """The report a ticket makes; its tags or labels may name services."""
    return NewReport(
        kind=ReportKind.TICKET,
        system=event.system,
        report_id=event.ticket_id,
        created_at=parse_time(event.created_at) or utcnow(),
        title=event.title,
        body=event.body,
        number=event.number,
        url=event.url,
        hints=reader(context).catalogue.for_tags(event.tags),
    )


def incident_ticket(context, event: TicketChanged) -> None:
    """Open the ticket's incident (the ticket linked to it), or resolve it once closed."""
    settings, rd, forum = context.settings, reader(context), context.settings.forum_id
    new = report_of(context, event)
    reading, lang = rd.report(new.title, new.body, hints=new.hints)
    closed = event.action == "closed" or event.state in CLOSED
    at = parse_time(event.updated_at) or utcnow()
    external_id = f"ticket:{event.ticket_id}"
    with context.engine.begin() as conn:
        _, incident = records.source_incident(conn, forum, event.system, external_id)
        key = f"{event.system}:{external_id}:{event.updated_at}:{event.state}"
        if incident is not None and closed and incident.status.open:
            resolve_in(conn, settings, rd, incident, at, key)
        elif incident is None and not closed:
            # the ticket's own words stay private: the public title names services only
            services = tuple(sorted(reading.services)) or services_of(rd, (), new.title)
            title = voice(settings, rd.catalogue).titled("incident.title_ticket", services)
            change = Change(IncidentStatus.INVESTIGATING, "", at, source_key=key)
            incident = open_in(
                conn, settings, rd, title, services, change, new.created_at, IncidentKind.INCIDENT
            )
            report, _ = save(conn, settings, new, reading, lang)
            link = links.set_link(
                conn, forum, incident.id, report.id, LinkState.ACCEPTED, decided_by="tag"
            )
            notices.notify(conn, settings, voice(settings, rd.catalogue), incident, link, report)
        records.set_source(
            conn,
            forum,
            event.system,
            external_id,
            incident_id=incident.id if incident else None,
            state="resolved" if closed else "open",
            since=at,
        )


def send_note(context, event: TicketNote) -> None:
    """Add an internal note to a linked ticket, unless an earlier attempt already did."""
    client = client_for(context.settings, event.system)
    if client is None:
        return
    ticket = TicketRef(
        system=event.system, ticket_id=event.ticket_id, number=event.number, url=event.url
    )
    try:
        if any(event.marker in body for body in client.notes(ticket)):
            return
        client.add_note(ticket, f"{event.body}\n\n{event.marker}")
    except HelpdeskRejected as e:
        # a deleted ticket or a token without rights: retrying will not help
        log.warning("%s ticket %s refused the note: %s", event.system, event.ticket_id, e)
