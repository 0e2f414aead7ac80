"""Nothing from a read-restricted category stays in clear: scrubbed by the worker when it
finds the category restricted, withheld at receipt once the category is known."""

from __future__ import annotations

import json

import pytest

from bot import restricted, worker
from bot.cli.main import main
from bot.store import inbox, state
from tests.builders import compact, discourse_headers, post_payload

SECRET = "Compte rendu du bureau : le membre Dupont ne paie plus"


@pytest.fixture
def bureau(forum) -> int:
    """A read-restricted category."""
    return forum.add_category("Bureau", slug="bureau", read_restricted=True)


def deliver(client, category: int, post_id: int, event="post_created", group="post"):
    if group == "topic":
        payload = {"topic": {"id": post_id, "title": SECRET, "category_id": category}}
    else:
        payload = post_payload(post_id=post_id, raw=SECRET, topic_title=SECRET)
        payload["post"]["category_id"] = category
    body = compact(payload)
    return client.post(
        "/webhooks/discourse", data=body, headers=discourse_headers(body, event, group)
    )


def row_of(engine, post_id: int):
    return next(r for r in inbox.list_rows(engine) if f":{post_id}" in r.semantic_key)


def assert_nothing_in_clear(row):
    assert "bureau" not in row.event.lower() and "Dupont" not in row.event
    assert "camille" not in row.event and row.raw_body is None


def test_the_worker_scrubs_a_post_it_finds_in_a_restricted_category(
    client, context, engine, bureau, monkeypatch, database_url, capsys
):
    assert deliver(client, bureau, 501).status_code == 200  # not known restricted yet
    worker.run(context, until_idle=True)
    row = row_of(engine, 501)
    assert (row.status, row.ignored_reason) == ("ignored", "read-restricted category")
    assert_nothing_in_clear(row)
    event = json.loads(row.event)
    assert (event["post_id"], event["topic_id"], event["category_id"]) == (501, 55, bureau)
    monkeypatch.setenv("COOPBOT_DATABASE_URL", database_url)
    assert main(["inbox", "show", str(row.id)]) == 0
    assert "Dupont" not in capsys.readouterr().out


def test_once_known_a_restricted_category_is_withheld_at_receipt(client, context, engine, bureau):
    deliver(client, bureau, 501)
    worker.run(context, until_idle=True)
    assert json.loads(state.get(engine, "default", restricted.KNOWN)[0]) == [bureau]
    for post_id, event, group in ((502, "post_created", "post"), (77, "topic_created", "topic")):
        response = deliver(client, bureau, post_id, event, group)
        assert response.status_code == 202
        assert response.get_json()["reason"] == "read-restricted category"
        row = row_of(engine, post_id)
        assert row.status == "ignored" and row.event == "{}"
        assert_nothing_in_clear(row)


def test_a_category_the_forum_does_not_list_is_scrubbed_too(client, context, engine):
    deliver(client, 999, 503)
    worker.run(context, until_idle=True)
    row = row_of(engine, 503)
    assert (row.status, row.ignored_reason) == ("ignored", "category unknown to the forum")
    assert_nothing_in_clear(row)


def test_a_public_category_keeps_its_text(client, context, engine, forum, bureau):
    public = forum.add_category("Entraide", slug="entraide")
    deliver(client, public, 504)
    worker.run(context, until_idle=True)
    row = row_of(engine, 504)
    assert row.status == "done" and SECRET in json.loads(row.event)["raw"] and row.raw_body
