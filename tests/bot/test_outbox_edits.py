"""Edits of an earlier post through the outbox, and Discourse refusing the bot's whispers."""

from __future__ import annotations

from datetime import timedelta

from bot import worker
from bot.clock import utcnow
from bot.store import outbox, outbox_delivery, outbox_markers, state
from bot.store.status import OutboxStatus as S


def test_discourse_refusing_a_whisper_is_recorded_through_the_real_adapter(
    engine, discourse_forum, fake_discourse
):
    fake_discourse.set_whispers_allowed_groups("moderators-only")
    topic_id = fake_discourse.add_topic("Erreur 500 sur mon site", "Bonjour, mon site affiche 500.")
    row_id = outbox.enqueue(
        engine,
        "default",
        dedupe_key="whisper:1",
        purpose="whisper",
        raw="Suggestion pour les bénévoles, assez longue.",
        topic_id=topic_id,
        whisper=True,
    )
    outbox.claim(engine)
    assert outbox_delivery.deliver(engine, discourse_forum, row_id, max_attempts=8) == S.DEAD
    assert "whisper" in state.whispers_refused(engine, "default")


def queue_whisper(engine, topic_id) -> int:
    return outbox.enqueue(
        engine,
        "default",
        dedupe_key=f"whisper:{topic_id}",
        purpose="whisper",
        raw="Une suggestion pour les bénévoles.",
        topic_id=topic_id,
        whisper=True,
    )


def queue_edit(engine, target, version, raw=None) -> int:
    with engine.begin() as conn:
        return outbox.queue_edit(
            conn,
            "default",
            target,
            dedupe_key=f"edit:{target}:{version}",
            raw=raw or f"La suggestion, version {version}.",
        )


def test_an_edit_waits_for_its_whisper_then_keeps_its_marker(engine, forum):
    topic_id = forum.add_topic("Erreur 500 sur mon site", "Bonjour, mon site affiche 500.")
    whisper = queue_whisper(engine, topic_id)
    edit = queue_edit(engine, whisper, 2)
    assert outbox.claim(engine) == [whisper, edit]
    # the whisper is not posted yet
    assert outbox_delivery.deliver(engine, forum, edit, max_attempts=8) == S.FAILED
    assert "waiting for outbox" in outbox.load(engine, edit).last_error
    assert outbox_delivery.deliver(engine, forum, whisper, max_attempts=8) == S.SENT
    later = utcnow() + timedelta(seconds=outbox_delivery.TARGET_WAIT_SECONDS)
    assert outbox.claim(engine, now=later) == [edit]
    assert outbox_delivery.deliver(engine, forum, edit, max_attempts=8) == S.SENT
    post = forum.get_post(outbox.load(engine, whisper).post_id)
    assert post.raw.startswith("La suggestion, version 2.") and post.version == 2
    assert outbox_markers.marker("default", whisper) in post.raw


def test_a_newer_edit_skips_the_older_unsent_ones(context, engine, forum):
    topic_id = forum.add_topic("Erreur 500 sur mon site", "Bonjour, mon site affiche 500.")
    whisper = queue_whisper(engine, topic_id)
    older, newer = queue_edit(engine, whisper, 2), queue_edit(engine, whisper, 3)
    assert outbox.load(engine, older).status == S.SKIPPED
    worker.run(context, until_idle=True)
    assert outbox.load(engine, newer).status == S.SENT
    post = forum.get_post(outbox.load(engine, whisper).post_id)
    assert post.raw.startswith("La suggestion, version 3.") and post.version == 2


def test_an_edit_of_a_whisper_that_never_existed_is_skipped(context, engine, forum):
    forum.whispers_allowed = False
    topic_id = forum.add_topic("Erreur 500 sur mon site", "Bonjour, mon site affiche 500.")
    whisper = queue_whisper(engine, topic_id)
    edit = queue_edit(engine, whisper, 2)
    worker.run(context, until_idle=True)
    assert outbox.load(engine, whisper).status == S.DEAD
    assert outbox.load(engine, edit).status == S.SKIPPED
