"""Build a week's digest from recorded activity: values in, a Digest out, nothing read."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from bot.digest import figures as fig
from bot.digest.values import CoopEvent, Incident, Thanks, TopicActivity, WeekActivity
from bot.digest.week import Week
from bot.forum.memory import slugify

ACTIVE_LIMIT = 5  # most active discussions shown
LIST_LIMIT = 20  # solved, waiting and coop-life topics shown before "and N more"
WAITING_AFTER = timedelta(hours=48)  # a question unanswered this long calls for volunteers
EVENT_HORIZON = timedelta(days=90)  # coming events shown this far ahead
QUIET_POSTS = 5  # fewer new topics and replies than this, and no incident: a quiet week


@dataclass(frozen=True, kw_only=True)
class Options:
    """The coop's choices that shape a digest."""

    forum_url: str = ""
    governance: tuple[str, ...] = ()  # names or slugs; empty: every public non-support category
    bot_username: str = "coopbot"


@dataclass(frozen=True, kw_only=True)
class TopicLine:
    """A topic as the digest lists it."""

    topic_id: int
    title: str
    url: str
    posts: int
    participants: int | None = None
    created_at: datetime | None = None


@dataclass(frozen=True, kw_only=True)
class Digest:
    """A week's digest: figures and sections, each empty when there is nothing to say."""

    week: Week
    as_of: datetime
    quiet: bool
    forum_url: str
    figures: tuple[fig.Figure, ...]
    active: tuple[TopicLine, ...] = ()
    solved: tuple[TopicLine, ...] = ()
    helpers: tuple[Thanks, ...] = ()
    deciders: tuple[Thanks, ...] = ()
    waiting: tuple[TopicLine, ...] = ()
    incidents: tuple[Incident, ...] = ()
    coop_topics: tuple[TopicLine, ...] = ()
    coming: tuple[CoopEvent, ...] = ()
    welcome: tuple[str, ...] = ()
    more: dict[str, int] = field(default_factory=dict)  # section -> lines left out


def build(week: Week, as_of: datetime, activity: WeekActivity, options: Options) -> Digest:
    """The digest of `week` as it stands at `as_of`."""
    topics = [t for t in activity.topics if t.public]
    stats = fig.post_stats(activity.posts, {t.topic_id for t in activity.topics if not t.public})
    figures = fig.week_figures(week, topics, activity, stats)
    incidents = tuple(_incidents(activity.incidents, week, as_of))
    quiet = fig.calm(figures, QUIET_POSTS) and not incidents
    line = _liner(options.forum_url, stats)
    of_week = [t for t in topics if week.contains(t.created_at)]
    solved = [t for t in topics if t.support and fig.solved_in(t, week)]
    waiting = _waiting(topics, stats, as_of, week.previous().start)
    coop = [t for t in of_week if _governance(t, options.governance)]
    lists = {
        "solved": [line(t) for t in sorted(solved, key=_created)],
        "waiting": [line(t) for t in waiting],
        "coop_topics": [line(t) for t in sorted(coop, key=_created)],
    }
    return Digest(
        week=week,
        as_of=as_of,
        quiet=quiet,
        forum_url=options.forum_url.rstrip("/"),
        figures=figures,
        active=() if quiet else tuple(_most_active(of_week, line)),
        solved=() if quiet else tuple(lists["solved"][:LIST_LIMIT]),
        helpers=() if quiet else _helpers(solved, options.bot_username),
        deciders=tuple(sorted(activity.deciders, key=lambda d: (-d.count, d.username.lower()))),
        waiting=tuple(lists["waiting"][:LIST_LIMIT]),
        incidents=incidents,
        coop_topics=() if quiet else tuple(lists["coop_topics"][:LIST_LIMIT]),
        coming=tuple(coming_events(activity.events, as_of)),
        welcome=tuple(_welcome(activity, week)),
        more={k: len(v) - LIST_LIMIT for k, v in lists.items() if len(v) > LIST_LIMIT},
    )


def _liner(forum_url: str, stats: dict[int, fig.PostStats]):
    """A function turning a topic into its line, with its link and its counts."""
    base = forum_url.rstrip("/")

    def line(t: TopicActivity) -> TopicLine:
        known = stats.get(t.topic_id)
        return TopicLine(
            topic_id=t.topic_id,
            title=t.title,
            url=f"{base}/t/{t.topic_id}",
            posts=fig.posts_of(t, known),
            participants=len(known.authors) if known else None,
            created_at=t.created_at,
        )

    return line


def _created(t: TopicActivity) -> tuple:
    return (t.created_at is None, t.created_at or datetime.min, t.topic_id)


def _most_active(of_week: list[TopicActivity], line) -> list[TopicLine]:
    """Public topics of the week with replies, by posts, then distinct participants."""
    lines = [line(t) for t in of_week]
    lines = [t for t in lines if t.posts > 1]
    lines.sort(key=lambda t: (-t.posts, -(t.participants or 0), t.created_at, t.topic_id))
    return lines[:ACTIVE_LIMIT]


def _helpers(solved: list[TopicActivity], bot_username: str) -> tuple[Thanks, ...]:
    """Members whose answers were accepted, most accepted first."""
    counts = Counter(
        t.accepted_author
        for t in solved
        if t.accepted_author and t.accepted_author.lower() != bot_username.lower()
    )
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0].lower()))
    return tuple(Thanks(username=name, count=n) for name, n in ranked)


def _waiting(topics, stats, as_of: datetime, since: datetime) -> list[TopicActivity]:
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
    return sorted(found, key=_created)


def _governance(t: TopicActivity, governance: tuple[str, ...]) -> bool:
    """A topic of coop life: a governance category, or any non-support one when none is set."""
    if not governance:
        return not t.support
    wanted = {g.casefold() for g in governance} | {slugify(g) for g in governance}
    return t.category.casefold() in wanted or slugify(t.category) in wanted


def _incidents(incidents, week: Week, as_of: datetime) -> list[Incident]:
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


def _welcome(activity: WeekActivity, week: Week) -> list[str]:
    """Members who joined in the week, in order, except those who opted out."""
    joined = [m for m in activity.members if week.contains(m.joined_at) and not m.opted_out]
    return [m.username for m in sorted(joined, key=lambda m: (m.joined_at, m.username))]
