"""`coopbot import-activity FILE`: load a week of coop life (week.json's format) as records.

E-mail addresses, excerpts, private messages and read-restricted categories are dropped
here: what is not loaded can never be shown.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from bot.clock import parse_time
from bot.digest import records
from bot.digest.calendar import required_time, week_file_events
from bot.digest.values import CoopEvent, Incident, Member, TicketFigures, TopicActivity
from bot.digest.week import week_of
from bot.forum.memory_data import slugify


class ActivityFormatError(ValueError):
    """A week file that cannot be read; the message names the file and the field."""


@dataclass(frozen=True, kw_only=True)
class ImportedWeek:
    """A week file's content, as the digest's values."""

    label: str
    as_of: datetime
    forum_url: str
    topics: tuple[TopicActivity, ...]
    members: tuple[Member, ...]
    incidents: tuple[tuple[str, Incident], ...]  # (id, incident)
    events: tuple[tuple[str, CoopEvent], ...]  # (uid, event)
    tickets: TicketFigures


def read(path: Path, timezone: str, support: tuple[str, ...]) -> ImportedWeek:
    """Read a week file; `support` names support categories (else: topics that can be solved)."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as e:
        raise ActivityFormatError(f"{path}: cannot read a JSON week ({e})") from None
    try:
        return parse(data, timezone, support)
    except ValueError as e:
        raise ActivityFormatError(f"{path}: {e}") from None
    except (KeyError, TypeError, AttributeError) as e:
        raise ActivityFormatError(f"{path}: missing or malformed field: {e!r}") from None


def parse(data: dict, timezone: str, support: tuple[str, ...]) -> ImportedWeek:
    """Turn a week file's JSON into values, keeping only what may be shown."""
    restricted = {c["name"]: bool(c.get("read_restricted")) for c in data["forum"]["categories"]}
    public = {name for name, hidden in restricted.items() if not hidden}
    topics = tuple(
        _topic(t, support)
        for t in data.get("topics", [])
        if t["category"] in public and t.get("archetype", "regular") == "regular"
    )
    start = required_time(data["week"]["start"], "week.start")
    return ImportedWeek(
        label=week_of(start, timezone).label,
        as_of=required_time(data["generated_at"], "generated_at"),
        forum_url=str(data["forum"].get("url") or ""),
        topics=topics,
        members=tuple(_member(m) for m in data.get("new_members", [])),
        incidents=tuple((str(i["id"]), _incident(i)) for i in data.get("incidents", [])),
        events=tuple(week_file_events(data)),
        tickets=_tickets(data.get("tickets") or {}),
    )


def _topic(t: dict, support: tuple[str, ...]) -> TopicActivity:
    # Without named support categories, a topic that can be solved is a support question.
    if support:
        is_support = t["category"] in support or slugify(t["category"]) in support
    else:
        is_support = t.get("solved") is not None
    answer = t.get("accepted_answer") or {}
    return TopicActivity(
        topic_id=int(t["id"]),
        title=str(t["title"]),
        category=str(t["category"]),
        support=is_support,
        author=str(t.get("author") or ""),
        created_at=required_time(t["created_at"], f"topics[{t['id']}].created_at"),
        posts_count=int(t.get("posts_count") or 1),
        solved=t.get("solved") is True,
        accepted_author=str(answer.get("author") or ""),
    )


def _member(m: dict) -> Member:
    # The file carries e-mail addresses; they are not read.
    return Member(
        username=str(m["username"]),
        joined_at=required_time(m["joined_at"], f"new_members[{m['username']}].joined_at"),
        opted_out=bool(m.get("opted_out") or m.get("hide_profile")),
    )


def _incident(i: dict) -> Incident:
    return Incident(
        title=str(i["title"]),
        started_at=required_time(i["started_at"], f"incidents[{i['id']}].started_at"),
        resolved_at=parse_time(i.get("resolved_at")),
        services=tuple(str(s) for s in i.get("services") or ()),
        url=str(i.get("url") or ""),
    )


def _tickets(t: dict) -> TicketFigures:
    return TicketFigures(
        opened=int(t.get("opened") or 0),
        closed=int(t.get("closed") or 0),
        still_open=t.get("open_at_week_end"),
    )


def load(engine, forum: str, week: ImportedWeek) -> dict[str, int]:
    """Write an imported week's records in one transaction; say how many of each."""
    with engine.begin() as conn:
        for topic in week.topics:
            records.put_topic(conn, forum, topic, source="import", replace=True)
        for member in week.members:
            records.put_member(conn, forum, member, None, replace=True)
        for uid, incident in week.incidents:
            records.put_incident(conn, forum, f"import:{uid}", incident)
        for uid, event in week.events:
            records.put_event(conn, forum, uid, event)
        records.put_week(conn, forum, week.label, week.as_of, week.forum_url, week.tickets)
    return {
        "topics": len(week.topics),
        "members": len(week.members),
        "incidents": len(week.incidents),
        "events": len(week.events),
    }
