"""One job table for the clock: reconciliation, raw-body purge, inbox prune, weekly digest,
heartbeat."""

from __future__ import annotations

import logging
import os
import socket

from apscheduler.events import EVENT_JOB_ERROR
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.schedulers.blocking import BlockingScheduler
from sqlalchemy.exc import OperationalError

from bot.clock import utcnow
from bot.digest import publish, schedule
from bot.forum.client import ForumError
from bot.incidents import banner
from bot.reconcile import reconcile
from bot.store import inbox, retention, state

log = logging.getLogger("coopbot.clock")
# A database or forum away: one line a failed run, not a traceback every minute.
EXPECTED_TROUBLE = (OperationalError, ForumError)


def purge_raw(context) -> int:
    """Forget raw bodies past the retention period."""
    count = inbox.purge_raw_bodies(context.engine, context.settings.raw_retention_days)
    log.info("purged %d raw bodies", count)
    return count


def prune_settled(context) -> int:
    """Forget done and ignored inbox rows past their retention."""
    count = retention.prune_settled(context.engine, context.settings.done_retention_days)
    log.info("pruned %d settled inbox rows", count)
    return count


def clock_heartbeat(context) -> None:
    """Say the clock is alive."""
    who = f"{socket.gethostname()}:{os.getpid()}"
    with context.engine.begin() as conn:
        state.put(conn, context.settings.forum_id, state.CLOCK_HEARTBEAT, who)


def add_jobs(scheduler, context) -> None:
    """The job table; each job has a fixed id so a restart replaces rather than duplicates."""
    s = context.settings
    # Every few minutes (10 by default): Discourse never redelivers to a receiver that was down.
    # Once at start too: the first run sets the mark, and what was refused before it (the
    # first minutes after an install, or between restarts) would never be caught up.
    scheduler.add_job(
        reconcile,
        "interval",
        minutes=s.reconcile_minutes,
        args=[context],
        id="reconcile",
        replace_existing=True,
        max_instances=1,
        coalesce=True,
        next_run_time=utcnow(),
    )
    # Daily at 03:30: raw bodies are kept for audit only for the retention period.
    _daily(scheduler, purge_raw, "03:30", context)
    # Daily at 03:45: settled rows only fill the inbox once senders have stopped retrying
    # them (a late duplicate would then be handled again, harmlessly).
    _daily(scheduler, prune_settled, "03:45", context)
    # Weekly, Monday 09:00 by default (COOPBOT_DIGEST_CRON): the digest of the week just ended.
    scheduler.add_job(
        publish.publish_due,
        schedule.trigger(s.digest_cron, s.timezone),
        args=[context],
        id="digest",
        replace_existing=True,
        max_instances=1,
        coalesce=True,
    )
    # Hourly, and once at start: a digest missed while the bot was down (or failing) is
    # posted within COOPBOT_DIGEST_GRACE_DAYS; the week's unique run row keeps it to one.
    scheduler.add_job(
        publish.publish_due,
        "interval",
        hours=1,
        args=[context],
        id="digest_catch_up",
        replace_existing=True,
        max_instances=1,
        coalesce=True,
        next_run_time=utcnow(),
    )
    # Every minute: /healthz shows when the clock last ran.
    scheduler.add_job(
        clock_heartbeat,
        "interval",
        minutes=1,
        args=[context],
        id="clock_heartbeat",
        replace_existing=True,
        coalesce=True,
    )
    # Every minute: an incident's topic learns its id once posted, then is pinned or unpinned.
    scheduler.add_job(
        banner.sync,
        "interval",
        minutes=1,
        args=[context],
        id="incident_topics",
        replace_existing=True,
        max_instances=1,
        coalesce=True,
    )
    scheduler.add_listener(_log_error, EVENT_JOB_ERROR)


def _daily(scheduler, job, at: str, context) -> None:
    """Run a job every day at HH:MM in the coop's time zone; its id is its name."""
    hour, minute = (int(part) for part in at.split(":"))
    scheduler.add_job(
        job,
        "cron",
        hour=hour,
        minute=minute,
        args=[context],
        id=job.__name__,
        replace_existing=True,
        coalesce=True,
        timezone=context.settings.timezone,
    )


def _log_error(event) -> None:
    """A failed job is logged, with its traceback unless the database or forum was away."""
    if isinstance(event.exception, EXPECTED_TROUBLE):
        log.error("job %s failed: %s", event.job_id, _first_line(event.exception))
    else:
        log.error("job %s failed: %r\n%s", event.job_id, event.exception, event.traceback)


def _first_line(error: Exception) -> str:
    """The error's kind and first line (SQLAlchemy appends the statement and its values)."""
    lines = str(error).splitlines()
    return f"{type(error).__name__}: {lines[0] if lines else ''}"


def background(context) -> BackgroundScheduler:
    """A scheduler thread for the all-in-one `coopbot run`."""
    scheduler = BackgroundScheduler(timezone=context.settings.timezone)
    add_jobs(scheduler, context)
    return scheduler


def blocking(context) -> BlockingScheduler:
    """The scheduler of the dedicated clock process."""
    scheduler = BlockingScheduler(timezone=context.settings.timezone)
    add_jobs(scheduler, context)
    return scheduler
