"""Which items each section of a digest shows: pure choices over the week's activity."""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timedelta

from bot.digest import figures as fig
from bot.digest.values import CoopEvent, Incident, Member, Thanks, TopicActivity
from bot.digest.week import Week
from bot.forum.memory_data import slugify

WAITING_AFTER = timedelta(hours=48)  # a question unanswered this long calls for volunteers
EVENT_HORIZON = timedelta(days=90)  # coming events shown this far ahead


def by_creation(t: TopicActivity) -> tuple:
    """Oldest first; topics whose creation is unknown last."""
    return (t.created_at is None, t.created_at or datetime.min, t.topic_id)


def helpers(solved: list[TopicActivity], bot_username: str) -> tuple[Thanks, ...]:
    """Members whose answers were accepted, most accepted first."""
    counts = Counter(
        t.accepted_author
        for t in solved
        if t.accepted_author and t.accepted_author.lower() != bot_username.lower()
    )
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0].lower()))
    return tuple(Thanks(username=name, count=n) for name, n in ranked)


def waiting(topics, stats, as_of: datetime, since: datetime) -> list[TopicActivity]:
    """Support questions with no reply, asked more than 48 hours before the digest."""
    found = [
        t
        for t in topics
        if t.support
        and not t.solved
        and t.created_at is not None
        and since <= t.created_at <= as_of - WAITING_AFTER
        and fig.posts_of(t, stats.get(t.topic_id)) <= 1
    ]
    return sorted(found, key=by_creation)


def governance(t: TopicActivity, governance: tuple[str, ...]) -> bool:
    """A topic of coop life: a governance category, or any non-support one when none is set."""
    if not governance:
        return not t.support
    wanted = {g.casefold() for g in governance} | {slugify(g) for g in governance}
    return t.category.casefold() in wanted or slugify(t.category) in wanted


def incidents(incidents, week: Week, as_of: datetime) -> list[Incident]:
    """Incidents open at some moment of the week, oldest first."""
    found = [
        i
        for i in incidents
        if i.started_at < min(week.end, as_of)
        and (i.resolved_at is None or i.resolved_at >= week.start)
    ]
    return sorted(found, key=lambda i: i.started_at)


def coming_events(events, as_of: datetime) -> list[CoopEvent]:
    """Events still to come (or under way) within the horizon, votes still open, by date."""
    horizon = as_of + EVENT_HORIZON
    found = [e for e in events if _still_ahead(e, as_of) and e.starts_at <= horizon]
    return sorted(found, key=lambda e: (_when(e, as_of), e.title))


def _still_ahead(event: CoopEvent, as_of: datetime) -> bool:
    return (event.ends_at or event.starts_at) >= as_of


def _when(event: CoopEvent, as_of: datetime) -> datetime:
    """The date a reader must act by: a vote under way by its close, others by their start."""
    if event.starts_at < as_of and event.ends_at is not None:
        return event.ends_at
    return event.starts_at


def welcome(members: tuple[Member, ...], week: Week) -> list[str]:
    """Members who joined in the week, in order, except those who opted out."""
    joined = [m for m in members if week.contains(m.joined_at) and not m.opted_out]
    return [m.username for m in sorted(joined, key=lambda m: (m.joined_at, m.username))]
