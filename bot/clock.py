"""Time in one place: aware UTC datetimes, as stored in the database."""

from __future__ import annotations

from datetime import UTC, datetime


def utcnow() -> datetime:
    """Return the current time in UTC."""
    return datetime.now(UTC)


def aware(moment: datetime) -> datetime:
    """A datetime read from the database, in UTC: SQLite gives them back naive."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def parse_time(value: str | None) -> datetime | None:
    """Parse an ISO 8601 or 'YYYY-MM-DD HH:MM:SS' time into aware UTC, or None."""
    if not value:
        return None
    text = str(value).strip().replace(" ", "T", 1).replace("Z", "+00:00")
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        return None
    if parsed.tzinfo is None:
        return parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC)
