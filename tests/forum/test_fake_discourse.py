"""The fake Discourse speaks Discourse's JSON: no invented keys, Discourse's error shapes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import requests

FIXTURES = Path(__file__).resolve().parents[2].parent / "shared" / "fixtures" / "discourse"
BODY = "Bonjour, avez-vous vérifié la zone DNS de votre domaine ?"
# TopicListItemSerializer includes TopicTagsMixin: with tagging on, every list row has `tags`
# (neither the 2016 capture nor the OpenAPI description lists it)
TAGGED_ROW_KEYS = {"tags"}


def _known_keys(fixture: str | None, path: str, pick) -> set[str]:
    """Keys Discourse may send: those of a captured answer and of its OpenAPI schema."""
    if not FIXTURES.exists():
        pytest.skip(f"{FIXTURES} is absent")
    keys: set[str] = set()
    if fixture:
        keys |= set(pick(json.loads((FIXTURES / "api_responses" / fixture).read_text())))
    spec = json.loads((FIXTURES / "openapi.json").read_text())
    method = "post" if path == "/posts.json" else "get"
    schema = spec["paths"][path][method]["responses"]["200"]["content"]["application/json"]
    return keys | set(pick(_properties(schema["schema"])))


def _properties(schema: dict) -> dict:
    """A schema as a nested dict of its properties, arrays replaced by their items."""
    if schema.get("type") == "array" or "items" in schema:
        return [_properties(schema.get("items", {}))]
    return {k: _properties(v) for k, v in (schema.get("properties") or {}).items()}


def _get(fake, path: str, **params) -> dict:
    headers = {"Api-Key": fake.api_key, "Api-Username": fake.api_username}
    return requests.get(fake.url + path, params=params, headers=headers, timeout=1).json()


@pytest.mark.shared
def test_post_and_topic_shapes(fake_discourse):
    topic_id = fake_discourse.add_topic("Mon site ne répond plus depuis ce matin")
    post_id = fake_discourse.add_post(topic_id, BODY, reply_to_post_number=1)
    post = _get(fake_discourse, f"/posts/{post_id}.json")
    assert set(post) <= _known_keys("create_post_response.wp-discourse.json", "/posts.json", dict)
    topic = _get(fake_discourse, f"/t/{topic_id}.json")
    assert set(topic) <= _known_keys("get_topic_response.json", "/t/{id}.json", dict)
    assert topic["post_stream"]["stream"] == [post_id - 1, post_id]


@pytest.mark.shared
def test_list_shapes(fake_discourse):
    fake_discourse.add_topic("Mon site ne répond plus depuis ce matin")
    latest = _get(fake_discourse, "/latest.json")
    row_keys = _known_keys(
        "latest_topics_response.json", "/latest.json", lambda d: d["topic_list"]["topics"][0]
    )
    assert set(latest["topic_list"]["topics"][0]) <= row_keys | TAGGED_ROW_KEYS
    categories = _get(fake_discourse, "/categories.json")["category_list"]["categories"]
    pick = lambda d: d["category_list"]["categories"][0]  # noqa: E731
    assert set(categories[0]) <= _known_keys(None, "/categories.json", pick)


@pytest.mark.shared
def test_subcategory_shapes(fake_discourse):
    parent = fake_discourse.add_category("Entraide")
    child = fake_discourse.add_category("Courriel", parent_category_id=parent)
    listed = _get(fake_discourse, "/categories.json")["category_list"]["categories"]
    assert child not in [c["id"] for c in listed]  # top-level only without the flag
    nested = _get(fake_discourse, "/categories.json", include_subcategories="true")
    [row] = [c for c in nested["category_list"]["categories"] if c["id"] == parent]
    assert (row["has_children"], row["subcategory_ids"]) == (True, [child])
    [sub] = row["subcategory_list"]
    assert (sub["id"], sub["parent_category_id"]) == (child, parent)
    # a subcategory is a listed category with the parent_category_id that /site.json shows
    pick = lambda d: d["category_list"]["categories"][0]  # noqa: E731
    known = _known_keys(None, "/categories.json", pick)
    known |= _known_keys(None, "/site.json", lambda d: d["categories"][0])
    assert set(sub) <= known


def test_error_shapes(fake_discourse):
    headers = {"Api-Key": "wrong", "Api-Username": fake_discourse.api_username}
    answer = requests.get(f"{fake_discourse.url}/latest.json", headers=headers, timeout=1)
    assert answer.status_code == 403 and answer.json()["error_type"] == "invalid_access"
    fake_discourse.fail_next(status=429, wait_seconds=9)
    answer = requests.get(f"{fake_discourse.url}/latest.json", timeout=1)
    assert answer.headers["Retry-After"] == "9"
    assert answer.headers["Content-Type"] == "application/json; charset=utf-8"
    body = answer.json()
    assert (body["error_type"], body["extras"]["wait_seconds"]) == ("rate_limit", 9)


def test_group_members_and_wrong_topic_slug(fake_discourse):
    fake_discourse.add_group("support", ["coopbot"])
    members = _get(fake_discourse, "/groups/support/members.json")
    assert [m["username"] for m in members["members"]] == ["coopbot"]
    topic_id = fake_discourse.add_topic("Mon site ne répond plus depuis ce matin")
    headers = {"Api-Key": fake_discourse.api_key, "Api-Username": fake_discourse.api_username}
    answer = requests.get(
        f"{fake_discourse.url}/t/wrong/{topic_id}.json",
        headers=headers,
        timeout=1,
        allow_redirects=False,
    )
    assert answer.status_code == 301
