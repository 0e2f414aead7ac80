"""The outbox against the real adapter and the fake Discourse: never post twice."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import update

from bot import worker
from bot.clock import utcnow
from bot.store import outbox, outbox_delivery, outbox_markers, queue, rate_gate
from bot.store.status import OutboxStatus as S
from tests.conftest import FORUM_TIMEOUT

OUTBOX = outbox.T
TIMEOUT = FORUM_TIMEOUT + 0.2  # the fake answers after the adapter gave up


@pytest.fixture
def topic_id(fake_discourse) -> int:
    fake_discourse.add_category("Entraide", slug="entraide")
    return fake_discourse.add_topic("Erreur 500 sur mon site", "Bonjour, mon site affiche 500.")


def queue_reply(engine, topic_id, key="reply:1", **fields) -> int:
    return outbox.enqueue(
        engine,
        "default",
        dedupe_key=key,
        purpose="reply",
        raw="Voici une piste : l'article sur l'erreur 500.",
        topic_id=topic_id,
        **fields,
    )


def attempt(engine, forum, row_id, later=0, max_attempts=8) -> str:
    """Claim (as the worker does) and deliver."""
    claimed = outbox.claim(engine, now=utcnow() + timedelta(hours=later))
    assert row_id in claimed
    return outbox_delivery.deliver(engine, forum, row_id, max_attempts=max_attempts)


def outage_began_earlier(engine, row_id, **ago) -> None:
    """Move the start of the row's forum outage back in time, as if that time had passed."""
    since = outbox.load(engine, row_id).unavailable_since
    with engine.begin() as conn:
        moved = since - timedelta(**ago)
        conn.execute(update(OUTBOX).where(OUTBOX.c.id == row_id).values(unavailable_since=moved))


def bot_posts(fake, topic_id) -> list:
    return [p for p in fake.posts_by_topic(topic_id) if "coopbot:outbox" in p.raw]


def test_sends_once_with_marker(engine, discourse_forum, fake_discourse, topic_id):
    row_id = queue_reply(engine, topic_id)
    assert attempt(engine, discourse_forum, row_id) == S.SENT
    posts = fake_discourse.posts_by_topic(topic_id)
    assert len(posts) == 2 and outbox_markers.marker("default", row_id) in posts[-1].raw
    assert outbox.load(engine, row_id).post_id == posts[-1].id


def test_lost_response_never_gives_a_second_post(engine, discourse_forum, fake_discourse, topic_id):
    fake_discourse.memo_seconds = 0  # no help from Discourse's own memoization
    fake_discourse.lose_next_response()
    row_id = queue_reply(engine, topic_id)
    assert attempt(engine, discourse_forum, row_id) == S.FAILED
    assert attempt(engine, discourse_forum, row_id, later=2) == S.SENT
    assert len(fake_discourse.posts_by_topic(topic_id)) == 2


def test_rate_limit_waits_retry_after_without_sleeping(
    engine, discourse_forum, fake_discourse, topic_id
):
    fake_discourse.fail_next(1, status=429, wait_seconds=42, path="/posts.json")
    row_id = queue_reply(engine, topic_id)
    assert attempt(engine, discourse_forum, row_id) == S.FAILED
    wait = (outbox.load(engine, row_id).next_attempt_at - utcnow()).total_seconds()
    assert 35 < wait <= 42
    assert len(fake_discourse.posts_by_topic(topic_id)) == 1


def test_server_error_backs_off_then_sends(engine, discourse_forum, fake_discourse, topic_id):
    fake_discourse.fail_next(1, status=500, path="/posts.json")
    row_id = queue_reply(engine, topic_id)
    assert attempt(engine, discourse_forum, row_id) == S.FAILED
    assert "Server Error" in outbox.load(engine, row_id).last_error
    assert attempt(engine, discourse_forum, row_id, later=2) == S.SENT
    assert len(fake_discourse.posts_by_topic(topic_id)) == 2


def test_whisper_without_permission_is_dead_with_the_reason(
    engine, discourse_forum, fake_discourse, topic_id
):
    fake_discourse.set_whispers_allowed_groups("moderators-only")
    row_id = queue_reply(engine, topic_id, whisper=True)
    assert attempt(engine, discourse_forum, row_id) == S.DEAD
    assert "rejected" in outbox.load(engine, row_id).last_error


def test_post_awaiting_approval_is_recorded_as_enqueued(
    engine, discourse_forum, fake_discourse, topic_id
):
    fake_discourse.require_approval = True
    fake_discourse.add_user("coopbot", admin=False)  # staff never wait for approval
    row_id = queue_reply(engine, topic_id)
    assert attempt(engine, discourse_forum, row_id) == S.ENQUEUED
    assert outbox.load(engine, row_id).post_id is None


