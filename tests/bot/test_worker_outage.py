"""A worker rides out a database outage of any length and resumes by itself."""

from __future__ import annotations

import logging
import threading
import time

import pytest

from bot import worker
from bot.context import Context
from bot.store import inbox, outage
from bot.store.status import InboxStatus
from tests.bot.test_inbox_worker import incoming
from tests.conftest import wait_until
from tests.fakes.database_outage import database_outage

pytestmark = pytest.mark.slow
OUTAGE_SECONDS = 1.0  # long enough for several failed polls; the length itself does not matter


def handled(engine, n: int) -> bool:
    """True once event n is settled: post 1 opens a topic in no known category, so its handler
    declines it (ignored); post 2 is done."""
    settled = (InboxStatus.DONE, InboxStatus.IGNORED)
    return any(r.semantic_key == f"k{n}" and r.status in settled for r in rows(engine))


def rows(engine):
    return inbox.list_rows(engine, limit=10)


def outage_warnings(caplog) -> list[logging.LogRecord]:
    return [r for r in caplog.records if "database unavailable" in r.getMessage()]


def back_messages(caplog) -> list[logging.LogRecord]:
    return [r for r in caplog.records if "database is back" in r.getMessage()]


def met_outage(caplog, thread: threading.Thread, n: int) -> bool:
    """True once the worker has said it met its n-th outage, or has died."""
    return len(outage_warnings(caplog)) == n or not thread.is_alive()


def test_worker_rides_out_database_outages_and_resumes(settings, engine, forum, caplog):
    caplog.set_level(logging.INFO, logger="coopbot.database")
    stop = threading.Event()
    with database_outage(settings.database_url) as away:
        context = Context(settings.with_(worker_poll_seconds=0.05), away.engine(), forum)
        away.begin()  # the worker starts while the database is away
        thread = threading.Thread(target=worker.run, args=(context, stop), daemon=True)
        thread.start()
        try:
            for n in (1, 2):  # an outage at start, then one while running
                assert wait_until(lambda n=n: met_outage(caplog, thread, n)), caplog.text
                assert thread.is_alive(), caplog.text
                time.sleep(OUTAGE_SECONDS)
                assert thread.is_alive(), caplog.text
                away.end()
                inbox.record(engine, incoming(n), "default")
                assert wait_until(lambda n=n: handled(engine, n)), caplog.text
                # the round that handled it may still be running: let it end before the next cut
                assert wait_until(lambda n=n: len(back_messages(caplog)) == n), caplog.text
                if n == 1:
                    away.begin()
        finally:
            stop.set()
            thread.join(timeout=10)
            context.engine.dispose()
    assert not thread.is_alive()
    assert len(outage_warnings(caplog)) == 2, "one warning per outage, not one per poll"
    assert [r for r in caplog.records if r.exc_info] == [], "no traceback for an outage"
    assert len(back_messages(caplog)) == 2


def test_polls_slow_down_to_a_few_seconds_while_the_database_is_away():
    waits, wait = [], 0.05
    for _ in range(10):
        wait = outage.next_wait(wait, poll_seconds=0.05)
        waits.append(wait)
    assert waits[:3] == [0.1, 0.2, 0.4] and waits[-1] == outage.WAIT_CAP_SECONDS
    assert outage.next_wait(30, poll_seconds=30) == 30  # a slower poll is kept
