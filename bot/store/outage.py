"""A database outage as a loop lives it: said once, tried less and less often, its end said."""

from __future__ import annotations

import logging
import time

from sqlalchemy.exc import SQLAlchemyError

log = logging.getLogger("coopbot.database")
WAIT_CAP_SECONDS = 5.0  # how often an away database is tried, at the slowest


class DatabaseOutage:
    """What a polling loop knows of the database being away."""

    def __init__(self, poll_seconds: float) -> None:
        self.poll_seconds = poll_seconds
        self.since: float | None = None
        self.wait = poll_seconds

    def failed(self, error: SQLAlchemyError) -> float:
        """Note one failed round; return how long to wait before the next."""
        if self.since is None:
            self.since = time.monotonic()
            log.warning("database unavailable, waiting for it: %s", reason(error))
        else:
            log.debug("database still unavailable: %s", reason(error))
        self.wait = next_wait(self.wait, self.poll_seconds)
        return self.wait

    def over(self) -> None:
        """Note a round that reached the database."""
        if self.since is not None:
            log.info("database is back after %.0f s", time.monotonic() - self.since)
            self.since, self.wait = None, self.poll_seconds


def next_wait(previous: float, poll_seconds: float) -> float:
    """Double the wait between tries, up to a few seconds (or the poll, when longer)."""
    return min(max(WAIT_CAP_SECONDS, poll_seconds), previous * 2)


def reason(error: SQLAlchemyError) -> str:
    """The driver's first line: SQLAlchemy's own message carries the statement's parameters."""
    return str(getattr(error, "orig", None) or error).partition("\n")[0]
