"""Coming dates of coop life as lines of the digest: assemblies, votes, maintenance windows."""

from __future__ import annotations

from datetime import datetime

from bot.digest.text import inert, long_date, long_datetime
from bot.digest.values import CoopEvent
from bot.messages import say

KINDS = ("assembly", "vote", "online_vote", "maintenance", "event")


def agenda_lines(
    events: tuple[CoopEvent, ...], as_of: datetime, timezone: str, language: str, forum_url: str
) -> list[str]:
    """One line per coming event, each with its link to the forum when it has a topic."""
    found = []
    for event in events:
        line = _line(event, as_of, timezone, language)
        if event.topic_id is not None:
            url = f"{forum_url.rstrip('/')}/t/{event.topic_id}"
            line += say("digest.link", language, url=url)
        found.append(line)
    return found


def _line(event: CoopEvent, as_of: datetime, timezone: str, language: str) -> str:
    """What a reader must know of one event: when, where, by when to vote."""
    when = long_date if event.all_day else long_datetime
    start = when(event.starts_at, timezone, language)
    end = long_datetime(event.ends_at, timezone, language) if event.ends_at else ""
    values = {"title": inert(event.title), "start": start, "end": end}
    if event.kind == "vote" and event.ends_at is not None:
        if event.starts_at > as_of:
            return say("digest.event.vote_later", language, **values)
        return say(
            "digest.event.vote_open", language, participation=_turnout(event, language), **values
        )
    if event.kind == "online_vote" and event.ends_at is not None:
        return say("digest.event.online_vote", language, **values)
    if event.kind == "maintenance":
        until = say("digest.until", language, end=end) if end else ""
        return say("digest.event.maintenance", language, **{**values, "end": until})
    where = (
        say("digest.location", language, location=inert(event.location)) if event.location else ""
    )
    key = "digest.event.assembly" if event.kind == "assembly" else "digest.event.event"
    return say(key, language, location=where, **values)


def _turnout(event: CoopEvent, language: str) -> str:
    """How many have voted so far, when the vote's tool says."""
    if event.voters is None or not event.eligible:
        return ""
    return say("digest.participation", language, voters=event.voters, eligible=event.eligible)
