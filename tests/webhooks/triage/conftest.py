"""The triage page's fixtures: an app with DiscourseConnect against the fake Discourse, or
with local accounts, and a way to log in through each."""

from __future__ import annotations

import re

import pytest
import requests

from bot.context import Context
from bot.forum.memory import MemoryForum
from bot.triage import accounts
from webhooks.app import create_app

CONNECT_SECRET = "connect-secret-0123456789"
PASSWORD = "correct horse battery staple"


@pytest.fixture
def connect_settings(discourse_settings, fake_discourse):
    """Settings with DiscourseConnect on; the fake knows the same secret for 127.0.0.1."""
    fake_discourse.enable_connect_provider("127.0.0.1", CONNECT_SECRET)
    fake_discourse.add_user("vera")
    fake_discourse.add_group("triage", ["vera"])
    return discourse_settings.with_(
        discourse_connect_secret=CONNECT_SECRET, triage_groups=("triage",)
    )


@pytest.fixture
def connect_client(connect_settings, engine):
    """A test client of the page logging in through the fake Discourse."""
    app = create_app(context=Context(connect_settings, engine, MemoryForum()))
    client = app.test_client()
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def connect_answer(client, fake, username: str | None) -> str:
    """Start a login and return the path Discourse sends the browser back to."""
    fake.log_in_browser(username)
    start = client.get("/triage/login/discourse")
    assert start.status_code == 302
    back = requests.get(start.location, allow_redirects=False, timeout=5)
    assert back.status_code == 302, back.text
    return re.sub(r"^https?://[^/]+", "", back.headers["Location"])


def connect_login(client, fake, username: str):
    """Log in through DiscourseConnect; return the answer to the return URL."""
    return client.get(connect_answer(client, fake, username))


@pytest.fixture
def volunteer(engine, settings) -> str:
    """A local account."""
    accounts.add(engine, settings.forum_id, "lea", PASSWORD)
    return "lea"


def csrf_token(client, path: str = "/triage/login") -> str:
    """The CSRF token a page's forms carry."""
    page = client.get(path).get_data(as_text=True)
    return re.search(r'<meta name="csrf-token" content="([^"]+)"', page).group(1)


def local_login(client, name: str = "lea", password: str = PASSWORD):
    """Post the local login form."""
    token = csrf_token(client)
    return client.post(
        "/triage/login", data={"username": name, "password": password, "csrf_token": token}
    )
