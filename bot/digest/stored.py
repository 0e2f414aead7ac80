"""Read the digest's activity records back as values, for one span of time."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from sqlalchemy import Connection, func, or_, select

from bot.digest.records import EVENTS, INCIDENTS, MEMBERS, POSTS, TICKETS, TOPICS, WEEKS
from bot.digest.values import CoopEvent, Incident, Member, Thanks, TicketFigures
from bot.digest.week import Week
from bot.store import audit
from bot.store.models.incident_reports import IncidentLink
from bot.store.models.incidents import Incident as TrackedIncident
from bot.store.models.incidents import IncidentSource

TRACKED, SOURCES = TrackedIncident.__table__, IncidentSource.__table__
LINKS = IncidentLink.__table__
LINKED = ("auto", "accepted")  # bot.incidents.model.LinkState.linked


def aware(moment: datetime | None) -> datetime | None:
    """SQLite gives back naive UTC times; make every time aware."""
    if moment is None or moment.tzinfo is not None:
        return moment
    return moment.replace(tzinfo=UTC)


def topic_rows(conn: Connection, forum: str, since: datetime, until: datetime) -> list[dict]:
    """Topics opened in the span, or solved in it."""
    opened = TOPICS.c.created_at.between(since, until)
    solved = TOPICS.c.solved_at.between(since, until)
    query = select(TOPICS).where(TOPICS.c.forum == forum, or_(opened, solved))
    return [_aware(dict(r)) for r in conn.execute(query).mappings()]


def post_rows(conn: Connection, forum: str, since: datetime, until: datetime) -> list[dict]:
    """Posts written in the span."""
    query = select(POSTS).where(POSTS.c.forum == forum, POSTS.c.created_at.between(since, until))
    return [_aware(dict(r)) for r in conn.execute(query).mappings()]


def members(conn: Connection, forum: str, since: datetime, until: datetime) -> list[Member]:
    """Members who joined in the span."""
    c = MEMBERS.c
    query = select(c.username, c.joined_at, c.opted_out).where(
        c.forum == forum, c.joined_at.between(since, until)
    )
    return [
        Member(username=r.username, joined_at=aware(r.joined_at), opted_out=r.opted_out)
        for r in conn.execute(query)
    ]


def incidents(conn: Connection, forum: str, since: datetime, until: datetime) -> list[Incident]:
    """Incidents open at some moment of the span. The recorded ones keep their words and times
    (a later "resolved" keeps the first end); one that bot/incidents tracks too, matched by its
    source ("system:external id"), gets its count of linked reports (and its service tags when
    the status page named no component); one only bot/incidents knows (a volunteer's, a tagged
    ticket's) is added once, with its own times."""
    c, t = INCIDENTS.c, TRACKED.c
    query = select(INCIDENTS).where(
        c.forum == forum, c.started_at < until, or_(c.resolved_at.is_(None), c.resolved_at >= since)
    )
    recorded = sorted(conn.execute(query), key=lambda r: aware(r.started_at), reverse=True)
    kept = (
        select(TRACKED)
        .where(t.forum == forum, t.kind == "incident", t.started_at < until)
        .where(or_(t.resolved_at.is_(None), t.resolved_at >= since))
    )
    tracked = {r.id: r for r in conn.execute(kept)}
    sources = _sources(conn, forum, list(tracked))
    counts = _linked_counts(conn, forum, list(tracked))
    found, matched = [], set()
    for r in recorded:
        own = tracked.get(sources.get(r.source_key))
        services = tuple(s for s in r.services.split(", ") if s)
        incident = Incident(
            title=r.title,
            started_at=aware(r.started_at),
            resolved_at=aware(r.resolved_at),
            services=services or (_services(own) if own is not None else ()),
            url=r.url,
        )
        if own is not None and own.id not in matched:
            matched.add(own.id)
            incident = replace(incident, reports=counts.get(own.id, 0))
        found.append(incident)
    found += [_tracked(own, counts) for i, own in tracked.items() if i not in matched]
    return sorted(found, key=lambda i: i.started_at)


def _services(own) -> tuple[str, ...]:
    return tuple(s for s in own.services.split(",") if s)


def _tracked(own, counts: dict[int, int]) -> Incident:
    """An incident only bot/incidents knows: its times, service tags and linked reports."""
    return Incident(
        title=own.title,
        started_at=aware(own.started_at),
        resolved_at=aware(own.resolved_at),
        services=_services(own),
        reports=counts.get(own.id, 0),
    )


def _sources(conn: Connection, forum: str, ids: list[int]) -> dict[str, int]:
    """The incidents' sources as the digest keys them ("cachet:incident:4") -> incident id."""
    if not ids:
        return {}
    s = SOURCES.c
    query = select(s.system, s.external_id, s.incident_id).where(
        s.forum == forum, s.incident_id.in_(ids)
    )
    return {f"{system}:{external}": i for system, external, i in conn.execute(query)}


def _linked_counts(conn: Connection, forum: str, ids: list[int]) -> dict[int, int]:
    """Linked reports per incident: automatic and accepted links, not proposed nor unlinked."""
    if not ids:
        return {}
    k = LINKS.c
    query = (
        select(k.incident_id, func.count())
        .where(k.forum == forum, k.incident_id.in_(ids), k.state.in_(LINKED))
        .group_by(k.incident_id)
    )
    return dict(conn.execute(query).all())


def events(conn: Connection, forum: str, after: datetime) -> list[CoopEvent]:
    """Coop events that have not ended by `after`."""
    c = EVENTS.c
    query = select(EVENTS).where(c.forum == forum, func.coalesce(c.ends_at, c.starts_at) >= after)
    names = ("kind", "title", "location", "topic_id", "voters", "eligible")
    return [
        CoopEvent(
            **{n: getattr(r, n) for n in names},
            starts_at=aware(r.starts_at),
            ends_at=aware(r.ends_at),
        )
        for r in conn.execute(query)
    ]


def deciders(conn: Connection, forum: str, since: datetime, until: datetime) -> list[Thanks]:
    """The volunteers who decided suggestions in the span (the triage's audit log), with counts;
    decisions the bot took by itself are not counted."""
    found = audit.deciders(conn, forum, since, until)
    return [Thanks(username=name, count=count) for name, count in found.items()]


def week_row(conn: Connection, forum: str, label: str) -> dict | None:
    """What an import stated about a whole week, if one did."""
    query = select(WEEKS).where(WEEKS.c.forum == forum, WEEKS.c.week == label)
    row = conn.execute(query).mappings().first()
    return _aware(dict(row)) if row else None


def tickets(conn: Connection, forum: str, week: Week, stated: dict | None) -> TicketFigures:
    """Tickets of a week: its imported figures (`stated`), else the recorded tickets counted."""
    if stated and stated["tickets_opened"] is not None:
        return TicketFigures(
            opened=stated["tickets_opened"],
            closed=stated["tickets_closed"] or 0,
            still_open=stated["tickets_open"],
        )
    c = TICKETS.c

    def count(column) -> int:
        query = select(func.count()).where(
            c.forum == forum, column >= week.start, column < week.end
        )
        return conn.execute(query).scalar_one()

    return TicketFigures(opened=count(c.opened_at), closed=count(c.closed_at))


def _aware(row: dict) -> dict:
    return {k: aware(v) if isinstance(v, datetime) else v for k, v in row.items()}
