"""ISO weeks in the coop's time zone: Monday 00:00 to the next Monday 00:00, DST-correct."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

LABEL = re.compile(r"^(\d{4})-W(\d{2})$")


class BadWeek(ValueError):
    """A week label that is not an ISO week such as 2026-W47."""


@dataclass(frozen=True)
class Week:
    """One ISO week: its label and its bounds in UTC (end excluded)."""

    label: str
    start: datetime
    end: datetime
    timezone: str

    def contains(self, moment: datetime | None) -> bool:
        """True when the moment falls within the week."""
        return moment is not None and self.start <= moment < self.end

    @property
    def monday(self) -> date:
        """The week's first day, in the coop's calendar."""
        return self.start.astimezone(ZoneInfo(self.timezone)).date()

    @property
    def sunday(self) -> date:
        """The week's last day, in the coop's calendar."""
        return self.monday + timedelta(days=6)

    def previous(self) -> Week:
        """The week before this one."""
        return week_of(self.start - timedelta(hours=1), self.timezone)


def week(label: str, timezone: str) -> Week:
    """The week named by an ISO label, bounded by local midnights."""
    match = LABEL.match(label.strip())
    if not match:
        raise BadWeek(f"expected an ISO week such as 2026-W47, got {label!r}")
    try:
        monday = date.fromisocalendar(int(match[1]), int(match[2]), 1)
    except ValueError:
        raise BadWeek(f"{label!r} is not a week of {match[1]}") from None
    zone = ZoneInfo(timezone)
    # Midnights are built from local dates, never by adding 7 x 24 h: DST weeks are 167 or 169 h.
    start = datetime.combine(monday, time(0), tzinfo=zone)
    end = datetime.combine(monday + timedelta(days=7), time(0), tzinfo=zone)
    return Week(label.strip(), start.astimezone(UTC), end.astimezone(UTC), timezone)


def week_of(moment: datetime, timezone: str) -> Week:
    """The week that holds a moment, in the coop's time zone."""
    year, number, _ = moment.astimezone(ZoneInfo(timezone)).isocalendar()
    return week(f"{year}-W{number:02d}", timezone)


def last_complete_week(now: datetime, timezone: str) -> Week:
    """The latest week that has ended by `now`."""
    return week_of(now, timezone).previous()
