"""Answers when the database is down or something unexpected breaks."""

from __future__ import annotations

import pytest

from bot.context import Context
from bot.forum.memory import MemoryForum
from bot.store.db import make_engine
from tests import builders as b
from tests.builders import HEALTH_TOKEN
from webhooks.app import create_app

HEALTH = {"Authorization": f"Bearer {HEALTH_TOKEN}"}
DOWN_URL = "postgresql+psycopg://postgres@127.0.0.1:1/nothing?connect_timeout=1"


@pytest.fixture
def down_client(settings):
    """An app whose database refuses connections."""
    context = Context(settings.with_(database_url=DOWN_URL), make_engine(DOWN_URL), MemoryForum())
    return create_app(context=context).test_client()


def test_database_down_answers_503_with_retry_after(down_client):
    response = b.discourse(b.post_payload()).send(down_client)
    assert response.status_code == 503
    assert response.headers["Retry-After"]
    assert "database" in response.get_json()["error"]


def test_healthz_is_503_when_the_database_is_down(down_client):
    response = down_client.get("/healthz", headers=HEALTH)
    assert response.status_code == 503
    assert response.get_json()["database"] == "unreachable"


def test_unmigrated_database_answers_503_not_500(settings, tmp_path):
    url = f"sqlite:///{tmp_path / 'empty.db'}"
    context = Context(settings.with_(database_url=url), make_engine(url), MemoryForum())
    client = create_app(context=context).test_client()
    assert b.discourse(b.post_payload()).send(client).status_code == 503
    assert client.get("/healthz").status_code == 503


def test_unexpected_error_is_logged_with_delivery_id_and_answered_503(app, caplog):
    @app.post("/boom")
    def boom():
        raise RuntimeError("unexpected")

    response = app.test_client().post("/boom", headers={"X-Discourse-Event-Id": "4242"})
    assert response.status_code == 503
    assert "4242" in caplog.text


def test_healthz_reports_backlog_and_worker(client):
    report = client.get("/healthz", headers=HEALTH).get_json()
    assert report["database"] == "ok"
    assert report["inbox"]["oldest_pending_seconds"] == 0
    assert report["worker"]["alive"] is False
