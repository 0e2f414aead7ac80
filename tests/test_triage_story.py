"""The story of volunteer triage, end to end.

Three questions arrive through the real webhook endpoint; the bot whispers a suggestion in
each through the real pydiscourse adapter against the fake Discourse. A volunteer approves
one with a whispered `@coopbot ok`, another with a like, and rejects the third; a member's
`@coopbot ok` changes nothing. A real worker is killed while the first reply is on its way
and started again: the forum holds exactly the two public replies, once each.
"""

from __future__ import annotations

import pytest

from bot import worker
from bot.context import Context, make_forum
from bot.forum.client import PostType
from bot.kb import entries
from bot.store import audit, outbox_markers
from bot.suggestions import queries
from knowledge.documents import load_markdown_folder
from tests import builders as b
from tests.bot.suggesting import KB, MAIL_QUESTION, QUESTION
from tests.test_crash_safety import (
    IN_FLIGHT_SECONDS,
    START_TIMEOUT,
    Workers,
    let_leases_expire,
    posts_received,
    wait_until,
    worker_env,
)

pytestmark = pytest.mark.slow
VOLUNTEERS = "benevoles"
FULL_BOX = (
    "Boîte mail pleine, quota dépassé ?",
    "Bonjour, ma boîte mail est pleine et les messages entrants sont refusés. Que faire ?",
)


@pytest.fixture
def story(engine, discourse_settings, fake_discourse):
    """The forum, its people and categories; the bot's context and web app, on the fake."""
    fake_discourse.memo_seconds = 0  # no help from Discourse's memoization: markers only
    fake_discourse.add_user("vera", groups=(VOLUNTEERS,))
    fake_discourse.add_user("paul")
    fake_discourse.add_user("marc")
    fake_discourse.set_whispers_allowed_groups("staff", VOLUNTEERS)
    category = fake_discourse.add_category("Entraide", slug="entraide")
    settings = discourse_settings.with_(
        support_categories=("entraide",), triage_groups=(VOLUNTEERS,)
    )
    with engine.begin() as conn:
        entries.upsert(conn, settings.forum_id, load_markdown_folder(KB))
    context = Context(settings, engine, make_forum(settings))
    from webhooks.app import create_app

    return context, create_app(context=context).test_client(), category


def send(client, payload, event="post_created", group="post") -> None:
    assert b.discourse(payload, event=event, group=group).send(client).status_code in (200, 202)


def whisper(fake, topic_id: int, username: str, raw: str, reply_to: int) -> int:
    """A whisper in the forum; return its id."""
    return fake.add_post(
        topic_id, raw, username=username, post_type=PostType.WHISPER, reply_to_post_number=reply_to
    )


def bot_replies(fake) -> list:
    """The bot's public posts."""
    return [p for p in fake.all_posts() if p.post_type == PostType.REGULAR and _by_bot(fake, p)]


def _by_bot(fake, post) -> bool:
    return fake.user("coopbot").id == post.user_id


def test_three_questions_two_replies_once_each_whatever_the_worker_goes_through(
    engine, fake_discourse, story, tmp_path
):
    context, client, category = story
    fake = fake_discourse
    topics = []
    for title, raw in (QUESTION, MAIL_QUESTION, FULL_BOX):
        topic_id = fake.add_topic(title, raw, category_id=category, username="paul")
        send(client, fake.post_webhook(fake.posts_by_topic(topic_id)[0].id))
        topics.append(topic_id)
    worker.run(context, until_idle=True)
    found = [queries.for_topic(engine, "default", t) for t in topics]
    assert all(s.pending and s.whisper_post_id for s in found)
    whispers = [fake.posts_by_topic(t)[1] for t in topics]
    assert all(w.post_type == PostType.WHISPER and _by_bot(fake, w) for w in whispers)

    ok = whisper(fake, topics[0], "vera", "@coopbot ok", whispers[0].post_number)
    send(client, fake.post_webhook(ok))
    attempt = fake.add_post(topics[1], "@coopbot ok", username="marc")  # a member, in public
    send(client, fake.post_webhook(attempt))
    fake.like(whispers[1].id, "vera")
    send(client, fake.like_webhook(whispers[1].id, "vera"), event="post_liked", group="like")
    no = whisper(fake, topics[2], "vera", "@coopbot non mauvais article", whispers[2].post_number)
    send(client, fake.post_webhook(no))

    # a real worker takes the decisions, then dies while the first reply is on its way
    workers = Workers(worker_env(context.settings), tmp_path / "worker.log", ("bot.cli",))
    workers.env |= {"COOPBOT_SUPPORT_CATEGORIES": "entraide", "COOPBOT_TRIAGE_GROUPS": VOLUNTEERS}
    fake.delay_next(1, seconds=IN_FLIGHT_SECONDS, path="/posts.json", method="POST")
    before = posts_received(fake)
    try:
        workers.start("worker")
        assert wait_until(lambda: posts_received(fake) > before, START_TIMEOUT), workers.log_tail()
        decided = [queries.get(engine, "default", s.id) for s in found]
        assert [s.status for s in decided] == ["approved", "approved", "rejected"]
        assert all(s.reply_status != "sent" for s in decided)
        workers.kill()
        # the forum takes the reply after the worker is gone
        assert wait_until(lambda: len(bot_replies(fake)) == 1, START_TIMEOUT)
        let_leases_expire(engine)
        workers.start("worker", "--until-idle")
        assert workers.wait() == 0, workers.log_tail()
    finally:
        workers.stop()

    replies = bot_replies(fake)
    assert sorted(p.topic_id for p in replies) == topics[:2]
    markers = [outbox_markers.MARKER_RE.findall(p.raw) for p in replies]
    assert all(len(m) == 1 for m in markers) and len({m[0] for m in markers}) == 2
    final = [queries.get(engine, "default", s.id) for s in found]
    assert [s.reply_status for s in final[:2]] == ["sent", "sent"]
    assert {p.id for p in replies} == {s.reply_post_id for s in final[:2]}
    assert final[2].reason == "wrong_article" and final[2].reply_outbox_id is None
    said = [fake.posts_by_topic(t)[1].raw for t in topics]
    assert "Approuvée** par vera" in said[0] and "Approuvée** par vera" in said[1]
    assert "Rejetée** par vera" in said[2]
    lines = audit.lines(engine, "default")
    assert [(x.actor, x.source, x.action) for x in lines] == [
        ("vera", "forum", "approve"),
        ("vera", "forum", "approve"),
        ("vera", "forum", "reject"),
    ]
