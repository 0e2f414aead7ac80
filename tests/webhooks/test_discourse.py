"""POST /webhooks/discourse: every answer the receiver gives."""

from __future__ import annotations

import json

from bot.store import inbox
from bot.store.status import InboxStatus
from tests import builders as b
from tests.builders import HEALTH_TOKEN, post_payload

URL = b.PATHS["discourse"]


def send(client, payload, event="post_created", group="post", **kw):
    return b.discourse(payload, event, group, **kw).send(client)


def rows(engine, status=None):
    return inbox.list_rows(engine, status)


def test_signed_post_is_committed_then_answered_200(client, engine):
    response = send(client, post_payload())
    assert response.status_code == 200
    assert response.get_json()["status"] == "accepted"
    [row] = rows(engine)
    assert (row.kind, row.status, row.source) == ("post_created", InboxStatus.PENDING, "discourse")
    assert json.loads(row.event)["raw"].startswith("Bonjour")
    assert row.forum == "default"


def test_rotated_second_secret_is_accepted(client):
    response = send(client, post_payload(), secret="rotated-discourse-secret")
    assert response.status_code == 200


def test_wrong_signature_is_401_and_stores_nothing(client, engine):
    response = send(client, post_payload(), secret="not-the-secret-at-all")
    assert response.status_code == 401
    assert "does not match" in response.get_json()["error"]
    assert rows(engine) == []


def test_missing_signature_is_401(client, engine):
    delivery = b.discourse(post_payload())
    del delivery.headers["X-Discourse-Event-Signature"]
    assert delivery.send(client).status_code == 401
    assert rows(engine) == []


def test_unconfigured_receiver_refuses_and_says_why(context):
    from webhooks.app import create_app

    context.settings = context.settings.with_(discourse_webhook_secret=())
    client = create_app(context=context).test_client()
    response = send(client, post_payload())
    assert response.status_code == 401
    assert "COOPBOT_DISCOURSE_WEBHOOK_SECRET" in response.get_json()["error"]
    token = {"Authorization": f"Bearer {HEALTH_TOKEN}"}
    health = client.get("/healthz", headers=token).get_json()
    assert "COOPBOT_DISCOURSE_WEBHOOK_SECRET" in health["receivers"]["discourse"]


def test_malformed_json_is_400_naming_the_problem(client, engine):
    response = send(client, b'{"post": {"id": 1,')
    assert response.status_code == 400
    assert "not valid JSON" in response.get_json()["error"]
    assert rows(engine) == []


def test_missing_key_field_is_400_naming_it(client):
    payload = post_payload()
    del payload["post"]["topic_id"]
    response = send(client, payload)
    assert response.status_code == 400
    assert "post.topic_id" in response.get_json()["error"]


def test_form_urlencoded_content_type_still_reads_the_json_body(client, engine):
    delivery = b.discourse(post_payload())
    delivery.headers["Content-Type"] = "application/x-www-form-urlencoded"
    assert delivery.send(client).status_code == 200
    assert len(rows(engine)) == 1


def test_oversized_body_is_413(client, engine, settings):
    body = b'{"post": {"raw": "' + b"x" * settings.max_body_bytes + b'"}}'
    assert send(client, body).status_code == 413
    assert rows(engine) == []


def test_ping_is_recorded_and_answered_202(client, engine):
    response = send(client, b.PING, event="ping", group="ping")
    assert response.status_code == 202
    [row] = rows(engine)
    assert row.status == InboxStatus.IGNORED and row.ignored_reason == "ping"


def test_unknown_event_is_recorded_as_ignored_202(client, engine):
    response = send(client, {"badge": {"id": 3}}, event="user_badge_granted", group="badge")
    assert response.status_code == 202
    assert rows(engine)[0].ignored_reason == "unhandled event type"


def test_private_message_keeps_no_content(client, engine):
    payload = post_payload(topic_archetype="private_message", raw="mon mot de passe est hunter2")
    response = send(client, payload)
    assert response.status_code == 202
    [row] = rows(engine)
    assert row.ignored_reason == "private message"
    assert row.raw_body is None and "hunter2" not in row.event


def test_whispers_staff_actions_and_own_posts_are_ignored(client, engine):
    cases = [
        ({"post_type": 4}, "whisper"),
        ({"post_type": 2}, "moderator action"),
        ({"post_type": 3}, "small action"),
        ({"username": "coopbot"}, "the bot's own post"),
    ]
    for number, (fields, reason) in enumerate(cases, start=1):
        response = send(client, post_payload(post_id=900 + number, **fields))
        assert response.status_code == 202, reason
        row = next(
            r for r in rows(engine) if r.semantic_key.startswith(f"post_created:post:90{number}")
        )
        assert row.ignored_reason == reason
        assert row.raw_body is None


def test_a_member_accepting_the_bot_s_reply_is_kept(client, engine):
    solved = {"solved": post_payload(post_id=950, post_number=2, username="coopbot")["post"]}
    delivery = b.discourse(solved, event="accepted_solution", group="solved")
    assert delivery.send(client).status_code == 200
    [row] = rows(engine)
    assert row.status == "pending" and '"username":"coopbot"' in row.event


def test_redelivery_with_same_event_id_is_a_duplicate(client, engine):
    delivery = b.discourse(post_payload(), delivery_id=77)
    assert delivery.send(client).status_code == 200
    second = delivery.send(client)
    assert second.status_code == 200 and second.get_json()["status"] == "duplicate"
    assert len(rows(engine)) == 1


def test_retry_with_new_event_id_is_deduplicated_on_the_payload(client, engine):
    assert send(client, post_payload(), delivery_id=1).status_code == 200
    assert send(client, post_payload(), delivery_id=2).get_json()["status"] == "duplicate"
    assert len(rows(engine)) == 1


def test_an_edit_is_a_new_event(client, engine):
    send(client, post_payload())
    edited = post_payload(version=2, raw="Bonjour, toujours une erreur 500.")
    assert send(client, edited, event="post_edited").get_json()["status"] == "accepted"
    assert len(rows(engine)) == 2


def test_email_addresses_are_not_stored(client, engine):
    payload = post_payload(raw="Écrivez-moi à camille.dupont@example.org svp")
    send(client, payload)
    [row] = rows(engine)
    assert "example.org" not in row.event
    assert b"camille.dupont@example.org" not in row.raw_body


def test_get_on_a_webhook_endpoint_is_405_not_404(client):
    assert client.get(URL).status_code == 405
