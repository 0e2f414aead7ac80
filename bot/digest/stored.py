"""Read the digest's activity records back as values, for one span of time."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import Connection, func, or_, select

from bot.digest.records import EVENTS, INCIDENTS, MEMBERS, POSTS, TICKETS, TOPICS, WEEKS
from bot.digest.values import CoopEvent, Incident, Member, Thanks, TicketFigures
from bot.digest.week import Week
from bot.store import audit


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
    """Incidents open at some moment of the span."""
    c = INCIDENTS.c
    query = select(INCIDENTS).where(
        c.forum == forum, c.started_at < until, or_(c.resolved_at.is_(None), c.resolved_at >= since)
    )
    return [
        Incident(
            title=r.title,
            started_at=aware(r.started_at),
            resolved_at=aware(r.resolved_at),
            services=tuple(s for s in r.services.split(", ") if s),
            url=r.url,
        )
        for r in conn.execute(query)
    ]


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
