"""POST /webhooks/zammad and /webhooks/gitlab."""

from __future__ import annotations

import json

from bot.store import inbox
from tests import builders as b
from tests.builders import gitlab_payload, zammad_payload


def test_zammad_created_ticket(client, engine):
    response = b.zammad(zammad_payload()).send(client)
    assert response.status_code == 200
    [row] = inbox.list_rows(engine)
    event = json.loads(row.event)
    assert event["action"] == "created" and "first" in event["action_source"]
    assert row.delivery_id == "d-1"
    assert b"membre@example.org" not in row.raw_body


def test_zammad_actions_are_derived_from_the_payload(client, engine):
    cases = [
        (zammad_payload(article={}, updated="t2"), "updated"),
        (zammad_payload(state="closed", updated="t3"), "closed"),
        (
            zammad_payload(article={"id": 9, "body": "suite"}, article_ids=(7, 9), updated="t4"),
            "note",
        ),
    ]
    for n, (payload, _action) in enumerate(cases):
        assert b.zammad(payload, delivery_id=f"d-{n + 10}").send(client).status_code == 200
    actions = sorted(json.loads(r.event)["action"] for r in inbox.list_rows(engine))
    assert actions == ["closed", "note", "updated"]


def test_zammad_internal_note_text_never_enters(client, engine):
    article = {"id": 9, "body": "note interne: client difficile", "internal": True}
    b.zammad(zammad_payload(article=article, article_ids=(7, 9))).send(client)
    [row] = inbox.list_rows(engine)
    assert "difficile" not in row.event and row.raw_body is None
    assert json.loads(row.event)["ticket_id"] == 81


def test_zammad_bad_signature_and_redelivery(client):
    payload = zammad_payload()
    assert b.zammad(payload, secret="wrong-secret-wrong").send(client).status_code == 401
    assert b.zammad(payload).send(client).status_code == 200
    assert b.zammad(payload).send(client).get_json()["status"] == "duplicate"


def test_zammad_missing_ticket_is_400(client):
    response = b.zammad({"article": {}}).send(client)
    assert response.status_code == 400 and "ticket" in response.get_json()["error"]


def test_gitlab_issue_actions(client, engine):
    for n, action in enumerate(["open", "update", "close", "reopen"]):
        response = b.gitlab(gitlab_payload(action), delivery_id=f"u{n}").send(client)
        assert response.status_code == 200
    actions = sorted(json.loads(r.event)["action"] for r in inbox.list_rows(engine))
    assert actions == ["closed", "created", "reopened", "updated"]


def test_gitlab_wrong_token_is_401(client, engine):
    response = b.gitlab(gitlab_payload(), token="nope").send(client)
    assert response.status_code == 401 and inbox.list_rows(engine) == []


def test_gitlab_confidential_issue_keeps_no_text(client, engine):
    b.gitlab(gitlab_payload(confidential=True)).send(client)
    [row] = inbox.list_rows(engine)
    assert "Roundcube" not in row.event and "Panne" not in row.event and row.raw_body is None
    event = json.loads(row.event)
    assert (event["ticket_id"], event["number"], event["action"]) == (301, "23", "created")


def test_gitlab_other_hooks_are_202(client):
    response = b.gitlab({"object_kind": "push"}).send(client)
    assert response.status_code == 202
