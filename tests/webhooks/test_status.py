"""POST /webhooks/status/*."""

from __future__ import annotations

import json

from bot.store import inbox
from tests import builders as b


def test_uptime_kuma_down_is_an_incident(client, engine):
    assert b.uptime_kuma(b.kuma_payload()).send(client).status_code == 200
    event = json.loads(inbox.list_rows(engine)[0].event)
    assert (event["status"], event["title"]) == ("investigating", "Webmail")


def test_uptime_kuma_test_message_is_202(client):
    assert b.uptime_kuma(b.KUMA_TEST).send(client).status_code == 202


def test_status_token_is_required(client, engine):
    assert b.uptime_kuma(b.kuma_payload(), token="wrong").send(client).status_code == 401
    assert b.statuspage(b"{}", token=None).send(client).status_code == 401
    assert inbox.list_rows(engine) == []


def test_cachet_signature(client):
    payload = b.cachet_payload()
    assert b.cachet(payload, secret="wrong-secret").send(client).status_code == 401
    assert b.cachet(payload).send(client).status_code == 200
    assert b.cachet(payload).send(client).get_json()["status"] == "duplicate"


def test_statuspage_component_update(client, engine):
    response = b.statuspage(b.statuspage_component_payload()).send(client)
    assert response.status_code == 200
    assert json.loads(inbox.list_rows(engine)[0].event)["status"] == "investigating"


def test_statuspage_without_component_or_incident_is_400(client):
    assert b.statuspage(b"{}").send(client).status_code == 400
