"""Where incidents come from: status pages, monitors and tickets tagged `incident`.

A status page's incident (Cachet, Statuspage) is written by people: it opens, speaks and
resolves at once. A monitor (Uptime Kuma) or a component speaks through `signals`: only a
state that lasts opens or resolves anything. A ticket tagged or labelled `incident` opens
one too, and resolves it when closed.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from bot.clock import parse_time, utcnow
from bot.events import IncidentUpdated, SignalCheck
from bot.incidents import banner, records, signals
from bot.incidents.actions import Change, change_in, open_in, resolve_in
from bot.incidents.model import IncidentKind, IncidentStatus
from bot.incidents.reading import Reader, reader
from bot.incidents.texts import voice
from bot.store import inbox

log = logging.getLogger("coopbot.incidents")
STATUSES = {s.value: s for s in IncidentStatus}
MAINTENANCE_WORDS = ("maintenance", "scheduled")


def on_status(context, event: IncidentUpdated) -> None:
    """A status page or a monitor spoke."""
    if signals.is_signal(event.external_id):
        _beat(context, event)
    else:
        _declared(context, event)
    banner.sync(context)


def services_of(rd: Reader, components, title: str = "") -> tuple[str, ...]:
    """The services named by components or monitors, else by the title's words."""
    found = set()
    for component in components:
        found |= rd.catalogue.for_component(component)
    if not found and title:
        found = set(rd.vocabulary.services_in(rd.terms(title)))
    return tuple(sorted(found))


def _declared(context, event: IncidentUpdated) -> None:
    """A status page's incident: open it, add its update, resolve it."""
    settings, rd = context.settings, reader(context)
    maintenance = event.status in MAINTENANCE_WORDS
    status = STATUSES.get(
        event.status, IncidentStatus.IDENTIFIED if maintenance else IncidentStatus.INVESTIGATING
    )
    at = parse_time(event.updated_at) or parse_time(event.started_at) or utcnow()
    key = f"{event.system}:{event.external_id}:{event.updated_at}:{event.status}"
    change = Change(status, event.message, at, source_key=key)
    forum = settings.forum_id
    with context.engine.begin() as conn:
        _, incident = records.source_incident(conn, forum, event.system, event.external_id)
        if incident is not None:
            change_in(conn, settings, rd, incident, change)
        elif status.open:
            services = services_of(rd, event.components, event.title)
            kind = IncidentKind.MAINTENANCE if maintenance else IncidentKind.INCIDENT
            started = parse_time(event.started_at)
            incident = open_in(conn, settings, rd, event.title, services, change, started, kind)
        state = "resolved" if not status.open else "open"
        records.set_source(
            conn,
            forum,
            event.system,
            event.external_id,
            incident_id=incident.id if incident else None,
            state=state,
            since=at,
        )


def _beat(context, event: IncidentUpdated) -> None:
    """A monitor's or a component's state: remember it, check it later, announce maintenance."""
    settings, forum = context.settings, context.settings.forum_id
    beat = signals.BEATS.get(event.status, signals.DOWN)
    at = parse_time(event.updated_at) or utcnow()
    with context.engine.begin() as conn:
        stored = _stored(conn, forum, event.system, event.external_id)
        step = signals.after_beat(stored, beat, at)
        if step.state is None:
            return
        records.set_source(
            conn, forum, event.system, event.external_id, state=step.state, since=step.since
        )
        if step.check:
            check = SignalCheck(
                system=event.system,
                external_id=event.external_id,
                state=step.state,
                since=step.since.isoformat(),
                components=event.components,
            )
            due = step.since + timedelta(seconds=settings.incident_confirm_seconds)
            key = f"check:{event.system}:{event.external_id}:{step.state}:{check.since}"
            inbox.schedule(conn, forum, check, key, due)
        if step.maintenance:
            _apply(
                conn,
                context,
                event.system,
                event.external_id,
                signals.MAINTENANCE,
                at,
                components=event.components,
            )


def on_check(context, event: SignalCheck) -> None:
    """The delay has passed: act if the source is still where it was."""
    since, forum = parse_time(event.since), context.settings.forum_id
    with context.engine.begin() as conn:
        stored = _stored(conn, forum, event.system, event.external_id)
        if not signals.confirmed(stored, event.state, since):
            log.info("%s %s changed meanwhile: nothing announced", event.system, event.external_id)
            return
        _apply(conn, context, event.system, event.external_id, event.state, since, event.components)
    banner.sync(context)


def _apply(conn, context, system: str, external_id: str, state: str, at, components) -> None:
    """Open (down, maintenance) or resolve (up) the source's incident."""
    settings, rd, forum = context.settings, reader(context), context.settings.forum_id
    _, incident = records.source_incident(conn, forum, system, external_id)
    key = f"{system}:{external_id}:{at.isoformat()}:{state}"
    if state == signals.UP:
        if incident is not None and incident.status.open:
            resolve_in(conn, settings, rd, incident, at, key)
        return
    if incident is not None and incident.status.open:
        return
    services = services_of(rd, components)
    maintenance = state == signals.MAINTENANCE
    title_key = "incident.title_maintenance" if maintenance else "incident.title_signal"
    title = voice(settings, rd.catalogue).titled(title_key, services)
    kind = IncidentKind.MAINTENANCE if maintenance else IncidentKind.INCIDENT
    status = IncidentStatus.IDENTIFIED if maintenance else IncidentStatus.INVESTIGATING
    change = Change(status, "", at, source_key=key)
    incident = open_in(conn, settings, rd, title, services, change, at, kind)
    records.set_source(conn, forum, system, external_id, incident_id=incident.id)


def _stored(conn, forum: str, system: str, external_id: str) -> signals.Stored:
    found, incident = records.source_incident(conn, forum, system, external_id)
    if found is None:
        return signals.Stored()
    return signals.Stored(found["state"], found["since"], bool(incident and incident.status.open))
