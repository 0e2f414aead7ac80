"""New support questions get pending suggestions; solved threads join the knowledge base."""

from __future__ import annotations

import json
import re
from datetime import datetime

import pytest

from bot.cli.main import main
from bot.clock import utcnow
from bot.events import PostCreated, SolutionAccepted, SolutionUnaccepted
from bot.kb import entries, feedback, live_index
from bot.store import inbox
from bot.store.status import InboxStatus
from bot.suggestions import propose, queries
from bot.suggestions.rows import SuggestionStatus
from knowledge.hits import Hit
from tests.bot.suggesting import QUESTION, deliver, question

# What `suggestions list --json` shows of a suggestion, in this order.
COLUMNS = (
    *("id", "forum", "topic_id", "post_id", "title", "status", "lang"),
    *("query_terms", "hits", "draft", "best_score", "threshold", "created_at"),
    *("username", "category_id", "services", "decided_by", "decided_at", "decision_source"),
    *("reason", "published", "whisper_outbox_id", "reply_outbox_id", "whisper_post_id"),
    *("reply_post_id", "reply_status", "reply_error"),
)
HIT_FIELDS = ("entry_id", "title", "url", "confidence", "snippet", "why", "kind", "section")


def test_a_support_question_gets_one_pending_suggestion(context, engine, support):
    deliver(context, question(support["entraide"]), "q1")
    deliver(context, question(support["entraide"]), "q1-redelivered-under-another-key")
    [s] = queries.list_suggestions(engine, "default")
    assert s.status is SuggestionStatus.PENDING and s.topic_id == 10
    assert all(isinstance(hit, Hit) for hit in s.hits)
    assert s.hits[0].entry_id == "art-2" and s.hits[0].why and s.hits[0].snippet
    assert s.draft.startswith("Bonjour @paul") and "erreur-500" in s.draft
    assert all(r.status == "done" for r in inbox.list_rows(engine))


def test_the_suggestion_keeps_the_terms_its_search_analysed(context, engine, support):
    deliver(context, question(support["entraide"]), "q1")
    [s] = queries.list_suggestions(engine, "default")
    searched = propose.find_answers(engine, context.settings, *QUESTION)
    assert s.query_terms == tuple(sorted(searched.terms))


def test_the_draft_speaks_the_language_of_the_question(context, engine, support):
    context.settings = context.settings.with_(language="en")
    deliver(context, question(support["entraide"]), "q1")
    english = question(
        support["entraide"],
        topic_id=11,
        post_id=110,
        title="Error 500 on my WordPress site",
        raw="Hello, since this morning my site shows an Internal Server Error. "
        "I changed the .htaccess file yesterday. Thanks, Paul",
    )
    deliver(context, english, "q2")
    french, english = queries.list_suggestions(engine, "default")[::-1]
    assert french.lang == "fr" and french.draft.startswith("Bonjour @paul")
    assert english.lang == "en" and english.draft.startswith("Hello @paul")


def test_a_question_in_a_language_the_coop_does_not_answer_in_gets_the_coop_s(
    context, engine, support
):
    context.settings = context.settings.with_(language="fr", reply_languages=("fr",))
    english = question(
        support["entraide"],
        title="Error 500 on my WordPress site",
        raw="Hello, since this morning my site shows an Internal Server Error. "
        "I changed the .htaccess file yesterday. Thanks, Paul",
    )
    deliver(context, english, "q1")
    [s] = queries.list_suggestions(engine, "default")
    assert s.lang == "en" and s.draft.startswith("Bonjour @paul")


@pytest.mark.parametrize("category", ["staff", "annonces"])
def test_other_and_restricted_categories_get_nothing(context, engine, support, category):
    deliver(context, question(support[category]), "q1")
    assert queries.list_suggestions(engine, "default") == []


def test_replies_and_unrelated_questions_get_nothing(context, engine, support):
    reply = PostCreated(
        post_id=101,
        topic_id=10,
        post_number=2,
        username="lea",
        raw=QUESTION[1],
        topic_title=QUESTION[0],
        category_id=support["entraide"],
    )
    deliver(context, reply, "r1")
    unrelated = question(
        support["entraide"],
        topic_id=11,
        post_id=110,
        title="Date de la prochaine fête de quartier",
        raw="Quelqu'un sait quand a lieu la brocante du quartier ?",
    )
    deliver(context, unrelated, "q2")
    assert queries.list_suggestions(engine, "default") == []


def solved_topic(forum, category_id) -> dict:
    """A support topic and the fields of its accepted answer."""
    topic = forum.add_topic(
        "Courriels bloqués par Orange",
        "Mes courriels vers Orange reviennent avec une erreur 550 depuis lundi, que faire ?",
        category_id=category_id,
    )
    return dict(
        post_id=501,
        topic_id=topic,
        post_number=2,
        username="lea",
        raw="Orange bloquait notre serveur : demande de déblocage faite, c'est réglé.",
        topic_title="Courriels bloqués par Orange",
        category_id=category_id,
    )


