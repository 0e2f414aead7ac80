"""HTTP around every receiver: methods, trailing slashes, bodies without a Content-Length."""

from __future__ import annotations

import threading

import pytest
import requests
from werkzeug.serving import make_server

from bot.store import inbox
from tests.builders import compact, discourse_headers, post_payload
from webhooks.app import create_app
from webhooks.receivers import RECEIVERS

PATHS = [r.path for r in RECEIVERS]


@pytest.mark.parametrize("path", PATHS)
def test_a_trailing_slash_reaches_the_receiver(client, path):
    answer = client.post(path + "/", data=b"{}")
    assert answer.status_code in (400, 401)  # the receiver's own answer, never 404


@pytest.mark.parametrize("path", PATHS)
def test_other_methods_are_405_naming_post(client, path):
    answer = client.get(path)
    assert answer.status_code == 405 and "POST" in answer.headers["Allow"].split(", ")
    assert answer.get_json()["status"] == 405


@pytest.fixture
def served(context):
    """The app behind werkzeug's threaded server, which accepts chunked bodies."""
    context.settings = context.settings.with_(max_body_bytes=2000)
    server = make_server("127.0.0.1", 0, create_app(context=context), threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}/webhooks/discourse"
    server.shutdown()
    server.server_close()


def _post_chunked(url: str, body: bytes) -> requests.Response:
    """Send the body with Transfer-Encoding: chunked, as some proxies and senders do."""
    headers = discourse_headers(body, "post_created", "post")
    return requests.post(url, data=iter([body]), headers=headers, timeout=5)


def test_a_chunked_body_under_the_limit_is_accepted(served, engine):
    answer = _post_chunked(served, compact(post_payload()))
    assert answer.status_code == 200 and len(inbox.list_rows(engine)) == 1


def test_a_chunked_body_over_the_limit_is_413_not_401(served, engine):
    body = compact(post_payload(raw="x" * 2500))
    answer = _post_chunked(served, body)
    assert answer.status_code == 413 and "2000 bytes" in answer.json()["error"]
    assert inbox.list_rows(engine) == []
