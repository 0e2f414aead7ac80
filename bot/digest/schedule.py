"""When the digest is due: the cron of COOPBOT_DIGEST_CRON and its grace period."""

from __future__ import annotations

from datetime import datetime, timedelta

from apscheduler.triggers.cron import CronTrigger

from bot.digest.week import Week, last_complete_week

LOOKBACK = timedelta(days=8)  # beyond the grace period, to find the last weekly fire time
MAX_STEPS = 20_000  # fire times walked at most (a cron every minute over two weeks)


def trigger(cron: str, timezone: str) -> CronTrigger:
    """The digest's cron trigger, in the coop's time zone."""
    return CronTrigger.from_crontab(cron, timezone=timezone)


def last_fire(cron: str, timezone: str, now: datetime, grace: timedelta) -> datetime | None:
    """The latest scheduled time at or before `now`, looking back past the grace period."""
    when = trigger(cron, timezone)
    moment = when.get_next_fire_time(None, now - grace - LOOKBACK)
    last = None
    for _ in range(MAX_STEPS):
        if moment is None or moment > now:
            break
        last = moment
        moment = when.get_next_fire_time(moment, moment + timedelta(seconds=1))
    return last


def due_week(cron: str, timezone: str, now: datetime, grace_days: int) -> tuple[Week | None, bool]:
    """The week whose digest is due now, and whether its time (plus grace) has passed."""
    grace = timedelta(days=grace_days)
    fired = last_fire(cron, timezone, now, grace)
    if fired is None:
        return None, False
    return last_complete_week(fired, timezone), now - fired > grace
