"""Gather a week's activity: the bot's records, the forum's topic list where they have gaps,
and the coop's calendar."""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from datetime import datetime

from bot.clock import parse_time, utcnow
from bot.digest import calendar, stored
from bot.digest.build import Options
from bot.digest.values import PostActivity, TopicActivity, WeekActivity
from bot.digest.week import Week
from bot.forum import categories
from bot.forum.client import Category, ForumError, TopicSummary

log = logging.getLogger("coopbot.digest")
MAX_PAGES = 10  # of /latest.json (30 topics each) read to fill gaps; admin keys share 60 a minute


@dataclass(frozen=True)
class Gathered:
    """What `build` needs: the digest's moment, the activity, the coop's options."""

    as_of: datetime
    activity: WeekActivity
    options: Options


def collect(context, week: Week) -> Gathered:
    """Everything recorded from the previous week's start to the digest's moment."""
    settings, forum_id = context.settings, context.settings.forum_id
    since = week.previous().start
    with context.engine.connect() as conn:
        stated = stored.week_row(conn, forum_id, week.label) or {}
        before = stored.week_row(conn, forum_id, week.previous().label)
        as_of = stated.get("as_of") or utcnow()  # an imported week's "now" is its own
        topics = stored.topic_rows(conn, forum_id, since, as_of)
        posts = stored.post_rows(conn, forum_id, since, as_of)
        members = stored.members(conn, forum_id, since, as_of)
        incidents = stored.incidents(conn, forum_id, since, as_of)
        events = stored.events(conn, forum_id, as_of) + _calendar(settings)
        tickets = stored.tickets(conn, forum_id, week, stated)
        previous_tickets = stored.tickets(conn, forum_id, week.previous(), before)
        deciders = stored.deciders(conn, forum_id, week.start, min(week.end, as_of))
    # Whether a category is public is asked now: one made private since hides its topics.
    known = {c.id: c for c in context.forum.categories()}
    recorded = [_topic(row, known) for row in topics]
    found = _forum_topics(context, known, since, as_of)
    activity = WeekActivity(
        topics=tuple(merge(recorded, found)),
        posts=tuple(_post(row) for row in posts if _public(row["category_id"], known)),
        members=tuple(members),
        incidents=tuple(incidents),
        events=tuple(events),
        tickets=tickets,
        previous_tickets=previous_tickets,
        # An imported week says nothing of the week before, unless that one was imported too.
        previous_known=not stated or before is not None,
        deciders=tuple(deciders),
    )
    options = Options(
        forum_url=settings.discourse_url or stated.get("forum_url") or "",
        governance=settings.governance_categories,
        bot_username=settings.bot_username,
    )
    return Gathered(as_of, activity, options)


def _public(category_id: int | None, known: dict[int, Category]) -> bool:
    """Imported rows carry no id (their file said they were public); others must be public now,
    inside no read-restricted parent either."""
    return category_id is None or categories.restriction(known, category_id) is None


def _topic(row: dict, known: dict[int, Category]) -> TopicActivity:
    category = known.get(row["category_id"])
    return TopicActivity(
        topic_id=row["topic_id"],
        title=row["title"],
        category=category.name if category else row["category"],
        public=_public(row["category_id"], known),
        support=row["support"],
        author=row["author"],
        created_at=row["created_at"],
        posts_count=row["posts_count"],
        solved=row["solved"],
        solved_at=row["solved_at"],
        accepted_author=row["accepted_author"],
    )


def _post(row: dict) -> PostActivity:
    names = ("post_id", "topic_id", "post_number", "author", "created_at")
    return PostActivity(**{n: row[n] for n in names})


def merge(recorded: list[TopicActivity], found: list[TopicActivity]) -> list[TopicActivity]:
    """The records, with topics only the forum knows added and its post counts taken."""
    topics = {t.topic_id: t for t in recorded}
    for t in found:
        mine = topics.get(t.topic_id)
        if mine is None:
            topics[t.topic_id] = t
        elif t.posts_count > mine.posts_count:
            topics[t.topic_id] = replace(mine, posts_count=t.posts_count)
    return list(topics.values())


def _forum_topics(context, known, since: datetime, until: datetime) -> list[TopicActivity]:
    """Public topics the forum lists as created in the span (newest first, a few pages)."""
    found = []
    try:
        for page in range(MAX_PAGES):
            rows = context.forum.latest_topics(page=page)
            found += [_summary(context, t, known) for t in rows if _listed(t, since, until, known)]
            oldest = min(filter(None, (parse_time(t.created_at) for t in rows)), default=None)
            if oldest is None or oldest < since:
                break
    except ForumError as e:
        log.warning("digest: the forum's topic list is unavailable, records only: %s", e)
    return found


def _listed(t: TopicSummary, since: datetime, until: datetime, known) -> bool:
    """A regular topic of a category public now, created in the span."""
    created = parse_time(t.created_at)
    in_span = created is not None and since <= created < until
    public = t.category_id is not None and _public(t.category_id, known)
    return in_span and public and t.archetype == "regular"


def _summary(context, t: TopicSummary, known) -> TopicActivity:
    support = context.settings.support_categories
    return TopicActivity(
        topic_id=t.id,
        title=t.title,
        category=known[t.category_id].name,
        support=categories.support_refusal(context.forum, t.category_id, support) is None,
        author=t.username,
        created_at=parse_time(t.created_at),
        posts_count=t.posts_count,
    )


def _calendar(settings) -> list:
    """The coop calendar's events; a calendar that cannot be read leaves them out."""
    if not settings.calendar_url:
        return []
    try:
        return calendar.parse_ics(calendar.fetch(settings.calendar_url), settings.timezone)
    except calendar.CalendarUnavailable as e:
        log.warning("digest: %s; coming events come from the records only", e)
        return []
