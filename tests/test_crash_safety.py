"""A real worker killed with SIGKILL at random points: every event done once, no post twice."""

from __future__ import annotations

import collections
import os
import random
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select, update

from bot.clock import utcnow
from bot.store import inbox, outbox, outbox_markers, state
from bot.store.models.queues import InboxEvent, OutboxPost
from bot.store.rows import OutboxRow
from bot.store.status import InboxStatus, OutboxStatus
from tests import builders as b
from tests.conftest import ROOT, discourse_variables, wait_until

pytestmark = pytest.mark.slow

EVENTS = 200
TOPICS = 20
IN_FLIGHT_SECONDS = 0.6  # how long the fake holds that post before applying it
# a real forum takes tens of ms per post; without it a fast worker drains all 200 events
# before the last kills, which then find nothing left to interrupt
POST_LATENCY_SECONDS = 0.02
SEED = 20261120
INBOX, OUTBOX = InboxEvent.__table__, OutboxPost.__table__
POSTED = (OutboxStatus.SENT, OutboxStatus.ENQUEUED)  # the post is in the forum
START_TIMEOUT = 30.0


@pytest.fixture
def forum_with_events(fake_discourse, client):
    """Topics and member posts in the fake forum; one recorded post_created event per post."""
    return member_posts(fake_discourse, client, EVENTS, TOPICS)


def member_posts(fake_discourse, client, count: int, topic_count: int) -> dict[int, int]:
    """Record `count` member posts spread over new topics; return post id -> topic id."""
    fake_discourse.memo_seconds = 0  # no help from Discourse's memoization: markers only
    fake_discourse.write_latency(POST_LATENCY_SECONDS)
    category = fake_discourse.add_category("Entraide", slug="entraide")
    topics = [
        fake_discourse.add_topic(f"Question d'entraide numéro {n}", category_id=category)
        for n in range(topic_count)
    ]
    events = {}
    for n in range(count):
        topic_id = topics[n % topic_count]
        post_id = fake_discourse.add_post(topic_id, f"Message {n} d'un membre.", username="membre")
        post = fake_discourse.posts_by_topic(topic_id)[-1]
        payload = b.post_payload(
            post_id=post_id,
            topic_id=topic_id,
            post_number=post.post_number,
            username="membre",
            category_id=category,
            raw=post.raw,
        )
        assert b.discourse(payload).send(client).status_code == 200
        events[post_id] = topic_id
    return events


def worker_env(settings) -> dict[str, str]:
    """The worker's environment: this session's database, the fake Discourse, a short poll."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("COOPBOT_")}
    return (
        env
        | discourse_variables(settings)
        | {
            "COOPBOT_DATABASE_URL": settings.database_url,
            "COOPBOT_DISCOURSE_TIMEOUT": "10",
            "COOPBOT_SECRET_KEY": "crash-test-secret",
            "COOPBOT_WORKER_POLL_SECONDS": "0.05",
            "COOPBOT_LOG_LEVEL": "INFO",
        }
    )


class Workers:
    """Start, kill and await worker processes; every one logs to the same file.

    `module` is what `python -m` runs: this test's echo worker, or `bot.cli worker`."""

    def __init__(
        self, env: dict[str, str], log_path: Path, module: tuple[str, ...] = ("tests.crash_worker",)
    ) -> None:
        self.env = env
        self.log_path = log_path
        self.module = module
        self.process: subprocess.Popen | None = None

    def start(self, *args: str) -> subprocess.Popen:
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", *self.module, *args],
                cwd=ROOT,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        return self.process

    def kill(self) -> None:
        """SIGKILL: no cleanup, no rollback from the worker's side; it must not have died before."""
        if self.process is None:
            return
        alive = self.process.poll() is None
        if alive:
            self.process.kill()
        self.wait()
        assert alive, f"the worker exited on its own:\n{self.log_tail()}"
        time.sleep(0.05)  # let the fake finish a request the worker had sent

    def stop(self) -> None:
        """Make sure no worker outlives the test, whatever happened."""
        if self.process is not None:
            self.process.kill()
            self.wait()

    def wait(self, timeout: float = 60) -> int | None:
        if self.process is None:
            return None
        code = self.process.wait(timeout)
        self.process = None
        return code

    def log_tail(self, lines: int = 40) -> str:
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])


def working(engine, process: subprocess.Popen) -> bool:
    """True once this process has written its first heartbeat (it is in the worker loop)."""
    beat = state.get(engine, "default", state.WORKER_HEARTBEAT)
    return process.poll() is not None or (beat is not None and beat[0].endswith(f":{process.pid}"))


def posts_received(fake) -> int:
    return len(fake.requests_to("/posts.json", "POST"))


def let_leases_expire(engine) -> int:
    """Move leased and backed-off rows back to now, as if their two minutes had passed."""
    now = utcnow()
    with engine.begin() as conn:
        return sum(
            conn.execute(
                update(q.table)
                .where(q.table.c.status.in_(q.status.due()), q.table.c.next_attempt_at > now)
                .values(next_attempt_at=now)
            ).rowcount
            for q in (inbox.QUEUE, outbox.QUEUE)
        )


def bot_posts(fake) -> dict[int, list]:
    """The bot's posts in the forum, by the outbox id of their marker."""
    found = collections.defaultdict(list)
    for post in fake.all_posts():
        for _forum, outbox_id in outbox_markers.MARKER_RE.findall(post.raw):
            found[int(outbox_id)].append(post)
    return found


