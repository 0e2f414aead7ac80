"""Inbox and worker: claim, handle, retry with backoff, dead rows, retention purge."""

from __future__ import annotations

import json
from datetime import timedelta

from bot import worker
from bot.clock import utcnow
from bot.events import (
    Event,
    PostCreated,
    TopicCreated,
)
from bot.handlers import HANDLERS
from bot.incoming import Incoming
from bot.store import backlog, inbox, outbox, outbox_markers, queue
from tests import builders as b


def incoming(n: int, raw="Bonjour") -> Incoming:
    event = PostCreated(post_id=n, topic_id=1, post_number=n, username="camille", raw=raw)
    return Incoming(
        source="discourse", kind="post_created", semantic_key=f"k{n}", event=event, raw_body=b"{}"
    )


def test_record_is_idempotent_on_the_semantic_key(engine):
    assert inbox.record(engine, incoming(1), "default") is True
    assert inbox.record(engine, incoming(1), "default") is False
    assert inbox.record(engine, incoming(1), "other-forum") is True


def test_worker_drains_to_done_and_beats(context, engine):
    for n in range(5):
        inbox.record(engine, incoming(n), "default")
    worker.run(context, until_idle=True)
    rows = inbox.list_rows(engine)  # newest first; post 1 opens a topic in no known category
    assert [r.status for r in rows] == ["done", "done", "done", "ignored", "done"]
    assert rows[3].ignored_reason == "category None is unknown to the forum, hence private"
    assert backlog.inbox_figures(engine)["oldest_pending_seconds"] == 0


def test_claimed_rows_are_leased(engine):
    inbox.record(engine, incoming(1), "default")
    assert inbox.claim(engine) != []
    assert inbox.claim(engine) == []
    later = utcnow() + queue.LEASE + timedelta(seconds=1)
    assert inbox.claim(engine, now=later) != []


def test_failures_back_off_then_die(context, engine, monkeypatch):
    calls = []

    def explode(_context, event):
        calls.append(event.post_id)
        raise RuntimeError("handler broke")

    monkeypatch.setitem(HANDLERS, "post_created", (explode,))
    inbox.record(engine, incoming(1), "default")
    context.settings = context.settings.with_(max_attempts=3)
    for attempt in range(3):
        [row_id] = inbox.claim(engine, now=utcnow() + timedelta(days=attempt + 1))
        worker.process_inbox_row(context, row_id)
    [row] = inbox.list_rows(engine)
    assert row.status == "dead" and "handler broke" in row.last_error and len(calls) == 3
    assert inbox.retry(engine, dead=True) == 1
    assert inbox.list_rows(engine)[0].status == "pending"


def test_backoff_grows_and_is_capped():
    waits = [queue.backoff_seconds(n) for n in (1, 2, 5, 30)]
    assert waits[0] <= 5 < waits[2] and waits[3] <= queue.BACKOFF_CAP_SECONDS


def test_raw_bodies_are_purged_after_retention(engine):
    inbox.record(engine, incoming(1), "default")
    assert inbox.purge_raw_bodies(engine, 14) == 0
    assert inbox.purge_raw_bodies(engine, 14, now=utcnow() + timedelta(days=15)) == 1
    assert inbox.list_rows(engine)[0].raw_body is None


def test_outbox_posts_once_with_a_marker(context, engine, forum):
    topic = forum.add_topic(
        title="Erreur 500 sur mon site", raw="Bonjour, erreur 500 !", category_id=1
    )
    topic_id = topic.id if hasattr(topic, "id") else topic
    first = outbox.enqueue(
        engine,
        "default",
        dedupe_key="s:1",
        purpose="reply",
        raw="Voici une piste.",
        topic_id=topic_id,
    )
    again = outbox.enqueue(
        engine,
        "default",
        dedupe_key="s:1",
        purpose="reply",
        raw="Voici une piste.",
        topic_id=topic_id,
    )
    assert first == again
    worker.run(context, until_idle=True)
    posts = forum.topic_posts(topic_id)
    assert len(posts) == 2 and outbox_markers.marker("default", first) in posts[-1].raw


def test_two_workers_share_the_queue_and_handle_each_event_once(context, engine, monkeypatch):
    import threading

    seen = []
    lock = threading.Lock()

    def count(_context, event):
        with lock:
            seen.append(event.post_id)

    monkeypatch.setitem(HANDLERS, "post_created", (count,))
    for n in range(60):
        inbox.record(engine, incoming(n), "default")
    threads = [
        threading.Thread(target=worker.run, args=(context,), kwargs={"until_idle": True})
        for _ in range(2)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert sorted(seen) == list(range(60))
    assert {r.status for r in inbox.list_rows(engine, limit=100)} == {"done"}


def test_kinds_no_handler_acts_on_are_ignored_with_the_reason(context, engine, client, monkeypatch):
    # Every kind has a handler today (the digest records tickets and incidents): empty two.
    monkeypatch.setitem(HANDLERS, "ticket_changed", ())
    monkeypatch.setitem(HANDLERS, "incident_updated", ())
    deliveries = (b.zammad(b.zammad_payload()), b.gitlab(b.gitlab_payload()))
    deliveries += (b.uptime_kuma(b.kuma_payload()), b.cachet(b.cachet_payload()))
    for delivery in deliveries:
        assert delivery.send(client).status_code == 200
    worker.run(context, until_idle=True)
    rows = inbox.list_rows(engine)
    kinds = {Event.from_json(r.event).kind for r in rows}
    assert len(rows) == 4 and kinds == {"ticket_changed", "incident_updated"}
    assert {(r.status, r.ignored_reason) for r in rows} == {("ignored", "no handler")}


def recorded(engine, event: Event, key: str) -> None:
    inbox.record(
        engine,
        Incoming(source="discourse", kind=event.kind, semantic_key=key, event=event),
        "default",
    )


def test_a_kind_no_handler_acts_on_is_still_scrubbed_first_in_a_restricted_category(
    context, engine, forum
):
    bureau = forum.add_category("Bureau", slug="bureau", read_restricted=True)
    recorded(engine, TopicCreated(topic_id=7, title="Compte rendu", category_id=bureau), "k7")
    worker.run(context, until_idle=True)
    [row] = inbox.list_rows(engine)
    assert (row.status, row.ignored_reason) == (
        "ignored",
        f"category {bureau} (bureau) is read-restricted",
    )
    assert "Compte rendu" not in row.event and json.loads(row.event)["topic_id"] == 7


def test_a_handler_that_declines_makes_the_row_ignored_with_its_reason(
    context, engine, monkeypatch
):
    monkeypatch.setitem(HANDLERS, "post_created", (lambda _c, _e: None, lambda _c, _e: "not mine"))
    recorded(engine, PostCreated(post_id=2, topic_id=1, post_number=2, username="camille"), "k2")
    worker.run(context, until_idle=True)
    [row] = inbox.list_rows(engine)
    assert (row.status, row.ignored_reason, row.attempts) == ("ignored", "not mine", 1)
