"""Every real payload in ../shared passes verification and normalization."""

from __future__ import annotations

import json

import pytest

from bot.store import inbox
from tests.builders import (
    STATUS_TOKEN,
    cachet_headers,
    compact,
    discourse_headers,
    gitlab_headers,
    zammad_headers,
)
from tests.conftest import shared_path
from webhooks.receivers.signatures import verify_discourse

DISCOURSE = {
    "post_created": ("post", 200),
    "post_edited": ("post", 200),
    "topic_created": ("topic", 200),
    "accepted_solution": ("solved", 200),
    "unaccepted_solution": ("solved", 200),
    "user_updated": ("user", 200),
    "ping": ("ping", 202),
}


def test_discourse_signature_test_vector():
    vector = json.loads(shared_path("fixtures/discourse/signature_test_vector.json").read_text())
    header = vector["expected_headers"]["X-Discourse-Event-Signature"]
    verify_discourse((vector["secret"],), vector["raw_body"].encode(), header)


@pytest.mark.parametrize("name", sorted(DISCOURSE))
def test_discourse_payloads(client, engine, name):
    group, status = DISCOURSE[name]
    body = compact(json.loads(shared_path(f"fixtures/discourse/{name}.json").read_text()))
    response = client.post(
        "/webhooks/discourse", data=body, headers=discourse_headers(body, name, group)
    )
    assert response.status_code == status, response.get_json()
    assert len(inbox.list_rows(engine)) == 1


def test_user_payload_keeps_no_email(client, engine):
    body = shared_path("fixtures/discourse/user_updated.json").read_bytes()
    client.post(
        "/webhooks/discourse", data=body, headers=discourse_headers(body, "user_updated", "user")
    )
    row = inbox.list_rows(engine)[0]
    assert "@" not in row.event and b"@example" not in (row.raw_body or b"")


def test_zammad_payload(client, engine):
    body = shared_path("fixtures/ticketing/zammad_default_ticket_article.json").read_bytes()
    response = client.post("/webhooks/zammad", data=body, headers=zammad_headers(body))
    assert response.status_code == 200
    assert "chris@chrispresso.com" not in inbox.list_rows(engine)[0].raw_body.decode()


def test_gitlab_payload(client):
    body = shared_path("fixtures/ticketing/gitlab_issue_hook.json").read_bytes()
    assert client.post("/webhooks/gitlab", data=body, headers=gitlab_headers()).status_code == 200


@pytest.mark.parametrize(
    "name,endpoint",
    [
        ("uptime_kuma_webhook_down.RECONSTRUCTED.json", "uptime-kuma"),
        ("statuspage_incident_update.json", "statuspage"),
        ("statuspage_component_status_update.json", "statuspage"),
        ("cachet3_incident_updated.RECONSTRUCTED.json", "cachet"),
        ("cachet3_component_status_changed.RECONSTRUCTED.json", "cachet"),
    ],
)
def test_status_payloads(client, name, endpoint):
    body = shared_path(f"fixtures/status/{name}").read_bytes()
    if endpoint == "cachet":
        response = client.post("/webhooks/status/cachet", data=body, headers=cachet_headers(body))
    else:
        url = f"/webhooks/status/{endpoint}?token={STATUS_TOKEN}"
        response = client.post(url, data=body)
    assert response.status_code == 200, response.get_json()
