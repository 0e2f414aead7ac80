"""Every real payload in ../shared passes verification and normalization."""

from __future__ import annotations

import json

import pytest

from bot.store import inbox
from tests import builders as b
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
    payload = json.loads(shared_path(f"fixtures/discourse/{name}.json").read_text())
    response = b.discourse(payload, name, group).send(client)
    assert response.status_code == status, response.get_json()
    assert len(inbox.list_rows(engine)) == 1


def test_user_payload_keeps_no_email(client, engine):
    body = shared_path("fixtures/discourse/user_updated.json").read_bytes()
    b.discourse(body, "user_updated", "user").send(client)
    row = inbox.list_rows(engine)[0]
    assert "@" not in row.event and b"@example" not in (row.raw_body or b"")


def test_zammad_payload(client, engine):
    body = shared_path("fixtures/ticketing/zammad_default_ticket_article.json").read_bytes()
    response = b.zammad(body).send(client)
    assert response.status_code == 200
    assert "chris@chrispresso.com" not in inbox.list_rows(engine)[0].raw_body.decode()


def test_gitlab_payload(client):
    body = shared_path("fixtures/ticketing/gitlab_issue_hook.json").read_bytes()
    assert b.gitlab(body).send(client).status_code == 200


@pytest.mark.parametrize(
    "name,sender",
    [
        ("uptime_kuma_webhook_down.RECONSTRUCTED.json", b.uptime_kuma),
        ("statuspage_incident_update.json", b.statuspage),
        ("statuspage_component_status_update.json", b.statuspage),
        ("cachet3_incident_updated.RECONSTRUCTED.json", b.cachet),
        ("cachet3_component_status_changed.RECONSTRUCTED.json", b.cachet),
    ],
)
def test_status_payloads(client, name, sender):
    body = shared_path(f"fixtures/status/{name}").read_bytes()
    response = sender(body).send(client)
    assert response.status_code == 200, response.get_json()
