"""Health that tells the truth: each signal, bounded queries, the short cache, retention."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import text, update

from bot import health, worker
from bot.clock import utcnow
from bot.events import SolutionAccepted
from bot.store import backlog, inbox, outbox, outbox_delivery, state
from bot.store.models.queues import InboxEvent, KeyValue, OutboxPost
from tests.bot.test_inbox_worker import incoming

INBOX, OUTBOX, KV = InboxEvent.__table__, OutboxPost.__table__, KeyValue.__table__


def beat(engine, age_seconds: float = 0.0) -> None:
    """A worker heartbeat written `age_seconds` ago."""
    at = utcnow() - timedelta(seconds=age_seconds)
    with engine.begin() as conn:
        state.put(conn, "default", state.WORKER_HEARTBEAT, "host:1")
        conn.execute(update(KV).where(KV.c.key == state.WORKER_HEARTBEAT).values(updated_at=at))


def set_status(engine, table, status: str, **values) -> None:
    with engine.begin() as conn:
        conn.execute(update(table).values(status=status, **values))


def queue_post(engine, key="reply:1") -> int:
    return outbox.enqueue(engine, "default", dedupe_key=key, purpose="reply", raw="Hi", topic_id=5)


def test_ok_with_a_live_worker_and_nothing_wrong(context, engine):
    beat(engine)
    report = health.report(context)
    assert (report["status"], report["reasons"]) == ("ok", [])
    assert health.http_status(report["status"]) == 200


def test_failed_events_being_retried_are_no_alarm(context, engine):
    beat(engine)
    inbox.record(engine, incoming(1), "default")
    set_status(engine, INBOX, "failed")
    report = health.report(context)
    assert report["status"] == "ok" and report["inbox"]["counts"]["failed"] == 1


def test_events_waiting_a_quarter_of_an_hour_degrade(context, engine):
    beat(engine)
    inbox.record(engine, incoming(1), "default")
    received = utcnow() - backlog.INBOX_WAITING - timedelta(seconds=5)
    set_status(engine, INBOX, "failed", received_at=received)
    report = health.report(context)
    assert report["status"] == "degraded"
    assert "events are not going through" in report["reasons"][0]


def test_dead_inbox_events_degrade(context, engine):
    beat(engine)
    inbox.record(engine, incoming(1), "default")
    set_status(engine, INBOX, "dead")
    report = health.report(context)
    assert report["status"] == "degraded"
    assert "1 dead inbox event" in report["reasons"][0]


def test_dead_outbox_posts_degrade(context, engine):
    beat(engine)
    queue_post(engine)
    set_status(engine, OUTBOX, "dead")
    assert "1 dead outbox post" in health.report(context)["reasons"][0]


def test_an_outbox_that_keeps_failing_degrades(context, engine):
    beat(engine)
    queue_post(engine)
    set_status(engine, OUTBOX, "failed", attempts=1)
    assert health.report(context)["status"] == "ok"  # one failure is a retry, not a trend
    set_status(engine, OUTBOX, "failed", attempts=backlog.OUTBOX_FAILING_ATTEMPTS)
    report = health.report(context)
    assert report["status"] == "degraded" and "failing" in report["reasons"][0]


def test_an_outbox_waiting_out_a_forum_outage_degrades_after_a_while(context, engine):
    beat(engine)
    queue_post(engine)
    set_status(engine, OUTBOX, "failed", attempts=0, unavailable_since=utcnow())
    assert health.report(context)["status"] == "ok"  # a blip, not an outage
    away = utcnow() - backlog.OUTBOX_FAILING_OUTAGE - timedelta(seconds=1)
    set_status(engine, OUTBOX, "failed", attempts=0, unavailable_since=away)
    report = health.report(context)
    assert report["status"] == "degraded" and "forum outage" in report["reasons"][0]


def test_a_stale_heartbeat_degrades_after_a_few_beats_not_five_minutes(context, engine):
    beat(engine, age_seconds=worker.HEARTBEAT_SECONDS * 2)
    assert health.report(context)["status"] == "ok"
    beat(engine, age_seconds=worker.HEARTBEAT_SECONDS * 4)
    report = health.report(context)
    assert report["status"] == "degraded" and "heartbeat" in report["reasons"][0]


@pytest.mark.parametrize("age", [None, health.WORKER_DOWN_SECONDS + 1])
def test_no_worker_is_unhealthy_and_503(context, engine, age):
    if age is not None:
        beat(engine, age_seconds=age)
    report = health.report(context)
    assert report["status"] == "unhealthy" and "worker down" in report["reasons"][0]
    assert health.http_status(report["status"]) == 503


def test_a_forum_refusing_the_api_key_to_the_outbox_degrades_until_a_post_goes_through(
    context, engine, refused_forum, discourse_forum, fake_discourse
):
    beat(engine)
    topic = fake_discourse.add_topic("Erreur 500", "Bonjour, erreur 500.")
    row_id = outbox.enqueue(
        engine, "default", dedupe_key="r:1", purpose="reply", raw="Piste", topic_id=topic
    )
    outbox.claim(engine)
    outbox_delivery.deliver(engine, refused_forum, row_id, max_attempts=8)
    report = health.report(context)
    assert any("refused" in reason and "403" in reason for reason in report["reasons"])
    second = outbox.enqueue(
        engine, "default", dedupe_key="r:2", purpose="reply", raw="Autre", topic_id=topic
    )
    outbox.claim(engine)
    assert outbox_delivery.deliver(engine, discourse_forum, second, max_attempts=8) == "sent"
    assert health.report(context)["forum"]["refused"] is None


def test_a_forum_refusing_a_handler_degrades(context, engine, refused_forum):
    beat(engine)
    context.forum = refused_forum
    event = SolutionAccepted(post_id=3, topic_id=2, post_number=2, username="c", category_id=4)
    solved = inbox.Incoming(source="discourse", kind=event.kind, semantic_key="s", event=event)
    inbox.record(engine, solved, "default")
    [row_id] = inbox.claim(engine)
    worker.process_inbox_row(context, row_id)
    report = health.report(context)
    assert report["status"] == "degraded"
    assert any("refused the bot's API key" in reason for reason in report["reasons"])


def test_figures_are_counted_within_a_cap(engine):
    for n in range(5):
        inbox.record(engine, incoming(n), "default")
    assert backlog.inbox_figures(engine, cap=3)["counts"]["pending"] == 3


def test_figures_never_scan_the_whole_inbox(engine):
    sqlite = engine.dialect.name == "sqlite"
    explain = "EXPLAIN QUERY PLAN" if sqlite else "EXPLAIN"
    scans = ("SCAN inbox_event", "SCAN outbox_post") if sqlite else ("Seq Scan",)
    for statement in (backlog.inbox_query(cap=10), backlog.outbox_query(cap=10)):
        sql = statement.compile(engine, compile_kwargs={"literal_binds": True})
        with engine.begin() as conn:
            if not sqlite:  # a scan then shows only where no index could serve
                conn.execute(text("SET LOCAL enable_seqscan = off"))
            plan = " ".join(str(row[-1]) for row in conn.execute(text(f"{explain} {sql}")))
        assert not any(scan in plan for scan in scans), plan


def test_the_public_status_is_computed_at_most_once_per_period():
    now, calls = [0.0], []
    cache = health.CachedStatus(seconds=5, clock=lambda: now[0])
    compute = lambda: calls.append(1) or f"status {len(calls)}"  # noqa: E731
    assert [cache.get(compute) for _ in range(10)] == ["status 1"] * 10
    now[0] = 5.1
    assert cache.get(compute) == "status 2"
