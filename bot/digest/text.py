"""Members' words made inert, and dates and durations as a reader says them."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from urllib.parse import quote
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_datetime

from bot.messages import say
from bot.privacy import redact_emails

MAX_TITLE = 150  # characters of a member's title kept in a line of the digest
HOURS_UP_TO = 48  # a shorter duration is told in hours ("30 h"), a longer one in days
# Controls, bidirectional overrides and line separators can reorder or break a line.
INVISIBLE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")
SPACES = re.compile(r"[\s\u2028\u2029]+")
# What Markdown (CommonMark, Discourse, Python-Markdown) would read as structure inline.
MARKUP = re.compile(r"[\\`*\[\]~]|(?<![0-9A-Za-z])_|_(?![0-9A-Za-z])")
ENTITY_START = re.compile(r"&(?=#?[0-9A-Za-z]+;)")
# "@name" notifies a member or a group (@everyone, @here): a zero-width space defuses it.
MENTION = re.compile(r"@(?=[\w.-])")
ZWSP = "\u200b"
URL_SAFE = "/:?#&=%+-._~,;!$@"  # everything else, spaces, brackets and parentheses, is encoded


def inert(text: str, limit: int = MAX_TITLE) -> str:
    """A member's text on one line that mentions no one and injects no Markdown or HTML."""
    text = SPACES.sub(" ", INVISIBLE.sub("", redact_emails(text or ""))).strip()
    if len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    text = MARKUP.sub(lambda m: "\\" + m.group(0), text)
    text = ENTITY_START.sub("&amp;", text).replace("<", "&lt;").replace(">", "&gt;")
    return MENTION.sub("@" + ZWSP, text)


def safe_url(url: str) -> str:
    """An http(s) link a sender gave, percent-encoded so that it cannot leave its Markdown link."""
    if not url.startswith(("https://", "http://")):
        return ""
    return quote(url.strip(), safe=URL_SAFE)


def long_datetime(moment: datetime, timezone: str, language: str) -> str:
    """A moment as "samedi 12 décembre à 14 h" in the coop's time zone."""
    local = moment.astimezone(ZoneInfo(timezone))
    if (local.hour, local.minute) == (0, 0):
        return long_date(local, timezone, language)  # a day from its start: no "à 0 h"
    key = "digest.datetime_minutes" if local.minute else "digest.datetime"
    return format_datetime(local, say(key, language), tzinfo=ZoneInfo(timezone), locale=language)


def long_date(day: date | datetime, timezone: str, language: str) -> str:
    """A day as "lundi 16 novembre"."""
    if isinstance(day, datetime):
        day = day.astimezone(ZoneInfo(timezone)).date()
    return format_date(day, say("digest.date", language), locale=language)


def day_range(first: date, last: date, language: str) -> tuple[str, str]:
    """Two ends of a span, the first as short as its month and year allow."""
    if first.year != last.year:
        pattern = "d MMMM y"
    elif first.month != last.month:
        pattern = "d MMMM"
    else:
        pattern = "d"
    return (
        format_date(first, pattern, locale=language),
        format_date(last, "d MMMM y", locale=language),
    )


def duration(span: timedelta, language: str) -> str:
    """A duration as "30 h", "45 min" or, from two days on, "3 j 4 h"."""
    minutes = max(int(span.total_seconds() // 60), 0)
    days, rest = divmod(minutes, 24 * 60) if minutes >= HOURS_UP_TO * 60 else (0, minutes)
    hours, minutes = divmod(rest, 60)
    parts = [("digest.days", days), ("digest.hours", hours), ("digest.minutes", minutes)]
    shown = [say(key, language, n=n) for key, n in parts if n]
    return " ".join(shown) or say("digest.minutes", language, n=0)
