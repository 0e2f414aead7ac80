"""Automatic replies: off by default; per category, above a high confidence, a few a day."""

from __future__ import annotations

from datetime import UTC, datetime, time
from zoneinfo import ZoneInfo

from sqlalchemy import Connection

from bot.clock import utcnow
from bot.forum import categories
from bot.store import audit

ACTION = "approve"
SOURCE = "auto"


def eligible(context, category_id: int | None, confidence: float) -> bool:
    """A reply may go out unreviewed: the category asks for it and the best hit is sure."""
    settings = context.settings
    if not settings.auto_reply_categories or confidence < settings.auto_reply_confidence:
        return False
    chosen = settings.auto_reply_categories
    return categories.support_refusal(context.forum, category_id, chosen) is None


def day_start(now: datetime, timezone: str) -> datetime:
    """Midnight of the coop's current day, in UTC as the database stores times."""
    zone = ZoneInfo(timezone)
    return datetime.combine(now.astimezone(zone).date(), time(), tzinfo=zone).astimezone(UTC)


def under_cap(conn: Connection, settings, now: datetime | None = None) -> bool:
    """True while today's automatic replies stay under the daily cap."""
    since = day_start(now or utcnow(), settings.timezone)
    done = audit.count_since(conn, settings.forum_id, source=SOURCE, action=ACTION, since=since)
    return done < settings.auto_reply_daily_cap
