"""Slow clients against the documented gunicorn command: deliveries are still answered at once."""

from __future__ import annotations

import select
import shlex
import signal
import socket
import subprocess
import sys
import threading
import time

import pytest
import requests

from bot.store.db import upgrade
from tests.builders import DISCOURSE_SECRET, compact, discourse_headers, post_payload
from tests.conftest import ROOT
from webhooks.gunicorn_worker import REQUEST_SECONDS

SLOW_CLIENTS = 12  # three times the threads of the documented configuration
TRICKLE_SECONDS = 0.5
PROMPT_SECONDS = 2.0
pytestmark = pytest.mark.slow


def procfile_web(port: int) -> list[str]:
    """The Procfile's web command, bound to 127.0.0.1:port and run by this Python."""
    line = next(
        line for line in (ROOT / "Procfile").read_text().splitlines() if line.startswith("web:")
    )
    command = line.removeprefix("web:").replace("${PORT:-8000}", str(port))
    args = shlex.split(command.replace("0.0.0.0", "127.0.0.1"))
    assert args[0] == "gunicorn"
    return [sys.executable, "-m", "gunicorn", *args[1:]]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def port(tmp_path_factory):
    """The documented web process on a fresh SQLite database; yields its port."""
    home = tmp_path_factory.mktemp("gunicorn")
    url = f"sqlite:///{home / 'coopbot.db'}"
    upgrade(url)
    port = free_port()
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(home),  # gunicorn's control socket goes there, not in the user's home
        "COOPBOT_DATABASE_URL": url,
        "COOPBOT_SECRET_KEY": "slow-clients-secret-key",
        "COOPBOT_DISCOURSE_WEBHOOK_SECRET": DISCOURSE_SECRET,
    }
    log = (home / "gunicorn.log").open("wb")
    proc = subprocess.Popen(procfile_web(port), env=env, cwd=ROOT, stdout=log, stderr=log)
    try:
        _wait_until_serving(proc, port)
        yield port
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


def _wait_until_serving(proc, port: int) -> None:
    """Until a few answers in a row come at once: every worker has loaded the app."""
    quick = 0
    for _ in range(300):
        assert proc.poll() is None, "gunicorn exited"
        started = time.monotonic()
        try:
            requests.get(f"http://127.0.0.1:{port}/", timeout=10)
        except requests.ConnectionError:
            time.sleep(0.1)
            continue
        quick = quick + 1 if time.monotonic() - started < 0.2 else 0
        if quick == 6:
            return
    raise AssertionError("gunicorn did not serve")


def head(length: int, *extra: str) -> bytes:
    """The start of a delivery that announces a body of `length` bytes."""
    lines = ["POST /webhooks/discourse HTTP/1.1", "Host: x", f"Content-Length: {length}", *extra]
    return ("\r\n".join(lines) + "\r\n\r\n").encode()


def trickle(port: int, stop: threading.Event, cut_after: list[float]) -> None:
    """Announce a body, send it a byte at a time; note when the server cuts the connection."""
    started = time.monotonic()
    with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
        sock.sendall(head(100_000))
        for _ in range(2 * int((REQUEST_SECONDS + 5) / TRICKLE_SECONDS)):  # bounded
            if stop.wait(TRICKLE_SECONDS):
                return
            try:
                sock.sendall(b" ")
                readable, _, _ = select.select([sock], [], [], 0)
                answer = sock.recv(100) if readable else None
            except OSError:
                answer = b""
            if answer is not None:
                cut_after.append(time.monotonic() - started)
                return


def deliver(port: int, n: int) -> float:
    """Send one signed delivery; return how long its answer took."""
    body = compact(post_payload(post_id=n, topic_id=n))
    started = time.monotonic()
    response = requests.post(
        f"http://127.0.0.1:{port}/webhooks/discourse",
        data=body,
        headers=discourse_headers(body, "post_created", "post"),
        timeout=PROMPT_SECONDS * 3,
    )
    assert response.status_code == 200, response.text
    return time.monotonic() - started


def test_slow_bodies_neither_starve_deliveries_nor_stay_forever(port):
    stop, cut_after = threading.Event(), []
    slow = [
        threading.Thread(target=trickle, args=(port, stop, cut_after)) for _ in range(SLOW_CLIENTS)
    ]
    for thread in slow:
        thread.start()
    try:
        time.sleep(1.0)  # every slow client is connected and trickling
        times = [deliver(port, n) for n in range(1, 7)]
        for thread in slow:
            thread.join(timeout=REQUEST_SECONDS + 5)
    finally:
        stop.set()
    assert max(times) < PROMPT_SECONDS, times
    assert len(cut_after) == SLOW_CLIENTS
    assert all(REQUEST_SECONDS - 1 < t < REQUEST_SECONDS + 3 for t in cut_after), cut_after


def exchange(port: int, data: bytes, answers: int = 1) -> bytes:
    """Send raw bytes; read until `answers` final answers (or the connection ends)."""
    received = b""
    with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
        sock.sendall(data)
        while received.count(b'"status"') < answers:
            chunk = sock.recv(65536)
            if not chunk:
                break
            received += chunk
    return received


def test_an_announced_body_over_the_limit_is_413_at_once(port):
    answer = exchange(port, head(10 * 1024 * 1024))
    assert answer.startswith(b"HTTP/1.1 413")
    assert b"body larger than 1048576 bytes" in answer


def test_expect_100_continue_is_answered_before_the_body_comes(port):
    body = compact(post_payload(post_id=90, topic_id=90))
    headers = discourse_headers(body, "post_created", "post")
    fields = [f"{k}: {v}" for k, v in headers.items()]
    with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
        sock.sendall(head(len(body), "Expect: 100-continue", *fields))
        assert sock.recv(100).startswith(b"HTTP/1.1 100 Continue")
        sock.sendall(body)
        answer = b""
        while b'"status"' not in answer:  # gunicorn may send its own 100 Continue first
            answer += sock.recv(65536)
        assert b"HTTP/1.1 200" in answer


def test_pipelined_requests_are_each_answered(port):
    first, second = (compact(post_payload(post_id=n, topic_id=n)) for n in (91, 92))
    data = b""
    for body in (first, second):
        fields = [f"{k}: {v}" for k, v in discourse_headers(body, "post_created", "post").items()]
        data += head(len(body), *fields) + body
    answer = exchange(port, data, answers=2)
    assert answer.count(b"HTTP/1.1 200") == 2


def test_kept_alive_connections_serve_one_request_after_another(port):
    with requests.Session() as session:
        for n in range(93, 97):
            body = compact(post_payload(post_id=n, topic_id=n))
            headers = discourse_headers(body, "post_created", "post")
            url = f"http://127.0.0.1:{port}/webhooks/discourse"
            assert session.post(url, data=body, headers=headers, timeout=5).status_code == 200
