"""The volunteers' whisper on a new suggestion: a refusal is said once, plainly, and stops them."""

from __future__ import annotations

import pytest

from bot import health
from bot.cli.main import main
from bot.store import outbox, state
from bot.store.status import OutboxStatus as S
from bot.suggestions import queries
from tests.bot.suggesting import MAIL_QUESTION, ask, deliver, question
from tests.bot.test_health import beat


def test_a_refused_whisper_is_recorded_once_and_whispers_stop(context, engine, forum, support):
    forum.whispers_allowed = False
    first = ask(context, forum, support["entraide"])
    assert outbox.load(engine, first.whisper_outbox_id).status == S.DEAD
    refused = state.whispers_refused(engine, "default")
    assert "whisper" in refused and "403" in refused
    assert state.get(engine, "default", state.FORUM_REFUSED) is None  # the key is fine
    second = ask(context, forum, support["entraide"], *MAIL_QUESTION)
    assert second.pending and second.whisper_outbox_id is None
    assert state.whispers_refused(engine, "default") == refused
    beat(engine)
    report = health.report(context)
    assert report["status"] == "degraded" and report["whispers"]["refused"] == refused
    assert any("refused the bot's whispers" in reason for reason in report["reasons"])


@pytest.mark.usefixtures("env")
def test_config_check_says_why_and_resume_whispers_clears_it(
    context, engine, forum, support, capsys
):
    forum.whispers_allowed = False
    ask(context, forum, support["entraide"])
    beat(engine)
    assert main(["config", "check"]) == 1
    out = capsys.readouterr().out
    assert "Whispers: Discourse refused the bot's whispers (HTTP 403" in out
    last_step = out.rstrip().splitlines()[-1]
    assert "refused the bot's whispers" in last_step and "resume-whispers" in last_step
    assert main(["suggestions", "resume-whispers"]) == 0
    assert "whispers resumed" in capsys.readouterr().out
    forum.whispers_allowed = True
    row = ask(context, forum, support["entraide"], *MAIL_QUESTION)
    assert queries.get(engine, "default", row.id).whisper_post_id is not None


def test_a_whisper_in_a_vanished_topic_is_no_refusal_of_whispers(context, engine, support):
    deliver(context, question(support["entraide"], topic_id=999), "gone")  # not in the forum
    row = queries.for_topic(engine, "default", 999)
    assert outbox.load(engine, row.whisper_outbox_id).status == S.DEAD
    assert state.whispers_refused(engine, "default") is None
