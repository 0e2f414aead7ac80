"""Fixtures of the forum tests: one fake Discourse per session, reset between tests."""

from __future__ import annotations

import pytest

from bot.forum.discourse import DiscourseForum
from bot.forum.memory import MemoryForum
from tests.fakes.discourse_server import FakeDiscourse

TIMEOUT = 0.5  # seconds; the fake answers in milliseconds unless told to sleep


@pytest.fixture(scope="session")
def discourse_server():
    """The fake Discourse, started once for the session."""
    server = FakeDiscourse().start()
    yield server
    server.stop()


@pytest.fixture
def fake_discourse(discourse_server) -> FakeDiscourse:
    """The session's fake Discourse, emptied for this test."""
    discourse_server.reset()
    yield discourse_server
    discourse_server.reset()


@pytest.fixture
def discourse_forum(fake_discourse) -> DiscourseForum:
    """The real adapter, pointed at the fake Discourse."""
    return DiscourseForum(
        fake_discourse.url, fake_discourse.api_username, fake_discourse.api_key, timeout=TIMEOUT
    )


@pytest.fixture(params=["memory", "discourse"])
def forum_pair(request):
    """(client, seeder): a forum client and the object that seeds its data."""
    if request.param == "memory":
        memory = MemoryForum()
        return memory, memory
    fake = request.getfixturevalue("fake_discourse")
    return request.getfixturevalue("discourse_forum"), fake
