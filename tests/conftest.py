"""One fixture chain: database URL -> engine -> settings -> forum -> context -> app -> client;
beside it the fake Discourse and the settings (or environment) pointing at it."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from sqlalchemy import MetaData, text

from bot import restricted
from bot.context import Context, make_forum
from bot.forum.discourse import DiscourseForum
from bot.forum.memory import MemoryForum
from bot.settings import Settings
from bot.store.db import make_engine, upgrade
from tests.builders import HEALTH_TOKEN

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SECRETS = {
    "discourse_webhook_secret": ("discourse-secret-0123456789", "rotated-discourse-secret"),
    "zammad_webhook_secret": ("zammad-secret-0123456789",),
    "gitlab_webhook_token": ("gitlab-token-0123456789",),
    "cachet_webhook_secret": ("cachet-secret-0123456789",),
    "status_webhook_token": ("status-token-0123456789",),
}
DISCOURSE_SETTINGS = ("discourse_url", "discourse_api_username", "discourse_api_key")
FORUM_TIMEOUT = 0.5  # seconds; the fake answers in milliseconds unless told to sleep


def shared_path(*parts: str) -> Path:
    """A path in ../shared, skipping the test when the folder is absent."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is absent")
    return path


def wait_until(condition, timeout: float = 20.0) -> bool:
    """Poll until the condition holds; False when the time is up."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.005)
    return True


@pytest.fixture(scope="session")
def database_url(tmp_path_factory) -> str:
    """PostgreSQL when COOPBOT_TEST_DATABASE_URL is set, else a SQLite file."""
    url = os.environ.get("COOPBOT_TEST_DATABASE_URL")
    if url:
        _drop_everything(url)
        return url
    return f"sqlite:///{tmp_path_factory.mktemp('db') / 'coopbot.db'}"


def _drop_everything(url: str) -> None:
    """Start the session from an empty database so that migrations run from scratch."""
    engine = make_engine(url)
    meta = MetaData()
    meta.reflect(engine)
    meta.drop_all(engine)
    with engine.begin() as conn:
        conn.execute(text("DROP TABLE IF EXISTS alembic_version"))
    engine.dispose()


@pytest.fixture(scope="session")
def engine(database_url):
    """The migrated database, shared by the whole session."""
    upgrade(database_url)
    engine = make_engine(database_url)
    yield engine
    engine.dispose()


@pytest.fixture(autouse=True)
def clean_tables(request):
    """Empty every table after a test that used the database."""
    yield
    if "engine" in request.fixturenames:
        empty_tables(request.getfixturevalue("engine"))


def empty_tables(engine) -> None:
    """Delete every row but the schema's revision, and this process's copy of the restricted
    categories those rows held."""
    meta = MetaData()
    meta.reflect(engine)
    with engine.begin() as conn:
        for table in reversed(meta.sorted_tables):
            if table.name != "alembic_version":
                conn.execute(table.delete())
    restricted.forget_known()


@pytest.fixture
def lose_table(engine):
    """Rename tables away for one test, so that writes to them fail as on a broken database."""
    lost = []

    def lose(name: str) -> None:
        with engine.begin() as conn:
            conn.execute(text(f"ALTER TABLE {name} RENAME TO {name}_lost"))
        lost.append(name)

    yield lose
    with engine.begin() as conn:
        for name in lost:
            conn.execute(text(f"ALTER TABLE {name}_lost RENAME TO {name}"))


@pytest.fixture
def settings(database_url) -> Settings:
    """Settings with every receiver configured."""
    return Settings(
        database_url=database_url,
        secret_key="test-secret-key",
        health_token=HEALTH_TOKEN,
        **SECRETS,
    )


@pytest.fixture
def env(monkeypatch, database_url, tmp_path) -> pytest.MonkeyPatch:
    """The environment of a `coopbot` command run in-process: this session's database, from a
    scratch directory (on PostgreSQL the generated key file lands in the cwd); set more
    variables with the returned monkeypatch."""
    monkeypatch.setenv("COOPBOT_DATABASE_URL", database_url)
    monkeypatch.chdir(tmp_path)
    return monkeypatch


@pytest.fixture
def forum() -> MemoryForum:
    """The in-memory forum."""
    return MemoryForum()


@pytest.fixture
def context(settings, engine, forum) -> Context:
    """What the web app, worker and clock share."""
    return Context(settings, engine, forum)


@pytest.fixture
def app(context):
    """The Flask app under test."""
    from webhooks.app import create_app

    return create_app(context=context)


@pytest.fixture
def client(app):
    """Flask's test client."""
    return app.test_client()


@pytest.fixture(scope="session")
def discourse_server():
    """The fake Discourse, started once for the session."""
    from tests.fakes.discourse_server import FakeDiscourse

    server = FakeDiscourse().start()
    yield server
    server.stop()


@pytest.fixture
def fake_discourse(discourse_server):
    """The session's fake Discourse, emptied for this test."""
    discourse_server.reset()
    yield discourse_server
    discourse_server.reset()


@pytest.fixture
def discourse_settings(settings, fake_discourse) -> Settings:
    """Settings pointing at the fake Discourse."""
    return settings.with_(
        discourse_url=fake_discourse.url,
        discourse_api_username=fake_discourse.api_username,
        discourse_api_key=fake_discourse.api_key,
        discourse_timeout=FORUM_TIMEOUT,
    )


def discourse_variables(settings: Settings) -> dict[str, str]:
    """The COOPBOT_* variables that give another process (or a command) these Discourse settings."""
    return {f"COOPBOT_{name.upper()}": getattr(settings, name) for name in DISCOURSE_SETTINGS}


@pytest.fixture
def discourse_env(env, discourse_settings) -> pytest.MonkeyPatch:
    """The environment of a `coopbot` command that talks to the fake Discourse."""
    for name, value in discourse_variables(discourse_settings).items():
        env.setenv(name, value)
    return env


@pytest.fixture
def discourse_forum(discourse_settings):
    """The real pydiscourse adapter, pointed at the fake Discourse."""
    return make_forum(discourse_settings)


@pytest.fixture
def refused_forum(fake_discourse):
    """The real adapter with a key the fake Discourse refuses (403, as Discourse does); the
    categories are cached per client object, so a new one never finds a freed one's."""
    return DiscourseForum(fake_discourse.url, fake_discourse.api_username, "wrong-key", timeout=1)
