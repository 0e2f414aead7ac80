"""Automatic replies: off by default; per category, above a high confidence, a few a day."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot import worker
from bot.forum.client import PostType
from bot.store import audit
from bot.suggestions import auto
from bot.suggestions.rows import SuggestionStatus
from tests.bot.suggesting import MAIL_QUESTION, ask


def public_posts(forum, topic_id) -> list:
    return [p for p in forum.topic_posts(topic_id) if p.post_type == PostType.REGULAR]


def automatic(context, **settings) -> None:
    values = {"auto_reply_categories": ("entraide",)} | settings
    context.settings = context.settings.with_(**values)


def test_off_by_default(context, forum, support):
    row = ask(context, forum, support["entraide"])
    assert row.best_score > 0.9 and row.pending and row.whisper_post_id


def test_a_sure_answer_in_a_chosen_category_goes_out_and_says_it_is_automatic(
    context, engine, forum, support
):
    automatic(context)
    row = ask(context, forum, support["entraide"])
    assert row.status is SuggestionStatus.APPROVED and row.whisper_outbox_id is None
    assert (row.decided_by, row.decision_source) == ("coopbot", "auto")
    worker.run(context, until_idle=True)
    reply = public_posts(forum, row.topic_id)[-1]
    assert "publiée automatiquement" in reply.raw and "un·e bénévole la lira" in reply.raw
    assert not [p for p in forum.topic_posts(row.topic_id) if p.post_type == PostType.WHISPER]
    [line] = audit.lines(engine, "default")
    assert (line.actor, line.source, line.action) == ("coopbot", "auto", "approve")


@pytest.mark.parametrize(
    "changes",
    [{"auto_reply_confidence": 1.0}, {"auto_reply_categories": ("annonces",)}],
    ids=["not sure enough", "another category"],
)
def test_otherwise_a_volunteer_decides(context, forum, support, changes):
    automatic(context, **changes)
    row = ask(context, forum, support["entraide"])
    assert row.pending and row.whisper_post_id


def test_the_daily_cap_sends_the_rest_to_volunteers(context, forum, support):
    automatic(context, auto_reply_daily_cap=1, auto_reply_confidence=0.5)
    first = ask(context, forum, support["entraide"])
    second = ask(context, forum, support["entraide"], *MAIL_QUESTION)
    assert first.status is SuggestionStatus.APPROVED
    assert second.pending and second.whisper_post_id


def test_the_day_starts_at_midnight_in_the_coop_s_time_zone():
    evening = datetime(2026, 12, 3, 23, 30, tzinfo=UTC)  # already the 4th in Paris
    assert auto.day_start(evening, "Europe/Paris") == datetime(2026, 12, 3, 23, 0, tzinfo=UTC)
    assert auto.day_start(evening, "UTC") == datetime(2026, 12, 3, 0, 0, tzinfo=UTC)
