"""A decision is one transaction: status, reply, feedback, audit line and whisper edit."""

from __future__ import annotations

from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from bot import worker
from bot.forum.client import PostType
from bot.kb import feedback
from bot.store import audit, outbox_markers
from bot.store.models.queues import OutboxPost
from bot.suggestions import queries
from bot.suggestions.decisions import (
    Actor,
    AlreadyDecided,
    DecisionError,
    DecisionSource,
    RejectReason,
    SuggestionNotFound,
    approve,
    reject,
    skip,
)
from bot.suggestions.rows import SuggestionStatus
from tests.bot.suggesting import MAIL_QUESTION, ask, deliver, question

ALICE = Actor("alice", DecisionSource.PAGE)
BOB = Actor("bob", DecisionSource.FORUM)


@pytest.fixture
def pending(context, forum, support):
    """A pending suggestion whose whisper is in the topic."""
    row = ask(context, forum, support["entraide"])
    assert row.pending and row.whisper_post_id
    return row


def outbox_rows(engine) -> list:
    with engine.connect() as conn:
        return conn.execute(select(OutboxPost.__table__)).mappings().all()


def public_posts(forum, topic_id) -> list:
    return [p for p in forum.topic_posts(topic_id) if p.post_type == PostType.REGULAR]


def test_approve_publishes_the_draft_once_and_says_so_in_the_whisper(
    context, engine, forum, pending
):
    approved = approve(context, pending.id, ALICE)
    assert approved.status is SuggestionStatus.APPROVED and approved.decided_by == "alice"
    assert approved.decision_source == "page" and approved.reply_status == "pending"
    assert approved.published == ("art-2",)
    worker.run(context, until_idle=True)
    question, reply = public_posts(forum, pending.topic_id)
    assert reply.raw.startswith(pending.draft) and reply.reply_to_post_number == 1
    whisper = forum.get_post(pending.whisper_post_id)
    assert "Approuvée** par alice" in whisper.raw and "depuis la page de tri" in whisper.raw
    assert "Pour décider" not in whisper.raw  # nobody is invited to decide again
    assert outbox_markers.marker("default", pending.whisper_outbox_id) in whisper.raw
    shown = queries.get(engine, "default", pending.id)
    assert shown.reply_status == "sent" and shown.reply_post_id == reply.id
    paris = shown.decided_at.astimezone(ZoneInfo("Europe/Paris"))  # the coop's time zone
    assert f"par alice le {paris:%Y-%m-%d %H:%M} (depuis la page de tri)" in whisper.raw
    [record] = feedback.records(engine, "default")
    assert (record.entry_id, record.outcome) == ("art-2", "approved")
    [line] = audit.lines(engine, "default")
    assert (line.actor, line.source, line.action, line.suggestion_id) == (
        "alice",
        "page",
        "approve",
        pending.id,
    )


def test_a_second_decision_is_refused_with_who_and_when(context, engine, pending):
    approve(context, pending.id, ALICE)
    decided = r"already approved by alice at \d{4}-\d\d-\d\d \d\d:\d\d UTC"
    with pytest.raises(AlreadyDecided, match=decided):
        approve(context, pending.id, BOB)
    with pytest.raises(AlreadyDecided):
        reject(context, pending.id, BOB, RejectReason.WRONG_ARTICLE)
    with pytest.raises(AlreadyDecided):
        skip(context, pending.id, BOB)
    replies = [r for r in outbox_rows(engine) if r["purpose"] == "reply"]
    assert len(replies) == 1 and len(audit.lines(engine, "default")) == 1


def test_a_decision_on_no_suggestion_is_refused(context):
    with pytest.raises(SuggestionNotFound, match="no suggestion #999"):
        approve(context, 999, ALICE)


def test_approving_chosen_entries_publishes_them_alone(context, engine, forum, support):
    row = ask(context, forum, support["entraide"], *MAIL_QUESTION)
    assert len(row.hits) >= 2
    approve(context, row.id, ALICE, entries=(2,))
    worker.run(context, until_idle=True)
    reply = public_posts(forum, row.topic_id)[-1]
    assert row.hits[1].url in reply.raw and row.hits[0].url not in reply.raw
    assert reply.raw.startswith("Bonjour @paul")
    assert queries.get(engine, "default", row.id).published == (row.hits[1].entry_id,)
    assert audit.lines(engine, "default")[0].detail == {"edited": False, "entries": [2]}


