"""Deliveries that were once answered 503 forever, or 200 then left to die: each is settled."""

from __future__ import annotations

import json

import pytest

from bot.store import inbox
from tests import builders as b
from tests.webhooks.test_fuzz import SIGNED, inbox_count


def signed(receiver: str, body: bytes, *, event="post_created", group="post", id=None):
    """A correctly signed request, as the path and the test client's keyword arguments."""
    if receiver == "discourse":
        delivery = b.discourse(body, event=event, group=group, delivery_id=id)
    else:
        delivery = SIGNED[receiver](body)
    return delivery.path, {"headers": delivery.headers, "query_string": delivery.query}


LONE = "\\ud83d"  # half an emoji, as a JSON escape: valid JSON, but no UTF-8 can encode it
PAIR = "\\ud83d\\ude42"  # a whole emoji, escaped as PHP and Python senders do
TEXT = f"a{LONE}b \\ude00 {PAIR}"
SURROGATE_BODIES = [
    pytest.param(
        "discourse",
        f'{{"post":{{"id":1,"topic_id":2,"post_number":1,"raw":"{TEXT}"}}}}',
        "raw",
        id="discourse-post",
    ),
    pytest.param(
        "zammad",
        f'{{"ticket":{{"id":3,"title":"{TEXT}"}},"article":{{"id":4,"body":"{TEXT}"}}}}',
        "body",
        id="zammad",
    ),
    pytest.param(
        "gitlab",
        f'{{"object_kind":"issue","object_attributes":{{"id":5,"description":"{TEXT}",'
        f'"updated_at":"{TEXT}"}}}}',
        "body",
        id="gitlab-text-and-key",
    ),
    pytest.param(
        "cachet",
        f'{{"id":"c","event":"incident_updated","data":{{"id":6,"message":"{TEXT}"}}}}',
        "message",
        id="cachet",
    ),
    pytest.param(
        "uptime-kuma",
        f'{{"heartbeat":{{"status":0,"time":"{TEXT}","msg":"{TEXT}"}},"monitor":{{"id":7}}}}',
        "message",
        id="uptime-kuma-text-and-key",
    ),
    pytest.param(
        "statuspage",
        f'{{"incident":{{"id":"{TEXT}","name":"{TEXT}"}}}}',
        "title",
        id="statuspage-text-and-key",
    ),
]


@pytest.mark.parametrize(("receiver", "body", "field"), SURROGATE_BODIES)
def test_lone_surrogates_are_stored_as_replacement_characters(
    client, engine, receiver, body, field
):
    path, kwargs = signed(receiver, body.encode())
    response = client.post(path, data=body.encode(), **kwargs)
    assert response.status_code == 200, response.get_json()
    [row] = inbox.list_rows(engine)
    assert json.loads(row.event)[field] == "a\ufffdb \ufffd \U0001f642"
    assert "\ud83d" not in row.semantic_key


@pytest.mark.parametrize(("receiver", "body", "field"), SURROGATE_BODIES[:2])
def test_nul_characters_are_stored_as_replacement_characters(client, engine, receiver, body, field):
    body = body.replace(TEXT, "mot\\u0000de passe")  # PostgreSQL stores no NUL in text
    path, kwargs = signed(receiver, body.encode())
    assert client.post(path, data=body.encode(), **kwargs).status_code == 200
    [row] = inbox.list_rows(engine)
    assert json.loads(row.event)[field] == "mot\ufffdde passe"


MAX_ID = 2**31 - 1  # the database's INTEGER, which every id column uses
POST = '{"post":{"id":1,"topic_id":2,"post_number":1,%s}}'
TOO_LARGE = [
    ("discourse", '{"post":{"id":%d,"topic_id":2,"post_number":1}}', "post.id"),
    ("discourse", '{"post":{"id":1,"topic_id":%d,"post_number":1}}', "post.topic_id"),
    ("discourse", POST % '"category_id":%d', "post.category_id"),
    ("discourse", POST % '"user_id":"%d"', "post.user_id"),
    ("zammad", '{"ticket":{"id":%d},"article":{}}', "ticket.id"),
    ("gitlab", '{"object_kind":"issue","object_attributes":{"id":%d}}', "object_attributes.id"),
    ("cachet", '{"id":"c","event":"incident_created","data":{"id":%d}}', "data.id"),
    ("uptime-kuma", '{"heartbeat":{"status":0},"monitor":{"id":%d}}', "monitor.id"),
]


@pytest.mark.parametrize("value", [MAX_ID + 1, 2**63, -(2**63) - 1])
@pytest.mark.parametrize(
    ("receiver", "template", "field"), TOO_LARGE, ids=[f"{r}-{f}" for r, _, f in TOO_LARGE]
)
def test_ids_the_database_cannot_hold_are_400_naming_the_field(
    client, engine, receiver, template, field, value
):
    body = (template % value).encode()
    path, kwargs = signed(receiver, body)
    response = client.post(path, data=body, **kwargs)
    assert response.status_code == 400
    assert field in response.get_json()["error"]
    assert inbox_count(engine) == 0


@pytest.mark.usefixtures("engine")
def test_the_largest_id_the_database_holds_is_accepted(client):
    body = b'{"post":{"id":%d,"topic_id":%d,"post_number":1,"user_id":-1}}' % (MAX_ID, MAX_ID)
    path, kwargs = signed("discourse", body)
    assert client.post(path, data=body, **kwargs).status_code == 200


def statuspage(incident_id: str) -> bytes:
    return json.dumps({"incident": {"id": incident_id, "updated_at": "t"}}).encode()


def test_long_semantic_keys_sharing_a_prefix_stay_apart(client, engine):
    prefix = "i" * 300
    for incident_id in (prefix + "1", prefix + "2", prefix + "1"):
        path, kwargs = signed("statuspage", statuspage(incident_id))
        client.post(path, data=statuspage(incident_id), **kwargs)
    keys = sorted(row.semantic_key for row in inbox.list_rows(engine))
    assert len(keys) == 2  # the third delivery repeats the first
    assert all(len(key) <= 255 and key.startswith("incident:iiii") for key in keys)


def test_long_delivery_ids_sharing_a_prefix_stay_apart(client, engine):
    prefix = "d" * 200
    for n, delivery in enumerate((prefix + "1", prefix + "2", prefix + "1")):
        body = b'{"user":{"id":%d,"updated_at":"t"}}' % n
        path, kwargs = signed("discourse", body, event="user_updated", group="user", id=delivery)
        client.post(path, data=body, **kwargs)
    ids = sorted(row.delivery_id for row in inbox.list_rows(engine))
    assert len(ids) == 2  # the third delivery repeats the first's id
    assert all(len(i) <= 128 and i.startswith("ddd") for i in ids)
