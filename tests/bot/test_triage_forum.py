"""Volunteers decide inside Discourse: whispered commands, likes; stale items leave alone."""

from __future__ import annotations

import dataclasses
import logging

import pytest

from bot.events import (
    PostCreated,
    PostEdited,
    PostLiked,
    SolutionAccepted,
    TopicClosed,
    TopicDeleted,
    TriageCommand,
)
from bot.forum.client import PostType
from bot.kb import entries, feedback
from bot.store import audit
from bot.suggestions import queries
from bot.suggestions.rows import SuggestionStatus
from tests.bot.suggesting import MAIL_QUESTION, QUESTION, ask, deliver

VOLUNTEERS = "benevoles"


@pytest.fixture(autouse=True)
def people(context, forum):
    """A volunteer, an admin outside the groups, a member."""
    context.settings = context.settings.with_(triage_groups=(VOLUNTEERS,))
    forum.add_user("vera", groups=(VOLUNTEERS,))
    forum.add_user("ada", admin=True)
    forum.add_user("paul", groups=("membres",))


@pytest.fixture
def pending(context, forum, support):
    """A pending suggestion with its whisper in the topic."""
    return ask(context, forum, support["entraide"])


def command(row, username, verb, argument="", post_id=900):
    return TriageCommand(
        topic_id=row.topic_id,
        post_id=post_id,
        reply_to_post_number=2,
        username=username,
        verb=verb,
        argument=argument,
    )


def posts(forum, topic_id, post_type=PostType.REGULAR) -> list:
    return [p for p in forum.topic_posts(topic_id) if p.post_type == post_type]


def status(engine, row) -> SuggestionStatus:
    return queries.get(engine, "default", row.id).status


def test_a_volunteer_s_ok_publishes_the_draft(context, engine, forum, pending):
    deliver(context, command(pending, "vera", "approve"), "c1")
    shown = queries.get(engine, "default", pending.id)
    assert shown.status is SuggestionStatus.APPROVED and shown.decided_by == "vera"
    assert shown.decision_source == "forum"
    assert posts(forum, pending.topic_id)[-1].raw.startswith(pending.draft)
    assert [line.source for line in audit.lines(engine, "default")] == ["forum"]


def test_admins_and_moderators_may_decide_outside_the_groups(context, engine, pending):
    deliver(context, command(pending, "ada", "reject", "not_a_question hors sujet"), "c1")
    shown = queries.get(engine, "default", pending.id)
    assert shown.status is SuggestionStatus.REJECTED and shown.reason == "not_a_question"
    assert audit.lines(engine, "default")[0].detail["note"] == "hors sujet"


def test_an_entry_number_publishes_that_entry(context, forum, support):
    row = ask(context, forum, support["entraide"], *MAIL_QUESTION)
    deliver(context, command(row, "vera", "approve_entry", "2"), "c1")
    reply = posts(forum, row.topic_id)[-1]
    assert row.hits[1].url in reply.raw and row.hits[0].url not in reply.raw


def test_an_unknown_reason_is_kept_as_a_note(context, engine, pending):
    deliver(context, command(pending, "vera", "reject", "le membre a trouvé seul"), "c1")
    shown = queries.get(engine, "default", pending.id)
    assert shown.reason == "other"
    assert audit.lines(engine, "default")[0].detail["note"] == "le membre a trouvé seul"


@pytest.mark.parametrize("username", ["paul", "stranger"])
def test_a_member_s_command_is_ignored_and_never_answered(
    context, engine, forum, pending, caplog, username
):
    before = forum.topic_posts(pending.topic_id)
    with caplog.at_level(logging.WARNING, logger="coopbot.triage"):
        deliver(context, command(pending, username, "approve"), "c1")
        deliver(context, command(pending, username, "help", post_id=901), "c2")
    assert status(engine, pending) is SuggestionStatus.PENDING
    assert forum.topic_posts(pending.topic_id) == before  # no answer, not even a whisper
    assert audit.lines(engine, "default") == []
    assert f"{username} may not triage" in caplog.text


def test_help_is_whispered_once(context, engine, forum, pending):
    deliver(context, command(pending, "vera", "help"), "c1")
    deliver(context, command(pending, "vera", "help"), "c1-again")
    [_, help_text] = posts(forum, pending.topic_id, PostType.WHISPER)
    assert "`@coopbot ok`" in help_text.raw and "`@coopbot aide`" in help_text.raw
    assert status(engine, pending) is SuggestionStatus.PENDING


def test_a_late_second_decision_is_answered_in_a_whisper(context, engine, forum, pending):
    deliver(context, command(pending, "vera", "approve"), "c1")
    deliver(context, command(pending, "ada", "reject", "wrong_article", post_id=901), "c2")
    assert status(engine, pending) is SuggestionStatus.APPROVED
    answer = posts(forum, pending.topic_id, PostType.WHISPER)[-1].raw
    assert "déjà approuvée par vera" in answer
    assert len(posts(forum, pending.topic_id)) == 2  # the question and one reply


def test_the_same_command_delivered_twice_acts_once_and_stays_quiet(context, forum, pending):
    deliver(context, command(pending, "vera", "approve"), "c1")
    deliver(context, command(pending, "vera", "approve"), "c1-redelivered")
    assert len(posts(forum, pending.topic_id, PostType.WHISPER)) == 1
    assert len(posts(forum, pending.topic_id)) == 2


def like(post_id, topic_id, username):
    return PostLiked(post_id=post_id, topic_id=topic_id, post_number=2, username=username)