def outbox_rows(engine) -> dict[int, OutboxRow]:
    with engine.connect() as conn:
        return {r["id"]: OutboxRow.of(r) for r in conn.execute(select(OUTBOX)).mappings()}


def unrecorded_posts(engine, fake) -> set[int]:
    """Outbox ids posted in the forum but not recorded as sent: the worker died in between."""
    rows = outbox_rows(engine)
    return {i for i in bot_posts(fake) if rows[i].status not in POSTED}


def kill_while_posting(workers, _engine, fake, rng) -> None:
    """Hold the next post in the fake and kill the worker while it waits for the answer."""
    fake.delay_next(1, seconds=IN_FLIGHT_SECONDS, path="/posts.json", method="POST")
    before = posts_received(fake)
    process = workers.start()
    posting = wait_until(lambda: posts_received(fake) > before, START_TIMEOUT)
    assert posting and process.poll() is None, workers.log_tail()
    time.sleep(rng.uniform(0.05, IN_FLIGHT_SECONDS / 2))
    workers.kill()
    time.sleep(IN_FLIGHT_SECONDS)  # the fake applies the post after the worker is gone


def kill_after_posts(workers, _engine, fake, rng) -> None:
    """Kill the worker a few milliseconds after its n-th post reaches the forum."""
    before, n = posts_received(fake), rng.randint(1, 20)
    workers.start()
    # fewer than n posts may be left: then the kill lands wherever the worker is
    wait_until(lambda: posts_received(fake) >= before + n, 10)
    time.sleep(rng.uniform(0, 0.02))
    workers.kill()


def kill_at_random(workers, engine, _fake, rng) -> None:
    """Kill the worker 50 to 400 ms after it enters its loop."""
    process = workers.start()
    assert wait_until(lambda: working(engine, process), START_TIMEOUT), workers.log_tail()
    time.sleep(rng.uniform(0.05, 0.4))
    workers.kill()


KILLS = (kill_at_random, kill_after_posts, kill_while_posting) * 2


def test_killed_worker_never_loses_or_doubles_a_post(
    engine, discourse_settings, fake_discourse, forum_with_events, tmp_path
):
    rng = random.Random(SEED)
    workers = Workers(worker_env(discourse_settings), tmp_path / "worker.log")
    orphans: set[int] = set()
    mid_post_kills = 0
    try:
        for kill in KILLS:
            kill(workers, engine, fake_discourse, rng)
            found = unrecorded_posts(engine, fake_discourse)
            mid_post_kills += bool(found - orphans)
            orphans |= found
            let_leases_expire(engine)
        for _ in range(3):  # a post that failed meanwhile backs off: let that time pass too
            workers.start("--until-idle")
            assert workers.wait() == 0, workers.log_tail()
            if let_leases_expire(engine) == 0:
                break
    finally:
        workers.stop()

    print(f"{len(KILLS)} kills, {mid_post_kills} between a post and its commit ({len(orphans)})")
    assert orphans, "no kill landed between a post and its commit"
    assert_each_event_answered_once(engine, fake_discourse, forum_with_events, workers)


def assert_each_event_answered_once(engine, fake_discourse, events, workers) -> None:
    """Every event done, and its one reply in the forum once, recorded as posted."""
    with engine.connect() as conn:
        statuses = collections.Counter(conn.execute(select(INBOX.c.status)).scalars())
    assert statuses == {InboxStatus.DONE: len(events)}, workers.log_tail()
    rows = outbox_rows(engine)
    keys = {row.dedupe_key for row in rows.values()}
    assert len(rows) == len(events) and keys == {f"echo:{post_id}" for post_id in events}
    assert {row.status for row in rows.values()} <= set(POSTED), workers.log_tail()
    posted = bot_posts(fake_discourse)
    doubled = {i: [p.id for p in posts] for i, posts in posted.items() if len(posts) > 1}
    assert not doubled, f"outbox id -> post ids posted more than once: {doubled}"
    assert posted.keys() == rows.keys(), f"never posted: {sorted(rows.keys() - posted.keys())}"
    for outbox_id, [post] in posted.items():
        row = rows[outbox_id]
        assert post.topic_id == events[int(row.dedupe_key.split(":")[1])]
        assert row.post_id == post.id


def leased(engine) -> int:
    """Rows claimed and not settled: they wait for their lease to end, or to be released."""
    now = utcnow()
    with engine.connect() as conn:
        return sum(
            conn.execute(
                select(func.count())
                .select_from(q.table)
                .where(q.table.c.status.in_(q.status.due()), q.table.c.next_attempt_at > now)
            ).scalar_one()
            for q in (inbox.QUEUE, outbox.QUEUE)
        )


def test_a_restarted_worker_takes_back_at_once_what_a_killed_one_held(
    engine, discourse_settings, fake_discourse, client, tmp_path
):
    events = member_posts(fake_discourse, client, 10, 2)
    workers = Workers(worker_env(discourse_settings), tmp_path / "worker.log")
    try:
        kill_while_posting(workers, engine, fake_discourse, random.Random(SEED))
        assert leased(engine) > 0, "the killed worker left no row leased"
        workers.start("--until-idle")  # well within the two minutes of the dead worker's leases
        assert workers.wait() == 0, workers.log_tail()
    finally:
        workers.stop()
    assert leased(engine) == 0, workers.log_tail()
    assert_each_event_answered_once(engine, fake_discourse, events, workers)
