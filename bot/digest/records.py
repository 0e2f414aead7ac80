"""Write the digest's activity records, each in the caller's transaction."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Connection, select, update

from bot.clock import utcnow
from bot.digest.values import (
    CoopEvent,
    Incident,
    Member,
    PostActivity,
    TicketFigures,
    TopicActivity,
)
from bot.privacy import redact_emails
from bot.store.db import upsert_insert
from bot.store.models.activity import ActivityMember, ActivityPost, ActivityTopic
from bot.store.models.digest import ActivityIncident, ActivityTicket, ActivityWeek, CoopEventRecord

TOPICS, POSTS = ActivityTopic.__table__, ActivityPost.__table__
MEMBERS, INCIDENTS = ActivityMember.__table__, ActivityIncident.__table__
TICKETS, WEEKS, EVENTS = ActivityTicket.__table__, ActivityWeek.__table__, CoopEventRecord.__table__
TOPIC_KEY = ["forum", "topic_id"]


def _text(value: str, length: int) -> str:
    """A stored string: no e-mail address, within its column."""
    return redact_emails(value or "")[:length]


def upsert(conn: Connection, table, values: dict, keys: list[str], changes: list[str]) -> None:
    """Insert a row, or update `changes` of the row with the same keys (nothing when empty)."""
    stmt = upsert_insert(conn, table).values(**values)
    if changes:
        stmt = stmt.on_conflict_do_update(
            index_elements=keys, set_={c: getattr(stmt.excluded, c) for c in changes}
        )
    else:
        stmt = stmt.on_conflict_do_nothing()
    conn.execute(stmt)


def put_topic(
    conn: Connection,
    forum: str,
    topic: TopicActivity,
    *,
    source: str,
    category_id: int | None = None,
    replace: bool = False,
) -> None:
    """Record a topic; an import replaces what it states, an event never overwrites."""
    values = _topic_values(forum, topic, source, category_id)
    changes = [k for k in values if k not in TOPIC_KEY] if replace else []
    upsert(conn, TOPICS, values, TOPIC_KEY, changes)


def complete_topic(conn: Connection, forum: str, topic: TopicActivity, category_id) -> None:
    """Fill what a topic's row lacks when its creation arrives after its solution."""
    known = (TOPICS.c.forum == forum) & (TOPICS.c.topic_id == topic.topic_id)
    values = {"created_at": topic.created_at, "author": _text(topic.author, 255)}
    values |= {"support": topic.support, "category_id": category_id}
    conn.execute(update(TOPICS).where(known & TOPICS.c.created_at.is_(None)).values(**values))


def put_solution(
    conn: Connection, forum: str, topic: TopicActivity, category_id: int | None
) -> None:
    """Record that a topic's question is solved (or no longer), by whom and when."""
    values = _topic_values(forum, topic, "events", category_id)
    upsert(
        conn, TOPICS, values, TOPIC_KEY, ["solved", "solved_at", "accepted_author", "updated_at"]
    )


def _topic_values(forum: str, topic: TopicActivity, source: str, category_id) -> dict:
    return {
        "forum": forum,
        "topic_id": topic.topic_id,
        "title": _text(topic.title, 500),
        "category_id": category_id,
        "category": _text(topic.category, 255),
        "support": topic.support,
        "author": _text(topic.author, 255),
        "created_at": topic.created_at,
        "posts_count": topic.posts_count,
        "solved": topic.solved,
        "solved_at": topic.solved_at,
        "accepted_author": _text(topic.accepted_author, 255),
        "source": source,
        "updated_at": utcnow(),
    }


def put_post(conn: Connection, forum: str, post: PostActivity, category_id: int | None) -> None:
    """Record a public post once."""
    values = {"forum": forum, "post_id": post.post_id, "topic_id": post.topic_id}
    values |= {"post_number": post.post_number, "author": _text(post.author, 255)}
    values |= {"category_id": category_id, "created_at": post.created_at}
    upsert(conn, POSTS, values, ["forum", "post_id"], [])


def put_member(
    conn: Connection, forum: str, member: Member, user_id: int | None, *, replace: bool = False
) -> None:
    """Record a member; a later event only changes whether they opted out."""
    values = {"forum": forum, "username": _text(member.username, 255), "user_id": user_id}
    values |= {"joined_at": member.joined_at, "opted_out": member.opted_out}
    changes = ["joined_at", "opted_out", "user_id"] if replace else ["opted_out"]
    upsert(conn, MEMBERS, values, ["forum", "username"], changes)


def put_incident(
    conn: Connection, forum: str, source_key: str, incident: Incident, *, replace: bool = True
) -> None:
    """Record an incident under its source and start; `replace` updates a known one."""
    values = {"forum": forum, "source_key": source_key[:255], "title": _text(incident.title, 500)}
    values |= {"services": _text(", ".join(incident.services), 500), "url": incident.url[:1000]}
    values |= {"started_at": incident.started_at, "resolved_at": incident.resolved_at}
    values["updated_at"] = utcnow()
    keys = ["forum", "source_key", "started_at"]
    changes = ["title", "services", "url", "resolved_at", "updated_at"] if replace else []
    upsert(conn, INCIDENTS, values, keys, changes)


def open_incident_start(conn: Connection, forum: str, source_key: str) -> datetime | None:
    """When the source's incident still open began, if one is."""
    query = (
        select(INCIDENTS.c.started_at)
        .where(INCIDENTS.c.forum == forum, INCIDENTS.c.source_key == source_key[:255])
        .where(INCIDENTS.c.resolved_at.is_(None))
        .order_by(INCIDENTS.c.started_at.desc())
    )
    return conn.execute(query).scalar()


def put_ticket(conn: Connection, forum: str, system: str, ticket_id: int, **times) -> None:
    """Record when a ticket opened or closed (`opened_at`, `closed_at`)."""
    values = {"forum": forum, "system": system[:32], "ticket_id": ticket_id, **times}
    upsert(conn, TICKETS, values, ["forum", "system", "ticket_id"], list(times))


def put_week(
    conn: Connection, forum: str, label: str, as_of: datetime, url: str, tickets: TicketFigures
) -> None:
    """Record what an imported week states as a whole."""
    values = {"forum": forum, "week": label, "as_of": as_of, "forum_url": url[:1000]}
    values |= {"tickets_opened": tickets.opened, "tickets_closed": tickets.closed}
    values["tickets_open"] = tickets.still_open
    upsert(
        conn, WEEKS, values, ["forum", "week"], [k for k in values if k not in ("forum", "week")]
    )


def put_event(conn: Connection, forum: str, uid: str, event: CoopEvent) -> None:
    """Record a coop event under its own id, replacing an earlier version."""
    values = {
        "forum": forum,
        "uid": uid[:255],
        "kind": event.kind,
        "title": _text(event.title, 500),
    }
    values |= {"starts_at": event.starts_at, "ends_at": event.ends_at}
    values |= {"location": _text(event.location, 500), "topic_id": event.topic_id}
    values |= {"voters": event.voters, "eligible": event.eligible}
    upsert(conn, EVENTS, values, ["forum", "uid"], [k for k in values if k not in ("forum", "uid")])