def test_a_wrong_entry_number_changes_nothing(context, engine, pending):
    with pytest.raises(DecisionError, match="no entry"):
        approve(context, pending.id, ALICE, entries=(7,))
    assert queries.get(engine, "default", pending.id).pending
    assert audit.lines(engine, "default") == [] and feedback.records(engine, "default") == ()
    assert [r["purpose"] for r in outbox_rows(engine)] == ["whisper"]


def test_an_edited_reply_is_published_as_written_and_learned_as_edited(
    context, engine, forum, pending
):
    text = (
        f"Bonjour Paul, regardez [cet article]({pending.hits[0].url}) ; "
        "écrivez-nous à support@example.coop si besoin."
    )
    approve(context, pending.id, ALICE, text=text)
    worker.run(context, until_idle=True)
    reply = public_posts(forum, pending.topic_id)[-1]
    assert reply.raw.startswith("Bonjour Paul, regardez") and "[e-mail]" in reply.raw
    assert "support@example.coop" not in reply.raw
    [record] = feedback.records(engine, "default")
    assert (record.entry_id, record.outcome) == (pending.hits[0].entry_id, "edited")


def test_an_empty_edited_reply_is_refused(context, pending):
    with pytest.raises(DecisionError, match="empty"):
        approve(context, pending.id, ALICE, text="  \n ")


def test_rejecting_a_wrong_article_withholds_it_and_explains_in_the_whisper(
    context, engine, forum, pending
):
    note = "Hors sujet, voir jean.dupont@example.org"
    rejected = reject(context, pending.id, BOB, RejectReason.WRONG_ARTICLE, note)
    assert rejected.status is SuggestionStatus.REJECTED and rejected.reason == "wrong_article"
    worker.run(context, until_idle=True)
    assert len(public_posts(forum, pending.topic_id)) == 1  # no reply
    assert "Rejetée** par bob" in forum.get_post(pending.whisper_post_id).raw
    assert [(r.entry_id, r.outcome) for r in feedback.records(engine, "default")] == [
        ("art-2", "rejected")
    ]
    [line] = audit.lines(engine, "default")
    assert line.detail == {"note": "Hors sujet, voir [e-mail]", "reason": "wrong_article"}


def test_rejecting_for_another_reason_says_nothing_about_the_entries(context, engine, pending):
    reject(context, pending.id, BOB, RejectReason.ALREADY_ANSWERED)
    assert feedback.records(engine, "default") == ()


def test_skip_is_only_remembered_by_the_audit_log(context, engine, pending):
    skip(context, pending.id, ALICE)
    assert queries.get(engine, "default", pending.id).pending
    assert [line.action for line in audit.lines(engine, "default")] == ["skip"]


def test_a_decision_that_cannot_be_audited_leaves_no_trace(context, engine, pending, lose_table):
    lose_table("audit_log")
    with pytest.raises(Exception, match="audit_log"):
        approve(context, pending.id, ALICE)
    assert queries.get(engine, "default", pending.id).pending
    assert [r["purpose"] for r in outbox_rows(engine)] == ["whisper"]
    assert feedback.records(engine, "default") == ()


def test_a_refused_reply_shows_why_and_one_awaiting_approval_shows_enqueued(
    context, engine, forum, support
):
    deliver(context, question(support["entraide"], topic_id=999), "gone")  # not in the forum
    closed = queries.for_topic(engine, "default", 999)
    approve(context, closed.id, ALICE)
    worker.run(context, until_idle=True)
    refused = queries.get(engine, "default", closed.id)
    assert refused.reply_status == "dead" and "HTTP 422" in refused.reply_error
    waiting = ask(context, forum, support["entraide"], *MAIL_QUESTION)
    forum.add_user("coopbot")  # not staff any more: Discourse holds its posts for approval
    forum.require_approval = True
    approve(context, waiting.id, ALICE)
    worker.run(context, until_idle=True)
    shown = queries.get(engine, "default", waiting.id)
    assert shown.reply_status == "enqueued" and shown.reply_error is None
