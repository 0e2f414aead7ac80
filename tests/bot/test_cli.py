"""The coopbot command: inbox commands in-process, `coopbot run` end to end."""

from __future__ import annotations

import json
import logging
import os
import socket
import subprocess
import sys
import time

import pytest
import requests
from sqlalchemy import update

from bot.cli.main import main
from bot.clock import utcnow
from bot.store import inbox
from bot.store.db import make_engine, open_engine, upgrade
from bot.store.models.queues import InboxEvent
from tests import builders as b
from tests.bot.test_health import beat
from tests.bot.test_inbox_worker import incoming


@pytest.mark.usefixtures("env")
def test_inbox_list_show_retry(engine, capsys):
    inbox.record(engine, incoming(1), "default")
    [row] = inbox.list_rows(engine)
    assert main(["inbox", "list", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)[0]["kind"] == "post_created"
    assert main(["inbox", "show", str(row.id)]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["event"]["raw"] == "Bonjour"
    assert shown["claimed_by"] is None and shown["forum_unavailable_since"] is None
    assert main(["inbox", "retry", str(row.id)]) == 0
    assert main(["inbox", "retry", "--dead"]) == 0
    assert main(["inbox", "show", "999999"]) == 1


def test_invalid_setting_stops_with_one_line(monkeypatch, capsys):
    monkeypatch.setenv("COOPBOT_LANGUAGE", "de")
    assert main(["inbox", "list"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "COOPBOT_LANGUAGE" in err[0]


@pytest.mark.usefixtures("env")
def test_config_check_masks_secrets(engine, monkeypatch, capsys):
    beat(engine)
    monkeypatch.setenv("COOPBOT_GITLAB_WEBHOOK_TOKEN", "a-very-secret-token")
    monkeypatch.setenv("COOPBOT_HEALTH_TOKEN", "a-secret-health-token")
    assert main(["config", "check"]) == 0
    out = capsys.readouterr().out
    assert "a-very-secret-token" not in out and "a-secret-health-token" not in out
    assert "dry run" in out and "COOPBOT_DISCOURSE_WEBHOOK_SECRET" in out


@pytest.mark.usefixtures("env")
def test_config_check_shows_every_detail_and_fails_when_not_ok(engine, capsys):
    assert main(["config", "check"]) == 1  # no worker has ever beaten
    assert "worker down" in capsys.readouterr().out
    beat(engine)
    inbox.record(engine, incoming(1), "default")
    with engine.begin() as conn:
        conn.execute(update(InboxEvent.__table__).values(status="dead"))
    assert main(["config", "check"]) == 1
    out = capsys.readouterr().out
    assert '"status": "degraded"' in out and "1 dead inbox event" in out
    assert "host:1" in out and "oldest_pending_seconds" in out


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
        COOPBOT_DISCOURSE_WEBHOOK_SECRET=b.DISCOURSE_SECRET,
        COOPBOT_SUPPORT_CATEGORIES="support",
        COOPBOT_HEALTH_TOKEN=b.HEALTH_TOKEN,
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
        delivery = b.discourse(b.post_payload(category_id=5, category_slug="support"))
        response = requests.post(
            base + delivery.path, data=delivery.body, headers=delivery.headers, timeout=5
        )
        assert response.status_code == 200
        engine = make_engine(url)
        _wait_for(lambda: inbox.list_rows(engine)[0].status == "done")
        token = {"Authorization": f"Bearer {b.HEALTH_TOKEN}"}
        report = requests.get(f"{base}/healthz", headers=token, timeout=1).json()
        assert report["worker"]["alive"] is True
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


def test_config_check_calls_discourse_when_configured(discourse_env, engine, capsys):
    beat(engine)
    assert main(["config", "check"]) == 0
    assert "reachable" in capsys.readouterr().out
    discourse_env.setenv("COOPBOT_DISCOURSE_API_KEY", "wrong-key")
    assert main(["config", "check"]) == 1
    assert "answered with an error" in capsys.readouterr().out


def test_a_listing_cut_short_by_its_reader_ends_without_a_traceback(tmp_path):
    url = f"sqlite:///{tmp_path / 'coopbot.db'}"
    upgrade(url)
    with open_engine(url) as engine:
        for n in range(0, 3000, 500):
            records = [incoming(i) for i in range(n, n + 500)]
            with engine.begin() as conn:
                conn.execute(inbox.T.insert(), [_row(r) for r in records])
    environ = dict(os.environ, COOPBOT_DATABASE_URL=url)
    command = [sys.executable, "-m", "bot.cli", "inbox", "list", "--limit", "3000"]
    proc = subprocess.Popen(command, env=environ, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout.readline()  # as `| head -1` does: read a line, then stop reading
    proc.stdout.close()
    err = proc.stderr.read().decode()
    proc.stderr.close()
    assert proc.wait(timeout=30) != 0
    assert "Traceback" not in err and "BrokenPipeError" not in err, err


def _row(record) -> dict:
    """An inbox row, written directly: thousands of them, quickly."""
    now = utcnow()
    return {
        "forum": "default",
        "source": record.source,
        "kind": record.kind,
        "semantic_key": record.semantic_key,
        "event": record.event.to_json(),
        "status": "pending",
        "received_at": now,
        "next_attempt_at": now,
    }


def test_a_relative_sqlite_file_is_named_by_its_absolute_path(
    tmp_path, monkeypatch, capsys, caplog
):
    caplog.set_level(logging.INFO, "coopbot")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("COOPBOT_DATABASE_URL", "sqlite:///coopbot.db")
    assert main(["db", "upgrade"]) == 0
    assert main(["worker", "--until-idle"]) == 0
    assert f"database: SQLite file {tmp_path / 'coopbot.db'}" in caplog.text
    assert main(["config", "check"]) == 0
    assert f"Database: SQLite file {tmp_path / 'coopbot.db'}" in capsys.readouterr().out
