"""A failed clock job is one log line when the database or forum is away, a traceback else."""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from apscheduler.events import EVENT_JOB_ERROR, JobExecutionEvent
from sqlalchemy.exc import OperationalError

from bot import scheduler
from bot.cli.main import configure_logging
from bot.forum.client import ForumUnavailable


def failed(error: Exception, traceback: str = "Traceback (most recent call last): ...") -> None:
    """Tell the clock's listener that a job raised `error`."""
    now = datetime.now(UTC)
    event = JobExecutionEvent(
        EVENT_JOB_ERROR, "reconcile", "default", now, exception=error, traceback=traceback
    )
    scheduler._log_error(event)


def test_a_database_or_forum_away_is_one_line_without_the_statement(caplog):
    caplog.set_level(logging.ERROR, "coopbot.clock")
    failed(OperationalError("SELECT secret_column FROM x", {"p": "member"}, Exception("gone")))
    failed(ForumUnavailable("read categories: 502"))
    assert len(caplog.records) == 2
    assert all(
        "\n" not in r.getMessage() and "Traceback" not in r.getMessage() for r in caplog.records
    )
    assert "member" not in caplog.text and "OperationalError" in caplog.text


def test_an_unexpected_failure_keeps_its_traceback(caplog):
    caplog.set_level(logging.ERROR, "coopbot.clock")
    failed(ValueError("bug"))
    assert "Traceback" in caplog.text and "bug" in caplog.text


def test_the_scheduler_library_says_only_what_needs_a_person():
    configure_logging("info")
    assert not logging.getLogger("apscheduler.scheduler").isEnabledFor(logging.INFO)
    assert not logging.getLogger("apscheduler.executors.default").isEnabledFor(logging.ERROR)
