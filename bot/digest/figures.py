"""The week in figures, beside the previous week's: pure counting over recorded activity."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.digest.values import PostActivity, TopicActivity, WeekActivity
from bot.digest.week import Week

FIGURES = (
    "new_topics",
    "replies",
    "solved",
    "new_members",
    "tickets_opened",
    "tickets_closed",
    "tickets_open",
    "incidents",
)


@dataclass(frozen=True)
class Figure:
    """One figure of the week and the same figure for the week before (None: not known)."""

    key: str
    value: int | None
    previous: int | None


@dataclass
class PostStats:
    """What the recorded posts of one topic say."""

    count: int = 0
    has_first: bool = False
    authors: set[str] = field(default_factory=set)


def post_stats(posts: tuple[PostActivity, ...], hidden: set[int]) -> dict[int, PostStats]:
    """Recorded posts per topic, leaving out the topics that are not public."""
    stats: dict[int, PostStats] = {}
    for p in posts:
        if p.topic_id in hidden:
            continue
        s = stats.get(p.topic_id)
        if s is None:
            s = stats[p.topic_id] = PostStats()
        s.count += 1
        s.has_first = s.has_first or p.post_number == 1
        s.authors.add(p.author)
    return stats


def posts_of(topic: TopicActivity, known: PostStats | None) -> int:
    """A topic's posts: the larger of its stated count and its recorded posts."""
    if known is None:
        return max(topic.posts_count, 1)
    recorded = known.count + (0 if known.has_first else 1)  # the question exists if unseen
    return max(topic.posts_count, recorded)


def solved_in(topic: TopicActivity, week: Week) -> bool:
    """Solved during the week: by its acceptance time, else by its creation."""
    if not topic.solved:
        return False
    return week.contains(topic.solved_at or topic.created_at)


def week_figures(
    week: Week, topics: list[TopicActivity], activity: WeekActivity, stats: dict[int, PostStats]
) -> tuple[Figure, ...]:
    """Each figure for the week, with the previous week's beside it."""
    now, before = week, week.previous()
    tickets = {now.label: activity.tickets, before.label: activity.previous_tickets}

    def count(w: Week) -> dict[str, int | None]:
        return {
            "new_topics": sum(w.contains(t.created_at) for t in topics),
            "replies": _replies(w, topics, activity.posts, stats),
            "solved": sum(t.support and solved_in(t, w) for t in topics),
            "new_members": sum(w.contains(m.joined_at) for m in activity.members),
            "tickets_opened": tickets[w.label].opened,
            "tickets_closed": tickets[w.label].closed,
            "tickets_open": tickets[w.label].still_open,
            "incidents": sum(w.contains(i.started_at) for i in activity.incidents),
        }

    current = count(now)
    previous = count(before) if activity.previous_known else dict.fromkeys(FIGURES)
    shown = [key for key in FIGURES if current[key] is not None]
    return tuple(Figure(key, current[key], previous[key]) for key in shown)


def _replies(w: Week, topics, posts, stats: dict[int, PostStats]) -> int:
    """Replies written in the week: recorded ones, else a topic's count when it began then."""
    recorded = sum(
        1 for p in posts if p.post_number > 1 and p.topic_id in stats and w.contains(p.created_at)
    )
    counted = sum(
        max(t.posts_count - 1, 0)
        for t in topics
        if t.topic_id not in stats and w.contains(t.created_at)
    )
    return recorded + counted


def calm(figures: tuple[Figure, ...], quiet_posts: int) -> bool:
    """Fewer new topics and replies than `quiet_posts`."""
    value = {f.key: f.value for f in figures}
    return value["new_topics"] + value["replies"] < quiet_posts
