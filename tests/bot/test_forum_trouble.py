"""Events whose handlers call the forum: a refusal settles them at once, an outage waits."""

from __future__ import annotations

import logging

import pytest

from bot import worker
from bot.events import SolutionAccepted
from bot.forum import categories
from bot.forum.discourse import DiscourseForum
from bot.incoming import Incoming
from bot.store import inbox
from bot.store.status import InboxStatus


def solved(topic_id: int, category_id: int = 1) -> Incoming:
    """An accepted solution in a topic, as the webhook records it."""
    event = SolutionAccepted(
        post_id=30, topic_id=topic_id, post_number=2, username="camille", category_id=category_id
    )
    return Incoming(source="discourse", kind=event.kind, semantic_key=f"s{topic_id}", event=event)


def worker_records(caplog) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name == "coopbot.worker"]


@pytest.fixture
def refused_forum(fake_discourse):
    """The real adapter with a key the fake Discourse refuses (403, as Discourse does)."""
    forum = DiscourseForum(fake_discourse.url, fake_discourse.api_username, "wrong-key", timeout=1)
    categories._cache.pop(id(forum), None)  # a freed forum's id may come again
    return forum


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
