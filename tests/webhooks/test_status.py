"""POST /webhooks/status/*."""

from __future__ import annotations

import json

from bot.store import inbox
from tests.builders import STATUS_TOKEN, cachet_headers, compact

KUMA = {
    "heartbeat": {"monitorID": 3, "status": 0, "time": "2026-11-20 10:00:00.000", "msg": "timeout"},
    "monitor": {"id": 3, "name": "Webmail", "url": "https://webmail.example.coop"},
    "msg": "[Webmail] [Down] timeout",
}


def kuma(client, payload, token=STATUS_TOKEN):
    return client.post(
        f"/webhooks/status/uptime-kuma?token={token}",
        data=compact(payload),
        headers={"Content-Type": "application/json"},
    )


def test_uptime_kuma_down_is_an_incident(client, engine):
    assert kuma(client, KUMA).status_code == 200
    event = json.loads(inbox.list_rows(engine)[0].event)
    assert (event["status"], event["title"]) == ("investigating", "Webmail")


def test_uptime_kuma_test_message_is_202(client):
    response = kuma(client, {"heartbeat": None, "monitor": None, "msg": "Test"})
    assert response.status_code == 202


def test_status_token_is_required(client, engine):
    assert kuma(client, KUMA, token="wrong").status_code == 401
    response = client.post("/webhooks/status/statuspage", data=b"{}")
    assert response.status_code == 401
    assert inbox.list_rows(engine) == []


def test_cachet_signature(client, engine):
    body = compact(
        {
            "id": "abc",
            "event": "incident_created",
            "created_at": "t",
            "data": {"id": 4, "name": "Mail lent", "status": 1, "updated_at": "t1"},
        }
    )
    url = "/webhooks/status/cachet"
    assert (
        client.post(url, data=body, headers=cachet_headers(body, "wrong-secret")).status_code == 401
    )
    assert client.post(url, data=body, headers=cachet_headers(body)).status_code == 200
    assert (
        client.post(url, data=body, headers=cachet_headers(body)).get_json()["status"]
        == "duplicate"
    )


def test_statuspage_component_update(client, engine):
    payload = {
        "component": {"id": "c1", "name": "Nextcloud", "status": "major_outage", "updated_at": "t"},
        "component_update": {"id": "u1", "new_status": "major_outage"},
    }
    response = client.post(
        f"/webhooks/status/statuspage?token={STATUS_TOKEN}", data=compact(payload)
    )
    assert response.status_code == 200
    assert json.loads(inbox.list_rows(engine)[0].event)["status"] == "investigating"


def test_statuspage_without_component_or_incident_is_400(client):
    response = client.post(f"/webhooks/status/statuspage?token={STATUS_TOKEN}", data=b"{}")
    assert response.status_code == 400
