"""Events whose handlers call the forum: a refusal settles them at once, an outage waits."""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest
from sqlalchemy import update

from bot import worker
from bot.clock import utcnow
from bot.events import SolutionAccepted
from bot.incoming import Incoming
from bot.kb import entries
from bot.store import inbox
from bot.store.status import InboxStatus
from tests.conftest import FORUM_TIMEOUT


def solved(topic_id: int, category_id: int = 1, post_id: int = 30) -> Incoming:
    """An accepted solution in a topic, as the webhook records it."""
    event = SolutionAccepted(
        post_id=post_id,
        topic_id=topic_id,
        post_number=2,
        username="camille",
        category_id=category_id,
        topic_title="Mon site affiche une erreur 500",
        raw="Renommez le fichier .htaccess : l'erreur 500 disparaît.",
    )
    return Incoming(source="discourse", kind=event.kind, semantic_key=f"s{topic_id}", event=event)


@pytest.fixture
def solved_topic(context, engine, discourse_forum, fake_discourse) -> int:
    """A public topic whose answer was accepted, its event recorded; the worker uses the real
    adapter. Returns the topic's id."""
    context.forum = discourse_forum
    category = fake_discourse.add_category("Entraide", slug="entraide")
    topic = fake_discourse.add_topic(
        "Mon site affiche une erreur 500", "Bonjour, erreur 500 ce matin.", category_id=category
    )
    answer = fake_discourse.add_post(topic, "Renommez le fichier .htaccess : l'erreur disparaît.")
    inbox.record(engine, solved(topic, category, answer), "default")
    return topic


def attempt(context, later_hours: int) -> InboxStatus:
    """Claim the event, as the worker does once its retry is due, and handle it."""
    [row_id] = inbox.claim(context.engine, now=utcnow() + timedelta(hours=later_hours))
    return worker.process_inbox_row(context, row_id)


def outage_began_earlier(engine, **ago) -> None:
    """Move the start of the event's forum outage back in time, as if that time had passed."""
    [row] = inbox.list_rows(engine)
    moved = row.unavailable_since - timedelta(**ago)
    with engine.begin() as conn:
        conn.execute(update(inbox.T).where(inbox.T.c.id == row.id).values(unavailable_since=moved))


def worker_records(caplog) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name == "coopbot.worker"]


def test_a_topic_the_forum_does_not_know_settles_the_event_at_once(context, engine, caplog):
    inbox.record(engine, solved(topic_id=999), "default")  # the dry-run forum knows no topic
    worker.run(context, until_idle=True)
    [row] = inbox.list_rows(engine)
    assert (row.status, row.attempts) == (InboxStatus.IGNORED, 1)
    assert row.ignored_reason.startswith("forum refused: HTTP 404")
    [line] = worker_records(caplog)
    assert line.levelno == logging.WARNING and line.exc_info is None
    assert "forum refused: HTTP 404" in line.getMessage()


def test_a_forum_refusing_the_bot_makes_the_event_dead_with_the_reason(
    context, engine, refused_forum, caplog
):
    context.forum = refused_forum
    inbox.record(engine, solved(topic_id=2, category_id=4), "default")
    worker.run(context, until_idle=True)
    [row] = inbox.list_rows(engine)
    assert (row.status, row.attempts) == (InboxStatus.DEAD, 1)
    assert row.last_error.startswith("forum refused: HTTP 403")
    assert [(r.levelno, r.exc_info) for r in worker_records(caplog)] == [(logging.WARNING, None)]


def test_an_hour_of_forum_outage_keeps_the_event_waiting_then_handles_it(
    context, engine, fake_discourse, solved_topic
):
    topic = f"/t/{solved_topic}.json"
    fake_discourse.fail_next(5, status=502, path=topic)
    fake_discourse.delay_next(2, seconds=FORUM_TIMEOUT + 0.2, path=topic)
    fake_discourse.fail_next(5, status=500, path=topic)
    for n in range(12):  # a try every five minutes, for an hour: more than every attempt
        assert attempt(context, later_hours=n + 1) == InboxStatus.FAILED
        outage_began_earlier(engine, minutes=5)
    [row] = inbox.list_rows(engine)
    assert row.attempts == 0 and "Server Error" in row.last_error
    assert attempt(context, later_hours=13) == InboxStatus.DONE
    assert [e.entry_id for e in entries.entries(engine, "default")] == [f"topic-{solved_topic}"]


def test_rate_limits_spend_no_attempt_of_an_event(context, fake_discourse, solved_topic):
    context.settings = context.settings.with_(max_attempts=5)
    topic = f"/t/{solved_topic}.json"
    fake_discourse.fail_next(4, status=429, wait_seconds=30, path=topic)
    fake_discourse.fail_next(1, status=500, path=topic)
    assert [attempt(context, later_hours=n + 1) for n in range(5)] == [InboxStatus.FAILED] * 5
    assert attempt(context, later_hours=6) == InboxStatus.DONE


def test_the_category_check_before_the_handlers_waits_out_the_forum_too(
    context, engine, fake_discourse, solved_topic
):
    fake_discourse.fail_next(1, status=503, path="/categories.json")
    fake_discourse.fail_next(1, status=429, wait_seconds=30, path="/categories.json")
    assert [attempt(context, later_hours=n + 1) for n in range(2)] == [InboxStatus.FAILED] * 2
    [row] = inbox.list_rows(engine)  # no attempt spent; the event waits with its content
    assert row.attempts == 0 and "rate limited" in row.last_error
    assert ".htaccess" in row.event
    assert attempt(context, later_hours=3) == InboxStatus.DONE
    assert [e.entry_id for e in entries.entries(engine, "default")] == [f"topic-{solved_topic}"]