def test_accepted_solution_becomes_a_thread_entry_and_unaccepting_withdraws_it(
    context, engine, forum, support
):
    answer = solved_topic(forum, support["entraide"])
    topic = answer["topic_id"]
    deliver(context, SolutionAccepted(**answer), "a1")
    [entry] = entries.entries(engine, "default", f"topic-{topic}")
    assert entry.kind == "thread" and "550" in entry.body and "déblocage" in entry.body
    assert feedback.records(engine, "default")[0].outcome == "accepted"
    deliver(context, SolutionUnaccepted(**answer), "u1")
    assert entries.entries(engine, "default", f"topic-{topic}") == []


def test_a_solution_whose_feedback_cannot_be_stored_leaves_no_entry(
    context, engine, forum, support, lose_table
):
    answer = solved_topic(forum, support["entraide"])
    version = entries.version(engine, "default")
    lose_table("feedback")
    deliver(context, SolutionAccepted(**answer), "a1")
    [row] = inbox.list_rows(engine)
    assert row.status == "failed"
    assert entries.entries(engine, "default", f"topic-{answer['topic_id']}") == []
    assert entries.version(engine, "default") == version


def test_solution_in_a_restricted_category_never_enters(context, engine, forum, support):
    topic = forum.add_topic(
        "Incident interne du serveur", "Détails internes de l'équipe.", category_id=support["staff"]
    )
    accepted = SolutionAccepted(
        post_id=601,
        topic_id=topic,
        post_number=2,
        username="admin",
        raw="Réponse interne",
        topic_title="Incident interne",
        category_id=support["staff"],
    )
    deliver(context, accepted, "a2")
    assert entries.entries(engine, "default", f"topic-{topic}") == []


@pytest.mark.usefixtures("support")
def test_a_rejection_withholds_the_entry_for_the_same_question(context, engine):
    before = propose.find_answers(engine, context.settings, *QUESTION)
    assert before.hits[0].entry_id == "art-2"
    terms = live_index.current(engine, "default").query_terms(*QUESTION)
    with engine.begin() as conn:
        feedback.record(conn, "default", terms, "art-2", "rejected", "reject:1")
    after = propose.find_answers(engine, context.settings, *QUESTION)
    assert "art-2" not in [h.entry_id for h in after.hits]


@pytest.mark.usefixtures("env")
def test_suggest_and_suggestions_list_commands(context, support, capsys):
    assert main(["suggest", QUESTION[1], "--title", QUESTION[0], "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["suggested"] and result["hits"][0]["entry_id"] == "art-2"
    assert list(result) == ["hits", "suggested", "best_score", "threshold", "lang"]
    assert main(["suggest", "Quand a lieu la brocante du quartier ?"]) == 0
    assert "Aucune suggestion" in capsys.readouterr().out
    deliver(context, question(support["entraide"]), "q1")
    assert main(["suggestions", "list", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)[0]["topic_id"] == 10


@pytest.mark.usefixtures("engine")
def test_suggestions_list_shows_each_column(context, support, monkeypatch, capsys, database_url):
    monkeypatch.setenv("COOPBOT_DATABASE_URL", database_url)
    deliver(context, question(support["entraide"]), "q1")
    assert main(["suggestions", "list", "--status", "pending"]) == 0
    [line] = capsys.readouterr().out.splitlines()
    assert re.fullmatch(rf" +\d+  topic 10      pending   art-2, [-a-z0-9, ]+  {QUESTION[0]}", line)
    assert main(["suggestions", "list", "--json"]) == 0
    [shown] = json.loads(capsys.readouterr().out)
    assert tuple(shown) == COLUMNS
    assert shown["status"] == "pending" and shown["query_terms"] == sorted(shown["query_terms"])
    assert tuple(shown["hits"][0]) == HIT_FIELDS and isinstance(shown["hits"][0]["why"], list)
    assert datetime.fromisoformat(shown["created_at"]) <= utcnow()
    assert main(["suggestions", "list", "--status", "rejected"]) == 0
    assert capsys.readouterr().err == "no suggestions yet\n"


def test_a_rate_limited_forum_delays_the_event_without_costing_an_attempt(
    context, engine, support, discourse_forum, fake_discourse
):
    context.forum = discourse_forum
    fake_discourse.add_category("Entraide", slug="entraide")
    fake_discourse.fail_next(1, status=429, wait_seconds=30)
    deliver(context, question(support["entraide"]), "q1")
    [row] = inbox.list_rows(engine)
    assert row.status == InboxStatus.FAILED and "rate" in row.last_error
    assert row.next_attempt_at > utcnow()


@pytest.mark.usefixtures("support")  # the knowledge base
@pytest.mark.parametrize("named", ["entraide", "hebergement/entraide"])
def test_a_question_in_a_support_subcategory_gets_a_suggestion(
    context, engine, discourse_forum, fake_discourse, named
):
    context.forum = discourse_forum
    context.settings = context.settings.with_(support_categories=(named,))
    hosting = fake_discourse.add_category("Hébergement", slug="hebergement")
    help_ = fake_discourse.add_category("Entraide", slug="entraide", parent_category_id=hosting)
    board = fake_discourse.add_category("Bureau", slug="bureau", read_restricted=True)
    hidden = fake_discourse.add_category("Entraide", slug="entraide", parent_category_id=board)
    deliver(context, question(hidden, topic_id=11, post_id=110), "q-hidden")
    deliver(context, question(help_), "q1")
    [s] = queries.list_suggestions(engine, "default")
    assert s.topic_id == 10
