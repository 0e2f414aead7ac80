"""`coopbot demo` starts the bot with sample questions and a volunteer who can log in."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import requests

DEMO_TIMEOUT = 120


@pytest.fixture
def demo():
    """A running `coopbot demo` on a free port and what it printed up to the password."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("COOPBOT_")}
    process = subprocess.Popen(
        [sys.executable, "-m", "bot.cli", "demo", "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=env,
    )
    lines = []
    try:
        for line in process.stdout:
            lines.append(line.strip())
            if line.startswith("(temporary data"):
                break
        yield process, dict(re.findall(r"^(\w+): (\S+)$", "\n".join(lines), re.M)), lines
    finally:
        process.terminate()
        process.wait(timeout=DEMO_TIMEOUT)
        process.stdout.close()


@pytest.mark.slow
def test_demo_prints_a_login_that_opens_the_queue(demo):
    process, printed, lines = demo
    assert set(printed) >= {"triage", "user", "password"}, lines
    session = requests.Session()
    login = session.get(printed["triage"] + "login", timeout=10)
    token = re.search(r'name="csrf-token" content="([^"]+)"', login.text).group(1)
    form = {"username": printed["user"], "password": printed["password"], "csrf_token": token}
    entered = session.post(printed["triage"] + "login", data=form, timeout=10)
    assert entered.url == printed["triage"]
    folder = Path(re.search(r"data in (\S+);", lines[-1]).group(1))
    assert folder.exists()
    process.terminate()
    process.wait(timeout=DEMO_TIMEOUT)
    assert not folder.exists()
