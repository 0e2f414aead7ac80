"""Coming dates of coop life: the coop's iCalendar (file or URL) and week files' events."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import date, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import requests

from bot.clock import parse_time
from bot.digest.values import CoopEvent

log = logging.getLogger("coopbot.digest")
TIMEOUT = 10.0  # seconds for the calendar URL
MAX_BYTES = 5 * 1024 * 1024
# CATEGORIES words that say what an event is; anything else is an event.
KIND_WORDS = {
    "assembly": {"ag", "assemblée générale", "assemblee generale", "general assembly"},
    "vote": {"vote", "scrutin", "consultation"},
    "maintenance": {"maintenance"},
}
WEEK_FILE_KINDS = {"assemblee_generale": "assembly", "general_assembly": "assembly"}
WEEK_FILE_KINDS |= {"maintenance": "maintenance", "vote": "vote"}


class CalendarUnavailable(RuntimeError):
    """The calendar could not be read; the message never holds its URL (it may hold a token)."""


def fetch(source: str) -> bytes:
    """Read the calendar from an http(s) URL or a file path."""
    if not source.startswith(("http://", "https://")):
        try:
            return Path(source).read_bytes()[:MAX_BYTES]
        except OSError as e:
            raise CalendarUnavailable(f"calendar file unreadable: {type(e).__name__}") from None
    try:
        response = requests.get(source, timeout=TIMEOUT)
        response.raise_for_status()
    except requests.RequestException as e:
        raise CalendarUnavailable(f"calendar URL unreadable: {type(e).__name__}") from None
    return response.content[:MAX_BYTES]


def parse_ics(data: bytes | str, timezone: str) -> list[CoopEvent]:
    """Public, confirmed events of an iCalendar file; all-day ones start at local midnight."""
    try:
        calendar = icalendar.Calendar.from_ical(data)
    except ValueError as e:
        raise CalendarUnavailable(f"not an iCalendar file: {e}") from None
    found = []
    for item in calendar.walk("VEVENT"):
        if str(item.get("CLASS", "PUBLIC")).upper() != "PUBLIC":
            continue  # private and confidential entries stay in the calendar
        if str(item.get("STATUS", "")).upper() == "CANCELLED" or item.get("DTSTART") is None:
            continue
        start, all_day = _moment(item.get("DTSTART").dt, timezone)
        end = _moment(item["DTEND"].dt, timezone)[0] if item.get("DTEND") else None
        found.append(
            CoopEvent(
                kind=_kind(item.get("CATEGORIES")),
                title=str(item.get("SUMMARY", "")),
                starts_at=start,
                ends_at=None if all_day else end,
                location=str(item.get("LOCATION", "")),
                all_day=all_day,
            )
        )
    return found


def _moment(value: date | datetime, timezone: str) -> tuple[datetime, bool]:
    """An aware time (floating ones in the coop's zone) and whether it was a whole day."""
    zone = ZoneInfo(timezone)
    if not isinstance(value, datetime):
        return datetime.combine(value, time(0), tzinfo=zone), True
    return (value if value.tzinfo else value.replace(tzinfo=zone)), False


def _kind(categories) -> str:
    """The kind named by the event's CATEGORIES."""
    groups = categories if isinstance(categories, list) else [categories] if categories else []
    words = {str(c).strip().casefold() for g in groups for c in getattr(g, "cats", [])}
    for kind, names in KIND_WORDS.items():
        if words & names:
            return kind
    return "event"


def week_file_events(data: dict) -> Iterator[tuple[str, CoopEvent]]:
    """A week file's events, their online-vote windows and its votes, each with a stable id."""
    for e in data.get("events", []):
        yield (
            str(e["id"]),
            CoopEvent(
                kind=WEEK_FILE_KINDS.get(str(e.get("type")), "event"),
                title=str(e["title"]),
                starts_at=required_time(e["starts_at"], f"events[{e['id']}].starts_at"),
                ends_at=parse_time(e.get("ends_at")),
                location=str(e.get("location") or ""),
                topic_id=e.get("announcement_topic_id"),
            ),
        )
        opens, closes = (parse_time(e.get(f"online_vote_{end}_at")) for end in ("opens", "closes"))
        if opens and closes:
            window = CoopEvent(
                kind="online_vote", title=str(e["title"]), starts_at=opens, ends_at=closes
            )
            yield f"{e['id']}:online-vote", window
    for v in data.get("votes", []):
        turnout = v.get("participation") or {}
        yield (
            str(v["id"]),
            CoopEvent(
                kind="vote",
                title=str(v["title"]),
                starts_at=required_time(v["opened_at"], f"votes[{v['id']}].opened_at"),
                ends_at=required_time(v["closes_at"], f"votes[{v['id']}].closes_at"),
                topic_id=v.get("discussion_topic_id"),
                voters=turnout.get("voters"),
                eligible=turnout.get("eligible"),
            ),
        )


def required_time(value, field: str) -> datetime:
    """A file's time as aware UTC, or ValueError naming the field."""
    moment = parse_time(value)
    if moment is None:
        raise ValueError(f"{field}: expected an ISO 8601 time, got {value!r}")
    return moment
