"""What a digest is built from: the week's activity as plain values, read once."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True, kw_only=True)
class TopicActivity:
    """A forum topic as the bot knows it; `posts_count` 0 means "count the recorded posts"."""

    topic_id: int
    title: str
    category: str = ""  # name; the category's slug when only that is known
    public: bool = True
    support: bool = False
    author: str = ""
    created_at: datetime | None = None  # unknown for a topic the bot met only when solved
    posts_count: int = 0
    solved: bool = False
    solved_at: datetime | None = None
    accepted_author: str = ""


@dataclass(frozen=True, kw_only=True)
class PostActivity:
    """One recorded post of a public topic."""

    post_id: int
    topic_id: int
    post_number: int
    author: str
    created_at: datetime


@dataclass(frozen=True, kw_only=True)
class Member:
    """A member who joined; `opted_out` ones are never named."""

    username: str
    joined_at: datetime
    opted_out: bool = False


@dataclass(frozen=True, kw_only=True)
class Incident:
    """A service incident from the status page; `resolved_at` None while it lasts."""

    title: str
    started_at: datetime
    resolved_at: datetime | None = None
    services: tuple[str, ...] = ()
    url: str = ""
    reports: int | None = None  # linked reports, when something linked them


@dataclass(frozen=True, kw_only=True)
class CoopEvent:
    """A date of coop life: general assembly, vote, maintenance window, other event."""

    kind: str  # assembly, vote, online_vote, maintenance, event
    title: str
    starts_at: datetime
    ends_at: datetime | None = None
    location: str = ""
    topic_id: int | None = None
    voters: int | None = None
    eligible: int | None = None
    all_day: bool = False


@dataclass(frozen=True, kw_only=True)
class TicketFigures:
    """Tickets opened and closed in a week; `still_open` at its end when known."""

    opened: int = 0
    closed: int = 0
    still_open: int | None = None


@dataclass(frozen=True, kw_only=True)
class Thanks:
    """A volunteer and how many suggestions they decided."""

    username: str
    count: int


@dataclass(frozen=True, kw_only=True)
class WeekActivity:
    """Everything recorded from the previous week's start up to the digest's moment."""

    topics: tuple[TopicActivity, ...] = ()
    posts: tuple[PostActivity, ...] = ()
    members: tuple[Member, ...] = ()
    incidents: tuple[Incident, ...] = ()
    events: tuple[CoopEvent, ...] = ()
    tickets: TicketFigures = field(default_factory=TicketFigures)
    previous_tickets: TicketFigures = field(default_factory=TicketFigures)
    previous_known: bool = True  # False when only this week was imported
    deciders: tuple[Thanks, ...] = ()
