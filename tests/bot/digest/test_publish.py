"""Exactly one digest topic per (forum, ISO week), through the real adapter and the fake
Discourse: two triggers, a restarted clock, two clocks at once, a late start, a review."""

from __future__ import annotations

import logging
import threading

import pytest
from apscheduler.schedulers.background import BackgroundScheduler

from bot import scheduler, worker
from bot.cli.main import main
from bot.clock import utcnow
from bot.context import Context, make_forum
from bot.digest import activity, publish, runs
from bot.digest.runs import RunStatus
from bot.digest.week import week
from bot.forum.client import ForumUnavailable
from bot.store.db import make_engine
from tests.bot.digest.conftest import PARIS, WEEK_FILE, utc

MONDAY_9 = utc(2026, 1, 12, 8)  # Monday 12 January 2026, 09:00 in Paris: W02's digest is due
TITLE = "La semaine de la coop, du 5 au 11 janvier 2026"


@pytest.fixture
def clock(engine, discourse_settings, discourse_forum, fake_discourse) -> Context:
    """A clock's context: the real adapter, a digest category, the project's week imported."""
    fake_discourse.add_category("Vie de la coop", slug="vie")
    activity.load(engine, "default", activity.read(WEEK_FILE, PARIS, ()))
    settings = discourse_settings.with_(digest_category="vie")
    return Context(settings, engine, discourse_forum)


def digest_topics(forum) -> list:
    return [t for t in forum.latest_topics() if t.title == TITLE]


def test_two_triggers_post_one_topic(clock):
    first = publish.publish_due(clock, MONDAY_9)
    second = publish.publish_due(clock, MONDAY_9.replace(minute=30))
    assert first.status is RunStatus.QUEUED and second.outbox_id == first.outbox_id
    worker.run(clock, until_idle=True)
    worker.run(clock, until_idle=True)
    [posted] = digest_topics(clock.forum)
    [first_post] = clock.forum.topic_posts(posted.id)
    assert "Discussion animée" in first_post.raw and "Réunion secrète" not in first_post.raw


def test_a_restarted_clock_does_not_post_again(clock, discourse_settings, database_url):
    publish.publish_due(clock, MONDAY_9)
    worker.run(clock, until_idle=True)
    restarted = Context(clock.settings, make_engine(database_url), make_forum(discourse_settings))
    try:
        assert publish.publish_due(restarted, MONDAY_9.replace(hour=10)).status is RunStatus.QUEUED
        worker.run(restarted, until_idle=True)
    finally:
        restarted.close()
    assert len(digest_topics(clock.forum)) == 1


def test_two_clocks_at_once_post_one_topic(clock, discourse_settings, database_url):
    clocks = [
        Context(clock.settings, make_engine(database_url), make_forum(discourse_settings))
        for _ in range(2)
    ]
    start, runs_seen = threading.Barrier(2), []

    def tick(context):
        start.wait()
        runs_seen.append(publish.publish_due(context, MONDAY_9))

    threads = [threading.Thread(target=tick, args=(c,)) for c in clocks]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    for c in clocks:
        worker.run(c, until_idle=True)
        c.close()
    assert {r.outbox_id for r in runs_seen} != {None} and len({r.outbox_id for r in runs_seen}) == 1
    assert len(digest_topics(clock.forum)) == 1


def test_a_digest_missed_while_down_is_posted_late_within_the_grace_period(clock):
    tuesday = utc(2026, 1, 13, 16)  # the bot comes back on Tuesday afternoon
    assert publish.publish_due(clock, tuesday).week == "2026-W02"
    worker.run(clock, until_idle=True)
    assert len(digest_topics(clock.forum)) == 1


def test_after_the_grace_period_a_missed_digest_is_left_to_a_person(clock, caplog):
    thursday = utc(2026, 1, 14, 9)  # 2 days and 1 hour after Monday 09:00
    with caplog.at_level(logging.WARNING, "coopbot.digest"):
        assert publish.publish_due(clock, thursday) is None
    assert "2026-W02 missed" in caplog.text and "--week 2026-W02" in caplog.text
    with clock.engine.connect() as conn:
        assert runs.load(conn, "default", "2026-W02") is None
    assert digest_topics(clock.forum) == []


