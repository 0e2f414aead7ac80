"""The status senders' ?token= never reaches an access log: coopbot web's nor gunicorn's."""

from __future__ import annotations

import os
import shlex
import socket
import subprocess
import sys
import threading
import time

import pytest
import requests
from werkzeug.serving import make_server

from bot.store.db import upgrade
from tests.bot.test_cli import _wait_for, free_port
from tests.conftest import ROOT
from webhooks.access_log import RedactingRequestHandler, redact_secret_parameters

TOKEN = "status-token-never-logged-0123"
KUMA_TEST = {"heartbeat": None, "monitor": None, "msg": "Test"}


def serve(command: list[str], tmp_path, port: int, log_name: str) -> str:
    """Start a server, send Uptime Kuma's test message with the token, return its log."""
    url = f"sqlite:///{tmp_path / 'coopbot.db'}"
    upgrade(url)
    env = dict(os.environ, COOPBOT_DATABASE_URL=url, COOPBOT_STATUS_WEBHOOK_TOKEN=TOKEN)
    env["HOME"] = str(tmp_path)  # gunicorn's control socket goes there, not in the user's home
    env.pop("COOPBOT_TEST_DATABASE_URL", None)
    log_path = tmp_path / log_name
    with (tmp_path / "stderr.log").open("w") as stderr:
        proc = subprocess.Popen(command, env=env, cwd=ROOT, stderr=stderr)
    try:
        base = f"http://127.0.0.1:{port}"
        # Up once it answers (503: no worker runs beside it); a gunicorn worker still loading
        # the app holds the first connection for a while.
        _wait_for(lambda: requests.get(f"{base}/healthz", timeout=10).status_code in (200, 503))
        for token in (TOKEN, f"{TOKEN}-wrong"):
            response = requests.post(
                f"{base}/webhooks/status/uptime-kuma?x=1&token={token}", json=KUMA_TEST, timeout=5
            )
            assert response.status_code in (202, 401)
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    return log_path.read_text() + (tmp_path / "stderr.log").read_text()


@pytest.mark.slow
def test_coopbot_web_logs_requests_without_the_token(tmp_path):
    port = free_port()
    command = [sys.executable, "-m", "bot.cli", "web", "--port", str(port)]
    log = serve(command, tmp_path, port, "stderr.log")
    assert "/webhooks/status/uptime-kuma?x=1&token=*** " in log
    assert TOKEN not in log
    assert "\x1b[" not in log  # no terminal colours in a log file


@pytest.mark.slow
def test_gunicorn_of_the_procfile_logs_access_without_the_token(tmp_path):
    web = next(line for line in (ROOT / "Procfile").read_text().splitlines() if line[:4] == "web:")
    port = free_port()
    argv = shlex.split(web.removeprefix("web:").replace("${PORT:-8000}", str(port)))
    assert argv[0] == "gunicorn"
    access_log = tmp_path / "access.log"
    command = [sys.executable, "-m", *argv, "--workers", "1", "--access-logfile", str(access_log)]
    log = serve(command, tmp_path, port, "access.log")
    assert "/webhooks/status/uptime-kuma?x=1&token=*** " in log
    assert TOKEN not in log


@pytest.mark.parametrize(
    "line,shown",
    [
        ('"POST /s?token=abc HTTP/1.1" 401', '"POST /s?token=*** HTTP/1.1" 401'),
        ("/s?a=1&%74oken=abc&b=2", "/s?a=1&%74oken=***&b=2"),  # the app decodes the name
        ("/s?api_key=abc;password=x y", "/s?api_key=***;password=*** y"),
        ("/s?a=1&b=token", "/s?a=1&b=token"),
        ("no query at all", "no query at all"),
    ],
)
def test_secret_parameters_are_masked(line, shown):
    assert redact_secret_parameters(line) == shown


def test_masking_is_linear_on_hostile_lines():
    import time

    for line in ("?" * 100_000, "?token" * 20_000 + "=", "&a=" * 30_000, "?" + "x" * 100_000):
        started = time.perf_counter()
        redact_secret_parameters(line)
        assert time.perf_counter() - started < 0.5


def test_the_embedded_server_drops_a_client_that_stays_silent(monkeypatch):
    monkeypatch.setattr(RedactingRequestHandler, "timeout", 0.5)  # 10 s in production
    server = make_server("127.0.0.1", 0, lambda *_: [], threaded=True,
                         request_handler=RedactingRequestHandler)  # fmt: skip
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        with socket.create_connection(("127.0.0.1", server.server_port), timeout=5) as client:
            client.sendall(b"POST /webhooks/discourse HTTP/1.1\r\n")  # then nothing more
            started = time.monotonic()
            assert client.recv(1024) == b""  # closed by the server
            assert time.monotonic() - started < 3
    finally:
        server.shutdown()
