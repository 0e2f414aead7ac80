"""POST /webhooks/zammad and /webhooks/gitlab."""

from __future__ import annotations

import json

from bot.store import inbox
from tests.builders import compact, gitlab_headers, zammad_headers


def zammad_payload(article=None, state="open", article_ids=(7,), updated="2026-11-20T10:00:00Z"):
    ticket = {
        "id": 81,
        "number": "10081",
        "title": "Plus de mails depuis ce matin",
        "state": state,
        "article_ids": list(article_ids),
        "article_count": len(article_ids),
        "created_at": "2026-11-20T09:00:00Z",
        "updated_at": updated,
        "customer": {"email": "membre@example.org"},
    }
    if article is None:
        article = {
            "id": 7,
            "body": "Je ne reçois plus rien.",
            "internal": False,
            "from": "Membre <membre@example.org>",
        }
    return {"ticket": ticket, "article": article}


def test_zammad_created_ticket(client, engine):
    body = compact(zammad_payload())
    response = client.post("/webhooks/zammad", data=body, headers=zammad_headers(body))
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
        body = compact(payload)
        headers = zammad_headers(body, delivery=f"d-{n + 10}")
        assert client.post("/webhooks/zammad", data=body, headers=headers).status_code == 200
    actions = sorted(json.loads(r.event)["action"] for r in inbox.list_rows(engine))
    assert actions == ["closed", "note", "updated"]


def test_zammad_internal_note_text_never_enters(client, engine):
    article = {"id": 9, "body": "note interne: client difficile", "internal": True}
    body = compact(zammad_payload(article=article, article_ids=(7, 9)))
    client.post("/webhooks/zammad", data=body, headers=zammad_headers(body))
    [row] = inbox.list_rows(engine)
    assert "difficile" not in row.event and row.raw_body is None
    assert json.loads(row.event)["ticket_id"] == 81


def test_zammad_bad_signature_and_redelivery(client, engine):
    body = compact(zammad_payload())
    bad = zammad_headers(body, secret="wrong-secret-wrong")
    assert client.post("/webhooks/zammad", data=body, headers=bad).status_code == 401
    assert (
        client.post("/webhooks/zammad", data=body, headers=zammad_headers(body)).status_code == 200
    )
    again = client.post("/webhooks/zammad", data=body, headers=zammad_headers(body))
    assert again.get_json()["status"] == "duplicate"


def test_zammad_missing_ticket_is_400(client):
    body = compact({"article": {}})
    response = client.post("/webhooks/zammad", data=body, headers=zammad_headers(body))
    assert response.status_code == 400 and "ticket" in response.get_json()["error"]


def gitlab_payload(action="open", confidential=False):
    return {
        "object_kind": "issue",
        "event_type": "issue",
        "user": {"username": "root", "email": "admin@example.com"},
        "object_attributes": {
            "id": 301,
            "iid": 23,
            "title": "Panne webmail",
            "description": "Roundcube affiche une erreur",
            "state": "opened",
            "action": action,
            "confidential": confidential,
            "updated_at": f"2026-11-20 10:00:00 UTC {action}",
            "url": "https://git.example.coop/x/issues/23",
        },
        "labels": [{"title": "webmail"}],
    }


def test_gitlab_issue_actions(client, engine):
    for n, action in enumerate(["open", "update", "close", "reopen"]):
        body = compact(gitlab_payload(action))
        response = client.post("/webhooks/gitlab", data=body, headers=gitlab_headers(uuid=f"u{n}"))
        assert response.status_code == 200
    actions = sorted(json.loads(r.event)["action"] for r in inbox.list_rows(engine))
    assert actions == ["closed", "created", "reopened", "updated"]


def test_gitlab_wrong_token_is_401(client, engine):
    body = compact(gitlab_payload())
    response = client.post("/webhooks/gitlab", data=body, headers=gitlab_headers(token="nope"))
    assert response.status_code == 401 and inbox.list_rows(engine) == []


def test_gitlab_confidential_issue_keeps_no_text(client, engine):
    body = compact(gitlab_payload(confidential=True))
    client.post("/webhooks/gitlab", data=body, headers=gitlab_headers())
    [row] = inbox.list_rows(engine)
    assert "Roundcube" not in row.event and "Panne" not in row.event and row.raw_body is None
    event = json.loads(row.event)
    assert (event["ticket_id"], event["number"], event["action"]) == (301, "23", "created")


def test_gitlab_other_hooks_are_202(client, engine):
    body = compact({"object_kind": "push"})
    response = client.post("/webhooks/gitlab", data=body, headers=gitlab_headers())
    assert response.status_code == 202
