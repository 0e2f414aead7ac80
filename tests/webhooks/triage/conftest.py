"""The triage page's fixtures: an app with DiscourseConnect against the fake Discourse, or
with local accounts, and a way to log in through each."""

from __future__ import annotations

import re

import pytest
import requests

from bot import worker
from bot.context import Context
from bot.demo import replay
from bot.kb import entries
from bot.triage import accounts
from knowledge.documents import load_markdown_folder
from tests.fakes.discourse_connect import CONNECT_SECRET
from webhooks.app import create_app

PASSWORD = "correct horse battery staple"


@pytest.fixture
def connect_settings(discourse_settings, fake_discourse):
    """Settings with DiscourseConnect on; the fake Discourse knows the same secret."""
    fake_discourse.connect_secret = CONNECT_SECRET
    fake_discourse.add_user("vera")
    fake_discourse.add_group("triage", ["vera"])
    return discourse_settings.with_(
        discourse_connect_secret=CONNECT_SECRET, triage_groups=("triage",)
    )


@pytest.fixture
def connect_client(connect_settings, engine, discourse_forum):
    """A test client of the page logging in through the fake Discourse, which the real
    adapter asks whether a logged-in volunteer is still in a triage group."""
    app = create_app(context=Context(connect_settings, engine, discourse_forum))
    client = app.test_client()
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def connect_answer(client, fake, username: str | None) -> str:
    """Start a login and return the path Discourse sends the browser back to."""
    fake.sso_user = username
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


def ask_questions(context, client) -> list[replay.Question]:
    """The demo's questions, seeded in the memory forum, delivered through the webhook
    endpoint and handled by the worker: pending suggestions, as in production."""
    with context.engine.begin() as conn:
        entries.upsert(conn, context.settings.forum_id, load_markdown_folder(replay.KB))
    questions = replay.seed(context.forum)
    secret = context.settings.discourse_webhook_secret[0]
    for n, q in enumerate(questions, start=1):
        body, headers = replay.signed(n, q, secret)
        assert client.post("/webhooks/discourse", data=body, headers=headers).status_code == 200
    worker.run(context, until_idle=True)
    return questions
