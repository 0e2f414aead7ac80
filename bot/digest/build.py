"""Build a week's digest from recorded activity: values in, a Digest out, nothing read."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from bot.digest import figures as fig
from bot.digest import select
from bot.digest.values import CoopEvent, Incident, Thanks, TopicActivity, WeekActivity
from bot.digest.week import Week

ACTIVE_LIMIT = 5  # most active discussions shown
LIST_LIMIT = 20  # solved, waiting and coop-life topics shown before "and N more"
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
    incidents = tuple(select.incidents(activity.incidents, week, as_of))
    quiet = fig.calm(figures, QUIET_POSTS) and not incidents
    line = _liner(options.forum_url, stats)
    of_week = [t for t in topics if week.contains(t.created_at)]
    solved = [t for t in topics if t.support and fig.solved_in(t, week)]
    waiting = select.waiting(topics, stats, as_of, week.previous().start)
    coop = [t for t in of_week if select.governance(t, options.governance)]
    # A quiet week's short version keeps what asks for action: waiting questions, dates.
    lists = {
        "solved": [] if quiet else [line(t) for t in sorted(solved, key=select.by_creation)],
        "waiting": [line(t) for t in waiting],
        "coop_topics": [] if quiet else [line(t) for t in sorted(coop, key=select.by_creation)],
    }
    return Digest(
        week=week,
        as_of=as_of,
        quiet=quiet,
        forum_url=options.forum_url.rstrip("/"),
        figures=figures,
        active=() if quiet else tuple(_most_active(of_week, line)),
        solved=tuple(lists["solved"][:LIST_LIMIT]),
        helpers=() if quiet else select.helpers(solved, options.bot_username),
        deciders=() if quiet else _by_count(activity.deciders),
        waiting=tuple(lists["waiting"][:LIST_LIMIT]),
        incidents=incidents,
        coop_topics=tuple(lists["coop_topics"][:LIST_LIMIT]),
        coming=tuple(select.coming_events(activity.events, as_of)),
        welcome=tuple(select.welcome(activity.members, week)),
        more={k: len(v) - LIST_LIMIT for k, v in lists.items() if len(v) > LIST_LIMIT},
    )


def _by_count(people: tuple[Thanks, ...]) -> tuple[Thanks, ...]:
    """Most decisions first, then by name."""
    return tuple(sorted(people, key=lambda p: (-p.count, p.username.lower())))


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


def _most_active(of_week: list[TopicActivity], line) -> list[TopicLine]:
    """Public topics of the week with replies, by posts, then distinct participants."""
    lines = [line(t) for t in of_week]
    lines = [t for t in lines if t.posts > 1]
    lines.sort(key=lambda t: (-t.posts, -(t.participants or 0), t.created_at, t.topic_id))
    return lines[:ACTIVE_LIMIT]
