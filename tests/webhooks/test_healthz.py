"""GET /healthz: a cheap public status for load balancers, the details behind a token."""

from __future__ import annotations

import pytest
from sqlalchemy import update

from bot.store import inbox
from bot.store.models.queues import InboxEvent
from tests.bot.test_health import beat
from tests.bot.test_inbox_worker import incoming
from tests.builders import HEALTH_TOKEN
from tests.webhooks.test_failures import down_client  # noqa: F401  (a fixture)


def test_the_public_answer_is_the_status_alone(client, engine):
    beat(engine)
    response = client.get("/healthz")
    assert (response.status_code, response.get_json()) == (200, {"status": "ok"})


@pytest.mark.usefixtures("engine")
def test_no_worker_is_503_for_load_balancers(client):
    response = client.get("/healthz")
    assert (response.status_code, response.get_json()) == (503, {"status": "unhealthy"})


def test_a_database_down_is_503(down_client):  # noqa: F811
    response = down_client.get("/healthz")
    assert (response.status_code, response.get_json()) == (503, {"status": "unhealthy"})


def test_the_public_answer_comes_from_a_short_cache(client, engine):
    beat(engine)
    assert client.get("/healthz").get_json()["status"] == "ok"
    inbox.record(engine, incoming(1), "default")
    with engine.begin() as conn:
        conn.execute(update(InboxEvent.__table__).values(status="dead"))
    assert client.get("/healthz").get_json()["status"] == "ok"  # recomputed a few seconds later
    details = client.get("/healthz", headers={"Authorization": f"Bearer {HEALTH_TOKEN}"})
    assert details.get_json()["status"] == "degraded"  # the details are always fresh


@pytest.mark.parametrize(
    "request_kwargs",
    [
        {"headers": {"Authorization": f"Bearer {HEALTH_TOKEN}"}},
        {"query_string": {"token": HEALTH_TOKEN}},
    ],
)
def test_the_token_shows_the_details(client, engine, request_kwargs):
    beat(engine)
    report = client.get("/healthz", **request_kwargs).get_json()
    assert report["status"] == "ok" and report["worker"]["who"] == "host:1"
    assert report["inbox"]["oldest_pending_seconds"] == 0
    assert report["receivers"]["discourse"] == "configured"


@pytest.mark.parametrize(
    "request_kwargs",
    [
        {"headers": {"Authorization": "Bearer not-the-health-token"}},
        {"headers": {"Authorization": f"Basic {HEALTH_TOKEN}"}},
        {"query_string": {"token": HEALTH_TOKEN[:-1]}},
    ],
)
def test_a_wrong_token_is_401_and_shows_nothing(client, engine, request_kwargs):
    beat(engine)
    response = client.get("/healthz", **request_kwargs)
    assert response.status_code == 401
    assert set(response.get_json()) == {"error", "status"}


@pytest.mark.usefixtures("engine")
def test_without_a_health_token_set_the_details_are_off(context):
    from webhooks.app import create_app

    context.settings = context.settings.with_(health_token="")
    client = create_app(context=context).test_client()
    response = client.get("/healthz", query_string={"token": ""})
    assert response.status_code == 401
    assert "COOPBOT_HEALTH_TOKEN" in response.get_json()["error"]
