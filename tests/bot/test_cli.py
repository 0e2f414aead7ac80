"""The coopbot command: inbox commands in-process, `coopbot run` end to end."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time

import pytest
import requests

from bot.cli.main import main
from bot.store import inbox
from bot.store.db import make_engine
from tests.bot.test_inbox_worker import incoming
from tests.builders import DISCOURSE_SECRET, compact, discourse_headers, post_payload


@pytest.fixture
def env(monkeypatch, database_url):
    monkeypatch.setenv("COOPBOT_DATABASE_URL", database_url)


def test_inbox_list_show_retry(env, engine, capsys):
    inbox.record(engine, incoming(1), "default")
    [row] = inbox.list_rows(engine)
    assert main(["inbox", "list", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)[0]["kind"] == "post_created"
    assert main(["inbox", "show", str(row.id)]) == 0
    assert json.loads(capsys.readouterr().out)["event"]["raw"] == "Bonjour"
    assert main(["inbox", "retry", str(row.id)]) == 0
    assert main(["inbox", "retry", "--dead"]) == 0
    assert main(["inbox", "show", "999999"]) == 1


def test_invalid_setting_stops_with_one_line(monkeypatch, capsys):
    monkeypatch.setenv("COOPBOT_LANGUAGE", "de")
    assert main(["inbox", "list"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "COOPBOT_LANGUAGE" in err[0]


def test_config_check_masks_secrets(env, engine, monkeypatch, capsys):
    monkeypatch.setenv("COOPBOT_GITLAB_WEBHOOK_TOKEN", "a-very-secret-token")
    assert main(["config", "check"]) == 0
    out = capsys.readouterr().out
    assert "a-very-secret-token" not in out and "dry run" in out
    assert "COOPBOT_DISCOURSE_WEBHOOK_SECRET" in out


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.slow
def test_coopbot_run_takes_a_signed_delivery_and_the_worker_handles_it(tmp_path):
    url = f"sqlite:///{tmp_path / 'coopbot.db'}"
    port = free_port()
    environ = dict(
        os.environ,
        COOPBOT_DATABASE_URL=url,
        COOPBOT_WORKER_POLL_SECONDS="0.1",
        COOPBOT_DISCOURSE_WEBHOOK_SECRET=DISCOURSE_SECRET,
    )
    environ.pop("COOPBOT_TEST_DATABASE_URL", None)
    log = (tmp_path / "run.log").open("w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "bot.cli", "run", "--port", str(port)],
        env=environ,
        cwd=tmp_path,
        stderr=log,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        _wait_for(lambda: requests.get(f"{base}/healthz", timeout=1).status_code == 200)
        # The dry-run forum lists only Uncategorized; a post elsewhere would be scrubbed.
        body = compact(post_payload(category_id=1))
        response = requests.post(
            f"{base}/webhooks/discourse",
            data=body,
            timeout=5,
            headers=discourse_headers(body, "post_created", "post"),
        )
        assert response.status_code == 200
        engine = make_engine(url)
        _wait_for(lambda: inbox.list_rows(engine)[0].status == "done")
        assert requests.get(f"{base}/healthz", timeout=1).json()["worker"]["alive"] is True
        assert (tmp_path / "coopbot.db.secret").exists()
        engine.dispose()
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        log.close()


def _wait_for(check, timeout: float = 20.0) -> None:
    """Poll until check() is true (connection errors count as not yet)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if check():
                return
        except (requests.ConnectionError, IndexError):
            pass
        time.sleep(0.1)
    raise AssertionError("condition not met in time")


def test_config_check_calls_discourse_when_configured(
    env, engine, monkeypatch, capsys, fake_discourse
):
    monkeypatch.setenv("COOPBOT_DISCOURSE_URL", fake_discourse.url)
    monkeypatch.setenv("COOPBOT_DISCOURSE_API_USERNAME", fake_discourse.api_username)
    monkeypatch.setenv("COOPBOT_DISCOURSE_API_KEY", fake_discourse.api_key)
    assert main(["config", "check"]) == 0
    assert "reachable" in capsys.readouterr().out
    monkeypatch.setenv("COOPBOT_DISCOURSE_API_KEY", "wrong-key")
    assert main(["config", "check"]) == 1
    assert "answered with an error" in capsys.readouterr().out
