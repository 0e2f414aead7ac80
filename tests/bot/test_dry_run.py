"""The dry run (no Discourse configured) learns categories, topics and posts from deliveries;
what it does not learn stays private, and its content is scrubbed."""

from __future__ import annotations

import json
import logging

import pytest

from bot import worker
from bot.cli.main import main
from bot.context import Context
from bot.kb import entries
from bot.store import inbox
from bot.suggestions import queries
from knowledge.documents import load_markdown_folder
from tests.bot.suggesting import KB, QUESTION
from tests.builders import compact, discourse_headers, post_payload
from webhooks.app import create_app


@pytest.fixture
def dry_run(settings, engine):
    """Settings as README's first steps leave them: no Discourse, one support category."""
    with engine.begin() as conn:
        entries.upsert(conn, "default", load_markdown_folder(KB))
    return settings.with_(support_categories=("support",))


def deliver(settings, event="post_created", group="post", **fields) -> None:
    """A signed delivery to one process's web app, handled by another process's worker."""
    payload = post_payload(**{"topic_title": QUESTION[0], "raw": QUESTION[1], **fields})
    body = compact({group: payload["post"]})
    web = Context.build(settings)
    answer = (
        create_app(context=web)
        .test_client()
        .post("/webhooks/discourse", data=body, headers=discourse_headers(body, event, group))
    )
    assert answer.status_code == 200
    worker_context = Context.build(settings)  # its own dry-run forum, as in a worker process
    worker.run(worker_context, until_idle=True)
    web.close()
    worker_context.close()


def test_a_topic_in_a_named_category_gets_a_suggestion(dry_run, engine):
    deliver(dry_run, category_id=5, category_slug="support")
    [s] = queries.list_suggestions(engine, "default")
    assert s.topic_id == 55 and s.hits[0].entry_id == "art-2"
    [row] = inbox.list_rows(engine)
    assert (row.status, row.ignored_reason) == ("done", None)


@pytest.mark.parametrize("support", [("support",), ()])
def test_an_unnamed_category_stays_private_and_says_why(
    dry_run, engine, support, caplog, capsys, monkeypatch, database_url
):
    caplog.set_level(logging.INFO, "coopbot.restricted")
    deliver(dry_run.with_(support_categories=support), category_id=6, category_slug="bureau")
    assert queries.list_suggestions(engine, "default") == []
    [row] = inbox.list_rows(engine)
    assert row.status == "ignored"
    assert row.ignored_reason.startswith("category 6 is unknown to the forum, hence private")
    assert "COOPBOT_SUPPORT_CATEGORIES names its slug or id" in row.ignored_reason
    assert "(category 6) scrubbed: category 6 is unknown" in caplog.text
    assert QUESTION[1] not in row.event and row.raw_body is None  # nothing kept in clear
    monkeypatch.setenv("COOPBOT_DATABASE_URL", database_url)
    assert main(["inbox", "show", str(row.id)]) == 0
    assert "category 6 is unknown" in json.loads(capsys.readouterr().out)["reason"]


def test_a_topic_without_category_slug_is_not_learned(dry_run, engine):
    deliver(dry_run, category_id=5)
    assert queries.list_suggestions(engine, "default") == []
    assert inbox.list_rows(engine)[0].status == "ignored"


def test_an_accepted_solution_in_a_named_category_becomes_an_entry(dry_run, engine):
    answer = "Le .htaccess modifié hier était en cause : remettez l'ancien, c'est réglé."
    solved = dict(post_id=102, post_number=2, username="lea", raw=answer, category_id=5)
    deliver(dry_run, "accepted_solution", "solved", category_slug="support", **solved)
    [entry] = entries.entries(engine, "default", "topic-55")
    assert "htaccess" in entry.body
    solved |= {"post_id": 202, "topic_id": 56, "category_id": 6}
    deliver(dry_run, "accepted_solution", "solved", category_slug="bureau", **solved)
    assert inbox.list_rows(engine)[0].status == "ignored"
    assert entries.entries(engine, "default", "topic-56") == []