def test_new_topic_lost_response_is_found_by_its_marker(engine, discourse_forum, fake_discourse):
    category = fake_discourse.add_category("Vie de la coop", slug="vie-coop")
    fake_discourse.memo_seconds = 0
    fake_discourse.lose_next_response()
    row_id = outbox.enqueue(
        engine,
        "default",
        dedupe_key="digest:2026-W47",
        purpose="digest",
        raw="Résumé de la semaine, avec assez de texte pour Discourse.",
        title="La semaine de la coop",
        category_id=category,
    )
    assert attempt(engine, discourse_forum, row_id) == S.FAILED
    assert attempt(engine, discourse_forum, row_id, later=2) == S.SENT
    titles = [t.title for t in discourse_forum.latest_topics()]
    assert titles.count("La semaine de la coop") == 1


def test_an_hour_of_forum_outage_keeps_the_post_retrying_then_sends_it_once(
    engine, discourse_forum, fake_discourse, topic_id
):
    row_id = queue_reply(engine, topic_id)
    fake_discourse.fail_next(1, status=502, path="/posts.json")
    marker_check = f"/t/{topic_id}.json"  # every retry first looks for its own earlier post
    fake_discourse.fail_next(5, status=500, path=marker_check)
    fake_discourse.delay_next(2, seconds=TIMEOUT, path=marker_check)
    fake_discourse.fail_next(4, status=503, path=marker_check)
    for n in range(12):  # a try every five minutes, for an hour: more than every attempt
        assert attempt(engine, discourse_forum, row_id, later=n + 1) == S.FAILED
        outage_began_earlier(engine, row_id, minutes=5)
    row = outbox.load(engine, row_id)
    assert row.attempts == 0, "an unavailable forum costs no attempt"
    wait = (row.next_attempt_at - utcnow()).total_seconds()
    assert queue.OUTAGE_BACKOFF_CAP_SECONDS / 2 - 1 <= wait <= queue.OUTAGE_BACKOFF_CAP_SECONDS
    assert attempt(engine, discourse_forum, row_id, later=13) == S.SENT
    assert len(bot_posts(fake_discourse, topic_id)) == 1
    assert outbox.load(engine, row_id).unavailable_since is None


def test_a_forum_unavailable_past_the_outage_budget_makes_the_post_dead(
    engine, discourse_forum, fake_discourse, topic_id
):
    row_id = queue_reply(engine, topic_id)
    fake_discourse.fail_next(2, status=500, path="/posts.json")
    assert attempt(engine, discourse_forum, row_id) == S.FAILED
    outage_began_earlier(engine, row_id, hours=48, minutes=1)
    assert attempt(engine, discourse_forum, row_id, later=1) == S.DEAD
    assert outbox.load(engine, row_id).last_error.startswith("forum unavailable for 48 h")


def test_rate_limits_spend_no_attempt(engine, discourse_forum, fake_discourse, topic_id):
    row_id = queue_reply(engine, topic_id)
    fake_discourse.fail_next(4, status=429, wait_seconds=30, path="/posts.json")
    fake_discourse.fail_next(1, status=500, path="/posts.json")
    for n in range(5):
        assert attempt(engine, discourse_forum, row_id, later=n + 1, max_attempts=5) == S.FAILED
    assert outbox.load(engine, row_id).attempts == 0
    assert attempt(engine, discourse_forum, row_id, later=6, max_attempts=5) == S.SENT


def test_one_429_holds_every_post_back_until_the_forum_allows_again(
    context, discourse_settings, discourse_forum, engine, fake_discourse, topic_id
):
    context.settings, context.forum = discourse_settings, discourse_forum
    fake_discourse.fail_next(1, status=429, wait_seconds=40, path="/posts.json")
    rows = [queue_reply(engine, topic_id, key=f"reply:{n}") for n in range(3)]
    assert worker.drain_once(context) == 3
    assert len(fake_discourse.requests_to("/posts.json", "POST")) == 1  # the others never asked
    for row_id in rows:
        row = outbox.load(engine, row_id)
        assert row.status == S.FAILED and row.attempts == 0
        assert 30 < (row.next_attempt_at - utcnow()).total_seconds() <= 40
    assert worker.drain_once(context) == 0  # nothing is even claimed meanwhile
    assert 30 < rate_gate.remaining(engine, "default") <= 40
    assert rate_gate.remaining(engine, "default", now=utcnow() + timedelta(seconds=41)) == 0
