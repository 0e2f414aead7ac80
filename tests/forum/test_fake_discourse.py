"""The fake Discourse speaks Discourse's JSON: no invented keys, Discourse's error shapes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import requests

from tests.fakes.discourse_records import NO_WHISPER

FIXTURES = Path(__file__).resolve().parents[2].parent / "shared" / "fixtures" / "discourse"
OWN_FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "discourse"
BODY = "Bonjour, avez-vous vérifié la zone DNS de votre domaine ?"
# TopicListItemSerializer includes TopicTagsMixin: with tagging on, every list row has `tags`
# (neither the 2016 capture nor the OpenAPI description lists it)
TAGGED_ROW_KEYS = {"tags"}
# PostSerializer fields newer than the 2021 capture the webhook samples follow (in the OpenAPI
# description of /posts/{id}.json)
NEWER_POST_KEYS = {"readers_count", "post_url"}


def _known_keys(fixture: str | None, path: str, pick, method: str | None = None) -> set[str]:
    """Keys Discourse may send: those of a captured answer and of its OpenAPI schema."""
    if not FIXTURES.exists():
        pytest.skip(f"{FIXTURES} is absent")
    keys: set[str] = set()
    if fixture:
        keys |= set(pick(json.loads((FIXTURES / "api_responses" / fixture).read_text())))
    spec = json.loads((FIXTURES / "openapi.json").read_text())
    method = method or ("post" if path == "/posts.json" else "get")
    schema = spec["paths"][path][method]["responses"]["200"]["content"]["application/json"]
    return keys | set(pick(_properties(schema["schema"])))


def _properties(schema: dict) -> dict:
    """A schema as a nested dict of its properties, arrays replaced by their items."""
    if schema.get("type") == "array" or "items" in schema:
        return [_properties(schema.get("items", {}))]
    return {k: _properties(v) for k, v in (schema.get("properties") or {}).items()}


def _get(fake, path: str, **params) -> dict:
    return _call(fake, "GET", path, params=params).json()


def _call(fake, method: str, path: str, *, username: str | None = None, **kw):
    """A request with the API key, acting as `username` (the API user by default)."""
    headers = {"Api-Key": fake.api_key, "Api-Username": username or fake.api_username}
    return requests.request(method, fake.url + path, headers=headers, timeout=1, **kw)


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


@pytest.mark.shared
def test_user_edit_and_like_shapes(fake_discourse):
    fake_discourse.add_user("camille", groups=("benevoles",))
    answer = _get(fake_discourse, "/u/camille.json")
    assert set(answer) == {"user_badges", "user"}
    assert set(answer["user"]) <= _known_keys(None, "/u/{username}.json", lambda d: d["user"])
    group_keys = _known_keys(None, "/u/{username}.json", lambda d: d["user"]["groups"][0])
    assert all(set(g) <= group_keys for g in answer["user"]["groups"])
    topic_id = fake_discourse.add_topic("Mon site ne répond plus depuis ce matin")
    post_id = fake_discourse.add_post(topic_id, BODY, username="sacha")
    edited = _call(fake_discourse, "PUT", f"/posts/{post_id}.json", data={"post[raw]": BODY + "!"})
    pick = lambda d: d["post"]  # noqa: E731
    assert set(edited.json()["post"]) <= _known_keys(None, "/posts/{id}.json", pick, "put")
    liked = _call(fake_discourse, "POST", "/post_actions.json", username="camille",
                  data={"id": post_id, "post_action_type_id": 2})  # fmt: skip
    assert set(liked.json()) <= _known_keys(None, "/post_actions.json", dict, "post")
    assert liked.json()["actions_summary"] == [{"id": 2, "count": 1}]


def test_user_groups_are_automatic_and_seeded_by_id(fake_discourse):
    fake_discourse.add_group("benevoles", ["camille"])
    fake_discourse.add_user("camille", moderator=True)
    user = _get(fake_discourse, "/users/Camille.json")["user"]
    names = [(g["id"], g["name"], g["automatic"]) for g in user["groups"]]
    assert names == [
        (2, "moderators", True),
        (3, "staff", True),
        (10, "trust_level_0", True),
        (11, "trust_level_1", True),
        (41, "benevoles", False),
    ]
    assert (user["admin"], user["moderator"]) == (False, True)
    assert _call(fake_discourse, "GET", "/u/nobody.json").status_code == 404


def test_likes_follow_discourse_rules(fake_discourse):
    topic_id = fake_discourse.add_topic("Mon site ne répond plus depuis ce matin")
    post_id = fake_discourse.add_post(topic_id, BODY, username="sacha")
    like = {"id": post_id, "post_action_type_id": 2}
    statuses = [
        _call(fake_discourse, "POST", "/post_actions.json", username=name, data=like).status_code
        for name in ("sacha", "coopbot", "coopbot")
    ]
    assert statuses == [403, 200, 403]  # not one's own post, not twice
    flag = {"id": post_id, "post_action_type_id": 3}
    assert _call(fake_discourse, "POST", "/post_actions.json", data=flag).status_code == 400


def test_whispers_are_seen_and_made_by_whisperers_only(fake_discourse):
    fake_discourse.add_user("camille")
    fake_discourse.add_user("sacha", moderator=True)
    topic_id = fake_discourse.add_topic("Mon site ne répond plus depuis ce matin")
    fake_discourse.add_post(topic_id, BODY, username="coopbot", post_type=4)
    seen = {
        name: len(_get_as(fake_discourse, f"/t/{topic_id}.json", name)["post_stream"]["posts"])
        for name in ("camille", "sacha")
    }
    assert seen == {"camille": 1, "sacha": 2}
    whisper = {"topic_id": topic_id, "raw": BODY, "whisper": "true"}
    made = _call(fake_discourse, "POST", "/posts.json", username="camille", data=whisper)
    assert made.status_code == 403
    assert made.json()["errors"] == [NO_WHISPER]
    fake_discourse.set_whispers_allowed_groups("benevoles")  # unknown group: whispers are off
    refused = _call(fake_discourse, "POST", "/posts.json", data=whisper)
    assert refused.status_code == 403  # even for the admin API user
    fake_discourse.add_group("benevoles", ["camille"])
    for name in ("camille", "coopbot"):  # a member of the group; an admin, always
        whisper["raw"] += " Encore."
        made = _call(fake_discourse, "POST", "/posts.json", username=name, data=whisper)
        assert made.json()["post_type"] == 4


def test_like_webhook_has_the_shape_of_discourse(fake_discourse):
    sample = json.loads((OWN_FIXTURES / "post_liked.json").read_text())
    fake_discourse.add_user("camille", groups=("benevoles",))
    fake_discourse.set_whispers_allowed_groups("staff", "benevoles")  # who may see whispers
    topic_id = fake_discourse.add_topic("Mot de passe de ma boîte mail oublié")
    whisper = fake_discourse.add_post(topic_id, BODY, username="coopbot", post_type=4)
    fake_discourse.like(whisper, "camille")
    payload = fake_discourse.like_webhook(whisper, "camille")
    assert set(payload) == set(sample) == {"like"}
    assert set(payload["like"]["user"]) == set(sample["like"]["user"])
    assert set(payload["like"]["post"]) <= set(sample["like"]["post"]) | NEWER_POST_KEYS
    post, user = payload["like"]["post"], payload["like"]["user"]
    assert (post["id"], post["post_type"], user["username"]) == (whisper, 4, "camille")


def _get_as(fake, path: str, username: str) -> dict:
    return _call(fake, "GET", path, username=username).json()