def test_a_volunteer_s_like_on_the_whisper_approves(context, engine, forum, pending):
    deliver(context, like(pending.post_id, pending.topic_id, "vera"), "l0")  # the question
    assert status(engine, pending) is SuggestionStatus.PENDING
    deliver(context, like(pending.whisper_post_id, pending.topic_id, "paul"), "l1")
    assert status(engine, pending) is SuggestionStatus.PENDING
    deliver(context, like(pending.whisper_post_id, pending.topic_id, "vera"), "l2")
    shown = queries.get(engine, "default", pending.id)
    assert shown.status is SuggestionStatus.APPROVED and shown.decided_by == "vera"
    deliver(context, like(pending.whisper_post_id, pending.topic_id, "ada"), "l3")
    assert len(posts(forum, pending.topic_id)) == 2


def reply(row, username="lea", post_number=2):
    return PostCreated(
        post_id=700 + post_number,
        topic_id=row.topic_id,
        post_number=post_number,
        username=username,
        raw="Bonjour, avez-vous regardé le journal d'erreurs ?",
        topic_title=row.title,
        category_id=row.category_id,
    )


def test_a_human_answering_first_withdraws_the_suggestion(context, engine, forum, pending):
    deliver(context, reply(pending), "r1")
    shown = queries.get(engine, "default", pending.id)
    assert shown.status is SuggestionStatus.SUPERSEDED and shown.reason == "human_reply"
    assert "Retirée** le" in forum.get_post(pending.whisper_post_id).raw
    assert "quelqu'un a répondu avant" in forum.get_post(pending.whisper_post_id).raw
    [line] = audit.lines(engine, "default")
    assert (line.actor, line.source, line.action) == ("coopbot", "auto", "supersede")
    deliver(context, command(pending, "vera", "approve"), "c1")
    assert status(engine, pending) is SuggestionStatus.SUPERSEDED
    assert len(posts(forum, pending.topic_id)) == 1


def test_a_member_s_public_command_attempt_is_no_answer(context, engine, forum, pending):
    attempt = dataclasses.replace(reply(pending, "paul"), raw="@CoopBot ok merci")
    deliver(context, attempt, "r1")
    assert status(engine, pending) is SuggestionStatus.PENDING
    assert len(forum.topic_posts(pending.topic_id)) == 2  # the question and the whisper
    deliver(context, reply(pending, "lea", post_number=3), "r2")
    assert status(engine, pending) is SuggestionStatus.SUPERSEDED


def test_a_closed_topic_withdraws_the_suggestion(context, engine, forum, pending):
    deliver(context, TopicClosed(topic_id=pending.topic_id), "t1")
    assert queries.get(engine, "default", pending.id).reason == "topic_closed"
    assert "le sujet a été fermé" in forum.get_post(pending.whisper_post_id).raw


def test_a_deleted_topic_withdraws_the_suggestion_without_editing(context, engine, forum, pending):
    whisper = forum.get_post(pending.whisper_post_id)
    deliver(context, TopicDeleted(topic_id=pending.topic_id), "t1")
    shown = queries.get(engine, "default", pending.id)
    assert shown.status is SuggestionStatus.SUPERSEDED and shown.reason == "topic_deleted"
    assert forum.get_post(pending.whisper_post_id) == whisper


def edited(row, title, raw, version=2):
    return PostEdited(
        post_id=row.post_id,
        topic_id=row.topic_id,
        post_number=1,
        username="paul",
        raw=raw,
        topic_title=title,
        category_id=row.category_id,
        version=version,
    )


def test_editing_the_question_refreshes_the_same_suggestion_and_its_whisper(
    context, engine, forum, pending
):
    deliver(context, edited(pending, *MAIL_QUESTION), "e1")
    shown = queries.get(engine, "default", pending.id)
    assert shown.pending and shown.hits[0].entry_id == "art-1" != pending.hits[0].entry_id
    assert shown.title == MAIL_QUESTION[0] and "mot-de-passe-mail" in shown.draft
    assert len(queries.list_suggestions(engine, "default")) == 1
    whisper = forum.get_post(pending.whisper_post_id)
    assert "mot-de-passe-mail" in whisper.raw and "Pour décider" in whisper.raw


def test_a_question_edited_out_of_reach_withdraws_its_suggestion(context, engine, pending):
    deliver(context, edited(pending, "Brocante", "Quand a lieu la brocante du quartier ?"), "e1")
    assert queries.get(engine, "default", pending.id).reason == "question_edited"


def test_a_question_edited_into_reach_gets_a_suggestion(context, engine, forum, support):
    brocante = ("Brocante du quartier", "Quand a lieu la brocante du quartier ?")
    topic_id = forum.add_topic(*brocante, category_id=support["entraide"])
    assert queries.for_topic(engine, "default", topic_id) is None
    first = forum.topic_posts(topic_id)[0]
    event = PostEdited(
        post_id=first.id,
        topic_id=topic_id,
        post_number=1,
        username="paul",
        raw=QUESTION[1],
        topic_title=QUESTION[0],
        category_id=support["entraide"],
        version=2,
    )
    deliver(context, event, "e1")
    assert queries.for_topic(engine, "default", topic_id).pending


def test_a_member_accepting_the_bot_s_reply_teaches_the_ranking(context, engine, forum, pending):
    deliver(context, command(pending, "vera", "approve"), "c1")
    bot_reply = posts(forum, pending.topic_id)[-1]
    accepted = SolutionAccepted(
        post_id=bot_reply.id,
        topic_id=pending.topic_id,
        post_number=bot_reply.post_number,
        username="coopbot",
        raw=bot_reply.raw,
        topic_title=pending.title,
        category_id=pending.category_id,
    )
    deliver(context, accepted, "a1")
    outcomes = sorted((r.entry_id, r.outcome) for r in feedback.records(engine, "default"))
    assert outcomes == [("art-2", "accepted"), ("art-2", "approved")]
    assert entries.entries(engine, "default", f"topic-{pending.topic_id}") == []
