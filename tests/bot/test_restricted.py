"""Nothing from a read-restricted category stays in clear: scrubbed by the worker when it
finds the category restricted (or unknown to the forum), withheld at receipt once the
category is known restricted. Subcategories are known; the dry run learns named ones."""

from __future__ import annotations

import json

import pytest

from bot import restricted, worker
from bot.cli.main import main
from bot.context import Context
from bot.forum.memory import MemoryForum
from bot.store import inbox, state
from tests import builders as b
from tests.builders import post_payload, topic_payload
from webhooks.app import create_app

SECRET = "Compte rendu du bureau : le membre Dupont ne paie plus"


@pytest.fixture
def bureau(forum) -> int:
    """A read-restricted category."""
    return forum.add_category("Bureau", slug="bureau", read_restricted=True)


def deliver(client, category: int, post_id: int, event="post_created", group="post", slug=""):
    if group == "topic":
        payload = topic_payload(topic_id=post_id, title=SECRET, category_id=category)
    else:
        payload = post_payload(
            post_id=post_id, raw=SECRET, topic_title=SECRET, category_id=category
        )
        payload["post"]["category_slug"] = slug or "bureau"
    return b.discourse(payload, event, group).send(client)


def row_of(engine, post_id: int):
    return next(r for r in inbox.list_rows(engine) if f":{post_id}" in r.semantic_key)


def assert_nothing_in_clear(row):
    assert "bureau" not in row.event.lower() and "Dupont" not in row.event
    assert "camille" not in row.event and row.raw_body is None


@pytest.mark.usefixtures("env")  # inbox show reads this session's database
def test_the_worker_scrubs_a_post_it_finds_in_a_restricted_category(
    client, context, engine, bureau, capsys
):
    assert deliver(client, bureau, 501).status_code == 200  # not known restricted yet
    worker.run(context, until_idle=True)
    row = row_of(engine, 501)
    assert row.status == "ignored"
    assert row.ignored_reason == f"category {bureau} (bureau) is read-restricted"
    assert_nothing_in_clear(row)
    event = json.loads(row.event)
    assert (event["post_id"], event["topic_id"], event["category_id"]) == (501, 55, bureau)
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
    assert row.status == "ignored"
    assert row.ignored_reason == "category 999 is unknown to the forum, hence private"
    assert_nothing_in_clear(row)


@pytest.mark.usefixtures("bureau")
def test_a_public_category_keeps_its_text(client, context, engine, forum):
    public = forum.add_category("Entraide", slug="entraide")
    deliver(client, public, 504, slug="entraide")
    worker.run(context, until_idle=True)
    row = row_of(engine, 504)
    assert row.status == "done" and SECRET in json.loads(row.event)["raw"] and row.raw_body


def test_a_public_subcategory_keeps_its_text(client, context, engine, forum):
    hosting = forum.add_category("Hébergement", slug="hebergement")
    help_ = forum.add_category("Entraide", slug="entraide", parent_category_id=hosting)
    deliver(client, help_, 505, slug="entraide")
    worker.run(context, until_idle=True)
    row = row_of(engine, 505)
    assert (row.status, row.ignored_reason) == ("done", None)
    assert SECRET in json.loads(row.event)["raw"] and row.raw_body


def test_a_subcategory_of_a_restricted_one_is_scrubbed_then_withheld(
    client, context, engine, forum, bureau
):
    inner = forum.add_category("Trésorerie", slug="tresorerie", parent_category_id=bureau)
    deliver(client, inner, 506, slug="tresorerie")
    worker.run(context, until_idle=True)
    row = row_of(engine, 506)
    assert row.status == "ignored" and "inside category" in row.ignored_reason
    assert_nothing_in_clear(row)
    assert sorted(json.loads(state.get(engine, "default", restricted.KNOWN)[0])) == sorted(
        [bureau, inner]
    )
    assert deliver(client, inner, 507, slug="tresorerie").status_code == 202


def test_a_subcategory_with_a_parent_the_forum_does_not_list_is_scrubbed(
    client, context, engine, forum
):
    orphan = forum.add_category("Orpheline", slug="orpheline", parent_category_id=4242)
    deliver(client, orphan, 508, slug="orpheline")
    worker.run(context, until_idle=True)
    row = row_of(engine, 508)
    assert row.status == "ignored" and "parent unknown to the forum" in row.ignored_reason
    assert_nothing_in_clear(row)


@pytest.mark.parametrize("support", [("support",), ("5",)])
def test_the_dry_run_learns_a_named_category_before_the_check(settings, engine, support):
    """The web app and the worker each have their own dry-run forum, as in two processes."""
    dry_run = settings.with_(support_categories=support)
    web = Context(dry_run, engine, MemoryForum(learns=True))
    client = create_app(context=web).test_client()
    deliver(client, 5, 509, slug="support")
    deliver(client, 6, 510, slug="bureau")
    worker.run(Context(dry_run, engine, MemoryForum(learns=True)), until_idle=True)
    kept, scrubbed = row_of(engine, 509), row_of(engine, 510)
    assert (kept.status, kept.ignored_reason) == ("done", None)
    assert SECRET in json.loads(kept.event)["raw"]
    assert scrubbed.status == "ignored" and "category 6 is unknown" in scrubbed.ignored_reason
    assert "COOPBOT_SUPPORT_CATEGORIES names its slug or id" in scrubbed.ignored_reason
    assert_nothing_in_clear(scrubbed)