def test_with_review_a_volunteer_publishes_the_stored_preview(clock):
    clock.settings = clock.settings.with_(digest_review=True)
    stored = publish.publish_due(clock, MONDAY_9)
    assert stored.status is RunStatus.REVIEW and stored.outbox_id is None and stored.title == TITLE
    assert publish.publish_due(clock, MONDAY_9.replace(hour=10)).status is RunStatus.REVIEW
    assert [r.week for r in runs.waiting_for_review(clock.engine, "default")] == ["2026-W02"]
    worker.run(clock, until_idle=True)
    assert digest_topics(clock.forum) == []  # nothing posted before a volunteer says so
    edited = stored.raw.replace(
        "Bonjour !", "Bonjour à toutes et à tous ! Écrivez à x@example.org."
    )
    done = publish.publish_week(clock, week(stored.week, PARIS), by="lison", body=edited)
    assert (done.status, done.decided_by) == (RunStatus.QUEUED, "lison")
    worker.run(clock, until_idle=True)
    [posted] = digest_topics(clock.forum)
    raw = clock.forum.topic_posts(posted.id)[0].raw
    assert "Bonjour à toutes et à tous" in raw and "x@example.org" not in raw


def test_without_a_category_nothing_is_posted(clock, capsys, discourse_env):
    clock.settings = clock.settings.with_(digest_category="")
    assert publish.publish_due(clock, MONDAY_9) is None
    discourse_env.setenv("COOPBOT_DIGEST_CATEGORY", "no-such-category")
    assert main(["digest", "publish", "--week", "2026-W02"]) == 1
    assert "no category 'no-such-category'" in capsys.readouterr().err


def test_the_publish_command_queues_once(clock, capsys, discourse_env):
    discourse_env.setenv("COOPBOT_DIGEST_CATEGORY", "vie")
    assert main(["digest", "publish", "--week", "2026-W02", "--by", "lison"]) == 0
    assert main(["digest", "publish", "--week", "2026-W02"]) == 0
    out = capsys.readouterr().out
    assert out.count(f"«{TITLE}»") == 2
    worker.run(clock, until_idle=True)
    assert len(digest_topics(clock.forum)) == 1


def test_the_clock_has_the_weekly_job_and_its_catch_up(context):
    clock = BackgroundScheduler(timezone=context.settings.timezone)
    scheduler.add_jobs(clock, context)
    jobs = {job.id: job for job in clock.get_jobs()}
    fields = {f.name: str(f) for f in jobs["digest"].trigger.fields}
    assert (fields["day_of_week"], fields["hour"], fields["minute"]) == ("mon", "9", "0")
    assert str(jobs["digest"].trigger.timezone) == "Europe/Paris"
    assert jobs["digest_catch_up"].trigger.interval.total_seconds() == 3600


def test_the_clock_reconciles_at_start_then_every_few_minutes(context):
    clock = BackgroundScheduler(timezone=context.settings.timezone)
    scheduler.add_jobs(clock, context)
    job = {job.id: job for job in clock.get_jobs()}["reconcile"]
    assert job.trigger.interval.total_seconds() == context.settings.reconcile_minutes * 60
    assert job.next_run_time is not None and job.next_run_time <= utcnow()


def test_a_forum_down_at_the_digest_s_time_gets_it_at_the_next_catch_up(clock, fake_discourse):
    fake_discourse.fail_next(1, status=502, path="/categories.json")
    with pytest.raises(ForumUnavailable):
        publish.publish_due(clock, MONDAY_9)
    with clock.engine.connect() as conn:
        assert runs.load(conn, "default", "2026-W02").status is RunStatus.CLAIMED
    assert publish.publish_due(clock, MONDAY_9.replace(hour=9)).status is RunStatus.QUEUED
    worker.run(clock, until_idle=True)
    assert len(digest_topics(clock.forum)) == 1


def test_the_digest_category_may_be_a_subcategory_s_path(engine, settings, forum):
    coop = forum.add_category("Vie de la coop", slug="vie")
    news = forum.add_category("Nouvelles", slug="nouvelles", parent_category_id=coop)
    forum.add_category("Nouvelles", slug="nouvelles", parent_category_id=forum.add_category("Tech"))
    context = Context(settings.with_(digest_category="vie/nouvelles"), engine, forum)
    assert publish.category_id(context) == news
    context.settings = settings.with_(digest_category=str(news))
    assert publish.category_id(context) == news
    context.settings = settings.with_(digest_category="nouvelles")
    with pytest.raises(publish.DigestNotConfigured, match="names several categories"):
        publish.category_id(context)  # a bare slug of two subcategories: give the path
